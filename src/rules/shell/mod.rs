//! Rules on the shell inside content (docs/service-rules.md §10): what makes an unattended build
//! wait, hang, leak or lose its channel. Image Builder runs each `RUN` and each `commandContent`
//! through Cloud Assistant, as root, with no terminal and no input.
//!
//! The texts come from `syntax::shell` (with their maps into the content); each is parsed once
//! here, and every rule reads the simple commands of the parse. `ICL504` (credentials) and
//! `ICL505` (downloads) also read the commands around the shell (`ENV`, `LABEL`, `COPY`, YAML
//! properties, `WebDownload`).

pub mod cd;
pub mod credential;
pub mod download;
pub mod package;
pub mod reboot;
pub mod remote_script;
pub mod rm_variable;
pub mod sudo;
pub mod terminal;

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::source::Span;
use crate::syntax::content::ContentModel;
use crate::syntax::powershell;
use crate::syntax::shell::{self, Language, Script, ShellText, SimpleCommand, Word};

/// A parsed shell text.
pub struct Shell<'a> {
    /// The content the text is in.
    pub content: &'a str,
    pub text: &'a ShellText,
    pub script: Script,
}

impl Shell<'_> {
    /// A finding at a span of the shell text, in the content's bytes.
    fn finding(&self, rule: &'static Rule, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(rule, self.text.to_content(span), message)
    }

    /// Where the content offset right after `word` is, when the word is plain (its value as
    /// written: no quote, escape, expansion or `{{ }}` reference) and written in the content
    /// byte for byte (no line continuation or YAML escape inside it): where a fix may insert
    /// text after it.
    fn end_of_plain(&self, word: &Word) -> Option<usize> {
        let raw = self.text.text.get(word.span.range())?;
        let plain = word.value.as_deref() == Some(raw)
            && !raw.is_empty()
            && !self.text.touches_reference(word.span);
        let span = self.text.to_content(word.span);
        (plain && self.content.get(span.range()) == Some(raw)).then_some(span.end)
    }
}

/// Checks the shell and PowerShell texts of the content (`texts`, from `syntax::shell::texts`),
/// and the credentials and downloads outside them.
pub fn check(
    content: &str,
    model: &ContentModel<'_>,
    texts: &[ShellText],
    out: &mut Vec<Diagnostic>,
) {
    let mut credentials = Vec::new();
    let mut downloads = Vec::new();
    credential::check_content(content, model, &mut credentials);
    download::check_content(model, &mut downloads);
    for text in texts {
        match text.language {
            Language::Shell if text.is_bourne_shell() && worth_parsing(&text.text) => {
                let shell = Shell {
                    content,
                    text,
                    script: shell::parse(text),
                };
                package::check(&shell, out);
                sudo::check(&shell, out);
                remote_script::check(&shell, out);
                credential::check_shell(&shell, &mut credentials);
                download::check_shell(&shell, &mut downloads);
                reboot::check(&shell, out);
                terminal::check(&shell, out);
                cd::check(&shell, out);
                rm_variable::check(&shell, out);
            }
            Language::Shell => {}
            Language::PowerShell => {
                let tokens = powershell::tokens(&text.text);
                credential::check_powershell(text, &tokens, &mut credentials);
                reboot::check_powershell(text, &tokens, out);
                download::check_powershell(text, &tokens, &mut downloads);
            }
        }
    }
    out.extend(credential::one_per_place(credentials));
    out.extend(download::first(downloads));
}

/// Whether any rule could fire on a text: it names a program a rule looks for, or assigns to a
/// name that looks like a secret's. Most texts of a repository name one (`yum`, `curl`), but
/// those that do not (`mkdir`, `echo`, `chmod`) are not parsed: parsing is most of what the
/// shell rules cost.
fn worth_parsing(text: &str) -> bool {
    let names = ProgramNames::get();
    // Split on the bytes: a name is ASCII, and every byte of a wider character separates.
    let is_word_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_';
    let names_a_program = text.as_bytes().split(|b| !is_word_byte(b)).any(|word| {
        names.contains(word)
            && (!rm_variable::WORDS.iter().any(|rm| rm.as_bytes() == word)
                || rm_variable::may_fire(text))
    });
    names_a_program || (text.contains('=') && credential::may_name_a_secret(text))
}

/// The programs the rules other than `package` look for, each rule's list (the downloads are
/// `remote_script`'s and `download`'s).
const PROGRAM_LISTS: [&[&str]; 6] = [
    sudo::WORDS,
    DOWNLOADERS,
    reboot::WORDS,
    terminal::WORDS,
    cd::WORDS,
    rm_variable::WORDS,
];

/// The programs the rules look for, built once: a word is looked up, not compared with each
/// list in turn, and most words are told apart by their first byte and length alone.
struct ProgramNames {
    set: HashSet<&'static [u8], foldhash::fast::FixedState>,
    /// The first bytes of the names.
    first: [bool; 256],
    /// Bit `n`: a name has `n` bytes (names are shorter than 64).
    lengths: u64,
}

impl ProgramNames {
    fn get() -> &'static ProgramNames {
        static NAMES: OnceLock<ProgramNames> = OnceLock::new();
        NAMES.get_or_init(|| {
            let mut names = ProgramNames {
                set: HashSet::default(),
                first: [false; 256],
                lengths: 0,
            };
            let all = package::programs().chain(PROGRAM_LISTS.into_iter().flatten().copied());
            for name in all.map(str::as_bytes) {
                assert!(
                    (1..64).contains(&name.len()),
                    "a program name of 1 to 63 bytes"
                );
                names.first[usize::from(name[0])] = true;
                names.lengths |= 1 << name.len();
                names.set.insert(name);
            }
            names
        })
    }

    fn contains(&self, word: &[u8]) -> bool {
        word.first().is_some_and(|&b| self.first[usize::from(b)])
            && word.len() < 64
            && self.lengths & (1 << word.len()) != 0
            && self.set.contains(word)
    }
}

/// A command with the programs that only run it stripped: `sudo`, `env`, `nohup`, `nice`,
/// `time`, `command`, `exec`, `timeout`, `stdbuf`, with their options.
pub struct Effective<'a> {
    pub command: &'a SimpleCommand,
    /// The words from the program run on (`words[0]` is its name).
    pub words: &'a [Word],
    /// `sudo` stood before it.
    pub sudo: bool,
}

impl<'a> Effective<'a> {
    pub fn of(command: &'a SimpleCommand) -> Self {
        let mut words = command.words.as_slice();
        let mut sudo = false;
        while let Some(first) = words.first() {
            let Some(program) = first.value.as_deref().map(basename) else {
                break;
            };
            // Options of the wrapper that take a value as the next word.
            let with_value: &[&str] = match program {
                "sudo" => &["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"],
                "env" => &["-u", "-C", "-S"],
                "nice" => &["-n"],
                "timeout" => &["-s", "-k", "--signal", "--kill-after"],
                "stdbuf" => &["-i", "-o", "-e"],
                "nohup" | "time" | "command" | "exec" => &[],
                _ => break,
            };
            sudo |= program == "sudo";
            let mut i = 1;
            while let Some(word) = words.get(i) {
                let Some(value) = word.value.as_deref() else {
                    break;
                };
                if value == "--" {
                    i += 1;
                    break;
                }
                if with_value.contains(&value) {
                    i += 2;
                } else if value.starts_with('-')
                    || (program == "env" && value.contains('=') && !value.starts_with('='))
                {
                    i += 1;
                } else {
                    break;
                }
            }
            // `timeout DURATION command`.
            if program == "timeout" {
                i += 1;
            }
            words = words.get(i..).unwrap_or_default();
        }
        Effective {
            command,
            words,
            sudo,
        }
    }

    /// The program's name without its directory, when known.
    pub fn program(&self) -> Option<&'a str> {
        self.words.first()?.value.as_deref().map(basename)
    }

    pub fn arguments(&self) -> &'a [Word] {
        self.words.get(1..).unwrap_or_default()
    }

    /// From the program's name to the end of its last argument: where a fix of its arguments
    /// goes.
    pub fn span(&self) -> Span {
        match (self.words.first(), self.words.last()) {
            (Some(first), Some(last)) => first.span.cover(last.span),
            _ => self.command.span,
        }
    }

    /// Whether an argument's value is unknown and may be an option (`$OPTS`, `{{ flags }}`):
    /// it may hold any option.
    pub fn has_unknown_argument(&self) -> bool {
        self.arguments().iter().any(|w| w.may_be_option)
    }

    /// Whether an option is given: a long option among `long`, or a short option letter among
    /// `short`, alone or combined (`-yq`). `short_with_value` are the letters that take a value,
    /// which ends a combined group.
    pub fn has_option(&self, short: &[char], long: &[&str], short_with_value: &[char]) -> bool {
        for word in self.arguments() {
            let Some(value) = word.value.as_deref() else {
                continue;
            };
            if value == "--" {
                break;
            }
            if let Some(name) = value.strip_prefix("--") {
                let name = name.split('=').next().unwrap_or(name);
                if long.iter().any(|l| l.trim_start_matches('-') == name) {
                    return true;
                }
            } else if let Some(letters) = value.strip_prefix('-') {
                for letter in letters.chars() {
                    if short.contains(&letter) {
                        return true;
                    }
                    if short_with_value.contains(&letter) || !letter.is_ascii_alphanumeric() {
                        break;
                    }
                }
            }
        }
        false
    }

    /// The first argument that is not an option (nor the value of one of `with_value`).
    pub fn operand(&self, with_value: &[&str]) -> Option<&'a Word> {
        let mut arguments = self.arguments().iter();
        while let Some(word) = arguments.next() {
            let value = word.value.as_deref()?;
            if value == "--" {
                return arguments.next();
            }
            if with_value.contains(&value) {
                arguments.next();
            } else if !value.starts_with('-') || value == "-" {
                return Some(word);
            }
        }
        None
    }

    /// Its standard input comes from a pipe or a redirection.
    pub fn has_input(&self) -> bool {
        self.command.stdin_redirected || self.command.pipeline.is_some_and(|(_, i)| i > 0)
    }
}

fn basename(name: &str) -> &str {
    memchr::memrchr(b'/', name.as_bytes()).map_or(name, |slash| &name[slash + 1..])
}

/// iclint's codes that ShellCheck reports too, with ShellCheck's code: when ShellCheck runs, its
/// finding at the same place as iclint's is left out.
pub const SHELLCHECK_TWINS: &[(&str, &str)] = &[("ICL508", "SC2164"), ("ICL509", "SC2115")];

/// The shells a script can be piped into.
pub const SHELLS: &[&str] = &["sh", "bash", "zsh", "dash", "ksh", "ash", "mksh"];

/// The programs that download a URL.
pub const DOWNLOADERS: &[&str] = &["curl", "wget"];

#[cfg(test)]
mod tests {
    use super::*;

    /// `worth_parsing` as a word-by-word reading says it.
    fn names_a_program_word_by_word(text: &str) -> bool {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .any(|word| {
                let named = package::programs().any(|p| p == word)
                    || PROGRAM_LISTS.iter().any(|list| list.contains(&word));
                named && (!rm_variable::WORDS.contains(&word) || rm_variable::may_fire(text))
            })
    }

    #[test]
    fn worth_parsing_finds_whole_names_only() {
        let texts = [
            "apt-get install -y nginx",
            "xapt-get install",
            "apt-getx install",
            "aptitude install x",
            "apt install x",
            "echo pseudo sudoers",
            "mkdir -p /a && sudo ls",
            "rm -rf /tmp/x",
            "rm -rf $DIR/x",
            "firm $X",
            "é sudo é",
            "ésudo",
            "curl_x wget-y",
            "x=curl",
            "/usr/bin/wget",
            "cd/x",
            "",
            "reboot",
            "add-apt-repository ppa:x",
            "add-apt-repositoryx",
        ];
        for text in texts {
            assert_eq!(
                worth_parsing(text),
                names_a_program_word_by_word(text),
                "{text}"
            );
        }
        assert!(worth_parsing("sudo"));
        assert!(!worth_parsing("echo pseudo"));
    }
}

//! The shell text inside content (`docs/architecture.md`, "The shell inside content"): where it
//! is (`RUN`, shell-form `CMD` and `ENTRYPOINT`, `RunShellCommand`'s `commandContent`), with a
//! map back into the content, and what it says, parsed by tree-sitter's bash grammar into simple
//! commands whose words keep their spans.
//!
//! A `{{ name }}` reference is an opaque word: before parsing it is replaced by as many `_` as it
//! has bytes, so every offset stays where it was, and a word that holds one has no literal value.
//! Text that does not parse is no finding of iclint's: the commands tree-sitter could not place
//! are left out, and the rest is read.

use crate::source::{MappedText, OffsetMap, Span};
use crate::syntax::content::ContentModel;
use crate::syntax::words::find_twice;

mod plain;
mod tree;

/// Shell texts longer than this are not parsed (content holds 16 KB at most; a file may hold 8
/// MiB, and such a file is a finding already).
const MAX_PARSED_BYTES: usize = 1024 * 1024;

/// Where a shell text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `RUN`, shell-form `CMD` or `ENTRYPOINT`, with the keyword's span in the content.
    Command(Span),
    /// A `commandContent` property of a task.
    Task,
}

/// What language a text is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// `RUN`, `CMD`, `ENTRYPOINT`, `RunShellCommand`: a POSIX shell, or what its shebang names.
    Shell,
    /// `RunPowerShellCommand`.
    PowerShell,
}

/// One shell (or PowerShell) text of the content.
#[derive(Debug, Clone)]
pub struct ShellText {
    /// The text as the shell sees it (continuations joined, YAML escapes and folding applied),
    /// with every `{{ name }}` reference replaced by as many `_` as it has bytes.
    pub text: String,
    /// From `text` into the content.
    pub map: OffsetMap,
    /// From the content into the file, for content inline in a manifest.
    pub outer: Option<OffsetMap>,
    /// The references replaced, in `text`.
    pub references: Vec<Span>,
    pub origin: Origin,
    pub language: Language,
}

impl ShellText {
    fn new(mapped: MappedText, origin: Origin, language: Language) -> Self {
        let MappedText { mut text, map } = mapped;
        let references = references(&text);
        if !references.is_empty() {
            let mut bytes = std::mem::take(&mut text).into_bytes();
            for span in &references {
                bytes[span.range()].fill(b'_');
            }
            // Only ASCII bytes (`{`, `}`, blanks and name characters) were replaced.
            text = String::from_utf8(bytes).unwrap_or_default();
        }
        ShellText {
            text,
            map,
            outer: None,
            references,
            origin,
            language,
        }
    }

    /// The interpreter its shebang names (`bash` for `#!/usr/bin/env bash`), if it has one.
    pub fn shebang(&self) -> Option<&str> {
        let line = self.text.trim_start_matches([' ', '\t', '\n', '\r']);
        let line = line.strip_prefix("#!")?.lines().next().unwrap_or("");
        let mut words = line.split_whitespace();
        let program = words.next()?.rsplit('/').next().unwrap_or("");
        if program == "env" {
            return words.find(|w| !w.starts_with('-'));
        }
        Some(program)
    }

    /// Whether the text is for a shell iclint reads: no shebang, or one that names a shell of
    /// the Bourne family.
    pub fn is_bourne_shell(&self) -> bool {
        self.language == Language::Shell
            && self.shebang().is_none_or(|shell| {
                matches!(
                    shell,
                    "sh" | "bash" | "dash" | "ksh" | "mksh" | "ash" | "zsh" | "busybox"
                )
            })
    }

    /// Whether a span of the text touches a `{{ }}` reference.
    pub fn touches_reference(&self, span: Span) -> bool {
        self.references
            .iter()
            .any(|r| r.start < span.end && span.start < r.end)
    }

    /// The content span of a span of the text.
    pub fn to_content(&self, span: Span) -> Span {
        self.map.span(span)
    }

    /// The span in the file (the manifest, for inline content) of a span of the text.
    pub fn to_file(&self, span: Span) -> Span {
        let span = self.map.span(span);
        self.outer.as_ref().map_or(span, |outer| outer.span(span))
    }

    /// The text of content that stands inline in a file, `map` leading from the content into
    /// the file. The text keeps only the part of `map` that its own map leads into: a content
    /// of many commands does not copy the whole map for each.
    pub fn within(self, map: &OffsetMap) -> Self {
        let (low, high) = self.map.origin_range(self.text.len());
        ShellText {
            outer: Some(map.restricted_to(low, high)),
            ..self
        }
    }
}

/// The `{{ ... }}` references of a text (a `{{` and the next `}}` on the same line).
fn references(text: &str) -> Vec<Span> {
    let mut found = Vec::new();
    let mut from = 0;
    let bytes = text.as_bytes();
    while let Some(open) = find_twice(&bytes[from..], b'{').map(|i| from + i) {
        let line_end = memchr::memchr(b'\n', &bytes[open..]).map_or(text.len(), |i| open + i);
        match find_twice(&bytes[open + 2..line_end], b'}') {
            Some(close) => {
                let end = open + 2 + close + 2;
                found.push(Span::new(open, end));
                from = end;
            }
            None => from = open + 2,
        }
    }
    found
}

/// The shell and PowerShell texts of parsed content (`content` is the text it was parsed from):
/// shell-form `RUN`, `CMD` and `ENTRYPOINT` of the Dockerfile format; the `commandContent` of
/// each `RunShellCommand` and `RunPowerShellCommand` task of the YAML format. In content order.
pub fn texts(content: &str, model: &ContentModel<'_>) -> Vec<ShellText> {
    use crate::catalog::Keyword;
    let mut found = Vec::new();
    match model {
        ContentModel::Dockerfile(script) => {
            for command in &script.commands {
                let is_shell = matches!(
                    command.known,
                    Some(Keyword::Run | Keyword::Cmd | Keyword::Entrypoint)
                );
                let argument = &command.argument;
                if is_shell
                    && command.has_argument()
                    && !argument.text.trim_start().starts_with('[')
                {
                    found.push(ShellText::new(
                        argument.clone(),
                        Origin::Command(command.keyword_span),
                        Language::Shell,
                    ));
                }
            }
        }
        ContentModel::Yaml(yaml) => {
            for script in yaml.tasks().iter().filter_map(|task| task.script) {
                found.push(ShellText::new(
                    script.scalar.mapped(content),
                    Origin::Task,
                    script.language,
                ));
            }
        }
    }
    found
}

/// A word of a simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// In the shell text.
    pub span: Span,
    /// Its value after quote removal, when it is known without running anything: no expansion,
    /// substitution or `{{ }}` reference in it.
    pub value: Option<String>,
    /// Its value is unknown and may start with `-`: it starts with an expansion, a substitution
    /// or a `{{ }}` reference (`$OPTS`, `"$@"`, `{{ flags }}`; not `nginx-{{ version }}`).
    pub may_be_option: bool,
}

impl Word {
    /// The word at `span` of `text`; `literal` gives its value when it holds no `{{ }}`
    /// reference. Both readers make their words here.
    fn in_text(text: &ShellText, span: Span, literal: impl FnOnce() -> Option<String>) -> Word {
        let value = if text.touches_reference(span) {
            None
        } else {
            literal()
        };
        let raw = text.text.get(span.range()).unwrap_or("");
        let may_be_option = value.is_none()
            && (raw.trim_start_matches('"').starts_with(['$', '`'])
                || text.references.iter().any(|r| r.start == span.start));
        Word {
            span,
            value,
            may_be_option,
        }
    }

    pub fn is(&self, value: &str) -> bool {
        self.value.as_deref() == Some(value)
    }
}

/// `NAME=value`, before a command, alone, or after `export`, `readonly`, `declare`, `local`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub name_span: Span,
    /// The value as written (empty at the `=` for `NAME=`).
    pub value: Word,
}

/// The command substitution or process substitution a command runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Within {
    /// The command whose word holds the substitution (an index into [`Script::commands`]).
    pub command: usize,
    pub kind: Substitution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Substitution {
    /// `$(...)` or `` `...` ``.
    Command,
    /// `<(...)` or `>(...)`.
    Process,
}

/// A simple command: its words (the command name first), in the shell text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleCommand {
    pub span: Span,
    pub words: Vec<Word>,
    /// Assignments before the command name (`DEBIAN_FRONTEND=noninteractive apt-get ...`).
    pub prefix: Vec<Assignment>,
    /// `(pipeline, position)` when the command is an element of a pipeline.
    pub pipeline: Option<(usize, usize)>,
    pub within: Option<Within>,
    /// Its standard input comes from a redirection (`<`, `<<`, `<<<`).
    pub stdin_redirected: bool,
    /// Its exit status goes unseen: it is followed by `;` or a line break (not by `&&` or
    /// `||`), and is not the last command of its block.
    pub status_unseen: bool,
}

impl SimpleCommand {
    /// The command name's value, without its directory (`/usr/bin/sudo` is `sudo`).
    pub fn program(&self) -> Option<&str> {
        let name = self.words.first()?.value.as_deref()?;
        Some(name.rsplit('/').next().unwrap_or(name))
    }

    pub fn arguments(&self) -> &[Word] {
        self.words.get(1..).unwrap_or_default()
    }
}

/// What a shell text says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    /// Every simple command, in the order tree-sitter's tree holds them (a command before the
    /// commands in its words' substitutions).
    pub commands: Vec<SimpleCommand>,
    /// Every assignment, wherever it stands.
    pub assignments: Vec<Assignment>,
    /// The text parsed without a syntax error.
    pub complete: bool,
}

/// Parses a shell text (already with its references made opaque). Never fails: what does not
/// parse is left out. A plain text (`plain`: simple commands, lists and pipelines of plain words)
/// is read directly; any other goes through tree-sitter's bash grammar (`tree`), which reads the
/// plain ones the same way (a test holds them to it) at several times the cost.
pub fn parse(text: &ShellText) -> Script {
    if text.text.len() > MAX_PARSED_BYTES {
        return Script::default();
    }
    plain::parse(text).unwrap_or_else(|| tree::parse(text))
}

/// A task's shell text, for tests: `text` as it stands.
#[cfg(test)]
fn shell(text: &str) -> ShellText {
    let mut mapped = MappedText::default();
    mapped.push_from(text, 0);
    ShellText::new(mapped, Origin::Task, Language::Shell)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(command: &SimpleCommand) -> Vec<Option<&str>> {
        command.words.iter().map(|w| w.value.as_deref()).collect()
    }

    /// A property test's input on which the grammar's scanner crashed (`isdigit` of a code
    /// point beyond 255), and characters of every width after what a scanner reads digits for.
    #[test]
    fn characters_beyond_ascii_do_not_crash_the_parser() {
        let found = "{\u{d5629}EXPOSEcurl\u{c23bc}apt-get install\\ \tLABEL=ENTRYPOINTCOMPONENTx_COPY\\\"EXPOSERun\"\"ENTRYPOINT\\ `)workdir";
        parse(&shell(found));
        for prefix in [
            "",
            "echo 1",
            "a 2>",
            "cat <<",
            "$((1",
            "${x:1",
            "[[ 1 -eq 1",
            "x=1.",
        ] {
            for c in ['\u{100}', 'é', '\u{ffff}', '😀', '\u{10ffff}'] {
                let script = parse(&shell(&format!("{prefix}{c}1{c} && echo {c}")));
                // Values are read from the text as written.
                if let Some(echo) = script.commands.last() {
                    assert!(echo.words.iter().all(|w| w.value.as_deref() != Some("x")));
                }
            }
        }
    }

    #[test]
    fn commands_anywhere_with_their_words() {
        let script = parse(&shell(
            "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -yq 'a b' \"c\"d\nif true; then sudo reboot; fi",
        ));
        assert!(script.complete);
        let programs: Vec<_> = script.commands.iter().map(|c| c.program()).collect();
        assert_eq!(
            programs,
            [Some("apt-get"), Some("apt-get"), Some("true"), Some("sudo")]
        );
        assert_eq!(
            values(&script.commands[1]),
            [
                Some("apt-get"),
                Some("install"),
                Some("-yq"),
                Some("a b"),
                Some("cd")
            ]
        );
        assert_eq!(script.commands[1].prefix[0].name, "DEBIAN_FRONTEND");
    }

    #[test]
    fn pipelines_and_substitutions() {
        let script = parse(&shell(
            "curl -s https://x | sudo bash\nsh -c \"$(wget -O- https://y)\"\nbash <(curl https://z)",
        ));
        let c = &script.commands;
        assert_eq!(c[0].pipeline, Some((0, 0)));
        assert_eq!(c[1].pipeline, Some((0, 1)));
        assert_eq!(c[2].program(), Some("sh"));
        assert_eq!(c[2].words[2].value, None);
        assert_eq!(
            c[3].within,
            Some(Within {
                command: 2,
                kind: Substitution::Command
            })
        );
        assert_eq!(
            c[5].within,
            Some(Within {
                command: 4,
                kind: Substitution::Process
            })
        );
    }

    #[test]
    fn references_are_opaque_words() {
        let text = shell("yum install -y nginx-{{ version }} {{ flags }}");
        assert_eq!(text.text, "yum install -y nginx-_____________ ___________");
        let script = parse(&text);
        assert!(script.complete);
        assert_eq!(script.commands[0].words[3].value, None);
        assert_eq!(script.commands[0].words.len(), 5);
    }

    #[test]
    fn broken_text_is_read_where_it_parses() {
        let script = parse(&shell("echo 'unterminated\n"));
        assert!(!script.complete);
        for text in ["", "(((((", "$(", "case", "<<EOF", "\\"] {
            parse(&shell(text));
        }
        let deep = "(".repeat(5000) + &")".repeat(5000);
        parse(&shell(&deep));
    }

    #[test]
    fn heredoc_bodies_and_comments_are_not_commands() {
        let script = parse(&shell("cat <<EOF > /x\nsudo reboot\nEOF\n# sudo reboot\n"));
        assert_eq!(script.commands.len(), 1);
        assert!(script.commands[0].stdin_redirected);
    }

    #[test]
    fn unseen_statuses() {
        let script = parse(&shell(
            "cd /a; make\ncd /b && make\nmkdir x && cd x; ls\nif cd /c; then :; fi\ncd /d || exit 1\ncd /e",
        ));
        let unseen: Vec<_> = script
            .commands
            .iter()
            .filter(|c| c.program() == Some("cd"))
            .map(|c| c.status_unseen)
            .collect();
        assert_eq!(unseen, [true, false, true, false, false, false]);
    }

    #[test]
    fn shebangs() {
        assert_eq!(shell("#!/usr/bin/env bash\nls").shebang(), Some("bash"));
        assert_eq!(shell("#!/bin/sh -e\nls").shebang(), Some("sh"));
        assert!(!shell("#!/usr/bin/python3\nprint()").is_bourne_shell());
        assert!(shell("ls").is_bourne_shell());
    }
}

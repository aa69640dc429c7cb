//! ShellCheck at the edge (`docs/architecture.md`, "The shell inside content"): the pure core
//! hands over each file's shell texts with their maps; this module runs `shellcheck` on them,
//! once per file and shell dialect, and reports its findings as `SC####` at their place in the
//! file.
//!
//! The texts of one file go to one process, each wrapped in a subshell `( ... )` (each `RUN` and
//! each task runs in a shell of its own, and a subshell keeps its variables to itself), with its
//! leading comments before the `(` so that a `# shellcheck disable=` at the top of a text covers
//! the whole text, as it would in a script of its own. A file with one text sends it as it is.
//! Should ShellCheck not parse the joined script, each text is checked alone, so that one broken
//! text does not hide the findings of the others.

use crate::config::{Config, Program};
use crate::diagnostic::Diagnostic;
use crate::rule::{Origin, Rule, SHELLCHECK_WIKI, Severity};
use crate::source::Span;
use crate::syntax::shell::ShellText;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{LazyLock, Mutex};

/// The shells ShellCheck knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dialect {
    Sh,
    Bash,
    Dash,
    Ksh,
}

impl Dialect {
    pub fn parse(name: &str) -> Option<Dialect> {
        match name {
            "sh" | "ash" | "busybox" => Some(Dialect::Sh),
            "bash" => Some(Dialect::Bash),
            "dash" => Some(Dialect::Dash),
            "ksh" | "mksh" => Some(Dialect::Ksh),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Dialect::Sh => "sh",
            Dialect::Bash => "bash",
            Dialect::Dash => "dash",
            Dialect::Ksh => "ksh",
        }
    }
}

/// A `shellcheck` program to run, and the shell of texts without a shebang.
#[derive(Debug, Clone)]
pub struct ShellCheck {
    pub program: PathBuf,
    pub shell: Dialect,
}

impl ShellCheck {
    /// The ShellCheck a run uses, as `--shellcheck` says (`arg`): `never`, a program's path,
    /// or `auto`: the configuration's `shellcheck`, else the one on `PATH` if there is one.
    pub fn resolve(arg: &str, config: &Config) -> Result<Option<ShellCheck>, String> {
        let shell = config
            .shellcheck
            .shell
            .as_deref()
            .and_then(Dialect::parse)
            .unwrap_or(Dialect::Sh);
        match arg {
            "never" => Ok(None),
            "auto" => match &config.shellcheck.program {
                Some(Program::Never) => Ok(None),
                Some(Program::At(path)) => ShellCheck::at(path, shell).map(Some),
                None => Ok(ShellCheck::on_path(shell)),
            },
            path => ShellCheck::at(Path::new(path), shell).map(Some),
        }
    }

    /// `shellcheck` on `PATH`, if there is one.
    pub fn on_path(shell: Dialect) -> Option<ShellCheck> {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|dir| dir.join("shellcheck"))
            .find(|candidate| is_program(candidate))
            .map(|program| ShellCheck { program, shell })
    }

    /// The program at `program` (a path, or a name looked up on `PATH`), or why it cannot run.
    pub fn at(program: &Path, shell: Dialect) -> Result<ShellCheck, String> {
        let found = if program.components().count() > 1 {
            is_program(program).then(|| program.to_path_buf())
        } else {
            std::env::var_os("PATH").and_then(|path| {
                std::env::split_paths(&path)
                    .map(|dir| dir.join(program))
                    .find(|candidate| is_program(candidate))
            })
        };
        match found {
            Some(program) => Ok(ShellCheck { program, shell }),
            None => Err(format!(
                "ShellCheck `{}` is not an executable file (give its path, or `never`)",
                program.display()
            )),
        }
    }

    /// ShellCheck's findings on the shell texts of one file, in that file's bytes. A text whose
    /// shebang names a shell ShellCheck does not know (or no shell) is not checked.
    pub fn check(&self, texts: &[ShellText]) -> Result<Vec<Diagnostic>, String> {
        let mut groups: Vec<(Dialect, Vec<&ShellText>)> = Vec::new();
        for text in texts.iter().filter(|t| t.is_bourne_shell()) {
            let dialect = match text.shebang() {
                Some(shell) => match Dialect::parse(shell) {
                    Some(dialect) => dialect,
                    None => continue,
                },
                None => self.shell,
            };
            match groups.iter_mut().find(|(d, _)| *d == dialect) {
                Some((_, group)) => group.push(text),
                None => groups.push((dialect, vec![text])),
            }
        }
        let mut found = Vec::new();
        for (dialect, group) in groups {
            let script = Script::join(&group);
            let comments = self.run(&script.text, dialect)?;
            let broken = group.len() > 1 && comments.iter().any(Comment::is_parse_error);
            if broken {
                for text in group {
                    let alone = Script::join(&[text]);
                    let comments = self.run(&alone.text, dialect)?;
                    found.extend(comments.iter().filter_map(|c| alone.finding(c)));
                }
            } else {
                found.extend(comments.iter().filter_map(|c| script.finding(c)));
            }
        }
        Ok(found)
    }

    /// Runs ShellCheck on `script` (on its standard input) and reads its comments.
    fn run(&self, script: &str, dialect: Dialect) -> Result<Vec<Comment>, String> {
        let mut child = Command::new(&self.program)
            .args(["--format=json1", "--shell", dialect.as_str(), "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run ShellCheck `{}`: {e}", self.program.display()))?;
        let mut stdin = child.stdin.take();
        let output = std::thread::scope(|scope| {
            scope.spawn(move || {
                if let Some(stdin) = stdin.as_mut() {
                    // ShellCheck may stop reading (a parse error): its output says why.
                    let _ = stdin.write_all(script.as_bytes());
                }
            });
            child.wait_with_output()
        })
        .map_err(|e| format!("ShellCheck `{}` failed: {e}", self.program.display()))?;
        // Exit status 1 means findings; anything else without JSON is a failure.
        let text = String::from_utf8_lossy(&output.stdout);
        parse_json1(&text).ok_or_else(|| {
            let stderr = String::from_utf8_lossy(&output.stderr);
            format!(
                "ShellCheck `{}` gave no report ({}): {}",
                self.program.display(),
                output.status,
                stderr.trim()
            )
        })
    }
}

fn is_program(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).is_ok_and(|m| m.is_file())
    }
}

/// One comment of ShellCheck's `json1` report. Lines and columns are 1-based; columns count
/// characters, a tab as one.
#[derive(Debug, Clone, serde::Deserialize)]
struct Comment {
    line: usize,
    #[serde(rename = "endLine")]
    end_line: usize,
    column: usize,
    #[serde(rename = "endColumn")]
    end_column: usize,
    level: String,
    code: u32,
    message: String,
}

impl Comment {
    /// ShellCheck could not parse the script (SC1xxx at level error).
    fn is_parse_error(&self) -> bool {
        self.level == "error" && (1000..2000).contains(&self.code)
    }
}

#[derive(serde::Deserialize)]
struct Report {
    comments: Vec<Comment>,
}

fn parse_json1(text: &str) -> Option<Vec<Comment>> {
    serde_json::from_str::<Report>(text)
        .ok()
        .map(|r| r.comments)
}

/// The script sent to ShellCheck, and where each stretch of it comes from.
struct Script<'a> {
    text: String,
    /// `(start in the script, text, start in that text, length)`, in script order.
    stretches: Vec<(usize, &'a ShellText, usize, usize)>,
    line_starts: Vec<usize>,
}

impl<'a> Script<'a> {
    /// One text as it is, or several, each in a subshell after its leading comments.
    fn join(texts: &[&'a ShellText]) -> Self {
        let mut script = Script {
            text: String::new(),
            stretches: Vec::new(),
            line_starts: Vec::new(),
        };
        if let [text] = texts {
            script.push(text, 0, text.text.len());
        } else {
            for text in texts {
                let body = text.text.as_str();
                // The shebang is ShellCheck's `--shell`; its line is left out.
                let mut start = 0;
                if body.starts_with("#!") {
                    start = body.find('\n').map_or(body.len(), |i| i + 1);
                }
                let mut head = start;
                for line in body[start..].split_inclusive('\n') {
                    let trimmed = line.trim();
                    if trimmed.is_empty() || trimmed.starts_with('#') {
                        head += line.len();
                    } else {
                        break;
                    }
                }
                script.push(text, start, head - start);
                if !script.text.is_empty() && !script.text.ends_with('\n') {
                    script.text.push('\n');
                }
                script.text.push_str("(\n");
                script.push(text, head, body.len() - head);
                if !script.text.ends_with('\n') {
                    script.text.push('\n');
                }
                script.text.push_str(")\n");
            }
        }
        script.line_starts = std::iter::once(0)
            .chain(script.text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        script
    }

    fn push(&mut self, text: &'a ShellText, start: usize, len: usize) {
        if len > 0 {
            self.stretches.push((self.text.len(), text, start, len));
            self.text.push_str(&text.text[start..start + len]);
        }
    }

    /// The byte offset of a 1-based line and character column.
    fn offset(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        let line_text = &self.text[start..end.max(start)];
        start
            + line_text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(line_text.len(), |(i, _)| i)
    }

    /// The stretch that holds a script offset (or the next one after it).
    fn stretch(&self, offset: usize) -> Option<&(usize, &'a ShellText, usize, usize)> {
        let index = self.stretches.partition_point(|s| s.0 + s.3 <= offset);
        self.stretches.get(index).or_else(|| self.stretches.last())
    }

    /// The finding for a comment, in the file's bytes.
    fn finding(&self, comment: &Comment) -> Option<Diagnostic> {
        let start = self.offset(comment.line, comment.column);
        let end = self.offset(comment.end_line, comment.end_column).max(start);
        let &(at, text, text_start, len) = self.stretch(start)?;
        let local = |offset: usize| text_start + offset.clamp(at, at + len) - at;
        let (from, to) = (local(start), local(end));
        // A span that runs past its text (into the wrapper) ends with the text.
        let span = text.to_file(Span::new(from, to.max(from)));
        let severity = match comment.level.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => Severity::Info,
        };
        let mut finding = Diagnostic::new(rule(comment.code), span, comment.message.clone())
            .with_label("ShellCheck")
            .with_help(format!("ShellCheck: {SHELLCHECK_WIKI}SC{}", comment.code));
        finding.severity = severity;
        Some(finding)
    }
}

/// The rule of a ShellCheck code written `SC2086`.
pub fn rule_of(code: &str) -> Option<&'static Rule> {
    code.strip_prefix("SC")?.parse().ok().map(rule)
}

/// The rule of a ShellCheck code, made once per code: ShellCheck's codes are its own, not
/// iclint's registry.
fn rule(code: u32) -> &'static Rule {
    static RULES: LazyLock<Mutex<HashMap<u32, &'static Rule>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut rules = RULES.lock().unwrap_or_else(|e| e.into_inner());
    rules.entry(code).or_insert_with(|| {
        let code_text: &'static str = Box::leak(format!("SC{code}").into_boxed_str());
        let name: &'static str = Box::leak(format!("shellcheck-{code}").into_boxed_str());
        Box::leak(Box::new(Rule {
            code: code_text,
            name,
            severity: Severity::Warning,
            origin: Origin::ShellCheck,
            summary: "a finding of ShellCheck",
            explanation: "ShellCheck's own check: see its wiki page for the code.",
            example: "",
            fix: "",
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::content;

    fn texts(content_text: &str) -> Vec<ShellText> {
        let parsed = content::parse(content_text);
        crate::syntax::shell::texts(content_text, &parsed.model())
    }

    #[test]
    fn joined_texts_map_back() {
        let content_text = "RUN echo $a\nRUN echo \\\n  $b\n";
        let texts = texts(content_text);
        assert_eq!(texts.len(), 2);
        let refs: Vec<&ShellText> = texts.iter().collect();
        let script = Script::join(&refs);
        assert_eq!(script.text, "(\necho $a\n)\n(\necho   $b\n)\n");
        let comment = Comment {
            line: 2,
            end_line: 2,
            column: 6,
            end_column: 8,
            level: "info".into(),
            code: 2086,
            message: "m".into(),
        };
        let finding = script.finding(&comment).expect("mapped");
        assert_eq!(&content_text[finding.span.range()], "$a");
        assert_eq!(finding.code(), "SC2086");
    }

    #[test]
    fn json1_is_read() {
        let comments = parse_json1(
            r#"{"comments":[{"file":"-","line":1,"endLine":1,"column":6,"endColumn":8,"level":"info","code":2086,"message":"Double quote","fix":null}]}"#,
        )
        .expect("parses");
        assert_eq!(comments[0].code, 2086);
        assert!(parse_json1("not json").is_none());
    }
}

//! `ICL504`: a credential written into the content.

use super::Shell;
use crate::catalog::Keyword;
use crate::catalog::yaml_format;
use crate::diagnostic::Diagnostic;
use crate::rule::{Origin, Rule, Severity};
use crate::source::Span;
use crate::syntax::content::ContentModel;
use crate::syntax::powershell::{Token, TokenKind};
use crate::syntax::shell::ShellText;
use crate::syntax::words::{assignments, words};
use crate::syntax::yaml::{Node, NodeKind};
use aho_corasick::AhoCorasick;
use memchr::memmem::Finder;
use std::sync::LazyLock;
use std::sync::OnceLock;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static CREDENTIAL: Rule = Rule {
    code: "ICL504",
    name: "credential",
    severity: Severity::Error,
    origin: Origin::Linter,
    summary: "a credential in the content: an AccessKey ID, a private key, a password-like value",
    explanation: "Component content is stored in the cloud with the component, and anyone with \
permission to describe image components reads it back; it also ends up in logs and in the \
repository. iclint reports an Alibaba Cloud AccessKey ID (`LTAI` and 12 to 30 letters or digits) \
anywhere, a private key block (`-----BEGIN ... PRIVATE KEY-----`), and a literal value given to a \
name that looks like a secret (`*PASSWORD*`, `*PASSWD*`, `*SECRET*`, `*TOKEN*`, `*ACCESS_KEY*`, \
`*PRIVATE_KEY*`, `*API_KEY*`) in `ENV`, `LABEL`, a shell or PowerShell assignment, or a YAML \
property or parameter default. A value that is a path (`PASSWORD_FILE=/run/secrets/db`), a \
variable, a `{{ }}` reference, or a name ending in `_FILE`, `_PATH`, `_NAME`, `_URL` or `_ID` is \
not a credential. Pass secrets at build time: a component parameter without a default that the \
template fills, a Cloud Assistant encrypted parameter, or a file fetched from OSS or KMS.",
    example: "\
ENV DB_PASSWORD=\"hunter2\"
",
    fix: "\
ENV DB_PASSWORD_FILE=\"/run/secrets/db\"
",
};

/// Whether a name looks like a secret's: `DB_PASSWORD`, `apiToken`, `accessKeySecret`; not
/// `PASSWORD_FILE`, `windowsPasswordName`, `TOKEN_URL`.
pub fn is_secret_name(name: &str) -> bool {
    // Every secret word below holds one of these, in any case: most names hold none (this runs
    // on every key of YAML content).
    // One pass: a stem is looked for only where its first letter stands (`| 0x20` lowers an
    // ASCII letter, and makes no other byte one of these letters).
    let bytes = name.as_bytes();
    let holds_a_stem = (0..bytes.len()).any(|at| {
        let stem: &[u8] = match bytes[at] | 0x20 {
            b'p' => b"passw",
            b's' => b"secret",
            b't' => b"token",
            b'k' => b"key",
            _ => return false,
        };
        bytes[at..]
            .get(..stem.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(stem))
    });
    if !holds_a_stem {
        return false;
    }
    // camelCase to SNAKE_CASE, so that `windowsPasswordName` ends in `_NAME`.
    let mut snake = String::with_capacity(name.len() + 8);
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            snake.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        snake.push(if c == '-' || c == '.' {
            '_'
        } else {
            c.to_ascii_uppercase()
        });
    }
    let secret = [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "ACCESS_KEY",
        "ACCESSKEY",
        "PRIVATE_KEY",
        "API_KEY",
        "APIKEY",
    ]
    .iter()
    .any(|s| snake.contains(s));
    let pointer = [
        "_FILE", "_PATH", "_NAME", "_URL", "_ID", "_DIR", "_ENV", "_VAR",
    ]
    .iter()
    .any(|s| snake.ends_with(s));
    secret && !pointer
}

/// Whether a text may hold a name [`is_secret_name`] takes for a secret's (a quick test before
/// parsing: it may say yes where that says no, never the other way).
pub fn may_name_a_secret(text: &str) -> bool {
    static WORDS: OnceLock<AhoCorasick> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([
                    "passw",
                    "secret",
                    "token",
                    "accesskey",
                    "access_key",
                    "access-key",
                    "access.key",
                    "privatekey",
                    "private_key",
                    "private-key",
                    "private.key",
                    "apikey",
                    "api_key",
                    "api-key",
                    "api.key",
                ])
                .expect("fixed words build a searcher")
        })
        .is_match(text)
}

/// Whether a value is written out (not a path, a variable, a reference, a placeholder, a flag).
pub fn is_literal_secret(value: &str) -> bool {
    let value = value.trim();
    !value.is_empty()
        && !value.starts_with(['/', '$', '~', '.', '<', '%'])
        && !value.contains("{{")
        && !value.contains("$(")
        && !value.contains("${")
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "none" | "0" | "1"
        )
}

fn finding(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(&CREDENTIAL, span, format!("{what} is written into the content"))
        .with_label("credential")
        .with_help(
            "the content is stored in the cloud and readable by anyone allowed to describe it: pass the secret at build time (a parameter the template fills, an encrypted Cloud Assistant parameter, a file from OSS or KMS)",
        )
}

/// One finding per place: an AccessKey ID given to `ACCESS_KEY=` is found twice, by its shape
/// and by its name.
pub fn one_per_place(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    found.sort_by_key(|d| (d.span.start, d.span.end));
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(found.len());
    for finding in found {
        let overlaps = kept
            .last()
            .is_some_and(|last| finding.span.start < last.span.end.max(last.span.start + 1));
        if !overlaps {
            kept.push(finding);
        }
    }
    kept
}

/// AccessKey IDs and private keys anywhere in the content, and password-like values of `ENV`,
/// `LABEL` and YAML properties.
pub fn check_content(content: &str, model: &ContentModel<'_>, out: &mut Vec<Diagnostic>) {
    for span in access_key_ids(content) {
        out.push(finding(span, "an AccessKey ID"));
    }
    let mut from = 0;
    static BEGIN: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"-----BEGIN "));
    while let Some(at) = BEGIN.find(&content.as_bytes()[from..]).map(|i| from + i) {
        let line_end = content[at..].find('\n').map_or(content.len(), |i| at + i);
        let line = &content[at..line_end];
        if line.contains("PRIVATE KEY-----") {
            let end = at + line.trim_end().len();
            out.push(finding(Span::new(at, end), "a private key"));
        }
        from = line_end.max(at + 1);
    }
    match model {
        ContentModel::Dockerfile(script) => {
            for command in &script.commands {
                if !matches!(command.known, Some(Keyword::Env | Keyword::Label)) {
                    continue;
                }
                let text = &command.argument.text;
                let Some(first) = words(text).into_iter().next() else {
                    continue;
                };
                let pairs: Vec<(Span, Span)> = if first.raw.contains('=') {
                    assignments(text)
                        .into_iter()
                        .filter_map(|a| Some((a.key, a.value?.span)))
                        .collect()
                } else {
                    let rest = text[first.span.end..].trim_start();
                    let start = text.len() - rest.len();
                    vec![(first.span, Span::new(start, start + rest.trim_end().len()))]
                };
                for (key, value) in pairs {
                    let name = text[key.range()].trim_matches(['"', '\'']);
                    let literal = text[value.range()].trim_matches(['"', '\'']);
                    if is_secret_name(name) && is_literal_secret(literal) {
                        out.push(finding(
                            command.argument_to_content(value),
                            &format!("the value of `{name}`"),
                        ));
                    }
                }
            }
        }
        ContentModel::Yaml(yaml) => {
            if let Some(root) = yaml.root() {
                let parameters = yaml.parameters.as_ref().map(|p| p.value());
                check_yaml(root, parameters, out);
            }
        }
    }
}

/// Password-like properties and parameter defaults, anywhere in the tree (`commandContent` is
/// read as shell text instead).
/// `parameters` is the value of `Parameters`.
fn check_yaml(root: &Node, parameters: Option<&Node>, out: &mut Vec<Diagnostic>) {
    root.walk(|node| {
        let NodeKind::Mapping(entries) = &node.kind else {
            return;
        };
        let in_parameters = parameters.is_some_and(|p| std::ptr::eq(p, node));
        for entry in entries {
            let Some(key) = entry.key.as_scalar() else {
                continue;
            };
            if !is_secret_name(&key.value) || key.value == yaml_format::key::COMMAND_CONTENT {
                continue;
            }
            // A parameter named like a secret: its default is the secret.
            let value = if in_parameters {
                entry.value.get(yaml_format::key::DEFAULT_VALUE)
            } else {
                Some(&entry.value)
            };
            if let Some(scalar) = value.and_then(Node::as_scalar)
                && !scalar.is_null()
                && is_literal_secret(&scalar.value)
            {
                out.push(finding(
                    value.map_or(entry.value.span, |v| v.span),
                    &format!("the value of `{}`", key.value),
                ));
            }
        }
    });
}

/// `LTAI` followed by 12 to 30 letters or digits, as a word of its own.
fn access_key_ids(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    // Built once: the search runs on every text.
    static LTAI: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"LTAI"));
    while let Some(at) = LTAI.find(&bytes[from..]).map(|i| from + i) {
        let run = bytes[at + 4..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let alone = before.is_none_or(|b| !b.is_ascii_alphanumeric());
        if alone && (12..=30).contains(&run) {
            found.push(Span::new(at, at + 4 + run));
        }
        from = at + 4 + run;
    }
    found
}

/// Assignments of a literal to a secret-like variable in shell text.
pub fn check_shell(shell: &Shell<'_>, out: &mut Vec<Diagnostic>) {
    for assignment in &shell.script.assignments {
        let Some(value) = assignment.value.value.as_deref() else {
            continue;
        };
        if is_secret_name(&assignment.name) && is_literal_secret(value) {
            out.push(finding(
                shell.text.to_content(assignment.value.span),
                &format!("the value of `{}`", assignment.name),
            ));
        }
    }
}

/// `$password = 'literal'` (and `$env:DB_PASSWORD = "..."`) in PowerShell text.
pub fn check_powershell(text: &ShellText, tokens: &[Token], out: &mut Vec<Diagnostic>) {
    for window in tokens.windows(3) {
        let [variable, assign, value] = window else {
            continue;
        };
        if variable.kind != TokenKind::Variable
            || assign.kind != TokenKind::Assign
            || value.kind != TokenKind::String
        {
            continue;
        }
        let name = variable.text(&text.text).trim_start_matches('$');
        let name = name.rsplit(':').next().unwrap_or(name);
        let raw = value.text(&text.text);
        let literal = raw.trim_matches(['"', '\'', '@']);
        let expands = raw.starts_with('"') && literal.contains('$');
        if is_secret_name(name) && !expands && is_literal_secret(literal) {
            out.push(finding(
                text.to_content(value.span),
                &format!("the value of `${name}`"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for name in [
            "DB_PASSWORD",
            "apiToken",
            "accessKeySecret",
            "MYSQL_ROOT_PASSWORD",
            "tokenInfo",
            "password",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "PASSWORD_FILE",
            "windowsPasswordName",
            "TOKEN_URL",
            "PATH",
            "username",
            "ACCESS_KEY_ID",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn the_quick_test_never_misses_a_secret_name() {
        for name in [
            "DB_PASSWORD",
            "apiToken",
            "accessKeySecret",
            "privateKey",
            "Api-Key",
            "x.access.key",
        ] {
            assert!(!is_secret_name(name) || may_name_a_secret(name), "{name}");
            assert!(may_name_a_secret(name), "{name}");
        }
    }

    #[test]
    fn literal_values() {
        assert!(is_literal_secret("hunter2"));
        for value in [
            "/run/secrets/db",
            "{{ password }}",
            "$DB_PASSWORD",
            "",
            "<password>",
            "true",
        ] {
            assert!(!is_literal_secret(value), "{value}");
        }
    }

    #[test]
    fn access_key_ids_stand_alone() {
        let text = "a LTAI5tAbcdEfgh1234Ijkl b XLTAI5tAbcdEfgh1234 LTAIshort";
        assert_eq!(access_key_ids(text), [Span::new(2, 24)]);
    }
}

//! `RUN`, `CMD` and `ENTRYPOINT`: an argument that starts with `[` must be a JSON array of strings.

use super::at_argument;
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::syntax::dockerfile::Command;
use crate::syntax::words::exec_form;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_RUN: Rule = Rule {
    code: "InvalidCommandContent.RUN",
    name: "invalid-run",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "RUN with a malformed exec form, or continued into the end of the content",
    explanation: "RUN takes shell text, or an exec form: a JSON array of strings such as \
`RUN [\"/bin/bash\", \"-c\", \"make install\"]`. An argument that starts with `[` but is not such an \
array (single quotes, a missing comma, a number) is rejected with `InvalidCommandContent.RUN`, as is a \
RUN whose last line ends with `\\` and so continues into nothing.",
    example: "\
RUN ['/bin/bash', '-c', 'make install']
",
    fix: "\
RUN [\"/bin/bash\", \"-c\", \"make install\"]
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_CMD: Rule = Rule {
    code: "InvalidCommandContent.CMD",
    name: "invalid-cmd",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "CMD with a malformed exec form",
    explanation: "CMD sets the program run at system start-up, in shell form or exec form (a JSON array of \
strings, `CMD [\"/opt/app/start.sh\", \"--port\", \"80\"]`). An argument that starts with `[` but is not a \
JSON array of strings is rejected with `InvalidCommandContent.CMD`. JSON needs double quotes.",
    example: "\
CMD ['/opt/app/start.sh']
",
    fix: "\
CMD [\"/opt/app/start.sh\"]
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_ENTRYPOINT: Rule = Rule {
    code: "InvalidCommandContent.ENTRYPOINT",
    name: "invalid-entrypoint",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "ENTRYPOINT with a malformed exec form",
    explanation: "ENTRYPOINT takes the same forms as CMD: shell text, or a JSON array of strings. An \
argument that starts with `[` but is not a JSON array of strings is rejected with \
`InvalidCommandContent.ENTRYPOINT`. JSON needs double quotes.",
    example: "\
ENTRYPOINT ['/opt/app/start.sh']
",
    fix: "\
ENTRYPOINT [\"/opt/app/start.sh\"]
",
};

/// Checks the exec form of a command whose argument starts with `[`.
pub fn check(command: &Command<'_>, rule: &'static Rule, out: &mut Vec<Diagnostic>) {
    let text = &command.argument.text;
    let leading = text.len() - text.trim_start().len();
    if !text[leading..].starts_with('[') {
        return;
    }
    if let Err(error) = exec_form(&text[leading..]) {
        let keyword = command.known.map_or("", |k| k.name());
        let help = if looks_like_shell_test(&text[leading..]) {
            format!(
                "an argument that starts with `[` is an exec form; for the shell's test command write `{keyword} test ...`"
            )
        } else {
            format!(
                "write `{keyword} [\"program\", \"argument\"]` with double quotes, or drop the brackets for the shell form"
            )
        };
        out.push(
            at_argument(rule, command, error.span.shift(leading), error.message)
                .with_label("not a JSON array of strings")
                .with_help(help),
        );
    }
}

/// `[ -f /etc/os-release ]`, `[ ! -d /opt ]`, `[ "$X" = y ]`: the shell's `[` command. Its first
/// operand (after a blank) is an option, `!` or a variable, which no JSON value starts with.
fn looks_like_shell_test(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('[') else {
        return false;
    };
    let operand = rest.trim_start();
    let mut chars = operand.chars();
    operand.len() < rest.len()
        && match (chars.next(), chars.next()) {
            (Some('-'), Some(c)) => c.is_ascii_alphabetic(),
            (Some('!' | '$'), _) | (Some('"'), Some('$')) => true,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_tests_are_told_apart_from_broken_json() {
        for text in [
            "[ -f /etc/os-release ]",
            "[ ! -d /opt ]",
            "[ \"$X\" = y ]",
            "[ $X ]",
        ] {
            assert!(looks_like_shell_test(text), "{text}");
        }
        for text in ["[ \"a\" 'b' ]", "['a']", "[ -1 ]", "[-f]", "[ 1, x ]"] {
            assert!(!looks_like_shell_test(text), "{text}");
        }
    }
}

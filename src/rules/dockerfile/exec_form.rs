//! `RUN`, `CMD` and `ENTRYPOINT`: an argument that starts with `[` must be a JSON array of strings.

use super::at_argument;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Origin, Rule};
use crate::syntax::dockerfile::Command;
use crate::syntax::words::exec_form;

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
};

pub static INVALID_CMD: Rule = Rule {
    code: "InvalidCommandContent.CMD",
    name: "invalid-cmd",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "CMD with a malformed exec form",
    explanation: "CMD sets the program run at system start-up, in shell form or exec form (a JSON array of \
strings, `CMD [\"/opt/app/start.sh\", \"--port\", \"80\"]`). An argument that starts with `[` but is not a \
JSON array of strings is rejected with `InvalidCommandContent.CMD`. JSON needs double quotes.",
};

pub static INVALID_ENTRYPOINT: Rule = Rule {
    code: "InvalidCommandContent.ENTRYPOINT",
    name: "invalid-entrypoint",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "ENTRYPOINT with a malformed exec form",
    explanation: "ENTRYPOINT takes the same forms as CMD: shell text, or a JSON array of strings. An \
argument that starts with `[` but is not a JSON array of strings is rejected with \
`InvalidCommandContent.ENTRYPOINT`. JSON needs double quotes.",
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
        out.push(
            at_argument(rule, command, error.span.shift(leading), error.message)
                .with_label("not a JSON array of strings")
                .with_help(format!(
                    "write `{keyword} [\"program\", \"argument\"]` with double quotes, or drop the brackets for the shell form"
                )),
        );
    }
}

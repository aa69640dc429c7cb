//! `RESTART` takes no argument.

use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::syntax::dockerfile::Command;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static NOT_EMPTY_RESTART: Rule = Rule {
    code: "NotEmptyCommandContent.RESTART",
    name: "restart-with-argument",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "RESTART followed by an argument",
    explanation: "RESTART restarts the build instance and takes nothing after the keyword; anything \
there is rejected with `NotEmptyCommandContent.RESTART`. To run something after the restart, put it \
on the next line as its own command.",
    example: "\
RUN yum update -y
RESTART now
",
    fix: "\
RUN yum update -y
RESTART
",
};

pub fn check(command: &Command<'_>, out: &mut Vec<Diagnostic>) {
    if command.has_argument() {
        out.push(
            Diagnostic::new(
                &NOT_EMPTY_RESTART,
                command.argument_span,
                "RESTART takes no argument",
            )
            .with_label("unexpected argument")
            .with_help("remove it; put a command to run after the restart on its own line"),
        );
    }
}

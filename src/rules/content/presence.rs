use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::rules::shared::MISSING_CONTENT;
use crate::source::Span;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static NO_COMMANDS: Rule = Rule {
    code: "ICL104",
    name: "no-commands",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "the content holds comments but no command",
    explanation: "Content made only of comments and blank lines passes the service's emptiness check but \
does nothing: the component builds an image identical to its base. Usually the commands were \
commented out while debugging and never restored.",
    example: "\
# RUN yum install -y nginx
",
    fix: "\
RUN yum install -y nginx
",
};

/// Reports empty content, and content without a command. Returns whether the content is empty,
/// in which case nothing else is worth reporting.
pub fn check_presence(content: &str, command_count: usize, out: &mut Vec<Diagnostic>) -> bool {
    let body = content.strip_prefix('\u{feff}').unwrap_or(content);
    if body.trim().is_empty() {
        out.push(
            Diagnostic::new(&MISSING_CONTENT, Span::at(0), "the content is empty")
                .with_label("no command here")
                .with_help("add the commands the component runs, e.g. `RUN yum install -y nginx`"),
        );
        return true;
    }
    if command_count == 0 {
        out.push(
            Diagnostic::new(
                &NO_COMMANDS,
                Span::at(content.len() - body.len()),
                "the content has no command, only comments",
            )
            .with_help("uncomment or add the commands the component should run"),
        );
    }
    false
}

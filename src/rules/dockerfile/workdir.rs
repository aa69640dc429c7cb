//! `WORKDIR`: exactly one path; a relative one depends on the directory before it.

use super::{at_argument, is_anchored_path, unquote};
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::source::Span;
use crate::syntax::dockerfile::Command;
use crate::syntax::words::words;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_WORKDIR: Rule = Rule {
    code: "InvalidCommandContent.WORKDIR",
    name: "invalid-workdir",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "WORKDIR with more than one path, or a character no path can hold",
    explanation: "WORKDIR sets the directory the following commands run in, and takes exactly one \
path. More than one argument, an unterminated quote, or a character that cannot be in a path (NUL and \
other control characters) is rejected with `InvalidCommandContent.WORKDIR`. To create several \
directories, use `RUN mkdir -p`.",
    example: "\
WORKDIR /opt/app /srv
",
    fix: "\
WORKDIR /opt/app
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static RELATIVE_WORKDIR: Rule = Rule {
    code: "ICL102",
    name: "relative-workdir",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "WORKDIR with a relative path",
    explanation: "A relative WORKDIR is resolved against the directory left by the commands before it, \
which changes when components are reordered or reused in another template, and the build then runs \
in a different directory than the one you tested. Use an absolute path.",
    example: "\
WORKDIR app
",
    fix: "\
WORKDIR /opt/app
",
};

pub fn check(command: &Command<'_>, out: &mut Vec<Diagnostic>) {
    let text = &command.argument.text;
    let paths = words(text);
    if paths.len() > 1 {
        let extra = paths[1].span.cover(paths[paths.len() - 1].span);
        out.push(
            at_argument(
                &INVALID_WORKDIR,
                command,
                extra,
                format!("WORKDIR takes one path, found {}", paths.len()),
            )
            .with_label("unexpected argument")
            .with_help("give a single directory; create more with `RUN mkdir -p`"),
        );
        return;
    }
    let Some(path) = paths.first() else { return };
    if path.unterminated_quote {
        out.push(
            at_argument(
                &INVALID_WORKDIR,
                command,
                path.span,
                "the path has an unterminated quote",
            )
            .with_label("quote never closed")
            .with_help("close the quote"),
        );
        return;
    }
    if let Some((at, c)) = path.raw.char_indices().find(|(_, c)| c.is_control()) {
        let start = path.span.start + at;
        out.push(
            at_argument(
                &INVALID_WORKDIR,
                command,
                Span::new(start, start + c.len_utf8()),
                format!(
                    "the path holds the control character U+{:04X}, which no path can contain",
                    u32::from(c)
                ),
            )
            .with_label("control character")
            .with_help("remove the character"),
        );
        return;
    }
    if !is_anchored_path(unquote(path.raw)) {
        out.push(
            at_argument(
                &RELATIVE_WORKDIR,
                command,
                path.span,
                format!("WORKDIR `{}` is a relative path", path.raw),
            )
            .with_label("relative to the previous directory")
            .with_help(format!(
                "use an absolute path, e.g. `/{}`",
                unquote(path.raw).trim_start_matches("./")
            )),
        );
    }
}

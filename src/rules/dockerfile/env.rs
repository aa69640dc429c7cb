//! `ENV`: `ENV key value`, or `ENV k1="v1" k2="v2"` with every value double-quoted.

use super::at_argument;
use crate::catalog::is_env_key;
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::source::Span;
use crate::syntax::dockerfile::Command;
use crate::syntax::words::{Assignment, assignments, words};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_ENV: Rule = Rule {
    code: "InvalidCommandContent.ENV",
    name: "invalid-env",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "ENV that is neither `ENV key value` nor `ENV k1=\"v1\" k2=\"v2\"`",
    explanation: "ENV sets environment variables for the commands after it, in one of two forms: \
`ENV key value` (one variable; the value is the rest of the line) or `ENV k1=\"v1\" k2=\"v2\"` (several; \
Alibaba's documentation requires every value in this form to be double-quoted). Names are \
`[A-Za-z_][A-Za-z0-9_]*`. Anything else — a name with `-` or a leading digit, a key without a value, \
an unquoted or unterminated value in the `=` form — is rejected with `InvalidCommandContent.ENV`.",
    example: "\
ENV PORT=80 MODE
",
    fix: "\
ENV PORT=\"80\" MODE=\"production\"
",
};

pub fn check(command: &Command<'_>, out: &mut Vec<Diagnostic>) {
    let text = &command.argument.text;
    let Some(first) = words(text).into_iter().next() else {
        return;
    };
    if first.raw.contains('=') {
        for item in assignments(text) {
            check_assignment(command, text, &item, out);
        }
        return;
    }
    // A quote that is never closed takes the rest of the line: there is no name to read.
    if first.unterminated_quote {
        out.push(
            at_argument(
                &INVALID_ENV,
                command,
                first.span,
                "a quote opened here is never closed",
            )
            .with_label("quote never closed")
            .with_help("close the quote; names need none"),
        );
        return;
    }
    // `ENV key value`: the value is the rest of the line.
    check_key(command, &text[first.span.range()], first.span, out);
    if text[first.span.end..].trim().is_empty() {
        out.push(
            at_argument(
                &INVALID_ENV,
                command,
                first.span,
                format!("ENV `{}` has no value", first.raw),
            )
            .with_label("value missing")
            .with_help(format!(
                "write `ENV {} value` or `ENV {}=\"value\"`",
                first.raw, first.raw
            )),
        );
    }
}

fn check_key(command: &Command<'_>, key: &str, span: Span, out: &mut Vec<Diagnostic>) {
    if !is_env_key(key) {
        out.push(
            at_argument(
                &INVALID_ENV,
                command,
                span,
                format!("`{key}` is not a valid variable name"),
            )
            .with_label("invalid name")
            .with_help("names start with a letter or `_` and hold only letters, digits and `_`"),
        );
    }
}

fn check_assignment(
    command: &Command<'_>,
    text: &str,
    item: &Assignment,
    out: &mut Vec<Diagnostic>,
) {
    let key = &text[item.key.range()];
    let Some(value) = &item.value else {
        out.push(
            at_argument(
                &INVALID_ENV,
                command,
                item.key,
                format!("`{key}` has no `=` and no value"),
            )
            .with_label("expected `key=\"value\"`")
            .with_help(format!(
                "write `{key}=\"value\"`; the `key value` form takes one variable per ENV"
            )),
        );
        return;
    };
    if key.is_empty() {
        out.push(
            at_argument(
                &INVALID_ENV,
                command,
                item.span(),
                "an assignment without a variable name",
            )
            .with_label("name missing")
            .with_help("write `NAME=\"value\"`"),
        );
        return;
    }
    check_key(command, key, item.key, out);
    let raw = &text[value.span.range()];
    if value.unterminated {
        out.push(
            at_argument(
                &INVALID_ENV,
                command,
                value.span,
                format!("the value of `{key}` has no closing `\"`"),
            )
            .with_label("unterminated string")
            .with_help("close the double quote"),
        );
    } else if !value.quoted {
        let message = if raw.starts_with('"') {
            format!("the value of `{key}` has text after its closing `\"`")
        } else {
            format!("the value of `{key}` is not double-quoted")
        };
        out.push(
            at_argument(&INVALID_ENV, command, value.span, message)
                .with_label("expected a double-quoted value")
                .with_help(format!("write `{key}=\"{}\"`", bare_value(raw))),
        );
    }
}

/// A value written without (proper) double quotes, as it reads between double quotes: single
/// quotes around it and double quotes in it dropped.
fn bare_value(raw: &str) -> String {
    match raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        Some(inner) => inner.to_string(),
        None => raw.replace('"', ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;

    fn findings(content: &str) -> Vec<Diagnostic> {
        let script = parse(content);
        let mut out = Vec::new();
        check(&script.commands[0], &mut out);
        out
    }

    #[test]
    fn help_for_unquoted_values_gives_the_quoted_form() {
        let single = findings("ENV A='x y'");
        assert_eq!(single.len(), 1);
        assert_eq!(single[0].help.as_deref(), Some("write `A=\"x y\"`"));
        let glued = findings("ENV C=\"x\"glued");
        assert_eq!(glued.len(), 1);
        assert!(glued[0].message.contains("text after its closing"));
        assert_eq!(glued[0].help.as_deref(), Some("write `C=\"xglued\"`"));
    }
}

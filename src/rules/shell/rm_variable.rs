//! `ICL509`: `rm -r` of a path that starts with a variable that may be empty.

use super::{Effective, Shell};
use crate::diagnostic::Diagnostic;
use crate::rule::{Origin, Rule, Severity};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static RM_EMPTY_VARIABLE: Rule = Rule {
    code: "ICL509",
    name: "rm-empty-variable",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "`rm -r` of a path that starts with a variable that may be empty (`rm -rf $DIR/`)",
    explanation: "The build runs as root. When the variable is empty or unset (a typo in its name, \
an `ENV` on another line, a parameter not passed), `rm -rf \"$DIR\"/*` becomes `rm -rf /*` and \
deletes the image being built; the build then fails far from the cause, or worse, succeeds. \
Write `\"${DIR:?}\"`, which stops with an error when the variable is empty, or a literal path. A \
variable given a literal value earlier in the same text is not reported. (ShellCheck reports the \
same as SC2115 when it runs.)",
    example: "\
RUN rm -rf \"$BUILD_DIR\"/*
",
    fix: "\
RUN rm -rf \"${BUILD_DIR:?}\"/*
",
};

/// The variable a path starts with, when it starts with `$NAME` or `${NAME}` (quoted or not)
/// and a `/` or nothing follows: `$DIR/`, `"$DIR"/*`, `${DIR}`.
fn leading_variable(raw: &str) -> Option<&str> {
    let raw = raw.strip_prefix('"').unwrap_or(raw);
    let rest = raw.strip_prefix('$')?;
    let (name, after) = if let Some(braced) = rest.strip_prefix('{') {
        let end = braced.find('}')?;
        (&braced[..end], &braced[end + 1..])
    } else {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        (&rest[..end], &rest[end..])
    };
    let plain_name = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    let after = after.strip_prefix('"').unwrap_or(after);
    (plain_name && (after.is_empty() || after.starts_with('/'))).then_some(name)
}

/// The program this rule reads (for [`super::worth_parsing`]).
pub const WORDS: &[&str] = &["rm"];

/// Whether this rule may fire on a text that names `rm` (for [`super::worth_parsing`]): it
/// holds a variable.
pub fn may_fire(text: &str) -> bool {
    text.contains('$')
}

pub fn check(shell: &Shell<'_>, out: &mut Vec<Diagnostic>) {
    for command in &shell.script.commands {
        let effective = Effective::of(command);
        if effective.program() != Some("rm")
            || !effective.has_option(&['r', 'R'], &["recursive"], &[])
        {
            continue;
        }
        for word in effective.arguments() {
            let raw = shell.text.text.get(word.span.range()).unwrap_or("");
            let Some(name) = leading_variable(raw) else {
                continue;
            };
            let assigned = shell.script.assignments.iter().any(|a| {
                a.name == name
                    && a.name_span.start < word.span.start
                    && a.value.value.as_deref().is_some_and(|v| !v.is_empty())
            });
            if assigned {
                continue;
            }
            out.push(
                shell
                    .finding(
                        &RM_EMPTY_VARIABLE,
                        word.span,
                        format!("if `{name}` is empty, this removes from `/`"),
                    )
                    .with_label("may be empty")
                    .with_help(format!("write `\"${{{name}:?}}\"`: it stops with an error when the variable is empty")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::leading_variable;

    #[test]
    fn leading_variables() {
        assert_eq!(leading_variable("$DIR/"), Some("DIR"));
        assert_eq!(leading_variable("\"$DIR\"/*"), Some("DIR"));
        assert_eq!(leading_variable("${DIR}"), Some("DIR"));
        assert_eq!(leading_variable("\"${DIR}/build\""), Some("DIR"));
        for raw in [
            "${DIR:?}/x",
            "$DIR.bak",
            "/opt/$DIR",
            "$1/x",
            "\"${DIR:-/tmp}\"/x",
        ] {
            assert_eq!(leading_variable(raw), None, "{raw}");
        }
    }
}

//! A `\` at the end of the last line continues the command into nothing (docs/service-rules.md §4.1).

use super::invalid_rule;
use crate::catalog::Keyword;
use crate::diagnostic::Diagnostic;
use crate::syntax::dockerfile::Command;

pub fn check(command: &Command<'_>, keyword: Keyword, out: &mut Vec<Diagnostic>) {
    if let Some(backslash) = command.dangling_continuation {
        out.push(
            Diagnostic::new(
                invalid_rule(keyword),
                backslash,
                format!(
                    "`{}` ends with `\\`, which continues it past the end of the content",
                    keyword.name()
                ),
            )
            .with_label("continues into nothing")
            .with_help("remove the trailing `\\`, or add the missing line after it"),
        );
    }
}

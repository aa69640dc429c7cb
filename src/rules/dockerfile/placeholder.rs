//! A placeholder of the documentation (`<path>`, `<username>`) left in the argument of a command
//! whose argument is words or `key="value"` pairs: `WORKDIR`, `COPY`, `USER`, `ENV`, `LABEL`. One
//! finding for the command, and the rest of its argument is not read (docs/service-rules.md §9.10).

use super::at_argument;
use crate::catalog::Keyword;
use crate::diagnostic::Diagnostic;
use crate::rules::shared::PLACEHOLDER;
use crate::syntax::dockerfile::Command;
use crate::syntax::words::placeholders;

/// Reports the placeholders of a `WORKDIR`, `COPY`, `USER`, `ENV` or `LABEL` command as one
/// finding; returns whether there was one (the command's other checks are then skipped).
pub fn check(command: &Command<'_>, keyword: Keyword, out: &mut Vec<Diagnostic>) -> bool {
    if !matches!(
        keyword,
        Keyword::Workdir | Keyword::Copy | Keyword::User | Keyword::Env | Keyword::Label
    ) {
        return false;
    }
    let text = &command.argument.text;
    let found = placeholders(text);
    let (Some(first), Some(last)) = (found.first(), found.last()) else {
        return false;
    };
    // Each placeholder once, in order.
    let mut names: Vec<String> = Vec::new();
    for span in &found {
        let name = format!("`{}`", &text[span.range()]);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let message = match names.as_slice() {
        [one] => format!("the documentation's placeholder {one}"),
        [init @ .., last] => format!(
            "the documentation's placeholders {} and {last}",
            init.join(", ")
        ),
        [] => unreachable!("at least one placeholder"),
    };
    let what = match keyword {
        Keyword::User => "an existing account, such as `admin`",
        Keyword::Env | Keyword::Label => "what it stands for: `key=\"value\"`",
        _ => "the path it stands for, such as `/opt/app`",
    };
    out.push(
        at_argument(
            &PLACEHOLDER,
            command,
            first.cover(*last),
            format!("{} holds {message}", keyword.name()),
        )
        .with_label(if found.len() == 1 {
            "placeholder"
        } else {
            "placeholders"
        })
        .with_help(format!("replace each placeholder with {what}")),
    );
    true
}

//! A placeholder of the documentation (`<path>`, `<username>`) left in the argument of a command
//! whose argument is words or `key="value"` pairs: `WORKDIR`, `COPY`, `USER`, `ENV`, `LABEL`. One
//! finding for the command, and the rest of its argument is not read (docs/service-rules.md §9.10).

use super::at_argument;
use crate::catalog::Keyword;
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::syntax::dockerfile::Command;
use crate::syntax::words::placeholders;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static PLACEHOLDER: Rule = Rule {
    code: "ICL105",
    name: "placeholder",
    severity: Severity::Error,
    origin: Origin::Linter,
    summary: "a placeholder of the documentation, such as `<path>`, left in WORKDIR, COPY, USER, ENV or LABEL",
    explanation: "Alibaba's page of commands writes the arguments of `WORKDIR`, `COPY` and `USER` \
as placeholders: `WORKDIR /<path>`, `COPY <On-premises source file path> <On-premises destination \
directory>`, `USER <username>`. Copied as they are, they name a directory called `<path>` or an \
account that does not exist, and the build fails or does something else than meant (the page says \
of `USER`: replace `<username>` with an existing user name, or an error is reported when the \
command runs). The same holds for `ENV` and `LABEL` written as `<key>=<value>`. iclint reports the \
placeholders once for the command and does not read the rest of its argument. Text between quotes \
is not taken for a placeholder, and neither is shell text (`RUN`, `CMD`, `ENTRYPOINT`), where `<` \
and `>` redirect.",
    example: "\
WORKDIR /<path>
USER <username>
",
    fix: "\
WORKDIR /opt/app
USER admin
",
};

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

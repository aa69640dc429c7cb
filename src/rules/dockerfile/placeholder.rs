//! A placeholder of the documentation (`<path>`, `<username>`) left in the argument of a command
//! whose argument is words or `key="value"` pairs: `WORKDIR`, `COPY`, `USER`, `ENV`, `LABEL`. One
//! finding for the command, and the rest of its argument is not read (docs/service-rules.md §9.10):
//! under the code the service answers when it refuses the argument, or else `ICL105`.

use super::at_argument;
use crate::catalog::Keyword;
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::rules::shared::PLACEHOLDER;
use crate::source::Span;
use crate::syntax::dockerfile::Command;
use crate::syntax::words::placeholders;

/// The placeholders of the documentation in the argument of a `WORKDIR`, `COPY`, `USER`, `ENV`
/// or `LABEL` command, if it holds any.
pub struct Placeholders {
    spans: Vec<Span>,
}

/// The placeholders in the argument of `command`, a command of `keyword`, if any.
pub fn find(command: &Command<'_>, keyword: Keyword) -> Option<Placeholders> {
    if !matches!(
        keyword,
        Keyword::Workdir | Keyword::Copy | Keyword::User | Keyword::Env | Keyword::Label
    ) {
        return None;
    }
    let spans = placeholders(&command.argument.text);
    (!spans.is_empty()).then_some(Placeholders { spans })
}

impl Placeholders {
    /// The one finding for the command: under `refused`, the code the service answers for the
    /// argument when it refuses it, or else `ICL105`.
    pub fn finding(
        &self,
        command: &Command<'_>,
        keyword: Keyword,
        refused: Option<&'static Rule>,
    ) -> Diagnostic {
        let text = &command.argument.text;
        // Each placeholder once, in order.
        let mut names: Vec<String> = Vec::new();
        for span in &self.spans {
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
        let span = self.spans[0].cover(self.spans[self.spans.len() - 1]);
        at_argument(
            refused.unwrap_or(&PLACEHOLDER),
            command,
            span,
            format!("{} holds {message}", keyword.name()),
        )
        .with_label(if self.spans.len() == 1 {
            "placeholder"
        } else {
            "placeholders"
        })
        .with_help(format!("replace each placeholder with {what}"))
    }
}

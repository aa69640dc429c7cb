//! `LABEL key="value" ...`. No `InvalidCommandContent.LABEL` is documented, so a malformed label
//! is `InvalidParameter.Content` (docs/service-rules.md §4.2).

use super::at_argument;
use crate::diagnostic::Diagnostic;
use crate::rules::shared::INVALID_CONTENT;
use crate::syntax::dockerfile::Command;
use crate::syntax::words::assignments;

pub fn check(command: &Command<'_>, out: &mut Vec<Diagnostic>) {
    let text = &command.argument.text;
    for item in assignments(text) {
        let key = &text[item.key.range()];
        let fault = match &item.value {
            None => Some((
                item.key,
                format!("LABEL item `{key}` has no `=\"value\"`"),
                "expected `key=\"value\"`",
            )),
            Some(_) if key.is_empty() => Some((
                item.span(),
                "LABEL item without a key".to_string(),
                "key missing",
            )),
            Some(value) if value.unterminated => Some((
                value.span,
                format!("the value of label `{key}` has no closing `\"`"),
                "unterminated string",
            )),
            Some(value) if !value.quoted && text[value.span.range()].starts_with('"') => Some((
                value.span,
                format!("the value of label `{key}` has text after its closing `\"`"),
                "expected a double-quoted value",
            )),
            Some(value) if !value.quoted => Some((
                value.span,
                format!("the value of label `{key}` is not double-quoted"),
                "expected a double-quoted value",
            )),
            Some(_) => None,
        };
        if let Some((span, message, label)) = fault {
            out.push(
                at_argument(
                    &INVALID_CONTENT,
                    command,
                    span,
                    format!("malformed LABEL: {message}"),
                )
                .with_label(label)
                .with_help("write `LABEL key=\"value\" other=\"value\"`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;

    fn messages(content: &str) -> Vec<String> {
        let script = parse(content);
        let mut out = Vec::new();
        check(&script.commands[0], &mut out);
        out.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn quoted_values_with_text_glued_after_them() {
        assert_eq!(
            messages("LABEL d=\"x\"glued e='y z'"),
            vec![
                "malformed LABEL: the value of label `d` has text after its closing `\"`",
                "malformed LABEL: the value of label `e` is not double-quoted",
            ]
        );
    }
}

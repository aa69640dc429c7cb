//! `USER`: exactly one Linux account name or numeric UID.

use super::{at_argument, unquote};
use crate::catalog::{USER_NAME_MAX_CHARS, is_user_id, is_user_name};
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::syntax::dockerfile::Command;
use crate::syntax::words::words;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_USER: Rule = Rule {
    code: "InvalidCommandContent.USER",
    name: "invalid-user",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "USER that is not exactly one Linux account name or UID",
    explanation: "USER sets the account the following commands run as. It takes exactly one account: a \
Linux user name (`[a-z_][a-z0-9_-]*`, optionally ending in `$`, at most 32 characters) or a numeric \
UID. A group (`user:group`), upper-case letters, a second word or a name that is too long is rejected \
with `InvalidCommandContent.USER`.",
    example: "\
USER nginx:nginx
",
    fix: "\
USER nginx
",
};

pub fn check(command: &Command<'_>, out: &mut Vec<Diagnostic>) {
    let text = &command.argument.text;
    let accounts = words(text);
    if accounts.len() > 1 {
        let extra = accounts[1].span.cover(accounts[accounts.len() - 1].span);
        out.push(
            at_argument(
                &INVALID_USER,
                command,
                extra,
                format!("USER takes one account, found {}", accounts.len()),
            )
            .with_label("unexpected argument")
            .with_help("give one user name or UID"),
        );
        return;
    }
    let Some(account) = accounts.first() else {
        return;
    };
    let name = unquote(account.raw);
    if is_user_name(name) || is_user_id(name) {
        return;
    }
    let reason = if name.is_empty() {
        "the name is empty"
    } else if name.contains(':') {
        "USER takes an account, not `user:group`"
    } else if name.chars().any(|c| c.is_ascii_uppercase()) {
        "Linux user names are lower case"
    } else if name.chars().count() > USER_NAME_MAX_CHARS {
        "the name is longer than 32 characters"
    } else if name.bytes().all(|b| b.is_ascii_digit()) {
        "the UID does not fit in 32 bits"
    } else {
        "a user name starts with a lower-case letter or `_` and holds only `a-z`, `0-9`, `_` and `-`"
    };
    out.push(
        at_argument(
            &INVALID_USER,
            command,
            account.span,
            format!("`{}` is not a valid account: {reason}", account.raw),
        )
        .with_label("invalid account")
        .with_help("give a Linux user name such as `admin`, or a numeric UID"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;

    #[test]
    fn an_empty_quoted_name_is_not_called_a_uid() {
        let script = parse("USER \"\"");
        let mut out = Vec::new();
        check(&script.commands[0], &mut out);
        assert_eq!(out.len(), 1);
        assert!(
            out[0].message.ends_with("the name is empty"),
            "{}",
            out[0].message
        );
    }
}

//! Rules on Dockerfile-format commands (docs/service-rules.md §4).

pub mod continuation;
pub mod copy;
pub mod empty;
pub mod env;
pub mod exec_form;
pub mod keyword;
pub mod label;
pub mod placeholder;
pub mod restart;
pub mod user;
pub mod workdir;

use crate::catalog::{Keyword, Kind};
use crate::diagnostic::Diagnostic;
use crate::rule::{Origin, Rule};
use crate::rules::shared::INVALID_CONTENT;
use crate::source::Span;
use crate::syntax::dockerfile::{Command, DockerfileScript};

/// Checks every command of a script.
pub fn check(script: &DockerfileScript<'_>, kind: Kind, out: &mut Vec<Diagnostic>) {
    for command in &script.commands {
        let Some(keyword) = keyword::check(command, kind, out) else {
            continue;
        };
        // Template commands (allowed in templates only): checked by `rules::template`.
        if matches!(keyword, Keyword::Component | Keyword::From) {
            continue;
        }
        continuation::check(command, keyword, out);
        if keyword.takes_argument() && !command.has_argument() {
            empty::check(command, keyword, out);
            continue;
        }
        // A placeholder of the documentation: one finding, under the code the service answers for
        // the argument when it refuses it (`USER <username>`), else `ICL105` (`WORKDIR /<path>`).
        if let Some(found) = placeholder::find(command, keyword) {
            let mut argument = Vec::new();
            check_argument(command, keyword, &mut argument);
            let refused = argument.iter().find(|d| d.rule.origin != Origin::Linter);
            out.push(found.finding(command, keyword, refused.map(|d| d.rule)));
            continue;
        }
        check_argument(command, keyword, out);
    }
}

/// Checks the argument of a command of `keyword`.
fn check_argument(command: &Command<'_>, keyword: Keyword, out: &mut Vec<Diagnostic>) {
    match keyword {
        Keyword::Run => exec_form::check(command, &exec_form::INVALID_RUN, out),
        Keyword::Cmd => exec_form::check(command, &exec_form::INVALID_CMD, out),
        Keyword::Entrypoint => exec_form::check(command, &exec_form::INVALID_ENTRYPOINT, out),
        Keyword::Env => env::check(command, out),
        Keyword::Workdir => workdir::check(command, out),
        Keyword::Copy => copy::check(command, out),
        Keyword::User => user::check(command, out),
        Keyword::Label => label::check(command, out),
        Keyword::Restart => restart::check(command, out),
        Keyword::Component | Keyword::From => {}
    }
}

/// The code for a malformed argument of `keyword`: its `InvalidCommandContent` code, or
/// `InvalidParameter.Content` where the service documents none (docs/service-rules.md §4.2).
pub fn invalid_rule(keyword: Keyword) -> &'static Rule {
    match keyword {
        Keyword::Run => &exec_form::INVALID_RUN,
        Keyword::Cmd => &exec_form::INVALID_CMD,
        Keyword::Entrypoint => &exec_form::INVALID_ENTRYPOINT,
        Keyword::Env => &env::INVALID_ENV,
        Keyword::Workdir => &workdir::INVALID_WORKDIR,
        Keyword::Copy => &copy::INVALID_COPY,
        Keyword::User => &user::INVALID_USER,
        Keyword::Label | Keyword::Restart | Keyword::Component | Keyword::From => &INVALID_CONTENT,
    }
}

/// A finding at a span of the command's argument text.
fn at_argument(
    rule: &'static Rule,
    command: &Command<'_>,
    span: Span,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(rule, command.argument_to_content(span), message)
}

/// A word with one layer of matching quotes removed.
fn unquote(word: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = word.strip_prefix(quote).and_then(|w| w.strip_suffix(quote)) {
            return inner;
        }
    }
    word
}

/// A path whose meaning does not depend on the current directory: absolute, or starting with a
/// variable or `~` whose value iclint cannot know.
fn is_anchored_path(path: &str) -> bool {
    path.starts_with(['/', '$', '~'])
}

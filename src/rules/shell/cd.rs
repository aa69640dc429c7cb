//! `ICL508`: a `cd` whose failure goes unseen.

use super::{Effective, Shell};
use crate::diagnostic::Diagnostic;
use crate::rule::{Origin, Rule, Severity};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static UNCHECKED_CD: Rule = Rule {
    code: "ICL508",
    name: "unchecked-cd",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "a `cd` whose failure goes unseen: the commands after it run in another directory",
    explanation: "A command's text reports the exit status of its last command only. When `cd` \
fails (a directory not made yet, a typo) and a `;` or a line break follows it, the next commands \
run in the directory before, usually `/`: `cd /opt/app; rm -rf *` empties the wrong directory, and \
`make install` runs where there is nothing to make, while the build goes on. Join the commands \
with `&&`, add `|| exit 1`, or start the text with `set -e`. (ShellCheck reports the same as \
SC2164 when it runs; this check needs no ShellCheck.)",
    example: "\
RUN cd /opt/app; make install
",
    fix: "\
RUN cd /opt/app && make install
",
};

/// Whether a `set` command turns on `errexit` (`set -e`, `set -eux`, `set -o errexit`).
fn sets_errexit(effective: &Effective<'_>) -> bool {
    effective.program() == Some("set")
        && (effective.has_option(&['e'], &[], &['o'])
            || effective
                .arguments()
                .windows(2)
                .any(|w| w[0].is("-o") && w[1].is("errexit")))
}

/// The words a text holds when this rule may fire on it (for [`super::worth_parsing`]).
pub const WORDS: &[&str] = &["cd"];

pub fn check(shell: &Shell<'_>, out: &mut Vec<Diagnostic>) {
    let shebang_exits = shell.text.text.lines().next().is_some_and(|line| {
        line.starts_with("#!")
            && line
                .split_whitespace()
                .skip(1)
                .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('e'))
    });
    if shebang_exits {
        return;
    }
    let mut errexit_from = usize::MAX;
    for command in &shell.script.commands {
        let effective = Effective::of(command);
        if sets_errexit(&effective) && command.within.is_none() {
            errexit_from = errexit_from.min(command.span.start);
        }
    }
    for command in &shell.script.commands {
        if command.program() != Some("cd")
            || !command.status_unseen
            || command.span.start > errexit_from
        {
            continue;
        }
        out.push(
            shell
                .finding(
                    &UNCHECKED_CD,
                    command.span,
                    "if this `cd` fails, the commands after it run in another directory",
                )
                .with_label("failure unseen")
                .with_help(
                    "join the next command with `&&`, add `|| exit 1`, or start with `set -e`",
                ),
        );
    }
}

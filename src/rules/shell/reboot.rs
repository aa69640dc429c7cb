//! `ICL506`: a reboot inside a command.

use super::{Effective, Shell};
use crate::diagnostic::{Diagnostic, Edit};
use crate::rule::{Origin, Rule, Severity};
use crate::source::Span;
use crate::syntax::powershell::{Token, TokenKind};
use crate::syntax::shell::{self, ShellText, SimpleCommand};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static REBOOT: Rule = Rule {
    code: "ICL506",
    name: "reboot-in-command",
    severity: Severity::Error,
    origin: Origin::Linter,
    summary: "a reboot inside a command (`reboot`, `shutdown -r`, `Restart-Computer`): use `RESTART` or the Reboot action",
    explanation: "Image Builder runs each command through Cloud Assistant on the build instance. A \
reboot inside a command (`reboot`, `shutdown -r`, `init 6`, `systemctl reboot`, PowerShell's \
`Restart-Computer`) cuts the channel the build runs on: the command never reports back, and the \
build fails or hangs until it times out. Image Builder restarts the instance for you, and waits \
for it: write `RESTART` on a line of its own (Dockerfile format) or a task with the `Reboot` \
action (YAML format), and put what follows after it. In the Dockerfile format, `iclint check \
--fix` rewrites a reboot that is the last thing a `RUN` does, the whole `RUN` or the last command \
of a list joined by `&&` or `;` with nothing after it on the line: the reboot becomes `RESTART` on \
a line of its own (`RUN yum update -y && reboot` becomes `RUN yum update -y`, then `RESTART`). \
Anywhere else (in a pipeline, an `if`, a subshell, after `||`, with a command after it) it offers \
no fix, nor in the YAML format, where the `Reboot` action is a task of its own: the task would \
have to be split around it.",
    example: "\
RUN yum update -y && reboot
",
    fix: "\
RUN yum update -y
RESTART
",
};

/// The words a text holds when this rule may fire on it (for [`super::worth_parsing`]): each
/// program below, or for `systemctl`, its operation.
pub const WORDS: &[&str] = &["reboot", "kexec", "shutdown", "init", "telinit"];

pub fn check(shell: &Shell<'_>, out: &mut Vec<Diagnostic>) {
    for command in &shell.script.commands {
        let effective = Effective::of(command);
        let reboots = match effective.program() {
            Some("reboot") => true,
            Some("shutdown") => effective.has_option(&['r'], &["reboot"], &[]),
            Some("init" | "telinit") => effective.arguments().first().is_some_and(|w| w.is("6")),
            Some("systemctl") => effective
                .operand(&["-H", "-M", "-t", "-p", "--host", "--machine", "--type"])
                .is_some_and(|w| w.is("reboot") || w.is("kexec")),
            _ => false,
        };
        if reboots {
            let mut finding = finding(shell.text.to_content(effective.span()));
            if let Some(edit) = restart(shell, command) {
                finding =
                    finding.with_fix("Replace it with `RESTART` on a line of its own", vec![edit]);
            }
            out.push(finding);
        }
    }
}

/// `Restart-Computer` in PowerShell text: the command word to the end of its statement.
pub fn check_powershell(text: &ShellText, tokens: &[Token], out: &mut Vec<Diagnostic>) {
    for (i, token) in tokens.iter().enumerate() {
        let is_restart = token.kind == TokenKind::Word
            && token
                .text(&text.text)
                .eq_ignore_ascii_case("Restart-Computer");
        if !is_restart {
            continue;
        }
        let end = tokens[i..]
            .iter()
            .take_while(|t| t.kind != TokenKind::End)
            .last()
            .map_or(token.span.end, |t| t.span.end);
        out.push(finding(text.to_content(Span::new(token.span.start, end))));
    }
}

/// The fix of a reboot that is the last thing a Dockerfile-format `RUN` does: the whole `RUN`
/// (`RUN reboot`), or the last command of a list joined by `&&` or `;` (`RUN a && reboot`), with
/// nothing after it on the line but blanks (or a `;`). The `RUN` becomes `RESTART`, or the
/// reboot and its operator become a line break and `RESTART`. Nowhere else: not in a pipeline,
/// an `if`, a subshell or a substitution, not after `||`, and not in the YAML format (whose
/// `Reboot` action is a task of its own).
fn restart(shell: &Shell<'_>, command: &SimpleCommand) -> Option<Edit> {
    let shell::Origin::Command(keyword) = shell.text.origin else {
        return None;
    };
    let content = shell.content;
    let is_run = content
        .get(keyword.range())
        .is_some_and(|k| k.eq_ignore_ascii_case("RUN"));
    if !is_run || !shell.script.complete || command.pipeline.is_some() || command.within.is_some() {
        return None;
    }
    let text = &shell.text.text;
    let blanks: &[char] = &[' ', '\t'];
    // After the command: blanks, or a `;` and blanks.
    let after = text.get(command.span.end..)?;
    let end = match after.trim_start_matches(blanks) {
        "" => command.span.end,
        rest if rest
            .trim_start_matches(';')
            .trim_start_matches(blanks)
            .is_empty()
            && rest.starts_with(';')
            && !rest.starts_with(";;") =>
        {
            command.span.end + after.find(';')? + 1
        }
        _ => return None,
    };
    let before = text.get(..command.span.start)?.trim_end_matches(blanks);
    let (start, replacement) = if before.is_empty() {
        (keyword.start, "RESTART")
    } else {
        let rest = before
            .strip_suffix("&&")
            .or_else(|| before.strip_suffix(';'))?;
        if rest.ends_with(['\\', ';', '&', '|']) {
            return None;
        }
        let rest = rest.trim_end_matches(blanks);
        if rest.is_empty() || rest.ends_with('\n') {
            return None;
        }
        (shell.text.map.end(rest.len()), "\nRESTART")
    };
    let end = shell.text.map.end(end);
    // Nothing but blanks after it on its line (they go with it), and no comment line of a
    // continuation in what it replaces.
    let line = content.get(end..)?.split('\n').next().unwrap_or("");
    let trailing = line.trim_end_matches('\r');
    if !trailing.trim_matches(blanks).is_empty() {
        return None;
    }
    let end = end + trailing.len();
    if content.get(start..end)?.contains('#') {
        return None;
    }
    Some(Edit {
        span: Span::new(start, end),
        replacement: replacement.to_string(),
    })
}

fn finding(span: Span) -> Diagnostic {
    Diagnostic::new(
        &REBOOT,
        span,
        "a reboot inside a command cuts the channel the build runs on",
    )
    .with_label("reboot")
    .with_help(
        "remove it, and restart with `RESTART` on a line of its own (Dockerfile format) or a task with `Action: Reboot` (YAML format)",
    )
}

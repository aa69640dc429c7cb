//! `ICL506`: a reboot inside a command.

use super::{Effective, Shell};
use crate::diagnostic::Diagnostic;
use crate::rule::{Origin, Rule, Severity};
use crate::source::Span;
use crate::syntax::powershell::{Token, TokenKind};
use crate::syntax::shell::ShellText;

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
action (YAML format), and put what follows after it.",
    example: "\
RUN yum update -y && reboot
",
    fix: "\
RUN yum update -y
RESTART
",
};

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
            out.push(finding(shell.text.to_content(effective.span())));
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

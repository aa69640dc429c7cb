//! `ICL503`: a script downloaded and run by a shell in one go.

use super::{DOWNLOADERS, Effective, SHELLS, Shell};
use crate::diagnostic::Diagnostic;
use crate::rule::{Origin, Rule, Severity};
use crate::syntax::shell::Substitution;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static REMOTE_SCRIPT: Rule = Rule {
    code: "ICL503",
    name: "remote-script",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "a remote script run by a shell (`curl ... | sh`, `sh -c \"$(curl ...)\"`, `bash <(curl ...)`)",
    explanation: "A script piped from `curl` or `wget` into a shell runs whatever the server sends at \
build time, as root, in the image you will ship: a changed, truncated or hijacked download becomes \
part of the image, and a download cut half-way runs half a script. The image is not reproducible \
either. Download the script to a file, check it (a checksum, a signature), then run it; or pin the \
version you install. iclint reports `curl`/`wget` piped into `sh`, `bash`, `zsh` and their kin \
(also through `sudo`), `sh -c \"$(curl ...)\"`, `eval \"$(curl ...)\"` and `bash <(curl ...)`. \
Downloading to a file and running the file is not reported.",
    example: "\
RUN curl -fsSL https://get.example.com/install.sh | sudo bash
",
    fix: "\
RUN curl -fsSLo /tmp/install.sh https://get.example.com/install.sh \\
 && echo \"3f5a...  /tmp/install.sh\" | sha256sum -c - \\
 && bash /tmp/install.sh
",
};

/// Whether the command runs a shell or `eval`/`source` (what reads a script).
fn runs_script(effective: &Effective<'_>) -> bool {
    effective
        .program()
        .is_some_and(|p| SHELLS.contains(&p) || matches!(p, "eval" | "source" | "."))
}

pub fn check(shell: &Shell<'_>, out: &mut Vec<Diagnostic>) {
    let commands = &shell.script.commands;
    for (index, command) in commands.iter().enumerate() {
        let effective = Effective::of(command);
        if !effective
            .program()
            .is_some_and(|p| DOWNLOADERS.contains(&p))
        {
            continue;
        }
        // Piped into a shell that reads its script from standard input.
        if let Some((pipeline, position)) = command.pipeline {
            let reader = commands.iter().skip(index + 1).find(|c| {
                c.pipeline
                    .is_some_and(|(p, at)| p == pipeline && at > position)
                    && {
                        let e = Effective::of(c);
                        e.program().is_some_and(|p| SHELLS.contains(&p)) && reads_standard_input(&e)
                    }
            });
            if let Some(reader) = reader {
                out.push(finding(
                    shell,
                    command.span.cover(reader.span),
                    "piped into a shell",
                ));
                continue;
            }
        }
        // In a substitution whose text a shell runs.
        if let Some(within) = command.within {
            let outer = &commands[within.command];
            let runner = Effective::of(outer);
            let runs = match within.kind {
                Substitution::Command => runs_script(&runner),
                Substitution::Process => runs_script(&runner),
            };
            if runs {
                out.push(finding(
                    shell,
                    outer.span,
                    "run by a shell as it is downloaded",
                ));
            }
        }
    }
}

/// A shell reads its script from standard input: no operand, or `-s`.
fn reads_standard_input(shell: &Effective<'_>) -> bool {
    if shell.has_option(&['s'], &[], &[]) {
        return true;
    }
    if shell.has_option(&['c'], &[], &[]) {
        return false;
    }
    shell
        .operand(&["-o", "+o", "-O", "+O"])
        .is_none_or(|w| w.value.as_deref() == Some("-"))
}

fn finding(shell: &Shell<'_>, span: crate::source::Span, how: &str) -> Diagnostic {
    shell
        .finding(
            &REMOTE_SCRIPT,
            span,
            format!("a script from the network is {how}"),
        )
        .with_label("remote script")
        .with_help("download it to a file, check its checksum or signature, then run the file")
}

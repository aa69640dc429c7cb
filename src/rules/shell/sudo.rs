//! `ICL502`: `sudo` as a command.

use super::Shell;
use crate::diagnostic::Diagnostic;
use crate::rule::{Origin, Rule, Severity};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static SUDO: Rule = Rule {
    code: "ICL502",
    name: "sudo",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "`sudo` as a command: the build already runs as root",
    explanation: "Image Builder runs `RUN` and `commandContent` as root, so `sudo` adds nothing, and \
where a command runs as another account (after `USER`, or a task's `username`) `sudo` asks for \
that account's password, which nobody types: the command waits until it times out. Only `sudo` \
run as a command is reported: the word in a path (`/etc/sudoers.d/app`), a string, an argument \
(`usermod -aG sudo deploy`) or a here-document is not.",
    example: "\
RUN sudo yum install -y nginx
",
    fix: "\
RUN yum install -y nginx
",
};

/// The words a text holds when this rule may fire on it (for [`super::worth_parsing`]).
pub const WORDS: &[&str] = &["sudo"];

pub fn check(shell: &Shell<'_>, out: &mut Vec<Diagnostic>) {
    for command in &shell.script.commands {
        if command.program() != Some("sudo") {
            continue;
        }
        let word = &command.words[0];
        out.push(
            shell
                .finding(&SUDO, word.span, "`sudo` in a build that already runs as root")
                .with_label("not needed")
                .with_help(
                    "remove `sudo`; to run as root after `USER`, add `USER root` before this command",
                ),
        );
    }
}

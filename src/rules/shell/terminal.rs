//! `ICL507`: a program that waits for a terminal.

use super::{Effective, Shell};
use crate::diagnostic::Diagnostic;
use crate::rule::{Origin, Rule, Severity};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static TERMINAL: Rule = Rule {
    code: "ICL507",
    name: "waits-for-terminal",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "a program that waits for a terminal (`passwd`, `vi`, `less`, `top`, `ssh-keygen` without `-N`)",
    explanation: "The build has no terminal and nobody at it. `passwd` without `--stdin` asks for a \
password on the terminal; `vi`, `vim`, `nano` and `emacs` without a script, and `less` and `more`, \
wait for keys; `top` without `-b` redraws forever; `ssh-keygen` without `-N` asks for a \
passphrase. The command waits until it times out, or fails. Use the batch form: \
`echo 'user:password' | chpasswd` or `passwd --stdin`, `sed -i` or `vim -es` for edits, `cat`, \
`top -b -n 1`, `ssh-keygen -N '' -f FILE`.",
    example: "\
RUN ssh-keygen -t ed25519 -f /root/.ssh/id_ed25519
",
    fix: "\
RUN ssh-keygen -t ed25519 -N '' -f /root/.ssh/id_ed25519
",
};

/// The words a text holds when this rule may fire on it (for [`super::worth_parsing`]).
pub const WORDS: &[&str] = &[
    "passwd",
    "vi",
    "vim",
    "nvim",
    "nano",
    "emacs",
    "pico",
    "less",
    "more",
    "top",
    "ssh-keygen",
];

pub fn check(shell: &Shell<'_>, out: &mut Vec<Diagnostic>) {
    for command in &shell.script.commands {
        let effective = Effective::of(command);
        let Some(program) = effective.program() else {
            continue;
        };
        if effective.has_unknown_argument() {
            continue;
        }
        let help = match program {
            "passwd"
                if !effective.has_option(
                    &['l', 'u', 'd', 'e', 'S', 'n', 'x', 'w', 'i', 'k'],
                    &[
                        "stdin", "lock", "unlock", "delete", "expire", "status", "mindays",
                        "maxdays", "warndays", "inactive",
                    ],
                    &[],
                ) =>
            {
                "set it without a terminal: `echo 'user:password' | chpasswd`, or `passwd --stdin user`"
            }
            "vi" | "vim" | "nvim" | "nano" | "emacs" | "pico" if !scripted(&effective, program) => {
                "edit without a terminal: `sed -i`, `vim -es -c '...' -c 'wq' FILE`, or write the file with `cat <<EOF`"
            }
            "less" | "more" => "print with `cat`",
            "top"
                if !effective.has_option(
                    &['b'],
                    &["batch"],
                    &['d', 'n', 'p', 'u', 'U', 'o', 'w'],
                ) =>
            {
                "run it in batch mode: `top -b -n 1`"
            }
            "ssh-keygen" if generates_key(&effective) => {
                "give the passphrase: `-N ''` for none, and the file with `-f`"
            }
            _ => continue,
        };
        out.push(
            shell
                .finding(
                    &TERMINAL,
                    effective.span(),
                    format!("`{program}` waits for a terminal, and the build has none"),
                )
                .with_label("waits for a terminal")
                .with_help(help),
        );
    }
}

/// An editor told what to do: `vim -es`, `vim -c ...`, `vim +cmd`, `vim -s script`,
/// `emacs --batch`.
fn scripted(effective: &Effective<'_>, program: &str) -> bool {
    match program {
        "emacs" => {
            effective.has_option(&[], &["batch", "script"], &[])
                || effective
                    .arguments()
                    .iter()
                    .any(|w| w.is("-batch") || w.is("--script"))
        }
        "nano" | "pico" => false,
        _ => {
            effective.has_option(&['c', 's', 'e', 'E', 'S'], &["cmd", "headless"], &[])
                || effective
                    .arguments()
                    .iter()
                    .any(|w| w.value.as_deref().is_some_and(|v| v.starts_with('+')))
        }
    }
}

/// `ssh-keygen` making a key without `-N` (its other modes ask nothing).
fn generates_key(effective: &Effective<'_>) -> bool {
    let other_mode = effective.has_option(
        &[
            'l', 'y', 'F', 'R', 'e', 'i', 'L', 'Q', 'k', 'D', 'Y', 'r', 'B', 'H', 'A', 'p', 's',
        ],
        &["help"],
        &[
            't', 'b', 'C', 'f', 'N', 'P', 'm', 'O', 'Z', 'a', 'n', 'V', 'z', 'I', 'w', 'E',
        ],
    );
    !other_mode
        && !effective.arguments().iter().any(|w| {
            w.value.as_deref().is_some_and(|v| {
                v.starts_with("-N")
                    || (v.starts_with('-') && !v.starts_with("--") && v.contains('N'))
            })
        })
}

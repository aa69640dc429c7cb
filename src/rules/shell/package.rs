//! `ICL501`: a package operation that waits for a confirmation nobody gives.

use super::{Effective, Shell};
use crate::diagnostic::{Diagnostic, Edit};
use crate::rule::{Origin, Rule, Severity};
use crate::source::Span;
use crate::syntax::shell::Word;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static PACKAGE_PROMPT: Rule = Rule {
    code: "ICL501",
    name: "package-prompt",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "a package operation that waits for confirmation (`apt-get install` without `-y`, ...)",
    explanation: "Image Builder runs every `RUN` and `commandContent` through Cloud Assistant, as root, \
with no terminal and no input. A package manager that asks `Do you want to continue? [Y/n]` reads \
end of input and aborts (`apt-get`), or waits until the command times out, half an hour into a \
paid build. iclint reports `apt-get`/`apt` `install`, `upgrade`, `dist-upgrade`, `full-upgrade`, \
`remove`, `purge`, `autoremove` without `-y`/`--yes`/`--assume-yes`; `yum`/`dnf` `install`, \
`update`, `upgrade`, `remove`, `erase`, `groupinstall` (and their kin) without \
`-y`/`--assumeyes`; `zypper` operations without `-n`/`--non-interactive`; `pip uninstall`, \
`conda install`/`create`/`remove` and `add-apt-repository` without `-y`. The flag may stand \
anywhere among the options, combined too (`-yq`). `-qq` does not answer, and neither does \
`DEBIAN_FRONTEND=noninteractive`, which only silences debconf's questions. An argument iclint \
cannot know (`$APT_OPTS`, `{{ flags }}`) may hold the flag, and is given the benefit of the doubt; \
so is input piped in (`yes | ...`). `iclint check --fix` inserts one flag: `-y` right after the \
operation (`apt-get install -y nginx`, `pip uninstall -y`, `conda create -y`), `-n` right after \
`zypper`, before its operation (`zypper -n install git`), `-y` right after `add-apt-repository`. \
It does so only where the word the flag follows is written plainly in the content (no quotes, \
escape, line continuation or `{{ }}` reference in it), and not after a `--`.",
    example: "\
RUN apt-get update && apt-get install nginx
",
    fix: "\
RUN apt-get update && apt-get install -y nginx
",
};

/// How one package manager asks, and how it is told not to.
struct Manager {
    programs: &'static [&'static str],
    /// The operations that ask; empty: every operation.
    operations: &'static [&'static str],
    yes_short: &'static [char],
    yes_long: &'static [&'static str],
    /// Options that take a value as the next word (before the operation).
    with_value: &'static [&'static str],
    short_with_value: &'static [char],
    fix: &'static str,
    /// The flag the fix inserts: after the operation, or after the program's name when the
    /// manager takes it before the operation (`zypper -n install`) or has no operations.
    flag: &'static str,
    flag_before_operation: bool,
}

/// Whether `word` is a program this rule reads (for [`super::worth_parsing`]).
/// The package managers' programs this rule reads.
pub fn programs() -> impl Iterator<Item = &'static str> {
    MANAGERS.iter().flat_map(|m| m.programs.iter().copied())
}

const MANAGERS: &[Manager] = &[
    Manager {
        programs: &["apt-get", "apt", "aptitude"],
        operations: &[
            "install",
            "upgrade",
            "dist-upgrade",
            "full-upgrade",
            "remove",
            "purge",
            "autoremove",
            "reinstall",
        ],
        yes_short: &['y'],
        yes_long: &["yes", "assume-yes", "force-yes"],
        with_value: &[
            "-o",
            "-c",
            "-t",
            "--option",
            "--config-file",
            "--target-release",
        ],
        short_with_value: &['o', 'c', 't'],
        fix: "add `-y`; `DEBIAN_FRONTEND=noninteractive` and `-q` do not answer it",
        flag: "-y",
        flag_before_operation: false,
    },
    Manager {
        programs: &["yum", "dnf", "tdnf"],
        operations: &[
            "install",
            "update",
            "upgrade",
            "remove",
            "erase",
            "groupinstall",
            "groupupdate",
            "groupremove",
            "localinstall",
            "reinstall",
            "downgrade",
            "autoremove",
            "distro-sync",
        ],
        yes_short: &['y'],
        yes_long: &["assumeyes", "assumeno"],
        with_value: &["-c", "-d", "-e", "-R", "-x", "--setopt", "--installroot"],
        short_with_value: &['c', 'd', 'e', 'R', 'x'],
        fix: "add `-y`",
        flag: "-y",
        flag_before_operation: false,
    },
    Manager {
        programs: &["zypper"],
        operations: &[
            "install",
            "in",
            "remove",
            "rm",
            "update",
            "up",
            "dist-upgrade",
            "dup",
            "patch",
            "refresh",
            "ref",
            "addrepo",
            "ar",
            "source-install",
            "si",
            "install-new-recommends",
            "inr",
        ],
        yes_short: &['n', 'y'],
        yes_long: &["non-interactive", "no-confirm"],
        with_value: &["-R", "-r", "-D", "--root", "--repo", "--reposd-dir"],
        short_with_value: &['R', 'r', 'D'],
        fix: "add `-n` before the operation (`zypper -n install ...`)",
        flag: "-n",
        flag_before_operation: true,
    },
    Manager {
        programs: &["pip", "pip3"],
        operations: &["uninstall"],
        yes_short: &['y'],
        yes_long: &["yes"],
        with_value: &[],
        short_with_value: &[],
        fix: "add `-y`",
        flag: "-y",
        flag_before_operation: false,
    },
    Manager {
        programs: &["conda", "mamba"],
        operations: &[
            "install",
            "create",
            "remove",
            "uninstall",
            "update",
            "upgrade",
        ],
        yes_short: &['y'],
        yes_long: &["yes"],
        with_value: &[],
        short_with_value: &[],
        fix: "add `-y`",
        flag: "-y",
        flag_before_operation: false,
    },
    Manager {
        programs: &["add-apt-repository"],
        operations: &[],
        yes_short: &['y'],
        yes_long: &["yes"],
        with_value: &[],
        short_with_value: &[],
        fix: "add `-y`",
        flag: "-y",
        flag_before_operation: false,
    },
];

pub fn check(shell: &Shell<'_>, out: &mut Vec<Diagnostic>) {
    for command in &shell.script.commands {
        let effective = Effective::of(command);
        let Some(program) = effective.program() else {
            continue;
        };
        let Some(manager) = MANAGERS.iter().find(|m| m.programs.contains(&program)) else {
            continue;
        };
        let operation = effective.operand(manager.with_value);
        let asks = match (manager.operations, operation) {
            ([], _) => true,
            (operations, Some(word)) => word
                .value
                .as_deref()
                .is_some_and(|o| operations.contains(&o)),
            (_, None) => false,
        };
        if !asks
            || effective.has_option(
                manager.yes_short,
                manager.yes_long,
                manager.short_with_value,
            )
            || assumes_yes(&effective)
            || effective.has_unknown_argument()
            || effective.has_input()
        {
            continue;
        }
        let what = match operation.and_then(|w| w.value.as_deref()) {
            Some(operation) if !manager.operations.is_empty() => format!("{program} {operation}"),
            _ => program.to_string(),
        };
        let mut finding = shell
            .finding(
                &PACKAGE_PROMPT,
                effective.span(),
                format!(
                    "`{what}` asks for confirmation, and the build has no terminal to answer it"
                ),
            )
            .with_label("waits for a yes")
            .with_help(manager.fix);
        if let Some((title, edit)) = fix(shell, &effective, manager, operation) {
            finding = finding.with_fix(title, vec![edit]);
        }
        out.push(finding);
    }
}

/// The fix: the manager's flag inserted after the operation (after the program's name for
/// `zypper` and `add-apt-repository`), when the word it follows is plain and written as it is
/// in the content, and no `--` stands before the operation (after it, `-y` would be an operand).
fn fix(
    shell: &Shell<'_>,
    effective: &Effective<'_>,
    manager: &Manager,
    operation: Option<&Word>,
) -> Option<(String, Edit)> {
    let program = effective.words.first()?;
    let after = match operation {
        Some(operation) if !manager.operations.is_empty() && !manager.flag_before_operation => {
            let before_operation = effective
                .arguments()
                .iter()
                .take_while(|w| w.span != operation.span);
            if before_operation.clone().any(|w| w.is("--")) {
                return None;
            }
            operation
        }
        None if !manager.operations.is_empty() => return None,
        _ => program,
    };
    let at = shell.end_of_plain(after)?;
    shell.end_of_plain(program)?;
    let flag = manager.flag;
    let title = match operation.and_then(|w| w.value.as_deref()) {
        Some(operation) if manager.flag_before_operation => {
            format!("Add `{flag}` before `{operation}`")
        }
        Some(operation) if !manager.operations.is_empty() => {
            format!("Add `{flag}` after `{operation}`")
        }
        _ => format!("Add `{flag}` after `{}`", effective.program()?),
    };
    Some((
        title,
        Edit {
            span: Span::at(at),
            replacement: format!(" {flag}"),
        },
    ))
}

/// `apt-get -o APT::Get::Assume-Yes=true`.
fn assumes_yes(effective: &Effective<'_>) -> bool {
    effective.arguments().iter().any(|w| {
        w.value
            .as_deref()
            .is_some_and(|v| v.to_ascii_lowercase().contains("assume-yes=true"))
    })
}

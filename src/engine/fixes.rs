//! `iclint check --fix` and `--diff` at the edge: lints the run, fixes each file's text with
//! `crate::fix` (through an [`Overlay`], nothing is written yet), lints the run again on the fixed
//! texts, and so on until nothing is left to fix; then writes the files that changed, each
//! atomically. Every round is a whole run, so a content file is fixed with its manifest's options
//! and the configuration (`ignore`, `per-file-ignores`) decides what is fixed as what is reported.

use super::{Overlay, Settings, check_with};
use crate::config::Config;
use crate::fix::{self, MAX_ROUNDS};
use crate::input::{self, Input};
use crate::options::Options;
use crate::report::FileReport;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file the fixes changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// Its name in the reports (standard input's is the `--stdin-filename`).
    pub name: String,
    pub before: String,
    pub after: String,
    /// How many fixes were applied to it.
    pub fixes: usize,
}

/// What fixing a run did.
#[derive(Debug, Default)]
pub struct Fixes {
    /// The files that changed, by name.
    pub files: Vec<Fixed>,
    /// The texts to lint the run on afterwards: the fixed files, and standard input as read.
    pub overlay: Overlay,
    /// Inputs that could not be read in the first round: the run failed.
    pub errors: Vec<String>,
    /// Standard input could not be read: nothing was linted.
    pub stdin_unread: bool,
}

/// Fixes the files of a run over `paths` (as [`super::check`] lints them) in memory; `first`
/// sees each report of the first round, before any fix. Standard input (`-` among `paths`) is
/// read once, here.
pub fn fix(
    paths: &[PathBuf],
    stdin_name: &str,
    options: &Options,
    config: &Config,
    settings: Settings<'_>,
    first: &mut (dyn FnMut(&FileReport) + Send),
) -> Fixes {
    let mut fixes = Fixes::default();
    if paths.iter().any(|p| p.as_os_str() == "-") {
        match input::read_stdin() {
            Ok(Input::Bytes(bytes)) => {
                fixes.overlay.insert(stdin_name.to_string(), bytes);
            }
            Ok(Input::Oversized(_)) => {
                fixes
                    .errors
                    .push("standard input is too large to fix".to_string());
                fixes.stdin_unread = true;
                return fixes;
            }
            Err(error) => {
                fixes.errors.push(error.to_string());
                fixes.stdin_unread = true;
                return fixes;
            }
        }
    }
    // Each round reads the texts back from its reports.
    let settings = Settings {
        keep_text: true,
        ..settings
    };
    let mut before: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for round in 0..MAX_ROUNDS {
        let mut changed: Vec<(String, String, fix::Applied)> = Vec::new();
        let run = check_with(
            paths,
            stdin_name,
            options,
            config,
            // ShellCheck's findings carry no fix: it runs in the first round only, whose
            // reports are the files as they are (`first`).
            Settings {
                shellcheck: settings.shellcheck.filter(|_| round == 0),
                ..settings
            },
            &fixes.overlay,
            &mut |report: FileReport| {
                if round == 0 {
                    first(&report);
                }
                let text = report.source.text();
                // A content file two manifests name is reported twice: fixed once.
                let name = report.source.name();
                if changed.iter().any(|(n, _, _)| n == name) {
                    return;
                }
                if let Some(applied) = fix::apply(text, &report.diagnostics) {
                    changed.push((report.source.name().to_string(), text.to_string(), applied));
                }
            },
        );
        if round == 0 {
            fixes.errors = run.errors;
        }
        if changed.is_empty() {
            break;
        }
        for (name, text, applied) in changed {
            before.entry(name.clone()).or_insert((text, 0)).1 += applied.fixed;
            fixes.overlay.insert(name, applied.text.into_bytes());
        }
    }
    fixes.files = before
        .into_iter()
        .filter_map(|(name, (before, count))| {
            let after = String::from_utf8(fixes.overlay.get(&name)?.clone()).ok()?;
            (after != before).then_some(Fixed {
                name,
                before,
                after,
                fixes: count,
            })
        })
        .collect();
    fixes
}

/// Writes the fixed text of `file` over the file at its name, atomically (a temporary file
/// beside it, renamed over it, with its permissions), and only when the file still holds the
/// text that was fixed: a file changed meanwhile is left alone, and an error says so.
pub fn write(file: &Fixed) -> io::Result<()> {
    let path = std::fs::canonicalize(Path::new(&file.name))?;
    let now = std::fs::read(&path)?;
    if now != file.before.as_bytes() {
        return Err(io::Error::other(
            "the file changed while it was being fixed; run `iclint check --fix` again",
        ));
    }
    let directory = path.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::NamedTempFile::new_in(directory)?;
    // No `fsync`: as formatters do, the rename makes the change atomic for every reader, and a
    // sync per file made fixing 300 files take seconds instead of a fraction of one.
    temporary.write_all(file.after.as_bytes())?;
    let permissions = std::fs::metadata(&path)?.permissions();
    std::fs::set_permissions(temporary.path(), permissions)?;
    temporary.persist(&path).map_err(|error| error.error)?;
    Ok(())
}

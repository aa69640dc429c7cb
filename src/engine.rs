//! The engine at the edge: discovers the files of a run, reads them (and the content files their
//! manifests want), lints each with the pure core (`crate::lint`) in parallel, runs the checks
//! across files on the facts, applies the configuration, and returns one report per file in path
//! order, whatever the number of threads. All disk reads of a run happen here, in `walk` and in
//! `input`. See `docs/architecture.md`.

use crate::config::Config;
use crate::diagnostic;
use crate::input::{self, Input, InputError};
use crate::lint::{self, FileLint};
use crate::options::{FileKind, Options};
use crate::report::FileReport;
use crate::rules::cross_file::{self, Facts};
use crate::source::SourceFile;
use crate::suppression;
use crate::walk::{self, Target, has_top_level_tasks};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What a run found.
#[derive(Debug, Default)]
pub struct Run {
    /// Sorted by file name.
    pub reports: Vec<FileReport>,
    /// Inputs that could not be read: the run failed (exit status 2).
    pub errors: Vec<String>,
    /// Files skipped on purpose.
    pub notes: Vec<String>,
}

/// How to run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings {
    /// Threads to lint with (0: one per core).
    pub threads: usize,
    /// Keep each file's text for a report that shows source lines (the human report). Without
    /// it, a file's text is dropped as soon as it is linted, and only the positions its findings
    /// need are kept: memory then grows with the findings, not with the repository.
    pub keep_text: bool,
}

/// Lints `paths` (files, directories, and `-` for standard input named `stdin_name`) under
/// `config`; `options` describe raw content that no manifest or configuration describes.
pub fn check(
    paths: &[PathBuf],
    stdin_name: &str,
    options: &Options,
    config: &Config,
    settings: Settings,
) -> Run {
    let options = &Options {
        limits: config.limits,
        ..*options
    };
    let mut run = Run::default();
    let mut facts = Facts::default();
    let mut add = |run: &mut Run, linted: Linted| {
        run.reports.extend(linted.reports);
        facts.extend(linted.facts);
    };
    let stdin_count = paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        run.errors
            .push("`-` (standard input) is given more than once".to_string());
    }
    if stdin_count > 0 {
        let stdin_path = Path::new(stdin_name);
        let stdin_options = config
            .content_options(stdin_path, options)
            .unwrap_or(*options);
        let unit = Unit {
            path: stdin_path,
            name: stdin_name,
            kind: FileKind::of(stdin_path),
            options: &stdin_options,
            keep_text: settings.keep_text,
        };
        match input::read_stdin() {
            Ok(input) => add(&mut run, unit.lint(input)),
            Err(error) => run.errors.push(error.to_string()),
        }
    }
    let files: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let discovery = walk::discover(&files, config, options);
    run.errors.extend(discovery.errors);
    run.notes.extend(discovery.notes);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads)
        .build();
    let targets = run_in(&pool, || unique(discovery.targets));
    let (manifests, contents): (Vec<Identified>, Vec<Identified>) =
        targets.into_iter().partition(|(t, _)| t.kind.is_manifest());
    let lint_all = || {
        // Manifests first: the content files they want are linted with them, with what the
        // manifest says of them, and not again on their own.
        let mut results: Vec<_> = manifests
            .par_iter()
            .map(|(t, _)| lint_target(t, options, settings.keep_text))
            .collect();
        let wanted: HashSet<Identity> = results
            .iter()
            .flatten()
            .flat_map(|linted| linted.content_paths.iter().map(|p| identity(p)))
            .collect();
        let remaining: Vec<&Target> = contents
            .iter()
            .filter(|(_, id)| !wanted.contains(id))
            .map(|(t, _)| t)
            .collect();
        results.par_extend(
            remaining
                .par_iter()
                .map(|t| lint_target(t, options, settings.keep_text)),
        );
        results
    };
    for result in run_in(&pool, lint_all) {
        match result {
            Ok(linted) => add(&mut run, linted),
            Err(error) => run.errors.push(error.to_string()),
        }
    }
    run.reports
        .sort_by(|a, b| a.source.name().cmp(b.source.name()));
    merge_across_files(&mut run.reports, facts, config.component_quota);
    if let Ok(cwd) = std::env::current_dir() {
        for report in &mut run.reports {
            config.apply(report, &cwd);
        }
    }
    run.errors.sort();
    run.notes.sort();
    run
}

/// Runs the checks across files on the run's facts, and merges their findings into the reports
/// (sorted by name), each through its file's suppression directives.
fn merge_across_files(reports: &mut [FileReport], facts: Facts, quota: Option<usize>) {
    let index: HashMap<&str, usize> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| (r.source.name(), i))
        .collect();
    let position =
        |file: &str, offset: usize| index.get(file).map(|&i| reports[i].source.position(offset));
    let found = cross_file::check(&facts, quota, &position);
    let found: Vec<(usize, Vec<diagnostic::Diagnostic>)> = found
        .into_iter()
        .filter_map(|(file, mut findings)| {
            let directives = facts
                .suppressions
                .iter()
                .filter(|(f, _)| *f == file)
                .flat_map(|(_, d)| d.iter().cloned())
                .collect();
            suppression::apply_across_files(directives, &mut findings);
            Some((*index.get(file.as_str())?, findings))
        })
        .collect();
    for (i, findings) in found {
        if !findings.is_empty() {
            reports[i].diagnostics.extend(findings);
            diagnostic::sort(&mut reports[i].diagnostics);
        }
    }
}

/// What linting one file (and the content files it wants) found.
#[derive(Debug, Default)]
struct Linted {
    /// One report per file read, the named file's first.
    reports: Vec<FileReport>,
    /// The paths of the content files it read.
    content_paths: Vec<PathBuf>,
    facts: Facts,
}

/// One file to lint, with what it is.
struct Unit<'a> {
    /// Where it is (content files it wants are relative to it).
    path: &'a Path,
    /// The name its report carries.
    name: &'a str,
    kind: FileKind,
    options: &'a Options,
    keep_text: bool,
}

impl Unit<'_> {
    /// Lints what was read of the file, and the content files it wants.
    fn lint(&self, input: Input) -> Linted {
        let bytes = match input {
            Input::Bytes(bytes) => bytes,
            Input::Oversized(size) => {
                return Linted {
                    reports: vec![oversized(self.name, size, self.options)],
                    ..Linted::default()
                };
            }
        };
        let (text, lint) = lint::lint_bytes(self.name, bytes, self.kind, self.options);
        let FileLint {
            mut diagnostics,
            mut facts,
            wants,
        } = lint;
        let mut reports = Vec::new();
        let mut content_paths = Vec::new();
        let directory = self.path.parent().unwrap_or(Path::new(""));
        for want in wants {
            let path = directory.join(&want.path);
            match input::read_file(&path) {
                Ok(Input::Bytes(bytes)) => {
                    let (text, lint) =
                        lint::lint_bytes(&want.name, bytes, FileKind::Content, &want.options);
                    facts.extend(lint.facts);
                    reports.push(FileReport {
                        source: SourceFile::new(&want.name, text),
                        diagnostics: lint.diagnostics,
                    });
                }
                Ok(Input::Oversized(size)) => {
                    reports.push(oversized(&want.name, size, &want.options))
                }
                Err(error) => {
                    diagnostics.push(want.unreadable(&error.to_string()));
                    diagnostic::sort(&mut diagnostics);
                }
            }
            content_paths.push(path);
        }
        reports.insert(
            0,
            FileReport {
                source: SourceFile::new(self.name, text),
                diagnostics,
            },
        );
        if !self.keep_text {
            for report in &mut reports {
                let offsets: Vec<usize> = facts.offsets_in(report.source.name()).collect();
                report.keep_positions_only(offsets);
            }
        }
        Linted {
            reports,
            content_paths,
            facts,
        }
    }
}

fn lint_target(target: &Target, options: &Options, keep_text: bool) -> Result<Linted, InputError> {
    let input = input::read_file(&target.path)?;
    if target.only_if_tasks {
        let is_content = match &input {
            Input::Oversized(_) => false,
            Input::Bytes(bytes) => std::str::from_utf8(bytes).is_ok_and(has_top_level_tasks),
        };
        if !is_content {
            return Ok(Linted::default());
        }
    }
    let unit = Unit {
        path: &target.path,
        name: &target.name,
        kind: target.kind,
        options: &target.options.unwrap_or(*options),
        keep_text,
    };
    Ok(unit.lint(input))
}

/// The report for a file too large to parse.
fn oversized(name: &str, size: Option<u64>, options: &Options) -> FileReport {
    FileReport {
        source: SourceFile::new(name, String::new()),
        diagnostics: vec![lint::oversized(size, &options.limits)],
    }
}

/// Runs `work` on `pool`, or on rayon's global pool when `pool` could not be built.
fn run_in<R: Send>(
    pool: &Result<rayon::ThreadPool, rayon::ThreadPoolBuildError>,
    work: impl FnOnce() -> R + Send,
) -> R {
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// The same file named twice (or reached twice) is linted once. The identities are found in
/// parallel (a system call each), the first of each kept in order.
fn unique(targets: Vec<Target>) -> Vec<Identified> {
    let identified: Vec<Identified> = targets
        .into_par_iter()
        .map(|t| {
            let id = identity(&t.path);
            (t, id)
        })
        .collect();
    let mut seen = HashSet::new();
    identified
        .into_iter()
        .filter(|(_, id)| seen.insert(id.clone()))
        .collect()
}

/// A target and the file it names.
type Identified = (Target, Identity);

/// What makes two paths the same file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    /// A file with a single name (one link): its device and inode, which one `stat` gives,
    /// where the canonical path costs a system call per path component.
    #[cfg(unix)]
    Inode(u64, u64),
    /// The canonical path when there is one (a file with several hard links is one file per
    /// name, as before).
    Path(PathBuf),
}

fn identity(path: &Path) -> Identity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // One name means one canonical path: the inode tells the same as that path would.
        if let Ok(metadata) = std::fs::metadata(path)
            && metadata.nlink() == 1
        {
            return Identity::Inode(metadata.dev(), metadata.ino());
        }
    }
    Identity::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

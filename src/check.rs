//! Checking a set of paths: discovery, linting in parallel, and one report per file, each file
//! linted once, in a stable order whatever the number of threads.

use crate::config::Config;
use crate::rules::repo::{self, Facts};
use crate::walk::{self, Target, has_top_level_tasks};
use crate::{FileReport, Linted, Options, input, lint_file_and_content_paths, oversized, report};
use rayon::prelude::*;
use std::collections::HashSet;
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

/// Lints `paths` (files, directories, and `-` for standard input named `stdin_name`) on
/// `threads` threads (0: one per core), under `config`.
pub fn check(
    paths: &[PathBuf],
    stdin_name: &str,
    options: &Options,
    config: &Config,
    threads: usize,
) -> Run {
    let options = &Options {
        limits: config.limits,
        ..*options
    };
    let stdin_options = config
        .content_options(std::path::Path::new(stdin_name), options)
        .unwrap_or(*options);
    let mut run = Run::default();
    let mut facts = Facts::default();
    let stdin_count = paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        run.errors
            .push("`-` (standard input) is given more than once".to_string());
    }
    if stdin_count > 0 {
        match crate::lint_stdin_with_facts(stdin_name, &stdin_options) {
            Ok(linted) => {
                run.reports.extend(linted.reports);
                facts.extend(linted.facts);
            }
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
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    let targets = run_in(&pool, || unique(discovery.targets));
    let (manifests, contents): (Vec<Identified>, Vec<Identified>) =
        targets.into_iter().partition(|(t, _)| t.kind.is_manifest());
    let lint_all = || {
        // Manifests first: the content files they read are not linted again on their own.
        let manifest_results: Vec<_> = manifests
            .par_iter()
            .map(|(t, _)| lint_target(t, options))
            .collect();
        let mut read_through_manifests = HashSet::new();
        let mut results = Vec::new();
        for result in manifest_results {
            if let Ok(linted) = &result {
                read_through_manifests.extend(linted.content_paths.iter().map(|p| identity(p)));
            }
            results.push(result);
        }
        let remaining: Vec<&Target> = contents
            .iter()
            .filter(|(_, id)| !read_through_manifests.contains(id))
            .map(|(t, _)| t)
            .collect();
        results.extend(
            remaining
                .par_iter()
                .map(|t| lint_target(t, options))
                .collect::<Vec<_>>(),
        );
        results
    };
    let results = run_in(&pool, lint_all);
    for result in results {
        match result {
            Ok(linted) => {
                run.reports.extend(linted.reports);
                facts.extend(linted.facts);
            }
            Err(error) => run.errors.push(error.to_string()),
        }
    }
    // After the parallel part: the checks across files see every file, in path order.
    report::sort(&mut run.reports);
    repo::check(facts, &mut run.reports, config.component_quota);
    if let Ok(cwd) = std::env::current_dir() {
        for report in &mut run.reports {
            config.apply(report, &cwd);
        }
    }
    report::sort(&mut run.reports);
    run.errors.sort();
    run.notes.sort();
    run
}

fn lint_target(target: &Target, options: &Options) -> Result<Linted, input::InputError> {
    let options = &target.options.unwrap_or(*options);
    match input::read_file(&target.path)? {
        input::Input::Oversized(_) if target.only_if_tasks => Ok(Linted::default()),
        input::Input::Oversized(size) => Ok(Linted {
            reports: vec![oversized(&target.name, size, options)],
            ..Linted::default()
        }),
        input::Input::Bytes(bytes) => {
            if target.only_if_tasks && !std::str::from_utf8(&bytes).is_ok_and(has_top_level_tasks) {
                return Ok(Linted::default());
            }
            Ok(lint_file_and_content_paths(
                &target.path,
                &target.name,
                bytes,
                options,
            ))
        }
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

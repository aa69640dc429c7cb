//! The engine at the edge: discovers the files of a run, reads them (and the content files their
//! manifests want), lints each with the pure core (`crate::lint`) in parallel, runs the checks
//! across files on the facts, applies the configuration, and hands each file's report over in
//! path order, whatever the number of threads. All disk reads of a run happen here, in `walk` and
//! in `input`. See `docs/architecture.md`.
//!
//! A run has two phases. First the manifests, with the content files they want: they decide
//! which content files are theirs, and they hold every component the checks across files need.
//! Their reports wait in a [`spill::Spill`]. Then the raw content, in path order, a batch at a
//! time: each report is handed over as soon as the reports before it are, merged with the
//! waiting ones. Memory holds the facts, one batch and the reports' positions, never the whole
//! repository.

pub mod shellcheck;
mod spill;

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::input::{self, Input, InputError};
use crate::lint::{self, FileLint};
use crate::options::{FileKind, Options};
use crate::report::FileReport;
use crate::rules::cross_file::{self, Facts, Index};
use crate::rules::shell::SHELLCHECK_TWINS;
use crate::source::SourceFile;
use crate::suppression;
use crate::syntax::directives::Directive;
use crate::walk::{self, Target, has_top_level_tasks};
use rayon::prelude::*;
use shellcheck::ShellCheck;
use spill::Spill;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How many files of the second phase are linted at a time: enough to keep every thread busy,
/// few enough that a batch's texts are a small part of the run's memory.
const BATCH: usize = 128;

/// What a run found besides the reports.
#[derive(Debug, Default)]
pub struct Run {
    /// Inputs that could not be read: the run failed (exit status 2).
    pub errors: Vec<String>,
    /// Files skipped on purpose.
    pub notes: Vec<String>,
}

/// How to run.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Threads to lint with (0: one per core).
    pub threads: usize,
    /// Keep each file's text for a report that shows source lines (the human report). Without
    /// it, a file's text is dropped as soon as it is linted, and only the positions its findings
    /// need are kept.
    pub keep_text: bool,
    /// ShellCheck to run on the shell texts, if any.
    pub shellcheck: Option<ShellCheck>,
}

/// Lints `paths` (files, directories, and `-` for standard input named `stdin_name`) under
/// `config`, and hands each file's report to `emit`, in path order; `options` describe raw
/// content that no manifest or configuration describes.
pub fn check(
    paths: &[PathBuf],
    stdin_name: &str,
    options: &Options,
    config: &Config,
    settings: Settings,
    emit: &mut (dyn FnMut(FileReport) + Send),
) -> Run {
    let options = &Options {
        limits: config.limits,
        ..*options
    };
    let mut run = Run::default();
    let mut jobs = Vec::new();
    let stdin_count = paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        run.errors
            .push("`-` (standard input) is given more than once".to_string());
    }
    if stdin_count > 0 {
        let path = PathBuf::from(stdin_name);
        jobs.push(Job {
            target: Target {
                kind: FileKind::of(&path),
                options: config.content_options(&path, options).map(Box::new),
                walked: false,
                only_if_tasks: false,
                path,
            },
            stdin: true,
        });
    }
    let files: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let discovery = walk::discover(&files, config, options);
    run.errors.extend(discovery.errors);
    run.notes.extend(discovery.notes);
    let pool = Pool::new(settings.threads, discovery.targets.len() + jobs.len());
    let targets = unique(&pool, discovery.targets);
    // The manifests and the raw content, each in a vector of its exact size: a run holds a job
    // per file, and the manifests' are dropped after the first phase.
    let is_manifest = |target: &Target| target.kind.is_manifest();
    let count = targets.iter().filter(|(t, _)| is_manifest(t)).count();
    let mut manifests = Vec::with_capacity(count + jobs.len());
    // Each with the file it names (`None`: standard input), to tell whether a manifest wants it.
    let mut contents: Vec<(Job, Option<Identity>)> =
        Vec::with_capacity(targets.len() - count + jobs.len());
    let stdin = jobs.into_iter().map(|job| (job, None));
    let walked = targets.into_iter().map(|(target, id)| {
        let job = Job {
            target,
            stdin: false,
        };
        (job, Some(id))
    });
    for (job, id) in stdin.chain(walked) {
        match is_manifest(&job.target) {
            true => manifests.push(job),
            false => contents.push((job, id)),
        }
    }
    // The raw content is linted and reported in path order.
    contents.sort_by(|(a, _), (b, _)| a.name().cmp(&b.name()));
    let lint = |job: &Job| job.lint(options, &settings);

    // The first phase: the manifests, their reports set aside.
    let first = lint_manifests(&manifests, &lint, &pool, &mut run);
    drop(manifests);
    let index = Index::new(&first.facts);
    let waiting = Waiting {
        found: cross_file::by_file(
            [
                index.check_components(config.component_quota),
                index.check_references(&first.facts.references),
            ]
            .concat(),
        ),
        directives: directives_by_file(&first.facts),
    };
    let mut spilled = match first.spill.into_sorted() {
        Ok(spilled) => Some(spilled),
        Err(error) => {
            run.errors
                .push(format!("cannot take back the manifests' reports: {error}"));
            None
        }
    };

    // The second phase: the raw content in path order, merged with the waiting reports.
    let cwd = std::env::current_dir().ok();
    let mut finish = Finish {
        config,
        cwd: cwd.as_deref(),
        emit,
    };
    let mut emit_waiting_up_to = |name: Option<&str>, finish: &mut Finish<'_>, run: &mut Run| {
        while let Some(spill) = &mut spilled {
            match (spill.next_name(), name) {
                (None, _) => break,
                (Some(next), Some(name)) if next > name => break,
                _ => {}
            }
            match spill.next() {
                Some(Ok(report)) => finish.report(report, &waiting, None),
                Some(Err(error)) => run
                    .errors
                    .push(format!("cannot take back a manifest's report: {error}")),
                None => break,
            }
        }
    };
    let remaining: Vec<&Job> = contents
        .iter()
        .filter(|(_, id)| id.as_ref().is_none_or(|id| !first.wanted.contains(id)))
        .map(|(job, _)| job)
        .collect();
    pipeline(&pool, &remaining, &lint, |result| {
        let linted = match result {
            Ok(linted) => linted,
            Err(error) => {
                run.errors.push(error.to_string());
                return;
            }
        };
        run.errors.extend(linted.errors);
        // Raw template content: its `COMPONENT` lines, against every component.
        let own = Waiting {
            found: cross_file::by_file(index.check_references(&linted.facts.references)),
            directives: directives_by_file(&linted.facts),
        };
        for report in linted.reports {
            emit_waiting_up_to(Some(report.source.name()), &mut finish, &mut run);
            finish.report(report, &waiting, Some(&own));
        }
    });
    emit_waiting_up_to(None, &mut finish, &mut run);
    run.errors.sort();
    run.notes.sort();
    run
}

/// Lints `jobs` on `pool` a batch at a time, and hands each result to `consume`, in order, while
/// the next batch is linted: two batches are in flight at most.
fn pipeline<T: Send>(
    pool: &Pool,
    jobs: &[&Job],
    lint: &(dyn Fn(&Job) -> T + Sync),
    mut consume: impl FnMut(T) + Send,
) {
    if jobs.len() <= 1 {
        // An editor's or a hook's single file: no threads to start or wake.
        jobs.iter().for_each(|job| consume(lint(job)));
        return;
    }
    let lint_batch = |batch: &[&Job]| -> Vec<T> { batch.par_iter().map(|job| lint(job)).collect() };
    pool.run(|| {
        let mut batches = jobs.chunks(BATCH);
        let mut current = batches.next().map(lint_batch);
        while let Some(results) = current.take() {
            let next = batches.next();
            let consume = &mut consume;
            (current, ()) = rayon::join(
                || next.map(lint_batch),
                move || results.into_iter().for_each(consume),
            );
        }
    });
}

/// What the first phase found.
struct First {
    /// The manifests' reports (and their content files'), waiting.
    spill: Spill,
    /// Every manifest's facts, and those of the content files they want.
    facts: Facts,
    /// The content files the manifests want: not linted again on their own.
    wanted: HashSet<Identity>,
}

/// Lints the manifests (and the content files they want) and sets their reports aside.
fn lint_manifests(
    manifests: &[Job],
    lint: &(dyn Fn(&Job) -> Result<Linted, InputError> + Sync),
    pool: &Pool,
    run: &mut Run,
) -> First {
    let mut first = First {
        spill: Spill::new(),
        facts: Facts::default(),
        wanted: HashSet::new(),
    };
    // One component per component manifest at most: no room to grow into.
    let components = manifests
        .iter()
        .filter(|job| matches!(job.target.kind, FileKind::ComponentManifest(_)))
        .count();
    first.facts.components.reserve_exact(components);
    let jobs: Vec<&Job> = manifests.iter().collect();
    pipeline(pool, &jobs, lint, |result| match result {
        Ok(linted) => {
            run.errors.extend(linted.errors);
            for report in &linted.reports {
                if let Err(error) = first.spill.put(report) {
                    run.errors
                        .push(format!("cannot set a report aside: {error}"));
                }
            }
            first
                .wanted
                .extend(linted.content_paths.iter().map(|p| identity(p)));
            first.facts.extend(linted.facts);
        }
        Err(error) => run.errors.push(error.to_string()),
    });
    first
}

/// Findings of the checks across files waiting for their files' reports, and the directives
/// that may suppress them.
struct Waiting {
    found: HashMap<String, Vec<Diagnostic>>,
    directives: HashMap<String, Vec<Directive>>,
}

/// The directives of each file left for the checks across files.
fn directives_by_file(facts: &Facts) -> HashMap<String, Vec<Directive>> {
    let mut by_file: HashMap<String, Vec<Directive>> = HashMap::new();
    for (file, directives) in &facts.suppressions {
        by_file
            .entry(file.clone())
            .or_default()
            .extend(directives.iter().cloned());
    }
    by_file
}

/// The last steps of each report before it is handed over.
struct Finish<'a> {
    config: &'a Config,
    cwd: Option<&'a Path>,
    emit: &'a mut (dyn FnMut(FileReport) + Send),
}

impl Finish<'_> {
    /// Merges the findings of the checks across files into `report` (through its file's
    /// directives), applies the configuration and hands the report over.
    fn report(&mut self, mut report: FileReport, waiting: &Waiting, own: Option<&Waiting>) {
        let name = report.source.name();
        let mut found: Vec<Diagnostic> = [Some(waiting), own]
            .into_iter()
            .flatten()
            .filter_map(|w| w.found.get(name))
            .flatten()
            .cloned()
            .collect();
        if !found.is_empty() {
            let directives: Vec<Directive> = [Some(waiting), own]
                .into_iter()
                .flatten()
                .filter_map(|w| w.directives.get(name))
                .flatten()
                .cloned()
                .collect();
            suppression::apply_across_files(directives, &mut found);
            report.diagnostics.extend(found);
            diagnostic::sort(&mut report.diagnostics);
        }
        if let Some(cwd) = self.cwd {
            self.config.apply(&mut report, cwd);
        }
        (self.emit)(report);
    }
}

/// One file to lint: a target of the walk, or standard input.
struct Job {
    target: Target,
    /// Standard input, named as the target's path says, not the file at that path.
    stdin: bool,
}

impl Job {
    fn name(&self) -> Cow<'_, str> {
        self.target.name()
    }

    /// What the content is, when no manifest says (`base`, unless the configuration says).
    fn options(&self, base: &Options) -> Options {
        self.target.options.as_deref().copied().unwrap_or(*base)
    }

    /// Reads and lints the file and the content files it wants.
    fn lint(&self, base: &Options, settings: &Settings) -> Result<Linted, InputError> {
        let input = if self.stdin {
            input::read_stdin()?
        } else {
            input::read_file(&self.target.path)?
        };
        if self.target.only_if_tasks {
            let is_content = match &input {
                Input::Oversized(_) => false,
                Input::Bytes(bytes) => std::str::from_utf8(bytes).is_ok_and(has_top_level_tasks),
            };
            if !is_content {
                return Ok(Linted::default());
            }
        }
        Ok(self.lint_input(input, &self.options(base), settings))
    }

    /// Lints what was read of the file, and the content files it wants.
    fn lint_input(&self, input: Input, options: &Options, settings: &Settings) -> Linted {
        let keep_text = settings.keep_text;
        let mut errors = Vec::new();
        let name = self.name();
        let bytes = match input {
            Input::Bytes(bytes) => bytes,
            Input::Oversized(size) => {
                return Linted {
                    reports: vec![oversized(&name, size, options)],
                    ..Linted::default()
                };
            }
        };
        let (text, lint) = lint::lint_bytes(&name, bytes, self.target.kind, options);
        let FileLint {
            mut diagnostics,
            mut facts,
            wants,
            shell,
        } = lint;
        if let Some(shellcheck) = &settings.shellcheck {
            run_shellcheck(
                shellcheck,
                &name,
                &shell,
                &facts,
                &mut diagnostics,
                &mut errors,
            );
        }
        drop(shell);
        let mut reports = Vec::new();
        let mut content_paths = Vec::new();
        let directory = self.target.path.parent().unwrap_or(Path::new(""));
        for want in wants {
            let path = directory.join(&want.path);
            match input::read_regular_file(&path) {
                Ok(Input::Bytes(bytes)) => {
                    let (text, lint) =
                        lint::lint_bytes(&want.name, bytes, FileKind::Content, &want.options);
                    let mut found = lint.diagnostics;
                    if let Some(shellcheck) = &settings.shellcheck {
                        run_shellcheck(
                            shellcheck,
                            &want.name,
                            &lint.shell,
                            &lint.facts,
                            &mut found,
                            &mut errors,
                        );
                    }
                    facts.extend(lint.facts);
                    reports.push(FileReport {
                        source: SourceFile::new(&want.name, text),
                        diagnostics: found,
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
                source: SourceFile::new(name, text),
                diagnostics,
            },
        );
        if !keep_text {
            for report in &mut reports {
                let offsets: Vec<usize> = facts.offsets_in(report.source.name()).collect();
                report.keep_positions_only(offsets);
            }
        }
        Linted {
            reports,
            content_paths,
            facts,
            errors,
        }
    }
}

/// Runs ShellCheck on the shell texts of the file `name`, and adds its findings that the file's
/// directives (in `facts`) do not suppress to `found`.
fn run_shellcheck(
    shellcheck: &ShellCheck,
    name: &str,
    texts: &[crate::syntax::shell::ShellText],
    facts: &Facts,
    found: &mut Vec<Diagnostic>,
    errors: &mut Vec<String>,
) {
    if texts.is_empty() {
        return;
    }
    match shellcheck.check(texts) {
        Ok(mut findings) => {
            let directives: Vec<Directive> = facts
                .suppressions
                .iter()
                .filter(|(file, _)| file == name)
                .flat_map(|(_, directives)| directives.iter().cloned())
                .collect();
            suppression::apply_across_files(directives, &mut findings);
            // A finding iclint made already, under its own code, is not repeated.
            findings.retain(|sc| {
                !SHELLCHECK_TWINS.iter().any(|(own, twin)| {
                    sc.code() == *twin
                        && found
                            .iter()
                            .any(|d| d.code() == *own && d.span.start == sc.span.start)
                })
            });
            found.extend(findings);
            diagnostic::sort(found);
        }
        Err(error) => errors.push(format!("{name}: {error}")),
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
    /// What failed besides reading (ShellCheck).
    errors: Vec<String>,
}

/// The report for a file too large to parse.
fn oversized(name: &str, size: Option<u64>, options: &Options) -> FileReport {
    FileReport {
        source: SourceFile::new(name, String::new()),
        diagnostics: vec![lint::oversized(size, &options.limits)],
    }
}

/// At most this many threads, whatever `--threads` asks: more only cost memory and start-up.
const MAX_THREADS: usize = 256;

/// The threads of a run, started when first needed (a run over one file needs none): its own
/// pool of `--threads` (0: one per core), at most one per file and [`MAX_THREADS`], or rayon's
/// global pool when that cannot be built.
struct Pool {
    threads: usize,
    pool: std::sync::OnceLock<Option<rayon::ThreadPool>>,
}

impl Pool {
    fn new(threads: usize, files: usize) -> Self {
        let threads = match threads {
            0 => 0,
            asked => asked.min(MAX_THREADS).min(files.max(1)),
        };
        Pool {
            threads,
            pool: std::sync::OnceLock::new(),
        }
    }

    /// Runs `work` on the pool.
    fn run<R: Send>(&self, work: impl FnOnce() -> R + Send) -> R {
        let pool = self.pool.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(self.threads)
                .build()
                .ok()
        });
        match pool {
            Some(pool) => pool.install(work),
            None => work(),
        }
    }
}

/// The same file named twice (or reached twice) is linted once. The identities are found in
/// parallel (a system call each), the first of each kept in order.
fn unique(pool: &Pool, targets: Vec<Target>) -> Vec<(Target, Identity)> {
    let identify = |t: Target| {
        let id = identity(&t.path);
        (t, id)
    };
    let identified: Vec<(Target, Identity)> = if targets.len() <= 1 {
        targets.into_iter().map(identify).collect()
    } else {
        pool.run(|| targets.into_par_iter().map(identify).collect())
    };
    let mut seen = HashSet::new();
    identified
        .into_iter()
        .filter(|(_, id)| seen.insert(id.clone()))
        .collect()
}

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

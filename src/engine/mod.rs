//! The engine at the edge: discovers the files of a run, reads them (and the content files their
//! manifests want), lints each with the pure core (`crate::lint`) in parallel, runs the checks
//! across files on the facts, applies the configuration, and hands each file's report over in
//! path order, whatever the number of threads. All disk reads of a run happen here, in `walk` and
//! in `input`, and the only writes, `--fix`'s, in [`fixes`]. An [`Overlay`] stands in for files
//! (an editor's buffers, the texts `--fix` has fixed so far): [`lint_buffer`] lints one buffer as
//! a named file for the language server. See `docs/architecture.md`.
//!
//! A run has two phases. First the manifests, with the content files they want: they decide
//! which content files are theirs, and they hold every component the checks across files need.
//! Their reports wait in a [`spill::Spill`]. Then the raw content, in path order, a batch at a
//! time: each report is handed over as soon as the reports before it are, merged with the
//! waiting ones. Memory holds the facts, one batch and the reports' positions, never the whole
//! repository.
//!
//! A run over named files (no directory among them) is linted in the context of its
//! [`Repository`] (`repository.rs`): between the phases, the manifests of the repository that
//! matter to the named files are indexed, for the checks across files and to tell what a named
//! content file is; only the named files are reported, with what involves them.

pub mod fixes;
mod index_cache;
mod repository;
pub mod shellcheck;
mod spill;

pub use repository::Repository;

use crate::catalog::iac::may_hold_terraform_resources;
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::input::{self, Input, InputError};
use crate::lint::{self, FileLint, Want};
use crate::options::{FileKind, Options};
use crate::report::FileReport;
use crate::rules::cross_file::{self, Facts, Index, Reference};
use crate::rules::shell::SHELLCHECK_TWINS;
use crate::source::SourceFile;
use crate::suppression;
use crate::syntax::directives::Directive;
use crate::walk::{self, Target, is_walked_content};
use rayon::prelude::*;
use shellcheck::ShellCheck;
use spill::Spill;
use std::borrow::{Borrow, Cow};
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
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings<'a> {
    /// Threads to lint with (0: one per core).
    pub threads: usize,
    /// Keep each file's text for a report that shows source lines (the human report). Without
    /// it, a file's text is dropped as soon as it is linted, and only the positions its findings
    /// need are kept.
    pub keep_text: bool,
    /// The repository around the named files: when the run does not walk it whole, the named
    /// files are linted in its context (the checks across files see its manifests, and a named
    /// content file is what the manifest that uses it says), and only they are reported (with
    /// the findings of the checks across files that involve them). `None`: the files of the run
    /// alone.
    pub repository: Option<&'a Repository>,
    /// A named file that a directory walk would not lint, and that no manifest uses, is skipped
    /// silently (`--force-exclude`, for hooks that pass every staged file).
    pub force_exclude: bool,
    /// ShellCheck to run on the shell texts, if any.
    pub shellcheck: Option<&'a ShellCheck>,
}

/// Texts that stand in for files, by the name reports give them: an editor's unsaved buffers,
/// or the files as `--fix` has fixed them so far. A file named here is read from here, not from
/// the disk (and need not exist there).
pub type Overlay = HashMap<String, Vec<u8>>;

/// Lints `paths` (files, directories, and `-` for standard input named `stdin_name`) under
/// `config`, and hands each file's report to `emit`, in path order; `options` describe raw
/// content that no manifest or configuration describes.
pub fn check(
    paths: &[PathBuf],
    stdin_name: &str,
    options: &Options,
    config: &Config,
    settings: Settings<'_>,
    emit: &mut (dyn FnMut(FileReport) + Send),
) -> Run {
    check_with(
        paths,
        stdin_name,
        options,
        config,
        settings,
        &Overlay::new(),
        emit,
    )
}

/// Lints one buffer of an editor, `text`, as the file at `path` (absolute, or relative to the
/// current directory): of the kind its name tells, with the content files its manifest names
/// read from the disk, and `config` applied, as `iclint check` lints a file named on the command
/// line. Returns its report (with the text).
///
/// The checks across files see `repository` around it (see [`Repository::around`]), as a run
/// over one named file does; `None`: only this file and its content files. `shellcheck`, when
/// given, runs on its shell texts.
pub fn lint_buffer(
    path: &Path,
    text: &str,
    options: &Options,
    config: &Config,
    repository: Option<&Repository>,
    shellcheck: Option<&ShellCheck>,
) -> FileReport {
    let name = path.to_string_lossy().into_owned();
    let overlay = Overlay::from([(name.clone(), text.as_bytes().to_vec())]);
    let mut found = None;
    let settings = Settings {
        threads: 1,
        keep_text: true,
        repository,
        force_exclude: false,
        shellcheck,
    };
    let paths = [path.to_path_buf()];
    check_with(
        &paths,
        "-",
        options,
        config,
        settings,
        &overlay,
        &mut |report: FileReport| {
            if report.source.name() == name {
                found = Some(report);
            }
        },
    );
    found.unwrap_or_else(|| FileReport {
        source: SourceFile::new(name, text),
        diagnostics: Vec::new(),
    })
}

/// As [`check`], with the files of `overlay` read from it.
pub fn check_with(
    paths: &[PathBuf],
    stdin_name: &str,
    options: &Options,
    config: &Config,
    settings: Settings,
    overlay: &Overlay,
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
    let target = |path: PathBuf| Target::named(path, config, options);
    // Standard input is read first: it is a buffer like an editor's (once: a later round of
    // `--fix` finds it in the overlay).
    if stdin_count > 0 {
        let read = match overlay.get(stdin_name) {
            Some(bytes) => Ok(Input::Bytes(bytes.clone())),
            None => input::read_stdin(),
        };
        match read {
            Ok(input) => jobs.push(Job {
                source: Source::Buffer(Box::new(std::sync::Mutex::new(Some(input)))),
                ..Job::new(target(PathBuf::from(stdin_name)))
            }),
            Err(error) => run.errors.push(error.to_string()),
        }
    }
    // A path the overlay holds is a named file, on the disk or not: a target before those
    // found on the disk, so that the same file found again is linted once.
    let in_overlay = |p: &PathBuf| overlay.contains_key(p.to_string_lossy().as_ref());
    let files: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-" && !in_overlay(p))
        .cloned()
        .collect();
    let mut discovery = walk::discover(&files, config, options, settings.threads.min(MAX_THREADS));
    let buffers = paths
        .iter()
        .filter(|p| in_overlay(p))
        .map(|path| target(path.clone()));
    discovery.targets.splice(0..0, buffers);
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
    let walked = targets
        .into_iter()
        .map(|(target, id)| (Job::new(target), Some(id)));
    for (job, id) in stdin.chain(walked) {
        match is_manifest(&job.target) {
            true => manifests.push(job),
            false => contents.push((job, id)),
        }
    }
    // The raw content is linted and reported in path order.
    contents.sort_by(|(a, _), (b, _)| a.name().cmp(&b.name()));
    let no_names = HashSet::new();
    let lint = |job: &Job| job.lint(options, &settings, overlay, &no_names);

    let repository = settings.repository.filter(|_| Repository::serves(paths));
    // The first phase: the manifests, their reports set aside (and, for the index, their
    // names). Bringing in the repository needs the manifests' jobs after it; a walk does not,
    // and drops each batch's jobs (their paths) once the batch is linted, so that what the
    // phase gathers takes their room.
    let (mut first, manifests) = match repository {
        Some(_) => {
            let jobs = manifests.iter().collect();
            let first = lint_manifests(jobs, &lint, &pool, true, &mut run);
            (first, manifests)
        }
        None => {
            let first = lint_manifests(manifests, &lint, &pool, false, &mut run);
            (first, Vec::new())
        }
    };
    // Named files in their repository: what it adds to the facts and to the run's content.
    let mut around = match repository {
        Some(repository) => repository::bring_in(
            repository,
            &manifests,
            &mut contents,
            &mut first,
            options,
            config,
            &pool,
        ),
        None => repository::Around::default(),
    };
    drop(manifests);
    if settings.force_exclude {
        // Skipped as a walk would skip it: a `.yaml` file without `Tasks`, any other file that
        // no `content-files` glob matches, unless a manifest uses it.
        contents.retain_mut(|(job, id)| {
            let claimed = job.owned || id.as_ref().is_some_and(|id| first.wanted.contains(id));
            if claimed || job.target.options.is_some() {
                return true;
            }
            job.target.only_if_tasks = true;
            walk::walk_would_lint(&job.target.path, false)
        });
    }
    let index = Index::new(&first.facts);
    // The findings on the components now (they are few: a version taken twice, a quota); those
    // on the `COMPONENT` lines as each file's report is handed over, but in the context of a
    // repository, which must know them all to tell what involves a named file.
    let (found, lines) = match repository {
        Some(_) => (
            [
                index.check_components(config.component_quota),
                index.check_references(&first.facts.references),
            ]
            .concat(),
            None,
        ),
        None => (
            index.check_components(config.component_quota),
            Some(Lines::new(&index, &first.facts.references)),
        ),
    };
    let mut found = cross_file::by_file(found);
    if repository.is_some() {
        // Of the repository's other files, only what involves a named file is reported, each in
        // its report (with no finding of its own), set aside with the others.
        repository::keep_involving(&mut found, &around.named, &first.facts, &index);
        for file in found.keys().filter(|file| !around.named.contains(*file)) {
            if let Some(report) = around.reports.remove(file)
                && let Err(error) = first.spill.put(&report)
            {
                run.errors
                    .push(format!("cannot set a report aside: {error}"));
            }
        }
    }
    drop(around);
    let waiting = Waiting {
        found,
        directives: directives_by_file(&first.facts),
        lines,
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
    pipeline(&pool, remaining, &lint, |result| {
        let mut linted = match result {
            Ok(linted) => linted,
            Err(error) => {
                run.errors.push(error.to_string());
                return;
            }
        };
        run.errors.append(&mut linted.errors);
        // Raw template content: its `COMPONENT` lines, against every component.
        let found = if linted.facts.components.is_empty() {
            index.check_references(&linted.facts.references)
        } else {
            defining_components(&first.facts, &linted, config.component_quota)
        };
        let own = Waiting {
            found: cross_file::by_file(found),
            directives: directives_by_file(&linted.facts),
            lines: None,
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
/// the next batch is linted: two batches are in flight at most. Jobs given by value are dropped
/// with their batch.
fn pipeline<J: Borrow<Job> + Send + Sync, T: Send>(
    pool: &Pool,
    jobs: Vec<J>,
    lint: &(dyn Fn(&Job) -> T + Sync),
    mut consume: impl FnMut(T) + Send,
) {
    if jobs.len() <= 1 {
        // An editor's or a hook's single file: no threads to start or wake.
        jobs.iter().for_each(|job| consume(lint(job.borrow())));
        return;
    }
    let lint_batch =
        |batch: Vec<J>| -> Vec<T> { batch.par_iter().map(|job| lint(job.borrow())).collect() };
    // Taken from the end, so that the jobs' vector gives its room back as it goes (by halves).
    let mut jobs = jobs;
    jobs.reverse();
    let mut batches = std::iter::from_fn(move || {
        if jobs.is_empty() {
            return None;
        }
        let mut batch = jobs.split_off(jobs.len().saturating_sub(BATCH));
        batch.reverse();
        if jobs.capacity() > 2 * jobs.len() + BATCH {
            jobs.shrink_to_fit();
        }
        Some(batch)
    });
    // The results are consumed on the calling thread, not on the pool's: what the run keeps
    // (the facts, the spill's index) is allocated there, apart from the pool's threads, whose
    // heaps then hold only the files in flight and do not grow with the repository.
    let mut current = batches.next().map(|batch| pool.run(|| lint_batch(batch)));
    while let Some(results) = current.take() {
        let next = batches.next();
        let mut linted = None;
        pool.in_place_scope(|scope| {
            if let Some(batch) = next {
                let linted = &mut linted;
                scope.spawn(move |_| *linted = Some(lint_batch(batch)));
            }
            results.into_iter().for_each(&mut consume);
        });
        current = linted;
    }
}

/// The findings across files of a file of the second phase that defines components (a ROS
/// template, told from raw content by its text): its `COMPONENT` lines resolve against its own
/// components and the run's, and its components are checked against the run's (findings on this
/// file only: the manifests' reports are already settled).
fn defining_components(run: &Facts, linted: &Linted, quota: Option<usize>) -> cross_file::Found {
    let mut facts = Facts {
        components: run.components.clone(),
        contents: run.contents.clone(),
        ..Facts::default()
    };
    facts.components.append(&linted.facts.components);
    facts.contents.extend(linted.facts.contents.iter().cloned());
    let index = Index::new(&facts);
    let files: HashSet<&str> = linted.reports.iter().map(|r| r.source.name()).collect();
    let mut found = index.check_components(quota);
    found.retain(|(file, _)| files.contains(file.as_str()));
    found.extend(index.check_references(&linted.facts.references));
    found
}

/// What the first phase found.
struct First {
    /// The manifests' reports (and their content files'), waiting.
    spill: Spill,
    /// Every manifest's facts, and those of the content files they want.
    facts: Facts,
    /// The content files the manifests want: not linted again on their own.
    wanted: HashSet<Identity>,
    /// The names of the reports set aside, when the run has a repository to index (a walk
    /// holds a name per manifest: no room for them).
    reported: HashSet<String>,
}

/// Lints the manifests (and the content files they want) and sets their reports aside.
fn lint_manifests<J: Borrow<Job> + Send + Sync>(
    manifests: Vec<J>,
    lint: &(dyn Fn(&Job) -> Result<Linted, InputError> + Sync),
    pool: &Pool,
    keep_names: bool,
    run: &mut Run,
) -> First {
    let mut first = First {
        spill: Spill::new(),
        facts: Facts::default(),
        wanted: HashSet::new(),
        reported: HashSet::new(),
    };
    // One component per component manifest at most: no room to grow into.
    let components = manifests
        .iter()
        .map(Borrow::<Job>::borrow)
        .filter(|job| matches!(job.target.kind, FileKind::ComponentManifest(_)))
        .count();
    first.facts.components.reserve_exact(components);
    pipeline(pool, manifests, lint, |result| match result {
        Ok(linted) => {
            run.errors.extend(linted.errors);
            for report in &linted.reports {
                if keep_names {
                    first.reported.insert(report.source.name().to_string());
                }
                if let Err(error) = first.spill.put(report) {
                    run.errors
                        .push(format!("cannot set a report aside: {error}"));
                }
            }
            first
                .wanted
                .extend(linted.content_paths.iter().map(|p| identity(p)));
            // Copied, not moved: the strings the run keeps are allocated on this thread.
            first.facts.extend_copied(&linted.facts);
        }
        Err(error) => run.errors.push(error.to_string()),
    });
    first
}

/// Findings of the checks across files waiting for their files' reports, and the directives
/// that may suppress them.
struct Waiting<'a> {
    found: HashMap<String, Vec<Diagnostic>>,
    directives: HashMap<String, Vec<Directive>>,
    /// The `COMPONENT` lines whose findings are made when their file's report is handed over.
    lines: Option<Lines<'a>>,
}

impl Waiting<'_> {
    /// The findings waiting for the file `name`, sorted.
    fn found_in(&self, name: &str) -> Vec<Diagnostic> {
        let mut found: Vec<Diagnostic> = self.found.get(name).cloned().unwrap_or_default();
        if let Some(lines) = &self.lines {
            let more = lines.found_in(name);
            if !more.is_empty() {
                found.extend(more);
                diagnostic::sort(&mut found);
            }
        }
        found
    }
}

/// The `COMPONENT` lines of the first phase, by file (each file's in the order they came), and
/// the index to check them against. Their findings are made as each file's report is handed
/// over, not all at once: a run holds no finding of a file that is not being reported.
struct Lines<'a> {
    index: &'a Index<'a>,
    by_file: Vec<&'a Reference>,
}

impl<'a> Lines<'a> {
    fn new(index: &'a Index<'a>, references: &'a [Reference]) -> Self {
        let mut by_file: Vec<&Reference> = references.iter().collect();
        by_file.sort_by(|a, b| a.file.cmp(&b.file));
        Lines { index, by_file }
    }

    fn found_in(&self, name: &str) -> Vec<Diagnostic> {
        let start = self.by_file.partition_point(|r| r.file.as_str() < name);
        let lines = self.by_file[start..]
            .iter()
            .copied()
            .take_while(|r| r.file == name);
        let found = self.index.check_references(lines);
        found
            .into_iter()
            .map(|(_, diagnostic)| diagnostic)
            .collect()
    }
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
            .flat_map(|w| w.found_in(name))
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

/// Where a job's bytes come from.
enum Source {
    /// The file at the target's path.
    Disk,
    /// Standard input or a buffer, named as the target's path says, not the file at that
    /// path (taken when linted: a job is linted once). Boxed: a run holds a job per file, and
    /// one at most is a buffer.
    Buffer(Box<std::sync::Mutex<Option<Input>>>),
}

/// One file to lint: a target of the walk, standard input or a buffer.
struct Job {
    target: Target,
    source: Source,
    /// A content file that a manifest of the repository (not of the run) uses: its options
    /// are that manifest's.
    owned: bool,
}

impl Job {
    fn new(target: Target) -> Self {
        Job {
            target,
            source: Source::Disk,
            owned: false,
        }
    }

    fn name(&self) -> Cow<'_, str> {
        self.target.name()
    }

    /// What the content is, when no manifest says (`base`, unless the configuration says).
    fn options(&self, base: &Options) -> Options {
        self.target.options.as_deref().copied().unwrap_or(*base)
    }

    /// Reads and lints the file and the content files it wants.
    /// The content files it wants that are among `named` (canonical paths) are not read: the
    /// run lints them itself, and [`Linted::owned`] says what they are. A file the overlay holds
    /// is read from there.
    fn lint(
        &self,
        base: &Options,
        settings: &Settings<'_>,
        overlay: &Overlay,
        named: &HashSet<PathBuf>,
    ) -> Result<Linted, InputError> {
        let input = match &self.source {
            Source::Disk => match overlay.get(self.name().as_ref()) {
                Some(bytes) => Input::Bytes(bytes.clone()),
                None => input::read_file(&self.target.path)?,
            },
            Source::Buffer(input) => input
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .unwrap_or(Input::Bytes(Vec::new())),
        };
        if self.target.only_if_tasks {
            let is_content = match &input {
                Input::Oversized(_) => false,
                Input::Bytes(bytes) => std::str::from_utf8(bytes)
                    .is_ok_and(|text| is_walked_content(&self.target.path, text)),
            };
            if !is_content {
                return Ok(Linted::default());
            }
        }
        // A Terraform file without an Image Builder resource is none of iclint's business.
        if self.target.kind == FileKind::Terraform
            && !matches!(&input, Input::Bytes(bytes) if may_hold_terraform_resources(bytes))
        {
            return Ok(Linted::default());
        }
        Ok(self.lint_input(input, &self.options(base), settings, overlay, named))
    }

    /// Lints what was read of the file, and the content files it wants (but those among
    /// `named`; those the overlay holds are read from there).
    fn lint_input(
        &self,
        input: Input,
        options: &Options,
        settings: &Settings<'_>,
        overlay: &Overlay,
        named: &HashSet<PathBuf>,
    ) -> Linted {
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
        if let Some(shellcheck) = settings.shellcheck {
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
        let mut owned = Vec::new();
        let directory = self.target.path.parent().unwrap_or(Path::new(""));
        for want in wants {
            let path = directory.join(&want.path);
            if !named.is_empty()
                && let Some(canonical) = repository::canonical(&path)
                && named.contains(&canonical)
            {
                owned.push((canonical, want));
                continue;
            }
            let read = match overlay.get(&want.name) {
                Some(bytes) => Ok(Input::Bytes(bytes.clone())),
                None => input::read_regular_file(&path),
            };
            match read {
                Ok(Input::Bytes(bytes)) => {
                    let (text, lint) =
                        lint::lint_bytes(&want.name, bytes, FileKind::Content, &want.options);
                    let mut found = lint.diagnostics;
                    if let Some(shellcheck) = settings.shellcheck {
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
                    // Named as its report would be (`want.name`), so that a walk and a run
                    // that names the manifest say the same.
                    let error = InputError {
                        path: PathBuf::from(&want.name),
                        ..error
                    };
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
            owned,
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
    /// The wanted content files it left to the run (canonical path), with what it says of them.
    owned: Vec<(PathBuf, Want)>,
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

    fn pool(&self) -> Option<&rayon::ThreadPool> {
        self.pool
            .get_or_init(|| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(self.threads)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Runs `work` on the pool.
    fn run<R: Send>(&self, work: impl FnOnce() -> R + Send) -> R {
        match self.pool() {
            Some(pool) => pool.install(work),
            None => work(),
        }
    }

    /// Runs `work` on the calling thread, with a scope whose tasks run on the pool; returns
    /// when they are done.
    fn in_place_scope<'scope>(&self, work: impl FnOnce(&rayon::Scope<'scope>)) {
        match self.pool() {
            Some(pool) => pool.in_place_scope(work),
            None => rayon::in_place_scope(work),
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
    /// name, as before). Boxed without spare capacity: a run holds an identity per file.
    Path(Box<Path>),
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
    Identity::Path(
        std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .into_boxed_path(),
    )
}

//! The repository around the named files (docs/architecture.md, "The repository around the
//! named files"). A pre-commit hook, an editor or a CI job over changed files names *some*
//! files of a repository; the checks across files and what a content file is come from the
//! repository as a whole. [`Repository::discover`] finds the project root; [`index`] reads the
//! manifests under it that may matter to the named files and lints them with their reports set
//! aside, for their facts, and to learn which manifest uses a named content file.
//!
//! It is kept cheap: the walk lists the manifests by name only, each is read and searched for
//! the words the named files make matter (a component's `Name`, a `COMPONENT` line's component,
//! a content file's name) in one pass, and only the manifests that hold one are parsed.

use super::{First, Identity, Job, Linted, Overlay, Pool, Settings, Source, index_cache};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::input::{self, Input};
use crate::lint::Want;
use crate::options::Options;
use crate::report::FileReport;
use crate::rules::cross_file;
use crate::rules::cross_file::Facts;
use crate::walk::{self, Target};
use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The project a run's named files belong to.
#[derive(Debug, Clone)]
pub struct Repository {
    /// The project root as the run names it: `.` for the current directory, `..` (and so on)
    /// for a directory above it, else as found; the manifests under it are named from here.
    root: PathBuf,
    /// The root without symbolic links.
    canonical: PathBuf,
    /// Where the index's cache is kept (`None`: no cache): see `index_cache/`.
    cache: Option<PathBuf>,
}

impl Repository {
    /// The repository of a run started in `cwd` under `config`: its root is the directory of the
    /// configuration file, else the top of the git work tree around `cwd` (found by its `.git`,
    /// without git), else `cwd`.
    pub fn discover(cwd: &Path, config: &Config) -> Repository {
        let found = walk::project_root(cwd, config.file.as_deref());
        let canonical = std::fs::canonicalize(&found).unwrap_or_else(|_| found.clone());
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        let root = match cwd.strip_prefix(&canonical) {
            Ok(below) if below.as_os_str().is_empty() => PathBuf::from("."),
            Ok(below) => below.components().map(|_| Component::ParentDir).collect(),
            Err(_) => found,
        };
        let cache = Some(default_cache_dir(&canonical, config));
        Repository {
            root,
            canonical,
            cache,
        }
    }

    /// The repository around the file at `path` (absolute, as an editor names its buffers),
    /// found from the file's directory as [`Repository::discover`] finds it from a run's; its
    /// root is absolute, so that its files are named as the buffer is.
    pub fn around(path: &Path, config: &Config) -> Repository {
        let directory = path.parent().unwrap_or(Path::new("/"));
        let found = walk::project_root(directory, config.file.as_deref());
        let canonical = std::fs::canonicalize(&found).unwrap_or(found);
        let cache = Some(default_cache_dir(&canonical, config));
        Repository {
            root: canonical.clone(),
            canonical,
            cache,
        }
    }

    /// The same repository with its index's cache kept in `directory`, or kept nowhere
    /// (`--cache-dir`, `--no-cache`).
    pub fn with_cache_dir(self, directory: Option<PathBuf>) -> Repository {
        Repository {
            cache: directory,
            ..self
        }
    }

    /// Where the index's cache is kept, if anywhere.
    pub fn cache_dir(&self) -> Option<&Path> {
        self.cache.as_deref()
    }

    /// The project root, as the run names it.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether a run over `paths` is one the index serves: it names files (or standard input)
    /// and no directory. A run that names a directory walks it and lints what it finds as a
    /// world of its own, as it always has: the whole repository (its root or above) needs no
    /// index, and a walk of a subdirectory (`iclint check components/`) asks for that subtree
    /// (indexing around it would cost a canonical path and the words of every file it walks).
    pub fn serves(paths: &[PathBuf]) -> bool {
        !paths.iter().any(|path| {
            path.as_os_str() != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_dir())
        })
    }

    /// The canonical form of a path the walk of the root found (`root/...`), without a
    /// system call.
    fn canonical_of(&self, walked: &Path) -> PathBuf {
        match walked.strip_prefix(&self.root) {
            Ok(below) => self.canonical.join(below),
            Err(_) => walked.to_path_buf(),
        }
    }
}

/// Where the index's cache is kept unless the command line says otherwise: the configuration's
/// `cache-dir`, else `.iclint_cache` in the project root.
fn default_cache_dir(canonical: &Path, config: &Config) -> PathBuf {
    config
        .cache_dir
        .clone()
        .unwrap_or_else(|| canonical.join(index_cache::DEFAULT_DIR))
}

/// What the repository around the named files holds for them.
#[derive(Debug, Default)]
pub(super) struct Around {
    /// The report names of the run's own files (named, or read for a named manifest).
    pub named: HashSet<String>,
    /// The facts of the manifests indexed (and of the content files they use).
    pub facts: Facts,
    /// Each indexed manifest's report, its findings dropped: handed over only when a check
    /// across files finds in it something that involves a named file.
    pub reports: HashMap<String, FileReport>,
    /// The named content files that an indexed manifest uses (by canonical path): what the
    /// manifest says they are.
    pub owners: HashMap<PathBuf, Want>,
}

/// Brings in the repository around the named files, once the named manifests are linted
/// (`first`): indexes the manifests that matter to the named files, adds their facts to
/// `first`'s, and makes each named content file that one of them uses what it says. Returns
/// what the rest of the run needs: the named files' report names, the index's reports.
pub(super) fn bring_in(
    repository: &Repository,
    manifests: &[Job],
    contents: &mut [(Job, Option<Identity>)],
    first: &mut First,
    options: &Options,
    config: &Config,
    pool: &Pool,
) -> Around {
    let jobs = || manifests.iter().chain(contents.iter().map(|(job, _)| job));
    let named: HashSet<PathBuf> = jobs()
        .filter_map(|job| canonical(&job.target.path))
        .collect();
    let mut names: HashSet<String> = jobs().map(|job| job.name().into_owned()).collect();
    names.extend(first.reported.iter().cloned());
    let unclaimed: Vec<&Job> = contents
        .iter()
        .filter(|(_, id)| id.as_ref().is_none_or(|id| !first.wanted.contains(id)))
        .map(|(job, _)| job)
        .collect();
    let words = words(&first.facts, &unclaimed, config.component_quota.is_some());
    let mut around = index(repository, &named, &words, options, config, pool);
    around.named = names;
    // A named content file that a manifest of the repository uses is what that manifest says
    // it is, whatever its name; the index's facts name it as the run does.
    let mut renamed = HashMap::new();
    for (job, _) in contents.iter_mut() {
        let Some(want) = canonical(&job.target.path).and_then(|path| around.owners.get(&path))
        else {
            continue;
        };
        job.target.options = Some(Box::new(want.options));
        job.target.only_if_tasks = false;
        job.owned = true;
        renamed.insert(want.name.clone(), job.name().into_owned());
    }
    rename_owned(&mut around.facts, &renamed);
    first.facts.extend(std::mem::take(&mut around.facts));
    around
}

/// Keeps, of the findings of the checks across files (by file), those of the `named` files,
/// and of the other files those that involve a named file: whose related place is in one; a
/// region over the quota that a named component is in (whichever manifest comes over it in
/// path order carries the finding); a `COMPONENT` line that resolves to a named component.
pub(super) fn keep_involving(
    found: &mut HashMap<String, Vec<Diagnostic>>,
    named: &HashSet<String>,
    facts: &Facts,
    index: &cross_file::Index<'_>,
) {
    // The `COMPONENT` lines of the other files that name a named component.
    let mut lines: HashMap<&str, Vec<crate::source::Span>> = HashMap::new();
    for reference in &facts.references {
        if !named.contains(&reference.file)
            && index
                .resolved(reference)
                .is_some_and(|component| named.contains(component.file()))
        {
            lines
                .entry(reference.file.as_str())
                .or_default()
                .push(reference.line.span);
        }
    }
    let region_of = |c: cross_file::ComponentRef<'_>| c.region().map(|(r, _)| r.to_string());
    let named_regions: HashSet<String> = facts
        .components
        .iter()
        .filter(|c| named.contains(c.file()))
        .filter_map(region_of)
        .collect();
    let regions: HashMap<&str, String> = facts
        .components
        .iter()
        .filter_map(|c| Some((c.file(), region_of(c)?)))
        .collect();
    found.retain(|file, findings| {
        if named.contains(file) {
            return true;
        }
        let in_named_region = regions
            .get(file.as_str())
            .is_some_and(|region| named_regions.contains(region));
        let lines = lines.get(file.as_str()).map_or(&[][..], Vec::as_slice);
        findings.retain(|finding| {
            let quota = finding.rule.code == cross_file::QUOTA_EXCEEDED.code;
            let on_line = lines
                .iter()
                .any(|line| line.start <= finding.span.start && finding.span.start <= line.end);
            (quota && in_named_region)
                || on_line
                || finding.related.iter().any(|related| {
                    related
                        .elsewhere
                        .as_ref()
                        .is_some_and(|place| named.contains(&place.file))
                })
        });
        !findings.is_empty()
    });
}

/// Indexes the manifests of `repository` that hold one of `words`, except the `named` files
/// (canonical paths), which the run lints itself.
fn index(
    repository: &Repository,
    named: &HashSet<PathBuf>,
    words: &[Vec<u8>],
    base: &Options,
    config: &Config,
    pool: &Pool,
) -> Around {
    let mut around = Around::default();
    if words.is_empty() {
        return around;
    }
    let Ok(search) = AhoCorasick::new(words) else {
        return around;
    };
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    // The bytes of a manifest that holds a word.
    let holding = |path: &Path| {
        BUFFER.with_borrow_mut(|buffer| {
            (input::read_into(path, buffer) && search.find(&buffer[..]).is_some())
                .then(|| buffer.clone())
        })
    };
    let found = Mutex::new(Vec::new());
    match &repository.cache {
        // The cache says which manifests hold a word; each is read again (one or a few), and
        // searched again, as it may have changed since.
        Some(cache) => {
            let paths = index_cache::manifests_holding(
                &repository.root,
                &repository.canonical,
                cache,
                words,
                &search,
                pool,
            );
            let mut found = lock(&found);
            for path in paths {
                if !named.contains(&repository.canonical_of(&path))
                    && let Some(bytes) = holding(&path)
                {
                    found.push((path, bytes));
                }
            }
        }
        // Each manifest is read, into a buffer of its thread, as the walk finds it; only those
        // that hold a word are kept, and then linted.
        None => walk::each_manifest(&repository.root, pool.threads, &|path| {
            if named.contains(&repository.canonical_of(&path)) {
                return;
            }
            if let Some(bytes) = holding(&path) {
                lock(&found).push((path, bytes));
            }
        }),
    }
    let mut found = found.into_inner().unwrap_or_else(|e| e.into_inner());
    // Path order, whatever order the walk's threads found them in: the first manifest that uses
    // a named content file says what it is.
    found.sort_by(|(a, _), (b, _)| a.cmp(b));
    let index_one = |(path, bytes): (PathBuf, Vec<u8>)| -> Linted {
        // Named as the walk of the root names it.
        let job = Job::new(Target {
            walked: true,
            ..Target::named(path, config, base)
        });
        // The repository's other manifests as they are on the disk: an overlay holds only the
        // run's own (named) files.
        let overlay = Overlay::new();
        job.lint_input(
            Input::Bytes(bytes),
            &job.options(base),
            // Nothing of it is reported: no text to keep, no ShellCheck to run.
            &Settings::default(),
            &overlay,
            named,
        )
    };
    let linted: Vec<Linted> = match found.len() {
        0 | 1 => found.into_iter().map(index_one).collect(),
        _ => pool.run(|| found.into_par_iter().map(index_one).collect()),
    };
    for linted in linted {
        for (path, want) in linted.owned {
            around.owners.entry(path).or_insert(want);
        }
        for mut report in linted.reports {
            report.diagnostics.clear();
            around
                .reports
                .insert(report.source.name().to_string(), report);
        }
        around.facts.extend(linted.facts);
    }
    around
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The words that make a manifest of the repository matter to the named files: the `Name` of
/// each named component (another with the same `Name` may take its version), the component
/// of each `COMPONENT` line named by ARN, the `RegionId`s when the quota is checked, and the
/// file name of each named content file (the manifest that uses it names it).
fn words(facts: &Facts, contents: &[&Job], quota: bool) -> Vec<Vec<u8>> {
    let mut words: HashSet<Vec<u8>> = HashSet::new();
    for component in facts.components.iter() {
        if let Some((name, _)) = component.name() {
            words.insert(name.as_bytes().to_vec());
        }
        if quota && let Some((region, _)) = component.region() {
            words.insert(region.as_bytes().to_vec());
        }
    }
    for reference in &facts.references {
        if let Some(name) = reference
            .line
            .target
            .as_ref()
            .and_then(|t| t.parsed.as_ref().ok())
            .and_then(|t| match t {
                crate::catalog::template::ComponentTarget::Arn { name, .. } => Some(name),
                crate::catalog::template::ComponentTarget::Id(_) => None,
            })
        {
            words.insert(name.as_bytes().to_vec());
        }
    }
    for job in contents {
        if let Some(file) = job.target.path.file_name() {
            words.insert(file.to_string_lossy().as_bytes().to_vec());
        }
        match &job.source {
            Source::Disk => {
                if let Ok(Input::Bytes(bytes)) = input::read_file(&job.target.path) {
                    words.extend(arn_names(&bytes));
                }
            }
            Source::Buffer(input) => {
                if let Some(Input::Bytes(bytes)) =
                    input.lock().unwrap_or_else(|e| e.into_inner()).as_ref()
                {
                    words.extend(arn_names(bytes));
                }
            }
        }
    }
    words.retain(|w| !w.is_empty());
    let mut words: Vec<Vec<u8>> = words.into_iter().collect();
    words.sort();
    words
}

/// The component names of the ARNs in raw content (`.../imagecomponent/<Name>/...`): raw
/// template content names its components only there, and it is not parsed before the index.
pub(super) fn arn_names(bytes: &[u8]) -> Vec<Vec<u8>> {
    const MARK: &[u8] = b"imagecomponent/";
    let mut names = Vec::new();
    let mut rest = bytes;
    while let Some(at) = rest.windows(MARK.len()).position(|w| w == MARK) {
        rest = &rest[at + MARK.len()..];
        let end = rest
            .iter()
            .position(|b| matches!(b, b'/' | b':' | b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\''))
            .unwrap_or(rest.len());
        names.push(rest[..end].to_vec());
    }
    names
}

/// Gives the named content files that indexed manifests use the names the run gives them, so
/// that a component's parameters are found in the named file's facts.
fn rename_owned(facts: &mut Facts, renamed: &HashMap<String, String>) {
    if renamed.is_empty() {
        return;
    }
    facts
        .components
        .rename_in_files(|file| renamed.get(file).cloned());
    facts.contents.retain(|c| !renamed.contains_key(&c.file));
}

/// The canonical path of a named file (standard input: the path it is named after), when it
/// exists.
pub(super) fn canonical(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_names_are_found_in_raw_content() {
        let text = b"COMPONENT acs:ecs:cn-hangzhou:1:imagecomponent/web/1.*.*\nCOMPONENT acs:ecs:cn-hangzhou:1:imagecomponent/db:1.0.0 --x 1\n";
        assert_eq!(arn_names(text), vec![b"web".to_vec(), b"db".to_vec()]);
    }

    #[test]
    fn the_root_is_the_configuration_directory_else_the_git_top() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        assert_eq!(walk::project_root(&sub, None), sub);
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        assert_eq!(walk::project_root(&sub, None), dir.path());
        let config = dir.path().join("a/.iclint.yaml");
        assert_eq!(
            walk::project_root(&sub, Some(&config)),
            dir.path().join("a")
        );
        let repository = Repository::discover(&sub, &Config::default());
        assert_eq!(repository.root(), Path::new("../.."));
    }
}

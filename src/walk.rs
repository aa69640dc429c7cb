//! Discovery: from the paths on the command line to the files to lint (docs/architecture.md,
//! "Contracts").
//!
//! A path named on the command line is always linted. Directories are walked with the `ignore`
//! crate: hidden and `.gitignore`d paths are skipped, symbolic links to directories are not
//! followed (so a link loop cannot trap the walk), and anything that is not a regular file (a
//! FIFO, a socket) is skipped with a note.

use crate::catalog::iac::may_be_ros_template;
use crate::config::Config;
use crate::options::{FileKind, Options};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// A file to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    /// Found by walking a directory (reports name it without a leading `./`), not named on the
    /// command line (reports name it as given): see [`Target::name`].
    pub walked: bool,
    pub kind: FileKind,
    /// Found by walking a directory as a `.yaml`/`.yml`/`.json` file that is not a manifest:
    /// linted only when its top level has a `Tasks` key (not for `.json`), or it is a ROS template
    /// of Image Builder resources.
    pub only_if_tasks: bool,
    /// What the configuration's `content-files` says about this raw content file, if it matches
    /// (boxed: most files match none, and a run holds a target per file).
    pub options: Option<Box<Options>>,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovery {
    pub targets: Vec<Target>,
    /// Paths that could not be walked or do not exist: the run fails (exit status 2).
    pub errors: Vec<String>,
    /// Files skipped on purpose, worth a word on standard error.
    pub notes: Vec<String>,
}

/// Finds the files to lint under `paths` (files and directories; not `-`), walking directories
/// on `threads` threads (0: one per core). The configuration adds raw content files by glob,
/// with their options based on `base`.
pub fn discover(paths: &[PathBuf], config: &Config, base: &Options, threads: usize) -> Discovery {
    let mut found = Discovery::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => walk(path, config, base, threads, &mut found),
            Ok(_) => found
                .targets
                .push(Target::named(path.clone(), config, base)),
            Err(error) => found.errors.push(
                crate::input::InputError {
                    path: path.clone(),
                    error,
                }
                .to_string(),
            ),
        }
    }
    found
}

/// What every walk skips, in one place: hidden paths, what `.gitignore` (and the repository's
/// `info/exclude`) ignore, whether or not the tree is a git repository; links are not followed.
fn walk_builder(root: &Path) -> ignore::WalkBuilder {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false);
    builder
}

/// Walks `root` in parallel; what it finds comes in the order of a walk that enters each
/// directory's entries by name (the threads meet them in any order).
fn walk(root: &Path, config: &Config, base: &Options, threads: usize, found: &mut Discovery) {
    let walked = Mutex::new(Discovery::default());
    walk_builder(root)
        .threads(threads)
        .build_parallel()
        .run(|| {
            let mut gathered = Gathered {
                found: Discovery::default(),
                into: &walked,
            };
            Box::new(move |entry| {
                meet(entry, config, base, &mut gathered.found);
                ignore::WalkState::Continue
            })
        });
    let mut walked = walked.into_inner().unwrap_or_else(PoisonError::into_inner);
    // Copied on this thread: a path allocated by a walk's thread would pin a page of that
    // thread's heap, gone with the thread, for the whole run (1.3 MB at 40,000 files).
    for target in &mut walked.targets {
        target.path = target.path.as_path().to_path_buf();
    }
    walked
        .targets
        .sort_unstable_by(|a, b| walk_order(&a.path, &b.path));
    found.targets.append(&mut walked.targets);
    found.errors.append(&mut walked.errors);
    found.notes.append(&mut walked.notes);
}

/// What one thread of a walk found, added to the walk's when the thread is done.
struct Gathered<'a> {
    found: Discovery,
    into: &'a Mutex<Discovery>,
}

impl Drop for Gathered<'_> {
    fn drop(&mut self) {
        let mut into = self.into.lock().unwrap_or_else(PoisonError::into_inner);
        into.targets.append(&mut self.found.targets);
        into.errors.append(&mut self.found.errors);
        into.notes.append(&mut self.found.notes);
    }
}

/// Adds what a walk met to `found`: a file to lint, a file skipped (a note) or an error.
fn meet(
    entry: Result<ignore::DirEntry, ignore::Error>,
    config: &Config,
    base: &Options,
    found: &mut Discovery,
) {
    let entry = match entry {
        Ok(entry) => entry,
        Err(error) => {
            found
                .errors
                .push(format!("cannot walk {}", describe_walk_error(&error)));
            return;
        }
    };
    let Some(file_type) = entry.file_type() else {
        return;
    };
    if file_type.is_dir() {
        return;
    }
    let path = entry.path();
    let options = config.content_options(path, base);
    let Some(kind) = recognise(path).or(options.map(|_| FileKind::Content)) else {
        return;
    };
    let is_regular = if file_type.is_symlink() {
        std::fs::metadata(path).is_ok_and(|m| m.is_file())
    } else {
        file_type.is_file()
    };
    if !is_regular {
        found
            .notes
            .push(format!("skipping `{}`: not a regular file", path.display()));
        return;
    }
    found.targets.push(Target {
        path: entry.into_path(),
        walked: true,
        kind,
        only_if_tasks: kind == FileKind::Content && options.is_none(),
        options: options.map(Box::new),
    });
}

/// The order of a walk that enters each directory's entries by name. Comparing paths component
/// by component is comparing their bytes with each separator taken as the lowest byte (`a/b`
/// before `a-c`, as `a` is before `a-c`): the first byte that differs decides, and a path that
/// ends there comes first. No key is built (a walk may find a million files).
fn walk_order(a: &Path, b: &Path) -> Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let byte_at = |path: &[u8]| {
        path.get(same).map(|&b| {
            if std::path::is_separator(char::from(b)) {
                0
            } else {
                b
            }
        })
    };
    byte_at(a).cmp(&byte_at(b))
}

/// The kind of a file met while walking, if iclint lints such files: manifests, Terraform files,
/// and YAML files that may be raw content or a ROS template, JSON files that may be a ROS
/// template (the engine reads them to tell).
fn recognise(path: &Path) -> Option<FileKind> {
    match FileKind::of(path) {
        kind @ (FileKind::ComponentManifest(_)
        | FileKind::TemplateManifest(_)
        | FileKind::Terraform) => Some(kind),
        FileKind::Content => {
            let extension = path.extension()?.to_str()?;
            matches!(extension, "yaml" | "yml" | "json").then_some(FileKind::Content)
        }
    }
}

impl Target {
    /// A file named on the command line (or standing in for one: standard input, a buffer):
    /// linted whatever it holds, as its name and the configuration's `content-files` say.
    pub fn named(path: PathBuf, config: &Config, base: &Options) -> Target {
        Target {
            kind: FileKind::of(&path),
            options: config.content_options(&path, base).map(Box::new),
            walked: false,
            only_if_tasks: false,
            path,
        }
    }

    /// How reports name it: as given on the command line, or as found under the given
    /// directory, without a leading `./`. Made when needed, not kept: a run holds a target per
    /// file.
    pub fn name(&self) -> Cow<'_, str> {
        let name = self.path.to_string_lossy();
        if !self.walked {
            return name;
        }
        match name {
            Cow::Borrowed(name) => Cow::Borrowed(name.strip_prefix("./").unwrap_or(name)),
            Cow::Owned(name) => Cow::Owned(name.strip_prefix("./").unwrap_or(&name).to_string()),
        }
    }
}

fn describe_walk_error(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { path, err } => {
            format!("`{}`: {}", path.display(), describe_walk_error(err))
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(err)
        }
        ignore::Error::Loop { child, .. } => format!("`{}`: a symbolic link loop", child.display()),
        ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            "permission denied".to_string()
        }
        other => other.to_string(),
    }
}

/// Whether a walked file that may be raw content (`path`, `text`) is linted: YAML with a
/// top-level `Tasks` key, or a ROS template of Image Builder resources.
pub fn is_walked_content(path: &Path, text: &str) -> bool {
    let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    (yaml && has_top_level_tasks(text)) || may_be_ros_template(text)
}

/// Whether YAML text a walk finds is component content (docs/architecture.md, "Contracts"): a
/// top-level `Tasks` key, plain or quoted (`"Tasks":`), after a byte-order mark if there is one;
/// or a near miss of it (`tasks:`, `TASKS:`, `Task:`) in text with a task's `Action:` key, so that
/// the misspelt key is linted and reported, not skipped (go-task's `Taskfile.yml` has a
/// top-level `tasks:` but no `Action`).
pub fn has_top_level_tasks(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut near_miss = false;
    for line in unindented_lines(text) {
        match top_level_key(line) {
            Some("Tasks") => return true,
            Some(key) if key.eq_ignore_ascii_case("tasks") || key.eq_ignore_ascii_case("task") => {
                near_miss = true
            }
            _ => {}
        }
    }
    near_miss
        && text.lines().any(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix('-').unwrap_or(line).trim_start();
            top_level_key(line) == Some("Action")
        })
}

/// The lines of `text` that start with a byte a key at column 0 may start with (found with
/// `memchr`: most lines of content are indented).
fn unindented_lines(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let may_start_a_key =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'"' | b'\'');
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
        .filter(move |&start| bytes.get(start).is_some_and(|&b| may_start_a_key(b)))
        .map(move |start| {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            &text[start..end]
        })
}

/// The key a line starts with at column 0, plain (`Tasks:`) or quoted (`"Tasks":`, `'Tasks':`),
/// when a `:` follows it.
fn top_level_key(line: &str) -> Option<&str> {
    let (key, rest) = match line.chars().next()? {
        quote @ ('"' | '\'') => {
            let end = line[1..].find(quote)? + 1;
            (&line[1..end], &line[end + 1..])
        }
        _ => {
            let end = line
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(line.len());
            line.split_at(end)
        }
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    (!key.is_empty() && rest.starts_with(':')).then_some(key)
}

/// The project root of a run started in `cwd` (docs/architecture.md, "The repository around
/// the named files"): the directory of the configuration file `config_file`, else the top of the
/// git work tree around `cwd` (the nearest directory with a `.git` directory or file: a work
/// tree made by `git worktree` has a file), else `cwd`. No git binary is needed.
pub fn project_root(cwd: &Path, config_file: Option<&Path>) -> PathBuf {
    if let Some(directory) = config_file.and_then(Path::parent) {
        return match directory.as_os_str().is_empty() {
            true => cwd.to_path_buf(),
            false => cwd.join(directory),
        };
    }
    cwd.ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(cwd)
        .to_path_buf()
}

/// Hands each manifest a walk of `root` finds (hidden and ignored paths skipped, as in
/// [`discover`]) to `visit`, named as the walk names it, on `threads` threads (0: one per core)
/// and in no particular order. Only names are read here: no file is opened. Only regular files
/// (and links to them) are handed over.
pub fn each_manifest(root: &Path, threads: usize, visit: &(dyn Fn(PathBuf) + Sync)) {
    each_manifest_and_directory(&[root.to_path_buf()], threads, &|met| {
        if let Met::Manifest(path) = met {
            visit(path)
        }
    });
}

/// What a walk for the repository index meets.
pub enum Met {
    /// A directory it enters (the walk's roots too); not a link to one, which it does not follow.
    Directory(PathBuf),
    /// A manifest, as [`each_manifest`] hands it over.
    Manifest(PathBuf),
}

/// As [`each_manifest`], from each of `roots` (each walked as a walk of the repository would walk
/// it: the ignore files of the directories above a root apply to it), and with each directory
/// entered handed over too: what the index's cache records (`engine/index_cache/`).
pub fn each_manifest_and_directory(
    roots: &[PathBuf],
    threads: usize,
    visit: &(dyn Fn(Met) + Sync),
) {
    let Some((first, rest)) = roots.split_first() else {
        return;
    };
    let mut builder = walk_builder(first);
    for root in rest {
        builder.add(root);
    }
    let walker = builder.threads(threads).build_parallel();
    walker.run(|| {
        Box::new(|entry| {
            let Ok(entry) = entry else {
                return ignore::WalkState::Continue;
            };
            let Some(file_type) = entry.file_type() else {
                return ignore::WalkState::Continue;
            };
            if file_type.is_dir() {
                visit(Met::Directory(entry.into_path()));
            } else if FileKind::of(entry.path()).is_manifest()
                // Regular files only (or links to them): opening a FIFO would wait forever.
                && (file_type.is_file()
                    || file_type.is_symlink()
                        && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()))
            {
                visit(Met::Manifest(entry.into_path()));
            }
            ignore::WalkState::Continue
        })
    });
}

/// Whether a directory walk would lint the file at `path` named on the command line as raw
/// content: it matches a `content-files` glob (`has_options`), or it is a `.yaml`/`.yml` file
/// (then only with a top-level `Tasks` key). `--force-exclude` skips the others.
pub fn walk_would_lint(path: &Path, has_options: bool) -> bool {
    has_options || recognise(path).is_some()
}

#[cfg(test)]
mod tests {
    use super::{has_top_level_tasks, top_level_key, unindented_lines, walk_order};
    use proptest::prelude::*;
    use std::path::PathBuf;

    proptest! {
        /// The walk's order is the order of paths compared component by component.
        #[test]
        fn walk_order_is_component_order(
            names in prop::collection::vec("(a|b|a-c|a\\.b|é|A|-|_){1,3}(/(a|b|a-c|é|0){1,2}){0,3}", 0..12)
        ) {
            let mut by_key: Vec<PathBuf> = names.iter().map(|n| PathBuf::from(format!("./{n}"))).collect();
            let mut by_components = by_key.clone();
            by_key.sort_by(|a, b| walk_order(a, b));
            by_components.sort();
            prop_assert_eq!(by_key, by_components);
        }

        /// Skipping the lines that cannot start with a key finds the keys every line gives.
        #[test]
        fn unindented_lines_hold_every_top_level_key(text in "(Tasks|tasks|:| |\t|-|#|\"|'|a|\n|\r|é)*") {
            let every: Vec<&str> = text.lines().filter_map(top_level_key).collect();
            let unindented: Vec<&str> = unindented_lines(&text).filter_map(top_level_key).collect();
            prop_assert_eq!(every, unindented);
        }
    }

    #[test]
    fn content_is_told_by_its_top_level_tasks_or_a_near_miss() {
        assert!(has_top_level_tasks("Tasks:\n"));
        assert!(has_top_level_tasks("\u{feff}Tasks:\n  - Name: a\n"));
        assert!(has_top_level_tasks("\"Tasks\":\n"));
        assert!(has_top_level_tasks("'Tasks' :\n"));
        assert!(has_top_level_tasks(
            "tasks:\n  - Name: a\n    Action: RunShellCommand\n"
        ));
        assert!(has_top_level_tasks("Task:\n- Action: RunShellCommand\n"));
        // go-task's Taskfile.yml, and other YAML.
        assert!(!has_top_level_tasks(
            "version: '3'\ntasks:\n  build:\n    cmds: [make]\n"
        ));
        assert!(!has_top_level_tasks("name: x\nsteps: []\n"));
        assert!(!has_top_level_tasks("  Tasks:\n"));
        assert!(!has_top_level_tasks("TasksX:\n"));
    }
}

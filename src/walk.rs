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
use std::path::{Path, PathBuf};

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

/// Finds the files to lint under `paths` (files and directories; not `-`). The configuration
/// adds raw content files by glob, with their options based on `base`.
pub fn discover(paths: &[PathBuf], config: &Config, base: &Options) -> Discovery {
    let mut found = Discovery::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => walk(path, config, base, &mut found),
            Ok(_) => found.targets.push(Target {
                path: path.clone(),
                walked: false,
                kind: FileKind::of(path),
                only_if_tasks: false,
                options: config.content_options(path, base).map(Box::new),
            }),
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

fn walk(root: &Path, config: &Config, base: &Options, found: &mut Discovery) {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                found
                    .errors
                    .push(format!("cannot walk {}", describe_walk_error(&error)));
                continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            continue;
        }
        let path = entry.path();
        let options = config.content_options(path, base);
        let Some(kind) = recognise(path).or(options.map(|_| FileKind::Content)) else {
            continue;
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
            continue;
        }
        found.targets.push(Target {
            path: path.to_path_buf(),
            walked: true,
            kind,
            only_if_tasks: kind == FileKind::Content && options.is_none(),
            options: options.map(Box::new),
        });
    }
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

/// Whether YAML text has a top-level `Tasks` key: a line starting with `Tasks:` (docs/architecture.md).
pub fn has_top_level_tasks(text: &str) -> bool {
    text.lines().any(|line| {
        line.strip_prefix("Tasks")
            .map(|rest| rest.trim_start_matches([' ', '\t']))
            .is_some_and(|rest| rest.starts_with(':'))
    })
}

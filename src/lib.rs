//! iclint: an offline linter for Alibaba Cloud ECS Image Builder components and templates.
//!
//! Data flows one way: bytes are decoded ([`input`]), parsed ([`syntax`]), checked ([`rules`])
//! and reported ([`report`]). [`lint_bytes`] and [`lint_path`] run the whole pipeline for one file.

pub mod catalog;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod input;
pub mod lint;
pub mod report;
pub mod rules;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod walk;

use catalog::{ComponentType, Kind, Limits, SystemType};
use diagnostic::Diagnostic;
use source::SourceFile;
use std::path::Path;

/// What the linter needs to know about content that no manifest describes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    pub kind: Kind,
    pub system_type: SystemType,
    pub component_type: ComponentType,
    pub limits: Limits,
}

/// The findings for one file, with the text they point into.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub source: SourceFile,
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
}

/// Lints one file's bytes: raw Dockerfile-format content named `name`.
pub fn lint_bytes(name: &str, bytes: Vec<u8>, options: &Options) -> FileReport {
    match rules::content::decode(bytes) {
        Ok(text) => {
            let diagnostics = lint::lint_content(&text, options);
            FileReport {
                source: SourceFile::new(name, text),
                diagnostics,
            }
        }
        Err(not_text) => {
            let rules::content::NotText { text, finding } = *not_text;
            FileReport {
                source: SourceFile::new(name, text),
                diagnostics: vec![finding],
            }
        }
    }
}

/// What a file holds, told by its name (design.md, "Files it recognises").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `component.yaml`, `*.component.yaml` (also `.yml`, `.json`).
    ComponentManifest,
    /// Raw component or template content.
    Content,
}

impl FileKind {
    pub fn of(path: &Path) -> Self {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let is_manifest = [".yaml", ".yml", ".json"].iter().any(|extension| {
            name.strip_suffix(extension)
                .is_some_and(|stem| stem == "component" || stem.ends_with(".component"))
        });
        if is_manifest {
            FileKind::ComponentManifest
        } else {
            FileKind::Content
        }
    }
}

/// Lints the bytes of the file at `path`, shown as `name`: a component manifest (with its
/// `ContentFile`, if any, read relative to it) or raw content. One report per file read.
pub fn lint_file(path: &Path, name: &str, bytes: Vec<u8>, options: &Options) -> Vec<FileReport> {
    lint_file_and_content_path(path, name, bytes, options).0
}

/// As [`lint_file`], and the path of the `ContentFile` it read, if any.
pub(crate) fn lint_file_and_content_path(
    path: &Path,
    name: &str,
    bytes: Vec<u8>,
    options: &Options,
) -> (Vec<FileReport>, Option<std::path::PathBuf>) {
    if FileKind::of(path) == FileKind::Content {
        return (vec![lint_bytes(name, bytes, options)], None);
    }
    let text = match rules::content::decode(bytes) {
        Ok(text) => text,
        Err(not_text) => {
            let rules::content::NotText { text, finding } = *not_text;
            let report = FileReport {
                source: SourceFile::new(name, text),
                diagnostics: vec![finding],
            };
            return (vec![report], None);
        }
    };
    let (mut diagnostics, content_file) = lint::lint_component_manifest(&text, options);
    let mut reports = Vec::new();
    let mut content_path = None;
    if let Some(file) = content_file {
        let relative = Path::new(&file.path);
        let path = path.parent().unwrap_or(Path::new("")).join(relative);
        let content_name = Path::new(name)
            .parent()
            .unwrap_or(Path::new(""))
            .join(relative);
        let content_name = content_name.to_string_lossy();
        match input::read_file(&path) {
            Ok(input::Input::Bytes(bytes)) => {
                reports.push(lint_bytes(&content_name, bytes, &file.options))
            }
            Ok(input::Input::Oversized(size)) => {
                reports.push(oversized(&content_name, size, &file.options))
            }
            Err(error) => {
                diagnostics.push(lint::unreadable_content_file(&file, &error));
                lint::sort(&mut diagnostics);
            }
        }
        content_path = Some(path);
    }
    reports.insert(
        0,
        FileReport {
            source: SourceFile::new(name, text),
            diagnostics,
        },
    );
    (reports, content_path)
}

/// Reads and lints the file at `path`, shown as `name`.
pub fn lint_path(
    path: &Path,
    name: &str,
    options: &Options,
) -> Result<Vec<FileReport>, input::InputError> {
    Ok(match input::read_file(path)? {
        input::Input::Bytes(bytes) => lint_file(path, name, bytes, options),
        input::Input::Oversized(size) => vec![oversized(name, size, options)],
    })
}

/// Lints standard input, shown as `name`; the name also tells what the input holds.
pub fn lint_stdin(name: &str, options: &Options) -> Result<Vec<FileReport>, input::InputError> {
    Ok(match input::read_stdin()? {
        input::Input::Bytes(bytes) => lint_file(Path::new(name), name, bytes, options),
        input::Input::Oversized(size) => vec![oversized(name, size, options)],
    })
}

/// The report for a file too large to parse.
pub(crate) fn oversized(name: &str, size: Option<u64>, options: &Options) -> FileReport {
    FileReport {
        source: SourceFile::new(name, String::new()),
        diagnostics: vec![lint::oversized(size, &options.limits)],
    }
}

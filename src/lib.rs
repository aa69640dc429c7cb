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
pub mod schema;
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
    lint_bytes_with_facts(name, bytes, options).0
}

/// As [`lint_bytes`], and what the checks across files need from the content.
fn lint_bytes_with_facts(
    name: &str,
    bytes: Vec<u8>,
    options: &Options,
) -> (FileReport, lint::ContentFacts) {
    match rules::content::decode(bytes) {
        Ok(text) => {
            let (diagnostics, facts) = lint::lint_content_with_facts(&text, options);
            let report = FileReport {
                source: SourceFile::new(name, text),
                diagnostics,
            };
            (report, facts)
        }
        Err(not_text) => {
            let rules::content::NotText { text, finding } = *not_text;
            let report = FileReport {
                source: SourceFile::new(name, text),
                diagnostics: vec![finding],
            };
            (report, lint::ContentFacts::default())
        }
    }
}

/// What a file holds, told by its name (design.md, "Files it recognises").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `component.yaml`, `*.component.yaml` (also `.yml`, `.json`).
    ComponentManifest,
    /// `template.yaml`, `*.template.yaml` (also `.yml`, `.json`).
    TemplateManifest,
    /// Raw component or template content.
    Content,
}

impl FileKind {
    pub fn of(path: &Path) -> Self {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let is_manifest = |kind: &str| {
            [".yaml", ".yml", ".json"].iter().any(|extension| {
                name.strip_suffix(extension).is_some_and(|stem| {
                    stem == kind || stem.strip_suffix(kind).is_some_and(|s| s.ends_with('.'))
                })
            })
        };
        if is_manifest("component") {
            FileKind::ComponentManifest
        } else if is_manifest("template") {
            FileKind::TemplateManifest
        } else {
            FileKind::Content
        }
    }

    /// A component or template manifest: a file that may read content files beside it.
    pub fn is_manifest(self) -> bool {
        self != FileKind::Content
    }
}

/// Lints the bytes of the file at `path`, shown as `name`: a component manifest (with its
/// `ContentFile`, if any, read relative to it) or raw content. One report per file read.
pub fn lint_file(path: &Path, name: &str, bytes: Vec<u8>, options: &Options) -> Vec<FileReport> {
    lint_file_and_content_paths(path, name, bytes, options).reports
}

/// What linting one file (and the content files it names) found.
#[derive(Debug, Default)]
pub(crate) struct Linted {
    /// One report per file read, the named file's first.
    pub reports: Vec<FileReport>,
    /// The paths of the content files it read: a component manifest's `ContentFile`, a template
    /// manifest's `BuildContentFile` and `TestContentFile`.
    pub content_paths: Vec<std::path::PathBuf>,
    /// What the checks across files need.
    pub facts: rules::repo::Facts,
}

/// As [`lint_file`], with the content files it read and what the checks across files need.
pub(crate) fn lint_file_and_content_paths(
    path: &Path,
    name: &str,
    bytes: Vec<u8>,
    options: &Options,
) -> Linted {
    let mut facts = rules::repo::Facts::default();
    let kind = FileKind::of(path);
    if kind == FileKind::Content {
        let (report, content) = lint_bytes_with_facts(name, bytes, options);
        facts.add_references(name, options.component_type, content.components);
        facts.add_suppressions(name, content.suppressions);
        return Linted {
            reports: vec![report],
            facts,
            ..Linted::default()
        };
    }
    let text = match rules::content::decode(bytes) {
        Ok(text) => text,
        Err(not_text) => {
            let rules::content::NotText { text, finding } = *not_text;
            let report = FileReport {
                source: SourceFile::new(name, text),
                diagnostics: vec![finding],
            };
            return Linted {
                reports: vec![report],
                ..Linted::default()
            };
        }
    };
    let syntax = match path.extension() {
        Some(extension) if extension == "json" => lint::ManifestSyntax::Json,
        _ => lint::ManifestSyntax::Yaml,
    };
    let lint = match kind {
        FileKind::TemplateManifest => {
            lint::lint_template_manifest_with_facts(&text, syntax, options)
        }
        _ => lint::lint_component_manifest_with_facts(&text, syntax, options),
    };
    let lint::ManifestLint {
        mut diagnostics,
        content_files,
        component,
        references,
        suppressions,
    } = lint;
    let mut component = component.map(|c| rules::repo::Component {
        file: name.to_string(),
        ..c
    });
    facts.references.extend(
        references
            .into_iter()
            .map(|(content, line)| rules::repo::Reference {
                file: name.to_string(),
                content,
                line,
            }),
    );
    facts.add_suppressions(name, suppressions);
    let mut reports = Vec::new();
    let mut content_paths = Vec::new();
    for file in content_files {
        let relative = Path::new(&file.path);
        let path = path.parent().unwrap_or(Path::new("")).join(relative);
        let content_name = Path::new(name)
            .parent()
            .unwrap_or(Path::new(""))
            .join(relative);
        let content_name = content_name.to_string_lossy();
        match input::read_file(&path) {
            Ok(input::Input::Bytes(bytes)) => {
                let (report, content) = lint_bytes_with_facts(&content_name, bytes, &file.options);
                reports.push(report);
                if let Some(component) = &mut component {
                    component.parameters = content.parameters;
                }
                facts.add_references(
                    &content_name,
                    file.options.component_type,
                    content.components,
                );
                facts.add_suppressions(&content_name, content.suppressions);
            }
            Ok(input::Input::Oversized(size)) => {
                reports.push(oversized(&content_name, size, &file.options))
            }
            Err(error) => {
                diagnostics.push(lint::unreadable_content_file(&file, &error));
                lint::sort(&mut diagnostics);
            }
        }
        content_paths.push(path);
    }
    facts.components.extend(component);
    reports.insert(
        0,
        FileReport {
            source: SourceFile::new(name, text),
            diagnostics,
        },
    );
    Linted {
        reports,
        content_paths,
        facts,
    }
}

/// Reads and lints standard input, shown as `name`, with what the checks across files need.
pub(crate) fn lint_stdin_with_facts(
    name: &str,
    options: &Options,
) -> Result<Linted, input::InputError> {
    Ok(match input::read_stdin()? {
        input::Input::Bytes(bytes) => {
            lint_file_and_content_paths(Path::new(name), name, bytes, options)
        }
        input::Input::Oversized(size) => Linted {
            reports: vec![oversized(name, size, options)],
            ..Linted::default()
        },
    })
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

//! iclint: an offline linter for Alibaba Cloud ECS Image Builder components and templates.
//!
//! Data flows one way: bytes are decoded ([`input`]), parsed ([`syntax`]), checked ([`rules`])
//! and reported ([`report`]). [`lint_bytes`] and [`lint_path`] run the whole pipeline for one file.

pub mod catalog;
pub mod diagnostic;
pub mod input;
pub mod lint;
pub mod report;
pub mod rules;
pub mod source;
pub mod suggest;
pub mod syntax;

use catalog::{ComponentType, Kind, Limits, SystemType};
use diagnostic::Diagnostic;
use source::SourceFile;
use std::path::Path;

/// What the linter needs to know about content that no manifest describes.
#[derive(Debug, Clone, Copy, Default)]
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

/// Reads and lints the file at `path`, shown as `name`.
pub fn lint_path(
    path: &Path,
    name: &str,
    options: &Options,
) -> Result<FileReport, input::InputError> {
    Ok(match input::read_file(path)? {
        input::Input::Bytes(bytes) => lint_bytes(name, bytes, options),
        input::Input::Oversized(size) => oversized(name, size, options),
    })
}

/// Lints standard input, shown as `name`.
pub fn lint_stdin(name: &str, options: &Options) -> Result<FileReport, input::InputError> {
    Ok(match input::read_stdin()? {
        input::Input::Bytes(bytes) => lint_bytes(name, bytes, options),
        input::Input::Oversized(size) => oversized(name, size, options),
    })
}

/// The report for a file too large to parse.
fn oversized(name: &str, size: Option<u64>, options: &Options) -> FileReport {
    FileReport {
        source: SourceFile::new(name, String::new()),
        diagnostics: vec![lint::oversized(size, &options.limits)],
    }
}

//! Reports: every format reads the same [`FileReport`]s.

pub mod checkstyle;
pub mod github;
pub mod gitlab;
pub mod gnu;
pub mod human;
pub mod json;
pub mod json_lines;
pub mod junit;
pub mod rule_docs;
pub mod sarif;
pub mod writer;

use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::source::{Position, SourceFile, Span};

/// The findings for one file, with the text (or, for reports that show no source lines, the
/// positions) they point into.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub source: SourceFile,
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// Drops the text, keeping the positions of the findings and of `more` offsets (see
    /// [`SourceFile::keep_positions_only`]).
    pub fn keep_positions_only(&mut self, more: impl IntoIterator<Item = usize>) {
        let offsets = self.diagnostics.iter().flat_map(|d| {
            std::iter::once(d.span)
                .chain(
                    d.related
                        .iter()
                        .filter(|r| r.elsewhere.is_none())
                        .map(|r| r.span),
                )
                .flat_map(|span| [span.start, span.end])
        });
        let offsets: Vec<usize> = offsets.chain(more).collect();
        self.source.keep_positions_only(offsets);
    }
}

/// How many findings of each severity a run made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Self {
        let mut summary = Summary::default();
        for report in reports {
            summary.add(report);
        }
        summary
    }

    /// Counts one more file.
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        for diagnostic in &report.diagnostics {
            match diagnostic.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// The most serious severity counted, if any.
    pub fn worst(&self) -> Option<Severity> {
        [
            (self.errors, Severity::Error),
            (self.warnings, Severity::Warning),
            (self.infos, Severity::Info),
        ]
        .into_iter()
        .find(|(count, _)| *count > 0)
        .map(|(_, severity)| severity)
    }
}

/// One finding with its file and its place as line and column (1-based; the end is exclusive).
pub(crate) struct Located<'a> {
    pub file: &'a str,
    pub diagnostic: &'a Diagnostic,
    pub start: Position,
    pub end: Position,
}

impl<'a> Located<'a> {
    fn new(source: &'a SourceFile, diagnostic: &'a Diagnostic) -> Self {
        Located {
            file: source.name(),
            diagnostic,
            start: source.position(diagnostic.span.start),
            end: source.position(diagnostic.span.end),
        }
    }
}

/// Every finding of `reports`, in report order.
pub(crate) fn located(reports: &[FileReport]) -> impl Iterator<Item = Located<'_>> {
    reports.iter().flat_map(|report| {
        report
            .diagnostics
            .iter()
            .map(|diagnostic| Located::new(&report.source, diagnostic))
    })
}

/// The start and end of `span` in `source`.
pub(crate) fn positions(source: &SourceFile, span: Span) -> (Position, Position) {
    (source.position(span.start), source.position(span.end))
}

/// A stable 64-bit FNV-1a hash of `parts` (each followed by a NUL byte), as 16 hex digits: the
/// same finding gets the same fingerprint on every run, platform and version of Rust.
pub fn fingerprint(parts: &[&str]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:016x}")
}

/// The fingerprint of one finding: its file, code, position and message.
pub(crate) fn finding_fingerprint(finding: &Located<'_>) -> String {
    let position = format!(
        "{}:{}-{}:{}",
        finding.start.line, finding.start.column, finding.end.line, finding.end.column
    );
    fingerprint(&[
        finding.file,
        finding.diagnostic.code(),
        &position,
        &finding.diagnostic.message,
    ])
}

/// `text` escaped for XML 1.0 character data and attribute values. Characters XML 1.0 cannot
/// hold (most control characters) become U+FFFD; line breaks and tabs become character
/// references so that attribute values keep them.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_values() {
        // FNV-1a 64 of "a" is af63dc4c8601ec8c; the NUL terminator is hashed after it.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in *b"a" {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        assert_eq!(format!("{hash:016x}"), "af63dc4c8601ec8c");
        assert_eq!(fingerprint(&["a"]), fingerprint(&["a"]));
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
    }

    #[test]
    fn xml_escapes_markup_and_controls() {
        assert_eq!(
            xml_escape("a<b>&\"'\n\u{1}"),
            "a&lt;b&gt;&amp;&quot;&apos;&#10;\u{fffd}"
        );
    }
}

//! iclint's findings in the protocol's terms: diagnostics, hover text, and the edits of quick
//! fixes and suppressions.

use super::position::LineIndex;
use super::uri;
use crate::diagnostic::{Diagnostic, Edit};
use crate::report::sarif::help_uri;
use crate::rule::{Rule, Severity};
use crate::source::{BOM, Span};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, TextEdit, Uri,
};
use std::path::Path;
use std::str::FromStr;

/// A text and its line index, for turning spans into ranges.
pub struct Text<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl Text<'_> {
    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.index.position(self.text, span.start),
            end: self.index.position(self.text, span.end),
        }
    }

    pub fn span(&self, range: Range) -> Span {
        let start = self.index.offset(self.text, range.start);
        Span::new(start, self.index.offset(self.text, range.end).max(start))
    }

    pub fn text_edit(&self, edit: &Edit) -> TextEdit {
        TextEdit {
            range: self.range(edit.span),
            new_text: edit.replacement.clone(),
        }
    }
}

/// A finding as an LSP diagnostic of the document `uri`. Places in other files (`cwd` resolves
/// relative names) are related locations there, their columns counted in characters.
pub fn diagnostic(
    finding: &Diagnostic,
    text: &Text<'_>,
    uri: &Uri,
    cwd: &Path,
) -> lsp_types::Diagnostic {
    let related = finding
        .related
        .iter()
        .filter_map(|related| {
            let location = match &related.elsewhere {
                None => Location::new(uri.clone(), text.range(related.span)),
                Some(elsewhere) => {
                    let at = |p: crate::source::Position| Position {
                        line: p.line.saturating_sub(1) as u32,
                        character: p.column.saturating_sub(1) as u32,
                    };
                    let path = cwd.join(&elsewhere.file);
                    Location::new(
                        uri::from_path(&path)?,
                        Range::new(at(elsewhere.start), at(elsewhere.end)),
                    )
                }
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: related.message.clone(),
            })
        })
        .collect::<Vec<_>>();
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp_types::Diagnostic {
        range: text.range(finding.span),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code().to_string())),
        code_description: Uri::from_str(&help_uri(finding.rule))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("iclint".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The hover text of the findings at a place: each rule's summary, the finding, its help, and
/// the rule's explanation and fixed example (Markdown).
pub fn hover(findings: &[&Diagnostic]) -> String {
    let mut seen: Vec<&'static Rule> = Vec::new();
    let mut out = Vec::new();
    for finding in findings {
        let rule = finding.rule;
        let mut part = format!(
            "**{}** ({}): {}\n\n{}",
            rule.code, rule.name, rule.summary, finding.message
        );
        if let Some(help) = &finding.help {
            part.push_str(&format!("\n\n*help:* {help}"));
        }
        if !seen.contains(&rule) {
            seen.push(rule);
            part.push_str(&format!("\n\n{}", rule.explanation));
            if !rule.fix.is_empty() {
                part.push_str(&format!("\n\nFixed example:\n\n```\n{}```", rule.fix));
            }
            part.push_str(&format!("\n\n[{}]({})", rule.code, help_uri(rule)));
        }
        out.push(part);
    }
    out.join("\n\n---\n\n")
}

/// Where a suppression comment for `finding` (found in `text`) works, as an insertion: on its own
/// line, indented as the line it stands before, on the line of the finding or one of the 30
/// above it (the first line of a continued command, the key of a YAML entry), tried in that
/// order and each checked with `lint`: the finding is gone, and no new `ICL001` says the comment
/// suppresses nothing. `None` when no line works.
pub fn suppression(
    text: &str,
    finding: &Diagnostic,
    file_wide: bool,
    lint: &dyn Fn(&str) -> Vec<Diagnostic>,
) -> Option<Edit> {
    let code = finding.code();
    let eol = crate::fix::line_ending(text);
    let floor = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let line_starts: Vec<usize> = std::iter::once(floor)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&s| s <= finding.span.start.max(floor))
        .collect();
    let candidates: Vec<usize> = if file_wide {
        vec![floor]
    } else {
        line_starts.iter().rev().take(31).copied().collect()
    };
    for start in candidates {
        let line = text[start..].split('\n').next().unwrap_or("");
        if !file_wide && line.trim().is_empty() {
            continue;
        }
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let directive = if file_wide { "ignore-file" } else { "ignore" };
        let comment = format!("{indent}# iclint {directive}={code}{eol}");
        let candidate = format!("{}{comment}{}", &text[..start], &text[start..]);
        let moved = |span: Span| {
            if span.start >= start {
                span.shift(comment.len())
            } else {
                span
            }
        };
        let found = lint(&candidate);
        let here = moved(finding.span);
        let still = found.iter().any(|f| f.code() == code && f.span == here);
        let unused = found.iter().any(|f| {
            f.code() == crate::rules::suppression::UNUSED_SUPPRESSION.code
                && (start..start + comment.len()).contains(&f.span.start)
        });
        if !still && !unused {
            return Some(Edit {
                span: Span::at(start),
                replacement: comment,
            });
        }
    }
    None
}

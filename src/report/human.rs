//! The terminal report: miette's graphical rendering of each finding, then a summary.

use super::Summary;
use crate::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt::{self, Write};

/// How to draw the report.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Wrap width in columns.
    pub width: usize,
}

/// The human report of `reports` (sorted by file).
pub fn render(reports: &[FileReport], style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for report in reports {
        for diagnostic in &report.diagnostics {
            let view = View {
                diagnostic,
                source: &report.source,
            };
            if handler.render_report(&mut out, &view).is_err() {
                // Rendering into a String cannot fail; fall back to one line if it ever does.
                let _ = writeln!(
                    out,
                    "{}: {}: {}",
                    report.source.name(),
                    diagnostic.code(),
                    diagnostic.message
                );
            }
            out.push('\n');
        }
    }
    out.push_str(&summary_line(Summary::of(reports)));
    out
}

fn summary_line(summary: Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let files = plural(summary.files, "file");
    if summary.errors + summary.warnings + summary.infos == 0 {
        return format!("Checked {files}: no problems found.\n");
    }
    format!(
        "Checked {files}: {}, {}, {}.\n",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info"),
    )
}

/// A finding as miette sees it.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a SourceFile,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for View<'_> {}

fn source_span(span: crate::source::Span) -> SourceSpan {
    SourceSpan::new(span.start.into(), span.len())
}

impl miette::Diagnostic for View<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = self
            .diagnostic
            .label
            .clone()
            .unwrap_or_else(|| self.diagnostic.rule.name.to_string());
        let primary =
            LabeledSpan::new_primary_with_span(Some(label), source_span(self.diagnostic.span));
        let related = self.diagnostic.related.iter().map(|related| {
            LabeledSpan::new_with_span(Some(related.message.clone()), source_span(related.span))
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self
            .text()
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name().to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

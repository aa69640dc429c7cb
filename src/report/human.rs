//! The terminal report: miette's graphical rendering of each finding, then a summary.

use super::Summary;
use crate::diagnostic::Diagnostic;
use crate::report::FileReport;
use crate::rule::Severity;
use crate::source::{SourceFile, Span};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::borrow::Cow;
use std::fmt::{self, Write};

/// Lines longer than this (in bytes) are not drawn: the finding is reported with its position
/// only. Drawing them floods the terminal, and miette cannot place a label past column 65,535.
const MAX_DRAWN_LINE_BYTES: usize = 1000;

/// How to draw the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// Wrap width in columns.
    pub width: usize,
}

/// The human report of `reports` (sorted by file).
pub fn render(reports: &[FileReport], style: Style) -> String {
    let handler = handler(style);
    let mut out = String::new();
    for report in reports {
        render_file(&handler, report, &mut out);
    }
    out.push_str(&summary_line(Summary::of(reports)));
    out
}

/// The miette handler that draws each finding in `style`.
pub(crate) fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
}

/// Draws the findings of one report, each followed by a blank line.
pub(crate) fn render_file(handler: &GraphicalReportHandler, report: &FileReport, out: &mut String) {
    {
        let snippet = Snippet::new(&report.source);
        for diagnostic in &report.diagnostics {
            let view = View {
                diagnostic,
                snippet: &snippet,
                drawn: snippet.can_draw(diagnostic.span),
            };
            if handler.render_report(out, &view).is_err() {
                // Rendering into a String cannot fail; fall back to one line if it ever does.
                let _ = writeln!(
                    out,
                    "{}: {}: {}",
                    report.source.name(),
                    diagnostic.code(),
                    view
                );
            }
            out.push('\n');
        }
    }
}

/// The last line: how many files were checked and what was found.
pub(crate) fn summary_line(summary: Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let files = plural(summary.files, "file");
    if summary.files == 0 {
        // Nothing linted is no pass: say so, not "no problems found".
        return "No file was checked.\n".to_string();
    }
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

/// Control characters other than tab and line feed, replaced byte for byte so that content cannot
/// send escape sequences to the terminal and offsets stay the same: the carriage return of a CRLF
/// line break by a space (miette would count it as a line of its own), any other by `?`.
fn make_printable(text: &str) -> Cow<'_, str> {
    let is_unsafe = |c: char| c.is_control() && !matches!(c, '\t' | '\n');
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut printable = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            printable.push(' ');
        } else if is_unsafe(c) {
            printable.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            printable.push(c);
        }
    }
    Cow::Owned(printable)
}

/// What the report shows of a file: its text made printable, and its line index, so that the
/// context of each finding is found without scanning the file from the start.
struct Snippet<'a> {
    file: &'a SourceFile,
    printable: Cow<'a, str>,
}

impl<'a> Snippet<'a> {
    fn new(file: &'a SourceFile) -> Self {
        Snippet {
            file,
            printable: make_printable(file.text()),
        }
    }

    /// Whether the lines of `span` are short enough to draw.
    fn can_draw(&self, span: Span) -> bool {
        let first = self.file.line_index(span.start);
        let last = self.file.line_index(span.end);
        last - first < 50
            && (first..=last).all(|line| self.file.line_span(line).len() <= MAX_DRAWN_LINE_BYTES)
    }
}

impl SourceCode for Snippet<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.printable.as_ref();
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = self
            .file
            .line_index(start)
            .saturating_sub(context_lines_before);
        let last_line =
            self.file.line_index(end.saturating_sub(1).max(start)) + context_lines_after;
        let last_line = last_line.min(self.file.line_count() - 1);
        // As miette's own `str` source: without context lines, the data starts at the span and
        // the column (ours, in characters) is the span's.
        let (from, column) = match context_lines_before {
            0 => (start, self.file.position(start).column - 1),
            _ => (self.file.line_span(first_line).start, 0),
        };
        let to = self.file.line_span(last_line).end.max(end);
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.name().to_string(),
            &text.as_bytes()[from..to],
            SourceSpan::new(from.into(), to - from),
            first_line,
            column,
            last_line - first_line + 1,
        )))
    }
}

/// A finding as miette sees it.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    snippet: &'a Snippet<'a>,
    /// Whether the source lines are drawn; if not, the message starts with the position.
    drawn: bool,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = make_printable(&self.diagnostic.message);
        if self.drawn {
            return f.write_str(&message);
        }
        let file = self.snippet.file;
        let position = file.position(self.diagnostic.span.start);
        write!(
            f,
            "{}:{}:{}: {message}",
            file.name(),
            position.line,
            position.column
        )
    }
}

impl std::error::Error for View<'_> {}

fn source_span(span: Span) -> SourceSpan {
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
            .as_deref()
            .map(|help| Box::new(make_printable(help)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.drawn.then_some(self.snippet as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.drawn {
            return None;
        }
        let label = self
            .diagnostic
            .label
            .clone()
            // The rule's name in words: `invalid manifest`, not `invalid-manifest`.
            .unwrap_or_else(|| self.diagnostic.rule.name.replace('-', " "));
        let primary =
            LabeledSpan::new_primary_with_span(Some(label), source_span(self.diagnostic.span));
        let related = self
            .diagnostic
            .related
            .iter()
            .filter(|related| related.elsewhere.is_none() && self.snippet.can_draw(related.span))
            .map(|related| {
                LabeledSpan::new_with_span(Some(related.message.clone()), source_span(related.span))
            });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

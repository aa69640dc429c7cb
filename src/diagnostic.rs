//! Findings.

use crate::rule::{Rule, Severity};
use crate::source::{Position, Span};

/// A secondary place that explains a finding ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// In the finding's own text (unused when the place is [`Related::elsewhere`]).
    pub span: Span,
    pub message: String,
    /// A place in another file (the checks across files point at another manifest).
    pub elsewhere: Option<Elsewhere>,
}

/// A place in another file: its report name, and where it starts and ends (that file's text is
/// not at hand when the finding is reported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    pub file: String,
    pub start: Position,
    pub end: Position,
}

/// One finding: a rule broken at a span of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// Text shown at the span in the human report; defaults to the rule's name.
    pub label: Option<String>,
    pub help: Option<String>,
    pub related: Vec<Related>,
    /// How to fix it, when the rule knows a fix (boxed: most findings have none).
    pub fix: Option<Box<Fix>>,
}

/// A fix a rule offers for its finding: edits of the finding's own text. `iclint check --fix`
/// applies the safe ones, `--diff` shows them, and the language server offers each as a quick
/// fix (`crate::fix` applies them for both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What it does, as an editor shows it ("Write `RUN`").
    pub title: String,
    /// Edits that do not overlap, in the finding's text.
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

/// One replacement: the bytes of `span` become `replacement`. A line break in `replacement` is
/// written `\n`; it takes the line ending of the file it goes into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// Keeps what the content does: `--fix` applies it, an editor marks it preferred.
    Safe,
    /// May change what the content does: offered in an editor, never applied by `--fix`.
    Unsafe,
}

impl Diagnostic {
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            span,
            label: None,
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
            elsewhere: None,
        });
        self
    }

    /// The fix `title`: `edits` of the finding's text, safe to apply unattended.
    pub fn with_fix(mut self, title: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fix = Some(Box::new(Fix {
            title: title.into(),
            edits,
            applicability: Applicability::Safe,
        }));
        self
    }

    /// A related place in another file (its report name), from `start` to `end`.
    pub fn with_related_in(
        mut self,
        file: impl Into<String>,
        (start, end): (Position, Position),
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            span: Span::default(),
            message: message.into(),
            elsewhere: Some(Elsewhere {
                file: file.into(),
                start,
                end,
            }),
        });
        self
    }

    /// Applies `map` to every span in the finding's own text, e.g. to move from content
    /// coordinates to file coordinates.
    pub fn map_spans(mut self, map: impl Fn(Span) -> Span) -> Self {
        self.span = map(self.span);
        if let Some(fix) = &mut self.fix {
            for edit in &mut fix.edits {
                edit.span = map(edit.span);
            }
        }
        for related in self.related.iter_mut().filter(|r| r.elsewhere.is_none()) {
            related.span = map(related.span);
        }
        self
    }
}

/// Orders findings by position, then code (the JSON report's contract), then end.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.code(), a.span.end).cmp(&(b.span.start, b.code(), b.span.end))
    });
}

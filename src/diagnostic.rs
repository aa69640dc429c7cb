//! Findings.

use crate::rule::{Rule, Severity};
use crate::source::Span;

/// A secondary place that explains a finding ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The report name of the file it is in, when not the finding's own (the checks across
    /// files point at another manifest).
    pub file: Option<String>,
    pub span: Span,
    pub message: String,
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
            file: None,
            span,
            message: message.into(),
        });
        self
    }

    /// A related place in another file (its report name).
    pub fn with_related_in(
        mut self,
        file: impl Into<String>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file: Some(file.into()),
            span,
            message: message.into(),
        });
        self
    }

    /// Applies `map` to every span in the finding's own text, e.g. to move from content
    /// coordinates to file coordinates.
    pub fn map_spans(mut self, map: impl Fn(Span) -> Span) -> Self {
        self.span = map(self.span);
        for related in self.related.iter_mut().filter(|r| r.file.is_none()) {
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

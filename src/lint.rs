//! Linting one piece of content: parse it, then run every rule on it.

use crate::Options;
use crate::catalog::{Limits, MAX_INPUT_BYTES};
use crate::diagnostic::Diagnostic;
use crate::rules::{content, dockerfile, tasks};
use crate::source::Span;
use crate::syntax::dockerfile::parse;
use crate::syntax::format::{ContentFormat, detect};

/// Lints component or template content in either format. Spans are byte offsets into `text`.
pub fn lint_content(text: &str, options: &Options) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match detect(text) {
        ContentFormat::Dockerfile => lint_dockerfile(text, options, &mut out),
        ContentFormat::Yaml => tasks::check(text, options, &mut out),
    }
    sort(&mut out);
    out
}

fn lint_dockerfile(text: &str, options: &Options, out: &mut Vec<Diagnostic>) {
    let script = parse(text);
    if content::check_presence(text, script.commands.len(), out) {
        return;
    }
    let command_spans: Vec<Span> = script.commands.iter().map(|c| c.keyword_span).collect();
    content::check_length(text, &options.limits, out);
    content::check_command_count(&command_spans, &options.limits, out);
    content::check_dockerfile_system_type(options.system_type, command_spans.first().copied(), out);
    dockerfile::check(&script, options.kind, out);
}

/// Orders findings by position, then code (design.md), then end.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.code(), a.span.end).cmp(&(b.span.start, b.code(), b.span.end))
    });
}

/// The finding for a file too large to read (over [`MAX_INPUT_BYTES`]).
pub fn oversized(size: Option<u64>, limits: &Limits) -> Diagnostic {
    let cap = MAX_INPUT_BYTES / (1024 * 1024);
    let size = size.map_or_else(
        || format!("more than {cap} MiB"),
        |size| format!("{size} bytes"),
    );
    Diagnostic::new(
        &content::LENGTH_EXCEEDED,
        Span::at(0),
        format!(
            "the input is {size}, over the limit of {} bytes; inputs over {cap} MiB are not checked further",
            limits.content_bytes
        ),
    )
    .with_help("is this really component content? Content holds at most 16 KB")
}

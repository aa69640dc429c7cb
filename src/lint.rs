//! Linting one piece of content: parse it, then run every rule on it.

use crate::Options;
use crate::catalog::{ComponentType, Kind, Limits, MAX_INPUT_BYTES, SystemType};
use crate::diagnostic::Diagnostic;
use crate::input::InputError;
use crate::rules::request::manifest::{self, ContentSource, INVALID_MANIFEST};
use crate::rules::{content, dockerfile, suppression, tasks, template};
use crate::source::Span;
use crate::syntax::dockerfile::parse;
use crate::syntax::format::{ContentFormat, detect};
use crate::syntax::yaml;

/// Lints component or template content in either format. Spans are byte offsets into `text`.
pub fn lint_content(text: &str, options: &Options) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match detect(text) {
        ContentFormat::Dockerfile => lint_dockerfile(text, options, &mut out),
        ContentFormat::Yaml if options.kind == Kind::Template => {
            template::check_yaml_content(text, options.component_type, &mut out)
        }
        ContentFormat::Yaml => tasks::check(text, options, &mut out),
    }
    suppression::apply(text, false, &mut out);
    sort(&mut out);
    out
}

fn lint_dockerfile(text: &str, options: &Options, out: &mut Vec<Diagnostic>) {
    let script = parse(text);
    if content::check_presence(text, script.commands.len(), out) {
        return;
    }
    let command_spans: Vec<Span> = script.commands.iter().map(|c| c.keyword_span).collect();
    match options.kind {
        Kind::Component => content::check_length(text, &options.limits, out),
        Kind::Template => template::limits::check_length(text, options, out),
    }
    content::check_command_count(&command_spans, &options.limits, out);
    content::check_dockerfile_system_type(options.system_type, command_spans.first().copied(), out);
    dockerfile::check(&script, options.kind, out);
    if options.kind == Kind::Template {
        template::check(&script, options.component_type, out);
    }
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

/// Content a manifest keeps in another file, to be linted with the manifest's options.
#[derive(Debug, Clone)]
pub struct ContentFile {
    /// As written in the manifest: relative to the manifest's directory.
    pub path: String,
    /// The path's span in the manifest.
    pub span: Span,
    pub options: Options,
}

/// Lints a component manifest, and the content inline in it (its findings mapped to the
/// manifest's bytes). Returns the manifest's findings and the `ContentFile` to lint, if any.
pub fn lint_component_manifest(
    text: &str,
    options: &Options,
) -> (Vec<Diagnostic>, Option<ContentFile>) {
    let mut out = Vec::new();
    let mut content_file = None;
    let document = match yaml::parse(text) {
        Ok(document) => document,
        Err(error) => {
            out.push(
                Diagnostic::new(
                    &INVALID_MANIFEST,
                    error.span,
                    format!("the manifest is not valid YAML or JSON: {}", error.message),
                )
                .with_help("check the indentation and quoting around this place"),
            );
            return (out, None);
        }
    };
    if let Some(extra) = document.extra_document {
        out.push(
            Diagnostic::new(
                &INVALID_MANIFEST,
                extra,
                "the manifest holds a second YAML document",
            )
            .with_help("one manifest per file: move the second component to its own file"),
        );
    }
    let Some(root) = document.root else {
        out.push(
            Diagnostic::new(
                &content::MISSING_CONTENT,
                Span::at(0),
                "the manifest is empty",
            )
            .with_help("write the component's parameters, at least `Content: |` with its commands"),
        );
        return (out, None);
    };
    let found = manifest::check(&root, &mut out);
    let content_options = Options {
        system_type: found.system_type,
        component_type: found.component_type,
        ..*options
    };
    match found.content {
        ContentSource::Inline(scalar) => {
            let content = scalar.mapped(text);
            let map = &content.map;
            out.extend(
                lint_content(&content.text, &content_options)
                    .into_iter()
                    .map(|d| d.map_spans(|s| map.span(s))),
            );
        }
        ContentSource::File(path, span) => {
            content_file = Some(ContentFile {
                path: path.to_string(),
                span,
                options: content_options,
            });
        }
        ContentSource::None => {}
    }
    suppression::apply(text, true, &mut out);
    sort(&mut out);
    (out, content_file)
}

/// Lints a template manifest, and the `BuildContent`/`TestContent` inline in it (their findings
/// mapped to the manifest's bytes). Returns the manifest's findings and the content files to lint
/// (`BuildContentFile` first).
pub fn lint_template_manifest(
    text: &str,
    options: &Options,
) -> (Vec<Diagnostic>, Vec<ContentFile>) {
    let mut out = Vec::new();
    let mut content_files = Vec::new();
    let document = match yaml::parse(text) {
        Ok(document) => document,
        Err(error) => {
            out.push(
                Diagnostic::new(
                    &INVALID_MANIFEST,
                    error.span,
                    format!("the manifest is not valid YAML or JSON: {}", error.message),
                )
                .with_help("check the indentation and quoting around this place"),
            );
            return (out, content_files);
        }
    };
    if let Some(extra) = document.extra_document {
        out.push(
            Diagnostic::new(
                &INVALID_MANIFEST,
                extra,
                "the manifest holds a second YAML document",
            )
            .with_help("one manifest per file: move the second template to its own file"),
        );
    }
    let Some(root) = document.root else {
        out.push(
            Diagnostic::new(&INVALID_MANIFEST, Span::at(0), "the template manifest is empty")
                .with_help("write the template's parameters: `BaseImageType`, `BaseImage`, `BuildContent: |` ..."),
        );
        return (out, content_files);
    };
    let found = template::manifest::check(&root, &mut out);
    for (component_type, source) in found.contents() {
        let content_options = Options {
            kind: Kind::Template,
            system_type: SystemType::default(),
            component_type,
            ..*options
        };
        match source {
            ContentSource::Inline(scalar) => {
                let content = scalar.mapped(text);
                let map = &content.map;
                out.extend(
                    lint_content(&content.text, &content_options)
                        .into_iter()
                        .map(|d| d.map_spans(|s| map.span(s))),
                );
            }
            ContentSource::File(path, span) => content_files.push(ContentFile {
                path: path.to_string(),
                span,
                options: content_options,
            }),
            ContentSource::None => {}
        }
    }
    suppression::apply(text, true, &mut out);
    sort(&mut out);
    (out, content_files)
}

/// The finding on a manifest whose `ContentFile` (`BuildContentFile`, `TestContentFile`) cannot
/// be read.
pub fn unreadable_content_file(file: &ContentFile, error: &InputError) -> Diagnostic {
    let key = match (file.options.kind, file.options.component_type) {
        (Kind::Component, _) => "ContentFile",
        (Kind::Template, ComponentType::Build) => "BuildContentFile",
        (Kind::Template, ComponentType::Test) => "TestContentFile",
    };
    Diagnostic::new(&INVALID_MANIFEST, file.span, format!("`{key}`: {error}"))
        .with_label("cannot read this file")
        .with_help("the path is relative to the manifest's directory")
}

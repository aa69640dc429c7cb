//! Linting one piece of content: parse it, then run every rule on it.

use crate::Options;
use crate::catalog::{ComponentType, Kind, Limits, MAX_INPUT_BYTES, SystemType};
use crate::diagnostic::Diagnostic;
use crate::input::InputError;
use crate::rules::request::manifest::{self, ContentSource, INVALID_MANIFEST};
use crate::rules::suppression::{self, Directive};
use crate::rules::{content, dockerfile, repo, tasks, template};
use crate::source::Span;
use crate::syntax::dockerfile::parse;
use crate::syntax::format::{ContentFormat, detect};
use crate::syntax::template::ComponentLine;
use crate::syntax::yaml;

/// Lints component or template content in either format. Spans are byte offsets into `text`.
pub fn lint_content(text: &str, options: &Options) -> Vec<Diagnostic> {
    lint_content_with_facts(text, options).0
}

/// What the checks across files need from one piece of content.
#[derive(Debug, Clone, Default)]
pub struct ContentFacts {
    /// Template content: its `COMPONENT` lines (spans into the content).
    pub components: Vec<ComponentLine>,
    /// Component content: the parameters it declares (see [`repo::Component::parameters`]).
    pub parameters: Option<Vec<repo::Parameter>>,
    /// Its suppression comments left for the checks across files (see [`suppression::apply`]).
    pub suppressions: Vec<Directive>,
}

/// As [`lint_content`], and what the checks across files need from the content.
pub fn lint_content_with_facts(text: &str, options: &Options) -> (Vec<Diagnostic>, ContentFacts) {
    let mut out = Vec::new();
    let mut facts = ContentFacts::default();
    match detect(text) {
        ContentFormat::Dockerfile => {
            facts.components = lint_dockerfile(text, options, &mut out);
            if options.kind == Kind::Component {
                facts.parameters = Some(Vec::new());
            }
        }
        ContentFormat::Yaml if options.kind == Kind::Template => {
            template::check_yaml_content(text, options.component_type, &mut out)
        }
        ContentFormat::Yaml => {
            let root = tasks::check(text, options, &mut out);
            facts.parameters = root.as_ref().and_then(repo::declared_parameters);
        }
    }
    facts.suppressions = suppression::apply(text, false, &mut out);
    sort(&mut out);
    (out, facts)
}

/// Lints Dockerfile-format content; returns the `COMPONENT` lines of template content.
fn lint_dockerfile(text: &str, options: &Options, out: &mut Vec<Diagnostic>) -> Vec<ComponentLine> {
    let script = parse(text);
    if content::check_presence(text, script.commands.len(), out) {
        return Vec::new();
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
        template::check(&script, options.component_type, out)
    } else {
        Vec::new()
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

/// How a manifest is written: its file name says (`.json`, or else YAML).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ManifestSyntax {
    #[default]
    Yaml,
    /// Read as YAML too (JSON is YAML's flow style), and also held to JSON's stricter rules: a
    /// trailing comma, a comment or a single-quoted string is a finding, as other JSON tools
    /// would refuse the file.
    Json,
}

/// Parses a manifest (of a `component` or a `template`, as `what` says). A manifest that is not
/// YAML is one finding and `None`; a second document, or a JSON manifest that is YAML but not
/// strict JSON, is a finding too (the manifest is linted on).
fn parse_manifest(
    text: &str,
    what: &str,
    syntax: ManifestSyntax,
    out: &mut Vec<Diagnostic>,
) -> Option<yaml::Document> {
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
            return None;
        }
    };
    if syntax == ManifestSyntax::Json {
        out.extend(strict_json_error(text));
    }
    if let Some(extra) = document.extra_document {
        out.push(
            Diagnostic::new(
                &INVALID_MANIFEST,
                extra,
                "the manifest holds a second YAML document",
            )
            .with_help(format!(
                "one manifest per file: move the second {what} to its own file"
            )),
        );
    }
    Some(document)
}

/// The finding for text that is not strict JSON, if it is not.
fn strict_json_error(text: &str) -> Option<Diagnostic> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim().is_empty() {
        // An empty manifest is its own finding.
        return None;
    }
    let error = serde_json::from_str::<serde::de::IgnoredAny>(body).err()?;
    // serde_json counts lines from 1 and columns in bytes from 1 (0 at the very end).
    let line_start = body
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let mut offset = (line_start + error.column().saturating_sub(1)).min(body.len());
    while !body.is_char_boundary(offset) {
        offset -= 1;
    }
    // A comma right before a closing bracket: point at the comma, and say so.
    let before = body[..offset].trim_end_matches([' ', '\t', '\r', '\n']);
    let (span, message) = if before.ends_with(',') && body[offset..].starts_with(['}', ']']) {
        let comma = before.len() - 1;
        (Span::new(comma, comma + 1), "a trailing comma".to_string())
    } else {
        let message = error.to_string();
        // The position is in the span; the message keeps serde_json's words without it.
        let words = message
            .rsplit_once(" at line ")
            .map_or(&*message, |(w, _)| w);
        (Span::at(offset), words.to_string())
    };
    let bom = text.len() - body.len();
    Some(
        Diagnostic::new(
            &INVALID_MANIFEST,
            Span::new(span.start + bom, span.end + bom),
            format!("the manifest is not valid JSON: {message}"),
        )
        .with_label("not JSON")
        .with_help(
            "JSON allows no trailing comma, comment or single quote; or name the file `.yaml` to write YAML",
        ),
    )
}

/// What linting a manifest found.
#[derive(Debug, Default)]
pub struct ManifestLint {
    /// Its findings, and those of the content inline in it (mapped to the manifest's bytes).
    pub diagnostics: Vec<Diagnostic>,
    /// The content files to lint with its options: a component's `ContentFile`; a template's
    /// `BuildContentFile`, then `TestContentFile`.
    pub content_files: Vec<ContentFile>,
    /// A component manifest: what the checks across files need (`None` when the manifest cannot
    /// be read; its `file` is left empty, and its parameters unknown while the content is in a
    /// `ContentFile`).
    pub component: Option<repo::Component>,
    /// A template manifest: its inline `COMPONENT` lines (spans into the manifest) with the
    /// content they are in.
    pub references: Vec<(ComponentType, ComponentLine)>,
    /// The suppression comments left for the checks across files, its inline contents' among
    /// them (in the manifest's bytes).
    pub suppressions: Vec<Directive>,
}

impl ManifestLint {
    /// Lints inline content (the scalar `scalar` of the manifest `text`) with `options`: its
    /// findings and suppressions are mapped into the manifest; returns what else it found.
    fn lint_inline(
        &mut self,
        text: &str,
        scalar: &yaml::Scalar,
        options: &Options,
    ) -> ContentFacts {
        let content = scalar.mapped(text);
        let map = &content.map;
        let (diagnostics, mut facts) = lint_content_with_facts(&content.text, options);
        self.diagnostics.extend(
            diagnostics
                .into_iter()
                .map(|d| d.map_spans(|s| map.span(s))),
        );
        self.suppressions.extend(
            std::mem::take(&mut facts.suppressions)
                .into_iter()
                .map(|d| d.map_spans(|s| map.span(s), scalar.raw)),
        );
        facts.components = facts
            .components
            .into_iter()
            .map(|line| line.map_spans(|s| map.span(s)))
            .collect();
        facts
    }

    /// Applies the manifest's own suppression comments and sorts the findings.
    fn finish(mut self, text: &str) -> Self {
        let suppressions = suppression::apply(text, true, &mut self.diagnostics);
        self.suppressions.extend(suppressions);
        sort(&mut self.diagnostics);
        self
    }
}

/// Lints a component manifest, and the content inline in it (its findings mapped to the
/// manifest's bytes). Returns the manifest's findings and the `ContentFile` to lint, if any.
/// The text is read as YAML (JSON included, but not held to strict JSON: see
/// [`ManifestSyntax`]).
pub fn lint_component_manifest(
    text: &str,
    options: &Options,
) -> (Vec<Diagnostic>, Option<ContentFile>) {
    let lint = lint_component_manifest_with_facts(text, ManifestSyntax::Yaml, options);
    (lint.diagnostics, lint.content_files.into_iter().next())
}

/// As [`lint_component_manifest`], for a manifest in `syntax`, and what the checks across files
/// need.
pub fn lint_component_manifest_with_facts(
    text: &str,
    syntax: ManifestSyntax,
    options: &Options,
) -> ManifestLint {
    let mut lint = ManifestLint::default();
    let Some(document) = parse_manifest(text, "component", syntax, &mut lint.diagnostics) else {
        return lint;
    };
    let Some(root) = document.root else {
        lint.diagnostics.push(
            Diagnostic::new(
                &content::MISSING_CONTENT,
                Span::at(0),
                "the manifest is empty",
            )
            .with_help("write the component's parameters, at least `Content: |` with its commands"),
        );
        return lint;
    };
    let found = manifest::check(&root, &mut lint.diagnostics);
    let mut component = repo::Component {
        file: String::new(),
        name: found.name.map(|(name, span)| (name.to_string(), span)),
        version: found.version,
        region: found
            .region
            .map(|(region, span)| (region.to_string(), span)),
        component_type: found.component_type,
        parameters: None,
    };
    let content_options = Options {
        system_type: found.system_type,
        component_type: found.component_type,
        ..*options
    };
    match found.content {
        ContentSource::Inline(scalar) => {
            component.parameters = lint.lint_inline(text, scalar, &content_options).parameters;
        }
        ContentSource::File(path, span) => lint.content_files.push(ContentFile {
            path: path.to_string(),
            span,
            options: content_options,
        }),
        ContentSource::None => {}
    }
    lint.component = Some(component);
    lint.finish(text)
}

/// Lints a template manifest, and the `BuildContent`/`TestContent` inline in it (their findings
/// mapped to the manifest's bytes). Returns the manifest's findings and the content files to lint
/// (`BuildContentFile` first).
/// The text is read as YAML, as for [`lint_component_manifest`].
pub fn lint_template_manifest(
    text: &str,
    options: &Options,
) -> (Vec<Diagnostic>, Vec<ContentFile>) {
    let lint = lint_template_manifest_with_facts(text, ManifestSyntax::Yaml, options);
    (lint.diagnostics, lint.content_files)
}

/// As [`lint_template_manifest`], for a manifest in `syntax`, and what the checks across files
/// need.
pub fn lint_template_manifest_with_facts(
    text: &str,
    syntax: ManifestSyntax,
    options: &Options,
) -> ManifestLint {
    let mut lint = ManifestLint::default();
    let Some(document) = parse_manifest(text, "template", syntax, &mut lint.diagnostics) else {
        return lint;
    };
    let Some(root) = document.root else {
        lint.diagnostics.push(
            Diagnostic::new(&INVALID_MANIFEST, Span::at(0), "the template manifest is empty")
                .with_help("write the template's parameters: `BaseImageType`, `BaseImage`, `BuildContent: |` ..."),
        );
        return lint;
    };
    let found = template::manifest::check(&root, &mut lint.diagnostics);
    for (component_type, source) in found.contents() {
        let content_options = Options {
            kind: Kind::Template,
            system_type: SystemType::default(),
            component_type,
            ..*options
        };
        match source {
            ContentSource::Inline(scalar) => {
                let facts = lint.lint_inline(text, scalar, &content_options);
                lint.references.extend(
                    facts
                        .components
                        .into_iter()
                        .map(|line| (component_type, line)),
                );
            }
            ContentSource::File(path, span) => lint.content_files.push(ContentFile {
                path: path.to_string(),
                span,
                options: content_options,
            }),
            ContentSource::None => {}
        }
    }
    lint.finish(text)
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

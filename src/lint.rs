//! The pure core: lints one text. `(name, text, kind, options) -> FileLint`: its findings (sorted,
//! suppressions applied), the facts the checks across files need, and the content files it wants
//! linted with it. No disk, no threads, no configuration: the engine (`crate::engine`) reads the
//! files, follows `wants`, runs the checks across files and reports. See `docs/architecture.md`.
//!
//! Each text is parsed once (`crate::syntax`); the rules read the parsed models; the suppression
//! stage applies the directives the parser read. Content inline in a manifest is linted as content
//! and its findings are mapped into the manifest's bytes.

mod iac;

use crate::catalog::iac::may_be_ros_template;
use crate::catalog::template::content_file_parameter;
use crate::catalog::{ComponentType, Kind, Limits, MAX_INPUT_BYTES, SystemType};
use crate::diagnostic::{self, Diagnostic};
use crate::options::{FileKind, ManifestSyntax, Options};
use crate::rules::component_manifest::manifest::{self as component_manifest, ContentSource};
use crate::rules::cross_file::{Component, ContentParameters, Declared, Facts, Reference};
use crate::rules::shared::{INVALID_MANIFEST, MISSING_CONTENT};
use crate::rules::{content, dockerfile, shell, template, yaml_content};
use crate::source::{MappedText, OffsetMap, Span, position_in};
use crate::suppression;
use crate::syntax::component_manifest::ComponentManifest;
use crate::syntax::content::{self as content_syntax, ContentModel};
use crate::syntax::directives::Directive;
use crate::syntax::dockerfile::DockerfileScript;
use crate::syntax::manifest;
use crate::syntax::shell::{self as shell_syntax, ShellText};
use crate::syntax::template::ComponentLine;
use crate::syntax::template_manifest::TemplateManifest;
use crate::syntax::yaml;
use crate::syntax::yaml_content::DeclaredParameter;
use std::path::{self, Path, PathBuf};

/// What linting one file found.
#[derive(Debug, Default)]
pub struct FileLint {
    /// Its findings, sorted by position then code; for a manifest, those of its inline content
    /// too, mapped into the manifest's bytes.
    pub diagnostics: Vec<Diagnostic>,
    /// What the checks across files need from it.
    pub facts: Facts,
    /// The content files it refers to, to lint with it: a component manifest's `ContentFile`; a
    /// template manifest's `BuildContentFile`, then `TestContentFile`.
    pub wants: Vec<Want>,
    /// Its shell texts (of its inline content, for a manifest), each with its map into this
    /// file's bytes: for ShellCheck, which the engine runs.
    pub shell: Vec<ShellText>,
}

/// A content file a manifest refers to, to be linted as content with the manifest's options.
#[derive(Debug, Clone)]
pub struct Want {
    /// As written in the manifest: relative to the manifest's directory.
    pub path: String,
    /// The name its report gets: the manifest's directory joined with `path`, normalised
    /// lexically (`manifests/../content/a.yaml` is `content/a.yaml`), as the walk names the file.
    pub name: String,
    /// The path's span in the manifest.
    pub span: Span,
    /// What the manifest says the content is.
    pub options: Options,
    /// Named by Terraform's `file(...)`, not by a manifest key.
    pub by_function: bool,
}

impl Want {
    /// What names the file: the manifest key, or Terraform's `file(...)`.
    pub fn key(&self) -> &'static str {
        match (
            self.by_function,
            self.options.kind,
            self.options.component_type,
        ) {
            (true, ..) => "file(...)",
            (false, Kind::Component, _) => "ContentFile",
            (false, Kind::Template, content) => content_file_parameter(content),
        }
    }

    /// The finding on the manifest when the file cannot be read (`reason`).
    pub fn unreadable(&self, reason: &str) -> Diagnostic {
        Diagnostic::new(
            &INVALID_MANIFEST,
            self.span,
            format!("`{}`: {reason}", self.key()),
        )
        .with_label("cannot read this file")
        .with_help(if self.by_function {
            "iclint reads the path relative to the directory of the `.tf` file (`${path.module}`)"
        } else {
            "the path is relative to the manifest's directory"
        })
    }
}

/// Lints the bytes of one file: text that is not UTF-8 (or is binary) is one finding, and the
/// text shown for it. Returns the text the findings point into.
pub fn lint_bytes(
    name: &str,
    bytes: Vec<u8>,
    kind: FileKind,
    options: &Options,
) -> (String, FileLint) {
    match content::decode(bytes) {
        Ok(text) => {
            let lint = lint_text(name, &text, kind, options);
            (text, lint)
        }
        Err(not_text) => {
            let content::NotText { text, finding } = *not_text;
            let lint = FileLint {
                diagnostics: vec![finding],
                ..FileLint::default()
            };
            (text, lint)
        }
    }
}

/// Lints one text, named `name` (the name its reports and facts carry), of the kind `kind`.
pub fn lint_text(name: &str, text: &str, kind: FileKind, options: &Options) -> FileLint {
    match kind {
        FileKind::Content if may_be_ros_template(text) => iac::lint_ros(name, text, options),
        FileKind::Content => lint_content_file(name, text, options),
        FileKind::Terraform => iac::lint_terraform(name, text, options),
        FileKind::ComponentManifest(syntax) => lint_component_manifest(name, text, syntax, options),
        FileKind::TemplateManifest(syntax) => lint_template_manifest(name, text, syntax, options),
    }
}

/// The finding for a file too large to read (over [`MAX_INPUT_BYTES`]); `size` when known.
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

/// What linting one content found, in the content's coordinates.
#[derive(Debug, Default)]
struct ContentLint {
    diagnostics: Vec<Diagnostic>,
    /// Template content: its `COMPONENT` lines.
    components: Vec<ComponentLine>,
    /// Component content: the parameters it declares (none for the Dockerfile format); `None`
    /// when not known.
    parameters: Option<Vec<DeclaredParameter>>,
    /// Its suppression directives left for the checks across files (and ShellCheck).
    deferred: Vec<Directive>,
    /// Its shell texts, mapped into the content.
    shell: Vec<ShellText>,
}

/// Lints component or template content in either format: parse once, run the rules on the
/// model, apply its suppression directives.
fn lint_content(text: &str, options: &Options) -> ContentLint {
    let parsed = content_syntax::parse(text);
    let model = parsed.model();
    let mut lint = ContentLint::default();
    let out = &mut lint.diagnostics;
    match &model {
        ContentModel::Dockerfile(script) => {
            lint.components = lint_dockerfile(text, script, options, out);
            if options.kind == Kind::Component {
                lint.parameters = Some(Vec::new());
            }
        }
        ContentModel::Yaml(_) if options.kind == Kind::Template => {
            template::check_yaml_content(text, options.component_type, out)
        }
        ContentModel::Yaml(yaml) => {
            yaml_content::check(text, yaml, options, out);
            lint.parameters = yaml.declared_parameters();
        }
    }
    let empty = matches!(&model, ContentModel::Dockerfile(s) if s.commands.is_empty());
    if !empty {
        lint.shell = shell_syntax::texts(text, &model);
        shell::check(text, &model, &lint.shell, out);
    }
    lint.deferred = suppression::apply(parsed.directives, out);
    diagnostic::sort(out);
    lint
}

/// Lints Dockerfile-format content; returns the `COMPONENT` lines of template content.
fn lint_dockerfile(
    text: &str,
    script: &DockerfileScript<'_>,
    options: &Options,
    out: &mut Vec<Diagnostic>,
) -> Vec<ComponentLine> {
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
    dockerfile::check(script, options.kind, out);
    if options.kind == Kind::Template {
        template::check(script, options.component_type, out)
    } else {
        Vec::new()
    }
}

/// Raw content: a file of its own.
fn lint_content_file(name: &str, text: &str, options: &Options) -> FileLint {
    let lint = lint_content(text, options);
    let mut facts = Facts::default();
    match options.kind {
        Kind::Component => facts.contents.push(ContentParameters {
            file: name.to_string(),
            parameters: lint.parameters,
        }),
        Kind::Template => {
            facts
                .references
                .extend(references(name, options.component_type, lint.components))
        }
    }
    if !lint.deferred.is_empty() {
        facts.suppressions.push((name.to_string(), lint.deferred));
    }
    FileLint {
        diagnostics: lint.diagnostics,
        facts,
        wants: Vec::new(),
        shell: lint.shell,
    }
}

/// The `COMPONENT` lines of one content of `file` as facts.
fn references(
    file: &str,
    content: ComponentType,
    lines: Vec<ComponentLine>,
) -> impl Iterator<Item = Reference> + '_ {
    lines.into_iter().map(move |line| Reference {
        file: file.to_string(),
        content,
        line,
    })
}

/// A manifest being linted: its findings, facts and wants so far, and the directives of its
/// inline contents (in the manifest's bytes).
struct ManifestLint<'a> {
    name: &'a str,
    text: &'a str,
    lint: FileLint,
    deferred: Vec<Directive>,
}

impl<'a> ManifestLint<'a> {
    fn new(name: &'a str, text: &'a str) -> Self {
        ManifestLint {
            name,
            text,
            lint: FileLint::default(),
            deferred: Vec::new(),
        }
    }

    /// Parses the manifest (of a `component` or a `template`, as `what` says). A manifest that
    /// is not YAML is one finding and `None`; a second document, or a `.json` manifest that is
    /// YAML but not strict JSON, is a finding too (the manifest is linted on).
    fn parse(
        &mut self,
        what: &str,
        syntax: ManifestSyntax,
    ) -> Option<(yaml::Document, Vec<Directive>)> {
        let parsed = manifest::parse(self.text, syntax);
        let out = &mut self.lint.diagnostics;
        let document = match parsed.document {
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
        if let Some(fault) = parsed.json_fault {
            out.push(
                Diagnostic::new(
                    &INVALID_MANIFEST,
                    fault.span,
                    format!("the manifest is not valid JSON: {}", fault.message),
                )
                .with_label("not JSON")
                .with_help(
                    "JSON allows no trailing comma, comment or single quote; or name the file `.yaml` to write YAML",
                ),
            );
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
        Some((document, parsed.directives))
    }

    /// Lints inline content (the scalar `scalar` of the manifest) with `options`: its findings
    /// and directives are mapped into the manifest; returns what else it found.
    fn lint_inline(&mut self, scalar: &yaml::Scalar, options: &Options) -> ContentLint {
        self.lint_mapped(
            &scalar.mapped(self.text),
            scalar.raw,
            Some(scalar.style),
            options,
        )
    }

    /// Lints content derived from the file's text (`content`, with its map back; `whole` is
    /// the content as written, a YAML scalar of `style`) with `options`: its findings and
    /// directives are mapped into the file; returns what else it found. Fixes are kept where
    /// they can be written into a YAML scalar of that style; with no style (a Terraform or ROS
    /// string, whose escapes and interpolations the fixes do not know), none is kept.
    fn lint_mapped(
        &mut self,
        content: &MappedText,
        whole: Span,
        style: Option<yaml::ScalarStyle>,
        options: &Options,
    ) -> ContentLint {
        let map = &content.map;
        let mut lint = lint_content(&content.text, options);
        for diagnostic in &mut lint.diagnostics {
            match style {
                Some(style) => {
                    keep_fix_if_writable(diagnostic, &content.text, self.text, map, style)
                }
                None => diagnostic.fix = None,
            }
        }
        self.lint.diagnostics.extend(
            std::mem::take(&mut lint.diagnostics)
                .into_iter()
                .map(|d| d.map_spans(|s| map.span(s))),
        );
        self.deferred.extend(
            std::mem::take(&mut lint.deferred)
                .into_iter()
                .map(|d| d.map_spans(|s| map.span(s), whole)),
        );
        lint.components = std::mem::take(&mut lint.components)
            .into_iter()
            .map(|line| line.map_spans(|s| map.span(s)))
            .collect();
        self.lint.shell.extend(
            std::mem::take(&mut lint.shell)
                .into_iter()
                .map(|text| text.within(map)),
        );
        lint
    }

    /// A content file the manifest names: wanted, with the options of its content. Its report
    /// is named as the walk would name the file (see [`normalize`]), so that annotations land on
    /// it.
    fn want(&mut self, path: &str, span: Span, options: Options) -> String {
        let joined = Path::new(self.name)
            .parent()
            .unwrap_or(Path::new(""))
            .join(path);
        let name = normalize(&joined).to_string_lossy().into_owned();
        self.lint.wants.push(Want {
            path: path.to_string(),
            name: name.clone(),
            span,
            options,
            by_function: false,
        });
        name
    }

    /// Applies the manifest's own suppression directives and sorts the findings.
    fn finish(mut self, directives: Vec<Directive>) -> FileLint {
        let deferred = suppression::apply(directives, &mut self.lint.diagnostics);
        self.deferred.extend(deferred);
        if !self.deferred.is_empty() {
            self.lint
                .facts
                .suppressions
                .push((self.name.to_string(), self.deferred));
        }
        diagnostic::sort(&mut self.lint.diagnostics);
        self.lint
    }
}

/// Carries the fix of a finding in inline content (`content`, mapped into `manifest` by `map`)
/// over to the manifest, or drops it: every edit must replace bytes written verbatim in the
/// manifest, with text the scalar's `style` holds as it is. A line break is written with the
/// block's indentation in a literal block (`|`), and nowhere else (a folded block would fold it,
/// a quoted or plain scalar would need an escape); no quote or backslash in a quoted style;
/// nothing but words and `-_./` in a plain scalar.
fn keep_fix_if_writable(
    diagnostic: &mut Diagnostic,
    content: &str,
    manifest: &str,
    map: &OffsetMap,
    style: yaml::ScalarStyle,
) {
    use yaml::ScalarStyle::*;
    let Some(fix) = diagnostic.fix.as_deref_mut() else {
        return;
    };
    let writable = |replacement: &str| {
        let breaks = replacement.contains(['\n', '\r']);
        match style {
            Literal => !replacement.contains('\r'),
            Folded => !breaks,
            DoubleQuoted => !breaks && !replacement.contains(['"', '\\']),
            SingleQuoted => !breaks && !replacement.contains('\''),
            Plain => replacement
                .chars()
                .all(|c| c.is_alphanumeric() || "-_./".contains(c)),
        }
    };
    let mut kept = true;
    for edit in &mut fix.edits {
        let mapped = map.span(edit.span);
        let written = manifest.get(mapped.range());
        kept &= written.is_some()
            && written == content.get(edit.span.range())
            && writable(&edit.replacement);
        if kept && edit.replacement.contains('\n') {
            // The block's indentation: the manifest's line holds it before the content's own.
            let indent = |text: &str, at: usize| {
                let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                text[start..].len() - text[start..].trim_start_matches([' ', '\t']).len()
            };
            let line_start = manifest[..mapped.start].rfind('\n').map_or(0, |i| i + 1);
            let blanks =
                indent(manifest, mapped.start).saturating_sub(indent(content, edit.span.start));
            let block = &manifest[line_start..line_start + blanks];
            edit.replacement = edit.replacement.replace('\n', &format!("\n{block}"));
        }
    }
    if !kept {
        diagnostic.fix = None;
    }
}

/// A component manifest, and the content inline in it.
fn lint_component_manifest(
    name: &str,
    text: &str,
    syntax: ManifestSyntax,
    options: &Options,
) -> FileLint {
    let mut manifest = ManifestLint::new(name, text);
    let Some((document, directives)) = manifest.parse("component", syntax) else {
        return manifest.lint;
    };
    let Some(root) = document.root else {
        manifest.lint.diagnostics.push(
            Diagnostic::new(&MISSING_CONTENT, Span::at(0), "the manifest is empty").with_help(
                "write the component's parameters, at least `Content: |` with its commands",
            ),
        );
        return manifest.lint;
    };
    let model = ComponentManifest::read(&root);
    let content = component_manifest::check(&model, &mut manifest.lint.diagnostics);
    let content_options = Options {
        system_type: model.system_type(),
        component_type: model.component_type(),
        ..*options
    };
    let parameters = match content {
        ContentSource::Inline(scalar) => manifest
            .lint_inline(scalar, &content_options)
            .parameters
            .map_or(Declared::Unknown, Declared::Known),
        ContentSource::File(path, span) => {
            Declared::InFile(manifest.want(path, span, content_options))
        }
        ContentSource::None => Declared::Unknown,
    };
    let component = component_fact(name, text, &model, parameters);
    manifest.lint.facts.components.push(component);
    manifest.finish(directives)
}

/// What the checks across files need of a component defined in `name` (`text`).
fn component_fact(
    name: &str,
    text: &str,
    manifest: &ComponentManifest<'_>,
    parameters: Declared,
) -> Component {
    let at = |offset: usize| position_in(text, offset);
    let component_name = manifest.name();
    let version = manifest.version();
    let version_span = version.map(|(_, span)| span).unwrap_or_default();
    Component {
        file: name.to_string(),
        name_at: at(component_name.map_or(0, |(_, span)| span.start)),
        version_at: (at(version_span.start), at(version_span.end)),
        name: component_name.map(|(name, span)| (name.to_string(), span)),
        version,
        region: manifest
            .region_id()
            .map(|(region, span)| (region.to_string(), span)),
        component_type: manifest.component_type(),
        parameters,
    }
}

/// A template manifest, and the `BuildContent`/`TestContent` inline in it.
fn lint_template_manifest(
    name: &str,
    text: &str,
    syntax: ManifestSyntax,
    options: &Options,
) -> FileLint {
    let mut manifest = ManifestLint::new(name, text);
    let Some((document, directives)) = manifest.parse("template", syntax) else {
        return manifest.lint;
    };
    let Some(root) = document.root else {
        manifest.lint.diagnostics.push(
            Diagnostic::new(&INVALID_MANIFEST, Span::at(0), "the template manifest is empty")
                .with_help("write the template's parameters: `BaseImageType`, `BaseImage`, `BuildContent: |` ..."),
        );
        return manifest.lint;
    };
    let model = TemplateManifest::read(&root);
    let found = template::manifest::check(&model, &mut manifest.lint.diagnostics);
    for (component_type, source) in found.contents() {
        let content_options = Options {
            kind: Kind::Template,
            system_type: SystemType::default(),
            component_type,
            ..*options
        };
        match source {
            ContentSource::Inline(scalar) => {
                let lines = manifest.lint_inline(scalar, &content_options).components;
                let found = references(name, component_type, lines);
                manifest.lint.facts.references.extend(found);
            }
            ContentSource::File(path, span) => {
                manifest.want(path, span, content_options);
            }
            ContentSource::None => {}
        }
    }
    manifest.finish(directives)
}

/// `name` with `.` dropped and each `..` taken back with the name before it, lexically: no
/// symbolic link is followed and the disk is not read. `a/b/../c` is `a/c`, `./a` is `a`; `..`
/// that go above the start are kept (`a/../../b` is `../b`), and `..` at the root stays there.
fn normalize(name: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    // How many names `normal` ends with that a `..` may take back.
    let mut names = 0usize;
    for component in name.components() {
        match component {
            path::Component::CurDir => {}
            path::Component::ParentDir if names > 0 => {
                normal.pop();
                names -= 1;
            }
            path::Component::ParentDir if normal.has_root() => {}
            path::Component::ParentDir => normal.push(".."),
            path::Component::Normal(name) => {
                normal.push(name);
                names += 1;
            }
            path::Component::RootDir | path::Component::Prefix(_) => normal.push(component),
        }
    }
    if normal.as_os_str().is_empty() {
        normal.push(".");
    }
    normal
}

#[cfg(test)]
mod tests {
    use super::{keep_fix_if_writable, normalize};
    use crate::diagnostic::{Diagnostic, Edit};
    use crate::options::ManifestSyntax;
    use crate::rules::dockerfile::keyword::LOWERCASE_KEYWORD;
    use crate::source::Span;
    use crate::syntax::manifest;
    use std::path::Path;

    /// The fix of a finding at `at..at + len` of the `Content` of `text`, replaced by
    /// `replacement`, as it is carried into the manifest (`None`: dropped).
    fn carried(text: &str, at: &str, replacement: &str) -> Option<String> {
        let document = manifest::parse(text, ManifestSyntax::Yaml)
            .document
            .unwrap();
        let node = document.root.as_ref().unwrap().get("Content").unwrap();
        let scalar = node.as_scalar().unwrap();
        let content = scalar.mapped(text);
        let start = content.text.find(at).unwrap();
        let span = Span::new(start, start + at.len());
        let edit = Edit {
            span,
            replacement: replacement.to_string(),
        };
        let mut finding =
            Diagnostic::new(&LOWERCASE_KEYWORD, span, "x").with_fix("fix", vec![edit]);
        keep_fix_if_writable(
            &mut finding,
            &content.text,
            text,
            &content.map,
            scalar.style,
        );
        let finding = finding.map_spans(|s| content.map.span(s));
        let fix = finding.fix?;
        let edit = &fix.edits[0];
        Some(format!(
            "{}{}{}",
            &text[..edit.span.start],
            edit.replacement,
            &text[edit.span.end..]
        ))
    }

    #[test]
    fn fixes_in_inline_content_are_written_as_the_scalar_needs() {
        // A line break takes the literal block's indentation, not the content's own blanks.
        let text = "Content: |\n    RUN a \\\n      && reboot\n";
        assert_eq!(
            carried(text, " && reboot", "\nRESTART").as_deref(),
            Some("Content: |\n    RUN a \\\n     \n    RESTART\n")
        );
        assert_eq!(carried("Content: >\n  run a\n", "run", "R\nUN"), None);
        assert_eq!(
            carried("Content: \"run a\"\n", "run", "RUN").as_deref(),
            Some("Content: \"RUN a\"\n")
        );
        assert_eq!(carried("Content: \"run a\"\n", "run", "R\"N"), None);
        assert_eq!(carried("Content: \"\\u0072un a\"\n", "run", "RUN"), None);
        assert_eq!(carried("Content: run a\n", "run", "RUN #"), None);
    }

    #[test]
    fn paths_are_normalized_lexically() {
        for (path, normal) in [
            ("manifests/../content/setup.yaml", "content/setup.yaml"),
            ("a/b/../c", "a/c"),
            ("./a", "a"),
            ("a/./b/", "a/b"),
            ("a/../../b", "../b"),
            ("../../a/../b", "../../b"),
            ("/x/../../y", "/y"),
            ("a/..", "."),
            ("", "."),
        ] {
            assert_eq!(normalize(Path::new(path)), Path::new(normal), "{path}");
        }
    }
}

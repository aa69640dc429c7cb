//! Content and requests inside infrastructure as code (docs/service-rules.md §11): Terraform's
//! and ROS's Image Builder resources, read by `syntax::terraform` and `syntax::ros` into the
//! request each sends. The request is checked by the manifest rules (a component's as a component
//! manifest's, a template's as a template manifest's); the content is linted as content, its
//! findings mapped into the file; `file(...)` is wanted, as a manifest's `ContentFile`; the
//! components defined join the checks across files.

use super::{FileLint, ManifestLint, component_fact, references};
use crate::catalog::iac::may_hold_terraform_resources;
use crate::catalog::{ComponentType, Kind, SystemType};
use crate::diagnostic::Diagnostic;
use crate::options::Options;
use crate::rules::component_manifest::manifest as component_manifest;
use crate::rules::cross_file::Declared;
use crate::rules::shared::{INVALID_MANIFEST, MISSING_CONTENT};
use crate::rules::template;
use crate::syntax::component_manifest::ComponentManifest;
use crate::syntax::iac::{Content, ContentValue, Resource, ResourceKind};
use crate::syntax::template_manifest::TemplateManifest;
use crate::syntax::{ros, terraform};

/// A Terraform file. One without Image Builder resources (most) costs a byte search.
pub(super) fn lint_terraform(name: &str, text: &str, options: &Options) -> FileLint {
    let mut file = ManifestLint::new(name, text);
    if !may_hold_terraform_resources(text.as_bytes()) {
        return file.lint;
    }
    let parsed = terraform::parse(text);
    if let Some(error) = parsed.error {
        file.lint.diagnostics.push(
            Diagnostic::new(
                &INVALID_MANIFEST,
                error.span,
                format!("the Terraform file does not parse: {}", error.message),
            )
            .with_help("`terraform validate` says more; iclint reads the file once it parses"),
        );
        return file.lint;
    }
    lint_resources(&mut file, &parsed.resources, options);
    file.finish(parsed.directives)
}

/// A ROS template.
pub(super) fn lint_ros(name: &str, text: &str, options: &Options) -> FileLint {
    let mut file = ManifestLint::new(name, text);
    let parsed = ros::parse(text);
    let resources = match parsed.resources {
        Ok(resources) => resources,
        Err(error) => {
            file.lint.diagnostics.push(
                Diagnostic::new(
                    &INVALID_MANIFEST,
                    error.span,
                    format!(
                        "the ROS template is not valid YAML or JSON: {}",
                        error.message
                    ),
                )
                .with_help("check the indentation and quoting around this place"),
            );
            return file.lint;
        }
    };
    lint_resources(&mut file, &resources, options);
    file.finish(parsed.directives)
}

fn lint_resources(file: &mut ManifestLint<'_>, resources: &[Resource], options: &Options) {
    for resource in resources {
        match resource.kind {
            ResourceKind::Component => lint_component(file, resource, options),
            ResourceKind::Pipeline => lint_pipeline(file, resource, options),
        }
    }
}

/// The request's findings, in the resource's words where a manifest's would mislead: a missing
/// content is the resource's attribute or property, not a manifest's key.
fn reword(resource: &Resource, found: Vec<Diagnostic>, out: &mut Vec<Diagnostic>) {
    let content = resource.field_name(match resource.kind {
        ResourceKind::Component => "Content",
        ResourceKind::Pipeline => "BuildContent",
    });
    out.extend(found.into_iter().map(|d| match content {
        Some(content) if d.code() == MISSING_CONTENT.code => {
            let (span, message) = match &resource.content {
                Some(given) => (given.span, format!("`{content}` is empty")),
                None => (resource.span, format!("the resource has no `{content}`")),
            };
            Diagnostic::new(&MISSING_CONTENT, span, message)
                .with_label(format!("no command in `{content}`"))
                .with_help(format!("give `{content}` the commands the component runs"))
        }
        _ => d,
    }));
}

fn lint_component(file: &mut ManifestLint<'_>, resource: &Resource, options: &Options) {
    let mut request = Vec::new();
    let model = ComponentManifest::read(&resource.request);
    component_manifest::check(&model, &mut request);
    reword(resource, request, &mut file.lint.diagnostics);
    let content_options = Options {
        kind: Kind::Component,
        system_type: model.system_type(),
        component_type: model.component_type(),
        ..*options
    };
    let parameters = match &resource.content {
        Some(Content {
            span,
            value: ContentValue::Literal(text),
        }) if !text.text.is_empty() => file
            .lint_mapped(text, *span, None, &content_options)
            .parameters
            .map_or(Declared::Unknown, Declared::Known),
        Some(Content {
            value: ContentValue::File(path, span),
            ..
        }) => Declared::InFile(want_once(file, path, *span, content_options)),
        _ => Declared::Unknown,
    };
    let component = component_fact(file.name, file.text, &model, parameters);
    file.lint.facts.components.push(component);
}

fn lint_pipeline(file: &mut ManifestLint<'_>, resource: &Resource, options: &Options) {
    let model = TemplateManifest::read(&resource.request);
    template::manifest::check(&model, &mut file.lint.diagnostics);
    let content_options = Options {
        kind: Kind::Template,
        system_type: SystemType::default(),
        component_type: ComponentType::Build,
        ..*options
    };
    match &resource.content {
        Some(Content {
            span,
            value: ContentValue::Literal(text),
        }) if !text.text.trim().is_empty() => {
            let lines = file
                .lint_mapped(text, *span, None, &content_options)
                .components;
            let found = references(file.name, ComponentType::Build, lines);
            file.lint.facts.references.extend(found);
        }
        Some(Content {
            value: ContentValue::File(path, span),
            ..
        }) => {
            want_once(file, path, *span, content_options);
        }
        _ => {}
    }
}

/// Wants the content file `path` once, however many resources of the file name it.
fn want_once(
    file: &mut ManifestLint<'_>,
    path: &str,
    span: crate::source::Span,
    options: Options,
) -> String {
    if let Some(want) = file.lint.wants.iter().find(|w| w.path == path) {
        return want.name.clone();
    }
    let name = file.want(path, span, options);
    if let Some(want) = file.lint.wants.last_mut() {
        want.by_function = true;
    }
    name
}

//! A template manifest (docs/architecture.md): a mapping of CreateImagePipeline parameters, with
//! `BuildContent`/`TestContent` inline or in files beside it (`BuildContentFile`,
//! `TestContentFile`). Findings on the manifest itself are `ICL003` (cannot read it), `ICL201`
//! (unknown key) and the request codes shared with component manifests.

use crate::catalog::ComponentType;
use crate::catalog::template::{TEMPLATE_MANIFEST_KEYS, TEMPLATE_TEXT_KEYS, content_parameter};
use crate::diagnostic::Diagnostic;
use crate::rules::component_manifest::manifest::{
    ContentSource, check_tag_list, shape, text_value,
};
use crate::rules::component_manifest::{
    check_client_token, check_description, check_name, check_region_id, check_resource_group_id,
};
use crate::rules::shared::INVALID_MANIFEST;
use crate::rules::yaml_tree::{check_aliases, check_duplicate_keys, check_key, scalar};
use crate::syntax::yaml::{Node, NodeKind};

/// What the content checks need from a template manifest.
#[derive(Debug)]
pub struct TemplateManifest<'a> {
    /// `BuildContent` or `BuildContentFile`.
    pub build: ContentSource<'a>,
    /// `TestContent` or `TestContentFile`.
    pub test: ContentSource<'a>,
}

impl<'a> TemplateManifest<'a> {
    /// Both contents, with the type of component each may include.
    pub fn contents(self) -> [(ComponentType, ContentSource<'a>); 2] {
        [
            (ComponentType::Build, self.build),
            (ComponentType::Test, self.test),
        ]
    }
}

/// Checks a template manifest's parameters; returns where its contents are.
pub fn check<'a>(root: &'a Node, out: &mut Vec<Diagnostic>) -> TemplateManifest<'a> {
    let mut manifest = TemplateManifest {
        build: ContentSource::None,
        test: ContentSource::None,
    };
    check_duplicate_keys(root, &INVALID_MANIFEST, out);
    check_aliases(root, &INVALID_MANIFEST, out);
    let Some(entries) = root.as_mapping() else {
        out.push(
            Diagnostic::new(
                &INVALID_MANIFEST,
                root.span,
                "a template manifest must be a mapping of CreateImagePipeline parameters",
            )
            .with_help("write `Name: ...`, `BaseImageType: IMAGE`, `BaseImage: ...`, `BuildContent: |` ..."),
        );
        return manifest;
    };
    for entry in entries {
        if !check_key(
            &entry.key,
            TEMPLATE_MANIFEST_KEYS,
            "template manifest key",
            None,
            &INVALID_MANIFEST,
            out,
        ) {
            continue;
        }
        let Some((key, _)) = scalar(&entry.key) else {
            continue;
        };
        let value = &entry.value;
        if key == "Tag" {
            check_tag_list(key, value, out);
            continue;
        }
        if !TEMPLATE_TEXT_KEYS.contains(&key) {
            continue;
        }
        let Some((text, span)) = text_value(key, value, out) else {
            continue;
        };
        match key {
            "Name" => check_name(text, span, out),
            "Description" => check_description(text, span, out),
            "ClientToken" => check_client_token(text, span, out),
            "RegionId" => check_region_id(text, span, out),
            "ResourceGroupId" => check_resource_group_id(text, span, out),
            _ => {}
        }
    }
    manifest.build = content_source(root, ComponentType::Build, out);
    manifest.test = content_source(root, ComponentType::Test, out);
    manifest
}

/// Where `BuildContent` or `TestContent` is. Both absent, or empty, is no content: a template
/// may have neither.
fn content_source<'a>(
    root: &'a Node,
    content: ComponentType,
    out: &mut Vec<Diagnostic>,
) -> ContentSource<'a> {
    let inline_key = content_parameter(content);
    let file_key = match content {
        ComponentType::Build => "BuildContentFile",
        ComponentType::Test => "TestContentFile",
    };
    let key_span = |name: &str| root.entries(name).next().map(|e| e.key.span);
    match (root.get(inline_key), root.get(file_key)) {
        (Some(_), Some(_)) => {
            out.push(
                Diagnostic::new(
                    &INVALID_MANIFEST,
                    key_span(file_key).unwrap_or_default(),
                    format!("the manifest has both `{inline_key}` and `{file_key}`"),
                )
                .with_related(
                    key_span(inline_key).unwrap_or_default(),
                    format!("`{inline_key}` given here"),
                )
                .with_help("keep one: the content inline, or in a file beside the manifest"),
            );
            ContentSource::None
        }
        (None, None) => ContentSource::None,
        (Some(node), None) => match &node.kind {
            NodeKind::Scalar(s) if s.value.trim().is_empty() => ContentSource::None,
            NodeKind::Scalar(s) => ContentSource::Inline(s),
            NodeKind::Alias(_) => ContentSource::None,
            _ => {
                out.push(
                    Diagnostic::new(
                        &INVALID_MANIFEST,
                        node.span,
                        format!("`{inline_key}` must be text, not a YAML {}", shape(node)),
                    )
                    .with_label("parsed as YAML, not text")
                    .with_help(format!(
                        "write `{inline_key}: |` and indent the commands below it, so YAML keeps them as text"
                    )),
                );
                ContentSource::None
            }
        },
        (None, Some(file)) => match scalar(file) {
            Some((path, span)) => ContentSource::File(path, span),
            None => {
                out.push(Diagnostic::new(
                    &INVALID_MANIFEST,
                    file.span,
                    format!("`{file_key}` must be a path relative to the manifest"),
                ));
                ContentSource::None
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    fn findings(text: &str) -> Vec<(&'static str, &str)> {
        let root = yaml::parse(text).unwrap().root.unwrap();
        let mut out = Vec::new();
        check(&root, &mut out);
        out.iter()
            .map(|d| (d.code(), &text[d.span.start..d.span.end]))
            .collect()
    }

    #[test]
    fn keys_and_contents() {
        assert_eq!(
            findings("Name: web\nBaseImage: m-1\nBuildContnet: |\n  RUN true\n"),
            [("ICL201", "BuildContnet")]
        );
        assert_eq!(
            findings("BuildContent: RUN true\nBuildContentFile: a.txt\n"),
            [("ICL003", "BuildContentFile")]
        );
        assert_eq!(findings("TestContent: [a]\n"), [("ICL003", "[a]")]);
        assert_eq!(findings("Name: x\n"), [("InvalidName.Malformed", "x")]);
    }
}

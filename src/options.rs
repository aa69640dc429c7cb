//! What a file is, and what the linter must be told about content that no manifest describes.

use crate::catalog::{ComponentType, Kind, Limits, SystemType};
use std::path::Path;

/// What the linter needs to know about content that no manifest describes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Component or template content.
    pub kind: Kind,
    pub system_type: SystemType,
    /// For a component: its `ComponentType`; for template content: whether it is `BuildContent`
    /// or `TestContent`.
    pub component_type: ComponentType,
    pub limits: Limits,
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

/// What a file is, told by its name (`docs/architecture.md`, "Files iclint recognises").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `component.yaml`, `*.component.yaml` (also `.yml`, `.json`).
    ComponentManifest(ManifestSyntax),
    /// `template.yaml`, `*.template.yaml` (also `.yml`, `.json`).
    TemplateManifest(ManifestSyntax),
    /// Raw component or template content ([`Options::kind`] says which). Raw content that is a
    /// ROS template (YAML or JSON with `ROSTemplateFormatVersion` and an Image Builder resource;
    /// told by its text, not its name) is linted as one.
    Content,
    /// A Terraform file (`*.tf`, or `*.tf.json` in Terraform's JSON syntax): its `alicloud_ecs_image_component` and
    /// `alicloud_ecs_image_pipeline` resources.
    Terraform,
}

impl FileKind {
    pub fn of(path: &Path) -> Self {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let manifest_syntax = |kind: &str| {
            [".yaml", ".yml", ".json"].iter().find_map(|extension| {
                let stem = name.strip_suffix(extension)?;
                let named =
                    stem == kind || stem.strip_suffix(kind).is_some_and(|s| s.ends_with('.'));
                named.then_some(if *extension == ".json" {
                    ManifestSyntax::Json
                } else {
                    ManifestSyntax::Yaml
                })
            })
        };
        if let Some(syntax) = manifest_syntax("component") {
            FileKind::ComponentManifest(syntax)
        } else if let Some(syntax) = manifest_syntax("template") {
            FileKind::TemplateManifest(syntax)
        } else if name.ends_with(".tf") || name.ends_with(".tf.json") {
            FileKind::Terraform
        } else {
            FileKind::Content
        }
    }

    /// A component or template manifest, or a Terraform file: a file that may define components
    /// and name content files beside it.
    pub fn is_manifest(self) -> bool {
        self != FileKind::Content
    }
}

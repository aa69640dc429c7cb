//! A component manifest read into its model (`docs/service-rules.md` §2): the
//! CreateImageComponent request's parameters, each with the entry it was read from. Built once
//! from the tree of a manifest, or of the request a Terraform or ROS resource sends
//! (`syntax::iac`), which stays beside it for the rules of YAML's shape (unknown and duplicate
//! keys, aliases, a value of the wrong kind).
//!
//! Tolerant: a parameter the manifest lacks is `None`, a value that is not text reads as no text.
//! A key given twice is in [`ComponentManifest::fields`] twice (the rules check each value and
//! report the duplicate); the typed readings take the last text, as YAML readers keep the last.

use crate::catalog::request::{ComponentParameter, parse_component_version};
use crate::catalog::{ComponentType, SystemType};
use crate::source::Span;
use crate::syntax::manifest::ContentFields;
use crate::syntax::yaml::{Entry, Node};

/// A component manifest (or the request of a component resource).
#[derive(Debug)]
pub struct ComponentManifest<'t> {
    /// The request: a mapping of parameters, or malformed (then it has no fields).
    pub root: &'t Node,
    /// Every entry whose key is a parameter, in the order written.
    pub fields: Vec<Field<'t>>,
}

/// One parameter as the manifest gives it.
#[derive(Debug, Clone, Copy)]
pub struct Field<'t> {
    pub parameter: ComponentParameter,
    pub entry: &'t Entry,
}

impl<'t> ComponentManifest<'t> {
    pub fn read(root: &'t Node) -> Self {
        let fields = root
            .as_mapping()
            .unwrap_or_default()
            .iter()
            .filter_map(|entry| {
                let (key, _) = entry.key.text()?;
                let parameter = ComponentParameter::of(key)?;
                Some(Field { parameter, entry })
            })
            .collect();
        ComponentManifest { root, fields }
    }

    /// The first entry of `parameter`.
    pub fn first(&self, parameter: ComponentParameter) -> Option<&'t Entry> {
        self.fields
            .iter()
            .find(|f| f.parameter == parameter)
            .map(|f| f.entry)
    }

    /// The last text given for `parameter` (a scalar that is not null), and its span.
    pub fn text(&self, parameter: ComponentParameter) -> Option<(&'t str, Span)> {
        self.fields
            .iter()
            .rev()
            .filter(|f| f.parameter == parameter)
            .find_map(|f| f.entry.value.text())
    }

    /// `Name`, as written (even when the service would refuse it).
    pub fn name(&self) -> Option<(&'t str, Span)> {
        self.text(ComponentParameter::Name)
    }

    /// `RegionId`, as written.
    pub fn region_id(&self) -> Option<(&'t str, Span)> {
        self.text(ComponentParameter::RegionId)
    }

    /// `SystemType`, or the service's default when it is absent or not one.
    pub fn system_type(&self) -> SystemType {
        self.text(ComponentParameter::SystemType)
            .and_then(|(text, _)| SystemType::parse(text))
            .unwrap_or_default()
    }

    /// `ComponentType`, or the service's default when it is absent or not one.
    pub fn component_type(&self) -> ComponentType {
        self.text(ComponentParameter::ComponentType)
            .and_then(|(text, _)| ComponentType::parse(text))
            .unwrap_or_default()
    }

    /// An explicit `ComponentVersion` the service accepts, and its span.
    pub fn version(&self) -> Option<([i32; 3], Span)> {
        let (text, span) = self.text(ComponentParameter::ComponentVersion)?;
        parse_component_version(text)
            .ok()
            .map(|version| (version.parts, span))
    }

    /// `Content` and `ContentFile`, as given.
    pub fn content(&self) -> ContentFields<'t> {
        ContentFields {
            inline: self.first(ComponentParameter::Content),
            file: self.first(ComponentParameter::ContentFile),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    #[test]
    fn reads_the_parameters() {
        let text = "Name: web\nSystemType: Windows\nComponentVersion: 1.0.0\nName: web-2\nNmae: x\nRegionId: [a]\nContentFile: a.yaml\n";
        let root = yaml::parse(text).unwrap().root.unwrap();
        let manifest = ComponentManifest::read(&root);
        assert_eq!(manifest.fields.len(), 6);
        assert_eq!(manifest.name().unwrap().0, "web-2");
        assert_eq!(manifest.system_type(), SystemType::Windows);
        assert_eq!(manifest.component_type(), ComponentType::Build);
        assert_eq!(manifest.version().unwrap().0, [1, 0, 0]);
        assert!(manifest.region_id().is_none());
        let content = manifest.content();
        assert!(content.inline.is_none());
        assert_eq!(content.file.unwrap().value.text().unwrap().0, "a.yaml");
    }
}

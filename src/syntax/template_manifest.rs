//! A template manifest read into its model (`docs/service-rules.md` §7.1): the
//! CreateImagePipeline request's parameters, each typed by the catalogue
//! ([`TEMPLATE_PARAMETERS`]) and with the entry it was read from; a mapping parameter
//! (`ImageOptions`, `AdvancedOptions`) with its own fields. Built once from the tree of a manifest,
//! or of the request a Terraform or ROS pipeline resource sends (`syntax::iac`); the tree stays
//! beside it for the rules of YAML's shape (unknown, misplaced and duplicate keys, aliases, a value
//! of the wrong kind).
//!
//! Tolerant: a parameter the manifest lacks is `None`, a value of the wrong kind has no fields. A
//! key given twice is in the fields twice (the rules check each value and report the duplicate);
//! the typed readings take the last text, as YAML readers keep the last.

use crate::catalog::ComponentType;
use crate::catalog::template::{
    Parameter, ParameterType, TEMPLATE_PARAMETERS, content_file_parameter, content_parameter,
};
use crate::source::Span;
use crate::syntax::manifest::ContentFields;
use crate::syntax::yaml::{Entry, Node};

/// A template manifest (or the request of a pipeline resource).
#[derive(Debug)]
pub struct TemplateManifest<'t> {
    /// The request: a mapping of parameters, or malformed (then it has no fields).
    pub root: &'t Node,
    /// Every entry whose key is a parameter of the template, in the order written.
    pub fields: Vec<Field<'t>>,
}

/// One parameter as the manifest gives it.
#[derive(Debug)]
pub struct Field<'t> {
    /// The catalogue's parameter: its name and the type of its value.
    pub parameter: &'static Parameter,
    pub entry: &'t Entry,
    /// For a mapping parameter whose value is a mapping: the entries of its own parameters.
    pub fields: Vec<Field<'t>>,
}

impl<'t> TemplateManifest<'t> {
    pub fn read(root: &'t Node) -> Self {
        TemplateManifest {
            root,
            fields: read_fields(root, TEMPLATE_PARAMETERS),
        }
    }

    /// The first entry of the top-level parameter `name`.
    pub fn first(&self, name: &str) -> Option<&'t Entry> {
        self.fields
            .iter()
            .find(|f| f.parameter.name == name)
            .map(|f| f.entry)
    }

    /// The last text given for the top-level parameter `name` (a scalar that is not null), and
    /// its span.
    pub fn text(&self, name: &str) -> Option<(&'t str, Span)> {
        self.fields
            .iter()
            .rev()
            .filter(|f| f.parameter.name == name)
            .find_map(|f| f.entry.value.text())
    }

    /// `BaseImageType`, as written.
    pub fn base_image_type(&self) -> Option<(&'t str, Span)> {
        self.text("BaseImageType")
    }

    /// `BaseImage`, as written.
    pub fn base_image(&self) -> Option<(&'t str, Span)> {
        self.text("BaseImage")
    }

    /// The content of this type (`BuildContent` and `BuildContentFile`, or `TestContent` and
    /// `TestContentFile`), as given.
    pub fn content(&self, content: ComponentType) -> ContentFields<'t> {
        ContentFields {
            inline: self.first(content_parameter(content)),
            file: self.first(content_file_parameter(content)),
        }
    }
}

/// The fields of `node` (when it is a mapping) whose keys are among `known`.
fn read_fields<'t>(node: &'t Node, known: &'static [Parameter]) -> Vec<Field<'t>> {
    node.as_mapping()
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| {
            let (key, _) = entry.key.text()?;
            let parameter = known.iter().find(|p| p.name == key)?;
            let fields = match parameter.value {
                ParameterType::Mapping(inner) => read_fields(&entry.value, inner),
                _ => Vec::new(),
            };
            Some(Field {
                parameter,
                entry,
                fields,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    #[test]
    fn reads_the_parameters() {
        let text = "BaseImageType: IMAGE\nBaseImage: m-1\nImageOptions:\n  ImageName: web\n  Nope: x\nBuildContentFile: build.txt\nTestContent: |\n  COMPONENT ic-1\nBaseImage: m-2\n";
        let root = yaml::parse(text).unwrap().root.unwrap();
        let manifest = TemplateManifest::read(&root);
        assert_eq!(manifest.fields.len(), 6);
        assert_eq!(manifest.base_image_type().unwrap().0, "IMAGE");
        assert_eq!(manifest.base_image().unwrap().0, "m-2");
        let options = &manifest.fields[2];
        assert_eq!(options.parameter.name, "ImageOptions");
        assert_eq!(options.fields.len(), 1);
        let build = manifest.content(ComponentType::Build);
        assert!(build.inline.is_none() && build.file.is_some());
        let test = manifest.content(ComponentType::Test);
        assert!(test.inline.is_some() && test.file.is_none());
    }
}

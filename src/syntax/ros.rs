//! ROS templates (YAML or JSON with `ROSTemplateFormatVersion`), read through the project's YAML
//! tree (JSON is YAML's flow style; positions are kept). Only the resources of Image Builder are
//! read (docs/service-rules.md §11): `ALIYUN::ECS::ImageComponent` and
//! `ALIYUN::ECS::ImagePipeline`, into the [`Resource`] model Terraform's resources share.
//!
//! A ROS function (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, ...) computes its value when the
//! stack is created: as a parameter it is absent (no rule judges it); as content, the literal
//! parts of `Fn::Join` and the text of `Fn::Sub` are linted, and what is computed is an opaque
//! word.

use crate::catalog::iac::{
    Field, ROS_COMPONENT, ROS_COMPONENT_FIELDS, ROS_PIPELINE, ROS_PIPELINE_FIELDS,
};
use crate::source::{MappedText, Span};
use crate::syntax::content::parse_yaml;
use crate::syntax::directives::{self, Directive};
use crate::syntax::iac::cook::opaque_substitutions;
use crate::syntax::iac::{Content, ContentValue, Resource, ResourceKind};
use crate::syntax::yaml::{Entry, Node, NodeKind, Scalar, ScalarStyle, YamlError};

/// A ROS template: its Image Builder resources and directives, or why it does not parse.
#[derive(Debug)]
pub struct RosTemplate {
    pub resources: Result<Vec<Resource>, YamlError>,
    pub directives: Vec<Directive>,
}

pub fn parse(text: &str) -> RosTemplate {
    let document = match parse_yaml(text) {
        Ok(document) => document,
        Err(error) => {
            return RosTemplate {
                resources: Err(error),
                directives: Vec::new(),
            };
        }
    };
    let directives = directives::of_yaml(text, &document);
    let resources = document
        .root
        .as_ref()
        .and_then(|root| root.get("Resources"))
        .and_then(Node::as_mapping)
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| resource(text, &entry.value))
        .collect();
    RosTemplate {
        resources: Ok(resources),
        directives,
    }
}

fn resource(text: &str, node: &Node) -> Option<Resource> {
    let type_node = node.get("Type")?;
    let (kind, fields, content_key) = match type_node.as_scalar()?.value.as_str() {
        ROS_COMPONENT => (ResourceKind::Component, ROS_COMPONENT_FIELDS, "Content"),
        ROS_PIPELINE => (ResourceKind::Pipeline, ROS_PIPELINE_FIELDS, "BuildContent"),
        _ => return None,
    };
    let mut entries = Vec::new();
    let mut content = None;
    let properties = node.get("Properties");
    for entry in properties.and_then(Node::as_mapping).unwrap_or_default() {
        let Some(key) = entry.key.as_scalar() else {
            continue;
        };
        let Some(field) = fields.iter().find(|f| f.name == key.value) else {
            continue;
        };
        let value = &entry.value;
        if field.parameter == content_key {
            let found = content_value(text, value);
            let request_value = match &found {
                // The manifest rules read the scalar itself (an empty one is reported).
                _ if value.as_scalar().is_some() => value.clone(),
                // Computed: the function as written, which no rule reads.
                _ => scalar(text[value.span.range()].to_string(), value.span),
            };
            entries.push(Entry {
                key: parameter_key(field, entry.key.span),
                value: request_value,
            });
            content = Some(Content {
                span: value.span,
                value: found,
            });
            continue;
        }
        entries.push(Entry {
            key: parameter_key(field, entry.key.span),
            value: without_functions(value),
        });
    }
    let span = properties.map_or(node.span, |p| Span::at(p.span.start));
    Some(Resource {
        kind,
        span: type_node.span,
        request: Node::new(NodeKind::Mapping(entries), span),
        content,
        fields,
    })
}

fn parameter_key(field: &Field, span: Span) -> Node {
    scalar(field.parameter.to_string(), span)
}

fn scalar(value: String, span: Span) -> Node {
    Node::new(
        NodeKind::Scalar(Scalar::standing_for(value, ScalarStyle::Plain, span)),
        span,
    )
}

/// Whether a node's value is computed: a function (see [`function`]), or a node with a tag of
/// the template's own (`!Ref Name`, a short form some templates use).
fn computed(node: &Node) -> bool {
    function(node).is_some()
        || node
            .tag
            .as_ref()
            .is_some_and(|tag| !tag.name.starts_with("tag:yaml.org,2002:"))
}

/// The function a node calls, if it is one: a mapping of one key, `Ref` or `Fn::...`.
fn function(node: &Node) -> Option<(&str, &Node)> {
    match node.as_mapping()? {
        [entry] => {
            let name = entry.key.as_scalar()?.value.as_str();
            (name == "Ref" || name.starts_with("Fn::")).then_some((name, &entry.value))
        }
        _ => None,
    }
}

/// `node` with every function call made an absent value.
fn without_functions(node: &Node) -> Node {
    if computed(node) {
        return scalar(String::new(), node.span);
    }
    let kind =
        match &node.kind {
            NodeKind::Mapping(entries) => NodeKind::Mapping(
                entries
                    .iter()
                    .map(|e| Entry {
                        key: e.key.clone(),
                        value: without_functions(&e.value),
                    })
                    .collect(),
            ),
            NodeKind::Sequence(items) => {
                NodeKind::Sequence(items.iter().map(without_functions).collect())
            }
            // ROS converts a quoted number or boolean to what the property takes: not a fault here.
            NodeKind::Scalar(scalar) if !scalar.is_null() => NodeKind::Scalar(
                Scalar::standing_for(scalar.value.clone(), ScalarStyle::Plain, scalar.raw),
            ),
            other => other.clone(),
        };
    Node {
        kind,
        tag: None,
        ..node.clone()
    }
}

fn content_value(text: &str, node: &Node) -> ContentValue {
    match literal(text, node) {
        // A function whose literal parts are blank: what ROS computes.
        Some(mapped) if node.as_scalar().is_none() && mapped.text.trim().is_empty() => {
            ContentValue::Unknown
        }
        Some(mapped) => ContentValue::Literal(mapped),
        None => ContentValue::Unknown,
    }
}

/// The text of a content node: a string; the literal parts of `Fn::Join` with opaque words for
/// the computed ones; `Fn::Sub`'s string with its `${...}` opaque.
fn literal(text: &str, node: &Node) -> Option<MappedText> {
    if node.tag.is_some() && computed(node) {
        return None;
    }
    if let Some(scalar) = node.as_scalar() {
        return Some(scalar.mapped(text));
    }
    match function(node)? {
        ("Fn::Sub", argument) => {
            let template = match argument.as_sequence() {
                Some([template, ..]) => template,
                Some([]) => return None,
                None => argument,
            };
            let mut mapped = template.as_scalar()?.mapped(text);
            mapped.text = opaque_substitutions(&mapped.text, false);
            Some(mapped)
        }
        ("Fn::Join", argument) => {
            let [delimiter, parts] = argument.as_sequence()? else {
                return None;
            };
            let delimiter = delimiter.as_scalar()?.mapped(text);
            let mut joined = MappedText::default();
            for (i, part) in parts.as_sequence()?.iter().enumerate() {
                if i > 0 {
                    joined.append(delimiter.clone());
                }
                match literal(text, part) {
                    Some(mapped) => joined.append(mapped),
                    None => {
                        let word = opaque_substitutions("${_}", false);
                        joined.push_standing_for(&word, part.span.start, part.span.len());
                    }
                }
            }
            Some(joined)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_and_their_content() {
        let text = "ROSTemplateFormatVersion: '2015-09-01'\nResources:\n  C:\n    Type: ALIYUN::ECS::ImageComponent\n    Properties:\n      Name: {Ref: N}\n      SystemType: Linux\n      Content:\n        Fn::Join:\n          - \"\\n\"\n          - - RUN yum install -y nginx\n            - {Ref: Command}\n      Description: !Ref Description\n  B:\n    Type: ALIYUN::OSS::Bucket\n";
        let template = parse(text);
        let resources = template.resources.unwrap();
        assert_eq!(resources.len(), 1);
        let component = &resources[0];
        // `!Ref`, the short form: computed, absent.
        let description = component.request.get("Description").unwrap();
        assert!(description.as_scalar().unwrap().is_null());
        assert!(
            component
                .request
                .get("Name")
                .unwrap()
                .as_scalar()
                .unwrap()
                .is_null()
        );
        match &component.content.as_ref().unwrap().value {
            ContentValue::Literal(mapped) => {
                assert_eq!(mapped.text, "RUN yum install -y nginx\n    ");
                let span = mapped.map.span(Span::new(0, 3));
                assert_eq!(&text[span.range()], "RUN");
            }
            other => panic!("{other:?}"),
        }
    }
}

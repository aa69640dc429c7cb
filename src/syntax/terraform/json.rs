//! Terraform's JSON syntax (`*.tf.json`), read through the project's YAML tree (JSON is YAML's
//! flow style; positions are kept) into the same [`Resource`] model as the native syntax:
//! `{"resource": {"alicloud_ecs_image_component": {"web": {"content": "..."}}}}`, each level a
//! mapping or a list of mappings. A string's `${...}` and `%{...}` are Terraform's: computed.

use super::{content_entry, key, resource_type, scalar};
use crate::catalog::iac::Field;
use crate::source::Span;
use crate::syntax::content::parse_yaml;
use crate::syntax::iac::cook::opaque_substitutions;
use crate::syntax::iac::{Content, ContentValue, Resource, ResourceKind};
use crate::syntax::terraform::{SyntaxError, TerraformFile};
use crate::syntax::yaml::{Entry, Node, NodeKind, Scalar, ScalarStyle};

pub(super) fn parse(text: &str) -> TerraformFile {
    let document = match parse_yaml(text) {
        Ok(document) => document,
        Err(error) => {
            return TerraformFile {
                resources: Vec::new(),
                error: Some(SyntaxError {
                    span: error.span,
                    message: error.message,
                }),
                directives: Vec::new(),
            };
        }
    };
    let mut resources = Vec::new();
    if let Some(root) = &document.root {
        for resource_node in mappings(root.get("resource")) {
            for entry in resource_node.as_mapping().unwrap_or_default() {
                let Some(kind) = entry.key.as_scalar() else {
                    continue;
                };
                let Some((kind, fields, content_key)) = resource_type(&kind.value) else {
                    continue;
                };
                for named in mappings(Some(&entry.value)) {
                    for resource in named.as_mapping().unwrap_or_default() {
                        resources.push(read(text, kind, fields, content_key, entry, resource));
                    }
                }
            }
        }
    }
    TerraformFile {
        resources,
        error: None,
        // JSON has no comments.
        directives: Vec::new(),
    }
}

/// The mappings a level holds: the mapping itself, or each mapping of a list.
fn mappings(node: Option<&Node>) -> Vec<&Node> {
    match node.map(|n| &n.kind) {
        Some(NodeKind::Mapping(_)) => node.into_iter().collect(),
        Some(NodeKind::Sequence(items)) => {
            items.iter().filter(|i| i.as_mapping().is_some()).collect()
        }
        _ => Vec::new(),
    }
}

fn read(
    text: &str,
    kind: ResourceKind,
    fields: &'static [Field],
    content_key: &str,
    type_entry: &Entry,
    resource: &Entry,
) -> Resource {
    let mut entries: Vec<Entry> = Vec::new();
    let mut content = None;
    for attribute in resource.value.as_mapping().unwrap_or_default() {
        let Some(name) = attribute.key.as_scalar() else {
            continue;
        };
        let Some(field) = fields.iter().find(|f| f.name == name.value) else {
            continue;
        };
        if entries.iter().any(|e| {
            e.key
                .as_scalar()
                .is_some_and(|s| s.value == field.parameter)
        }) {
            continue;
        }
        let value = &attribute.value;
        if field.parameter == content_key {
            let found = content_value(text, value);
            entries.push(content_entry(
                text,
                content_key,
                attribute.key.span,
                value.span,
                &found,
            ));
            content = Some(Content {
                span: value.span,
                value: found,
            });
            continue;
        }
        entries.push(Entry {
            key: key(field, attribute.key.span),
            value: value_node(value, field.parameter == "Tag"),
        });
    }
    Resource {
        kind,
        span: type_entry.key.span,
        request: Node::new(
            NodeKind::Mapping(entries),
            Span::at(resource.value.span.start),
        ),
        content,
        fields,
    }
}

fn content_value(text: &str, node: &Node) -> ContentValue {
    let Some(scalar) = node.as_scalar().filter(|s| !s.is_null()) else {
        return ContentValue::Unknown;
    };
    let mut mapped = scalar.mapped(text);
    let opaque = opaque_substitutions(&mapped.text, true);
    if opaque != mapped.text && opaque.trim().is_empty() {
        return ContentValue::Unknown;
    }
    mapped.text = opaque;
    ContentValue::Literal(mapped)
}

/// A value as the request sends it: Terraform converts strings to numbers and booleans, so none
/// carries quotes; a string Terraform computes is absent; a map of tags is the list of
/// `{Key, Value}` the API takes.
fn value_node(node: &Node, tags: bool) -> Node {
    match &node.kind {
        // Terraform refuses tags that are not a map: not judged again.
        _ if tags && node.as_mapping().is_none() => scalar(String::new(), node.span),
        NodeKind::Scalar(s) if s.value.contains("${") || s.value.contains("%{") => {
            scalar(String::new(), node.span)
        }
        NodeKind::Scalar(s) => scalar(s.value.clone(), node.span),
        NodeKind::Sequence(items) => Node::new(
            NodeKind::Sequence(items.iter().map(|i| value_node(i, false)).collect()),
            node.span,
        ),
        NodeKind::Mapping(entries) if tags => Node::new(
            NodeKind::Sequence(
                entries
                    .iter()
                    .map(|entry| {
                        let key_text = entry.key.as_scalar().map(|s| s.value.clone());
                        let value = value_node(&entry.value, false);
                        let mut pair = Vec::new();
                        if let Some(key_text) = key_text {
                            pair.push(Entry {
                                key: scalar("Key".to_string(), entry.key.span),
                                value: Node::new(
                                    NodeKind::Scalar(Scalar::standing_for(
                                        key_text,
                                        ScalarStyle::DoubleQuoted,
                                        entry.key.span,
                                    )),
                                    entry.key.span,
                                ),
                            });
                        }
                        let span = entry.key.span.cover(value.span);
                        pair.push(Entry {
                            key: scalar("Value".to_string(), value.span),
                            value,
                        });
                        Node::new(NodeKind::Mapping(pair), span)
                    })
                    .collect(),
            ),
            node.span,
        ),
        _ => scalar(String::new(), node.span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_in_json() {
        let text = r#"{
  "resource": {
    "alicloud_ecs_image_component": {
      "web": {
        "image_component_name": "web",
        "content": "RUN yum install -y ${var.package}\nWORKDIR tmp",
        "tags": {"team": "web"}
      }
    },
    "alicloud_ecs_image_pipeline": [{"p": {"system_disk_size": "40"}}]
  }
}"#;
        let file = parse(text);
        assert_eq!(file.resources.len(), 2);
        match &file.resources[0].content.as_ref().unwrap().value {
            ContentValue::Literal(mapped) => {
                assert_eq!(
                    mapped.text,
                    "RUN yum install -y ${___________}\nWORKDIR tmp"
                );
                let at = mapped.text.find("tmp").unwrap();
                let span = mapped.map.span(Span::new(at, at + 3));
                assert_eq!(&text[span.range()], "tmp");
            }
            other => panic!("{other:?}"),
        }
        let size = file.resources[1].request.get("SystemDiskSize").unwrap();
        assert_eq!(size.as_scalar().unwrap().style, ScalarStyle::Plain);
    }
}

//! Terraform files (`*.tf`), parsed once with `hcl-edit` (it keeps the byte span of every block,
//! attribute and expression, and caps nesting, so hostile input is an error, not a stack
//! overflow). Only the resources of Image Builder are read (docs/service-rules.md §11):
//! `alicloud_ecs_image_component` and `alicloud_ecs_image_pipeline`.
//!
//! Each resource becomes a [`Resource`]: the request it sends, as the tree the manifest rules
//! read (`request`: API parameter names, as a component or template manifest writes them, each
//! value spanning its attribute's value in the `.tf` file), and its content: literal text with
//! the map back to the file, a file that `file(...)` names, or an expression whose value iclint
//! cannot know. A value Terraform computes (a variable, a function, an interpolated string) is an
//! empty scalar: absent, so no rule judges it.

mod json;

use crate::catalog::iac::{
    Field, TERRAFORM_COMPONENT, TERRAFORM_COMPONENT_FIELDS, TERRAFORM_PIPELINE,
    TERRAFORM_PIPELINE_FIELDS,
};
use crate::source::{MappedText, Span, floor_char_boundary};
use crate::syntax::directives::{self, Directive, MARKER};
use crate::syntax::iac::cook::{self, Form};
pub use crate::syntax::iac::{Content, ContentValue, Resource, ResourceKind};
use crate::syntax::yaml::{Entry, Node, NodeKind, Scalar, ScalarStyle};
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, Structure};

/// A `.tf` file: its Image Builder resources, or why it does not parse.
#[derive(Debug)]
pub struct TerraformFile {
    pub resources: Vec<Resource>,
    pub error: Option<SyntaxError>,
    /// The `# iclint ignore...` comments on lines of their own outside the attributes' values:
    /// each covers the attribute or the resource block on the next line.
    pub directives: Vec<Directive>,
}

/// Where and why the file is not HCL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// Parses `text` (the native syntax, or the JSON syntax of `*.tf.json`: a body of the native
/// syntax cannot start with `{`); reads the Image Builder resources.
pub fn parse(text: &str) -> TerraformFile {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        return json::parse(text);
    }
    let body = match hcl_edit::parser::parse_body(text) {
        Ok(body) => body,
        Err(error) => {
            // hcl-edit may point inside a character (found by the fuzzer).
            let offset = floor_char_boundary(text, error.location().offset());
            return TerraformFile {
                resources: Vec::new(),
                error: Some(SyntaxError {
                    span: Span::at(offset),
                    message: error.message().to_string(),
                }),
                directives: Vec::new(),
            };
        }
    };
    let mut regions = Vec::new();
    let resources = body
        .iter()
        .filter_map(|structure| match structure {
            Structure::Block(block) => {
                let found = resource(text, block)?;
                regions.push(span_of(block));
                regions.extend(block.body.attributes().map(span_of));
                Some(found)
            }
            Structure::Attribute(_) => None,
        })
        .collect();
    let directives = if text.contains(MARKER) {
        // Not in a value (a heredoc's `#` lines are its content's).
        let values: Vec<Span> = body
            .iter()
            .filter_map(Structure::as_block)
            .flat_map(|block| block.body.attributes())
            .map(|attribute| span_of(&attribute.value))
            .collect();
        let comments: Vec<Span> = line_comments(text)
            .filter(|c| !values.iter().any(|v| v.start <= c.start && c.start < v.end))
            .collect();
        directives::of_comments(text, &comments, regions)
    } else {
        Vec::new()
    };
    TerraformFile {
        resources,
        error: None,
        directives,
    }
}

/// The `#` comments that fill a line of their own (blanks before them aside), line break
/// excluded.
fn line_comments(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start().len();
        body.trim_start()
            .starts_with('#')
            .then(|| Span::new(start + indent, start + body.len()))
    })
}

fn span_of(spanned: &impl hcl_edit::Span) -> Span {
    spanned
        .span()
        .map_or(Span::default(), |r| Span::new(r.start, r.end))
}

/// What a resource of Terraform type `name` is, if it is an Image Builder one: its kind, the
/// attributes that are request parameters, and the parameter its content is.
pub(super) fn resource_type(name: &str) -> Option<(ResourceKind, &'static [Field], &'static str)> {
    match name {
        TERRAFORM_COMPONENT => Some((
            ResourceKind::Component,
            TERRAFORM_COMPONENT_FIELDS,
            "Content",
        )),
        TERRAFORM_PIPELINE => Some((
            ResourceKind::Pipeline,
            TERRAFORM_PIPELINE_FIELDS,
            "BuildContent",
        )),
        _ => None,
    }
}

fn resource(text: &str, block: &Block) -> Option<Resource> {
    if block.ident.as_str() != "resource" {
        return None;
    }
    let label = block.labels.first()?;
    let (kind, fields, content_key) = resource_type(label.as_str())?;
    let span = span_of(label);
    let mut entries = Vec::new();
    let mut content = None;
    for attribute in block.body.attributes() {
        let Some(field) = fields.iter().find(|f| f.name == attribute.key.as_str()) else {
            continue;
        };
        if entries.iter().any(|e: &Entry| {
            e.key
                .as_scalar()
                .is_some_and(|s| s.value == field.parameter)
        }) {
            // HCL refuses an attribute given twice; the parser may not.
            continue;
        }
        let key_span = span_of(&attribute.key);
        let value_span = span_of(&attribute.value);
        if field.parameter == content_key {
            let value = content_value(text, &attribute.value);
            let entry = content_entry(text, content_key, key_span, value_span, &value);
            entries.push(entry);
            content = Some(Content {
                span: value_span,
                value,
            });
            continue;
        }
        entries.push(Entry {
            key: key(field, key_span),
            value: value_node(text, &attribute.value, field.parameter == "Tag"),
        });
    }
    let block_span = span_of(block);
    Some(Resource {
        kind,
        span,
        request: Node::new(NodeKind::Mapping(entries), Span::at(block_span.start)),
        content,
        fields,
    })
}

fn key(field: &Field, span: Span) -> Node {
    scalar(field.parameter.to_string(), span)
}

fn scalar(value: String, span: Span) -> Node {
    Node::new(
        NodeKind::Scalar(Scalar::standing_for(value, ScalarStyle::Plain, span)),
        span,
    )
}

/// The request's entry for the content: its text, the file `file(...)` names, or (unknown) the
/// expression as written, which no rule reads.
fn content_entry(
    text: &str,
    content_key: &str,
    key_span: Span,
    value_span: Span,
    value: &ContentValue,
) -> Entry {
    let (name, value) = match value {
        ContentValue::Literal(mapped) => {
            let style = if text[value_span.range()].starts_with('"') {
                ScalarStyle::DoubleQuoted
            } else {
                ScalarStyle::Literal
            };
            let scalar = Scalar::standing_for(mapped.text.clone(), style, value_span);
            (
                content_key.to_string(),
                Node::new(NodeKind::Scalar(scalar), value_span),
            )
        }
        ContentValue::File(path, span) => {
            (format!("{content_key}File"), scalar(path.clone(), *span))
        }
        ContentValue::Unknown => (
            content_key.to_string(),
            scalar(text[value_span.range()].to_string(), value_span),
        ),
    };
    Entry {
        key: scalar(name, key_span),
        value,
    }
}

/// A string's cooked text, if the expression is a quoted string or a heredoc.
fn literal(text: &str, expression: &Expression) -> Option<(MappedText, bool)> {
    let span = span_of(expression);
    let form = match expression {
        Expression::String(_) | Expression::StringTemplate(_) => Form::Quoted,
        Expression::HeredocTemplate(_) => Form::Heredoc,
        _ => return None,
    };
    cook::cook(text, span.start, span.end, form)
}

fn content_value(text: &str, expression: &Expression) -> ContentValue {
    if let Some((mapped, templated)) = literal(text, expression) {
        // Nothing but interpolations (`"${var.content}"`): what Terraform computes.
        if templated && mapped.text.trim().is_empty() {
            return ContentValue::Unknown;
        }
        return ContentValue::Literal(mapped);
    }
    if let Expression::FuncCall(call) = expression
        && call.name.namespace.is_empty()
        && call.name.name.as_str() == "file"
        && call.args.len() == 1
        && let Some(argument) = call.args.get(0)
        && let Some(path) = module_path(text, argument)
    {
        return ContentValue::File(path, span_of(argument));
    }
    ContentValue::Unknown
}

/// The path `file(...)` reads, relative to the module's directory: `"${path.module}/x"` or a
/// relative `"x"`. Any other interpolation makes it unknown.
fn module_path(text: &str, argument: &Expression) -> Option<String> {
    let span = span_of(argument);
    let raw = text.get(span.range())?;
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let path = inner
        .strip_prefix("${path.module}/")
        .unwrap_or(inner)
        .trim_start_matches("./");
    let plain = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['$', '%', '\\', '"'])
        && !path.contains("${");
    plain.then(|| path.to_string())
}

/// The node a value becomes in the request: text and numbers as scalars (Terraform converts a
/// quoted number to a number, so neither carries quotes), lists as sequences, a map of tags as
/// the list of `{Key, Value}` the API takes; anything computed is absent.
fn value_node(text: &str, expression: &Expression, tags: bool) -> Node {
    let span = span_of(expression);
    let absent = || scalar(String::new(), span);
    match expression {
        // Terraform refuses tags that are not a map (`terraform validate`): not judged again.
        _ if tags && !matches!(expression, Expression::Object(_)) => absent(),
        Expression::String(s) => {
            // A text Terraform sends as given; `""` is not sent at all (absent).
            scalar(s.value().clone(), span)
        }
        Expression::Number(_) => scalar(text[span.range()].to_string(), span),
        Expression::Bool(b) => scalar(b.value().to_string(), span),
        Expression::Parenthesis(inner) => value_node(text, inner.inner(), tags),
        Expression::Array(array) => Node::new(
            NodeKind::Sequence(
                array
                    .iter()
                    .map(|item| value_node(text, item, false))
                    .collect(),
            ),
            span,
        ),
        Expression::Object(object) if tags => {
            let items = object
                .iter()
                .map(|(key, value)| {
                    let key_span = span_of(key);
                    let key_text = match key {
                        ObjectKey::Ident(ident) => Some(ident.as_str().to_string()),
                        ObjectKey::Expression(Expression::String(s)) => Some(s.value().clone()),
                        ObjectKey::Expression(_) => None,
                    };
                    let value = value_node(text, value.expr(), false);
                    let item_span = key_span.cover(value.span);
                    let mut entries = Vec::new();
                    if let Some(key_text) = key_text {
                        entries.push(Entry {
                            key: scalar("Key".to_string(), key_span),
                            value: Node::new(
                                NodeKind::Scalar(Scalar::standing_for(
                                    key_text,
                                    ScalarStyle::DoubleQuoted,
                                    key_span,
                                )),
                                key_span,
                            ),
                        });
                    }
                    entries.push(Entry {
                        key: scalar("Value".to_string(), value.span),
                        value,
                    });
                    Node::new(NodeKind::Mapping(entries), item_span)
                })
                .collect();
            Node::new(NodeKind::Sequence(items), span)
        }
        _ => absent(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"
resource "alicloud_ecs_image_component" "example" {
  component_type       = "Build"
  content              = "RUN yum update -y"
  description          = "example_value"
  image_component_name = "example_value"
  resource_group_id    = data.alicloud_resource_manager_resource_groups.default.groups.0.id
  system_type          = "Linux"
  tags = {
    Created = "TF"
  }
}

resource "aws_s3_bucket" "b" {
  bucket = "x"
}

resource "alicloud_ecs_image_pipeline" "p" {
  build_content    = file("${path.module}/build.txt")
  system_disk_size = 40
  to_region_id     = ["cn-beijing"]
}
"#;

    #[test]
    fn the_resources_of_image_builder_are_read() {
        let file = parse(EXAMPLE);
        assert_eq!(file.error, None);
        assert_eq!(file.resources.len(), 2);
        let component = &file.resources[0];
        assert_eq!(component.kind, ResourceKind::Component);
        let name = component.request.get("Name").unwrap();
        assert_eq!(name.as_scalar().unwrap().value, "example_value");
        assert_eq!(&EXAMPLE[name.span.range()], "\"example_value\"");
        // Computed: absent.
        let group = component.request.get("ResourceGroupId").unwrap();
        assert!(group.as_scalar().unwrap().is_null());
        let tags = component.request.get("Tag").unwrap().as_sequence().unwrap();
        assert_eq!(
            tags[0].get("Key").unwrap().as_scalar().unwrap().value,
            "Created"
        );
        match &component.content.as_ref().unwrap().value {
            ContentValue::Literal(text) => assert_eq!(text.text, "RUN yum update -y"),
            other => panic!("{other:?}"),
        }
        let pipeline = &file.resources[1];
        match &pipeline.content.as_ref().unwrap().value {
            ContentValue::File(path, _) => assert_eq!(path, "build.txt"),
            other => panic!("{other:?}"),
        }
        assert!(pipeline.request.get("BuildContentFile").is_some());
        assert_eq!(
            pipeline
                .request
                .get("SystemDiskSize")
                .unwrap()
                .as_scalar()
                .unwrap()
                .value,
            "40"
        );
    }

    #[test]
    fn a_syntax_error_inside_a_character_is_at_its_start() {
        // The fuzzer's input: hcl-edit's error offset fell inside the last character.
        let text = "esource \"alicloud_ecs_image_component\" \"from_fUSE_ecs_image_component\" \"from_fUSER ile\" {\n  imagR ile\" {\n  image_compresource \"alicloud\u{4d8}";
        let error = parse(text).error.expect("a syntax error");
        assert!(text.is_char_boundary(error.span.start), "{:?}", error.span);
        assert!(error.span.end <= text.len());
    }

    #[test]
    fn a_file_that_is_not_hcl_is_an_error() {
        let file = parse("resource \"alicloud_ecs_image_component\" {\n  content = \n");
        assert!(file.error.is_some());
        assert!(file.resources.is_empty());
    }

    #[test]
    fn computed_content_is_unknown() {
        for value in [
            "var.content",
            "templatefile(\"a.tpl\", {})",
            "file(var.path)",
        ] {
            let text = format!(
                "resource \"alicloud_ecs_image_component\" \"a\" {{\n  content = {value}\n}}\n"
            );
            let file = parse(&text);
            assert!(
                matches!(
                    file.resources[0].content.as_ref().unwrap().value,
                    ContentValue::Unknown
                ),
                "{value}"
            );
        }
    }
}

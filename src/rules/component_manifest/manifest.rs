//! A component manifest (docs/architecture.md): a mapping of CreateImageComponent parameters, with the
//! content inline (`Content`) or in a file beside it (`ContentFile`).

use super::{
    Tag, check_client_token, check_component_type, check_description, check_name, check_region_id,
    check_resource_group_id, check_system_type, check_tags, check_version,
};
use crate::catalog::request::{COMPONENT_MANIFEST_KEYS, ComponentParameter, TAG_KEY, TAG_VALUE};
use crate::diagnostic::Diagnostic;
use crate::rules::shared::{INVALID_MANIFEST, MISSING_CONTENT};
use crate::rules::yaml_tree::{
    check_aliases, check_duplicate_keys, check_key, scalar, verbatim_start,
};
use crate::source::Span;
use crate::syntax::component_manifest::ComponentManifest;
use crate::syntax::manifest::{ContentFields, TagItem};
use crate::syntax::yaml::{AnchoredKind, Entry, Node, NodeKind, Scalar};

/// Where a manifest's content is.
#[derive(Debug)]
pub enum ContentSource<'a> {
    /// `Content:` with a string: its scalar.
    Inline(&'a Scalar),
    /// `ContentFile:` with a path, and the span of the path in the manifest.
    File(&'a str, Span),
    /// No usable content; already reported.
    None,
}

fn invalid(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(&INVALID_MANIFEST, span, message)
}

/// Checks a manifest's parameters, read once into `manifest`; returns where its content is.
pub fn check<'t>(manifest: &ComponentManifest<'t>, out: &mut Vec<Diagnostic>) -> ContentSource<'t> {
    let root = manifest.root;
    check_duplicate_keys(root, &INVALID_MANIFEST, out);
    check_aliases(root, &INVALID_MANIFEST, out);
    let Some(entries) = root.as_mapping() else {
        out.push(
            invalid(
                root.span,
                "a component manifest must be a mapping of CreateImageComponent parameters",
            )
            .with_label(format!("a {}, not a mapping", shape(root)))
            .with_help("write `Name: ...`, `ComponentVersion: ...`, `Content: |` ..."),
        );
        return ContentSource::None;
    };
    // Each key, then the value of each entry that is a parameter, in the order written.
    let mut fields = manifest.fields.iter().peekable();
    for entry in entries {
        check_key(
            &entry.key,
            COMPONENT_MANIFEST_KEYS,
            "manifest key",
            None,
            &INVALID_MANIFEST,
            out,
        );
        let Some(field) = fields.next_if(|field| std::ptr::eq(field.entry, entry)) else {
            continue;
        };
        let key = field.parameter.key();
        let value = &field.entry.value;
        match field.parameter {
            ComponentParameter::Tag => {
                check_tag_list(key, value, out);
                continue;
            }
            ComponentParameter::Content | ComponentParameter::ContentFile => continue,
            _ => {}
        }
        let Some((text, span)) = text_value(key, value, out) else {
            continue;
        };
        match field.parameter {
            ComponentParameter::Name => check_name(text, span, out),
            ComponentParameter::Description => check_description(text, span, out),
            ComponentParameter::SystemType => {
                check_system_type(text, span, out);
            }
            ComponentParameter::ComponentType => {
                check_component_type(text, span, out);
            }
            ComponentParameter::ComponentVersion => {
                check_version(text, span, verbatim_start(value), out);
            }
            ComponentParameter::ClientToken => check_client_token(text, span, out),
            ComponentParameter::RegionId => check_region_id(text, span, out),
            ComponentParameter::ResourceGroupId => check_resource_group_id(text, span, out),
            ComponentParameter::Content
            | ComponentParameter::ContentFile
            | ComponentParameter::Tag => {}
        }
    }
    content_source(manifest.content(), root, out)
}

/// A parameter's text, or `None` when it is empty (absent) or not text (reported).
pub(crate) fn text_value<'n>(
    key: &str,
    value: &'n Node,
    out: &mut Vec<Diagnostic>,
) -> Option<(&'n str, Span)> {
    match &value.kind {
        NodeKind::Scalar(s) if s.is_null() => None,
        NodeKind::Scalar(s) => Some((s.value.as_str(), value.span)),
        NodeKind::Alias(_) => None,
        NodeKind::Mapping(_) | NodeKind::Sequence(_) => {
            out.push(
                invalid(
                    value.span,
                    format!("`{key}` must be text, not a {}", shape(value)),
                )
                .with_label("expected text"),
            );
            None
        }
    }
}

pub(crate) fn shape(node: &Node) -> &'static str {
    match &node.kind {
        NodeKind::Mapping(_) => "mapping",
        NodeKind::Sequence(_) => "list",
        NodeKind::Scalar(_) => "scalar",
        // An alias is what its anchor marks (an alias without an anchor is reported on its own).
        NodeKind::Alias(alias) => match alias.target.map(|target| target.kind) {
            Some(AnchoredKind::Mapping) => "mapping",
            Some(AnchoredKind::Sequence) => "list",
            Some(AnchoredKind::Scalar) => "scalar",
            None => "alias without an anchor",
        },
    }
}

/// A list of `{Key, Value}` tags given as `parameter` (`Tag`; a template's `Tags` and
/// `ImageOptions.ImageTags` too): its shape here, its tags by [`check_tags`].
pub(crate) fn check_tag_list<'t>(parameter: &str, value: &'t Node, out: &mut Vec<Diagnostic>) {
    // Empty, or an alias to a list (whose tags are not read: aliases are never expanded).
    if value.as_scalar().is_some_and(Scalar::is_null)
        || value.is_unread_alias(AnchoredKind::Sequence)
    {
        return;
    }
    let Some(items) = TagItem::read_list(value) else {
        out.push(
            invalid(
                value.span,
                format!(
                    "`{parameter}` must be a list of `{{Key, Value}}`, not a {}",
                    shape(value)
                ),
            )
            .with_label("expected a list")
            .with_help(format!(
                "write `{parameter}:` then `  - Key: owner` / `    Value: team-a`"
            )),
        );
        return;
    };
    let mut tags = Vec::new();
    for item in items {
        if item.node.is_unread_alias(AnchoredKind::Mapping) {
            continue;
        }
        let Some(entries) = item.node.as_mapping() else {
            out.push(
                invalid(
                    item.node.span,
                    "a tag must be a mapping with `Key` and `Value`",
                )
                .with_label("expected `Key:` and `Value:`")
                .with_help("write `- Key: owner` and, below it, `  Value: team-a`"),
            );
            continue;
        };
        for entry in entries {
            check_key(
                &entry.key,
                &[TAG_KEY, TAG_VALUE],
                "tag key",
                None,
                &INVALID_MANIFEST,
                out,
            );
        }
        let text = |field: Option<&'t Entry>, name: &str, out: &mut Vec<Diagnostic>| {
            let node = &field?.value;
            match &node.kind {
                NodeKind::Scalar(s) => {
                    Some((if s.is_null() { "" } else { s.value.as_str() }, node.span))
                }
                _ => {
                    out.push(
                        invalid(node.span, format!("a tag's `{name}` must be text"))
                            .with_label("expected text"),
                    );
                    None
                }
            }
        };
        let key = text(item.key, TAG_KEY, out);
        let value = text(item.value, TAG_VALUE, out);
        tags.push(Tag {
            span: item.node.span,
            key_given: item.key.is_some(),
            key,
            value,
        });
    }
    check_tags(&tags, out);
}

/// Where the content is, from `Content` and `ContentFile` (`root` is the manifest).
pub(crate) fn content_source<'t>(
    fields: ContentFields<'t>,
    root: &Node,
    out: &mut Vec<Diagnostic>,
) -> ContentSource<'t> {
    let key_span = |field: Option<&Entry>| field.map(|e| e.key.span);
    match (
        fields.inline.map(|e| &e.value),
        fields.file.map(|e| &e.value),
    ) {
        (Some(_), Some(_)) => {
            let span = key_span(fields.file).unwrap_or_default();
            out.push(
                invalid(span, "the manifest has both `Content` and `ContentFile`")
                    .with_label("keep only one")
                    .with_related(
                        key_span(fields.inline).unwrap_or_default(),
                        "`Content` given here",
                    )
                    .with_help("keep one: the content inline, or in a file beside the manifest"),
            );
            ContentSource::None
        }
        (None, None) => {
            out.push(
                Diagnostic::new(
                    &MISSING_CONTENT,
                    Span::at(root.span.start),
                    "the manifest has no `Content`",
                )
                .with_label("`Content` missing")
                .with_help("add `Content: |` with the commands, or `ContentFile: <path>`"),
            );
            ContentSource::None
        }
        (Some(content), None) => match &content.kind {
            // Nothing to map a finding into: say so here, on the value (or on the key when the
            // value is absent), rather than at an offset of an empty text.
            NodeKind::Scalar(s) if s.value.is_empty() => {
                let span = if content.span.is_empty() {
                    key_span(fields.inline).unwrap_or(content.span)
                } else {
                    content.span
                };
                out.push(
                    Diagnostic::new(&MISSING_CONTENT, span, "`Content` is empty")
                        .with_label("no command here")
                        .with_help("write `Content: |` and the commands below it, indented"),
                );
                ContentSource::None
            }
            NodeKind::Scalar(s) => ContentSource::Inline(s),
            NodeKind::Alias(_) => ContentSource::None,
            _ => {
                out.push(
                    invalid(content.span, format!("`Content` must be text, not a YAML {}", shape(content)))
                        .with_label("parsed as YAML, not text")
                        .with_help("write `Content: |` and indent the content below it, so YAML keeps it as text"),
                );
                ContentSource::None
            }
        },
        (None, Some(file)) => match scalar(file) {
            Some((path, span)) => ContentSource::File(path, span),
            None => {
                out.push(
                    invalid(
                        file.span,
                        "`ContentFile` must be a path relative to the manifest",
                    )
                    .with_label("expected a path"),
                );
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
        check(&ComponentManifest::read(&root), &mut out);
        out.iter()
            .map(|d| (d.code(), &text[d.span.start..d.span.end]))
            .collect()
    }

    #[test]
    fn empty_content_is_reported_on_the_value() {
        assert_eq!(
            findings("Name: web\nContent: \"\"\n"),
            [("MissingParameter.Content", "\"\"")]
        );
        assert_eq!(
            findings("{\"Name\": \"web\", \"Content\": \"\"}"),
            [("MissingParameter.Content", "\"\"")]
        );
        // No value at all: the key.
        assert_eq!(
            findings("Name: web\nContent:\n"),
            [("MissingParameter.Content", "Content")]
        );
    }

    #[test]
    fn a_tag_key_that_is_not_text_is_reported_once() {
        assert_eq!(
            findings("Tag:\n  - Key: [a, b]\n    Value: x\nContent: RUN true\n"),
            [("ICL003", "[a, b]")]
        );
        assert_eq!(
            findings("Tag:\n  - Value: x\nContent: RUN true\n"),
            [("InvalidTagKey.Malformed", "Value: x")]
        );
    }
}

//! A component or template manifest parsed once: its YAML tree (JSON is YAML's flow style), its
//! suppression directives, and, for a `.json` manifest, where it breaks strict JSON. The tree is
//! read into its model (`syntax::component_manifest`, `syntax::template_manifest`), which the
//! manifest rules read; see `docs/architecture.md`, "Parsing once".

use crate::catalog::request::{TAG_KEY, TAG_VALUE};
use crate::options::ManifestSyntax;
use crate::source::Span;
use crate::syntax::content::parse_yaml;
use crate::syntax::directives::{self, Directive};
use crate::syntax::yaml::{Document, Entry, Node, YamlError};

/// Where a `.json` manifest is not strict JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonFault {
    pub span: Span,
    /// What is wrong, in serde_json's words (without its position), or "a trailing comma".
    pub message: String,
}

/// Where a manifest gives a content: inline (`Content`, `BuildContent`, `TestContent`) or in a
/// file (`ContentFile`, ...), each the first entry of its key; both, one or neither.
#[derive(Debug, Clone, Copy)]
pub struct ContentFields<'t> {
    pub inline: Option<&'t Entry>,
    pub file: Option<&'t Entry>,
}

/// One item of a list of `{Key, Value}` tags: a component's `Tag`, a template's `Tags` and
/// `ImageOptions.ImageTags`.
#[derive(Debug, Clone, Copy)]
pub struct TagItem<'t> {
    /// The item: a mapping, an alias to one, or malformed (then it has no fields).
    pub node: &'t Node,
    /// `Key`, when the item has it.
    pub key: Option<&'t Entry>,
    /// `Value`, when the item has it.
    pub value: Option<&'t Entry>,
}

impl<'t> TagItem<'t> {
    /// The items of the list `list`, in order; `None` when it is not a list.
    pub fn read_list(list: &'t Node) -> Option<Vec<Self>> {
        let items = list.as_sequence()?.iter().map(|node| TagItem {
            node,
            key: node.entry(TAG_KEY),
            value: node.entry(TAG_VALUE),
        });
        Some(items.collect())
    }
}

/// A manifest parsed once.
#[derive(Debug)]
pub struct ParsedManifest {
    pub document: Result<Document, YamlError>,
    pub directives: Vec<Directive>,
    /// For [`ManifestSyntax::Json`]: where the text is not strict JSON, if it is not.
    pub json_fault: Option<JsonFault>,
}

pub fn parse(text: &str, syntax: ManifestSyntax) -> ParsedManifest {
    let document = parse_yaml(text);
    let directives = document
        .as_ref()
        .map(|d| directives::of_yaml(text, d))
        .unwrap_or_default();
    let json_fault = match (&document, syntax) {
        (Ok(_), ManifestSyntax::Json) => strict_json_fault(text),
        _ => None,
    };
    ParsedManifest {
        document,
        directives,
        json_fault,
    }
}

/// Where `text` breaks strict JSON, if it does. Empty text is no fault here (an empty manifest
/// is a finding of its own).
fn strict_json_fault(text: &str) -> Option<JsonFault> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim().is_empty() {
        return None;
    }
    let error = serde_json::from_str::<serde::de::IgnoredAny>(body).err()?;
    // serde_json counts lines from 1 and columns in bytes from 1 (0 at the very end).
    let line_start = body
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let mut offset = (line_start + error.column().saturating_sub(1)).min(body.len());
    while !body.is_char_boundary(offset) {
        offset -= 1;
    }
    // A comma right before a closing bracket: point at the comma, and say so.
    let before = body[..offset].trim_end_matches([' ', '\t', '\r', '\n']);
    let (span, message) = if before.ends_with(',') && body[offset..].starts_with(['}', ']']) {
        let comma = before.len() - 1;
        (Span::new(comma, comma + 1), "a trailing comma".to_string())
    } else {
        let message = error.to_string();
        // The position is in the span; the message keeps serde_json's words without it.
        let words = message
            .rsplit_once(" at line ")
            .map_or(&*message, |(w, _)| w);
        (Span::at(offset), words.to_string())
    };
    let bom = text.len() - body.len();
    Some(JsonFault {
        span: Span::new(span.start + bom, span.end + bom),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    #[test]
    fn tag_items_are_read_with_their_fields() {
        let root = yaml::parse("Tag:\n  - {Key: team, Value: web}\n  - Value: x\n  - oops\n")
            .unwrap()
            .root
            .unwrap();
        let items = TagItem::read_list(root.get("Tag").unwrap()).unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].key.unwrap().value.text().unwrap().0, "team");
        assert!(items[1].key.is_none() && items[1].value.is_some());
        assert!(items[2].key.is_none() && items[2].value.is_none());
        let scalar = yaml::parse("Tag: x\n").unwrap().root.unwrap();
        assert!(TagItem::read_list(scalar.get("Tag").unwrap()).is_none());
    }
}

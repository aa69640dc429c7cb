//! Whether a value fits a declared type (docs/service-rules.md §5.3). The raw scalar text decides: YAML would read
//! `1.0` as a float and `0755` as an octal number, but the service sees the text.

use crate::catalog::yaml_format::ValueType;
use crate::rules::yaml_tree::{is_yaml_boolean, is_yaml_number};
use crate::syntax::yaml::{Node, NodeKind, ScalarStyle};

/// Why `node` does not fit `value_type`, or `None` when it does. The reason completes "… is ".
pub fn mismatch(node: &Node, value_type: ValueType, text: &str) -> Option<String> {
    let expected = value_type.expected();
    let scalar = match &node.kind {
        NodeKind::Alias(_) => return None, // not expanded: cannot tell
        NodeKind::Mapping(_) if value_type == ValueType::Json => return None,
        // A plain `{{ x }}`: reported once, as such (see `super::plain_braces`).
        NodeKind::Mapping(_) if super::starts_with_braces(node, text) => return None,
        NodeKind::Mapping(_) => return Some(format!("a mapping, but {expected} is expected")),
        NodeKind::Sequence(_) => return Some(format!("a list, but {expected} is expected")),
        NodeKind::Scalar(scalar) => scalar,
    };
    let raw = scalar.raw_text(text);
    if scalar.is_null() {
        // YAML reads an empty value, `~` and `null` as "no value", not as a string.
        return match value_type {
            ValueType::String => None,
            _ if raw.is_empty() => Some(format!("empty, but {expected} is expected")),
            _ => Some(format!(
                "`{raw}`, which YAML reads as null, but {expected} is expected"
            )),
        };
    }
    let plain = scalar.style == ScalarStyle::Plain;
    match value_type {
        ValueType::String => None,
        ValueType::Json => Some(format!("a scalar, but {expected} is expected")),
        ValueType::Number if (plain && is_yaml_number(raw)) || is_one_reference(&scalar.value) => {
            None
        }
        ValueType::Number if !plain && is_yaml_number(&scalar.value) => Some(format!(
            "the quoted string {raw}, but a number is expected: remove the quotes"
        )),
        ValueType::Number => Some(format!("`{}`, which is not a number", scalar.value)),
        ValueType::Boolean
            if (plain && is_yaml_boolean(raw)) || is_one_reference(&scalar.value) =>
        {
            None
        }
        ValueType::Boolean if !plain && is_yaml_boolean(&scalar.value) => Some(format!(
            "the quoted string {raw}, but a boolean is expected: remove the quotes"
        )),
        ValueType::Boolean => Some(format!(
            "`{}`, which is not `true` or `false`",
            scalar.value
        )),
    }
}

/// A value that is exactly one `{{ ... }}` reference (it may stand for any type).
pub fn is_one_reference(value: &str) -> bool {
    let value = value.trim();
    value.starts_with("{{")
        && value.ends_with("}}")
        && value[2..].find("{{").is_none()
        && value.matches("}}").count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_value(source: &str) -> Node {
        let root = crate::syntax::yaml::parse(source).unwrap().root.unwrap();
        root.as_mapping().unwrap()[0].value.clone()
    }

    #[test]
    fn an_empty_value_is_named_as_such() {
        let reason = |source: &str, value_type| mismatch(&first_value(source), value_type, source);
        assert_eq!(
            reason("a:\n", ValueType::Number).as_deref(),
            Some("empty, but a Number is expected")
        );
        assert_eq!(
            reason("a: ~\n", ValueType::Boolean).as_deref(),
            Some("`~`, which YAML reads as null, but a Boolean is expected")
        );
        assert_eq!(
            reason("a: 1\n", ValueType::Json).as_deref(),
            Some("a scalar, but a mapping is expected")
        );
        assert_eq!(reason("a:\n", ValueType::String), None);
        assert_eq!(reason("a: {{ x }}\n", ValueType::Number), None);
    }

    #[test]
    fn single_references() {
        assert!(is_one_reference("{{ timeout }}"));
        assert!(is_one_reference("{{t}}"));
        assert!(!is_one_reference("{{ a }}{{ b }}"));
        assert!(!is_one_reference("x {{ a }}"));
    }
}

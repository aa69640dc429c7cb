//! Reading a template manifest's values by their type (docs/service-rules.md §7.1, §9.9). A value
//! of the wrong type is one `ICL003` finding that says what it is and what is expected. Numbers
//! and booleans are read from the scalar as written, not as one YAML reader or another would
//! convert it: the tools that send a manifest to the API do not agree on `0x28`, `040`, `1e3`,
//! `yes` or a quoted `"40"`.

use crate::catalog::template::IntegerRange;
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::rules::component_manifest::list;
use crate::rules::component_manifest::manifest::shape;
use crate::rules::shared::INVALID_MANIFEST;
use crate::rules::yaml_tree::{is_yaml_boolean, is_yaml_number};
use crate::syntax::yaml::{Entry, Node, NodeKind, Scalar, ScalarStyle};

/// The tag `!!str` resolves to.
const STR_TAG: &str = "tag:yaml.org,2002:str";

/// The scalar of `node`, or `None` when the value is absent: empty, `~`, `null`, or an alias
/// (never expanded, so its value is unknown).
fn present_scalar(node: &Node) -> Option<Result<&Scalar, &'static str>> {
    match &node.kind {
        NodeKind::Scalar(s) if s.is_null() && node.tag.is_none() => None,
        NodeKind::Scalar(s) => Some(Ok(s)),
        NodeKind::Alias(_) => None,
        _ => Some(Err(shape(node))),
    }
}

/// Why YAML reads the scalar as text whatever it spells, if it does: it is quoted, a block, or
/// tagged `!!str`.
fn text_form(node: &Node, scalar: &Scalar) -> Option<&'static str> {
    if node.tag.as_ref().is_some_and(|t| t.name == STR_TAG) {
        return Some("it is tagged `!!str`, so YAML reads it as text");
    }
    match scalar.style {
        ScalarStyle::Plain => None,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            Some("it is quoted, so YAML reads it as text")
        }
        ScalarStyle::Literal | ScalarStyle::Folded => {
            Some("it is a block, so YAML reads it as text")
        }
    }
}

/// A scalar as a message shows it: as written, quotes included.
fn shown(scalar: &Scalar) -> String {
    match scalar.style {
        ScalarStyle::Plain => format!("`{}`", scalar.value),
        ScalarStyle::SingleQuoted => format!("`'{}'`", scalar.value),
        ScalarStyle::DoubleQuoted => format!("`{:?}`", scalar.value),
        ScalarStyle::Literal | ScalarStyle::Folded => format!("`{}`", scalar.value.trim_end()),
    }
}

/// An integer as YAML 1.2 spells it (`[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`): its value
/// (saturated far outside any range), and how it is written when tools may read it otherwise.
fn integer(text: &str) -> Option<(i128, Option<String>)> {
    let radix_value = |digits: &str, radix: u32| {
        (!digits.is_empty() && digits.chars().all(|c| c.is_digit(radix))).then(|| {
            digits.chars().fold(0i128, |value, c| {
                value
                    .saturating_mul(i128::from(radix))
                    .saturating_add(i128::from(c.to_digit(radix).unwrap_or(0)))
            })
        })
    };
    if let Some(hex) = text.strip_prefix("0x") {
        let value = radix_value(hex, 16)?;
        return Some((value, Some("it is written in hexadecimal".to_string())));
    }
    if let Some(octal) = text.strip_prefix("0o") {
        let value = radix_value(octal, 8)?;
        return Some((value, Some("it is written in octal".to_string())));
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let magnitude = radix_value(digits, 10)?;
    let value = if negative { -magnitude } else { magnitude };
    let form = (digits.len() > 1 && digits.starts_with('0')).then(|| {
        let octal = radix_value(digits, 8)
            .map(|octal| format!(", which YAML 1.1 tools read as the octal number {octal}"))
            .unwrap_or_default();
        format!("it has a leading zero{octal}")
    });
    Some((value, form))
}

/// How a value given for an integer parameter reads.
#[derive(Debug, Clone, PartialEq)]
pub enum IntegerReading {
    /// Not given: empty, `~`, `null`, or an alias.
    Absent,
    /// A whole number; `form` says how to write it when tools may read it otherwise.
    Whole { value: i128, form: Option<String> },
    /// Not a whole number: what it is (completing "it is …"), and its value when it is a number.
    Not { what: String, number: Option<f64> },
}

/// Reads the value `node` of an integer parameter.
pub fn read_integer(node: &Node) -> (IntegerReading, String) {
    let scalar = match present_scalar(node) {
        None => return (IntegerReading::Absent, String::new()),
        Some(Err(shape)) => {
            let what = format!("a {shape}");
            return (
                IntegerReading::Not {
                    what: what.clone(),
                    number: None,
                },
                what,
            );
        }
        Some(Ok(scalar)) => scalar,
    };
    let shown = shown(scalar);
    let form = text_form(node, scalar);
    let text = if form.is_some() {
        scalar.value.trim()
    } else {
        scalar.value.as_str()
    };
    let reading = match (integer(text), form) {
        (Some((value, _)), Some(form)) => IntegerReading::Whole {
            value,
            form: Some(form.to_string()),
        },
        (Some((value, written)), None) => IntegerReading::Whole {
            value,
            form: written,
        },
        (None, _) if is_yaml_number(text) => {
            let number = text.parse::<f64>().ok().filter(|n| n.is_finite());
            let what = match (form, number) {
                (Some(_), _) => format!("the text {shown}"),
                (None, Some(n)) => {
                    format!("{shown}, which YAML reads as the floating-point number {n}")
                }
                (None, None) => format!("{shown}, which YAML reads as a floating-point number"),
            };
            IntegerReading::Not { what, number }
        }
        (None, None) if is_yaml_boolean(text) => IntegerReading::Not {
            what: format!("{shown}, a boolean"),
            number: None,
        },
        (None, _) if text.is_empty() => IntegerReading::Not {
            what: "empty text".to_string(),
            number: None,
        },
        (None, _) => IntegerReading::Not {
            what: format!("{shown}, which is not a number"),
            number: None,
        },
    };
    (reading, shown)
}

/// Checks the value `node` of the integer parameter `parameter`: a number outside `range` is
/// reported under `rule` (with how it is written, when that is at fault too); a number inside it
/// that is written so that tools read it differently, and a value that is not a whole number, are
/// `ICL003`. One finding at most.
pub fn check_integer(
    parameter: &str,
    node: &Node,
    range: IntegerRange,
    rule: &'static Rule,
    out: &mut Vec<Diagnostic>,
) {
    let IntegerRange {
        min,
        max,
        default,
        unit,
    } = range;
    let help = format!(
        "write a whole number of {unit} from {min} to {max}, in plain decimal digits; without it the service takes {default}"
    );
    match read_integer(node) {
        (IntegerReading::Absent, _) => {}
        (IntegerReading::Whole { value, form }, shown) if range.contains(value) => {
            if let Some(form) = form {
                out.push(
                    Diagnostic::new(
                        &INVALID_MANIFEST,
                        node.span,
                        format!("{parameter} {shown} is not written as a plain number: {form}"),
                    )
                    .with_label("write a plain number")
                    .with_help(format!(
                        "write `{value}`: plain decimal digits read the same in every tool, while tools disagree on {shown}"
                    )),
                );
            }
        }
        (IntegerReading::Whole { value, form }, shown) => {
            let mut faults = vec![format!("{value} {unit} is outside {min}-{max}")];
            faults.extend(form);
            out.push(
                Diagnostic::new(
                    rule,
                    node.span,
                    format!("{parameter} {shown} is not accepted: {}", list(&faults)),
                )
                .with_label(format!("outside {min}-{max}"))
                .with_help(help),
            );
        }
        (IntegerReading::Not { what, number }, _) => {
            let outside = number
                .filter(|n| !(min as f64..=max as f64).contains(n))
                .map(|n| format!(", and {n} is outside {min}-{max} {unit}"))
                .unwrap_or_default();
            out.push(
                Diagnostic::new(
                    &INVALID_MANIFEST,
                    node.span,
                    format!("{parameter} must be a whole number, but it is {what}{outside}"),
                )
                .with_label("expected a whole number")
                .with_help(help),
            );
        }
    }
}

/// YAML 1.1 booleans that YAML 1.2 reads as text.
fn is_yaml_1_1_boolean(text: &str) -> bool {
    ["y", "n", "yes", "no", "on", "off"]
        .iter()
        .any(|word| word.eq_ignore_ascii_case(text))
}

/// Checks the value `node` of the boolean parameter `parameter`: `true` or `false`, unquoted.
pub fn check_boolean(parameter: &str, node: &Node, out: &mut Vec<Diagnostic>) {
    let scalar = match present_scalar(node) {
        None => return,
        Some(Ok(scalar)) => scalar,
        Some(Err(shape)) => {
            out.push(not_boolean(parameter, node, format!("a {shape}")));
            return;
        }
    };
    let shown = shown(scalar);
    let what = match text_form(node, scalar) {
        None if is_yaml_boolean(&scalar.value) => return,
        Some(form) if is_yaml_boolean(scalar.value.trim()) => {
            format!("{shown}: {form}")
        }
        None if is_yaml_1_1_boolean(&scalar.value) => {
            format!("{shown}, a boolean to YAML 1.1 tools but text to YAML 1.2 tools")
        }
        _ => format!("{shown}, which is not `true` or `false`"),
    };
    out.push(not_boolean(parameter, node, what));
}

fn not_boolean(parameter: &str, node: &Node, what: String) -> Diagnostic {
    Diagnostic::new(
        &INVALID_MANIFEST,
        node.span,
        format!("{parameter} must be `true` or `false`, but it is {what}"),
    )
    .with_label("expected `true` or `false`")
    .with_help("write `true` or `false`, without quotes")
}

/// The items of the list parameter `parameter` (of `items`, e.g. "region IDs"; `example` is an
/// item to show), or `None` when it is absent or not a list (reported).
pub fn list_items<'n>(
    parameter: &str,
    items: &str,
    example: &str,
    node: &'n Node,
    out: &mut Vec<Diagnostic>,
) -> Option<&'n [Node]> {
    match &node.kind {
        NodeKind::Sequence(nodes) => Some(nodes),
        NodeKind::Scalar(s) if s.is_null() => None,
        NodeKind::Alias(_) => None,
        _ => {
            out.push(
                Diagnostic::new(
                    &INVALID_MANIFEST,
                    node.span,
                    format!(
                        "`{parameter}` must be a list of {items}, not a {}",
                        shape(node)
                    ),
                )
                .with_label("expected a list")
                .with_help(format!(
                    "write `{parameter}: [{example}]`, or one `- {example}` per line below it"
                )),
            );
            None
        }
    }
}

/// The text of an item of the list parameter `parameter`, or `None` when it is an alias or not
/// text (reported).
pub fn item_text<'n>(
    parameter: &str,
    item: &'n Node,
    out: &mut Vec<Diagnostic>,
) -> Option<&'n Scalar> {
    match &item.kind {
        NodeKind::Alias(_) => None,
        NodeKind::Scalar(s) if !s.is_null() => Some(s),
        _ => {
            let what = match &item.kind {
                NodeKind::Scalar(_) => "empty".to_string(),
                _ => format!("a {}", shape(item)),
            };
            out.push(
                Diagnostic::new(
                    &INVALID_MANIFEST,
                    item.span,
                    format!("an item of `{parameter}` is {what}, not text"),
                )
                .with_label("expected text"),
            );
            None
        }
    }
}

/// Checks an item of `AddAccount`: an account ID, digits, written as a plain number or as a
/// quoted string (which keeps a 16-digit ID exact in tools that read numbers as floating point).
pub fn check_account_id(parameter: &str, item: &Node, out: &mut Vec<Diagnostic>) {
    let Some(scalar) = item_text(parameter, item, out) else {
        return;
    };
    let id = scalar.value.as_str();
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    out.push(
        Diagnostic::new(
            &INVALID_MANIFEST,
            item.span,
            format!(
                "an item of `{parameter}` must be an account ID, digits only, but it is {}",
                shown(scalar)
            ),
        )
        .with_label("expected an account ID")
        .with_help("write the account's ID, e.g. `\"1234567890123456\"`"),
    );
}

/// The entries of the mapping parameter `parameter`, or `None` when it is absent or not a mapping
/// (reported).
pub fn mapping_entries<'n>(
    parameter: &str,
    node: &'n Node,
    out: &mut Vec<Diagnostic>,
) -> Option<&'n [Entry]> {
    match &node.kind {
        NodeKind::Mapping(entries) => Some(entries),
        NodeKind::Scalar(s) if s.is_null() => None,
        NodeKind::Alias(_) => None,
        _ => {
            out.push(
                Diagnostic::new(
                    &INVALID_MANIFEST,
                    node.span,
                    format!("`{parameter}` must be a mapping, not a {}", shape(node)),
                )
                .with_label("expected a mapping")
                .with_help(format!("write `{parameter}:` and indent its keys below it")),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    fn first_value(source: &str) -> Node {
        let root = yaml::parse(source).unwrap().root.unwrap();
        root.as_mapping().unwrap()[0].value.clone()
    }

    fn reading(source: &str) -> IntegerReading {
        read_integer(&first_value(source)).0
    }

    fn whole(value: i128, form: bool) -> impl Fn(IntegerReading) -> bool {
        move |r| matches!(r, IntegerReading::Whole { value: v, form: f } if v == value && f.is_some() == form)
    }

    #[test]
    fn integers_as_written() {
        assert!(whole(40, false)(reading("a: 40\n")));
        assert!(whole(40, false)(reading("a: +40\n")));
        assert!(whole(-1, false)(reading("a: -1\n")));
        assert!(whole(0, false)(reading("a: 0\n")));
        assert!(whole(16, true)(reading("a: 0x10\n")));
        assert!(whole(8, true)(reading("a: 0o10\n")));
        assert!(whole(40, true)(reading("a: 040\n")));
        assert!(whole(40, true)(reading("a: \"40\"\n")));
        assert!(whole(40, true)(reading("a: '40'\n")));
        assert!(whole(40, true)(reading("a: !!str 40\n")));
        assert!(whole(i128::MAX, false)(reading(&format!(
            "a: {}\n",
            "9".repeat(60)
        ))));
        assert_eq!(reading("a:\n"), IntegerReading::Absent);
        assert_eq!(reading("a: ~\n"), IntegerReading::Absent);
    }

    #[test]
    fn what_is_not_an_integer() {
        let not = |source: &str| match reading(source) {
            IntegerReading::Not { what, number } => (what, number),
            other => panic!("{source}: {other:?}"),
        };
        assert_eq!(
            not("a: 1e3\n"),
            (
                "`1e3`, which YAML reads as the floating-point number 1000".to_string(),
                Some(1000.0)
            )
        );
        assert_eq!(not("a: 40.5\n").1, Some(40.5));
        assert_eq!(not("a: .inf\n").1, None);
        assert_eq!(not("a: \"1.5\"\n").0, "the text `\"1.5\"`");
        assert_eq!(not("a: true\n").0, "`true`, a boolean");
        assert_eq!(not("a: large\n").0, "`large`, which is not a number");
        assert_eq!(not("a: 1_000\n").0, "`1_000`, which is not a number");
        assert_eq!(not("a: [1]\n").0, "a list");
        assert_eq!(not("a: \"\"\n").0, "empty text");
    }

    fn boolean_findings(source: &str) -> Vec<String> {
        let mut out = Vec::new();
        check_boolean("B", &first_value(source), &mut out);
        out.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn booleans_as_written() {
        for fine in ["a: true\n", "a: False\n", "a:\n", "a: ~\n"] {
            assert!(boolean_findings(fine).is_empty(), "{fine}");
        }
        assert_eq!(
            boolean_findings("a: \"true\"\n"),
            [
                "B must be `true` or `false`, but it is `\"true\"`: it is quoted, so YAML reads it as text"
            ]
        );
        assert_eq!(
            boolean_findings("a: yes\n"),
            [
                "B must be `true` or `false`, but it is `yes`, a boolean to YAML 1.1 tools but text to YAML 1.2 tools"
            ]
        );
        assert_eq!(boolean_findings("a: 1\n").len(), 1);
        assert_eq!(boolean_findings("a: {b: c}\n").len(), 1);
    }
}

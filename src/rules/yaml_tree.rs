//! Checks shared by every YAML file iclint reads (content, manifests): duplicate keys, aliases
//! without an anchor, unknown keys, and reading a scalar (as text, or as YAML reads a number or a
//! boolean from its raw text).

use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::rules::shared::UNKNOWN_KEY;
use crate::source::Span;
use crate::suggest::{containing, nearest};
use crate::syntax::yaml::{Node, NodeKind, ScalarStyle};
use std::collections::HashMap;

/// The text and span of a non-null scalar.
pub fn scalar(node: &Node) -> Option<(&str, Span)> {
    node.text()
}

/// Where a scalar's value is written byte for byte in the text it was parsed from, if it is: a
/// plain or quoted scalar on one line without escapes (a fix may then edit the value in place).
/// Any escape, quote doubling or line folding makes the raw text longer than the value.
pub fn verbatim_start(node: &Node) -> Option<usize> {
    let scalar = node.as_scalar()?;
    let (raw, value) = (scalar.raw, scalar.value.len());
    match scalar.style {
        ScalarStyle::Plain if raw.len() == value => Some(raw.start),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if raw.len() == value + 2 => {
            Some(raw.start + 1)
        }
        _ => None,
    }
}

/// A key given twice in one mapping, reported under `rule` at the second, with the first labelled.
pub fn check_duplicate_keys(root: &Node, rule: &'static Rule, out: &mut Vec<Diagnostic>) {
    root.walk(|node| {
        let Some(entries) = node.as_mapping() else {
            return;
        };
        // Most mappings hold a few keys: a look back over them costs less than hashing each;
        // a large one (hostile input) gets a map.
        let mut seen = HashMap::new();
        let small = entries.len() <= 16;
        for (i, entry) in entries.iter().enumerate() {
            let Some(key) = entry.key.as_scalar() else {
                continue;
            };
            let earlier = if small {
                entries[..i]
                    .iter()
                    .find(|e| e.key.as_scalar().is_some_and(|k| k.value == key.value))
                    .map(|e| e.key.span)
            } else {
                seen.get(key.value.as_str()).copied()
            };
            if let Some(first) = earlier {
                out.push(
                    Diagnostic::new(
                        rule,
                        entry.key.span,
                        format!("duplicate key `{}`", key.value),
                    )
                    .with_label("given again here")
                    .with_related(first, "first given here")
                    .with_help("give each key once; YAML keeps only one of them"),
                );
            } else if !small {
                seen.insert(key.value.as_str(), entry.key.span);
            }
        }
    });
}

/// An alias whose anchor does not come before it, reported under `rule`.
pub fn check_aliases(root: &Node, rule: &'static Rule, out: &mut Vec<Diagnostic>) {
    root.walk(|node| {
        if let NodeKind::Alias(alias) = &node.kind
            && !alias.is_resolved()
        {
            out.push(
                Diagnostic::new(
                    rule,
                    node.span,
                    format!("alias `*{}` refers to no anchor", alias.name),
                )
                .with_label("unknown anchor")
                .with_help(format!(
                    "define `&{}` on a value before this alias",
                    alias.name
                )),
            );
        }
    });
}

/// Reports a key that is not one of `known` (ICL201), naming the nearest (or the one it is a
/// shortened or lengthened form of); a key that is not a
/// plain name is reported under `malformed`. `what` names the kind of key, `of` what it belongs
/// to. Returns whether the key is known.
pub fn check_key(
    key: &Node,
    known: &[&str],
    what: &str,
    of: Option<&str>,
    malformed: &'static Rule,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let Some((name, span)) = scalar(key) else {
        out.push(
            Diagnostic::new(
                malformed,
                key.span,
                format!("a {what} must be a plain name"),
            )
            .with_label("not a name")
            .with_help("write the key as a word followed by `:`"),
        );
        return false;
    };
    if known.contains(&name) {
        return true;
    }
    let owner = of.map(|of| format!(" of `{of}`")).unwrap_or_default();
    let finding = Diagnostic::new(
        &UNKNOWN_KEY,
        span,
        format!("unknown {what} `{name}`{owner}"),
    )
    .with_label("unknown key");
    let suggestion =
        nearest(name, known.iter().copied()).or_else(|| containing(name, known.iter().copied()));
    out.push(match suggestion {
        Some(suggestion) if suggestion.eq_ignore_ascii_case(name) => {
            finding.with_help(format!("keys are case-sensitive: write `{suggestion}`"))
        }
        Some(suggestion) => finding.with_help(format!("did you mean `{suggestion}`?")),
        None => finding.with_help(format!("known keys here: {}", known.join(", "))),
    });
    false
}

/// A YAML 1.2 core-schema integer or float, as written.
pub fn is_yaml_number(raw: &str) -> bool {
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    if let Some(hex) = raw.strip_prefix("0x") {
        return digits(hex, 16);
    }
    if let Some(octal) = raw.strip_prefix("0o") {
        return digits(octal, 8);
    }
    let unsigned = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(raw, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (digits(whole, 10) || whole.is_empty())
                && (digits(fraction, 10) || fraction.is_empty())
                && !(whole.is_empty() && fraction.is_empty())
        }
        None => digits(mantissa, 10),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    mantissa_ok && exponent_ok
}

/// A YAML 1.2 core-schema boolean, as written.
pub fn is_yaml_boolean(raw: &str) -> bool {
    matches!(raw, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_yaml_reads_them() {
        for yes in [
            "0", "-12", "+3", "1.5", ".5", "1.", "1e3", "2.5E-2", "0x1F", "0o17", ".inf", "-.inf",
            ".nan",
        ] {
            assert!(is_yaml_number(yes), "{yes}");
        }
        for no in ["", ".", "1.2.3", "1e", "abc", "0x", "1_000", "ten", "1 2"] {
            assert!(!is_yaml_number(no), "{no}");
        }
    }
}

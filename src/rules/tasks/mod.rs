//! Rules on YAML-format component content (spec §5): its shape, parameters, tasks, properties
//! and `{{ }}` references. Every structural fault is `InvalidParameter.Content` with its own
//! message; unknown keys are `ICL201`.

mod parameters;
mod references;
mod shape;
mod task_list;
mod value_types;

pub use parameters::{PARAMETER_WITHOUT_DEFAULT, UNUSED_PARAMETER};
pub use task_list::OSS_BUCKET_TAG;

use crate::Options;
use crate::catalog::yaml_format::TOP_LEVEL_KEYS;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::content::{self, INVALID_CONTENT};
use crate::rules::{Origin, Rule};
use crate::source::Span;
use crate::suggest::nearest;
use crate::syntax::yaml::{self, Node, YamlErrorKind};

pub static UNKNOWN_KEY: Rule = Rule {
    code: "ICL201",
    name: "unknown-key",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "an unknown key or property in YAML content",
    explanation: "YAML content knows the top-level keys `Parameters` and `Tasks`, the task keys `Name`, \
`Action` and `Properties`, the parameter keys `Type` and `DefaultValue`, and for each action its own \
properties. Keys are case-sensitive. The service may ignore a key it does not know, so a typo such as \
`commandcontent` or `WorkingDir` silently drops what you meant to set. iclint names the nearest known key.",
};

/// Lints YAML-format content. Spans are byte offsets into `text`.
pub fn check(text: &str, options: &Options, out: &mut Vec<Diagnostic>) {
    content::check_length(text, &options.limits, out);
    let document = match yaml::parse(text) {
        Ok(document) => document,
        Err(error) => {
            out.push(yaml_error(text, &error));
            return;
        }
    };
    if let Some(extra) = document.extra_document {
        out.push(
            Diagnostic::new(
                &INVALID_CONTENT,
                extra,
                "the content holds a second YAML document",
            )
            .with_label("second document")
            .with_help(
                "content is one YAML document: remove the `---` and what follows, or merge it",
            ),
        );
    }
    let Some(root) = document.root else {
        return;
    };
    shape::check_duplicate_keys(&root, out);
    shape::check_aliases(&root, out);
    let Some(entries) = root.as_mapping() else {
        out.push(
            invalid(root.span, "YAML content must be a mapping with `Tasks`")
                .with_help("start the content with `Tasks:` and a list of tasks"),
        );
        return;
    };
    for entry in entries {
        unknown_key(&entry.key, TOP_LEVEL_KEYS, "top-level key", None, out);
    }
    let mut parameters = parameters::check(root.get("Parameters"), text, out);
    let tasks = task_list::check(&root, text, options, out);
    references::check(&tasks, &mut parameters, text, out);
    parameters::check_unused(&parameters, out);
}

/// A finding of `InvalidParameter.Content`.
fn invalid(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(&INVALID_CONTENT, span, message)
}

fn yaml_error(text: &str, error: &yaml::YamlError) -> Diagnostic {
    let (message, help) = match error.kind {
        YamlErrorKind::Syntax => (
            format!("the content is not valid YAML: {}", error.message),
            "check the indentation and quoting around this place",
        ),
        YamlErrorKind::TooDeep | YamlErrorKind::TooManyNodes => (
            format!(
                "the content is too large or too deeply nested to check: {}",
                error.message
            ),
            "component content is a few levels deep; is this the right file?",
        ),
    };
    let _ = text;
    invalid(error.span, message).with_help(help)
}

/// The text and span of a non-null scalar.
fn scalar(node: &Node) -> Option<(&str, Span)> {
    node.as_scalar()
        .filter(|s| !s.is_null())
        .map(|s| (s.value.as_str(), node.span))
}

/// Reports a key that is not one of `known` (ICL201), naming the nearest. `what` names the kind
/// of key, `of` what it belongs to. Returns whether the key is known.
fn unknown_key(
    key: &Node,
    known: &[&str],
    what: &str,
    of: Option<&str>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let Some((name, span)) = scalar(key) else {
        out.push(invalid(key.span, format!("a {what} must be a plain name")));
        return false;
    };
    if known.contains(&name) {
        return true;
    }
    let owner = of.map(|of| format!(" of `{of}`")).unwrap_or_default();
    let mut finding = Diagnostic::new(
        &UNKNOWN_KEY,
        span,
        format!("unknown {what} `{name}`{owner}"),
    )
    .with_label("unknown key");
    finding = match nearest(name, known.iter().copied()) {
        Some(suggestion) if suggestion.eq_ignore_ascii_case(name) => {
            finding.with_help(format!("keys are case-sensitive: write `{suggestion}`"))
        }
        Some(suggestion) => finding.with_help(format!("did you mean `{suggestion}`?")),
        None => finding.with_help(format!("known keys here: {}", known.join(", "))),
    };
    out.push(finding);
    false
}

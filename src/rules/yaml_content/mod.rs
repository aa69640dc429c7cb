//! Rules on YAML-format component content (docs/service-rules.md §5): its shape, parameters, tasks, properties
//! and `{{ }}` references. Every structural fault is `InvalidParameter.Content` with its own
//! message; unknown keys are `ICL201`.

mod parameters;
mod references;
mod task_list;
mod value_types;

pub use parameters::{PARAMETER_WITHOUT_DEFAULT, UNUSED_PARAMETER};
pub use task_list::OSS_BUCKET_TAG;

use crate::catalog::yaml_format::TOP_LEVEL_KEYS;
use crate::diagnostic::Diagnostic;
use crate::options::Options;
use crate::rules::content;
use crate::rules::shared::INVALID_CONTENT;
use crate::rules::yaml_tree::{check_aliases, check_duplicate_keys, check_key, scalar};
use crate::source::Span;
use crate::syntax::yaml::{self, Node, NodeKind, YamlErrorKind};
use crate::syntax::yaml_content::YamlContent;

/// Lints YAML-format content, read once into `content`. Spans are byte offsets into `text`.
pub fn check(text: &str, content: &YamlContent<'_>, options: &Options, out: &mut Vec<Diagnostic>) {
    content::check_length(text, &options.limits, out);
    let document = match content.document {
        Ok(document) => document,
        Err(error) => {
            out.push(yaml_error(error));
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
    let Some(root) = document.root.as_ref() else {
        return;
    };
    check_duplicate_keys(root, &INVALID_CONTENT, out);
    check_aliases(root, &INVALID_CONTENT, out);
    let Some(entries) = root.as_mapping() else {
        out.push(
            invalid(root.span, "YAML content must be a mapping with `Tasks`")
                .with_label("not a mapping")
                .with_help("start the content with `Tasks:` and a list of tasks"),
        );
        return;
    };
    for entry in entries {
        unknown_key(&entry.key, TOP_LEVEL_KEYS, "top-level key", None, out);
    }
    let mut parameters = parameters::check(content.parameters.as_ref(), text, out);
    task_list::check(content, root, text, options, out);
    let tasks = content.tasks();
    references::check(tasks, parameters.as_deref_mut(), text, out);
    // Without tasks, nothing can refer to a parameter: that is the fault already reported. A
    // task or its properties behind an alias may refer to any parameter: none is unused for sure.
    if let Some(parameters) = &parameters
        && !tasks.is_empty()
        && !tasks.iter().any(|task| task.has_unread_part())
    {
        parameters::check_unused(parameters, out);
    }
}

/// A finding of `InvalidParameter.Content`.
fn invalid(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(&INVALID_CONTENT, span, message)
}

fn yaml_error(error: &yaml::YamlError) -> Diagnostic {
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
    invalid(error.span, message)
        .with_label("the YAML parser stops here")
        .with_help(help)
}

/// A flow mapping written as a plain value that starts with `{{`: YAML reads `{{ x }}` as a
/// mapping, but the author meant a `{{ }}` reference.
fn starts_with_braces(node: &Node, text: &str) -> bool {
    matches!(node.kind, NodeKind::Mapping(_))
        && text
            .get(node.span.range())
            .is_some_and(|raw| raw.starts_with("{{"))
}

/// The one finding for a plain value that starts with `{{` (docs/service-rules.md §5.2): other checks skip it.
fn plain_braces(node: &Node, text: &str) -> Option<Diagnostic> {
    if !starts_with_braces(node, text) {
        return None;
    }
    let raw = &text[node.span.range()];
    Some(
        invalid(
            node.span,
            "a plain value that starts with `{{` is read by YAML as a mapping, not as text",
        )
        .with_label("YAML sees a flow mapping")
        .with_help(format!("quote the value: `\"{raw}\"`")),
    )
}

/// Reports a key that is not one of `known` (ICL201); see [`check_key`].
fn unknown_key(
    key: &Node,
    known: &[&str],
    what: &str,
    of: Option<&str>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    check_key(key, known, what, of, &INVALID_CONTENT, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The findings on `text` as (code, the text under the span, message).
    fn findings(text: &str) -> Vec<(&'static str, String, String)> {
        let mut out = Vec::new();
        let document = yaml::parse(text);
        let content = YamlContent::read(document.as_ref());
        check(text, &content, &Options::default(), &mut out);
        out.iter()
            .map(|d| {
                (
                    d.code(),
                    text[d.span.range()].to_string(),
                    d.message.clone(),
                )
            })
            .collect()
    }

    const TASK: &str = "Tasks:\n  - Name: a\n    Action: RunShellCommand\n    Properties:\n";

    #[test]
    fn a_plain_value_in_braces_is_one_finding() {
        let text = format!(
            "Parameters:\n  dir: {{Type: String, DefaultValue: /opt}}\n{TASK}      commandContent: make\n      workingDir: {{{{ dir }}}}\n"
        );
        let found = findings(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "InvalidParameter.Content");
        assert_eq!(found[0].1, "{{ dir }}");
        assert!(
            found[0]
                .2
                .starts_with("a plain value that starts with `{{`")
        );
    }

    #[test]
    fn a_default_value_in_braces_is_reported() {
        let text = format!(
            "Parameters:\n  dir:\n    Type: String\n    DefaultValue: {{{{ home }}}}\n{TASK}      commandContent: echo {{{{ dir }}}}\n"
        );
        let found = findings(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "{{ home }}");
        assert!(
            found[0]
                .2
                .starts_with("a plain value that starts with `{{`")
        );
    }

    #[test]
    fn a_misspelt_reference_is_one_finding() {
        let text = format!(
            "Parameters:\n  version: {{Type: String, DefaultValue: '1'}}\n{TASK}      commandContent: echo {{{{ verison }}}}\n"
        );
        let found = findings(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "{{ verison }}");
        // An unused parameter that no reference resembles is still reported.
        let text = format!(
            "Parameters:\n  version: {{Type: String, DefaultValue: '1'}}\n{TASK}      commandContent: echo {{{{ zzz }}}}\n"
        );
        let codes: Vec<_> = findings(&text).into_iter().map(|f| f.0).collect();
        assert_eq!(codes, ["InvalidParameter.Content", "ICL202"]);
    }

    #[test]
    fn no_tasks_and_unreadable_parameters_are_one_finding_each() {
        let found = findings("Parameters:\n  version: {Type: String, DefaultValue: '1'}\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, "the content has no `Tasks`");
        let text = format!(
            "Parameters:\n  - version\n{TASK}      commandContent: echo {{{{ version }}}}\n"
        );
        let found = findings(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "- version");
    }

    #[test]
    fn an_empty_typed_property_says_it_is_empty() {
        let text = "Tasks:\n  - Name: a\n    Action: Reboot\n    Properties:\n      forceStop:\n";
        let found = findings(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].2,
            "`forceStop` of `Reboot` is empty, but a Boolean is expected"
        );
    }
}

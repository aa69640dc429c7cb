//! `Tasks`: a non-empty list of tasks, each with a unique `Name`, a known `Action` that runs on
//! the component's operating system, and that action's `Properties` with the right types.

use super::value_types::mismatch;
use super::{invalid, scalar, unknown_key};
use crate::catalog::yaml_format::{ACTIONS, Action, ActionOs, TASK_KEYS, ValueType};
use crate::diagnostic::Diagnostic;
use crate::options::Options;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::rules::content::check_command_count;
use crate::rules::shared::PLACEHOLDER;
use crate::source::Span;
use crate::suggest::nearest;
use crate::syntax::words::placeholders;
use crate::syntax::yaml::{AnchoredKind, Node, NodeKind};
use crate::syntax::yaml_content::{Task, YamlContent};
use foldhash::{HashMap, HashMapExt};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static OSS_BUCKET_TAG: Rule = Rule {
    code: "ICL204",
    name: "oss-bucket-tag",
    severity: Severity::Info,
    origin: Origin::Linter,
    summary: "OSS action: the bucket needs the tag allowImageBuilderAccess:true",
    explanation: "Image Builder reads and writes OSS only in buckets that carry the tag \
`allowImageBuilderAccess:true`. Without it, `OSSDownload` and `OSSUpload` fail at build time, on a \
paid instance, with an access error. iclint cannot see the bucket: it reminds you once per file, at \
the first OSS action.",
    example: "\
# upload.yaml
Tasks:
  - Name: publish
    Action: OSSUpload
    Properties:
      bucketName: build-logs
      fileToUpload: /var/log/build.log
      objectName: logs/build.log
",
    fix: "\
# install.yaml
Tasks:
  - Name: publish
    Action: RunShellCommand
    Properties:
      commandContent: cat /var/log/build.log
",
};

const EMPTY_TASKS: &str = "`Tasks` is empty: it needs at least one task";
/// How to write a task, for findings on `Tasks`.
const TASK_ITEM_HELP: &str = "write each task as a list item: `- Name: ...`";

/// Checks `Tasks` (`root` is the content's mapping).
pub fn check(
    content: &YamlContent<'_>,
    root: &Node,
    text: &str,
    options: &Options,
    out: &mut Vec<Diagnostic>,
) {
    let Some(tasks) = &content.tasks else {
        out.push(
            invalid(Span::at(root.span.start), "the content has no `Tasks`")
                .with_label("`Tasks` missing")
                .with_help("add `Tasks:` with at least one task (`- Name: ...`, `Action: ...`, `Properties: ...`)"),
        );
        return;
    };
    let value = tasks.value();
    // An alias to a list: the tasks are not read (aliases are never expanded).
    if value.is_unread_alias(AnchoredKind::Sequence) {
        return;
    }
    let Some(items) = &tasks.items else {
        let (message, label) = if value.as_scalar().is_some_and(|s| s.is_null()) {
            (EMPTY_TASKS, "no tasks")
        } else {
            ("`Tasks` must be a list of tasks", "not a list")
        };
        out.push(
            invalid(value.span, message)
                .with_label(label)
                .with_help(TASK_ITEM_HELP),
        );
        return;
    };
    if items.is_empty() {
        out.push(
            invalid(value.span, EMPTY_TASKS)
                .with_label("no tasks")
                .with_help(TASK_ITEM_HELP),
        );
    }
    let starts: Vec<Span> = items
        .iter()
        .map(|task| Span::at(task.node.span.start))
        .collect();
    check_command_count(&starts, &options.limits, out);
    let mut names: HashMap<&str, Span> = HashMap::new();
    let mut oss_reported = false;
    for task in items {
        check_task(task, text, options, out);
        if let Some((name, span)) = task.name() {
            if let Some(&first) = names.get(name) {
                out.push(
                    invalid(span, format!("two tasks are named `{name}`"))
                        .with_label("second task of this name")
                        .with_related(first, "first task of this name")
                        .with_help("task names are unique: `{{ name.stdout }}` must know which task it means"),
                );
            } else {
                names.insert(name, span);
            }
        }
        if let Some(action) = task.known_action
            && action.uses_oss
            && !std::mem::replace(&mut oss_reported, true)
        {
            let span = task.action.map_or(task.node.span, |a| a.value.span);
            out.push(
                Diagnostic::new(
                    &OSS_BUCKET_TAG,
                    span,
                    format!(
                        "`{}` needs a bucket tagged `allowImageBuilderAccess:true`",
                        action.name
                    ),
                )
                .with_label("OSS access")
                .with_help("tag the bucket in the OSS console before the build runs"),
            );
        }
    }
}

fn check_task(task: &Task<'_>, text: &str, options: &Options, out: &mut Vec<Diagnostic>) {
    let item = task.node;
    if task.is_behind_alias() {
        return;
    }
    let Some(entries) = item.as_mapping() else {
        out.push(
            invalid(
                item.span,
                "a task must be a mapping with `Name`, `Action` and `Properties`",
            )
            .with_label("not a mapping")
            .with_help("write the task as `- Name: ...` with `Action:` and `Properties:` under it"),
        );
        return;
    };
    for entry in entries {
        unknown_key(&entry.key, TASK_KEYS, "task key", None, out);
    }
    let start = Span::at(item.span.start);
    match task.name {
        None => out.push(
            invalid(start, "the task has no `Name`")
                .with_label("Name missing")
                .with_help("add `Name: <a unique task name>`"),
        ),
        Some(entry) if task.name().is_none() => out.push(
            invalid(
                entry.value.span,
                "the task's `Name` must be a non-empty text",
            )
            .with_label("no name")
            .with_help("name the task: later tasks refer to its output by this name"),
        ),
        Some(_) => {}
    }
    match task.action {
        None => out.push(
            invalid(start, "the task has no `Action`")
                .with_label("Action missing")
                .with_help(format!("add `Action:` with one of {}", action_names())),
        ),
        Some(entry) => check_action(&entry.value, task.known_action, options, out),
    }
    if let Some(action) = task.known_action {
        check_properties(action, task, text, out);
    }
}

/// `ICL105` for a text property that holds placeholders of the documentation
/// (`bucketName: <Name of the OSS bucket>`), one finding for the property.
fn placeholder(name: &str, action: &Action, value: &Node, text: &str) -> Option<Diagnostic> {
    let scalar = value.as_scalar()?;
    let found = placeholders(&scalar.value);
    let (first, last) = (found.first()?, found.last()?);
    let mapped = scalar.mapped(text);
    let span = mapped.map.span(first.cover(*last));
    let shown = &scalar.value[first.cover(*last).range()];
    Some(
        Diagnostic::new(
            &PLACEHOLDER,
            span,
            format!(
                "`{name}` of `{}` holds the documentation's placeholder `{shown}`",
                action.name
            ),
        )
        .with_label("placeholder")
        .with_help("replace it with the value it stands for"),
    )
}

/// How to write a value of `value_type`.
fn type_help(value_type: ValueType) -> String {
    match value_type {
        ValueType::String => {
            "give one text; for several lines, a literal block (`|` and the lines indented under it)"
                .to_string()
        }
        ValueType::Json => "give a mapping: `name: value` lines indented under the key".to_string(),
        ValueType::Number | ValueType::Boolean => format!(
            "give {}, or a quoted `{{{{ parameter }}}}` reference",
            value_type.expected()
        ),
    }
}

fn action_names() -> String {
    ACTIONS
        .iter()
        .map(|a| a.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks `Action` (`node`), which names `known` of the catalogue, if any.
fn check_action(
    node: &Node,
    known: Option<&'static Action>,
    options: &Options,
    out: &mut Vec<Diagnostic>,
) {
    let Some((name, span)) = scalar(node) else {
        out.push(
            invalid(node.span, "`Action` must name an action")
                .with_label("not an action name")
                .with_help(format!("one of {}", action_names())),
        );
        return;
    };
    let Some(found) = known else {
        let help = match nearest(name, ACTIONS.iter().map(|a| a.name)) {
            Some(suggestion) if suggestion.eq_ignore_ascii_case(name) => {
                format!("action names are case-sensitive: write `{suggestion}`")
            }
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("actions are {}", action_names()),
        };
        out.push(
            invalid(span, format!("`{name}` is not an action"))
                .with_label("unknown action")
                .with_help(help),
        );
        return;
    };
    if !found.runs_on(options.system_type)
        && let ActionOs::Only(system) = found.os
    {
        let instead = match found.name {
            "RunShellCommand" => "use `RunPowerShellCommand` in a Windows component",
            "RunPowerShellCommand" => "use `RunShellCommand` in a Linux component",
            _ => "use an action of this operating system",
        };
        out.push(
            invalid(
                span,
                format!(
                    "`{}` runs only on {}, but the component's SystemType is {}",
                    found.name,
                    system.name(),
                    options.system_type.name()
                ),
            )
            .with_label(format!("{} only", system.name()))
            .with_help(instead),
        );
    }
}

fn check_properties(
    action: &'static Action,
    task: &Task<'_>,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let properties = task.properties.map(|entry| &entry.value);
    let required: Vec<&str> = action
        .properties
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name)
        .collect();
    let entries = match properties {
        Some(node) => match &node.kind {
            NodeKind::Mapping(entries) => entries.as_slice(),
            NodeKind::Scalar(s) if s.is_null() => &[],
            // An alias to a mapping: the properties behind it are not read (aliases are never
            // expanded), so neither their types nor the required ones are checked.
            NodeKind::Alias(_) if node.is_unread_alias(AnchoredKind::Mapping) => return,
            _ => {
                out.push(
                    invalid(
                        node.span,
                        "`Properties` must be a mapping of property names to values",
                    )
                    .with_label("not a mapping")
                    .with_help(format!(
                        "write each property of `{}` as `name: value` on its own line under `Properties:`",
                        action.name
                    )),
                );
                return;
            }
        },
        None => &[],
    };
    let known: Vec<&str> = action.properties.iter().map(|p| p.name).collect();
    for entry in entries {
        if !unknown_key(&entry.key, &known, "property", Some(action.name), out) {
            continue;
        }
        let Some((name, _)) = scalar(&entry.key) else {
            continue;
        };
        let Some(property) = action.property(name) else {
            continue;
        };
        let value = &entry.value;
        if property.required && value.as_scalar().is_some_and(|s| s.is_null()) {
            out.push(
                invalid(
                    entry.key.span,
                    format!("`{name}` of `{}` has no value", action.name),
                )
                .with_label("value missing")
                .with_help(format!(
                    "give {} after `{name}:`",
                    property.value_type.expected()
                )),
            );
            continue;
        }
        if let Some(reason) = mismatch(value, property.value_type, text) {
            out.push(
                invalid(
                    value.span,
                    format!("`{name}` of `{}` is {reason}", action.name),
                )
                .with_label(format!("not {}", property.value_type.expected()))
                .with_help(type_help(property.value_type)),
            );
        } else if property.value_type == ValueType::String && !property.is_script() {
            out.extend(placeholder(name, action, value, text));
        }
    }
    let missing: Vec<&str> = required
        .into_iter()
        .filter(|name| {
            !entries
                .iter()
                .any(|e| e.key.as_scalar().is_some_and(|k| k.value == *name))
        })
        .collect();
    if !missing.is_empty() {
        // At the `Properties` key, or at the action when there is none.
        let span = task
            .properties
            .map(|e| e.key.span)
            .or_else(|| task.action.map(|a| a.value.span))
            .unwrap_or(task.node.span);
        let list = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(
            invalid(
                span,
                format!(
                    "`{}` needs the propert{} {list}",
                    action.name,
                    if missing.len() == 1 { "y" } else { "ies" }
                ),
            )
            .with_label("required property missing")
            .with_help(format!("add {list} under `Properties`")),
        );
    }
}

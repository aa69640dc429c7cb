//! `{{ parameter }}` and `{{ task.stdout }}` references in task properties (docs/service-rules.md §5.2).

use super::parameters::ParameterUse;
use super::{invalid, plain_braces};
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::suggest::nearest;
use crate::syntax::words::find_twice;
use crate::syntax::yaml::{Node, NodeKind};
use crate::syntax::yaml_content::Task;
use foldhash::{HashMap, HashMapExt};

/// One `{{ ... }}` in a value: its inner text (trimmed) and its span in the value.
struct Reference<'v> {
    inner: &'v str,
    span: Span,
}

fn references(value: &str) -> Vec<Reference<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    let bytes = value.as_bytes();
    while let Some(open) = find_twice(&bytes[from..], b'{').map(|at| from + at) {
        let Some(close) = find_twice(&bytes[open + 2..], b'}').map(|at| open + 2 + at) else {
            break;
        };
        found.push(Reference {
            inner: value[open + 2..close].trim(),
            span: Span::new(open, close + 2),
        });
        from = close + 2;
    }
    found
}

/// Checks every reference in the tasks' properties and marks the parameters they use.
/// `parameters` is `None` when `Parameters` could not be read: references to parameters are then
/// not checked (each would repeat that one fault).
pub fn check(
    tasks: &[Task<'_>],
    mut parameters: Option<&mut [ParameterUse<'_>]>,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let names = Names::of(tasks, parameters.as_deref());
    for (index, task) in tasks.iter().enumerate() {
        let Some(properties) = task.property_entries() else {
            continue;
        };
        let mut pending: Vec<&Node> = properties.iter().map(|e| &e.value).collect();
        while let Some(node) = pending.pop() {
            match &node.kind {
                NodeKind::Mapping(entries) => {
                    if let Some(finding) = plain_braces(node, text) {
                        // One finding for the fault: the parameters it names count as used.
                        out.push(finding);
                        if let Some(parameters) = parameters.as_deref_mut() {
                            for reference in references(&text[node.span.range()]) {
                                names.mark_used(parameters, reference.inner);
                            }
                        }
                        continue;
                    }
                    pending.extend(entries.iter().map(|e| &e.value));
                }
                NodeKind::Sequence(items) => pending.extend(items),
                NodeKind::Alias(_) => {}
                NodeKind::Scalar(scalar) => {
                    let found = references(&scalar.value);
                    if found.is_empty() {
                        continue;
                    }
                    let mapped = scalar.mapped(text);
                    for reference in found {
                        let span = mapped.map.span(reference.span);
                        check_reference(
                            reference.inner,
                            span,
                            index,
                            tasks,
                            &names,
                            parameters.as_deref_mut(),
                            out,
                        );
                    }
                }
            }
        }
    }
}

/// The parameters and the tasks by name (the first of each name), made once per content: a
/// reference is looked up, not searched for.
struct Names<'a> {
    parameters: HashMap<&'a str, usize>,
    tasks: HashMap<&'a str, usize>,
}

impl<'a> Names<'a> {
    fn of(tasks: &[Task<'a>], parameters: Option<&[ParameterUse<'a>]>) -> Self {
        let mut names = Names {
            parameters: HashMap::new(),
            tasks: HashMap::new(),
        };
        for (i, parameter) in parameters.unwrap_or_default().iter().enumerate() {
            names.parameters.entry(parameter.name).or_insert(i);
        }
        for (i, task) in tasks.iter().enumerate() {
            if let Some((name, _)) = task.name() {
                names.tasks.entry(name).or_insert(i);
            }
        }
        names
    }

    /// Marks the parameter `name` as used; returns whether there is one.
    fn mark_used(&self, parameters: &mut [ParameterUse<'_>], name: &str) -> bool {
        let found = self.parameters.get(name).map(|&i| &mut parameters[i]);
        found.map(|p| p.used = true).is_some()
    }
}

fn check_reference(
    inner: &str,
    span: Span,
    index: usize,
    tasks: &[Task<'_>],
    names: &Names<'_>,
    parameters: Option<&mut [ParameterUse<'_>]>,
    out: &mut Vec<Diagnostic>,
) {
    if inner.is_empty() {
        out.push(
            invalid(span, "an empty `{{ }}` reference")
                .with_label("empty reference")
                .with_help("write `{{ parameter }}` or `{{ task.stdout }}`"),
        );
        return;
    }
    let task_names = || tasks.iter().filter_map(|t| t.name().map(|(name, _)| name));
    let Some((task_name, output)) = inner.rsplit_once('.') else {
        let Some(parameters) = parameters else { return };
        if names.mark_used(parameters, inner) {
            return;
        }
        let mut finding = invalid(span, format!("`{{{{ {inner} }}}}` refers to no parameter"))
            .with_label("undefined");
        finding = if names.tasks.contains_key(inner) {
            finding.with_help(format!(
                "`{inner}` is a task: its output is `{{{{ {inner}.stdout }}}}`"
            ))
        } else if let Some(suggestion) = nearest(inner, parameters.iter().map(|p| p.name)) {
            // A misspelt reference: the parameter it meant is not also "never referenced".
            let suggestion = suggestion.to_string();
            names.mark_used(parameters, &suggestion);
            finding.with_help(format!("did you mean `{{{{ {suggestion} }}}}`?"))
        } else {
            finding.with_help(format!(
                "declare it under `Parameters:` as `{inner}: {{Type: String}}`"
            ))
        };
        out.push(finding);
        return;
    };
    let Some(&position) = names.tasks.get(task_name) else {
        // An earlier task behind an alias has a name iclint does not read: it may be this one.
        if tasks[..index].iter().any(Task::is_behind_alias) {
            return;
        }
        let mut finding = invalid(
            span,
            format!("`{{{{ {inner} }}}}` refers to no task named `{task_name}`"),
        )
        .with_label("unknown task");
        finding = match nearest(task_name, task_names()) {
            Some(suggestion) => {
                finding.with_help(format!("did you mean `{{{{ {suggestion}.{output} }}}}`?"))
            }
            None => {
                finding.with_help("refer to an earlier task by its `Name`: `{{ name.stdout }}`")
            }
        };
        out.push(finding);
        return;
    };
    let target = &tasks[position];
    if position >= index {
        let when = if position == index {
            "is this task itself"
        } else {
            "runs after this one"
        };
        let mut finding = invalid(
            span,
            format!("`{{{{ {inner} }}}}` refers to task `{task_name}`, which {when}"),
        )
        .with_label("not yet run")
        .with_help("a task can use the output of earlier tasks only");
        if let Some((_, name_span)) = target.name() {
            finding = finding.with_related(name_span, "that task");
        }
        out.push(finding);
        return;
    }
    let Some(action) = target.known_action else {
        return;
    };
    if !action.outputs.contains(&output) {
        let outputs = if action.outputs.is_empty() {
            format!("`{}` has no output", action.name)
        } else {
            format!(
                "the outputs of `{}` are {}",
                action.name,
                action
                    .outputs
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(
            invalid(span, format!("task `{task_name}` has no output `{output}`"))
                .with_label("unknown output")
                .with_help(outputs),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references() {
        let found = references("a {{ x }} b {{y.stdout}} {{ open");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].inner, "x");
        assert_eq!(found[0].span, Span::new(2, 9));
        assert_eq!(found[1].inner, "y.stdout");
    }
}

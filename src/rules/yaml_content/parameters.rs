//! `Parameters`: each a mapping with a `Type` and an optional `DefaultValue` that fits it.

use super::value_types::mismatch;
use super::{invalid, plain_braces, scalar, unknown_key};
use crate::catalog::yaml_format::{PARAMETER_KEYS, ValueType};
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::source::Span;
use crate::suggest::nearest;
use crate::syntax::yaml::AnchoredKind;
use crate::syntax::yaml_content::{Parameter, Section};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static UNUSED_PARAMETER: Rule = Rule {
    code: "ICL202",
    name: "unused-parameter",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "a parameter no task refers to",
    explanation: "A parameter is only useful through a `{{ name }}` reference in a task. One that nothing \
refers to still has to be passed by every template without a default, and often means a reference was \
misspelt (`{{ verison }}`). Refer to it, or remove it.",
    example: "\
# install.yaml
Parameters:
  version:
    Type: String
    DefaultValue: \"1.24\"
Tasks:
  - Name: install
    Action: RunShellCommand
    Properties:
      commandContent: yum install -y nginx
",
    fix: "\
# install.yaml
Parameters:
  version:
    Type: String
    DefaultValue: \"1.24\"
Tasks:
  - Name: install
    Action: RunShellCommand
    Properties:
      commandContent: yum install -y nginx-{{ version }}
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static PARAMETER_WITHOUT_DEFAULT: Rule = Rule {
    code: "ICL203",
    name: "parameter-without-default",
    severity: Severity::Info,
    origin: Origin::Linter,
    summary: "a parameter without DefaultValue: every template must pass it",
    explanation: "A parameter without `DefaultValue` is required: every template that uses the component \
must pass it (`COMPONENT ic-... --name value`), or the template is rejected. That is fine when it is \
meant; give a default when a sensible one exists.",
    example: "\
# install.yaml
Parameters:
  version:
    Type: String
Tasks:
  - Name: install
    Action: RunShellCommand
    Properties:
      commandContent: yum install -y nginx-{{ version }}
",
    fix: "\
# install.yaml
Parameters:
  version:
    Type: String
    DefaultValue: \"1.24\"
Tasks:
  - Name: install
    Action: RunShellCommand
    Properties:
      commandContent: yum install -y nginx-{{ version }}
",
};

/// A declared parameter, and whether a reference uses it.
#[derive(Debug)]
pub struct ParameterUse<'a> {
    pub name: &'a str,
    pub span: Span,
    pub used: bool,
}

/// Checks `Parameters` (`None`: the content has none) and returns the parameters it declares,
/// or `None` when `Parameters` is not a mapping (which parameters exist is then unknown).
pub fn check<'t>(
    parameters: Option<&Section<'t, Parameter<'t>>>,
    text: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<ParameterUse<'t>>> {
    let mut declared = Vec::new();
    let Some(section) = parameters else {
        return Some(declared);
    };
    let node = section.value();
    if node.as_scalar().is_some_and(|s| s.is_null()) {
        return Some(declared);
    }
    // An alias to a mapping: the parameters behind it are not read (aliases are never expanded),
    // so which parameters exist is unknown.
    if node.is_unread_alias(AnchoredKind::Mapping) {
        return None;
    }
    let Some(items) = &section.items else {
        out.push(
            invalid(
                node.span,
                "`Parameters` must be a mapping of parameter names to definitions",
            )
            .with_label("not a mapping")
            .with_help("write `Parameters:` then `  name: {Type: String, DefaultValue: value}`"),
        );
        return None;
    };
    for parameter in items {
        let Some((name, span)) = parameter.name() else {
            out.push(
                invalid(parameter.key.span, "a parameter name must be a plain name")
                    .with_label("not a name")
                    .with_help("name the parameter with a word, as `{{ name }}` will refer to it"),
            );
            continue;
        };
        // A definition behind an alias to a mapping is not read.
        if !parameter.definition.is_unread_alias(AnchoredKind::Mapping) {
            check_definition(name, span, parameter, text, out);
        }
        declared.push(ParameterUse {
            name,
            span,
            used: false,
        });
    }
    Some(declared)
}

/// Checks one definition.
fn check_definition(
    name: &str,
    span: Span,
    parameter: &Parameter<'_>,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let definition = parameter.definition;
    let Some(entries) = definition.as_mapping() else {
        out.push(
            invalid(
                definition.span,
                format!("the definition of parameter `{name}` must be a mapping with `Type`"),
            )
            .with_label("not a mapping")
            .with_help("write `Type: String` (or Number, Boolean) and optionally `DefaultValue`"),
        );
        return;
    };
    for entry in entries {
        unknown_key(&entry.key, PARAMETER_KEYS, "parameter key", Some(name), out);
    }
    let value_type = match parameter.value_type.map(|entry| &entry.value) {
        None => {
            out.push(
                invalid(span, format!("parameter `{name}` has no `Type`"))
                    .with_label("Type missing")
                    .with_help("add `Type: String`, `Type: Number` or `Type: Boolean`"),
            );
            None
        }
        Some(node) => match scalar(node) {
            Some((type_name, type_span)) => {
                let parsed = ValueType::parse_parameter_type(type_name);
                if parsed.is_none() {
                    let names = ValueType::PARAMETER_TYPES.map(ValueType::name);
                    let help = match nearest(type_name, names) {
                        Some(suggestion) => {
                            format!("did you mean `{suggestion}`? Types are case-sensitive")
                        }
                        None => "write `String`, `Number` or `Boolean`".to_string(),
                    };
                    out.push(
                        invalid(type_span, format!("`{type_name}` is not a parameter type"))
                            .with_label("unknown type")
                            .with_help(help),
                    );
                }
                parsed
            }
            None => {
                out.push(
                    invalid(node.span, "`Type` must be `String`, `Number` or `Boolean`")
                        .with_label("not a type name"),
                );
                None
            }
        },
    };
    match parameter.default_value.map(|entry| &entry.value) {
        None => out.push(
            Diagnostic::new(
                &PARAMETER_WITHOUT_DEFAULT,
                span,
                format!("parameter `{name}` has no `DefaultValue`"),
            )
            .with_label("templates must pass it")
            .with_help("add a `DefaultValue` if a sensible one exists"),
        ),
        Some(default) => {
            if let Some(finding) = plain_braces(default, text) {
                out.push(finding);
            } else if let Some(value_type) = value_type
                && let Some(reason) = mismatch(default, value_type, text)
            {
                let expected = value_type.expected();
                out.push(
                    invalid(
                        default.span,
                        format!("the `DefaultValue` of `{name}` is {reason}"),
                    )
                    .with_label(format!("not {expected}"))
                    .with_help(format!("give {expected} or change the `Type`")),
                );
            }
        }
    }
}

/// Parameters no reference used (ICL202).
pub fn check_unused(parameters: &[ParameterUse<'_>], out: &mut Vec<Diagnostic>) {
    for parameter in parameters.iter().filter(|p| !p.used) {
        out.push(
            Diagnostic::new(
                &UNUSED_PARAMETER,
                parameter.span,
                format!("parameter `{}` is never referenced", parameter.name),
            )
            .with_label("unused")
            .with_help(format!(
                "refer to it as `{{{{ {} }}}}` in a task, or remove it",
                parameter.name
            )),
        );
    }
}

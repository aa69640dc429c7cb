//! YAML-format component content read into its model (`docs/service-rules.md` §5): its
//! `Parameters` and its `Tasks`, each field with the entry it was read from (key and value, so a
//! rule can point at either). Built once from the tree, which stays beside it for the rules that
//! check YAML's shape (unknown keys, duplicate keys, aliases, a value of the wrong kind).
//!
//! The model is tolerant: a field the document lacks is `None`, a list or mapping of the wrong
//! kind reads as no items, and an alias is never expanded (an alias where a task or a definition
//! should be reads as a task or a parameter without fields). Rules report what is missing or
//! malformed; the model never does.

use crate::catalog::SystemType;
use crate::catalog::yaml_format::{self, Action, ActionOs, key};
use crate::source::Span;
use crate::syntax::shell::Language;
use crate::syntax::yaml::{AnchoredKind, Document, Entry, Node, Scalar, YamlError};

/// YAML-format content: the tree, and the parameters and tasks read from it.
#[derive(Debug)]
pub struct YamlContent<'t> {
    /// The document (the tree, for the rules of YAML's shape), or why the text does not parse.
    pub document: Result<&'t Document, &'t YamlError>,
    /// `Parameters`, when the content has the key.
    pub parameters: Option<Section<'t, Parameter<'t>>>,
    /// `Tasks`, when the content has the key.
    pub tasks: Option<Section<'t, Task<'t>>>,
}

/// A top-level key and what it holds.
#[derive(Debug)]
pub struct Section<'t, T> {
    pub entry: &'t Entry,
    /// Its items, when the value is a collection of the kind the section takes (a mapping of
    /// parameters, a list of tasks); `None` otherwise (null, a scalar, an alias, the other kind).
    pub items: Option<Vec<T>>,
}

impl<'t, T> Section<'t, T> {
    /// The section's value.
    pub fn value(&self) -> &'t Node {
        &self.entry.value
    }
}

/// One entry of `Parameters`.
#[derive(Debug)]
pub struct Parameter<'t> {
    /// The key: the parameter's name when it is a plain name.
    pub key: &'t Node,
    /// The definition: a mapping with `Type` and `DefaultValue` (or an alias, or malformed).
    pub definition: &'t Node,
    /// `Type`, when the definition has it.
    pub value_type: Option<&'t Entry>,
    /// `DefaultValue`, when the definition has it.
    pub default_value: Option<&'t Entry>,
}

impl<'t> Parameter<'t> {
    /// The parameter's name and its span, when the key is a plain name.
    pub fn name(&self) -> Option<(&'t str, Span)> {
        self.key.text()
    }

    /// Whether a template may leave the parameter out: it has a `DefaultValue`, or its
    /// definition is behind an alias (not read: nothing is required of a template on a guess).
    pub fn has_default(&self) -> bool {
        self.default_value.is_some() || self.definition.is_unread_alias(AnchoredKind::Mapping)
    }
}

/// A parameter the content declares, as the checks across files need it (a `COMPONENT` line
/// must pass the parameters without `DefaultValue`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredParameter {
    pub name: String,
    pub has_default: bool,
}

/// One item of `Tasks`.
#[derive(Debug)]
pub struct Task<'t> {
    /// The list item (a mapping, an alias to one, or malformed).
    pub node: &'t Node,
    /// `Name`, when the task has it.
    pub name: Option<&'t Entry>,
    /// `Action`, when the task has it.
    pub action: Option<&'t Entry>,
    /// The action of the catalogue that `Action` names (case-sensitive), if it names one.
    pub known_action: Option<&'static Action>,
    /// `Properties`, when the task has it.
    pub properties: Option<&'t Entry>,
    /// The script a `RunShellCommand` or `RunPowerShellCommand` runs: its `commandContent`,
    /// when that is a scalar that is not null.
    pub script: Option<Script<'t>>,
}

impl<'t> Task<'t> {
    /// The task's name and its span, when `Name` is a text that is not blank (what a reference
    /// `{{ name.stdout }}` names).
    pub fn name(&self) -> Option<(&'t str, Span)> {
        self.name
            .and_then(|entry| entry.value.text())
            .filter(|(name, _)| !name.trim().is_empty())
    }

    /// The task is an alias (to a mapping, or without an anchor): nothing of it is read.
    pub fn is_behind_alias(&self) -> bool {
        self.node.is_unread_alias(AnchoredKind::Mapping)
    }

    /// Part of the task is behind an alias (the task itself, or its `Properties`), and so not
    /// read.
    pub fn has_unread_part(&self) -> bool {
        self.is_behind_alias()
            || self
                .properties
                .is_some_and(|p| p.value.is_unread_alias(AnchoredKind::Mapping))
    }

    /// The entries of `Properties`, when it is a mapping.
    pub fn property_entries(&self) -> Option<&'t [Entry]> {
        self.properties?.value.as_mapping()
    }

    /// The property `name`, when `Properties` is a mapping that has it.
    pub fn property(&self, name: &str) -> Option<&'t Entry> {
        self.properties?.value.entry(name)
    }
}

/// A task's script, in the language of its action.
#[derive(Debug, Clone, Copy)]
pub struct Script<'t> {
    pub language: Language,
    /// The scalar: its value is the script, [`Scalar::mapped`] maps it back into the content.
    pub scalar: &'t Scalar,
}

impl<'t> YamlContent<'t> {
    /// Reads the model from a parsed document (from none, when the text does not parse: the
    /// model then has no parameters and no tasks).
    pub fn read(document: Result<&'t Document, &'t YamlError>) -> Self {
        let root = document.ok().and_then(|d| d.root.as_ref());
        let section = |name: &str| root.and_then(|root| root.entry(name));
        YamlContent {
            document,
            parameters: section(key::PARAMETERS).map(|entry| Section {
                entry,
                items: entry
                    .value
                    .as_mapping()
                    .map(|entries| entries.iter().map(Parameter::read).collect()),
            }),
            tasks: section(key::TASKS).map(|entry| Section {
                entry,
                items: entry
                    .value
                    .as_sequence()
                    .map(|items| items.iter().map(Task::read).collect()),
            }),
        }
    }

    /// The parameters the content declares, for the checks across files; `None` when which exist
    /// is unknown: the text does not parse, the content is not a mapping, or `Parameters` is not
    /// (an alias to one is not read).
    pub fn declared_parameters(&self) -> Option<Vec<DeclaredParameter>> {
        self.root()?.as_mapping()?;
        let Some(section) = &self.parameters else {
            return Some(Vec::new());
        };
        if section.value().as_scalar().is_some_and(Scalar::is_null) {
            return Some(Vec::new());
        }
        let declared = section.items.as_ref()?.iter().filter_map(|parameter| {
            let (name, _) = parameter.name()?;
            Some(DeclaredParameter {
                name: name.to_string(),
                has_default: parameter.has_default(),
            })
        });
        Some(declared.collect())
    }

    /// The root of the document, when the text parses and holds one.
    pub fn root(&self) -> Option<&'t Node> {
        self.document.ok().and_then(|d| d.root.as_ref())
    }

    /// The tasks, in order (none when `Tasks` is missing or not a list).
    pub fn tasks(&self) -> &[Task<'t>] {
        self.tasks
            .as_ref()
            .and_then(|tasks| tasks.items.as_deref())
            .unwrap_or_default()
    }
}

impl<'t> Parameter<'t> {
    fn read(entry: &'t Entry) -> Self {
        Parameter {
            key: &entry.key,
            definition: &entry.value,
            value_type: entry.value.entry(key::TYPE),
            default_value: entry.value.entry(key::DEFAULT_VALUE),
        }
    }
}

impl<'t> Task<'t> {
    fn read(node: &'t Node) -> Self {
        let action = node.entry(key::ACTION);
        let known_action = action
            .and_then(|entry| entry.value.text())
            .and_then(|(name, _)| yaml_format::action(name));
        let properties = node.entry(key::PROPERTIES);
        let script = known_action.and_then(|action| {
            let language = match action.os {
                ActionOs::Only(SystemType::Windows) => Language::PowerShell,
                _ => Language::Shell,
            };
            let scalar = properties?
                .value
                .get(action.script()?.name)?
                .as_scalar()
                .filter(|s| !s.is_null())?;
            Some(Script { language, scalar })
        });
        Task {
            node,
            name: node.entry(key::NAME),
            action,
            known_action,
            properties,
            script,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    #[test]
    fn reads_parameters_and_tasks() {
        let text = "Parameters:\n  v: {Type: String, DefaultValue: '1'}\n  - x\nTasks:\n  - Name: a\n    Action: RunPowerShellCommand\n    Properties:\n      commandContent: Write-Host {{ v }}\n  - Name: \" \"\n    Action: Reboot\n  - *t\n";
        let document = yaml::parse(text);
        let content = YamlContent::read(document.as_ref());
        // `- x` under a mapping does not parse: the whole document is an error.
        assert!(content.root().is_none() && content.tasks.is_none());
        let text = text.replace("  - x\n", "");
        let document = yaml::parse(&text).unwrap();
        let content = YamlContent::read(Ok(&document));
        let parameters = content.parameters.as_ref().unwrap().items.as_ref().unwrap();
        assert_eq!(parameters[0].name().unwrap().0, "v");
        assert!(parameters[0].value_type.is_some() && parameters[0].default_value.is_some());
        let tasks = content.tasks();
        assert_eq!(tasks.len(), 3);
        assert_eq!(tasks[0].name().unwrap().0, "a");
        let script = tasks[0].script.unwrap();
        assert_eq!(script.language, Language::PowerShell);
        assert_eq!(script.scalar.value, "Write-Host {{ v }}");
        // A blank name is no name; an action without properties has no script.
        assert!(tasks[1].name.is_some() && tasks[1].name().is_none());
        assert_eq!(tasks[1].known_action.unwrap().name, "Reboot");
        assert!(tasks[1].script.is_none() && tasks[1].properties.is_none());
        // An alias is a task without fields.
        assert!(tasks[2].action.is_none());
    }

    #[test]
    fn declared_parameters_for_the_checks_across_files() {
        let declared = |text: &str| {
            let document = yaml::parse(text);
            YamlContent::read(document.as_ref()).declared_parameters()
        };
        let named = |pairs: &[(&str, bool)]| {
            let found = pairs.iter().map(|&(name, has_default)| DeclaredParameter {
                name: name.to_string(),
                has_default,
            });
            Some(found.collect::<Vec<_>>())
        };
        assert_eq!(declared("Tasks: []\n"), named(&[]));
        assert_eq!(declared("Parameters:\nTasks: []\n"), named(&[]));
        // A definition behind an alias is taken to have a default; a key that is no name is left out.
        assert_eq!(
            declared(
                "Parameters:\n  a: {Type: String}\n  b: {DefaultValue: x}\n  c: *d\n  [e]: {}\n"
            ),
            named(&[("a", false), ("b", true), ("c", true)])
        );
        for unknown in ["Parameters: [a]\n", "Parameters: *p\n", "- a\n", "a: [\n"] {
            assert_eq!(declared(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn a_section_of_the_wrong_kind_has_no_items() {
        let document = yaml::parse("Parameters: [a]\nTasks: {a: b}\n").unwrap();
        let content = YamlContent::read(Ok(&document));
        assert!(content.parameters.as_ref().unwrap().items.is_none());
        assert!(content.tasks.as_ref().unwrap().items.is_none());
        assert!(content.tasks().is_empty());
    }
}

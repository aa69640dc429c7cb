//! The YAML format of component content (docs/service-rules.md §5): keys, parameter types and the action
//! catalogue.

use super::SystemType;

/// The keys of YAML content, as the service spells them (case-sensitive).
pub mod key {
    pub const PARAMETERS: &str = "Parameters";
    pub const TASKS: &str = "Tasks";
    /// Of a task.
    pub const NAME: &str = "Name";
    pub const ACTION: &str = "Action";
    pub const PROPERTIES: &str = "Properties";
    /// Of a parameter definition.
    pub const TYPE: &str = "Type";
    pub const DEFAULT_VALUE: &str = "DefaultValue";
    /// The property that holds the script of `RunShellCommand` and `RunPowerShellCommand`.
    pub const COMMAND_CONTENT: &str = "commandContent";
}

/// Top-level keys of YAML content.
pub const TOP_LEVEL_KEYS: &[&str] = &[key::PARAMETERS, key::TASKS];
/// Keys of one task.
pub const TASK_KEYS: &[&str] = &[key::NAME, key::ACTION, key::PROPERTIES];
/// Keys of one parameter definition.
pub const PARAMETER_KEYS: &[&str] = &[key::TYPE, key::DEFAULT_VALUE];

/// The type of a parameter or a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    String,
    Number,
    Boolean,
    /// A mapping (InvokeCommand `parameters`).
    Json,
}

impl ValueType {
    /// Types a parameter may declare (`Type:`), as spelt in content.
    pub const PARAMETER_TYPES: [ValueType; 3] =
        [ValueType::String, ValueType::Number, ValueType::Boolean];

    pub const fn name(self) -> &'static str {
        match self {
            ValueType::String => "String",
            ValueType::Number => "Number",
            ValueType::Boolean => "Boolean",
            ValueType::Json => "Json",
        }
    }

    /// The type in a sentence, with its article: "a Number", "a mapping" (a `Json` value is written
    /// as a YAML mapping, not as JSON text).
    pub const fn expected(self) -> &'static str {
        match self {
            ValueType::String => "a String",
            ValueType::Number => "a Number",
            ValueType::Boolean => "a Boolean",
            ValueType::Json => "a mapping",
        }
    }

    /// A parameter type as written after `Type:` (case-sensitive).
    pub fn parse_parameter_type(value: &str) -> Option<Self> {
        Self::PARAMETER_TYPES
            .into_iter()
            .find(|t| t.name() == value)
    }
}

/// One property of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Property {
    pub name: &'static str,
    pub value_type: ValueType,
    pub required: bool,
}

impl Property {
    /// Whether the value is a script (shell or PowerShell text), where `<` and `>` redirect.
    pub fn is_script(&self) -> bool {
        self.name == key::COMMAND_CONTENT
    }
}

/// Which operating systems an action runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionOs {
    Any,
    Only(SystemType),
}

/// One action of a task (docs/service-rules.md §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    pub name: &'static str,
    pub properties: &'static [Property],
    /// The outputs a later task can reference as `{{ task.OUTPUT }}`.
    pub outputs: &'static [&'static str],
    pub os: ActionOs,
    /// Reads from or writes to OSS (the bucket needs the `allowImageBuilderAccess:true` tag).
    pub uses_oss: bool,
    /// Downloads from the Internet (the template needs `InternetMaxBandwidthOut` > 0).
    pub downloads: bool,
}

impl Action {
    pub fn property(&self, name: &str) -> Option<&'static Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// The property that holds the action's script (`commandContent`), if it runs one.
    pub fn script(&self) -> Option<&'static Property> {
        self.properties.iter().find(|p| p.is_script())
    }

    pub fn runs_on(&self, system_type: SystemType) -> bool {
        match self.os {
            ActionOs::Any => true,
            ActionOs::Only(only) => only == system_type,
        }
    }
}

const fn required(name: &'static str, value_type: ValueType) -> Property {
    Property {
        name,
        value_type,
        required: true,
    }
}

const fn optional(name: &'static str, value_type: ValueType) -> Property {
    Property {
        name,
        value_type,
        required: false,
    }
}

use ValueType::{Boolean, Json, Number, String};

/// Every action Image Builder documents.
pub const ACTIONS: &[Action] = &[
    Action {
        name: "RunShellCommand",
        properties: &[
            required(key::COMMAND_CONTENT, String),
            optional("workingDir", String),
            optional("username", String),
        ],
        outputs: &["stdout"],
        os: ActionOs::Only(SystemType::Linux),
        uses_oss: false,
        downloads: false,
    },
    Action {
        name: "RunPowerShellCommand",
        properties: &[
            required(key::COMMAND_CONTENT, String),
            optional("workingDir", String),
            optional("username", String),
            optional("windowsPasswordName", String),
        ],
        outputs: &["stdout"],
        os: ActionOs::Only(SystemType::Windows),
        uses_oss: false,
        downloads: false,
    },
    Action {
        name: "InvokeCommand",
        properties: &[
            required("commandId", String),
            optional("username", String),
            optional("parameters", Json),
        ],
        outputs: &[],
        os: ActionOs::Any,
        uses_oss: false,
        downloads: false,
    },
    Action {
        name: "OSSDownload",
        properties: &[
            required("bucketName", String),
            required("destinationDir", String),
            required("objectName", String),
            optional("ossRegion", String),
            optional("validTime", Number),
        ],
        outputs: &[],
        os: ActionOs::Any,
        uses_oss: true,
        downloads: false,
    },
    Action {
        name: "OSSUpload",
        properties: &[
            required("bucketName", String),
            required("fileToUpload", String),
            required("objectName", String),
            optional("ossRegion", String),
            optional("validTime", Number),
        ],
        outputs: &[],
        os: ActionOs::Any,
        uses_oss: true,
        downloads: false,
    },
    Action {
        name: "WebDownload",
        properties: &[
            required("sourcePath", String),
            required("destinationDir", String),
            optional("tokenInfo", String),
            optional("timeout", Number),
        ],
        outputs: &[],
        os: ActionOs::Any,
        uses_oss: false,
        downloads: true,
    },
    Action {
        name: "Reboot",
        properties: &[optional("forceStop", Boolean)],
        outputs: &[],
        os: ActionOs::Any,
        uses_oss: false,
        downloads: false,
    },
];

/// The action with this name (case-sensitive).
pub fn action(name: &str) -> Option<&'static Action> {
    ACTIONS.iter().find(|a| a.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_consistent() {
        for a in ACTIONS {
            assert_eq!(action(a.name), Some(a));
            let mut names: Vec<_> = a.properties.iter().map(|p| p.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), a.properties.len(), "{}", a.name);
        }
        assert!(
            action("RunShellCommand")
                .unwrap()
                .runs_on(SystemType::Linux)
        );
        assert!(
            !action("RunShellCommand")
                .unwrap()
                .runs_on(SystemType::Windows)
        );
        assert_eq!(ValueType::parse_parameter_type("Json"), None);
        assert_eq!(ValueType::Json.expected(), "a mapping");
    }
}

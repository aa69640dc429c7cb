//! The JSON Schemas in `grammar/`, generated from the catalogue ([`crate::catalog`]) and the
//! rules' explanations ([`crate::rules`]), so they cannot drift from what the linter checks:
//! `grammar/component-content.schema.json` describes YAML-format component content,
//! `grammar/component-manifest.schema.json` component manifests and
//! `grammar/template-manifest.schema.json` template manifests, for editors. `tests/schemas.rs`
//! compares the committed files with [`generated`]; `UPDATE_SCHEMAS=1 cargo test --test schemas`
//! rewrites them.

use crate::catalog::request::{
    CHINESE_RANGES, CLIENT_TOKEN_MAX_CHARS, COMPONENT_MANIFEST_KEYS, DESCRIPTION_CHARS, NAME_CHARS,
    NAME_PUNCTUATION, TAG_KEY_RESERVED_PREFIXES, TAG_TEXT_MAX_CHARS, TAG_VALUE_RESERVED_PREFIXES,
    TAGS_MAX, URL_PREFIXES,
};
use crate::catalog::template::{
    BASE_IMAGE_TYPES, IMAGE_FAMILY_CHARS, IMAGE_NAME_CHARS, Parameter, ParameterType, SYNONYMS,
    TEMPLATE_PARAMETERS,
};
use crate::catalog::yaml_format::{
    ACTIONS, Action, ActionOs, PARAMETER_KEYS, Property, TASK_KEYS, TOP_LEVEL_KEYS, ValueType,
};
use crate::catalog::{ComponentType, Limits, SystemType};
use crate::rule::Rule;
use crate::rules;
use serde_json::{Map, Value, json};
use std::ops::RangeInclusive;

const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";
/// Where the schemas are identified; a URN until they are published at a stable URL.
const ID_PREFIX: &str = "urn:iclint:schema:";
/// Where the schema of YAML-format component content is committed, relative to the crate root.
pub const CONTENT_SCHEMA: &str = "grammar/component-content.schema.json";
/// Where the schema of component manifests is committed, relative to the crate root.
pub const MANIFEST_SCHEMA: &str = "grammar/component-manifest.schema.json";
/// Where the schema of template manifests is committed, relative to the crate root.
pub const TEMPLATE_MANIFEST_SCHEMA: &str = "grammar/template-manifest.schema.json";

/// A string that is exactly one `{{ ... }}` reference (docs/service-rules.md §5.2), which may stand for a value
/// of any type.
const REFERENCE_PATTERN: &str = r"^\s*\{\{[^{}]*\}\}\s*$";
/// `major.minor.patch` (docs/service-rules.md §2); the 32-bit bound of each part is the linter's to check.
const VERSION_PATTERN: &str = r"^[0-9]+\.[0-9]+\.[0-9]+$";
/// docs/service-rules.md §2, ICL301.
const REGION_ID_PATTERN: &str = "^[a-z]{2,}(-[a-z0-9]+)+$";
/// docs/service-rules.md §2, ICL302.
const RESOURCE_GROUP_ID_PATTERN: &str = "^rg-[a-z0-9]+$";

/// The rule registered as `code`, whose explanation describes a key.
fn rule(code: &str) -> &'static Rule {
    rules::by_code(code).unwrap_or_else(|| panic!("no rule {code}"))
}

/// `text` with the characters a regular expression reads specially escaped.
fn regex_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `(a|b)` of the escaped alternatives.
fn alternatives(texts: &[&str]) -> String {
    let escaped: Vec<String> = texts.iter().map(|t| regex_escape(t)).collect();
    format!("({})", escaped.join("|"))
}

/// The Chinese ranges as the inside of a regular-expression class (`\u4e00-\u9fff...`).
fn chinese_class() -> String {
    CHINESE_RANGES
        .iter()
        .map(|r| format!("\\u{:04x}-\\u{:04x}", *r.start() as u32, *r.end() as u32))
        .collect()
}

/// The pattern of a component's `Name` (docs/service-rules.md §2, `InvalidName.Malformed`): an ASCII letter or a
/// Chinese character, then ASCII letters, digits, Chinese characters and [`NAME_PUNCTUATION`].
/// The length is bounded apart, by `minLength` and `maxLength`.
pub fn name_pattern() -> String {
    // `-` goes last in a class, where it stands for itself.
    let mut punctuation: String = NAME_PUNCTUATION.iter().filter(|&&c| c != '-').collect();
    if NAME_PUNCTUATION.contains(&'-') {
        punctuation.push('-');
    }
    let chinese = chinese_class();
    format!("^[A-Za-z{chinese}][A-Za-z0-9{chinese}{punctuation}]*$")
}

/// The schema of a value of `value_type`, as the linter reads YAML (docs/service-rules.md §5.3).
fn value_schema(value_type: ValueType, nullable: bool) -> Value {
    match value_type {
        // Any scalar is text to the service.
        ValueType::String if nullable => json!({"type": ["string", "number", "boolean", "null"]}),
        ValueType::String => json!({"type": ["string", "number", "boolean"]}),
        ValueType::Number => json!({"anyOf": [
            {"type": "number"},
            {"$ref": "#/definitions/reference"},
        ]}),
        ValueType::Boolean => json!({"anyOf": [
            {"type": "boolean"},
            {"$ref": "#/definitions/reference"},
        ]}),
        ValueType::Json => json!({"type": "object"}),
    }
}

fn property_schema(property: &Property) -> Value {
    let mut schema = value_schema(property.value_type, !property.required);
    schema["description"] = json!(format!(
        "{}{}",
        property.value_type.name(),
        if property.required { ", required" } else { "" }
    ));
    schema
}

fn action_schema(action: &Action) -> Value {
    let properties: Map<String, Value> = action
        .properties
        .iter()
        .map(|p| (p.name.to_string(), property_schema(p)))
        .collect();
    let required: Vec<&str> = action
        .properties
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name)
        .collect();
    let os = match action.os {
        ActionOs::Any => "Linux and Windows".to_string(),
        ActionOs::Only(system) => format!("{} only", system.name()),
    };
    let outputs = if action.outputs.is_empty() {
        "no output".to_string()
    } else {
        let names: Vec<String> = action
            .outputs
            .iter()
            .map(|o| format!("`{{{{ task.{o} }}}}`"))
            .collect();
        format!("output {}", names.join(", "))
    };
    let mut schema = json!({
        "description": format!("Properties of `{}` ({os}; {outputs}).", action.name),
        "type": if required.is_empty() { json!(["object", "null"]) } else { json!("object") },
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    schema
}

/// Schema of YAML-format component content (docs/service-rules.md §5).
pub fn content_schema() -> Value {
    let mut actions = Map::new();
    let mut by_action = Vec::new();
    for action in ACTIONS {
        actions.insert(action.name.to_string(), action_schema(action));
        let mut then = json!({"properties": {
            "Properties": {"$ref": format!("#/definitions/actions/{}", action.name)}
        }});
        if action.properties.iter().any(|p| p.required) {
            then["required"] = json!(["Properties"]);
        }
        by_action.push(json!({
            "if": {"properties": {"Action": {"const": action.name}}, "required": ["Action"]},
            "then": then,
        }));
    }

    let mut task_properties = Map::new();
    for &key in TASK_KEYS {
        let schema = match key {
            "Name" => json!({
                "description": "A name unique among the tasks; `{{ name.stdout }}` refers to its output.",
                "type": ["string", "number", "boolean"],
                "minLength": 1,
            }),
            "Action" => json!({
                "description": "What the task does.",
                "enum": ACTIONS.iter().map(|a| a.name).collect::<Vec<_>>(),
            }),
            "Properties" => json!({
                "description": "The action's properties.",
                "type": ["object", "null"],
            }),
            other => panic!("the schema generator does not know the task key `{other}`"),
        };
        task_properties.insert(key.to_string(), schema);
    }

    let type_names: Vec<&str> = ValueType::PARAMETER_TYPES.map(ValueType::name).to_vec();
    let mut parameter_properties = Map::new();
    for &key in PARAMETER_KEYS {
        let schema = match key {
            "Type" => {
                json!({"description": "The parameter's type (case-sensitive).", "enum": type_names})
            }
            "DefaultValue" => json!({
                "description": "The value when a template passes none; it must fit `Type`. Without it, every template must pass the parameter (ICL203)."
            }),
            other => panic!("the schema generator does not know the parameter key `{other}`"),
        };
        parameter_properties.insert(key.to_string(), schema);
    }
    let by_type: Vec<Value> = ValueType::PARAMETER_TYPES
        .iter()
        .map(|&t| {
            json!({
                "if": {"properties": {"Type": {"const": t.name()}}, "required": ["Type"]},
                "then": {"properties": {"DefaultValue": value_schema(t, t == ValueType::String)}},
            })
        })
        .collect();

    let mut top = Map::new();
    for &key in TOP_LEVEL_KEYS {
        let schema = match key {
            "Parameters" => json!({
                "description": "Parameters a template passes to the component; tasks refer to them as `{{ name }}`.",
                "type": ["object", "null"],
                "additionalProperties": {"$ref": "#/definitions/parameter"},
            }),
            "Tasks" => json!({
                "description": "The tasks, run in order; at least one.",
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/definitions/task"},
            }),
            other => panic!("the schema generator does not know the top-level key `{other}`"),
        };
        top.insert(key.to_string(), schema);
    }

    json!({
        "$schema": DRAFT_07,
        "$id": format!("{ID_PREFIX}component-content"),
        "title": "ECS Image Builder component content (YAML format)",
        "description": "The YAML format of image component content (CreateImageComponent `Content`). Generated from iclint's catalogue by tests/schemas.rs: do not edit by hand.",
        "type": "object",
        "required": ["Tasks"],
        "properties": top,
        "additionalProperties": false,
        "definitions": {
            "reference": {
                "description": "Exactly one `{{ parameter }}` or `{{ task.stdout }}` reference, quoted.",
                "type": "string",
                "pattern": REFERENCE_PATTERN,
            },
            "parameter": {
                "type": "object",
                "required": ["Type"],
                "properties": parameter_properties,
                "additionalProperties": false,
                "allOf": by_type,
            },
            "task": {
                "type": "object",
                "required": ["Name", "Action"],
                "properties": task_properties,
                "additionalProperties": false,
                "allOf": by_action,
            },
            "actions": actions,
        },
    })
}

/// Not a string that starts with any of `prefixes` (`not` of a bare `pattern` would also
/// reject `null`, which `pattern` ignores).
fn not_starting_with(prefixes: &[&str]) -> Value {
    json!({"not": {"type": "string", "pattern": format!("^{}", alternatives(prefixes))}})
}

/// Schema of a tag's `Key` or `Value`.
fn tag_text(required: bool, reserved: &[&str], code: &str) -> Value {
    let mut schema = json!({
        "description": rule(code).explanation,
        "type": if required { json!("string") } else { json!(["string", "null"]) },
        "maxLength": TAG_TEXT_MAX_CHARS,
        "allOf": [
            not_starting_with(reserved),
            {"not": {"type": "string", "pattern": alternatives(URL_PREFIXES)}},
        ],
    });
    if required {
        schema["minLength"] = json!(1);
    }
    schema
}

/// Schema of a name that follows the rules of `Name` within `chars` characters, reported under
/// `code` (docs/service-rules.md §2, §7.1).
fn name_schema(chars: RangeInclusive<usize>, code: &str) -> Value {
    json!({
        "description": rule(code).explanation,
        "type": "string",
        "minLength": chars.start(),
        "maxLength": chars.end(),
        "pattern": name_pattern(),
        "allOf": [not_starting_with(URL_PREFIXES)],
    })
}

/// Schema of a description (2-256 characters, not starting with a URL), reported under `code`.
fn description_schema(code: &str) -> Value {
    json!({
        "description": rule(code).explanation,
        "type": "string",
        "minLength": DESCRIPTION_CHARS.start(),
        "maxLength": DESCRIPTION_CHARS.end(),
        "allOf": [not_starting_with(URL_PREFIXES)],
    })
}

/// Schema of a list of `{Key, Value}` tags (docs/service-rules.md §2).
fn tags_schema() -> Value {
    json!({
        "description": format!(
            "At most {TAGS_MAX} tags with unique keys. {}",
            rule("InvalidParameter.TagCount").explanation
        ),
        "type": ["array", "null"],
        "maxItems": TAGS_MAX,
        "items": {
            "type": "object",
            "required": ["Key"],
            "properties": {
                "Key": tag_text(true, TAG_KEY_RESERVED_PREFIXES, "InvalidTagKey.Malformed"),
                "Value": tag_text(false, TAG_VALUE_RESERVED_PREFIXES, "InvalidTagValue.Malformed"),
            },
            "additionalProperties": false,
        },
    })
}

fn client_token_schema() -> Value {
    json!({
        "description": rule("InvalidParameter.ClientToken").explanation,
        "type": "string",
        "maxLength": CLIENT_TOKEN_MAX_CHARS,
        "pattern": "^[\\u0000-\\u007f]*$",
    })
}

fn region_id_schema() -> Value {
    json!({
        "description": rule("ICL301").explanation,
        "type": "string",
        "pattern": REGION_ID_PATTERN,
    })
}

fn resource_group_id_schema() -> Value {
    json!({
        "description": rule("ICL302").explanation,
        "type": "string",
        "pattern": RESOURCE_GROUP_ID_PATTERN,
    })
}

/// Schema of a component manifest (docs/architecture.md; docs/service-rules.md §2).
pub fn manifest_schema() -> Value {
    let mut properties = Map::new();
    for &key in COMPONENT_MANIFEST_KEYS {
        let schema = match key {
            "Name" => name_schema(NAME_CHARS, "InvalidName.Malformed"),
            "Description" => description_schema("InvalidDescription.Malformed"),
            "SystemType" => json!({
                "description": rule("InvalidSystemType.NotSupportedValue").explanation,
                "enum": SystemType::ALL.map(SystemType::name),
                "default": SystemType::default().name(),
            }),
            "ComponentType" => json!({
                "description": rule("InvalidComponentType.NotSupportedValue").explanation,
                "enum": ComponentType::ALL.map(ComponentType::name),
                "default": ComponentType::default().name(),
            }),
            "ComponentVersion" => json!({
                "description": rule("InvalidParameter.ComponentVersion").explanation,
                "type": "string",
                "pattern": VERSION_PATTERN,
            }),
            "Content" => json!({
                "description": format!(
                    "The component's commands, in the YAML or the Dockerfile format: at most {} bytes of UTF-8 (the schema can only bound characters). Write `Content: |` and indent the commands below it. Exclusive with `ContentFile`.",
                    Limits::default().content_bytes
                ),
                "type": "string",
                "minLength": 1,
                "maxLength": Limits::default().content_bytes,
            }),
            "ContentFile" => json!({
                "description": "iclint only: the content in a file, as a path relative to this manifest. Exclusive with `Content`.",
                "type": "string",
                "minLength": 1,
            }),
            "ClientToken" => client_token_schema(),
            "RegionId" => region_id_schema(),
            "ResourceGroupId" => resource_group_id_schema(),
            "Tag" => tags_schema(),
            other => panic!("the schema generator does not know the manifest key `{other}`"),
        };
        properties.insert(key.to_string(), schema);
    }
    json!({
        "$schema": DRAFT_07,
        "$id": format!("{ID_PREFIX}component-manifest"),
        "title": "ECS Image Builder component manifest",
        "description": "A component manifest as iclint reads it (`*.component.yaml`, `.yml`, `.json`): the parameters of CreateImageComponent, with the content inline (`Content`) or in a file (`ContentFile`). Generated from iclint's catalogue by tests/schemas.rs: do not edit by hand.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "oneOf": [
            {"required": ["Content"]},
            {"required": ["ContentFile"]},
        ],
    })
}

/// The description of a template manifest parameter that has no rule of its own to explain it.
fn template_text_description(path: &str) -> &'static str {
    match path {
        "InstanceType" => {
            "The instance type of the intermediate instance the image is built on, e.g. `ecs.g6.large`; without it the service picks a small one."
        }
        "VSwitchId" => {
            "The vSwitch (`vsw-...`) of the intermediate instance; without it the service creates a VPC and a vSwitch."
        }
        "RepairMode" => "How the image built is checked and repaired, e.g. `Standard`.",
        "NvmeSupport" => "The older form of `ImageOptions.ImageFeatures.NvmeSupport`.",
        "ImageOptions.ImageFeatures.NvmeSupport" => {
            "Whether the image built supports NVMe, e.g. `auto`, `supported` or `unsupported`."
        }
        "AdvancedOptions.ImageNameSuffix" => {
            "`disable` turns off the suffix the service appends to the name of the image built."
        }
        "DeleteInstanceOnFailure" => {
            "Whether the intermediate instance is released when the build fails (default `true`)."
        }
        "AdvancedOptions.RetainCloudAssistant" => {
            "Whether Cloud Assistant, which runs the build's commands, stays in the image built (default `false`)."
        }
        "ImageOptions" => "The image built: its name, family, description, tags and features.",
        "ImageOptions.ImageFeatures" => "What the image built supports.",
        "AdvancedOptions" => "Advanced settings of the build.",
        "ImportImageOptions" => {
            "The image file to import when `BaseImageType` is `OSS`, and how to import it (iclint checks only that it is a mapping)."
        }
        other => panic!("the schema generator has no description of the template key `{other}`"),
    }
}

/// The schema of the template manifest parameter `path` (`ImageOptions.ImageName` inside a
/// mapping), of type `value_type`.
fn template_parameter_schema(path: &str, value_type: ParameterType) -> Value {
    match value_type {
        ParameterType::Text => match path {
            "Name" => name_schema(NAME_CHARS, "InvalidName.Malformed"),
            "Description" => description_schema("InvalidDescription.Malformed"),
            "BaseImageType" => json!({
                "description": rule("InvalidBaseImageType.NotSupportedValue").explanation,
                "enum": BASE_IMAGE_TYPES,
            }),
            "BaseImage" => json!({
                "description": rule("ICL403").explanation,
                "type": "string",
            }),
            // Both forms: the explanation names the older one.
            "ImageName" | "ImageOptions.ImageName" => {
                name_schema(IMAGE_NAME_CHARS, "InvalidImageName.Malformed")
            }
            "ImageFamily" | "ImageOptions.ImageFamily" => {
                name_schema(IMAGE_FAMILY_CHARS, "InvalidImageFamily.Malformed")
            }
            "ImageOptions.Description" => description_schema("InvalidImageOptions.Description"),
            "ClientToken" => client_token_schema(),
            "RegionId" => region_id_schema(),
            "ResourceGroupId" => resource_group_id_schema(),
            other => json!({
                "description": template_text_description(other),
                "type": "string",
            }),
        },
        ParameterType::Integer(range) => {
            let code = match path {
                "SystemDiskSize" => "InvalidSystemDiskSize.NotSupportedValue",
                "InternetMaxBandwidthOut" => "InvalidInternetMaxBandwidthOut.NotSupportedValue",
                other => panic!("the schema generator has no code for the range of `{other}`"),
            };
            json!({
                "description": rule(code).explanation,
                "type": "integer",
                "minimum": range.min,
                "maximum": range.max,
                "default": range.default,
            })
        }
        ParameterType::Boolean => json!({
            "description": template_text_description(path),
            "type": "boolean",
        }),
        ParameterType::RegionIds { max } => json!({
            "description": rule("InvalidToRegionIdSize.ExceededMaxNumber").explanation,
            "type": ["array", "null"],
            "maxItems": max,
            "items": {"type": "string", "pattern": REGION_ID_PATTERN},
        }),
        ParameterType::AccountIds { max } => json!({
            "description": rule("InvalidAddAccountSize.ExceededMaxNumber").explanation,
            "type": ["array", "null"],
            "maxItems": max,
            "items": {"anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": "^[0-9]+$"},
            ]},
        }),
        ParameterType::Tags => tags_schema(),
        ParameterType::Mapping(inner) => json!({
            "description": template_text_description(path),
            "type": ["object", "null"],
            "properties": template_properties(inner, Some(path)),
            "additionalProperties": false,
        }),
        ParameterType::AnyMapping => json!({
            "description": template_text_description(path),
            "type": ["object", "null"],
        }),
        ParameterType::Content => json!({
            "description": format!(
                "Dockerfile-format commands, with `COMPONENT` to include a component: at most {} bytes of UTF-8 (the schema can only bound characters) and {} commands. Write `{path}: |` and indent the commands below it. Exclusive with `{path}File`.",
                Limits::default().content_bytes,
                Limits::default().commands,
            ),
            "type": "string",
            "maxLength": Limits::default().content_bytes,
        }),
        ParameterType::ContentFile => json!({
            "description": format!(
                "iclint only: `{}` in a file, as a path relative to this manifest. Exclusive with it.",
                path.trim_end_matches("File")
            ),
            "type": "string",
            "minLength": 1,
        }),
    }
}

/// The `properties` of the parameters `known`, at the top level or inside the mapping `owner`.
fn template_properties(known: &[Parameter], owner: Option<&str>) -> Map<String, Value> {
    known
        .iter()
        .map(|parameter| {
            let path = match owner {
                Some(owner) => format!("{owner}.{}", parameter.name),
                None => parameter.name.to_string(),
            };
            (
                parameter.name.to_string(),
                template_parameter_schema(&path, parameter.value),
            )
        })
        .collect()
}

/// Schema of a template manifest (docs/architecture.md; docs/service-rules.md §7, §7.1).
pub fn template_manifest_schema() -> Value {
    let mut exclusive: Vec<Value> = TEMPLATE_PARAMETERS
        .iter()
        .filter(|p| p.value == ParameterType::ContentFile)
        .map(|p| json!({"not": {"required": [p.name.trim_end_matches("File"), p.name]}}))
        .collect();
    exclusive.extend(
        SYNONYMS
            .iter()
            .map(|(a, b)| json!({"not": {"required": [a, b]}})),
    );
    json!({
        "$schema": DRAFT_07,
        "$id": format!("{ID_PREFIX}template-manifest"),
        "title": "ECS Image Builder template manifest",
        "description": "A template manifest as iclint reads it (`*.template.yaml`, `.yml`, `.json`): the parameters of CreateImagePipeline, with `BuildContent` and `TestContent` inline or in files (`BuildContentFile`, `TestContentFile`). Numbers and booleans are written plain, not quoted. Generated from iclint's catalogue by tests/schemas.rs: do not edit by hand.",
        "type": "object",
        "properties": template_properties(TEMPLATE_PARAMETERS, None),
        "additionalProperties": false,
        "allOf": exclusive,
    })
}

/// Every schema with the path it is committed at, relative to the crate root. Written with
/// `serde_json::to_string_pretty` and a final newline, they are the files in `grammar/`.
pub fn generated() -> Vec<(&'static str, Value)> {
    vec![
        (CONTENT_SCHEMA, content_schema()),
        (MANIFEST_SCHEMA, manifest_schema()),
        (TEMPLATE_MANIFEST_SCHEMA, template_manifest_schema()),
    ]
}

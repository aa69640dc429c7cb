//! Image templates (CreateImagePipeline, docs/service-rules.md §7): manifest keys, `COMPONENT` targets and `FROM`
//! sources, as data.

use super::ComponentType;
use super::request::name_faults;

/// The CreateImagePipeline parameter that holds content of this type: Build components and
/// commands go in `BuildContent`, Test components in `TestContent` (docs/service-rules.md §1).
pub const fn content_parameter(content: ComponentType) -> &'static str {
    match content {
        ComponentType::Build => "BuildContent",
        ComponentType::Test => "TestContent",
    }
}

/// iclint's key for the content file of this type, beside [`content_parameter`]:
/// `BuildContentFile` or `TestContentFile`, a path relative to the manifest.
pub const fn content_file_parameter(content: ComponentType) -> &'static str {
    match content {
        ComponentType::Build => "BuildContentFile",
        ComponentType::Test => "TestContentFile",
    }
}

/// What a template manifest parameter holds (docs/service-rules.md §7.1). The checks and the
/// JSON Schema of template manifests both read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterType {
    /// Text: any scalar, as the request sends it.
    Text,
    /// A whole number from `min` to `max` of `unit`; `default` when absent.
    Integer(IntegerRange),
    /// `true` or `false`.
    Boolean,
    /// A list of at most `max` region IDs.
    RegionIds { max: usize },
    /// A list of at most `max` Alibaba Cloud account IDs (digits).
    AccountIds { max: usize },
    /// A list of `{Key, Value}` tags, as a component's `Tag` (docs/service-rules.md §2).
    Tags,
    /// A mapping of these parameters.
    Mapping(&'static [Parameter]),
    /// A mapping whose keys iclint does not check.
    AnyMapping,
    /// Dockerfile-format content (docs/service-rules.md §7).
    Content,
    /// iclint only: the path of a content file, relative to the manifest.
    ContentFile,
}

/// The range of an integer parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntegerRange {
    pub min: i64,
    pub max: i64,
    pub default: i64,
    /// What the number counts, e.g. `GiB`.
    pub unit: &'static str,
}

impl IntegerRange {
    pub fn contains(&self, value: i128) -> bool {
        (i128::from(self.min)..=i128::from(self.max)).contains(&value)
    }
}

/// One parameter of a template manifest, or of a mapping in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parameter {
    pub name: &'static str,
    pub value: ParameterType,
}

const fn parameter(name: &'static str, value: ParameterType) -> Parameter {
    Parameter { name, value }
}

/// `SystemDiskSize`: the intermediate instance's system disk, 20-500 GiB (default 40).
pub const SYSTEM_DISK_SIZE: IntegerRange = IntegerRange {
    min: 20,
    max: 500,
    default: 40,
    unit: "GiB",
};
/// `InternetMaxBandwidthOut`: the intermediate instance's outbound bandwidth, 0-100 Mbit/s
/// (default 0: no Internet access).
pub const INTERNET_MAX_BANDWIDTH_OUT: IntegerRange = IntegerRange {
    min: 0,
    max: 100,
    default: 0,
    unit: "Mbit/s",
};
/// `ToRegionId`: at most 20 regions to copy the image to.
pub const TO_REGION_IDS_MAX: usize = 20;
/// `AddAccount`: at most 20 accounts to share the image with.
pub const ADD_ACCOUNTS_MAX: usize = 20;

/// `ImageName` and `ImageOptions.ImageName`: 2-64 characters, otherwise as `Name`; the image
/// built is named `{ImageName}_{ExecutionId}`.
pub const IMAGE_NAME_CHARS: std::ops::RangeInclusive<usize> = 2..=64;
/// `ImageOptions.ImageFamily` (and the older `ImageFamily`): 2-128 characters, otherwise as `Name`.
pub const IMAGE_FAMILY_CHARS: std::ops::RangeInclusive<usize> = 2..=128;

/// `BaseImageType`, spelt exactly so: an image ID, an image family, or an image file in OSS.
pub const BASE_IMAGE_TYPES: &[&str] = &["IMAGE", "IMAGE_FAMILY", "OSS"];
/// The prefix of an ECS image ID (`m-...`), the `BaseImage` of `BaseImageType: IMAGE`.
pub const IMAGE_ID_PREFIX: &str = "m-";
/// The suffix of a public image's ID (`aliyun_3_x64_20G_alibase_20240528.vhd`).
pub const PUBLIC_IMAGE_ID_SUFFIX: &str = ".vhd";
/// The prefix of a public image family (`acs:alibaba_cloud_linux_3_2104_lts_x64`).
pub const PUBLIC_IMAGE_FAMILY_PREFIX: &str = "acs:";

/// Whether `image` has the shape of an image ID: `m-` and lowercase letters and digits, or a
/// public image's ID (ending in `.vhd`).
pub fn looks_like_image_id(image: &str) -> bool {
    let custom = image.strip_prefix(IMAGE_ID_PREFIX).is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    custom || (image.ends_with(PUBLIC_IMAGE_ID_SUFFIX) && !image.contains(char::is_whitespace))
}

/// `ImageOptions.ImageFeatures`: what the image built supports.
pub const IMAGE_FEATURES: &[Parameter] = &[parameter("NvmeSupport", ParameterType::Text)];

/// `ImageOptions`: the image built.
pub const IMAGE_OPTIONS: &[Parameter] = &[
    parameter("ImageName", ParameterType::Text),
    parameter("ImageFamily", ParameterType::Text),
    parameter("Description", ParameterType::Text),
    parameter("ImageTags", ParameterType::Tags),
    parameter("ImageFeatures", ParameterType::Mapping(IMAGE_FEATURES)),
];

/// `AdvancedOptions`.
pub const ADVANCED_OPTIONS: &[Parameter] = &[
    parameter("RetainCloudAssistant", ParameterType::Boolean),
    parameter("ImageNameSuffix", ParameterType::Text),
];

/// Template manifest keys: the CreateImagePipeline parameters (docs/service-rules.md §7.1), plus
/// `BuildContentFile` and `TestContentFile`, and `Tags`, which iclint takes for `Tag`. `ImageName`,
/// `ImageFamily` and `NvmeSupport` are the older forms of `ImageOptions.ImageName`,
/// `ImageOptions.ImageFamily` and `ImageOptions.ImageFeatures.NvmeSupport`.
pub const TEMPLATE_PARAMETERS: &[Parameter] = &[
    parameter("Name", ParameterType::Text),
    parameter("Description", ParameterType::Text),
    parameter("BaseImageType", ParameterType::Text),
    parameter("BaseImage", ParameterType::Text),
    parameter("ImageOptions", ParameterType::Mapping(IMAGE_OPTIONS)),
    parameter("ImageName", ParameterType::Text),
    parameter("ImageFamily", ParameterType::Text),
    parameter("BuildContent", ParameterType::Content),
    parameter("BuildContentFile", ParameterType::ContentFile),
    parameter("TestContent", ParameterType::Content),
    parameter("TestContentFile", ParameterType::ContentFile),
    parameter(
        "InternetMaxBandwidthOut",
        ParameterType::Integer(INTERNET_MAX_BANDWIDTH_OUT),
    ),
    parameter("SystemDiskSize", ParameterType::Integer(SYSTEM_DISK_SIZE)),
    parameter("InstanceType", ParameterType::Text),
    parameter("VSwitchId", ParameterType::Text),
    parameter(
        "ToRegionId",
        ParameterType::RegionIds {
            max: TO_REGION_IDS_MAX,
        },
    ),
    parameter(
        "AddAccount",
        ParameterType::AccountIds {
            max: ADD_ACCOUNTS_MAX,
        },
    ),
    parameter("DeleteInstanceOnFailure", ParameterType::Boolean),
    parameter("RepairMode", ParameterType::Text),
    parameter("NvmeSupport", ParameterType::Text),
    parameter("AdvancedOptions", ParameterType::Mapping(ADVANCED_OPTIONS)),
    parameter("ImportImageOptions", ParameterType::AnyMapping),
    parameter("ClientToken", ParameterType::Text),
    parameter("RegionId", ParameterType::Text),
    parameter("ResourceGroupId", ParameterType::Text),
    parameter("Tag", ParameterType::Tags),
    parameter("Tags", ParameterType::Tags),
];

/// Keys that name the same parameter; a manifest gives one of each pair.
pub const SYNONYMS: &[(&str, &str)] = &[("Tag", "Tags")];

/// The image sources `FROM` names in a template: `FROM IMAGE:<image id>`,
/// `FROM IMAGE_FAMILY:<family>` (docs/service-rules.md §7; deprecated).
pub const FROM_SOURCES: &[&str] = &["IMAGE", "IMAGE_FAMILY"];

/// Whether `FROM`'s argument has a documented shape: `IMAGE:<id>` or `IMAGE_FAMILY:<family>`.
pub fn is_from_source(argument: &str) -> bool {
    argument.split_once(':').is_some_and(|(source, value)| {
        FROM_SOURCES.contains(&source) && !value.is_empty() && !value.contains(char::is_whitespace)
    })
}

/// The prefix of an image component ID (`ic-...`).
pub const COMPONENT_ID_PREFIX: &str = "ic-";
/// The head of an image component ARN: `acs:ecs:<region>:<account>:imagecomponent/...`.
pub const COMPONENT_ARN_PREFIX: &str = "acs:ecs:";
/// The resource type of an image component ARN.
pub const COMPONENT_ARN_RESOURCE: &str = "imagecomponent/";

/// Whether `id` is an image component ID: `ic-` followed by lowercase letters and digits.
pub fn is_component_id(id: &str) -> bool {
    id.strip_prefix(COMPONENT_ID_PREFIX).is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// One part of a version pattern: a number, or `*` for any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionPart {
    Any,
    Exact(i32),
}

/// `<major>.<minor>.<patch>` of a `COMPONENT` ARN; any part may be `*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionPattern(pub [VersionPart; 3]);

impl VersionPattern {
    /// Whether a component of version `version` (major, minor, patch) fits the pattern.
    pub fn matches(&self, version: [i32; 3]) -> bool {
        self.0
            .iter()
            .zip(version)
            .all(|(part, v)| matches!(part, VersionPart::Any) || *part == VersionPart::Exact(v))
    }
}

/// Reads a version pattern; the error says what is wrong.
pub fn parse_version_pattern(text: &str) -> Result<VersionPattern, String> {
    let pieces: Vec<&str> = text.split('.').collect();
    if pieces.len() != 3 {
        return Err(format!(
            "the version `{text}` has {} part{}, not 3 (major.minor.patch, each a number or `*`)",
            pieces.len(),
            if pieces.len() == 1 { "" } else { "s" }
        ));
    }
    let mut parts = [VersionPart::Any; 3];
    for (slot, piece) in parts.iter_mut().zip(&pieces) {
        if *piece == "*" {
            continue;
        }
        if piece.is_empty() || !piece.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "the version part `{piece}` is neither a non-negative integer nor `*`"
            ));
        }
        *slot = VersionPart::Exact(
            piece
                .parse()
                .map_err(|_| format!("the version part `{piece}` is larger than 2147483647"))?,
        );
    }
    Ok(VersionPattern(parts))
}

/// What a `COMPONENT` target names. Ranges are byte ranges of the target text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComponentTarget {
    /// `ic-...`: one component version, by ID.
    Id(String),
    /// `acs:ecs:<region>:<account>:imagecomponent/<Name>/<version>` (or `:<version>`).
    Arn {
        region: String,
        account: String,
        name: String,
        name_range: std::ops::Range<usize>,
        version: VersionPattern,
        version_range: std::ops::Range<usize>,
    },
}

/// Why a target is malformed: a message naming every rule the target breaks, and the byte range
/// of the target text at fault (the whole target when several parts are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetError {
    pub message: String,
    pub range: std::ops::Range<usize>,
}

/// Whether `text` is a placeholder of the documentation, such as `<Name of the component>`.
fn is_placeholder(text: &str) -> bool {
    text.len() > 2 && text.starts_with('<') && text.ends_with('>')
}

/// Reads a `COMPONENT` target: an ID or an ARN (docs/service-rules.md §7). A malformed ARN is
/// one error that names every part at fault.
pub fn parse_component_target(text: &str) -> Result<ComponentTarget, TargetError> {
    let whole = 0..text.len();
    let error = |message: String, range: std::ops::Range<usize>| TargetError { message, range };
    if is_placeholder(text) {
        return Err(error(
            format!("`{text}` is a placeholder: write a component ID (`ic-...`) or ARN"),
            whole,
        ));
    }
    if text.starts_with(COMPONENT_ID_PREFIX) {
        return if is_component_id(text) {
            Ok(ComponentTarget::Id(text.to_string()))
        } else {
            Err(error(
                if text == COMPONENT_ID_PREFIX {
                    "`ic-` is not a component ID: the rest of the ID is missing".to_string()
                } else if text.contains('*') {
                    format!(
                        "`{text}` is not a component ID: the documentation masks part of its example IDs with `*`"
                    )
                } else {
                    format!(
                        "`{text}` is not a component ID: `ic-` is followed by lowercase letters and digits only"
                    )
                },
                whole,
            ))
        };
    }
    let Some(rest) = text.strip_prefix(COMPONENT_ARN_PREFIX) else {
        return Err(error(
            format!(
                "`{text}` is neither a component ID (`ic-...`) nor a component ARN (`acs:ecs:...`)"
            ),
            whole,
        ));
    };
    let shape = "acs:ecs:<region>:<account>:imagecomponent/<Name>/<major>.<minor>.<patch>";
    let mut fields = rest.splitn(3, ':');
    let (Some(region), Some(account), Some(resource)) =
        (fields.next(), fields.next(), fields.next())
    else {
        return Err(error(
            format!("`{text}` is not a component ARN `{shape}`"),
            whole,
        ));
    };
    // Every part is checked, so that one finding names all that is wrong.
    let mut faults: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    let valid_field = |field: &str| {
        !field.is_empty()
            && field
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'*'))
    };
    let field_fault = |what: &str, field: &str| {
        if field.is_empty() {
            format!("the ARN's {what} is empty")
        } else if is_placeholder(field) {
            format!("the ARN's {what} is the placeholder `{field}`")
        } else {
            format!(
                "the ARN's {what} `{field}` holds characters other than letters, digits, `-`, `_` and `*`"
            )
        }
    };
    let region_start = COMPONENT_ARN_PREFIX.len();
    if !valid_field(region) {
        faults.push((
            field_fault("region", region),
            region_start..region_start + region.len(),
        ));
    }
    let account_start = region_start + region.len() + 1;
    if !valid_field(account) {
        faults.push((
            field_fault("account", account),
            account_start..account_start + account.len(),
        ));
    }
    let resource_start = account_start + account.len() + 1;
    let mut arn = None;
    if let Some(path) = resource.strip_prefix(COMPONENT_ARN_RESOURCE) {
        let path_start = resource_start + COMPONENT_ARN_RESOURCE.len();
        // The version follows the last `/` or `:` (both are documented); a name may hold `:`.
        if let Some(separator) = path.rfind(['/', ':']) {
            let name = &path[..separator];
            let name_range = path_start..path_start + name.len();
            let version_range = path_start + separator + 1..text.len();
            if name.is_empty() {
                faults.push(("the ARN names no component".into(), name_range.clone()));
            } else if is_placeholder(name) {
                faults.push((
                    format!("the component name is the placeholder `{name}`"),
                    name_range.clone(),
                ));
            } else {
                let name_faults = name_faults(name);
                if !name_faults.is_empty() {
                    faults.push((
                        format!(
                            "the component name `{name}` cannot be a component's `Name`: {}",
                            name_faults.join(" and ")
                        ),
                        name_range.clone(),
                    ));
                }
            }
            let version = &path[separator + 1..];
            match parse_version_pattern(version) {
                Ok(version) => {
                    arn = Some(ComponentTarget::Arn {
                        region: region.to_string(),
                        account: account.to_string(),
                        name: name.to_string(),
                        name_range,
                        version,
                        version_range,
                    });
                }
                Err(_) if version.contains(['<', '>']) => faults.push((
                    format!("the version `{version}` holds placeholders"),
                    version_range,
                )),
                Err(message) => faults.push((message, version_range)),
            }
        } else {
            faults.push((
                format!("the ARN names no version: write `{shape}`"),
                path_start..text.len(),
            ));
        }
    } else {
        faults.push((
            format!("the ARN's resource is not `{COMPONENT_ARN_RESOURCE}...`, as in `{shape}`"),
            resource_start..text.len(),
        ));
    }
    match (faults.len(), arn) {
        (0, Some(arn)) => Ok(arn),
        (1, _) => {
            let (message, range) = faults.remove(0);
            Err(error(message, range))
        }
        _ => Err(error(
            format!(
                "`{text}` is not a component ARN: {}",
                faults
                    .into_iter()
                    .map(|(message, _)| message)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            whole,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_ids() {
        assert!(is_component_id("ic-bp1abcdef0123"));
        assert!(!is_component_id("ic-"));
        assert!(!is_component_id("ic-ABC"));
        assert!(!is_component_id("ic_abc"));
        assert!(parse_component_target("ic-Bp1").is_err());
    }

    #[test]
    fn component_arns() {
        let arn = "acs:ecs:cn-hangzhou:1234567890:imagecomponent/web-server/1.*.*";
        let Ok(ComponentTarget::Arn {
            name,
            version,
            name_range,
            ..
        }) = parse_component_target(arn)
        else {
            panic!("{arn}");
        };
        assert_eq!(name, "web-server");
        assert_eq!(&arn[name_range], "web-server");
        assert!(version.matches([1, 4, 2]) && !version.matches([2, 0, 0]));
        // `:` before the version, and a name that holds `:`.
        let arn = "acs:ecs:cn-hangzhou:1234567890:imagecomponent/web:prod:1.0.0";
        assert!(matches!(
            parse_component_target(arn),
            Ok(ComponentTarget::Arn { name, .. }) if name == "web:prod"
        ));
    }

    #[test]
    fn malformed_targets_point_at_the_fault() {
        let arn = "acs:ecs:cn-hangzhou:123:imagecomponent/web/1.0";
        let error = parse_component_target(arn).unwrap_err();
        assert_eq!(&arn[error.range], "1.0");
        let arn = "acs:ecs:cn-hangzhou:123:image/web/1.0.0";
        assert_eq!(
            &arn[parse_component_target(arn).unwrap_err().range],
            "image/web/1.0.0"
        );
        assert!(parse_component_target("web-server").is_err());
        assert!(parse_component_target("acs:ecs:cn-hangzhou:123:imagecomponent/web").is_err());
        assert!(parse_component_target("acs:ecs:cn-hangzhou:123:imagecomponent//1.0.0").is_err());
        assert!(
            parse_component_target("acs:ecs:cn-hangzhou:123:imagecomponent/web/1.x.0").is_err()
        );
    }

    #[test]
    fn image_ids() {
        assert!(looks_like_image_id("m-bp1abcdefghijklmnopq"));
        assert!(looks_like_image_id("aliyun_3_x64_20G_alibase_20240528.vhd"));
        assert!(!looks_like_image_id("m-"));
        assert!(!looks_like_image_id(
            "acs:alibaba_cloud_linux_3_2104_lts_x64"
        ));
        assert!(!looks_like_image_id("web-family"));
    }

    #[test]
    fn parameters_are_unique() {
        for list in [
            TEMPLATE_PARAMETERS,
            IMAGE_OPTIONS,
            IMAGE_FEATURES,
            ADVANCED_OPTIONS,
        ] {
            let mut names: Vec<&str> = list.iter().map(|p| p.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), list.len());
        }
    }

    #[test]
    fn a_malformed_arn_is_one_error_that_names_every_fault() {
        let arn = "acs:ecs:cn hangzhou:12 34:imagecomponent/web server/1.0";
        let error = parse_component_target(arn).unwrap_err();
        assert_eq!(error.range, 0..arn.len());
        for part in [
            "region `cn hangzhou`",
            "account `12 34`",
            "`web server`",
            "`1.0`",
        ] {
            assert!(error.message.contains(part), "{part}: {}", error.message);
        }
        let error = parse_component_target("<component ID or ARN>").unwrap_err();
        assert!(error.message.contains("placeholder"), "{}", error.message);
    }

    #[test]
    fn from_sources() {
        assert!(is_from_source("IMAGE:m-bp1abc"));
        assert!(is_from_source("IMAGE_FAMILY:acs:centos_7"));
        assert!(!is_from_source("ubuntu:22.04"));
        assert!(!is_from_source("IMAGE:"));
    }
}

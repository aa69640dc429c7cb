//! A template manifest (docs/architecture.md): a mapping of CreateImagePipeline parameters, with
//! `BuildContent`/`TestContent` inline or in files beside it (`BuildContentFile`,
//! `TestContentFile`). Every parameter of docs/service-rules.md §7.1 is checked, by the type the
//! catalogue gives it ([`TEMPLATE_PARAMETERS`]): text by its own rules, numbers, booleans and lists
//! by [`super::values`] and [`super::pipeline`], the image built by [`super::image`]. Findings on
//! the manifest itself are `ICL003` (cannot read it, or a value of the wrong type), `ICL201`
//! (unknown key), the request codes shared with component manifests, and the template's own.

use super::image::{check_image_description, check_image_family, check_image_name};
use super::pipeline::{
    check_add_accounts, check_base_image, check_base_image_type, check_integer_parameter,
    check_to_region_ids,
};
use super::values::{check_boolean, mapping_entries};
use crate::catalog::ComponentType;
use crate::catalog::template::{
    Parameter, ParameterType, SYNONYMS, TEMPLATE_PARAMETERS, content_file_parameter,
    content_parameter,
};
use crate::diagnostic::Diagnostic;
use crate::rules::component_manifest::manifest::{
    ContentSource, check_tag_list, shape, text_value,
};
use crate::rules::component_manifest::{
    check_client_token, check_description, check_name, check_region_id, check_resource_group_id,
};
use crate::rules::shared::{INVALID_MANIFEST, UNKNOWN_KEY};
use crate::rules::yaml_tree::{check_aliases, check_duplicate_keys, check_key, scalar};
use crate::source::Span;
use crate::syntax::template_manifest::{Field, TemplateManifest};
use crate::syntax::yaml::{Entry, NodeKind};

/// Where a template manifest's contents are.
#[derive(Debug)]
pub struct TemplateContents<'a> {
    /// `BuildContent` or `BuildContentFile`.
    pub build: ContentSource<'a>,
    /// `TestContent` or `TestContentFile`.
    pub test: ContentSource<'a>,
}

impl<'a> TemplateContents<'a> {
    /// Both contents, with the type of component each may include.
    pub fn contents(self) -> [(ComponentType, ContentSource<'a>); 2] {
        [
            (ComponentType::Build, self.build),
            (ComponentType::Test, self.test),
        ]
    }
}

/// Checks a template manifest's parameters, read once into `manifest`; returns where its
/// contents are.
pub fn check<'t>(
    manifest: &TemplateManifest<'t>,
    out: &mut Vec<Diagnostic>,
) -> TemplateContents<'t> {
    let mut contents = TemplateContents {
        build: ContentSource::None,
        test: ContentSource::None,
    };
    let root = manifest.root;
    check_duplicate_keys(root, &INVALID_MANIFEST, out);
    check_aliases(root, &INVALID_MANIFEST, out);
    let Some(entries) = root.as_mapping() else {
        out.push(
            Diagnostic::new(
                &INVALID_MANIFEST,
                root.span,
                "a template manifest must be a mapping of CreateImagePipeline parameters",
            )
            .with_help("write `Name: ...`, `BaseImageType: IMAGE`, `BaseImage: ...`, `BuildContent: |` ..."),
        );
        return contents;
    };
    check_entries(entries, &manifest.fields, TEMPLATE_PARAMETERS, None, out);
    if let Some(base_image) = manifest.base_image() {
        let base_image_type = manifest.base_image_type().map(|(text, _)| text);
        check_base_image(base_image_type, base_image, out);
    }
    check_synonyms(manifest, out);
    contents.build = content_source(manifest, ComponentType::Build, out);
    contents.test = content_source(manifest, ComponentType::Test, out);
    contents
}

/// Checks the entries of the top level (`owner` `None`) or of the mapping parameter `owner`,
/// whose parameters are `known`, entry by entry in the order written: its key (a key of a
/// mapping written beside it, an unknown key, a key that is not a name), then, when the entry is
/// one of `fields` (the entries that are parameters), its value.
fn check_entries(
    entries: &[Entry],
    fields: &[Field<'_>],
    known: &[Parameter],
    owner: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let names: Vec<&str> = known.iter().map(|p| p.name).collect();
    let what = if owner.is_some() {
        "key"
    } else {
        "template manifest key"
    };
    let mut fields = fields.iter().peekable();
    for entry in entries {
        if let Some((key, span)) = scalar(&entry.key)
            && !names.contains(&key)
            && let Some(home) = misplaced(key, known)
        {
            let (of, home) = match owner {
                Some(owner) => (format!(" of `{owner}`"), format!("{owner}.{home}")),
                None => (String::new(), home.to_string()),
            };
            out.push(
                Diagnostic::new(&UNKNOWN_KEY, span, format!("unknown {what} `{key}`{of}"))
                    .with_label("unknown key")
                    .with_help(format!("`{key}` belongs under `{home}`")),
            );
            continue;
        }
        check_key(&entry.key, &names, what, owner, &INVALID_MANIFEST, out);
        let Some(field) = fields.next_if(|field| std::ptr::eq(field.entry, entry)) else {
            continue;
        };
        let key = field.parameter.name;
        let path = match owner {
            Some(owner) => format!("{owner}.{key}"),
            None => key.to_string(),
        };
        check_parameter(&path, field, out);
    }
}

/// The mapping parameter among `known` whose own parameters include `key`, if any: where a key
/// written at the wrong level belongs.
fn misplaced(key: &str, known: &[Parameter]) -> Option<&'static str> {
    known.iter().find_map(|p| match p.value {
        ParameterType::Mapping(inner) if inner.iter().any(|i| i.name == key) => Some(p.name),
        _ => None,
    })
}

/// Checks the value of the parameter `path` (`ImageOptions.ImageName` inside a mapping), given
/// by `field`.
fn check_parameter(path: &str, field: &Field<'_>, out: &mut Vec<Diagnostic>) {
    let node = &field.entry.value;
    match field.parameter.value {
        ParameterType::Text => {
            if let Some((text, span)) = text_value(path, node, out) {
                check_text(path, text, span, out);
            }
        }
        ParameterType::Integer(range) => check_integer_parameter(path, node, range, out),
        ParameterType::Boolean => check_boolean(path, node, out),
        ParameterType::RegionIds { max } => check_to_region_ids(path, node, max, out),
        ParameterType::AccountIds { max } => check_add_accounts(path, node, max, out),
        ParameterType::Tags => check_tag_list(path, node, out),
        ParameterType::Mapping(inner) => {
            if let Some(entries) = mapping_entries(path, node, out) {
                check_entries(entries, &field.fields, inner, Some(path), out);
            }
        }
        ParameterType::AnyMapping => {
            mapping_entries(path, node, out);
        }
        // Read by `content_source`.
        ParameterType::Content | ParameterType::ContentFile => {}
    }
}

/// Checks the text parameter `path`. Text without rules of its own (`InstanceType`,
/// `VSwitchId`, `RepairMode`, `NvmeSupport`, `AdvancedOptions.ImageNameSuffix`, ...) needs only to
/// be text; `BaseImage` is checked with `BaseImageType`, once both are known.
fn check_text(path: &str, text: &str, span: Span, out: &mut Vec<Diagnostic>) {
    match path {
        "Name" => check_name(text, span, out),
        "Description" => check_description(text, span, out),
        "BaseImageType" => check_base_image_type(text, span, out),
        "ImageName" | "ImageOptions.ImageName" => check_image_name(path, text, span, out),
        "ImageFamily" | "ImageOptions.ImageFamily" => check_image_family(path, text, span, out),
        "ImageOptions.Description" => check_image_description(path, text, span, out),
        "ClientToken" => check_client_token(text, span, out),
        "RegionId" => check_region_id(text, span, out),
        "ResourceGroupId" => check_resource_group_id(text, span, out),
        _ => {}
    }
}

/// Two keys for the same parameter (`Tag` and `Tags`): `ICL003` on the later.
fn check_synonyms(manifest: &TemplateManifest<'_>, out: &mut Vec<Diagnostic>) {
    for &(first, second) in SYNONYMS {
        let key = |name: &str| manifest.first(name).map(|e| e.key.span);
        if let (Some(a), Some(b)) = (key(first), key(second)) {
            let (earlier, later) = if a.start <= b.start {
                ((a, first), (b, second))
            } else {
                ((b, second), (a, first))
            };
            out.push(
                Diagnostic::new(
                    &INVALID_MANIFEST,
                    later.0,
                    format!("the manifest has both `{}` and `{}`", earlier.1, later.1),
                )
                .with_label("the same parameter again")
                .with_related(earlier.0, format!("`{}` given here", earlier.1))
                .with_help(format!(
                    "keep one list of tags, under `{first}` (the API's name)"
                )),
            );
        }
    }
}

/// Where `BuildContent` or `TestContent` is. Both absent, or empty, is no content: a template
/// may have neither.
fn content_source<'t>(
    manifest: &TemplateManifest<'t>,
    content: ComponentType,
    out: &mut Vec<Diagnostic>,
) -> ContentSource<'t> {
    let inline_key = content_parameter(content);
    let file_key = content_file_parameter(content);
    let fields = manifest.content(content);
    let key_span = |field: Option<&Entry>| field.map(|e| e.key.span);
    match (
        fields.inline.map(|e| &e.value),
        fields.file.map(|e| &e.value),
    ) {
        (Some(_), Some(_)) => {
            out.push(
                Diagnostic::new(
                    &INVALID_MANIFEST,
                    key_span(fields.file).unwrap_or_default(),
                    format!("the manifest has both `{inline_key}` and `{file_key}`"),
                )
                .with_related(
                    key_span(fields.inline).unwrap_or_default(),
                    format!("`{inline_key}` given here"),
                )
                .with_help("keep one: the content inline, or in a file beside the manifest"),
            );
            ContentSource::None
        }
        (None, None) => ContentSource::None,
        (Some(node), None) => match &node.kind {
            NodeKind::Scalar(s) if s.value.trim().is_empty() => ContentSource::None,
            NodeKind::Scalar(s) => ContentSource::Inline(s),
            NodeKind::Alias(_) => ContentSource::None,
            _ => {
                out.push(
                    Diagnostic::new(
                        &INVALID_MANIFEST,
                        node.span,
                        format!("`{inline_key}` must be text, not a YAML {}", shape(node)),
                    )
                    .with_label("parsed as YAML, not text")
                    .with_help(format!(
                        "write `{inline_key}: |` and indent the commands below it, so YAML keeps them as text"
                    )),
                );
                ContentSource::None
            }
        },
        (None, Some(file)) => match scalar(file) {
            Some((path, span)) => ContentSource::File(path, span),
            None => {
                out.push(Diagnostic::new(
                    &INVALID_MANIFEST,
                    file.span,
                    format!("`{file_key}` must be a path relative to the manifest"),
                ));
                ContentSource::None
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    fn findings(text: &str) -> Vec<(&'static str, &str)> {
        let root = yaml::parse(text).unwrap().root.unwrap();
        let mut out = Vec::new();
        check(&TemplateManifest::read(&root), &mut out);
        out.iter()
            .map(|d| (d.code(), &text[d.span.start..d.span.end]))
            .collect()
    }

    #[test]
    fn keys_and_contents() {
        assert_eq!(
            findings("Name: web\nBaseImage: m-1\nBuildContnet: |\n  RUN true\n"),
            [("ICL201", "BuildContnet")]
        );
        assert_eq!(
            findings("BuildContent: RUN true\nBuildContentFile: a.txt\n"),
            [("ICL003", "BuildContentFile")]
        );
        assert_eq!(findings("TestContent: [a]\n"), [("ICL003", "[a]")]);
        assert_eq!(findings("Name: x\n"), [("InvalidName.Malformed", "x")]);
    }

    #[test]
    fn the_issue_s_examples() {
        let regions: Vec<String> = (1..=21).map(|i| format!("cn-region-{i}")).collect();
        let text = format!(
            "SystemDiskSize: 10\nInternetMaxBandwidthOut: 200\nBaseImageType: DISK\nToRegionId: [{}]\nImageName: a\n",
            regions.join(", ")
        );
        assert_eq!(
            findings(&text),
            [
                ("InvalidSystemDiskSize.NotSupportedValue", "10"),
                ("InvalidInternetMaxBandwidthOut.NotSupportedValue", "200"),
                ("InvalidBaseImageType.NotSupportedValue", "DISK"),
                ("InvalidToRegionIdSize.ExceededMaxNumber", "cn-region-21"),
                ("InvalidImageName.Malformed", "a"),
            ]
        );
    }

    #[test]
    fn image_options_are_known_and_checked() {
        let text = "ImageOptions:\n  ImageName: web-image\n  ImageFamily: web\n  Description: the web server\n  ImageTags:\n    - Key: team\n      Value: web\n  ImageFeatures:\n    NvmeSupport: auto\n";
        assert_eq!(findings(text), []);
        assert_eq!(
            findings("ImageOptions:\n  ImageFamily: x\n  Description: y\n  ImageNmae: z\n"),
            [
                ("InvalidImageFamily.Malformed", "x"),
                ("InvalidImageOptions.Description", "y"),
                ("ICL201", "ImageNmae"),
            ]
        );
        assert_eq!(
            findings("ImageOptions:\n  ImageFeatures: auto\n"),
            [("ICL003", "auto")]
        );
        assert_eq!(findings("ImageOptions: [a]\n"), [("ICL003", "[a]")]);
    }

    #[test]
    fn one_finding_per_parameter() {
        let found = findings("SystemDiskSize: \"600\"\nInternetMaxBandwidthOut: 1e3\n");
        assert_eq!(
            found,
            [
                ("InvalidSystemDiskSize.NotSupportedValue", "\"600\""),
                ("ICL003", "1e3"),
            ]
        );
    }

    #[test]
    fn types_of_the_other_parameters() {
        assert_eq!(
            findings(
                "DeleteInstanceOnFailure: \"true\"\nInstanceType: [a]\nAdvancedOptions:\n  RetainCloudAssistant: 1\n  ImageNameSuffix: disable\nImportImageOptions: x\nAddAccount: [\"123\", 456, x1]\n"
            ),
            [
                ("ICL003", "\"true\""),
                ("ICL003", "[a]"),
                ("ICL003", "1"),
                ("ICL003", "x"),
                ("ICL003", "x1"),
            ]
        );
    }

    #[test]
    fn base_image_of_the_wrong_kind() {
        assert_eq!(
            findings("BaseImageType: IMAGE\nBaseImage: acs:centos_7\n"),
            [("ICL403", "acs:centos_7")]
        );
        assert_eq!(
            findings("BaseImageType: IMAGE_FAMILY\nBaseImage: m-bp1abc\n"),
            [("ICL403", "m-bp1abc")]
        );
        assert_eq!(
            findings("BaseImage: IMAGE_FAMILY:acs:centos_7\n"),
            [("ICL403", "IMAGE_FAMILY:acs:centos_7")]
        );
        for clean in [
            "BaseImageType: IMAGE\nBaseImage: m-bp1abc\n",
            "BaseImageType: IMAGE\nBaseImage: aliyun_3_x64_20G_alibase_20240528.vhd\n",
            "BaseImageType: IMAGE_FAMILY\nBaseImage: acs:centos_7\n",
            "BaseImageType: IMAGE_FAMILY\nBaseImage: web-family\n",
            "BaseImageType: OSS\n",
        ] {
            assert_eq!(findings(clean), [], "{clean}");
        }
    }

    #[test]
    fn misplaced_and_synonymous_keys() {
        assert_eq!(findings("ImageTags: []\n"), [("ICL201", "ImageTags")]);
        let root = yaml::parse("ImageOptions:\n  NvmeSupport: auto\n")
            .unwrap()
            .root
            .unwrap();
        let mut out = Vec::new();
        check(&TemplateManifest::read(&root), &mut out);
        assert_eq!(
            out[0].help.as_deref(),
            Some("`NvmeSupport` belongs under `ImageOptions.ImageFeatures`")
        );
        assert_eq!(findings("Tags: []\nTag: []\n"), [("ICL003", "Tag")]);
        assert_eq!(
            findings("Tags:\n  - Key: acs:x\n"),
            [("InvalidTagKey.Malformed", "acs:x")]
        );
    }
}

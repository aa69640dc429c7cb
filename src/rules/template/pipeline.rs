//! The CreateImagePipeline parameters of the build itself (docs/service-rules.md §7.1): the base
//! image (`BaseImageType`, `BaseImage`), the intermediate instance (`SystemDiskSize`,
//! `InternetMaxBandwidthOut`) and where the image goes (`AddAccount`, `ToRegionId`).

use super::values::{check_account_id, check_integer, item_text, list_items};
use crate::catalog::template::{
    BASE_IMAGE_TYPES, FROM_SOURCES, IntegerRange, PUBLIC_IMAGE_FAMILY_PREFIX, looks_like_image_id,
};
use crate::diagnostic::Diagnostic;
use crate::rule::{Origin, Rule, Severity};
use crate::rules::component_manifest::check_region_id_of;
use crate::source::Span;
use crate::suggest::nearest;
use crate::syntax::yaml::Node;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_BASE_IMAGE_TYPE: Rule = Rule {
    code: "InvalidBaseImageType.NotSupportedValue",
    name: "invalid-base-image-type",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "a BaseImageType other than `IMAGE`, `IMAGE_FAMILY` or `OSS`",
    explanation: "`BaseImageType` says where a template's base image comes from: `IMAGE` (the image \
whose ID is `BaseImage`), `IMAGE_FAMILY` (the newest image of the family named in `BaseImage`) or `OSS` \
(an image file in OSS, described by `ImportImageOptions`). The value is case-sensitive: `image` or \
`Image_Family` is rejected with `InvalidBaseImageType.NotSupportedValue`, as is any other word (`DISK`, \
`SNAPSHOT`). Write one of the three, in upper case.",
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: image
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  RUN echo build
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  RUN echo build
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static BASE_IMAGE_KIND: Rule = Rule {
    code: "ICL403",
    name: "base-image-kind",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "a BaseImage of the wrong kind for its BaseImageType",
    explanation: "With `BaseImageType: IMAGE`, `BaseImage` is an image ID (`m-...`, or a public image's \
ID such as `aliyun_3_x64_20G_alibase_20240528.vhd`); with `IMAGE_FAMILY` it is the name of an image \
family (public families start with `acs:`). Whether the image or the family exists only the live \
service can tell, but a value of the other kind is never found: the request is refused, or the build \
fails when the pipeline runs. iclint reports only values that are clearly of the other kind: a family \
starting with `acs:` for `IMAGE`, an image ID for `IMAGE_FAMILY`, and, for any type, the `IMAGE:` or \
`IMAGE_FAMILY:` prefix of the deprecated `FROM` line. Set `BaseImageType` to the kind of value you \
give, or give a value of the kind it names.",
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: acs:alibaba_cloud_linux_3_2104_lts_x64
BuildContent: |
  RUN echo build
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE_FAMILY
BaseImage: acs:alibaba_cloud_linux_3_2104_lts_x64
BuildContent: |
  RUN echo build
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_SYSTEM_DISK_SIZE: Rule = Rule {
    code: "InvalidSystemDiskSize.NotSupportedValue",
    name: "invalid-system-disk-size",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "a SystemDiskSize outside 20-500 GiB",
    explanation: "`SystemDiskSize` is the size of the intermediate instance's system disk, from which \
the image is made: a whole number of GiB from 20 to 500 (40 when absent). Any other number is rejected \
with `InvalidSystemDiskSize.NotSupportedValue`. iclint reads the number as written \
(docs/service-rules.md §9.9): a number spelt otherwise than in plain decimal (`0x200`, `\"600\"`) is \
checked for its value, and the message also says how to write it; a value that is not a whole number \
at all (`40.5`, `1e3`, `large`) is `ICL003`.",
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
SystemDiskSize: 10
BuildContent: |
  RUN echo build
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
SystemDiskSize: 40
BuildContent: |
  RUN echo build
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_INTERNET_MAX_BANDWIDTH_OUT: Rule = Rule {
    code: "InvalidInternetMaxBandwidthOut.NotSupportedValue",
    name: "invalid-internet-bandwidth",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "an InternetMaxBandwidthOut outside 0-100 Mbit/s",
    explanation: "`InternetMaxBandwidthOut` is the outbound Internet bandwidth of the intermediate \
instance: a whole number of Mbit/s from 0 (no Internet access, the default) to 100. Any other number is \
rejected with `InvalidInternetMaxBandwidthOut.NotSupportedValue`. A build that downloads from the \
Internet needs more than 0; a few Mbit/s are usually enough. The number is read as written, as for \
`SystemDiskSize` (docs/service-rules.md §9.9).",
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
InternetMaxBandwidthOut: 200
BuildContent: |
  RUN yum install -y nginx
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
InternetMaxBandwidthOut: 100
BuildContent: |
  RUN yum install -y nginx
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static ADD_ACCOUNT_COUNT: Rule = Rule {
    code: "InvalidAddAccountSize.ExceededMaxNumber",
    name: "too-many-accounts",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "more than 20 accounts in AddAccount",
    explanation: "`AddAccount` lists the Alibaba Cloud accounts each image built is shared with: at most \
20. A longer list is rejected with `InvalidAddAccountSize.ExceededMaxNumber`; the finding points at the \
21st account. Share the image with the others once it is built, or split them between templates. An \
account ID is digits, written as a plain number or quoted (quoting keeps a 16-digit ID exact in tools \
that read numbers as floating point); anything else is `ICL003`.",
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
AddAccount: [\"1000000000000001\", \"1000000000000002\", \"1000000000000003\", \"1000000000000004\", \"1000000000000005\", \"1000000000000006\", \"1000000000000007\", \"1000000000000008\", \"1000000000000009\", \"1000000000000010\", \"1000000000000011\", \"1000000000000012\", \"1000000000000013\", \"1000000000000014\", \"1000000000000015\", \"1000000000000016\", \"1000000000000017\", \"1000000000000018\", \"1000000000000019\", \"1000000000000020\", \"1000000000000021\"]
BuildContent: |
  RUN echo build
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
AddAccount: [\"1000000000000001\", \"1000000000000002\", \"1000000000000003\", \"1000000000000004\", \"1000000000000005\", \"1000000000000006\", \"1000000000000007\", \"1000000000000008\", \"1000000000000009\", \"1000000000000010\", \"1000000000000011\", \"1000000000000012\", \"1000000000000013\", \"1000000000000014\", \"1000000000000015\", \"1000000000000016\", \"1000000000000017\", \"1000000000000018\", \"1000000000000019\", \"1000000000000020\"]
BuildContent: |
  RUN echo build
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static TO_REGION_ID_COUNT: Rule = Rule {
    code: "InvalidToRegionIdSize.ExceededMaxNumber",
    name: "too-many-regions",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "more than 20 regions in ToRegionId",
    explanation: "`ToRegionId` lists the regions each image built is copied to: at most 20. A longer \
list is rejected with `InvalidToRegionIdSize.ExceededMaxNumber`; the finding points at the 21st region. \
Copy the image to the others once it is built, or split them between templates. Each item is a region \
ID; one of another shape is `ICL301`.",
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
ToRegionId: [cn-qingdao, cn-beijing, cn-zhangjiakou, cn-huhehaote, cn-wulanchabu, cn-hangzhou, cn-shanghai, cn-nanjing, cn-fuzhou, cn-shenzhen, cn-heyuan, cn-guangzhou, cn-chengdu, cn-hongkong, ap-northeast-1, ap-northeast-2, ap-southeast-1, ap-southeast-3, ap-southeast-5, ap-southeast-6, ap-southeast-7]
BuildContent: |
  RUN echo build
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
ToRegionId: [cn-qingdao, cn-beijing, cn-zhangjiakou, cn-huhehaote, cn-wulanchabu, cn-hangzhou, cn-shanghai, cn-nanjing, cn-fuzhou, cn-shenzhen, cn-heyuan, cn-guangzhou, cn-chengdu, cn-hongkong, ap-northeast-1, ap-northeast-2, ap-southeast-1, ap-southeast-3, ap-southeast-5, ap-southeast-6]
BuildContent: |
  RUN echo build
",
};

/// Checks `BaseImageType`: one of [`BASE_IMAGE_TYPES`], spelt exactly so.
pub fn check_base_image_type(value: &str, span: Span, out: &mut Vec<Diagnostic>) {
    if BASE_IMAGE_TYPES.contains(&value) {
        return;
    }
    let choices = match BASE_IMAGE_TYPES {
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|t| format!("`{t}`")).collect();
            format!("{} or `{last}`", init.join(", "))
        }
        [] => String::new(),
    };
    let types = || BASE_IMAGE_TYPES.iter().copied();
    let help = match (
        types().find(|t| t.eq_ignore_ascii_case(value)),
        nearest(value, types()),
    ) {
        (Some(t), _) => format!("the value is case-sensitive: write `{t}`"),
        (None, Some(t)) => format!("did you mean `{t}`?"),
        (None, None) => format!("write {choices}"),
    };
    out.push(
        Diagnostic::new(
            &INVALID_BASE_IMAGE_TYPE,
            span,
            format!("BaseImageType `{value}` is not {choices}"),
        )
        .with_label("unsupported value")
        .with_help(help),
    );
}

/// Checks that `BaseImage` is not clearly of another kind than `BaseImageType` names (ICL403).
/// `base_type` is `BaseImageType` as written; `image`, `BaseImage`.
pub fn check_base_image(
    base_type: Option<&str>,
    (image, span): (&str, Span),
    out: &mut Vec<Diagnostic>,
) {
    if let Some(source) = FROM_SOURCES.iter().find(|source| {
        image
            .strip_prefix(**source)
            .is_some_and(|rest| rest.starts_with(':'))
    }) {
        let rest = &image[source.len() + 1..];
        out.push(
            Diagnostic::new(
                &BASE_IMAGE_KIND,
                span,
                format!("BaseImage `{image}` carries the `{source}:` prefix of the deprecated `FROM` line"),
            )
            .with_label("not an image or a family")
            .with_help(format!(
                "write `BaseImageType: {source}` and `BaseImage: {rest}`"
            )),
        );
        return;
    }
    let (found, other) = match base_type {
        Some("IMAGE") if image.starts_with(PUBLIC_IMAGE_FAMILY_PREFIX) => (
            format!("an image family (public families start with `{PUBLIC_IMAGE_FAMILY_PREFIX}`)"),
            "IMAGE_FAMILY",
        ),
        Some("IMAGE_FAMILY") if looks_like_image_id(image) => ("an image ID".to_string(), "IMAGE"),
        _ => return,
    };
    let wants = match base_type {
        Some("IMAGE") => "an image ID",
        _ => "an image family",
    };
    out.push(
        Diagnostic::new(
            &BASE_IMAGE_KIND,
            span,
            format!(
                "BaseImage `{image}` is {found}, but BaseImageType `{}` takes {wants}",
                base_type.unwrap_or_default()
            ),
        )
        .with_label(format!("not {wants}"))
        .with_help(format!(
            "write `BaseImageType: {other}`, or give {wants} as `BaseImage`"
        )),
    );
}

/// Checks an integer parameter of the pipeline: `SystemDiskSize` or `InternetMaxBandwidthOut`.
pub fn check_integer_parameter(
    parameter: &str,
    node: &Node,
    range: IntegerRange,
    out: &mut Vec<Diagnostic>,
) {
    let rule = match parameter {
        "SystemDiskSize" => &INVALID_SYSTEM_DISK_SIZE,
        "InternetMaxBandwidthOut" => &INVALID_INTERNET_MAX_BANDWIDTH_OUT,
        _ => unreachable!("no code for the range of `{parameter}`"),
    };
    check_integer(parameter, node, range, rule, out);
}

/// At most `max` items of the list `parameter` (`one`, `many`: what an item is, e.g. "region",
/// "regions"), else `rule` at the first item too many.
fn check_count(
    parameter: &str,
    items: &[Node],
    max: usize,
    (one, many): (&str, &str),
    rule: &'static Rule,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(extra) = items.get(max) {
        out.push(
            Diagnostic::new(
                rule,
                extra.span,
                format!(
                    "{parameter} lists {} {many}, more than the {max} allowed",
                    items.len()
                ),
            )
            .with_label(format!("{one} {}", max + 1))
            .with_help(format!(
                "keep at most {max}; add the others once the image is built"
            )),
        );
    }
}

/// Checks `ToRegionId`: at most `max` region IDs.
pub fn check_to_region_ids(parameter: &str, node: &Node, max: usize, out: &mut Vec<Diagnostic>) {
    let Some(items) = list_items(parameter, "region IDs", "cn-beijing", node, out) else {
        return;
    };
    check_count(
        parameter,
        items,
        max,
        ("region", "regions"),
        &TO_REGION_ID_COUNT,
        out,
    );
    for item in items {
        if let Some(scalar) = item_text(parameter, item, out) {
            check_region_id_of(parameter, &scalar.value, item.span, out);
        }
    }
}

/// Checks `AddAccount`: at most `max` account IDs.
pub fn check_add_accounts(parameter: &str, node: &Node, max: usize, out: &mut Vec<Diagnostic>) {
    let Some(items) = list_items(parameter, "account IDs", "\"1234567890123456\"", node, out)
    else {
        return;
    };
    check_count(
        parameter,
        items,
        max,
        ("account", "accounts"),
        &ADD_ACCOUNT_COUNT,
        out,
    );
    for item in items {
        check_account_id(parameter, item, out);
    }
}

//! `ClientToken`, `RegionId`, `ResourceGroupId`.

use crate::catalog::request::{
    CLIENT_TOKEN_MAX_CHARS, looks_like_region_id, looks_like_resource_group_id,
};
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::source::Span;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_CLIENT_TOKEN: Rule = Rule {
    code: "InvalidParameter.ClientToken",
    name: "invalid-client-token",
    severity: Severity::Error,
    origin: Origin::Borrowed,
    summary: "a ClientToken that is not ASCII or longer than 64 characters",
    explanation: "`ClientToken` makes the request idempotent; it holds only ASCII characters and at most 64 \
of them. CreateImageComponent documents no code for a bad token, so iclint borrows \
`InvalidParameter.ClientToken`, the code other ECS APIs use (docs/service-rules.md §9.7).",
    example: "\
# web.component.yaml
Name: web
ClientToken: 发布-2024-001
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
ClientToken: release-2024-001
Content: |
  RUN echo hello
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static REGION_SHAPE: Rule = Rule {
    code: "ICL301",
    name: "region-id-shape",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "a RegionId that does not look like a region ID",
    explanation: "Region IDs look like `cn-hangzhou` or `ap-southeast-1`: lower-case letters, then \
dash-separated lower-case words or numbers. The live list comes from DescribeRegions, which iclint does \
not call; a value of another shape (`Hangzhou`, `cn_hangzhou`) is almost surely a mistake. The same \
holds for each region a template manifest lists in `ToRegionId`.",
    example: "\
# web.component.yaml
Name: web
RegionId: Hangzhou
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
RegionId: cn-hangzhou
Content: |
  RUN echo hello
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static RESOURCE_GROUP_SHAPE: Rule = Rule {
    code: "ICL302",
    name: "resource-group-id-shape",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "a ResourceGroupId that does not look like `rg-...`",
    explanation: "Resource group IDs are `rg-` followed by lower-case letters and digits. Whether the \
group exists (`InvalidResourceGroup.NotFound`) only the service can tell; a value of another shape \
(a group's display name, say) never exists.",
    example: "\
# web.component.yaml
Name: web
ResourceGroupId: production
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
ResourceGroupId: rg-acfmzabcdefghij
Content: |
  RUN echo hello
",
};

pub fn check_client_token(value: &str, span: Span, out: &mut Vec<Diagnostic>) {
    let mut faults = Vec::new();
    if !value.is_ascii() {
        faults.push("it holds non-ASCII characters".to_string());
    }
    let count = value.chars().count();
    if count > CLIENT_TOKEN_MAX_CHARS {
        faults.push(format!(
            "it has {count} characters, more than {CLIENT_TOKEN_MAX_CHARS}"
        ));
    }
    if !faults.is_empty() {
        out.push(
            Diagnostic::new(
                &INVALID_CLIENT_TOKEN,
                span,
                format!("the ClientToken is not accepted: {}", super::list(&faults)),
            )
            .with_label("invalid token")
            .with_help("use at most 64 ASCII characters, e.g. a UUID"),
        );
    }
}

pub fn check_region_id(value: &str, span: Span, out: &mut Vec<Diagnostic>) {
    check_region_id_of("RegionId", value, span, out);
}

/// A region ID given as `parameter`: `RegionId`, or an item of a template's `ToRegionId`.
pub fn check_region_id_of(parameter: &str, value: &str, span: Span, out: &mut Vec<Diagnostic>) {
    if !looks_like_region_id(value) {
        out.push(
            Diagnostic::new(
                &REGION_SHAPE,
                span,
                format!("{parameter} `{value}` does not look like a region ID"),
            )
            .with_label("not a region ID")
            .with_help("region IDs look like `cn-hangzhou` or `ap-southeast-1`"),
        );
    }
}

pub fn check_resource_group_id(value: &str, span: Span, out: &mut Vec<Diagnostic>) {
    if !looks_like_resource_group_id(value) {
        out.push(
            Diagnostic::new(&RESOURCE_GROUP_SHAPE, span, format!("ResourceGroupId `{value}` does not look like `rg-...`"))
                .with_label("not a resource group ID")
                .with_help("resource group IDs look like `rg-acfmzw2jz2z****`: copy it from the Resource Management console"),
        );
    }
}

//! `Tag`: at most 20 `{Key, Value}` pairs with unique, well-formed keys.

use crate::catalog::request::{
    TAG_KEY_RESERVED_PREFIXES, TAG_TEXT_MAX_CHARS, TAG_VALUE_RESERVED_PREFIXES, TAGS_MAX,
    URL_PREFIXES,
};
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::source::Span;
use std::collections::HashMap;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_TAG_KEY: Rule = Rule {
    code: "InvalidTagKey.Malformed",
    name: "invalid-tag-key",
    severity: Severity::Error,
    origin: Origin::Borrowed,
    summary: "a tag key that is empty, too long, reserved or holds a URL",
    explanation: "A tag key is 1-128 characters, does not start with `aliyun` or `acs:` (reserved for \
Alibaba Cloud) and contains no `http://` or `https://`. CreateImageComponent documents no tag codes; \
iclint uses `InvalidTagKey.Malformed` of the sibling image template APIs (docs/service-rules.md §9.7).",
    example: "\
# web.component.yaml
Name: web
Tag:
  - Key: aliyun-team
    Value: web
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
Tag:
  - Key: team
    Value: web
Content: |
  RUN echo hello
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_TAG_VALUE: Rule = Rule {
    code: "InvalidTagValue.Malformed",
    name: "invalid-tag-value",
    severity: Severity::Error,
    origin: Origin::Borrowed,
    summary: "a tag value that is too long, reserved or holds a URL",
    explanation: "A tag value may be empty, has at most 128 characters, does not start with `acs:` and \
contains no `http://` or `https://`. The code is borrowed from the sibling image template APIs \
(docs/service-rules.md §9.7).",
    example: "\
# web.component.yaml
Name: web
Tag:
  - Key: team
    Value: \"acs:web\"
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
Tag:
  - Key: team
    Value: web
Content: |
  RUN echo hello
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static DUPLICATE_TAG_KEY: Rule = Rule {
    code: "Duplicate.TagKey",
    name: "duplicate-tag-key",
    severity: Severity::Error,
    origin: Origin::Borrowed,
    summary: "two tags with the same key",
    explanation: "Tag keys are unique on a resource: a request with the same key twice is rejected. The \
code is borrowed from the sibling image template APIs (docs/service-rules.md §9.7); the finding points at the second \
key and labels the first.",
    example: "\
# web.component.yaml
Name: web
Tag:
  - Key: team
    Value: web
  - Key: team
    Value: ops
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
Tag:
  - Key: team
    Value: web
  - Key: owner
    Value: ops
Content: |
  RUN echo hello
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static TAG_COUNT: Rule = Rule {
    code: "InvalidParameter.TagCount",
    name: "too-many-tags",
    severity: Severity::Error,
    origin: Origin::Borrowed,
    summary: "more than 20 tags",
    explanation: "A resource carries at most 20 tags. CreateImageComponent documents no code for more; \
iclint borrows `InvalidParameter.TagCount` (docs/service-rules.md §9.7). The finding points at the 21st tag.",
    example: "\
# web.component.yaml
Name: web
Tag: [{Key: k1, Value: v}, {Key: k2, Value: v}, {Key: k3, Value: v}, {Key: k4, Value: v}, {Key: k5, Value: v}, {Key: k6, Value: v}, {Key: k7, Value: v}, {Key: k8, Value: v}, {Key: k9, Value: v}, {Key: k10, Value: v}, {Key: k11, Value: v}, {Key: k12, Value: v}, {Key: k13, Value: v}, {Key: k14, Value: v}, {Key: k15, Value: v}, {Key: k16, Value: v}, {Key: k17, Value: v}, {Key: k18, Value: v}, {Key: k19, Value: v}, {Key: k20, Value: v}, {Key: k21, Value: v}]
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
Tag: [{Key: k1, Value: v}, {Key: k2, Value: v}, {Key: k3, Value: v}, {Key: k4, Value: v}, {Key: k5, Value: v}, {Key: k6, Value: v}, {Key: k7, Value: v}, {Key: k8, Value: v}, {Key: k9, Value: v}, {Key: k10, Value: v}, {Key: k11, Value: v}, {Key: k12, Value: v}, {Key: k13, Value: v}, {Key: k14, Value: v}, {Key: k15, Value: v}, {Key: k16, Value: v}, {Key: k17, Value: v}, {Key: k18, Value: v}, {Key: k19, Value: v}, {Key: k20, Value: v}]
Content: |
  RUN echo hello
",
};

/// One `{Key, Value}` item of `Tag`, as the manifest gives it.
#[derive(Debug, Clone)]
pub struct Tag<'a> {
    /// The whole item.
    pub span: Span,
    /// Whether the item has a `Key` entry at all; a `Key` that is not text is `None` in `key`
    /// and reported by the caller, so it is not reported again as missing.
    pub key_given: bool,
    pub key: Option<(&'a str, Span)>,
    pub value: Option<(&'a str, Span)>,
}

pub fn check_tags(tags: &[Tag<'_>], out: &mut Vec<Diagnostic>) {
    if let Some(extra) = tags.get(TAGS_MAX) {
        out.push(
            Diagnostic::new(
                &TAG_COUNT,
                extra.span,
                format!("{} tags, more than the {TAGS_MAX} allowed", tags.len()),
            )
            .with_label(format!("tag {}", TAGS_MAX + 1))
            .with_help("remove tags, or tag the resource after creating it"),
        );
    }
    let mut first_seen: HashMap<&str, Span> = HashMap::new();
    for tag in tags {
        match tag.key {
            None if tag.key_given => {}
            None => out.push(
                Diagnostic::new(&INVALID_TAG_KEY, tag.span, "the tag has no Key")
                    .with_label("Key missing")
                    .with_help("write `{Key: owner, Value: team-a}`"),
            ),
            Some((key, span)) => {
                check_text(
                    key,
                    span,
                    "Key",
                    &INVALID_TAG_KEY,
                    TAG_KEY_RESERVED_PREFIXES,
                    true,
                    out,
                );
                if let Some(&first) = first_seen.get(key) {
                    out.push(
                        Diagnostic::new(
                            &DUPLICATE_TAG_KEY,
                            span,
                            format!("tag key `{key}` is given twice"),
                        )
                        .with_label("second time")
                        .with_related(first, "first given here")
                        .with_help("give each key once"),
                    );
                } else {
                    first_seen.insert(key, span);
                }
            }
        }
        if let Some((value, span)) = tag.value {
            check_text(
                value,
                span,
                "Value",
                &INVALID_TAG_VALUE,
                TAG_VALUE_RESERVED_PREFIXES,
                false,
                out,
            );
        }
    }
}

fn check_text(
    text: &str,
    span: Span,
    what: &str,
    rule: &'static Rule,
    reserved: &[&str],
    required: bool,
    out: &mut Vec<Diagnostic>,
) {
    let mut faults = Vec::new();
    let count = text.chars().count();
    if required && count == 0 {
        faults.push("it is empty".to_string());
    }
    if count > TAG_TEXT_MAX_CHARS {
        faults.push(format!(
            "it has {count} characters, more than {TAG_TEXT_MAX_CHARS}"
        ));
    }
    if let Some(prefix) = reserved.iter().find(|p| text.starts_with(**p)) {
        faults.push(format!("it starts with the reserved prefix `{prefix}`"));
    }
    if URL_PREFIXES.iter().any(|p| text.contains(p)) {
        faults.push("it contains `http://` or `https://`".to_string());
    }
    if !faults.is_empty() {
        out.push(
            Diagnostic::new(
                rule,
                span,
                format!(
                    "tag {what} `{text}` is not accepted: {}",
                    super::list(&faults)
                ),
            )
            .with_label(format!("invalid tag {}", what.to_lowercase())),
        );
    }
}

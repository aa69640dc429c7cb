//! Rules: what each code means and the checks that report it.
//!
//! Every code has one [`Rule`] value, declared next to the check that reports it, and listed once
//! in [`REGISTRY`]. A rule's text is what `iclint explain CODE` prints.

pub mod component_manifest;
pub mod content;
pub mod cross_file;
pub mod dockerfile;
pub mod shared;
pub mod suppression;
pub mod template;
pub mod yaml_content;
pub mod yaml_tree;

use crate::rule::Rule;

/// Every rule iclint knows, in the order `iclint rules` lists them.
pub static REGISTRY: &[&Rule] = &[
    &suppression::UNUSED_SUPPRESSION,
    &shared::MISSING_CONTENT,
    &content::LENGTH_EXCEEDED,
    &content::TOO_MANY_COMMANDS,
    &shared::INVALID_CONTENT,
    &content::NO_COMMANDS,
    &content::NOT_TEXT,
    &dockerfile::keyword::NOT_SUPPORTED,
    &dockerfile::keyword::FROM_IN_COMPONENT,
    &dockerfile::keyword::COMPONENT_IN_COMPONENT,
    &dockerfile::keyword::LOWERCASE_KEYWORD,
    &dockerfile::empty::RUN,
    &dockerfile::empty::ENV,
    &dockerfile::empty::LABEL,
    &dockerfile::empty::COPY,
    &dockerfile::empty::ENTRYPOINT,
    &dockerfile::empty::CMD,
    &dockerfile::empty::WORKDIR,
    &dockerfile::empty::USER,
    &dockerfile::exec_form::INVALID_RUN,
    &dockerfile::exec_form::INVALID_CMD,
    &dockerfile::exec_form::INVALID_ENTRYPOINT,
    &dockerfile::env::INVALID_ENV,
    &dockerfile::workdir::INVALID_WORKDIR,
    &dockerfile::workdir::RELATIVE_WORKDIR,
    &dockerfile::copy::INVALID_COPY,
    &dockerfile::copy::RELATIVE_COPY_PATH,
    &dockerfile::user::INVALID_USER,
    &dockerfile::restart::NOT_EMPTY_RESTART,
    &shared::UNKNOWN_KEY,
    &yaml_content::UNUSED_PARAMETER,
    &yaml_content::PARAMETER_WITHOUT_DEFAULT,
    &yaml_content::OSS_BUCKET_TAG,
    &shared::INVALID_MANIFEST,
    &component_manifest::INVALID_NAME,
    &component_manifest::INVALID_DESCRIPTION,
    &component_manifest::INVALID_SYSTEM_TYPE,
    &component_manifest::INVALID_COMPONENT_TYPE,
    &component_manifest::INVALID_VERSION,
    &component_manifest::VERSION_LEADING_ZEROS,
    &component_manifest::INVALID_CLIENT_TOKEN,
    &component_manifest::REGION_SHAPE,
    &component_manifest::RESOURCE_GROUP_SHAPE,
    &component_manifest::INVALID_TAG_KEY,
    &component_manifest::INVALID_TAG_VALUE,
    &component_manifest::DUPLICATE_TAG_KEY,
    &component_manifest::TAG_COUNT,
    &template::INVALID_BUILD_CONTENT,
    &template::INVALID_TEST_CONTENT,
    &template::BUILD_CONTENT_TOO_LONG,
    &template::FROM_DEPRECATED,
    &cross_file::UNRESOLVED,
    &cross_file::NOT_SUPPORTED,
    &cross_file::VERSION_EXISTS,
    &cross_file::QUOTA_EXCEEDED,
];

/// The rule with this code, if any.
pub fn by_code(code: &str) -> Option<&'static Rule> {
    REGISTRY.iter().copied().find(|rule| rule.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::Origin;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique() {
        let codes: HashSet<_> = REGISTRY.iter().map(|r| r.code).collect();
        let names: HashSet<_> = REGISTRY.iter().map(|r| r.name).collect();
        assert_eq!(codes.len(), REGISTRY.len());
        assert_eq!(names.len(), REGISTRY.len());
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in REGISTRY {
            assert!(
                !rule.summary.is_empty() && !rule.explanation.is_empty(),
                "{}",
                rule.code
            );
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                rule.name
            );
            let is_linter_code = rule.code.starts_with("ICL");
            assert_eq!(
                is_linter_code,
                rule.origin == Origin::Linter,
                "{}",
                rule.code
            );
        }
    }
}

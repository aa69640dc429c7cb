//! Rules: what each code means and the checks that report it.
//!
//! Every code has one [`Rule`] value, declared next to the check that reports it, and listed once
//! in [`REGISTRY`]. A rule's text is what `iclint explain CODE` prints.

pub mod content;
pub mod dockerfile;
pub mod repo;
pub mod request;
pub mod suppression;
pub mod tasks;
pub mod template;
pub mod yaml_tree;

use crate::diagnostic::Severity;

/// Where a code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Documented by Alibaba Cloud for CreateImageComponent: the API rejects the request.
    Service,
    /// Documented for a sibling API and borrowed where CreateImageComponent documents none
    /// (spec §9.7).
    Borrowed,
    /// iclint's own check (`ICL...`): the API accepts it, but it is almost surely a mistake.
    Linter,
}

/// What a code means. One value per code.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// The code as reported: a service code such as `InvalidCommandContent.WORKDIR`, or `ICL...`.
    pub code: &'static str,
    /// A short kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    pub origin: Origin,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters and how to fix it.
    pub explanation: &'static str,
    /// Content that makes the rule fire, for `iclint explain` and `docs/rules/`. Raw
    /// Dockerfile-format content, or files: a line `# NAME` (NAME ending in `.yaml`, `.yml` or
    /// `.json`, e.g. `# web.component.yaml`) starts a file of that name. A test lints it.
    pub example: &'static str,
    /// The example with the fault fixed, in the same form: it must not fire.
    pub fix: &'static str,
}

/// Every rule iclint knows, in the order `iclint rules` lists them.
pub static REGISTRY: &[&Rule] = &[
    &suppression::UNUSED_SUPPRESSION,
    &content::MISSING_CONTENT,
    &content::LENGTH_EXCEEDED,
    &content::TOO_MANY_COMMANDS,
    &content::INVALID_CONTENT,
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
    &tasks::UNKNOWN_KEY,
    &tasks::UNUSED_PARAMETER,
    &tasks::PARAMETER_WITHOUT_DEFAULT,
    &tasks::OSS_BUCKET_TAG,
    &request::manifest::INVALID_MANIFEST,
    &request::INVALID_NAME,
    &request::INVALID_DESCRIPTION,
    &request::INVALID_SYSTEM_TYPE,
    &request::INVALID_COMPONENT_TYPE,
    &request::INVALID_VERSION,
    &request::VERSION_LEADING_ZEROS,
    &request::INVALID_CLIENT_TOKEN,
    &request::REGION_SHAPE,
    &request::RESOURCE_GROUP_SHAPE,
    &request::INVALID_TAG_KEY,
    &request::INVALID_TAG_VALUE,
    &request::DUPLICATE_TAG_KEY,
    &request::TAG_COUNT,
    &template::INVALID_BUILD_CONTENT,
    &template::INVALID_TEST_CONTENT,
    &template::BUILD_CONTENT_TOO_LONG,
    &template::FROM_DEPRECATED,
    &repo::UNRESOLVED,
    &repo::NOT_SUPPORTED,
    &repo::VERSION_EXISTS,
    &repo::QUOTA_EXCEEDED,
];

/// The rule with this code, if any.
pub fn by_code(code: &str) -> Option<&'static Rule> {
    REGISTRY.iter().copied().find(|rule| rule.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
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

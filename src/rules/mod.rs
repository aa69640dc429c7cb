//! Rules: what each code means and the checks that report it.
//!
//! Every code has one [`Rule`] value, declared next to the check that reports it, where it also
//! enters the registry ([`RULES`]); [`REGISTRY`] lists them in order. A rule's text is what
//! `iclint explain CODE` prints.

pub mod component_manifest;
pub mod content;
pub mod cross_file;
pub mod dockerfile;
pub mod shared;
pub mod shell;
pub mod suppression;
pub mod template;
pub mod yaml_content;
pub mod yaml_tree;

use crate::rule::{Origin, RULES, Rule};
use std::sync::LazyLock;

/// Every rule iclint knows, in the order `iclint rules` lists them: the service's codes, then
/// iclint's own, each group by code. Each rule enters [`RULES`] where it is declared.
pub static REGISTRY: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
    let mut rules: Vec<&'static Rule> = RULES.iter().collect();
    rules.sort_by_key(|rule| (rule.origin == Origin::Linter, rule.code));
    rules
});

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
        for rule in REGISTRY.iter() {
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

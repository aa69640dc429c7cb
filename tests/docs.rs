//! The rule catalogue: `docs/rules/` is generated from the registry (regenerate with
//! `UPDATE_DOCS=1 cargo test --test docs`), and every rule's example fires while its fix does not.

mod common;

use common::{iclint_in, json_findings, root};
use iclint::report::rule_docs::{self, example_files};
use iclint::rule::Rule;
use iclint::rules::REGISTRY;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every page `docs/rules/` must hold, by file name.
fn expected_pages() -> BTreeMap<String, String> {
    let mut pages: BTreeMap<String, String> = REGISTRY
        .iter()
        .map(|rule| (format!("{}.md", rule.code), rule_docs::markdown(rule)))
        .collect();
    pages.insert(
        "README.md".to_string(),
        rule_docs::markdown_index(&REGISTRY),
    );
    pages
}

#[test]
fn rule_pages_are_up_to_date() {
    let dir = root().join("docs").join("rules");
    let expected = expected_pages();
    let update = std::env::var_os("UPDATE_DOCS").is_some_and(|v| !v.is_empty() && v != "0");
    if update {
        std::fs::create_dir_all(&dir).expect("docs/rules is created");
    }
    let mut problems = Vec::new();
    for (name, text) in &expected {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(actual) if actual == *text => {}
            found => {
                if update {
                    std::fs::write(&path, text).expect("the page is written");
                } else if found.is_ok() {
                    problems.push(format!("docs/rules/{name} is stale"));
                } else {
                    problems.push(format!("docs/rules/{name} is missing"));
                }
            }
        }
    }
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && !expected.contains_key(&name) {
            if update {
                std::fs::remove_file(entry.path()).expect("the stale page is removed");
            } else {
                problems.push(format!(
                    "docs/rules/{name} documents a code that is no longer registered"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nregenerate the pages with `UPDATE_DOCS=1 cargo test --test docs`",
        problems.join("\n")
    );
}

/// Rules whose example can only describe the input: content over 16 KB or over 127 commands,
/// bytes that are not UTF-8 (a `&str` cannot hold them). Fixtures cover them.
const DESCRIBED_NOT_SHOWN: &[&str] = &[
    "ICL002",
    "InvalidContent.LengthExceeded",
    "InvalidImageTemplateCommandSize.ExceededMaxNumber",
    "InvalidBuildContent.LengthExceeded",
];

/// Writes the files of `example` into a fresh directory and returns it with the files' paths.
fn lay_out(rule: &Rule, which: &str, example: &str) -> (PathBuf, Vec<String>) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("examples")
        .join(rule.code)
        .join(which);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the example directory is created");
    let mut paths = Vec::new();
    for file in example_files(example) {
        let name = file.name.unwrap_or("example.dockerfile");
        std::fs::write(dir.join(name), &file.text).expect("the example file is written");
        if name != ".iclint.yaml" {
            paths.push(name.to_string());
        }
    }
    (dir, paths)
}

fn codes_of(rule: &Rule, which: &str, example: &str) -> Vec<String> {
    let (dir, paths) = lay_out(rule, which, example);
    // The example's files alone: the directory is under this repository's `target/`, whose
    // manifests are no part of the example.
    let mut args = vec!["check", "--isolated", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let run = iclint_in(&dir, &args, None, &[]);
    assert!(
        run.status == 0 || run.status == 1,
        "{} {which}: the run failed: {run:?}",
        rule.code
    );
    json_findings(&run.stdout)
        .iter()
        .map(|f| f["code"].as_str().expect("a code").to_string())
        .collect()
}

#[test]
fn every_example_fires_and_every_fix_does_not() {
    let mut problems = Vec::new();
    for rule in REGISTRY.iter() {
        if rule.example.trim().is_empty() || rule.fix.trim().is_empty() {
            problems.push(format!("{}: no example or no fix", rule.code));
            continue;
        }
        if DESCRIBED_NOT_SHOWN.contains(&rule.code) {
            continue;
        }
        let fired = codes_of(rule, "example", rule.example);
        if !fired.iter().any(|c| c == rule.code) {
            problems.push(format!(
                "{}: the example does not fire it ({fired:?})",
                rule.code
            ));
        }
        let fired = codes_of(rule, "fix", rule.fix);
        if fired.iter().any(|c| c == rule.code) {
            problems.push(format!("{}: the fix still fires it", rule.code));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn explain_markdown_is_the_page() {
    let rule = REGISTRY[0];
    let run = common::iclint(&["explain", rule.code, "--format", "markdown"], None);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.stdout, rule_docs::markdown(rule));
}

/// The README's table of codes is the registry's, as `docs/rules/` is.
#[test]
fn readme_code_table_is_up_to_date() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md is readable");
    let start = readme
        .find("<!-- codes")
        .expect("README.md has a `<!-- codes` marker");
    let end = readme[start..].find("<!-- /codes -->\n").map_or(
        readme[start..]
            .find('\n')
            .map_or(readme.len(), |i| start + i + 1),
        |i| start + i + "<!-- /codes -->\n".len(),
    );
    let table = rule_docs::readme_table(&REGISTRY);
    if readme[start..end] == table {
        return;
    }
    let update = std::env::var_os("UPDATE_DOCS").is_some_and(|v| !v.is_empty() && v != "0");
    assert!(
        update,
        "the code table in README.md is stale: regenerate it with `UPDATE_DOCS=1 cargo test --test docs`"
    );
    let updated = format!("{}{table}{}", &readme[..start], &readme[end..]);
    std::fs::write(&path, updated).expect("README.md is written");
}

/// Every rule declared in `src/` enters the registry where it is declared.
#[test]
fn every_declared_rule_is_registered() {
    fn count(dir: &Path, found: &mut usize) {
        for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                count(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file is readable");
                let declared = text.matches(": Rule = Rule {").count();
                let registered = text
                    .matches("#[linkme::distributed_slice(crate::rule::RULES)]\n")
                    .count();
                *found += registered;
                // The configuration's own code is not a finding about linted files.
                let unregistered_on_purpose = usize::from(path.ends_with("config.rs"));
                assert_eq!(
                    declared,
                    registered + unregistered_on_purpose,
                    "{}: a `Rule` without `#[linkme::distributed_slice(crate::rule::RULES)]`",
                    path.display()
                );
            }
        }
    }
    let mut found = 0;
    count(&root().join("src"), &mut found);
    // The empty-command rules are declared by one macro, eight times.
    assert_eq!(found + 7, REGISTRY.len());
}

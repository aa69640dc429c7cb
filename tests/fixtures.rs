//! Every fixture under `fixtures/` is checked by the real binary, and both its human report and
//! its JSON report are compared with a snapshot in `tests/snapshots/`.
//!
//! Fixtures live in `fixtures/<group>/<CODE>/`: a file named `fire*` must produce at least one
//! finding with that code, a file named `clean*` none. Every registered rule has both.
//! `<fixture>.args` holds extra command-line arguments, one per line.

mod common;

use common::{fixture_args, iclint, relative, root};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// File extensions of fixture inputs.
const INPUT_EXTENSIONS: &[&str] = &["dockerfile", "yaml", "yml", "json"];

fn fixtures() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root().join("fixtures")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixture directory is readable") {
            let path = entry.expect("fixture entry").path();
            if path.is_dir() {
                // Whole repositories are checked by tests/discovery.rs.
                if path != root().join("fixtures/repos") {
                    pending.push(path);
                }
            } else if path
                .extension()
                .is_some_and(|e| INPUT_EXTENSIONS.iter().any(|x| e == *x))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn run(fixture: &Path, format: &str) -> common::Run {
    let name = relative(fixture);
    let extra = fixture_args(fixture);
    let mut args = vec!["check", "--color", "never", "--format", format];
    args.extend(extra.iter().map(String::as_str));
    args.push(&name);
    iclint(&args, None)
}

fn codes_in(json: &str) -> BTreeSet<String> {
    let findings: serde_json::Value = serde_json::from_str(json).expect("the JSON report parses");
    findings
        .as_array()
        .expect("the JSON report is an array")
        .iter()
        .map(|f| {
            f["code"]
                .as_str()
                .expect("a finding has a code")
                .to_string()
        })
        .collect()
}

#[test]
fn fixtures_match_their_snapshots() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixtures found");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let _guard = settings.bind_to_scope();
    for fixture in &fixtures {
        let human = run(fixture, "human");
        let json = run(fixture, "json");
        assert_eq!(
            human.status,
            json.status,
            "{}: exit status differs between formats",
            relative(fixture)
        );
        assert!(
            human.stderr.is_empty(),
            "{}: {}",
            relative(fixture),
            human.stderr
        );
        let name = relative(fixture)
            .trim_start_matches("fixtures/")
            .replace('/', "__");
        let report = format!(
            "exit status: {}\n\n{}\n{}",
            human.status, human.stdout, json.stdout
        );
        insta::assert_snapshot!(name, report);
    }
}

#[test]
fn fire_fixtures_fire_and_clean_fixtures_stay_clean() {
    for fixture in fixtures() {
        let Some(code) = fixture
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
        else {
            continue;
        };
        if iclint::rules::by_code(code).is_none() {
            continue;
        }
        let file = fixture.file_name().unwrap().to_string_lossy();
        let codes = codes_in(&run(&fixture, "json").stdout);
        if file.starts_with("fire") {
            assert!(
                codes.contains(code),
                "{} must report {code}, reported {codes:?}",
                relative(&fixture)
            );
        } else if file.starts_with("clean") {
            assert!(
                !codes.contains(code),
                "{} must not report {code}",
                relative(&fixture)
            );
        } else {
            panic!(
                "{}: fixture names start with `fire` or `clean`",
                relative(&fixture)
            );
        }
    }
}

/// Codes that only fire across several files (a component manifest and another manifest or a
/// template), so no single-file fixture can fire them: their fire and clean cases are the fixture
/// repositories `fixtures/repos/cross-file` and `fixtures/repos/cross-file-clean`, checked by
/// tests/cross_file.rs. (`ICL402` also fires on a single template, so it has fixtures here.)
const COVERED_BY_CROSS_FILE_TESTS: &[&str] = &[
    "InvalidImageComponent.NotSupported",
    "InvalidComponentVersion.Exist",
    "QuotaExceed.ImageComponent",
];

#[test]
fn every_rule_has_fixtures_that_fire_and_that_stay_clean() {
    let fixtures = fixtures();
    let mut missing = Vec::new();
    for rule in iclint::rules::REGISTRY {
        if COVERED_BY_CROSS_FILE_TESTS.contains(&rule.code) {
            continue;
        }
        for kind in ["fire", "clean"] {
            let found = fixtures.iter().any(|f| {
                f.parent()
                    .and_then(|p| p.file_name())
                    .is_some_and(|n| n == rule.code)
                    && f.file_name().unwrap().to_string_lossy().starts_with(kind)
            });
            if !found {
                missing.push(format!("{} ({kind})", rule.code));
            }
        }
    }
    assert!(missing.is_empty(), "rules without fixtures: {missing:?}");
}

//! Every fixture under `fixtures/` is checked by the real binary, and both its human report and
//! its JSON report are compared with a snapshot in `tests/snapshots/`.
//!
//! Fixtures live in `fixtures/<group>/<CODE>/`: a file named `fire*` must produce at least one
//! finding with that code, a file named `clean*` none. Every registered rule has both.
//! `<fixture>.args` holds extra command-line arguments, one per line.

mod common;

use common::{fixture_args, iclint, relative, root};
use std::collections::BTreeSet;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

/// File extensions of fixture inputs.
const INPUT_EXTENSIONS: &[&str] = &["dockerfile", "yaml", "yml", "json", "tf"];

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
    // Each fixture is a world of its own, not a file of the repository around it (that is
    // tested by tests/repository.rs).
    let mut args = vec![
        "check",
        "--isolated",
        "--color",
        "never",
        "--format",
        format,
    ];
    args.extend(extra.iter().map(String::as_str));
    args.push(&name);
    iclint(&args, None)
}

fn codes_in(json: &str) -> Result<BTreeSet<String>, String> {
    let findings: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("the JSON report does not parse: {e}"))?;
    findings
        .as_array()
        .ok_or("the JSON report is not an array")?
        .iter()
        .map(|f| {
            f["code"]
                .as_str()
                .map(String::from)
                .ok_or_else(|| format!("a finding has no code: {f}"))
        })
        .collect()
}

/// Each fixture is its own case: `glob!` runs the closure on every fixture and, rather than
/// stopping at the first snapshot that differs, shows each one and fails once at the end. The
/// other checks of a fixture are collected too, so one failing run lists every failing fixture.
/// `INSTA_GLOB_FILTER='dockerfile/ICL102/*'` runs only the fixtures that match.
#[test]
fn every_fixture_matches_its_snapshot_and_fires_as_named() {
    let fixtures_dir = root().join("fixtures");
    // glob! hands over paths under its canonicalised base; map them back under the root, so the
    // binary is given (and reports) the same relative path as before.
    let base = fixtures_dir
        .canonicalize()
        .unwrap_or_else(|_| fixtures_dir.clone());
    let pattern = format!("**/*.{{{}}}", INPUT_EXTENSIONS.join(","));
    let mut problems = Vec::new();
    let snapshots = std::panic::catch_unwind(AssertUnwindSafe(|| {
        insta::glob!("../fixtures", &pattern, |path| {
            let fixture = fixtures_dir.join(path.strip_prefix(&base).unwrap_or(path));
            // Whole repositories are checked by tests/discovery.rs.
            if fixture.starts_with(fixtures_dir.join("repos")) {
                return;
            }
            // ShellCheck's fixtures need it (they fail without it when `CI` is set).
            if fixture.starts_with(fixtures_dir.join("shellcheck")) && !common::has_shellcheck() {
                return;
            }
            problems.extend(
                check_fixture(&fixture)
                    .into_iter()
                    .map(|problem| format!("{}: {problem}", relative(&fixture))),
            );
        });
    }));
    let mut failures = Vec::new();
    if !problems.is_empty() {
        failures.push(format!(
            "{} fixture check(s) failed:\n  {}",
            problems.len(),
            problems.join("\n  ")
        ));
    }
    if let Err(panic) = snapshots {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("glob! panicked");
        if message.starts_with("glob! resulted in") {
            failures.push(format!("{message}, each shown above"));
        } else {
            failures.push(message.to_string());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs the binary on `fixture` twice (human and JSON reports), compares both reports with the
/// fixture's snapshot and returns what else is wrong: the two runs disagree on the exit status,
/// something was printed to standard error, or the fixture does not fire as its name says.
fn check_fixture(fixture: &Path) -> Vec<String> {
    let human = run(fixture, "human");
    let json = run(fixture, "json");
    let mut problems = Vec::new();
    if human.status != json.status {
        problems.push(format!(
            "exit status differs between formats: {} (human), {} (json)",
            human.status, json.status
        ));
    }
    if !human.stderr.is_empty() {
        problems.push(format!("printed to standard error: {}", human.stderr));
    }
    if let Err(problem) = fires_as_named(fixture, &json.stdout) {
        problems.push(problem);
    }

    // The snapshot keeps the name it had before glob! (`<group>__<CODE>__<file>`): no suffix
    // from glob!, no input file in its header.
    let name = relative(fixture)
        .trim_start_matches("fixtures/")
        .replace('/', "__");
    let report = format!(
        "exit status: {}\n\n{}\n{}",
        human.status, human.stdout, json.stdout
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.remove_snapshot_suffix();
    settings.remove_input_file();
    settings.bind(|| insta::assert_snapshot!(name, report));
    problems
}

/// In a directory named after a rule's code, a `fire*` fixture must report that code and a
/// `clean*` fixture must not; `json` is the fixture's JSON report.
fn fires_as_named(fixture: &Path, json: &str) -> Result<(), String> {
    let Some(code) = fixture
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
    else {
        return Ok(());
    };
    if iclint::rules::by_code(code).is_none() && !iclint::rules::shared::is_shellcheck_code(code) {
        return Ok(());
    }
    let file = fixture.file_name().unwrap().to_string_lossy();
    let codes = codes_in(json)?;
    if file.starts_with("fire") {
        if !codes.contains(code) {
            return Err(format!("must report {code}, reported {codes:?}"));
        }
    } else if file.starts_with("clean") {
        if codes.contains(code) {
            return Err(format!("must not report {code}"));
        }
    } else {
        return Err("fixture names start with `fire` or `clean`".to_string());
    }
    Ok(())
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
    for rule in iclint::rules::REGISTRY.iter() {
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

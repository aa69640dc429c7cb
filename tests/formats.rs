//! Every `--format` of `iclint check` end to end: structure (what the consuming tool requires) and
//! a snapshot each; several `--format`/`--output` pairs in one run; the rule catalogue,
//! completions and the man page.

mod common;

use common::{Run, iclint, iclint_in, iclint_with_env};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Content with a warning, errors, and a `%` in a message (the unsupported keyword `AD%D`).
const CONTENT: &[u8] = b"WORKDIR opt\nRUN\nAD%D x y\n";
/// The name given for it: `:`, `,`, `%` and `\r` must be escaped in GitHub properties.
const AWKWARD_NAME: &str = "dir:a,b/we\rb%.dockerfile";
/// A manifest whose finding has a related location (the first of two equal tag keys).
const MANIFEST: &[u8] = b"Name: web\nTag:\n  - Key: team\n    Value: web\n  - Key: team\n    Value: ops\nContent: |\n  RUN echo hello\n";

fn run_format(format: &str, name: &str, input: &[u8]) -> Run {
    let run = iclint(
        &["check", "--format", format, "--stdin-filename", name, "-"],
        Some(input),
    );
    assert_eq!(run.status, 1, "{run:?}");
    run
}

fn content(format: &str) -> String {
    run_format(format, "web.dockerfile", CONTENT).stdout
}

fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("formats")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the scratch directory is created");
    dir
}

// ---------------------------------------------------------------------------------------------
// SARIF

fn assert_string(value: &Value, what: &str) {
    assert!(value.is_string(), "{what} is a string: {value}");
}

fn assert_positive(value: &Value, what: &str) {
    assert!(
        value.as_u64().is_some_and(|n| n >= 1),
        "{what} is a positive integer: {value}"
    );
}

fn assert_location(location: &Value) {
    let physical = &location["physicalLocation"];
    assert_string(&physical["artifactLocation"]["uri"], "artifactLocation.uri");
    let region = &physical["region"];
    for key in ["startLine", "startColumn", "endLine", "endColumn"] {
        assert_positive(&region[key], key);
    }
}

#[test]
fn sarif_has_the_required_fields_of_2_1_0() {
    let log: Value = serde_json::from_str(&content("sarif")).expect("the SARIF log parses");
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["$schema"], iclint::report::sarif::SCHEMA);
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "iclint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let rules = driver["rules"].as_array().expect("rules is an array");
    assert_eq!(rules.len(), iclint::rules::REGISTRY.len());
    for rule in rules {
        assert_string(&rule["id"], "rule id");
        assert_string(&rule["name"], "rule name");
        assert_string(&rule["shortDescription"]["text"], "shortDescription.text");
        assert_string(&rule["fullDescription"]["text"], "fullDescription.text");
        assert_string(&rule["help"]["text"], "help.text");
        assert_string(&rule["help"]["markdown"], "help.markdown");
        assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level), "{level}");
    }
    let results = runs[0]["results"].as_array().expect("results is an array");
    assert_eq!(results.len(), 3);
    for result in results {
        let id = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at the rule");
        let level = result["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level), "{level}");
        assert_string(&result["message"]["text"], "message.text");
        let locations = result["locations"].as_array().expect("locations");
        assert_eq!(locations.len(), 1);
        assert_location(&locations[0]);
    }
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (
            &Value::from(1),
            &Value::from(9),
            &Value::from(1),
            &Value::from(12)
        )
    );
}

#[test]
fn sarif_related_locations() {
    let run = run_format("sarif", "web.component.yaml", MANIFEST);
    let log: Value = serde_json::from_str(&run.stdout).expect("the SARIF log parses");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "Duplicate.TagKey");
    let related = result["relatedLocations"]
        .as_array()
        .expect("relatedLocations");
    assert_eq!(related.len(), 1);
    assert_location(&related[0]);
    assert_string(&related[0]["message"]["text"], "related message");
    assert_eq!(related[0]["physicalLocation"]["region"]["startLine"], 3);
    insta::assert_snapshot!("sarif_related", sarif_for_snapshot(&run.stdout));
}

// ---------------------------------------------------------------------------------------------
// GitHub

/// `::error|warning|notice file=F,line=L,col=C,endLine=L,endColumn=C,title=T::message`, with
/// every property value and the message free of unescaped `%`, line breaks, and (in properties)
/// `:` and `,`.
fn assert_workflow_command(line: &str) {
    let rest = ["::error ", "::warning ", "::notice "]
        .iter()
        .find_map(|p| line.strip_prefix(p))
        .unwrap_or_else(|| panic!("not a workflow command: {line:?}"));
    let (properties, message) = rest.split_once("::").expect("`::` before the message");
    let escaped_ok = |text: &str| {
        for (i, c) in text.char_indices() {
            if c == '%' {
                let code = text.get(i + 1..i + 3).unwrap_or("");
                assert!(
                    code.len() == 2 && code.chars().all(|c| c.is_ascii_hexdigit()),
                    "bare % in {text:?}"
                );
            }
            assert!(c != '\r' && c != '\n', "line break in {text:?}");
        }
    };
    escaped_ok(message);
    let keys: Vec<&str> = properties
        .split(',')
        .map(|property| {
            let (key, value) = property.split_once('=').expect("key=value");
            assert!(!value.contains(':'), "unescaped `:` in {value:?}");
            escaped_ok(value);
            key
        })
        .collect();
    assert_eq!(
        keys,
        ["file", "line", "col", "endLine", "endColumn", "title"]
    );
}

#[test]
fn github_lines_follow_the_workflow_command_grammar() {
    let run = run_format("github", AWKWARD_NAME, CONTENT);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{run:?}");
    for line in &lines {
        assert_workflow_command(line);
        assert!(
            line.contains("file=dir%3Aa%2Cb/we%0Db%25.dockerfile,"),
            "{line}"
        );
    }
    assert!(lines[0].starts_with("::warning "));
    assert!(lines[1].starts_with("::error "));
    assert!(lines[2].contains("::`AD%25D` is not"), "{}", lines[2]);
    assert!(
        lines[2].contains("%0Ahelp: "),
        "a help line, escaped: {}",
        lines[2]
    );
    insta::assert_snapshot!("github", content("github"));
}

#[test]
fn github_is_the_default_in_github_actions() {
    let args = ["check", "--stdin-filename", "web.dockerfile", "-"];
    let run = iclint_with_env(&args, Some(CONTENT), &[("GITHUB_ACTIONS", "true")]);
    assert_eq!(run.stdout, content("github"));
    let run = iclint_with_env(
        &[
            "check",
            "--format",
            "gnu",
            "--stdin-filename",
            "web.dockerfile",
            "-",
        ],
        Some(CONTENT),
        &[("GITHUB_ACTIONS", "true")],
    );
    assert_eq!(run.stdout, content("gnu"), "an explicit --format wins");
}

// ---------------------------------------------------------------------------------------------
// The others

#[test]
fn gnu_is_one_line_per_finding() {
    let text = content("gnu");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0],
        "web.dockerfile:1:9: warning: WORKDIR `opt` is a relative path [ICL102]"
    );
    for line in lines {
        let mut parts = line.splitn(5, ':');
        assert_eq!(parts.next(), Some("web.dockerfile"));
        assert!(parts.next().unwrap().parse::<usize>().is_ok());
        assert!(parts.next().unwrap().parse::<usize>().is_ok());
        let severity = parts.next().unwrap().trim();
        assert!(["error", "warning", "info"].contains(&severity));
        assert!(line.ends_with(']'));
    }
    insta::assert_snapshot!("gnu", text);
}

#[test]
fn checkstyle_parses() {
    let text = run_format("checkstyle", AWKWARD_NAME, CONTENT).stdout;
    let document = roxmltree::Document::parse(&text).expect("the Checkstyle XML parses");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "checkstyle");
    let file = root
        .children()
        .find(|n| n.is_element())
        .expect("a file element");
    assert_eq!(file.attribute("name"), Some(AWKWARD_NAME));
    let errors: Vec<_> = file
        .children()
        .filter(|n| n.has_tag_name("error"))
        .collect();
    assert_eq!(errors.len(), 3);
    for error in errors {
        for attribute in ["line", "column", "severity", "message", "source"] {
            assert!(error.attribute(attribute).is_some(), "{attribute}");
        }
    }
    insta::assert_snapshot!("checkstyle", content("checkstyle"));
}

#[test]
fn junit_parses() {
    let text = run_format("junit", AWKWARD_NAME, CONTENT).stdout;
    let document = roxmltree::Document::parse(&text).expect("the JUnit XML parses");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("failures"), Some("3"));
    let suite = root
        .children()
        .find(|n| n.is_element())
        .expect("a test suite");
    assert_eq!(suite.attribute("name"), Some(AWKWARD_NAME));
    let failures = suite
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, 3);
    insta::assert_snapshot!("junit", content("junit"));
}

#[test]
fn junit_and_checkstyle_list_clean_files() {
    for format in ["junit", "checkstyle"] {
        let run = iclint(
            &[
                "check",
                "--format",
                format,
                "--stdin-filename",
                "ok.dockerfile",
                "-",
            ],
            Some(b"RUN echo hi\n"),
        );
        assert_eq!(run.status, 0);
        let document = roxmltree::Document::parse(&run.stdout).expect("the XML parses");
        assert!(
            document
                .descendants()
                .any(|n| n.attribute("name") == Some("ok.dockerfile"))
        );
    }
}

#[test]
fn gitlab_code_quality_fields() {
    let text = content("gitlab");
    let issues: Value = serde_json::from_str(&text).expect("the report parses");
    let issues = issues.as_array().expect("an array");
    assert_eq!(issues.len(), 3);
    let mut fingerprints = std::collections::HashSet::new();
    for issue in issues {
        assert_string(&issue["description"], "description");
        assert_string(&issue["check_name"], "check_name");
        let fingerprint = issue["fingerprint"].as_str().expect("fingerprint");
        assert!(
            fingerprints.insert(fingerprint.to_string()),
            "unique fingerprints"
        );
        let severity = issue["severity"].as_str().unwrap();
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&severity));
        assert_eq!(issue["location"]["path"], "web.dockerfile");
        assert_positive(&issue["location"]["lines"]["begin"], "lines.begin");
    }
    assert_eq!(text, content("gitlab"), "fingerprints are stable");
    insta::assert_snapshot!("gitlab", text);
}

#[test]
fn json_lines_has_the_fields_of_json() {
    let lines = content("json-lines");
    let json: Value = serde_json::from_str(&content("json")).expect("the JSON report parses");
    let objects: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(Value::Array(objects), json);
    insta::assert_snapshot!("json_lines", lines);
}

/// A SARIF log for a snapshot: the rule catalogue and rule indexes (which change whenever a rule
/// is added; `sarif_has_the_required_fields_of_2_1_0` checks them) replaced by placeholders.
fn sarif_for_snapshot(text: &str) -> String {
    let mut log: Value = serde_json::from_str(text).expect("the SARIF log parses");
    let run = &mut log["runs"][0];
    run["tool"]["driver"]["rules"] = Value::from("[every rule of the registry]");
    for result in run["results"].as_array_mut().expect("results") {
        result["ruleIndex"] = Value::from("[index in rules]");
    }
    serde_json::to_string_pretty(&log).expect("the log serializes")
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!("sarif", sarif_for_snapshot(&content("sarif")));
}

#[test]
fn every_format_is_empty_or_valid_without_findings() {
    for format in [
        "json",
        "json-lines",
        "sarif",
        "github",
        "gnu",
        "checkstyle",
        "junit",
        "gitlab",
    ] {
        let run = iclint(
            &[
                "check",
                "--format",
                format,
                "--stdin-filename",
                "ok.dockerfile",
                "-",
            ],
            Some(b"RUN echo hi\n"),
        );
        assert_eq!(run.status, 0, "{format}: {run:?}");
        match format {
            "json" | "gitlab" => assert_eq!(run.stdout, "[]\n"),
            "json-lines" | "github" | "gnu" => assert_eq!(run.stdout, ""),
            "sarif" => {
                let log: Value = serde_json::from_str(&run.stdout).unwrap();
                assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// --format / --output pairs

#[test]
fn several_reports_in_one_run() {
    let dir = scratch("several");
    std::fs::write(dir.join("web.dockerfile"), CONTENT).unwrap();
    let run = iclint_in(
        &dir,
        &[
            "check",
            "--format",
            "gnu",
            "--format",
            "sarif",
            "--output",
            "out.sarif",
            "--format",
            "json",
            "-o",
            "out.json",
            "web.dockerfile",
        ],
        None,
        &[],
    );
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(run.stdout, content("gnu"));
    let sarif = std::fs::read_to_string(dir.join("out.sarif")).unwrap();
    assert_eq!(sarif, content("sarif"));
    let json = std::fs::read_to_string(dir.join("out.json")).unwrap();
    assert_eq!(json, content("json"));
}

#[test]
fn output_without_format_writes_the_default_format() {
    let dir = scratch("default");
    std::fs::write(dir.join("web.dockerfile"), CONTENT).unwrap();
    let run = iclint_in(
        &dir,
        &["check", "--output", "report.txt", "web.dockerfile"],
        None,
        &[],
    );
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(run.stdout, "", "the only report goes to the file");
    let report = std::fs::read_to_string(dir.join("report.txt")).unwrap();
    assert!(report.contains("Checked 1 file"), "{report}");
    assert!(!report.contains('\u{1b}'), "no colour in a file");
}

#[test]
fn pairs_are_checked() {
    // Two reports to standard output.
    let run = iclint(&["check", "--format", "gnu", "--format", "json", "-"], None);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("only one report"), "{}", run.stderr);
    // An --output that follows no --format.
    let run = iclint(&["check", "-o", "x", "--format", "json", "-"], None);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(
        run.stderr.contains("must follow the `--format`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unwritable_output_fails_the_run() {
    let dir = scratch("unwritable");
    let run = iclint_in(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "-o",
            "missing/dir/out.json",
            "-",
        ],
        Some(b"RUN echo hi\n"),
        &[],
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
}

#[test]
fn fail_on_still_decides_the_status() {
    let args = ["check", "--format", "sarif", "--fail-on", "never", "-"];
    assert_eq!(iclint(&args, Some(CONTENT)).status, 0);
    let args = ["check", "--format", "junit", "--fail-on", "error", "-"];
    assert_eq!(iclint(&args, Some(b"WORKDIR opt\n")).status, 0);
}

/// JUnit counts as failures only the findings that fail the run (`--fail-on`); the others are
/// passing test cases that carry the finding.
#[test]
fn junit_fails_what_fail_on_fails() {
    // ICL102 is a warning.
    let content: &[u8] = b"WORKDIR opt\n";
    let junit = |fail_on: &str| {
        let args = ["check", "--format", "junit", "--fail-on", fail_on, "-"];
        let run = iclint(&args, Some(content));
        let doc = roxmltree::Document::parse(&run.stdout).expect("the JUnit report parses");
        let failures = doc
            .root_element()
            .attribute("failures")
            .unwrap()
            .to_string();
        let elements = doc
            .descendants()
            .filter(|n| n.has_tag_name("failure"))
            .count();
        let outs = doc
            .descendants()
            .filter(|n| n.has_tag_name("system-out"))
            .count();
        (run.status, failures, elements, outs)
    };
    assert_eq!(junit("warning"), (1, "1".to_string(), 1, 0));
    assert_eq!(junit("info"), (1, "1".to_string(), 1, 0));
    assert_eq!(junit("error"), (0, "0".to_string(), 0, 1));
    assert_eq!(junit("never"), (0, "0".to_string(), 0, 1));
}

// ---------------------------------------------------------------------------------------------
// Catalogue, completions, man page

#[test]
fn rules_table_and_json() {
    let run = iclint(&["rules"], None);
    assert_eq!(run.status, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("CODE"), "{}", lines[0]);
    assert_eq!(lines.len(), iclint::rules::REGISTRY.len() + 1);
    assert!(run.stdout.contains("InvalidCommandContent.WORKDIR"));
    let run = iclint(&["rules", "--format", "json"], None);
    assert_eq!(run.status, 0);
    let rules: Value = serde_json::from_str(&run.stdout).expect("the rules JSON parses");
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), iclint::rules::REGISTRY.len());
    for rule in rules {
        for key in [
            "code",
            "name",
            "severity",
            "origin",
            "summary",
            "explanation",
            "example",
            "fix",
        ] {
            assert_string(&rule[key], key);
        }
    }
}

#[test]
fn explain_a_known_code() {
    let run = iclint(&["explain", "InvalidCommandContent.WORKDIR"], None);
    assert_eq!(run.status, 0, "{run:?}");
    for part in [
        "InvalidCommandContent.WORKDIR",
        "Severity: error",
        "Source:",
        "Example (fires):",
        "Fixed:",
    ] {
        assert!(run.stdout.contains(part), "{part}: {}", run.stdout);
    }
    let lower = iclint(&["explain", "icl102"], None);
    assert_eq!(lower.status, 0, "codes match without regard to case");
    assert!(lower.stdout.starts_with("ICL102"));
}

#[test]
fn explain_an_unknown_code_suggests_the_nearest() {
    let run = iclint(&["explain", "InvalidCommandContent.WORKDIRR"], None);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("unknown code"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("did you mean `InvalidCommandContent.WORKDIR`?"),
        "{}",
        run.stderr
    );
    let run = iclint(&["explain", "nothing-like-it"], None);
    assert_eq!(run.status, 2);
    assert!(!run.stderr.contains("did you mean"));
}

#[test]
fn completions_and_man_page() {
    let run = iclint(&["completions", "bash"], None);
    assert_eq!(run.status, 0);
    assert!(
        run.stdout.contains("iclint") && run.stdout.contains("complete"),
        "{}",
        run.stdout
    );
    let run = iclint(&["completions", "zsh"], None);
    assert_eq!(run.status, 0);
    assert!(!run.stdout.is_empty());
    let run = iclint(&["man"], None);
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains(".TH"), "roff: {}", run.stdout);
    assert!(run.stdout.contains("iclint"));
}

/// Every page the top page refers to can be made: `iclint man check` is `iclint-check(1)`, and
/// `iclint man --dir DIR` writes them all.
#[test]
fn every_subcommand_has_its_man_page() {
    let top = iclint(&["man"], None).stdout;
    assert!(top.contains("iclint\\-check(1)"), "{top}");
    let check = iclint(&["man", "check"], None);
    assert_eq!(check.status, 0, "{check:?}");
    assert!(
        check.stdout.contains(".TH iclint-check 1"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("force\\-exclude"), "{}", check.stdout);
    assert_eq!(iclint(&["man", "nope"], None).status, 2);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("man-pages");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let run = iclint(&["man", "--dir", dir.to_str().unwrap()], None);
    assert_eq!(run.status, 0, "{run:?}");
    for page in [
        "iclint",
        "iclint-check",
        "iclint-rules",
        "iclint-explain",
        "iclint-completions",
        "iclint-man",
    ] {
        let text = std::fs::read_to_string(dir.join(format!("{page}.1"))).unwrap();
        assert!(text.contains(&format!(".TH {page} 1")), "{page}: {text}");
        // Every page the top page names exists.
        let reference = format!("{}(1)", page.replace('-', "\\-"));
        assert!(page == "iclint" || top.contains(&reference), "{reference}");
    }
}

/// The README links only to files of the repository (no design notes or specification kept
/// elsewhere).
#[test]
fn the_readme_links_only_to_files_that_exist() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let mut missing = Vec::new();
    for (i, _) in readme.match_indices("](") {
        let target = &readme[i + 2..];
        let target = &target[..target.find(')').unwrap_or(target.len())];
        let path = target.split('#').next().unwrap_or(target);
        if path.is_empty() || path.contains("://") {
            continue;
        }
        if !common::root().join(path).exists() {
            missing.push(path.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "the README links to missing files: {missing:?}"
    );
    for word in ["design.md", "spec/", "design notes"] {
        assert!(!readme.contains(word), "the README mentions `{word}`");
    }
}

//! Checks across the files of a run (docs/service-rules.md §6, §7): fixture repositories under
//! `fixtures/repos/cross-file*`, checked as a whole.
//!
//! `InvalidImageComponent.NotSupported`, `InvalidComponentVersion.Exist` and
//! `QuotaExceed.ImageComponent` need several files, so their fire and clean cases live here, not
//! in `fixtures/<group>/<CODE>/` (see the allow-list in tests/fixtures.rs).

mod common;

use common::{iclint_in, json_findings, root};

fn findings(json: &str) -> Vec<String> {
    json_findings(json)
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {}",
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["code"].as_str().unwrap()
            )
        })
        .collect()
}

/// Runs `iclint check` in `fixtures/repos/<repo>` with `--threads 1` and `--threads 4`, checks
/// that both print the same, and returns the human and the JSON run.
fn check(repo: &str, format: &str) -> common::Run {
    let dir = root().join("fixtures/repos").join(repo);
    let run = |threads: &str| {
        iclint_in(
            &dir,
            &[
                "check",
                // The fixture repository alone, not as a directory of this one.
                "--isolated",
                "--color",
                "never",
                "--format",
                format,
                "--threads",
                threads,
                ".",
            ],
            None,
            &[],
        )
    };
    let one = run("1");
    let four = run("4");
    assert_eq!(one.stdout, four.stdout, "{repo}: --threads 1 and 4 differ");
    assert_eq!(one.status, four.status);
    assert!(one.stderr.is_empty(), "{one:?}");
    one
}

#[test]
fn cross_file_findings() {
    let json = check("cross-file", "json");
    assert_eq!(json.status, 1, "{json:?}");
    assert_eq!(
        findings(&json.stdout),
        [
            // Same Name and ComponentVersion as components/a-web.component.yaml.
            "components/b-web-again.component.yaml:3:19 InvalidComponentVersion.Exist",
            // The third component of cn-hangzhou, with `component-quota: 2`.
            "components/d-web.component.yaml:3:11 QuotaExceed.ImageComponent",
            "components/d-web.component.yaml:9:5 ICL203",
            "components/web.yaml:5:3 ICL203",
            // A Build component in TestContent (a TestContentFile).
            "templates/test.txt:3:11 InvalidImageComponent.NotSupported",
            // `--colour`: the highest 1.x.x (1.2.0) does not declare it.
            "templates/web.template.yaml:6:79 InvalidParameter.BuildContent",
            // `--root` missing: no DefaultValue in 1.0.0.
            "templates/web.template.yaml:8:13 InvalidParameter.BuildContent",
            // A Test component in BuildContent.
            "templates/web.template.yaml:10:13 InvalidImageComponent.NotSupported",
            // No version matches; no component of that name; an ID.
            "templates/web.template.yaml:12:55 ICL402",
            "templates/web.template.yaml:13:55 ICL402",
            "templates/web.template.yaml:15:13 ICL402",
        ]
    );
    let human = check("cross-file", "human");
    assert!(
        human
            .stdout
            .contains("already defined in `components/a-web.component.yaml:2:19`"),
        "the message names the first definition: {}",
        human.stdout
    );
    insta::assert_snapshot!("cross_file_repository", human.stdout);
}

#[test]
fn suppression_comments_reach_findings_across_files() {
    // `cross-file` with `# iclint ignore` comments in a manifest, in a template's inline
    // `BuildContent` and in its `TestContentFile`.
    let json = check("cross-file-suppressed", "json");
    assert_eq!(json.status, 1, "{json:?}");
    assert_eq!(
        findings(&json.stdout),
        [
            "components/d-web.component.yaml:3:11 QuotaExceed.ImageComponent",
            "components/d-web.component.yaml:9:5 ICL203",
            "components/web.yaml:5:3 ICL203",
            // Not `ICL001`: a code of the checks across files is never judged unused.
            "templates/web.template.yaml:10:13 InvalidParameter.BuildContent",
            "templates/web.template.yaml:14:55 ICL402",
            "templates/web.template.yaml:17:13 ICL402",
        ]
    );
    insta::assert_snapshot!(
        "cross_file_suppressed_repository",
        check("cross-file-suppressed", "human").stdout
    );
}

#[test]
fn a_consistent_repository_is_clean() {
    let run = check("cross-file-clean", "json");
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(findings(&run.stdout), Vec::<String>::new());
}

#[test]
fn a_template_linted_without_its_components_is_only_informed() {
    // The same template, without the components' manifests in the run: only ICL402.
    let dir = root().join("fixtures/repos/cross-file");
    let run = iclint_in(
        &dir,
        &["check", "--isolated", "--format", "json", "templates"],
        None,
        &[],
    );
    let codes: std::collections::BTreeSet<String> = json_findings(&run.stdout)
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["ICL402".to_string()].into(), "{}", run.stdout);
    assert_eq!(run.status, 0, "{run:?}");
}

#[test]
fn component_quota_must_be_a_positive_number() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("component-quota");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".iclint.yaml"), "component-quota: 0\n").unwrap();
    std::fs::write(dir.join("a.component.yaml"), "Name: a\nContent: RUN true\n").unwrap();
    let run = iclint_in(&dir, &["check", "--color", "never", "."], None, &[]);
    assert_eq!(run.status, 2, "{run:?}");
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("expected a positive whole number"), "{all}");
}

/// A version defined twice: SARIF points at the first definition, in the other manifest.
#[test]
fn sarif_relates_a_duplicate_version_to_its_first_definition() {
    let sarif: serde_json::Value =
        serde_json::from_str(&check("cross-file", "sarif").stdout).expect("SARIF parses");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let exists = results
        .iter()
        .find(|r| r["ruleId"] == "InvalidComponentVersion.Exist")
        .expect("a duplicate version is reported");
    let own = &exists["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    let related = exists["relatedLocations"]
        .as_array()
        .expect("related places");
    let first = related
        .iter()
        .find(|r| r["message"]["text"] == "first defined here")
        .expect("the first definition is related");
    let location = &first["physicalLocation"];
    assert_ne!(location["artifactLocation"]["uri"], *own);
    assert!(
        location["region"]["startLine"].as_u64().unwrap() >= 1,
        "{first}"
    );
}

/// A reference to a component the run holds only without `ComponentVersion`: the hint says why
/// no version pattern can match it.
#[test]
fn a_component_without_a_version_is_named_as_such() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("unversioned");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("setup.component.yaml"),
        "Name: mysql-setup\nContent: |\n  RUN true\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("db.template.yaml"),
        "Name: db-image\nBaseImageType: IMAGE\nBaseImage: m-bp1abcdefghijklmnopq\nBuildContent: |\n  COMPONENT acs:ecs:cn-hangzhou:1:imagecomponent/mysql-setup/1.0.*\n",
    )
    .unwrap();
    let run = iclint_in(&dir, &["check", "--format", "json", "."], None, &[]);
    let findings = json_findings(&run.stdout);
    let help: Vec<&str> = findings
        .iter()
        .filter(|f| f["code"] == "ICL402")
        .filter_map(|f| f["help"].as_str())
        .collect();
    assert_eq!(help.len(), 1, "{}", run.stdout);
    assert!(
        help[0].contains("only without a `ComponentVersion`"),
        "{}",
        help[0]
    );
}

/// Components defined in Terraform join the checks across files: a Name and version defined in a
/// manifest and again in a `.tf` file, `COMPONENT` lines of a pipeline (and of a ROS template)
/// resolved against a Terraform-defined component; the content `file(...)` names is linted
/// once, through its resource; a `.tf` file without Image Builder resources reports nothing.
#[test]
fn terraform_components_join_the_checks_across_files() {
    let json = check("terraform", "json");
    assert_eq!(json.status, 1, "{json:?}");
    assert_eq!(
        findings(&json.stdout),
        [
            // `web` 1.0.0 is components/web.component.yaml's too.
            "infra/main.tf:4:26 InvalidComponentVersion.Exist",
            // `api` 2.0.0, defined in the same file, declares no `--port`.
            "infra/main.tf:17:67 InvalidParameter.BuildContent",
            // The file `file("${path.module}/setup.yaml")` names, linted once.
            "infra/setup.yaml:6:11 InvalidParameter.Content",
        ]
    );
    let human = check("terraform", "human");
    assert!(
        human
            .stdout
            .contains("already defined in `components/web.component.yaml:2:19`"),
        "{}",
        human.stdout
    );
    // components/web.component.yaml, infra/main.tf, infra/setup.yaml, infra/stack.yaml; not
    // other.tf.
    assert!(
        human
            .stdout
            .ends_with("Checked 4 files: 3 errors, 0 warnings, 0 infos.\n"),
        "{}",
        human.stdout
    );
    insta::assert_snapshot!("terraform_repository", human.stdout);
}

#[test]
fn a_terraform_file_without_image_builder_resources_reports_nothing() {
    let dir = root().join("fixtures/repos/terraform");
    let run = iclint_in(&dir, &["check", "--format", "json", "other.tf"], None, &[]);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.stdout.trim(), "[]", "{run:?}");
}

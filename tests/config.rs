//! `.iclint.yaml`: found from the current directory upward, or named with `--config`, or ignored
//! with `--no-config`; a broken one stops the run with exit status 2.

mod common;

use common::{iclint, iclint_in, json_findings, root};

fn findings(json: &str) -> Vec<String> {
    let text = |f: &serde_json::Value, key: &str| f[key].as_str().unwrap().to_string();
    json_findings(json)
        .iter()
        .map(|f| {
            format!(
                "{}:{} {} {}",
                text(f, "file"),
                f["line"],
                text(f, "code"),
                text(f, "severity")
            )
        })
        .collect()
}

#[test]
fn the_configuration_of_the_current_directory_applies() {
    let dir = root().join("fixtures/repos/configured");
    let run = iclint_in(&dir, &["check", "--format", "json"], None, &[]);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(
        findings(&run.stdout),
        [
            // content-files adds raw Dockerfile content; limits.commands is 3.
            "components/web.dockerfile:4 ICL101 warning",
            "components/web.dockerfile:4 InvalidImageTemplateCommandSize.ExceededMaxNumber error",
            // severity: ICL102 is an error here.
            "components/web.dockerfile:4 ICL102 error",
            // per-file-ignores silence ICL101 under legacy/.
            "legacy/old.dockerfile:1 ICL102 error",
        ],
        "ICL203 of components/params.yaml is ignored"
    );
}

#[test]
fn a_configuration_is_found_in_a_parent_directory_and_can_be_named_or_ignored() {
    let dir = root().join("fixtures/repos/configured/legacy");
    let run = iclint_in(
        &dir,
        &["check", "--format", "json", "old.dockerfile"],
        None,
        &[],
    );
    assert_eq!(findings(&run.stdout), ["old.dockerfile:1 ICL102 error"]);
    let run = iclint_in(
        &dir,
        &["check", "--format", "json", "--no-config", "old.dockerfile"],
        None,
        &[],
    );
    assert_eq!(
        findings(&run.stdout),
        [
            "old.dockerfile:1 ICL101 warning",
            "old.dockerfile:1 ICL102 warning"
        ]
    );
    let run = iclint(
        &[
            "check",
            "--format",
            "json",
            "--config",
            "fixtures/repos/configured/.iclint.yaml",
            "fixtures/repos/configured/legacy/old.dockerfile",
        ],
        None,
    );
    assert_eq!(
        findings(&run.stdout),
        ["fixtures/repos/configured/legacy/old.dockerfile:1 ICL102 error"]
    );
}

#[test]
fn a_broken_configuration_is_an_error_with_its_place() {
    let dir = root().join("fixtures/repos/broken-config");
    let run = iclint_in(
        &dir,
        &["check", "--color", "never", "a.dockerfile"],
        None,
        &[],
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains(".iclint.yaml:1:10"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `ICL203`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown configuration key `severty`"),
        "{}",
        run.stderr
    );
    let run = iclint(
        &[
            "check",
            "--config",
            "no/such/.iclint.yaml",
            "examples/nginx-fixed.dockerfile",
        ],
        None,
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert!(
        run.stderr.contains("no/such/.iclint.yaml"),
        "{}",
        run.stderr
    );
}

/// `content-files` globs are relative to the configuration's directory, wherever iclint runs
/// (as `per-file-ignores` are): from a subdirectory, by a walk and by name.
#[test]
fn content_files_globs_match_from_a_subdirectory() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("content-files-below");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("components/web")).unwrap();
    std::fs::write(
        dir.join(".iclint.yaml"),
        "content-files:\n  - glob: \"components/**/*.dockerfile\"\n    kind: template\n",
    )
    .unwrap();
    // FROM is refused in component content, deprecated (ICL401) in template content.
    std::fs::write(
        dir.join("components/web/build.dockerfile"),
        "FROM IMAGE:m-bp1abcdefghijklmnopq\nRUN echo hi\n",
    )
    .unwrap();
    let codes = |run: &common::Run| -> Vec<String> {
        json_findings(&run.stdout)
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    for (cwd, path) in [
        ("", "."),
        ("components", "."),
        ("components/web", "."),
        ("components/web", "build.dockerfile"),
        ("components", "./web/../web/build.dockerfile"),
    ] {
        let run = iclint_in(
            &dir.join(cwd),
            &["check", "--format", "json", path],
            None,
            &[],
        );
        assert_eq!(codes(&run), ["ICL401"], "in `{cwd}`, `{path}`: {run:?}");
    }
}

/// With a broken configuration, every report asked for is still written, saying why (a CI
/// upload step finds its file), and the run fails with status 2.
#[test]
fn a_broken_configuration_is_in_every_report_written() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("broken-config-reports");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(".iclint.yaml"),
        "ignore: [ICL101]\nselectt: [ICL102]\n",
    )
    .unwrap();
    std::fs::write(dir.join("a.dockerfile"), "RUN echo hi\n").unwrap();
    let run = iclint_in(
        &dir,
        &[
            "check",
            "--format",
            "sarif",
            "-o",
            "x.sarif",
            "--format",
            "json",
            "-o",
            "x.json",
            "--format",
            "junit",
            "-o",
            "x.xml",
            "a.dockerfile",
        ],
        None,
        &[],
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("selectt"), "{}", run.stderr);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("x.sarif")).unwrap()).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert!(
        notification["message"]["text"]
            .as_str()
            .unwrap()
            .contains("selectt"),
        "{notification}"
    );
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    let json = std::fs::read_to_string(dir.join("x.json")).unwrap();
    assert_eq!(
        findings(&json),
        [format!(
            "{}:2 config error",
            dir.join(".iclint.yaml").display()
        )]
    );
    let junit = std::fs::read_to_string(dir.join("x.xml")).unwrap();
    assert!(junit.contains("<failure type=\"config\""), "{junit}");
}

/// A misspelt value gets "did you mean", as a misspelt key does; `system-type` and
/// `component-type` are read in any case, as `--system-type` and `--component-type` are.
#[test]
fn configuration_values_get_did_you_mean_and_one_rule_for_case() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("config-values");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.dockerfile"), "RUN echo hi\n").unwrap();
    std::fs::write(
        dir.join(".iclint.yaml"),
        "severity:\n  ICL102: eror\ncontent-files:\n  - glob: \"*.dockerfile\"\n    kind: componet\n    sytem-type: Linux\n",
    )
    .unwrap();
    let run = iclint_in(
        &dir,
        &["check", "--format", "json", "a.dockerfile"],
        None,
        &[],
    );
    assert_eq!(run.status, 2, "{run:?}");
    for help in [
        "did you mean `error`?",
        "did you mean `component`?",
        "did you mean `system-type`?",
    ] {
        assert!(run.stderr.contains(help), "{help}: {}", run.stderr);
    }
    // Lower case, as on the command line: a Windows component cannot hold Dockerfile-format
    // content.
    std::fs::write(
        dir.join(".iclint.yaml"),
        "content-files:\n  - glob: \"*.dockerfile\"\n    system-type: windows\n    component-type: build\n",
    )
    .unwrap();
    let codes = |args: &[&str]| -> Vec<String> {
        let run = iclint_in(&dir, args, None, &[]);
        json_findings(&run.stdout)
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    let windows = ["InvalidParameter.Content".to_string()];
    assert_eq!(codes(&["check", "--format", "json", "."]), windows);
    assert_eq!(
        codes(&[
            "check",
            "--no-config",
            "--system-type",
            "WINDOWS",
            "--format",
            "json",
            "a.dockerfile"
        ]),
        windows
    );
}

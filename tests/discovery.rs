//! `iclint check DIR` on fixture repositories (fixtures/repos/): which files are found, each
//! linted once, in a stable order whatever the number of threads.

mod common;

use common::{iclint, iclint_in, json_findings, root};

fn files_and_codes(json: &str) -> Vec<String> {
    let text = |f: &serde_json::Value, key: &str| f[key].as_str().unwrap().to_string();
    json_findings(json)
        .iter()
        .map(|f| format!("{}:{} {}", text(f, "file"), f["line"], text(f, "code")))
        .collect()
}

#[test]
fn a_repository_is_walked_and_every_file_is_linted_once() {
    // The fixture repository alone, not as a directory of this one.
    let run = iclint(
        &[
            "check",
            "--isolated",
            "--format",
            "json",
            "fixtures/repos/mixed",
        ],
        None,
    );
    assert_eq!(run.status, 1, "{run:?}");
    assert!(run.stderr.is_empty(), "{run:?}");
    assert_eq!(
        files_and_codes(&run.stdout),
        [
            "fixtures/repos/mixed/component.json:1 InvalidCommandContent.USER",
            // Linted through its manifest, once.
            "fixtures/repos/mixed/components/install.dockerfile:2 ICL101",
            // Raw YAML content: a `.yaml` with a top-level `Tasks`.
            "fixtures/repos/mixed/components/tasks.yaml:5 InvalidParameter.Content",
            // A ContentFile that is also raw YAML content: linted once, through its manifest.
            "fixtures/repos/mixed/components/tasks2.yaml:3 InvalidParameter.Content",
        ]
    );
    // Not found: build/ (.gitignore), .hidden/ (hidden), docs/mkdocs.yml (no top-level Tasks),
    // README.md (not YAML).
    let human = iclint(
        &[
            "check",
            "--isolated",
            "--color",
            "never",
            "fixtures/repos/mixed",
        ],
        None,
    );
    assert!(
        human
            .stdout
            .ends_with("Checked 6 files: 3 errors, 1 warning, 0 infos.\n"),
        "{}",
        human.stdout
    );
    insta::assert_snapshot!(
        "mixed_repository",
        format!("{}\n{}", human.stdout, run.stdout)
    );
}

#[test]
fn names_are_relative_to_the_directory_given() {
    let dir = root().join("fixtures/repos/mixed");
    let run = iclint_in(&dir, &["check", "--format", "json", "."], None, &[]);
    let found = files_and_codes(&run.stdout);
    assert_eq!(
        found.first().map(String::as_str),
        Some("component.json:1 InvalidCommandContent.USER")
    );
    let run = iclint_in(&dir, &["check", "--format", "json"], None, &[]);
    assert_eq!(
        files_and_codes(&run.stdout),
        found,
        "no path means the current directory"
    );
}

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    // The human report keeps each file's text; the others keep positions only, and the
    // manifests' reports wait in the engine's spill: both paths, over more files than a batch.
    for format in ["human", "json", "sarif"] {
        let args = |threads: &'static str| {
            [
                "check",
                "--color",
                "never",
                "--format",
                format,
                "--threads",
                threads,
                "fixtures",
            ]
        };
        let reference = iclint(&args("1"), None);
        assert!(reference.stdout.len() > 1000, "{reference:?}");
        for threads in ["2", "3", "8", "0"] {
            let run = iclint(&args(threads), None);
            assert_eq!(
                run.stdout, reference.stdout,
                "{format}, --threads {threads}"
            );
            assert_eq!(run.status, reference.status);
        }
    }
}

/// A manifest's content file is reported under the name the walk gives it: the path joined to the
/// manifest's directory and normalised (`manifests/../content/setup.yaml` is `content/setup.yaml`),
/// so that annotations and SARIF land on the file; and it is linted once, through its manifest.
#[test]
fn a_content_file_is_named_as_the_walk_names_it() {
    let repo = "fixtures/repos/content-up-a-level";
    let run = iclint(&["check", "--format", "json", repo], None);
    assert_eq!(run.status, 1, "{run:?}");
    assert!(run.stderr.is_empty(), "{run:?}");
    assert_eq!(
        files_and_codes(&run.stdout),
        [
            // `ContentFile: ../content/setup.yaml` in manifests/setup.component.yaml; also raw
            // YAML content (a top-level `Tasks`), linted once.
            format!("{repo}/content/setup.yaml:6 ICL201"),
            // `BuildContentFile: ./../templates/build.dockerfile` in templates/web.template.yaml.
            format!("{repo}/templates/build.dockerfile:1 ICL101"),
        ]
    );
    let github = iclint(&["check", "--format", "github", repo], None);
    assert!(
        github
            .stdout
            .contains(&format!("file={repo}/content/setup.yaml,line=6,")),
        "{}",
        github.stdout
    );
    // From inside the manifests' directory, the names keep the `..` that go above it.
    let dir = root().join(repo).join("manifests");
    let run = iclint_in(&dir, &["check", "--format", "json", "."], None, &[]);
    assert_eq!(
        files_and_codes(&run.stdout),
        ["../content/setup.yaml:6 ICL201"]
    );
}

#[test]
fn a_file_named_twice_is_linted_once() {
    let name = "fixtures/repos/mixed/components/install.dockerfile";
    let run = iclint(
        &[
            "check",
            "--format",
            "json",
            name,
            name,
            "fixtures/repos/mixed/components/../components/install.dockerfile",
        ],
        None,
    );
    assert_eq!(files_and_codes(&run.stdout).len(), 1, "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_fifos_do_not_trap_the_walk() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("walk-traps");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("a/loop")).unwrap();
    std::fs::write(
        dir.join("a/x.component.yaml"),
        "Name: trap\nContent: RUNN y\n",
    )
    .unwrap();
    let fifo = dir.join("a/pipe.component.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let run = iclint(&["check", "--format", "json", dir.to_str().unwrap()], None);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(files_and_codes(&run.stdout).len(), 1, "{}", run.stdout);
    if made {
        assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    }
}

/// A content file that a manifest names is read only when it is a regular file: a FIFO is a
/// finding on the manifest's key, never a read that waits for a writer.
#[cfg(unix)]
#[test]
fn a_fifo_named_by_a_manifest_is_a_finding_not_a_hang() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("content-fifo");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("web.component.yaml"),
        "Name: web\nContentFile: pipe.dockerfile\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("web.template.yaml"),
        "Name: web-image\nBaseImageType: IMAGE\nBaseImage: m-bp1abcdefghijklmnopq\nBuildContentFile: pipe.dockerfile\n",
    )
    .unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("pipe.dockerfile"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_iclint"))
        .args(["check", "--format", "json", "."])
        .current_dir(&dir)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("iclint starts");
    let started = std::time::Instant::now();
    while child.try_wait().expect("iclint runs").is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("iclint hangs on a FIFO named by a manifest");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("iclint ends");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let findings = common::json_findings(&stdout);
    let fifo_findings: Vec<_> = findings
        .iter()
        .filter(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .contains("not a regular file")
        })
        .map(|f| (f["file"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fifo_findings,
        [
            ("web.component.yaml", "ICL003"),
            ("web.template.yaml", "ICL003")
        ],
        "{stdout}"
    );
}

/// A walk takes YAML content that starts with a byte-order mark, or whose `Tasks` key is quoted,
/// and content whose top-level key is a near miss of `Tasks` (`tasks:`), so that the typo is
/// reported; go-task's `Taskfile.yml` (a top-level `tasks:` without any `Action`) is no content.
#[test]
fn a_walk_finds_content_after_a_bom_quoted_or_with_a_misspelt_tasks_key() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("walk-tasks-keys");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let task = "  - Name: a\n    Action: RunShellComand\n";
    std::fs::write(dir.join("bom.yaml"), format!("\u{feff}Tasks:\n{task}")).unwrap();
    std::fs::write(dir.join("quoted.yaml"), format!("\"Tasks\":\n{task}")).unwrap();
    std::fs::write(dir.join("lower.yaml"), format!("tasks:\n{task}")).unwrap();
    std::fs::write(
        dir.join("Taskfile.yml"),
        "version: '3'\ntasks:\n  build:\n    cmds: [make]\n",
    )
    .unwrap();
    let run = iclint_in(&dir, &["check", "--format", "json", "."], None, &[]);
    assert_eq!(run.status, 1, "{run:?}");
    let found = common::file_codes(&run);
    assert_eq!(
        found,
        [
            "bom.yaml InvalidParameter.Content",
            "lower.yaml ICL201",
            "lower.yaml InvalidParameter.Content",
            "quoted.yaml InvalidParameter.Content",
        ]
    );
    let typo = json_findings(&run.stdout)
        .into_iter()
        .find(|f| f["code"] == "ICL201")
        .expect("the typo is reported");
    assert_eq!(typo["help"], "keys are case-sensitive: write `Tasks`");
}

/// A `ContentFile` that does not exist is named the same whether the manifest is found by a walk
/// or named: as the content file's report would be named.
#[test]
fn a_missing_content_file_is_named_the_same_in_a_walk_and_when_named() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("missing-content-file");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("d")).unwrap();
    std::fs::write(
        dir.join("d/web.component.yaml"),
        "Name: web\nComponentVersion: 1.0.0\nContentFile: ../d/missing.yaml\n",
    )
    .unwrap();
    let message = |path: &str| {
        let run = iclint_in(
            &dir,
            &["check", "--isolated", "--format", "json", path],
            None,
            &[],
        );
        let findings = json_findings(&run.stdout);
        assert_eq!(findings.len(), 1, "{}", run.stdout);
        findings[0]["message"].as_str().unwrap().to_string()
    };
    let walked = message(".");
    assert_eq!(
        walked,
        "`ContentFile`: cannot read `d/missing.yaml`: no such file or directory"
    );
    assert_eq!(message("d"), walked);
    assert_eq!(message("d/web.component.yaml"), walked);
    assert_eq!(message("./d/web.component.yaml"), walked);
}

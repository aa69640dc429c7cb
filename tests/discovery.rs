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
    let run = iclint(&["check", "--format", "json", "fixtures/repos/mixed"], None);
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
    let human = iclint(&["check", "--color", "never", "fixtures/repos/mixed"], None);
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
    let reference = iclint(
        &["check", "--color", "never", "--threads", "1", "fixtures"],
        None,
    );
    assert!(reference.stdout.contains("Checked"), "{reference:?}");
    for threads in ["2", "3", "8", "0"] {
        let run = iclint(
            &[
                "check",
                "--color",
                "never",
                "--threads",
                threads,
                "fixtures",
            ],
            None,
        );
        assert_eq!(run.stdout, reference.stdout, "--threads {threads}");
        assert_eq!(run.status, reference.status);
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

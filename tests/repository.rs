//! Named files are linted in the context of their repository (docs/architecture.md, "The
//! repository around the named files"): what a pre-commit hook, an editor or a CI job over
//! changed files hands iclint. Through the real binary, and through the real `pre-commit` tool.

mod common;

use common::{file_codes, iclint_in, json_findings};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A repository of components and templates, in a fresh directory with a `.git` directory (the
/// top of a work tree; no git needed).
fn repository(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("repository")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    write_repository(&dir);
    dir
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Eight component manifests, two of them `web` 1.0.0; a template whose `BuildContentFile`
/// holds a `COMPONENT` line; a Windows component whose YAML `ContentFile` runs a Linux action;
/// a README.
fn write_repository(dir: &Path) {
    for i in 1..=6 {
        write(
            dir,
            &format!("components/c{i}.component.yaml"),
            &format!("Name: c{i}\nComponentVersion: 1.0.0\nContent: |\n  RUN echo {i}\n"),
        );
    }
    let web =
        |text: &str| format!("Name: web\nComponentVersion: 1.0.0\nContent: |\n  RUN echo {text}\n");
    write(dir, "components/a-web.component.yaml", &web("a"));
    write(dir, "components/b-web.component.yaml", &web("b"));
    write(
        dir,
        "templates/web.template.yaml",
        "Name: web-template\nBaseImageType: IMAGE\nBaseImage: m-bp1abcdefghijklmnopq\n\
         BuildContentFile: build.dockerfile\n",
    );
    write(
        dir,
        "templates/build.dockerfile",
        "COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/c1/1.0.0\nRUN echo built\n",
    );
    write(
        dir,
        "windows/setup.component.yaml",
        "Name: setup\nComponentVersion: 1.0.0\nSystemType: Windows\nContentFile: setup.yml\n",
    );
    // Not `Tasks:` at the top (a walk would not take it for content): only its manifest
    // says what it is.
    write(
        dir,
        "windows/setup.yml",
        "# setup\nParameters: {}\nTasks:\n  - Name: install\n    Action: RunShellCommand\n    \
         Properties:\n      commandContent: echo hi\n",
    );
    write(
        dir,
        "README.md",
        "# Components\n\nSee the components below.\n",
    );
}

fn check(dir: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    iclint_in(dir, &all, None, &[])
}

#[test]
fn a_named_manifest_is_checked_against_every_manifest_of_the_repository() {
    let dir = repository("duplicate");
    // The later one in path order carries the finding.
    let run = check(&dir, &["components/b-web.component.yaml"]);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(
        file_codes(&run),
        ["components/b-web.component.yaml InvalidComponentVersion.Exist"]
    );
    // The first one named alone: the finding on the other manifest involves it, and is
    // reported.
    let run = check(&dir, &["components/a-web.component.yaml"]);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(
        file_codes(&run),
        ["components/b-web.component.yaml InvalidComponentVersion.Exist"]
    );
    // Alone, without the repository, nothing to compare with.
    let run = check(&dir, &["--isolated", "components/a-web.component.yaml"]);
    assert_eq!((run.status, file_codes(&run)), (0, vec![]), "{run:?}");
    // Another manifest named: nothing of the others is reported.
    let run = check(&dir, &["components/c2.component.yaml"]);
    assert_eq!((run.status, file_codes(&run)), (0, vec![]), "{run:?}");
}

#[test]
fn a_named_content_file_is_what_the_manifest_that_uses_it_says() {
    let dir = repository("content");
    // Template content, whose COMPONENT line is resolved against the repository's components.
    let run = check(&dir, &["templates/build.dockerfile"]);
    assert_eq!((run.status, file_codes(&run)), (0, vec![]), "{run:?}");
    // Taken for component content without the repository.
    let alone = check(&dir, &["--isolated", "templates/build.dockerfile"]);
    assert_eq!(
        file_codes(&alone),
        ["templates/build.dockerfile InvalidCommand.Component"]
    );
    // A Windows component's YAML content: a Linux action is wrong there.
    let run = check(&dir, &["windows/setup.yml"]);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(
        file_codes(&run),
        ["windows/setup.yml InvalidParameter.Content"]
    );
    assert!(run.stdout.contains("Windows"), "{}", run.stdout);
    // The same from a subdirectory: the root is found above, and the file keeps its name.
    let run = check(&dir.join("windows"), &["setup.yml"]);
    assert_eq!(file_codes(&run), ["setup.yml InvalidParameter.Content"]);
}

#[test]
fn force_exclude_skips_what_a_walk_would_not_lint_unless_a_manifest_uses_it() {
    let dir = repository("force-exclude");
    let run = check(&dir, &["--force-exclude", "README.md"]);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(file_codes(&run), Vec::<String>::new());
    assert!(run.stderr.is_empty(), "{run:?}");
    // Without the flag, a named file is linted whatever it is.
    let run = check(&dir, &["README.md"]);
    assert_eq!(run.status, 1, "{run:?}");
    // Used by a manifest: linted, with the manifest's options.
    let run = check(
        &dir,
        &[
            "--force-exclude",
            "README.md",
            "templates/build.dockerfile",
            "windows/setup.yml",
        ],
    );
    assert_eq!(
        file_codes(&run),
        ["windows/setup.yml InvalidParameter.Content"]
    );
}

#[test]
fn every_file_named_gives_the_findings_of_the_walk() {
    let dir = repository("whole");
    let walk = check(&dir, &["."]);
    assert_eq!(walk.status, 1, "{walk:?}");
    // A walk of the whole repository is the run it always was.
    let isolated = check(&dir, &["--isolated", "."]);
    assert_eq!(walk.stdout, isolated.stdout);
    let mut files: Vec<String> = Vec::new();
    list(&dir, &dir, &mut files);
    files.sort();
    let mut args = vec!["--force-exclude"];
    args.extend(files.iter().map(String::as_str));
    let named = check(&dir, &args);
    assert_eq!(named.stdout, walk.stdout);
    assert_eq!(named.status, walk.status);
    // What the hook sees of a commit that changes one file of each kind.
    for file in [
        "components/b-web.component.yaml",
        "templates/build.dockerfile",
    ] {
        let one = check(&dir, &["--force-exclude", file]);
        let expected: Vec<String> = file_codes(&walk)
            .into_iter()
            .filter(|f| f.starts_with(file))
            .collect();
        assert_eq!(file_codes(&one), expected, "{file}");
    }
}

fn list(root: &Path, dir: &Path, files: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        if path.is_dir() {
            list(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).unwrap();
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn an_editor_buffer_replaces_the_file_on_disk() {
    let dir = repository("buffer");
    // The buffer of a-web.component.yaml, its version raised: no duplicate of itself on disk,
    // and none with b-web.
    let buffer = b"Name: web\nComponentVersion: 1.1.0\nContent: |\n  RUN echo a\n";
    let run = iclint_in(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "components/a-web.component.yaml",
            "-",
        ],
        Some(buffer),
        &[],
    );
    assert_eq!((run.status, file_codes(&run)), (0, vec![]), "{run:?}");
}

/// Template content in an editor's buffer: what its template says, and its `COMPONENT` lines
/// resolved against the repository's components.
#[test]
fn a_template_content_buffer_is_checked_against_the_repository() {
    let dir = repository("template-buffer");
    let stdin = |text: &[u8]| {
        let run = iclint_in(
            &dir,
            &[
                "check",
                "--format",
                "json",
                "--stdin-filename",
                "templates/build.dockerfile",
                "-",
            ],
            Some(text),
            &[],
        );
        file_codes(&run)
    };
    let line = b"COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/c1/1.0.0 --port 80\n";
    // c1 declares no parameter: `--port` is refused.
    assert_eq!(
        stdin(line),
        ["templates/build.dockerfile InvalidParameter.BuildContent"]
    );
    let line = b"COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/c1/1.0.0\n";
    assert_eq!(stdin(line), Vec::<String>::new());
}

/// The root is the directory of `.iclint.yaml`, above the current directory.
#[test]
fn the_configuration_marks_the_root() {
    let dir = repository("configured");
    std::fs::remove_dir(dir.join(".git")).unwrap();
    write(&dir, ".iclint.yaml", "ignore: [ICL101]\n");
    let run = check(&dir.join("components"), &["a-web.component.yaml"]);
    // Path order is the order of the names the run gives: `../components/b-web...` comes
    // before `a-web...`, which takes the finding.
    assert_eq!(
        file_codes(&run),
        ["a-web.component.yaml InvalidComponentVersion.Exist"]
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=iclint",
            "-c",
            "user.email=iclint@example.com",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// `pre-commit run` in `dir`: its status and output.
fn pre_commit(dir: &Path) -> (i32, String) {
    let output = Command::new("pre-commit")
        .args(["run", "--color", "never"])
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", dir.join(".git/pre-commit-home"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("pre-commit runs");
    let text = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

/// The hook of this repository's `.pre-commit-hooks.yaml`, as a local hook running the binary
/// built by this test run (pre-commit would build it with Cargo otherwise).
fn local_hook() -> String {
    let hooks = std::fs::read_to_string(common::root().join(".pre-commit-hooks.yaml")).unwrap();
    let binary = env!("CARGO_BIN_EXE_iclint");
    let mut config = String::from("repos:\n  - repo: local\n    hooks:\n");
    for line in hooks
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let line = if let Some(entry) = line.strip_prefix("  entry: iclint ") {
            format!("  entry: {binary} {entry}")
        } else if line.starts_with("  language:") {
            "  language: system".to_string()
        } else {
            line.to_string()
        };
        config.push_str("      ");
        config.push_str(&line);
        config.push('\n');
    }
    config
}

#[test]
fn the_pre_commit_hook_sees_the_repository() {
    if !common::has_tool("git") || !common::has_tool("pre-commit") {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("repository/pre-commit");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "."]);
    write(&dir, ".pre-commit-config.yaml", &local_hook());
    write_repository(&dir);
    // The duplicate is not there yet: b-web is 1.1.0.
    write(
        &dir,
        "components/b-web.component.yaml",
        "Name: web\nComponentVersion: 1.1.0\nContent: |\n  RUN echo b\n",
    );
    git(&dir, &["add", "-A"]);
    let (status, output) = pre_commit(&dir);
    assert_eq!(status, 1, "a Windows action in setup.yml: {output}");
    assert!(output.contains("InvalidParameter.Content"), "{output}");
    // Fixed, and committed.
    write(
        &dir,
        "windows/setup.yml",
        "Tasks:\n  - Name: install\n    Action: RunPowerShellCommand\n    Properties:\n      \
         commandContent: echo hi\n",
    );
    git(&dir, &["add", "-A"]);
    let (status, output) = pre_commit(&dir);
    assert_eq!(status, 0, "{output}");
    git(&dir, &["commit", "-q", "--no-verify", "-m", "components"]);

    // One manifest changed to the version of another: the commit fails.
    write(
        &dir,
        "components/b-web.component.yaml",
        "Name: web\nComponentVersion: 1.0.0\nContent: |\n  RUN echo b\n",
    );
    git(&dir, &["add", "-A"]);
    let (status, output) = pre_commit(&dir);
    assert_eq!(status, 1, "{output}");
    assert!(output.contains("InvalidComponentVersion.Exist"), "{output}");
    git(&dir, &["checkout", "-q", "HEAD", "--", "."]);

    // A template's BuildContentFile staged alone: template content, no false finding.
    write(
        &dir,
        "templates/build.dockerfile",
        "COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/c1/1.0.0\nRUN echo built again\n",
    );
    write(&dir, "README.md", "# Components\n\nChanged.\n");
    git(&dir, &["add", "-A"]);
    let (status, output) = pre_commit(&dir);
    assert_eq!(status, 0, "{output}");
    git(&dir, &["commit", "-q", "--no-verify", "-m", "template"]);

    // A component's YAML ContentFile staged alone: checked, with its manifest's options.
    write(
        &dir,
        "windows/setup.yml",
        "Tasks:\n  - Name: install\n    Action: RunShellCommand\n    Properties:\n      \
         commandContent: echo hi\n",
    );
    git(&dir, &["add", "-A"]);
    let (status, output) = pre_commit(&dir);
    assert_eq!(status, 1, "{output}");
    assert!(output.contains("windows/setup.yml"), "{output}");
}

/// Eight manifests, two with the same `Name` and `ComponentVersion`, in one commit: the hook
/// fails (pre-commit does not split the files into parallel runs).
#[test]
fn the_pre_commit_hook_fails_on_a_duplicate_in_one_commit() {
    if !common::has_tool("git") || !common::has_tool("pre-commit") {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("repository/pre-commit-eight");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "."]);
    write(&dir, ".pre-commit-config.yaml", &local_hook());
    write_repository(&dir);
    std::fs::remove_dir_all(dir.join("windows")).unwrap();
    git(&dir, &["add", "-A"]);
    let (status, output) = pre_commit(&dir);
    assert_eq!(status, 1, "{output}");
    assert!(output.contains("Failed"), "{output}");
    assert!(output.contains("InvalidComponentVersion.Exist"), "{output}");
}

/// A named component that brings its region over `component-quota` fails, even when another
/// manifest of the region comes over it in path order (and carries the finding).
#[test]
fn a_named_component_over_the_quota_is_reported() {
    let dir = repository("quota");
    write(&dir, ".iclint.yaml", "component-quota: 1\n");
    for (file, name) in [
        ("components/m-first", "first"),
        ("components/z-last", "last"),
    ] {
        write(
            &dir,
            &format!("{file}.component.yaml"),
            &format!(
                "Name: {name}\nComponentVersion: 1.0.0\nRegionId: cn-hangzhou\nContent: |\n  RUN echo\n"
            ),
        );
    }
    let run = check(&dir, &["components/m-first.component.yaml"]);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(
        file_codes(&run),
        ["components/z-last.component.yaml QuotaExceed.ImageComponent"]
    );
    // Not in that region: nothing of it.
    let run = check(&dir, &["components/c1.component.yaml"]);
    assert_eq!((run.status, file_codes(&run)), (0, vec![]), "{run:?}");
}

/// A FIFO among the repository's manifests is never opened (opening it would wait forever).
#[cfg(unix)]
#[test]
fn a_fifo_among_the_manifests_is_not_opened() {
    let dir = repository("fifo");
    let fifo = dir.join("components/pipe.component.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let run = check(&dir, &["components/a-web.component.yaml"]);
    assert_eq!(
        file_codes(&run),
        ["components/b-web.component.yaml InvalidComponentVersion.Exist"]
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// On the fixture repositories of the checks across files (duplicates, the quota, `COMPONENT`
/// lines resolved, suppressions, content files up a level): every file named gives the walk's
/// report, byte for byte; and each file named alone gives the walk's findings for that file.
#[test]
fn named_files_give_the_walks_findings_on_the_fixture_repositories() {
    for name in [
        "cross-file",
        "cross-file-suppressed",
        "cross-file-clean",
        "content-up-a-level",
    ] {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("repository/fixtures")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&common::root().join("fixtures/repos").join(name), &dir);
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        let walk = check(&dir, &["."]);
        let mut files = Vec::new();
        list(&dir, &dir, &mut files);
        files.sort();
        let mut args = vec!["--force-exclude"];
        args.extend(files.iter().map(String::as_str));
        let named = check(&dir, &args);
        assert_eq!(named.stdout, walk.stdout, "{name}: every file named");
        assert_eq!(named.status, walk.status, "{name}");
        for file in &files {
            let alone = check(&dir, &["--force-exclude", file]);
            let expected: Vec<String> = file_codes(&walk)
                .into_iter()
                .filter(|f| f.split(' ').next() == Some(file.as_str()))
                .collect();
            let own: Vec<String> = file_codes(&alone)
                .into_iter()
                .filter(|f| f.split(' ').next() == Some(file.as_str()))
                .collect();
            assert_eq!(own, expected, "{name}: `{file}` named alone");
        }
    }
}

/// A named component that a template of the repository uses, inline, by ARN: the template's
/// line that the component's change breaks is reported; its other lines are not.
#[test]
fn a_template_line_that_names_a_named_component_is_reported() {
    let dir = repository("template-line");
    write(
        &dir,
        "templates/inline.template.yaml",
        "Name: inline-template\nBaseImageType: IMAGE\nBaseImage: m-bp1abcdefghijklmnopq\n\
         BuildContent: |\n  COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/c2/1.0.0 --port 80\n  \
         COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/c3/1.0.0 --port 80\n",
    );
    // c2 declares no parameter: `--port` is refused on its line.
    let run = check(&dir, &["components/c2.component.yaml"]);
    assert_eq!(run.status, 1, "{run:?}");
    let found = json_findings(&run.stdout);
    let lines: Vec<(String, u64)> = found
        .iter()
        .map(|f| {
            (
                format!(
                    "{} {}",
                    f["file"].as_str().unwrap(),
                    f["code"].as_str().unwrap()
                ),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [(
            "templates/inline.template.yaml InvalidParameter.BuildContent".to_string(),
            5
        )]
    );
}

#[test]
fn a_directory_named_is_walked_as_a_world_of_its_own() {
    let dir = repository("subtree");
    // The duplicate `web` is in components/, the template that uses c1 in templates/: a walk of
    // templates/ alone does not see c1, as before the index (ICL402, info), and a walk of
    // components/ reports the duplicate as a walk of the root does.
    let run = check(&dir, &["templates"]);
    assert_eq!(
        file_codes(&run),
        ["templates/build.dockerfile ICL402"],
        "{run:?}"
    );
    let run = check(&dir, &["components"]);
    assert_eq!(
        file_codes(&run),
        ["components/b-web.component.yaml InvalidComponentVersion.Exist"],
        "{run:?}"
    );
    // The same template named as a file is linted in its repository: c1 is found.
    let run = check(&dir, &["templates/web.template.yaml"]);
    assert_eq!(file_codes(&run), Vec::<String>::new(), "{run:?}");
}

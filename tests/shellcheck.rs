//! ShellCheck as iclint runs it: once per file, chosen by `--shellcheck` or the configuration,
//! its findings at their place in the file. A stand-in program counts the runs; the real
//! `shellcheck` gives the findings (these tests fail without it when `CI` is set).

mod common;

use common::{has_shellcheck, iclint_in, iclint_with_env};
use std::path::{Path, PathBuf};

/// A directory of its own for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("shellcheck")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the scratch directory is made");
    dir
}

/// A stand-in `shellcheck` that logs each run (its arguments and script) and finds nothing.
/// Runs go in parallel: each record is made apart and appended in one write, so that two runs'
/// lines do not mix.
#[cfg(unix)]
fn stand_in(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let program = dir.join("fake-shellcheck");
    let log = dir.join("runs.log");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\nrecord=\"$(mktemp)\"\n{{ echo \"run $*\"; cat; echo; }} > \"$record\"\ncat \"$record\" >> '{}'\nrm -f \"$record\"\necho '{{\"comments\":[]}}'\n",
            log.display(),
        ),
    )
    .expect("the stand-in is written");
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755))
        .expect("the stand-in is executable");
    program
}

#[cfg(unix)]
#[test]
fn one_run_per_file_and_shell_not_per_command() {
    let dir = scratch("per-file");
    let program = stand_in(&dir);
    std::fs::write(
        dir.join("a.dockerfile"),
        "RUN echo one\nRUN echo two\nCMD echo three\nRUN [\"exec\", \"form\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.yaml"),
        "Tasks:\n  - Name: a\n    Action: RunShellCommand\n    Properties:\n      commandContent: echo a\n  - Name: b\n    Action: RunShellCommand\n    Properties:\n      commandContent: |\n        #!/bin/bash\n        echo b\n",
    )
    .unwrap();
    let run = iclint_in(
        &dir,
        &[
            "check",
            "--threads",
            "2",
            "--shellcheck",
            program.to_str().unwrap(),
            "a.dockerfile",
            "b.yaml",
        ],
        None,
        &[],
    );
    assert_eq!(run.status, 0, "{run:?}");
    let log = std::fs::read_to_string(dir.join("runs.log")).expect("the stand-in ran");
    let mut runs: Vec<&str> = log.lines().filter(|l| l.starts_with("run ")).collect();
    runs.sort();
    // a.dockerfile: one run for its three shell texts; b.yaml: one for sh, one for bash.
    assert_eq!(
        runs,
        [
            "run --format=json1 --shell bash -",
            "run --format=json1 --shell sh -",
            "run --format=json1 --shell sh -",
        ],
        "{log}"
    );
    assert!(
        log.contains("(\necho one\n)\n(\necho two\n)\n(\necho three\n)\n"),
        "{log}"
    );
}

#[cfg(unix)]
#[test]
fn the_configuration_chooses_and_never_turns_it_off() {
    let dir = scratch("config");
    let program = stand_in(&dir);
    std::fs::write(dir.join("a.dockerfile"), "RUN echo one\n").unwrap();
    std::fs::write(
        dir.join(".iclint.yaml"),
        format!(
            "shellcheck:\n  path: ./{}\n  shell: bash\n",
            program.file_name().unwrap().to_str().unwrap()
        ),
    )
    .unwrap();
    let auto = [("ICLINT_SHELLCHECK", "auto")];
    let run = iclint_in(&dir, &["check", "a.dockerfile"], None, &auto);
    assert_eq!(run.status, 0, "{run:?}");
    let log = std::fs::read_to_string(dir.join("runs.log")).expect("the stand-in ran");
    assert!(log.contains("--shell bash"), "{log}");
    std::fs::remove_file(dir.join("runs.log")).unwrap();
    let run = iclint_in(
        &dir,
        &["check", "--shellcheck", "never", "a.dockerfile"],
        None,
        &auto,
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert!(!dir.join("runs.log").exists(), "`never` ran it");
}

#[test]
fn a_program_that_is_not_there_is_an_error() {
    let run = iclint_with_env(
        &[
            "check",
            "--shellcheck",
            "/no/such/shellcheck",
            "examples/nginx.dockerfile",
        ],
        None,
        &[],
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("/no/such/shellcheck"), "{run:?}");
}

#[test]
fn a_bad_shellcheck_setting_is_an_error() {
    let dir = scratch("bad-config");
    std::fs::write(dir.join(".iclint.yaml"), "shellcheck:\n  shell: fish\n").unwrap();
    std::fs::write(dir.join("a.dockerfile"), "RUN echo one\n").unwrap();
    let run = iclint_in(&dir, &["check", "a.dockerfile"], None, &[]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(
        run.stderr.contains("`sh`, `bash`, `dash` or `ksh`"),
        "{run:?}"
    );
}

/// A run with the real ShellCheck, in a directory of its own (`name`), on a component manifest
/// whose inline content is `content` (indented), reported in `format`: it has findings.
fn with_shellcheck(name: &str, content: &str, format: &str) -> common::Run {
    let dir = scratch(name);
    std::fs::write(
        dir.join("web.component.yaml"),
        format!("Name: web\nComponentVersion: 1.0.0\nContent: |\n{content}"),
    )
    .unwrap();
    let run = iclint_in(
        &dir,
        &[
            "check",
            "--format",
            format,
            "--shellcheck",
            "shellcheck",
            "web.component.yaml",
        ],
        None,
        &[],
    );
    assert_eq!(run.status, 1, "{run:?}");
    run
}

#[test]
fn findings_land_in_the_manifest_and_obey_suppressions() {
    if !has_shellcheck() {
        return;
    }
    let run = with_shellcheck(
        "real",
        "  # iclint ignore=SC2154\n  RUN cp $src /etc/\n  RUN echo $other\n",
        "gnu",
    );
    assert!(
        run.stdout
            .contains("web.component.yaml:5:10: info: Double quote to prevent globbing"),
        "{}",
        run.stdout
    );
    // Suppressed on the first command only.
    assert!(
        !run.stdout.contains("5:10: warning: src is referenced"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("6:12: warning: other is referenced"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("ICL001"), "{}", run.stdout);
}

/// In SARIF, the ShellCheck codes that fired follow iclint's rules in `tool.driver.rules`, each
/// once, with its wiki page, and every result names its rule by `ruleIndex`.
#[test]
fn sarif_lists_the_shellcheck_codes_that_fired() {
    if !has_shellcheck() {
        return;
    }
    let run = with_shellcheck(
        "sarif",
        "  WORKDIR opt\n  RUN cp $src /etc/\n  RUN echo $other\n  RUN echo $src\n",
        "sarif",
    );
    let log: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("the rules");
    let shellcheck: Vec<&serde_json::Value> = rules
        .iter()
        .filter(|r| r["id"].as_str().unwrap().starts_with("SC"))
        .collect();
    for rule in &shellcheck {
        let id = rule["id"].as_str().unwrap();
        assert_eq!(
            rule["helpUri"],
            format!("https://www.shellcheck.net/wiki/{id}")
        );
        assert_eq!(rule["properties"]["tags"][0], "shellcheck");
    }
    let mut named = std::collections::BTreeSet::new();
    for result in log["runs"][0]["results"].as_array().unwrap() {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().expect("a rule index") as usize;
        assert_eq!(rules[index]["id"], id, "{result}");
        if id.starts_with("SC") {
            named.insert(id);
        }
    }
    // SC2086 (quoting) and SC2154 (never assigned): listed once each for their findings.
    assert!(
        named.contains("SC2086") && named.contains("SC2154"),
        "{named:?}"
    );
    assert_eq!(named.len(), shellcheck.len());
}

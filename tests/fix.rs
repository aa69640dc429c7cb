//! `iclint check --fix` and `--diff`: what they change, what they keep, and the exit status.

mod common;

use common::{iclint_in, json_findings};
use std::path::Path;
use std::time::{Duration, SystemTime};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn mtime(dir: &Path, name: &str) -> SystemTime {
    std::fs::metadata(dir.join(name))
        .unwrap()
        .modified()
        .unwrap()
}

/// A repository with something to fix in every format, and files with nothing to fix.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "crlf.dockerfile",
        "run yum install -y nginx\r\nworkdir /opt\r\n",
    );
    write(
        root,
        "web.component.yaml",
        "\u{feff}Name: web\nComponentVersion: \"01.00.0\"\nContent: |\n  run echo hi\n  WORKDIR /x\n",
    );
    write(
        root,
        "api.component.json",
        "{\"Name\": \"api\", \"ComponentVersion\": \"1.02.0\", \"ContentFile\": \"content/api.yaml\"}\n",
    );
    write(
        root,
        "content/api.yaml",
        "Tasks:\n  - Name: a\n    Action: RunShellCommand\n    Properties:\n      commandContent: echo\n",
    );
    write(
        root,
        "clean.component.yaml",
        "Name: clean\nContent: |\n  RUN echo\n",
    );
    write(root, "left.dockerfile", "RUN echo\nWORKDIR relative\n");
    dir
}

const NAMED: [&str; 4] = [".", "crlf.dockerfile", "left.dockerfile", "--color=never"];

#[test]
fn fix_rewrites_only_what_it_fixes_and_keeps_line_endings_and_the_bom() {
    let dir = repository();
    let root = dir.path();
    let untouched = [
        "clean.component.yaml",
        "left.dockerfile",
        "content/api.yaml",
    ];
    let before: Vec<(SystemTime, String)> = untouched
        .iter()
        .map(|n| (mtime(root, n), read(root, n)))
        .collect();
    // A file system's clock may be coarse: a rewrite would show in a later second.
    std::thread::sleep(Duration::from_millis(1100));
    let mut args = vec!["check", "--fix", "--format", "json"];
    args.extend(NAMED);
    let run = iclint_in(root, &args, None, &[]);
    // What remains: the relative WORKDIR, which has no fix.
    let remaining = json_findings(&run.stdout);
    let codes: Vec<&str> = remaining
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["ICL102"], "{run:?}");
    assert_eq!(remaining[0]["file"], "left.dockerfile");
    assert_eq!(run.status, 1, "a warning remains: {run:?}");
    assert!(
        run.stderr.contains("fixed 5 findings in 3 files"),
        "{}",
        run.stderr
    );
    assert_eq!(
        read(root, "crlf.dockerfile"),
        "RUN yum install -y nginx\r\nWORKDIR /opt\r\n"
    );
    assert_eq!(
        read(root, "web.component.yaml"),
        "\u{feff}Name: web\nComponentVersion: \"1.0.0\"\nContent: |\n  RUN echo hi\n  WORKDIR /x\n"
    );
    assert_eq!(
        read(root, "api.component.json"),
        "{\"Name\": \"api\", \"ComponentVersion\": \"1.2.0\", \"ContentFile\": \"content/api.yaml\"}\n"
    );
    for (name, (time, text)) in untouched.iter().zip(before) {
        assert_eq!(mtime(root, name), time, "{name} was written");
        assert_eq!(read(root, name), text, "{name} changed");
    }
    // Idempotent: a second run finds nothing to fix and changes nothing.
    let fixed: Vec<String> = ["crlf.dockerfile", "web.component.yaml"]
        .iter()
        .map(|n| read(root, n))
        .collect();
    let again = iclint_in(root, &args, None, &[]);
    assert_eq!(again.stdout, run.stdout);
    assert_eq!(again.status, 1);
    assert!(!again.stderr.contains("fixed"), "{}", again.stderr);
    let now: Vec<String> = ["crlf.dockerfile", "web.component.yaml"]
        .iter()
        .map(|n| read(root, n))
        .collect();
    assert_eq!(now, fixed);
    // Nothing left that fails the run at `error`.
    let mut args = vec!["check", "--fix", "--fail-on", "error"];
    args.extend(NAMED);
    assert_eq!(iclint_in(root, &args, None, &[]).status, 0);
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let dir = repository();
    let root = dir.path();
    let before = read(root, "crlf.dockerfile");
    let mut args = vec!["check", "--diff"];
    args.extend(NAMED);
    let run = iclint_in(root, &args, None, &[]);
    assert_eq!(
        run.stdout,
        "--- a/api.component.json\n+++ b/api.component.json\n@@ -1 +1 @@\n\
         -{\"Name\": \"api\", \"ComponentVersion\": \"1.02.0\", \"ContentFile\": \"content/api.yaml\"}\n\
         +{\"Name\": \"api\", \"ComponentVersion\": \"1.2.0\", \"ContentFile\": \"content/api.yaml\"}\n\
         --- a/crlf.dockerfile\n+++ b/crlf.dockerfile\n@@ -1,2 +1,2 @@\n\
         -run yum install -y nginx\r\n-workdir /opt\r\n+RUN yum install -y nginx\r\n+WORKDIR /opt\r\n\
         --- a/web.component.yaml\n+++ b/web.component.yaml\n@@ -1,5 +1,5 @@\n \u{feff}Name: web\n\
         -ComponentVersion: \"01.00.0\"\n+ComponentVersion: \"1.0.0\"\n Content: |\n\
         -  run echo hi\n+  RUN echo hi\n   WORKDIR /x\n"
    );
    assert!(
        run.stderr.contains("5 fixes would change 3 files"),
        "{}",
        run.stderr
    );
    // The files as they are fail the run.
    assert_eq!(run.status, 1);
    assert_eq!(read(root, "crlf.dockerfile"), before);
    // The diff is standard output: no report can go there too.
    let conflict = iclint_in(
        root,
        &["check", "--diff", "--format", "json", "."],
        None,
        &[],
    );
    assert_eq!(conflict.status, 2, "{conflict:?}");
}

#[test]
fn fix_on_standard_input_prints_the_fixed_text_and_reports_on_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = iclint_in(
        dir.path(),
        &[
            "check",
            "--fix",
            "-",
            "--stdin-filename",
            "web.component.yaml",
            "--format",
            "json",
        ],
        Some(b"Name: web\r\nComponentVersion: 1.0.00\r\nContent: |\r\n  user root\r\n  workdir x\r\n"),
        &[],
    );
    assert_eq!(
        run.stdout,
        "Name: web\r\nComponentVersion: 1.0.0\r\nContent: |\r\n  USER root\r\n  WORKDIR x\r\n"
    );
    let remaining = run
        .stderr
        .lines()
        .filter(|l| l.contains("\"code\""))
        .count();
    assert_eq!(remaining, 1, "{}", run.stderr);
    assert!(run.stderr.contains("\"ICL102\""), "{}", run.stderr);
    assert_eq!(run.status, 1);
    // Nothing to fix: the text comes back as it was.
    let run = iclint_in(
        dir.path(),
        &["check", "--fix", "-", "--stdin-filename", "a.dockerfile"],
        Some(b"RUN echo\n"),
        &[],
    );
    assert_eq!(run.stdout, "RUN echo\n");
    assert_eq!(run.status, 0);
}

#[test]
fn the_configuration_decides_what_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        ".iclint.yaml",
        "per-file-ignores:\n  \"legacy/**\": [ICL101]\n",
    );
    write(root, "legacy/a.dockerfile", "run echo\n");
    write(root, "new/a.dockerfile", "run echo\n");
    let run = iclint_in(
        root,
        &["check", "--fix", "legacy/a.dockerfile", "new/a.dockerfile"],
        None,
        &[],
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(read(root, "legacy/a.dockerfile"), "run echo\n");
    assert_eq!(read(root, "new/a.dockerfile"), "RUN echo\n");
}

#[test]
fn inline_content_is_fixed_only_where_it_is_written_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // `\u0072un` is `run` written with an escape: the fix would have to rewrite the escape, and
    // leaves it; the plain `workdir` is fixed.
    let text = "Name: web\nContent: \"\\u0072un echo\\nworkdir /x\\n\"\n";
    write(root, "web.component.yaml", text);
    let run = iclint_in(root, &["check", "--fix", "web.component.yaml"], None, &[]);
    assert_eq!(
        read(root, "web.component.yaml"),
        "Name: web\nContent: \"\\u0072un echo\\nWORKDIR /x\\n\"\n"
    );
    assert_eq!(run.status, 1, "the escaped keyword remains: {run:?}");
}

#[test]
fn a_file_named_and_walked_is_fixed_and_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "web.component.yaml",
        "Name: w\nComponentVersion: 01.0.0\nContent: |\n  run x\n",
    );
    let run = iclint_in(
        root,
        &[
            "check",
            "--fix",
            ".",
            "web.component.yaml",
            "--format",
            "json",
        ],
        None,
        &[],
    );
    let codes: Vec<String> = json_findings(&run.stdout)
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["InvalidName.Malformed"], "{run:?}");
    assert_eq!(
        read(root, "web.component.yaml"),
        "Name: w\nComponentVersion: 1.0.0\nContent: |\n  RUN x\n"
    );
}

#[test]
fn an_unreadable_path_fails_the_run_after_the_other_files_are_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.dockerfile", "run x\nWORKDIR y\n");
    let run = iclint_in(
        root,
        &[
            "check",
            "--fix",
            "a.dockerfile",
            "missing.dockerfile",
            "--format",
            "json",
        ],
        None,
        &[],
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert_eq!(read(root, "a.dockerfile"), "RUN x\nWORKDIR y\n");
    assert_eq!(
        json_findings(&run.stdout).len(),
        1,
        "what remains is reported"
    );
    assert!(
        run.stderr.contains("cannot read `missing.dockerfile`"),
        "{}",
        run.stderr
    );
}

/// `iclint check --fix` of `text` as standard input named `name`: the fixed text, and the codes
/// of the findings that remain (in order).
fn fix_stdin(name: &str, text: &str) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let run = iclint_in(
        dir.path(),
        &[
            "check",
            "--fix",
            "-",
            "--stdin-filename",
            name,
            "--format",
            "json",
        ],
        Some(text.as_bytes()),
        &[],
    );
    assert_ne!(run.status, 2, "{run:?}");
    // Standard error: a line that says what was fixed, then the report.
    let report = run.stderr.trim_start_matches(|c| c != '[');
    let codes = json_findings(report)
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    (run.stdout, codes)
}

/// Fixes `text`, checks that fixing the result changes nothing, and returns the fixed text and
/// the codes that remain.
fn fix_twice(name: &str, text: &str) -> (String, Vec<String>) {
    let (fixed, codes) = fix_stdin(name, text);
    let (again, codes_again) = fix_stdin(name, &fixed);
    assert_eq!(again, fixed, "a second `--fix` changes nothing");
    assert_eq!(codes_again, codes);
    (fixed, codes)
}

#[test]
fn a_package_operation_gets_the_flag_that_answers_it() {
    let text = "RUN apt-get update && apt-get install nginx\r\n\
                RUN sudo apt-get -o a=b dist-upgrade && yum install httpd-{{ version }}\r\n\
                RUN dnf -q remove vim; zypper install git; zypper --root /x in y\r\n\
                RUN pip3 uninstall requests && conda create -n py3 python && add-apt-repository ppa:x/y\r\n\
                RUN apt-get install \\\r\n      -o Dpkg::Options::=--force-confold \\\r\n      nginx\r\n";
    let (fixed, codes) = fix_twice("a.dockerfile", text);
    assert_eq!(
        fixed,
        "RUN apt-get update && apt-get install -y nginx\r\n\
         RUN sudo apt-get -o a=b dist-upgrade -y && yum install -y httpd-{{ version }}\r\n\
         RUN dnf -q remove -y vim; zypper -n install git; zypper -n --root /x in y\r\n\
         RUN pip3 uninstall -y requests && conda create -y -n py3 python && add-apt-repository -y ppa:x/y\r\n\
         RUN apt-get install -y \\\r\n      -o Dpkg::Options::=--force-confold \\\r\n      nginx\r\n"
    );
    // `sudo` is no business of this fix.
    assert_eq!(codes, ["ICL502"]);
    // In the YAML format too, in every style of scalar.
    let tasks = "Tasks:\n  - Name: a\n    Action: RunShellCommand\n    Properties:\n      \
                 commandContent: \"apt-get update\\napt-get install nginx\"\n  - Name: b\n    \
                 Action: RunShellCommand\n    Properties:\n      commandContent: >\n        \
                 conda install\n        numpy\n";
    let (fixed, codes) = fix_twice("tasks.yaml", tasks);
    assert_eq!(
        fixed,
        tasks
            .replace("install n", "install -y n")
            .replace("conda install\n", "conda install -y\n")
    );
    assert!(codes.is_empty(), "{codes:?}");
}

#[test]
fn no_flag_is_inserted_where_the_word_is_not_written_plainly() {
    // The operation quoted, continued inside itself, a `{{ }}` reference, after `--`; the
    // program produced by an expansion is no finding at all.
    let text = "RUN apt-get \"install\" a\nRUN apt-get inst\\\nall b\nRUN yum {{ op }} c\n\
                RUN apt-get -- install d\nRUN $APT install e\n";
    let (fixed, codes) = fix_twice("a.dockerfile", text);
    assert_eq!(fixed, text);
    assert_eq!(codes, ["ICL501", "ICL501", "ICL501"], "{fixed}");
}

#[test]
fn a_reboot_that_ends_a_run_becomes_restart_on_a_line_of_its_own() {
    let text = "RUN yum update -y && reboot\r\n\
                RUN shutdown -r now\r\n\
                run echo a; sudo systemctl reboot ;  \r\n\
                RUN make && \\\r\n    init 6\r\n\
                RUN reboot \\\r\n    -f\r\n\
                RUN echo b\r\n";
    let (fixed, codes) = fix_twice("a.dockerfile", text);
    assert_eq!(
        fixed,
        "RUN yum update -y\r\nRESTART\r\nRESTART\r\nRUN echo a\r\nRESTART\r\nRUN make\r\nRESTART\r\nRESTART\r\nRUN echo b\r\n"
    );
    // The `sudo` went with the reboot.
    assert!(codes.is_empty(), "{codes:?}");
    // Inline content: the line break takes the block's indentation.
    let manifest = "Name: web\nContent: |\n  RUN apt-get install nginx && reboot\n  RUN echo\n";
    let (fixed, codes) = fix_twice("web.component.yaml", manifest);
    assert_eq!(
        fixed,
        "Name: web\nContent: |\n  RUN apt-get install -y nginx\n  RESTART\n  RUN echo\n"
    );
    assert!(codes.is_empty(), "{codes:?}");
}

#[test]
fn a_reboot_elsewhere_has_no_fix() {
    // In a pipeline, an `if`, a subshell, after `||`, before another command, behind a
    // redirection, in `CMD`, and in the YAML format, whose `Reboot` is a task of its own.
    let text = "RUN a | reboot\nRUN if true; then reboot; fi\nRUN (a && reboot)\n\
                RUN a || reboot\nRUN reboot && echo\nRUN reboot > /dev/null\nCMD reboot\n";
    let (fixed, codes) = fix_twice("a.dockerfile", text);
    assert_eq!(fixed, text);
    assert_eq!(codes, ["ICL506"; 7], "{fixed}");
    let tasks = "Tasks:\n  - Name: a\n    Action: RunShellCommand\n    Properties:\n      \
                 commandContent: yum update -y && reboot\n";
    let (fixed, codes) = fix_twice("tasks.yaml", tasks);
    assert_eq!(fixed, tasks);
    assert_eq!(codes, ["ICL506"]);
}

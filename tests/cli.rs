//! The `iclint` binary end to end: exit status, standard input, several files, the JSON contract,
//! hostile input and colour (docs/architecture.md, "Contracts").

mod common;

use common::{Run, iclint, iclint_with_env, json_findings};
use serde_json::Value;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------------
// Helpers

/// A fresh, empty directory for one test under Cargo's scratch directory.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the scratch directory is created");
    dir
}

/// Writes `contents` to `dir/name` and returns the path as a string for the command line.
fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("the test file is written");
    path.to_str().expect("scratch paths are UTF-8").to_string()
}

/// Content without findings.
const CLEAN: &str = "RUN echo hello\nWORKDIR /opt/app\n";
/// Content whose only finding is a warning (ICL102, relative WORKDIR).
const WARNING_ONLY: &str = "WORKDIR opt\n";
/// Content with an error (EmptyCommandContent.RUN).
const WITH_ERROR: &str = "RUN\n";

/// The run did not crash: a panic exits with 101 and says so on stderr.
fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && run.status != 101,
        "iclint panicked: {run:?}"
    );
}

/// The findings of a JSON report.
fn findings(run: &Run) -> Vec<Value> {
    let value: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("the JSON report parses ({e}): {run:?}"));
    value
        .as_array()
        .expect("the JSON report is an array")
        .clone()
}

fn codes(run: &Run) -> Vec<String> {
    findings(run)
        .iter()
        .map(|f| f["code"].as_str().expect("code is a string").to_string())
        .collect()
}

fn files(run: &Run) -> Vec<String> {
    findings(run)
        .iter()
        .map(|f| f["file"].as_str().expect("file is a string").to_string())
        .collect()
}

/// The keys of each object in a JSON array of objects, in the order they are written.
fn keys_in_order(json: &str) -> Vec<Vec<String>> {
    let mut objects = Vec::new();
    let mut depth = 0usize;
    let mut chars = json.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '[' | '{' => {
                depth += 1;
                if c == '{' && depth == 2 {
                    objects.push(Vec::new());
                }
            }
            ']' | '}' => depth -= 1,
            '"' => {
                let mut end = at + 1;
                let mut escaped = false;
                for (i, c) in chars.by_ref() {
                    match (escaped, c) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '"') => {
                            end = i;
                            break;
                        }
                        _ => {}
                    }
                }
                let is_key = json[end + 1..].trim_start().starts_with(':');
                if depth == 2 && is_key {
                    let key: String = serde_json::from_str(&json[at..=end]).expect("a JSON key");
                    objects.last_mut().expect("inside an object").push(key);
                }
            }
            _ => {}
        }
    }
    objects
}

// ---------------------------------------------------------------------------------------------
// Exit status

#[test]
fn a_clean_file_exits_0() {
    let dir = scratch("clean");
    let file = write(&dir, "clean.dockerfile", CLEAN);
    for level in ["error", "warning", "info", "never"] {
        let run = iclint(&["check", "--fail-on", level, &file], None);
        assert_eq!(run.status, 0, "--fail-on {level}: {run:?}");
        assert!(run.stderr.is_empty(), "{run:?}");
        assert!(
            run.stdout.ends_with("Checked 1 file: no problems found.\n"),
            "{run:?}"
        );
    }
}

#[test]
fn the_default_failure_level_is_warning() {
    let dir = scratch("default-level");
    let warning = write(&dir, "warning.dockerfile", WARNING_ONLY);
    let run = iclint(&["check", &warning], None);
    assert_eq!(run.status, 1, "{run:?}");
    assert!(run.stdout.contains("ICL102"), "{run:?}");
}

#[test]
fn fail_on_sets_the_level_that_fails() {
    let dir = scratch("fail-on");
    let warning = write(&dir, "warning.dockerfile", WARNING_ONLY);
    let error = write(&dir, "error.dockerfile", WITH_ERROR);
    let expected = [
        // (level, status for a warning only, status for an error)
        ("error", 0, 1),
        ("warning", 1, 1),
        ("info", 1, 1),
        ("never", 0, 0),
    ];
    for (level, on_warning, on_error) in expected {
        let run = iclint(
            &["check", "--format", "json", "--fail-on", level, &warning],
            None,
        );
        assert_eq!(
            run.status, on_warning,
            "warning, --fail-on {level}: {run:?}"
        );
        assert_eq!(codes(&run), ["ICL102"], "{run:?}");
        assert_eq!(findings(&run)[0]["severity"], "warning");

        let run = iclint(
            &["check", "--format", "json", "--fail-on", level, &error],
            None,
        );
        assert_eq!(run.status, on_error, "error, --fail-on {level}: {run:?}");
        assert_eq!(codes(&run), ["EmptyCommandContent.RUN"], "{run:?}");
        assert_eq!(findings(&run)[0]["severity"], "error");
    }
}

#[test]
fn a_missing_path_exits_2_and_still_reports_the_other_files() {
    let dir = scratch("missing");
    let warning = write(&dir, "warning.dockerfile", WARNING_ONLY);
    let missing = dir.join("no-such-file.dockerfile");
    let missing = missing.to_str().unwrap();

    let run = iclint(&["check", missing, &warning], None);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(
        run.stderr.contains(missing),
        "stderr names the path: {run:?}"
    );
    assert!(run.stderr.contains("no such file"), "{run:?}");
    assert!(run.stdout.contains("ICL102"), "{run:?}");
    assert!(run.stdout.contains("Checked 1 file"), "{run:?}");

    let run = iclint(&["check", "--format", "json", &warning, missing], None);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains(missing), "{run:?}");
    assert_eq!(codes(&run), ["ICL102"]);
    assert_eq!(files(&run), [warning.as_str()]);

    // A failed run is a failed run, whatever the failure level.
    let run = iclint(&["check", "--fail-on", "never", missing], None);
    assert_eq!(run.status, 2, "{run:?}");
}

#[test]
fn a_directory_is_walked_not_read() {
    let dir = scratch("directory");
    let clean = write(&dir, "clean.dockerfile", CLEAN);
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let sub = sub.to_str().unwrap();
    let run = iclint(&["check", sub, &clean], None);
    assert_eq!(run.status, 0, "{run:?}");
    assert!(run.stderr.is_empty(), "{run:?}");
    assert!(run.stdout.contains("Checked 1 file"), "{run:?}");
    assert_no_panic(&run);
}

#[test]
fn bad_arguments_exit_2() {
    let dir = scratch("bad-arguments");
    let clean = write(&dir, "clean.dockerfile", CLEAN);
    let cases: &[&[&str]] = &[
        &[],
        &["lint", &clean],
        &["check", "--no-such-flag", &clean],
        &["check", "--fail-on", "sometimes", &clean],
        &["check", "--format", "xml", &clean],
        &["check", "--color", "maybe", &clean],
        &["check", "--kind", "pipeline", &clean],
        &["check", "--system-type", "Solaris", &clean],
        &["check", "--stdin-filename"],
    ];
    for args in cases {
        let run = iclint(args, None);
        assert_eq!(run.status, 2, "{args:?}: {run:?}");
        assert!(!run.stderr.is_empty(), "{args:?}: clap explains: {run:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
    }
}

#[test]
fn help_and_version_exit_0() {
    for args in [&["--help"][..], &["--version"], &["check", "--help"]] {
        let run = iclint(args, None);
        assert_eq!(run.status, 0, "{args:?}: {run:?}");
        assert!(run.stdout.contains("iclint"), "{args:?}: {run:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Standard input

#[test]
fn stdin_is_named_stdin_by_default() {
    let run = iclint(&["check", "-"], Some(WARNING_ONLY.as_bytes()));
    assert_eq!(run.status, 1, "{run:?}");
    assert!(run.stdout.contains("<stdin>:1:9"), "{run:?}");

    let run = iclint(
        &["check", "--format", "json", "-"],
        Some(WARNING_ONLY.as_bytes()),
    );
    assert_eq!(files(&run), ["<stdin>"]);
    assert_eq!(codes(&run), ["ICL102"]);
}

#[test]
fn stdin_filename_names_stdin_in_every_format() {
    let name = "components/web/build.dockerfile";
    let run = iclint(
        &["check", "--stdin-filename", name, "-"],
        Some(WARNING_ONLY.as_bytes()),
    );
    assert_eq!(run.status, 1, "{run:?}");
    assert!(run.stdout.contains(&format!("{name}:1:9")), "{run:?}");
    assert!(!run.stdout.contains("<stdin>"), "{run:?}");

    let run = iclint(
        &["check", "--format", "json", "--stdin-filename", name, "-"],
        Some(WARNING_ONLY.as_bytes()),
    );
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(files(&run), [name]);
}

#[test]
fn stdin_given_twice_is_an_error_not_empty_content() {
    // Regression: the second `-` read the exhausted stream and reported MissingParameter.Content.
    let run = iclint(
        &["check", "--format", "json", "-", "-"],
        Some(WARNING_ONLY.as_bytes()),
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("more than once"), "{run:?}");
    assert_eq!(codes(&run), ["ICL102"], "stdin is linted once: {run:?}");
}

#[test]
fn clean_stdin_exits_0() {
    let run = iclint(&["check", "--format", "json", "-"], Some(CLEAN.as_bytes()));
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.stdout, "[]\n");
}

// ---------------------------------------------------------------------------------------------
// Several files

#[test]
fn several_files_are_reported_sorted_by_name() {
    let dir = scratch("several");
    let b = write(&dir, "b.dockerfile", WITH_ERROR);
    let a = write(&dir, "a.dockerfile", WARNING_ONLY);
    let c = write(&dir, "c.dockerfile", CLEAN);

    let run = iclint(&["check", "--format", "json", &c, &b, &a], None);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(files(&run), [a.as_str(), b.as_str()]);
    assert_eq!(codes(&run), ["ICL102", "EmptyCommandContent.RUN"]);

    let run = iclint(&["check", "--color", "never", &c, &b, &a], None);
    assert_eq!(run.status, 1, "{run:?}");
    let at_a = run.stdout.find(&format!("{a}:1:9")).expect("a's finding");
    let at_b = run.stdout.find(&format!("{b}:1:1")).expect("b's finding");
    assert!(at_a < at_b, "a before b: {run:?}");
    assert!(
        run.stdout
            .ends_with("Checked 3 files: 1 error, 1 warning, 0 infos.\n"),
        "{run:?}"
    );
}

#[test]
fn stdin_and_files_in_one_run() {
    let dir = scratch("stdin-and-files");
    let file = write(&dir, "z.dockerfile", WARNING_ONLY);
    let run = iclint(
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "zz.dockerfile",
            "-",
            &file,
        ],
        Some(WITH_ERROR.as_bytes()),
    );
    assert_eq!(run.status, 1, "{run:?}");
    // Sorted by name: the absolute path (`/...`) before `zz.dockerfile`, though given after it.
    assert_eq!(files(&run), [file.as_str(), "zz.dockerfile"]);
}

// ---------------------------------------------------------------------------------------------
// The JSON contract

const JSON_KEYS: [&str; 9] = [
    "file",
    "code",
    "severity",
    "message",
    "line",
    "column",
    "end_line",
    "end_column",
    "help",
];

#[test]
fn json_findings_have_exactly_the_contract_keys_in_order() {
    let dir = scratch("json-keys");
    let warning = write(&dir, "warning.dockerfile", WARNING_ONLY);
    let error = write(&dir, "error.dockerfile", WITH_ERROR);
    // `FROM` without an image in a template: a finding without help.
    let template = write(&dir, "template.dockerfile", "FROM\n");
    let run = iclint(
        &[
            "check", "--format", "json", "--kind", "template", &warning, &error, &template,
        ],
        None,
    );
    assert_eq!(run.status, 1, "{run:?}");
    let objects = keys_in_order(&run.stdout);
    assert_eq!(objects.len(), 3, "{run:?}");
    for keys in &objects {
        assert_eq!(keys, &JSON_KEYS, "{run:?}");
    }
    for finding in findings(&run) {
        let object = finding.as_object().unwrap();
        assert_eq!(object.len(), JSON_KEYS.len());
        for key in ["file", "code", "message"] {
            assert!(object[key].is_string(), "{key}: {finding}");
        }
        assert!(
            ["error", "warning", "info"].contains(&object["severity"].as_str().unwrap()),
            "{finding}"
        );
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(
                object[key].as_u64().is_some_and(|n| n >= 1),
                "{key}: {finding}"
            );
        }
        assert!(
            object["help"].is_string() || object["help"].is_null(),
            "{finding}"
        );
    }
    assert!(
        findings(&run).iter().any(|f| f["help"].is_null()),
        "a finding without help has `\"help\": null`: {run:?}"
    );
}

#[test]
fn json_columns_count_characters_and_ends_are_exclusive() {
    let content = "# 注释 comment\nWORKDIR 目录\nRUN echo 😀中文 \\\n";
    let run = iclint(
        &["check", "--format", "json", "-"],
        Some(content.as_bytes()),
    );
    assert_eq!(run.status, 1, "{run:?}");
    let found = findings(&run);
    assert_eq!(found.len(), 2, "{run:?}");
    let at = |f: &Value| {
        [
            f["line"].as_u64().unwrap(),
            f["column"].as_u64().unwrap(),
            f["end_line"].as_u64().unwrap(),
            f["end_column"].as_u64().unwrap(),
        ]
    };
    // `目录` is characters 9 and 10 of line 2 (bytes 8..14).
    assert_eq!(found[0]["code"], "ICL102");
    assert_eq!(at(&found[0]), [2, 9, 2, 11]);
    // The `\` after `RUN echo 😀中文 ` (13 characters, 20 bytes) is character 14.
    assert_eq!(found[1]["code"], "InvalidCommandContent.RUN");
    assert_eq!(at(&found[1]), [3, 14, 3, 15]);
}

#[test]
fn json_columns_on_a_very_long_line() {
    // Findings far into one long line (a minified script): columns still count characters.
    // (Regression: each position used to count the line from its start, quadratic in findings.)
    let prefix = format!("RUN echo {}{} ", "中".repeat(3000), "😀é".repeat(2000));
    let content = format!("# x\n{prefix}\\\n");
    let run = iclint(
        &["check", "--format", "json", "-"],
        Some(content.as_bytes()),
    );
    let found = findings(&run);
    let dangling = found
        .iter()
        .find(|f| f["code"] == "InvalidCommandContent.RUN")
        .unwrap_or_else(|| panic!("the dangling `\\` is reported: {run:?}"));
    let column = prefix.chars().count() as u64 + 1;
    assert_eq!(dangling["line"], 2);
    assert_eq!(dangling["column"], column);
    assert_eq!(dangling["end_column"], column + 1);

    // Many findings on one line, each at its own column.
    let content = format!("ENV {}\n", "é=1 ".repeat(3000));
    let run = iclint(
        &["check", "--format", "json", "-"],
        Some(content.as_bytes()),
    );
    assert_no_panic(&run);
    let columns: Vec<u64> = findings(&run)
        .iter()
        .map(|f| f["column"].as_u64().unwrap())
        .collect();
    assert!(columns.len() >= 3000, "{} findings", columns.len());
    assert!(
        columns.windows(2).all(|w| w[0] <= w[1]),
        "findings in order"
    );
    // The last item, `é=1`, is characters 4 * 2999 + 5 to 4 * 2999 + 7 (bytes are 5 per item).
    let last = *columns.last().unwrap();
    assert!((4 * 2999 + 5..=4 * 2999 + 7).contains(&last), "{last}");
}

#[test]
fn the_human_report_survives_a_finding_past_column_65535() {
    let content = format!("RUN echo {} \\\n", "x".repeat(70_000));
    let run = iclint(
        &["check", "--color", "never", "-"],
        Some(content.as_bytes()),
    );
    assert_no_panic(&run);
    assert_eq!(run.status, 1, "{run:?}");
    assert!(run.stdout.contains("InvalidCommandContent.RUN"), "{run:?}");
}

#[test]
fn json_for_a_clean_file_is_an_empty_array() {
    let dir = scratch("json-clean");
    let clean = write(&dir, "clean.dockerfile", CLEAN);
    let run = iclint(&["check", "--format", "json", &clean], None);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.stdout, "[]\n");
    assert!(run.stderr.is_empty(), "{run:?}");
}

// ---------------------------------------------------------------------------------------------
// Hostile input

/// Runs `content` through stdin in both formats; returns the JSON run.
fn check_stdin(content: &[u8]) -> Run {
    let human = iclint(&["check", "--color", "never", "-"], Some(content));
    assert_no_panic(&human);
    let json = iclint(&["check", "--format", "json", "-"], Some(content));
    assert_no_panic(&json);
    assert_eq!(human.status, json.status, "{human:?} {json:?}");
    json
}

#[test]
fn an_empty_file_is_missing_content() {
    let dir = scratch("empty");
    let empty = write(&dir, "empty.dockerfile", "");
    let run = iclint(&["check", "--format", "json", &empty], None);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(codes(&run), ["MissingParameter.Content"]);
    let run = iclint(&["check", &empty], None);
    assert_eq!(run.status, 1, "{run:?}");
    assert!(run.stdout.contains("MissingParameter.Content"), "{run:?}");
}

#[test]
fn blank_content_is_missing_content() {
    for content in [
        "   ",
        "\n\n\n",
        " \t\r\n\t \n",
        "\u{feff}",
        "\u{feff}\r\n  ",
    ] {
        let run = check_stdin(content.as_bytes());
        assert_eq!(run.status, 1, "{content:?}: {run:?}");
        assert_eq!(codes(&run), ["MissingParameter.Content"], "{content:?}");
    }
}

#[test]
fn invalid_utf8_is_reported_not_panicked_on() {
    let cases: &[(&[u8], &str)] = &[
        (b"RUN echo \xff\n", "0xFF"),
        (b"\xfe\xffRUN echo\n", "0xFE"),
        // `中文` in GBK.
        (b"RUN echo \xd6\xd0\xce\xc4\n", "0xD6"),
        // A multibyte character cut short by the end of the file.
        (b"RUN echo \xe4\xb8", "0xE4 0xB8"),
        // Valid UTF-8 (`café`), then Latin-1 (`été`).
        (b"WORKDIR /opt\nRUN echo caf\xc3\xa9 \xe9t\xe9\n", "0xE9"),
    ];
    for &(content, shown) in cases {
        let run = check_stdin(content);
        assert_eq!(run.status, 1, "{content:?}: {run:?}");
        assert_eq!(codes(&run), ["ICL002"], "{content:?}");
        let message = findings(&run)[0]["message"].as_str().unwrap().to_string();
        assert!(message.contains("not valid UTF-8"), "{message}");
        assert!(message.contains(shown), "{message} should show {shown}");
    }
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    let run = check_stdin("# é\nRUN echo 中\u{1}\u{2}".as_bytes());
    assert_no_panic(&run);
    let mut content = "# é\nRUN echo 中 ".as_bytes().to_vec();
    content.push(0xff);
    let run = check_stdin(&content);
    let finding = &findings(&run)[0];
    assert_eq!(finding["code"], "ICL002");
    assert_eq!(finding["line"], 2);
    // `RUN echo 中 ` is 11 characters.
    assert_eq!(finding["column"], 12);
    assert_eq!(finding["end_column"], 13);
}

#[test]
fn binary_content_is_reported_not_panicked_on() {
    let cases: &[&[u8]] = &[
        b"\0",
        b"RUN echo\0hi\n",
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        b"\xff\xfe\0R\0U\0N\0",
    ];
    for content in cases {
        let run = check_stdin(content);
        assert_eq!(run.status, 1, "{content:?}: {run:?}");
        assert_eq!(codes(&run), ["ICL002"], "{content:?}");
        let message = findings(&run)[0]["message"].as_str().unwrap().to_string();
        assert!(message.contains("binary file: NUL byte"), "{message}");
    }
}

#[test]
fn a_nul_byte_past_the_sniffed_start_does_not_crash() {
    let mut content = "RUN echo hi\n".repeat(800).into_bytes();
    content.extend_from_slice(b"RUN echo \0\n");
    let run = check_stdin(&content);
    assert!(run.status == 0 || run.status == 1, "{run:?}");
}

#[test]
fn a_file_over_8_mib_is_reported_by_size_alone() {
    let dir = scratch("huge");
    let path = dir.join("huge.dockerfile");
    let size = 8 * 1024 * 1024 + 1;
    std::fs::File::create(&path)
        .and_then(|file| file.set_len(size))
        .expect("a sparse file is created");
    let path = path.to_str().unwrap();
    let run = iclint(&["check", "--format", "json", path], None);
    assert_no_panic(&run);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(codes(&run), ["InvalidContent.LengthExceeded"]);
    let finding = &findings(&run)[0];
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains(&size.to_string()),
        "the message gives the size: {finding}"
    );
    assert_eq!(finding["line"], 1);
    assert_eq!(finding["column"], 1);

    let run = iclint(&["check", "--color", "never", path], None);
    assert_no_panic(&run);
    assert_eq!(run.status, 1, "{run:?}");
    assert!(
        run.stdout.contains("InvalidContent.LengthExceeded"),
        "{run:?}"
    );
}

#[test]
fn stdin_over_8_mib_is_reported_by_size_alone() {
    // Exactly one byte over the cap: iclint reads all of it, so writing it cannot fail.
    let content = vec![b'#'; 8 * 1024 * 1024 + 1];
    let run = iclint(&["check", "--format", "json", "-"], Some(&content));
    assert_no_panic(&run);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(codes(&run), ["InvalidContent.LengthExceeded"]);
    assert!(
        findings(&run)[0]["message"]
            .as_str()
            .unwrap()
            .contains("more than 8 MiB"),
        "{run:?}"
    );
}

#[test]
fn content_over_16_kb_is_reported_once() {
    // Multibyte characters straddle the limit: the finding starts on a character boundary.
    let content = "RUN echo 中文中文中文中文中文中文\n".repeat(400);
    let run = check_stdin(content.as_bytes());
    assert_eq!(run.status, 1, "{run:?}");
    let codes = codes(&run);
    assert_eq!(
        codes
            .iter()
            .filter(|c| *c == "InvalidContent.LengthExceeded")
            .count(),
        1,
        "{codes:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Colour

const ESC: &str = "\u{1b}[";

#[test]
fn no_colour_unless_asked_for() {
    let dir = scratch("colour");
    let warning = write(&dir, "warning.dockerfile", WARNING_ONLY);

    // stdout is a pipe here, so `auto` means no colour.
    let run = iclint(&["check", &warning], None);
    assert_eq!(run.status, 1);
    assert!(!run.stdout.contains(ESC), "default: {run:?}");

    let run = iclint(&["check", "--color", "never", &warning], None);
    assert!(!run.stdout.contains(ESC), "--color never: {run:?}");

    let run = iclint(&["check", "--color", "auto", &warning], None);
    assert!(!run.stdout.contains(ESC), "--color auto: {run:?}");

    let run = iclint_with_env(&["check", &warning], None, &[("NO_COLOR", "1")]);
    assert!(!run.stdout.contains(ESC), "NO_COLOR=1: {run:?}");
    assert!(run.stdout.contains("ICL102"), "{run:?}");
}

#[test]
fn content_cannot_write_escape_sequences_to_the_terminal() {
    let content = "RUN echo \u{1b}[31mred\u{1b}]0;title\u{7} \\\n";
    let run = iclint(
        &["check", "--color", "never", "-"],
        Some(content.as_bytes()),
    );
    assert_eq!(run.status, 1, "{run:?}");
    assert!(!run.stdout.contains('\u{1b}'), "{run:?}");
    assert!(!run.stdout.contains('\u{7}'), "{run:?}");
}

#[test]
fn colour_always_colours() {
    let dir = scratch("colour-always");
    let warning = write(&dir, "warning.dockerfile", WARNING_ONLY);
    let run = iclint(&["check", "--color", "always", &warning], None);
    assert_eq!(run.status, 1);
    assert!(run.stdout.contains(ESC), "--color always: {run:?}");

    // An explicit choice beats the environment, which only turns `auto` off.
    let run = iclint_with_env(
        &["check", "--color", "always", &warning],
        None,
        &[("NO_COLOR", "1")],
    );
    assert!(
        run.stdout.contains(ESC),
        "--color always with NO_COLOR: {run:?}"
    );

    // JSON is never coloured.
    let run = iclint(
        &["check", "--color", "always", "--format", "json", &warning],
        None,
    );
    assert!(!run.stdout.contains(ESC), "{run:?}");
    assert_eq!(codes(&run), ["ICL102"]);
}

// ---------------------------------------------------------------------------------------------
// Runaway and lost output

#[test]
fn a_huge_thread_count_is_capped() {
    // Regression: `--threads 100000` started that many threads.
    let run = iclint(
        &["check", "--format", "json", "--threads", "100000", "-"],
        Some(WARNING_ONLY.as_bytes()),
    );
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(codes(&run), ["ICL102"]);
    let run = iclint(
        &[
            "check",
            "--format",
            "json",
            "--threads",
            "100000",
            "fixtures/request",
        ],
        None,
    );
    assert_eq!(run.status, 1, "{run:?}");
}

#[test]
fn two_reports_to_one_file_are_an_error() {
    let dir = scratch("same-output");
    let out = dir.join("same.out");
    let out = out.to_str().unwrap();
    let run = iclint(
        &[
            "check", "--format", "json", "-o", out, "--format", "sarif", "-o", out, "-",
        ],
        Some(WARNING_ONLY.as_bytes()),
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("two reports would go to"), "{run:?}");
}

#[test]
fn stdin_filename_without_stdin_is_an_error() {
    let run = iclint(
        &[
            "check",
            "--stdin-filename",
            "x.dockerfile",
            "examples/nginx-fixed.dockerfile",
        ],
        None,
    );
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("`-` is not among the paths"), "{run:?}");
}

#[test]
fn utf16_is_named_as_such() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "RUN echo hi\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let run = iclint(&["check", "--format", "json", "-"], Some(&bytes));
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(codes(&run), ["ICL002"]);
    assert!(run.stdout.contains("UTF-16LE"), "{}", run.stdout);
}

#[test]
fn explain_takes_a_rule_name_too() {
    let by_code = iclint(&["explain", "ICL102"], None);
    let by_name = iclint(&["explain", "relative-workdir"], None);
    assert_eq!(by_name.status, 0, "{by_name:?}");
    assert_eq!(by_name.stdout, by_code.stdout);
}

#[test]
fn nothing_checked_is_said_not_passed() {
    // `examples/` holds raw Dockerfile-format files, which a walk skips by design.
    let run = iclint(&["check", "--color", "never", "examples"], None);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(run.stdout, "No file was checked.\n");
    assert!(run.stderr.contains("no file to check"), "{run:?}");
    assert!(run.stderr.contains("content-files"), "{run:?}");
    // A missing path: an error, and no claim that nothing was wrong.
    let run = iclint(&["check", "--color", "never", "nope/"], None);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(!run.stdout.contains("no problems found"), "{run:?}");
}

/// A tab in YAML indentation is pointed at on its own line, not at the line before where the
/// parser began to read; a finding's label is words (`invalid manifest`), not the rule's slug.
#[test]
fn a_tab_in_yaml_indentation_is_pointed_at_and_labels_are_words() {
    let content = b"Tasks:\n  - Name: a\n\tAction: RunShellCommand\n";
    let run = iclint(
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "tasks.yaml",
            "-",
        ],
        Some(content),
    );
    let findings = json_findings(&run.stdout);
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("spaces only"),
        "{}",
        run.stdout
    );
    let manifest = b"Name: x\nContent: |\n  RUN a\n\tWORKDIR /x\n";
    let run = iclint(
        &[
            "check",
            "--color",
            "never",
            "--stdin-filename",
            "x.component.yaml",
            "-",
        ],
        Some(manifest),
    );
    assert!(
        run.stdout.contains("x.component.yaml:4:1]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("── invalid manifest"), "{}", run.stdout);
    assert!(!run.stdout.contains("invalid-manifest"), "{}", run.stdout);
}

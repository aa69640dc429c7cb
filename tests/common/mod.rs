//! Running the real `iclint` binary from integration tests.
#![allow(dead_code)] // each test crate uses a different part

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the binary printed and returned.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

/// The repository root: fixtures are named relative to it, so reports show stable paths.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `iclint` with `args` in the repository root, with `stdin` as standard input, a fixed
/// width and no colour settings inherited from the environment.
pub fn iclint(args: &[&str], stdin: Option<&[u8]>) -> Run {
    iclint_with_env(args, stdin, &[])
}

/// As [`iclint`], with the variables `env` set on top (e.g. `NO_COLOR`).
pub fn iclint_with_env(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    iclint_in(&root(), args, stdin, env)
}

/// As [`iclint_with_env`], run in the directory `dir`.
pub fn iclint_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iclint"))
        .args(args)
        .current_dir(dir)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        // ShellCheck only where a test asks for it (`--shellcheck`, or this variable in `env`):
        // whether it is installed must not change the other tests' reports.
        .env("ICLINT_SHELLCHECK", "never")
        // No index cache: these runs stand in the project's own tree (fixtures), which a test
        // must not write into. `tests/cache.rs` turns it on (`ICLINT_NO_CACHE=0`) in its own
        // temporary repositories.
        .env("ICLINT_NO_CACHE", "1")
        .envs(env.iter().copied())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the iclint binary starts");
    if let Some(input) = stdin {
        // A run that stops before reading its input (a usage error, exit 2) closes the pipe:
        // that is the binary's right, and the test judges its exit status and output instead.
        match child.stdin.take().expect("stdin is piped").write_all(input) {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
            written => written.expect("stdin is written"),
        }
    }
    let output = child.wait_with_output().expect("iclint runs to the end");
    Run {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        status: output.status.code().expect("iclint exits with a status"),
    }
}

/// The extra command-line arguments of a fixture: the lines of `<fixture>.args`, if present.
pub fn fixture_args(fixture: &Path) -> Vec<String> {
    let args = fixture.with_extension("args");
    std::fs::read_to_string(args)
        .map(|text| {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `tool --version` runs. A test that needs a tool fails without it when `CI` is set
/// (`.ci/run` installs every tool the tests run); elsewhere it is skipped with a note.
pub fn has_tool(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "`{tool}` is not installed, and CI needs it (`.ci/run` installs it)"
        );
        eprintln!("note: `{tool}` is not installed: its tests are skipped");
    }
    found
}

/// Whether `shellcheck` runs ([`has_tool`]).
pub fn has_shellcheck() -> bool {
    has_tool("shellcheck")
}

/// `path` relative to the repository root, with `/` separators.
pub fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The findings of a `--format json` report.
pub fn json_findings(json: &str) -> Vec<serde_json::Value> {
    let report: serde_json::Value = serde_json::from_str(json).expect("the JSON report parses");
    report
        .as_array()
        .expect("the JSON report is an array")
        .clone()
}

/// `file code` of each finding of a run that wrote `--format json`.
pub fn file_codes(run: &Run) -> Vec<String> {
    json_findings(&run.stdout)
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["file"].as_str().unwrap(),
                f["code"].as_str().unwrap()
            )
        })
        .collect()
}

//! `cargo bench --bench scaling`: how linting time grows with the input, shape by shape. Each
//! shape is linted at size n and 8n (median of several runs) and the ratio printed: a linear
//! shape grows about 8x; over 12x is a defect to fix, not a figure to record (`--strict` exits
//! with status 1 then). Shapes that were quadratic once are here, and the ones that never were.
//! The sizes are large enough that both runs of a shape leave the processor's caches, so the
//! ratio measures the algorithm, not the memory hierarchy.
//!
//! ```text
//! cargo bench --bench scaling                 # every shape
//! cargo bench --bench scaling -- --strict     # exit status 1 when a shape grows over 12x
//! cargo bench --bench scaling -- tags          # the shapes whose name holds `tags`
//! ```

use iclint::{FileKind, Options, lint_text};
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// One input shape: a name, and the files it makes at size `n` (one file for most).
struct Shape {
    name: &'static str,
    /// The `n` of the small size.
    n: usize,
    make: fn(usize) -> Vec<(String, String)>,
}

fn dockerfile(name: &str, text: String) -> Vec<(String, String)> {
    vec![(name.to_string(), text)]
}

const SHAPES: &[Shape] = &[
    Shape {
        name: "RUN lines",
        n: 20_000,
        make: |n| {
            dockerfile(
                "x.dockerfile",
                (0..n).map(|i| format!("RUN echo {i}\n")).collect(),
            )
        },
    },
    Shape {
        name: "one long line",
        n: 100_000,
        make: |n| dockerfile("x.dockerfile", format!("RUN echo {}\n", "a ".repeat(n))),
    },
    Shape {
        name: "continuation lines",
        n: 5_000,
        make: |n| {
            dockerfile(
                "x.dockerfile",
                format!("RUN true{}\n", " \\\n  && echo x".repeat(n)),
            )
        },
    },
    Shape {
        name: "a directive per command",
        n: 10_000,
        make: |n| {
            dockerfile(
                "x.dockerfile",
                (0..n)
                    .map(|i| format!("# iclint ignore=ICL102\nWORKDIR rel{i}\n"))
                    .collect(),
            )
        },
    },
    Shape {
        name: "consecutive directives in YAML",
        n: 2_000,
        make: |n| {
            let comments = "# iclint ignore=ICL202\n".repeat(n);
            dockerfile(
                "x.yaml",
                format!(
                    "{comments}Tasks:\n  - Name: a\n    Action: RunShellCommand\n    Properties:\n      commandContent: echo\n"
                ),
            )
        },
    },
    Shape {
        name: "tasks",
        n: 500,
        make: |n| {
            let tasks: String = (0..n)
                .map(|i| {
                    format!(
                        "  - Name: t{i}\n    Action: RunShellCommand\n    Properties:\n      commandContent: echo {{{{ p }}}} {i}\n"
                    )
                })
                .collect();
            dockerfile(
                "x.yaml",
                format!("Parameters:\n  p: {{Type: String, DefaultValue: x}}\nTasks:\n{tasks}"),
            )
        },
    },
    Shape {
        name: "long parameter and reference names",
        n: 2_000,
        make: |n| {
            let name = "p".repeat(n);
            let other = "q".repeat(n);
            dockerfile(
                "x.yaml",
                format!(
                    "Parameters:\n  {name}: {{Type: String, DefaultValue: x}}\nTasks:\n  - Name: a\n    Action: RunShellCommand\n    Properties:\n      commandContent: echo {{{{ {other} }}}}\n"
                ),
            )
        },
    },
    Shape {
        name: "unknown references, many parameters",
        n: 300,
        make: |n| {
            let parameters: String = (0..n)
                .map(|i| format!("  param{i}: {{Type: String, DefaultValue: x}}\n"))
                .collect();
            let references: String = (0..n).map(|i| format!(" {{{{ other{i} }}}}")).collect();
            dockerfile(
                "x.yaml",
                format!(
                    "Parameters:\n{parameters}Tasks:\n  - Name: a\n    Action: RunShellCommand\n    Properties:\n      commandContent: echo{references}\n"
                ),
            )
        },
    },
    Shape {
        name: "tags",
        // Five nodes a tag: 8n stays under the YAML reader's cap of 100,000 nodes (beyond it the
        // parse stops with ICL003, on the full parser, and the shape compares two other things).
        n: 2_000,
        make: |n| {
            let tags: String = (0..n)
                .map(|i| format!("  - Key: k{i}\n    Value: v\n"))
                .collect();
            vec![(
                "x.component.yaml".to_string(),
                format!("Name: web\nTag:\n{tags}Content: |\n  RUN true\n"),
            )]
        },
    },
    Shape {
        name: "COMPONENT lines",
        n: 1_000,
        make: |n| {
            let lines: String = (0..n)
                .map(|i| format!("  COMPONENT ic-bp1abcdefghijklmn{i} --port {i}\n"))
                .collect();
            vec![(
                "x.template.yaml".to_string(),
                format!("Name: web-image\nBuildContent: |\n{lines}"),
            )]
        },
    },
    Shape {
        name: "many --params on one COMPONENT line",
        n: 1_000,
        make: |n| {
            let params: String = (0..n).map(|i| format!(" --p{i} v")).collect();
            vec![(
                "x.template.yaml".to_string(),
                format!(
                    "Name: web-image\nBuildContent: |\n  COMPONENT ic-bp1abcdefghijklmnopq{params}\n"
                ),
            )]
        },
    },
    Shape {
        name: "cross-file: unknown --params, many declared",
        n: 300,
        make: |n| {
            let declared: String = (0..n)
                .map(|i| format!("    d{i}: {{Type: String, DefaultValue: x}}\n"))
                .collect();
            let passed: String = (0..n).map(|i| format!(" --u{i} v")).collect();
            vec![
                (
                    "web.component.yaml".to_string(),
                    format!(
                        "Name: web\nComponentVersion: 1.0.0\nContent: |\n  Parameters:\n{declared}  Tasks:\n    - Name: a\n      Action: RunShellCommand\n      Properties:\n        commandContent: echo\n"
                    ),
                ),
                (
                    "web.template.yaml".to_string(),
                    format!(
                        "Name: web-image\nBuildContent: |\n  COMPONENT acs:ecs:cn-hangzhou:1:imagecomponent/web/1.0.0{passed}\n"
                    ),
                ),
            ]
        },
    },
    Shape {
        name: "cross-file: component references",
        n: 200,
        make: |n| {
            let mut files: Vec<(String, String)> = (0..n)
                .map(|i| {
                    (
                        format!("c{i}.component.yaml"),
                        format!("Name: c{i}\nComponentVersion: 1.0.0\nContent: |\n  RUN true\n"),
                    )
                })
                .collect();
            let lines: String = (0..n)
                .map(|i| format!("  COMPONENT acs:ecs:cn-hangzhou:1:imagecomponent/c{i}/1.0.*\n"))
                .collect();
            files.push((
                "web.template.yaml".to_string(),
                format!("Name: web-image\nBuildContent: |\n{lines}"),
            ));
            files
        },
    },
];

/// How long linting `files` takes: in this process for one file, through the binary (the
/// checks across files) for several; the fastest of `runs` after one to warm up (the least
/// disturbed by a shared machine).
fn time(files: &[(String, String)], runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..=runs)
        .map(|_| match files {
            [(name, text)] => {
                let kind = FileKind::of(Path::new(name));
                let options = Options::default();
                let start = Instant::now();
                let lint = lint_text(name, text, kind, &options);
                let elapsed = start.elapsed();
                std::hint::black_box(lint);
                elapsed
            }
            _ => run_binary(files),
        })
        .collect();
    times.remove(0);
    times.into_iter().min().expect("at least one run")
}

fn run_binary(files: &[(String, String)]) -> Duration {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scaling");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write a file");
    }
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_iclint"))
        // ShellCheck, where it is installed, would run once per file: its time, not iclint's.
        .args(["check", "--format", "json", "--shellcheck", "never", "."])
        .current_dir(&dir)
        .stdout(Stdio::null())
        .status()
        .expect("run iclint");
    assert!(status.code().is_some_and(|c| c <= 1), "iclint failed");
    start.elapsed()
}

fn main() -> ExitCode {
    let strict = std::env::args().any(|a| a == "--strict");
    // Other arguments choose shapes by a part of their name (cargo passes `--bench` itself).
    let chosen: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let mut table = String::new();
    let _ = writeln!(
        table,
        "| {:<44} | {:>10} | {:>10} | {:>6} | result |",
        "shape", "n", "8n", "ratio"
    );
    let _ = writeln!(
        table,
        "|{:-<46}|{:-<12}|{:-<12}|{:-<8}|--------|",
        "", "", "", ""
    );
    let mut failed = false;
    for shape in SHAPES {
        if !chosen.is_empty() && !chosen.iter().any(|c| shape.name.contains(c.as_str())) {
            continue;
        }
        let small = (shape.make)(shape.n);
        let large = (shape.make)(shape.n * 8);
        let runs = 5;
        let small_time = time(&small, runs);
        let large_time = time(&large, runs);
        let ratio = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-9);
        let pass = ratio <= 12.0;
        failed |= !pass;
        let _ = writeln!(
            table,
            "| {:<44} | {:>8.2}ms | {:>8.2}ms | {:>5.1}x | {:<6} |",
            shape.name,
            small_time.as_secs_f64() * 1e3,
            large_time.as_secs_f64() * 1e3,
            ratio,
            if pass { "PASS" } else { "FAIL" }
        );
    }
    print!("{table}");
    if failed && strict {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

//! Hostile YAML and manifests: each gets a clear finding, never a panic, a hang or a stack
//! overflow. Nothing here is timed; a run that hung would fail by never finishing.

mod common;

use common::{iclint, json_findings};
use iclint::{FileKind, ManifestSyntax, Options, lint_text};

/// The codes of a JSON report.
fn codes(json: &str) -> Vec<String> {
    json_findings(json)
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn check_stdin(name: &str, content: &[u8]) -> (Vec<String>, String) {
    let run = iclint(
        &["check", "--format", "json", "--stdin-filename", name, "-"],
        Some(content),
    );
    assert!(
        matches!(run.status, 0 | 1),
        "{name}: exit {} {}",
        run.status,
        run.stderr
    );
    (codes(&run.stdout), run.stdout)
}

const ALIAS_BOMB: &str = "\
Parameters: &a0
  x: {Type: String, DefaultValue: lol}
A1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
A2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
A3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
A4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
A5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
A6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
A7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]
A8: &a8 [*a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7]
A9: &a9 [*a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8]
Tasks:
  - Name: t
    Action: RunShellCommand
    Properties:
      commandContent: *a9
";

#[test]
fn an_alias_bomb_is_never_expanded() {
    let (codes, _) = check_stdin("bomb.yaml", ALIAS_BOMB.as_bytes());
    // The unknown keys are reported; the aliases are left alone.
    assert!(codes.iter().any(|c| c == "ICL201"), "{codes:?}");
    let manifest = format!(
        "Name: bomb\nContent: |\n{}",
        ALIAS_BOMB
            .lines()
            .map(|l| format!("  {l}\n"))
            .collect::<String>()
    );
    let (codes, _) = check_stdin("bomb.component.yaml", manifest.as_bytes());
    assert!(codes.iter().any(|c| c == "ICL201"), "{codes:?}");
    let manifest_bomb = format!("{ALIAS_BOMB}Content: *a9\n");
    let (codes, _) = check_stdin("bomb2.component.yaml", manifest_bomb.as_bytes());
    assert!(!codes.is_empty());
}

fn deep_inputs() -> Vec<(&'static str, String)> {
    let depth = 100_000;
    vec![
        (
            "flow sequences",
            format!("Tasks: {}{}\n", "[".repeat(depth), "]".repeat(depth)),
        ),
        (
            "flow mappings",
            format!("Tasks: {}x{}\n", "{a: ".repeat(depth), "}".repeat(depth)),
        ),
        (
            "block sequences",
            format!("Tasks:\n{}x\n", "- ".repeat(depth)),
        ),
        (
            "block mappings",
            format!(
                "Tasks:\n{}",
                (0..2_000)
                    .map(|i| format!("{}k{i}:\n", " ".repeat(i + 1)))
                    .collect::<String>()
            ),
        ),
    ]
}

#[test]
fn deep_nesting_is_a_finding_not_a_stack_overflow() {
    for (what, content) in deep_inputs() {
        let (codes, json) = check_stdin("deep.yaml", content.as_bytes());
        assert!(
            codes.iter().any(|c| c == "InvalidParameter.Content"),
            "{what}: {json}"
        );
        let manifest = format!("Name: deep\nContent: {content:?}\n");
        let (codes, json) = check_stdin("deep.component.yaml", manifest.as_bytes());
        assert!(!codes.is_empty(), "{what} in a manifest: {json}");
        let raw_manifest = format!(
            "Name: deep\nTag: {}",
            &content["Tasks: ".len().min(content.len())..]
        );
        let (codes, _) = check_stdin("deep2.component.yaml", raw_manifest.as_bytes());
        assert!(!codes.is_empty(), "{what} as a manifest value");
    }
}

#[test]
fn deep_nesting_on_a_small_worker_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            for (what, content) in deep_inputs() {
                let lint = lint_text("x", &content, FileKind::Content, &Options::default());
                assert!(!lint.diagnostics.is_empty(), "{what}");
                let manifest = FileKind::ComponentManifest(ManifestSyntax::Yaml);
                let lint = lint_text("x.component.yaml", &content, manifest, &Options::default());
                assert!(!lint.diagnostics.is_empty(), "{what} as a manifest");
            }
        })
        .expect("the thread starts");
    handle
        .join()
        .expect("no stack overflow or panic on a 256 KiB stack");
}

#[test]
fn invalid_utf8_and_binary_manifests_are_findings() {
    let (codes, _) = check_stdin("x.component.yaml", b"Name: caf\xe9\nContent: RUN x\n");
    assert_eq!(codes, ["ICL002"]);
    let (codes, _) = check_stdin("x.component.json", b"\x00\x01\x02{}");
    assert_eq!(codes, ["ICL002"]);
}

#[test]
fn a_100_mb_manifest_is_reported_by_size_without_reading_it() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("huge.component.yaml");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(100 * 1024 * 1024)
        .expect("a sparse 100 MB file");
    let name = path.to_string_lossy().to_string();
    let run = iclint(&["check", "--format", "json", &name], None);
    assert_eq!(run.status, 1, "{run:?}");
    assert_eq!(codes(&run.stdout), ["InvalidContent.LengthExceeded"]);
    assert!(run.stdout.contains("104857600 bytes"), "{}", run.stdout);
    std::fs::remove_file(&path).ok();
}

/// Terraform nested past the parser's cap, an unclosed heredoc, an unclosed interpolation: a
/// finding each, never a stack overflow or a panic.
#[test]
fn hostile_terraform_is_a_finding() {
    let resource = |value: &str| {
        format!("resource \"alicloud_ecs_image_component\" \"c\" {{\n  content = {value}\n}}\n")
    };
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    for (name, text) in [
        ("deep.tf", resource(&deep)),
        ("heredoc.tf", resource("<<EOT\nRUN true\n")),
        ("interpolation.tf", resource("\"RUN ${var.x\"")),
        ("directive.tf", resource("\"%{ if x }RUN a\"")),
    ] {
        let (codes, stdout) = check_stdin(name, text.as_bytes());
        assert_eq!(codes, ["ICL003"], "{name}: {stdout}");
    }
}

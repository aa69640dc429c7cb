//! `cargo bench`: how long linting takes, measured (never asserted).
//!
//! Plain `std` timing with a warm-up and the median of several rounds; no benchmark framework is
//! needed for whole-input figures at this scale.

use iclint::Options;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// A realistic component of about `bytes` bytes, with a few findings mixed in.
fn component(bytes: usize) -> String {
    let lines = [
        "# install and configure the web tier",
        "ENV APP_HOME=\"/opt/app\" LOG_DIR=\"/var/log/app\"",
        "RUN yum install -y nginx git && \\",
        "    systemctl enable nginx",
        "WORKDIR /opt/app",
        "COPY https://example.com/releases/app-1.2.3.tar.gz /opt/app/",
        "RUN tar -xzf app-1.2.3.tar.gz && rm app-1.2.3.tar.gz",
        "LABEL owner=\"web-team\" tier=\"frontend\"",
        "USER nginx",
        "workdir logs",
        "CMD [\"/opt/app/bin/start\", \"--port\", \"8080\"]",
    ];
    let mut text = String::new();
    while text.len() < bytes {
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// YAML-format content of about `bytes` bytes: parameters, shell and other tasks, references.
fn yaml_content(bytes: usize) -> String {
    let mut text = String::from(
        "Parameters:\n  version:\n    Type: String\n    DefaultValue: \"1.24\"\n  port:\n    Type: Number\n    DefaultValue: 8080\n  unused:\n    Type: Boolean\nTasks:\n",
    );
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "  - Name: install-{i}\n    Action: RunShellCommand\n    Properties:\n      commandContent: |\n        yum install -y nginx-{{{{ version }}}} git\n        sudo systemctl enable nginx\n        curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt\n      workingDir: /opt\n      timeout: 600\n  - Name: wait-{i}\n    Action: Sleep\n    Properties:\n      duration: 3\n  - Name: echo-{i}\n    Action: RunShellCommand\n    Properties:\n      commandContent: echo {{{{ install-{i}.stdout }}}} {{{{ port }}}}\n"
        ));
        i += 1;
    }
    text
}

/// A component manifest with its content inline (`content` indented under `Content: |`).
fn component_manifest(content: &str) -> String {
    let mut text = String::from(
        "Name: web-server\nComponentVersion: 01.2.3\nSystemType: Linux\nComponentType: Build\nDescription: the web tier\nRegionId: cn-hangzhou\nTag:\n  - Key: team\n    Value: web\n  - Key: team\n    Value: ops\nContent: |\n",
    );
    for line in content.lines() {
        text.push_str("  ");
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// A template manifest with its build content inline.
fn template_manifest() -> String {
    "Name: web-template\nBaseImageType: IMAGE\nBaseImage: m-bp1abcdefghijklmnopq\nSystemDiskSize: 40\nInternetMaxBandwidthOut: 10\nToRegionId: [cn-hangzhou, cn-shanghai]\nImageOptions:\n  ImageName: web-image\n  ImageTags:\n    - Key: team\n      Value: web\nDeleteInstanceOnFailure: true\nBuildContent: |\n  COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/web/1.0.0 --version 1.24\n  RUN yum install -y nginx\n  FROM IMAGE:m-bp1abc\nTestContent: |\n  COMPONENT ic-bp1abcdefghijklmnopq\n".to_string()
}

fn measure(name: &str, bytes: usize, run: impl Fn() -> usize) {
    for _ in 0..10 {
        black_box(run());
    }
    let mut rounds: Vec<Duration> = (0..25)
        .map(|_| {
            let start = Instant::now();
            let mut findings = 0;
            for _ in 0..20 {
                findings += black_box(run());
            }
            black_box(findings);
            start.elapsed() / 20
        })
        .collect();
    rounds.sort();
    let median = rounds[rounds.len() / 2];
    let throughput = bytes as f64 / median.as_secs_f64() / (1024.0 * 1024.0);
    println!(
        "{name:<40} {:>10.1} µs  {throughput:>8.1} MiB/s",
        median.as_secs_f64() * 1e6
    );
}

fn main() {
    let options = Options::default();
    for size in [1024, 16 * 1024, 1024 * 1024] {
        let text = component(size);
        measure(&format!("lint {} bytes", text.len()), text.len(), || {
            iclint::lint_text(
                "bench",
                black_box(&text),
                iclint::FileKind::Content,
                &options,
            )
            .diagnostics
            .len()
        });
        measure(&format!("parse {} bytes", text.len()), text.len(), || {
            iclint::syntax::dockerfile::parse(black_box(&text))
                .commands
                .len()
        });
    }
    for size in [1024, 16 * 1024] {
        let text = yaml_content(size);
        measure(
            &format!("lint yaml content {} bytes", text.len()),
            text.len(),
            || {
                iclint::lint_text(
                    "bench",
                    black_box(&text),
                    iclint::FileKind::Content,
                    &options,
                )
                .diagnostics
                .len()
            },
        );
    }
    let manifests = [
        (
            "component manifest, Dockerfile",
            component_manifest(&component(2 * 1024)),
            iclint::FileKind::ComponentManifest(iclint::ManifestSyntax::Yaml),
        ),
        (
            "component manifest, YAML content",
            component_manifest(&yaml_content(2 * 1024)),
            iclint::FileKind::ComponentManifest(iclint::ManifestSyntax::Yaml),
        ),
        (
            "template manifest",
            template_manifest(),
            iclint::FileKind::TemplateManifest(iclint::ManifestSyntax::Yaml),
        ),
    ];
    for (name, text, kind) in manifests {
        measure(
            &format!("lint {name} {} bytes", text.len()),
            text.len(),
            || {
                iclint::lint_text("bench", black_box(&text), kind, &options)
                    .diagnostics
                    .len()
            },
        );
    }
}

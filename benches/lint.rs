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
}

//! `cargo bench --bench corpus`: the whole-repository benchmark (issue 4, item 6), measured and
//! printed, never asserted.
//!
//! It writes deterministic, realistic corpora of 4,000, 10,000, 40,000 and 100,000 files under
//! `target/bench-corpus/`, then measures the release `iclint` binary against `cat` reading the same
//! files (warm cache; runs alternate, and the ratio is the median of each iclint run over the `cat`
//! run before it), iclint's peak memory (and how it grows from 4,000 to 40,000 files), the time
//! growth from 10,000 to 100,000 files, and one 16 KB manifest on standard input. It ends with a table, PASS or FAIL per
//! target.
//!
//! ```text
//! cargo bench --bench corpus                      # everything
//! cargo bench --bench corpus -- --skip-100k       # 10,000 files only
//! cargo bench --bench corpus -- --skip-shellcheck # no run with ShellCheck (minutes)
//! cargo bench --bench corpus -- --runs 7          # more runs per median (default 5)
//! cargo bench --bench corpus -- --strict          # exit status 1 when a target fails
//! cargo bench --bench corpus -- --generate DIR --files N [--seed S]   # only write a corpus
//! ```
//!
//! Std only (plus `serde_json`, already a dependency, for JSON strings). The generator is a tiny
//! LCG, so the same seed always writes the same bytes.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const ICLINT: &str = env!("CARGO_BIN_EXE_iclint");
const DEFAULT_SEED: u64 = 0x1c11_2024;

// ---------------------------------------------------------------------------------------------
// The corpus generator.

/// A 64-bit linear congruential generator (Knuth's MMIX constants); the high bits are used.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// A file size between 0.5 and 8 KB, log-uniform (most components are small).
    fn size(&mut self) -> usize {
        let unit = self.below(1 << 16) as f64 / f64::from(1 << 16);
        (512.0 * 16f64.powf(unit)) as usize
    }
}

const PACKAGES: &[&str] = &[
    "nginx",
    "git",
    "java-11-openjdk",
    "python3",
    "redis",
    "docker-ce",
    "jq",
    "nodejs",
    "postgresql",
    "htop",
    "chrony",
    "unzip",
];
const TIERS: &[&str] = &[
    "web", "api", "batch", "cache", "search", "gateway", "worker",
];
const REGIONS: &[&str] = &["cn-hangzhou", "cn-shanghai", "cn-beijing", "ap-southeast-1"];

/// One Dockerfile-format command (possibly several lines), valid for Image Builder.
fn dockerfile_command(rng: &mut Lcg, text: &mut String) {
    let package = rng.pick(PACKAGES);
    let tier = rng.pick(TIERS);
    let n = rng.below(100);
    let _ = match rng.below(12) {
        0 => writeln!(text, "# install and configure the {tier} tier ({package})"),
        1 => writeln!(
            text,
            "ENV APP_HOME=\"/opt/{tier}\" LOG_DIR=\"/var/log/{tier}\" RELEASE=\"1.{n}.0\""
        ),
        2 => writeln!(
            text,
            "RUN yum install -y {package} && \\\n    systemctl enable {package} && \\\n    yum clean all"
        ),
        3 => writeln!(text, "WORKDIR /opt/{tier}/release-{n}"),
        4 => writeln!(
            text,
            "COPY https://example.com/releases/{tier}-1.{n}.3.tar.gz /opt/{tier}/"
        ),
        5 => writeln!(
            text,
            "RUN tar -xzf /opt/{tier}/{tier}-1.{n}.3.tar.gz -C /opt/{tier} && \\\n    rm -f /opt/{tier}/{tier}-1.{n}.3.tar.gz && \\\n    chown -R root:root /opt/{tier}"
        ),
        6 => writeln!(
            text,
            "LABEL owner=\"{tier}-team\" tier=\"{tier}\" build=\"{n}\""
        ),
        7 => writeln!(text, "USER root"),
        8 => writeln!(
            text,
            "RUN echo 'net.core.somaxconn = {}' >> /etc/sysctl.conf && sysctl -p",
            1024 + n
        ),
        9 => writeln!(
            text,
            "RUN curl -fsSL https://mirrors.example.com/{package}/install.sh -o /tmp/install-{n}.sh && \\\n    bash /tmp/install-{n}.sh --prefix /usr/local && \\\n    rm -f /tmp/install-{n}.sh"
        ),
        10 => writeln!(
            text,
            "RUN mkdir -p /var/log/{tier} /etc/{tier}/conf.d && \\\n    echo \"{tier}:{n}\" > /etc/{tier}/conf.d/instance.conf"
        ),
        _ => writeln!(
            text,
            "RUN systemctl daemon-reload && systemctl restart {package} || journalctl -u {package} --no-pager | tail -n 50"
        ),
    };
}

/// A mistake iclint reports in Dockerfile-format content.
fn dockerfile_finding(rng: &mut Lcg, text: &mut String) {
    let tier = rng.pick(TIERS);
    let _ = match rng.below(5) {
        0 => writeln!(text, "workdir logs"),
        1 => writeln!(
            text,
            "COPY https://example.com/{tier}.tar.gz?Expires=1700000000 /opt/{tier}/"
        ),
        2 => writeln!(text, "WORKDIR {tier}/current"),
        3 => writeln!(text, "CMD /opt/{tier}/bin/start"),
        _ => writeln!(text, "USER"),
    };
}

/// Dockerfile-format content of about `bytes` bytes with one to three findings.
fn dockerfile_content(rng: &mut Lcg, bytes: usize) -> String {
    let mut text = String::new();
    let findings = 1 + rng.below(3);
    let mut placed = 0;
    while text.len() < bytes || placed < findings {
        if placed < findings && rng.chance(12) {
            dockerfile_finding(rng, &mut text);
            placed += 1;
        } else {
            dockerfile_command(rng, &mut text);
        }
    }
    text
}

/// YAML-format content (`Parameters` and `Tasks`) of about `bytes` bytes with one to three
/// findings.
fn tasks_content(rng: &mut Lcg, bytes: usize) -> String {
    let tier = rng.pick(TIERS);
    let mut text = format!(
        "# tasks for the {tier} tier\nParameters:\n  version:\n    Type: String\n    DefaultValue: \"1.{}\"\n  timeout:\n    Type: Number\n    DefaultValue: 900\n  bucket:\n    Type: String\n    DefaultValue: build-assets\n",
        rng.below(40)
    );
    if rng.chance(40) {
        // No default (ICL203), never referenced (ICL202).
        text.push_str("  region:\n    Type: String\n");
    }
    text.push_str("Tasks:\n");
    let findings = 1 + rng.below(2);
    let mut placed = 0;
    let mut task = 0;
    while text.len() < bytes || placed < findings {
        task += 1;
        let package = rng.pick(PACKAGES);
        if placed < findings && rng.chance(15) {
            placed += 1;
            let _ = match rng.below(3) {
                0 => writeln!(
                    text,
                    "  - Name: step-{task}\n    Action: RunShellComand\n    Properties:\n      commandContent: yum install -y {package}"
                ),
                1 => writeln!(
                    text,
                    "  - Name: step-{task}\n    Action: RunShellCommand\n    Properties:\n      commandContent: yum install -y {package}-{{{{ verison }}}}"
                ),
                _ => writeln!(
                    text,
                    "  - Name: step-{task}\n    Action: WebDownload\n    Properties:\n      sourcePath: https://example.com/{package}.tar.gz\n      destinationDir: /opt/{package}\n      timeout: \"{{{{ timeout }}}}\"\n      tokn: abc"
                ),
            };
            continue;
        }
        let _ = match rng.below(5) {
            0 => writeln!(
                text,
                "  - Name: step-{task}\n    Action: RunShellCommand\n    Properties:\n      commandContent: yum install -y {package}-{{{{ version }}}} && systemctl enable {package}\n      workingDir: /opt\n      username: root"
            ),
            1 => writeln!(
                text,
                "  - Name: step-{task}\n    Action: WebDownload\n    Properties:\n      sourcePath: https://example.com/releases/{package}-1.2.3.tar.gz\n      destinationDir: /opt/{package}\n      timeout: \"{{{{ timeout }}}}\""
            ),
            2 => writeln!(
                text,
                "  - Name: step-{task}\n    Action: OSSDownload\n    Properties:\n      bucketName: \"{{{{ bucket }}}}\"\n      objectName: {package}/config.json\n      destinationDir: /opt/{package}\n      ossRegion: cn-hangzhou\n      validTime: 3600"
            ),
            3 => writeln!(
                text,
                "  - Name: step-{task}\n    Action: RunShellCommand\n    Properties:\n      commandContent: |\n        mkdir -p /var/log/{package}\n        echo \"configured {package}\" >> /var/log/{package}/build.log\n        chmod 0755 /var/log/{package}"
            ),
            _ => writeln!(
                text,
                "  - Name: step-{task}\n    Action: Reboot\n    Properties:\n      forceStop: false"
            ),
        };
    }
    text
}

/// `text` indented by two spaces, for a `|` block.
fn indented(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str("  ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The parameters of a component manifest, with a finding now and then.
fn manifest_header(rng: &mut Lcg, name: &str, system_type: &str) -> String {
    let tier = rng.pick(TIERS);
    let version = if rng.chance(10) {
        format!("0{}.{}.0", 1 + rng.below(9), rng.below(20))
    } else {
        format!("1.{}.{}", rng.below(20), rng.below(10))
    };
    let description = if rng.chance(10) {
        "Descripton"
    } else {
        "Description"
    };
    format!(
        "# {name}: the {tier} tier\nName: {name}\nComponentVersion: {version}\nSystemType: {system_type}\nComponentType: Build\n{description}: installs and configures the {tier} tier\nRegionId: {}\nTag:\n  - Key: owner\n    Value: {tier}-team\n  - Key: cost-center\n    Value: cc-{}\n",
        rng.pick(REGIONS),
        rng.below(1000)
    )
}

/// Files that are not Image Builder content, as a repository holds them.
fn unrelated(rng: &mut Lcg, stem: &str, bytes: usize) -> (String, String) {
    let mut text = String::new();
    match rng.below(4) {
        0 => {
            text.push_str("# The image components of this service\n\n");
            while text.len() < bytes {
                let _ = writeln!(
                    text,
                    "- `{}`: installs {} for the {} tier; see the runbook before changing it.",
                    stem,
                    rng.pick(PACKAGES),
                    rng.pick(TIERS)
                );
            }
            ("README.md".to_string(), text)
        }
        1 => {
            text.push_str(
                "stages:\n  - lint\n  - build\nvariables:\n  REGION: cn-hangzhou\njobs:\n",
            );
            let mut job = 0;
            while text.len() < bytes {
                job += 1;
                let _ = writeln!(
                    text,
                    "  job-{job}:\n    stage: build\n    image: registry.example.com/{}:latest\n    script:\n      - iclint check . --format json\n      - echo done",
                    rng.pick(PACKAGES)
                );
            }
            (format!("{stem}-ci.yml"), text)
        }
        2 => {
            text.push_str("replicaCount: 2\nimage:\n  repository: registry.example.com/app\n  tag: \"1.2.3\"\nresources:\n");
            while text.len() < bytes {
                let _ = writeln!(
                    text,
                    "  {}:\n    cpu: {}m\n    memory: {}Mi\n    tasks: none",
                    rng.pick(PACKAGES),
                    100 * (1 + rng.below(8)),
                    128 * (1 + rng.below(8))
                );
            }
            (format!("{stem}-values.yaml"), text)
        }
        _ => {
            text.push_str("#!/usr/bin/env bash\nset -euo pipefail\n");
            while text.len() < bytes {
                let _ = writeln!(
                    text,
                    "aliyun ecs DescribeImageComponents --RegionId {} --Name {stem} | jq '.ImageComponent'",
                    rng.pick(REGIONS)
                );
            }
            (format!("{stem}.sh"), text)
        }
    }
}

/// What a corpus holds.
#[derive(Debug, Default, Clone, Copy)]
struct Corpus {
    files: usize,
    bytes: u64,
}

/// Writes `count` files under `dir` (emptied first): component manifests with inline
/// Dockerfile-format or YAML content, JSON manifests, manifests with a `ContentFile` and that
/// file, raw YAML content, template manifests, and unrelated files, in nested directories of
/// about forty files each.
fn generate(dir: &Path, count: usize, seed: u64) -> std::io::Result<Corpus> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let mut rng = Lcg(seed);
    let mut corpus = Corpus::default();
    let mut files: Vec<(String, String)> = Vec::new();
    let mut unit = 0usize;
    while corpus.files < count {
        let leaf = corpus.files / 40;
        let folder = format!("team-{:02}/service-{:04}", leaf / 50, leaf);
        let name = format!("svc-{unit:06}");
        unit += 1;
        let room = count - corpus.files;
        let size = rng.size();
        files.clear();
        match rng.below(100) {
            0..22 => {
                let body = dockerfile_content(&mut rng, size);
                let text =
                    manifest_header(&mut rng, &name, "Linux") + "Content: |\n" + &indented(&body);
                files.push((format!("{name}.component.yaml"), text));
            }
            22..36 => {
                let body = tasks_content(&mut rng, size);
                let text =
                    manifest_header(&mut rng, &name, "Linux") + "Content: |\n" + &indented(&body);
                files.push((format!("{name}.component.yaml"), text));
            }
            36..42 => {
                let body = dockerfile_content(&mut rng, size);
                let text = format!(
                    "{{\n  \"Name\": \"{name}\",\n  \"ComponentVersion\": \"2.{}.0\",\n  \"SystemType\": \"Linux\",\n  \"ComponentType\": \"Build\",\n  \"Description\": \"exported from the console\",\n  \"Content\": {}\n}}\n",
                    rng.below(50),
                    serde_json::to_string(&body).expect("a string serialises")
                );
                files.push((format!("{name}.component.json"), text));
            }
            42..56 if room >= 2 => {
                let (content_name, body) = if rng.chance(50) {
                    (
                        format!("{name}-install.dockerfile"),
                        dockerfile_content(&mut rng, size),
                    )
                } else {
                    (format!("{name}-tasks.yaml"), tasks_content(&mut rng, size))
                };
                let text = manifest_header(&mut rng, &name, "Linux")
                    + &format!("ContentFile: {content_name}\n");
                files.push((format!("{name}.component.yaml"), text));
                files.push((content_name, body));
            }
            42..70 => {
                let body = tasks_content(&mut rng, size);
                files.push((format!("{name}.yaml"), body));
            }
            70..74 => {
                let body = dockerfile_content(&mut rng, size.min(2048));
                let text = format!(
                    "Name: {name}-image\nDescription: the {} image\nBaseImageType: IMAGE\nBaseImage: m-bp1abcdefghijklmnopq\nImageName: {name}\nBuildContent: |\n  COMPONENT ic-bp1abcdefghijklmnopq --port 80\n{}TestContent: |\n  RUN test -x /usr/sbin/nginx\nInstanceType: ecs.g6.large\nSystemDiskSize: 40\nRegionId: cn-hangzhou\n",
                    rng.pick(TIERS),
                    indented(&body)
                );
                files.push((format!("{name}.template.yaml"), text));
            }
            _ => {
                let (file, text) = unrelated(&mut rng, &name, size);
                files.push((file, text));
            }
        }
        let folder = dir.join(folder);
        std::fs::create_dir_all(&folder)?;
        for (file, text) in &files {
            let path = folder.join(file);
            // A second README.md in the same folder: keep the first.
            if path.exists() {
                continue;
            }
            std::fs::write(&path, text)?;
            corpus.files += 1;
            corpus.bytes += text.len() as u64;
        }
    }
    Ok(corpus)
}

/// A component manifest of just under 16 KB with inline Dockerfile-format content.
fn sixteen_kb_manifest() -> String {
    let mut rng = Lcg(DEFAULT_SEED ^ 16);
    let header = manifest_header(&mut rng, "stdin-16k", "Linux") + "Content: |\n";
    let mut body = String::new();
    loop {
        let mut command = String::new();
        dockerfile_command(&mut rng, &mut command);
        if header.len() + indented(&body).len() + indented(&command).len() > 16 * 1024 {
            break;
        }
        body.push_str(&command);
    }
    header + &indented(&body)
}

// ---------------------------------------------------------------------------------------------
// Measuring.

/// How one child process went: wall time, peak memory (KiB) when known, exit code.
struct Outcome {
    wall: Duration,
    max_rss_kib: Option<u64>,
    code: Option<i32>,
}

/// Waits for `child` and reads its own peak memory with `wait4` (Linux); std only, so the
/// declaration is written here.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn wait(child: std::process::Child, start: Instant) -> std::io::Result<Outcome> {
    #[repr(C)]
    struct Rusage {
        utime: [i64; 2],
        stime: [i64; 2],
        maxrss: i64,
        rest: [i64; 13],
    }
    unsafe extern "C" {
        fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
    }
    let pid = child.id() as i32;
    let mut status = 0i32;
    let mut usage = Rusage {
        utime: [0; 2],
        stime: [0; 2],
        maxrss: 0,
        rest: [0; 13],
    };
    loop {
        // SAFETY: `status` and `usage` are valid for writes and laid out as Linux's
        // `int` and `struct rusage` on 64-bit targets.
        let result = unsafe { wait4(pid, &mut status, 0, &mut usage) };
        if result == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
    let wall = start.elapsed();
    // The child is reaped; dropping the handle does not wait again.
    drop(child);
    let code = (status & 0x7f == 0).then_some((status >> 8) & 0xff);
    Ok(Outcome {
        wall,
        max_rss_kib: Some(usage.maxrss as u64),
        code,
    })
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn wait(mut child: std::process::Child, start: Instant) -> std::io::Result<Outcome> {
    let status = child.wait()?;
    Ok(Outcome {
        wall: start.elapsed(),
        max_rss_kib: None,
        code: status.code(),
    })
}

fn run(command: &mut Command, stdin: Option<&[u8]>) -> Outcome {
    command.stdout(Stdio::null());
    command.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let start = Instant::now();
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(bytes).expect("write to the child's stdin");
    }
    wait(child, start).unwrap_or_else(|e| panic!("cannot wait for {command:?}: {e}"))
}

fn cat_command(dir: &Path) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("find . -type f -print0 | xargs -0 cat > /dev/null")
        .current_dir(dir);
    command
}

/// iclint without ShellCheck: the figures measure iclint itself.
fn iclint_command(dir: &Path) -> Command {
    let mut command = Command::new(ICLINT);
    command
        .args(["check", ".", "--format", "json", "--shellcheck", "never"])
        .current_dir(dir);
    command
}

/// iclint with the `shellcheck` on `PATH`.
fn iclint_shellcheck_command(dir: &Path) -> Command {
    let mut command = Command::new(ICLINT);
    command
        .args([
            "check",
            ".",
            "--format",
            "json",
            "--shellcheck",
            "shellcheck",
        ])
        .current_dir(dir);
    command
}

fn iclint_ok(outcome: &Outcome) {
    assert!(
        matches!(outcome.code, Some(0 | 1)),
        "iclint failed (exit status {:?})",
        outcome.code
    );
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1e3)
}

/// The medians of `runs` alternating runs of `cat` and iclint (after one warm-up of each), the
/// median of the paired ratios, and iclint's largest peak memory.
struct Measured {
    cat: Duration,
    iclint: Duration,
    /// The median of iclint's time over the time of the `cat` run just before it: a shared
    /// machine speeds up and slows down over seconds, and a pair sees the same machine.
    ratio: f64,
    max_rss_kib: Option<u64>,
}

fn measure_corpus(dir: &Path, runs: usize) -> Measured {
    iclint_ok(&run(&mut iclint_command(dir), None));
    run(&mut cat_command(dir), None);
    let mut cat = Vec::new();
    let mut iclint = Vec::new();
    let mut ratios = Vec::new();
    let mut max_rss_kib = None;
    for _ in 0..runs {
        let cat_wall = run(&mut cat_command(dir), None).wall;
        let outcome = run(&mut iclint_command(dir), None);
        iclint_ok(&outcome);
        ratios.push(outcome.wall.as_secs_f64() / cat_wall.as_secs_f64());
        cat.push(cat_wall);
        iclint.push(outcome.wall);
        max_rss_kib = max_rss_kib.max(outcome.max_rss_kib);
    }
    ratios.sort_by(f64::total_cmp);
    Measured {
        cat: median(cat),
        iclint: median(iclint),
        ratio: ratios[ratios.len() / 2],
        max_rss_kib,
    }
}

/// How many findings iclint reports on `dir`, and in how many files. The report is read as it
/// comes, line by line, and not kept: the peak memory the kernel reports for a child process
/// counts the parent's at the time it started, so this process must stay small.
fn findings(dir: &Path) -> (usize, usize) {
    use std::io::BufRead;
    let mut child = iclint_command(dir)
        .stdout(Stdio::piped())
        .spawn()
        .expect("run iclint");
    let stdout = child.stdout.take().expect("stdout is piped");
    let (mut found, mut files) = (0, 0);
    let mut last_file = String::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.expect("iclint writes UTF-8");
        // The JSON report is pretty-printed: one `"file": ...` line per finding, sorted by file.
        if let Some(file) = line.trim_start().strip_prefix("\"file\": ") {
            found += 1;
            if file != last_file {
                files += 1;
                last_file = file.to_string();
            }
        }
    }
    child.wait().expect("iclint ends");
    (found, files)
}

/// Megabytes (10^6 bytes), as the target is written.
fn mb(kib: u64) -> String {
    format!("{:.1} MB", (kib * 1024) as f64 / 1e6)
}

struct Row {
    target: String,
    measured: String,
    limit: &'static str,
    pass: Option<bool>,
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut skip_100k = false;
    let mut skip_shellcheck = false;
    let mut strict = false;
    let mut runs = 5usize;
    let mut generate_only: Option<PathBuf> = None;
    let mut files = 10_000usize;
    let mut seed = DEFAULT_SEED;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| panic!("{name} needs a value"))
        };
        match arg.as_str() {
            "--bench" => {} // passed by `cargo bench`
            "--skip-100k" => skip_100k = true,
            "--skip-shellcheck" => skip_shellcheck = true,
            "--strict" => strict = true,
            "--runs" => runs = value("--runs").parse().expect("--runs N"),
            "--generate" => generate_only = Some(PathBuf::from(value("--generate"))),
            "--files" => files = value("--files").parse().expect("--files N"),
            "--seed" => seed = value("--seed").parse().expect("--seed N"),
            other => panic!("unknown argument `{other}`"),
        }
    }
    let runs = runs.max(3);
    if let Some(dir) = generate_only {
        let corpus = generate(&dir, files, seed).expect("write the corpus");
        println!(
            "wrote {} files, {:.1} MiB, under {}",
            corpus.files,
            corpus.bytes as f64 / (1024.0 * 1024.0),
            dir.display()
        );
        return ExitCode::SUCCESS;
    }

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("iclint: {ICLINT}");
    println!("machine: {threads} cores available; medians of {runs} runs, warm cache\n");

    let mut sizes = vec![10_000usize];
    if !skip_100k {
        sizes.push(100_000);
    }
    let mut measured = Vec::new();
    for &count in &sizes {
        let dir = root.join(count.to_string());
        let start = Instant::now();
        let corpus = generate(&dir, count, seed).expect("write the corpus");
        let (found, in_files) = findings(&dir);
        println!(
            "corpus {}: {} files, {:.1} MiB (generated in {}); {} findings in {} files",
            dir.display(),
            corpus.files,
            corpus.bytes as f64 / (1024.0 * 1024.0),
            ms(start.elapsed()),
            found,
            in_files
        );
        let m = measure_corpus(&dir, if count > 10_000 { runs.min(3) } else { runs });
        println!(
            "  cat {}   iclint {}   paired ratio {:.2}   peak memory {}",
            ms(m.cat),
            ms(m.iclint),
            m.ratio,
            m.max_rss_kib.map_or("n/a".to_string(), mb)
        );
        measured.push(m);
    }

    // With ShellCheck, once (it takes a process per file with shell text).
    let has_shellcheck = Command::new("shellcheck")
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let with_shellcheck = (has_shellcheck && !skip_shellcheck).then(|| {
        let dir = root.join("10000");
        let cat = run(&mut cat_command(&dir), None).wall;
        let outcome = run(&mut iclint_shellcheck_command(&dir), None);
        iclint_ok(&outcome);
        println!(
            "  with ShellCheck: cat {}   iclint {}   ratio {:.1}",
            ms(cat),
            ms(outcome.wall),
            outcome.wall.as_secs_f64() / cat.as_secs_f64()
        );
        (cat, outcome.wall)
    });

    // Memory at scale: peak RSS at 4,000 and 40,000 files (and 100,000, above).
    let mut memory = Vec::new();
    for count in [4_000usize, 40_000] {
        let dir = root.join(count.to_string());
        generate(&dir, count, seed).expect("write the corpus");
        iclint_ok(&run(&mut iclint_command(&dir), None));
        let outcome = run(&mut iclint_command(&dir), None);
        iclint_ok(&outcome);
        println!(
            "corpus {}: peak memory {}",
            dir.display(),
            outcome.max_rss_kib.map_or("n/a".to_string(), mb)
        );
        memory.push(outcome.max_rss_kib);
    }

    // One 16 KB manifest on standard input, run in an empty directory outside any repository:
    // the lint and the process, not an index of the repository the benchmark runs in (the
    // corpus lies inside this project's work tree; a file in its repository has its own row in
    // the README).
    let manifest = sixteen_kb_manifest();
    let alone = std::env::temp_dir().join(format!("iclint-bench-stdin-{}", std::process::id()));
    std::fs::create_dir_all(&alone).expect("create the directory of the stdin run");
    let stdin_run = || {
        let outcome = run(
            Command::new(ICLINT)
                .args([
                    "check",
                    "--shellcheck",
                    "never",
                    "--stdin-filename",
                    "x.component.yaml",
                    "-",
                ])
                .current_dir(&alone),
            Some(manifest.as_bytes()),
        );
        iclint_ok(&outcome);
        outcome.wall
    };
    for _ in 0..5 {
        stdin_run();
    }
    let stdin = median((0..50).map(|_| stdin_run()).collect());
    let _ = std::fs::remove_dir_all(&alone);
    println!(
        "stdin: {} bytes, median of 50 runs {}",
        manifest.len(),
        ms(stdin)
    );

    let small = &measured[0];
    let ratio = small.ratio;
    let mut rows = vec![
        Row {
            target: "whole run vs cat, 10,000 files".into(),
            measured: format!("{ratio:.2}x ({} vs {})", ms(small.iclint), ms(small.cat)),
            limit: "<= 3x",
            pass: Some(ratio <= 3.0),
        },
        Row {
            target: "(info) with ShellCheck, 10,000 files, vs cat".into(),
            measured: with_shellcheck.map_or(
                match skip_shellcheck {
                    true => "skipped (--skip-shellcheck)".into(),
                    false => "shellcheck not installed".into(),
                },
                |(cat, wall)| {
                    format!(
                        "{:.1}x ({} vs {})",
                        wall.as_secs_f64() / cat.as_secs_f64(),
                        ms(wall),
                        ms(cat)
                    )
                },
            ),
            limit: "",
            pass: None,
        },
        Row {
            target: "peak memory, 10,000 files".into(),
            measured: small.max_rss_kib.map_or("n/a".into(), mb),
            limit: "< 64 MB",
            pass: small.max_rss_kib.map(|k| k * 1024 < 64 * 1_000_000),
        },
    ];
    if let [Some(at_4k), Some(at_40k)] = memory[..] {
        rows.push(Row {
            target: "peak memory, 40,000 files".into(),
            measured: mb(at_40k),
            limit: "<= 48 MB",
            pass: Some(at_40k * 1024 <= 48 * 1_000_000),
        });
        rows.push(Row {
            target: "peak memory, 40,000 vs 4,000 files".into(),
            measured: format!(
                "{:.2}x ({} vs {})",
                at_40k as f64 / at_4k as f64,
                mb(at_40k),
                mb(at_4k)
            ),
            limit: "< 2x",
            pass: Some(at_40k < 2 * at_4k),
        });
    }
    if let Some(large) = measured.get(1) {
        let growth = large.iclint.as_secs_f64() / small.iclint.as_secs_f64();
        rows.push(Row {
            target: "time growth, 10,000 -> 100,000 files".into(),
            measured: format!(
                "{growth:.2}x ({} vs {})",
                ms(large.iclint),
                ms(small.iclint)
            ),
            limit: "<= 12x",
            pass: Some(growth <= 12.0),
        });
        rows.push(Row {
            target: "(info) whole run vs cat, 100,000 files".into(),
            measured: format!(
                "{:.2}x ({} vs {})",
                large.ratio,
                ms(large.iclint),
                ms(large.cat)
            ),
            limit: "",
            pass: None,
        });
        rows.push(Row {
            target: "peak memory, 100,000 files".into(),
            measured: large.max_rss_kib.map_or("n/a".into(), mb),
            limit: "<= 64 MB",
            pass: large.max_rss_kib.map(|k| k * 1024 <= 64 * 1_000_000),
        });
    } else {
        rows.push(Row {
            target: "time growth, 10,000 -> 100,000 files".into(),
            measured: "skipped (--skip-100k)".into(),
            limit: "<= 12x",
            pass: None,
        });
    }
    rows.push(Row {
        target: "16 KB manifest on stdin, median of 50".into(),
        measured: ms(stdin),
        limit: "< 5 ms",
        pass: Some(stdin < Duration::from_millis(5)),
    });

    println!();
    println!(
        "| {:<40} | {:<32} | {:<7} | result |",
        "target", "measured", "limit"
    );
    println!("|{:-<42}|{:-<34}|{:-<9}|--------|", "", "", "");
    let mut failed = false;
    for row in &rows {
        let result = match row.pass {
            Some(true) => "PASS",
            Some(false) => {
                failed = true;
                "FAIL"
            }
            None => "",
        };
        println!(
            "| {:<40} | {:<32} | {:<7} | {:<6} |",
            row.target, row.measured, row.limit, result
        );
    }
    if failed && strict {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

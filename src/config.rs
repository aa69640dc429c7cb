//! `.iclint.yaml`: which codes to report and how loudly, per-path ignores, the limits docs/service-rules.md §9
//! makes configurable, and extra raw content files. Found in the current directory or above, or
//! given with `--config`; `--no-config` ignores it. A broken configuration is an error with a
//! span in the file, never silently ignored.
//!
//! ```yaml
//! select: [ICL101, ICL102]       # report only these (default: every code)
//! ignore: [ICL203]
//! severity: {ICL102: error}
//! per-file-ignores:
//!   "legacy/**": [ICL101]
//! limits: {content-bytes: 16384, commands: 127}
//! component-quota: 50           # components per RegionId (default: not checked)
//! content-files:
//!   - glob: "**/*.dockerfile"
//!     kind: component            # or template
//!     system-type: Linux
//!     component-type: Build
//! shellcheck:                   # or `shellcheck: never`, or `shellcheck: PATH`
//!   path: /usr/bin/shellcheck   # default: `shellcheck` on PATH, when there is one
//!   shell: bash                 # for texts without a shebang (default: sh)
//! cache-dir: .iclint_cache      # the repository index's cache (default: in the project root)
//! ```

use crate::catalog::{ComponentType, Kind, Limits, SystemType};
use crate::diagnostic::Diagnostic;
use crate::options::Options;
use crate::report::FileReport;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::rules::REGISTRY;
use crate::rules::shared::is_shellcheck_code;
use crate::rules::yaml_tree::{check_key, scalar};
use crate::source::{SourceFile, Span};
use crate::suggest::nearest;
use crate::syntax::yaml::{self, Node};
use globset::{Glob, GlobMatcher};
use std::path::{Path, PathBuf};

/// The file name looked for.
pub const FILE_NAME: &str = ".iclint.yaml";

/// The code of configuration errors: not a finding about linted files, so not in the registry.
pub static INVALID_CONFIG: Rule = Rule {
    code: "config",
    name: "invalid-config",
    severity: Severity::Error,
    origin: Origin::Linter,
    summary: "the configuration file is broken",
    explanation: "iclint refuses to run with a configuration it cannot read in full.",
    example: "\
# .iclint.yaml
ignore: ICL101
",
    fix: "\
# .iclint.yaml
ignore: [ICL101]
",
};

const KEYS: &[&str] = &[
    "select",
    "ignore",
    "severity",
    "per-file-ignores",
    "limits",
    "content-files",
    "component-quota",
    "shellcheck",
    "cache-dir",
];
const SHELLCHECK_KEYS: &[&str] = &["path", "shell"];
/// The shells ShellCheck knows, for texts without a shebang.
pub const SHELLCHECK_SHELLS: &[&str] = &["sh", "bash", "dash", "ksh"];
const LIMIT_KEYS: &[&str] = &["content-bytes", "commands"];
const CONTENT_FILE_KEYS: &[&str] = &["glob", "kind", "system-type", "component-type"];

/// Raw content files the walk should lint, with what a manifest would say about them.
#[derive(Debug, Clone)]
pub struct ContentFiles {
    pub matcher: GlobMatcher,
    pub options: Options,
}

/// A loaded configuration.
#[derive(Debug, Default)]
pub struct Config {
    /// The directory globs are relative to.
    pub root: PathBuf,
    /// The configuration file, when one was loaded.
    pub file: Option<PathBuf>,
    /// `root` as an absolute path, lexically normalised, and the directory the run's relative
    /// paths start from: `content-files` globs match paths relative to the configuration's
    /// directory wherever iclint runs.
    absolute_root: PathBuf,
    cwd: PathBuf,
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    severity: Vec<(String, Severity)>,
    per_file_ignores: Vec<(GlobMatcher, Vec<String>)>,
    pub limits: Limits,
    pub content_files: Vec<ContentFiles>,
    /// `component-quota`: how many components one `RegionId` may hold (docs/service-rules.md §6); off when absent.
    pub component_quota: Option<usize>,
    /// `shellcheck`: which ShellCheck to run, and the shell of texts without a shebang.
    pub shellcheck: ShellCheckConfig,
    /// `cache-dir`: where the repository index's cache is kept (relative to this file);
    /// `None`: `.iclint_cache` in the project root.
    pub cache_dir: Option<PathBuf>,
}

/// The `shellcheck` setting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShellCheckConfig {
    /// `None`: not set (`shellcheck` on `PATH`, when there is one).
    pub program: Option<Program>,
    /// One of [`SHELLCHECK_SHELLS`]; `None`: `sh`.
    pub shell: Option<String>,
}

/// Which ShellCheck to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Program {
    Never,
    /// A path (relative to the configuration's directory when written with a `/`), or a name
    /// looked up on `PATH`.
    At(PathBuf),
}

/// Where to take the configuration from.
pub enum Source<'a> {
    /// Look for `.iclint.yaml` in this directory and its parents.
    Search(&'a Path),
    File(&'a Path),
    None,
}

/// Why the configuration cannot be used: the configuration file with its findings, or a message
/// when the file cannot be read at all.
#[derive(Debug)]
pub enum ConfigError {
    Invalid(Box<FileReport>),
    Unreadable(String),
}

/// The configuration file that applies in the directory `start`: `.iclint.yaml` there or in the
/// nearest directory above.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

impl Config {
    pub fn load(source: Source<'_>) -> Result<Config, ConfigError> {
        let path = match source {
            Source::None => return Ok(Config::default()),
            Source::File(path) => path.to_path_buf(),
            Source::Search(start) => match find(start) {
                Some(path) => path,
                None => return Ok(Config::default()),
            },
        };
        let text = std::fs::read_to_string(&path).map_err(|error| {
            ConfigError::Unreadable(format!(
                "cannot read configuration `{}`: {error}",
                path.display()
            ))
        })?;
        Config::from_text(&path, text)
    }

    /// The configuration in `text`, the file at `path` (globs are relative to its directory).
    pub fn from_text(path: &Path, text: String) -> Result<Config, ConfigError> {
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut errors = Vec::new();
        let mut config = parse(&text, root, &mut errors);
        config.file = Some(path.to_path_buf());
        config.cwd = std::env::current_dir().unwrap_or_default();
        config.absolute_root = normalise(&config.cwd.join(&config.root));
        if errors.is_empty() {
            Ok(config)
        } else {
            crate::diagnostic::sort(&mut errors);
            let source = SourceFile::new(path.to_string_lossy(), text);
            Err(ConfigError::Invalid(Box::new(FileReport {
                source,
                diagnostics: errors,
            })))
        }
    }

    /// Applies select, ignore, per-file ignores and severities to a report. `path` is where the
    /// reported file is, relative to the current directory or absolute.
    pub fn apply(&self, report: &mut FileReport, cwd: &Path) {
        if report.diagnostics.is_empty() {
            return;
        }
        // Resolving the path takes system calls: only when a per-file ignore needs it.
        let ignored_here: Vec<&String> = if self.per_file_ignores.is_empty() {
            Vec::new()
        } else {
            let relative = self.relative_path(report.source.name(), cwd);
            self.per_file_ignores
                .iter()
                .filter(|(glob, _)| glob.is_match(&relative))
                .flat_map(|(_, codes)| codes)
                .collect()
        };
        report.diagnostics.retain(|d| {
            let code = d.code();
            self.select
                .as_ref()
                .is_none_or(|s| s.iter().any(|c| c == code))
                && !self.ignore.iter().any(|c| c == code)
                && !ignored_here.iter().any(|c| *c == code)
        });
        for diagnostic in &mut report.diagnostics {
            if let Some((_, severity)) = self
                .severity
                .iter()
                .find(|(code, _)| code == diagnostic.code())
            {
                diagnostic.severity = *severity;
            }
        }
    }

    /// Where the file `name` (relative to `cwd`, or absolute) is, relative to the configuration's
    /// directory (symbolic links resolved); absolute when it is outside that directory.
    fn relative_path(&self, name: &str, cwd: &Path) -> PathBuf {
        let absolute = cwd.join(name);
        let absolute = std::fs::canonicalize(&absolute).unwrap_or(absolute);
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        absolute
            .strip_prefix(&root)
            .map(Path::to_path_buf)
            .unwrap_or(absolute)
    }

    /// The options for a raw content file that matches a `content-files` glob, if any.
    pub fn content_options(&self, path: &Path, base: &Options) -> Option<Options> {
        if self.content_files.is_empty() {
            return None;
        }
        // Relative to the configuration's directory, without a system call: the walk asks for
        // every file it meets.
        let absolute = normalise(&self.cwd.join(path));
        let relative = absolute.strip_prefix(&self.absolute_root).unwrap_or(path);
        let relative = relative.strip_prefix(".").unwrap_or(relative);
        self.content_files
            .iter()
            .find(|c| c.matcher.is_match(relative))
            .map(|c| Options {
                limits: base.limits,
                ..c.options
            })
    }
}

/// `path` with its `.` and `..` components resolved lexically (a `..` above the start is kept).
fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(normal.components().next_back(), Some(Component::Normal(_))) {
                    normal.pop();
                } else {
                    normal.push("..");
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

fn error(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(&INVALID_CONFIG, span, message).with_label("invalid setting")
}

fn parse(text: &str, root: PathBuf, errors: &mut Vec<Diagnostic>) -> Config {
    let mut config = Config {
        root,
        ..Config::default()
    };
    let document = match yaml::parse(text) {
        Ok(document) => document,
        Err(e) => {
            errors.push(error(
                e.span,
                format!("the configuration is not valid YAML: {}", e.message),
            ));
            return config;
        }
    };
    let Some(root) = document.root else {
        return config;
    };
    if root.as_scalar().is_some_and(|s| s.is_null()) {
        return config;
    }
    let Some(entries) = root.as_mapping() else {
        errors.push(error(root.span, "the configuration must be a mapping"));
        return config;
    };
    let mut warnings = Vec::new();
    for entry in entries {
        // An unknown key is an error here: a misspelt setting would be silently ignored.
        if !check_key(
            &entry.key,
            KEYS,
            "configuration key",
            None,
            &INVALID_CONFIG,
            &mut warnings,
        ) {
            continue;
        }
        let value = &entry.value;
        match scalar(&entry.key).map(|(k, _)| k) {
            Some("select") => config.select = Some(codes(value, errors)),
            Some("ignore") => config.ignore = codes(value, errors),
            Some("severity") => config.severity = severities(value, errors),
            Some("per-file-ignores") => config.per_file_ignores = per_file_ignores(value, errors),
            Some("limits") => config.limits = limits(value, errors),
            Some("content-files") => config.content_files = content_files(value, errors),
            Some("component-quota") => config.component_quota = positive(value, errors),
            Some("shellcheck") => config.shellcheck = shellcheck(value, &config.root, errors),
            Some("cache-dir") => match scalar(value) {
                Some((path, _)) if !path.is_empty() => {
                    config.cache_dir = Some(config.root.join(path))
                }
                _ => errors.push(error(value.span, "expected the path of a directory")),
            },
            _ => {}
        }
    }
    errors.extend(warnings.into_iter().map(|w| Diagnostic {
        severity: Severity::Error,
        rule: &INVALID_CONFIG,
        ..w
    }));
    config
}

fn code(node: &Node, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let Some((code, span)) = scalar(node) else {
        errors.push(error(node.span, "expected a code such as `ICL101`"));
        return None;
    };
    if REGISTRY.iter().any(|r| r.code == code) || is_shellcheck_code(code) {
        return Some(code.to_string());
    }
    let mut finding = error(span, format!("`{code}` is not a code iclint reports"));
    if let Some(suggestion) = nearest(code, REGISTRY.iter().map(|r| r.code)) {
        finding = finding.with_help(format!("did you mean `{suggestion}`?"));
    }
    errors.push(finding);
    None
}

fn codes(node: &Node, errors: &mut Vec<Diagnostic>) -> Vec<String> {
    match node.as_sequence() {
        Some(items) => items.iter().filter_map(|item| code(item, errors)).collect(),
        None => {
            errors.push(error(
                node.span,
                "expected a list of codes, e.g. `[ICL101, ICL102]`",
            ));
            Vec::new()
        }
    }
}

fn severities(node: &Node, errors: &mut Vec<Diagnostic>) -> Vec<(String, Severity)> {
    let Some(entries) = node.as_mapping() else {
        errors.push(error(
            node.span,
            "expected a mapping of codes to `error`, `warning` or `info`",
        ));
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|entry| {
            let code = code(&entry.key, errors)?;
            let severity = match choice(
                &entry.value,
                &["error", "warning", "info"],
                "severity",
                errors,
            )? {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                _ => Severity::Info,
            };
            Some((code, severity))
        })
        .collect()
}

/// The one of `choices` that the scalar `node` names, ASCII case ignored; otherwise an error
/// that lists them, with the nearest one ("did you mean").
fn choice<'c>(
    node: &Node,
    choices: &[&'c str],
    what: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<&'c str> {
    let list = match choices {
        [one, two] => format!("`{one}` or `{two}`"),
        _ => {
            let (last, rest) = choices.split_last()?;
            let rest: Vec<String> = rest.iter().map(|c| format!("`{c}`")).collect();
            format!("{} or `{last}`", rest.join(", "))
        }
    };
    let Some((value, span)) = scalar(node) else {
        errors.push(error(node.span, format!("a {what} is {list}")));
        return None;
    };
    if let Some(found) = choices.iter().find(|c| c.eq_ignore_ascii_case(value)) {
        return Some(found);
    }
    let mut finding = error(span, format!("`{value}` is not a {what}: it is {list}"));
    if let Some(suggestion) = nearest(value, choices.iter().copied()) {
        finding = finding.with_help(format!("did you mean `{suggestion}`?"));
    }
    errors.push(finding);
    None
}

fn glob(node: &Node, errors: &mut Vec<Diagnostic>) -> Option<GlobMatcher> {
    let Some((pattern, span)) = scalar(node) else {
        errors.push(error(node.span, "expected a glob such as `legacy/**`"));
        return None;
    };
    match Glob::new(pattern) {
        Ok(glob) => Some(glob.compile_matcher()),
        Err(e) => {
            errors.push(error(
                span,
                format!("`{pattern}` is not a valid glob: {}", e.kind()),
            ));
            None
        }
    }
}

fn per_file_ignores(node: &Node, errors: &mut Vec<Diagnostic>) -> Vec<(GlobMatcher, Vec<String>)> {
    let Some(entries) = node.as_mapping() else {
        errors.push(error(
            node.span,
            "expected a mapping of globs to lists of codes",
        ));
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|entry| Some((glob(&entry.key, errors)?, codes(&entry.value, errors))))
        .collect()
}

fn limits(node: &Node, errors: &mut Vec<Diagnostic>) -> Limits {
    let mut limits = Limits::default();
    let Some(entries) = node.as_mapping() else {
        errors.push(error(node.span, "expected `content-bytes` and `commands`"));
        return limits;
    };
    let mut unknown = Vec::new();
    for entry in entries {
        if !check_key(
            &entry.key,
            LIMIT_KEYS,
            "limit",
            None,
            &INVALID_CONFIG,
            &mut unknown,
        ) {
            continue;
        }
        let number = scalar(&entry.value)
            .and_then(|(v, _)| v.parse::<usize>().ok())
            .filter(|&n| n > 0);
        let Some(number) = number else {
            errors.push(error(entry.value.span, "expected a positive whole number"));
            continue;
        };
        match scalar(&entry.key).map(|(k, _)| k) {
            Some("content-bytes") => limits.content_bytes = number,
            Some("commands") => limits.commands = number,
            _ => {}
        }
    }
    errors.extend(unknown.into_iter().map(|w| Diagnostic {
        severity: Severity::Error,
        rule: &INVALID_CONFIG,
        ..w
    }));
    limits
}

/// `shellcheck: never | PATH`, or `{path: never | PATH, shell: sh | bash | dash | ksh}`.
fn shellcheck(node: &Node, root: &Path, errors: &mut Vec<Diagnostic>) -> ShellCheckConfig {
    let mut found = ShellCheckConfig::default();
    let program = |node: &Node, errors: &mut Vec<Diagnostic>| match scalar(node) {
        Some(("never", _)) => Some(Program::Never),
        Some((path, _)) if !path.is_empty() => Some(Program::At(if path.contains('/') {
            root.join(path)
        } else {
            PathBuf::from(path)
        })),
        _ => {
            errors.push(error(
                node.span,
                "expected `never` or the path of the shellcheck program",
            ));
            None
        }
    };
    let Some(entries) = node.as_mapping() else {
        found.program = program(node, errors);
        return found;
    };
    let mut unknown = Vec::new();
    for entry in entries {
        if !check_key(
            &entry.key,
            SHELLCHECK_KEYS,
            "shellcheck setting",
            None,
            &INVALID_CONFIG,
            &mut unknown,
        ) {
            continue;
        }
        match scalar(&entry.key).map(|(k, _)| k) {
            Some("path") => found.program = program(&entry.value, errors),
            Some("shell") => match scalar(&entry.value) {
                Some((shell, _)) if SHELLCHECK_SHELLS.contains(&shell) => {
                    found.shell = Some(shell.to_string())
                }
                _ => errors.push(error(
                    entry.value.span,
                    "a shell is `sh`, `bash`, `dash` or `ksh`",
                )),
            },
            _ => {}
        }
    }
    errors.extend(unknown.into_iter().map(|w| Diagnostic {
        severity: Severity::Error,
        rule: &INVALID_CONFIG,
        ..w
    }));
    found
}

/// A positive whole number, or an error on `node`.
fn positive(node: &Node, errors: &mut Vec<Diagnostic>) -> Option<usize> {
    let number = scalar(node)
        .and_then(|(v, _)| v.parse::<usize>().ok())
        .filter(|&n| n > 0);
    if number.is_none() {
        errors.push(error(node.span, "expected a positive whole number"));
    }
    number
}

fn content_files(node: &Node, errors: &mut Vec<Diagnostic>) -> Vec<ContentFiles> {
    let Some(items) = node.as_sequence() else {
        errors.push(error(
            node.span,
            "expected a list of `{glob, kind, system-type, component-type}`",
        ));
        return Vec::new();
    };
    let mut found = Vec::new();
    for item in items {
        let Some(entries) = item.as_mapping() else {
            errors.push(error(item.span, "expected a mapping with `glob`"));
            continue;
        };
        let mut unknown = Vec::new();
        for entry in entries {
            check_key(
                &entry.key,
                CONTENT_FILE_KEYS,
                "content-files key",
                None,
                &INVALID_CONFIG,
                &mut unknown,
            );
        }
        errors.extend(unknown.into_iter().map(|w| Diagnostic {
            severity: Severity::Error,
            rule: &INVALID_CONFIG,
            ..w
        }));
        let Some(glob_node) = item.get("glob") else {
            errors.push(error(item.span, "a `content-files` item needs a `glob`"));
            continue;
        };
        let mut options = Options::default();
        if let Some(node) = item.get("kind") {
            match choice(node, &["component", "template"], "`kind`", errors) {
                Some("component") => options.kind = Kind::Component,
                Some(_) => options.kind = Kind::Template,
                None => {}
            }
        }
        // As on the command line, in any case: they describe raw content, not a manifest's
        // `SystemType`, which the service reads case-sensitively.
        let names = |all: &[&'static str]| all.to_vec();
        if let Some(node) = item.get("system-type") {
            let all = names(&SystemType::ALL.map(|t| t.name()));
            if let Some(name) = choice(node, &all, "`system-type`", errors) {
                options.system_type = SystemType::parse(name).unwrap_or_default();
            }
        }
        if let Some(node) = item.get("component-type") {
            let all = names(&ComponentType::ALL.map(|t| t.name()));
            if let Some(name) = choice(node, &all, "`component-type`", errors) {
                options.component_type = ComponentType::parse(name).unwrap_or_default();
            }
        }
        if let Some(matcher) = glob(glob_node, errors) {
            found.push(ContentFiles { matcher, options });
        }
    }
    found
}

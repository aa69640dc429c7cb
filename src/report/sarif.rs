//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.
//!
//! `tool.driver.rules` lists every rule iclint knows (not only those that fired), so a dashboard
//! can show the documentation of any code; each result names its rule by `ruleId` and
//! `ruleIndex`. The ShellCheck codes that fired (`SC####`) follow iclint's rules there, each with
//! its wiki page (ShellCheck's codes are not iclint's to list in full). They are not the rules of
//! a `ShellCheck` tool extension: a result would then name its rule by `rule.toolComponent`,
//! which the Multitool's SARIF2004 wants without the `ruleId` that GitHub requires. Regions are full (start and end line and column; columns count Unicode scalar
//! values, as `columnKind` says; the end column is exclusive, as in SARIF).

use super::{Located, finding_fingerprint, located, positions, rule_docs};
use crate::report::FileReport;
use crate::rule::{Origin, Rule, SHELLCHECK_WIKI, Severity};
use crate::rules::REGISTRY;
use crate::source::Position;
use serde_json::{Value, json};

/// The SARIF 2.1.0 JSON schema.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The documentation of the service's commands and error codes.
pub const SERVICE_DOCS: &str =
    "https://www.alibabacloud.com/help/en/ecs/user-guide/commands-supported-by-image-builder";

/// The project's repository (`repository` in Cargo.toml), if set.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Where the tool is documented.
pub fn information_uri() -> &'static str {
    if REPOSITORY.is_empty() {
        SERVICE_DOCS
    } else {
        REPOSITORY
    }
}

/// Where a rule is documented: its page under `docs/rules/` in the repository, or the service's
/// documentation when Cargo.toml names no repository.
pub fn help_uri(rule: &Rule) -> String {
    if REPOSITORY.is_empty() {
        SERVICE_DOCS.to_string()
    } else {
        format!(
            "{}/blob/HEAD/docs/rules/{}.md",
            REPOSITORY.trim_end_matches('/'),
            rule.code
        )
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_descriptor(rule: &Rule) -> Value {
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.explanation },
        "help": {
            "text": rule_docs::text(rule),
            "markdown": rule_docs::markdown(rule),
        },
        "helpUri": help_uri(rule),
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "tags": [rule_docs::origin_tag(rule.origin)] },
    })
}

/// The codes of ShellCheck's findings in a log, in the order they first appear: rules after
/// iclint's in `tool.driver.rules`, which the results name by index.
#[derive(Debug, Default)]
pub(crate) struct ShellCheckRules {
    rules: Vec<&'static Rule>,
}

impl ShellCheckRules {
    /// The index of `rule` among the extension's rules (entered if new).
    fn index(&mut self, rule: &'static Rule) -> usize {
        match self.rules.iter().position(|r| r.code == rule.code) {
            Some(index) => index,
            None => {
                self.rules.push(rule);
                self.rules.len() - 1
            }
        }
    }

    /// The descriptors of the ShellCheck codes that fired, which follow iclint's own in
    /// `tool.driver.rules`.
    fn descriptors(&self) -> impl Iterator<Item = Value> + '_ {
        self.rules.iter().map(|rule| {
            let wiki = format!("{SHELLCHECK_WIKI}{}", rule.code);
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": format!("ShellCheck {}", rule.code) },
                "fullDescription": {
                    "text": format!("ShellCheck's check {}, run on the shell text.", rule.code),
                },
                "help": {
                    "text": format!("See ShellCheck's wiki: {wiki}"),
                    "markdown": format!("See ShellCheck's wiki: [{}]({wiki})", rule.code),
                },
                "helpUri": wiki,
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "tags": [rule_docs::origin_tag(rule.origin)] },
            })
        })
    }
}

/// A file name as a SARIF URI: relative paths stay relative (to the directory iclint ran in,
/// which for code scanning is the repository root), with `/` separators and unsafe characters
/// percent-encoded; absolute paths become `file://` URIs.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut relative = path.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    let (prefix, rest) = if relative.starts_with('/') {
        ("file://", relative)
    } else if relative.as_bytes().get(1) == Some(&b':') {
        ("file:///", relative)
    } else {
        ("", relative)
    };
    let mut out = String::from(prefix);
    for byte in rest.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte) {
            out.push(char::from(byte));
        } else if byte == b':' && !prefix.is_empty() && out.len() == prefix.len() + 1 {
            out.push(':'); // the drive letter of a Windows path
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn physical_location(file: &str, start: Position, end: Position) -> Value {
    json!({
        "artifactLocation": { "uri": uri(file) },
        "region": {
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
        },
    })
}

fn result(report: &FileReport, finding: &Located<'_>, shellcheck: &mut ShellCheckRules) -> Value {
    let diagnostic = finding.diagnostic;
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut result = json!({
        "ruleId": diagnostic.code(),
        "level": level(diagnostic.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": physical_location(finding.file, finding.start, finding.end),
        }],
        "partialFingerprints": { "iclint/v1": finding_fingerprint(finding) },
    });
    if let Some(index) = REGISTRY.iter().position(|r| r.code == diagnostic.code()) {
        result["ruleIndex"] = json!(index);
    } else if diagnostic.rule.origin == Origin::ShellCheck {
        result["ruleIndex"] = json!(REGISTRY.len() + shellcheck.index(diagnostic.rule));
    }
    if !diagnostic.related.is_empty() {
        result["relatedLocations"] = diagnostic
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| {
                let (file, (start, end)) = match &related.elsewhere {
                    None => (finding.file, positions(&report.source, related.span)),
                    Some(place) => (place.file.as_str(), (place.start, place.end)),
                };
                json!({
                    "id": id,
                    "physicalLocation": physical_location(file, start, end),
                    "message": { "text": related.message },
                })
            })
            .collect();
    }
    result
}

/// The SARIF log of `reports` (sorted by file), with a final line break.
pub fn render(reports: &[FileReport]) -> String {
    let mut shellcheck = ShellCheckRules::default();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|report| results(report, &mut shellcheck))
        .collect();
    text(&log_value(results, &shellcheck))
}

/// The results of one report; the rules of its ShellCheck findings are entered in `shellcheck`.
pub(crate) fn results(report: &FileReport, shellcheck: &mut ShellCheckRules) -> Vec<Value> {
    located(std::slice::from_ref(report))
        .map(|finding| result(report, &finding, shellcheck))
        .collect()
}

/// The log around the results, for writing them one file at a time: what comes before the
/// first result, and after the last, as [`render`] writes them; and the whole log without
/// results. The same for every run of the binary: made once. (`tool` comes after `results`, so
/// the rules of the ShellCheck findings met on the way go in the tail: [`Frame::tail_with`].)
pub(crate) struct Frame {
    /// Up to the `[` of `results`.
    pub head: String,
    /// How far the results are indented.
    pub indent: usize,
    /// From the line break after the last result.
    pub tail: String,
    /// The log of a run without results.
    pub empty: String,
}

impl Frame {
    pub(crate) fn get() -> &'static Frame {
        static FRAME: std::sync::OnceLock<Frame> = std::sync::OnceLock::new();
        FRAME.get_or_init(Frame::new)
    }

    fn new() -> Self {
        let (log, at, marker) = Self::with_placeholder(&ShellCheckRules::default());
        let line_start = log[..at].rfind('\n').map_or(0, |i| i + 1);
        Frame {
            head: log[..line_start.saturating_sub(1)].to_string(),
            indent: at - line_start,
            tail: log[at + marker..].to_string(),
            empty: text(&log_value(Vec::new(), &ShellCheckRules::default())),
        }
    }

    /// The log with one placeholder result (and the rules of `shellcheck`), where the
    /// placeholder stands, and its length.
    fn with_placeholder(shellcheck: &ShellCheckRules) -> (String, usize, usize) {
        const PLACEHOLDER: &str = "\u{0}iclint results";
        let text = text(&log_value(vec![json!(PLACEHOLDER)], shellcheck));
        let marker = serde_json::to_string(PLACEHOLDER).expect("a string serializes");
        let at = text.find(&marker).expect("the placeholder is in the log");
        (text, at, marker.len())
    }

    /// What comes after the last result, with the ShellCheck rules the results named.
    pub(crate) fn tail_with(&self, shellcheck: &ShellCheckRules) -> std::borrow::Cow<'_, str> {
        if shellcheck.rules.is_empty() {
            return std::borrow::Cow::Borrowed(&self.tail);
        }
        let (text, at, marker) = Self::with_placeholder(shellcheck);
        std::borrow::Cow::Owned(text[at + marker..].to_string())
    }
}

/// The SARIF log of a run that did not start because its configuration (`config`, the
/// configuration file with its faults) is broken: no results, and an invocation that failed,
/// with a tool execution notification per fault, so that an upload step finds a log that
/// says why.
pub fn configuration_failure(config: &FileReport) -> String {
    let notifications: Vec<Value> = located(std::slice::from_ref(config))
        .map(|finding| {
            let diagnostic = finding.diagnostic;
            let mut message = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            json!({
                "level": "error",
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": physical_location(finding.file, finding.start, finding.end),
                }],
            })
        })
        .collect();
    let mut log = log_value(Vec::new(), &ShellCheckRules::default());
    log["runs"][0]["invocations"] = json!([{
        "executionSuccessful": false,
        "exitCode": 2,
        "toolExecutionNotifications": notifications,
    }]);
    let mut text = serde_json::to_string_pretty(&log).expect("the SARIF log serializes");
    text.push('\n');
    text
}

/// A log as text, with a final line break.
fn text(log: &Value) -> String {
    let mut text = serde_json::to_string_pretty(log).expect("the SARIF log serializes");
    text.push('\n');
    text
}

/// The SARIF log with `results`; the rules are iclint's, then the ShellCheck codes they name.
fn log_value(results: Vec<Value>, shellcheck: &ShellCheckRules) -> Value {
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "iclint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": information_uri(),
                    "rules": REGISTRY
                        .iter()
                        .map(|rule| rule_descriptor(rule))
                        .chain(shellcheck.descriptors())
                        .collect::<Vec<_>>(),
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(uri("./a/b c.yaml"), "a/b%20c.yaml");
        assert_eq!(uri("a\\b:c,d"), "a/b%3Ac,d");
        assert_eq!(uri("/tmp/x"), "file:///tmp/x");
        assert_eq!(uri("C:\\x\\y"), "file:///C:/x/y");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }
}

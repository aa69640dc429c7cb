//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.
//!
//! `tool.driver.rules` lists every rule iclint knows (not only those that fired), so a dashboard
//! can show the documentation of any code; each result names its rule by `ruleId` and
//! `ruleIndex`. Regions are full (start and end line and column; columns count Unicode scalar
//! values, as `columnKind` says; the end column is exclusive, as in SARIF).

use super::{Located, finding_fingerprint, located, positions, rule_docs};
use crate::report::FileReport;
use crate::rule::Rule;
use crate::rule::Severity;
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

fn result(report: &FileReport, finding: &Located<'_>) -> Value {
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
    let results: Vec<Value> = reports.iter().flat_map(results).collect();
    log(results)
}

/// The results of one report.
pub(crate) fn results(report: &FileReport) -> Vec<Value> {
    located(std::slice::from_ref(report))
        .map(|finding| result(report, &finding))
        .collect()
}

/// The log around the results, for writing them one file at a time: what comes before the
/// first result, and after the last, as [`render`] writes them; and the whole log without
/// results. The same for every run of the binary: made once.
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
        const PLACEHOLDER: &str = "\u{0}iclint results";
        let text = log(vec![json!(PLACEHOLDER)]);
        let marker = serde_json::to_string(PLACEHOLDER).expect("a string serializes");
        let at = text.find(&marker).expect("the placeholder is in the log");
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        Frame {
            head: text[..line_start.saturating_sub(1)].to_string(),
            indent: at - line_start,
            tail: text[at + marker.len()..].to_string(),
            empty: log(Vec::new()),
        }
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
    let mut log = log_value(Vec::new());
    log["runs"][0]["invocations"] = json!([{
        "executionSuccessful": false,
        "exitCode": 2,
        "toolExecutionNotifications": notifications,
    }]);
    let mut text = serde_json::to_string_pretty(&log).expect("the SARIF log serializes");
    text.push('\n');
    text
}

/// The SARIF log with `results`, with a final line break.
fn log(results: Vec<Value>) -> String {
    let mut text =
        serde_json::to_string_pretty(&log_value(results)).expect("the SARIF log serializes");
    text.push('\n');
    text
}

/// The SARIF log with `results`.
fn log_value(results: Vec<Value>) -> Value {
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
                    "rules": REGISTRY.iter().map(|rule| rule_descriptor(rule)).collect::<Vec<_>>(),
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

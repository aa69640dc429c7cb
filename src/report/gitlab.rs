//! `--format gitlab`: a GitLab Code Quality report (a JSON array in the Code Climate shape) for
//! `artifacts:reports:codequality`.
//!
//! Severity: error → `critical` (the service rejects the upload), warning → `major`,
//! info → `info`. The fingerprint is a stable hash of the file, code, position and message, so
//! GitLab can tell new findings from fixed ones between pipelines.

use super::{finding_fingerprint, located};
use crate::report::FileReport;
use crate::rule::Severity;
use serde_json::{Value, json};

/// The Code Quality report of `reports` (sorted by file), with a final line break.
pub fn render(reports: &[FileReport]) -> String {
    let issues = issues(reports);
    let mut text = serde_json::to_string_pretty(&issues).expect("issues serialize");
    text.push('\n');
    text
}

/// The Code Quality issues of `reports`, in order.
pub(crate) fn issues(reports: &[FileReport]) -> Vec<Value> {
    located(reports)
        .map(|finding| {
            let diagnostic = finding.diagnostic;
            json!({
                "type": "issue",
                "check_name": diagnostic.code(),
                "description": format!("{}: {}", diagnostic.code(), diagnostic.message),
                "categories": ["Bug Risk"],
                "severity": match diagnostic.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "major",
                    Severity::Info => "info",
                },
                "fingerprint": finding_fingerprint(&finding),
                "location": {
                    "path": finding.file,
                    "lines": { "begin": finding.start.line, "end": finding.end.line },
                },
            })
        })
        .collect()
}

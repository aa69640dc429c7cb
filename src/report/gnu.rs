//! `--format gnu`: `file:line:column: severity: message [CODE]`, one line per finding, the form
//! editors and `compile`-style tools parse.

use super::located;
use crate::report::FileReport;
use std::fmt::Write;

/// The GNU-style report of `reports` (sorted by file).
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for finding in located(reports) {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}: {} [{}]",
            one_line(finding.file),
            finding.start.line,
            finding.start.column,
            finding.diagnostic.severity,
            one_line(&finding.diagnostic.message),
            finding.diagnostic.code(),
        );
    }
    out
}

/// `text` on one line: line breaks become spaces, so that every finding is exactly one line.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

//! `--format json`: one array of findings, sorted by file, position and code (design.md).

use super::located;
use crate::FileReport;
use serde::Serialize;

/// One finding as the JSON formats write it (`json` and `json-lines` share it).
#[derive(Serialize)]
pub(crate) struct Finding<'a> {
    file: &'a str,
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<&'a str>,
}

/// Every finding of `reports`, in order.
pub(crate) fn findings(reports: &[FileReport]) -> Vec<Finding<'_>> {
    located(reports)
        .map(|finding| Finding {
            file: finding.file,
            code: finding.diagnostic.code(),
            severity: finding.diagnostic.severity.as_str(),
            message: &finding.diagnostic.message,
            line: finding.start.line,
            column: finding.start.column,
            end_line: finding.end.line,
            end_column: finding.end.column,
            help: finding.diagnostic.help.as_deref(),
        })
        .collect()
}

/// The JSON report of `reports` (sorted by file), with a final line break.
pub fn render(reports: &[FileReport]) -> String {
    let mut text = serde_json::to_string_pretty(&findings(reports)).expect("findings serialize");
    text.push('\n');
    text
}

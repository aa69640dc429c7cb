//! `--format json`: one array of findings, sorted by file, position and code (design.md).

use crate::FileReport;
use serde::Serialize;

#[derive(Serialize)]
struct Finding<'a> {
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

/// The JSON report of `reports` (sorted by file), with a final line break.
pub fn render(reports: &[FileReport]) -> String {
    let findings: Vec<Finding<'_>> = reports
        .iter()
        .flat_map(|report| {
            report.diagnostics.iter().map(move |diagnostic| {
                let start = report.source.position(diagnostic.span.start);
                let end = report.source.position(diagnostic.span.end);
                Finding {
                    file: report.source.name(),
                    code: diagnostic.code(),
                    severity: diagnostic.severity.as_str(),
                    message: &diagnostic.message,
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    help: diagnostic.help.as_deref(),
                }
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&findings).expect("findings serialize");
    text.push('\n');
    text
}

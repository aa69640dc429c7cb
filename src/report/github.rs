//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request: `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`.
//! Warnings are `::warning`, infos `::notice`.

use super::located;
use crate::report::FileReport;
use crate::rule::Severity;
use std::fmt::Write;

/// The workflow commands for `reports` (sorted by file), one line per finding.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for finding in located(reports) {
        let diagnostic = finding.diagnostic;
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(finding.file),
            finding.start.line,
            finding.start.column,
            finding.end.line,
            finding.end.column,
            escape_property(diagnostic.code()),
            escape_data(&message),
        );
    }
    out
}

/// The message of a workflow command: `%`, `\r` and `\n` escaped as the runner expects.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A property value of a workflow command: as [`escape_data`], and `:` and `,` too.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% a:b,c\r\n"), "50%25 a:b,c%0D%0A");
        assert_eq!(escape_property("50% a:b,c\r\n"), "50%25 a%3Ab%2Cc%0D%0A");
    }
}

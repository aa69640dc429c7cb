//! `--format checkstyle`: Checkstyle XML, read by Jenkins (Warnings NG), reviewdog, SonarQube and
//! many other CI tools. Every file checked is listed, with or without findings.

use super::xml_escape;
use crate::report::FileReport;
use std::fmt::Write;

/// What comes before the files.
pub(crate) const HEAD: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
/// What comes after them.
pub(crate) const TAIL: &str = "</checkstyle>\n";

/// The Checkstyle report of `reports` (sorted by file).
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::from(HEAD);
    for report in reports {
        render_file(report, &mut out);
    }
    out.push_str(TAIL);
    out
}

/// The `<file>` element of one report.
pub(crate) fn render_file(report: &FileReport, out: &mut String) {
    {
        let _ = writeln!(
            out,
            "  <file name=\"{}\">",
            xml_escape(report.source.name())
        );
        for diagnostic in &report.diagnostics {
            let start = report.source.position(diagnostic.span.start);
            let _ = writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"iclint.{}\"/>",
                start.line,
                start.column,
                diagnostic.severity,
                xml_escape(&diagnostic.message),
                xml_escape(diagnostic.code()),
            );
        }
        out.push_str("  </file>\n");
    }
}

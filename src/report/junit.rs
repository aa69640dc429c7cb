//! `--format junit`: JUnit XML, which most CI systems show as test results. One test suite per
//! file; each finding is a test case, failed when its severity is at or above `--fail-on` (the
//! level that fails the run), passed otherwise with the finding in its `<system-out>`; a file
//! without findings has one passing test case, so that it shows as checked.

use super::xml_escape;
use crate::report::FileReport;
use crate::rule::Severity;
use std::fmt::Write;

/// What comes after the test suites.
pub(crate) const TAIL: &str = "</testsuites>\n";

/// The JUnit report of `reports` (sorted by file); findings at or above `fail_on` are failures
/// (`None`: none is, as with `--fail-on never`).
pub fn render(reports: &[FileReport], fail_on: Option<Severity>) -> String {
    let failures: usize = reports.iter().map(|r| failures(r, fail_on)).sum();
    let tests: usize = reports.iter().map(|r| r.diagnostics.len().max(1)).sum();
    let mut out = head(tests, failures);
    for report in reports {
        render_file(report, fail_on, &mut out);
    }
    out.push_str(TAIL);
    out
}

/// The XML declaration and the opening `<testsuites>` with the run's counts.
pub(crate) fn head(tests: usize, failures: usize) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"iclint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n"
    )
}

/// How many findings of `report` fail the run.
pub(crate) fn failures(report: &FileReport, fail_on: Option<Severity>) -> usize {
    report
        .diagnostics
        .iter()
        .filter(|d| fail_on.is_some_and(|level| d.severity >= level))
        .count()
}

/// The `<testsuite>` of one report.
pub(crate) fn render_file(report: &FileReport, fail_on: Option<Severity>, out: &mut String) {
    {
        let file = xml_escape(report.source.name());
        let count = report.diagnostics.len();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{file}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            count.max(1),
            failures(report, fail_on)
        );
        if count == 0 {
            let _ = writeln!(
                out,
                "    <testcase name=\"iclint\" classname=\"{file}\" file=\"{file}\"/>"
            );
        }
        for diagnostic in &report.diagnostics {
            let start = report.source.position(diagnostic.span.start);
            let code = xml_escape(diagnostic.code());
            let mut body = format!(
                "{}:{}:{}: {}: {}",
                report.source.name(),
                start.line,
                start.column,
                diagnostic.severity,
                diagnostic.message
            );
            if let Some(help) = &diagnostic.help {
                body.push_str("\nhelp: ");
                body.push_str(help);
            }
            let _ = writeln!(
                out,
                "    <testcase name=\"{code} at {line}:{column}\" classname=\"{file}\" file=\"{file}\" line=\"{line}\">",
                line = start.line,
                column = start.column,
            );
            if fail_on.is_some_and(|level| diagnostic.severity >= level) {
                let _ = writeln!(
                    out,
                    "      <failure type=\"{code}\" message=\"{}\">{}</failure>",
                    xml_escape(&diagnostic.message),
                    xml_escape(&body),
                );
            } else {
                let _ = writeln!(out, "      <system-out>{}</system-out>", xml_escape(&body));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
}

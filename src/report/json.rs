//! `--format json`: one array of findings, sorted by file, position and code (docs/architecture.md).

use std::io::{self, Write};

use super::located;
use crate::report::FileReport;
use serde::{Serialize, Serializer};

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
pub(crate) fn findings(reports: &[FileReport]) -> impl Iterator<Item = Finding<'_>> {
    located(reports).map(|finding| Finding {
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
}

/// Writes the JSON report of `reports` (sorted by file), with a final line break, one finding
/// at a time: a run with many findings holds neither a list of them nor the whole text.
pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    serializer
        .collect_seq(findings(reports))
        .map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// The JSON report of `reports` as text (see [`write()`]).
pub fn render(reports: &[FileReport]) -> String {
    let mut bytes = Vec::new();
    write(reports, &mut bytes).expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("JSON is UTF-8")
}

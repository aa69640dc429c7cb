//! `--format json-lines`: one JSON object per line, with the fields of `--format json`; nothing
//! at all when there is no finding.

use crate::report::FileReport;

/// The JSON Lines report of `reports` (sorted by file).
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for finding in super::json::findings(reports) {
        out.push_str(&serde_json::to_string(&finding).expect("findings serialize"));
        out.push('\n');
    }
    out
}

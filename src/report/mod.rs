//! Reports: every format reads the same [`FileReport`]s.

pub mod human;
pub mod json;

use crate::FileReport;
use crate::diagnostic::Severity;

/// How many findings of each severity a run made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Self {
        let mut summary = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for diagnostic in reports.iter().flat_map(|r| &r.diagnostics) {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }
}

/// Sorts reports by file name; each report's findings are already in order.
pub fn sort(reports: &mut [FileReport]) {
    reports.sort_by(|a, b| a.source.name().cmp(b.source.name()));
}

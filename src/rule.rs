//! What a code is: its [`Rule`] (code, name, severity, origin, documentation) and the
//! [`Severity`] and [`Origin`] it has. A leaf: it imports nothing of the crate.
//!
//! Each rule is one `static` declared beside the check that reports it; `rules::REGISTRY` lists
//! them all (see `docs/architecture.md`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Documented by Alibaba Cloud for CreateImageComponent: the API rejects the request.
    Service,
    /// Documented for a sibling API and borrowed where CreateImageComponent documents none
    /// (`docs/service-rules.md` §9.7).
    Borrowed,
    /// iclint's own check (`ICL...`): the API accepts it, but it is almost surely a mistake.
    Linter,
    /// ShellCheck's check (`SC...`), run on the shell text of the content.
    ShellCheck,
}

/// Where ShellCheck documents a code (`SC2086`): the address followed by the code.
pub const SHELLCHECK_WIKI: &str = "https://www.shellcheck.net/wiki/";

/// What a code means. One value per code.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// The code as reported: a service code such as `InvalidCommandContent.WORKDIR`, or `ICL...`.
    pub code: &'static str,
    /// A short kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    pub origin: Origin,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters and how to fix it.
    pub explanation: &'static str,
    /// Content that makes the rule fire, for `iclint explain` and `docs/rules/`. Raw
    /// Dockerfile-format content, or files: a line `# NAME` (NAME ending in `.yaml`, `.yml` or
    /// `.json`, e.g. `# web.component.yaml`) starts a file of that name. A test lints it.
    pub example: &'static str,
    /// The example with the fault fixed, in the same form: it must not fire.
    pub fix: &'static str,
}

/// Every rule iclint reports: each `static` [`Rule`] enters itself here with
/// `#[linkme::distributed_slice(crate::rule::RULES)]` on its declaration, so a rule cannot be
/// declared and forgotten. In link order: `rules::REGISTRY` is the sorted view.
#[linkme::distributed_slice]
pub static RULES: [Rule];

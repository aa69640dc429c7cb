//! `ICL001`: a suppression comment that silences nothing. The directives are read in
//! `crate::syntax::directives` and applied by the suppression stage, `crate::suppression`.

use crate::rule::Severity;
use crate::rule::{Origin, Rule};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static UNUSED_SUPPRESSION: Rule = Rule {
    code: "ICL001",
    name: "unused-suppression",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "an `# iclint ignore` comment that suppresses nothing",
    explanation: "`# iclint ignore=CODE` silences CODE on the command, task or manifest key right after \
the comment; `# iclint ignore-file=CODE` silences it in the whole file. A suppression that silences \
nothing — the code does not occur there (any more), the code is misspelt, or nothing follows the \
comment — hides nothing today but will hide a real finding tomorrow. Remove it or fix the code. \
A code that the checks across files report (a version defined twice, the quota, the checks of \
`COMPONENT` lines) is never reported here: whether its findings occur depends on which files a run \
holds.",
    example: "\
# iclint ignore=ICL102
WORKDIR /opt/app
",
    fix: "\
WORKDIR /opt/app
",
};

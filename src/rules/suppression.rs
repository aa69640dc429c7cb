//! `ICL001`: a suppression comment that silences nothing; `ICL004`: a comment that starts like a
//! suppression but is not one. The directives are read in
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

#[linkme::distributed_slice(crate::rule::RULES)]
pub static MALFORMED_SUPPRESSION: Rule = Rule {
    code: "ICL004",
    name: "malformed-suppression",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "a comment that starts like an `# iclint ignore` suppression but is not one",
    explanation: "A suppression is `# iclint ignore=CODE[,CODE]` (the command, task or manifest key \
after it) or `# iclint ignore-file=CODE[,CODE]` (the whole file). A comment whose first word is \
`iclint` but that is not written so — no code after `ignore`, a misspelt word (`ignor`, \
`ignore-files`), a `:` after `iclint` — is a plain comment to iclint and suppresses nothing, while \
whoever wrote it believes it does. iclint takes a comment for such an attempt when `:` follows \
`iclint`, when the next word is `ignore`, `ignore-file` or near one of them, or when `=` follows \
that word; a comment that mentions iclint in prose (`# iclint checks this file in CI`) is left \
alone. The help gives the right form.",
    example: "\
# iclint: ignore=ICL102
WORKDIR opt
",
    fix: "\
# iclint ignore=ICL102
WORKDIR opt
",
};

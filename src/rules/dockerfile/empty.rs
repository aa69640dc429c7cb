//! `EmptyCommandContent.<KEYWORD>`: a command that needs an argument has none.

use crate::catalog::Keyword;
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::rules::shared::INVALID_CONTENT;
use crate::syntax::dockerfile::Command;

const EXPLANATION: &str = "Every command but RESTART needs an argument: a shell command for RUN, \
`KEY \"value\"` pairs for ENV and LABEL, a source and a destination for COPY, a program for CMD and \
ENTRYPOINT, a directory for WORKDIR, an account for USER. A bare keyword is rejected with \
`EmptyCommandContent.<KEYWORD>`. Often the argument went to the next line without a `\\` before the \
line break.";

macro_rules! empty_rule {
    ($name:ident, $code:literal, $rule_name:literal, $summary:literal, $example:literal, $fix:literal $(,)?) => {
        #[linkme::distributed_slice(crate::rule::RULES)]
        pub static $name: Rule = Rule {
            code: $code,
            name: $rule_name,
            severity: Severity::Error,
            origin: Origin::Service,
            summary: $summary,
            explanation: EXPLANATION,
            example: $example,
            fix: $fix,
        };
    };
}

empty_rule!(
    RUN,
    "EmptyCommandContent.RUN",
    "empty-run",
    "RUN without a command",
    "\
RUN
",
    "\
RUN yum install -y nginx
"
);
empty_rule!(
    ENV,
    "EmptyCommandContent.ENV",
    "empty-env",
    "ENV without a variable",
    "\
ENV
",
    "\
ENV PORT 80
"
);
empty_rule!(
    LABEL,
    "EmptyCommandContent.LABEL",
    "empty-label",
    "LABEL without a label",
    "\
LABEL
",
    "\
LABEL version=\"1.0\"
"
);
empty_rule!(
    COPY,
    "EmptyCommandContent.COPY",
    "empty-copy",
    "COPY without source and destination",
    "\
COPY
",
    "\
COPY https://example.com/app.tar.gz /opt/app/
"
);
empty_rule!(
    ENTRYPOINT,
    "EmptyCommandContent.ENTRYPOINT",
    "empty-entrypoint",
    "ENTRYPOINT without a program",
    "\
ENTRYPOINT
",
    "\
ENTRYPOINT [\"/opt/app/start.sh\"]
"
);
empty_rule!(
    CMD,
    "EmptyCommandContent.CMD",
    "empty-cmd",
    "CMD without a program",
    "\
CMD
",
    "\
CMD [\"/opt/app/start.sh\"]
"
);
empty_rule!(
    WORKDIR,
    "EmptyCommandContent.WORKDIR",
    "empty-workdir",
    "WORKDIR without a directory",
    "\
WORKDIR
",
    "\
WORKDIR /opt/app
"
);
empty_rule!(
    USER,
    "EmptyCommandContent.USER",
    "empty-user",
    "USER without an account",
    "\
USER
",
    "\
USER nginx
"
);

/// What the argument of `keyword` should look like, for the help text.
fn example(keyword: Keyword) -> &'static str {
    match keyword {
        Keyword::Run => "RUN yum install -y nginx",
        Keyword::Env => "ENV APP_HOME \"/opt/app\"",
        Keyword::Label => "LABEL owner=\"team-a\"",
        Keyword::Copy => "COPY https://example.com/app.tar.gz /opt/",
        Keyword::Entrypoint => "ENTRYPOINT [\"/usr/sbin/nginx\", \"-g\", \"daemon off;\"]",
        Keyword::Cmd => "CMD [\"/opt/app/start.sh\"]",
        Keyword::Workdir => "WORKDIR /opt/app",
        Keyword::User => "USER admin",
        Keyword::Component => "COMPONENT ic-bp1234567890abcdefgh",
        Keyword::From | Keyword::Restart => "",
    }
}

/// Reports a bare keyword that needs an argument.
pub fn check(command: &Command<'_>, keyword: Keyword, out: &mut Vec<Diagnostic>) {
    let rule = match keyword {
        Keyword::Run => &RUN,
        Keyword::Env => &ENV,
        Keyword::Label => &LABEL,
        Keyword::Copy => &COPY,
        Keyword::Entrypoint => &ENTRYPOINT,
        Keyword::Cmd => &CMD,
        Keyword::Workdir => &WORKDIR,
        Keyword::User => &USER,
        Keyword::Component | Keyword::From | Keyword::Restart => &INVALID_CONTENT,
    };
    let mut finding = Diagnostic::new(
        rule,
        command.keyword_span,
        format!("`{}` has no argument", keyword.name()),
    )
    .with_label("argument missing");
    if !example(keyword).is_empty() {
        finding = finding.with_help(format!("for example: `{}`", example(keyword)));
    }
    out.push(finding);
}

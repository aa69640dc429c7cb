//! The command keyword: supported, allowed in this kind of content, written in upper case.

use crate::catalog::{DOCKER_ONLY_KEYWORDS, Keyword, Kind};
use crate::diagnostic::{Diagnostic, Edit};
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::suggest::nearest;
use crate::syntax::dockerfile::Command;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static NOT_SUPPORTED: Rule = Rule {
    code: "InvalidImageTemplateCommand.NotSupported",
    name: "unsupported-command",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "a command keyword Image Builder does not support",
    explanation: "Image Builder supports RUN, ENV, WORKDIR, COPY, USER, LABEL, CMD, ENTRYPOINT and RESTART \
in components (plus COMPONENT and FROM in templates). Any other first word of a line — a Dockerfile \
instruction such as ADD, ARG or EXPOSE, a typo, or a shell command that lost its RUN — is rejected \
with `InvalidImageTemplateCommand.NotSupported`. iclint suggests the nearest keyword for a typo and \
the Image Builder way for Dockerfile-only instructions.",
    example: "\
ADD nginx.conf /etc/nginx/nginx.conf
",
    fix: "\
COPY nginx.conf /etc/nginx/nginx.conf
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static FROM_IN_COMPONENT: Rule = Rule {
    code: "NotSupportedCommand.FROM",
    name: "from-in-component",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "FROM in a component",
    explanation: "A component runs on whatever base image its template chooses, so it cannot name one: \
CreateImageComponent rejects `FROM` with `NotSupportedCommand.FROM`. Choose the base image in the \
template (`BaseImageType` and `BaseImage` of CreateImagePipeline) and delete the line.",
    example: "\
FROM centos:7
RUN yum install -y nginx
",
    fix: "\
RUN yum install -y nginx
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static COMPONENT_IN_COMPONENT: Rule = Rule {
    code: "InvalidCommand.Component",
    name: "component-in-component",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "COMPONENT in a component",
    explanation: "Components cannot include other components: `COMPONENT` belongs to image templates \
(`BuildContent`/`TestContent` of CreateImagePipeline). CreateImageComponent rejects it with \
`InvalidCommand.Component`. List both components in the template instead.",
    example: "\
COMPONENT ic-bp1abcdefghijklmnopq
RUN echo done
",
    fix: "\
RUN echo done
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static LOWERCASE_KEYWORD: Rule = Rule {
    code: "ICL101",
    name: "keyword-not-uppercase",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "a command keyword not written in upper case",
    explanation: "Keywords match case-insensitively, so `run` works, but every example in Alibaba's \
documentation and every Dockerfile writes them in upper case; mixed case makes content harder to scan \
and to search. Write the keyword in upper case.",
    example: "\
run yum install -y nginx
",
    fix: "\
RUN yum install -y nginx
",
};

/// Checks the keyword; returns it when the command is one this kind of content accepts.
pub fn check(command: &Command<'_>, kind: Kind, out: &mut Vec<Diagnostic>) -> Option<Keyword> {
    let Some(keyword) = command.known else {
        out.push(not_supported(command, kind));
        return None;
    };
    if !keyword.allowed_in(kind) {
        out.push(match keyword {
            Keyword::From => Diagnostic::new(&FROM_IN_COMPONENT, command.keyword_span, "FROM is not supported in a component")
                .with_label("templates choose the base image")
                .with_help("delete this line; the template's BaseImageType and BaseImage choose the base image"),
            _ => Diagnostic::new(&COMPONENT_IN_COMPONENT, command.keyword_span, "COMPONENT is not supported in a component")
                .with_label("only templates include components")
                .with_help("list this component in the image template instead"),
        });
        return None;
    }
    if command.keyword != keyword.name() {
        out.push(
            Diagnostic::new(
                &LOWERCASE_KEYWORD,
                command.keyword_span,
                format!("keyword `{}` is not in upper case", command.keyword),
            )
            .with_label("not upper case")
            .with_help(format!("write `{}`", keyword.name()))
            .with_fix(
                format!("Write `{}`", keyword.name()),
                vec![Edit {
                    span: command.keyword_span,
                    replacement: keyword.name().to_string(),
                }],
            ),
        );
    }
    Some(keyword)
}

fn not_supported(command: &Command<'_>, kind: Kind) -> Diagnostic {
    let word = command.keyword;
    let message = format!("`{word}` is not a command Image Builder supports");
    let diagnostic = Diagnostic::new(&NOT_SUPPORTED, command.keyword_span, message);
    let allowed = || {
        Keyword::ALL
            .into_iter()
            .filter(|k| k.allowed_in(kind))
            .map(Keyword::name)
    };
    if let Some((_, instead)) = DOCKER_ONLY_KEYWORDS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
    {
        return diagnostic.with_label("Dockerfile only").with_help(*instead);
    }
    if let Some(suggestion) = nearest(word, allowed()) {
        return diagnostic
            .with_label("unknown command")
            .with_help(format!("did you mean `{suggestion}`?"));
    }
    let list = allowed().collect::<Vec<_>>().join(", ");
    diagnostic.with_label("unknown command").with_help(format!(
        "supported commands are {list}; to run a shell command, write `RUN {word} ...`"
    ))
}

//! `FROM` in a template (docs/service-rules.md §7): deprecated; the base image comes from `BaseImageType` and
//! `BaseImage`. The old rules behind `DuplicatedCommand.FROM` and `InvalidCommandOrder.FROM` are
//! no longer enforced, so neither is reported.

use crate::catalog::template::is_from_source;
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::syntax::dockerfile::Command;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static FROM_DEPRECATED: Rule = Rule {
    code: "ICL401",
    name: "from-in-template",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "FROM in a template: deprecated and ignored by the service",
    explanation: "Templates once chose their base image with `FROM IMAGE:<image id>` or \
`FROM IMAGE_FAMILY:<family>`. The base image now always comes from the CreateImagePipeline \
parameters `BaseImageType` and `BaseImage`, and the service ignores `FROM`, so a `FROM` line \
misleads whoever reads the template about the image it builds on. Delete the line and set \
`BaseImageType: IMAGE` (or `IMAGE_FAMILY`) and `BaseImage` in the template. iclint does not report \
the retired `DuplicatedCommand.FROM` and `InvalidCommandOrder.FROM`.",
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  FROM IMAGE:m-bp1abcdefghijklmnopq
  RUN echo build
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  RUN echo build
",
};

/// Reports a `FROM` command.
pub fn check(command: &Command<'_>, out: &mut Vec<Diagnostic>) {
    let argument = command.argument.text.trim();
    if argument.is_empty() {
        // Nothing to move into `BaseImage`: the message says it all.
        out.push(
            Diagnostic::new(
                &FROM_DEPRECATED,
                command.span,
                "`FROM` names no image, and is deprecated in templates and ignored by the \
                 service: delete the line",
            )
            .with_label("ignored"),
        );
        return;
    }
    let finding = if let Some((source, value)) = argument
        .split_once(':')
        .filter(|_| is_from_source(argument))
    {
        Diagnostic::new(
            &FROM_DEPRECATED,
            command.span,
            "`FROM` is deprecated in templates and ignored by the service",
        )
        .with_help(format!(
            "delete this line and set `BaseImageType: {source}` and `BaseImage: {value}` in the \
             template"
        ))
    } else {
        Diagnostic::new(
            &FROM_DEPRECATED,
            command.span,
            format!(
                "`FROM` is deprecated in templates and ignored by the service (and `{argument}` \
                 is neither `IMAGE:<image id>` nor `IMAGE_FAMILY:<family>`)"
            ),
        )
        .with_help("delete this line and set `BaseImageType` and `BaseImage` in the template")
    };
    out.push(finding.with_label("ignored"));
}

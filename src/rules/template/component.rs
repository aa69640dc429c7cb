//! `COMPONENT <id-or-arn> [--param value ...]` (docs/service-rules.md §7): a malformed target or parameter list
//! is `InvalidParameter.BuildContent` or `InvalidParameter.TestContent`, after the content it is in.

use super::invalid_rule;
use crate::catalog::ComponentType;
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::syntax::dockerfile::Command;
use crate::syntax::template::{ComponentLine, parse_component};

const EXPLANATION: &str = "In an image template, `COMPONENT` includes an image component: \
`COMPONENT <id-or-arn> [--name value ...]`. The component is named by its ID, `ic-` followed by \
lowercase letters and digits, or by its ARN, \
`acs:ecs:<region>:<account>:imagecomponent/<Name>/<major>.<minor>.<patch>` (a `:` may stand for the \
last `/`), where any version part may be `*` to take the newest matching version. Parameters of the \
component follow as `--name value` pairs, each name once. CreateImagePipeline rejects a malformed \
line with `InvalidParameter.BuildContent` (in `BuildContent`, and raw template files) or \
`InvalidParameter.TestContent` (in `TestContent`): a target that is neither an ID nor an ARN, an \
ARN without a three-part version, a `--name` without a value, a value without a `--name`, a \
parameter given twice. A malformed target is one finding that names every part at fault (a \
documented placeholder such as `<Name of the component>` included); the parameters after it are \
not read, since the line cannot be resolved anyway. The same codes cover template content in the \
YAML format (templates take the Dockerfile format only).";

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_BUILD_CONTENT: Rule = Rule {
    code: "InvalidParameter.BuildContent",
    name: "invalid-build-content",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "a malformed COMPONENT line (target, --param pairs) in BuildContent",
    explanation: EXPLANATION,
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  COMPONENT web --port
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/web/1.0.0 --port 8080
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_TEST_CONTENT: Rule = Rule {
    code: "InvalidParameter.TestContent",
    name: "invalid-test-content",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "a malformed COMPONENT line (target, --param pairs) in TestContent; TestContent over 16 KB",
    explanation: EXPLANATION,
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  RUN echo build
TestContent: |
  COMPONENT smoke --url
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  RUN echo build
TestContent: |
  COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/smoke/1.0.0 --url http://localhost/
",
};

/// Reports the faults of one `COMPONENT` command; returns the line.
pub fn check(
    command: &Command<'_>,
    content: ComponentType,
    out: &mut Vec<Diagnostic>,
) -> ComponentLine {
    let rule = invalid_rule(content);
    let line = parse_component(command);
    for fault in line.faults.iter().cloned() {
        let mut finding = Diagnostic::new(rule, fault.span, fault.message).with_label(fault.label);
        if let Some(help) = fault.help {
            finding = finding.with_help(help);
        }
        if let Some((span, message)) = fault.related {
            finding = finding.with_related(span, message);
        }
        out.push(finding);
    }
    line
}

//! The size of template content (docs/service-rules.md §7): 16 KB per content, as for components, under the code
//! of the parameter. The 127-command limit is the components' code,
//! `InvalidImageTemplateCommandSize.ExceededMaxNumber`, already named after templates.

use super::INVALID_TEST_CONTENT;
use crate::catalog::ComponentType;
use crate::diagnostic::Diagnostic;
use crate::options::Options;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::rules::content::check_length_under;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static BUILD_CONTENT_TOO_LONG: Rule = Rule {
    code: "InvalidBuildContent.LengthExceeded",
    name: "build-content-too-long",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "a template's BuildContent is larger than 16 KB",
    explanation: "CreateImagePipeline accepts at most 16 KB of `BuildContent`. iclint counts 16,384 \
bytes of UTF-8 (docs/service-rules.md §9.1), the same configurable limit as for component content, and points at the \
first byte past it. The service documents no such code for `TestContent`: iclint reports an \
oversized `TestContent` as `InvalidParameter.TestContent`. Move long scripts into components and \
include them with `COMPONENT`.",
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  # 16,385 bytes or more of BuildContent
  RUN echo 1
  # ...
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  # The long commands moved into components
  COMPONENT ic-bp1abcdefghijklmnopq
",
};

/// Reports template content larger than the limit, under the code of its parameter.
pub fn check_length(text: &str, options: &Options, out: &mut Vec<Diagnostic>) {
    let rule = match options.component_type {
        ComponentType::Build => &BUILD_CONTENT_TOO_LONG,
        ComponentType::Test => &INVALID_TEST_CONTENT,
    };
    check_length_under(
        rule,
        "move the commands into components and include them with `COMPONENT`",
        text,
        &options.limits,
        out,
    );
}

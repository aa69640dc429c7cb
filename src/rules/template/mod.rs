//! Rules on image templates (docs/service-rules.md §7): `BuildContent` and `TestContent` of CreateImagePipeline,
//! raw (`--kind template`) or in a template manifest.
//!
//! Template content is the Dockerfile format with two more keywords, `COMPONENT` and `FROM`;
//! every other command is checked by [`super::dockerfile`]. Which content is linted (and so which
//! code a malformed line gets) is told by [`Options::component_type`](crate::Options):
//! `Build` for `BuildContent` (the default, also for raw template files), `Test` for
//! `TestContent`.

pub mod component;
pub mod from;
pub mod image;
pub mod limits;
pub mod manifest;
pub mod pipeline;
pub mod values;

pub use component::{INVALID_BUILD_CONTENT, INVALID_TEST_CONTENT};
pub use from::FROM_DEPRECATED;
pub use limits::BUILD_CONTENT_TOO_LONG;

use crate::catalog::template::content_parameter;
use crate::catalog::{ComponentType, Keyword};
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::source::Span;
use crate::syntax::dockerfile::DockerfileScript;
use crate::syntax::template::ComponentLine;

/// The code for a malformed line of this content: `InvalidParameter.BuildContent` or
/// `InvalidParameter.TestContent`.
pub fn invalid_rule(content: ComponentType) -> &'static Rule {
    match content {
        ComponentType::Build => &INVALID_BUILD_CONTENT,
        ComponentType::Test => &INVALID_TEST_CONTENT,
    }
}

/// Checks the template commands (`COMPONENT`, `FROM`) of `BuildContent` or `TestContent`;
/// returns the `COMPONENT` lines, for the checks across files.
pub fn check(
    script: &DockerfileScript<'_>,
    content: ComponentType,
    out: &mut Vec<Diagnostic>,
) -> Vec<ComponentLine> {
    let mut lines = Vec::new();
    for command in &script.commands {
        match command.known {
            Some(Keyword::Component) => lines.push(component::check(command, content, out)),
            Some(Keyword::From) => from::check(command, out),
            _ => {}
        }
    }
    lines
}

/// Template content in the YAML format: templates take the Dockerfile format only.
pub fn check_yaml_content(text: &str, content: ComponentType, out: &mut Vec<Diagnostic>) {
    // The first line that is neither blank nor a comment: the one that made it YAML.
    let mut offset = 0;
    let mut span = Span::at(0);
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let body = trimmed.trim_start_matches('\u{feff}');
        if !body.trim().is_empty() && !body.trim_start().starts_with('#') {
            span = Span::new(offset + trimmed.len() - body.len(), offset + trimmed.len());
            break;
        }
        offset += line.len();
    }
    out.push(
        Diagnostic::new(
            invalid_rule(content),
            span,
            format!(
                "`{}` is in the YAML format, but templates take the Dockerfile format only",
                content_parameter(content)
            ),
        )
        .with_label("YAML starts here")
        .with_help("put the YAML tasks in a component and include it with `COMPONENT <id-or-arn>`"),
    );
}

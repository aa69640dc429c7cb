//! Component or template content parsed once, in the format it is written in
//! (`docs/service-rules.md` §3): a [`DockerfileScript`] or a [`YamlContent`] tree, each with its
//! suppression directives. Every later stage reads this model; none parses the text again.

use crate::syntax::directives::{self, Directive, MARKER};
use crate::syntax::dockerfile::{self, DockerfileScript};
use crate::syntax::format::{ContentFormat, detect};
use crate::syntax::yaml::{self, Document, YamlError};

/// Content in the format it is written in.
#[derive(Debug)]
pub enum ContentModel<'a> {
    Dockerfile(DockerfileScript<'a>),
    Yaml(YamlContent),
}

/// YAML-format content: its first document, or why it does not parse.
#[derive(Debug)]
pub struct YamlContent {
    pub document: Result<Document, YamlError>,
}

/// Content parsed once: the model and the suppression directives in its comments.
#[derive(Debug)]
pub struct ParsedContent<'a> {
    pub model: ContentModel<'a>,
    pub directives: Vec<Directive>,
}

/// Detects the format of `text` and parses it. Comments are collected only when the text may
/// hold a directive (they cost about a fifth of a YAML parse).
pub fn parse(text: &str) -> ParsedContent<'_> {
    match detect(text) {
        ContentFormat::Dockerfile => {
            let script = dockerfile::parse(text);
            let directives = directives::of_dockerfile(text, &script);
            ParsedContent {
                model: ContentModel::Dockerfile(script),
                directives,
            }
        }
        ContentFormat::Yaml => {
            let document = parse_yaml(text);
            let directives = document
                .as_ref()
                .map(|d| directives::of_yaml(text, d))
                .unwrap_or_default();
            ParsedContent {
                model: ContentModel::Yaml(YamlContent { document }),
                directives,
            }
        }
    }
}

/// Parses YAML text (content or a manifest), with its comments when it may hold a directive.
pub(crate) fn parse_yaml(text: &str) -> Result<Document, YamlError> {
    if text.contains(MARKER) {
        yaml::parse_with_comments(text)
    } else {
        yaml::parse(text)
    }
}

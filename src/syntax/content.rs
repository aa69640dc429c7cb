//! Component or template content parsed once, in the format it is written in
//! (`docs/service-rules.md` §3): a [`DockerfileScript`] or a YAML tree, each with its suppression
//! directives, and the model the rules read ([`ContentModel`]: the script, or the
//! [`YamlContent`] read from the tree). Every later stage reads these; none parses the text
//! again.

use crate::syntax::directives::{self, Directive, MARKER};
use crate::syntax::dockerfile::{self, DockerfileScript};
use crate::syntax::format::{ContentFormat, detect};
use crate::syntax::yaml::{self, Document, YamlError};
use crate::syntax::yaml_content::YamlContent;

/// What the parser of the content's format built.
#[derive(Debug)]
pub enum ContentTree<'a> {
    Dockerfile(DockerfileScript<'a>),
    /// The first YAML document, or why the text does not parse.
    Yaml(Result<Document, YamlError>),
}

/// Content parsed once: its tree and the suppression directives in its comments.
#[derive(Debug)]
pub struct ParsedContent<'a> {
    pub tree: ContentTree<'a>,
    pub directives: Vec<Directive>,
}

/// The content as the rules read it, borrowed from its [`ParsedContent`].
#[derive(Debug)]
pub enum ContentModel<'m> {
    Dockerfile(&'m DockerfileScript<'m>),
    Yaml(YamlContent<'m>),
}

impl<'a> ParsedContent<'a> {
    /// The model the rules read: the script itself, or the YAML content read from the tree.
    /// Read it once per content and hand it to every rule.
    pub fn model(&self) -> ContentModel<'_> {
        match &self.tree {
            ContentTree::Dockerfile(script) => ContentModel::Dockerfile(script),
            ContentTree::Yaml(document) => ContentModel::Yaml(YamlContent::read(document.as_ref())),
        }
    }
}

/// Detects the format of `text` and parses it. Comments are collected only when the text may
/// hold a directive (they cost about a fifth of a YAML parse).
pub fn parse(text: &str) -> ParsedContent<'_> {
    match detect(text) {
        ContentFormat::Dockerfile => {
            let script = dockerfile::parse(text);
            let directives = directives::of_dockerfile(text, &script);
            ParsedContent {
                tree: ContentTree::Dockerfile(script),
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
                tree: ContentTree::Yaml(document),
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

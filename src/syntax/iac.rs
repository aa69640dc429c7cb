//! Image Builder resources in infrastructure as code (docs/service-rules.md §11), as the
//! Terraform and ROS parsers read them: the request each resource sends, in the tree the manifest
//! rules read, and its content with the map back to the file.

pub(crate) mod cook;

use crate::catalog::iac::Field;
use crate::source::{MappedText, Span};
use crate::syntax::yaml::Node;

/// What a resource creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    /// An image component (`alicloud_ecs_image_component`, `ALIYUN::ECS::ImageComponent`).
    Component,
    /// An image template (`alicloud_ecs_image_pipeline`, `ALIYUN::ECS::ImagePipeline`).
    Pipeline,
}

/// One Image Builder resource.
#[derive(Debug)]
pub struct Resource {
    pub kind: ResourceKind,
    /// Where the resource names its type (Terraform's type label, ROS's `Type` value).
    pub span: Span,
    /// The request it sends: a mapping of API parameters. The content is there too (as
    /// `Content` or `BuildContent` with its cooked text, or `ContentFile`/`BuildContentFile`
    /// with the path of `file(...)`), so the manifest rules see what they expect.
    pub request: Node,
    /// Its content (`content`, `build_content`), if the resource has the attribute.
    pub content: Option<Content>,
    /// How its form (Terraform, ROS) names the API parameters.
    pub fields: &'static [Field],
}

impl Resource {
    /// The attribute or property that carries API parameter `parameter`, as the form spells it.
    pub fn field_name(&self, parameter: &str) -> Option<&'static str> {
        self.fields
            .iter()
            .find(|f| f.parameter == parameter)
            .map(|f| f.name)
    }
}

/// A resource's content.
#[derive(Debug)]
pub struct Content {
    /// The attribute's value.
    pub span: Span,
    pub value: ContentValue,
}

#[derive(Debug)]
pub enum ContentValue {
    /// Literal text (a string, a heredoc, the literal parts of a ROS function), cooked, with
    /// what is computed as opaque words.
    Literal(MappedText),
    /// Terraform's `file("${path.module}/x")` or `file("x")`: the path relative to the `.tf`
    /// file's directory, and the span of the string that names it.
    File(String, Span),
    /// An expression iclint cannot evaluate.
    Unknown,
}

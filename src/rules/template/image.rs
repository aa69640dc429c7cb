//! The image a template builds (docs/service-rules.md §7.1): `ImageOptions.ImageName`,
//! `ImageOptions.ImageFamily` and `ImageOptions.Description`, and the older top-level
//! `ImageName` and `ImageFamily`. They follow the rules of a component's `Name` and `Description`
//! (§2), with lengths and codes of their own.

use crate::catalog::template::{IMAGE_FAMILY_CHARS, IMAGE_NAME_CHARS};
use crate::diagnostic::Diagnostic;
use crate::rule::{Origin, Rule, Severity};
use crate::rules::component_manifest::{check_description_like, check_name_like};
use crate::source::Span;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_IMAGE_NAME: Rule = Rule {
    code: "InvalidImageName.Malformed",
    name: "invalid-image-name",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "an ImageName of the image built that the service rejects",
    explanation: "`ImageOptions.ImageName` (and `ImageName`, its older form at the top of the \
manifest) is the prefix of the name of each image the template builds: the image is named \
`{ImageName}_{ExecutionId}`. It follows the rules of `Name` with a shorter length: 2-64 characters, \
starting with an ASCII letter or a Chinese character, holding only letters, Chinese characters, digits, \
`:`, `_`, `.` and `-`, and not starting with `http://` or `https://`. Otherwise CreateImagePipeline \
answers `InvalidImageName.Malformed`. The message names every rule the value breaks.",
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
ImageOptions:
  ImageName: w
BuildContent: |
  RUN echo build
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
ImageOptions:
  ImageName: web-image
BuildContent: |
  RUN echo build
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_IMAGE_FAMILY: Rule = Rule {
    code: "InvalidImageFamily.Malformed",
    name: "invalid-image-family",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "an ImageFamily of the image built that the service rejects",
    explanation: "`ImageOptions.ImageFamily` (and `ImageFamily`, its older form at the top of the \
manifest) puts each image built in an image family, from which instances and `IMAGE_FAMILY` templates \
take the newest image. It follows the rules of `Name`: 2-128 characters, starting with an ASCII letter \
or a Chinese character, holding only letters, Chinese characters, digits, `:`, `_`, `.` and `-`, and not \
starting with `http://` or `https://`. Otherwise CreateImagePipeline answers \
`InvalidImageFamily.Malformed`. The message names every rule the value breaks.",
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
ImageOptions:
  ImageFamily: 2024 web
BuildContent: |
  RUN echo build
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
ImageOptions:
  ImageFamily: web-2024
BuildContent: |
  RUN echo build
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_IMAGE_DESCRIPTION: Rule = Rule {
    code: "InvalidImageOptions.Description",
    name: "invalid-image-description",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "an ImageOptions.Description shorter than 2 or longer than 256 characters, or starting with a URL",
    explanation: "`ImageOptions.Description` describes each image the template builds. As the \
template's own `Description`, it has 2-256 characters and does not start with `http://` or \
`https://`; otherwise CreateImagePipeline answers `InvalidImageOptions.Description`.",
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
ImageOptions:
  Description: https://example.com/web
BuildContent: |
  RUN echo build
",
    fix: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
ImageOptions:
  Description: The web server, see https://example.com/web
BuildContent: |
  RUN echo build
",
};

/// `ImageOptions.ImageName` or `ImageName`.
pub fn check_image_name(parameter: &str, value: &str, span: Span, out: &mut Vec<Diagnostic>) {
    check_name_like(
        parameter,
        value,
        span,
        IMAGE_NAME_CHARS,
        &INVALID_IMAGE_NAME,
        out,
    );
}

/// `ImageOptions.ImageFamily` or `ImageFamily`.
pub fn check_image_family(parameter: &str, value: &str, span: Span, out: &mut Vec<Diagnostic>) {
    check_name_like(
        parameter,
        value,
        span,
        IMAGE_FAMILY_CHARS,
        &INVALID_IMAGE_FAMILY,
        out,
    );
}

/// `ImageOptions.Description`.
pub fn check_image_description(
    parameter: &str,
    value: &str,
    span: Span,
    out: &mut Vec<Diagnostic>,
) {
    check_description_like(parameter, value, span, &INVALID_IMAGE_DESCRIPTION, out);
}

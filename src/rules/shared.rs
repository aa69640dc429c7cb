//! Codes that several rule families report, in one place: the catch-all of content
//! (`InvalidParameter.Content`), missing content (`MissingParameter.Content`), a manifest iclint
//! cannot read (`ICL003`) and an unknown key (`ICL201`); and which codes the checks across files
//! report, and a placeholder of the documentation left in content (`ICL105`). Families import
//! these; none borrows another family's code.

use crate::rule::{Origin, Rule, Severity};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_CONTENT: Rule = Rule {
    code: "InvalidParameter.Content",
    name: "invalid-content",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "content the service cannot read: a malformed command without a code of its own, a format mismatch",
    explanation: "The service answers `InvalidParameter.Content` for content it cannot accept where no more \
specific code exists: a malformed `LABEL`, a `\\` that continues the last command into the end of the \
content for commands without an `InvalidCommandContent` code, Dockerfile-format content in a Windows \
component (that format is Linux only), and, in the YAML format, every structural fault. The message \
says which fault it is.",
    example: "\
LABEL version
",
    fix: "\
LABEL version=\"1.0\"
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static MISSING_CONTENT: Rule = Rule {
    code: "MissingParameter.Content",
    name: "missing-content",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "the content is empty",
    explanation: "`Content` is required: CreateImageComponent rejects a request whose content is absent, \
empty or only blanks with `MissingParameter.Content`. Add the commands the component should run.",
    example: "\
# web.component.yaml
Name: web
Content: \"\"
",
    fix: "\
# web.component.yaml
Name: web
Content: |
  RUN echo hello
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_MANIFEST: Rule = Rule {
    code: "ICL003",
    name: "invalid-manifest",
    severity: Severity::Error,
    origin: Origin::Linter,
    summary: "a manifest iclint cannot read, or a value of the wrong type in it",
    explanation: "A component manifest is a YAML or JSON mapping of CreateImageComponent parameters \
(`Name`, `ComponentVersion`, `SystemType`, `ComponentType`, `Description`, `Content`, `ClientToken`, \
`RegionId`, `ResourceGroupId`, `Tag`), plus `ContentFile`, a path relative to the manifest; a template \
manifest is a mapping of CreateImagePipeline parameters (docs/service-rules.md §7.1), plus \
`BuildContentFile` and `TestContentFile`. iclint reports a manifest it cannot read under `ICL003`: \
invalid YAML or JSON (a `.json` manifest is held to strict JSON: no trailing comma, comment or single \
quote), a value of the wrong shape or type (a list where text belongs, `Content` written as a YAML \
mapping instead of a `|` block, `SystemDiskSize: 40.5`, `DeleteInstanceOnFailure: yes`, a number in \
quotes or in hexadecimal: docs/service-rules.md §9.9), both `Content` and `ContentFile` (or `Tag` and \
`Tags`), or a content file that does not exist. Whatever your deployment tool is, it would send the \
service something other than what you meant.",
    example: "\
# web.component.yaml
Name: web
Content:
  - RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
Content: |
  RUN echo hello
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static UNKNOWN_KEY: Rule = Rule {
    code: "ICL201",
    name: "unknown-key",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "an unknown key or property in YAML content, a manifest or a task",
    explanation: "YAML content knows the top-level keys `Parameters` and `Tasks`, the task keys `Name`, \
`Action` and `Properties`, the parameter keys `Type` and `DefaultValue`, and for each action its own \
properties. Keys are case-sensitive. The service may ignore a key it does not know, so a typo such as \
`commandcontent` or `WorkingDir` silently drops what you meant to set. A manifest knows the parameters of \
its API (docs/service-rules.md §2, §7.1), and a template manifest's `ImageOptions`, \
`ImageOptions.ImageFeatures` and `AdvancedOptions` know their own keys. iclint names the nearest known \
key, or the mapping where a key written at the wrong level belongs.",
    example: "\
# install.yaml
Tasks:
  - Name: install
    Action: RunShellCommand
    Properties:
      commandcontent: yum install -y nginx
",
    fix: "\
# install.yaml
Tasks:
  - Name: install
    Action: RunShellCommand
    Properties:
      commandContent: yum install -y nginx
",
};

/// The codes the checks across files report: suppression comments that name one also apply to
/// the findings of those checks, and are never reported unused (see
/// `crate::suppression::apply_across_files`). The last two are also reported on one file
/// alone.
pub const ACROSS_FILES: &[&str] = &[
    "InvalidComponentVersion.Exist",
    "QuotaExceed.ImageComponent",
    "InvalidImageComponent.NotSupported",
    "ICL402",
    "InvalidParameter.BuildContent",
    "InvalidParameter.TestContent",
];

/// Whether a code is ShellCheck's (`SC2086`): reported when ShellCheck runs, which depends on
/// the machine, so a suppression that names one is applied to ShellCheck's findings and never
/// reported unused, as those of [`ACROSS_FILES`].
pub fn is_shellcheck_code(code: &str) -> bool {
    code.strip_prefix("SC")
        .is_some_and(|digits| digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
}

#[linkme::distributed_slice(crate::rule::RULES)]
pub static PLACEHOLDER: Rule = Rule {
    code: "ICL105",
    name: "placeholder",
    severity: Severity::Error,
    origin: Origin::Linter,
    summary: "a placeholder of the documentation, such as `<path>`, left in WORKDIR, COPY, USER, ENV, LABEL or a YAML property",
    explanation: "Alibaba's page of commands writes the arguments of `WORKDIR`, `COPY` and `USER` \
as placeholders: `WORKDIR /<path>`, `COPY <On-premises source file path> <On-premises destination \
directory>`, `USER <username>`. Copied as they are, they name a directory called `<path>` or an \
account that does not exist, and the build fails or does something else than meant (the page says \
of `USER`: replace `<username>` with an existing user name, or an error is reported when the \
command runs). The same holds for `ENV` and `LABEL` written as `<key>=<value>`, and for the text properties of \
YAML tasks (`bucketName: <Name of the OSS bucket>`). iclint reports the placeholders once for the \
command or the property and does not read the rest of its argument; where the service would refuse \
the argument anyway (`USER <username>` is no user name), that one finding takes the service's code \
instead, so `ICL105` is for what the service would accept. Text between quotes is not \
taken for a placeholder, and neither is shell text (`RUN`, `CMD`, `ENTRYPOINT`, `commandContent`), \
where `<` and `>` redirect.",
    example: "\
WORKDIR /<path>
USER <username>
",
    fix: "\
WORKDIR /opt/app
USER admin
",
};

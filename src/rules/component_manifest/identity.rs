//! `Name`, `Description`, `SystemType`, `ComponentType`, `ComponentVersion`.

use super::list;
use crate::catalog::request::{
    DESCRIPTION_CHARS, NAME_CHARS, URL_PREFIXES, name_faults_within, parse_component_version,
};
use crate::catalog::{ComponentType, SystemType};
use crate::diagnostic::{Diagnostic, Edit};
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::source::Span;
use std::ops::RangeInclusive;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_NAME: Rule = Rule {
    code: "InvalidName.Malformed",
    name: "invalid-name",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "a component Name the service rejects",
    explanation: "`Name` is optional, but when given it has 2-128 characters, starts with an ASCII letter \
or a Chinese character, holds only ASCII letters, Chinese characters (CJK Unified Ideographs), digits, \
`:`, `_`, `.` and `-`, and does not start with `http://` or `https://`. Otherwise CreateImageComponent \
answers `InvalidName.Malformed`. The message names every rule the value breaks.",
    example: "\
# web.component.yaml
Name: 1-web
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web-1
Content: |
  RUN echo hello
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_DESCRIPTION: Rule = Rule {
    code: "InvalidDescription.Malformed",
    name: "invalid-description",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "a Description shorter than 2 or longer than 256 characters, or starting with a URL",
    explanation: "`Description` is optional; when given it has 2-256 characters and does not start with \
`http://` or `https://`. Otherwise the service answers `InvalidDescription.Malformed`.",
    example: "\
# web.component.yaml
Name: web
Description: https://example.com/web
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
Description: The web server, see https://example.com/web
Content: |
  RUN echo hello
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_SYSTEM_TYPE: Rule = Rule {
    code: "InvalidSystemType.NotSupportedValue",
    name: "invalid-system-type",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "a SystemType other than `Linux` or `Windows`",
    explanation: "`SystemType` is `Linux` (the default) or `Windows`, spelt exactly so: the value is \
case-sensitive, and `linux` or `CentOS` is rejected with `InvalidSystemType.NotSupportedValue`.",
    example: "\
# web.component.yaml
Name: web
SystemType: linux
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
SystemType: Linux
Content: |
  RUN echo hello
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_COMPONENT_TYPE: Rule = Rule {
    code: "InvalidComponentType.NotSupportedValue",
    name: "invalid-component-type",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "a ComponentType other than `Build` or `Test`",
    explanation: "`ComponentType` is `Build` (the default) or `Test`, spelt exactly so (case-sensitive). \
Anything else is rejected with `InvalidComponentType.NotSupportedValue`.",
    example: "\
# web.component.yaml
Name: web
ComponentType: build
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
ComponentType: Build
Content: |
  RUN echo hello
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_VERSION: Rule = Rule {
    code: "InvalidParameter.ComponentVersion",
    name: "invalid-component-version",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "a ComponentVersion that is not `major.minor.patch`",
    explanation: "`ComponentVersion` is optional; when given it is three non-negative integers separated \
by dots (`1.0.0`), each fitting a signed 32-bit integer, with no wildcard and no pre-release or build \
suffix (`1.0.0-rc1` is rejected). Without it the service picks the next major version. Anything else \
is rejected with `InvalidParameter.ComponentVersion`.",
    example: "\
# web.component.yaml
Name: web
ComponentVersion: 1.0.0-rc1
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
ComponentVersion: 1.0.0
Content: |
  RUN echo hello
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static VERSION_LEADING_ZEROS: Rule = Rule {
    code: "ICL303",
    name: "version-leading-zeros",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "leading zeros in ComponentVersion",
    explanation: "The service reads `01.0.0` as `1.0.0`, so the version you see in the console differs \
from the one in your repository, and two manifests that look different (`1.0.0`, `01.0.0`) collide. \
Write the numbers without leading zeros.",
    example: "\
# web.component.yaml
Name: web
ComponentVersion: 01.0.0
Content: |
  RUN echo hello
",
    fix: "\
# web.component.yaml
Name: web
ComponentVersion: 1.0.0
Content: |
  RUN echo hello
",
};

pub fn check_name(value: &str, span: Span, out: &mut Vec<Diagnostic>) {
    check_name_like("Name", value, span, NAME_CHARS, &INVALID_NAME, out);
}

/// A parameter that follows the rules of `Name` but for its length, `chars` characters, reported
/// under `rule`: `Name` itself, and a template's `ImageName` and `ImageFamily`
/// (docs/service-rules.md §7.1). `parameter` names it in the message.
pub fn check_name_like(
    parameter: &str,
    value: &str,
    span: Span,
    chars: RangeInclusive<usize>,
    rule: &'static Rule,
    out: &mut Vec<Diagnostic>,
) {
    let (min, max) = (*chars.start(), *chars.end());
    let faults = name_faults_within(value, chars);
    if !faults.is_empty() {
        out.push(
            Diagnostic::new(rule, span, format!("{parameter} `{value}` is not accepted: {}", list(&faults)))
                .with_label("invalid name")
                .with_help(format!("{min}-{max} characters; start with a letter or a Chinese character; then letters, Chinese characters, digits, `:`, `_`, `.`, `-`")),
        );
    }
}

pub fn check_description(value: &str, span: Span, out: &mut Vec<Diagnostic>) {
    check_description_like("Description", value, span, &INVALID_DESCRIPTION, out);
}

/// A parameter that follows the rules of `Description` (2-256 characters, not starting with a
/// URL), reported under `rule`: `Description` itself, and a template's
/// `ImageOptions.Description` (docs/service-rules.md §7.1).
pub fn check_description_like(
    parameter: &str,
    value: &str,
    span: Span,
    rule: &'static Rule,
    out: &mut Vec<Diagnostic>,
) {
    let mut faults = Vec::new();
    let count = value.chars().count();
    if !DESCRIPTION_CHARS.contains(&count) {
        faults.push(format!(
            "it has {count} character{}, not {}-{}",
            if count == 1 { "" } else { "s" },
            DESCRIPTION_CHARS.start(),
            DESCRIPTION_CHARS.end()
        ));
    }
    if URL_PREFIXES.iter().any(|p| value.starts_with(p)) {
        faults.push("it starts with `http://` or `https://`".to_string());
    }
    if !faults.is_empty() {
        out.push(
            Diagnostic::new(
                rule,
                span,
                format!("the {parameter} is not accepted: {}", list(&faults)),
            )
            .with_label("invalid description")
            .with_help("write 2-256 characters that do not start with a URL"),
        );
    }
}

pub fn check_system_type(value: &str, span: Span, out: &mut Vec<Diagnostic>) -> Option<SystemType> {
    let choices = SystemType::ALL.map(|t| (t, t.name()));
    check_choice(
        value,
        span,
        "SystemType",
        &choices,
        &INVALID_SYSTEM_TYPE,
        out,
    )
}

pub fn check_component_type(
    value: &str,
    span: Span,
    out: &mut Vec<Diagnostic>,
) -> Option<ComponentType> {
    let choices = ComponentType::ALL.map(|t| (t, t.name()));
    check_choice(
        value,
        span,
        "ComponentType",
        &choices,
        &INVALID_COMPONENT_TYPE,
        out,
    )
}

/// A value that must be one of two spellings, case-sensitive; reported under `rule`, with the
/// right spelling when only the case is wrong.
fn check_choice<T: Copy>(
    value: &str,
    span: Span,
    parameter: &str,
    choices: &[(T, &'static str); 2],
    rule: &'static Rule,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    let [(_, first), (_, second)] = *choices;
    if let Some(&(choice, _)) = choices.iter().find(|(_, name)| *name == value) {
        return Some(choice);
    }
    let help = match choices
        .iter()
        .find(|(_, name)| name.eq_ignore_ascii_case(value))
    {
        Some((_, name)) => format!("the value is case-sensitive: write `{name}`"),
        None => format!("write `{first}` or `{second}`"),
    };
    out.push(
        Diagnostic::new(
            rule,
            span,
            format!("{parameter} `{value}` is not `{first}` or `{second}`"),
        )
        .with_label("unsupported value")
        .with_help(help),
    );
    None
}

/// Checks a version (`verbatim`: where the value is written byte for byte in the file, when it
/// is, so that the fix can drop the zeros in place); returns its parts when it is valid.
pub fn check_version(
    value: &str,
    span: Span,
    verbatim: Option<usize>,
    out: &mut Vec<Diagnostic>,
) -> Option<[i32; 3]> {
    match parse_component_version(value) {
        Ok(version) => {
            if version.leading_zeros {
                let [major, minor, patch] = version.parts;
                let written = format!("{major}.{minor}.{patch}");
                let mut diagnostic = Diagnostic::new(
                    &VERSION_LEADING_ZEROS,
                    span,
                    format!("ComponentVersion `{value}` has leading zeros"),
                )
                .with_label("read as a different number")
                .with_help(format!("write `{written}`"));
                if let Some(start) = verbatim {
                    let edits = leading_zeros(value)
                        .map(|zeros| Edit {
                            span: zeros.shift(start),
                            replacement: String::new(),
                        })
                        .collect();
                    diagnostic = diagnostic.with_fix(format!("Write `{written}`"), edits);
                }
                out.push(diagnostic);
            }
            Some(version.parts)
        }
        Err(reason) => {
            out.push(
                Diagnostic::new(
                    &INVALID_VERSION,
                    span,
                    format!("ComponentVersion `{value}` is not accepted: {reason}"),
                )
                .with_label("expected major.minor.patch")
                .with_help("write three non-negative integers, e.g. `1.0.0`"),
            );
            None
        }
    }
}

/// The leading zeros of each part of a valid version, as spans of `value` (`01.00.0` has `0` at
/// 0..1 and at 3..4).
fn leading_zeros(value: &str) -> impl Iterator<Item = Span> + '_ {
    value
        .split('.')
        .scan(0, |start, part| {
            let here = *start;
            *start += part.len() + 1;
            let kept = part.trim_start_matches('0');
            let zeros = part.len() - kept.len().max(1);
            Some(Span::new(here, here + zeros))
        })
        .filter(|zeros| !zeros.is_empty())
}

#[cfg(test)]
mod tests {
    use super::leading_zeros;
    use crate::source::Span;

    #[test]
    fn leading_zeros_of_each_part() {
        let found: Vec<Span> = leading_zeros("01.00.0").collect();
        assert_eq!(found, [Span::new(0, 1), Span::new(3, 4)]);
        let found: Vec<Span> = leading_zeros("1.0.007").collect();
        assert_eq!(found, [Span::new(4, 6)]);
    }
}

//! Inline suppression: `# iclint ignore=CODE[,CODE] -- reason` on the line before a command, a
//! task or a manifest key silences those codes there; `# iclint ignore-file=CODE[,CODE]`
//! anywhere silences them in the whole file. A suppression that silences nothing is `ICL001`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::repo::ACROSS_FILES;
use crate::rules::{Origin, REGISTRY, Rule};
use crate::source::Span;
use crate::suggest::nearest;
use crate::syntax::dockerfile;
use crate::syntax::format::{ContentFormat, detect};
use crate::syntax::yaml::{self, Node, NodeKind};

pub static UNUSED_SUPPRESSION: Rule = Rule {
    code: "ICL001",
    name: "unused-suppression",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "an `# iclint ignore` comment that suppresses nothing",
    explanation: "`# iclint ignore=CODE` silences CODE on the command, task or manifest key right after \
the comment; `# iclint ignore-file=CODE` silences it in the whole file. A suppression that silences \
nothing — the code does not occur there (any more), the code is misspelt, or nothing follows the \
comment — hides nothing today but will hide a real finding tomorrow. Remove it or fix the code. \
A code that the checks across files report (a version defined twice, the quota, the checks of \
`COMPONENT` lines) is never reported here: whether its findings occur depends on which files a run \
holds.",
    example: "\
# iclint ignore=ICL102
WORKDIR /opt/app
",
    fix: "\
WORKDIR /opt/app
",
};

/// The marker every directive starts with, after `#`.
const MARKER: &str = "iclint";

/// One code named by a directive.
#[derive(Debug, Clone)]
struct CodeRef {
    code: String,
    span: Span,
    used: bool,
}

/// A parsed `# iclint ignore...` comment.
#[derive(Debug, Clone)]
pub struct Directive {
    /// `None` for `ignore-file`; otherwise what the comment covers, if anything follows it.
    region: Option<Option<Span>>,
    codes: Vec<CodeRef>,
}

impl Directive {
    /// The directive of a content, moved into the file that holds the content: `map` leads the
    /// content's spans there, and `ignore-file` covers `whole`, the content as written in it.
    pub fn map_spans(self, map: impl Fn(Span) -> Span, whole: Span) -> Self {
        Directive {
            region: match self.region {
                None => Some(Some(whole)),
                Some(region) => Some(region.map(&map)),
            },
            codes: self
                .codes
                .into_iter()
                .map(|code| CodeRef {
                    span: map(code.span),
                    ..code
                })
                .collect(),
        }
    }

    fn covers(&self, span: Span) -> bool {
        match self.region {
            None => true,
            Some(Some(region)) => region.start <= span.start && span.start <= region.end,
            Some(None) => false,
        }
    }
}

/// Reads the directive in the comment at `span` of `text`, if it is one.
fn parse_directive(text: &str, span: Span) -> Option<(bool, Vec<CodeRef>)> {
    let comment = &text[span.range()];
    let body = comment.trim_start().strip_prefix('#')?.trim_start();
    let rest = body.strip_prefix(MARKER)?.trim_start();
    let (file_wide, rest) = if let Some(rest) = rest.strip_prefix("ignore-file") {
        (true, rest)
    } else {
        (false, rest.strip_prefix("ignore")?)
    };
    let list = rest.trim_start().strip_prefix('=')?;
    let list_start = span.end - list.len();
    let list = list.split(" --").next().unwrap_or(list);
    let mut codes = Vec::new();
    let mut offset = list_start;
    for piece in list.split(',') {
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let start = offset + (piece.len() - piece.trim_start().len());
            codes.push(CodeRef {
                code: trimmed.to_string(),
                span: Span::new(start, start + trimmed.len()),
                used: false,
            });
        }
        offset += piece.len() + 1;
    }
    Some((file_wide, codes))
}

/// Removes the findings that directives in `text` suppress, and adds `ICL001` for each named code
/// that suppressed nothing. `text` is the content (or manifest) the spans of `diagnostics` point
/// into; `manifest` says that YAML text is a manifest, not content.
///
/// A code that the checks across files may report ([`ACROSS_FILES`]) is not judged unused, as
/// those findings come later: the directives that name one are returned, holding only those
/// codes, for [`apply_across_files`].
pub fn apply(text: &str, manifest: bool, diagnostics: &mut Vec<Diagnostic>) -> Vec<Directive> {
    if !text.contains(MARKER) {
        return Vec::new();
    }
    let mut directives = if manifest {
        yaml_directives(text)
    } else {
        match detect(text) {
            ContentFormat::Dockerfile => dockerfile_directives(text),
            ContentFormat::Yaml => yaml_directives(text),
        }
    };
    suppress(&mut directives, diagnostics);
    let mut deferred = Vec::new();
    for mut directive in directives {
        let (across, here): (Vec<CodeRef>, Vec<CodeRef>) = directive
            .codes
            .into_iter()
            .partition(|c| ACROSS_FILES.contains(&c.code.as_str()));
        directive.codes = here;
        diagnostics.extend(unused_codes(&directive));
        if !across.is_empty() {
            deferred.push(Directive {
                codes: across,
                ..directive
            });
        }
    }
    deferred
}

/// The second pass, over the findings of the checks across files in one file: removes those the
/// file's deferred directives (see [`apply`]) suppress. Their codes are never reported unused:
/// whether such a finding occurs depends on which files the run holds (a pre-commit hook passes
/// only the changed ones), so an unused one is no sign of a stale comment.
pub fn apply_across_files(mut directives: Vec<Directive>, findings: &mut Vec<Diagnostic>) {
    suppress(&mut directives, findings);
}

/// Removes the findings that `directives` cover and name, and marks those codes used.
fn suppress(directives: &mut [Directive], findings: &mut Vec<Diagnostic>) {
    if directives.is_empty() {
        return;
    }
    findings.retain(|finding| {
        let mut suppressed = false;
        for directive in directives.iter_mut().filter(|d| d.covers(finding.span)) {
            for code in directive
                .codes
                .iter_mut()
                .filter(|c| c.code == finding.code())
            {
                code.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
}

/// `ICL001` for each code of `directive` that suppressed nothing.
fn unused_codes(directive: &Directive) -> impl Iterator<Item = Diagnostic> + '_ {
    let nothing_follows = directive.region.is_some_and(|r| r.is_none());
    directive
        .codes
        .iter()
        .filter(|c| !c.used)
        .map(move |c| unused(c, nothing_follows))
}

fn unused(code: &CodeRef, nothing_follows: bool) -> Diagnostic {
    let known = REGISTRY.iter().any(|rule| rule.code == code.code);
    let (message, help) = if !known {
        let help = match nearest(&code.code, REGISTRY.iter().map(|r| r.code)) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => "`iclint rules` lists every code".to_string(),
        };
        (
            format!(
                "`{}` is not a code iclint reports, so this suppresses nothing",
                code.code
            ),
            help,
        )
    } else if nothing_follows {
        (
            format!("nothing follows this suppression of `{}`", code.code),
            "put it on the line before the command or task".to_string(),
        )
    } else {
        (
            format!("`{}` does not occur where this suppresses it", code.code),
            "remove the suppression".to_string(),
        )
    };
    Diagnostic::new(&UNUSED_SUPPRESSION, code.span, message)
        .with_label("suppresses nothing")
        .with_help(help)
}

/// Directives in Dockerfile-format content: each covers the next command.
fn dockerfile_directives(text: &str) -> Vec<Directive> {
    let script = dockerfile::parse(text);
    script
        .comments
        .iter()
        .filter_map(|&comment| {
            let (file_wide, codes) = parse_directive(text, comment)?;
            let next = script
                .commands
                .iter()
                .find(|c| c.span.start >= comment.end)
                .map(|c| c.span);
            Some(Directive {
                region: (!file_wide).then_some(next),
                codes,
            })
        })
        .collect()
}

/// Directives in YAML: each covers the largest entry or list item that starts on the next line
/// holding something other than blanks and comments.
fn yaml_directives(text: &str) -> Vec<Directive> {
    let Ok(document) = yaml::parse_with_comments(text) else {
        return Vec::new();
    };
    let regions = document.root.as_ref().map(regions).unwrap_or_default();
    document
        .comments
        .iter()
        .filter_map(|&comment| {
            let (file_wide, codes) = parse_directive(text, comment)?;
            let next_line = next_content_line(text, comment.end);
            let region = next_line.and_then(|(start, end)| {
                regions
                    .iter()
                    .filter(|r| r.start >= start && r.start < end)
                    .max_by_key(|r| (r.len(), std::cmp::Reverse(r.start)))
                    .copied()
            });
            Some(Directive {
                region: (!file_wide).then_some(region),
                codes,
            })
        })
        .collect()
}

/// The byte range of the first line after `offset` that is neither blank nor a comment.
fn next_content_line(text: &str, offset: usize) -> Option<(usize, usize)> {
    let mut start = text[offset..].find('\n')? + offset + 1;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[start..end].trim();
        if !line.is_empty() && !line.starts_with('#') {
            return Some((start, end));
        }
        start = end + 1;
    }
    None
}

/// Every mapping entry (key to end of value) and list item of the tree.
fn regions(root: &Node) -> Vec<Span> {
    let mut found = Vec::new();
    crate::rules::yaml_tree::walk(root, |node| match &node.kind {
        NodeKind::Mapping(entries) => {
            found.extend(entries.iter().map(|e| e.key.span.cover(e.value.span)))
        }
        NodeKind::Sequence(items) => found.extend(items.iter().map(|i| i.span)),
        NodeKind::Scalar(_) | NodeKind::Alias(_) => {}
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_directives() {
        let text = "# iclint ignore=ICL101, ICL102 -- legacy layout";
        let (file_wide, codes) = parse_directive(text, Span::new(0, text.len())).unwrap();
        assert!(!file_wide);
        let names: Vec<_> = codes
            .iter()
            .map(|c| (c.code.as_str(), &text[c.span.range()]))
            .collect();
        assert_eq!(names, [("ICL101", "ICL101"), ("ICL102", "ICL102")]);
        let text = "  #iclint ignore-file=ICL103";
        assert!(parse_directive(text, Span::new(0, text.len())).unwrap().0);
        assert!(parse_directive("# iclint is great", Span::new(0, 17)).is_none());
        assert!(parse_directive("# ignore=ICL101", Span::new(0, 15)).is_none());
    }
}

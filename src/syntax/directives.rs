//! Suppression directives: `# iclint ignore=CODE[,CODE] -- reason` covers the command, task or
//! manifest key right after it; `# iclint ignore-file=CODE[,CODE]` covers the whole file. They are
//! read here, from the comments and the tree a parser already made; the suppression stage
//! (`crate::suppression`) applies them to the findings. See `docs/architecture.md`.

use crate::source::Span;
use crate::syntax::dockerfile::DockerfileScript;
use crate::syntax::yaml::{Document, Node, NodeKind};

/// The marker every directive starts with, after `#`. Text without it holds no directive, so its
/// comments need not be collected.
pub const MARKER: &str = "iclint";

/// One code named by a directive.
#[derive(Debug, Clone)]
pub struct CodeRef {
    pub code: String,
    pub span: Span,
    /// Whether it suppressed a finding (set by the suppression stage).
    pub used: bool,
}

/// A parsed `# iclint ignore...` comment.
#[derive(Debug, Clone)]
pub struct Directive {
    /// `None` for `ignore-file`; otherwise what the comment covers, if anything follows it.
    pub region: Option<Option<Span>>,
    pub codes: Vec<CodeRef>,
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

    /// Whether a finding at `span` is in what the directive covers.
    pub fn covers(&self, span: Span) -> bool {
        match self.region {
            None => true,
            Some(Some(region)) => region.start <= span.start && span.start <= region.end,
            Some(None) => false,
        }
    }

    /// A directive that covers nothing: nothing follows it.
    pub fn covers_nothing(&self) -> bool {
        self.region.is_some_and(|r| r.is_none())
    }
}

/// Reads the directive in the comment at `span` of `text`, if it is one: whether it is
/// file-wide, and the codes it names.
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

/// Directives in Dockerfile-format content: each covers the next command.
pub fn of_dockerfile(text: &str, script: &DockerfileScript<'_>) -> Vec<Directive> {
    if !text.contains(MARKER) {
        return Vec::new();
    }
    script
        .comments
        .iter()
        .filter_map(|&comment| {
            let (file_wide, codes) = parse_directive(text, comment)?;
            // The commands are in order: the first that starts after the comment.
            let next = script.commands[script
                .commands
                .partition_point(|c| c.span.start < comment.end)..]
                .first()
                .map(|c| c.span);
            Some(Directive {
                region: (!file_wide).then_some(next),
                codes,
            })
        })
        .collect()
}

/// Directives in YAML (content or a manifest) parsed with its comments: each covers the largest
/// entry or list item that starts on the next line holding something other than blanks and
/// comments.
pub fn of_yaml(text: &str, document: &Document) -> Vec<Directive> {
    if document.comments.is_empty() {
        return Vec::new();
    }
    let regions = document.root.as_ref().map(regions).unwrap_or_default();
    of_comments(text, &document.comments, regions)
}

/// Directives in the comments `comments` of `text` (a Terraform file's, a YAML tree's): each
/// covers the largest of `regions` that starts on the next line holding something other than
/// blanks and comments.
pub fn of_comments(text: &str, comments: &[Span], mut regions: Vec<Span>) -> Vec<Directive> {
    if comments.is_empty() {
        return Vec::new();
    }
    regions.sort_unstable_by_key(|r| r.start);
    let lines = content_lines(text);
    comments
        .iter()
        .filter_map(|&comment| {
            let (file_wide, codes) = parse_directive(text, comment)?;
            // The first line after the comment's that holds something other than a comment.
            let line_end = text[comment.end..]
                .find('\n')
                .map_or(text.len(), |i| comment.end + i);
            let next_line = lines[lines.partition_point(|&(start, _)| start <= line_end)..]
                .first()
                .copied();
            let region = next_line.and_then(|(start, end)| {
                let first = regions.partition_point(|r| r.start < start);
                let last = regions.partition_point(|r| r.start < end);
                regions[first..last]
                    .iter()
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

/// The byte range of every line that is neither blank nor a comment, in order (line break
/// excluded).
fn content_lines(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let trimmed = body.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            lines.push((start, start + body.len()));
        }
        start += line.len();
    }
    lines
}

/// Every mapping entry (key to end of value) and list item of the tree.
fn regions(root: &Node) -> Vec<Span> {
    let mut found = Vec::new();
    root.walk(|node| match &node.kind {
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

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
    /// A comment that starts like a directive but is not one (`# iclint ignor=ICL102`): it names
    /// no code and suppresses nothing, and says why.
    pub malformed: Option<Malformed>,
}

/// Why a comment that starts with `iclint` is not a directive, and the form it should take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// The comment.
    pub span: Span,
    pub message: String,
    /// The right form, e.g. `# iclint ignore=ICL102`.
    pub right_form: String,
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
            malformed: self.malformed.map(|malformed| Malformed {
                span: map(malformed.span),
                ..malformed
            }),
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

/// What a comment holds.
enum Read {
    /// A directive: whether it is file-wide, and the codes it names.
    Directive(bool, Vec<CodeRef>),
    /// A comment that starts like a directive but is not one.
    Malformed(Malformed),
}

/// The directive words.
const IGNORE: &str = "ignore";
const IGNORE_FILE: &str = "ignore-file";

/// Reads the directive in the comment at `span` of `text`, if it is one or looks like one. A
/// comment whose first word is `iclint` is taken for an attempt at a directive when `:` follows
/// the marker, when its next word is near `ignore` or `ignore-file`, or when `=` follows that
/// word; other mentions of iclint in prose (`# iclint checks this file`) are plain comments.
fn parse_directive(text: &str, span: Span) -> Option<Read> {
    let comment = &text[span.range()];
    let body = comment.trim_start().strip_prefix('#')?.trim_start();
    let rest = body.strip_prefix(MARKER)?;
    if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        // `iclintrc`, another word.
        return None;
    }
    let colon = rest.trim_start().starts_with(':');
    let rest = rest.trim_start().trim_start_matches(':').trim_start();
    let word_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let (word, after) = rest.split_at(word_end);
    let list = after.trim_start().strip_prefix('=');
    let known = word == IGNORE || word == IGNORE_FILE;
    let near = known || crate::suggest::nearest(word, [IGNORE, IGNORE_FILE]).is_some();
    if !colon && !near && list.is_none() {
        return None;
    }
    let codes = list.map(|list| codes_of(list, span.end - list.len()));
    let trimmed_start = span.start + (comment.len() - comment.trim_start().len());
    let malformed = |message: String, codes: &[CodeRef]| {
        let word = if word == IGNORE_FILE || word.contains("file") {
            IGNORE_FILE
        } else {
            IGNORE
        };
        let listed: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
        let listed = match listed.is_empty() {
            true => "CODE[,CODE]".to_string(),
            false => listed.join(","),
        };
        Some(Read::Malformed(Malformed {
            span: Span::new(trimmed_start, span.end),
            message,
            right_form: format!("# iclint {word}={listed}"),
        }))
    };
    let codes = codes.unwrap_or_default();
    if colon {
        return malformed(
            "no `:` follows `iclint` in a suppression".to_string(),
            &codes,
        );
    }
    if !known {
        return malformed(format!("`{word}` is not a suppression word"), &codes);
    }
    if codes.is_empty() {
        return malformed(format!("`{word}` names no code"), &codes);
    }
    Some(Read::Directive(word == IGNORE_FILE, codes))
}

/// The codes of a directive's list, `list` starting at byte `start` of the text; a ` -- reason`
/// ends it.
fn codes_of(list: &str, start: usize) -> Vec<CodeRef> {
    let list = list.split(" --").next().unwrap_or(list);
    let mut codes = Vec::new();
    let mut offset = start;
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
    codes
}

/// A directive, or a malformed one, from what a comment holds; `region` is what it covers unless
/// it is file-wide.
fn directive(read: Read, region: Option<Span>) -> Directive {
    match read {
        Read::Directive(file_wide, codes) => Directive {
            region: (!file_wide).then_some(region),
            codes,
            malformed: None,
        },
        Read::Malformed(malformed) => Directive {
            region: Some(None),
            codes: Vec::new(),
            malformed: Some(malformed),
        },
    }
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
            let read = parse_directive(text, comment)?;
            // The commands are in order: the first that starts after the comment.
            let next = script.commands[script
                .commands
                .partition_point(|c| c.span.start < comment.end)..]
                .first()
                .map(|c| c.span);
            Some(directive(read, next))
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
            let read = parse_directive(text, comment)?;
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
            Some(directive(read, region))
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

    fn read(text: &str) -> Option<Read> {
        parse_directive(text, Span::new(0, text.len()))
    }

    #[test]
    fn reads_directives() {
        let text = "# iclint ignore=ICL101, ICL102 -- legacy layout";
        let Some(Read::Directive(file_wide, codes)) = read(text) else {
            panic!("a directive");
        };
        assert!(!file_wide);
        let names: Vec<_> = codes
            .iter()
            .map(|c| (c.code.as_str(), &text[c.span.range()]))
            .collect();
        assert_eq!(names, [("ICL101", "ICL101"), ("ICL102", "ICL102")]);
        assert!(matches!(
            read("  #iclint ignore-file=ICL103"),
            Some(Read::Directive(true, _))
        ));
        assert!(read("# iclint is great").is_none());
        assert!(read("# iclint checks this file in CI").is_none());
        assert!(read("# iclintrc: ignore=ICL101").is_none());
        assert!(read("# ignore=ICL101").is_none());
    }

    #[test]
    fn a_comment_that_looks_like_a_directive_says_the_right_form() {
        let form = |text: &str| match read(text) {
            Some(Read::Malformed(m)) => (m.message, m.right_form),
            _ => panic!("`{text}` is malformed"),
        };
        let ignore = |message: &str, form: &str| (message.to_string(), form.to_string());
        assert_eq!(
            form("# iclint ignore"),
            ignore("`ignore` names no code", "# iclint ignore=CODE[,CODE]")
        );
        assert_eq!(
            form("# iclint ignore="),
            ignore("`ignore` names no code", "# iclint ignore=CODE[,CODE]")
        );
        assert_eq!(
            form("# iclint ignor=ICL102"),
            ignore(
                "`ignor` is not a suppression word",
                "# iclint ignore=ICL102"
            )
        );
        assert_eq!(
            form("# iclint: ignore=ICL102"),
            ignore(
                "no `:` follows `iclint` in a suppression",
                "# iclint ignore=ICL102"
            )
        );
        assert_eq!(
            form("# iclint ignore-files=ICL102,ICL101"),
            ignore(
                "`ignore-files` is not a suppression word",
                "# iclint ignore-file=ICL102,ICL101"
            )
        );
    }
}

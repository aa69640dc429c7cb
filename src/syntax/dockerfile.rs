//! The Dockerfile format of component and template content (docs/service-rules.md §4.1), as stated in
//! `grammar/dockerfile-format.ebnf`.
//!
//! The parser never fails: every line becomes a command, a comment or nothing, and what is wrong
//! with a command is left for the rules. All spans are byte offsets into the content.

use crate::catalog::Keyword;
use crate::source::{MappedText, Span};
use nom::IResult;
use nom::Parser;
use nom::bytes::complete::take_till1;
use nom::character::complete::space0;
use nom::combinator::rest;
use nom_locate::LocatedSpan;

type Input<'a> = LocatedSpan<&'a str>;

const BOM: &str = "\u{feff}";

/// Parsed Dockerfile-format content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DockerfileScript<'a> {
    pub commands: Vec<Command<'a>>,
    /// `#` comment lines, without their line break.
    pub comments: Vec<Span>,
}

/// One command: a keyword and its argument, possibly spread over continuation lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command<'a> {
    /// The keyword as written.
    pub keyword: &'a str,
    pub keyword_span: Span,
    /// The keyword recognised case-insensitively, if it is one.
    pub known: Option<Keyword>,
    /// The argument with continuations joined (directly for shell text; for words, by a space
    /// that maps to the `\`) and trailing blanks trimmed; its map points into the content.
    pub argument: MappedText,
    /// From the first to the last byte of the argument in the content; empty right after the
    /// keyword when there is no argument.
    pub argument_span: Span,
    /// The whole command, from the keyword to the end of its last line (line break excluded).
    pub span: Span,
    /// The `\` of a last line that continues into the end of the content.
    pub dangling_continuation: Option<Span>,
}

impl Command<'_> {
    /// The content span of a span of the argument text.
    pub fn argument_to_content(&self, span: Span) -> Span {
        self.argument.map.span(span)
    }

    pub fn has_argument(&self) -> bool {
        !self.argument.text.trim().is_empty()
    }
}

/// One physical line: its text without line break (and without the `\r` of `\r\n`).
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
}

impl<'a> Line<'a> {
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn is_comment(&self) -> bool {
        self.text.trim_start().starts_with('#')
    }

    /// The text before a trailing `\` (and the blanks after it), and the `\`'s span; or `None`
    /// when the line does not continue.
    fn continuation(&self) -> Option<(&'a str, Span)> {
        let trimmed = self.text.trim_end_matches([' ', '\t']);
        let body = trimmed.strip_suffix('\\')?;
        let at = self.start + body.len();
        Some((body, Span::new(at, at + 1)))
    }
}

/// The keyword of a command line and where its argument starts.
fn command_head(input: Input<'_>) -> IResult<Input<'_>, (Input<'_>, Input<'_>)> {
    let (input, (_, keyword, _, argument)) = (
        space0,
        take_till1(|c: char| c == ' ' || c == '\t'),
        space0,
        rest,
    )
        .parse(input)?;
    Ok((input, (keyword, argument)))
}

/// The physical lines of `content` (after a byte-order mark), each without its line feed and
/// the `\r` before it. Split on the bytes directly: `Input` would count the line feeds of
/// every line it passes over, which the lines do not need.
fn lines(content: &str) -> Vec<Line<'_>> {
    let mut at = if content.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    // A line per line feed, and one after the last: no growing (and copying) as it fills.
    let bytes = content.as_bytes();
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    while at < content.len() {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(content.len(), |i| at + i);
        let text = &content[at..end];
        lines.push(Line {
            text: text.strip_suffix('\r').unwrap_or(text),
            start: at,
        });
        at = end + 1;
    }
    lines
}

/// Parses Dockerfile-format content. Never fails.
pub fn parse(content: &str) -> DockerfileScript<'_> {
    let lines = lines(content);
    let mut script = DockerfileScript::default();
    // At most a command per line: no growing (and copying) of the list as it fills.
    script.commands.reserve(lines.len());
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        index += 1;
        if line.is_blank() {
            continue;
        }
        if line.is_comment() {
            script
                .comments
                .push(Span::new(line.start, line.start + line.text.len()));
            continue;
        }
        let (keyword, first_piece) = match command_head(Input::new(line.text)) {
            Ok((_, head)) => head,
            Err(_) => continue, // unreachable: a non-blank line has a first word
        };
        let keyword_start = line.start + keyword.location_offset();
        let keyword_span = Span::new(keyword_start, keyword_start + keyword.fragment().len());
        let known = Keyword::parse(keyword.fragment());
        // Words or `key="value"` pairs: a continuation separates words as a space does. Shell
        // text (and a keyword iclint does not know, whose argument is never read) is joined
        // directly, as a shell removes a backslash-newline (docs/service-rules.md §4.1).
        let separates_words = known.is_some_and(|k| !k.takes_shell_text());
        let mut argument = MappedText::default();
        // Most arguments are one line: the text in one allocation of its size.
        argument.text.reserve(first_piece.fragment().len());
        let mut piece = Line {
            text: first_piece.fragment(),
            start: line.start + first_piece.location_offset(),
        };
        let mut dangling_continuation = None;
        let mut end = line.start + line.text.len();
        loop {
            let Some((body, backslash)) = piece.continuation() else {
                argument.push_from(piece.text.trim_end(), piece.start);
                break;
            };
            argument.push_from(body, piece.start);
            // Comment lines inside a continued command are dropped, as Docker does.
            while index < lines.len() && lines[index].is_comment() {
                let comment = lines[index];
                script
                    .comments
                    .push(Span::new(comment.start, comment.start + comment.text.len()));
                index += 1;
            }
            match lines.get(index) {
                Some(next) if !next.is_blank() => {
                    if separates_words
                        && !argument.text.is_empty()
                        && !argument.text.ends_with([' ', '\t'])
                        && !next.text.starts_with([' ', '\t'])
                    {
                        // The space stands for the `\`, so a span over it stays on this line.
                        argument.push_from(" ", backslash.start);
                    }
                    piece = *next;
                    end = next.start + next.text.len();
                    index += 1;
                }
                Some(_)
                    if lines[index..]
                        .iter()
                        .any(|l| !l.is_blank() && !l.is_comment()) =>
                {
                    // A blank line ends the command: the `\` joined it, and it adds nothing.
                    break;
                }
                _ => {
                    dangling_continuation = Some(backslash);
                    break;
                }
            }
        }
        trim_end(&mut argument);
        // A continuation line's indentation is part of the text but not of the argument's span.
        let leading = argument.text.len() - argument.text.trim_start().len();
        let argument_span = match (argument.text.is_empty(), argument.map.start(leading)) {
            (true, _) => Span::at(keyword_span.end),
            (false, start) => Span::new(start, argument.map.end(argument.text.len())),
        };
        script.commands.push(Command {
            keyword: keyword.fragment(),
            keyword_span,
            known,
            argument,
            argument_span,
            span: Span::new(keyword_start, end),
            dangling_continuation,
        });
    }
    script
}

/// Drops trailing blanks of the joined argument (those before a final `\`, for instance).
fn trim_end(argument: &mut MappedText) {
    let trimmed = argument.text.trim_end().len();
    argument.text.truncate(trimmed);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argument_text<'a>(script: &'a DockerfileScript<'_>, index: usize) -> &'a str {
        &script.commands[index].argument.text
    }

    #[test]
    fn commands_comments_and_blank_lines() {
        let content = "\u{feff}# setup\r\n\r\nRUN echo hi\r\n  workdir /opt\nRESTART\n";
        let script = parse(content);
        assert_eq!(script.commands.len(), 3);
        assert_eq!(script.comments, vec![Span::new(3, 10)]);
        assert_eq!(script.commands[0].keyword, "RUN");
        assert_eq!(argument_text(&script, 0), "echo hi");
        assert_eq!(
            &content[script.commands[0].argument_span.range()],
            "echo hi"
        );
        assert_eq!(script.commands[1].known, Some(Keyword::Workdir));
        assert_eq!(&content[script.commands[1].keyword_span.range()], "workdir");
        assert_eq!(argument_text(&script, 2), "");
        assert_eq!(
            script.commands[2].argument_span,
            Span::at(script.commands[2].span.end)
        );
    }

    #[test]
    fn continuations_join_and_map_back() {
        let content =
            "RUN apt-get update && \\  \n    # note\n    apt-get install -y nginx\nENV A=\"1\"";
        let script = parse(content);
        assert_eq!(script.commands.len(), 2);
        let run = &script.commands[0];
        assert_eq!(
            run.argument.text,
            "apt-get update &&     apt-get install -y nginx"
        );
        let nginx = run.argument.text.find("nginx").unwrap();
        let span = run.argument_to_content(Span::new(nginx, nginx + 5));
        assert_eq!(&content[span.range()], "nginx");
        assert_eq!(script.comments.len(), 1);
        assert_eq!(run.dangling_continuation, None);
    }

    #[test]
    fn a_continuation_separates_words_but_not_shell_text() {
        let content = "LABEL user=\"username\"\\\ndate=\"2020-11-11\" key=\"value\"\n\
                       COPY /a\\\n/b\n\
                       RUN echo a\\\nb\n\
                       CMD echo a\\\nb\n\
                       ENV A=\"1\" \\\n  B=\"2\"\n";
        let script = parse(content);
        assert_eq!(
            argument_text(&script, 0),
            "user=\"username\" date=\"2020-11-11\" key=\"value\""
        );
        assert_eq!(argument_text(&script, 1), "/a /b");
        assert_eq!(argument_text(&script, 2), "echo ab");
        assert_eq!(argument_text(&script, 3), "echo ab");
        // Blanks already separate the words: no space is added.
        assert_eq!(argument_text(&script, 4), "A=\"1\"   B=\"2\"");
        // The added space stands for the `\`: spans over it stay right.
        let label = &script.commands[0];
        let space = label.argument.text.find(' ').unwrap();
        let backslash = content.find('\\').unwrap();
        assert_eq!(
            label.argument_to_content(Span::new(space, space + 1)),
            Span::new(backslash, backslash + 1)
        );
        let date = label.argument.text.find("date").unwrap();
        assert_eq!(
            &content[label.argument_to_content(Span::new(date, date + 4)).range()],
            "date"
        );
        assert_eq!(
            &content[label.argument_span.range()],
            "user=\"username\"\\\ndate=\"2020-11-11\" key=\"value\""
        );
    }

    #[test]
    fn a_final_backslash_dangles() {
        let content = "RUN make \\\n\n# end\n";
        let script = parse(content);
        assert_eq!(
            script.commands[0].dangling_continuation,
            Some(Span::new(9, 10))
        );
        assert_eq!(script.commands[0].argument.text, "make");
    }

    #[test]
    fn the_argument_span_starts_at_its_first_non_blank() {
        let content = "RESTART \\\n    later\n";
        let script = parse(content);
        let restart = &script.commands[0];
        assert_eq!(&content[restart.argument_span.range()], "later");
    }

    #[test]
    fn a_blank_line_ends_a_continued_command() {
        let script = parse("RUN a \\\n\nRUN b\n");
        assert_eq!(script.commands.len(), 2);
        assert_eq!(script.commands[0].dangling_continuation, None);
        assert_eq!(script.commands[0].argument.text, "a");
    }
}

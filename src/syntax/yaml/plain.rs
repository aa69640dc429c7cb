//! Plain block YAML, read directly: nearly every component file and manifest is block mappings
//! and sequences of single-line scalars and literal or folded block scalars, with comments and
//! blank lines between. This reader takes exactly those, in one pass over the bytes, and builds
//! the [`Document`] the `granit-parser` path ([`super::Builder`]) builds for them, every span,
//! value, style and block layout included; a test holds the two to the same result on every text
//! this reader takes. Anything else (flow collections and JSON, anchors, aliases and tags, a
//! scalar over several lines, a complex key, a tab, a carriage return, a byte-order mark, a
//! control character, `---` or `...`, a directive, any syntax error, a tree beyond the
//! [`Limits`]) is declined with `None` and goes to the full parser, which reports what is wrong
//! (`docs/architecture.md`, "Parsing once").
//!
//! Block scalars and quoted scalars with escapes are cooked by [`super::cook`], the one place
//! that knows how YAML folds, chomps and unescapes.

use super::{
    BlockLayout, Document, Entry, Limits, Node, NodeKind, Scalar, ScalarStyle, cook, trim_end,
};
use crate::source::{MappedText, Span};

/// The deepest nesting this reader follows (it recurses once per level); deeper trees, which no
/// real file has, go to the full parser.
const MAX_DEPTH: usize = 64;

/// Longest key taken: YAML caps an implicit key at 1024 characters.
const MAX_KEY: usize = 1000;

/// Reads `source` when it is plain block YAML; `None` when it is not.
pub(super) fn parse(source: &str, limits: Limits, with_comments: bool) -> Option<Document> {
    if !plain_characters(source) {
        return None;
    }
    let mut reader = Reader {
        source,
        bytes: source.as_bytes(),
        pos: 0,
        comments: Vec::new(),
        with_comments,
        nodes: 0,
        max_nodes: limits.max_nodes,
        max_depth: limits.max_depth.min(MAX_DEPTH),
    };
    let root = match reader.peek()? {
        Peek::End => None,
        Peek::Line { indent } => Some(reader.block_node(indent, 1)?),
    };
    if reader.peek()? != Peek::End {
        return None;
    }
    Some(Document {
        root,
        comments: reader.comments,
        extra_document: None,
    })
}

/// Whether every character of `source` is one this reader takes: printable, line feeds, no tab,
/// no carriage return, no byte-order mark and none of the characters YAML 1.1 read as line breaks.
fn plain_characters(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while they are printable ASCII or line feeds.
        if let Some(chunk) = bytes.get(i..i + 8)
            && printable_ascii_or_line_feeds(u64::from_le_bytes(
                chunk.try_into().unwrap_or_default(),
            ))
        {
            i += 8;
            continue;
        }
        let b = bytes[i];
        if b < 0x80 {
            if (b < 0x20 && b != b'\n') || b == 0x7f {
                return false;
            }
            i += 1;
            continue;
        }
        // Beyond ASCII: decode the character (the text is UTF-8).
        let Some(ch) = source[i..].chars().next() else {
            return false;
        };
        if matches!(
            ch,
            '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        ) {
            return false;
        }
        i += ch.len_utf8();
    }
    true
}

/// Whether the eight bytes of `chunk` are each printable ASCII (a space to `~`) or a line feed.
fn printable_ascii_or_line_feeds(chunk: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let beyond_ascii = chunk & (ONES * 0x80);
    // Below a space: bits 5 and 6 clear (of an ASCII byte).
    let control =
        zero_bytes(chunk & (ONES * 0x60)) & !zero_bytes(chunk ^ (ONES * u64::from(b'\n')));
    let delete = zero_bytes(chunk ^ (ONES * 0x7f));
    beyond_ascii | control | delete == 0
}

/// The high bit of each byte of `word` that is zero, and nothing else (exact: no carry runs
/// from one byte into the next).
fn zero_bytes(word: u64) -> u64 {
    const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((word & LOW_SEVEN).wrapping_add(LOW_SEVEN)) | word | LOW_SEVEN)
}

/// The next line with content, after blank and comment lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Peek {
    End,
    /// The line starts at [`Reader::pos`]; its content at `pos + indent`.
    Line {
        indent: usize,
    },
}

/// What ends a plain scalar on its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// The line break or the end of the text.
    LineEnd,
    /// `: ` or `:` at the end of the line: the scalar is a key.
    Colon,
    /// ` #`: a comment.
    Comment,
}

struct Reader<'s> {
    source: &'s str,
    bytes: &'s [u8],
    /// The start of the line being read (after [`Reader::peek`], of a line with content).
    pos: usize,
    comments: Vec<Span>,
    with_comments: bool,
    nodes: usize,
    max_nodes: usize,
    max_depth: usize,
}

impl<'s> Reader<'s> {
    /// The byte at `at`; past the end, a line feed (the end of the text ends a line).
    fn byte(&self, at: usize) -> u8 {
        self.bytes.get(at).copied().unwrap_or(b'\n')
    }

    /// The end of the line that holds `at` (its line feed, or the end of the text).
    fn line_end(&self, at: usize) -> usize {
        memchr::memchr(b'\n', &self.bytes[at..]).map_or(self.bytes.len(), |i| at + i)
    }

    /// Moves to the line after the one that holds `at`.
    fn next_line(&mut self, at: usize) {
        self.pos = (self.line_end(at) + 1).min(self.bytes.len());
    }

    /// The first offset at or after `at` that is not a space.
    fn spaces(&self, mut at: usize) -> usize {
        while self.bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        at
    }

    /// Counts one node; `None` past the cap.
    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= self.max_nodes).then_some(())
    }

    fn comment(&mut self, at: usize) {
        if self.with_comments {
            let end = self.line_end(at);
            self.comments.push(Span::new(at, end));
        }
    }

    /// At `at`, after a node on its line: the rest of the line is blank, or a comment after a
    /// blank. Records the comment and moves to the next line; `None` when something else follows.
    fn end_of_line(&mut self, at: usize) -> Option<()> {
        let rest = self.spaces(at);
        match self.byte(rest) {
            b'\n' => {}
            b'#' if rest > at || self.bytes.get(at.wrapping_sub(1)) == Some(&b' ') => {
                self.comment(rest)
            }
            _ => return None,
        }
        self.next_line(rest);
        Some(())
    }

    /// Skips blank and comment lines (recording the comments) up to the next line with content;
    /// `None` for a document marker (`---`, `...`) there.
    fn peek(&mut self) -> Option<Peek> {
        loop {
            if self.pos >= self.bytes.len() {
                return Some(Peek::End);
            }
            let content = self.spaces(self.pos);
            match self.byte(content) {
                b'\n' => self.next_line(content),
                b'#' => {
                    self.comment(content);
                    self.next_line(content);
                }
                _ => {
                    let indent = content - self.pos;
                    if indent == 0 {
                        let line = &self.bytes[content..];
                        if (line.starts_with(b"---") || line.starts_with(b"..."))
                            && matches!(line.get(3), None | Some(b' ' | b'\n'))
                        {
                            return None;
                        }
                    }
                    return Some(Peek::Line { indent });
                }
            }
        }
    }

    /// After a scalar that ended its line, inside a collection at column `column`: the next line
    /// that is not blank must not be deeper (it would continue a plain scalar, or be an error).
    fn no_continuation(&self, column: usize) -> Option<()> {
        let mut at = self.pos;
        while at < self.bytes.len() {
            let content = self.spaces(at);
            if self.byte(content) != b'\n' {
                return (content - at <= column).then_some(());
            }
            at = content + 1;
        }
        Some(())
    }

    /// Whether a sequence item's `-` is at `at` (a `-` followed by a blank or the line's end).
    fn is_dash(&self, at: usize) -> bool {
        self.byte(at) == b'-' && matches!(self.byte(at + 1), b' ' | b'\n')
    }

    /// The collection whose first line is the current one, its content at column `indent`.
    fn block_node(&mut self, indent: usize, depth: usize) -> Option<Node> {
        if self.is_dash(self.pos + indent) {
            self.sequence(indent, depth, false)
        } else {
            self.mapping(self.pos + indent, indent, depth)
        }
    }

    /// Opens a collection at nesting `depth` (the root is 1); `None` past the caps.
    fn open(&mut self, depth: usize) -> Option<()> {
        if depth > self.max_depth {
            return None;
        }
        self.count()
    }

    /// A block sequence at `column`, its first `-` on the current line; `indentless` when it is
    /// the value of a mapping entry at the same column.
    fn sequence(&mut self, column: usize, depth: usize, indentless: bool) -> Option<Node> {
        self.open(depth)?;
        let mut start = self.pos + column;
        let mut items = Vec::new();
        loop {
            let dash = self.pos + column;
            let at = self.spaces(dash + 1);
            if indentless && items.is_empty() {
                // The parser starts an indentless sequence where the first item's line goes on
                // after its `-`: the item, or the end of the line.
                start = match self.byte(at) {
                    b'\n' | b'#' => self.line_end(at),
                    _ => at,
                };
            }
            let item = match self.byte(at) {
                b'\n' | b'#' => {
                    // The parser puts an empty item at the end of its line.
                    let line_end = self.line_end(at);
                    self.end_of_line(dash + 1)?;
                    match self.peek()? {
                        Peek::Line { indent } if indent > column => {
                            self.block_node(indent, depth + 1)?
                        }
                        _ => self.empty(line_end)?,
                    }
                }
                _ => self.inline_node(at, column, depth + 1)?,
            };
            items.push(item);
            match self.peek()? {
                Peek::Line { indent } if indent == column && self.is_dash(self.pos + column) => {}
                Peek::Line { indent } if indent > column => return None,
                _ => break,
            }
        }
        let end = items.last().map_or(start + 1, |item| item.span.end);
        Some(Node::new(NodeKind::Sequence(items), Span::new(start, end)))
    }

    /// A block mapping at `column`, its first key at `first` on the current line (after a `- `
    /// when the mapping is an item of a sequence).
    fn mapping(&mut self, first: usize, column: usize, depth: usize) -> Option<Node> {
        self.open(depth)?;
        let mut entries = Vec::new();
        let mut at = first;
        loop {
            let (key, after) = self.key(at)?;
            let value = self.value(after, column, depth)?;
            entries.push(Entry { key, value });
            match self.peek()? {
                Peek::Line { indent } if indent == column => at = self.pos + column,
                Peek::Line { indent } if indent > column => return None,
                _ => break,
            }
        }
        let end = entries.last().map_or(first, |entry| entry.value.span.end);
        Some(Node::new(NodeKind::Mapping(entries), Span::new(first, end)))
    }

    /// A key at `at` and its `:`; returns the key and the offset after the `:`.
    fn key(&mut self, at: usize) -> Option<(Node, usize)> {
        let (scalar, colon) = match self.byte(at) {
            b'"' | b'\'' => {
                let scalar = self.quoted(at)?;
                let colon = scalar.raw.end;
                (scalar, colon)
            }
            _ => {
                let (raw, stop, colon) = self.plain(at)?;
                if stop != Stop::Colon {
                    return None;
                }
                (self.plain_scalar(raw), colon)
            }
        };
        if self.byte(colon) != b':'
            || !matches!(self.byte(colon + 1), b' ' | b'\n')
            || scalar.raw.len() > MAX_KEY
        {
            return None;
        }
        self.count()?;
        Some((scalar_node(scalar), colon + 1))
    }

    /// The value of a mapping entry at `column`, from `after` (just after its `:`).
    fn value(&mut self, after: usize, column: usize, depth: usize) -> Option<Node> {
        let at = self.spaces(after);
        match self.byte(at) {
            b'\n' | b'#' => {
                self.end_of_line(after)?;
                match self.peek()? {
                    Peek::Line { indent } if indent > column => self.block_node(indent, depth + 1),
                    Peek::Line { indent }
                        if indent == column && self.is_dash(self.pos + column) =>
                    {
                        self.sequence(column, depth + 1, true)
                    }
                    // The parser puts the empty value at the `:`.
                    _ => self.empty(after - 1),
                }
            }
            _ => self.inline_value(at, column),
        }
    }

    /// The node that starts at `at` after a sequence's `- `: a scalar, or a mapping whose first
    /// key is there.
    fn inline_node(&mut self, at: usize, column: usize, depth: usize) -> Option<Node> {
        if self.is_dash(at) {
            return None;
        }
        let key = match self.byte(at) {
            b'"' | b'\'' => {
                let end = self.quoted(at)?.raw.end;
                self.byte(end) == b':'
            }
            b'|' | b'>' => false,
            _ => self.plain(at)?.1 == Stop::Colon,
        };
        if key {
            let line = self.pos;
            self.mapping(at, at - line, depth)
        } else {
            self.inline_value(at, column)
        }
    }

    /// A scalar at `at` that is a value (no key follows), inside a collection at `column`.
    fn inline_value(&mut self, at: usize, column: usize) -> Option<Node> {
        let scalar = match self.byte(at) {
            b'|' | b'>' => return self.block_scalar(at, column),
            b'"' | b'\'' => {
                let scalar = self.quoted(at)?;
                self.end_of_line(scalar.raw.end)?;
                scalar
            }
            _ => {
                let (raw, stop, end) = self.plain(at)?;
                if stop == Stop::Colon {
                    return None;
                }
                let scalar = self.plain_scalar(raw);
                self.end_of_line(end)?;
                scalar
            }
        };
        self.no_continuation(column)?;
        self.count()?;
        Some(scalar_node(scalar))
    }

    /// The empty value of `key:` or `-` with nothing after it: an empty plain scalar at `at`.
    fn empty(&mut self, at: usize) -> Option<Node> {
        self.count()?;
        Some(Node::new(
            NodeKind::Scalar(Scalar {
                value: String::new(),
                style: ScalarStyle::Plain,
                raw: Span::at(at),
                block: None,
                map: None,
            }),
            Span::at(at),
        ))
    }

    /// The plain scalar written at `raw` (its value is its text).
    fn plain_scalar(&self, raw: Span) -> Scalar {
        Scalar {
            value: self.source[raw.range()].to_owned(),
            style: ScalarStyle::Plain,
            raw,
            block: None,
            map: None,
        }
    }

    /// A plain scalar on one line from `at`: its raw span, what ends it, and where that is.
    /// `None` when a plain scalar cannot start there.
    fn plain(&self, at: usize) -> Option<(Span, Stop, usize)> {
        let first = self.byte(at);
        match first {
            b'-' => {
                if matches!(self.byte(at + 1), b' ' | b'\n') {
                    return None;
                }
            }
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b'\n' | b' ' => return None,
            _ => {}
        }
        let mut i = at;
        let (stop, stop_at) = loop {
            match self.byte(i) {
                b'\n' => break (Stop::LineEnd, i.min(self.bytes.len())),
                b':' if matches!(self.byte(i + 1), b' ' | b'\n') => break (Stop::Colon, i),
                b'#' if self.bytes[i - 1] == b' ' => break (Stop::Comment, i),
                _ => i += 1,
            }
        };
        let mut end = stop_at;
        while end > at && self.bytes[end - 1] == b' ' {
            end -= 1;
        }
        Some((Span::new(at, end), stop, stop_at))
    }

    /// A quoted scalar that starts and ends on the line of `at`.
    fn quoted(&self, at: usize) -> Option<Scalar> {
        let quote = self.byte(at);
        let mut i = at + 1;
        let mut cooked = false;
        loop {
            match self.byte(i) {
                b'\n' => return None,
                b'\\' if quote == b'"' => {
                    if self.byte(i + 1) == b'\n' {
                        return None;
                    }
                    cooked = true;
                    i += 2;
                }
                b'\'' if quote == b'\'' && self.byte(i + 1) == b'\'' => {
                    cooked = true;
                    i += 2;
                }
                b if b == quote => break,
                _ => i += 1,
            }
        }
        let raw = Span::new(at, i + 1);
        let (style, kind) = if quote == b'"' {
            (ScalarStyle::DoubleQuoted, cook::Quote::Double)
        } else {
            (ScalarStyle::SingleQuoted, cook::Quote::Single)
        };
        let value = if cooked {
            cook::flow(self.source, raw, kind)?.text
        } else {
            self.source[at + 1..i].to_owned()
        };
        Some(Scalar {
            value,
            style,
            raw,
            block: None,
            map: None,
        })
    }

    /// A literal or folded block scalar whose header is at `header`, inside a collection at
    /// `column`; moves to the line that ends it.
    fn block_scalar(&mut self, header: usize, column: usize) -> Option<Node> {
        let folded = self.byte(header) == b'>';
        let mut at = header + 1;
        let mut explicit = None;
        let mut chomping = false;
        for _ in 0..2 {
            match self.byte(at) {
                b'+' | b'-' if !chomping => chomping = true,
                digit @ b'1'..=b'9' if explicit.is_none() => {
                    explicit = Some(usize::from(digit - b'0'))
                }
                _ => break,
            }
            at += 1;
        }
        if !matches!(self.byte(at), b' ' | b'\n') {
            return None;
        }
        self.end_of_line(at)?;
        let len = self.bytes.len();
        // The indentation: given, or that of the first line with content; blank lines before
        // it may not be longer.
        let mut line = self.pos;
        let mut longest_blank = 0;
        let (first, indent) = loop {
            if line >= len {
                return None;
            }
            let content = self.spaces(line);
            let spaces = content - line;
            match explicit {
                Some(given) => {
                    let indent = column + given;
                    if spaces > indent || self.byte(content) != b'\n' {
                        if spaces < indent {
                            return None;
                        }
                        break (line, indent);
                    }
                }
                None => {
                    if self.byte(content) != b'\n' {
                        if spaces <= column || spaces < longest_blank {
                            return None;
                        }
                        break (line, spaces);
                    }
                    longest_blank = longest_blank.max(spaces);
                }
            }
            line = content + 1;
        };
        // The line that ends it: the first one with content that is less indented.
        let mut line = first;
        let end = loop {
            if line >= len {
                break len;
            }
            let content = self.spaces(line);
            if self.byte(content) != b'\n' && content - line < indent {
                break content;
            }
            line = self.line_end(content) + 1;
        };
        let layout = BlockLayout {
            header,
            content: Some(first + indent),
            end,
        };
        // Cooked with its map: what is read of a block is mostly shell text, which is mapped.
        let cooked: MappedText = cook::block(self.source, layout, folded, "")?;
        self.pos = line.min(len);
        self.count()?;
        Some(scalar_node(Scalar {
            value: cooked.text,
            style: if folded {
                ScalarStyle::Folded
            } else {
                ScalarStyle::Literal
            },
            raw: Span::new(header, trim_end(self.source, header, end)),
            block: Some(layout),
            map: Some(Box::new(cooked.map)),
        }))
    }
}

/// A scalar as a node: its span is its raw span.
fn scalar_node(scalar: Scalar) -> Node {
    let raw = scalar.raw;
    Node::new(NodeKind::Scalar(scalar), raw)
}

#[cfg(test)]
mod tests {
    use super::super::Builder;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn eight_bytes_at_a_time_is_one_byte_at_a_time() {
        let one = |b: u8| (0x20..0x7f).contains(&b) || b == b'\n';
        for byte in 0..=u8::MAX {
            for at in 0..8 {
                for filler in [b'a', b' ', b'\n', b'~'] {
                    let mut chunk = [filler; 8];
                    chunk[at] = byte;
                    assert_eq!(
                        printable_ascii_or_line_feeds(u64::from_le_bytes(chunk)),
                        chunk.iter().all(|&b| one(b)),
                        "{chunk:?}"
                    );
                }
            }
        }
    }

    proptest! {
        #[test]
        fn eight_random_bytes_are_read_as_one_at_a_time(chunk: [u8; 8]) {
            let one = |b: u8| (0x20..0x7f).contains(&b) || b == b'\n';
            prop_assert_eq!(
                printable_ascii_or_line_feeds(u64::from_le_bytes(chunk)),
                chunk.iter().all(|&b| one(b))
            );
        }
    }

    /// When this reader takes `text` (with comments or without), the full parser reads it to
    /// the same document. Returns whether it took it.
    fn agrees(text: &str) -> bool {
        let mut taken = false;
        for with_comments in [false, true] {
            let limits = Limits::default();
            if let Some(plain) = parse(text, limits, with_comments) {
                let full = Builder::new(text, limits, with_comments).run();
                assert_eq!(
                    full,
                    Ok(plain.clone()),
                    "{text:?}, comments: {with_comments}"
                );
                // The maps this reader makes with block values are those made after the fact.
                let full = full.expect("compared above");
                assert!(super::super::same_maps(text, &full, &plain), "{text:?}");
                taken = true;
            }
        }
        taken
    }

    /// What component files and manifests hold, and what this reader is for: each is taken, and
    /// read as the full parser reads it.
    #[test]
    fn takes_plain_block_yaml_and_reads_it_as_the_parser_does() {
        for text in [
            "",
            "# only a comment\n\n",
            "a: 1\nb:\nc: |\n  x\n\nd: 2 # c\n",
            "# top\nk:   # after key\n  - x   # item\n  -\n  - y: 1\n    z:\n  -   w: 2\nj: 'it''s'  ",
            "a:\n- 1\n- 2\nb: x",
            "a: |2-\n    x\n   y\n\nb: >+\n  f\n  g\n\n  h\n\n\nc: 1",
            "o:\n  k: |\n    x\n  # comment\n  z: 1",
            "o:\n  k: |\n    x\n    # not comment\n\n # comment\nz: 1",
            "o: |\n  x\n",
            "o: |\n  x",
            "Name: svc\nTag:\n  - Key: owner\n    Value: web-team\nContent: |\n  Parameters:\n    version:\n      Type: String\n      DefaultValue: \"1.24\"\n  Tasks:\n    - Name: step-1\n      Action: RunShellCommand\n      Properties:\n        commandContent: yum install -y docker-ce-{{ version }} && systemctl enable docker-ce\n",
            "Tasks:\n- Name: a\n  Action: RunShellCommand\n  Properties:\n    commandContent: |-\n      set -e\n\n      echo \"done\" # not a comment\n",
            "k: \"a \\\"b\\\" \\n \\t \\u00e9\"\nl: 'x '' y'\nm: http://example.com:80/a#b\nn: -y\n名前: 値 🎉\n",
            "k: >\n  folded\n  text\n\n    more\n  end\n",
            "  a: 1\n  b: 2\n",
            // Where the parser puts an empty value and starts an indentless sequence.
            "x: #\n",
            "- # c\n",
            "Name: # c\n- # c\n  Name: value # c",
        ] {
            assert!(agrees(text), "not taken: {text:?}");
        }
    }

    /// What this reader declines goes to the full parser.
    #[test]
    fn declines_what_is_not_plain_block_yaml() {
        for text in [
            "{\"a\": 1}",
            "a: [1, 2]",
            "a: {b: 1}",
            "a: &x 1\nb: *x\n",
            "a: !!str 1",
            "? a\n: b\n",
            "a: multi\n  line\n",
            "a: 'multi\n  line'\n",
            "a: \"multi\n  line\"\n",
            "a: 1\n---\nb: 2\n",
            "---\na: 1\n",
            "a: 1\n...\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 1\r\nb: 2\r\n",
            "\u{feff}a: 1\n",
            "a:\tb\n",
            "a: b: c\n",
            "a: 1\n - b\n",
            "a: |\n",
            "a: |\nb: 1\n",
            "just a scalar\n",
            "- - a\n",
            "a: \"\\q\"\n",
            "a: 'x'y\n",
            "a\n",
            "a: 1\n  # deeper comment\n",
        ] {
            for with_comments in [false, true] {
                assert!(
                    parse(text, Limits::default(), with_comments).is_none(),
                    "taken: {text:?}"
                );
            }
        }
    }

    /// Beyond the caps the full parser reports the fault: the reader declines.
    #[test]
    fn declines_beyond_the_limits() {
        let deep = (0..10)
            .map(|level| format!("{}k{level}:\n", "  ".repeat(level)))
            .collect::<String>()
            + &"  ".repeat(10)
            + "v: 1\n";
        assert!(agrees(&deep));
        let shallow = Limits {
            max_depth: 5,
            ..Limits::default()
        };
        assert!(parse(&deep, shallow, false).is_none());
        assert!(Builder::new(&deep, shallow, false).run().is_err());
        let few = Limits {
            max_nodes: 10,
            ..Limits::default()
        };
        assert!(parse(&deep, few, false).is_none());
        assert!(Builder::new(&deep, few, false).run().is_err());
    }

    fn indent() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "", "", "", "", " ", "  ", "  ", "  ", "   ", "    ", "    ", "      ", "\t", "  \t",
        ])
    }

    /// The body of a line: the pieces of plain block YAML and of the constructs next to it.
    fn body() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "key:",
            "key: value",
            "Name: step-1",
            "a: 1",
            "b: \"{{ bucket }}\"",
            "c: 'it''s'",
            "c: ''",
            "c: \"\"",
            "d: \"esc \\\" \\\\ \\n \\t \\x41 \\u00e9 \\/ \\_\"",
            "e: \"bad \\q\"",
            "e: \"\\ud83c\\udf89\"",
            "f: |",
            "f: |-",
            "f: |+",
            "f: >",
            "f: >-",
            "f: >+",
            "f: |2",
            "f: >1-",
            "f: |-3",
            "f: |+2",
            "f: | # c",
            "f: |#c",
            "f: |x",
            "f: |0",
            "f: |22",
            "- ",
            "-",
            "- x",
            "- k: v",
            "- k:",
            "- - x",
            "-   w: 2",
            "- |",
            "- >-",
            "- |1",
            "- 'q'",
            "- \"dq\": v",
            "- 'sq':",
            "- # c",
            "-x",
            "--",
            "# comment",
            "#",
            "x: y # c",
            "x: y#c",
            "x: a: b",
            "x: a:b",
            "x: a :b",
            "url: http://x:80/p#frag",
            "x: {a: 1}",
            "x: [1, 2]",
            "{a: 1}",
            "[1]",
            "x: a, b]",
            "x: &a v",
            "y: *a",
            "z: !!str v",
            "? k",
            ": v",
            "---",
            "...",
            "--- # c",
            "--- x",
            "%YAML 1.2",
            "commandContent: yum install -y docker-ce-{{ version }} && systemctl enable docker",
            "plain text line",
            "text: trailing   ",
            "x: 'unterminated",
            "x: \"unterminated",
            "x: 'a'b",
            "x: \"a\" # c",
            "x: 'a' #c",
            "k : v",
            "k  :  v  ",
            "\"qk\": v",
            "'sk': v",
            "\"qk\":v",
            "\"qk\" : v",
            "'s''k': 'v'",
            "x: - a",
            "x: -1",
            "x: -",
            "x: 中文 🎉",
            "é: ü",
            "x: a\u{85}b",
            "x: a\u{2028}b",
            "x: \u{a0}",
            "\u{feff}a: 1",
            "x: ~",
            "x: null",
            "@x: y",
            "x: `y`",
            "x: %y",
            "x: a # b # c",
            "x: '#not'",
            "x:#",
            "x: #",
            "#x",
            "x: a\\",
            "x: |\\",
            "x: >\u{7f}",
            "x: a\u{1}b",
            "echo hi",
            "# not a comment in a block",
            "mkdir -p /opt && cd /opt",
            "x:",
            ":",
            "a:b: c",
            "k: v:",
            "k: [",
        ])
    }

    fn end() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "\n",
            "\n",
            "\n",
            "\n",
            "\n",
            "\n",
            "\n",
            "\n",
            "\n\n",
            "  \n",
            " \n      \n",
            "\r\n",
            "\r",
            "",
            "\t\n",
        ])
    }

    fn line() -> impl Strategy<Value = String> {
        (indent(), body(), end()).prop_map(|(indent, body, end)| format!("{indent}{body}{end}"))
    }

    /// Builds block YAML from a list of choices: mappings and sequences nested at random
    /// widths (indentless sequences too), every scalar style, block scalars with every header
    /// and content lines of every indentation, comments and blank lines; now and then a line
    /// of [`body`]'s noise at a random indentation.
    struct Tree<'c> {
        choices: &'c [u32],
        next: usize,
        out: String,
    }

    impl Tree<'_> {
        /// The next choice among `n`; 0 once the choices run out (0 ends every branch).
        fn pick(&mut self, n: u32) -> u32 {
            let choice = self.choices.get(self.next).copied().unwrap_or(0);
            self.next += 1;
            choice % n
        }

        fn one(&mut self, of: &[&str]) {
            let at = self.pick(of.len() as u32) as usize;
            self.out.push_str(of[at]);
        }

        fn pad(&mut self, indent: usize) {
            self.out.extend(std::iter::repeat_n(' ', indent));
        }

        fn width(&mut self) -> usize {
            [2, 2, 2, 4, 1, 3][self.pick(6) as usize]
        }

        /// Blank lines, comment lines and noise before a line.
        fn between(&mut self, indent: usize) {
            while self.next < self.choices.len() {
                match self.pick(24) {
                    0 => self.one(&["\n", "  \n", "    \n", "        \n"]),
                    1 => {
                        let at = self.pick(8) as usize;
                        self.pad(if at < 4 { indent } else { at });
                        self.one(&["# c\n", "#\n", "# a: b\n", "#- x\n"]);
                    }
                    2 if self.pick(4) == 0 => {
                        let at = self.pick(8) as usize;
                        self.pad(at);
                        self.one(NOISE);
                        self.out.push('\n');
                    }
                    _ => return,
                }
            }
        }

        fn trailing(&mut self) {
            match self.pick(6) {
                0 => self.out.push_str(" # c"),
                1 => self.out.push_str("   "),
                2 => self.out.push_str("  #x: y"),
                _ => {}
            }
        }

        fn scalar(&mut self) {
            self.one(&[
                "value",
                "1",
                "yum install -y docker-ce-{{ version }} && systemctl enable docker",
                "http://example.com:80/a#b",
                "-y",
                "a b  c",
                "中文 🎉",
                "~",
                "x:y",
                "a,b[c]{d}",
                "'it''s'",
                "''",
                "'a # b: c'",
                "\"\"",
                "\"a\\nb \\\" \\t\"",
                "\"{{ bucket }}\"",
                "\"\\u00e9\\x41\"",
                "\"q: #\"",
                "\"'\"",
                "'\"'",
            ]);
        }

        fn key(&mut self) {
            self.one(&[
                "Name", "Action", "a", "k k", "\"q\"", "'s'", "x-y", "名前", "-k", "k ",
            ]);
        }

        fn block_scalar(&mut self, indent: usize) {
            self.one(&["|", ">"]);
            self.one(&["", "", "-", "+", "1", "2", "1-", "+2", "-4"]);
            self.trailing();
            self.out.push('\n');
            let width = self.width();
            for _ in 0..self.pick(5) {
                match self.pick(6) {
                    0 => self.one(&["\n", "  \n", "      \n"]),
                    1 => {
                        let more = self.pick(3) as usize;
                        self.pad(indent + width + more);
                        self.one(&["more", "# hash", "x: y", "- z", " lead"]);
                        self.out.push('\n');
                    }
                    _ => {
                        self.pad(indent + width);
                        self.one(&[
                            "echo hi",
                            "# not a comment",
                            "x: y",
                            "- z",
                            "trailing  ",
                            "a\tb",
                        ]);
                        self.out.push('\n');
                    }
                }
            }
        }

        /// The value after `key:` or `-`, the collection at `indent`.
        fn value(&mut self, indent: usize, depth: usize, item: bool) {
            match self.pick(if depth > 4 { 3 } else { 8 }) {
                0 => {
                    self.out.push(' ');
                    self.scalar();
                    self.trailing();
                    self.out.push('\n');
                }
                1 => {
                    self.out.push(' ');
                    self.block_scalar(indent);
                }
                2 => {
                    self.trailing();
                    self.out.push('\n');
                }
                3 | 4 => {
                    self.trailing();
                    self.out.push('\n');
                    let indent = indent + self.width();
                    self.mapping(indent, depth + 1);
                }
                5 if item => {
                    // A compact mapping.
                    let spaces = 1 + self.pick(3) as usize;
                    self.pad(spaces);
                    self.entry_rest(indent + 1 + spaces, depth + 1);
                    self.entries(indent + 1 + spaces, depth + 1);
                }
                _ => {
                    self.trailing();
                    self.out.push('\n');
                    let indent = match (item, self.pick(3)) {
                        (false, 0) => indent,
                        _ => indent + self.width(),
                    };
                    self.sequence(indent, depth + 1);
                }
            }
        }

        fn entry_rest(&mut self, indent: usize, depth: usize) {
            self.key();
            self.out.push(':');
            self.value(indent, depth, false);
        }

        fn entries(&mut self, indent: usize, depth: usize) {
            for _ in 0..self.pick(4) {
                self.between(indent);
                self.pad(indent);
                self.entry_rest(indent, depth);
            }
        }

        fn mapping(&mut self, indent: usize, depth: usize) {
            self.between(indent);
            self.pad(indent);
            self.entry_rest(indent, depth);
            self.entries(indent, depth);
        }

        fn sequence(&mut self, indent: usize, depth: usize) {
            for _ in 0..1 + self.pick(3) {
                self.between(indent);
                self.pad(indent);
                self.out.push('-');
                self.value(indent, depth, true);
            }
        }
    }

    /// Lines of the constructs next to plain block YAML, for [`Tree`] to put anywhere.
    const NOISE: &[&str] = &[
        "x: {a: 1}",
        "- [1]",
        "&a x: 1",
        "y: *a",
        "!t z: 1",
        "? k",
        "---",
        "...",
        "%YAML 1.2",
        "plain",
        "'q'",
        "x: 'unterminated",
        "k: a: b",
        "\tk: v",
        "k:\tv",
        "x: a\r",
        "k: |",
        "- - x",
        "x: \"\\q\"",
    ];

    fn tree() -> impl Strategy<Value = String> {
        prop::collection::vec(any::<u32>(), 0..160).prop_map(|choices| {
            let mut tree = Tree {
                choices: &choices,
                next: 0,
                out: String::new(),
            };
            let indent = [0, 0, 0, 2][tree.pick(4) as usize];
            match tree.pick(4) {
                0 => tree.sequence(indent, 1),
                _ => tree.mapping(indent, 1),
            }
            tree.between(0);
            if tree.pick(4) == 0 {
                tree.out.pop();
            }
            tree.out
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|cases| cases.parse().ok())
                .unwrap_or(20_000),
            ..ProptestConfig::default()
        })]

        /// Whatever this reader takes, the full parser reads to the same document.
        #[test]
        fn reads_what_it_takes_as_the_parser_does(lines in prop::collection::vec(line(), 0..14)) {
            agrees(&lines.concat());
        }

        /// The same for block YAML built as a tree, with noise.
        #[test]
        fn reads_what_it_takes_of_trees_as_the_parser_does(text in tree()) {
            agrees(&text);
        }
    }
}

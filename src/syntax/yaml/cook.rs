//! Re-reading a scalar's raw text into its cooked value, with the map from every cooked byte
//! back to the source. The result is checked against the parser's value by the caller.

use super::BlockLayout;
use crate::source::{MappedText, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quote {
    None,
    Single,
    Double,
}

impl Quote {
    /// The byte that starts an escape inside the quotes (`''` or `\`), if any.
    fn escape_byte(self) -> Option<u8> {
        match self {
            Quote::None => None,
            Quote::Single => Some(b'\''),
            Quote::Double => Some(b'\\'),
        }
    }
}

/// Where cooked text goes: a [`MappedText`] (the value with its map back to the source), or a
/// `String` (the value alone, which is all the plain reader needs).
pub(super) trait Cooked: Default {
    /// Appends `piece`, copied from the source at `origin`.
    fn push_from(&mut self, piece: &str, origin: usize);
    /// Appends `ch`, which stands for the `origin_len` source bytes at `origin` (an escape, a
    /// line break) as a whole.
    fn synth(&mut self, ch: char, origin: usize, origin_len: usize);
    /// The length of the text so far.
    fn len(&self) -> usize;
    /// Makes room for `additional` more bytes of text.
    fn reserve(&mut self, additional: usize);
}

impl Cooked for MappedText {
    fn push_from(&mut self, piece: &str, origin: usize) {
        MappedText::push_from(self, piece, origin);
    }

    fn synth(&mut self, ch: char, origin: usize, origin_len: usize) {
        self.map
            .push_atom(self.text.len(), ch.len_utf8(), origin, origin_len);
        self.text.push(ch);
    }

    fn len(&self) -> usize {
        self.text.len()
    }

    fn reserve(&mut self, additional: usize) {
        self.text.reserve(additional);
    }
}

impl Cooked for String {
    fn push_from(&mut self, piece: &str, _origin: usize) {
        self.push_str(piece);
    }

    fn synth(&mut self, ch: char, _origin: usize, _origin_len: usize) {
        self.push(ch);
    }

    fn len(&self) -> usize {
        String::len(self)
    }

    fn reserve(&mut self, additional: usize) {
        String::reserve(self, additional);
    }
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// The length of the line break at `pos` (0 when there is none).
fn break_len(bytes: &[u8], pos: usize) -> usize {
    match bytes.get(pos) {
        Some(b'\r') if bytes.get(pos + 1) == Some(&b'\n') => 2,
        Some(b'\r' | b'\n') => 1,
        _ => 0,
    }
}

/// The offset of the first line break (or the end) at or after `pos`, not beyond `limit`.
fn line_end(bytes: &[u8], pos: usize, limit: usize) -> usize {
    let limit = limit.min(bytes.len());
    match bytes.get(pos..limit) {
        Some(rest) => memchr::memchr2(b'\n', b'\r', rest).map_or(limit, |i| pos + i),
        None => pos.max(limit),
    }
}

fn line_start(bytes: &[u8], pos: usize) -> usize {
    let mut at = pos;
    while at > 0 && !is_break(bytes[at - 1]) {
        at -= 1;
    }
    at
}

/// The `|` or `>` of a block scalar: the first thing after `cursor` that is not blank, a line
/// break, an indicator (`:` `-` `?` `,`, the `.` of `...`), a property (`&anchor`, `!tag`) or a comment, and not
/// beyond `limit`.
pub(super) fn find_header(source: &str, cursor: usize, limit: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let limit = limit.min(bytes.len().saturating_sub(1));
    let mut at = cursor;
    let mut after_blank = true;
    while at <= limit {
        match bytes[at] {
            b'|' | b'>' => return Some(at),
            b' ' | b'\t' | b'\r' | b'\n' => {
                at += 1;
                after_blank = true;
                continue;
            }
            b'#' if after_blank => at = line_end(bytes, at, bytes.len()),
            b':' | b'-' | b'?' | b',' | b'.' => at += 1,
            b'&' | b'!' => {
                while at < bytes.len() && !matches!(bytes[at], b' ' | b'\t' | b'\r' | b'\n') {
                    at += 1;
                }
            }
            _ if source[at..].starts_with('\u{feff}') => at += '\u{feff}'.len_utf8(),
            _ => return None,
        }
        after_blank = false;
    }
    None
}

/// One source line of a flow scalar: content `start..end`, then a line break (or the end).
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn lines(bytes: &[u8], from: usize, to: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = from;
    loop {
        let end = line_end(bytes, start, to);
        lines.push(Line { start, end });
        if end >= to {
            return lines;
        }
        start = end + break_len(bytes, end).max(1);
    }
}

/// A piece of one line of a flow scalar.
#[derive(Debug, Clone, Copy)]
enum Piece {
    /// A character written as an escape sequence of `len` bytes at `start` (or `''`).
    Escape { ch: char, start: usize, len: usize },
    /// `\` at the end of a line: the line break is not folded.
    EscapedBreak,
}

fn hex(text: &str, at: usize, digits: usize) -> Option<u32> {
    let digits = text.get(at..at + digits)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// The character and length of the escape sequence at `at` (which holds the `\`).
fn escape(source: &str, at: usize, end: usize) -> Option<Piece> {
    let bytes = source.as_bytes();
    if at + 1 >= end {
        return Some(Piece::EscapedBreak);
    }
    let simple = |ch| {
        Some(Piece::Escape {
            ch,
            start: at,
            len: 2,
        })
    };
    match bytes[at + 1] {
        b'0' => simple('\0'),
        b'a' => simple('\u{7}'),
        b'b' => simple('\u{8}'),
        b't' | b'\t' => simple('\t'),
        b'n' => simple('\n'),
        b'v' => simple('\u{b}'),
        b'f' => simple('\u{c}'),
        b'r' => simple('\r'),
        b'e' => simple('\u{1b}'),
        b' ' => simple(' '),
        b'"' => simple('"'),
        b'/' => simple('/'),
        b'\\' => simple('\\'),
        b'N' => simple('\u{85}'),
        b'_' => simple('\u{a0}'),
        b'L' => simple('\u{2028}'),
        b'P' => simple('\u{2029}'),
        b'x' => {
            let ch = char::from_u32(hex(source, at + 2, 2)?)?;
            Some(Piece::Escape {
                ch,
                start: at,
                len: 4,
            })
        }
        b'U' => {
            let ch = char::from_u32(hex(source, at + 2, 8)?)?;
            Some(Piece::Escape {
                ch,
                start: at,
                len: 10,
            })
        }
        b'u' => {
            let code = hex(source, at + 2, 4)?;
            if (0xD800..0xDC00).contains(&code) {
                // A surrogate pair written as two escapes, as JSON does.
                if source.get(at + 6..at + 8) != Some("\\u") {
                    return None;
                }
                let low = hex(source, at + 8, 4)?;
                if !(0xDC00..0xE000).contains(&low) {
                    return None;
                }
                let ch = char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))?;
                return Some(Piece::Escape {
                    ch,
                    start: at,
                    len: 12,
                });
            }
            let ch = char::from_u32(code)?;
            Some(Piece::Escape {
                ch,
                start: at,
                len: 6,
            })
        }
        _ => None,
    }
}

/// Appends one line of a flow scalar; returns whether it ends in an escaped line break.
fn emit_line(
    out: &mut MappedText,
    source: &str,
    line: Line,
    first: bool,
    last: bool,
    quote: Quote,
) -> Option<bool> {
    let bytes = source.as_bytes();
    let mut at = line.start;
    if !first {
        while at < line.end && is_blank(bytes[at]) {
            at += 1;
        }
    }
    let special = quote.escape_byte();
    // Text is copied in runs up to the next `''` or escape (ASCII: a run never cuts a
    // character).
    let mut copy_from = at;
    while let Some(special) = special
        && let Some(i) = memchr::memchr(special, &bytes[at.min(line.end)..line.end])
    {
        let escape_at = at + i;
        let piece = match quote {
            Quote::Single
                if bytes.get(escape_at + 1) == Some(&b'\'') && escape_at + 1 < line.end =>
            {
                Piece::Escape {
                    ch: '\'',
                    start: escape_at,
                    len: 2,
                }
            }
            Quote::Single => return None,
            _ => escape(source, escape_at, line.end)?,
        };
        if copy_from < escape_at {
            out.push_from(&source[copy_from..escape_at], copy_from);
        }
        match piece {
            Piece::Escape { ch, start, len } => {
                out.synth(ch, start, len);
                at = start + len;
                copy_from = at;
            }
            // The blanks before it stay: the line break is not folded.
            Piece::EscapedBreak => return Some(true),
        }
    }
    // The rest of the line; a line folded into the next loses its trailing blanks.
    let mut end = line.end;
    if !last {
        while end > copy_from && is_blank(bytes[end - 1]) {
            end -= 1;
        }
    }
    if copy_from < end {
        out.push_from(&source[copy_from..end], copy_from);
    }
    Some(false)
}

/// A line that only separates others: blank, or (in a plain scalar, which the parser lets a
/// comment line interrupt) a comment.
fn is_empty_line(line: &[u8], quote: Quote) -> bool {
    match line.iter().position(|&b| !is_blank(b)) {
        None => true,
        Some(first) => quote == Quote::None && line[first] == b'#',
    }
}

/// A plain or quoted scalar: line folding (a single line break becomes a space mapped to the
/// break; `n` breaks become `n - 1` line feeds mapped to the breaks of the empty lines),
/// escapes, `''`.
pub(super) fn flow(source: &str, raw: Span, quote: Quote) -> Option<MappedText> {
    let bytes = source.as_bytes();
    source.get(raw.range())?;
    let (from, to) = match quote {
        Quote::None => (raw.start, raw.end),
        Quote::Single | Quote::Double => {
            let mark = if quote == Quote::Single { b'\'' } else { b'"' };
            if raw.len() < 2 || bytes[raw.start] != mark || bytes[raw.end - 1] != mark {
                return None;
            }
            (raw.start + 1, raw.end - 1)
        }
    };
    // Most flow scalars are one line without an escape: the value is the text between the
    // quotes, one stretch of the map (what [`by_lines`] comes to, made at once).
    let inside = &bytes[from..to];
    let one_stretch = memchr::memchr2(b'\n', b'\r', inside).is_none()
        && quote
            .escape_byte()
            .is_none_or(|special| memchr::memchr(special, inside).is_none());
    if one_stretch {
        let mut out = MappedText::default();
        if from < to {
            out.push_from(&source[from..to], from);
        }
        return Some(out);
    }
    by_lines(source, from, to, quote)
}

/// The flow scalar's text between `from` and `to` (inside its quotes), folded and unescaped
/// line by line, piece by piece.
fn by_lines(source: &str, from: usize, to: usize, quote: Quote) -> Option<MappedText> {
    let bytes = source.as_bytes();
    let lines = lines(bytes, from, to);
    let last = lines.len() - 1;
    let mut out = MappedText::default();
    let mut escaped_break = emit_line(&mut out, source, lines[0], true, last == 0, quote)?;
    let mut i = 0;
    while i < last {
        let mut j = i + 1;
        while j < last && is_empty_line(&bytes[lines[j].start..lines[j].end], quote) {
            j += 1;
        }
        if !escaped_break && j == i + 1 {
            out.synth(' ', lines[i].end, break_len(bytes, lines[i].end));
        }
        for empty in &lines[i + 1..j] {
            out.synth('\n', empty.end, break_len(bytes, empty.end));
        }
        escaped_break = emit_line(&mut out, source, lines[j], false, j == last, quote)?;
        i = j;
    }
    if escaped_break {
        return None;
    }
    Some(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chomping {
    Strip,
    Clip,
    Keep,
}

/// A literal or folded block scalar, read the way the parser reads it.
pub(super) fn block<Out: Cooked>(
    source: &str,
    layout: BlockLayout,
    folded: bool,
    value: &str,
) -> Option<Out> {
    let bytes = source.as_bytes();
    let len = bytes.len();
    let header = layout.header;
    let mut chomping = Chomping::Clip;
    for &b in bytes.get(header + 1..(header + 3).min(len))? {
        match b {
            b'+' => chomping = Chomping::Keep,
            b'-' => chomping = Chomping::Strip,
            b'1'..=b'9' => {}
            _ => break,
        }
    }
    let header_end = line_end(bytes, header, len);
    let mut pos = header_end + break_len(bytes, header_end);
    let mut out = Out::default();

    let Some(content) = layout.content else {
        // A blank value: only line feeds, one for each empty line kept by `+`.
        if !value.bytes().all(|b| b == b'\n') {
            return None;
        }
        let mut at = pos;
        while out.len() < value.len() {
            let end = line_end(bytes, at, len);
            if end >= len {
                // A blank last line without a line break: the parser adds one, which has
                // no source byte: it maps to the end.
                out.synth('\n', len, 0);
                continue;
            }
            out.synth('\n', end, break_len(bytes, end));
            at = end + break_len(bytes, end);
        }
        return Some(out);
    };
    if content < pos {
        return None;
    }
    let indent = content - line_start(bytes, content);
    let end = layout.end.min(len);
    // The value is at most the content's bytes and a line feed: one allocation.
    out.reserve(end.saturating_sub(content) + 1);

    // Skips up to `indent` spaces and the empty lines after them; the breaks go to `breaks`.
    let skip_indent = |pos: &mut usize, breaks: &mut Vec<usize>| {
        loop {
            let line = *pos;
            while *pos < len && *pos < line + indent && bytes[*pos] == b' ' {
                *pos += 1;
            }
            if *pos < len && is_break(bytes[*pos]) {
                breaks.push(*pos);
                *pos += break_len(bytes, *pos);
            } else {
                break;
            }
        }
    };
    let newline = |out: &mut Out, at: usize| out.synth('\n', at, break_len(bytes, at));

    let mut trailing = Vec::new();
    skip_indent(&mut pos, &mut trailing);
    if pos != content {
        return None;
    }
    let mut leading_break: Option<usize> = None;
    let mut leading_blank = false;
    loop {
        let trailing_blank = pos < len && is_blank(bytes[pos]);
        match leading_break {
            Some(at) if folded && !leading_blank && !trailing_blank => {
                if trailing.is_empty() {
                    out.synth(' ', at, break_len(bytes, at));
                }
                for &at in &trailing {
                    newline(&mut out, at);
                }
            }
            _ => {
                if let Some(at) = leading_break {
                    newline(&mut out, at);
                }
                for &at in &trailing {
                    newline(&mut out, at);
                }
            }
        }
        leading_break = None;
        trailing.clear();
        leading_blank = trailing_blank;

        let line_end = line_end(bytes, pos, len);
        out.push_from(&source[pos..line_end], pos);
        pos = line_end;
        if pos >= len {
            break;
        }
        leading_break = Some(pos);
        pos += break_len(bytes, pos);
        skip_indent(&mut pos, &mut trailing);
        if pos >= len || pos >= end || pos - line_start(bytes, pos) != indent {
            break;
        }
        if indent == 0 && (source[pos..].starts_with("---") || source[pos..].starts_with("...")) {
            let after = bytes.get(pos + 3).copied();
            if after.is_none_or(|b| is_blank(b) || is_break(b)) {
                break;
            }
        }
    }
    if chomping != Chomping::Strip {
        match leading_break {
            Some(at) => newline(&mut out, at),
            // The last line ends the input without a line break: the parser adds one, which
            // has no source byte: it maps to the end.
            None => out.synth('\n', len, 0),
        }
    }
    if chomping == Chomping::Keep {
        for &at in &trailing {
            newline(&mut out, at);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A flow scalar of one line without an escape is mapped at once as reading it line by
        /// line would map it.
        #[test]
        fn one_stretch_is_what_reading_by_lines_makes(
            inside in "[a-z é中\t:#{}\\[\\]\"'\\\\-]{0,24}",
            quote in prop::sample::select(vec![Quote::None, Quote::Single, Quote::Double]),
        ) {
            let (open, close) = match quote {
                Quote::None => ("", ""),
                Quote::Single => ("'", "'"),
                Quote::Double => ("\"", "\""),
            };
            let source = format!("k: {open}{inside}{close}\n");
            let raw = Span::new(3, source.len() - 1);
            let from = raw.start + open.len();
            let to = raw.end - close.len();
            if let Some(at_once) = flow(&source, raw, quote) {
                let by_lines = by_lines(&source, from, to, quote);
                prop_assert_eq!(Some(at_once), by_lines);
            }
        }
    }
}

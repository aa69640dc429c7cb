//! Source text and byte spans.
//!
//! Every finding carries a byte [`Span`] into the text of the file the user edits. Conversion to
//! 1-based line and column (columns count Unicode scalar values) happens here and nowhere else.
//! Text derived from another text — an argument joined from continuation lines, content embedded
//! in a manifest — carries an [`OffsetMap`] back to the bytes it came from.

use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::OnceLock;

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// A half-open byte range `start..end`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `offset`.
    pub const fn at(offset: usize) -> Self {
        Span::new(offset, offset)
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// This span moved `by` bytes to the right.
    pub const fn shift(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Self {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Bytes between two entries of [`SourceFile`]'s character count index.
const CHECKPOINT: usize = 4096;

/// One input file: its display name, its text, and (made on first use: most files of a run
/// have no finding) an index of line starts and of character counts (so a column costs the same
/// on a line of 1 MiB as on a short one).
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    /// Empty once only positions are kept.
    text: String,
    index: OnceLock<Index>,
    /// After [`SourceFile::keep_positions_only`]: the positions kept, by offset.
    kept: Option<Box<[(usize, Position)]>>,
}

#[derive(Debug, Clone)]
struct Index {
    line_starts: Vec<usize>,
    /// Entry `i`: how many characters start before byte `i * CHECKPOINT`.
    checkpoints: Vec<usize>,
}

impl Index {
    fn of(text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        let checkpoints = std::iter::once(0)
            .chain(text.as_bytes().chunks(CHECKPOINT).scan(0, |count, chunk| {
                *count += chars_starting_in(chunk);
                Some(*count)
            }))
            .collect();
        Index {
            line_starts,
            checkpoints,
        }
    }
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
            index: OnceLock::new(),
            kept: None,
        }
    }

    /// Drops the text and its index, keeping only the positions of `offsets` (the places its
    /// findings, and the findings the checks across files may make, point at): a report that
    /// shows no source lines needs no more, and a run's memory then stays small. Asking the
    /// position of another offset afterwards is a bug: line 1, column 1 (debug builds panic).
    pub fn keep_positions_only(&mut self, offsets: impl IntoIterator<Item = usize>) {
        if self.kept.is_some() {
            return;
        }
        let mut offsets: Vec<usize> = offsets.into_iter().collect();
        offsets.sort_unstable();
        offsets.dedup();
        let kept: Vec<(usize, Position)> = if self.text.len() <= ONE_PASS_BYTES {
            positions_in_one_pass(&self.text, &offsets)
        } else {
            offsets.iter().map(|&o| (o, self.position(o))).collect()
        };
        self.kept = Some(kept.into_boxed_slice());
        self.text = String::new();
        self.index = OnceLock::new();
    }

    /// A file whose text is gone, with the positions [`SourceFile::keep_positions_only`] kept.
    pub fn with_positions(name: impl Into<String>, mut kept: Vec<(usize, Position)>) -> Self {
        kept.sort_unstable_by_key(|&(offset, _)| offset);
        SourceFile {
            name: name.into(),
            text: String::new(),
            index: OnceLock::new(),
            kept: Some(kept.into_boxed_slice()),
        }
    }

    /// The positions kept by [`SourceFile::keep_positions_only`], if the text is gone.
    pub fn kept_positions(&self) -> Option<&[(usize, Position)]> {
        self.kept.as_deref()
    }

    /// Whether the text is still held (see [`SourceFile::keep_positions_only`]).
    pub fn has_text(&self) -> bool {
        self.kept.is_none()
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::of(&self.text))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The position of byte `offset` (clamped to the text and moved back to a character boundary).
    /// A byte-order mark takes no column: editors do not show it.
    pub fn position(&self, offset: usize) -> Position {
        if let Some(kept) = &self.kept {
            return match kept.binary_search_by_key(&offset, |&(o, _)| o) {
                Ok(i) => kept[i].1,
                Err(_) => {
                    debug_assert!(
                        false,
                        "no position kept for offset {offset} of {}",
                        self.name
                    );
                    Position { line: 1, column: 1 }
                }
            };
        }
        let offset = self.floor_char_boundary(offset);
        let line_index = self.line_index(offset);
        let line_start = match line_index {
            0 if self.text.starts_with(BOM) => BOM.len().min(offset),
            _ => self.index().line_starts[line_index],
        };
        Position {
            line: line_index + 1,
            column: if offset - line_start <= CHECKPOINT {
                chars_starting_in(&self.text.as_bytes()[line_start..offset])
            } else {
                self.chars_before(offset) - self.chars_before(line_start)
            } + 1,
        }
    }

    /// How many characters start before byte `offset`: counted from the nearest checkpoint, so
    /// that many findings on one long line do not each count the line from its start.
    fn chars_before(&self, offset: usize) -> usize {
        let checkpoint = offset / CHECKPOINT;
        self.index().checkpoints[checkpoint]
            + chars_starting_in(&self.text.as_bytes()[checkpoint * CHECKPOINT..offset])
    }

    /// The 0-based index of the line holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.index()
            .line_starts
            .partition_point(|&start| start <= offset)
            - 1
    }

    /// How many lines the text has (a final line break starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.index().line_starts.len()
    }

    /// Line `index` (0-based, clamped to the last line), without its line break.
    pub fn line_span(&self, index: usize) -> Span {
        let line_starts = &self.index().line_starts;
        let index = index.min(line_starts.len() - 1);
        let start = line_starts[index];
        let end = line_starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        Span::new(start, end)
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        floor_char_boundary(&self.text, offset)
    }
}

/// Texts up to this size get the positions of their findings in one pass, without an index
/// (most files have a few findings, or none).
const ONE_PASS_BYTES: usize = 64 * 1024;

/// The positions of `offsets` (sorted, without duplicates) in `text`, in one pass up to the last
/// of them. Agrees with [`SourceFile::position`].
fn positions_in_one_pass(text: &str, offsets: &[usize]) -> Vec<(usize, Position)> {
    let mut found = Vec::with_capacity(offsets.len());
    let mut line = 1;
    let mut line_start = None;
    let mut scanned = 0;
    // The last position found, to count the next one's column from it on the same line.
    let mut last: Option<(usize, usize)> = None;
    for &requested in offsets {
        let offset = floor_char_boundary(text, requested);
        let between = &text.as_bytes()[scanned.min(offset)..offset];
        if let Some(i) = memchr::memrchr(b'\n', between) {
            line += memchr::memchr_iter(b'\n', between).count();
            line_start = Some(scanned + i + 1);
            last = None;
        }
        scanned = scanned.max(offset);
        let start = match line_start {
            Some(start) => start.min(offset),
            None if text.starts_with(BOM) => BOM.len().min(offset),
            None => 0,
        };
        let column = match last {
            Some((from, column)) if from >= start && from <= offset => {
                column + text[from..offset].chars().count()
            }
            _ => text[start..offset].chars().count() + 1,
        };
        last = Some((offset, column));
        found.push((requested, Position { line, column }));
    }
    found
}

/// `offset`, at most the length of `text`, moved back to the start of the character it falls in.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The position of byte `offset` of `text`, counted from its start without an index: for a few
/// offsets near the start of a text (a manifest's `Name`). Agrees with [`SourceFile::position`].
pub fn position_in(text: &str, offset: usize) -> Position {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line_start = match before.rfind('\n') {
        Some(newline) => newline + 1,
        None if text.starts_with(BOM) => BOM.len().min(offset),
        None => 0,
    };
    Position {
        line: before.matches('\n').count() + 1,
        column: text[line_start..offset].chars().count() + 1,
    }
}

/// How many characters start in `bytes` (a slice of UTF-8 that may cut characters): the bytes
/// that are not continuation bytes (`0b10xx_xxxx`).
fn chars_starting_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// One stretch of a derived text: copied unchanged from its origin (`len == origin_len`), or a
/// character that stands for an origin sequence of another length (an escape such as `\u00e9`,
/// a CRLF folded into a space), which maps as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    derived: usize,
    origin: usize,
    len: usize,
    origin_len: usize,
}

impl Segment {
    /// The origin offset of `delta` bytes into this stretch, as the start or the end of a span.
    fn origin_at(&self, delta: usize, as_end: bool) -> usize {
        if self.len == self.origin_len {
            self.origin + delta.min(self.len)
        } else if delta >= self.len || (as_end && delta > 0) {
            self.origin + self.origin_len
        } else {
            self.origin
        }
    }
}

/// Maps byte offsets in a derived text back to byte offsets in the text it was made from.
///
/// The derived text is a sequence of stretches of the origin; bytes that were dropped between
/// them (a `\` and a line break) belong to no stretch. An offset maps into the stretch that
/// holds it; an end offset maps to the end of the stretch it closes, so a span never swallows the
/// dropped bytes after it. A span that covers part of an escape covers all of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segments: Vec<Segment>,
}

impl OffsetMap {
    /// The map of a text onto itself shifted by `origin`.
    pub fn shifted(origin: usize, len: usize) -> Self {
        let mut map = OffsetMap::default();
        map.push(0, origin, len);
        map
    }

    /// Records that derived bytes `derived..derived + len` are origin bytes `origin..origin + len`.
    /// Stretches must be pushed in increasing order of `derived`.
    pub fn push(&mut self, derived: usize, origin: usize, len: usize) {
        if let Some(last) = self.segments.last_mut()
            && last.len == last.origin_len
            && last.derived + last.len == derived
            && last.origin + last.len == origin
        {
            last.len += len;
            last.origin_len += len;
            return;
        }
        self.segments.push(Segment {
            derived,
            origin,
            len,
            origin_len: len,
        });
    }

    /// Records that derived bytes `derived..derived + len` stand for origin bytes
    /// `origin..origin + origin_len` as a whole (an escape sequence).
    pub fn push_atom(&mut self, derived: usize, len: usize, origin: usize, origin_len: usize) {
        if len == origin_len {
            self.push(derived, origin, len);
        } else {
            self.segments.push(Segment {
                derived,
                origin,
                len,
                origin_len,
            });
        }
    }

    /// Whether no stretch is recorded (every offset then maps to itself).
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The origin offset of derived offset `offset` taken as the start of a span.
    pub fn start(&self, offset: usize) -> usize {
        let index = self.segments.partition_point(|s| s.derived <= offset);
        match index.checked_sub(1).map(|i| self.segments[i]) {
            Some(s) if offset < s.derived + s.len || index == self.segments.len() => {
                s.origin_at(offset - s.derived, false)
            }
            Some(_) => self.segments[index].origin,
            None => self.segments.first().map_or(offset, |s| s.origin),
        }
    }

    /// The origin offset of derived offset `offset` taken as the end of a span.
    pub fn end(&self, offset: usize) -> usize {
        let index = self.segments.partition_point(|s| s.derived < offset);
        match index.checked_sub(1).map(|i| self.segments[i]) {
            Some(s) => s.origin_at(offset - s.derived, true),
            None => self.segments.first().map_or(offset, |s| s.origin),
        }
    }

    /// The origin span of a derived span.
    pub fn span(&self, span: Span) -> Span {
        let start = self.start(span.start);
        Span::new(start, self.end(span.end).max(start))
    }

    /// The origin offsets this map gives for any derived offset: from the lowest origin to the
    /// end of the highest stretch; `0..len` for an empty map of a text of `len` bytes (every
    /// offset maps to itself).
    pub fn origin_range(&self, len: usize) -> (usize, usize) {
        let lowest = self.segments.iter().map(|s| s.origin).min();
        let highest = self.segments.iter().map(|s| s.origin + s.origin_len).max();
        lowest.zip(highest).unwrap_or((0, len))
    }

    /// The part of this map that maps the derived offsets `low..=high`: it gives the same
    /// [`OffsetMap::start`] and [`OffsetMap::end`] as the whole map for every offset in that
    /// range. A text cut from a larger one (a shell text of inline content) keeps this part of
    /// the larger text's map, not a copy of all of it.
    pub fn restricted_to(&self, low: usize, high: usize) -> OffsetMap {
        // The stretch before `low` (an offset at `low` may map through it, or fall in the gap
        // after it), up to the first stretch after `high` (an offset in a gap maps to its start).
        let first = self
            .segments
            .partition_point(|s| s.derived < low)
            .saturating_sub(1);
        let last = self.segments.partition_point(|s| s.derived <= high);
        let last = (last + 1).min(self.segments.len());
        OffsetMap {
            segments: self.segments[first..last.max(first)].to_vec(),
        }
    }
}

/// A text built from pieces of another text, with the map back to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappedText {
    pub text: String,
    pub map: OffsetMap,
}

impl MappedText {
    /// Appends `other`, a derived text of the same origin.
    pub fn append(&mut self, other: MappedText) {
        let at = self.text.len();
        for segment in other.map.segments {
            self.map.push_atom(
                at + segment.derived,
                segment.len,
                segment.origin,
                segment.origin_len,
            );
        }
        self.text.push_str(&other.text);
    }

    /// Appends `piece`, which stands as a whole for the origin bytes `origin..origin + len` (a
    /// value computed elsewhere, an opaque word).
    pub fn push_standing_for(&mut self, piece: &str, origin: usize, len: usize) {
        self.map
            .push_atom(self.text.len(), piece.len(), origin, len);
        self.text.push_str(piece);
    }

    /// Appends `piece`, which is the origin text starting at byte `origin`.
    pub fn push_from(&mut self, piece: &str, origin: usize) {
        self.map.push(self.text.len(), origin, piece.len());
        self.text.push_str(piece);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restricted_map_maps_its_range_as_the_whole_map() {
        // Stretches with gaps between them (dropped continuations) and an atom (an escape).
        let mut whole = OffsetMap::default();
        whole.push(0, 10, 4);
        whole.push(4, 16, 3);
        whole.push_atom(7, 1, 19, 6);
        whole.push(8, 25, 5);
        whole.push(13, 32, 2);
        // A gap in the derived text too.
        whole.push(16, 40, 2);
        for low in 0..20 {
            for high in low..20 {
                let part = whole.restricted_to(low, high);
                for offset in low..=high {
                    assert_eq!(
                        part.start(offset),
                        whole.start(offset),
                        "{low}..={high} @{offset}"
                    );
                    assert_eq!(
                        part.end(offset),
                        whole.end(offset),
                        "{low}..={high} @{offset}"
                    );
                }
            }
        }
        assert_eq!(
            OffsetMap::default().restricted_to(0, 5),
            OffsetMap::default()
        );
        assert_eq!(whole.origin_range(99), (10, 42));
        assert_eq!(OffsetMap::default().origin_range(7), (0, 7));
    }

    #[test]
    fn position_in_agrees_with_the_index() {
        for text in ["", "ab\nçé x\n", "\u{feff}a\r\nb", "\u{feff}", "x\n\n中y"] {
            let file = SourceFile::new("f", text);
            for offset in 0..=text.len() + 1 {
                assert_eq!(
                    position_in(text, offset),
                    file.position(offset),
                    "{text:?} {offset}"
                );
            }
        }
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let file = SourceFile::new("f", "ab\nçé x\n");
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(3), Position { line: 2, column: 1 });
        assert_eq!(file.position(7), Position { line: 2, column: 3 });
        // Inside a multibyte character: the character's start.
        assert_eq!(file.position(4), Position { line: 2, column: 1 });
        assert_eq!(file.position(100), Position { line: 3, column: 1 });
    }

    #[test]
    fn a_byte_order_mark_takes_no_column() {
        let file = SourceFile::new("f", "\u{feff}RUN x\n");
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(3), Position { line: 1, column: 1 });
        assert_eq!(file.position(7), Position { line: 1, column: 5 });
    }

    #[test]
    fn columns_on_long_lines_count_characters() {
        // Lines longer than a checkpoint, with characters of every width straddling checkpoints.
        let line = "aé中😀".repeat(1500);
        let text = format!("x\n{line}\n{line}");
        let file = SourceFile::new("f", text.as_str());
        for (offset, _) in text.char_indices().step_by(7).chain([(text.len(), ' ')]) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = Position {
                line: text[..offset].matches('\n').count() + 1,
                column: text[line_start..offset].chars().count() + 1,
            };
            assert_eq!(file.position(offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn mapped_spans_skip_dropped_bytes() {
        // origin: "ab\\\ncd" ; derived "abcd"
        let mut text = MappedText::default();
        text.push_from("ab", 0);
        text.push_from("cd", 4);
        assert_eq!(text.text, "abcd");
        assert_eq!(text.map.span(Span::new(0, 2)), Span::new(0, 2));
        assert_eq!(text.map.span(Span::new(2, 4)), Span::new(4, 6));
        assert_eq!(text.map.span(Span::new(1, 3)), Span::new(1, 5));
        assert_eq!(text.map.span(Span::at(4)), Span::at(6));
    }

    #[test]
    fn an_escape_maps_as_a_whole() {
        // origin: `a\u00e9b`; derived: `aéb`.
        let mut map = OffsetMap::default();
        map.push(0, 0, 1);
        map.push_atom(1, 2, 1, 6);
        map.push(3, 7, 1);
        assert_eq!(
            map.span(Span::new(0, 3)),
            Span::new(0, 7),
            "a span ending after é ends after the escape"
        );
        assert_eq!(map.span(Span::new(1, 3)), Span::new(1, 7));
        assert_eq!(map.span(Span::new(3, 4)), Span::new(7, 8));
        assert_eq!(map.span(Span::new(0, 1)), Span::new(0, 1));
    }
}

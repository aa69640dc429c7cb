//! Positions as the Language Server Protocol counts them: a 0-based line, and a character offset
//! in the unit the client and the server agreed on (UTF-16 code units unless the client offers
//! UTF-8 or UTF-32 in `positionEncodings`).

use lsp_types::Position;

/// The unit of a position's `character`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The encoding to use among those a client offers (`None`: it offers none, so UTF-16):
    /// UTF-8 first (offsets are bytes already), then UTF-32, else UTF-16.
    pub fn negotiate(offered: Option<&[String]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        let has = |name: &str| offered.iter().any(|o| o == name);
        if has("utf-8") {
            Encoding::Utf8
        } else if has("utf-32") {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Utf32 => "utf-32",
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// The line starts of a text, to turn byte offsets into positions and back.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    encoding: Encoding,
}

impl LineIndex {
    pub fn new(text: &str, encoding: Encoding) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts, encoding }
    }

    /// The position of byte `offset` of `text` (clamped to it, moved back to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let character: usize = text[self.starts[line]..offset]
            .chars()
            .map(|c| self.encoding.width(c))
            .sum();
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// The byte offset of `position` in `text`: a character past the end of its line is the end
    /// of the line (line break excluded), a line past the end is the end of the text.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |&next| next - 1);
        let line = &text[start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0;
        for (at, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + at;
            }
            units += self.encoding.width(c);
        }
        start + line.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_the_agreed_unit() {
        let text = "a\nRUN echo 😀 é x\n";
        let x = text.find('x').unwrap();
        for (encoding, character) in [
            (Encoding::Utf16, 14),
            (Encoding::Utf8, 17),
            (Encoding::Utf32, 13),
        ] {
            let index = LineIndex::new(text, encoding);
            let position = index.position(text, x);
            assert_eq!(position, Position::new(1, character), "{encoding:?}");
            assert_eq!(index.offset(text, position), x);
        }
    }

    #[test]
    fn clamps_to_the_line_and_the_text() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(index.offset(text, Position::new(0, 9)), 2);
        assert_eq!(index.offset(text, Position::new(7, 0)), text.len());
        assert_eq!(
            Encoding::negotiate(Some(&["utf-32".into(), "utf-16".into()])),
            Encoding::Utf32
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}

//! The text of an HCL string as Terraform makes it (and of ROS's `Fn::Sub`), with a map back to the `.tf` file: a quoted
//! string's escapes (`\n`, `\"`, `\\`, `\uXXXX`, `\UXXXXXXXX`), a heredoc's lines (an indented
//! `<<-` heredoc loses the indentation its lines share), `$${` and `%%{`.
//!
//! What Terraform computes is unknown here: an interpolation `${...}` becomes a word of the same
//! length, `${___}`, that the content rules read as a variable (a value iclint cannot know, never
//! a fault); one that starts a line, and a directive `%{...}`, become blanks. The text keeps every
//! line of the file where it was, so a finding points at its line and column in the `.tf` file.
//!
//! The raw text was accepted by the HCL parser, so it is well formed; this only re-reads it with
//! positions, as `syntax::yaml`'s cook re-reads a YAML scalar.

use crate::source::MappedText;

/// How the string is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `"..."`: `raw` includes the quotes.
    Quoted,
    /// `<<EOF` or `<<-EOF` up to the closing marker.
    Heredoc,
}

/// The cooked text of `source[start..end]`, written in `form`; whether it holds an interpolation
/// or a directive.
pub fn cook(source: &str, start: usize, end: usize, form: Form) -> Option<(MappedText, bool)> {
    let raw = source.get(start..end)?;
    match form {
        Form::Quoted => {
            let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
            let mut cooker = Cooker::default();
            cooker.piece(inner, start + 1, true);
            Some(cooker.finish())
        }
        Form::Heredoc => heredoc(raw, start),
    }
}

/// `text` with each `${...}` (computed elsewhere: ROS's `Fn::Sub`; with `directives`, each
/// `%{...}` too: a string of Terraform's JSON syntax) made opaque, as many bytes as before, so a
/// map of `text` back to its file still holds.
pub fn opaque_substitutions(text: &str, directives: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let next = |rest: &str| {
        let interpolation = rest.find("${");
        let directive = directives.then(|| rest.find("%{")).flatten();
        match (interpolation, directive) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    };
    while let Some(at) = next(rest) {
        out.push_str(&rest[..at]);
        let len = template_len(&rest[at..]);
        out.push_str(&opaque(&rest[at..at + len], at_line_start(&out)));
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// Whether `text` ends at the start of a line, blanks aside.
fn at_line_start(text: &str) -> bool {
    let line = text.rfind('\n').map_or(text, |i| &text[i + 1..]);
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

/// What stands for the interpolation or directive `template`: blanks for a directive or at the
/// start of a line, else `${___}`; as many bytes as `template`.
fn opaque(template: &str, line_start: bool) -> String {
    if template.starts_with('%') || line_start {
        template
            .bytes()
            .map(|b| if b == b'\n' { '\n' } else { ' ' })
            .collect()
    } else {
        let mut word = String::from("${");
        word.extend(std::iter::repeat_n('_', template.len().saturating_sub(3)));
        word.push('}');
        word
    }
}

fn heredoc(raw: &str, start: usize) -> Option<(MappedText, bool)> {
    let header_end = raw.find('\n')?;
    let header = raw[..header_end].trim_end_matches('\r');
    let indented = header.starts_with("<<-");
    let body_start = header_end + 1;
    // The closing marker is the last line.
    let body_end = raw
        .rfind('\n')
        .map_or(body_start, |i| i + 1)
        .max(body_start);
    let body = &raw[body_start..body_end];
    let strip = if indented {
        body.split_inclusive('\n')
            .map(|line| line.trim_end_matches(['\n', '\r']))
            .filter(|line| !line.is_empty())
            .map(|line| line.chars().take_while(|c| c.is_whitespace()).count())
            .min()
            .unwrap_or(0)
    } else {
        0
    };
    let mut cooker = Cooker::default();
    let mut offset = start + body_start;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let cut = if content.is_empty() {
            0
        } else {
            content
                .char_indices()
                .nth(strip)
                .map_or(content.len(), |(i, _)| i)
        };
        cooker.piece(&line[cut..], offset + cut, false);
        offset += line.len();
    }
    Some(cooker.finish())
}

#[derive(Default)]
struct Cooker {
    text: MappedText,
    /// Whether an interpolation or a directive was met.
    templated: bool,
}

impl Cooker {
    fn finish(self) -> (MappedText, bool) {
        (self.text, self.templated)
    }

    /// Appends `derived` for the origin bytes `origin..origin + origin_len`.
    fn atom(&mut self, derived: &str, origin: usize, origin_len: usize) {
        let at = self.text.text.len();
        self.text
            .map
            .push_atom(at, derived.len(), origin, origin_len);
        self.text.text.push_str(derived);
    }

    /// Cooks `piece` (origin bytes from `origin`), with backslash escapes when `escapes`.
    fn piece(&mut self, piece: &str, origin: usize, escapes: bool) {
        let bytes = piece.as_bytes();
        let mut i = 0;
        let mut copied = 0;
        while i < bytes.len() {
            // Every sequence starts with an ASCII byte, which is a character boundary.
            if !matches!(bytes[i], b'\\' | b'$' | b'%') {
                i += 1;
                continue;
            }
            let rest = &piece[i..];
            let special = (escapes && bytes[i] == b'\\')
                || rest.starts_with("${")
                || rest.starts_with("%{")
                || rest.starts_with("$${")
                || rest.starts_with("%%{");
            if !special {
                i += 1;
                continue;
            }
            self.text.push_from(&piece[copied..i], origin + copied);
            let used = if rest.starts_with("$${") || rest.starts_with("%%{") {
                self.atom(&rest[1..3], origin + i, 3);
                3
            } else if rest.starts_with("${") || rest.starts_with("%{") {
                self.templated = true;
                let len = template_len(rest);
                let word = opaque(&rest[..len], at_line_start(&self.text.text));
                // As long as what it stands for: a plain copy in the map.
                self.text.push_from(&word, origin + i);
                len
            } else {
                let (cooked, len) = escape(rest);
                match cooked {
                    Some(c) => self.atom(c.encode_utf8(&mut [0; 4]), origin + i, len),
                    // Not an escape HCL knows (the parser would have refused it): kept as written.
                    None => self.text.push_from(&rest[..len], origin + i),
                }
                len
            };
            i += used;
            copied = i;
        }
        self.text.push_from(&piece[copied..], origin + copied);
    }
}

/// The character an escape at the start of `rest` (which starts with `\`) stands for, and the
/// escape's length.
fn escape(rest: &str) -> (Option<char>, usize) {
    let Some(kind) = rest[1..].chars().next() else {
        return (None, 1);
    };
    let simple = match kind {
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        '"' => Some('"'),
        '\\' => Some('\\'),
        _ => None,
    };
    if simple.is_some() {
        return (simple, 2);
    }
    let digits = match kind {
        'u' => 4,
        'U' => 8,
        _ => return (None, 1 + kind.len_utf8()),
    };
    let hex = rest.get(2..2 + digits);
    match hex
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .and_then(char::from_u32)
    {
        Some(c) => (Some(c), 2 + digits),
        None => (None, 2),
    }
}

/// The length of the interpolation or directive at the start of `rest` (`${` or `%{`), up to
/// its closing `}`: braces nest, and quoted strings inside are skipped. Unclosed: all of `rest`.
fn template_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut depth = 0usize;
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    rest.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn cooked(source: &str, form: Form) -> (String, bool) {
        let (text, templated) = cook(source, 0, source.len(), form).unwrap();
        (text.text, templated)
    }

    #[test]
    fn quoted_strings_lose_their_escapes() {
        assert_eq!(
            cooked(r#""RUN a\nRUN echo \"b\" \\ \u00e9""#, Form::Quoted),
            ("RUN a\nRUN echo \"b\" \\ é".to_string(), false)
        );
        assert_eq!(
            cooked(r#""a $${b} %%{c}""#, Form::Quoted),
            ("a ${b} %{c}".to_string(), false)
        );
    }

    #[test]
    fn interpolations_are_words_of_the_same_length() {
        assert_eq!(
            cooked(r#""RUN echo ${var.x} ${lookup(m, "}")}""#, Form::Quoted),
            ("RUN echo ${_____} ${______________}".to_string(), true)
        );
        assert_eq!(
            opaque_substitutions("a ${X}\n${Y} b", false),
            "a ${_}\n     b"
        );
        // At the start of a line, and directives: blanks.
        assert_eq!(
            cooked(
                "<<EOF\n${var.line}\n%{ if x }RUN a%{ endif }\nEOF",
                Form::Heredoc
            ),
            (
                format!(
                    "{}\n{}RUN a{}\n",
                    " ".repeat(11),
                    " ".repeat(9),
                    " ".repeat(10)
                ),
                true
            )
        );
    }

    #[test]
    fn indented_heredocs_lose_their_shared_indentation() {
        let source = "<<-EOT\n    RUN a\n\n      RUN b\n  EOT";
        let (text, _) = cook(source, 0, source.len(), Form::Heredoc).unwrap();
        assert_eq!(text.text, "RUN a\n\n  RUN b\n");
        // `RUN b` maps back to its place in the file.
        let at = text.text.find("RUN b").unwrap();
        let span = text.map.span(Span::new(at, at + 5));
        assert_eq!(&source[span.range()], "RUN b");
    }

    #[test]
    fn escapes_map_back_as_a_whole() {
        let source = r#""RUN a\nWORKDIR x""#;
        let (text, _) = cook(source, 0, source.len(), Form::Quoted).unwrap();
        let at = text.text.find("WORKDIR").unwrap();
        assert_eq!(text.map.span(Span::new(at, at + 9)), Span::new(8, 17));
        assert_eq!(text.map.span(Span::new(5, 6)), Span::new(6, 8));
    }
}

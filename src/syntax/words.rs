//! Splitting a command's argument into the pieces its keyword expects: words, `key="value"`
//! assignments, or a JSON exec form. Spans are byte offsets into the argument text.

use crate::source::Span;

/// Where `byte` is first written twice in a row in `bytes` (`{{`, `}}`). A search for one
/// byte: no searcher to build for the short texts it is run on.
pub fn find_twice(bytes: &[u8], byte: u8) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = memchr::memchr(byte, &bytes[from..]).map(|i| from + i) {
        if bytes.get(at + 1) == Some(&byte) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// A whitespace-separated word; a double- or single-quoted stretch may hold blanks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word as written, quotes included.
    pub raw: &'a str,
    pub span: Span,
    /// A quote opened in the word is not closed before the end of the argument.
    pub unterminated_quote: bool,
}

/// Splits `text` into words separated by blanks, keeping quoted stretches together.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut quote = None;
        while i < bytes.len() {
            match (quote, bytes[i]) {
                (None, b) if b.is_ascii_whitespace() => break,
                (None, b @ (b'"' | b'\'')) => quote = Some(b),
                (Some(b'"'), b'\\') => i += 1,
                (Some(q), b) if b == q => quote = None,
                _ => {}
            }
            i += 1;
        }
        let end = i.min(bytes.len());
        words.push(Word {
            raw: &text[start..end],
            span: Span::new(start, end),
            unterminated_quote: quote.is_some(),
        });
    }
    words
}

/// The value of an assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// The value as written, quotes included.
    pub span: Span,
    /// Written between double quotes.
    pub quoted: bool,
    /// A double quote was opened and never closed.
    pub unterminated: bool,
}

/// A `key=value` item of `ENV` or `LABEL`, or a word without `=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub key: Span,
    /// `None` for a word without `=`.
    pub value: Option<Value>,
}

impl Assignment {
    /// The whole item, key to end of value.
    pub fn span(&self) -> Span {
        self.value
            .as_ref()
            .map_or(self.key, |value| self.key.cover(value.span))
    }
}

/// The end of the word that starts at `i`: the next blank outside quotes (or the end of `bytes`),
/// and whether the word holds an `=` outside quotes.
fn word_end(bytes: &[u8], mut i: usize) -> (usize, bool) {
    let (mut open, mut equals) = (None, false);
    while i < bytes.len() && (open.is_some() || !bytes[i].is_ascii_whitespace()) {
        match (open, bytes[i]) {
            (None, q @ (b'"' | b'\'')) => open = Some(q),
            (None, b'=') => equals = true,
            (Some(b'"'), b'\\') => i += 1,
            (Some(q), b) if b == q => open = None,
            _ => {}
        }
        i += 1;
    }
    (i.min(bytes.len()), equals)
}

/// Splits `text` into `key=value` items separated by blanks. A value in double quotes may hold
/// blanks and `\"` escapes; a quoted stretch of a key is part of the key.
///
/// A value not in double quotes takes the words after it that hold no `=`: `A=hello world` is
/// one (malformed) item whose value is `hello world`, not an item and a word without `=`.
pub fn assignments(text: &str) -> Vec<Assignment> {
    let bytes = text.as_bytes();
    let mut items = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let key_start = i;
        let mut open = None;
        while i < bytes.len()
            && (open.is_some() || (!bytes[i].is_ascii_whitespace() && bytes[i] != b'='))
        {
            match (open, bytes[i]) {
                (None, q @ (b'"' | b'\'')) => open = Some(q),
                (Some(b'"'), b'\\') => i += 1,
                (Some(q), b) if b == q => open = None,
                _ => {}
            }
            i += 1;
        }
        i = i.min(bytes.len());
        let key = Span::new(key_start, i);
        if i >= bytes.len() || bytes[i] != b'=' {
            items.push(Assignment { key, value: None });
            continue;
        }
        i += 1; // '='
        let value_start = i;
        let (quoted, mut unterminated) = (bytes.get(i) == Some(&b'"'), false);
        if quoted {
            i += 1;
            unterminated = true;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 1,
                    b'"' => {
                        unterminated = false;
                        i += 1;
                        break;
                    }
                    _ => {}
                }
                i += 1;
            }
            i = i.min(bytes.len());
        }
        // Anything glued after the value (or an unquoted value) runs to the next blank outside
        // quotes, as a word does: `A='x y'` is one (malformed) item, not two.
        let glued_start = i;
        i = word_end(bytes, i).0;
        let quoted = quoted && !unterminated && glued_start == i;
        if !quoted && !unterminated && i > value_start {
            // The words after an unquoted value that hold no `=` are the rest of that value.
            loop {
                let next = i + text[i..].len() - text[i..].trim_start().len();
                if next >= bytes.len() {
                    break;
                }
                let (end, equals) = word_end(bytes, next);
                if equals {
                    break;
                }
                i = end;
            }
        }
        items.push(Assignment {
            key,
            value: Some(Value {
                span: Span::new(value_start, i),
                quoted,
                unterminated,
            }),
        });
    }
    items
}

/// The placeholders of the documentation in `text`, outside quotes: `<` and a letter, then text
/// without `<`, `>` or a line break, then `>` (`<path>`, `<On-premises source file path>`).
pub fn placeholders(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    if memchr::memchr(b'<', bytes).is_none() {
        return found;
    }
    // From one quote or `<` to the next (a text is mostly neither).
    let mut i = 0;
    while let Some(at) = memchr::memchr3(b'"', b'\'', b'<', &bytes[i..]).map(|k| i + k) {
        i = at + 1;
        match bytes[at] {
            b'<' if bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) => {
                let end = memchr::memchr3(b'<', b'>', b'\n', &bytes[at + 1..])
                    .map(|k| at + 1 + k)
                    .filter(|&end| bytes[end] == b'>');
                if let Some(end) = end {
                    found.push(Span::new(at, end + 1));
                    i = end + 1;
                }
            }
            b'<' => {}
            quote => match quoted_end(bytes, at + 1, quote) {
                Some(end) => i = end + 1,
                // Quoted to the end.
                None => break,
            },
        }
    }
    found
}

/// Where the quote `quote` opened before `from` closes: a double-quoted stretch may escape a
/// character with `\`.
fn quoted_end(bytes: &[u8], mut from: usize, quote: u8) -> Option<usize> {
    loop {
        let rest = bytes.get(from..)?;
        let at = from
            + match quote {
                b'"' => memchr::memchr2(b'"', b'\\', rest)?,
                _ => memchr::memchr(quote, rest)?,
            };
        if bytes[at] == quote {
            return Some(at);
        }
        from = at + 2;
    }
}

/// Why an exec form is not a JSON array of strings, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecFormError {
    pub span: Span,
    pub message: String,
}

/// Reads an exec form: `text` must be a JSON array of strings with at least one element.
pub fn exec_form(text: &str) -> Result<Vec<String>, ExecFormError> {
    let whole = Span::new(0, text.len());
    match serde_json::from_str::<serde_json::Value>(text) {
        Err(error) => {
            let at = offset_of(text, error.line(), error.column());
            let reason = json_reason(&error);
            let span = if error.is_eof() {
                // serde_json points at the last character; what is missing comes after it.
                Span::at(text.len())
            } else if reason == "trailing characters" {
                Span::new(at, text.trim_end().len().max(at))
            } else {
                Span::new(at.min(text.len()), next_char_end(text, at))
            };
            let message = if text[span.start..].starts_with('\'') {
                "the exec form is not valid JSON: strings need double quotes, not single quotes"
                    .to_string()
            } else {
                format!("the exec form is not valid JSON: {reason}")
            };
            Err(ExecFormError { span, message })
        }
        Ok(serde_json::Value::Array(items)) if items.is_empty() => Err(ExecFormError {
            span: whole,
            message: "the exec form is an empty array: it names no program to run".into(),
        }),
        Ok(serde_json::Value::Array(items)) => {
            let spans = element_spans(text);
            items
                .into_iter()
                .enumerate()
                .map(|(index, item)| match item {
                    serde_json::Value::String(s) => Ok(s),
                    other => Err(ExecFormError {
                        span: spans.get(index).copied().unwrap_or(whole),
                        message: format!(
                            "the exec form holds {}, but every element must be a string",
                            describe(&other)
                        ),
                    }),
                })
                .collect()
        }
        Ok(other) => Err(ExecFormError {
            span: whole,
            message: format!(
                "the exec form must be a JSON array of strings, not {}",
                describe(&other)
            ),
        }),
    }
}

/// The spans of the elements of `text`, a valid JSON array, in order.
fn element_spans(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let Some(open) = text.find('[') else {
        return spans;
    };
    let mut i = open + 1;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b']' {
            return spans;
        }
        let start = i;
        let (mut depth, mut in_string) = (0usize, false);
        while i < bytes.len() {
            match (in_string, bytes[i]) {
                (true, b'\\') => i += 1,
                (true, b'"') => in_string = false,
                (true, _) => {}
                (false, b'"') => in_string = true,
                (false, b'[' | b'{') => depth += 1,
                (false, b']' | b'}') if depth == 0 => break,
                (false, b']' | b'}') => depth -= 1,
                (false, b',') if depth == 0 => break,
                (false, _) => {}
            }
            i += 1;
        }
        let end = start + text[start..i.min(text.len())].trim_end().len();
        spans.push(Span::new(start, end));
    }
}

fn describe(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "null".into(),
        serde_json::Value::Bool(b) => format!("the boolean {b}"),
        serde_json::Value::Number(n) => format!("the number {n}"),
        serde_json::Value::String(_) => "a string".into(),
        serde_json::Value::Array(_) => "an array".into(),
        serde_json::Value::Object(_) => "an object".into(),
    }
}

/// serde_json's message without its " at line L column C" suffix.
fn json_reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The byte offset of serde_json's 1-based line and column (column counted in bytes; column 0
/// means "at the line break before the line").
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut at = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn next_char_end(text: &str, at: usize) -> usize {
    text[at.min(text.len())..]
        .chars()
        .next()
        .map_or(text.len(), |c| at + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The placeholders of `text`, read one byte at a time.
    fn placeholders_byte_by_byte(text: &str) -> Vec<Span> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let (mut i, mut quote) = (0, None);
        while i < bytes.len() {
            match (quote, bytes[i]) {
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(b'"'), b'\\') => i += 1,
                (Some(q), b) if b == q => quote = None,
                (None, b'<') if bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                    let end = text[i + 1..]
                        .find(['<', '>', '\n'])
                        .map(|at| i + 1 + at)
                        .filter(|&at| bytes[at] == b'>');
                    if let Some(end) = end {
                        found.push(Span::new(i, end + 1));
                        i = end;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        found
    }

    proptest! {
        #[test]
        fn placeholders_are_found_as_byte_by_byte(text in "[a<> \"'\\\\\né]{0,30}") {
            prop_assert_eq!(placeholders(&text), placeholders_byte_by_byte(&text));
        }
    }

    #[test]
    fn words_keep_quotes_together() {
        let w = words(r#"  /src "/my dir" 'x y'"#);
        let raw: Vec<_> = w.iter().map(|w| w.raw).collect();
        assert_eq!(raw, vec!["/src", "\"/my dir\"", "'x y'"]);
        assert_eq!(w[0].span, Span::new(2, 6));
        assert!(words("\"open").first().unwrap().unterminated_quote);
    }

    #[test]
    fn assignments_with_quotes_and_escapes() {
        let text = r#"A="1 2" B="x\"y" D C=plain E="open"#;
        let items = assignments(text);
        assert_eq!(items.len(), 5);
        let v = |i: usize| items[i].value.clone().unwrap();
        assert!(v(0).quoted && &text[v(0).span.range()] == "\"1 2\"");
        assert!(v(1).quoted);
        assert_eq!(items[2].value, None);
        assert!(!v(3).quoted && &text[v(3).span.range()] == "plain");
        assert!(v(4).unterminated && !v(4).quoted);
    }

    #[test]
    fn exec_forms() {
        assert_eq!(exec_form(r#"["a", "b c"]"#).unwrap(), vec!["a", "b c"]);
        assert!(exec_form("[]").is_err());
        let error = exec_form(r#"["a", 1]"#).unwrap_err();
        assert!(error.message.contains("number 1"), "{}", error.message);
        let error = exec_form(r#"["a" "b"]"#).unwrap_err();
        assert_eq!(error.span, Span::new(5, 6));
        let error = exec_form("['a']").unwrap_err();
        assert_eq!(error.span, Span::new(1, 2));
        assert!(error.message.contains("double quotes"), "{}", error.message);
    }

    #[test]
    fn exec_form_errors_point_at_the_fault() {
        let text = r#"["a,]", {"b": [1]} , 2]"#;
        let error = exec_form(text).unwrap_err();
        assert_eq!(&text[error.span.range()], r#"{"b": [1]}"#);
        assert_eq!(element_spans(text).len(), 3);
        assert_eq!(&text[element_spans(text)[2].range()], "2");
        // Missing text is missing after the end; trailing text is all of it.
        assert_eq!(exec_form(r#"["a""#).unwrap_err().span, Span::at(4));
        let text = r#"["a"] b c"#;
        assert_eq!(&text[exec_form(text).unwrap_err().span.range()], "b c");
    }

    #[test]
    fn an_unquoted_value_takes_the_words_without_equals_after_it() {
        let text = "A=hello big world B=\"2\" C=\"3\" loose D= e";
        let items = assignments(text);
        let spans: Vec<_> = items
            .iter()
            .map(|item| &text[item.span().range()])
            .collect();
        assert_eq!(
            spans,
            [
                "A=hello big world",
                "B=\"2\"",
                "C=\"3\"",
                "loose",
                "D=",
                "e"
            ]
        );
        // A quoted stretch of a key stays in the key.
        let text = "a 'b c' d=\"1\"";
        let keys: Vec<_> = assignments(text)
            .iter()
            .map(|item| &text[item.key.range()])
            .collect();
        assert_eq!(keys, ["a", "'b c'", "d"]);
    }

    #[test]
    fn placeholders_outside_quotes() {
        let text = "<Network file address> /<path>/x \"<b>\" '<i>' < 3 <1> a<b<c>";
        let found: Vec<_> = placeholders(text)
            .into_iter()
            .map(|span| &text[span.range()])
            .collect();
        assert_eq!(found, ["<Network file address>", "<path>", "<c>"]);
    }

    #[test]
    fn a_single_quoted_value_is_one_item() {
        let text = "A='x y' B=\"1\"";
        let items = assignments(text);
        assert_eq!(items.len(), 2);
        let value = items[0].value.clone().unwrap();
        assert_eq!(&text[value.span.range()], "'x y'");
        assert!(!value.quoted && !value.unterminated);
    }
}

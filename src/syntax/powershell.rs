//! PowerShell text (`RunPowerShellCommand`'s `commandContent`), read as tokens: bare words,
//! variables, strings, `=` and the ends of statements. No Rust crate parses PowerShell, and the
//! rules need only these (a command name, a variable assigned a literal); comments and strings
//! are skipped correctly, which is what keeps a word inside them from being taken for a command.

use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A bare word: a command name, an argument, a parameter (`-Force`).
    Word,
    /// `$name`, `$env:NAME`, `${name}`.
    Variable,
    /// `'...'` or `"..."` (here-strings too), quotes included.
    String,
    /// `=`.
    Assign,
    /// A line break, `;`, `|`, `{`, `}`, `(`, `)`: where a statement or an argument list ends.
    End,
    /// Any other operator character.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

impl Token {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.span.range()).unwrap_or("")
    }
}

/// The tokens of `text`, comments left out. Never fails: an unterminated string or comment runs
/// to the end.
pub fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let kind = match bytes[i] {
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'`' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 2;
                continue;
            }
            b'<' if bytes.get(i + 1) == Some(&b'#') => {
                i = text[i + 2..]
                    .find("#>")
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
                continue;
            }
            b'#' => {
                i = text[i..].find('\n').map_or(bytes.len(), |e| i + e);
                continue;
            }
            b'@' if matches!(bytes.get(i + 1), Some(b'\'' | b'"'))
                && matches!(bytes.get(i + 2), Some(b'\n' | b'\r')) =>
            {
                let close = if bytes[i + 1] == b'\'' {
                    "\n'@"
                } else {
                    "\n\"@"
                };
                i = text[i + 2..]
                    .find(close)
                    .map_or(bytes.len(), |e| i + 2 + e + close.len());
                TokenKind::String
            }
            quote @ (b'\'' | b'"') => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == b'`' && quote == b'"' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == quote {
                        // A doubled quote is one quote character.
                        if bytes.get(i + 1) == Some(&quote) {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                TokenKind::String
            }
            b'$' => {
                i += 1;
                if bytes.get(i) == Some(&b'{') {
                    i = text[i..].find('}').map_or(bytes.len(), |e| i + e + 1);
                } else {
                    while i < bytes.len()
                        && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b':'))
                    {
                        i += 1;
                    }
                }
                TokenKind::Variable
            }
            b'=' => {
                i += 1;
                TokenKind::Assign
            }
            b'\n' | b';' | b'|' | b'{' | b'}' | b'(' | b')' => {
                i += 1;
                TokenKind::End
            }
            b if b.is_ascii_alphanumeric()
                || matches!(b, b'-' | b'_' | b'.' | b'/' | b'\\' | b':')
                || b >= 0x80 =>
            {
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t'
                            | b'\r'
                            | b'\n'
                            | b';'
                            | b'|'
                            | b'{'
                            | b'}'
                            | b'('
                            | b')'
                            | b'='
                            | b'\''
                            | b'"'
                            | b'$'
                            | b'#'
                            | b','
                    )
                {
                    i += 1;
                }
                TokenKind::Word
            }
            _ => {
                i += 1;
                while i < bytes.len() && !text.is_char_boundary(i) {
                    i += 1;
                }
                TokenKind::Other
            }
        };
        found.push(Token {
            kind,
            span: Span::new(start, i.min(bytes.len())),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokens(text)
            .iter()
            .map(|t| (t.kind, t.text(text)))
            .collect()
    }

    #[test]
    fn comments_and_strings_hide_words() {
        let text = "# Restart-Computer\n<# Restart-Computer #>Write-Host 'Restart-Computer'\n$pw = \"a`\"b\"";
        assert_eq!(
            kinds(text),
            [
                (TokenKind::End, "\n"),
                (TokenKind::Word, "Write-Host"),
                (TokenKind::String, "'Restart-Computer'"),
                (TokenKind::End, "\n"),
                (TokenKind::Variable, "$pw"),
                (TokenKind::Assign, "="),
                (TokenKind::String, "\"a`\"b\""),
            ]
        );
    }

    #[test]
    fn anything_tokenises() {
        for text in ["'", "\"`", "<#", "@'\n", "${", "$", "é$é", "`"] {
            for token in tokens(text) {
                assert!(token.span.end <= text.len());
                assert!(
                    text.is_char_boundary(token.span.start)
                        && text.is_char_boundary(token.span.end)
                );
            }
        }
    }
}

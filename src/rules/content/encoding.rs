use crate::catalog::BINARY_SNIFF_BYTES;
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::source::Span;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static NOT_TEXT: Rule = Rule {
    code: "ICL002",
    name: "not-text",
    severity: Severity::Error,
    origin: Origin::Linter,
    summary: "the file is not UTF-8 text",
    explanation: "Content is text, and the API takes it as a UTF-8 string. A file that is not valid UTF-8 \
(saved as GBK or Latin-1, say) or that holds NUL bytes near its start (a binary file) cannot be uploaded \
as it is, so iclint reports where the text goes wrong and checks nothing else in it. Re-save the file as \
UTF-8, or leave binaries to `COPY` and OSS downloads.",
    example: "\
# A file saved as Latin-1 rather than UTF-8: its byte 0xE9 is not UTF-8.
RUN echo caf\\xe9
",
    fix: "\
# The same file saved as UTF-8.
RUN echo café
",
};

/// A file that is not text: what a report can show of it (invalid bytes as U+FFFD), and the
/// finding, whose span is an offset into that text.
#[derive(Debug)]
pub struct NotText {
    pub text: String,
    pub finding: Diagnostic,
}

/// The file's text, or why it is not text.
pub fn decode(bytes: Vec<u8>) -> Result<String, Box<NotText>> {
    // A UTF-16 byte-order mark, and whole 16-bit units: the text is readable, in the wrong
    // encoding (its NUL bytes are not binary data).
    if let Some(endian) = match bytes.get(..2).filter(|_| bytes.len().is_multiple_of(2)) {
        Some([0xFF, 0xFE]) => Some("UTF-16LE"),
        Some([0xFE, 0xFF]) => Some("UTF-16BE"),
        _ => None,
    } {
        let finding = Diagnostic::new(
            &NOT_TEXT,
            Span::at(0),
            format!("the file is {endian} (it starts with a UTF-16 byte-order mark), not UTF-8"),
        )
        .with_label("UTF-16 byte-order mark")
        .with_help(format!(
            "save the file as UTF-8, e.g. `iconv -f {endian} -t UTF-8`; the service reads content as UTF-8"
        ));
        return Err(Box::new(NotText {
            text: String::new(),
            finding,
        }));
    }
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    if let Some(nul) = memchr::memchr(0, sniff) {
        let lossy = String::from_utf8_lossy(&bytes[..nul]).into_owned();
        let at = lossy.len();
        let finding = Diagnostic::new(
            &NOT_TEXT,
            Span::at(at),
            format!("binary file: NUL byte at byte offset {nul}"),
        )
        .with_label("binary data from here")
        .with_help("content must be UTF-8 text; deliver binaries with COPY or an OSS download");
        return Err(Box::new(NotText {
            text: lossy,
            finding,
        }));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let invalid_len = error.utf8_error().error_len();
            let bytes = error.into_bytes();
            let invalid_len = invalid_len.unwrap_or(bytes.len() - valid);
            let shown = bytes[valid..valid + invalid_len]
                .iter()
                .map(|b| format!("0x{b:02X}"))
                .collect::<Vec<_>>()
                .join(" ");
            let mut lossy = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let at = lossy.len();
            lossy.push_str(&String::from_utf8_lossy(&bytes[valid..]));
            let finding = Diagnostic::new(
                &NOT_TEXT,
                Span::new(at, at + '\u{fffd}'.len_utf8()),
                format!("the file is not valid UTF-8: byte {shown} at byte offset {valid}"),
            )
            .with_label("not UTF-8")
            .with_help("re-save the file as UTF-8, e.g. `iconv -f GBK -t UTF-8` with the file's real encoding");
            Err(Box::new(NotText {
                text: lossy,
                finding,
            }))
        }
    }
}

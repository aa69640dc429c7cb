//! The plain YAML reader against the full parser: whatever YAML text the plain reader takes, it
//! reads to the same document as the parser (with comments and without), and neither panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        assert_ne!(
            iclint::syntax::yaml::plain_reader_agrees(text),
            Some(false),
            "the plain reader and the parser differ on {text:?}"
        );
    }
});

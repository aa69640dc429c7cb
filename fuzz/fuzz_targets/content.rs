//! Raw content in either format (the Dockerfile format, mostly), with options from the first byte.
#![no_main]

use iclint::FileKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    iclint_fuzz::check("content", text, FileKind::Content, &iclint_fuzz::options(selector));
});

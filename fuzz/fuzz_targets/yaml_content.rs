//! YAML-format component content: the input follows `Tasks:`, so it is read as YAML.
#![no_main]

use iclint::{FileKind, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut text = b"Tasks:\n".to_vec();
    text.extend_from_slice(data);
    iclint_fuzz::check("content.yaml", &text, FileKind::Content, &Options::default());
});

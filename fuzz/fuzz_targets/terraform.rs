//! Terraform files: the native syntax, or (first byte odd) its JSON syntax, `*.tf.json`.
#![no_main]

use iclint::{FileKind, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let name = if selector & 1 == 0 { "main.tf" } else { "main.tf.json" };
    iclint_fuzz::check(name, text, FileKind::Terraform, &Options::default());
});

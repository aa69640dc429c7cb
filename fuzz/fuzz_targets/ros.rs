//! ROS templates, in YAML or JSON: raw content that the core tells to be a ROS template.
#![no_main]

use iclint::{FileKind, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    iclint_fuzz::check("stack.yaml", data, FileKind::Content, &Options::default());
});

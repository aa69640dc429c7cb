//! The configuration file: any text gives a configuration or findings on it, never a panic.
#![no_main]

use iclint::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Config::from_text(std::path::Path::new(".iclint.yaml"), text.to_string());
});

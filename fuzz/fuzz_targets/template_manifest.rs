//! Template manifests, in YAML or (first byte odd) held to strict JSON.
#![no_main]

use iclint::{FileKind, ManifestSyntax, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let syntax = if selector & 1 == 0 {
        ManifestSyntax::Yaml
    } else {
        ManifestSyntax::Json
    };
    let kind = FileKind::TemplateManifest(syntax);
    iclint_fuzz::check("x.template.yaml", text, kind, &Options::default());
});

//! The JSON Schemas in `grammar/` are generated from the catalogue by `iclint::schema`, so they
//! cannot drift from what the linter checks. These tests compare the committed files with what it
//! generates; `UPDATE_SCHEMAS=1 cargo test --test schemas` rewrites the files.

use iclint::catalog::request::{CHINESE_RANGES, URL_PREFIXES};
use iclint::schema::{generated, name_pattern};
use serde_json::Value;
use std::path::PathBuf;

const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn schemas_match_the_catalogue() {
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some_and(|v| !v.is_empty() && v != "0");
    let mut stale = Vec::new();
    for (path, schema) in generated() {
        let file = root().join(path);
        if update {
            let text = serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n";
            std::fs::write(&file, text).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
            continue;
        }
        let committed = std::fs::read_to_string(&file).unwrap_or_else(|e| {
            panic!("cannot read {path}: {e}; generate it with `UPDATE_SCHEMAS=1 cargo test --test schemas`")
        });
        let committed: Value = serde_json::from_str(&committed)
            .unwrap_or_else(|e| panic!("{path} is not valid JSON: {e}"));
        if committed != schema {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} differ from what src/catalog describes: regenerate with \
         `UPDATE_SCHEMAS=1 cargo test --test schemas` and review the diff"
    );
}

/// Every `$ref` target in `value`.
fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => found.push(target.clone()),
                    _ => refs(value, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
        _ => {}
    }
}

#[test]
fn committed_schemas_are_draft_07_with_an_id_and_resolve() {
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some_and(|v| !v.is_empty() && v != "0");
    for (path, generated) in generated() {
        // While the files are being rewritten (in parallel with this test), check what is written.
        let text = if update {
            serde_json::to_string_pretty(&generated).expect("a schema serialises")
        } else {
            std::fs::read_to_string(root().join(path))
                .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
        };
        let schema: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not valid JSON: {e}"));
        assert_eq!(schema["$schema"], DRAFT_07, "{path}: `$schema`");
        assert!(
            schema["$id"].as_str().is_some_and(|id| !id.is_empty()),
            "{path}: `$id` missing"
        );
        let mut found = Vec::new();
        refs(&schema, &mut found);
        for target in found {
            let pointer = target
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{path}: `$ref` {target} is not local"));
            assert!(
                schema.pointer(pointer).is_some(),
                "{path}: `$ref` {target} points nowhere"
            );
        }
    }
}

#[test]
fn the_name_pattern_agrees_with_the_catalogue() {
    // Without a regex engine in the dependencies, check the pieces the pattern is built from.
    let pattern = name_pattern();
    for range in CHINESE_RANGES {
        assert!(pattern.contains(&format!("\\u{:04x}", *range.start() as u32)));
    }
    assert!(pattern.ends_with(":_.-]*$"), "{pattern}");
    // Every URL prefix holds a character a name cannot hold, so the pattern alone rejects them.
    for prefix in URL_PREFIXES {
        assert!(!iclint::catalog::request::name_faults(prefix).is_empty());
    }
}

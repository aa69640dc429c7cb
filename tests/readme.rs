//! The README documents every code iclint can report.

#[test]
fn readme_lists_every_code() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let missing: Vec<_> = iclint::rules::REGISTRY
        .iter()
        .filter(|rule| !readme.contains(&format!("| `{}` | {} |", rule.code, rule.severity)))
        .map(|rule| rule.code)
        .collect();
    assert!(
        missing.is_empty(),
        "README.md has no row (with the right severity) for {missing:?}"
    );
}

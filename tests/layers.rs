//! The crate's layers (`docs/architecture.md`): a module may use the modules of the layers below
//! its own, never one of its own layer or above. This test reads every `crate::...` path in
//! `src/` (comments aside) and fails on each that runs up (or sideways) a layer, so the data keeps
//! flowing one way and no import circle can come back.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The crate's top-level modules, bottom layer first.
const LAYERS: &[&[&str]] = &[
    &["source", "rule", "suggest"],
    &["catalog", "diagnostic"],
    &["options"],
    &["syntax"],
    &["rules"],
    &["suppression"],
    &["lint", "schema", "fix"],
    &["report"],
    &["config"],
    &["input"],
    &["walk"],
    &["engine"],
    &["server"],
];

/// The rule families inside `rules/`, bottom layer first: shared codes and YAML helpers, then
/// content as a whole, the families of one kind of input, templates (Dockerfile format plus two
/// commands), and last the checks that read what the others found. `rules/mod.rs`, the registry,
/// stands above them all.
const RULE_LAYERS: &[&[&str]] = &[
    &["shared"],
    &["yaml_tree"],
    &["content"],
    &["component_manifest", "dockerfile", "shell", "yaml_content"],
    &["template"],
    &["cross_file", "suppression"],
];

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The module path of a file: `src/rules/cross_file.rs` -> `["rules", "cross_file"]`.
fn module_of(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src()).expect("a file under src");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every `crate::a::b` path of `text` outside comments, as `["a", "b"]` (the first two names;
/// `crate::{a, b}` groups give each of their names).
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                let inside = group.split('}').next().unwrap_or("");
                for item in inside.split(',') {
                    paths.push(names(item.trim()));
                }
            } else {
                paths.push(names(after));
            }
            rest = after;
        }
    }
    paths.retain(|p| !p.is_empty());
    paths
}

/// The first two names of a path (`rules::shared::X` -> `["rules", "shared"]`).
fn names(path: &str) -> Vec<String> {
    path.split("::")
        .take(2)
        .map(|n| {
            n.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .take_while(|n| !n.is_empty())
        .collect()
}

fn layer_of(layers: &[&[&str]], module: &str) -> Option<usize> {
    layers.iter().position(|layer| layer.contains(&module))
}

/// Why `from` (a module path) may not use `to` (a crate path), if it may not.
fn violation(from: &[String], to: &[String]) -> Option<String> {
    let (Some(from_top), Some(to_top)) = (from.first(), to.first()) else {
        return None;
    };
    if from_top == to_top {
        // Inside `rules/`: the families' layers.
        if from_top != "rules" || from.len() < 2 || to.len() < 2 || from[1] == to[1] {
            return None;
        }
        let here = layer_of(RULE_LAYERS, &from[1])
            .unwrap_or_else(|| panic!("rules::{} is in no layer of RULE_LAYERS", from[1]));
        let there = layer_of(RULE_LAYERS, &to[1]);
        return match there {
            Some(there) if there < here => None,
            Some(_) => Some(format!(
                "rules::{} uses rules::{}, a family of its own layer or above",
                from[1], to[1]
            )),
            // `crate::rules::REGISTRY` and the like: the registry stands above every family.
            None => Some(format!(
                "rules::{} uses rules::{}, the registry above the families",
                from[1], to[1]
            )),
        };
    }
    if from_top == "lib" || from_top == "main" {
        return None;
    }
    let here = layer_of(LAYERS, from_top)
        .unwrap_or_else(|| panic!("module `{from_top}` is in no layer of LAYERS"));
    let there = layer_of(LAYERS, to_top)
        .unwrap_or_else(|| panic!("module `{to_top}` is in no layer of LAYERS"));
    (there >= here).then(|| format!("{from_top} uses {to_top}, a module of its own layer or above"))
}

#[test]
fn no_module_uses_a_layer_above_its_own() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut found = BTreeSet::new();
    for file in &files {
        let module = module_of(file);
        let text = std::fs::read_to_string(file).expect("a source file is readable");
        for path in crate_paths(&text) {
            if let Some(why) = violation(&module, &path) {
                found.insert(format!(
                    "{}: `crate::{}`: {why}",
                    file.strip_prefix(src()).unwrap().display(),
                    path.join("::")
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "imports that run up a layer (see docs/architecture.md):\n{}",
        found.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn every_module_is_in_a_layer() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for file in files {
        let module = module_of(&file);
        match module.as_slice() {
            [top] if top == "lib" || top == "main" => {}
            [top, ..] => assert!(layer_of(LAYERS, top).is_some(), "`{top}` has no layer"),
            [] => {}
        }
        if module.len() >= 2 && module[0] == "rules" {
            assert!(
                layer_of(RULE_LAYERS, &module[1]).is_some(),
                "`rules::{}` has no layer",
                module[1]
            );
        }
    }
}

#[test]
fn the_checker_sees_an_upward_import() {
    let from = ["syntax".to_string(), "yaml".to_string()];
    let up = crate_paths("use crate::rules::shared::INVALID_CONTENT;");
    assert!(violation(&from, &up[0]).is_some());
    let grouped = crate_paths("use crate::{engine, source::Span};");
    assert_eq!(grouped.len(), 2);
    assert!(violation(&from, &grouped[0]).is_some());
    assert!(violation(&from, &grouped[1]).is_none());
    let family = ["rules".to_string(), "content".to_string()];
    let sideways = crate_paths("use crate::rules::dockerfile::check;");
    assert!(violation(&family, &sideways[0]).is_some());
    assert!(crate_paths("// use crate::engine;").is_empty());
}

/// Modules that touch the disk or standard input, or start a process (ShellCheck runs at the
/// edge), and the words that give it away.
const DISK: &[&str] = &[
    "std::fs",
    "fs::",
    "File::open",
    "File::create",
    "stdin(",
    "read_dir",
    ".exists()",
    ".is_file()",
    ".metadata(",
    "process::",
];
/// The parsers' crates: only `syntax/` calls them.
const PARSERS: &[&str] = &[
    "granit_parser",
    "hcl_edit",
    "nom::",
    "nom_locate",
    "serde_json::from",
    "tree_sitter",
];

#[test]
fn only_the_edge_reads_and_only_syntax_parses() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in &files {
        let module = module_of(file);
        let top = module.first().map(String::as_str).unwrap_or("");
        let text = std::fs::read_to_string(file).expect("a source file is readable");
        let code: String = text
            .lines()
            .map(|line| line.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        // The pure core and everything below it: no disk.
        let pure = layer_of(LAYERS, top).is_some_and(|l| l <= layer_of(LAYERS, "lint").unwrap());
        for word in DISK.iter().filter(|_| pure) {
            if code.contains(word) {
                found.push(format!("{}: reads the disk (`{word}`)", module.join("::")));
            }
        }
        // The spill reads back the records it wrote itself, the ShellCheck runner reads
        // ShellCheck's JSON report, and the server decodes the protocol's messages: none of
        // them parses input.
        let parses_input = top != "syntax"
            && module != ["engine", "spill"]
            && module != ["engine", "shellcheck"]
            && top != "server";
        for word in PARSERS.iter().filter(|_| parses_input) {
            if code.contains(word) {
                found.push(format!("{}: parses (`{word}`)", module.join("::")));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

//! The plain YAML reader against the full parser on every YAML text the repository holds: each
//! fixture, the content inline in each (a block scalar that holds `Tasks:`), and the YAML
//! examples of the documentation. Each is declined, or taken and read to the same document
//! (`docs/architecture.md`, "Parsing once").

mod common;

use common::{relative, root};
use iclint::syntax::yaml::{self, Node, NodeKind};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("the folder is readable")
        .flatten()
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The YAML code blocks of a Markdown page.
fn yaml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut block: Option<String> = None;
    for line in markdown.lines() {
        match block.as_mut() {
            Some(text) if line.trim_start().starts_with("```") => {
                blocks.push(std::mem::take(text));
                block = None;
            }
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
            None if matches!(line.trim(), "```yaml" | "```yml") => block = Some(String::new()),
            None => {}
        }
    }
    blocks
}

/// The values of the scalars of `text` that hold YAML content.
fn inline_contents(text: &str) -> Vec<String> {
    let Ok(document) = yaml::parse(text) else {
        return Vec::new();
    };
    let mut contents = Vec::new();
    if let Some(root) = &document.root {
        root.walk(|node: &Node| {
            if let NodeKind::Scalar(scalar) = &node.kind
                && scalar.value.contains("Tasks:")
            {
                contents.push(scalar.value.clone());
            }
        });
    }
    contents
}

#[test]
fn every_yaml_text_here_is_declined_or_read_as_the_parser_reads_it() {
    let root = root();
    let mut texts = Vec::new();
    let mut found = Vec::new();
    files(&root.join("fixtures"), &mut found);
    for path in found {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = relative(&path);
        let is_yaml = path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
            || text.contains("Tasks:");
        if is_yaml {
            for (i, content) in inline_contents(&text).into_iter().enumerate() {
                texts.push((format!("{name}, content {i}"), content));
            }
            texts.push((name, text));
        }
    }
    let mut pages = vec![root.join("README.md")];
    files(&root.join("docs"), &mut pages);
    for page in pages
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let markdown = std::fs::read_to_string(page).expect("the page is readable");
        for (i, block) in yaml_blocks(&markdown).into_iter().enumerate() {
            texts.push((format!("{}, YAML example {i}", relative(page)), block));
        }
    }
    let mut taken = 0;
    let mut differ = Vec::new();
    for (name, text) in &texts {
        match yaml::plain_reader_agrees(text) {
            Some(true) => taken += 1,
            Some(false) => differ.push(name.as_str()),
            None => {}
        }
    }
    assert!(differ.is_empty(), "read unlike the parser: {differ:#?}");
    // Most of them are plain block YAML: the reader is for them.
    assert!(
        taken * 2 > texts.len(),
        "taken: {taken} of {} YAML texts",
        texts.len()
    );
}

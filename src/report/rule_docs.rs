//! The rule catalogue: `iclint rules` (a table or JSON), `iclint explain CODE` (text or
//! Markdown) and the pages under `docs/rules/`, all from the [`Rule`] values of the registry.

use crate::catalog::iac;
use crate::catalog::request::COMPONENT_MANIFEST_KEYS;
use crate::catalog::template::TEMPLATE_PARAMETERS;
use crate::rule::{Origin, Rule};
use serde_json::json;
use std::fmt::Write;

/// One file of a rule's example: its name (`None` for raw Dockerfile-format content) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFile<'a> {
    pub name: Option<&'a str>,
    pub text: String,
}

/// The file a line `# NAME` starts, if it is one (see [`Rule::example`]).
fn file_header(line: &str) -> Option<&str> {
    let name = line.strip_prefix("# ")?.trim_end();
    let is_file = !name.is_empty()
        && !name.contains(char::is_whitespace)
        && [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e));
    is_file.then_some(name)
}

/// The files of an example ([`Rule::example`] or [`Rule::fix`]), header lines removed.
pub fn example_files(example: &str) -> Vec<ExampleFile<'_>> {
    let mut files: Vec<ExampleFile<'_>> = Vec::new();
    for line in example.split_inclusive('\n') {
        if let Some(name) = file_header(line) {
            files.push(ExampleFile {
                name: Some(name),
                text: String::new(),
            });
            continue;
        }
        match files.last_mut() {
            Some(file) => file.text.push_str(line),
            None => files.push(ExampleFile {
                name: None,
                text: line.to_string(),
            }),
        }
    }
    files
}

/// The origin as one word: `service`, `borrowed`, `linter` or `shellcheck`.
pub fn origin_tag(origin: Origin) -> &'static str {
    match origin {
        Origin::Service => "service",
        Origin::Borrowed => "borrowed",
        Origin::Linter => "linter",
        Origin::ShellCheck => "shellcheck",
    }
}

/// Where the code comes from, as a sentence.
pub fn origin_text(origin: Origin) -> &'static str {
    match origin {
        Origin::Service => {
            "Alibaba Cloud's documentation of CreateImageComponent (and CreateImagePipeline for \
templates): the API rejects the request with this code."
        }
        Origin::Borrowed => {
            "borrowed: CreateImageComponent documents no code for this fault, so iclint uses the \
code a sibling API documents for it (docs/service-rules.md §9.7)."
        }
        Origin::Linter => {
            "iclint's own check: the API accepts this, but it is almost surely a mistake."
        }
        Origin::ShellCheck => {
            "ShellCheck's check, run on the shell text of the content: see ShellCheck's wiki page \
for the code."
        }
    }
}

/// The `iclint rules` table: code, severity, name, summary.
pub fn table(rules: &[&Rule]) -> String {
    let width = |f: fn(&Rule) -> usize, title: &str| {
        rules
            .iter()
            .map(|r| f(r))
            .chain([title.len()])
            .max()
            .unwrap_or(0)
    };
    let code = width(|r| r.code.len(), "CODE");
    let severity = width(|r| r.severity.as_str().len(), "SEVERITY");
    let name = width(|r| r.name.len(), "NAME");
    let mut out = String::new();
    let mut row = |a: &str, b: &str, c: &str, d: &str| {
        let line = format!("{a:code$}  {b:severity$}  {c:name$}  {d}");
        out.push_str(line.trim_end());
        out.push('\n');
    };
    row("CODE", "SEVERITY", "NAME", "SUMMARY");
    for rule in rules {
        row(rule.code, rule.severity.as_str(), rule.name, rule.summary);
    }
    out
}

/// The rule metadata as JSON (`iclint rules --format json`).
pub fn rule_json(rule: &Rule) -> serde_json::Value {
    json!({
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.as_str(),
        "origin": origin_tag(rule.origin),
        "summary": rule.summary,
        "explanation": rule.explanation,
        "example": rule.example,
        "fix": rule.fix,
    })
}

/// `iclint rules --format json`: an array of [`rule_json`], with a final line break.
pub fn json(rules: &[&Rule]) -> String {
    let values: Vec<_> = rules.iter().map(|r| rule_json(r)).collect();
    let mut text = serde_json::to_string_pretty(&values).expect("rules serialize");
    text.push('\n');
    text
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_string()
            } else {
                format!("    {line}\n")
            }
        })
        .collect()
}

/// Where the parameter a rule is about comes from in each form that writes a request: the
/// manifests, Terraform and ROS (docs/service-rules.md §11), e.g. "Component manifest: `Name`;
/// Terraform: `image_component_name`; ROS: `Name`."
pub fn parameter_sources(rule: &Rule) -> Option<String> {
    let parameter = iac::parameter_of(rule.code)?;
    let forms: Vec<String> = [
        (
            false,
            "component",
            iac::TERRAFORM_COMPONENT,
            iac::ROS_COMPONENT,
        ),
        (true, "template", iac::TERRAFORM_PIPELINE, iac::ROS_PIPELINE),
    ]
    .into_iter()
    .filter(|&(pipeline, ..)| {
        if pipeline {
            TEMPLATE_PARAMETERS.iter().any(|p| p.name == parameter)
        } else {
            COMPONENT_MANIFEST_KEYS.contains(&parameter)
        }
    })
    .map(|(pipeline, what, terraform_type, ros_type)| {
        let (terraform, ros) = iac::sources(parameter, pipeline);
        let mut line = format!("a {what} manifest's `{parameter}`");
        if let Some(terraform) = terraform {
            let _ = write!(line, ", Terraform `{terraform_type}`'s `{terraform}`");
        }
        if let Some(ros) = ros {
            let _ = write!(line, ", ROS `{ros_type}`'s `{ros}`");
        }
        line
    })
    .collect();
    Some(format!("Where it is written: {}.", forms.join("; ")))
}

/// `iclint explain CODE`: the rule as plain text for a terminal.
pub fn text(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", rule.code, rule.name);
    let _ = writeln!(out);
    let _ = writeln!(out, "Severity: {}", rule.severity);
    let _ = writeln!(out, "Source: {}", origin_text(rule.origin));
    let _ = writeln!(out);
    let _ = writeln!(out, "What it finds: {}.", rule.summary);
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", rule.explanation);
    let _ = writeln!(out);
    if let Some(sources) = parameter_sources(rule) {
        let _ = writeln!(out, "{sources}");
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "Example (fires):");
    let _ = writeln!(out);
    out.push_str(&indent(rule.example));
    let _ = writeln!(out);
    let _ = writeln!(out, "Fixed:");
    let _ = writeln!(out);
    out.push_str(&indent(rule.fix));
    out
}

/// The language of a code block for one example file.
fn fence_language(name: Option<&str>) -> &'static str {
    match name {
        Some(name) if name.ends_with(".json") => "json",
        Some(_) => "yaml",
        None => "dockerfile",
    }
}

fn markdown_example(out: &mut String, example: &str) {
    for file in example_files(example) {
        if let Some(name) = file.name {
            let _ = writeln!(out, "`{name}`:");
            let _ = writeln!(out);
        }
        let fence = if file.text.contains("```") {
            "````"
        } else {
            "```"
        };
        let _ = writeln!(out, "{fence}{}", fence_language(file.name));
        out.push_str(&file.text);
        if !file.text.ends_with('\n') {
            out.push('\n');
        }
        let _ = writeln!(out, "{fence}");
        let _ = writeln!(out);
    }
}

/// `iclint explain CODE --format markdown`: the rule's page, as in `docs/rules/CODE.md`.
pub fn markdown(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!-- Generated by `iclint explain {} --format markdown`; do not edit. Regenerate with `UPDATE_DOCS=1 cargo test --test docs`. -->",
        rule.code
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "# `{}` ({})", rule.code, rule.name);
    let _ = writeln!(out);
    let _ = writeln!(out, "- Severity: {}", rule.severity);
    let _ = writeln!(out, "- Source: {}", origin_text(rule.origin));
    let _ = writeln!(out);
    let _ = writeln!(out, "## What it finds");
    let _ = writeln!(out);
    let _ = writeln!(out, "{}.", capitalize(rule.summary));
    let _ = writeln!(out);
    let _ = writeln!(out, "## Why it matters");
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", rule.explanation);
    let _ = writeln!(out);
    if let Some(sources) = parameter_sources(rule) {
        let _ = writeln!(out, "{sources}");
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Example");
    let _ = writeln!(out);
    markdown_example(&mut out, rule.example);
    let _ = writeln!(out, "## Fix");
    let _ = writeln!(out);
    markdown_example(&mut out, rule.fix);
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// `docs/rules/README.md`: the index of the rule pages.
pub fn markdown_index(rules: &[&Rule]) -> String {
    let mut out = String::from(
        "<!-- Generated from the rule registry; do not edit. Regenerate with `UPDATE_DOCS=1 cargo test --test docs`. -->\n\n# iclint rules\n\n| code | severity | source | summary |\n|---|---|---|---|\n",
    );
    for rule in rules {
        let _ = writeln!(
            out,
            "| [`{code}`]({code}.md) | {} | {} | {} |",
            rule.severity,
            origin_tag(rule.origin),
            rule.summary.replace('|', "\\|"),
            code = rule.code,
        );
    }
    out
}

/// The README's table of codes (between its `<!-- codes -->` markers): each code linked to its
/// page, its severity and its summary.
pub fn readme_table(rules: &[&Rule]) -> String {
    let mut out = String::from(
        "<!-- codes: generated from the rule registry; regenerate with `UPDATE_DOCS=1 cargo test --test docs` -->\n| code | severity | what it finds |\n|---|---|---|\n",
    );
    for rule in rules {
        let _ = writeln!(
            out,
            "| [`{code}`](docs/rules/{code}.md) | {} | {} |",
            rule.severity,
            rule.summary.replace('|', "\\|"),
            code = rule.code,
        );
    }
    out.push_str("<!-- /codes -->\n");
    out
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_files_split_on_headers() {
        let files = example_files("# a.component.yaml\nName: x\n# b.template.json\n{}\n");
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].name, Some("a.component.yaml"));
        assert_eq!(files[0].text, "Name: x\n");
        assert_eq!(files[1].name, Some("b.template.json"));
        let raw = example_files("# a comment\nRUN\n");
        assert_eq!(raw.len(), 1);
        assert_eq!(raw[0].name, None);
        assert_eq!(raw[0].text, "# a comment\nRUN\n");
    }
}

//! Any shell text, read through tree-sitter's bash grammar: the tree's simple commands, with
//! their words, pipelines, substitutions and whether their status is seen, into a [`Script`].

use super::{Assignment, Script, ShellText, SimpleCommand, Substitution, Within, Word};
use crate::source::Span;
use std::borrow::Cow;
use std::cell::RefCell;

thread_local! {
    static PARSER: RefCell<Option<tree_sitter::Parser>> = const { RefCell::new(None) };
}

/// `text` with every byte of a non-ASCII character replaced by `x`, for the parser: the bash
/// grammar's scanner calls C's `isdigit` and `isalpha` on whole code points, which is undefined
/// beyond 255 and crashed on some (found by a property test). Offsets are unchanged, a
/// character stays a part of the word it is in, and every value is read from the original text
/// (with `str::get`, so that a token end inside a character reads nothing).
fn ascii_stand_in(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .flat_map(|c| std::iter::repeat_n(if c.is_ascii() { c } else { 'x' }, c.len_utf8()))
            .collect(),
    )
}

/// Parses a shell text with tree-sitter's bash grammar. Never fails: what does not parse is
/// left out.
pub(super) fn parse(text: &ShellText) -> Script {
    let tree = PARSER.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            let mut parser = tree_sitter::Parser::new();
            parser
                .set_language(&tree_sitter_bash::LANGUAGE.into())
                .ok()?;
            *cell = Some(parser);
        }
        cell.as_mut()?
            .parse(ascii_stand_in(&text.text).as_bytes(), None)
    });
    let Some(tree) = tree else {
        return Script::default();
    };
    let root = tree.root_node();
    let mut script = Script {
        complete: !root.has_error(),
        ..Script::default()
    };
    Reader {
        text,
        script: &mut script,
        pipelines: 0,
    }
    .read(root);
    script
}

/// Where a node stands, for the commands under it.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    pipeline: Option<(usize, usize)>,
    /// The command whose words are being read.
    command: Option<usize>,
    within: Option<Within>,
    /// The statement's exit status goes unseen ([`SimpleCommand::status_unseen`]).
    unseen: bool,
    /// A redirection around the statement feeds its standard input.
    input: bool,
}

struct Reader<'a> {
    text: &'a ShellText,
    script: &'a mut Script,
    pipelines: usize,
}

impl Reader<'_> {
    /// Reads the tree without recursion (nesting may be deep).
    fn read(&mut self, root: tree_sitter::Node<'_>) {
        let mut pending = vec![(root, Context::default())];
        while let Some((node, context)) = pending.pop() {
            if node.is_error() || node.is_missing() {
                continue;
            }
            let mut children: Vec<(tree_sitter::Node<'_>, Context)> = Vec::new();
            let mut cursor = node.walk();
            let named: Vec<_> = node.named_children(&mut cursor).collect();
            // Where the context came down from the parent, the node is a statement of it only
            // for the kinds that pass it on; anything else resets what is about statements.
            let below = Context {
                pipeline: None,
                unseen: false,
                input: false,
                ..context
            };
            match node.kind() {
                "command" => {
                    if node.has_error() {
                        continue;
                    }
                    let index = self.command(node, context);
                    let inner = Context {
                        command: Some(index),
                        ..below
                    };
                    children.extend(named.into_iter().map(|n| (n, inner)));
                }
                "pipeline" => {
                    let id = self.pipelines;
                    self.pipelines += 1;
                    for (position, child) in named.into_iter().enumerate() {
                        let inner = Context {
                            pipeline: Some((id, position)),
                            unseen: false,
                            ..context
                        };
                        children.push((child, inner));
                    }
                }
                "redirected_statement" => {
                    // The statement is what its parent holds; its body takes its place.
                    let input = named.iter().any(|n| feeds_input(*n, &self.text.text));
                    children.extend(named.into_iter().map(|n| {
                        (
                            n,
                            Context {
                                input: context.input || input,
                                ..context
                            },
                        )
                    }));
                }
                "negated_command" => children.extend(named.into_iter().map(|n| (n, context))),
                // `a && b`, `a || b`: the status of `a` is seen; that of `b` is the list's.
                "list" => {
                    for (i, child) in named.into_iter().enumerate() {
                        let unseen = i > 0 && context.unseen;
                        children.push((child, Context { unseen, ..context }));
                    }
                }
                "program" | "do_group" | "compound_statement" | "subshell" | "if_statement"
                | "elif_clause" | "else_clause" | "case_item" | "while_statement" => {
                    children.extend(self.statements(node, below));
                }
                "command_substitution" | "process_substitution" => {
                    let kind = if node.kind() == "command_substitution" {
                        Substitution::Command
                    } else {
                        Substitution::Process
                    };
                    let inner = Context {
                        command: None,
                        within: context
                            .command
                            .map(|command| Within { command, kind })
                            .or(context.within),
                        ..below
                    };
                    children.extend(self.statements(node, inner));
                }
                "variable_assignment" => {
                    if let Some(assignment) = self.assignment(node) {
                        self.script.assignments.push(assignment);
                    }
                    children.extend(named.into_iter().map(|n| (n, below)));
                }
                "heredoc_body" | "comment" => continue,
                _ => children.extend(named.into_iter().map(|n| (n, below))),
            }
            pending.extend(children.into_iter().rev());
        }
    }

    /// The statements of a block, each with whether its status goes unseen: one that has
    /// another after it (comments aside; not an `elif`, `else` or `case` item), outside the
    /// condition of an `if`, `elif` or `while` (before its `then` or `do`).
    fn statements<'t>(
        &self,
        block: tree_sitter::Node<'t>,
        context: Context,
    ) -> Vec<(tree_sitter::Node<'t>, Context)> {
        let mut cursor = block.walk();
        let all: Vec<_> = block.children(&mut cursor).collect();
        let has_condition = matches!(
            block.kind(),
            "if_statement" | "elif_clause" | "while_statement"
        );
        let mut in_condition = has_condition;
        let mut found = Vec::with_capacity(all.len());
        for (i, child) in all.iter().enumerate() {
            if !child.is_named() {
                if matches!(child.kind(), "then" | "do") {
                    in_condition = false;
                }
                continue;
            }
            let followed = all[i + 1..].iter().any(|next| {
                next.is_named()
                    && !matches!(
                        next.kind(),
                        "comment" | "elif_clause" | "else_clause" | "case_item" | "do_group"
                    )
            });
            let unseen = followed && !in_condition && !has_condition_kind(child.kind());
            found.push((*child, Context { unseen, ..context }));
        }
        found
    }

    /// Enters the simple command `node` into the script; returns its index.
    fn command(&mut self, node: tree_sitter::Node<'_>, context: Context) -> usize {
        let mut words = Vec::new();
        let mut prefix = Vec::new();
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "variable_assignment" if words.is_empty() => {
                    if let Some(assignment) = self.assignment(child) {
                        prefix.push(assignment);
                    }
                }
                "command_name" => {
                    if let Some(name) = child.named_child(0) {
                        words.push(self.word(name));
                    }
                }
                "file_redirect" | "herestring_redirect" | "comment" => {}
                _ if !words.is_empty() => words.push(self.word(child)),
                _ => {}
            }
        }
        let stdin_redirected = context.input || {
            let mut cursor = node.walk();
            node.named_children(&mut cursor)
                .any(|n| feeds_input(n, &self.text.text))
        };
        self.script.commands.push(SimpleCommand {
            span: span_of(node),
            words,
            prefix,
            pipeline: context.pipeline,
            within: context.within,
            stdin_redirected,
            status_unseen: context.unseen,
        });
        self.script.commands.len() - 1
    }

    fn assignment(&self, node: tree_sitter::Node<'_>) -> Option<Assignment> {
        let name = node.child_by_field_name("name")?;
        let name_span = span_of(name);
        let value = match node.child_by_field_name("value") {
            Some(value) => self.word(value),
            None => Word {
                span: Span::at(node.end_byte()),
                value: Some(String::new()),
                may_be_option: false,
            },
        };
        Some(Assignment {
            name: self.text.text.get(name_span.range())?.to_string(),
            name_span,
            value,
        })
    }

    /// A word and its literal value, when it has one.
    fn word(&self, node: tree_sitter::Node<'_>) -> Word {
        Word::in_text(self.text, span_of(node), || literal(node, &self.text.text))
    }
}

/// Parts of a block that are not statements of it.
fn has_condition_kind(kind: &str) -> bool {
    matches!(
        kind,
        "elif_clause" | "else_clause" | "case_item" | "do_group"
    )
}

fn span_of(node: tree_sitter::Node<'_>) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

/// Whether a redirect node feeds standard input (`<`, `<<`, `<<<`, `0<`).
fn feeds_input(node: tree_sitter::Node<'_>, text: &str) -> bool {
    match node.kind() {
        "heredoc_redirect" | "herestring_redirect" => true,
        "file_redirect" => {
            let raw = text.get(node.byte_range()).unwrap_or("");
            let raw = raw.trim_start_matches(|c: char| c.is_ascii_digit());
            (raw.starts_with('<') && !raw.starts_with("<&") && !raw.starts_with("<>"))
                && node
                    .child_by_field_name("descriptor")
                    .is_none_or(|d| text.get(d.byte_range()) == Some("0"))
        }
        _ => false,
    }
}

/// The value of a word after quote removal, when no expansion is in it.
fn literal(node: tree_sitter::Node<'_>, text: &str) -> Option<String> {
    let raw = text.get(node.byte_range())?;
    match node.kind() {
        "word" | "number" => Some(unescape(raw, |_| true)),
        "raw_string" => Some(raw.strip_prefix('\'')?.strip_suffix('\'')?.to_string()),
        "string" => {
            let mut cursor = node.walk();
            if node
                .named_children(&mut cursor)
                .any(|n| n.kind() != "string_content")
            {
                return None;
            }
            let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
            Some(unescape(inner, |c| {
                matches!(c, '"' | '\\' | '$' | '`' | '\n')
            }))
        }
        "concatenation" => {
            let mut cursor = node.walk();
            let mut value = String::new();
            for part in node.named_children(&mut cursor) {
                value.push_str(&literal(part, text)?);
            }
            // A part tree-sitter does not name (a bare `$` or `=`) is text as written.
            (value.len() <= raw.len()).then_some(())?;
            let named_len: usize = {
                let mut cursor = node.walk();
                node.named_children(&mut cursor)
                    .map(|n| n.byte_range().len())
                    .sum()
            };
            (named_len == raw.len()).then_some(value)
        }
        _ => None,
    }
}

/// `raw` with each backslash before a character `escapes` accepts removed (a backslash and a
/// line feed disappear together).
fn unescape(raw: &str, escapes: impl Fn(char) -> bool) -> String {
    let mut value = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(next) if escapes(next) => value.push(next),
                Some(next) => {
                    value.push('\\');
                    value.push(next);
                }
                None => value.push('\\'),
            },
            c => value.push(c),
        }
    }
    value
}

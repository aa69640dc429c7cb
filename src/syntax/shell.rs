//! The shell text inside content (`docs/architecture.md`, "The shell inside content"): where it
//! is (`RUN`, shell-form `CMD` and `ENTRYPOINT`, `RunShellCommand`'s `commandContent`), with a
//! map back into the content, and what it says, parsed by tree-sitter's bash grammar into simple
//! commands whose words keep their spans.
//!
//! A `{{ name }}` reference is an opaque word: before parsing it is replaced by as many `_` as it
//! has bytes, so every offset stays where it was, and a word that holds one has no literal value.
//! Text that does not parse is no finding of iclint's: the commands tree-sitter could not place
//! are left out, and the rest is read.

use crate::source::{MappedText, OffsetMap, Span};
use crate::syntax::content::ContentModel;
use std::borrow::Cow;
use std::cell::RefCell;

/// Shell texts longer than this are not parsed (content holds 16 KB at most; a file may hold 8
/// MiB, and such a file is a finding already).
const MAX_PARSED_BYTES: usize = 1024 * 1024;

/// Where a shell text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `RUN`, shell-form `CMD` or `ENTRYPOINT`, with the keyword's span in the content.
    Command(Span),
    /// A `commandContent` property of a task.
    Task,
}

/// What language a text is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// `RUN`, `CMD`, `ENTRYPOINT`, `RunShellCommand`: a POSIX shell, or what its shebang names.
    Shell,
    /// `RunPowerShellCommand`.
    PowerShell,
}

/// One shell (or PowerShell) text of the content.
#[derive(Debug, Clone)]
pub struct ShellText {
    /// The text as the shell sees it (continuations joined, YAML escapes and folding applied),
    /// with every `{{ name }}` reference replaced by as many `_` as it has bytes.
    pub text: String,
    /// From `text` into the content.
    pub map: OffsetMap,
    /// From the content into the file, for content inline in a manifest.
    pub outer: Option<OffsetMap>,
    /// The references replaced, in `text`.
    pub references: Vec<Span>,
    pub origin: Origin,
    pub language: Language,
}

impl ShellText {
    fn new(mapped: MappedText, origin: Origin, language: Language) -> Self {
        let MappedText { mut text, map } = mapped;
        let references = references(&text);
        if !references.is_empty() {
            let mut bytes = std::mem::take(&mut text).into_bytes();
            for span in &references {
                bytes[span.range()].fill(b'_');
            }
            // Only ASCII bytes (`{`, `}`, blanks and name characters) were replaced.
            text = String::from_utf8(bytes).unwrap_or_default();
        }
        ShellText {
            text,
            map,
            outer: None,
            references,
            origin,
            language,
        }
    }

    /// The interpreter its shebang names (`bash` for `#!/usr/bin/env bash`), if it has one.
    pub fn shebang(&self) -> Option<&str> {
        let line = self.text.trim_start_matches([' ', '\t', '\n', '\r']);
        let line = line.strip_prefix("#!")?.lines().next().unwrap_or("");
        let mut words = line.split_whitespace();
        let program = words.next()?.rsplit('/').next().unwrap_or("");
        if program == "env" {
            return words.find(|w| !w.starts_with('-'));
        }
        Some(program)
    }

    /// Whether the text is for a shell iclint reads: no shebang, or one that names a shell of
    /// the Bourne family.
    pub fn is_bourne_shell(&self) -> bool {
        self.language == Language::Shell
            && self.shebang().is_none_or(|shell| {
                matches!(
                    shell,
                    "sh" | "bash" | "dash" | "ksh" | "mksh" | "ash" | "zsh" | "busybox"
                )
            })
    }

    /// Whether a span of the text touches a `{{ }}` reference.
    pub fn touches_reference(&self, span: Span) -> bool {
        self.references
            .iter()
            .any(|r| r.start < span.end && span.start < r.end)
    }

    /// The content span of a span of the text.
    pub fn to_content(&self, span: Span) -> Span {
        self.map.span(span)
    }

    /// The span in the file (the manifest, for inline content) of a span of the text.
    pub fn to_file(&self, span: Span) -> Span {
        let span = self.map.span(span);
        self.outer.as_ref().map_or(span, |outer| outer.span(span))
    }

    /// The text of content that stands inline in a file, `map` leading from the content into
    /// the file.
    pub fn within(self, map: &OffsetMap) -> Self {
        ShellText {
            outer: Some(map.clone()),
            ..self
        }
    }
}

/// The `{{ ... }}` references of a text (a `{{` and the next `}}` on the same line).
fn references(text: &str) -> Vec<Span> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let line_end = text[open..].find('\n').map_or(text.len(), |i| open + i);
        match text[open + 2..line_end].find("}}") {
            Some(close) => {
                let end = open + 2 + close + 2;
                found.push(Span::new(open, end));
                from = end;
            }
            None => from = open + 2,
        }
    }
    found
}

/// The shell and PowerShell texts of parsed content (`content` is the text it was parsed from):
/// shell-form `RUN`, `CMD` and `ENTRYPOINT` of the Dockerfile format; the `commandContent` of
/// each `RunShellCommand` and `RunPowerShellCommand` task of the YAML format. In content order.
pub fn texts(content: &str, model: &ContentModel<'_>) -> Vec<ShellText> {
    use crate::catalog::Keyword;
    let mut found = Vec::new();
    match model {
        ContentModel::Dockerfile(script) => {
            for command in &script.commands {
                let is_shell = matches!(
                    command.known,
                    Some(Keyword::Run | Keyword::Cmd | Keyword::Entrypoint)
                );
                let argument = &command.argument;
                if is_shell
                    && command.has_argument()
                    && !argument.text.trim_start().starts_with('[')
                {
                    found.push(ShellText::new(
                        argument.clone(),
                        Origin::Command(command.keyword_span),
                        Language::Shell,
                    ));
                }
            }
        }
        ContentModel::Yaml(yaml) => {
            for script in yaml.tasks().iter().filter_map(|task| task.script) {
                found.push(ShellText::new(
                    script.scalar.mapped(content),
                    Origin::Task,
                    script.language,
                ));
            }
        }
    }
    found
}

/// A word of a simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// In the shell text.
    pub span: Span,
    /// Its value after quote removal, when it is known without running anything: no expansion,
    /// substitution or `{{ }}` reference in it.
    pub value: Option<String>,
    /// Its value is unknown and may start with `-`: it starts with an expansion, a substitution
    /// or a `{{ }}` reference (`$OPTS`, `"$@"`, `{{ flags }}`; not `nginx-{{ version }}`).
    pub may_be_option: bool,
}

impl Word {
    pub fn is(&self, value: &str) -> bool {
        self.value.as_deref() == Some(value)
    }
}

/// `NAME=value`, before a command, alone, or after `export`, `readonly`, `declare`, `local`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub name_span: Span,
    /// The value as written (empty at the `=` for `NAME=`).
    pub value: Word,
}

/// The command substitution or process substitution a command runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Within {
    /// The command whose word holds the substitution (an index into [`Script::commands`]).
    pub command: usize,
    pub kind: Substitution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Substitution {
    /// `$(...)` or `` `...` ``.
    Command,
    /// `<(...)` or `>(...)`.
    Process,
}

/// A simple command: its words (the command name first), in the shell text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleCommand {
    pub span: Span,
    pub words: Vec<Word>,
    /// Assignments before the command name (`DEBIAN_FRONTEND=noninteractive apt-get ...`).
    pub prefix: Vec<Assignment>,
    /// `(pipeline, position)` when the command is an element of a pipeline.
    pub pipeline: Option<(usize, usize)>,
    pub within: Option<Within>,
    /// Its standard input comes from a redirection (`<`, `<<`, `<<<`).
    pub stdin_redirected: bool,
    /// Its exit status goes unseen: it is followed by `;` or a line break (not by `&&` or
    /// `||`), and is not the last command of its block.
    pub status_unseen: bool,
}

impl SimpleCommand {
    /// The command name's value, without its directory (`/usr/bin/sudo` is `sudo`).
    pub fn program(&self) -> Option<&str> {
        let name = self.words.first()?.value.as_deref()?;
        Some(name.rsplit('/').next().unwrap_or(name))
    }

    pub fn arguments(&self) -> &[Word] {
        self.words.get(1..).unwrap_or_default()
    }
}

/// What a shell text says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    /// Every simple command, in the order tree-sitter's tree holds them (a command before the
    /// commands in its words' substitutions).
    pub commands: Vec<SimpleCommand>,
    /// Every assignment, wherever it stands.
    pub assignments: Vec<Assignment>,
    /// The text parsed without a syntax error.
    pub complete: bool,
}

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

/// Parses a shell text (already with its references made opaque). Never fails: what does not
/// parse is left out.
pub fn parse(text: &ShellText) -> Script {
    if text.text.len() > MAX_PARSED_BYTES {
        return Script::default();
    }
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
        let span = span_of(node);
        let value = if self.text.touches_reference(span) {
            None
        } else {
            literal(node, &self.text.text)
        };
        let raw = self.text.text.get(span.range()).unwrap_or("");
        let may_be_option = value.is_none()
            && (raw.trim_start_matches('"').starts_with(['$', '`'])
                || self.text.references.iter().any(|r| r.start == span.start));
        Word {
            span,
            value,
            may_be_option,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shell(text: &str) -> ShellText {
        let mut mapped = MappedText::default();
        mapped.push_from(text, 0);
        ShellText::new(mapped, Origin::Task, Language::Shell)
    }

    fn values(command: &SimpleCommand) -> Vec<Option<&str>> {
        command.words.iter().map(|w| w.value.as_deref()).collect()
    }

    /// A property test's input on which the grammar's scanner crashed (`isdigit` of a code
    /// point beyond 255), and characters of every width after what a scanner reads digits for.
    #[test]
    fn characters_beyond_ascii_do_not_crash_the_parser() {
        let found = "{\u{d5629}EXPOSEcurl\u{c23bc}apt-get install\\ \tLABEL=ENTRYPOINTCOMPONENTx_COPY\\\"EXPOSERun\"\"ENTRYPOINT\\ `)workdir";
        parse(&shell(found));
        for prefix in [
            "",
            "echo 1",
            "a 2>",
            "cat <<",
            "$((1",
            "${x:1",
            "[[ 1 -eq 1",
            "x=1.",
        ] {
            for c in ['\u{100}', 'é', '\u{ffff}', '😀', '\u{10ffff}'] {
                let script = parse(&shell(&format!("{prefix}{c}1{c} && echo {c}")));
                // Values are read from the text as written.
                if let Some(echo) = script.commands.last() {
                    assert!(echo.words.iter().all(|w| w.value.as_deref() != Some("x")));
                }
            }
        }
    }

    #[test]
    fn commands_anywhere_with_their_words() {
        let script = parse(&shell(
            "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -yq 'a b' \"c\"d\nif true; then sudo reboot; fi",
        ));
        assert!(script.complete);
        let programs: Vec<_> = script.commands.iter().map(|c| c.program()).collect();
        assert_eq!(
            programs,
            [Some("apt-get"), Some("apt-get"), Some("true"), Some("sudo")]
        );
        assert_eq!(
            values(&script.commands[1]),
            [
                Some("apt-get"),
                Some("install"),
                Some("-yq"),
                Some("a b"),
                Some("cd")
            ]
        );
        assert_eq!(script.commands[1].prefix[0].name, "DEBIAN_FRONTEND");
    }

    #[test]
    fn pipelines_and_substitutions() {
        let script = parse(&shell(
            "curl -s https://x | sudo bash\nsh -c \"$(wget -O- https://y)\"\nbash <(curl https://z)",
        ));
        let c = &script.commands;
        assert_eq!(c[0].pipeline, Some((0, 0)));
        assert_eq!(c[1].pipeline, Some((0, 1)));
        assert_eq!(c[2].program(), Some("sh"));
        assert_eq!(c[2].words[2].value, None);
        assert_eq!(
            c[3].within,
            Some(Within {
                command: 2,
                kind: Substitution::Command
            })
        );
        assert_eq!(
            c[5].within,
            Some(Within {
                command: 4,
                kind: Substitution::Process
            })
        );
    }

    #[test]
    fn references_are_opaque_words() {
        let text = shell("yum install -y nginx-{{ version }} {{ flags }}");
        assert_eq!(text.text, "yum install -y nginx-_____________ ___________");
        let script = parse(&text);
        assert!(script.complete);
        assert_eq!(script.commands[0].words[3].value, None);
        assert_eq!(script.commands[0].words.len(), 5);
    }

    #[test]
    fn broken_text_is_read_where_it_parses() {
        let script = parse(&shell("echo 'unterminated\n"));
        assert!(!script.complete);
        for text in ["", "(((((", "$(", "case", "<<EOF", "\\"] {
            parse(&shell(text));
        }
        let deep = "(".repeat(5000) + &")".repeat(5000);
        parse(&shell(&deep));
    }

    #[test]
    fn heredoc_bodies_and_comments_are_not_commands() {
        let script = parse(&shell("cat <<EOF > /x\nsudo reboot\nEOF\n# sudo reboot\n"));
        assert_eq!(script.commands.len(), 1);
        assert!(script.commands[0].stdin_redirected);
    }

    #[test]
    fn unseen_statuses() {
        let script = parse(&shell(
            "cd /a; make\ncd /b && make\nmkdir x && cd x; ls\nif cd /c; then :; fi\ncd /d || exit 1\ncd /e",
        ));
        let unseen: Vec<_> = script
            .commands
            .iter()
            .filter(|c| c.program() == Some("cd"))
            .map(|c| c.status_unseen)
            .collect();
        assert_eq!(unseen, [true, false, true, false, false, false]);
    }

    #[test]
    fn shebangs() {
        assert_eq!(shell("#!/usr/bin/env bash\nls").shebang(), Some("bash"));
        assert_eq!(shell("#!/bin/sh -e\nls").shebang(), Some("sh"));
        assert!(!shell("#!/usr/bin/python3\nprint()").is_bourne_shell());
        assert!(shell("ls").is_bourne_shell());
    }
}

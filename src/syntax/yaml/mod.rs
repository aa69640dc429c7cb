//! The YAML front end: `granit-parser` events into the project's own small tree.
//!
//! Plain block YAML, nearly every real file, is first read directly by [`plain`] into the same
//! tree, in one pass; whatever it declines (and every error) goes through the parser
//! (`docs/architecture.md`, "Parsing once").
//!
//! - Byte [`Span`]s on every node, key and scalar (the parser reports UTF-8 byte offsets into the
//!   original text, a leading byte-order mark included).
//! - Scalars keep their cooked value, their style and their raw span; [`Scalar::mapped`] gives
//!   the cooked value as a [`MappedText`] whose map leads every byte back to the manifest, so a
//!   finding inside embedded content points at the right line and column of the file.
//! - Duplicate keys are kept, in order. Aliases are recorded, never expanded, with the kind of
//!   node their anchor marks ([`AliasTarget`]); anchors and tags are recorded on the nodes that
//!   carry them.
//! - Built iteratively (an explicit stack; the plain reader recurses, 64 levels at most);
//!   nesting depth and node count are capped ([`Limits`]), so neither building nor dropping a
//!   tree can exhaust the stack.
//! - Multiple documents: the first one is the tree; the start of the second is reported in
//!   [`Document::extra_document`] (the service takes one document; callers make it a finding).
//!   Nothing after the start of the second document is parsed, so its syntax errors go unreported.
//!
//! JSON parses through the same path: it is YAML flow style.

mod cook;
mod plain;

#[cfg(test)]
mod tests;

use granit_parser::{Event, Parser, ScalarStyle as ParserStyle, StructureStyle};
use std::collections::HashMap;

use crate::source::{MappedText, OffsetMap, Span};

/// Nesting deeper than this is an error. Real components nest five or six levels.
pub const DEFAULT_MAX_DEPTH: usize = 128;
/// More nodes than this is an error. A 16 KB content holds a few thousand at most.
pub const DEFAULT_MAX_NODES: usize = 100_000;

/// Resource caps for building a tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most collections open at once (a scalar inside them does not count).
    pub max_depth: usize,
    /// Most nodes in the tree (collections, scalars, aliases; a key counts as a node).
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: DEFAULT_MAX_DEPTH,
            max_nodes: DEFAULT_MAX_NODES,
        }
    }
}

/// The first document of a YAML stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// `None` when the stream holds no document (empty, or only comments).
    pub root: Option<Node>,
    /// The span of every comment (`#` to the end of its line, line break excluded) up to the end
    /// of the first document; empty unless parsed by [`parse_with_comments`].
    pub comments: Vec<Span>,
    /// Where a second document starts (its `---`), when there is one.
    pub extra_document: Option<Span>,
}

/// One node of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The node as written: a flow collection from its bracket to its closing bracket, a block
    /// collection from its first entry to the end of its last; a scalar is [`Scalar::raw`].
    /// Anchor and tag are not included (see [`Node::anchor`], [`Node::tag`]).
    pub span: Span,
    pub kind: NodeKind,
    /// `&name` on this node: the name without `&`, the span of the whole `&name`.
    pub anchor: Option<Box<Property>>,
    /// An explicit tag on this node: the resolved tag (`tag:yaml.org,2002:str` for `!!str`) and the
    /// span of the tag as written.
    pub tag: Option<Box<Property>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    Mapping(Vec<Entry>),
    Sequence(Vec<Node>),
    Scalar(Scalar),
    Alias(Alias),
}

/// One `key: value` pair of a mapping, in source order; duplicate keys are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// An anchor or a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    pub span: Span,
}

/// `*name`: never expanded (that protects against alias bombs), but the kind of node its anchor
/// marks is known, so that a shape check can accept an alias to a node of the right kind without
/// reading inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The name without `*`.
    pub name: String,
    /// The node the anchor of that name marks, when one precedes the alias in the document (YAML
    /// requires it); `None` for an alias without an anchor.
    pub target: Option<AliasTarget>,
}

impl Alias {
    /// Whether an anchor of that name precedes the alias.
    pub fn is_resolved(&self) -> bool {
        self.target.is_some()
    }
}

/// What an alias stands for, as far as the tree knows without expanding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AliasTarget {
    pub kind: AnchoredKind,
}

/// The kind of node an anchor marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnchoredKind {
    Mapping,
    Sequence,
    Scalar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone)]
pub struct Scalar {
    /// The value after YAML processing (escapes, folding, chomping). An empty node (`key:` with
    /// nothing after it) is an empty plain scalar with an empty span.
    pub value: String,
    pub style: ScalarStyle,
    /// The scalar as written: quotes included; a block scalar from its `|`/`>` header to its last
    /// non-blank character.
    pub raw: Span,
    /// For a block scalar: where its content lines start and their indentation. Private: the
    /// layout the map needs, not something rules should read.
    block: Option<BlockLayout>,
    /// The map of `value` back to the source, when the reader made it with the value (a block
    /// scalar of the plain reader: [`Scalar::mapped`] then need not cook the block again).
    map: Option<Box<OffsetMap>>,
}

/// Two scalars are equal when they read the same: whether the map came with the value is how
/// they were read, not what they are.
impl PartialEq for Scalar {
    fn eq(&self, other: &Self) -> bool {
        (&self.value, self.style, self.raw, self.block)
            == (&other.value, other.style, other.raw, other.block)
    }
}

impl Eq for Scalar {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BlockLayout {
    /// Byte offset of the `|` or `>`.
    header: usize,
    /// The first content character the parser reported (the column is the indentation), or
    /// `None` when the value is only line feeds.
    content: Option<usize>,
    /// Where the parser's token ended (after the indentation of the line that ends it).
    end: usize,
}

impl Scalar {
    /// A scalar that stands for a value written in another syntax (a Terraform attribute, read
    /// into the request tree the manifest rules check): `value` as the service receives it,
    /// `raw` where it is written.
    pub fn standing_for(value: String, style: ScalarStyle, raw: Span) -> Self {
        Scalar {
            value,
            style,
            raw,
            block: None,
            map: None,
        }
    }

    /// The raw text of the scalar in `source` (the text it was parsed from).
    pub fn raw_text<'s>(&self, source: &'s str) -> &'s str {
        source.get(self.raw.range()).unwrap_or("")
    }

    /// A plain scalar YAML reads as null: empty, `~`, `null`, `Null`, `NULL`.
    pub fn is_null(&self) -> bool {
        self.style == ScalarStyle::Plain
            && matches!(self.value.as_str(), "" | "~" | "null" | "Null" | "NULL")
    }

    /// The cooked value with its map back to `source` (the text this scalar was parsed from).
    ///
    /// Characters copied from the source map to themselves; a space or line feed made by line
    /// folding maps to the line break it replaces; a character written as an escape maps to the
    /// start of its escape sequence (as many bytes of it as the character has, at most). Should
    /// the exact map be unavailable (see [`Scalar::mapped_exact`]), every offset maps into the
    /// raw span, in order and clamped to its end.
    pub fn mapped(&self, source: &str) -> MappedText {
        let mut mapped = self.mapped_exact(source).unwrap_or_else(|| {
            let mut mapped = MappedText {
                text: self.value.clone(),
                ..MappedText::default()
            };
            mapped
                .map
                .push(0, self.raw.start, self.value.len().min(self.raw.len()));
            mapped
        });
        if mapped.map.is_empty() {
            // An empty value: everything in it is at the scalar (inside its quotes, if any).
            let inside = match self.style {
                ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => 1,
                _ => 0,
            };
            mapped
                .map
                .push(0, (self.raw.start + inside).min(self.raw.end), 0);
        }
        mapped
    }

    /// The exact map, or `None` when re-reading the raw text does not give back the parser's
    /// value (which the tests show does not happen for valid scalars; it guards the map against
    /// a parser behaviour this module does not know).
    pub fn mapped_exact(&self, source: &str) -> Option<MappedText> {
        if let Some(map) = &self.map {
            return Some(MappedText {
                text: self.value.clone(),
                map: OffsetMap::clone(map),
            });
        }
        let mapped = match (self.style, self.block) {
            (ScalarStyle::Literal | ScalarStyle::Folded, Some(layout)) => {
                cook::block::<MappedText>(
                    source,
                    layout,
                    self.style == ScalarStyle::Folded,
                    &self.value,
                )?
            }
            (ScalarStyle::Plain, _) => cook::flow(source, self.raw, cook::Quote::None)?,
            (ScalarStyle::SingleQuoted, _) => cook::flow(source, self.raw, cook::Quote::Single)?,
            (ScalarStyle::DoubleQuoted, _) => cook::flow(source, self.raw, cook::Quote::Double)?,
            _ => return None,
        };
        (mapped.text == self.value).then_some(mapped)
    }
}

impl Node {
    /// A node without anchor or tag.
    pub fn new(kind: NodeKind, span: Span) -> Self {
        Node {
            span,
            kind,
            anchor: None,
            tag: None,
        }
    }

    /// Visits every node of the tree, without recursion (the tree may be as deep as the
    /// parser's cap).
    pub fn walk(&self, mut visit: impl FnMut(&Node)) {
        let mut pending = vec![self];
        while let Some(node) = pending.pop() {
            visit(node);
            match &node.kind {
                NodeKind::Mapping(entries) => {
                    for entry in entries.iter().rev() {
                        pending.push(&entry.value);
                        pending.push(&entry.key);
                    }
                }
                NodeKind::Sequence(items) => pending.extend(items.iter().rev()),
                NodeKind::Scalar(_) | NodeKind::Alias(_) => {}
            }
        }
    }

    /// Whether a reader that wants a node of `kind` takes this one as such without reading it:
    /// an alias to a node of that kind (aliases are never expanded), or an alias without an
    /// anchor (reported on its own; what it stands for is unknown).
    pub fn is_unread_alias(&self, kind: AnchoredKind) -> bool {
        match &self.kind {
            NodeKind::Alias(alias) => alias.target.is_none_or(|target| target.kind == kind),
            _ => false,
        }
    }

    /// The kind of node the anchor of this alias marks; `None` when this is not an alias, or an
    /// alias without an anchor.
    pub fn alias_target(&self) -> Option<AnchoredKind> {
        match &self.kind {
            NodeKind::Alias(alias) => alias.target.map(|target| target.kind),
            _ => None,
        }
    }

    /// The entries when this is a mapping.
    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items when this is a sequence.
    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// Every entry of a mapping whose key is the scalar `key`, in order (more than one when the
    /// key is duplicated).
    pub fn entries<'n>(&'n self, key: &'n str) -> impl Iterator<Item = &'n Entry> + 'n {
        self.as_mapping()
            .unwrap_or_default()
            .iter()
            .filter(move |entry| entry.key.as_scalar().is_some_and(|s| s.value == key))
    }

    /// The first entry whose key is the scalar `key` (a model's field: its key and its value).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?
            .iter()
            .find(|entry| entry.key.as_scalar().is_some_and(|s| s.value == key))
    }

    /// The text of a scalar that is not null, with the node's span.
    pub fn text(&self) -> Option<(&str, Span)> {
        self.as_scalar()
            .filter(|s| !s.is_null())
            .map(|s| (s.value.as_str(), self.span))
    }

    /// The value of the first entry whose key is the scalar `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }
}

/// Why no tree was built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub kind: YamlErrorKind,
    /// Where it happened: the parser's position for a syntax error (an empty span), the
    /// collection or node that went past a cap.
    pub span: Span,
    /// A sentence for the user, without position.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlErrorKind {
    Syntax,
    TooDeep,
    TooManyNodes,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

/// The tab in the indentation that a syntax error at `offset` comes from, if there is one: in
/// the indentation of the error's line, or of the next line when the error is at the end of its
/// line or the parser's `message` says it found a tab. The parser reports such an error where
/// it began to read (a plain scalar), often on the line before the tab.
fn tab_in_indentation(source: &str, offset: usize, message: &str) -> Option<usize> {
    let indentation_tab = |line_start: usize| {
        let line = &source[line_start..];
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        line[..indent].find('\t').map(|i| line_start + i)
    };
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    if let Some(tab) = indentation_tab(line_start) {
        return Some(tab);
    }
    let rest = &source[offset..];
    let line_end = rest.find('\n')?;
    if !rest[..line_end].trim().is_empty() && !message.contains("found a tab") {
        return None;
    }
    indentation_tab(offset + line_end + 1)
}

/// Parses the first document of `source` with the default [`Limits`]; comments are skipped
/// ([`Document::comments`] is empty).
pub fn parse(source: &str) -> Result<Document, YamlError> {
    parse_with_limits(source, Limits::default())
}

/// As [`parse`], and the span of every comment in [`Document::comments`]. Collecting them
/// costs about a fifth of the parse: only suppression comments need them.
pub fn parse_with_comments(source: &str) -> Result<Document, YamlError> {
    read(source, Limits::default(), true)
}

/// Parses the first document of `source`, comments skipped.
pub fn parse_with_limits(source: &str, limits: Limits) -> Result<Document, YamlError> {
    read(source, limits, false)
}

/// Plain block YAML is read directly ([`plain`]); everything else, and every error, goes through
/// the full parser.
fn read(source: &str, limits: Limits, with_comments: bool) -> Result<Document, YamlError> {
    match plain::parse(source, limits, with_comments) {
        Some(document) => Ok(document),
        None => Builder::new(source, limits, with_comments).run(),
    }
}

/// For the tests that hold the plain reader to the full parser on files (fixtures, the
/// documentation's examples): `None` when the plain reader declines `source`; otherwise whether
/// its document equals the full parser's, with comments and without.
#[doc(hidden)]
pub fn plain_reader_agrees(source: &str) -> Option<bool> {
    let mut taken = None;
    for with_comments in [false, true] {
        let limits = Limits::default();
        if let Some(plain) = plain::parse(source, limits, with_comments) {
            let full = Builder::new(source, limits, with_comments).run();
            let agrees = full
                .as_ref()
                .is_ok_and(|full| *full == plain && same_maps(source, full, &plain));
            taken = Some(taken.unwrap_or(true) && agrees);
        }
    }
    taken
}

/// Whether the scalars of `a` and `b`, two readings of `source` into the same tree, map back to
/// it alike (the plain reader makes its block scalars' maps as it reads them).
fn same_maps(source: &str, a: &Document, b: &Document) -> bool {
    let scalars = |document: &Document| {
        let mut scalars = Vec::new();
        if let Some(root) = &document.root {
            root.walk(|node| scalars.extend(node.as_scalar().cloned()));
        }
        scalars
    };
    let (a, b) = (scalars(a), scalars(b));
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(a, b)| a.mapped_exact(source) == b.mapped_exact(source))
}

/// The parser's options: anchors and unresolved aliases reported as events (an unknown alias is
/// a node of the tree, for the rules to report); the parser's own nesting limits stay as a
/// backstop above [`Limits::max_depth`] (the builder stops first when the caller's cap is lower).
/// Comments are checked as syntax either way; `comments` says whether they are reported.
fn parser_options(limits: Limits, comments: bool) -> granit_parser::Options {
    let nesting = limits.max_depth.saturating_add(1).max(255);
    granit_parser::options! {
        emit_comments: comments,
        emit_anchor_events: true,
        emit_unresolved_aliases: true,
        flow_nesting_limit: nesting,
        block_nesting_limit: nesting,
    }
}

/// A collection being built.
struct Frame {
    start: Span,
    mapping: bool,
    flow: bool,
    anchor: Option<Box<Property>>,
    tag: Option<Box<Property>>,
    /// Where its items start in [`Builder::items`].
    items: usize,
}

/// What an `Anchor` event applies to: the node event right before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Other,
    /// A collection start: the top frame.
    Frame,
    /// A scalar or alias: the last item of the top frame, or the root.
    Item,
}

struct Builder<'s> {
    source: &'s str,
    limits: Limits,
    /// Whether to collect [`Builder::comments`].
    with_comments: bool,
    stack: Vec<Frame>,
    /// The items of every open collection, the innermost last: sequence items, or mapping keys
    /// and values alternately. One stack for all, so that a collection allocates only its own
    /// vector, at its exact size, when it closes.
    items: Vec<Node>,
    root: Option<Node>,
    comments: Vec<Span>,
    nodes: usize,
    /// The end of the latest event in source order: a block scalar's header lies after it.
    cursor: usize,
    documents: usize,
    /// The kind of node each anchor name marks (the latest anchor of a name wins, as for YAML).
    anchors: HashMap<String, AnchoredKind>,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str, limits: Limits, with_comments: bool) -> Self {
        Builder {
            source,
            limits,
            with_comments,
            stack: Vec::new(),
            items: Vec::new(),
            root: None,
            comments: Vec::new(),
            nodes: 0,
            cursor: 0,
            documents: 0,
            anchors: HashMap::new(),
        }
    }

    fn run(mut self) -> Result<Document, YamlError> {
        let mut last = Last::Other;
        let mut extra_document = None;
        for next in Parser::new_from_str_with_options(
            self.source,
            parser_options(self.limits, self.with_comments),
        ) {
            let (event, parser_span) = next.map_err(|error| {
                let offset = error
                    .marker()
                    .byte_offset()
                    .unwrap_or_else(|| char_to_byte(self.source, error.marker().index()));
                // The parser's own nesting limit is a backstop above the builder's depth cap:
                // report it as the same fault.
                let kind = match error.kind() {
                    granit_parser::ErrorKind::RecursionLimitExceeded => YamlErrorKind::TooDeep,
                    _ => YamlErrorKind::Syntax,
                };
                let message = match kind {
                    YamlErrorKind::TooDeep => format!(
                        "nesting deeper than {} levels is not supported",
                        self.limits.max_depth
                    ),
                    _ => error.info(),
                };
                let offset = offset.min(self.source.len());
                match (kind, tab_in_indentation(self.source, offset, &message)) {
                    (YamlErrorKind::Syntax, Some(tab)) => YamlError {
                        kind,
                        span: Span::at(tab),
                        message: match message.contains("found a tab") {
                            true => format!("{message} in the indentation: YAML indents with spaces only"),
                            false => format!(
                                "{message} (a tab in the indentation: YAML indents with spaces only)"
                            ),
                        },
                    },
                    _ => YamlError {
                        kind,
                        span: Span::at(offset),
                        message,
                    },
                }
            })?;
            let span = self.span(&parser_span);
            let this = match event {
                Event::DocumentStart(explicit, _) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        extra_document = Some(span);
                        break;
                    }
                    if !explicit {
                        // The span of an implicit start covers the first token: not passed yet.
                        continue;
                    }
                    Last::Other
                }
                Event::Comment(..) => {
                    // Not a node, and it may be reported after the node it follows: it neither
                    // moves the cursor nor separates a node from its anchor.
                    self.comments.push(span);
                    continue;
                }
                Event::Scalar(value, style, _, tag) => {
                    self.count(span)?;
                    let tag = tag.map(|tag| {
                        Box::new(Property {
                            name: tag.to_string(),
                            span: parser_span.tag_span().map_or(span, |t| self.span(&t)),
                        })
                    });
                    let node = self.scalar(value.into_owned(), style, span, tag);
                    self.add(node);
                    Last::Item
                }
                Event::Alias(_) | Event::UnresolvedAlias(_) => {
                    self.count(span)?;
                    let name = self
                        .source
                        .get(span.range())
                        .map(|text| text.strip_prefix('*').unwrap_or(text))
                        .unwrap_or_default()
                        .to_owned();
                    let target = match event {
                        Event::Alias(_) => {
                            self.anchors.get(&name).map(|&kind| AliasTarget { kind })
                        }
                        _ => None,
                    };
                    self.add(Node {
                        span,
                        kind: NodeKind::Alias(Alias { name, target }),
                        anchor: None,
                        tag: None,
                    });
                    Last::Item
                }
                Event::SequenceStart(style, _, ref tag)
                | Event::MappingStart(style, _, ref tag) => {
                    self.count(span)?;
                    if self.stack.len() >= self.limits.max_depth {
                        return Err(YamlError {
                            kind: YamlErrorKind::TooDeep,
                            span,
                            message: format!(
                                "nesting deeper than {} levels is not supported",
                                self.limits.max_depth
                            ),
                        });
                    }
                    let tag = tag.as_ref().map(|tag| {
                        Box::new(Property {
                            name: tag.to_string(),
                            span: parser_span.tag_span().map_or(span, |t| self.span(&t)),
                        })
                    });
                    self.stack.push(Frame {
                        start: span,
                        mapping: matches!(event, Event::MappingStart(..)),
                        flow: style == StructureStyle::Flow,
                        anchor: None,
                        tag,
                        items: self.items.len(),
                    });
                    Last::Frame
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some(frame) = self.stack.pop() {
                        let items = self.items.drain(frame.items..);
                        let node = close(frame, items, span);
                        self.add(node);
                    }
                    Last::Other
                }
                Event::Anchor(_, name) => {
                    let name = name.into_owned();
                    let anchor = Some(Box::new(Property {
                        name: name.clone(),
                        span,
                    }));
                    let kind = match last {
                        Last::Frame => self.stack.last_mut().map(|frame| {
                            frame.anchor = anchor;
                            if frame.mapping {
                                AnchoredKind::Mapping
                            } else {
                                AnchoredKind::Sequence
                            }
                        }),
                        Last::Item => {
                            let node = match self.stack.is_empty() {
                                false => self.items.last_mut(),
                                true => self.root.as_mut(),
                            };
                            node.and_then(|node| {
                                node.anchor = anchor;
                                match &node.kind {
                                    NodeKind::Mapping(_) => Some(AnchoredKind::Mapping),
                                    NodeKind::Sequence(_) => Some(AnchoredKind::Sequence),
                                    NodeKind::Scalar(_) => Some(AnchoredKind::Scalar),
                                    NodeKind::Alias(alias) => alias.target.map(|t| t.kind),
                                }
                            })
                        }
                        Last::Other => None,
                    };
                    match kind {
                        Some(kind) => {
                            self.anchors.insert(name, kind);
                        }
                        None => {
                            self.anchors.remove(&name);
                        }
                    }
                    Last::Other
                }
                // StreamStart, StreamEnd, DocumentEnd, and whatever a later version adds.
                _ => last,
            };
            last = this;
            self.cursor = self.cursor.max(span.end);
        }
        Ok(Document {
            root: self.root,
            comments: self.comments,
            extra_document,
        })
    }

    fn span(&self, span: &granit_parser::Span) -> Span {
        let offset = |marker: &granit_parser::Marker| {
            marker
                .byte_offset()
                .unwrap_or_else(|| char_to_byte(self.source, marker.index()))
                .min(self.source.len())
        };
        let start = offset(&span.start);
        Span::new(start, offset(&span.end).max(start))
    }

    fn count(&mut self, span: Span) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(YamlError {
                kind: YamlErrorKind::TooManyNodes,
                span,
                message: format!("more than {} YAML nodes", self.limits.max_nodes),
            });
        }
        Ok(())
    }

    fn add(&mut self, node: Node) {
        match self.stack.is_empty() {
            false => self.items.push(node),
            true => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
        }
    }

    fn scalar(
        &self,
        value: String,
        style: ParserStyle,
        span: Span,
        tag: Option<Box<Property>>,
    ) -> Node {
        let (style, value, raw, block) = match style {
            ParserStyle::Literal | ParserStyle::Folded => {
                let style = if style == ParserStyle::Literal {
                    ScalarStyle::Literal
                } else {
                    ScalarStyle::Folded
                };
                match cook::find_header(self.source, self.cursor, span.start) {
                    Some(header) => {
                        // Unless the value is only line feeds, the parser's span starts at the
                        // first content character, whose column is the indentation.
                        let content = (!value.bytes().all(|b| b == b'\n')).then_some(span.start);
                        let end = trim_end(self.source, header, span.end);
                        let layout = BlockLayout {
                            header,
                            content,
                            end: span.end,
                        };
                        (style, value, Span::new(header, end), Some(layout))
                    }
                    None => (style, value, span, None),
                }
            }
            ParserStyle::Plain if span.is_empty() => {
                (ScalarStyle::Plain, String::new(), span, None)
            }
            ParserStyle::Plain => (ScalarStyle::Plain, value, span, None),
            ParserStyle::SingleQuoted => (ScalarStyle::SingleQuoted, value, span, None),
            ParserStyle::DoubleQuoted => (ScalarStyle::DoubleQuoted, value, span, None),
        };
        Node {
            span: raw,
            kind: NodeKind::Scalar(Scalar {
                value,
                style,
                raw,
                block,
                map: None,
            }),
            anchor: None,
            tag,
        }
    }
}

/// Turns a finished frame and its items into its node; `end` is the span of the closing event.
fn close(frame: Frame, items: std::vec::Drain<'_, Node>, end: Span) -> Node {
    let last_end = items
        .as_slice()
        .last()
        .map_or(frame.start.end, |n| n.span.end);
    let span = if frame.flow {
        Span::new(frame.start.start, end.end.max(last_end))
    } else {
        Span::new(frame.start.start, last_end.max(frame.start.end))
    };
    let kind = if frame.mapping {
        let mut entries = Vec::with_capacity(items.len().div_ceil(2));
        let mut items = items;
        while let Some(key) = items.next() {
            let value = items.next().unwrap_or_else(|| Node {
                span: Span::at(key.span.end),
                kind: NodeKind::Scalar(Scalar {
                    value: String::new(),
                    style: ScalarStyle::Plain,
                    raw: Span::at(key.span.end),
                    block: None,
                    map: None,
                }),
                anchor: None,
                tag: None,
            });
            entries.push(Entry { key, value });
        }
        NodeKind::Mapping(entries)
    } else {
        // A drain knows its length: the vector is allocated at its exact size.
        NodeKind::Sequence(items.collect())
    };
    Node {
        span,
        kind,
        anchor: frame.anchor,
        tag: frame.tag,
    }
}

/// `end` moved back over trailing blanks and line breaks, not before `start + 1`.
fn trim_end(source: &str, start: usize, end: usize) -> usize {
    let bytes = source.as_bytes();
    let mut end = end.min(bytes.len());
    while end > start + 1 && matches!(bytes[end - 1], b' ' | b'\t' | b'\r' | b'\n') {
        end -= 1;
    }
    end
}

/// The byte offset of character `index` (only for markers without a byte offset, which string
/// input never produces).
fn char_to_byte(source: &str, index: usize) -> usize {
    source
        .char_indices()
        .nth(index)
        .map_or(source.len(), |(offset, _)| offset)
}

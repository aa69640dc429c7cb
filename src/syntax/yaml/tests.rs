use super::*;
use proptest::prelude::*;

/// Every node of the tree, iteratively.
fn nodes(root: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        out.push(node);
        match &node.kind {
            NodeKind::Mapping(entries) => {
                for entry in entries.iter().rev() {
                    stack.push(&entry.value);
                    stack.push(&entry.key);
                }
            }
            NodeKind::Sequence(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    out
}

fn scalars(doc: &Document) -> Vec<&Scalar> {
    doc.root
        .as_ref()
        .map(|root| {
            nodes(root)
                .into_iter()
                .filter_map(Node::as_scalar)
                .collect()
        })
        .unwrap_or_default()
}

fn root(source: &str) -> Node {
    parse(source).expect("valid YAML").root.expect("a document")
}

/// The only scalar whose value contains `needle`.
fn scalar_with<'a>(doc: &'a Document, needle: &str) -> &'a Scalar {
    let found: Vec<_> = scalars(doc)
        .into_iter()
        .filter(|s| s.value.contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "scalars containing {needle:?}: {found:?}");
    found[0]
}

/// Words: runs of alphanumeric characters (Chinese included) and emoji.
fn words(text: &str) -> Vec<(usize, &str)> {
    let is_word = |c: char| c.is_alphanumeric() || c as u32 >= 0x1F000 || c == '_';
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (is_word(c) && i < text.len(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// For every scalar of `source`: the map is exact, and every word of every line of the cooked
/// value maps onto the same word in the source. Inputs use no escape that makes a letter.
fn assert_words_map(source: &str) {
    let doc = parse(source).unwrap_or_else(|e| panic!("{source:?}: {e:?}"));
    let scalars = scalars(&doc);
    assert!(!scalars.is_empty());
    for scalar in scalars {
        let mapped = scalar
            .mapped_exact(source)
            .unwrap_or_else(|| panic!("no exact map for {scalar:?} in {source:?}"));
        assert_eq!(mapped.text, scalar.value);
        let mut line_start = 0;
        for line in mapped.text.split('\n') {
            for (offset, word) in words(line) {
                let start = line_start + offset;
                let span = mapped.map.span(Span::new(start, start + word.len()));
                assert_eq!(
                    &source[span.range()],
                    word,
                    "word {word:?} of {:?} in {source:?}",
                    scalar.value
                );
            }
            line_start += line.len() + 1;
        }
    }
}

#[test]
fn words_map_back_in_every_style() {
    let cases = [
        // plain, single and multi-line, Chinese and emoji
        "名前: 值🎉 テスト\nk: plain multi\n  line 中文\n   here 🎉 end\n",
        "k: a\n\n  b\n\n\n  c d\n",
        "- one two\n  three\n- four\n",
        "k:   spaced   words  \n",
        // single-quoted with '' and folding
        "k: 'it''s 中文 ''q'''\nl: 'one\n  two\n\n  three   '\n",
        "k: '  lead\n   mid  \n  trail  '\n",
        // double-quoted with escapes and folding
        "k: \"a\\n\\t\\\"é 🎉 word\\\\x\"\n",
        "k: \"fold\n   next  \n\n  para \\\n   joined\\\n\n   gap\"\n",
        "k: \"tab\\\ttab \\  sp\\ \n  x\"\n",
        "k: \"\n  first\"\n",
        "k: \"last\n\"\n",
        // literal block scalars: indentation, indicators, chomping
        "a: |\n  x 中\n   y\n\n  z\n",
        "a: |2-\n    x 中\n   y\n\nb: 1\n",
        "a: |+\n  keep\n\n\nb: 1\n",
        "a: |-\n  strip\n\n\nb: 1\n",
        "a: |1\n  lead\n x\n",
        "a: |\n\n\n  after blank lines\n  more\n",
        "o:\n  k: |\n    nested 中\n      deeper\n    back\n  z: 1\n",
        "- |\n  item one\n- |-\n  item two\n",
        "a: | # comment\n  text here\n",
        "a: &anc !!str |\n  anchored text\n",
        "|\nroot literal\nlines\n",
        "a: |\n  no final break",
        // folded block scalars: folding, more-indented lines, chomping
        "b: >\n  f1 w\n  f2\n\n   more indented\n  last\n\n",
        "b: >+\n  keep\n  this\n\n\n",
        "b: >-\n  strip\n  this\n\n",
        "b: >2\n   spaced\n  normal\n  again\n",
        "b: >\n a\n\n  b\n c\n",
        "b: >\n  x\tt\n  \ty\n  z\n",
        // flow collections
        "d: [1, {e: 🎉, f: \"g h\"}, 'i j', k l]\n",
        "{a: [b, c], d: {e: f}}",
        // CRLF and a byte-order mark
        "\u{feff}k: v w\r\nl: |\r\n  x 中\r\n  y\r\nm: >\r\n  p\r\n  q\r\n\r\n  r\r\nn: 'a\r\n  b'\r\n",
        // JSON
        "{\"Tasks\": [{\"Name\": \"a\\nb c\", \"Action\": \"RunShellCommand\"}], \"x\": [1, 2.5, true, null]}",
        "{\n  \"Content\": \"Tasks:\\n  - Name: t1\\n    Action: Reboot\\n\",\n  \"Name\": \"名字\"\n}\n",
    ];
    for case in cases {
        assert_words_map(case);
    }
}

#[test]
fn escapes_map_to_their_sequence() {
    let source = r#"k: "a\tb\\c\u4e2dd\U0001F389e\x41f\"g\/h\uD834\uDD1Ei\Lj""#;
    let doc = parse(source).unwrap();
    let scalar = scalar_with(&doc, "a\tb");
    let mapped = scalar.mapped_exact(source).unwrap();
    assert_eq!(mapped.text, "a\tb\\c中d🎉eAf\"g/h𝄞i\u{2028}j");
    // Each escaped character: starts at its backslash, stays inside its sequence.
    let spans: Vec<_> = mapped
        .text
        .char_indices()
        .map(|(i, c)| (c, mapped.map.span(Span::new(i, i + c.len_utf8()))))
        .collect();
    for (k, &(c, span)) in spans.iter().enumerate() {
        if c.is_ascii_lowercase() {
            assert_eq!(&source[span.range()], c.to_string());
        } else {
            assert_eq!(&source[span.start..span.start + 1], "\\", "{c:?}");
            assert!(span.end > span.start);
        }
        if let Some((_, next)) = spans.get(k + 1) {
            assert!(span.end <= next.start, "{c:?} {span:?} {next:?}");
        }
    }
    // A word around escapes still maps whole.
    let b = mapped.text.find('b').unwrap();
    let span = mapped
        .map
        .span(Span::new(b, mapped.text.find('d').unwrap() + 1));
    assert_eq!(&source[span.range()], r"b\\c\u4e2dd");
}

#[test]
fn folding_maps_to_line_breaks() {
    let source = "k: >\n  one\n  two\n\n  three\n";
    let doc = parse(source).unwrap();
    let mapped = scalar_with(&doc, "one").mapped_exact(source).unwrap();
    assert_eq!(mapped.text, "one two\nthree\n");
    let space = mapped.map.span(Span::new(3, 4));
    let break_after_one = source.find("one\n").unwrap() + 3;
    assert_eq!(space, Span::new(break_after_one, break_after_one + 1));
    assert_eq!(&source[space.range()], "\n");
    let newline = mapped.map.span(Span::new(7, 8));
    assert_eq!(&source[newline.range()], "\n");
    assert_eq!(newline.start, source.find("\n\n").unwrap() + 1);

    let source = "k: plain\n  folded\n";
    let doc = parse(source).unwrap();
    let mapped = scalar_with(&doc, "plain").mapped_exact(source).unwrap();
    assert_eq!(mapped.map.span(Span::new(5, 6)), Span::new(8, 9));
    assert_eq!(&source[8..9], "\n");
}

#[test]
fn literal_lines_map_to_source_lines() {
    let source = "Tasks:\n  - Name: t\n    Properties:\n      commandContent: |\n        echo 中文 🎉\n          indented\n\n        last\n";
    let doc = parse(source).unwrap();
    let scalar = scalar_with(&doc, "echo");
    assert_eq!(scalar.value, "echo 中文 🎉\n  indented\n\nlast\n");
    assert_eq!(
        &source[scalar.raw.range()],
        "|\n        echo 中文 🎉\n          indented\n\n        last"
    );
    let mapped = scalar.mapped_exact(source).unwrap();
    let mut at = 0;
    for line in mapped.text.split_inclusive('\n') {
        let span = mapped.map.span(Span::new(at, at + line.len()));
        assert_eq!(&source[span.range()], line);
        at += line.len();
    }
}

#[test]
fn tree_shape_spans_and_duplicates() {
    let source = "a: 1\nb: [x, 'y']\na: 2\nc:\n  - d: e\n";
    let root = root(source);
    let entries = root.as_mapping().unwrap();
    assert_eq!(entries.len(), 4);
    let keys: Vec<_> = entries
        .iter()
        .map(|e| e.key.as_scalar().unwrap().value.as_str())
        .collect();
    assert_eq!(keys, ["a", "b", "a", "c"]);
    assert_eq!(root.entries("a").count(), 2);
    assert_eq!(root.get("a").unwrap().as_scalar().unwrap().value, "1");
    for entry in entries {
        assert_eq!(
            &source[entry.key.span.range()],
            entry.key.as_scalar().unwrap().value
        );
    }
    let b = root.get("b").unwrap();
    assert_eq!(&source[b.span.range()], "[x, 'y']");
    let y = &b.as_sequence().unwrap()[1];
    assert_eq!(&source[y.span.range()], "'y'");
    assert_eq!(y.as_scalar().unwrap().style, ScalarStyle::SingleQuoted);
    let c = root.get("c").unwrap();
    assert_eq!(&source[c.span.range()], "- d: e");
    assert_eq!(&source[root.span.range()], source.trim_end());
}

#[test]
fn empty_values_anchors_aliases_tags() {
    let source = "a:\nb: &x !t [1]\nc: *x\nd: *nope\ne: !!str 3\nf: ~\n";
    let root = root(source);
    let a = root.get("a").unwrap().as_scalar().unwrap();
    assert!(a.value.is_empty() && a.is_null() && a.raw.is_empty());
    let b = root.get("b").unwrap();
    let anchor = b.anchor.as_deref().unwrap();
    assert_eq!(
        (anchor.name.as_str(), &source[anchor.span.range()]),
        ("x", "&x")
    );
    let tag = b.tag.as_deref().unwrap();
    assert_eq!((tag.name.as_str(), &source[tag.span.range()]), ("!t", "!t"));
    let alias = |key| match &root.get(key).unwrap().kind {
        NodeKind::Alias(alias) => alias.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        alias("c"),
        Alias {
            name: "x".into(),
            target: Some(AliasTarget {
                kind: AnchoredKind::Sequence
            })
        }
    );
    assert_eq!(
        alias("d"),
        Alias {
            name: "nope".into(),
            target: None
        }
    );
    let e = root.get("e").unwrap();
    assert_eq!(e.tag.as_deref().unwrap().name, "tag:yaml.org,2002:str");
    assert_eq!(e.as_scalar().unwrap().value, "3");
    assert!(root.get("f").unwrap().as_scalar().unwrap().is_null());

    let root = self::root("k: &s scalar\n");
    let k = root.get("k").unwrap();
    assert_eq!(k.anchor.as_deref().unwrap().name, "s");
}

#[test]
fn an_alias_knows_the_kind_of_node_its_anchor_marks() {
    let source = "\
props: &props\n  a: 1\nlist: &list\n  - 1\nflow: &flow {x: [y]}\ntext: &text hello\n\
p: *props\nl: *list\nf: *flow\nt: *text\n\
again: &props [1]\np2: *props\nself: &me [*me]\nempty: &empty\ne: *empty\n";
    let root = root(source);
    let kind = |key: &str| root.get(key).unwrap().alias_target();
    assert_eq!(kind("p"), Some(AnchoredKind::Mapping));
    assert_eq!(kind("l"), Some(AnchoredKind::Sequence));
    assert_eq!(kind("f"), Some(AnchoredKind::Mapping));
    assert_eq!(kind("t"), Some(AnchoredKind::Scalar));
    // An anchor given again marks the node it is on from there.
    assert_eq!(kind("p2"), Some(AnchoredKind::Sequence));
    // An alias inside the node its anchor marks (never expanded).
    let inner = &root.get("self").unwrap().as_sequence().unwrap()[0];
    assert_eq!(inner.alias_target(), Some(AnchoredKind::Sequence));
    assert_eq!(kind("e"), Some(AnchoredKind::Scalar));
    assert_eq!(kind("props"), None, "not an alias");
}

#[test]
fn documents_and_comments() {
    assert_eq!(parse("").unwrap().root, None);
    let doc = parse_with_comments("# only a comment\n").unwrap();
    assert_eq!((doc.root, doc.comments), (None, vec![Span::new(0, 16)]));
    let doc = parse("---\n").unwrap();
    assert!(doc.root.unwrap().as_scalar().unwrap().is_null());

    let source = "a: 1 # one\n---\nb: [\n";
    assert_eq!(parse(source).unwrap().comments, vec![]);
    let doc = parse_with_comments(source).unwrap();
    assert_eq!(
        doc.root
            .unwrap()
            .get("a")
            .unwrap()
            .as_scalar()
            .unwrap()
            .value,
        "1"
    );
    assert_eq!(doc.comments, vec![Span::new(5, 10)]);
    assert_eq!(doc.extra_document, Some(Span::new(11, 14)));
    assert_eq!(parse("a: 1\n...\n").unwrap().extra_document, None);
}

#[test]
fn syntax_errors_have_a_span_and_a_message() {
    let error = parse("x: [1, 2\n").unwrap_err();
    assert_eq!(error.kind, YamlErrorKind::Syntax);
    assert_eq!(error.span, Span::at(3));
    assert!(
        error.message.contains("unclosed bracket"),
        "{}",
        error.message
    );

    let source = "名前: a\n b: c\n";
    let error = parse(source).unwrap_err();
    assert!(source.is_char_boundary(error.span.start));
    assert!(!error.message.is_empty());
    assert!(parse("k: \"a\\qb\"").is_err());
    assert!(parse("k: |0\n x\n").is_err());
}

#[test]
fn caps_stop_building_with_a_span() {
    let limits = Limits {
        max_depth: 3,
        max_nodes: 10,
    };
    let error = parse_with_limits("a: [[[x]]]\n", limits).unwrap_err();
    assert_eq!(
        (error.kind, error.span),
        (YamlErrorKind::TooDeep, Span::new(5, 6))
    );
    assert!(parse_with_limits("a: [[x]]\n", limits).is_ok());
    let error = parse_with_limits("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", limits).unwrap_err();
    assert_eq!(
        (error.kind, error.span),
        (YamlErrorKind::TooManyNodes, Span::new(28, 30))
    );

    let deep = "[".repeat(DEFAULT_MAX_DEPTH + 1) + &"]".repeat(DEFAULT_MAX_DEPTH + 1);
    let error = parse(&deep).unwrap_err();
    assert_eq!(error.kind, YamlErrorKind::TooDeep);
    assert_eq!(
        error.span,
        Span::new(DEFAULT_MAX_DEPTH, DEFAULT_MAX_DEPTH + 1)
    );
    let many = format!("[{}]", "1,".repeat(DEFAULT_MAX_NODES));
    assert_eq!(parse(&many).unwrap_err().kind, YamlErrorKind::TooManyNodes);
}

/// Runs `f` on a thread with a 256 KiB stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no stack overflow")
}

#[test]
fn deep_nesting_never_overflows_the_stack() {
    const N: usize = 100_000;
    let inputs = [
        "[".repeat(N) + &"]".repeat(N),
        "{a: ".repeat(N) + "1" + &"}".repeat(N),
        "- ".repeat(N) + "x\n",
        (0..N)
            .map(|i| format!("{}a:\n", " ".repeat(i % 2000)))
            .collect(),
        "a:\n".repeat(N),
    ];
    for input in inputs {
        let result = on_small_stack(move || parse(&input).map(|_| ()).map_err(|e| e.kind));
        assert!(
            matches!(
                result,
                Err(YamlErrorKind::TooDeep | YamlErrorKind::TooManyNodes | YamlErrorKind::Syntax)
            ),
            "{result:?}"
        );
    }
    // The deepest tree the cap allows is built and dropped on a small stack.
    let depth = DEFAULT_MAX_DEPTH;
    let input = "{a: ".repeat(depth) + "1" + &"}".repeat(depth);
    on_small_stack(move || {
        let doc = parse(&input).unwrap();
        drop(doc);
    });
    // A block sequence of mappings: two levels a line.
    let input: String = (0..depth / 2)
        .map(|i| format!("{}- k:\n", "  ".repeat(i)))
        .collect();
    let result = on_small_stack(move || parse(&input).map(drop).map_err(|e| e.kind));
    assert_eq!(result, Ok(()));
}

#[test]
fn json_manifest() {
    let source = "{\n  \"Name\": \"web\",\n  \"Content\": \"RUN echo \\\"hi\\\"\\nWORKDIR \\u4e2d/tmp\\n\"\n}\n";
    let root = root(source);
    let content = root.get("Content").unwrap().as_scalar().unwrap();
    let mapped = content.mapped_exact(source).unwrap();
    assert_eq!(mapped.text, "RUN echo \"hi\"\nWORKDIR 中/tmp\n");
    let workdir = mapped.text.find("WORKDIR").unwrap();
    let span = mapped.map.span(Span::new(workdir, workdir + 7));
    assert_eq!(&source[span.range()], "WORKDIR");
    let tmp = mapped.text.find("/tmp").unwrap();
    let span = mapped.map.span(Span::new(tmp, tmp + 4));
    assert_eq!(&source[span.range()], "/tmp");
    // The line feed and the Chinese character cover their whole escapes.
    let lf = mapped.text.find('\n').unwrap();
    assert_eq!(
        &source[mapped.map.span(Span::new(lf, lf + 1)).range()],
        "\\n"
    );
    let zh = mapped.text.find('中').unwrap();
    let span = mapped.map.span(Span::new(zh, zh + 3));
    assert_eq!(&source[span.range()], "\\u4e2d");
}

/// Checks the invariants on any input: no panic; every span in bounds and on character
/// boundaries; every scalar maps exactly, and its map stays in bounds.
fn check_invariants(source: &str) {
    // Collecting comments changes nothing else.
    let without = parse(source);
    let Ok(doc) = parse_with_comments(source) else {
        assert!(without.is_err(), "{source:?}");
        return;
    };
    let without = without.unwrap_or_else(|e| panic!("{source:?}: {e:?}"));
    assert_eq!(
        (&without.root, without.extra_document),
        (&doc.root, doc.extra_document)
    );
    let ok = |span: Span| {
        span.start <= span.end
            && span.end <= source.len()
            && source.is_char_boundary(span.start)
            && source.is_char_boundary(span.end)
    };
    for span in doc.comments.iter().chain(&doc.extra_document) {
        assert!(ok(*span));
    }
    let Some(root) = &doc.root else { return };
    for node in nodes(root) {
        assert!(ok(node.span), "{node:?}");
        for property in node.anchor.iter().chain(&node.tag) {
            assert!(ok(property.span));
        }
        if let Some(scalar) = node.as_scalar() {
            let mapped = scalar.mapped_exact(source);
            assert!(
                mapped.is_some(),
                "no exact map for {scalar:?} in {source:?}"
            );
            let mapped = mapped.unwrap();
            for (i, c) in mapped.text.char_indices() {
                let span = mapped.map.span(Span::new(i, i + c.len_utf8()));
                assert!(ok(span), "{span:?} of {c:?} in {scalar:?} in {source:?}");
            }
        }
    }
}

fn yaml_like() -> impl Strategy<Value = String> {
    let fragment = prop::sample::select(vec![
        "a", "key", "中文", "🎉", "é", " ", "  ", "\t", "\n", "\r\n", ": ", ":", "- ", "-", "? ",
        "|", "|-", "|+", "|2", ">", ">-", ">+", "'", "''", "\"", "\\", "\\n", "\\u4e2d", "\\x41",
        "\\\n", "#", " # c", "[", "]", "{", "}", ", ", "&a ", "*a", "!t ", "!!str ", "---\n",
        "...\n", "\n  ", "\n    ", "\n      ",
    ]);
    prop::collection::vec(fragment, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_arbitrary_text(source in any::<String>()) {
        check_invariants(&source);
    }

    #[test]
    fn never_panics_on_yaml_like_text(source in yaml_like()) {
        check_invariants(&source);
    }

    #[test]
    fn block_scalars_map_exactly(
        lines in prop::collection::vec(("[ ]{0,3}", "[a-z中🎉 ]{0,6}"), 1..6),
        header in prop::sample::select(vec!["|", "|-", "|+", ">", ">-", ">+", "|2", ">1-"]),
        nested in any::<bool>(),
    ) {
        let indent = if nested { "    " } else { "  " };
        let mut source = String::from(if nested { "o:\n  k: " } else { "k: " });
        source.push_str(header);
        source.push('\n');
        for (extra, text) in &lines {
            source.push_str(indent);
            source.push_str(extra);
            source.push_str(text);
            source.push('\n');
        }
        source.push_str(if nested { "  z: 1\n" } else { "z: 1\n" });
        check_invariants(&source);
    }

    #[test]
    fn flow_scalars_map_exactly(
        parts in prop::collection::vec(prop::sample::select(vec![
            "a", "b c", "中", "🎉", " ", "\t", "\n", "\n\n", "\n  ", "  \n", "\\n", "\\t", "\\\"",
            "\\\\", "\\u00e9", "\\\n", "''", "\\ ",
        ]), 0..12),
        quote in prop::sample::select(vec!['"', '\'', ' ']),
    ) {
        let body: String = parts.concat();
        let source = if quote == ' ' {
            format!("k: x{}x\n", body.replace(['\\', '\''], ""))
        } else {
            let body = if quote == '\'' { body.replace('\\', "") } else { body.replace("''", "'") };
            format!("k: {quote}{body}{quote}\n")
        };
        check_invariants(&source);
    }
}

#[test]
fn regressions_found_by_proptest() {
    for source in [
        // The parser lets a comment line interrupt a multi-line plain scalar.
        "key: :}\r\n\t # c\n  -a\t!!str \t",
        // A blank kept block scalar at the end without a line break gets a line feed.
        "🎉: |+\n  ",
        ">+ # c\n  ",
        "...\n|\n}",
        "|",
    ] {
        check_invariants(source);
    }
}

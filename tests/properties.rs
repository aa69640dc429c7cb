//! Properties that must hold for every input: the parser, the linter and the byte-level entry point
//! never panic, and every span they return lies inside the text it points into, on character
//! boundaries (so slicing the text with it, and turning it into a line and column, is safe).

use iclint::catalog::{Kind, Limits, SystemType};
use iclint::diagnostic::Diagnostic;
use iclint::report::{self, human};
use iclint::source::Span;
use iclint::syntax::dockerfile::{Command, parse};
use iclint::{FileKind, FileReport, Options, lint_bytes, lint_text};

/// The findings on raw content.
fn lint_content(text: &str, options: &Options) -> Vec<Diagnostic> {
    lint_text("x", text, FileKind::Content, options).diagnostics
}
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Span checks

/// `span` lies in `text`, the right way round, with both ends on character boundaries.
fn check_span(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} out of bounds of a text of {} bytes: {text:?}",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} is not on character boundaries of {text:?}"
    );
    Ok(())
}

/// The character boundaries of `text`, at most about `limit` of them (evenly spread, always with
/// both ends), so checking every pair stays cheap on long arguments.
fn boundaries(text: &str, limit: usize) -> Vec<usize> {
    let all: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    if all.len() <= limit {
        return all;
    }
    let step = all.len().div_ceil(limit);
    let mut some: Vec<usize> = all.iter().copied().step_by(step).collect();
    if some.last() != Some(&text.len()) {
        some.push(text.len());
    }
    some
}

fn check_command(content: &str, command: &Command<'_>) -> Result<(), TestCaseError> {
    check_span(content, command.span, "command.span")?;
    check_span(content, command.keyword_span, "keyword_span")?;
    check_span(content, command.argument_span, "argument_span")?;
    if let Some(backslash) = command.dangling_continuation {
        check_span(content, backslash, "dangling_continuation")?;
        prop_assert_eq!(&content[backslash.range()], "\\");
    }
    prop_assert_eq!(&content[command.keyword_span.range()], command.keyword);
    prop_assert!(command.keyword_span.start >= command.span.start);
    prop_assert!(command.keyword_span.end <= command.span.end);
    prop_assert!(command.argument_span.end <= command.span.end);

    let argument = &command.argument.text;
    // Every span of the argument maps to a span of the content on character boundaries.
    let points = boundaries(argument, 40);
    for (i, &start) in points.iter().enumerate() {
        for &end in &points[i..] {
            let mapped = command.argument_to_content(Span::new(start, end));
            check_span(content, mapped, "argument span mapped to the content")?;
        }
    }
    // Every character of the argument was copied from the content: it maps onto itself. The
    // one exception is the space that separates words at a continuation: it maps to the `\`.
    for (i, c) in argument.char_indices() {
        let mapped = command.argument_to_content(Span::new(i, i + c.len_utf8()));
        check_span(content, mapped, "argument character mapped to the content")?;
        let original = &content[mapped.range()];
        if c == ' ' && original == "\\" {
            prop_assert!(
                command.known.is_some_and(|k| !k.takes_shell_text()),
                "a space stands for a continuation in shell text: {:?}",
                argument
            );
            continue;
        }
        prop_assert_eq!(
            original,
            &argument[i..i + c.len_utf8()],
            "argument character at {} of {:?} maps to {:?}",
            i,
            argument,
            mapped
        );
    }
    Ok(())
}

fn check_parse(content: &str) -> Result<(), TestCaseError> {
    let script = parse(content);
    for command in &script.commands {
        check_command(content, command)?;
    }
    for &comment in &script.comments {
        check_span(content, comment, "comment")?;
        prop_assert!(content[comment.range()].trim_start().starts_with('#'));
    }
    Ok(())
}

fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    for d in diagnostics {
        check_span(text, d.span, d.code())?;
        for related in &d.related {
            check_span(text, related.span, &format!("{} (related)", d.code()))?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Generators

/// Pieces Dockerfile-format content is made of, and the characters that trip parsers up.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "RUN", "run", "Run", "rUN", "WORKDIR", "workdir", "ENV", "env", "LABEL", "COPY",
            "copy", "USER", "CMD", "ENTRYPOINT", "RESTART", "restart", "FROM", "COMPONENT",
            "ADD", "EXPOSE", "WORKDIRR",
        ])
        .prop_map(String::from),
        8 => prop::sample::select(vec![
            " ", "  ", "\t", "\\", "\\ ", "\\  \t", "\\\t", "\n", "\n", "\r\n", "\r\n", "\r",
            "\\\n", "\\\r\n", "\\ \n", "#", "# note", "  # indented", "\"", "'", "\\\"", "[",
            "]", "[\"a\", \"b\"]", "[]", "{", "}", ",", ":", "=", "A=", "k=\"v\"", "\"中文 x\"",
            "中文", "文", "😀", "é", "e\u{301}", "\u{feff}", "\u{3000}", "\u{a0}", "\u{b}",
            "\u{c}", "\u{85}", "\u{2028}", "\0", "/opt", "opt", "./x", "..", "http://a/b",
            "https://x/a?b=1", "ftp://x", "oss://b/k", "root", "1000", "$HOME", "${X}", "&&",
            "echo", "-y",
            // Shell text (rules/shell): commands, pipes, substitutions, here-documents.
            "sudo", "apt-get install", "yum", "curl", "| sh", "$(", ")", "<(", "`", "<<EOF\n",
            "\nEOF\n", ";", "cd /x", "rm -rf \"$D\"/", "PASSWORD=x", "LTAI0123456789abcdef",
            "reboot", "{{ p }}", "case", "esac", "if", "then", "fi",
        ])
        .prop_map(String::from),
        2 => "[a-zA-Z0-9_./-]{1,6}".prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Content glued together from pieces, perhaps behind a byte-order mark.
fn soup() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(piece(), 0..48)).prop_map(|(bom, pieces)| {
        let mut text = if bom {
            "\u{feff}".to_string()
        } else {
            String::new()
        };
        text.extend(pieces);
        text
    })
}

/// One line: indentation, a keyword, a separator, argument pieces, a line ending.
fn line() -> impl Strategy<Value = String> {
    let indent = prop::sample::select(vec!["", "", "", " ", "\t", "  \t"]);
    let keyword = prop::sample::select(vec![
        "RUN",
        "run",
        "Run",
        "WORKDIR",
        "ENV",
        "LABEL",
        "COPY",
        "USER",
        "CMD",
        "ENTRYPOINT",
        "RESTART",
        "FROM",
        "COMPONENT",
        "ADD",
        "#",
        "",
        "中文",
    ]);
    let separator = prop::sample::select(vec!["", " ", "\t", "   ", " \t"]);
    let ending = prop::sample::select(vec![
        "", "\n", "\n", "\r\n", " \\\n", "\\\r\n", "\\  \n", "\\", "\\ \t", "\n\n", "\r",
    ]);
    (
        indent,
        keyword,
        separator,
        prop::collection::vec(piece(), 0..6),
        ending,
    )
        .prop_map(|(indent, keyword, separator, arguments, ending)| {
            let mut line = format!("{indent}{keyword}{separator}");
            line.extend(arguments);
            line.push_str(ending);
            line
        })
}

/// Content made of lines, perhaps behind a byte-order mark.
fn lines() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(line(), 0..12)).prop_map(|(bom, lines)| {
        let mut text = if bom {
            "\u{feff}".to_string()
        } else {
            String::new()
        };
        text.extend(lines);
        text
    })
}

/// Dockerfile-like content of either shape.
fn content() -> impl Strategy<Value = String> {
    prop_oneof![soup(), lines()]
}

fn options() -> impl Strategy<Value = Options> {
    (
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(None), (0usize..64, 0usize..6).prop_map(Some)],
    )
        .prop_map(|(template, windows, limits)| Options {
            kind: if template {
                Kind::Template
            } else {
                Kind::Component
            },
            system_type: if windows {
                SystemType::Windows
            } else {
                SystemType::Linux
            },
            // Small limits make the length and command-count rules fire on short inputs, also
            // in the middle of multibyte characters.
            limits: limits.map_or_else(Limits::default, |(content_bytes, commands)| Limits {
                content_bytes,
                commands,
            }),
            ..Options::default()
        })
}

/// Bytes: arbitrary ones, or Dockerfile-like content with some bytes overwritten.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        (
            content(),
            prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4)
        )
            .prop_map(|(text, edits)| {
                let mut bytes = text.into_bytes();
                for (at, byte) in edits {
                    if !bytes.is_empty() {
                        let at = at.index(bytes.len());
                        bytes[at] = byte;
                    }
                }
                bytes
            }),
    ]
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    // 256 cases by default; `PROPTEST_CASES=100000` searches harder.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn parse_never_panics_on_any_string(text in any::<String>()) {
        check_parse(&text)?;
    }

    #[test]
    fn parse_spans_are_on_char_boundaries(text in content()) {
        check_parse(&text)?;
    }

    #[test]
    fn lint_content_spans_are_on_char_boundaries(text in content()) {
        let diagnostics = lint_content(&text, &Options::default());
        check_diagnostics(&text, &diagnostics)?;
    }

    #[test]
    fn lint_content_for_windows_templates(text in content()) {
        let options = Options {
            kind: Kind::Template,
            system_type: SystemType::Windows,
            ..Options::default()
        };
        let diagnostics = lint_content(&text, &options);
        check_diagnostics(&text, &diagnostics)?;
    }

    #[test]
    fn lint_content_with_any_options(text in content(), options in options()) {
        let diagnostics = lint_content(&text, &options);
        check_diagnostics(&text, &diagnostics)?;
    }

    #[test]
    fn lint_content_on_any_string(text in any::<String>()) {
        let diagnostics = lint_content(&text, &Options::default());
        check_diagnostics(&text, &diagnostics)?;
    }

    /// Fixing reaches a fixed point: fixing the fixed text again changes nothing, and the line
    /// breaks (`\n` and `\r\n` alike) are those of the text before, but where a reboot became a
    /// `RESTART` of its own, and the line ending is the text's; also for content inline in a
    /// manifest, and for a manifest's version.
    #[test]
    fn fixes_are_idempotent_and_keep_line_breaks(
        text in content(),
        version in "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
    ) {
        let block: String = text.lines().map(|l| format!("  {l}\n")).collect();
        let manifest = format!("Name: x\nComponentVersion: {version}\nContent: |\n{block}");
        for (text, kind) in [
            (text.as_str(), FileKind::Content),
            (manifest.as_str(), FileKind::of(std::path::Path::new("x.component.yaml"))),
        ] {
            let lint = |t: &str| lint_text("x", t, kind, &Options::default()).diagnostics;
            let Some(fixed) = iclint::fix::fix_text(text, &lint(text), lint) else {
                continue;
            };
            prop_assert!(iclint::fix::apply(&fixed.text, &lint(&fixed.text)).is_none(), "{fixed:?}");
            // Lines change only where a reboot became a `RESTART` of its own (`ICL506`: a line
            // break before it, the continuations of the `RUN` it ended gone), and the line
            // ending is that of the text.
            let restarts = |t: &str| {
                t.lines()
                    .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
                    .filter(|l| l.eq_ignore_ascii_case("RESTART"))
                    .count()
            };
            let lone = |t: &str| t.matches('\n').count() - t.matches("\r\n").count();
            if restarts(&fixed.text) <= restarts(text) {
                prop_assert_eq!(fixed.text.matches('\n').count(), text.matches('\n').count());
                prop_assert_eq!(fixed.text.matches("\r\n").count(), text.matches("\r\n").count());
            } else if lone(text) == 0 {
                prop_assert_eq!(lone(&fixed.text), 0, "{:?}", fixed);
            } else if !text.contains("\r\n") {
                prop_assert!(!fixed.text.contains("\r\n"), "{fixed:?}");
            }
        }
    }

    #[test]
    fn lint_bytes_spans_are_in_the_report_text(bytes in bytes()) {
        let (text, lint) = lint_bytes("x", bytes, FileKind::Content, &Options::default());
        check_diagnostics(&text, &lint.diagnostics)?;
    }

    /// Lines and columns agree with counting characters from the start, also on lines far
    /// longer than the column index's checkpoints.
    #[test]
    fn positions_count_characters(
        pieces in prop::collection::vec(
            prop::sample::select(vec!["a", "é", "中", "😀", "\n", "\r\n", " "]), 1..16),
        repeat in prop_oneof![1usize..4, 300usize..1500],
        offsets in prop::collection::vec(any::<prop::sample::Index>(), 1..16),
    ) {
        let text = pieces.concat().repeat(repeat);
        let file = iclint::source::SourceFile::new("x", text.as_str());
        for index in offsets {
            let mut offset = index.index(text.len() + 1);
            let position = file.position(offset);
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let before = &text[..offset];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            prop_assert_eq!(position.line, before.matches('\n').count() + 1);
            prop_assert_eq!(position.column, before[line_start..].chars().count() + 1);
        }
    }

    /// The reporters turn any report into text without panicking.
    #[test]
    fn reports_render(bytes in bytes(), options in options()) {
        let (text, lint) = lint_bytes("x", bytes, FileKind::Content, &options);
        check_diagnostics(&text, &lint.diagnostics)?;
        let reports = vec![FileReport {
            source: iclint::source::SourceFile::new("x", text),
            diagnostics: lint.diagnostics,
        }];
        let json = report::json::render(&reports);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
        for color in [false, true] {
            let text = human::render(&reports, human::Style { color, width: 80 });
            prop_assert!(text.ends_with('\n'));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Content inside Terraform

/// `content` as an HCL quoted string: what Terraform reads back is `content` itself.
fn hcl_quoted(content: &str) -> String {
    let mut quoted = String::from("\"");
    for c in content.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() || !c.is_ascii() && (c as u32).is_multiple_of(3) => {
                // `\U` and eight digits: a character beyond U+FFFF has five or six.
                quoted.push_str(&format!("\\U{:08x}", c as u32))
            }
            c => quoted.push(c),
        }
    }
    quoted.replace("${", "$${").replace("%{", "%%{") + "\""
}

fn resource(value: &str) -> String {
    format!(
        "resource \"alicloud_ecs_image_component\" \"c\" {{\n  image_component_name = \"web\"\n  content = {value}\n}}\n"
    )
}

proptest! {
    /// Any content, quoted or in a heredoc, with any interpolation: no panic, and every span in
    /// the `.tf` text.
    #[test]
    fn terraform_spans_are_in_the_file(text in content(), heredoc in any::<bool>()) {
        let value = if heredoc {
            format!("<<-EOT\n{}\n  EOT", text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"))
        } else {
            hcl_quoted(&text).replace("$${X}", "${var.x}")
        };
        let tf = resource(&value);
        let lint = lint_text("main.tf", &tf, FileKind::Terraform, &Options::default());
        check_diagnostics(&tf, &lint.diagnostics)?;
    }

    /// Content in a quoted string finds what the same content finds as a file of its own, at
    /// the same text: the map through the escapes leads every finding to its place.
    #[test]
    fn terraform_quoted_content_maps_back(text in content()) {
        prop_assume!(!text.trim().is_empty());
        let tf = resource(&hcl_quoted(&text));
        let lint = lint_text("main.tf", &tf, FileKind::Terraform, &Options::default());
        prop_assume!(!lint.diagnostics.iter().any(|d| d.code() == "ICL003"));
        let raw = lint_content(&text, &Options::default());
        let codes = |d: &[Diagnostic]| d.iter().map(|d| d.code()).collect::<Vec<_>>();
        prop_assert_eq!(codes(&lint.diagnostics), codes(&raw));
        for (in_tf, alone) in lint.diagnostics.iter().zip(&raw) {
            // The same characters, or the escapes that stand for them.
            let cooked: String = tf[in_tf.span.range()].to_string();
            let expected = hcl_quoted(&text[alone.span.range()]);
            let expected = &expected[1..expected.len() - 1];
            prop_assert!(
                cooked == expected || alone.span.is_empty() || in_tf.span.is_empty(),
                "{}: {:?} in the file, {:?} alone", in_tf.code(), cooked, expected
            );
        }
    }
}

proptest! {
    /// Any content in a ROS template, as a string or joined by `Fn::Join` with a computed part:
    /// no panic, and every span in the template.
    #[test]
    fn ros_spans_are_in_the_file(text in content(), join in any::<bool>()) {
        let quoted = serde_json::to_string(&text).unwrap();
        let content = if join {
            format!("{{\"Fn::Join\": [\"\\n\", [{quoted}, {{\"Ref\": \"X\"}}, {quoted}]]}}")
        } else {
            quoted
        };
        let template = format!(
            "{{\"ROSTemplateFormatVersion\": \"2015-09-01\", \"Resources\": {{\"C\": {{\"Type\": \"ALIYUN::ECS::ImageComponent\", \"Properties\": {{\"Content\": {content}}}}}}}}}"
        );
        let lint = lint_text("stack.json", &template, FileKind::Content, &Options::default());
        check_diagnostics(&template, &lint.diagnostics)?;
    }
}

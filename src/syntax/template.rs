//! The `COMPONENT` command of image templates (docs/service-rules.md §7): `COMPONENT <id-or-arn> [--param value ...]`,
//! read into a [`ComponentLine`] that keeps every part's span, so that findings (here, and when a
//! reference is resolved against the repository's components) point at the right word.
//!
//! All spans are byte offsets into the content the command was parsed from.

use crate::catalog::Keyword;
use crate::catalog::template::{ComponentTarget, TargetError, parse_component_target};
use crate::source::Span;
use crate::syntax::dockerfile::{Command, DockerfileScript};
use crate::syntax::words::words;
use std::collections::HashMap;

/// One `COMPONENT` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentLine {
    /// The whole command.
    pub span: Span,
    /// The first word of the argument, if there is one and it is not a `--param`.
    pub target: Option<Target>,
    /// The well-formed `--name value` pairs, in order, each name once (the first one given).
    pub params: Vec<Param>,
    /// What is wrong with the line, in order of position.
    pub faults: Vec<Fault>,
}

/// The component a `COMPONENT` line names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// As written.
    pub text: String,
    pub span: Span,
    /// The parsed target, or why it is malformed (ranges relative to `text`).
    pub parsed: Result<ComponentTarget, TargetError>,
    /// For an ARN: the spans of the component name and of the version pattern.
    pub name_span: Option<Span>,
    pub version_span: Option<Span>,
}

/// A `--name value` pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Without the leading `--`.
    pub name: String,
    /// The `--name` word.
    pub name_span: Span,
    /// Without one layer of matching quotes.
    pub value: String,
    pub value_span: Span,
}

/// A fault of a `COMPONENT` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub span: Span,
    pub message: String,
    pub label: &'static str,
    pub help: Option<String>,
    /// Another place worth showing (the first `--name` of a duplicate).
    pub related: Option<(Span, String)>,
}

impl ComponentLine {
    /// Applies `map` to every span, e.g. to move from content to manifest coordinates.
    pub fn map_spans(mut self, map: impl Fn(Span) -> Span) -> Self {
        self.span = map(self.span);
        if let Some(target) = &mut self.target {
            target.span = map(target.span);
            target.name_span = target.name_span.map(&map);
            target.version_span = target.version_span.map(&map);
        }
        for param in &mut self.params {
            param.name_span = map(param.name_span);
            param.value_span = map(param.value_span);
        }
        for fault in &mut self.faults {
            fault.span = map(fault.span);
            if let Some((span, _)) = &mut fault.related {
                *span = map(*span);
            }
        }
        self
    }

    /// The parsed target, when the line names one that is well formed.
    pub fn component(&self) -> Option<&ComponentTarget> {
        self.target.as_ref().and_then(|t| t.parsed.as_ref().ok())
    }
}

/// Every `COMPONENT` command of a script (matched case-insensitively), parsed.
pub fn component_lines(script: &DockerfileScript<'_>) -> Vec<ComponentLine> {
    script
        .commands
        .iter()
        .filter(|c| c.known == Some(Keyword::Component))
        .map(parse_component)
        .collect()
}

/// A word with one layer of matching quotes removed.
fn unquote(word: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = word.strip_prefix(quote).and_then(|w| w.strip_suffix(quote)) {
            return inner;
        }
    }
    word
}

/// Reads one `COMPONENT` command.
pub fn parse_component(command: &Command<'_>) -> ComponentLine {
    let mut line = ComponentLine {
        span: command.span,
        target: None,
        params: Vec::new(),
        faults: Vec::new(),
    };
    let to_content = |span: Span| command.argument_to_content(span);
    // Each name given, and where: a parameter given twice is found by lookup, not by a scan.
    let mut given: HashMap<String, Span> = HashMap::new();
    let fault = |span: Span, message: String, label: &'static str, help: Option<String>| Fault {
        span,
        message,
        label,
        help,
        related: None,
    };
    let argument = command.argument.text.as_str();
    let words = words(argument);
    if words.is_empty() {
        line.faults.push(fault(
            command.keyword_span,
            "`COMPONENT` names no component".into(),
            "component missing",
            Some("for example: `COMPONENT ic-bp1abcdefghijklmnopq`".into()),
        ));
    }
    // `--name value` pairs are read only after a target that could be read: after a malformed
    // one, the rest of the line says nothing new.
    let mut rest: &[_] = &[];
    if let Some((first, after)) = words.split_first()
        && !first.raw.starts_with("--")
    {
        let mut parsed = parse_component_target(first.raw);
        let mut last = first;
        if parsed.is_ok() {
            rest = after;
        } else if let Some(more) = after.iter().take_while(|w| !w.raw.starts_with("--")).last() {
            // A malformed target followed by words that are not parameters: the target holds
            // blanks (a documented placeholder such as `<Name of the component>`), and is read
            // as a whole, up to the first `--name`.
            last = more;
            parsed = parse_component_target(&argument[first.span.start..more.span.end]);
        }
        let target_span = Span::new(first.span.start, last.span.end);
        let span = to_content(target_span);
        let text = &argument[target_span.range()];
        let sub = |range: &std::ops::Range<usize>| {
            to_content(Span::new(
                target_span.start + range.start,
                target_span.start + range.end,
            ))
        };
        let (name_span, version_span) = match &parsed {
            Ok(ComponentTarget::Arn {
                name_range,
                version_range,
                ..
            }) => (Some(sub(name_range)), Some(sub(version_range))),
            _ => (None, None),
        };
        if let Err(error) = &parsed {
            let span = if error.range.is_empty() {
                span
            } else {
                sub(&error.range)
            };
            line.faults.push(fault(
                span,
                error.message.clone(),
                "malformed component",
                Some(
                    "name a component by ID (`ic-...`) or by ARN \
                     (`acs:ecs:<region>:<account>:imagecomponent/<Name>/<major>.<minor>.<patch>`, \
                     any version part may be `*`)"
                        .into(),
                ),
            ));
        }
        line.target = Some(Target {
            text: text.to_string(),
            span,
            parsed,
            name_span,
            version_span,
        });
    } else if !words.is_empty() {
        line.faults.push(fault(
            to_content(words[0].span),
            "`COMPONENT` names no component before its parameters".into(),
            "component missing",
            Some("write the component's ID or ARN right after `COMPONENT`".into()),
        ));
    }
    let mut index = 0;
    while index < rest.len() {
        let word = &rest[index];
        index += 1;
        let span = to_content(word.span);
        if word.unterminated_quote {
            line.faults.push(fault(
                span,
                format!("`{}` opens a quote that is never closed", word.raw),
                "unterminated quote",
                Some("close the quote".into()),
            ));
            continue;
        }
        let Some(name) = word.raw.strip_prefix("--") else {
            // The words up to the next `--name` are one fault: most often a value that holds
            // blanks and was not quoted.
            let mut last = word;
            while let Some(next) = rest.get(index)
                && !next.raw.starts_with("--")
            {
                last = next;
                index += 1;
            }
            let stray = Span::new(word.span.start, last.span.end);
            let (message, label) = if std::ptr::eq(word, last) {
                ("is not a parameter", "stray value")
            } else {
                ("are not parameters", "stray values")
            };
            line.faults.push(fault(
                to_content(stray),
                format!(
                    "`{}` {message}: values follow a `--name`",
                    &argument[stray.range()]
                ),
                label,
                Some("write parameters as `--name value`; quote a value that holds blanks".into()),
            ));
            continue;
        };
        if name.is_empty() || name.starts_with('-') {
            line.faults.push(fault(
                span,
                format!("`{}` is not a parameter name", word.raw),
                "malformed parameter",
                Some("write parameters as `--name value`".into()),
            ));
            continue;
        }
        if let Some((key, _)) = name.split_once('=') {
            line.faults.push(fault(
                span,
                format!(
                    "`{}`: the value of `--{key}` follows it after a blank, not `=`",
                    word.raw
                ),
                "malformed parameter",
                Some(format!("write `--{key} <value>`")),
            ));
            continue;
        }
        let value = match rest.get(index) {
            Some(value) if !value.raw.starts_with("--") => {
                index += 1;
                value
            }
            _ => {
                line.faults.push(fault(
                    span,
                    format!("parameter `--{name}` has no value"),
                    "value missing",
                    Some(format!(
                        "write `--{name} <value>`; pass an empty value as `--{name} \"\"`"
                    )),
                ));
                continue;
            }
        };
        if value.unterminated_quote {
            line.faults.push(fault(
                to_content(value.span),
                format!("the value of `--{name}` opens a quote that is never closed"),
                "unterminated quote",
                Some("close the quote".into()),
            ));
            continue;
        }
        if let Some(&first) = given.get(name) {
            line.faults.push(Fault {
                related: Some((first, "first given here".into())),
                ..fault(
                    span,
                    format!("parameter `--{name}` is given twice"),
                    "given again here",
                    Some("pass each parameter once".into()),
                )
            });
            continue;
        }
        given.insert(name.to_string(), span);
        line.params.push(Param {
            name: name.to_string(),
            name_span: span,
            value: unquote(value.raw).to_string(),
            value_span: to_content(value.span),
        });
    }
    if let Some(backslash) = command.dangling_continuation {
        line.faults.push(fault(
            backslash,
            "the `\\` at the end of the last line continues the command into nothing".into(),
            "continues into nothing",
            Some("delete the `\\`, or add the line it should continue with".into()),
        ));
    }
    line.faults.sort_by_key(|f| (f.span.start, f.span.end));
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;

    fn line(content: &str) -> ComponentLine {
        component_lines(&parse(content)).remove(0)
    }

    fn fault_texts(content: &str) -> Vec<String> {
        line(content)
            .faults
            .iter()
            .map(|f| content[f.span.range()].to_string())
            .collect()
    }

    #[test]
    fn a_well_formed_line() {
        let content = "COMPONENT acs:ecs:cn-hangzhou:123:imagecomponent/web/1.*.* --port 80 --root \"/srv/a b\"";
        let line = line(content);
        assert!(line.faults.is_empty(), "{:?}", line.faults);
        let target = line.target.unwrap();
        assert_eq!(&content[target.name_span.unwrap().range()], "web");
        assert_eq!(&content[target.version_span.unwrap().range()], "1.*.*");
        assert_eq!(line.params.len(), 2);
        assert_eq!(line.params[1].name, "root");
        assert_eq!(line.params[1].value, "/srv/a b");
        assert_eq!(&content[line.params[0].value_span.range()], "80");
    }

    #[test]
    fn faults_point_at_their_word() {
        assert_eq!(fault_texts("COMPONENT ic-ABC"), ["ic-ABC"]);
        assert_eq!(fault_texts("COMPONENT ic-abc --port"), ["--port"]);
        assert_eq!(fault_texts("COMPONENT ic-abc --a 1 stray"), ["stray"]);
        assert_eq!(fault_texts("COMPONENT ic-abc --a 1 --a 2"), ["--a"]);
        assert_eq!(fault_texts("COMPONENT ic-abc --a --b 2"), ["--a"]);
        assert_eq!(fault_texts("COMPONENT --a 1"), ["--a"]);
        assert_eq!(fault_texts("COMPONENT ic-abc --a=1"), ["--a=1"]);
        assert_eq!(fault_texts("COMPONENT ic-abc -- 1"), ["--", "1"]);
        assert_eq!(fault_texts("COMPONENT"), ["COMPONENT"]);
        assert_eq!(fault_texts("COMPONENT ic-abc \\\n"), ["\\"]);
    }

    #[test]
    fn after_a_malformed_target_the_line_says_nothing_more() {
        let content = "COMPONENT acs:ecs:ap-southeast-1:<ID of the Alibaba Cloud account>\
                       :imagecomponent/<Name of the component>/1.0.* --port";
        let line = line(content);
        assert_eq!(line.faults.len(), 1, "{:?}", line.faults);
        assert_eq!(
            &content[line.faults[0].span.range()],
            &content["COMPONENT ".len()..content.find(" --port").unwrap()]
        );
        assert!(
            line.faults[0]
                .message
                .contains("`<ID of the Alibaba Cloud account>`")
        );
        assert!(line.faults[0].message.contains("`<Name of the component>`"));
        assert!(line.params.is_empty() && line.component().is_none());
        assert_eq!(fault_texts("COMPONENT web --port"), ["web"]);
        assert_eq!(
            fault_texts("COMPONENT web stray --a 1 --a 2"),
            ["web stray"]
        );
        assert_eq!(fault_texts("COMPONENT --a 1 --a 2"), ["--a"]);
    }

    #[test]
    fn stray_values_in_a_row_are_one_fault() {
        let content = "COMPONENT ic-abc --motd hello big world --port 80 x";
        let line = line(content);
        let texts: Vec<_> = line
            .faults
            .iter()
            .map(|f| &content[f.span.range()])
            .collect();
        assert_eq!(texts, ["big world", "x"]);
        assert_eq!(
            line.faults[0].message,
            "`big world` are not parameters: values follow a `--name`"
        );
        assert_eq!(line.params.len(), 2);
    }

    #[test]
    fn continuation_lines_map_back() {
        let content = "COMPONENT ic-abc \\\n    --port 80 \\\n    --port 81\n";
        let line = line(content);
        assert_eq!(line.params.len(), 1);
        assert_eq!(&content[line.faults[0].span.range()], "--port");
        assert_eq!(line.faults[0].span.start, content.rfind("--port").unwrap());
    }
}

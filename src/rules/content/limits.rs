use crate::catalog::Limits;
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::source::Span;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static LENGTH_EXCEEDED: Rule = Rule {
    code: "InvalidContent.LengthExceeded",
    name: "content-too-long",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "the content is larger than 16 KB",
    explanation: "The service accepts at most 16 KB of content. iclint counts 16,384 bytes of UTF-8 \
(docs/service-rules.md §9.1: stricter than counting characters when the text is not ASCII); the limit is configurable. \
The finding points at the first byte past the limit and gives the measured size. Move long scripts \
into files the component downloads (`COPY https://...`), or split the component in two.",
    example: "\
# 16,385 bytes or more of content:
RUN echo 1
RUN echo 2
# ... (16 KB of commands)
",
    fix: "\
# Long scripts moved into a file the component downloads:
COPY https://example.com/setup.sh /opt/setup.sh
RUN bash /opt/setup.sh
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static TOO_MANY_COMMANDS: Rule = Rule {
    code: "InvalidImageTemplateCommandSize.ExceededMaxNumber",
    name: "too-many-commands",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "more than 127 commands in one content",
    explanation: "One content holds at most 127 commands (older API documents, the console guide, Terraform \
and ROS). A command counts once however many continuation lines it spans; a YAML task counts once. \
The finding points at the 128th command. Join related `RUN` commands with `&&`, or split the work into \
several components.",
    example: "\
# 128 commands or more:
RUN yum install -y nginx
RUN yum install -y git
# ... (125 more)
RUN yum install -y make
",
    fix: "\
# Related commands joined with &&:
RUN yum install -y nginx git make
",
};

/// Reports content larger than the limit, at the first character that does not fit.
pub fn check_length(content: &str, limits: &Limits, out: &mut Vec<Diagnostic>) {
    check_length_under(
        &LENGTH_EXCEEDED,
        "move long scripts into a file the component downloads, or split the component",
        content,
        limits,
        out,
    );
}

/// As [`check_length`], under `rule` and with `help` (template content has codes of its own).
pub fn check_length_under(
    rule: &'static Rule,
    help: &str,
    content: &str,
    limits: &Limits,
    out: &mut Vec<Diagnostic>,
) {
    let size = content.len();
    if size <= limits.content_bytes {
        return;
    }
    let mut first = limits.content_bytes;
    while !content.is_char_boundary(first) {
        first -= 1;
    }
    let end = first + content[first..].chars().next().map_or(0, char::len_utf8);
    out.push(
        Diagnostic::new(
            rule,
            Span::new(first, end),
            format!(
                "the content is {size} bytes, over the limit of {} bytes",
                limits.content_bytes
            ),
        )
        .with_label(if first == limits.content_bytes {
            format!("byte {} starts here", limits.content_bytes + 1)
        } else {
            format!("byte {} is inside this character", limits.content_bytes + 1)
        })
        .with_help(help),
    );
}

/// Reports the first command past the limit. `command_spans` are the spans of all commands.
pub fn check_command_count(command_spans: &[Span], limits: &Limits, out: &mut Vec<Diagnostic>) {
    let count = command_spans.len();
    if let Some(&span) = command_spans.get(limits.commands) {
        out.push(
            Diagnostic::new(
                &TOO_MANY_COMMANDS,
                span,
                format!(
                    "the content has {count} commands, more than the {} allowed",
                    limits.commands
                ),
            )
            .with_label(format!("command {} of {count}", limits.commands + 1))
            .with_help(
                "join related RUN commands with `&&`, or split the work into several components",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_across_the_limit_is_reported_whole() {
        let limits = Limits {
            content_bytes: 4,
            commands: 127,
        };
        let mut out = Vec::new();
        check_length("ab中", &limits, &mut out);
        assert_eq!(out[0].span, Span::new(2, 5));
        assert_eq!(
            out[0].label.as_deref(),
            Some("byte 5 is inside this character")
        );
        out.clear();
        check_length("abcd中", &limits, &mut out);
        assert_eq!(out[0].span, Span::new(4, 7));
        assert_eq!(out[0].label.as_deref(), Some("byte 5 starts here"));
    }
}

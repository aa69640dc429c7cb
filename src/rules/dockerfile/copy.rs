//! `COPY source destination`: a path or an http(s) URL without query string, then a directory.

use super::{at_argument, is_anchored_path, unquote};
use crate::catalog::COPY_URL_SCHEMES;
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::source::Span;
use crate::syntax::dockerfile::Command;
use crate::syntax::words::{Word, words};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static INVALID_COPY: Rule = Rule {
    code: "InvalidCommandContent.COPY",
    name: "invalid-copy",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "COPY without exactly a source and a destination, or with a URL it cannot download",
    explanation: "COPY takes exactly two arguments: the source, then the destination directory. The \
source is a path on the build instance or an `http://`/`https://` URL, which the build downloads with \
wget. A URL must not carry a query string (`?...`: pre-signed OSS links do), and no other scheme \
(`ftp://`, `oss://`, `s3://`) is supported. Anything else is rejected with \
`InvalidCommandContent.COPY`. For OSS objects, use a YAML component with an `OSSDownload` task.",
    example: "\
COPY https://example.com/site.tar.gz?Expires=1700000000 /opt/site/
",
    fix: "\
COPY https://example.com/site.tar.gz /opt/site/
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static RELATIVE_COPY_PATH: Rule = Rule {
    code: "ICL103",
    name: "relative-copy-path",
    severity: Severity::Warning,
    origin: Origin::Linter,
    summary: "COPY with a relative source or destination",
    explanation: "A relative COPY path is resolved against the directory left by the commands before it \
(WORKDIR, earlier components), not against your repository: nothing from your machine is uploaded. \
The copy then fails or lands somewhere unexpected half-way through a paid build. Use absolute paths.",
    example: "\
COPY https://example.com/app.tar.gz app/
",
    fix: "\
COPY https://example.com/app.tar.gz /opt/app/
",
};

pub fn check(command: &Command<'_>, out: &mut Vec<Diagnostic>) {
    let text = &command.argument.text;
    let arguments = words(text);
    // A quote that is never closed takes the rest of the line: the words cannot be counted.
    if let Some(open) = arguments.iter().find(|a| a.unterminated_quote) {
        out.push(
            at_argument(
                &INVALID_COPY,
                command,
                open.span,
                "a quote opened here is never closed",
            )
            .with_label("quote never closed")
            .with_help("close the quote"),
        );
        return;
    }
    if arguments.len() != 2 {
        let span = match arguments.get(2) {
            Some(third) => third.span.cover(arguments[arguments.len() - 1].span),
            // Only a source: point where the destination should be.
            None => Span::at(text.len()),
        };
        out.push(
            at_argument(
                &INVALID_COPY,
                command,
                span,
                format!(
                    "COPY takes a source and a destination, found {} argument{}",
                    arguments.len(),
                    if arguments.len() == 1 { "" } else { "s" }
                ),
            )
            .with_label(if arguments.len() > 2 {
                "unexpected argument"
            } else {
                "destination missing"
            })
            .with_help(
                "write `COPY <path or http(s) URL> <destination directory>`, one source per COPY",
            ),
        );
        return;
    }
    check_source(command, &arguments[0], out);
    check_destination(command, &arguments[1], out);
}

fn check_source(command: &Command<'_>, source: &Word<'_>, out: &mut Vec<Diagnostic>) {
    let path = unquote(source.raw);
    if let Some(scheme_end) = path.find("://") {
        let scheme = &path[..scheme_end + 3];
        if !COPY_URL_SCHEMES
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme))
        {
            out.push(
                at_argument(
                    &INVALID_COPY,
                    command,
                    source.span,
                    format!("COPY cannot download `{scheme}` URLs"),
                )
                .with_label("unsupported scheme")
                .with_help(
                    "use an http:// or https:// URL, or an OSSDownload task in a YAML component",
                ),
            );
        } else if let Some(query) = path.find('?') {
            // `path` is `raw` without its quotes, if any: the span stops before a closing quote.
            let start = source.span.start + usize::from(path.len() != source.raw.len());
            let span = Span::new(start + query, start + path.len());
            out.push(
                at_argument(&INVALID_COPY, command, span, "the URL carries a query string, which COPY does not accept")
                    .with_label("query string")
                    .with_help("host the file at a URL without `?...`, or download it in a RUN command with curl or wget"),
            );
        }
        return;
    }
    if !is_anchored_path(path) {
        out.push(relative(command, source, "source"));
    }
}

fn check_destination(command: &Command<'_>, destination: &Word<'_>, out: &mut Vec<Diagnostic>) {
    let path = unquote(destination.raw);
    if path.contains("://") {
        out.push(
            at_argument(
                &INVALID_COPY,
                command,
                destination.span,
                "the destination is a URL, not a directory",
            )
            .with_label("expected a directory")
            .with_help("COPY only copies onto the build instance; upload with an OSSUpload task"),
        );
    } else if !is_anchored_path(path) {
        out.push(relative(command, destination, "destination"));
    }
}

fn relative(command: &Command<'_>, word: &Word<'_>, role: &str) -> Diagnostic {
    at_argument(
        &RELATIVE_COPY_PATH,
        command,
        word.span,
        format!("the COPY {role} `{}` is a relative path", word.raw),
    )
    .with_label("relative to the previous directory")
    .with_help("use an absolute path on the build instance")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;

    #[test]
    fn the_query_string_of_a_quoted_url_ends_before_the_quote() {
        let content = "COPY \"https://example.com/a.sh?x=1\" /opt/";
        let script = parse(content);
        let mut out = Vec::new();
        check(&script.commands[0], &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(&content[out[0].span.range()], "?x=1");
    }
}

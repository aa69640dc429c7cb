//! Reports written one file at a time, in path order, as the engine hands them over: a run holds
//! no list of its reports. Each format writes exactly what its `render` function makes of the
//! whole list (tests check this); only JUnit, whose first line counts every finding, keeps its
//! body until the end.

use super::{FileReport, Summary, checkstyle, github, gitlab, gnu, human, json, json_lines};
use super::{junit, sarif};
use std::io::{self, Write};

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: each finding with its source lines, then a summary.
    Human(human::Style),
    Json,
    JsonLines,
    Sarif,
    Github,
    Gnu,
    Checkstyle,
    /// JUnit XML; findings at or above the level (`--fail-on`) are failures, `None`: none is.
    Junit(Option<crate::rule::Severity>),
    Gitlab,
}

impl Format {
    /// Whether the format shows source lines (and so needs each file's text).
    pub fn shows_source(self) -> bool {
        matches!(self, Format::Human(_))
    }
}

/// A report being written.
pub trait Writer {
    /// Writes one file's report; files come in path order.
    fn file(&mut self, report: &FileReport) -> io::Result<()>;
    /// Writes what comes after the last file, and flushes.
    fn finish(&mut self, summary: Summary) -> io::Result<()>;
}

/// A writer of `format` to `out`.
pub fn writer<'w>(format: Format, out: Box<dyn Write + Send + 'w>) -> Box<dyn Writer + Send + 'w> {
    match format {
        Format::Human(style) => Box::new(Human {
            handler: human::handler(style),
            out,
        }),
        Format::Json => Box::new(Json {
            out,
            items: PrettyItems::new(2, "["),
        }),
        Format::Gitlab => Box::new(Gitlab {
            out,
            items: PrettyItems::new(2, "["),
        }),
        Format::JsonLines => Box::new(PerFile::new(out, json_lines::render)),
        Format::Github => Box::new(PerFile::new(out, github::render)),
        Format::Gnu => Box::new(PerFile::new(out, gnu::render)),
        Format::Checkstyle => Box::new(Framed::new(
            out,
            checkstyle::HEAD,
            checkstyle::render_file,
            checkstyle::TAIL,
        )),
        Format::Junit(fail_on) => Box::new(Junit {
            out,
            fail_on,
            body: String::new(),
            tests: 0,
            failures: 0,
        }),
        Format::Sarif => {
            let frame = sarif::Frame::get();
            Box::new(Sarif {
                out,
                results: PrettyItems::new(frame.indent, ""),
                frame,
                shellcheck: sarif::ShellCheckRules::default(),
            })
        }
    }
}

/// Writes `reports` with a [`writer`] of `format` into a string: what a run that streams them
/// writes.
pub fn render(format: Format, reports: &[FileReport]) -> String {
    let mut bytes = Vec::new();
    {
        let mut writer = writer(format, Box::new(&mut bytes));
        for report in reports {
            writer.file(report).expect("writing to memory cannot fail");
        }
        writer
            .finish(Summary::of(reports))
            .expect("writing to memory cannot fail");
    }
    String::from_utf8(bytes).expect("reports are UTF-8")
}

/// Formats that are the concatenation of each file's part.
struct PerFile<'w> {
    out: Box<dyn Write + Send + 'w>,
    render: fn(&[FileReport]) -> String,
}

impl<'w> PerFile<'w> {
    fn new(out: Box<dyn Write + Send + 'w>, render: fn(&[FileReport]) -> String) -> Self {
        PerFile { out, render }
    }
}

impl Writer for PerFile<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.out
            .write_all((self.render)(std::slice::from_ref(report)).as_bytes())
    }

    fn finish(&mut self, _: Summary) -> io::Result<()> {
        self.out.flush()
    }
}

/// Formats with a fixed head and tail around each file's part.
struct Framed<'w> {
    out: Box<dyn Write + Send + 'w>,
    head: Option<&'static str>,
    part: fn(&FileReport, &mut String),
    tail: &'static str,
}

impl<'w> Framed<'w> {
    fn new(
        out: Box<dyn Write + Send + 'w>,
        head: &'static str,
        part: fn(&FileReport, &mut String),
        tail: &'static str,
    ) -> Self {
        Framed {
            out,
            head: Some(head),
            part,
            tail,
        }
    }

    fn head(&mut self) -> io::Result<()> {
        match self.head.take() {
            Some(head) => self.out.write_all(head.as_bytes()),
            None => Ok(()),
        }
    }
}

impl Writer for Framed<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.head()?;
        let mut text = String::new();
        (self.part)(report, &mut text);
        self.out.write_all(text.as_bytes())
    }

    fn finish(&mut self, _: Summary) -> io::Result<()> {
        self.head()?;
        self.out.write_all(self.tail.as_bytes())?;
        self.out.flush()
    }
}

/// The items of a JSON array, written as `serde_json`'s pretty printer writes them inside a
/// document at `indent` spaces, one at a time.
pub(crate) struct PrettyItems {
    indent: String,
    /// What opens the array before the first item (`[`, or nothing when a head wrote it).
    open: &'static str,
    count: usize,
}

impl PrettyItems {
    pub(crate) fn new(indent: usize, open: &'static str) -> Self {
        PrettyItems {
            indent: " ".repeat(indent),
            open,
            count: 0,
        }
    }

    /// Writes one item: after the opening of the array for the first, after a comma for the
    /// others.
    fn item(&mut self, out: &mut dyn Write, item: &impl serde::Serialize) -> io::Result<()> {
        let text = serde_json::to_string_pretty(item).map_err(io::Error::from)?;
        let mut piece = String::with_capacity(text.len() + 64);
        if self.count == 0 {
            piece.push_str(self.open);
            piece.push('\n');
        } else {
            piece.push_str(",\n");
        }
        // Each line indented (JSON text breaks lines with `\n` only: a `\r` is escaped).
        let mut rest = text.as_str();
        piece.push_str(&self.indent);
        while let Some(end) = memchr::memchr(b'\n', rest.as_bytes()) {
            piece.push_str(&rest[..=end]);
            piece.push_str(&self.indent);
            rest = &rest[end + 1..];
        }
        piece.push_str(rest);
        self.count += 1;
        out.write_all(piece.as_bytes())
    }

    /// Closes a top-level array and the document.
    fn close(&self, out: &mut dyn Write) -> io::Result<()> {
        let end: &[u8] = if self.count == 0 { b"[]\n" } else { b"\n]\n" };
        out.write_all(end)?;
        out.flush()
    }
}

/// `json`: the array of findings.
struct Json<'w> {
    out: Box<dyn Write + Send + 'w>,
    items: PrettyItems,
}

impl Writer for Json<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        for finding in json::findings(std::slice::from_ref(report)) {
            self.items.item(&mut self.out, &finding)?;
        }
        Ok(())
    }

    fn finish(&mut self, _: Summary) -> io::Result<()> {
        self.items.close(&mut self.out)
    }
}

/// `gitlab`: the array of Code Quality issues.
struct Gitlab<'w> {
    out: Box<dyn Write + Send + 'w>,
    items: PrettyItems,
}

impl Writer for Gitlab<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        for issue in gitlab::issues(std::slice::from_ref(report)) {
            self.items.item(&mut self.out, &issue)?;
        }
        Ok(())
    }

    fn finish(&mut self, _: Summary) -> io::Result<()> {
        self.items.close(&mut self.out)
    }
}

struct Human<'w> {
    handler: miette::GraphicalReportHandler,
    out: Box<dyn Write + Send + 'w>,
}

impl Writer for Human<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let mut text = String::new();
        human::render_file(&self.handler, report, &mut text);
        self.out.write_all(text.as_bytes())
    }

    fn finish(&mut self, summary: Summary) -> io::Result<()> {
        self.out
            .write_all(human::summary_line(summary).as_bytes())?;
        self.out.flush()
    }
}

/// JUnit's first line counts the tests and failures of the whole run: the body waits for it.
struct Junit<'w> {
    out: Box<dyn Write + Send + 'w>,
    fail_on: Option<crate::rule::Severity>,
    body: String,
    tests: usize,
    failures: usize,
}

impl Writer for Junit<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.failures += junit::failures(report, self.fail_on);
        self.tests += report.diagnostics.len().max(1);
        junit::render_file(report, self.fail_on, &mut self.body);
        Ok(())
    }

    fn finish(&mut self, _: Summary) -> io::Result<()> {
        self.out
            .write_all(junit::head(self.tests, self.failures).as_bytes())?;
        self.out.write_all(self.body.as_bytes())?;
        self.out.write_all(junit::TAIL.as_bytes())?;
        self.out.flush()
    }
}

/// SARIF: one log whose `results` array is written as the files come.
struct Sarif<'w> {
    out: Box<dyn Write + Send + 'w>,
    frame: &'static sarif::Frame,
    results: PrettyItems,
    /// The rules of the ShellCheck findings written so far, for the tail.
    shellcheck: sarif::ShellCheckRules,
}

impl Writer for Sarif<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        for result in sarif::results(report, &mut self.shellcheck) {
            if self.results.count == 0 {
                self.out.write_all(self.frame.head.as_bytes())?;
            }
            self.results.item(&mut self.out, &result)?;
        }
        Ok(())
    }

    fn finish(&mut self, _: Summary) -> io::Result<()> {
        if self.results.count == 0 {
            self.out.write_all(self.frame.empty.as_bytes())?;
        } else {
            self.out
                .write_all(self.frame.tail_with(&self.shellcheck).as_bytes())?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{FileKind, ManifestSyntax, Options};
    use crate::source::SourceFile;

    /// Two of ShellCheck's codes, as the engine makes them (`engine::shellcheck`).
    static SC2086: crate::rule::Rule = shellcheck_rule("SC2086", "shellcheck-2086");
    static SC2154: crate::rule::Rule = shellcheck_rule("SC2154", "shellcheck-2154");

    const fn shellcheck_rule(code: &'static str, name: &'static str) -> crate::rule::Rule {
        crate::rule::Rule {
            code,
            name,
            severity: crate::rule::Severity::Warning,
            origin: crate::rule::Origin::ShellCheck,
            summary: "a finding of ShellCheck",
            explanation: "ShellCheck's own check: see its wiki page for the code.",
            example: "",
            fix: "",
        }
    }

    fn report(name: &str, text: &str, kind: FileKind, keep_text: bool) -> FileReport {
        with_shellcheck(name, text, kind, keep_text, &[])
    }

    /// A report with findings of ShellCheck (`rules`, at the start of the text) after its own.
    fn with_shellcheck(
        name: &str,
        text: &str,
        kind: FileKind,
        keep_text: bool,
        rules: &[&'static crate::rule::Rule],
    ) -> FileReport {
        let lint = crate::lint::lint_text(name, text, kind, &Options::default());
        let mut diagnostics = lint.diagnostics;
        for rule in rules {
            let span = crate::source::Span::new(0, 3);
            diagnostics.push(crate::diagnostic::Diagnostic::new(rule, span, "quote it"));
        }
        let mut report = FileReport {
            source: SourceFile::new(name, text),
            diagnostics,
        };
        if !keep_text {
            report.keep_positions_only([]);
        }
        report
    }

    fn runs(keep_text: bool) -> Vec<Vec<FileReport>> {
        let manifest = FileKind::ComponentManifest(ManifestSyntax::Yaml);
        vec![
            Vec::new(),
            vec![report(
                "clean.dockerfile",
                "RUN true\n",
                FileKind::Content,
                keep_text,
            )],
            vec![
                report(
                    "a.dockerfile",
                    "run x\nWORKDIR a b\n",
                    FileKind::Content,
                    keep_text,
                ),
                report("b.dockerfile", "RUN true\n", FileKind::Content, keep_text),
                report(
                    "c.component.yaml",
                    "Name: 1x\nTag:\n  - {Key: a, Value: b}\n  - {Key: a, Value: c}\nContent: |\n  ADD x y\n",
                    manifest,
                    keep_text,
                ),
            ],
            // ShellCheck's codes, one of them in two files (SARIF lists it once).
            vec![
                with_shellcheck(
                    "d.dockerfile",
                    "RUN echo $a\n",
                    FileKind::Content,
                    keep_text,
                    &[&SC2086],
                ),
                with_shellcheck(
                    "e.dockerfile",
                    "RUN cp $b /c\n",
                    FileKind::Content,
                    keep_text,
                    &[&SC2154, &SC2086],
                ),
            ],
        ]
    }

    /// Written one file at a time, each format is exactly what its `render` makes of the list.
    #[test]
    fn every_format_streams_what_it_renders() {
        let style = human::Style {
            color: false,
            width: 80,
        };
        for reports in runs(true) {
            assert_eq!(
                render(Format::Human(style), &reports),
                human::render(&reports, style)
            );
        }
        for reports in runs(false) {
            let level = Some(crate::rule::Severity::Warning);
            let whole: [(Format, String); 9] = [
                (Format::Json, json::render(&reports)),
                (Format::JsonLines, json_lines::render(&reports)),
                (Format::Sarif, sarif::render(&reports)),
                (Format::Github, github::render(&reports)),
                (Format::Gnu, gnu::render(&reports)),
                (Format::Checkstyle, checkstyle::render(&reports)),
                (Format::Junit(level), junit::render(&reports, level)),
                (Format::Junit(None), junit::render(&reports, None)),
                (Format::Gitlab, gitlab::render(&reports)),
            ];
            for (format, expected) in whole {
                assert_eq!(render(format, &reports), expected, "{format:?}");
            }
        }
    }

    /// The ShellCheck codes that fired follow iclint's rules in SARIF, each listed once, in the
    /// order they first appear (`tests/shellcheck.rs` reads such a log as JSON).
    #[test]
    fn sarif_lists_shellcheck_codes_after_its_rules() {
        let reports = runs(false).pop().expect("the run with ShellCheck findings");
        let log = render(Format::Sarif, &reports);
        let (results, tool) = log.split_at(log.find("\"tool\": {").expect("a tool"));
        let first = tool.find("\"id\": \"SC2086\"").expect("SC2086 listed");
        let second = tool.find("\"id\": \"SC2154\"").expect("SC2154 listed");
        let last_own = tool.rfind("\"id\": \"ICL").expect("iclint's rules");
        assert!(last_own < first && first < second, "{tool}");
        assert_eq!(tool.matches("\"id\": \"SC2086\"").count(), 1);
        let own = crate::rules::REGISTRY.len();
        assert_eq!(
            results.matches(&format!("\"ruleIndex\": {own}\n")).count(),
            2,
            "{results}"
        );
        assert_eq!(
            results
                .matches(&format!("\"ruleIndex\": {}\n", own + 1))
                .count(),
            1,
            "{results}"
        );
        // A log without ShellCheck findings lists iclint's rules only.
        let plain = render(Format::Sarif, &runs(false)[2]);
        assert!(!plain.contains("\"id\": \"SC"));
    }
}

//! What every fuzz target checks: linting never panics, every finding's span lies inside the
//! text on character boundaries, and every report format renders the findings.

use iclint::report::human::Style;
use iclint::report::writer::{Format, render};
use iclint::source::SourceFile;
use iclint::{FileKind, FileReport, Options, lint_bytes, lint_text};

/// Lints `bytes` as a file named `name` of the kind `kind`, with `options`, and checks the
/// findings and their reports.
pub fn check(name: &str, bytes: &[u8], kind: FileKind, options: &Options) {
    let (text, lint) = lint_bytes(name, bytes.to_vec(), kind, options);
    for diagnostic in &lint.diagnostics {
        let spans = std::iter::once(diagnostic.span).chain(
            diagnostic
                .related
                .iter()
                .filter(|r| r.elsewhere.is_none())
                .map(|r| r.span),
        );
        for span in spans {
            assert!(span.start <= span.end, "{span:?} is reversed");
            assert!(span.end <= text.len(), "{span:?} is past the end ({})", text.len());
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
    // Every fix edits the text it was found in, and fixing reaches a fixed point.
    for fix in lint.diagnostics.iter().filter_map(|d| d.fix.as_deref()) {
        for edit in &fix.edits {
            let span = edit.span;
            assert!(span.start <= span.end && span.end <= text.len(), "fix {span:?}");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
    let relint = |t: &str| lint_text(name, t, kind, options).diagnostics;
    if let Some(fixed) = iclint::fix::fix_text(&text, &lint.diagnostics, relint) {
        assert!(
            iclint::fix::apply(&fixed.text, &relint(&fixed.text)).is_none(),
            "fixing did not reach a fixed point"
        );
    }
    let report = FileReport {
        source: SourceFile::new(name, text),
        diagnostics: lint.diagnostics,
    };
    let reports = [report];
    let style = Style {
        color: false,
        width: 80,
    };
    for format in [
        Format::Human(style),
        Format::Json,
        Format::JsonLines,
        Format::Sarif,
        Format::Github,
        Format::Gnu,
        Format::Checkstyle,
        Format::Junit(Some(iclint::rule::Severity::Warning)),
        Format::Gitlab,
    ] {
        let text = render(format, &reports);
        assert!(text.is_empty() || text.ends_with('\n'), "{format:?}");
    }
}

/// Options drawn from the input's first byte, so that the fuzzer explores every kind of content:
/// component or template, Linux or Windows, Build or Test.
pub fn options(selector: u8) -> Options {
    use iclint::catalog::{ComponentType, Kind, SystemType};
    Options {
        kind: if selector & 1 == 0 {
            Kind::Component
        } else {
            Kind::Template
        },
        system_type: if selector & 2 == 0 {
            SystemType::Linux
        } else {
            SystemType::Windows
        },
        component_type: if selector & 4 == 0 {
            ComponentType::Build
        } else {
            ComponentType::Test
        },
        ..Options::default()
    }
}

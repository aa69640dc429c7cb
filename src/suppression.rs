//! The suppression stage: applies the directives a parser read (`syntax::directives`) to one
//! file's findings, and reports `ICL001` for each named code that suppressed nothing. It never
//! parses: the directives come with the parsed model. See `docs/architecture.md`.

use crate::diagnostic::Diagnostic;
use crate::rules::REGISTRY;
use crate::rules::shared::{ACROSS_FILES, is_shellcheck_code};
use crate::rules::suppression::{MALFORMED_SUPPRESSION, UNUSED_SUPPRESSION};
use crate::suggest::nearest;
use crate::syntax::directives::{CodeRef, Directive};
use foldhash::{HashMap, HashMapExt};

/// Removes the findings that `directives` suppress, and adds `ICL001` for each named code that
/// suppressed nothing. The spans of `directives` and `diagnostics` are in the same text.
///
/// A code that the checks across files may report ([`ACROSS_FILES`]) is not judged unused, as
/// those findings come later: the directives that name one are returned, holding only those
/// codes, for [`apply_across_files`].
pub fn apply(mut directives: Vec<Directive>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Directive> {
    suppress(&mut directives, diagnostics);
    let mut deferred = Vec::new();
    for mut directive in directives {
        let (across, here): (Vec<CodeRef>, Vec<CodeRef>) = directive
            .codes
            .into_iter()
            .partition(|c| ACROSS_FILES.contains(&c.code.as_str()) || is_shellcheck_code(&c.code));
        directive.codes = here;
        diagnostics.extend(unused_codes(&directive));
        if let Some(malformed) = &directive.malformed {
            diagnostics.push(
                Diagnostic::new(
                    &MALFORMED_SUPPRESSION,
                    malformed.span,
                    format!("{}, so this comment suppresses nothing", malformed.message),
                )
                .with_label("not a suppression")
                .with_help(format!("write `{}`", malformed.right_form)),
            );
        }
        if !across.is_empty() {
            deferred.push(Directive {
                codes: across,
                ..directive
            });
        }
    }
    deferred
}

/// The second pass, over the findings of the checks across files in one file: removes those the
/// file's deferred directives (see [`apply`]) suppress. Their codes are never reported unused:
/// whether such a finding occurs depends on which files the run holds (a pre-commit hook passes
/// only the changed ones), so an unused one is no sign of a stale comment.
pub fn apply_across_files(mut directives: Vec<Directive>, findings: &mut Vec<Diagnostic>) {
    suppress(&mut directives, findings);
}

/// Removes the findings that `directives` cover and name, and marks those codes used. Linear in
/// the findings and the directives (a file may hold a directive per command).
fn suppress(directives: &mut [Directive], findings: &mut Vec<Diagnostic>) {
    if directives.is_empty() {
        return;
    }
    let index = Index::of(directives);
    findings.retain(|finding| {
        let Some(entries) = index.by_code.get(finding.code()) else {
            return true;
        };
        let covering = entries.covering(finding.span.start);
        let mut suppressed = false;
        for (directive, code) in covering {
            directives[directive].codes[code].used = true;
            suppressed = true;
        }
        !suppressed
    });
}

/// The directives of one file by the code they name.
struct Index {
    by_code: HashMap<String, Entries>,
}

/// The directives that name one code: (directive, code) pairs.
#[derive(Default)]
struct Entries {
    file_wide: Vec<(usize, usize)>,
    /// `(start, end, directive, code)`, sorted by start.
    regions: Vec<(usize, usize, usize, usize)>,
    /// Entry `i`: the greatest end among `regions[..=i]`.
    reach: Vec<usize>,
}

impl Index {
    fn of(directives: &[Directive]) -> Self {
        let mut by_code: HashMap<String, Entries> = HashMap::new();
        for (d, directive) in directives.iter().enumerate() {
            for (c, code) in directive.codes.iter().enumerate() {
                let entries = by_code.entry(code.code.clone()).or_default();
                match directive.region {
                    None => entries.file_wide.push((d, c)),
                    Some(Some(region)) => entries.regions.push((region.start, region.end, d, c)),
                    // Nothing follows it: it covers nothing.
                    Some(None) => {}
                }
            }
        }
        for entries in by_code.values_mut() {
            entries.regions.sort_unstable();
            let mut reach = 0;
            entries.reach = entries
                .regions
                .iter()
                .map(|&(_, end, _, _)| {
                    reach = reach.max(end);
                    reach
                })
                .collect();
        }
        Index { by_code }
    }
}

impl Entries {
    /// The (directive, code) pairs that cover a finding starting at `offset`: the file-wide
    /// ones, and those whose region holds it (regions are disjoint or nested, so the search
    /// stops as soon as no earlier region reaches the offset).
    fn covering(&self, offset: usize) -> Vec<(usize, usize)> {
        let mut found = self.file_wide.clone();
        let mut i = self.regions.partition_point(|&(start, ..)| start <= offset);
        while i > 0 && self.reach[i - 1] >= offset {
            i -= 1;
            let (_, end, directive, code) = self.regions[i];
            if end >= offset {
                found.push((directive, code));
            }
        }
        found
    }
}

/// `ICL001` for each code of `directive` that suppressed nothing.
fn unused_codes(directive: &Directive) -> impl Iterator<Item = Diagnostic> + '_ {
    let nothing_follows = directive.covers_nothing();
    directive
        .codes
        .iter()
        .filter(|c| !c.used)
        .map(move |c| unused(c, nothing_follows))
}

fn unused(code: &CodeRef, nothing_follows: bool) -> Diagnostic {
    let known = REGISTRY.iter().any(|rule| rule.code == code.code);
    let (message, help) = if !known {
        let help = match nearest(&code.code, REGISTRY.iter().map(|r| r.code)) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => "`iclint rules` lists every code".to_string(),
        };
        (
            format!(
                "`{}` is not a code iclint reports, so this suppresses nothing",
                code.code
            ),
            help,
        )
    } else if nothing_follows {
        (
            format!("nothing follows this suppression of `{}`", code.code),
            "put it on the line before the command or task".to_string(),
        )
    } else {
        (
            format!("`{}` does not occur where this suppresses it", code.code),
            "remove the suppression".to_string(),
        )
    };
    Diagnostic::new(&UNUSED_SUPPRESSION, code.span, message)
        .with_label("suppresses nothing")
        .with_help(help)
}

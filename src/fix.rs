//! Applying the fixes rules attach to their findings ([`crate::diagnostic::Fix`]): one place for
//! `iclint check --fix` and `--diff` (through `crate::engine::fixes`) and the language server's
//! quick fixes (`crate::server`). Pure: texts in, texts out.
//!
//! A fix is applied whole or not at all. Its edits replace byte ranges of the text they were
//! found in, so everything else (line endings, a byte-order mark, trailing blanks) stays as it
//! is; a line break in a replacement takes the file's line ending. Fixes are taken in order of
//! position, and one that overlaps a fix already taken waits for the next round, when the text
//! is linted again: the rounds stop when nothing is left to fix, which makes `--fix` idempotent.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::source::BOM;

/// How many times a text is fixed and linted again at most: each round applies every fix that
/// does not overlap another, so a second round is rare and a third rarer still.
pub const MAX_ROUNDS: usize = 10;

/// A text with fixes applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    /// How many fixes were applied.
    pub fixed: usize,
}

/// The edits of `fix`, checked against `text` (each within it, on character boundaries, after a
/// byte-order mark, in order and not overlapping) and with the file's line ending in their
/// replacements; `None` when the fix does not fit the text.
pub fn edits_in(text: &str, fix: &Fix) -> Option<Vec<Edit>> {
    let floor = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut last_end = floor;
    for edit in &mut edits {
        let span = edit.span;
        let fits = span.start >= last_end
            && span.start <= span.end
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
            && span.end <= text.len();
        if !fits {
            return None;
        }
        last_end = span.end;
        if line_ending(text) == "\r\n" && edit.replacement.contains('\n') {
            edit.replacement = edit.replacement.replace("\r\n", "\n").replace('\n', "\r\n");
        }
    }
    Some(edits)
}

/// The line ending of `text`: that of its first line (`\n` when it has one line).
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(at) if text[..at].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// Applies the safe fixes of `diagnostics` (found in `text`) that do not overlap each other:
/// `None` when there is none.
pub fn apply(text: &str, diagnostics: &[Diagnostic]) -> Option<Applied> {
    let fixes = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_deref())
        .filter(|fix| fix.applicability == Applicability::Safe);
    apply_fixes(text, fixes)
}

/// Applies `fixes` to `text`, each whole, in order of position, leaving out each that overlaps
/// one taken before it (or touches the same place: two insertions at one offset would depend on
/// their order). `None` when none applies.
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Option<Applied> {
    let mut candidates: Vec<Vec<Edit>> = fixes
        .into_iter()
        .filter_map(|fix| edits_in(text, fix))
        .filter(|edits| !edits.is_empty())
        .collect();
    candidates.sort_by_key(|edits| (edits[0].span.start, edits[0].span.end));
    let mut taken: Vec<Edit> = Vec::new();
    let mut fixed = 0;
    for edits in candidates {
        let clashes = edits.iter().any(|edit| {
            taken
                .iter()
                .any(|t| edit.span.start <= t.span.end && t.span.start <= edit.span.end)
        });
        if !clashes {
            taken.extend(edits);
            fixed += 1;
        }
    }
    if fixed == 0 {
        return None;
    }
    taken.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in &taken {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    // A fix that changes nothing (the text already reads so) is no fix.
    (out != text).then_some(Applied { text: out, fixed })
}

/// Fixes `text` round after round, linting it again with `lint` after each, until nothing is
/// left to fix (at most [`MAX_ROUNDS`]). Returns the text and how many fixes were applied, or
/// `None` when nothing was.
pub fn fix_text(
    text: &str,
    diagnostics: &[Diagnostic],
    mut lint: impl FnMut(&str) -> Vec<Diagnostic>,
) -> Option<Applied> {
    let mut current = apply(text, diagnostics)?;
    for _ in 1..MAX_ROUNDS {
        let found = lint(&current.text);
        match apply(&current.text, &found) {
            Some(next) => {
                current = Applied {
                    text: next.text,
                    fixed: current.fixed + next.fixed,
                }
            }
            None => break,
        }
    }
    Some(current)
}

/// A unified diff of the file `name` from `before` to `after` (`--- a/name`, `+++ b/name`, three
/// lines of context), as `git diff` and `patch -p1` read it; empty when they are equal.
pub fn unified_diff(name: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    let diff = similar::TextDiff::from_lines(before, after);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            title: "fix".into(),
            edits: edits
                .iter()
                .map(|&(start, end, replacement)| Edit {
                    span: Span::new(start, end),
                    replacement: replacement.into(),
                })
                .collect(),
            applicability: Applicability::Safe,
        }
    }

    #[test]
    fn applies_fixes_that_do_not_overlap() {
        let text = "run a\r\nworkdir /b\r\n";
        let fixes = [
            fix(&[(0, 3, "RUN")]),
            fix(&[(7, 14, "WORKDIR")]),
            fix(&[(1, 2, "x")]),
        ];
        let applied = apply_fixes(text, &fixes).unwrap();
        assert_eq!(applied.text, "RUN a\r\nWORKDIR /b\r\n");
        assert_eq!(applied.fixed, 2);
    }

    #[test]
    fn keeps_the_bom_and_takes_the_line_ending() {
        let text = "\u{feff}run a\r\nRUN b\r\n";
        assert!(apply_fixes(text, &[fix(&[(0, 3, "RUN")])]).is_none());
        let applied = apply_fixes(text, &[fix(&[(3, 6, "RUN")]), fix(&[(10, 10, "x\ny")])]);
        assert_eq!(applied.unwrap().text, "\u{feff}RUN a\r\nx\r\nyRUN b\r\n");
    }

    #[test]
    fn refuses_edits_outside_the_text_or_inside_a_character() {
        assert!(apply_fixes("é", &[fix(&[(1, 2, "e")])]).is_none());
        assert!(apply_fixes("ab", &[fix(&[(1, 5, "e")])]).is_none());
        assert!(
            apply_fixes("ab", &[fix(&[(0, 1, "a")])]).is_none(),
            "no change"
        );
    }

    #[test]
    fn diffs_name_both_sides() {
        let diff = unified_diff("c.dockerfile", "run a\n", "RUN a\n");
        assert_eq!(
            diff,
            "--- a/c.dockerfile\n+++ b/c.dockerfile\n@@ -1 +1 @@\n-run a\n+RUN a\n"
        );
        assert!(unified_diff("x", "a", "a").is_empty());
    }
}

//! "Did you mean": the nearest known name to a misspelt one.

/// Levenshtein distance between `a` and `b`, ignoring ASCII case.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().map(|c| c.to_ascii_lowercase()).enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// The candidate nearest to `word` when it is close enough to be a likely typo: at most two
/// edits, and fewer edits than the word has characters. Ties go to the earlier candidate.
pub fn nearest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let length = word.chars().count();
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|&(distance, _)| distance <= 2 && distance < length)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("RUNN", "RUN"), 1);
        assert_eq!(edit_distance("workdri", "WORKDIR"), 2);
        assert_eq!(edit_distance("", "ENV"), 3);
    }

    #[test]
    fn nearest_only_when_close() {
        let keywords = ["RUN", "ENV", "WORKDIR", "ENTRYPOINT"];
        assert_eq!(nearest("RUNN", keywords), Some("RUN"));
        assert_eq!(nearest("ENTRYPIONT", keywords), Some("ENTRYPOINT"));
        assert_eq!(nearest("apt-get", keywords), None);
        assert_eq!(nearest("X", keywords), None);
    }
}

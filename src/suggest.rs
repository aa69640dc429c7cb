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

/// Names longer than this get no suggestion: nobody misspells a name of this length, and the
/// distance costs the product of the two lengths.
const MAX_CHARS: usize = 128;
/// At most this many candidates are compared for one name, so that a file of many unknown names
/// and many known ones stays linear (keywords, actions, codes and a component's parameters are
/// far fewer).
const MAX_CANDIDATES: usize = 100;

/// The candidate nearest to `word` when it is close enough to be a likely typo: at most two
/// edits, and fewer edits than the word has characters. Ties go to the earlier candidate.
pub fn nearest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let length = word.chars().count();
    if length > MAX_CHARS {
        return None;
    }
    candidates
        .into_iter()
        .take(MAX_CANDIDATES)
        // Two edits cannot bridge a longer difference in length: no distance to compute.
        .filter(|candidate| candidate.chars().count().abs_diff(length) <= 2)
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|&(distance, _)| distance <= 2 && distance < length)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// The one candidate that `word` is a part of, or that is a part of `word`, at its start or its
/// end, ignoring ASCII case: a key written short or long (`InternetMaxBandwidth` for
/// `InternetMaxBandwidthOut`, `Version` for `ComponentVersion`). Only words of four characters
/// or more; `None` when no candidate or several qualify.
pub fn containing<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    if word.chars().count() < 4 {
        return None;
    }
    let word = word.to_ascii_lowercase();
    let mut found = candidates.into_iter().filter(|candidate| {
        let candidate = candidate.to_ascii_lowercase();
        let (short, long) = if candidate.len() < word.len() {
            (&candidate, &word)
        } else {
            (&word, &candidate)
        };
        short.len() >= 4
            && short != long
            && (long.starts_with(short.as_str()) || long.ends_with(short.as_str()))
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
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
        let long = "a".repeat(200);
        assert_eq!(nearest(&long, [long.as_str()]), None);
    }

    #[test]
    fn containing_only_when_unique() {
        let keys = [
            "InternetMaxBandwidthOut",
            "ComponentVersion",
            "Name",
            "ImageName",
        ];
        assert_eq!(
            containing("InternetMaxBandwidth", keys),
            Some("InternetMaxBandwidthOut")
        );
        assert_eq!(containing("version", keys), Some("ComponentVersion"));
        assert_eq!(containing("ImageNameSuffix", keys), Some("ImageName"));
        // `Name` ends both `Name` and `ImageName`, and is the word itself.
        assert_eq!(containing("Nam", keys), None);
        assert_eq!(containing("Description", keys), None);
    }
}

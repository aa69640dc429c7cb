//! Which format a content is written in (docs/service-rules.md §3, a policy): YAML when its first line that is
//! neither blank nor a `#` comment starts a top-level mapping key at column 0 (`Tasks:`,
//! `Parameters:`, or any `Key:` followed by a blank or the end of the line, the key plain or
//! quoted: `"Tasks":`); otherwise the
//! Dockerfile format.

/// The two content formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentFormat {
    Yaml,
    Dockerfile,
}

pub fn detect(content: &str) -> ContentFormat {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let first = content
        .lines()
        .find(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'));
    match first {
        Some(line) if starts_mapping_key(line) => ContentFormat::Yaml,
        _ => ContentFormat::Dockerfile,
    }
}

/// `Key:` at column 0, the key a plain word, then a blank or the end of the line. A document
/// start `---` counts too.
fn starts_mapping_key(line: &str) -> bool {
    let line = line.trim_end_matches('\r');
    if line == "---" || line.starts_with("--- ") {
        return true;
    }
    // A quoted key (`"Tasks":`, `'Tasks':`) is a key too.
    let (line, quote) = match line.chars().next() {
        Some(quote @ ('"' | '\'')) => (&line[1..], Some(quote)),
        _ => (line, None),
    };
    let key_end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    let (key, rest) = line.split_at(key_end);
    let rest = match quote {
        Some(quote) => match rest.strip_prefix(quote) {
            Some(rest) => rest.trim_start_matches([' ', '\t']),
            None => return false,
        },
        None => rest,
    };
    let starts_with_letter = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    starts_with_letter
        && rest
            .strip_prefix(':')
            .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_yaml_by_its_first_key() {
        assert_eq!(detect("# c\n\nTasks:\n  - Name: a\n"), ContentFormat::Yaml);
        assert_eq!(detect("\u{feff}Parameters:\r\n"), ContentFormat::Yaml);
        assert_eq!(detect("Foo: bar\n"), ContentFormat::Yaml);
        assert_eq!(detect("---\nTasks: []\n"), ContentFormat::Yaml);
        assert_eq!(detect("\"Tasks\":\n"), ContentFormat::Yaml);
        assert_eq!(detect("'Parameters' :\n"), ContentFormat::Yaml);
    }

    #[test]
    fn everything_else_is_dockerfile() {
        assert_eq!(detect("RUN echo a: b\n"), ContentFormat::Dockerfile);
        assert_eq!(detect("  Tasks:\n"), ContentFormat::Dockerfile);
        assert_eq!(detect("ENV A=\"x:\"\n"), ContentFormat::Dockerfile);
        assert_eq!(detect("COPY http://x:80/a /b\n"), ContentFormat::Dockerfile);
        assert_eq!(detect(""), ContentFormat::Dockerfile);
        assert_eq!(detect("Tasks:x\n"), ContentFormat::Dockerfile);
        assert_eq!(detect("\"Tasks:\n"), ContentFormat::Dockerfile);
        assert_eq!(detect("'a b':\n"), ContentFormat::Dockerfile);
    }
}

//! CreateImageComponent request parameters (docs/service-rules.md §2): names, limits and value shapes.

/// A key of a component manifest: a CreateImageComponent parameter, or `ContentFile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComponentParameter {
    Name,
    ComponentVersion,
    SystemType,
    ComponentType,
    Description,
    Content,
    ContentFile,
    ClientToken,
    RegionId,
    ResourceGroupId,
    Tag,
}

impl ComponentParameter {
    pub const ALL: [ComponentParameter; 11] = [
        Self::Name,
        Self::ComponentVersion,
        Self::SystemType,
        Self::ComponentType,
        Self::Description,
        Self::Content,
        Self::ContentFile,
        Self::ClientToken,
        Self::RegionId,
        Self::ResourceGroupId,
        Self::Tag,
    ];

    /// The key as the manifest spells it (case-sensitive).
    pub const fn key(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::ComponentVersion => "ComponentVersion",
            Self::SystemType => "SystemType",
            Self::ComponentType => "ComponentType",
            Self::Description => "Description",
            Self::Content => "Content",
            Self::ContentFile => "ContentFile",
            Self::ClientToken => "ClientToken",
            Self::RegionId => "RegionId",
            Self::ResourceGroupId => "ResourceGroupId",
            Self::Tag => "Tag",
        }
    }

    /// The parameter a manifest key names, if it names one.
    pub fn of(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// Manifest keys: the CreateImageComponent parameter names, plus `ContentFile`.
pub const COMPONENT_MANIFEST_KEYS: &[&str] = &{
    let mut keys = [""; ComponentParameter::ALL.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = ComponentParameter::ALL[i].key();
        i += 1;
    }
    keys
};

/// `Name`: 2-128 characters.
pub const NAME_CHARS: std::ops::RangeInclusive<usize> = 2..=128;
/// `Description`: 2-256 characters.
pub const DESCRIPTION_CHARS: std::ops::RangeInclusive<usize> = 2..=256;
/// `ClientToken`: at most 64 ASCII characters.
pub const CLIENT_TOKEN_MAX_CHARS: usize = 64;
/// The keys of one tag (an item of `Tag`): `Key` and `Value`.
pub const TAG_KEY: &str = "Key";
pub const TAG_VALUE: &str = "Value";
/// `Tag`: at most 20 tags.
pub const TAGS_MAX: usize = 20;
/// Tag keys and values: at most 128 characters.
pub const TAG_TEXT_MAX_CHARS: usize = 128;
/// Prefixes a tag key must not start with.
pub const TAG_KEY_RESERVED_PREFIXES: &[&str] = &["aliyun", "acs:"];
/// Prefixes a tag value must not start with.
pub const TAG_VALUE_RESERVED_PREFIXES: &[&str] = &["acs:"];
/// Prefixes `Name` and `Description` must not start with; text tags must not contain.
pub const URL_PREFIXES: &[&str] = &["http://", "https://"];

/// The Chinese characters `Name` accepts: CJK Unified Ideographs and Extension A.
pub const CHINESE_RANGES: &[std::ops::RangeInclusive<char>] =
    &['\u{4E00}'..='\u{9FFF}', '\u{3400}'..='\u{4DBF}'];

/// The punctuation `Name` accepts besides ASCII letters, digits and Chinese characters.
pub const NAME_PUNCTUATION: &[char] = &[':', '_', '.', '-'];

/// A Chinese character as `Name` accepts it: CJK Unified Ideographs and Extension A.
pub fn is_chinese(c: char) -> bool {
    CHINESE_RANGES.iter().any(|range| range.contains(&c))
}

/// Every rule a `Name` breaks, in words; empty when the name is valid.
pub fn name_faults(name: &str) -> Vec<String> {
    name_faults_within(name, NAME_CHARS)
}

/// Every rule a name breaks that follows the rules of `Name` but for its length, `chars`
/// characters (a template's `ImageName`, 2-64; `ImageFamily`, 2-128: docs/service-rules.md §7.1).
pub fn name_faults_within(name: &str, chars: std::ops::RangeInclusive<usize>) -> Vec<String> {
    let mut faults = Vec::new();
    let count = name.chars().count();
    if !chars.contains(&count) {
        faults.push(format!(
            "it has {count} character{}, not {}-{}",
            if count == 1 { "" } else { "s" },
            chars.start(),
            chars.end()
        ));
    }
    if let Some(first) = name.chars().next()
        && !(first.is_ascii_alphabetic() || is_chinese(first))
    {
        faults.push(format!(
            "it starts with `{first}`, not a letter or a Chinese character"
        ));
    }
    // Each character not allowed, once, in the order of first appearance.
    let mut bad: Vec<char> = Vec::new();
    for c in name.chars() {
        let allowed = c.is_ascii_alphanumeric() || is_chinese(c) || NAME_PUNCTUATION.contains(&c);
        if !allowed && !bad.contains(&c) {
            bad.push(c);
        }
    }
    if !bad.is_empty() {
        const SHOWN: usize = 5;
        let mut shown: Vec<String> = bad
            .iter()
            .take(SHOWN)
            .map(|c| format!("`{}`", c.escape_debug()))
            .collect();
        if bad.len() > SHOWN {
            shown.push(format!("{} more", bad.len() - SHOWN));
        }
        faults.push(format!(
            "it holds {}, but only letters, Chinese characters, digits, `:`, `_`, `.` and `-` are allowed",
            shown.join(", ")
        ));
    }
    if URL_PREFIXES.iter().any(|p| name.starts_with(p)) {
        faults.push("it starts with `http://` or `https://`".into());
    }
    faults
}

/// A region ID's shape, e.g. `cn-hangzhou`: `^[a-z]{2,}(-[a-z0-9]+)+$` (docs/service-rules.md §2, ICL301).
pub fn looks_like_region_id(id: &str) -> bool {
    let mut parts = id.split('-');
    let head = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    head.len() >= 2
        && head.bytes().all(|b| b.is_ascii_lowercase())
        && !rest.is_empty()
        && rest.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A resource group ID's shape: `rg-` followed by lowercase letters and digits (docs/service-rules.md §2, ICL302).
pub fn looks_like_resource_group_id(id: &str) -> bool {
    id.strip_prefix("rg-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// A `ComponentVersion` read per docs/service-rules.md §2 and §9.5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentVersion {
    pub parts: [i32; 3],
    /// A part is written with a leading zero (`01.0.0`): accepted, but a warning (ICL303).
    pub leading_zeros: bool,
}

/// Reads `major.minor.patch`: three non-negative integers that fit an `i32`, no wildcard and no
/// pre-release or build suffix. The error says what is wrong.
pub fn parse_component_version(text: &str) -> Result<ComponentVersion, String> {
    if text.contains('*') {
        return Err(
            "`*` is a wildcard: a component's own version is exact (wildcards are for COMPONENT \
             references in templates)"
                .into(),
        );
    }
    // `1.0.0-rc1`, `1.0.0+build.5`: a well-formed version followed by a suffix.
    if let Some(at) = text.find(['-', '+'])
        && parse_component_version(&text[..at]).is_ok()
    {
        return Err(format!(
            "it ends in the pre-release or build suffix `{}`",
            &text[at..]
        ));
    }
    let pieces: Vec<&str> = text.split('.').collect();
    if pieces.len() != 3 {
        return Err(format!(
            "it has {} part{}, not 3 (major.minor.patch)",
            pieces.len(),
            if pieces.len() == 1 { "" } else { "s" }
        ));
    }
    let mut parts = [0; 3];
    let mut leading_zeros = false;
    for (slot, piece) in parts.iter_mut().zip(&pieces) {
        if piece.is_empty() || !piece.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{piece}` is not a non-negative integer"));
        }
        *slot = piece
            .parse::<i32>()
            .map_err(|_| format!("`{piece}` is larger than 2147483647"))?;
        leading_zeros |= piece.len() > 1 && piece.starts_with('0');
    }
    Ok(ComponentVersion {
        parts,
        leading_zeros,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(name_faults("web-server_1.0:prod").is_empty());
        assert!(name_faults("镜像组件").is_empty());
        assert_eq!(name_faults("a").len(), 1);
        assert_eq!(name_faults("1abc").len(), 1);
        assert_eq!(
            name_faults("https://x").len(),
            2,
            "{:?}",
            name_faults("https://x")
        );
        assert_eq!(name_faults("a b!").len(), 1);
    }

    #[test]
    fn each_bad_character_is_named_once() {
        let faults = name_faults("a b!c d!e");
        assert_eq!(faults.len(), 1, "{faults:?}");
        assert!(
            faults[0].starts_with("it holds ` `, `!`, but"),
            "{faults:?}"
        );
        let faults = name_faults("a!@#$%^&*");
        assert!(faults[0].contains("`%`, 3 more, but"), "{faults:?}");
    }

    #[test]
    fn chinese_names() {
        // CJK Extension A (U+3400-U+4DBF) and the unified block (U+4E00-U+9FFF) are accepted.
        assert!(name_faults("㐀䶿组件").is_empty());
        assert!(name_faults("一龥").is_empty());
        // Kana, Hangul, full-width punctuation and Extension B are not.
        for bad in ["镜像コンポ", "이미지", "镜像：组件", "镜像，组件", "𠀀组件"]
        {
            assert!(!name_faults(bad).is_empty(), "{bad}");
        }
    }

    #[test]
    fn shapes() {
        assert!(looks_like_region_id("cn-hangzhou") && looks_like_region_id("ap-southeast-1"));
        assert!(!looks_like_region_id("hangzhou") && !looks_like_region_id("CN-hangzhou"));
        assert!(
            looks_like_resource_group_id("rg-acfm2abc") && !looks_like_resource_group_id("rg-")
        );
    }

    #[test]
    fn versions() {
        assert_eq!(parse_component_version("1.2.3").unwrap().parts, [1, 2, 3]);
        assert!(parse_component_version("01.0.0").unwrap().leading_zeros);
        for bad in [
            "1.2",
            "1.*.0",
            "1.0.0-rc1",
            "2147483648.0.0",
            "-1.0.0",
            "1..0",
        ] {
            assert!(parse_component_version(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn version_errors_say_what_is_wrong() {
        let error = |text| parse_component_version(text).unwrap_err();
        assert_eq!(error("2"), "it has 1 part, not 3 (major.minor.patch)");
        assert_eq!(error("1.0"), "it has 2 parts, not 3 (major.minor.patch)");
        assert!(error("*").starts_with("`*` is a wildcard"));
        assert!(error("1.0.*").contains("`*`"));
        assert_eq!(
            error("1.0.0-rc1"),
            "it ends in the pre-release or build suffix `-rc1`"
        );
        assert!(error("1.0.0+build.5").ends_with("suffix `+build.5`"));
        assert_eq!(error("1.-1.0"), "`-1` is not a non-negative integer");
        assert_eq!(error("v1.0.0"), "`v1` is not a non-negative integer");
    }
}

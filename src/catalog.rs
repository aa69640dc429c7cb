//! The service's facts as data: limits, keywords and name rules. When Alibaba changes a rule, the
//! change belongs here (docs/service-rules.md §9.8).

pub mod iac;
pub mod request;
pub mod template;
pub mod yaml_format;

/// Limits that docs/service-rules.md §9 makes configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest content in bytes of UTF-8 (docs/service-rules.md §3, §9.1: "16 KB").
    pub content_bytes: usize,
    /// Most commands (Dockerfile lines or YAML tasks) in one content (docs/service-rules.md §3, §9.4).
    pub commands: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            content_bytes: 16 * 1024,
            commands: 127,
        }
    }
}

/// Files larger than this are not parsed at all: far past any limit of the service, they are
/// reported by size alone, so a stray log or disk image costs nothing.
pub const MAX_INPUT_BYTES: u64 = 8 * 1024 * 1024;

/// How far into a file a NUL byte marks it as binary (the heuristic of git and grep).
pub const BINARY_SNIFF_BYTES: usize = 8000;

/// What a file describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// An image component (CreateImageComponent `Content`).
    #[default]
    Component,
    /// An image template (CreateImagePipeline `BuildContent` / `TestContent`).
    Template,
}

/// `SystemType` of a component (docs/service-rules.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SystemType {
    #[default]
    Linux,
    Windows,
}

impl SystemType {
    pub const ALL: [SystemType; 2] = [SystemType::Linux, SystemType::Windows];

    pub const fn name(self) -> &'static str {
        match self {
            SystemType::Linux => "Linux",
            SystemType::Windows => "Windows",
        }
    }

    /// The value as the API spells it (case-sensitive).
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == value)
    }
}

/// `ComponentType` of a component (docs/service-rules.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ComponentType {
    #[default]
    Build,
    Test,
}

impl ComponentType {
    pub const ALL: [ComponentType; 2] = [ComponentType::Build, ComponentType::Test];

    pub const fn name(self) -> &'static str {
        match self {
            ComponentType::Build => "Build",
            ComponentType::Test => "Test",
        }
    }

    /// The value as the API spells it (case-sensitive).
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == value)
    }
}

/// A keyword of the Dockerfile format (docs/service-rules.md §4.2, §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    Run,
    Env,
    Workdir,
    Copy,
    User,
    Label,
    Cmd,
    Entrypoint,
    Restart,
    Component,
    From,
}

impl Keyword {
    pub const ALL: [Keyword; 11] = [
        Keyword::Run,
        Keyword::Env,
        Keyword::Workdir,
        Keyword::Copy,
        Keyword::User,
        Keyword::Label,
        Keyword::Cmd,
        Keyword::Entrypoint,
        Keyword::Restart,
        Keyword::Component,
        Keyword::From,
    ];

    /// The keyword as documented (upper case).
    pub const fn name(self) -> &'static str {
        match self {
            Keyword::Run => "RUN",
            Keyword::Env => "ENV",
            Keyword::Workdir => "WORKDIR",
            Keyword::Copy => "COPY",
            Keyword::User => "USER",
            Keyword::Label => "LABEL",
            Keyword::Cmd => "CMD",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Restart => "RESTART",
            Keyword::Component => "COMPONENT",
            Keyword::From => "FROM",
        }
    }

    /// Keywords match case-insensitively (docs/service-rules.md §4.1, §9.3).
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(word))
    }

    /// Whether the keyword may appear in content of this kind.
    pub const fn allowed_in(self, kind: Kind) -> bool {
        match self {
            Keyword::Component | Keyword::From => matches!(kind, Kind::Template),
            _ => true,
        }
    }

    /// Whether the argument is shell text (`RUN`, `CMD`, `ENTRYPOINT`), where a line continuation
    /// is removed as a shell removes it; for every other keyword the argument is words or
    /// `key="value"` pairs, and a continuation separates words as a space does
    /// (docs/service-rules.md §4.1).
    pub const fn takes_shell_text(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Cmd | Keyword::Entrypoint)
    }

    /// Whether the command must have an argument (all but `RESTART`, which must have none).
    pub const fn takes_argument(self) -> bool {
        !matches!(self, Keyword::Restart)
    }
}

/// Dockerfile instructions that Image Builder does not support, with what to write instead.
pub const DOCKER_ONLY_KEYWORDS: &[(&str, &str)] = &[
    (
        "ADD",
        "use COPY: it downloads http(s) URLs and copies paths on the build instance",
    ),
    (
        "ARG",
        "use ENV, or a component parameter in the YAML format",
    ),
    ("MAINTAINER", "use LABEL maintainer=\"...\""),
    (
        "EXPOSE",
        "open ports in the security group or in a RUN command (firewall-cmd, ufw)",
    ),
    ("VOLUME", "mount disks in a RUN command"),
    ("SHELL", "call the shell you need explicitly in RUN"),
    (
        "HEALTHCHECK",
        "add a Test component that checks the service",
    ),
    (
        "ONBUILD",
        "put the commands in a component used by the later template",
    ),
    (
        "STOPSIGNAL",
        "configure the service manager (systemd) in a RUN command",
    ),
];

/// URL schemes `COPY` can download from (docs/service-rules.md §4.2).
pub const COPY_URL_SCHEMES: &[&str] = &["http://", "https://"];

/// Longest Linux account name accepted by `USER` (docs/service-rules.md §4.2).
pub const USER_NAME_MAX_CHARS: usize = 32;

/// A Linux account name: `[a-z_][a-z0-9_-]*[$]?`, at most [`USER_NAME_MAX_CHARS`] (docs/service-rules.md §4.2).
pub fn is_user_name(name: &str) -> bool {
    let body = name.strip_suffix('$').unwrap_or(name);
    let mut chars = body.chars();
    name.chars().count() <= USER_NAME_MAX_CHARS
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// A numeric user ID: decimal digits that fit Linux's 32-bit `uid_t`.
pub fn is_user_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && id.parse::<u32>().is_ok()
}

/// An environment variable name: `[A-Za-z_][A-Za-z0-9_]*` (docs/service-rules.md §4.2).
pub fn is_env_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_case_insensitively() {
        assert_eq!(Keyword::parse("run"), Some(Keyword::Run));
        assert_eq!(Keyword::parse("WorkDir"), Some(Keyword::Workdir));
        assert_eq!(Keyword::parse("RUNN"), None);
    }

    #[test]
    fn user_names() {
        assert!(is_user_name("admin"));
        assert!(is_user_name("_svc-1$"));
        assert!(!is_user_name("Admin"));
        assert!(!is_user_name("1abc"));
        assert!(!is_user_name(&"a".repeat(33)));
        assert!(is_user_id("0") && is_user_id("4294967295"));
        assert!(!is_user_id("4294967296") && !is_user_id("-1"));
    }

    #[test]
    fn env_keys() {
        assert!(is_env_key("PATH") && is_env_key("_x1"));
        assert!(!is_env_key("1X") && !is_env_key("A-B") && !is_env_key(""));
    }
}

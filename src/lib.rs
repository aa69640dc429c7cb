//! iclint: an offline linter for Alibaba Cloud ECS Image Builder components and templates.
//!
//! Data flows one way (`docs/architecture.md`): paths are discovered and read at the edge
//! ([`engine`]), each text is parsed once ([`syntax`]), checked on its models ([`rules`]), its
//! suppressions applied; then the checks across files run on the facts, the configuration is
//! applied, and the reports are written ([`report`]).
//!
//! The facade: [`lint_text`] lints one text, purely; [`check`] runs a whole run over paths.

pub mod catalog;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub(crate) mod input;
pub mod lint;
pub mod options;
pub mod report;
pub mod rule;
pub mod rules;
pub mod schema;
pub mod source;
pub mod suggest;
pub(crate) mod suppression;
pub mod syntax;
pub(crate) mod walk;

pub use engine::{Run, Settings, check};
pub use lint::{FileLint, Want, lint_bytes, lint_text};
pub use options::{FileKind, ManifestSyntax, Options};
pub use report::FileReport;

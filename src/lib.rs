//! iclint: an offline linter for Alibaba Cloud ECS Image Builder components and templates.
//!
//! Data flows one way (`docs/architecture.md`): paths are discovered and read at the edge
//! (`engine`), each text is parsed once ([`syntax`]), checked on its models ([`rules`]), its
//! suppressions applied; then the checks across files run on the facts, the configuration is
//! applied, and the reports are written ([`report`]).
//!
//! The facade: [`lint_text`] lints one text, purely; [`check`] runs a whole run over paths and
//! hands each [`FileReport`] over in path order; `report::writer` writes them in every format.
//! The stages of a run (`engine`, `lint`, `suppression`, `walk`, `input`) are private; the
//! modules the command line, the tests and the benchmarks read (the catalogue, the rules and
//! their registry, the configuration, the parsers, the reports) are public.

pub mod catalog;
pub mod config;
pub mod diagnostic;
pub(crate) mod engine;
pub mod fix;
pub(crate) mod input;
pub(crate) mod lint;
pub(crate) mod options;
pub mod report;
pub mod rule;
pub mod rules;
pub mod schema;
pub mod server;
pub mod source;
pub(crate) mod suggest;
pub(crate) mod suppression;
pub mod syntax;
pub(crate) mod walk;

pub use engine::shellcheck::{Dialect, ShellCheck};
pub use engine::{Overlay, Repository, Run, Settings, check, check_with, fixes, lint_buffer};
pub use lint::{FileLint, Want, lint_bytes, lint_text};
pub use options::{FileKind, ManifestSyntax, Options};
pub use report::FileReport;
pub use suggest::nearest;

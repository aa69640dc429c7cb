//! Parsers: from text to spanned models, once per text. Structural faults are kept in the models
//! for the rules to report; parsing itself never fails. Nothing here reads a file or reports a
//! finding.

pub mod content;
pub mod directives;
pub mod dockerfile;
pub mod format;
pub mod manifest;
pub mod powershell;
pub mod shell;
pub mod template;
pub mod words;
pub mod yaml;

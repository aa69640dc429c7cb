//! Parsers: from text to spanned models, once per text. Structural faults are kept in the models
//! for the rules to report; parsing itself never fails. Nothing here reads a file or reports a
//! finding.

pub mod component_manifest;
pub mod content;
pub mod directives;
pub mod dockerfile;
pub mod format;
pub mod iac;
pub mod manifest;
pub mod powershell;
pub mod ros;
pub mod shell;
pub mod template;
pub mod template_manifest;
pub mod terraform;
pub mod words;
pub mod yaml;
pub mod yaml_content;

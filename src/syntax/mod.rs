//! Parsers: from text to spanned syntax trees. Structural faults are kept in the tree for the
//! rules to report; parsing itself never fails.

pub mod dockerfile;
pub mod format;
pub mod template;
pub mod words;
pub mod yaml;

//! Faults of the YAML tree itself: duplicate keys and aliases without an anchor.

use super::invalid;
use crate::diagnostic::Diagnostic;
use crate::syntax::yaml::{Node, NodeKind};
use std::collections::HashMap;

/// Every node of the tree, without recursion (the tree may be as deep as the parser's cap).
fn walk(root: &Node, mut visit: impl FnMut(&Node)) {
    let mut pending = vec![root];
    while let Some(node) = pending.pop() {
        visit(node);
        match &node.kind {
            NodeKind::Mapping(entries) => {
                for entry in entries.iter().rev() {
                    pending.push(&entry.value);
                    pending.push(&entry.key);
                }
            }
            NodeKind::Sequence(items) => pending.extend(items.iter().rev()),
            NodeKind::Scalar(_) | NodeKind::Alias(_) => {}
        }
    }
}

/// A key given twice in one mapping: at the second, with the first labelled.
pub fn check_duplicate_keys(root: &Node, out: &mut Vec<Diagnostic>) {
    walk(root, |node| {
        let Some(entries) = node.as_mapping() else {
            return;
        };
        let mut seen = HashMap::new();
        for entry in entries {
            let Some(key) = entry.key.as_scalar() else {
                continue;
            };
            if let Some(first) = seen.insert(key.value.as_str(), entry.key.span) {
                seen.insert(key.value.as_str(), first);
                out.push(
                    invalid(entry.key.span, format!("duplicate key `{}`", key.value))
                        .with_label("given again here")
                        .with_related(first, "first given here")
                        .with_help("give each key once; YAML keeps only one of them"),
                );
            }
        }
    });
}

/// An alias whose anchor does not come before it.
pub fn check_aliases(root: &Node, out: &mut Vec<Diagnostic>) {
    walk(root, |node| {
        if let NodeKind::Alias(alias) = &node.kind
            && !alias.resolved
        {
            out.push(
                invalid(
                    node.span,
                    format!("alias `*{}` refers to no anchor", alias.name),
                )
                .with_label("unknown anchor")
                .with_help(format!(
                    "define `&{}` on a value before this alias",
                    alias.name
                )),
            );
        }
    });
}

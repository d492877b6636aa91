//! The crate's layering: the model is built first and every later stage reads it, so no
//! file of the model may reach into a later stage (that made `model` and `risk` import each
//! other; see "Decisions" in `docs/ARCHITECTURE.md`).

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// True when `text` names the module `crate::<stage>` (not one that merely starts so).
fn names_module(text: &str, stage: &str) -> bool {
    let path = format!("crate::{stage}");
    text.match_indices(&path).any(|(at, _)| {
        !text[at + path.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn the_model_does_not_import_later_stages() {
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model");
    let files = sources(&model);
    assert!(files.len() > 5, "found only {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Not `checks`: validating an acceptance looks its check id up in the registry.
        for stage in ["risk", "gap", "render"] {
            assert!(
                !names_module(&text, stage),
                "{} names `crate::{stage}`: the model must not depend on a later stage",
                file.display()
            );
        }
    }
}

#[test]
fn names_module_tells_a_module_from_a_longer_name() {
    assert!(names_module("use crate::risk::RiskMatrix;", "risk"));
    assert!(names_module("use crate::risk;", "risk"));
    assert!(!names_module("use crate::risky::X;", "risk"));
    assert!(!names_module("use crate::model::X;", "risk"));
}

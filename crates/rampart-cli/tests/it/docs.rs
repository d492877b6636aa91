//! Examples in the docs are what the binary prints, so they cannot go stale unnoticed.

use std::path::PathBuf;

use serde_json::Value;

use crate::common::rampart;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The first ```json block after `heading` in a doc under `docs/`.
fn json_block_after(doc: &str, heading: &str) -> String {
    let path = root().join("docs").join(doc);
    let text = std::fs::read_to_string(&path).unwrap();
    let after = &text[text
        .find(heading)
        .unwrap_or_else(|| panic!("{}: no heading {heading}", path.display()))..];
    let start = after.find("```json\n").expect("a json block") + "```json\n".len();
    let end = after[start..].find("```").expect("the block ends");
    after[start..start + end].to_owned()
}

/// `shown` may elide parts of `actual` with `…`; every other piece must appear, in order.
fn elides(shown: &str, actual: &str) -> bool {
    let mut rest = actual;
    for piece in shown.split('…') {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

#[test]
fn system_model_check_json_example_is_the_example_plants_output() {
    let shown: Value = serde_json::from_str(&json_block_after(
        "system-model.md",
        "### `rampart.system.check/1`",
    ))
    .expect("the doc's example is JSON");
    let example = root().join("examples/water-treatment/system.yaml");
    let run = rampart(&[
        "system",
        "check",
        example.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let actual: Value = serde_json::from_str(&run.stdout).unwrap();
    for key in ["schema", "system", "summary"] {
        assert_eq!(shown[key], actual[key], "docs/system-model.md: `{key}`");
    }
    let finding = &shown["findings"][0];
    let real = actual["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fingerprint"] == finding["fingerprint"])
        .expect("the finding shown is one the example has");
    for (key, value) in finding.as_object().unwrap() {
        match value {
            Value::String(text) if text.contains('…') => assert!(
                elides(text, real[key].as_str().unwrap()),
                "docs/system-model.md: `{key}` {text:?} is not {:?}",
                real[key]
            ),
            _ => assert_eq!(value, &real[key], "docs/system-model.md: `{key}`"),
        }
    }
}

#[test]
fn sbom_diff_json_example_is_what_diff_prints() {
    let shown: Value = serde_json::from_str(&json_block_after("sbom.md", "## Comparing two SBOMs"))
        .expect("the doc's example is JSON");
    let fixtures = root().join("crates/rampart-sbom/tests/fixtures");
    let run = rampart(&[
        "sbom",
        "diff",
        fixtures
            .join("proton-bridge-1.6.3.cdx.json")
            .to_str()
            .unwrap(),
        fixtures
            .join("proton-bridge-1.8.0.cdx.json")
            .to_str()
            .unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let actual: Value = serde_json::from_str(&run.stdout).unwrap();
    for key in ["schema", "added", "removed", "downgraded", "changed"] {
        assert_eq!(shown[key], actual[key], "docs/sbom.md: `{key}`");
    }
    let (shown, real) = (&shown["upgraded"][0], &actual["upgraded"][0]);
    assert_eq!(shown["identity"], real["identity"]);
    assert_eq!(shown["fields"], real["fields"]);
    for side in ["old", "new"] {
        assert_eq!(
            shown[side]["version"], real[side]["version"],
            "docs/sbom.md: `{side}`"
        );
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            keys(&shown[side]),
            keys(&real[side]),
            "docs/sbom.md: `{side}` fields"
        );
    }
}

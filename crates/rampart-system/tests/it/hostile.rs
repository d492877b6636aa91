//! Malformed and hostile YAML: clear errors, bounded in time and memory.

use std::time::{Duration, Instant};

use rampart_system::{MAX_MODEL_BYTES, ModelError, SystemModel};

use crate::common::example_path;

const BOUND: Duration = Duration::from_secs(30);

/// Parses `text` and checks that it fails, returning the message. The time limit is not a
/// speed measurement (benchmarks do that): it is a generous bound, far above the
/// milliseconds these take, that only an unbounded parse (an alias bomb expanded, a 50 MB
/// nesting recursed into) could exceed.
fn fails_fast(text: &str) -> String {
    let limit = BOUND;
    let start = Instant::now();
    let err = SystemModel::parse("hostile.yaml", text).expect_err("hostile input must not load");
    let took = start.elapsed();
    assert!(took < limit, "took {took:?}");
    assert!(matches!(err, ModelError::Invalid { .. }));
    err.to_string()
}

#[test]
fn truncated_file() {
    let text = std::fs::read_to_string(example_path()).unwrap();
    // Cut inside a flow mapping of the conduits.
    let cut = text
        .find("{protocol: https, port: 443, direction: a-to-b")
        .unwrap()
        + 20;
    let err = fails_fast(&text[..cut]);
    assert!(err.starts_with("hostile.yaml:"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn wrong_types() {
    let err = fails_fast("system: {name: x}\nassets: 5\n");
    assert!(err.starts_with("hostile.yaml:2:"), "{err}");
    let err = fails_fast("system: [1, 2]\n");
    assert!(err.starts_with("hostile.yaml:1:"), "{err}");
    let err = fails_fast("system: {name: x}\nassets: [{id: a, kind: ED, safety_related: maybe}]\n");
    assert!(err.starts_with("hostile.yaml:2:"), "{err}");
}

#[test]
fn fifty_megabytes_of_nesting() {
    // Flow and block nesting, generated here rather than committed.
    let flow = "[".repeat(50 * 1024 * 1024);
    let err = fails_fast(&flow);
    assert!(
        err.contains("recursion limit") || err.contains("depth"),
        "{err}"
    );
    let mut block = String::with_capacity(1 << 20);
    for depth in 0..200 {
        block.push_str(&" ".repeat(depth));
        block.push_str("a:\n");
    }
    // Rejected at the first key that the model does not know, before any depth is reached.
    let err = fails_fast(&block);
    assert!(
        err.starts_with("hostile.yaml:1:1: unknown field `a`"),
        "{err}"
    );
    // Deep block nesting where the model accepts a mapping is stopped by the depth budget or
    // by the first type mismatch, whichever comes first; either way, fast and located.
    let mut block = String::from("system:\n");
    for depth in 1..2_000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("name:\n");
    }
    let err = fails_fast(&block);
    assert!(err.starts_with("hostile.yaml:"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn alias_bomb() {
    // The "billion laughs": nine levels of ten aliases each.
    let mut text = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    // Refused at its first key, which the model does not know, before any alias expands: the
    // model's typed fields hold no nested lists for such a bomb to grow in. What aliases can
    // do where the model accepts them is bounded by the budgets tested below.
    let err = fails_fast(&text);
    assert!(
        err.starts_with("hostile.yaml:1:1: unknown field `a0`"),
        "{err}"
    );
}

/// A megabyte of text anchored once and reused by alias in accepted places: the replayed text
/// counts against the scalar budget each time, so 70 uses (70 MB) are refused, not built.
#[test]
fn a_large_anchor_reused_by_aliases_is_bounded() {
    let big = "x".repeat(1_000_000);
    let mut text = format!("system: {{name: x, description: &d {big}}}\nassets:\n");
    for i in 0..70 {
        text.push_str(&format!("  - {{id: a{i}, kind: ED, description: *d}}\n"));
    }
    let err = fails_fast(&text);
    assert!(err.contains("the file's text values add up to"), "{err}");
}

/// A model of `uses + 1` assets whose descriptions reuse the names of the first 101 by alias:
/// anchors and aliases where the model accepts them, so only the budget can refuse it.
fn aliased_descriptions(uses: usize) -> String {
    let mut text = String::from("system: {name: x}\nassets:\n");
    for i in 0..=uses {
        let name = if i < 101 {
            format!("&n{i} pump {i}")
        } else {
            format!("pump {i}")
        };
        let description = if i < uses {
            format!(", description: *n{}", i % 101)
        } else {
            String::new()
        };
        text.push_str(&format!(
            "  - {{id: a{i}, kind: ED, name: {name}{description}}}\n"
        ));
    }
    let members: Vec<String> = (0..=uses).map(|i| format!("a{i}")).collect();
    text.push_str(&format!(
        "zones:\n  - {{id: z, sl_t: 1, assets: [{}]}}\n",
        members.join(", ")
    ));
    text
}

#[test]
fn alias_budget_holds_where_the_model_accepts_aliases() {
    let model = SystemModel::parse("aliases.yaml", &aliased_descriptions(1_000)).unwrap();
    assert_eq!(model.assets()[101].description.as_deref(), Some("pump 0"));
    let err = fails_fast(&aliased_descriptions(1_001));
    assert!(
        err.contains("the file has more than 1000 alias uses"),
        "{err}"
    );
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let big = " ".repeat(usize::try_from(MAX_MODEL_BYTES).unwrap() + 1);
    let err = fails_fast(&big);
    assert!(err.contains("the limit is"), "{err}");
    // And from a file, by its size, without reading it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(MAX_MODEL_BYTES + 1).unwrap();
    let err = SystemModel::load(&path).unwrap_err();
    assert!(matches!(err, ModelError::Read { .. }), "{err}");
    assert!(err.to_string().contains("the limit is"), "{err}");
}

#[test]
fn many_documents_are_refused() {
    let err = fails_fast("system: {name: x}\n---\nsystem: {name: y}\n");
    assert!(err.contains("more than one YAML document"), "{err}");
}

/// The node budget, not the 64 MiB size cap, is what bounds a model's parse time and memory:
/// 400,000 tiny zones (2,000,000 values in 9 MB) are refused where the budget runs out, with
/// the limit named.
#[test]
fn many_tiny_zones_are_refused_on_the_node_budget() {
    let mut text = String::from("system: {name: x}\nzones:\n");
    for z in 0..400_000 {
        text.push_str(&format!("  - {{id: z{z}, sl_t: 1}}\n"));
    }
    let err = fails_fast(&text);
    assert!(
        err.contains("more than 1500000 values, the limit for this kind of file"),
        "{err}"
    );
    // Five values a zone (the mapping, two keys, two values), after the first three lines.
    assert!(err.starts_with("hostile.yaml:300001:"), "{err}");
}

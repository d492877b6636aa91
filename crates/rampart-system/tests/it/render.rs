//! Pictures and text output.

use rampart_system::{gap, render, run_checks};

use crate::common::example;

#[test]
fn diagram_svg_draws_every_zone_and_conduit() {
    let m = example();
    let r = gap::analyse(&m);
    let svg = render::diagram_svg(&m, &r);
    assert!(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"));
    for z in m.zones() {
        assert!(svg.contains(&format!(">{} SL-T", z.id)), "{}", z.id);
    }
    assert_eq!(svg.matches("<path d=").count(), m.conduits().len());
    assert!(svg.contains("#f8d7da"), "gap colour");
    // Balanced tags: every <g> closed.
    assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
}

#[test]
fn diagram_dot_snapshot() {
    let m = example();
    insta::assert_snapshot!(
        "example-diagram-dot",
        render::diagram_dot(&m, &gap::analyse(&m))
    );
}

#[test]
fn gap_chart_has_a_panel_per_zone() {
    let m = example();
    let svg = render::gap_chart_svg(&gap::analyse(&m));
    assert_eq!(svg.matches("<g id=\"zone-").count(), m.zones().len());
    // 7 FRs x SL-T per zone at least.
    assert!(svg.matches("SL-T").count() >= 7 * m.zones().len());
}

#[test]
fn names_are_escaped() {
    let m = crate::common::parse(
        "system: {name: \"A<b>&'c\\\"\"}\nassets: [{id: a, name: \"<script>\", kind: ED}]\nzones: [{id: z, name: \"x\\\"y\", assets: [a], sl_t: 1}]\n",
    )
    .unwrap();
    let r = gap::analyse(&m);
    let svg = render::diagram_svg(&m, &r);
    assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
    assert!(svg.contains("A&lt;b&gt;&amp;&apos;c&quot;"));
    let dot = render::diagram_dot(&m, &r);
    assert!(dot.contains("x\\\"y"), "{dot}");
    assert!(render::gap_chart_svg(&r).contains("A&lt;b&gt;"));
}

#[test]
fn example_check_snapshots() {
    let m = example();
    let findings = run_checks(&m);
    insta::assert_snapshot!("example-check-json", render::check_json(&m, &findings));
    insta::assert_snapshot!(
        "example-check-table",
        render::check_table(&m, &findings, None)
    );
}

#[test]
fn example_risk_table_snapshot() {
    let m = example();
    insta::assert_snapshot!(
        "example-risk-table",
        render::risk_table(&rampart_system::risk::assess(&m), None)
    );
}

/// Regression (found by the `system_model` fuzz target): a model with no zone made the SVG
/// height underflow. Every output must handle the empty model.
#[test]
fn a_model_without_zones_renders_every_output() {
    let m = rampart_system::SystemModel::parse("empty.yaml", "system: {name: Empty}\n").unwrap();
    let findings = rampart_system::run_checks(&m);
    let report = gap::analyse(&m);
    assert!(render::diagram_svg(&m, &report).starts_with("<svg"));
    assert!(render::diagram_dot(&m, &report).starts_with("graph system"));
    assert!(render::gap_chart_svg(&report).starts_with("<svg"));
    let _ = render::check_table(&m, &findings, None);
    let _ = render::check_json(&m, &findings);
    let _ = render::gap_table(&report, None);
    let _ = render::gap_json(&report);
    let risk = rampart_system::risk::assess(&m);
    let _ = render::risk_table(&risk, None);
    let _ = render::risk_json(&risk);
}

/// Every text output of the example, at full width and fitted to `width`.
fn example_texts(width: Option<u16>) -> Vec<(&'static str, String)> {
    let m = example();
    let findings = run_checks(&m);
    vec![
        ("check", render::check_table(&m, &findings, width)),
        (
            "risk",
            render::risk_table(&rampart_system::risk::assess(&m), width),
        ),
        ("gap", render::gap_table(&gap::analyse(&m), width)),
        ("checks", render::checks_table(width)),
    ]
}

/// The characters of a text apart from spaces and the table borders, sorted: equal for two
/// texts when one is the other re-wrapped, with nothing cut.
fn content_chars(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '|' | '+' | '-' | '='))
        .collect();
    chars.sort_unstable();
    chars
}

/// Issue 6: tables were never wrapped (`system check` 263 columns, `system gap` 566). With a
/// width, every line fits it and no text is cut; without, rows stay whole for scripts.
#[test]
fn text_outputs_fit_the_width_without_cutting_text() {
    let full = example_texts(None);
    for width in [72u16, 100, 140] {
        for ((name, wide), (_, fitted)) in full.iter().zip(example_texts(Some(width))) {
            for line in fitted.lines() {
                assert!(
                    line.chars().count() <= usize::from(width),
                    "{name} at {width}: {line}"
                );
            }
            assert_eq!(
                content_chars(wide),
                content_chars(&fitted),
                "{name} at {width}"
            );
        }
    }
    assert!(
        full.iter()
            .any(|(_, text)| text.lines().any(|l| l.chars().count() > 200)),
        "the example has rows wider than any terminal"
    );
}

/// Issue 6: text output ends with one newline, never a blank line (the risk table of a model
/// without scenarios ended with two).
#[test]
fn text_outputs_end_with_one_newline() {
    let empty =
        rampart_system::SystemModel::parse("empty.yaml", "system: {name: Empty}\n").unwrap();
    let mut texts = example_texts(None);
    texts.extend([
        (
            "check (empty)",
            render::check_table(&empty, &run_checks(&empty), None),
        ),
        (
            "risk (empty)",
            render::risk_table(&rampart_system::risk::assess(&empty), None),
        ),
        (
            "gap (empty)",
            render::gap_table(&gap::analyse(&empty), None),
        ),
    ]);
    for (name, text) in texts {
        assert!(
            text.ends_with('\n') && !text.ends_with("\n\n"),
            "{name}: {:?}",
            &text[text.len().saturating_sub(40)..]
        );
    }
}

#[test]
fn checks_json_is_an_envelope_with_its_schema() {
    let doc: serde_json::Value = serde_json::from_str(&render::checks_json()).unwrap();
    assert_eq!(doc["schema"], "rampart.system.checks/1");
    let checks = doc["checks"].as_array().unwrap();
    assert_eq!(checks.len(), rampart_system::checks::all_checks().len());
    assert!(checks.iter().all(|c| c["hint"].is_string()));
}

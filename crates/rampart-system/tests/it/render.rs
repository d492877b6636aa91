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
    insta::assert_snapshot!("example-check-table", render::check_table(&m, &findings));
}

#[test]
fn example_risk_table_snapshot() {
    let m = example();
    insta::assert_snapshot!(
        "example-risk-table",
        render::risk_table(&rampart_system::risk::assess(&m))
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
    let _ = render::check_table(&m, &findings);
    let _ = render::check_json(&m, &findings);
    let _ = render::gap_table(&report);
    let _ = render::gap_json(&report);
    let risk = rampart_system::risk::assess(&m);
    let _ = render::risk_table(&risk);
    let _ = render::risk_json(&risk);
}

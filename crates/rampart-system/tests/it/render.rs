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

/// The number in attribute `name` of the element text `tag`.
fn attr(tag: &str, name: &str) -> f64 {
    let start = tag
        .find(&format!(" {name}=\""))
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + name.len()
        + 3;
    let len = tag[start..].find('"').unwrap();
    tag[start..start + len].parse().unwrap()
}

/// The elements `<{element} …>` inside `<g id="{group}"…>…</g>` of `svg` (not nested groups).
fn elements<'a>(svg: &'a str, group: &str, element: &str) -> Vec<&'a str> {
    let start = svg
        .find(&format!("<g id=\"{group}\""))
        .unwrap_or_else(|| panic!("no group {group}"));
    let end = start
        + svg[start..]
            .find("</g>\n</")
            .map_or(svg.len() - start, |e| e);
    svg[start..end]
        .match_indices(&format!("<{element} "))
        .map(|(i, _)| {
            let tag = &svg[start + i..end];
            &tag[..tag.find('>').unwrap()]
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
struct Box2 {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Box2 {
    fn of(tag: &str) -> Box2 {
        Box2 {
            x: attr(tag, "x"),
            y: attr(tag, "y"),
            w: attr(tag, "width"),
            h: attr(tag, "height"),
        }
    }
    fn overlaps(&self, o: &Box2) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

fn label_boxes(svg: &str) -> Vec<Box2> {
    elements(svg, "conduit-labels", "rect")
        .into_iter()
        .map(Box2::of)
        .collect()
}

/// A model of `n` zones on three Purdue levels, joined by many conduits in and across rows.
fn dense_model(n: usize) -> rampart_system::SystemModel {
    let mut y = String::from("system: {name: Dense}\nassets:\n");
    for i in 0..n {
        y.push_str(&format!(
            "  - {{id: a{i}, name: Asset {i}, kind: host-device, sl_c: 1}}\n"
        ));
    }
    y.push_str("zones:\n");
    for i in 0..n {
        y.push_str(&format!(
            "  - {{id: zone-{i}, level: {}, assets: [a{i}], sl_t: 1}}\n",
            i % 3
        ));
    }
    y.push_str("conduits:\n");
    for i in 0..n {
        for j in i + 1..n {
            if (i + j) % 2 == 0 || j - i < 3 {
                y.push_str(&format!(
                    "  - {{id: conduit-{i}-{j}, zones: [zone-{i}, zone-{j}]}}\n"
                ));
            }
        }
    }
    crate::common::parse(&y).unwrap_or_else(|e| panic!("{e}"))
}

/// Two zones in adjacent rows joined by `n` conduits: every label wants the same place, so
/// most go to the fallback below the others.
fn parallel_conduits(n: usize) -> rampart_system::SystemModel {
    let mut y = String::from(
        "system: {name: Parallel}\nzones:\n  - {id: up, level: 2, sl_t: 1}\n  - {id: down, level: 1, sl_t: 1}\nconduits:\n",
    );
    for i in 0..n {
        y.push_str(&format!("  - {{id: c{i}, zones: [up, down]}}\n"));
    }
    crate::common::parse(&y).unwrap_or_else(|e| panic!("{e}"))
}

/// Issue 6: conduit labels collided. No two label boxes overlap, on the example and on a
/// dense model, and every label lies on the canvas.
#[test]
fn conduit_labels_never_overlap() {
    for m in [example(), dense_model(12), parallel_conduits(60)] {
        let svg = render::diagram_svg(&m, &gap::analyse(&m));
        let labels = label_boxes(&svg);
        assert_eq!(labels.len(), m.conduits().len());
        let (width, height) = (attr(&svg, "width"), attr(&svg, "height"));
        for (i, a) in labels.iter().enumerate() {
            assert!(a.x >= 0.0 && a.x + a.w <= width && a.y >= 0.0 && a.y + a.h <= height);
            for b in &labels[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
    }
}

/// Whether segments p1-p2 and q1-q2 cross at a point inside both.
fn segments_cross(p1: (f64, f64), p2: (f64, f64), q1: (f64, f64), q2: (f64, f64)) -> bool {
    let side = |a: (f64, f64), b: (f64, f64), c: (f64, f64)| {
        (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
    };
    let (d1, d2) = (side(q1, q2, p1), side(q1, q2, p2));
    let (d3, d4) = (side(p1, p2, q1), side(p1, p2, q2));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

/// Issue 6: conduits leaving one box crossed just below it (the example's control room).
/// The straight conduits leaving the bottom of any one box of the example never cross.
#[test]
fn conduits_leaving_one_box_do_not_cross() {
    let m = example();
    let svg = render::diagram_svg(&m, &gap::analyse(&m));
    let polylines: Vec<Vec<(f64, f64)>> = elements(&svg, "conduits", "path")
        .into_iter()
        .filter(|p| !p.contains(" C "))
        .map(|p| {
            let d = &p[p.find("d=\"").unwrap() + 3..];
            let nums: Vec<f64> = d[..d.find('"').unwrap()]
                .split([' ', 'M', 'L'])
                .filter(|t| !t.is_empty())
                .map(|t| t.parse().unwrap())
                .collect();
            nums.chunks(2).map(|c| (c[0], c[1])).collect()
        })
        .collect();
    let mut compared = 0;
    for zone in 0..m.zones().len() {
        let rect = Box2::of(elements(&svg, &format!("zone-{zone}"), "rect")[0]);
        let leaving: Vec<&Vec<(f64, f64)>> = polylines
            .iter()
            .filter(|p| {
                let (x, y) = p[0];
                (y - (rect.y + rect.h)).abs() < 0.5 && x > rect.x && x < rect.x + rect.w
            })
            .collect();
        for (i, a) in leaving.iter().enumerate() {
            for b in &leaving[i + 1..] {
                compared += 1;
                assert!(a[0] != b[0], "two conduits leave zone {zone} at one point");
                for s in a.windows(2) {
                    for t in b.windows(2) {
                        assert!(
                            !segments_cross(s[0], s[1], t[0], t[1]),
                            "conduits from zone {zone} cross: {a:?} {b:?}"
                        );
                    }
                }
            }
        }
    }
    assert!(compared >= 6, "the control room has four conduits below it");
}

fn one_zone_model() -> rampart_system::SystemModel {
    crate::common::parse(
        "system: {name: Tiny}\nassets:\n  - {id: plc, name: Boiler PLC, kind: embedded-device, sl_c: 0, safety_related: true}\nzones:\n  - {id: z, name: Boiler, assets: [plc], sl_t: 1}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Issue 6: the legend was clipped on small models and did not explain the flags or the
/// component-type abbreviations. On a one-zone model every legend entry lies inside the
/// canvas (at 0.6 em a character, wider than Helvetica's average).
#[test]
fn legend_fits_and_explains_every_mark() {
    let m = one_zone_model();
    let svg = render::diagram_svg(&m, &gap::analyse(&m));
    let width = attr(&svg, "width");
    let texts = elements(&svg, "legend", "text");
    assert!(!texts.is_empty());
    for tag in &texts {
        let start = svg.find(tag).unwrap() + tag.len() + 1;
        let text = &svg[start..start + svg[start..].find('<').unwrap()];
        let right = attr(tag, "x") + text.chars().count() as f64 * 12.0 * 0.6;
        assert!(right <= width, "`{text}` ends at {right}, past {width}");
    }
    for mark in [
        "[S] safety-related",
        "[W] wireless",
        "[X] externally reachable",
        "[T] temporarily connected",
        "ED embedded device",
        "HD host device",
        "ND network device",
        "SA software application",
        "conduit without boundary device",
    ] {
        assert!(svg.contains(&format!(">{mark}</text>")), "{mark}");
    }
}

/// Issue 6: the DOT output lacked the flags and a legend.
#[test]
fn dot_has_flags_and_a_legend() {
    let m = one_zone_model();
    let dot = render::diagram_dot(&m, &gap::analyse(&m));
    assert!(dot.contains("Boiler PLC\\nembedded-device [S]"), "{dot}");
    assert!(dot.contains("subgraph cluster_legend"), "{dot}");
    for mark in [
        "[S] safety-related",
        "SL-T met",
        "conduit without boundary device",
    ] {
        assert!(dot.contains(mark), "{mark}");
    }
}

/// Issue 6: an SL-C of 0 was drawn as nothing (a bar of height 0). It is now a visible flat
/// outline with a "0", distinct from the "?" of an unknown value.
#[test]
fn chart_draws_level_zero_visibly() {
    let m = one_zone_model();
    let svg = render::gap_chart_svg(&gap::analyse(&m));
    assert!(!svg.contains("height=\"0\""), "{svg}");
    assert!(svg.contains("<title>z FR1 SL-C 0</title><rect"), "{svg}");
    assert!(svg.contains(">0</text>"));
    assert!(svg.contains("<title>z FR1 SL-A unknown</title>"));
}

//! The PDF report carries the HTML report's SVG charts and, for a system, the zone diagram:
//! read back with a PDF reader, their titles and labels are text in the embedded font, hostile
//! labels do not break them, and a user's template can place them.
#![cfg(feature = "pdf")]

mod common;

use rampart_assess::AssessmentResults;
use rampart_assess::synthetic::synthetic;
use rampart_catalog::Catalog;
use rampart_report::render_pdf;
use rampart_system::SystemModel;

/// The text of every page, as a reader extracts it, without white space: Typst draws SVG text
/// a glyph at a time, which the reader turns into a line a glyph.
fn text_of(pdf: &[u8]) -> Squashed {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    Squashed(squash(&doc.extract_text(&pages).expect("text extracts")))
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Extracted text, compared without white space.
#[derive(Debug)]
struct Squashed(String);

impl Squashed {
    fn contains(&self, wanted: &str) -> bool {
        self.0.contains(&squash(wanted))
    }
}

/// The names of the fonts the PDF embeds.
fn font_names(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type").and_then(lopdf::Object::as_name).ok() == Some(&b"FontDescriptor"[..])
        })
        .filter_map(|d| d.get(b"FontName").and_then(lopdf::Object::as_name).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

/// The visible titles of the charts of a product assessment.
const PRODUCT_CHART_TITLES: [&str; 4] = [
    "Security levels per FR: target, capability, achieved",
    "Compliance by FR: required items by status",
    "Open vulnerabilities by severity, with known-exploited (KEV)",
    "Open vulnerabilities by EPSS (probability of exploitation in 30 days)",
];

#[test]
fn a_product_report_carries_the_charts_of_the_html_report() {
    let results = synthetic(Catalog::builtin(), 40, 12);
    let pdf = render_pdf(&results, None).unwrap();
    let text = text_of(&pdf);
    for title in PRODUCT_CHART_TITLES {
        assert!(
            text.contains(title),
            "chart {title:?} not in the PDF's text"
        );
    }
    // Axis labels are text too.
    assert!(text.contains("FR7"), "{text:?}");
    // Set in the embedded font, not a fallback.
    assert!(
        font_names(&pdf).iter().all(|n| n.contains("DejaVu")),
        "{:?}",
        font_names(&pdf)
    );
}

/// A plant with names a chart must print as they are: XML specials, quotes and Typst markup.
const HOSTILE: &str = r#"<Pump & "Valve's" #pagebreak() $x$ ]"#;

/// A small system model whose zone and asset names are hostile, with its diagram drawn by
/// `rampart-system` as `rampart assess system` draws it.
fn hostile_diagram() -> String {
    let yaml = format!(
        "system: {{name: 'Plant {h}'}}\n\
         assets: [{{id: a, kind: HD, name: 'HMI {h}'}}, {{id: b, kind: ED, name: 'PLC {h}'}}]\n\
         zones: [{{id: z1, name: 'Zone {h}', assets: [a], sl_t: 2}}, {{id: z2, name: 'Cell', assets: [b], sl_t: 1}}]\n\
         conduits: [{{id: c1, zones: [z1, z2]}}]\n",
        h = HOSTILE.replace('\'', "''")
    );
    let model = SystemModel::parse("plant.yaml", &yaml).unwrap_or_else(|e| panic!("{e}"));
    let gap = rampart_system::gap::analyse(&model);
    rampart_system::render::diagram_svg(&model, &gap)
}

fn hostile_system() -> AssessmentResults {
    let mut results = common::full_results(HOSTILE);
    results.system.as_mut().unwrap().diagram_svg = Some(hostile_diagram());
    results
}

#[test]
fn a_system_report_carries_the_zone_diagram_and_the_heat_map_with_hostile_names() {
    let results = hostile_system();
    let pdf = render_pdf(&results, None).expect("hostile labels do not break rendering");
    let text = text_of(&pdf);
    let plant = format!("Plant {HOSTILE}");
    for wanted in [
        // The diagram's title and a zone's name (cut to its box), as rampart-system draws them.
        plant.as_str(),
        "Zone <Pump & \"Valve's\" #",
        "Risk heat map: threat scenarios by likelihood and consequence",
        "Trend across product versions",
        "IEC 62443-4-1 maturity by practice",
    ] {
        assert!(text.contains(wanted), "{wanted:?} not in the PDF's text");
    }
    // A risk-level label, cut to its place in the heat map.
    assert!(text.contains("likely <Pump &"), "{text:?}");
}

#[test]
fn a_diagram_that_is_not_a_drawing_is_left_out_and_the_rest_renders() {
    let mut results = hostile_system();
    let diagram = hostile_diagram().replacen(
        "<title>",
        "<script>alert(1)</script><text x=\"1\" y=\"1\">SMUGGLED</text><title>",
        1,
    );
    results.system.as_mut().unwrap().diagram_svg = Some(diagram);
    let text = text_of(&render_pdf(&results, None).unwrap());
    assert!(!text.contains("SMUGGLED"));
    assert!(!text.contains("Zone <Pump"));
    assert!(text.contains("Risk heat map"));
}

#[test]
fn the_same_system_results_give_the_same_bytes() {
    let results = hostile_system();
    assert!(render_pdf(&results, None).unwrap() == render_pdf(&results, None).unwrap());
}

#[test]
fn a_user_template_places_the_charts_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("mine.typ");
    std::fs::write(
        &template,
        // No font set: the charts still name the embedded one.
        "#let charts = json(\"charts.json\")\n\
         #charts.keys().join(\" \")\n\
         #image(charts.levels, width: 100%)\n\
         #image(\"/charts/diagram.svg\", width: 100%)\n",
    )
    .unwrap();
    let text = text_of(&render_pdf(&hostile_system(), Some(&template)).unwrap());
    assert!(
        text.contains("levels compliance_by_fr maturity risk diagram vulnerabilities epss trend"),
        "{text:?}"
    );
    assert!(text.contains("Security levels per FR"), "{text:?}");
    assert!(text.contains("Zone <Pump"), "{text:?}");
}

#[test]
fn a_chart_without_data_is_not_offered() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("t.typ");
    std::fs::write(
        &template,
        "#json(\"charts.json\").keys().join(\" \")\n#image(\"charts/diagram.svg\")\n",
    )
    .unwrap();
    let results = synthetic(Catalog::builtin(), 5, 1);
    let err = render_pdf(&results, Some(&template)).unwrap_err();
    assert!(
        err.to_string().contains("charts/diagram.svg"),
        "the error names the chart: {err}"
    );
    let template = dir.path().join("list.typ");
    std::fs::write(&template, "#json(\"charts.json\").keys().join(\" \")\n").unwrap();
    let text = text_of(&render_pdf(&results, Some(&template)).unwrap());
    assert!(
        text.contains("levels compliance_by_fr vulnerabilities epss trend"),
        "{text:?}"
    );
    assert!(
        !text.contains("diagram") && !text.contains("maturity"),
        "{text:?}"
    );
}

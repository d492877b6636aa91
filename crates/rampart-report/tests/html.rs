//! The HTML report: snapshots of small reports, escaping of hostile text everywhere, the
//! sections and charts every report has, and user templates overriding the built-ins.

mod common;

use std::fs;

use rampart_assess::synthetic::synthetic;
use rampart_catalog::Catalog;
use rampart_report::{ReportError, render_html};

use common::{CHARTS, SECTIONS, full_results};

#[test]
fn synthetic_small_report_snapshot() {
    let results = synthetic(Catalog::builtin(), 5, 3);
    let html = render_html(&results, None).expect("renders");
    insta::assert_snapshot!("synthetic_small", html);
}

#[test]
fn system_report_snapshot() {
    let html = render_html(&full_results("x"), None).expect("renders");
    insta::assert_snapshot!("system", html);
}

#[test]
fn every_section_and_chart_is_in_a_full_report() {
    let html = render_html(&full_results("x"), None).expect("renders");
    for id in SECTIONS {
        assert!(
            html.contains(&format!(r#"<section id="{id}">"#)),
            "section {id}"
        );
    }
    for id in CHARTS {
        assert!(html.contains(&format!(r#"id="{id}""#)), "chart {id}");
    }
    // Every chart is accessible: a <title> and a <desc> its aria-labelledby names.
    for id in CHARTS.iter().filter(|id| id.starts_with("chart-")) {
        assert!(html.contains(&format!(r#"aria-labelledby="{id}-title {id}-desc""#)));
        assert!(html.contains(&format!(r#"<desc id="{id}-desc">"#)));
    }
}

/// Guards the report against text from images, SBOMs, advisories and assessors: a
/// hostile string in every free-text field must come out as text, never as markup.
#[test]
fn hostile_text_is_escaped_everywhere() {
    let hostile = r#"<script>alert(1)</script><img src=x onerror="alert(2)">'&"#;
    let html = render_html(&full_results(hostile), None).expect("renders");
    assert!(!html.contains("<script"), "a script element got through");
    assert!(!html.contains("<img"), "an img element got through");
    // Each occurrence is there, escaped (HTML in the page, XML in the charts).
    let escaped_html = html
        .matches("&lt;script&gt;alert(1)&lt;/script&gt;")
        .count();
    assert!(escaped_html >= 15, "escaped {escaped_html} times");
    assert!(!html.contains(r#"onerror="alert"#));
}

/// `results.json` is the only input of every renderer: the zone diagram travels in it.
#[test]
fn a_report_rebuilt_from_results_json_keeps_the_zone_diagram() {
    let json = serde_json::to_string(&full_results("x")).unwrap();
    assert!(json.contains(r#""diagram_svg":"<svg"#), "not serialised");
    let rebuilt: rampart_assess::AssessmentResults = serde_json::from_str(&json).unwrap();
    let html = render_html(&rebuilt, None).expect("renders");
    assert!(html.contains(r#"<svg xmlns="http://www.w3.org/2000/svg" id="zone-diagram""#));
}

/// The diagram `rampart-system` draws passes the check a report makes before inlining it.
#[test]
fn the_example_plants_diagram_is_inlined() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/water-treatment/system.yaml");
    let model = rampart_system::SystemModel::load_with(&path, Catalog::builtin())
        .unwrap_or_else(|e| panic!("{e}"));
    let gap = rampart_system::gap::analyse_with(&model, Catalog::builtin());
    let diagram = rampart_system::render::diagram_svg(&model, &gap);
    let mut results = full_results("x");
    results.system.as_mut().unwrap().diagram_svg = Some(diagram.clone());
    let html = render_html(&results, None).expect("renders");
    assert!(
        html.contains(diagram.trim_end()),
        "the diagram was left out"
    );
}

/// A diagram in an edited `results.json` is inlined only when it is a plain drawing.
#[test]
fn a_diagram_carrying_a_script_is_left_out_of_the_page() {
    let mut results = full_results("x");
    let system = results.system.as_mut().unwrap();
    let diagram = system.diagram_svg.take().unwrap();
    system.diagram_svg = Some(diagram.replacen("<title>", "<script>alert(1)</script><title>", 1));
    let html = render_html(&results, None).expect("renders");
    assert!(!html.contains("<script"), "a script element got through");
    assert!(!html.contains(r#"id="zone-diagram""#));
    // The rest of the system section is still there.
    assert!(html.contains("Zones of Water plant x"));
}

#[test]
fn the_summary_says_where_each_fr_stands_in_words() {
    let html = render_html(&full_results("x"), None).expect("renders");
    assert!(html.contains(
        "FR2 Use control: achieved SL 1 of target SL 2, one level short; the next level is blocked by CR 2.1."
    ));
    assert!(html.contains("FR1 Identification and authentication control: meets its target SL 2"));
    assert!(
        html.contains("FR4 Data confidentiality: achieved SL 0 of target SL 2, 2 levels short")
    );
    // One KEV open (the other KEV-free, the not-affected one not counted).
    assert!(html.contains(r#"<span class="value">1</span><span class="label">known-exploited"#));
}

#[test]
fn a_template_in_the_folder_replaces_the_built_in_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("summary.html"),
        "<section id=\"summary\"><p>Custom: {{ summary.subject }} at {{ summary.percent }} %</p></section>\n",
    )
    .expect("write");
    let html = render_html(&full_results("<b>"), Some(dir.path())).expect("renders");
    assert!(html.contains("<p>Custom: RTU &lt;b&gt; 2.1.0 at 63.2 %</p>"));
    // The other templates are still the built-in ones.
    assert!(html.contains(r#"<section id="requirements">"#));
}

#[test]
fn a_syntax_error_names_the_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("details.html");
    fs::write(
        &path,
        "<section>\n<p>fine</p>\n{% for x in %}\n</section>\n",
    )
    .expect("write");
    let err = render_html(&full_results("x"), Some(dir.path())).expect_err("fails");
    let ReportError::Template { file, line, cause } = &err else {
        panic!("not a template error: {err}");
    };
    assert_eq!(file, &path.display().to_string());
    assert_eq!(*line, Some(3));
    assert!(cause.contains("syntax error"), "{cause}");
    assert!(
        err.to_string()
            .starts_with(&format!("{}:3: syntax error", path.display())),
        "{err}"
    );
}

#[test]
fn a_lookup_through_a_misspelt_field_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.html");
    fs::write(&path, "<h1>{{ results.subjcet.name }}</h1>\n").expect("write");
    let err = render_html(&full_results("x"), Some(dir.path())).expect_err("fails");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("{}:1: ", path.display())),
        "{text}"
    );
    assert!(text.contains("undefined"), "{text}");
}

#[test]
fn a_missing_templates_folder_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nope");
    let err = render_html(&full_results("x"), Some(&missing)).expect_err("fails");
    assert!(
        matches!(err, ReportError::Io { ref path, .. } if *path == missing),
        "{err}"
    );
}

#[test]
fn a_template_name_cannot_leave_the_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inner = dir.path().join("templates");
    fs::create_dir(&inner).expect("mkdir");
    fs::write(dir.path().join("secret.html"), "SECRET").expect("write");
    fs::write(
        inner.join("report.html"),
        "{% include \"../secret.html\" %}",
    )
    .expect("write");
    let err = render_html(&full_results("x"), Some(&inner)).expect_err("fails");
    assert!(err.to_string().contains("not found"), "{err}");
}

/// Guards the size of the report for a large product: every row is there, in compact
/// markup (about 1 kB a finding or vulnerability row at most).
#[test]
fn a_report_for_10k_components_and_2k_findings_stays_compact() {
    let results = synthetic(Catalog::builtin(), 10_000, 2_000);
    let html = render_html(&results, None).expect("renders");
    assert_eq!(html.matches("<td><span class=\"sev sev-").count(), 4_000);
    assert!(html.len() < 4_000_000, "{} bytes", html.len());
    eprintln!("report size: {} bytes", html.len());
}

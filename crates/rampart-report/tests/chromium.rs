//! The HTML report opened in headless Chromium (Debian's `chromium`, installed by
//! `.ci/run`): the DOM Chromium builds holds every section and every chart's `<svg>`, and a
//! screenshot of the page is a real picture, not a blank one. Runs with
//! `cargo test -p rampart-report --features chromium --test chromium`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use rampart_report::render_html;

use common::{CHARTS, SECTIONS, full_results};

/// The browser: `$RAMPART_CHROMIUM`, else `chromium` or `chromium-browser` on the PATH.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("RAMPART_CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!("no chromium or chromium-browser on the PATH: install Debian's chromium (see .ci/run)");
}

/// Chromium run headless on `page` with `args`, in its own profile folder under `dir`;
/// without the background-networking flags it keeps trying to reach the network.
fn run_chromium(dir: &Path, page: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn the_report_opens_in_chromium_with_every_section_and_chart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("report.html");
    fs::write(
        &page,
        render_html(&full_results("x"), None).expect("renders"),
    )
    .expect("write");

    let dom = run_chromium(dir.path(), &page, &["--dump-dom"]);
    let dom = String::from_utf8(dom.stdout).expect("UTF-8 DOM");
    for id in SECTIONS {
        assert!(
            dom.contains(&format!(r#"<section id="{id}">"#)),
            "section {id} not in the DOM"
        );
    }
    for id in CHARTS {
        // Parsed as SVG in the HTML DOM: the element keeps its id and its svg name.
        let at = dom
            .find(&format!(r#"id="{id}""#))
            .unwrap_or_else(|| panic!("chart {id} not in the DOM"));
        let start = dom[..at].rfind('<').expect("an element");
        assert!(
            dom[start..].starts_with("<svg"),
            "{id} is not an <svg> element"
        );
    }

    let shot = dir.path().join("report.png");
    run_chromium(
        dir.path(),
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,4000",
        ],
    );
    let bytes = fs::read(&shot).expect("a screenshot");
    assert!(
        bytes.len() > 50_000,
        "screenshot only {} bytes",
        bytes.len()
    );
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let frame = reader.next_frame(&mut pixels).expect("decodes");
    assert_eq!((frame.width, frame.height), (1280, 4000));
    let pixels = &pixels[..frame.buffer_size()];
    let channels = frame.color_type.samples();
    let first = &pixels[..channels];
    let differing = pixels
        .chunks_exact(channels)
        .filter(|p| *p != first)
        .count();
    // Text, charts and rules: far more than a blank or single-colour page.
    let total = (frame.width * frame.height) as usize;
    assert!(
        differing * 50 > total,
        "only {differing} of {total} pixels differ from the first"
    );
    if let Some(keep) = std::env::var_os("RAMPART_SCREENSHOT") {
        fs::copy(&shot, keep).expect("keep the screenshot");
    }
}

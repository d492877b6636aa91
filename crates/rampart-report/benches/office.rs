//! The editable report set for the issue-9 bench size: `synthetic(catalog, 10_000, 2_000)`
//! (10,000 components, 2,000 findings, 2,000 vulnerabilities) rendered as `requirements.xlsx`
//! and `report.docx`. Figures: `docs/benchmarks.md`, "Reports".

use rampart_assess::AssessmentResults;
use rampart_assess::synthetic::synthetic;
use rampart_catalog::Catalog;

fn main() {
    let results = results();
    let xlsx = rampart_report::render_xlsx(&results).unwrap().len();
    let docx = rampart_report::render_docx(&results).unwrap().len();
    let json = serde_json::to_vec(&results).unwrap().len();
    eprintln!("sizes: requirements.xlsx {xlsx} B, report.docx {docx} B, results.json {json} B");
    divan::main();
}

fn results() -> AssessmentResults {
    synthetic(Catalog::builtin(), 10_000, 2_000)
}

/// The baseline the ratios in `docs/benchmarks.md` are taken to: writing `results.json`.
#[divan::bench(sample_count = 10)]
fn results_json(bencher: divan::Bencher) {
    let results = results();
    bencher.bench(|| serde_json::to_vec(divan::black_box(&results)).unwrap());
}

#[divan::bench(sample_count = 10)]
fn xlsx(bencher: divan::Bencher) {
    let results = results();
    bencher.bench(|| rampart_report::render_xlsx(divan::black_box(&results)).unwrap());
}

#[divan::bench(sample_count = 10)]
fn docx(bencher: divan::Bencher) {
    let results = results();
    bencher.bench(|| rampart_report::render_docx(divan::black_box(&results)).unwrap());
}

//! The PDF report's cost (issue 9: the report set for 10,000 components and 2,000 findings,
//! PDF under 10 s). Figures are recorded in docs/benchmarks.md.

use rampart_assess::synthetic::synthetic;
use rampart_catalog::Catalog;

fn main() {
    divan::main();
}

/// A small product: 100 components, 20 findings.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn pdf_100_components_20_findings(bencher: divan::Bencher) {
    let results = synthetic(Catalog::builtin(), 100, 20);
    bencher.bench(|| rampart_report::render_pdf(&results, None).expect("renders"));
}

/// The size: 10,000 components and 2,000 findings (and as many vulnerabilities).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn pdf_10k_components_2k_findings(bencher: divan::Bencher) {
    let results = synthetic(Catalog::builtin(), 10_000, 2_000);
    bencher.bench(|| rampart_report::render_pdf(&results, None).expect("renders"));
}

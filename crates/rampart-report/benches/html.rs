//! Rendering the HTML report for 10,000 components and 2,000 findings (and as many
//! vulnerabilities): the report-set target is under 2 s (docs/benchmarks.md, "Reports").

use divan::{Bencher, black_box};
use rampart_assess::synthetic::synthetic;
use rampart_catalog::Catalog;
use rampart_report::render_html;

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn html_10k_components_2k_findings(bencher: Bencher) {
    let results = synthetic(Catalog::builtin(), 10_000, 2_000);
    bencher.bench(|| {
        render_html(black_box(&results), None)
            .expect("renders")
            .len()
    });
}

//! How long each standard export takes on the report-set benchmark size (10,000 components,
//! 2,000 findings and as many vulnerabilities, `docs/benchmarks.md`), serialised to the bytes
//! written. Run: `cargo bench -p rampart-report --bench exports`.

use rampart_assess::AssessmentResults;
use rampart_assess::synthetic::synthetic;
use rampart_catalog::Catalog;
use rampart_report::export::{
    CsafPublisher, csaf_advisory, oscal_assessment_results, oscal_component_definition, sarif,
};

fn main() {
    divan::main();
}

fn results() -> AssessmentResults {
    synthetic(Catalog::builtin(), 10_000, 2_000)
}

#[divan::bench]
fn oscal_assessment_results_10k(bencher: divan::Bencher) {
    let r = results();
    bencher.bench(|| serde_json::to_vec_pretty(&oscal_assessment_results(divan::black_box(&r))));
}

#[divan::bench]
fn oscal_component_definition_10k(bencher: divan::Bencher) {
    let r = results();
    bencher.bench(|| serde_json::to_vec_pretty(&oscal_component_definition(divan::black_box(&r))));
}

#[divan::bench]
fn sarif_10k(bencher: divan::Bencher) {
    let r = results();
    bencher.bench(|| serde_json::to_vec_pretty(&sarif(divan::black_box(&r))));
}

#[divan::bench]
fn csaf_advisory_10k(bencher: divan::Bencher) {
    let r = results();
    let publisher = CsafPublisher::default();
    bencher.bench(|| serde_json::to_vec_pretty(&csaf_advisory(divan::black_box(&r), &publisher)));
}

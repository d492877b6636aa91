//! Renders the PDF report of synthetic results, to look at it or to work on a template:
//! `cargo run -p rampart-report --features pdf --example pdf_synthetic -- COMPONENTS FINDINGS
//! OUT.pdf [TEMPLATE.typ]` (TEMPLATE is read from disk, so edits need no rebuild).

use std::path::PathBuf;
use std::time::Instant;

use rampart_assess::synthetic::synthetic;
use rampart_catalog::Catalog;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [components, findings, out, rest @ ..] = args.as_slice() else {
        return Err("usage: pdf_synthetic COMPONENTS FINDINGS OUT.pdf [TEMPLATE.typ]".into());
    };
    let results = synthetic(Catalog::builtin(), components.parse()?, findings.parse()?);
    let template = rest.first().map(PathBuf::from);
    let start = Instant::now();
    let pdf = rampart_report::render_pdf(&results, template.as_deref())?;
    eprintln!("{} bytes in {:.2?}", pdf.len(), start.elapsed());
    std::fs::write(out, pdf)?;
    Ok(())
}

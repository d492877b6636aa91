//! Writes realistic synthetic advisory feeds for `bench/advisory-import.sh`, or loads model
//! records straight into an index (the store alone, at full scale).
//!
//! ```text
//! gen_advisories feeds OUTDIR [OSV_COUNT [NVD_COUNT]]   # default 300000 250000
//!     OUTDIR/osv/<Ecosystem>/all.zip   one OSV JSON record per member, like OSV's all.zip
//!     OUTDIR/nvd/nvdcve-2.0-NNN.json   NVD CVE API 2.0 pages of 10,000 records
//! gen_advisories store DB [OSV_COUNT [NVD_COUNT]]      # model records, 50,000 per transaction
//! ```
//! Deterministic: the same counts give the same bytes.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rampart_advisory::Record;
use rampart_advisory::index::Index;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count = |i: usize, default: u64| args.get(i).map_or(Ok(default), |a| a.parse::<u64>());
    let (osv, nvd) = (count(2, 300_000)?, count(3, 250_000)?);
    match (args.first().map(String::as_str), args.get(1)) {
        (Some("feeds"), Some(out)) => feeds(Path::new(out), osv, nvd),
        (Some("store"), Some(db)) => store(Path::new(db), osv, nvd),
        _ => Err("usage: gen_advisories feeds OUTDIR [OSV NVD] | store DB [OSV NVD]".into()),
    }
}

fn feeds(out: &Path, osv: u64, nvd: u64) -> Result<(), Box<dyn std::error::Error>> {
    let mut by_ecosystem: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for i in 0..osv {
        by_ecosystem.entry(synth::ecosystem(i)).or_default().push(i);
    }
    for (ecosystem, records) in by_ecosystem {
        let dir: PathBuf = out.join("osv").join(ecosystem.replace(':', "-"));
        std::fs::create_dir_all(&dir)?;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(dir.join("all.zip"))?);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for i in records {
            let record = synth::osv_json(i);
            zip.start_file(
                format!("{}.json", record["id"].as_str().unwrap_or("x")),
                options,
            )?;
            zip.write_all(&serde_json::to_vec_pretty(&record)?)?;
        }
        zip.finish()?;
    }
    let nvd_dir = out.join("nvd");
    std::fs::create_dir_all(&nvd_dir)?;
    let page = 10_000;
    for (n, start) in (0..nvd).step_by(page as usize).enumerate() {
        let vulnerabilities: Vec<_> = (start..(start + page).min(nvd))
            .map(synth::nvd_json)
            .collect();
        let file = serde_json::json!({
            "resultsPerPage": vulnerabilities.len(),
            "startIndex": start,
            "totalResults": nvd,
            "format": "NVD_CVE",
            "version": "2.0",
            "timestamp": "2024-05-01T12:00:00.000",
            "vulnerabilities": vulnerabilities,
        });
        let path = nvd_dir.join(format!("nvdcve-2.0-{n:03}.json"));
        std::fs::write(path, serde_json::to_vec(&file)?)?;
    }
    eprintln!(
        "wrote {osv} OSV and {nvd} NVD records under {}",
        out.display()
    );
    Ok(())
}

fn store(db: &Path, osv: u64, nvd: u64) -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let index = Index::open_write(db)?;
    let write = |source: &str, make: &dyn Fn(u64) -> rampart_advisory::Advisory, n: u64| {
        let mut i = 0;
        while i < n {
            let end = (i + 50_000).min(n);
            let batch = (i..end)
                .map(|j| Record::Advisory(Box::new(make(j))))
                .collect();
            index
                .write_records(source, batch, &[])
                .map_err(|e| e.to_string())?;
            i = end;
        }
        Ok::<_, String>(())
    };
    write("osv", &synth::osv_model, osv)?;
    write("nvd", &synth::nvd_model, nvd)?;
    let size = std::fs::metadata(db)?.len();
    eprintln!(
        "stored {osv} OSV + {nvd} NVD model records in {:.2} s; index {} MiB",
        start.elapsed().as_secs_f64(),
        size >> 20
    );
    Ok(())
}

//! The advisory index alone (no feed parsing): writing model records in batches, and warm
//! key lookups. Budgets for the full run (docs/advisory-index.md): 300,000 OSV + 250,000 NVD
//! imported in under 60 s; 10,000 warm lookups in under 100 ms.

#[path = "support/synth.rs"]
mod synth;

use divan::Bencher;
use rampart_advisory::index::Index;
use rampart_advisory::{AdvisoryLookup, MatchKey, Record};

fn main() {
    divan::main();
}

fn records(n: u64) -> Vec<Record> {
    (0..n)
        .map(|i| {
            let advisory = if i % 2 == 0 {
                synth::osv_model(i)
            } else {
                synth::nvd_model(i)
            };
            Record::Advisory(Box::new(advisory))
        })
        .collect()
}

/// N records (half OSV, half NVD) into a fresh index, 50,000 per transaction.
#[divan::bench(args = [10_000, 50_000], sample_count = 3)]
fn write_records(bencher: Bencher, n: u64) {
    bencher
        .with_inputs(|| {
            let dir = tempfile::tempdir().unwrap();
            let index = Index::open_write(&dir.path().join("a.redb")).unwrap();
            (dir, index, records(n))
        })
        .bench_local_values(|(dir, index, records)| {
            let mut batch = Vec::new();
            for record in records {
                batch.push(record);
                if batch.len() == 50_000 {
                    index
                        .write_records("bench", std::mem::take(&mut batch), &[])
                        .unwrap();
                }
            }
            index.write_records("bench", batch, &[]).unwrap();
            (dir, index)
        });
}

/// 10,000 package-key lookups (hits and misses) on an index of 100,000 records, warm.
#[divan::bench(sample_count = 5)]
fn lookups_10k_warm(bencher: Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.redb");
    {
        let index = Index::open_write(&path).unwrap();
        index.write_records("bench", records(100_000), &[]).unwrap();
    }
    let index = Index::open_read(&path).unwrap();
    let keys: Vec<MatchKey> = (0..10_000u64)
        .map(|i| MatchKey::package(synth::ecosystem(i * 7), &synth::package(i * 7)))
        .collect();
    for key in &keys {
        index.advisories(key).unwrap();
    }
    bencher.bench_local(|| {
        let mut found = 0;
        for key in &keys {
            found += index.advisories(key).unwrap().len();
        }
        found
    });
}

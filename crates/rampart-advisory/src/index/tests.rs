//! Tests of the index: storage, replacement, aliases, import walking and budgets, status.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::*;
use crate::model::{Affected, AffectedPackage, Record};

use super::test_source::SOURCES;

fn advisory(id: &str, aliases: &[&str], packages: &[&str]) -> Advisory {
    Advisory {
        id: id.to_owned(),
        source: "test".to_owned(),
        aliases: aliases.iter().map(|&a| a.to_owned()).collect(),
        affected: packages
            .iter()
            .map(|&p| {
                Affected::Package(AffectedPackage {
                    ecosystem: "Debian:12".to_owned(),
                    name: p.to_owned(),
                    ..AffectedPackage::default()
                })
            })
            .collect(),
        ..Advisory::default()
    }
}

fn record(a: Advisory) -> Record {
    Record::Advisory(Box::new(a))
}

fn ids(advisories: &[Advisory]) -> Vec<&str> {
    advisories.iter().map(|a| a.id.as_str()).collect()
}

fn temp_index() -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_write(&dir.path().join("db/advisories.redb")).unwrap();
    (dir, index)
}

fn write_json(path: &Path, records: &[Record]) {
    std::fs::write(path, serde_json::to_vec(records).unwrap()).unwrap();
}

fn import(index: &Index, paths: &[PathBuf], replace: bool) -> ImportReport {
    let options = ImportOptions {
        replace,
        ..ImportOptions::new(SOURCES)
    };
    import_paths(index, paths, &options, &mut |_| {}).unwrap()
}

#[test]
fn records_are_found_by_key_and_by_id_after_reopening_read_only() {
    let (dir, index) = temp_index();
    let records = vec![
        record(advisory("DSA-1", &[], &["openssl"])),
        record(advisory("DSA-2", &[], &["openssl", "curl"])),
    ];
    index.write_records("test", records, &[]).unwrap();
    drop(index);
    let index = Index::open_read(&dir.path().join("db/advisories.redb")).unwrap();
    let lookup: &dyn AdvisoryLookup = &index;
    let openssl = lookup
        .advisories(&MatchKey::package("Debian", "openssl"))
        .unwrap();
    assert_eq!(ids(&openssl), ["DSA-1", "DSA-2"]);
    let curl = lookup
        .advisories(&MatchKey::package("debian", "curl"))
        .unwrap();
    assert_eq!(ids(&curl), ["DSA-2"]);
    assert!(
        lookup
            .advisories(&MatchKey::package("debian", "zlib"))
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        index
            .advisory("test", "DSA-2")
            .unwrap()
            .unwrap()
            .affected
            .len(),
        2
    );
}

#[test]
fn a_newer_copy_replaces_the_record_and_its_keys() {
    let (_dir, index) = temp_index();
    index
        .write_records(
            "test",
            vec![record(advisory("DSA-1", &["CVE-1"], &["openssl"]))],
            &[],
        )
        .unwrap();
    let summary = index
        .write_records(
            "test",
            vec![record(advisory("DSA-1", &["CVE-2"], &["curl"]))],
            &[],
        )
        .unwrap();
    assert_eq!((summary.inserted, summary.replaced), (0, 1));
    assert!(
        index
            .advisories(&MatchKey::package("debian", "openssl"))
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        ids(&index
            .advisories(&MatchKey::package("debian", "curl"))
            .unwrap()),
        ["DSA-1"]
    );
    assert_eq!(index.alias_group("CVE-1").unwrap(), ["CVE-1"]);
    assert_eq!(index.alias_group("CVE-2").unwrap(), ["CVE-2", "DSA-1"]);
    assert_eq!(index.source_meta("test").unwrap().unwrap().records, 1);
}

#[test]
fn alias_groups_merge_ids_across_sources_transitively() {
    let (_dir, index) = temp_index();
    let mut nvd = advisory("CVE-2023-0286", &[], &[]);
    nvd.source = "nvd".to_owned();
    let mut ghsa = advisory("GHSA-x4qr", &["CVE-2023-0286"], &["openssl"]);
    ghsa.source = "osv".to_owned();
    let dsa = advisory(
        "DSA-5343-1",
        &["CVE-2023-0286", "CVE-2023-0215"],
        &["openssl"],
    );
    let icsa = advisory("ICSA-23-143-01", &["CVE-2023-0215"], &[]);
    let unrelated = advisory("DSA-9", &["CVE-2020-1"], &["openssl"]);
    for a in [nvd, ghsa, dsa, icsa, unrelated] {
        let source = a.source.clone();
        index.write_records(&source, vec![record(a)], &[]).unwrap();
    }
    let group = [
        "CVE-2023-0215",
        "CVE-2023-0286",
        "DSA-5343-1",
        "GHSA-x4qr",
        "ICSA-23-143-01",
    ];
    assert_eq!(index.alias_group("GHSA-x4qr").unwrap(), group);
    assert_eq!(index.alias_group("ICSA-23-143-01").unwrap(), group);
    assert_eq!(index.alias_group("CVE-2099-1").unwrap(), ["CVE-2099-1"]);
}

#[test]
fn kev_and_epss_are_found_by_cve_and_dated() {
    let (_dir, index) = temp_index();
    let kev = |cve: &str, date: &str| {
        Record::Kev(KevEntry {
            cve: cve.to_owned(),
            date_added: date.to_owned(),
            ..KevEntry::default()
        })
    };
    index
        .write_records(
            "kev",
            vec![kev("CVE-1", "2024-01-02"), kev("CVE-2", "2024-03-04")],
            &[],
        )
        .unwrap();
    let epss = Record::Epss(EpssScore {
        cve: "CVE-1".to_owned(),
        probability: 0.5,
        percentile: 0.9,
        date: Some("2024-05-06".to_owned()),
    });
    index.write_records("epss", vec![epss], &[]).unwrap();
    assert_eq!(
        index.kev("CVE-2").unwrap().unwrap().date_added,
        "2024-03-04"
    );
    assert!(index.kev("CVE-3").unwrap().is_none());
    assert!((index.epss("CVE-1").unwrap().unwrap().percentile - 0.9).abs() < 1e-6);
    let status = index.status(jiff::Timestamp::now(), 7).unwrap();
    assert_eq!((status.kev_entries, status.epss_scores), (2, 1));
    let kev_status = status.sources.iter().find(|s| s.id == "kev").unwrap();
    assert_eq!(kev_status.data_date.as_deref(), Some("2024-03-04"));
}

#[test]
fn import_walks_folders_zips_and_gz_and_reports_each_input() {
    let (dir, index) = temp_index();
    let feed = dir.path().join("feed");
    std::fs::create_dir_all(feed.join("sub")).unwrap();
    write_json(
        &feed.join("a.test.json"),
        &[record(advisory("A-1", &[], &["curl"]))],
    );
    write_json(
        &feed.join("sub/b.test.json"),
        &[record(advisory("B-1", &[], &["curl"]))],
    );
    std::fs::write(feed.join("README.md"), "not a feed").unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&serde_json::to_vec(&[record(advisory("C-1", &[], &["curl"]))]).unwrap())
        .unwrap();
    std::fs::write(dir.path().join("c.test.json.gz"), gz.finish().unwrap()).unwrap();
    let zip_path = dir.path().join("all.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    zip.start_file("D-1.test.json", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(&serde_json::to_vec(&[record(advisory("D-1", &[], &["curl"]))]).unwrap())
        .unwrap();
    zip.finish().unwrap();

    let report = import(
        &index,
        &[feed.clone(), dir.path().join("c.test.json.gz"), zip_path],
        false,
    );
    assert_eq!(report.refused(), 0, "{report:?}");
    assert_eq!(report.records(), 4);
    assert!(
        report
            .files
            .iter()
            .any(|f| f.name.ends_with("README.md") && f.ignored)
    );
    assert!(
        report
            .files
            .iter()
            .any(|f| f.name.ends_with("all.zip!/D-1.test.json") && f.records == 1)
    );
    let curl = index
        .advisories(&MatchKey::package("debian", "curl"))
        .unwrap();
    assert_eq!(ids(&curl), ["A-1", "B-1", "C-1", "D-1"]);
    let meta = index.source_meta("test").unwrap().unwrap();
    assert_eq!(meta.records, 4);
    assert_eq!(meta.origins.len(), 3);
    assert!(meta.last_import.is_some());
}

#[test]
fn invalid_and_unknown_inputs_are_refused_with_their_place_and_the_rest_imported() {
    let (dir, index) = temp_index();
    let good = dir.path().join("good.test.json");
    write_json(&good, &[record(advisory("A-1", &[], &["curl"]))]);
    let bad = dir.path().join("bad.test.json");
    std::fs::write(&bad, "[\n  {\"Advisory\": tru}]").unwrap();
    let unknown = dir.path().join("notes.txt");
    std::fs::write(&unknown, "hello").unwrap();
    let skipping = dir.path().join("skip.test.json");
    let s1 = serde_json::to_value(record(advisory("S-1", &[], &[]))).unwrap();
    std::fs::write(
        &skipping,
        serde_json::to_vec(&serde_json::json!([s1, 42])).unwrap(),
    )
    .unwrap();
    let missing = dir.path().join("missing.test.json");

    let report = import(&index, &[good, bad, unknown, skipping, missing], false);
    let refused: Vec<String> = report
        .files
        .iter()
        .filter_map(|f| f.refused.as_ref())
        .map(ToString::to_string)
        .collect();
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert!(
        refused[0].contains("bad.test.json:2:19: "),
        "{}",
        refused[0]
    );
    assert!(
        refused[1].contains("missing.test.json: No such file"),
        "{}",
        refused[1]
    );
    assert!(
        refused[2].contains("notes.txt: no advisory source reads this file"),
        "{}",
        refused[2]
    );
    let skip = report
        .files
        .iter()
        .find(|f| f.name.ends_with("skip.test.json"))
        .unwrap();
    assert_eq!(skip.records, 1);
    assert!(
        skip.skipped[0].to_string().contains("skip.test.json:1:2: "),
        "{:?}",
        skip.skipped
    );
    assert!(index.advisory("test", "A-1").unwrap().is_some());
    assert!(index.advisory("test", "S-1").unwrap().is_some());
}

#[test]
fn a_file_over_the_budget_is_refused_before_it_is_read() {
    let (dir, index) = temp_index();
    let big = dir.path().join("big.test.json");
    let file = std::fs::File::create(&big).unwrap();
    // Sparse: 2 GiB of size, no data written.
    file.set_len(2 << 30).unwrap();
    let options = ImportOptions {
        limits: Limits {
            max_file_bytes: 1 << 30,
            ..Limits::default()
        },
        ..ImportOptions::new(SOURCES)
    };
    let report = import_paths(&index, &[big], &options, &mut |_| {}).unwrap();
    let refused = report.files[0].refused.as_ref().unwrap().to_string();
    assert!(
        refused.contains("big.test.json: 2.0 GiB exceeds the 1.0 GiB limit"),
        "{refused}"
    );
}

#[test]
fn zip_budgets_refuse_the_archive() {
    let (dir, index) = temp_index();
    let zip_path = dir.path().join("many.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..5 {
        zip.start_file(format!("{i}.test.json"), deflated).unwrap();
        // Compressible: the archive is small, its members large.
        zip.write_all(format!("[{}]", " ".repeat(10_000)).as_bytes())
            .unwrap();
    }
    zip.finish().unwrap();
    let refusal = |limits: Limits| {
        let options = ImportOptions {
            limits,
            ..ImportOptions::new(SOURCES)
        };
        let report = import_paths(
            &index,
            std::slice::from_ref(&zip_path),
            &options,
            &mut |_| {},
        )
        .unwrap();
        report.files[0]
            .refused
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    let many = refusal(Limits {
        max_zip_entries: 4,
        ..Limits::default()
    });
    assert!(
        many.ends_with("many.zip: 5 members exceed the limit of 4 per archive; not read"),
        "{many}"
    );
    assert!(std::fs::metadata(&zip_path).unwrap().len() < 20_000);
    let large = refusal(Limits {
        max_zip_bytes: 20_000,
        ..Limits::default()
    });
    assert!(
        large.contains("many.zip: 48.8 KiB uncompressed exceeds the 19.5 KiB limit"),
        "{large}"
    );
    let member = refusal(Limits {
        max_file_bytes: 5000,
        ..Limits::default()
    });
    assert!(
        member.contains("many.zip!/0.test.json: 9.8 KiB exceeds the 4.9 KiB limit"),
        "{member}"
    );
}

#[test]
fn replace_drops_records_a_full_feed_no_longer_has_unless_an_input_was_refused() {
    let (dir, index) = temp_index();
    let feed = dir.path().join("feed.test.json");
    write_json(
        &feed,
        &[
            record(advisory("A-1", &[], &["curl"])),
            record(advisory("A-2", &[], &["curl"])),
        ],
    );
    import(&index, std::slice::from_ref(&feed), false);
    write_json(&feed, &[record(advisory("A-2", &[], &["curl"]))]);
    let bad = dir.path().join("bad.test.json");
    std::fs::write(&bad, "[").unwrap();
    let report = import(&index, &[feed.clone(), bad], true);
    assert!(report.replace_withheld);
    assert!(index.advisory("test", "A-1").unwrap().is_some());
    let report = import(&index, &[feed], true);
    assert_eq!(report.written.removed, 1);
    assert!(index.advisory("test", "A-1").unwrap().is_none());
    assert_eq!(
        ids(&index
            .advisories(&MatchKey::package("debian", "curl"))
            .unwrap()),
        ["A-2"]
    );
    assert_eq!(index.source_meta("test").unwrap().unwrap().records, 1);
}

#[test]
fn status_marks_sources_older_than_the_threshold() {
    let (_dir, index) = temp_index();
    index
        .write_records(
            "test",
            vec![record(advisory("A-1", &[], &["curl"]))],
            &["feed".to_owned()],
        )
        .unwrap();
    let now = jiff::Timestamp::now();
    let status = index.status(now, 7).unwrap();
    assert_eq!(status.sources[0].records, 1);
    assert!(!status.sources[0].stale);
    let later = now
        .checked_add(jiff::SignedDuration::from_hours(24 * 8))
        .unwrap();
    let status = index.status(later, 7).unwrap();
    assert_eq!(status.sources[0].age_days, Some(8));
    assert!(status.sources[0].stale);
    assert!(status.size_bytes > 0);
}

#[test]
fn opening_a_missing_or_foreign_file_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let missing = Index::open_read(&dir.path().join("none.redb"))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("rampart db import"), "{missing}");
    let foreign = dir.path().join("foreign.redb");
    std::fs::write(&foreign, vec![7u8; 8192]).unwrap();
    let error = Index::open_read(&foreign).unwrap_err().to_string();
    assert!(error.contains("foreign.redb"), "{error}");
}

#[test]
fn the_default_location_follows_xdg() {
    let path = default_path().unwrap();
    assert!(
        path.ends_with("rampart/advisories.redb"),
        "{}",
        path.display()
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_device_is_refused_without_blocking() {
    let (dir, index) = temp_index();
    let fifo = dir.path().join("feed.test.json");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let report = import(&index, &[fifo, PathBuf::from("/dev/zero")], false);
    let refused: Vec<String> = report
        .files
        .iter()
        .filter_map(|f| f.refused.as_ref())
        .map(ToString::to_string)
        .collect();
    assert!(
        refused[0].contains("/dev/zero: is not a regular file (a character device)"),
        "{refused:?}"
    );
    assert!(
        refused[1].contains("feed.test.json: is not a regular file (a FIFO)"),
        "{refused:?}"
    );
}

#[test]
fn an_index_error_stops_the_import_instead_of_hanging_it() {
    let (dir, index) = temp_index();
    drop(index);
    let feed = dir.path().join("feed");
    std::fs::create_dir_all(&feed).unwrap();
    for i in 0..50 {
        let records = [record(advisory(&format!("A-{i}"), &[], &["curl"]))];
        write_json(&feed.join(format!("{i:02}.test.json")), &records);
    }
    // Read-only: the first write fails while most inputs are still queued.
    let index = Index::open_read(&dir.path().join("db/advisories.redb")).unwrap();
    let options = ImportOptions {
        batch_records: 1,
        ..ImportOptions::new(SOURCES)
    };
    let error = import_paths(&index, &[feed], &options, &mut |_| {}).unwrap_err();
    assert!(error.to_string().contains("opened read-only"), "{error}");
}

//! The `kev` source: CISA's Known Exploited Vulnerabilities catalog.

use rampart_advisory::Record;
use rampart_advisory::model::KevEntry;

use crate::{fixture, invalid, read_ok};

fn entries(records: Vec<Record>) -> Vec<KevEntry> {
    records
        .into_iter()
        .map(|r| match r {
            Record::Kev(k) => k,
            other => panic!("expected a KEV entry, got {other:?}"),
        })
        .collect()
}

#[test]
fn catalog_entries_map_with_ransomware_use() {
    let (records, summary) = read_ok(
        "kev",
        "kev.json",
        &fixture("kev/known_exploited_vulnerabilities.json"),
    );
    assert!(summary.skipped.is_empty());
    let list = entries(records);
    assert_eq!(list.len(), 3);
    assert_eq!(list[0], KevEntry {
        cve: "CVE-2024-23113".into(),
        vendor_project: "Fortinet".into(),
        product: "Multiple Products".into(),
        name: "Fortinet Multiple Products Format String Vulnerability".into(),
        date_added: "2024-10-09".into(),
        due_date: Some("2024-10-30".into()),
        required_action: Some("Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.".into()),
        ransomware: false,
    });
    assert!(
        list[1].ransomware && list[2].ransomware,
        "\"Known\" is ransomware use"
    );
}

#[test]
fn an_entry_without_a_cve_id_or_date_is_skipped_with_its_place() {
    let text = "{\"vulnerabilities\": [\n  {\"cveID\": \"CVE-2021-44228\", \"dateAdded\": \"2021-12-10\"},\n  {\"cveID\": \"GHSA-1\", \"dateAdded\": \"2021-12-10\"},\n  {\"cveID\": \"CVE-2021-1\"}]}";
    let (records, summary) = read_ok("kev", "kev.json", text.as_bytes());
    assert_eq!(entries(records).len(), 1);
    let [id, date] = summary.skipped.as_slice() else {
        panic!("{:?}", summary.skipped)
    };
    assert_eq!((id.line, id.col), (3, 3));
    assert!(id.message.contains("not a CVE id"), "{id}");
    assert!(date.message.contains("dateAdded"), "{date}");
}

#[test]
fn a_document_without_vulnerabilities_is_invalid() {
    let problem = invalid(
        "kev",
        br#"{"title": "CISA Catalog", "catalogVersion": "1"}"#,
    );
    assert!(
        problem.message.contains("no \"vulnerabilities\""),
        "{problem}"
    );
    assert!(invalid("kev", b"[]").message.contains("KEV catalog"));
}

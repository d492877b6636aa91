//! How fast the feed sources parse: an NVD CVE API 2.0 file of 5,000 realistic CVEs (about
//! 4 KB each: an English and a Spanish description, CVSS v3.1 and v2 metrics, weaknesses,
//! three configurations of which one is an AND with a platform, six references) and an OSV
//! array of 5,000 distro-style records, parsed into the model and handed to a counting sink.
//! Run: `cargo bench -p rampart-advisory --bench sources`; divan reports items (records) per
//! second.

use divan::Bencher;
use divan::counter::ItemsCount;
use rampart_advisory::Input;
use rampart_advisory::source::source;

const RECORDS: usize = 5_000;

fn main() {
    divan::main();
}

/// One realistic NVD CVE element (deterministic in `i`).
fn nvd_record(i: usize) -> String {
    let (major, minor) = (i % 4, i % 17);
    format!(
        r#"{{"cve": {{"id": "CVE-2023-{i:05}", "sourceIdentifier": "security@example.org",
"published": "2023-02-08T20:15:23.973", "lastModified": "2024-02-04T09:15:09.113", "vulnStatus": "Analyzed", "cveTags": [],
"descriptions": [{{"lang": "en", "value": "A type confusion vulnerability in the X.400 address processing of product {i} allows an attacker to read memory contents or enact a denial of service via a crafted certificate. Versions before {major}.{minor}.9 are affected."}},
 {{"lang": "es", "value": "Existe una vulnerabilidad de confusi\u00f3n de tipos en el procesamiento de direcciones X.400 del producto {i}."}}],
"metrics": {{"cvssMetricV31": [{{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {{"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H", "attackVector": "NETWORK", "attackComplexity": "HIGH", "privilegesRequired": "NONE", "userInteraction": "NONE", "scope": "UNCHANGED", "confidentialityImpact": "HIGH", "integrityImpact": "NONE", "availabilityImpact": "HIGH", "baseScore": 7.4, "baseSeverity": "HIGH"}}, "exploitabilityScore": 2.2, "impactScore": 5.2}},
 {{"source": "security@example.org", "type": "Secondary", "cvssData": {{"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H", "baseScore": 9.1, "baseSeverity": "CRITICAL"}}, "exploitabilityScore": 3.9, "impactScore": 5.2}}],
 "cvssMetricV2": [{{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {{"version": "2.0", "vectorString": "AV:N/AC:M/Au:N/C:P/I:N/A:P", "baseScore": 5.8}}, "baseSeverity": "MEDIUM", "exploitabilityScore": 8.6, "impactScore": 4.9, "acInsufInfo": false, "obtainAllPrivilege": false, "obtainUserPrivilege": false, "obtainOtherPrivilege": false, "userInteractionRequired": false}}]}},
"weaknesses": [{{"source": "nvd@nist.gov", "type": "Primary", "description": [{{"lang": "en", "value": "CWE-843"}}]}}],
"configurations": [
 {{"nodes": [{{"operator": "OR", "negate": false, "cpeMatch": [
  {{"vulnerable": true, "criteria": "cpe:2.3:a:vendor{v}:product{i}:*:*:*:*:*:*:*:*", "versionStartIncluding": "{major}.0.0", "versionEndExcluding": "{major}.{minor}.9", "matchCriteriaId": "70985D55-A574-4151-B451-4D500CBFC29A"}},
  {{"vulnerable": true, "criteria": "cpe:2.3:a:vendor{v}:product{i}:*:*:*:*:*:*:*:*", "versionStartIncluding": "{major}.1.0", "versionEndExcluding": "{major}.1.20", "matchCriteriaId": "DE0061D6-8F81-45D3-B254-82A94915FD08"}}]}}]}},
 {{"operator": "AND", "nodes": [
  {{"operator": "OR", "negate": false, "cpeMatch": [{{"vulnerable": true, "criteria": "cpe:2.3:o:vendor{v}:firmware{i}:*:*:*:*:*:*:*:*", "versionEndIncluding": "4.{minor}", "matchCriteriaId": "2D6D8C9E-8E1A-4CF4-A1A5-1C0F3FC36F59"}}]}},
  {{"operator": "OR", "negate": false, "cpeMatch": [{{"vulnerable": false, "criteria": "cpe:2.3:h:vendor{v}:appliance{i}:-:*:*:*:*:*:*:*", "matchCriteriaId": "07E6C4A0-9C36-4BB4-8D8E-1B3E4C8E6C3F"}}]}}]}},
 {{"nodes": [{{"operator": "OR", "negate": false, "cpeMatch": [{{"vulnerable": true, "criteria": "cpe:2.3:o:debian:debian_linux:{d}.0:*:*:*:*:*:*:*", "matchCriteriaId": "DEECE5FC-CACF-4496-A3E7-164736409252"}}]}}]}}],
"references": [
 {{"url": "https://www.example.org/news/secadv/2023{i:05}.txt", "source": "security@example.org", "tags": ["Vendor Advisory"]}},
 {{"url": "https://git.example.org/commit/{i:040}", "source": "security@example.org", "tags": ["Patch"]}},
 {{"url": "https://security.gentoo.org/glsa/202402-{i:05}", "source": "security@example.org"}},
 {{"url": "https://lists.debian.org/debian-lts-announce/2023/02/msg{i:05}.html", "source": "security@example.org", "tags": ["Mailing List", "Third Party Advisory"]}},
 {{"url": "https://www.debian.org/security/2023/dsa-{i}", "source": "security@example.org", "tags": ["Third Party Advisory"]}},
 {{"url": "https://security.netapp.com/advisory/ntap-2023{i:05}-0001/", "source": "security@example.org"}}]}}}}"#,
        v = i % 50,
        d = 9 + i % 4,
    )
}

/// One OSV record as osv.dev's Debian export writes them (deterministic in `i`).
fn osv_record(i: usize) -> String {
    format!(
        r#"{{"schema_version": "1.6.0", "id": "DEBIAN-CVE-2023-{i:05}", "modified": "2024-09-17T05:32:53Z", "published": "2023-02-08T20:15:23Z",
"related": ["CVE-2023-{i:05}"], "upstream": ["CVE-2023-{i:05}"],
"details": "A type confusion vulnerability in the X.400 address processing of package {i} allows an attacker to read memory contents.",
"affected": [
 {{"package": {{"ecosystem": "Debian:11", "name": "package{i}", "purl": "pkg:deb/debian/package{i}?arch=source"}}, "ranges": [{{"type": "ECOSYSTEM", "events": [{{"introduced": "0"}}, {{"fixed": "1.1.1n-0+deb11u{u}"}}]}}], "versions": ["1.1.1k-1", "1.1.1k-1+deb11u1", "1.1.1n-0+deb11u3"]}},
 {{"package": {{"ecosystem": "Debian:12", "name": "package{i}", "purl": "pkg:deb/debian/package{i}?arch=source"}}, "ranges": [{{"type": "ECOSYSTEM", "events": [{{"introduced": "0"}}, {{"fixed": "3.0.8-{u}"}}]}}], "versions": ["3.0.1-1", "3.0.2-1", "3.0.5-4"]}}],
"references": [{{"type": "ADVISORY", "url": "https://security-tracker.debian.org/tracker/CVE-2023-{i:05}"}}]}}"#,
        u = 1 + i % 9,
    )
}

fn array_of(records: impl Iterator<Item = String>) -> String {
    format!("[{}]", records.collect::<Vec<_>>().join(",\n"))
}

/// Parses `text` with source `id`; returns the record count.
fn parse(id: &str, text: &str) -> usize {
    let mut count = 0;
    let summary = source(id)
        .unwrap()
        .read(
            Input {
                name: "bench.json",
                bytes: text.as_bytes(),
            },
            &mut |record| {
                divan::black_box(record);
                count += 1;
                Ok(())
            },
        )
        .unwrap();
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    count
}

#[divan::bench(sample_count = 10)]
fn nvd_feed(bencher: Bencher) {
    let vulnerabilities = array_of((0..RECORDS).map(nvd_record));
    let text = format!(
        r#"{{"resultsPerPage": {RECORDS}, "startIndex": 0, "totalResults": {RECORDS}, "format": "NVD_CVE", "version": "2.0", "timestamp": "2024-07-01T12:00:00.000", "vulnerabilities": {vulnerabilities}}}"#
    );
    assert_eq!(parse("nvd", &text), RECORDS);
    bencher
        .counter(ItemsCount::new(RECORDS))
        .bench(|| parse("nvd", divan::black_box(&text)));
}

#[divan::bench(sample_count = 10)]
fn osv_array(bencher: Bencher) {
    let text = array_of((0..RECORDS).map(osv_record));
    assert_eq!(parse("osv", &text), RECORDS);
    bencher
        .counter(ItemsCount::new(RECORDS))
        .bench(|| parse("osv", divan::black_box(&text)));
}

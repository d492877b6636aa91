//! The `epss` source: FIRST EPSS CSV.

use rampart_advisory::Record;
use rampart_advisory::model::EpssScore;

use crate::{fixture, invalid, read_ok};

fn scores(records: Vec<Record>) -> Vec<EpssScore> {
    records
        .into_iter()
        .map(|r| match r {
            Record::Epss(s) => s,
            other => panic!("expected an EPSS score, got {other:?}"),
        })
        .collect()
}

#[test]
fn lines_carry_the_score_date_of_the_header() {
    let (records, summary) = read_ok(
        "epss",
        "epss.csv",
        &fixture("epss/epss_scores-2024-02-22.csv"),
    );
    assert!(summary.skipped.is_empty());
    let list = scores(records);
    assert_eq!(list.len(), 3);
    assert_eq!(
        list[0],
        EpssScore {
            cve: "CVE-1999-0001".into(),
            probability: 0.00383,
            percentile: 0.72361,
            date: Some("2024-02-22".into()),
        }
    );
}

#[test]
fn without_the_comment_line_there_is_no_date_and_crlf_is_fine() {
    let (records, _) = read_ok(
        "epss",
        "e.csv",
        b"cve,epss,percentile\r\nCVE-2021-44228,0.97565,0.99997\r\n",
    );
    let list = scores(records);
    assert_eq!(
        (list[0].cve.as_str(), list[0].date.as_deref()),
        ("CVE-2021-44228", None)
    );
}

#[test]
fn bad_lines_are_skipped_with_line_and_column() {
    let text = "#model_version:v2023.03.01,score_date:2024-02-22T00:00:00+0000\ncve,epss,percentile\nCVE-1999-0001,1.5,0.7\nCVE-1999-0002,0.1\nGHSA-x,0.1,0.2\nCVE-1999-0003,0.1,abc\n\nCVE-1999-0004,0.1,0.2\n";
    let (records, summary) = read_ok("epss", "e.csv", text.as_bytes());
    assert_eq!(scores(records).len(), 1);
    let places: Vec<(u32, u32)> = summary.skipped.iter().map(|p| (p.line, p.col)).collect();
    assert_eq!(places, [(3, 15), (4, 1), (5, 1), (6, 19)]);
    assert!(
        summary.skipped[0]
            .message
            .contains("\"1.5\" is not a number between 0 and 1"),
        "{}",
        summary.skipped[0]
    );
    assert!(summary.skipped[1].message.contains("3 fields"));
    assert!(summary.skipped[2].message.contains("not a CVE id"));
}

#[test]
fn a_file_without_the_header_is_invalid() {
    let problem = invalid(
        "epss",
        b"#model_version:v2023.03.01\nCVE-1999-0001,0.1,0.2\n",
    );
    assert_eq!(problem.line, 2);
    assert!(problem.message.contains("cve,epss,percentile"), "{problem}");
    assert!(invalid("epss", b"").message.contains("header"));
}

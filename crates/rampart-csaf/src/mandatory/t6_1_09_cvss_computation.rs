//! 6.1.9 Invalid CVSS computation.
//!
//! **What**: the scores a CVSS object states (`baseScore`, `temporalScore`,
//! `environmentalScore`, and for v3 `baseSeverity`) are the ones its `vectorString` yields by
//! the CVSS equations (computed by the RustSec `cvss` crate, v2.0 and v3.0/v3.1 rules).
//!
//! **Why**: consumers sort and gate on the stated score; a score that does not follow from the
//! vector means one of the two is wrong and the advisory misleads.
//!
//! **Example**: `CVSS:3.1/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H` stated as `baseScore: 10`
//! (it is 6.5).

use std::str::FromStr;

use serde_json::Value;

use crate::Finding;
use crate::tree::{items, text, vulnerabilities};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        for (s, score) in items(vulnerability, "scores").iter().enumerate() {
            let pointer = format!("/vulnerabilities/{v}/scores/{s}");
            if let Some(cvss) = score.get("cvss_v3") {
                check_v3(cvss, &format!("{pointer}/cvss_v3"), &mut out);
            }
            if let Some(cvss) = score.get("cvss_v2") {
                check_v2(cvss, &format!("{pointer}/cvss_v2"), &mut out);
            }
        }
    }
    out
}

fn check_v3(cvss: &Value, pointer: &str, out: &mut Vec<Finding>) {
    let Some(vector) = text(cvss, "vectorString") else {
        return;
    };
    let Ok(parsed) = cvss::v3::Vector::from_str(vector) else {
        return; // an unreadable vector fails the schema's pattern (6.1.8)
    };
    compare(cvss, pointer, "baseScore", parsed.base_score().value(), out);
    compare(
        cvss,
        pointer,
        "temporalScore",
        parsed.temporal_score().value(),
        out,
    );
    compare(
        cvss,
        pointer,
        "environmentalScore",
        parsed.environmental_score().value(),
        out,
    );
    if let Some(stated) = text(cvss, "baseSeverity") {
        let computed = parsed.base_score().severity().as_str();
        if !stated.eq_ignore_ascii_case(computed) {
            out.push(Finding::new(
                format!("{pointer}/baseSeverity"),
                format!(
                    "baseSeverity is {stated:?} but the vector's base score gives {:?}",
                    computed.to_ascii_uppercase()
                ),
            ));
        }
    }
}

fn check_v2(cvss: &Value, pointer: &str, out: &mut Vec<Finding>) {
    let Some(vector) = text(cvss, "vectorString") else {
        return;
    };
    let Ok(parsed) = cvss::v2::Vector::from_str(vector) else {
        return;
    };
    compare(cvss, pointer, "baseScore", parsed.score().value(), out);
    compare(
        cvss,
        pointer,
        "temporalScore",
        parsed.temporal_score().value(),
        out,
    );
    compare(
        cvss,
        pointer,
        "environmentalScore",
        parsed.environmental_score().value(),
        out,
    );
}

/// Reports `key` when stated and not equal (to one decimal) to `computed`.
fn compare(cvss: &Value, pointer: &str, key: &str, computed: f64, out: &mut Vec<Finding>) {
    let Some(stated) = cvss.get(key).and_then(Value::as_f64) else {
        return;
    };
    if (stated - computed).abs() > 0.01 {
        out.push(Finding::new(
            format!("{pointer}/{key}"),
            format!("{key} is {stated} but the vector string gives {computed:.1}"),
        ));
    }
}

//! Readiness at SL-T: counts of the required items by status and the share satisfied.

use rampart_catalog::Fr;

use crate::results::{FrReadiness, Readiness, RequirementResult, Status};

/// Counts over the items required at SL-T (`required == true`), with
/// `percent = satisfied / (required - not_applicable)` × 100, rounded to one decimal, and
/// 100 when nothing applicable is required.
pub fn readiness(requirements: &[RequirementResult]) -> Readiness {
    count(requirements.iter().filter(|r| r.required))
}

/// [`readiness`] per FR, in FR order, for the FRs with at least one required item (items
/// without an FR, 4-1 and 2-1, are not in any).
pub fn readiness_by_fr(requirements: &[RequirementResult]) -> Vec<FrReadiness> {
    Fr::ALL
        .iter()
        .filter_map(|&fr| {
            let of_fr: Vec<&RequirementResult> = requirements
                .iter()
                .filter(|r| r.required && r.fr == Some(fr))
                .collect();
            (!of_fr.is_empty()).then(|| FrReadiness {
                fr,
                readiness: count(of_fr.into_iter()),
            })
        })
        .collect()
}

fn count<'a>(items: impl Iterator<Item = &'a RequirementResult>) -> Readiness {
    let mut r = Readiness::default();
    for item in items {
        r.required += 1;
        match item.status {
            Status::Satisfied => r.satisfied += 1,
            Status::Partially => r.partially += 1,
            Status::NotSatisfied => r.not_satisfied += 1,
            Status::NotApplicable => r.not_applicable += 1,
            Status::NotAssessed => r.not_assessed += 1,
        }
    }
    r.percent = percent(r.satisfied, r.required - r.not_applicable);
    r
}

/// `part / whole` as a percentage with one decimal; 100 for an empty whole.
#[allow(clippy::cast_precision_loss)] // counts of catalog items, far below 2^52
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 100.0;
    }
    (part as f64 * 1000.0 / whole as f64).round() / 10.0
}

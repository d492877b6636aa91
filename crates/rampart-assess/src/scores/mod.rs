//! Scores from decided statuses: SL-A per FR with the item that blocks the next level,
//! readiness at SL-T as counts and a percentage, and ML per 4-1 practice or 2-1 element.
//!
//! Rules, documented in `docs/assessment-scores.md`:
//! - An item *counts as met* for SL-A when its status is `satisfied`, or `not-applicable`
//!   (an assessor ruled, with a rationale, that it does not concern the subject; it neither
//!   blocks a level nor counts in a readiness denominator). Anything else, and an item with
//!   no result at all, is not met.
//! - SL-A per FR is the catalog's inverse query ([`rampart_catalog::Catalog::achieved_levels`]): the highest
//!   level whose required items of that FR are all met; where nothing more is asked above
//!   a level, meeting it reaches SL 4.

mod levels;
mod maturity;
mod readiness;

pub(crate) use levels::achieved;
pub use levels::{fr_levels, met_ids};
pub use maturity::{
    MaturityEvidence, item_maturity, maturity, maturity_from_evidence, maturity_of,
};
pub use readiness::{readiness, readiness_by_fr};

#[cfg(test)]
pub(crate) mod tests;

/// Result builders shared with the gap tests.
#[cfg(test)]
pub(crate) mod tests_support {
    pub(crate) use super::tests::{all_but, result};
}

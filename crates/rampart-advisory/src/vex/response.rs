//! What a vendor does or offers about a vulnerability: CycloneDX's `analysis.response[]`,
//! the richest of the three formats, is the neutral list; CSAF's remediation categories and
//! OpenVEX's action statement are mapped onto it (tables in `docs/vex.md`).
//!
//! | response | CycloneDX `analysis.response` | CSAF `remediations[].category` written | OpenVEX `action_statement` when none |
//! |---|---|---|---|
//! | can_not_fix | `can_not_fix` | `none_available` | "No fix can be made." |
//! | will_not_fix | `will_not_fix` | `no_fix_planned` | "No fix is planned." |
//! | update | `update` | `vendor_fix` | "Update to a version with the fix." |
//! | rollback | `rollback` | `workaround` | "Roll back to a version without the vulnerability." |
//! | workaround_available | `workaround_available` | `workaround` | "A workaround is available." |
//!
//! Read back from CSAF: `vendor_fix` → update, `workaround` and `mitigation` →
//! workaround_available (a mitigation reduces the risk without a fix, which is what a
//! workaround offers), `no_fix_planned` → will_not_fix, `none_available` → can_not_fix.
//! Rollback becomes a CSAF workaround because rolling back avoids the vulnerable version
//! without fixing it; CSAF has no category of its own for it.

use serde::{Deserialize, Serialize};

/// One response to a vulnerability (CycloneDX `analysis.response` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VexResponse {
    /// The vulnerability cannot be fixed.
    CanNotFix,
    /// The vulnerability will not be fixed.
    WillNotFix,
    /// Update to a version with the fix.
    Update,
    /// Roll back to a version without the vulnerability.
    Rollback,
    /// A workaround is available.
    WorkaroundAvailable,
}

impl VexResponse {
    /// Every response.
    pub const ALL: [VexResponse; 5] = [
        VexResponse::CanNotFix,
        VexResponse::WillNotFix,
        VexResponse::Update,
        VexResponse::Rollback,
        VexResponse::WorkaroundAvailable,
    ];

    /// The CycloneDX name (`workaround_available`).
    pub fn as_str(self) -> &'static str {
        match self {
            VexResponse::CanNotFix => "can_not_fix",
            VexResponse::WillNotFix => "will_not_fix",
            VexResponse::Update => "update",
            VexResponse::Rollback => "rollback",
            VexResponse::WorkaroundAvailable => "workaround_available",
        }
    }

    /// The CSAF remediation category written for it.
    pub fn csaf_category(self) -> &'static str {
        match self {
            VexResponse::CanNotFix => "none_available",
            VexResponse::WillNotFix => "no_fix_planned",
            VexResponse::Update => "vendor_fix",
            VexResponse::Rollback | VexResponse::WorkaroundAvailable => "workaround",
        }
    }

    /// The response a CSAF remediation category is read as; `None` for a category CSAF
    /// 2.0 does not define.
    pub fn from_csaf_category(category: &str) -> Option<VexResponse> {
        Some(match category {
            "vendor_fix" => VexResponse::Update,
            "workaround" | "mitigation" => VexResponse::WorkaroundAvailable,
            "no_fix_planned" => VexResponse::WillNotFix,
            "none_available" => VexResponse::CanNotFix,
            _ => return None,
        })
    }

    /// A sentence saying what it means: the action text written where a format needs text
    /// and the statement has none of its own (CSAF remediation `details`, OpenVEX
    /// `action_statement`).
    pub fn sentence(self) -> &'static str {
        match self {
            VexResponse::CanNotFix => "No fix can be made.",
            VexResponse::WillNotFix => "No fix is planned.",
            VexResponse::Update => "Update to a version with the fix.",
            VexResponse::Rollback => "Roll back to a version without the vulnerability.",
            VexResponse::WorkaroundAvailable => "A workaround is available.",
        }
    }
}

/// The sentences of `responses` joined, `None` when there are none.
pub(crate) fn sentences(responses: &[VexResponse]) -> Option<String> {
    (!responses.is_empty()).then(|| {
        responses
            .iter()
            .map(|r| r.sentence())
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Adds `response` to `list` unless it is there already (order of first appearance).
pub(crate) fn push_unique(list: &mut Vec<VexResponse>, response: VexResponse) {
    if !list.contains(&response) {
        list.push(response);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_response_maps_to_its_csaf_category_and_back() {
        let table = [
            (
                VexResponse::CanNotFix,
                "none_available",
                VexResponse::CanNotFix,
            ),
            (
                VexResponse::WillNotFix,
                "no_fix_planned",
                VexResponse::WillNotFix,
            ),
            (VexResponse::Update, "vendor_fix", VexResponse::Update),
            (
                VexResponse::Rollback,
                "workaround",
                VexResponse::WorkaroundAvailable,
            ),
            (
                VexResponse::WorkaroundAvailable,
                "workaround",
                VexResponse::WorkaroundAvailable,
            ),
        ];
        for (response, category, back) in table {
            assert_eq!(response.csaf_category(), category, "{response:?}");
            assert_eq!(
                VexResponse::from_csaf_category(category),
                Some(back),
                "{category}"
            );
        }
        assert_eq!(
            VexResponse::from_csaf_category("mitigation"),
            Some(VexResponse::WorkaroundAvailable)
        );
        assert_eq!(VexResponse::from_csaf_category("other"), None);
    }

    #[test]
    fn the_cyclonedx_names_are_the_serde_names() {
        for r in VexResponse::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
    }

    #[test]
    fn sentences_join_in_order_and_repeats_are_dropped() {
        let mut list = Vec::new();
        for r in [
            VexResponse::Update,
            VexResponse::WorkaroundAvailable,
            VexResponse::Update,
        ] {
            push_unique(&mut list, r);
        }
        assert_eq!(
            sentences(&list).as_deref(),
            Some("Update to a version with the fix. A workaround is available.")
        );
        assert_eq!(sentences(&[]), None);
    }
}

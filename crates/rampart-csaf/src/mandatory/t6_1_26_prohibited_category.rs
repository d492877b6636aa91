//! 6.1.26 Prohibited Document Category Name.
//!
//! **What**: a document category that is not one of the profiles' own values does not start
//! with `csaf_` (except `csaf_base`) and does not equal, ignoring case, dashes, underscores and
//! white space, the name or value of a profile other than CSAF Base.
//!
//! **Why**: a category like `Security Advisory` looks like a profile but escapes the
//! profile's tests (6.1.27); readers would trust checks that never ran.
//!
//! **Example**: `category: "Security_Incident_Response"`.

use serde_json::Value;

use crate::Finding;
use crate::tree::category;

/// The categories of the profiles of section 4 other than CSAF Base.
pub(crate) const PROFILES: [&str; 4] = [
    "csaf_security_incident_response",
    "csaf_informational_advisory",
    "csaf_security_advisory",
    "csaf_vex",
];

fn normalised(text: &str) -> String {
    text.chars()
        .filter(|c| !(c.is_whitespace() || *c == '-' || *c == '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let Some(category) = category(doc) else {
        return Vec::new();
    };
    if category == "csaf_base" || PROFILES.contains(&category) {
        return Vec::new();
    }
    let pointer = "/document/category";
    if category
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("csaf_"))
    {
        return vec![Finding::new(
            pointer,
            format!("category {category:?} uses the reserved prefix csaf_"),
        )];
    }
    let given = normalised(category);
    for profile in PROFILES {
        let name = profile.trim_start_matches("csaf_");
        if given == normalised(name) || given == normalised(profile) {
            return vec![Finding::new(
                pointer,
                format!("category {category:?} is too close to the profile {profile}"),
            )];
        }
    }
    Vec::new()
}

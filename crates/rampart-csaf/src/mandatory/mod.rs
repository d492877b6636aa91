//! The mandatory tests of CSAF 2.0 section 6.1, one file each, in section order. A document
//! failing any of them is not a valid CSAF document (section 6.1: "Mandatory tests MUST NOT
//! fail at a valid CSAF document").

use serde_json::Value;

use crate::Finding;

mod t6_1_01_missing_product_id;
mod t6_1_02_multiple_product_id;
mod t6_1_03_circular_product_id;
mod t6_1_04_missing_group_id;
mod t6_1_05_multiple_group_id;
mod t6_1_06_contradicting_status;
mod t6_1_07_multiple_scores;
mod t6_1_08_invalid_cvss;
mod t6_1_09_cvss_computation;
mod t6_1_10_inconsistent_cvss;
mod t6_1_11_cwe;
mod t6_1_12_language;
mod t6_1_13_purl;
mod t6_1_14_sorted_revision_history;
mod t6_1_15_translator;
mod t6_1_16_latest_document_version;
mod t6_1_17_document_status_draft;
mod t6_1_18_released_revision_history;
mod t6_1_19_prerelease_revisions;
mod t6_1_20_non_draft_version;
mod t6_1_21_missing_revision;
mod t6_1_22_duplicate_revision;
mod t6_1_23_duplicate_cve;
mod t6_1_24_duplicate_involvement;
mod t6_1_25_duplicate_hash_algorithm;
mod t6_1_26_prohibited_category;
mod t6_1_27_01_document_notes;
mod t6_1_27_02_document_references;
mod t6_1_27_03_no_vulnerabilities;
mod t6_1_27_04_product_tree;
mod t6_1_27_05_vulnerability_notes;
mod t6_1_27_06_product_status;
mod t6_1_27_07_vex_product_status;
mod t6_1_27_08_vulnerability_id;
mod t6_1_27_09_impact_statement;
mod t6_1_27_10_action_statement;
mod t6_1_27_11_vulnerabilities;
mod t6_1_28_translation;
mod t6_1_29_remediation_without_product;
mod t6_1_30_mixed_versioning;
mod t6_1_31_version_range;
mod t6_1_32_flag_without_product;
mod t6_1_33_multiple_flags;

/// One mandatory test: its section number, its title in the spec, and the check.
pub struct MandatoryTest {
    /// Section number, e.g. `6.1.27.9`.
    pub id: &'static str,
    /// The spec's title of the test.
    pub name: &'static str,
    pub(crate) check: fn(&Value) -> Vec<Finding>,
}

impl std::fmt::Debug for MandatoryTest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MandatoryTest")
            .field("id", &self.id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Every mandatory test of CSAF 2.0, in section order.
pub static MANDATORY_TESTS: &[MandatoryTest] = &[
    MandatoryTest {
        id: "6.1.1",
        name: "Missing Definition of Product ID",
        check: t6_1_01_missing_product_id::check,
    },
    MandatoryTest {
        id: "6.1.2",
        name: "Multiple Definition of Product ID",
        check: t6_1_02_multiple_product_id::check,
    },
    MandatoryTest {
        id: "6.1.3",
        name: "Circular Definition of Product ID",
        check: t6_1_03_circular_product_id::check,
    },
    MandatoryTest {
        id: "6.1.4",
        name: "Missing Definition of Product Group ID",
        check: t6_1_04_missing_group_id::check,
    },
    MandatoryTest {
        id: "6.1.5",
        name: "Multiple Definition of Product Group ID",
        check: t6_1_05_multiple_group_id::check,
    },
    MandatoryTest {
        id: "6.1.6",
        name: "Contradicting Product Status",
        check: t6_1_06_contradicting_status::check,
    },
    MandatoryTest {
        id: "6.1.7",
        name: "Multiple Scores with same Version per Product",
        check: t6_1_07_multiple_scores::check,
    },
    MandatoryTest {
        id: "6.1.8",
        name: "Invalid CVSS",
        check: t6_1_08_invalid_cvss::check,
    },
    MandatoryTest {
        id: "6.1.9",
        name: "Invalid CVSS computation",
        check: t6_1_09_cvss_computation::check,
    },
    MandatoryTest {
        id: "6.1.10",
        name: "Inconsistent CVSS",
        check: t6_1_10_inconsistent_cvss::check,
    },
    MandatoryTest {
        id: "6.1.11",
        name: "CWE",
        check: t6_1_11_cwe::check,
    },
    MandatoryTest {
        id: "6.1.12",
        name: "Language",
        check: t6_1_12_language::check,
    },
    MandatoryTest {
        id: "6.1.13",
        name: "PURL",
        check: t6_1_13_purl::check,
    },
    MandatoryTest {
        id: "6.1.14",
        name: "Sorted Revision History",
        check: t6_1_14_sorted_revision_history::check,
    },
    MandatoryTest {
        id: "6.1.15",
        name: "Translator",
        check: t6_1_15_translator::check,
    },
    MandatoryTest {
        id: "6.1.16",
        name: "Latest Document Version",
        check: t6_1_16_latest_document_version::check,
    },
    MandatoryTest {
        id: "6.1.17",
        name: "Document Status Draft",
        check: t6_1_17_document_status_draft::check,
    },
    MandatoryTest {
        id: "6.1.18",
        name: "Released Revision History",
        check: t6_1_18_released_revision_history::check,
    },
    MandatoryTest {
        id: "6.1.19",
        name: "Revision History Entries for Pre-release Versions",
        check: t6_1_19_prerelease_revisions::check,
    },
    MandatoryTest {
        id: "6.1.20",
        name: "Non-draft Document Version",
        check: t6_1_20_non_draft_version::check,
    },
    MandatoryTest {
        id: "6.1.21",
        name: "Missing Item in Revision History",
        check: t6_1_21_missing_revision::check,
    },
    MandatoryTest {
        id: "6.1.22",
        name: "Multiple Definition in Revision History",
        check: t6_1_22_duplicate_revision::check,
    },
    MandatoryTest {
        id: "6.1.23",
        name: "Multiple Use of Same CVE",
        check: t6_1_23_duplicate_cve::check,
    },
    MandatoryTest {
        id: "6.1.24",
        name: "Multiple Definition in Involvements",
        check: t6_1_24_duplicate_involvement::check,
    },
    MandatoryTest {
        id: "6.1.25",
        name: "Multiple Use of Same Hash Algorithm",
        check: t6_1_25_duplicate_hash_algorithm::check,
    },
    MandatoryTest {
        id: "6.1.26",
        name: "Prohibited Document Category Name",
        check: t6_1_26_prohibited_category::check,
    },
    MandatoryTest {
        id: "6.1.27.1",
        name: "Document Notes",
        check: t6_1_27_01_document_notes::check,
    },
    MandatoryTest {
        id: "6.1.27.2",
        name: "Document References",
        check: t6_1_27_02_document_references::check,
    },
    MandatoryTest {
        id: "6.1.27.3",
        name: "Vulnerabilities",
        check: t6_1_27_03_no_vulnerabilities::check,
    },
    MandatoryTest {
        id: "6.1.27.4",
        name: "Product Tree",
        check: t6_1_27_04_product_tree::check,
    },
    MandatoryTest {
        id: "6.1.27.5",
        name: "Vulnerability Notes",
        check: t6_1_27_05_vulnerability_notes::check,
    },
    MandatoryTest {
        id: "6.1.27.6",
        name: "Product Status",
        check: t6_1_27_06_product_status::check,
    },
    MandatoryTest {
        id: "6.1.27.7",
        name: "VEX Product Status",
        check: t6_1_27_07_vex_product_status::check,
    },
    MandatoryTest {
        id: "6.1.27.8",
        name: "Vulnerability ID",
        check: t6_1_27_08_vulnerability_id::check,
    },
    MandatoryTest {
        id: "6.1.27.9",
        name: "Impact Statement",
        check: t6_1_27_09_impact_statement::check,
    },
    MandatoryTest {
        id: "6.1.27.10",
        name: "Action Statement",
        check: t6_1_27_10_action_statement::check,
    },
    MandatoryTest {
        id: "6.1.27.11",
        name: "Vulnerabilities",
        check: t6_1_27_11_vulnerabilities::check,
    },
    MandatoryTest {
        id: "6.1.28",
        name: "Translation",
        check: t6_1_28_translation::check,
    },
    MandatoryTest {
        id: "6.1.29",
        name: "Remediation without Product Reference",
        check: t6_1_29_remediation_without_product::check,
    },
    MandatoryTest {
        id: "6.1.30",
        name: "Mixed Integer and Semantic Versioning",
        check: t6_1_30_mixed_versioning::check,
    },
    MandatoryTest {
        id: "6.1.31",
        name: "Version Range in Product Version",
        check: t6_1_31_version_range::check,
    },
    MandatoryTest {
        id: "6.1.32",
        name: "Flag without Product Reference",
        check: t6_1_32_flag_without_product::check,
    },
    MandatoryTest {
        id: "6.1.33",
        name: "Multiple Flags with VEX Justification Codes per Product",
        check: t6_1_33_multiple_flags::check,
    },
];

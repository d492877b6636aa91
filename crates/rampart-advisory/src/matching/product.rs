//! CSAF products against components. The full judgement (vendor and product names, model
//! numbers, version ranges written as text) belongs to the CSAF module; until it lands,
//! [`judge_csaf_product`] is the one place matching asks it, and matches only what needs no
//! interpretation: the product's purl or CPE equal to the component's.

use rampart_sbom::cpe::{NameRelation, compare_names};
use rampart_sbom::{Cpe, Purl};

use crate::model::{AffectedProduct, Confidence, ProductStatus};

use super::identity::Identity;
use super::report::{Identifier, Status};

/// A CSAF product that names the component.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ProductMatch {
    /// The component identifier used.
    pub key: String,
    /// `product_id full_name`.
    pub matched: String,
    /// The product's version or range as written.
    pub range: Option<String>,
    /// What the advisory says of it.
    pub status: Status,
    /// How sure.
    pub confidence: Confidence,
    /// Which identifier matched.
    pub via: Identifier,
}

/// The hook for CSAF product judgement: whether `product` is the component of `identity`.
///
/// Matches when one of the product's purls is the component's purl (canonical forms equal)
/// or the product's CPE is equal (NISTIR 7696 CPE_EQUAL) to one of the component's own
/// CPEs, with High confidence. Replace the body with a call to the CSAF module's
/// `judge_product` when it is merged; the callers need not change.
pub(crate) fn judge_csaf_product(
    identity: &Identity,
    product: &AffectedProduct,
) -> Option<ProductMatch> {
    let matched = format!("{} {}", product.product_id, product.full_name);
    let hit = |key: String| ProductMatch {
        key,
        matched: matched.clone(),
        range: product.version.clone(),
        status: status_of(product.status),
        confidence: Confidence::High,
        via: Identifier::Product,
    };
    if let Some(own) = identity
        .component
        .purl
        .as_deref()
        .and_then(|p| Purl::normalise(p).ok())
        && product
            .purls
            .iter()
            .any(|p| Purl::normalise(p).is_ok_and(|p| p == own))
    {
        return Some(hit(own));
    }
    let product_cpe = product.cpe.as_deref().and_then(|c| Cpe::parse(c).ok())?;
    identity
        .cpes
        .iter()
        .filter(|c| c.via == Identifier::Cpe)
        .find(|c| compare_names(&product_cpe, &c.cpe) == NameRelation::Equal)
        .map(|c| hit(c.text.clone()))
}

/// The finding status of a CSAF product status.
pub(crate) fn status_of(status: ProductStatus) -> Status {
    match status {
        ProductStatus::KnownAffected => Status::Affected,
        ProductStatus::KnownNotAffected => Status::NotAffected,
        ProductStatus::Fixed | ProductStatus::Recommended => Status::Fixed,
        ProductStatus::UnderInvestigation => Status::UnderInvestigation,
    }
}

//! CSAF products against components: [`judge_csaf_product`] is the one place matching asks
//! the CSAF module's judgement (vendor and product names, model numbers, version ranges
//! written as text), and turns its verdict into evidence.

use crate::model::{AffectedProduct, Confidence, ProductStatus};
use crate::sources::csaf::{ProductIdentifier, judge_product};

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
    /// Why the confidence is below High, when it is.
    pub notes: Vec<String>,
}

/// Whether `product` (a CSAF product with its status) names the component of `identity`, and
/// what that means for it, by the CSAF module's [`judge_product`]: identified by purl, CPE,
/// model number, SKU or vendor and product words, with the confidence that carries; then the
/// product's version expression decides.
///
/// - The version lies in the expression: the product's status applies (affected, fixed, …).
/// - The version lies outside it: the product entry says nothing of this version, so no match.
/// - The version cannot be compared (no version, or an expression written as prose): for an
///   affected product the match is kept at Medium confidence at most, with a note, since
///   dropping it could hide a real exposure; for other statuses it is dropped, since "fixed"
///   or "not affected" must not be claimed for a version nobody compared.
pub(crate) fn judge_csaf_product(
    identity: &Identity,
    product: &AffectedProduct,
) -> Option<ProductMatch> {
    let judgement = judge_product(product, identity.original)?;
    let status = status_of(judgement.status);
    let mut notes = Vec::new();
    match judgement.version_in_range {
        Some(true) => {}
        None if status == Status::Affected => notes.push(format!(
            "{}: {}",
            judgement.version_verdict(),
            judgement
                .expression
                .as_deref()
                .unwrap_or("no version given")
        )),
        // Outside the range, or a non-affected status for a version nobody compared.
        Some(false) | None => return None,
    }
    let key = match &judgement.identifier {
        ProductIdentifier::Purl(_) => identity.component.purl.clone().unwrap_or_default(),
        ProductIdentifier::Cpe(text) => format!("CPE {text}"),
        ProductIdentifier::ModelNumber(model) => format!("model number {model}"),
        ProductIdentifier::Sku(sku) => format!("SKU {sku}"),
        ProductIdentifier::Words(words) => format!("name {words:?}"),
    };
    Some(ProductMatch {
        key,
        matched: format!("{} {}", product.product_id, product.full_name),
        range: judgement.expression,
        status,
        confidence: judgement.confidence,
        via: Identifier::Product,
        notes,
    })
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

//! Judging whether an SBOM component is a CSAF product, and whether its version is covered.
//!
//! A CSAF product is named in several ways at once; [`judge_product`] tries them from the
//! strongest to the weakest and stops at the first that holds:
//!
//! 1. **purl**: a product purl with the component's type, namespace and name (version and
//!    qualifiers aside) — confidence High;
//! 2. **CPE**: the product's CPE matches one of the component's CPEs with the version
//!    attribute set aside (NISTIR 7696 SUPERSET or EQUAL) — High;
//! 3. **model number / SKU** equal (words folded per [`normalise_words`]) to the component's
//!    name or to the product of one of its CPEs — Medium;
//! 4. **words**: the component's name folded equals the product name (or `vendor product`, or
//!    the full product name), and, when the component states a supplier, group or CPE vendor,
//!    one of them equals the vendor or starts with it as a whole word (`Siemens AG` for
//!    `Siemens`) — Low. A name that merely contains the product name is no match.
//!
//! The version is then judged against the product's version expression (see
//! [`VersionExpression`]); when the product states no version, or one that does not parse, the
//! version in the purl or CPE that matched stands in. A version that cannot be compared (text expression, no component version, a
//! version the generic scheme refuses) is reported as not comparable, never guessed, and
//! caps the confidence at Medium: the model's High means the version was checked too.

use rampart_sbom::cpe::{Value, compare_names};
use rampart_sbom::{Component, Cpe, Purl};
use serde::{Deserialize, Serialize};

use super::version_expr::VersionExpression;
use crate::key::normalise_words;
use crate::model::{AffectedProduct, Confidence, ProductStatus};

/// How a component was found to be a CSAF product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "by", content = "value")]
pub enum ProductIdentifier {
    /// The product purl that matched.
    Purl(String),
    /// The product CPE that matched.
    Cpe(String),
    /// The model number that matched.
    ModelNumber(String),
    /// The SKU that matched.
    Sku(String),
    /// The product's name (with its vendor when there is one), folded to words.
    Words(String),
}

/// The verdict of [`judge_product`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductJudgement {
    /// What identified the component as the product.
    pub identifier: ProductIdentifier,
    /// The version expression the version was judged against, as written.
    pub expression: Option<String>,
    /// Whether the component's version lies in the expression; `None`: not comparable.
    pub version_in_range: Option<bool>,
    /// The product's status in the advisory.
    pub status: ProductStatus,
    /// How sure the identification is.
    pub confidence: Confidence,
}

impl ProductJudgement {
    /// The version verdict in words, for evidence: `version in range`, `version outside the
    /// range`, `version not comparable`.
    pub fn version_verdict(&self) -> &'static str {
        match self.version_in_range {
            Some(true) => "version in range",
            Some(false) => "version outside the range",
            None => "version not comparable",
        }
    }
}

/// Whether `component` is `product`, and if so whether its version is covered; `None` when no
/// identifier of the product names the component.
pub fn judge_product(product: &AffectedProduct, component: &Component) -> Option<ProductJudgement> {
    let (identifier, confidence, identifier_version) = identify(product, component)?;
    // A version branch that is no expression (Red Hat writes whole package names such as
    // `openssl-1:1.1.1g-15.el8_3` there) yields to the version in the matching purl or CPE.
    let stated = product
        .version
        .clone()
        .filter(|v| VersionExpression::parse(v).is_structured());
    let expression = stated
        .or(identifier_version)
        .or_else(|| product.version.clone());
    let version_in_range = match (&expression, &component.version) {
        (Some(expression), Some(version)) => VersionExpression::parse(expression).contains(version),
        _ => None,
    };
    let confidence = if version_in_range.is_none() {
        confidence.min(Confidence::Medium)
    } else {
        confidence
    };
    Some(ProductJudgement {
        identifier,
        expression,
        version_in_range,
        status: product.status,
        confidence,
    })
}

/// The identifier that names the component, its confidence, and the version the identifier
/// itself carries (a purl's or CPE's version), strongest first.
fn identify(
    product: &AffectedProduct,
    component: &Component,
) -> Option<(ProductIdentifier, Confidence, Option<String>)> {
    if let Some(own) = component.purl.as_deref().and_then(|p| Purl::parse(p).ok()) {
        for text in &product.purls {
            let Ok(purl) = Purl::parse(text) else {
                continue;
            };
            if purl.ty() == own.ty()
                && purl.namespace() == own.namespace()
                && purl.name() == own.name()
            {
                let version = purl.version().map(str::to_owned);
                return Some((
                    ProductIdentifier::Purl(text.clone()),
                    Confidence::High,
                    version,
                ));
            }
        }
    }
    let own_cpes: Vec<Cpe> = component
        .cpes
        .iter()
        .filter_map(|c| Cpe::parse(c).ok())
        .collect();
    if let Some(text) = &product.cpe
        && let Ok(cpe) = Cpe::parse(text)
    {
        let version = cpe.version().as_literal().filter(|v| v != "-");
        let unversioned = cpe.clone().with_value(3, Value::Any);
        if own_cpes.iter().any(|own| {
            compare_names(&unversioned, &own.clone().with_value(3, Value::Any)).matches()
        }) {
            return Some((
                ProductIdentifier::Cpe(text.clone()),
                Confidence::High,
                version,
            ));
        }
    }
    let mut names = vec![normalise_words(&component.name)];
    names.extend(
        own_cpes
            .iter()
            .filter_map(|c| c.product().as_literal())
            .map(|p| normalise_words(&p)),
    );
    names.retain(|n| !n.is_empty());
    for (list, make) in [
        (
            &product.model_numbers,
            ProductIdentifier::ModelNumber as fn(String) -> ProductIdentifier,
        ),
        (&product.skus, ProductIdentifier::Sku),
    ] {
        for model in list {
            if names.contains(&normalise_words(model)) {
                return Some((make(model.clone()), Confidence::Medium, None));
            }
        }
    }
    words_match(product, component, &own_cpes)
        .map(|words| (ProductIdentifier::Words(words), Confidence::Low, None))
}

/// The product's words when the component's name and vendor are the product's.
fn words_match(product: &AffectedProduct, component: &Component, cpes: &[Cpe]) -> Option<String> {
    let name = normalise_words(&component.name);
    if name.is_empty() {
        return None;
    }
    let vendor = product.vendor.as_deref().map(normalise_words);
    // A product without a product-name branch is named by its full name only.
    let product_words = normalise_words(
        product
            .product_name
            .as_deref()
            .unwrap_or(&product.full_name),
    );
    let mut forms = vec![product_words.clone(), normalise_words(&product.full_name)];
    if let Some(vendor) = &vendor {
        forms.push(format!("{vendor} {product_words}"));
    }
    if !forms.iter().any(|f| !f.is_empty() && *f == name) {
        return None;
    }
    let mut component_vendors: Vec<String> = component
        .supplier
        .iter()
        .chain(&component.group)
        .map(|v| normalise_words(v))
        .collect();
    component_vendors.extend(
        cpes.iter()
            .filter_map(|c| c.vendor().as_literal())
            .map(|v| normalise_words(&v)),
    );
    component_vendors.retain(|v| !v.is_empty());
    if let Some(vendor) = &vendor
        && !component_vendors.is_empty()
        && !component_vendors
            .iter()
            .any(|v| v == vendor || v.starts_with(&format!("{vendor} ")))
    {
        return None;
    }
    Some(match vendor {
        Some(vendor) => format!("{vendor} {product_words}"),
        None => product_words,
    })
}

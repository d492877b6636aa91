//! CSAF 2.0: vendor security advisories and VEX documents (OASIS Common Security Advisory
//! Framework), the format of CISA's ICS advisories and of vendor PSIRTs (Siemens, Schneider,
//! Red Hat, Cisco…).
//!
//! - `read`: one document into one [`Advisory`](crate::Advisory) per
//!   vulnerability;
//! - [`product_tree`]: a product tree flattened into vendor/product/version per product id;
//! - [`version_expr`]: the version expressions of real product trees;
//! - [`provider`]: provider metadata, ROLIE feeds and hash files, recognised apart from
//!   documents;
//! - [`openpgp`]: the providers' OpenPGP keys and the detached signatures of documents;
//! - [`judge`]: whether an SBOM component is a given product.

mod document;
pub mod judge;
pub mod openpgp;
pub mod product_tree;
pub mod provider;
mod read;
pub mod version_expr;

pub use judge::{ProductIdentifier, ProductJudgement, judge_product};
pub use provider::{
    CsafFileKind, FeedDocument, FeedLink, HashFileError, OpenPgpKeyLink, ProviderMetadata,
    classify, provider_metadata, rolie_feed, verify_hash_file,
};
pub use version_expr::{Bound, Interval, VersionExpression};

use crate::model::Record;
use crate::source::{AdvisorySource, Input, ReadSummary, SourceError};

/// The `csaf` source: CSAF 2.0 JSON documents of any profile (`csaf_security_advisory`,
/// `csaf_vex`, `csaf_base`…). Provider metadata and ROLIE files are not detected
/// ([`classify`] tells them apart).
#[derive(Debug, Clone, Copy, Default)]
pub struct CsafSource;

impl AdvisorySource for CsafSource {
    fn id(&self) -> &'static str {
        "csaf"
    }

    fn describe(&self) -> &'static str {
        "CSAF 2.0 advisories and VEX documents (vendor PSIRTs, CISA ICS advisories)"
    }

    fn detect(&self, name: &str, head: &[u8]) -> bool {
        classify(name, head) == Some(CsafFileKind::Document)
    }

    fn read(
        &self,
        input: Input<'_>,
        sink: &mut dyn FnMut(Record) -> Result<(), String>,
    ) -> Result<ReadSummary, SourceError> {
        read::read_document(input, sink)
    }
}

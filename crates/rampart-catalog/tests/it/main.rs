//! Behaviour tests of the catalog crate: exports checked against outside schemas.

mod oscal;

//! Behaviour tests of the catalog crate: exports checked against outside schemas, and the
//! override file's own schema checked against its parser.

mod oscal;
mod overrides_schema;

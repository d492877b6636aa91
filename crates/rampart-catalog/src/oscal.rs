//! OSCAL export.

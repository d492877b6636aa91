//! Renders an assessment's results ([`rampart_assess::AssessmentResults`]) as the Product
//! Security Maturity Report and the standard exports. Every renderer reads the results
//! model only, so a report can be rebuilt from `results.json` alone.

pub mod export;

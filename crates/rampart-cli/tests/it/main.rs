//! Behaviour tests of the `rampart` binary: every run's exit code, stdout and stderr.

mod assess;
mod assess_org;
mod assess_run;
mod catalog;
mod common;
mod csaf;
mod db;
mod docs;
mod firmware;
mod inputs;
mod misc;
mod sbom;
mod scan;
mod system;

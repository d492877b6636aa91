//! Behaviour of rampart-advisory through its public API.

mod triage;
mod vex_hostile;
mod vex_roundtrip;

//! Helpers shared by the integration tests.

use std::path::PathBuf;

use rampart_system::SystemModel;

/// The crate's fixture folder.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The water-treatment example.
pub fn example_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/water-treatment/system.yaml")
}

/// Loads the example, named `examples/water-treatment/system.yaml` in output.
pub fn example() -> SystemModel {
    let text = std::fs::read_to_string(example_path()).unwrap();
    SystemModel::parse("examples/water-treatment/system.yaml", &text)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Parses a model from text, named `model.yaml`.
pub fn parse(text: &str) -> Result<SystemModel, rampart_system::ModelError> {
    SystemModel::parse("model.yaml", text)
}

//! The JSON Schema of the assessment file (`rampart schema assessment`), derived with
//! `schemars` from the very types the parser reads (`raw.rs`): a field added or renamed there
//! changes the schema too. Descriptions are the fields' doc comments. The semantic rules
//! (ids exist, a rationale for not-applicable, evidence hashes match) stay the validator's job.

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use super::raw::RawAssessment;

/// The JSON Schema (draft 2020-12) of an assessment file, self-contained (no `$defs`).
pub fn assessment_schema() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let mut schema = generator.into_root_schema_for::<RawAssessment>();
    schema.insert(
        "$id".to_owned(),
        json!("https://github.com/rampart-iacs/rampart/schemas/assessment.json"),
    );
    let mut value = schema.to_value();
    unwrap_descriptions(&mut value);
    value
}

/// Doc comments wrap at 100 columns; a description is one paragraph.
fn unwrap_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(text) if key == "description" => *text = text.replace('\n', " "),
                    _ => unwrap_descriptions(v),
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

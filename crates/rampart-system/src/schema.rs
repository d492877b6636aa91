//! The JSON Schemas of the input files (`rampart schema system|component-assessment`),
//! derived with `schemars` from the very types the parser reads (`raw`, private): a field
//! added, renamed or loosened there changes the schema too, so the two cannot drift apart.
//! Descriptions are the fields' doc comments. The functions below add what the types alone
//! do not say (the names an enumeration accepts, "each at most once"); the semantic rules
//! (references resolve, an asset is in exactly one zone) stay the validator's job.

use rampart_catalog::ComponentType;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Value, json};

use crate::model::{
    Capability, ConsequenceCategory, Criticality, Direction, Domain, KNOWN_VECTORS, Role,
};
use crate::raw::{RawAssessment, RawModel, RawSl};

/// The JSON Schema (draft 2020-12) of a system model file.
pub fn model_schema() -> Value {
    generate::<RawModel>("https://github.com/rampart-iacs/rampart/schemas/system-model.json")
}

/// The JSON Schema of a component assessment file: the 4-2 items one component meets and/or
/// the SL-C claimed for it. Its SL-C is computed from the items when they are listed.
pub fn assessment_schema() -> Value {
    generate::<RawAssessment>(
        "https://github.com/rampart-iacs/rampart/schemas/component-assessment.json",
    )
}

/// One self-contained schema (no `$defs`), as editors read it most easily.
fn generate<T: JsonSchema>(id: &str) -> Value {
    let generator = SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    schema.insert("$id".to_owned(), json!(id));
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

/// A string that is one of `names`.
fn one_of(names: impl IntoIterator<Item = &'static str>) -> Schema {
    let names: Vec<&str> = names.into_iter().collect();
    json_schema!({"type": "string", "enum": names})
}

pub(crate) fn role_names(_: &mut SchemaGenerator) -> Schema {
    one_of(Role::ALL.iter().map(|v| v.as_str()))
}

pub(crate) fn domain_names(_: &mut SchemaGenerator) -> Schema {
    one_of(Domain::ALL.iter().map(|v| v.as_str()))
}

pub(crate) fn criticality_names(_: &mut SchemaGenerator) -> Schema {
    one_of(Criticality::ALL.iter().map(|v| v.as_str()))
}

pub(crate) fn direction_names(_: &mut SchemaGenerator) -> Schema {
    one_of(Direction::ALL.iter().map(|v| v.as_str()))
}

pub(crate) fn capability_names(_: &mut SchemaGenerator) -> Schema {
    one_of(Capability::ALL.iter().map(|v| v.as_str()))
}

/// A 4-2 component type, by name or abbreviation.
pub(crate) fn component_type(_: &mut SchemaGenerator) -> Schema {
    one_of(
        ComponentType::ALL
            .iter()
            .map(|t| t.as_str())
            .chain(ComponentType::ALL.iter().map(|t| t.abbrev())),
    )
}

/// A vector: any text (a custom one is declared in `external_vectors`), with the known ones
/// offered for completion.
pub(crate) fn known_vectors(_: &mut SchemaGenerator) -> Schema {
    let known: Vec<&str> = KNOWN_VECTORS.iter().map(|(v, _)| *v).collect();
    json_schema!({"type": "string", "examples": known})
}

/// A zone's SL-T: an SL vector, or `derive`.
pub(crate) fn sl_t(generator: &mut SchemaGenerator) -> Schema {
    let vector = RawSl::json_schema(generator);
    json_schema!({"anyOf": [{"const": "derive"}, vector]})
}

/// Each entry at most once (the validator also catches repeats spelt differently).
pub(crate) fn unique(schema: &mut Schema) {
    schema.insert("uniqueItems".to_owned(), json!(true));
}

/// A mapping from capability names to security levels.
pub(crate) fn capability_keys(schema: &mut Schema) {
    let names: Vec<&str> = Capability::ALL.iter().map(|v| v.as_str()).collect();
    schema.insert("propertyNames".to_owned(), json!({"enum": names}));
    schema.insert(
        "additionalProperties".to_owned(),
        json!({"type": "integer", "minimum": 0, "maximum": 4}),
    );
}

/// A mapping keyed by consequence categories.
pub(crate) fn category_keys(schema: &mut Schema) {
    let names: Vec<&str> = ConsequenceCategory::ALL
        .iter()
        .map(|v| v.as_str())
        .collect();
    schema.insert("propertyNames".to_owned(), json!({"enum": names}));
}

//! The values of the model file that are read loosely and checked in validation: a position
//! wrapper, SL vectors, matrix levels and versions. Each also says what it accepts as JSON
//! Schema, so the published schemas follow the parser.

use std::borrow::Cow;
use std::fmt;

use rampart_yaml::Located;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// A value with the place it was written, compact ([`Located`]) so that a model of a million
/// values stays small in memory. Its schema is the value's own: the place is not part of the
/// file format.
#[derive(Deserialize)]
#[serde(transparent)]
pub(crate) struct S<T>(pub Located<T>);

impl<T> std::ops::Deref for S<T> {
    type Target = Located<T>;
    fn deref(&self) -> &Located<T> {
        &self.0
    }
}

impl<T: JsonSchema> JsonSchema for S<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// The text forms of an SL vector the parser accepts: an optional `SL`, `SL-T`, `SL-C` or
/// `SL-A`, optional brackets, and one level (for all seven FRs) or seven.
pub(crate) const SL_TEXT: &str =
    r"^\s*([Ss][Ll](-[TtCcAa])?)?\s*[\(\{\[]?\s*[0-4](([\s,;]+[0-4]){6})?\s*[\)\}\]]?\s*$";

/// An SL vector as written: a list, a single number, or text (`SL-T(2,2,…)`, `derive`).
/// Read without range checks, so that a level out of range is one located problem among
/// all the others instead of a parse failure.
#[derive(Debug, Clone)]
pub(crate) enum RawSl {
    /// The first levels written (at most 17 are kept) and how many the list has in all.
    List(Vec<i64>, usize),
    One(i64),
    Text(String),
}

impl JsonSchema for RawSl {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "SlVector".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "oneOf": [
                {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 4}, "minItems": 7, "maxItems": 7},
                {"type": "integer", "minimum": 0, "maximum": 4},
                {"type": "string", "pattern": SL_TEXT}
            ]
        })
    }
}

impl<'de> Deserialize<'de> for RawSl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawSl;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an SL vector: [2, 2, 3, 1, 2, 1, 2], a single level, or `SL-T(2,2,3,1,2,1,2)`",
                )
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawSl, E> {
                Ok(RawSl::One(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawSl, E> {
                Ok(RawSl::One(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawSl, E> {
                Ok(RawSl::Text(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawSl, A::Error> {
                let mut out = Vec::new();
                let mut count = 0;
                while let Some(n) = seq.next_element::<i64>()? {
                    // Seven are expected; stop collecting a hostile list early, but count it
                    // to its end so the length check reports the real length.
                    count += 1;
                    if out.len() <= 16 {
                        out.push(n);
                    }
                }
                Ok(RawSl::List(out, count))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A likelihood or impact level: its number on the matrix scale, or its label.
#[derive(Debug, Clone)]
pub(crate) enum RawLevel {
    Number(i64),
    Label(String),
}

impl JsonSchema for RawLevel {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Level".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": ["integer", "string"]})
    }
}

impl<'de> Deserialize<'de> for RawLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawLevel;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a level number (1 = lowest) or a label of the risk matrix")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawLevel, E> {
                Ok(RawLevel::Number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawLevel, E> {
                Ok(RawLevel::Number(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawLevel, E> {
                Ok(RawLevel::Label(v.to_owned()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A version as written: text, or a number YAML read from an unquoted value (`version: 3.10`
/// is the number 3.1). Numbers are kept apart so validation can refuse them at their place
/// instead of recording a version the file does not say.
#[derive(Debug, Clone)]
pub(crate) enum RawVersion {
    Text(String),
    Number(String),
}

impl JsonSchema for RawVersion {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Version".into()
    }
    /// Text only: a number is refused in validation, so the schema says so too.
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string"})
    }
}

impl<'de> Deserialize<'de> for RawVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawVersion;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a version, quoted: \"3.10\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawVersion, E> {
                Ok(RawVersion::Number(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawVersion, E> {
                Ok(RawVersion::Number(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawVersion, E> {
                // `{v:?}` keeps the point: `1.0`, not `1`.
                Ok(RawVersion::Number(format!("{v:?}")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawVersion, E> {
                Ok(RawVersion::Text(v.to_owned()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

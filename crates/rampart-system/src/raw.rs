//! The model file as written: serde structs that keep the source position of every value a
//! validation message may need to point at. Nothing outside [`crate::model`] sees these.
//!
//! Values whose checks should be reported all at once (enumerations, levels, ports) are read
//! as text or wide integers here and checked in validation; only YAML syntax and gross type
//! errors (a list where a mapping belongs) stop parsing.

use std::collections::BTreeMap;
use std::fmt;

use rampart_yaml::Located;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// A value and its place: compact, so that a model of a million values stays small in memory.
pub(crate) type S<T> = Located<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawModel {
    pub system: RawSystem,
    #[serde(default)]
    pub risk: Option<RawRisk>,
    #[serde(default)]
    pub assets: Vec<RawAsset>,
    #[serde(default)]
    pub zones: Vec<RawZone>,
    #[serde(default)]
    pub conduits: Vec<RawConduit>,
    #[serde(default)]
    pub flows: Vec<RawFlow>,
    #[serde(default)]
    pub threats: Vec<RawThreat>,
    #[serde(default)]
    pub countermeasures: Vec<RawCountermeasure>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSystem {
    pub name: S<String>,
    #[serde(default)]
    pub boundary: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRisk {
    #[serde(default)]
    pub likelihood: Option<S<Vec<String>>>,
    #[serde(default)]
    pub impact: Option<S<Vec<String>>>,
    #[serde(default)]
    pub tolerable: Option<S<i64>>,
    #[serde(default)]
    pub derivation: Option<RawDerivation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDerivation {
    #[serde(default)]
    pub baseline: Option<S<i64>>,
    #[serde(default)]
    pub min_impact: Option<S<RawLevel>>,
    #[serde(default)]
    pub capability: Option<BTreeMap<String, S<i64>>>,
    #[serde(default)]
    pub intentional: Option<Vec<S<String>>>,
    #[serde(default)]
    pub external: Option<Vec<S<String>>>,
    #[serde(default)]
    pub external_vectors: Option<Vec<String>>,
    #[serde(default)]
    pub categories: Option<BTreeMap<String, Vec<S<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAsset {
    pub id: S<String>,
    #[serde(default)]
    pub name: Option<String>,
    pub kind: S<String>,
    #[serde(default)]
    pub vendor: Option<String>,
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub version: Option<S<RawText>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub domain: Option<S<String>>,
    #[serde(default)]
    pub criticality: Option<S<String>>,
    #[serde(default)]
    pub safety_related: bool,
    #[serde(default)]
    pub wireless: bool,
    #[serde(default)]
    pub temporarily_connected: bool,
    #[serde(default)]
    pub externally_reachable: bool,
    #[serde(default)]
    pub sbom: Option<String>,
    #[serde(default)]
    pub firmware: Option<String>,
    #[serde(default)]
    pub component_assessment: Option<S<String>>,
    #[serde(default)]
    pub sl_c: Option<S<RawSl>>,
    #[serde(default)]
    pub satisfies: Vec<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawZone {
    pub id: S<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub level: Option<S<i64>>,
    #[serde(default)]
    pub assets: Vec<S<String>>,
    pub sl_t: S<RawSl>,
    #[serde(default)]
    pub sl_a: Option<S<RawSl>>,
    #[serde(default)]
    pub satisfies: Vec<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConduit {
    pub id: S<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub zones: S<Vec<S<String>>>,
    #[serde(default)]
    pub channels: Vec<RawChannel>,
    #[serde(default)]
    pub boundary_devices: Vec<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChannel {
    pub protocol: S<String>,
    #[serde(default)]
    pub port: Option<S<i64>>,
    #[serde(default)]
    pub direction: Option<S<String>>,
    #[serde(default)]
    pub encrypted: bool,
    #[serde(default)]
    pub authenticated: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFlow {
    pub id: S<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub from: S<String>,
    pub to: S<String>,
    #[serde(default)]
    pub protocol: Option<S<String>>,
    #[serde(default)]
    pub port: Option<S<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawThreat {
    pub id: S<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub source: String,
    pub capability: S<String>,
    #[serde(default)]
    pub intentional: Option<bool>,
    pub vector: String,
    pub target: S<String>,
    pub likelihood: S<RawLevel>,
    #[serde(default)]
    pub consequences: BTreeMap<String, S<RawLevel>>,
    #[serde(default)]
    pub countermeasures: Vec<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCountermeasure {
    pub id: S<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub applies_to: Vec<S<String>>,
    #[serde(default)]
    pub requirements: Vec<S<String>>,
    #[serde(default)]
    pub compensating: bool,
    #[serde(default)]
    pub likelihood_reduction: Option<S<i64>>,
    #[serde(default)]
    pub impact_reduction: Option<S<i64>>,
}

/// An SL vector as written: a list, a single number, or text (`SL-T(2,2,…)`, `derive`).
/// Read without range checks, so that a level out of range is one located problem among
/// all the others instead of a parse failure.
#[derive(Debug, Clone)]
pub(crate) enum RawSl {
    List(Vec<i64>),
    One(i64),
    Text(String),
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
                while let Some(n) = seq.next_element::<i64>()? {
                    // Seven are expected; stop collecting a hostile list early, the length
                    // check still reports it.
                    if out.len() <= 16 {
                        out.push(n);
                    }
                }
                Ok(RawSl::List(out))
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

/// Free text that YAML may have typed as a number (`version: 3.1`, `version: 2`).
#[derive(Debug, Clone)]
pub(crate) struct RawText(pub String);

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawText, E> {
                Ok(RawText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawText, E> {
                Ok(RawText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawText, E> {
                Ok(RawText(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawText, E> {
                Ok(RawText(v.to_owned()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A component assessment file, as written (see `docs/system-model.md`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAssessment {
    pub component: S<String>,
    #[serde(rename = "type")]
    pub component_type: S<String>,
    #[serde(default)]
    #[allow(dead_code)] // Recorded for people reading the file; not used in the computation.
    pub version: Option<RawText>,
    #[serde(default)]
    pub sl_c: Option<S<RawSl>>,
    #[serde(default)]
    pub satisfied: Vec<S<String>>,
}

//! CPE 2.3 names: the well-formed name (WFN, NISTIR 7695), its formatted-string binding
//! (`cpe:2.3:a:haxx:curl:7.88.1:*:*:*:*:*:*:*`) and the CPE 2.2 URI binding
//! (`cpe:/a:haxx:curl:7.88.1`), and NISTIR 7696 name matching.
//!
//! Written here rather than taken from the `cpe` crate: matching needs the WFN's ANY, NA and
//! the position of unquoted wildcards as first-class values, which that crate does not expose,
//! and the two bindings are small state machines that are easier to test than to adapt.

mod formatted;
mod matching;
mod uri;
mod value;

use std::fmt;
use std::str::FromStr;

pub use matching::{NameRelation, Relation, compare_names, compare_values};
pub use value::{Token, Value};

/// A CPE that cannot be read, with the input and the cause.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid CPE {input:?}: {cause}")]
pub struct CpeError {
    /// The text that failed.
    pub input: String,
    /// What is wrong with it.
    pub cause: String,
}

impl CpeError {
    pub(crate) fn new(input: &str, cause: impl Into<String>) -> Self {
        Self {
            input: input.to_string(),
            cause: cause.into(),
        }
    }
}

/// The CPE part: what kind of thing the name identifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// `a`: an application (firmware components, libraries, daemons).
    Application,
    /// `o`: an operating system.
    OperatingSystem,
    /// `h`: a hardware device.
    Hardware,
}

impl Part {
    /// The one-letter code used in both bindings.
    pub fn code(self) -> char {
        match self {
            Self::Application => 'a',
            Self::OperatingSystem => 'o',
            Self::Hardware => 'h',
        }
    }
}

/// The eleven WFN attribute names in binding order, for messages.
pub const ATTRIBUTES: [&str; 11] = [
    "part",
    "vendor",
    "product",
    "version",
    "update",
    "edition",
    "language",
    "sw_edition",
    "target_sw",
    "target_hw",
    "other",
];

/// A well-formed CPE name: eleven attribute values in [`ATTRIBUTES`] order. String values are
/// lower case (both bindings are case-insensitive), so equal names compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cpe {
    values: [Value; 11],
}

impl Cpe {
    /// A name with the given part, vendor and product and every other attribute ANY.
    pub fn new(part: Part, vendor: &str, product: &str) -> Self {
        let mut values: [Value; 11] = Default::default();
        values[0] = Value::literal(&part.code().to_string());
        values[1] = Value::literal(vendor);
        values[2] = Value::literal(product);
        Self { values }
    }

    /// Parses either binding: `cpe:2.3:` formatted strings or `cpe:/` URIs.
    pub fn parse(input: &str) -> Result<Self, CpeError> {
        // `get`, not slicing: the prefix's end may fall inside a multi-byte character.
        let starts = |prefix: &str| {
            input
                .get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        };
        if starts("cpe:2.3:") {
            formatted::parse(input)
        } else if starts("cpe:/") {
            uri::parse(input)
        } else {
            Err(CpeError::new(input, "expected `cpe:2.3:` or `cpe:/`"))
        }
    }

    /// The formatted-string binding (CPE 2.3), which [`fmt::Display`] also writes.
    pub fn to_formatted_string(&self) -> String {
        formatted::bind(self)
    }

    /// The URI binding (CPE 2.2); attributes the URI cannot carry are packed into `edition`.
    pub fn to_uri(&self) -> String {
        uri::bind(self)
    }

    /// The part, or `None` when it is ANY.
    pub fn part(&self) -> Option<Part> {
        match self.values[0].as_literal().as_deref() {
            Some("a") => Some(Part::Application),
            Some("o") => Some(Part::OperatingSystem),
            Some("h") => Some(Part::Hardware),
            _ => None,
        }
    }

    /// The value of attribute `index` in [`ATTRIBUTES`] order.
    pub fn value(&self, index: usize) -> &Value {
        &self.values[index]
    }
    /// Vendor.
    pub fn vendor(&self) -> &Value {
        &self.values[1]
    }
    /// Product.
    pub fn product(&self) -> &Value {
        &self.values[2]
    }
    /// Version.
    pub fn version(&self) -> &Value {
        &self.values[3]
    }

    /// The same name with attribute `index` set to `value`.
    #[must_use]
    pub fn with_value(mut self, index: usize, value: Value) -> Self {
        self.values[index] = value;
        self
    }

    pub(crate) fn from_values(input: &str, values: [Value; 11]) -> Result<Self, CpeError> {
        let part = &values[0];
        let part_ok = match part {
            Value::Any => true,
            Value::Na => false,
            Value::Text(_) => matches!(part.as_literal().as_deref(), Some("a" | "o" | "h")),
        };
        if !part_ok {
            return Err(CpeError::new(input, "part must be `a`, `o`, `h` or ANY"));
        }
        Ok(Self { values })
    }
}

impl FromStr for Cpe {
    type Err = CpeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Cpe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_formatted_string())
    }
}

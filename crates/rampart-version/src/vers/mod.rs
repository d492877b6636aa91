//! `vers:` version range specifiers (<https://github.com/package-url/vers-spec>).
//!
//! A `vers` names a versioning scheme and a list of constraints: `vers:npm/>=1.0.0|<2.0.0`.
//! [`Vers::parse`] accepts only the canonical form the spec defines (no whitespace, no empty
//! constraints, versions sorted, percent-encoding exact), so two tools that agree on a range
//! write it identically; [`Vers::normalise`] reads a well-formed but unsorted one and sorts it.
//! [`Vers::contains`] is the spec's containment algorithm. [`Vers::from_native`] turns the
//! range notations of npm, PyPI, NuGet, RubyGems, OpenSSL and nginx advisories into `vers`.
//!
//! Hand-written: the only crate (`vers-rs`) covers fewer schemes and none of Rampart's
//! ecosystem orders. Versions are ordered by [`compare`](crate::compare) through
//! [`Scheme`]; `vers` schemes with no order here are refused rather than guessed.

mod native;
mod scheme;

use std::cmp::Ordering;
use std::fmt;

pub use scheme::Scheme;

/// Why a `vers` could not be read or evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersError {
    /// The text is not a `vers` in canonical form.
    #[error("non-canonical VERS: {0}")]
    NonCanonical(String),
    /// The text is not a `vers` at all.
    #[error("invalid VERS {text:?}: {reason}")]
    Invalid {
        /// The text as given.
        text: String,
        /// What is wrong.
        reason: String,
    },
    /// A scheme this crate cannot order.
    #[error("unsupported VERS scheme {0:?} (supported: {list})", list = Scheme::NAMES.join(", "))]
    UnsupportedScheme(String),
    /// A version the scheme does not accept.
    #[error(transparent)]
    Version(#[from] crate::VersionError),
    /// A native range that cannot be read.
    #[error("invalid {scheme} range {range:?}: {reason}")]
    Native {
        /// The scheme.
        scheme: String,
        /// The native range as given.
        range: String,
        /// What is wrong.
        reason: String,
    },
}

/// A comparator of one constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// `=` (written without the sign in canonical form).
    Equal,
    /// `!=`.
    NotEqual,
    /// `<`.
    Less,
    /// `<=`.
    LessOrEqual,
    /// `>`.
    Greater,
    /// `>=`.
    GreaterOrEqual,
}

impl Comparator {
    fn sign(self) -> &'static str {
        match self {
            Comparator::Equal => "",
            Comparator::NotEqual => "!=",
            Comparator::Less => "<",
            Comparator::LessOrEqual => "<=",
            Comparator::Greater => ">",
            Comparator::GreaterOrEqual => ">=",
        }
    }

    /// Splits a leading comparator off `text` (none means `=`).
    fn split(text: &str) -> (Comparator, &str) {
        for (sign, comparator) in [
            ("!=", Comparator::NotEqual),
            ("<=", Comparator::LessOrEqual),
            (">=", Comparator::GreaterOrEqual),
            ("<", Comparator::Less),
            (">", Comparator::Greater),
            ("=", Comparator::Equal),
        ] {
            if let Some(rest) = text.strip_prefix(sign) {
                return (comparator, rest);
            }
        }
        (Comparator::Equal, text)
    }

    /// Where the comparator sorts among constraints on one version: upper bounds first.
    fn tie_rank(self) -> u8 {
        match self {
            Comparator::Less | Comparator::LessOrEqual => 0,
            Comparator::Equal | Comparator::NotEqual => 1,
            Comparator::GreaterOrEqual | Comparator::Greater => 2,
        }
    }

    fn is_lower_bound(self) -> bool {
        matches!(self, Comparator::Greater | Comparator::GreaterOrEqual)
    }

    fn is_upper_bound(self) -> bool {
        matches!(self, Comparator::Less | Comparator::LessOrEqual)
    }

    /// Whether `order` (the tested version against the constraint's) satisfies it.
    fn accepts(self, order: Ordering) -> bool {
        match self {
            Comparator::Equal => order == Ordering::Equal,
            Comparator::NotEqual => order != Ordering::Equal,
            Comparator::Less => order == Ordering::Less,
            Comparator::LessOrEqual => order != Ordering::Greater,
            Comparator::Greater => order == Ordering::Greater,
            Comparator::GreaterOrEqual => order != Ordering::Less,
        }
    }
}

/// One constraint: a comparator and a version (percent-decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    /// The comparator.
    pub comparator: Comparator,
    /// The version, decoded.
    pub version: String,
}

/// A `vers` range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vers {
    scheme: Scheme,
    /// Empty means `*` (every version).
    constraints: Vec<Constraint>,
}

impl Vers {
    /// Reads a `vers` in canonical form; anything else is an error saying what is not canonical.
    /// Versions are checked against the scheme only where they must be compared (sorting);
    /// [`Vers::contains`] checks them all.
    pub fn parse(text: &str) -> Result<Vers, VersError> {
        let vers = Self::read(text, true)?;
        for pair in vers.constraints.windows(2) {
            if vers.scheme.compare(&pair[0].version, &pair[1].version)? == Ordering::Greater {
                return Err(VersError::NonCanonical(
                    "constraints are not sorted by version".to_owned(),
                ));
            }
        }
        Ok(vers)
    }

    /// Reads a well-formed `vers` whose constraints may be in any order, and sorts them by
    /// version; at one version, upper bounds come before lower bounds (`<2.1.0|>=2.1.0`, the
    /// end of one interval before the start of the next), otherwise the order is kept.
    pub fn normalise(text: &str) -> Result<Vers, VersError> {
        let mut vers = Self::read(text, false)?;
        vers.sort()?;
        Ok(vers)
    }

    /// A `vers` of `scheme` from constraints, sorted.
    pub fn new(scheme: Scheme, constraints: Vec<Constraint>) -> Result<Vers, VersError> {
        let mut vers = Vers {
            scheme,
            constraints,
        };
        vers.sort()?;
        Ok(vers)
    }

    /// The scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The constraints in order; empty for `*`.
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    fn sort(&mut self) -> Result<(), VersError> {
        for c in &mut self.constraints {
            self.scheme.validate(&c.version)?;
            if self.scheme == Scheme::Datetime {
                // RFC 3339's only letters are `T` and `Z`; canonical form writes them upper case.
                c.version.make_ascii_uppercase();
            }
        }
        let scheme = self.scheme;
        // Versions were validated above, so comparing cannot fail here.
        self.constraints.sort_by(|a, b| {
            scheme
                .compare(&a.version, &b.version)
                .unwrap_or(Ordering::Equal)
                .then_with(|| a.comparator.tie_rank().cmp(&b.comparator.tie_rank()))
        });
        Ok(())
    }

    fn read(text: &str, strict: bool) -> Result<Vers, VersError> {
        let invalid = |reason: &str| VersError::Invalid {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        let non_canonical = |reason: &str| VersError::NonCanonical(reason.to_owned());
        if text.chars().any(|c| c.is_ascii_whitespace()) {
            return Err(non_canonical("whitespace is not permitted"));
        }
        let rest = text
            .strip_prefix("vers:")
            .ok_or_else(|| invalid("it does not start with \"vers:\""))?;
        let (scheme_name, body) = rest
            .split_once('/')
            .ok_or_else(|| invalid("no '/' after the scheme"))?;
        if strict && scheme_name.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(non_canonical("the scheme must be lower case"));
        }
        let scheme: Scheme = scheme_name.to_ascii_lowercase().parse()?;
        if body == "*" {
            return Ok(Vers {
                scheme,
                constraints: Vec::new(),
            });
        }
        if body.is_empty() {
            return Err(invalid("it has no constraints"));
        }
        if body.starts_with('|') {
            return Err(non_canonical("leading pipe is not permitted"));
        }
        if body.ends_with('|') {
            return Err(non_canonical("trailing pipe is not permitted"));
        }
        let mut constraints = Vec::new();
        for part in body.split('|') {
            if part.is_empty() {
                return Err(non_canonical("consecutive pipes are not permitted"));
            }
            if part == "*" {
                return Err(invalid("'*' must be the only constraint"));
            }
            let (comparator, encoded) = Comparator::split(part);
            if strict && comparator == Comparator::Equal && part.starts_with('=') {
                return Err(non_canonical(
                    "the = comparator is written as the bare version",
                ));
            }
            if encoded.is_empty() {
                return Err(invalid("a constraint has no version"));
            }
            if strict && encoded.chars().any(|c| c != '%' && needs_escape(c)) {
                return Err(non_canonical(
                    "a control character in a version must be percent-encoded",
                ));
            }
            let version = decode(encoded, scheme, strict)?;
            constraints.push(Constraint {
                comparator,
                version,
            });
        }
        Ok(Vers {
            scheme,
            constraints,
        })
    }

    /// Whether `version` lies in the range, by the spec's algorithm: `*` holds everything; an
    /// `=` constraint on the version holds and a `!=` one excludes it; then the remaining
    /// bounds are read pairwise in version order, each lower bound followed by an upper bound
    /// forming an interval.
    pub fn contains(&self, version: &str) -> Result<bool, VersError> {
        self.scheme.validate(version)?;
        if self.constraints.is_empty() {
            return Ok(true);
        }
        let order = |c: &Constraint| self.scheme.compare(version, &c.version);
        for c in &self.constraints {
            match c.comparator {
                Comparator::Equal if order(c)? == Ordering::Equal => return Ok(true),
                Comparator::NotEqual if order(c)? == Ordering::Equal => return Ok(false),
                _ => {}
            }
        }
        let bounds: Vec<&Constraint> = self
            .constraints
            .iter()
            .filter(|c| c.comparator.is_lower_bound() || c.comparator.is_upper_bound())
            .collect();
        if bounds.is_empty() {
            // Only `=`/`!=`: inside when every constraint was a `!=` (none matched above).
            return Ok(self
                .constraints
                .iter()
                .all(|c| c.comparator == Comparator::NotEqual));
        }
        if bounds.len() == 1 {
            return Ok(bounds[0].comparator.accepts(order(bounds[0])?));
        }
        for (i, pair) in bounds.windows(2).enumerate() {
            let (current, next) = (pair[0], pair[1]);
            if i == 0
                && current.comparator.is_upper_bound()
                && current.comparator.accepts(order(current)?)
            {
                return Ok(true);
            }
            if i == bounds.len() - 2
                && next.comparator.is_lower_bound()
                && next.comparator.accepts(order(next)?)
            {
                return Ok(true);
            }
            if current.comparator.is_lower_bound()
                && next.comparator.is_upper_bound()
                && current.comparator.accepts(order(current)?)
                && next.comparator.accepts(order(next)?)
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// A `vers` from a native range notation of `scheme` (`npm`, `pypi`, `nuget`, `openssl`,
    /// `nginx`; see `docs/versions.md` for each notation).
    pub fn from_native(scheme: &str, range: &str) -> Result<Vers, VersError> {
        native::from_native(scheme, range)
    }
}

impl fmt::Display for Vers {
    /// The canonical form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "vers:{}/", self.scheme.name())?;
        if self.constraints.is_empty() {
            return f.write_str("*");
        }
        for (i, c) in self.constraints.iter().enumerate() {
            if i > 0 {
                f.write_str("|")?;
            }
            f.write_str(c.comparator.sign())?;
            f.write_str(&encode(&c.version))?;
        }
        Ok(())
    }
}

/// Percent-decodes a version. In canonical form a version is escaped exactly as [`encode`]
/// writes it (upper-case hex, only the characters that need it), and `datetime` versions keep
/// their `:`, `T` and `Z` as written.
fn decode(text: &str, scheme: Scheme, strict: bool) -> Result<String, VersError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
            let Some(hex) = hex else {
                return Err(VersError::NonCanonical(
                    "invalid percent-encoding in version".to_owned(),
                ));
            };
            if strict && hex.iter().any(u8::is_ascii_lowercase) {
                return Err(VersError::NonCanonical(
                    "percent-encoding in version is not canonical".to_owned(),
                ));
            }
            let value = u8::from_str_radix(std::str::from_utf8(hex).unwrap_or("00"), 16)
                .unwrap_or_default();
            if scheme == Scheme::Datetime && value == b':' {
                return Err(VersError::NonCanonical(
                    "datetime time colons must be unencoded".to_owned(),
                ));
            }
            out.push(value);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).map_err(|_| {
        VersError::NonCanonical("percent-encoding in version is not UTF-8".to_owned())
    })?;
    if strict && encode(&decoded) != text {
        // Escapes are canonical only where a character must be escaped (`%24` for `$` is not).
        return Err(VersError::NonCanonical(
            "percent-encoding in version is not canonical".to_owned(),
        ));
    }
    if strict && scheme == Scheme::Datetime && decoded.bytes().any(|b| b == b't' || b == b'z') {
        return Err(VersError::NonCanonical(
            "datetime must use uppercase T and Z".to_owned(),
        ));
    }
    Ok(decoded)
}

/// Whether `c` is written percent-encoded in a canonical `vers`.
fn needs_escape(c: char) -> bool {
    c == '%' || c == '|' || c.is_whitespace() || c.is_control()
}

/// Percent-encodes what a version cannot hold literally in a `vers`: `%`, `|`, whitespace,
/// control characters, and a leading `<`, `>`, `=` or `!` (which would read as a comparator).
fn encode(version: &str) -> String {
    let mut out = String::with_capacity(version.len());
    for (i, c) in version.chars().enumerate() {
        if needs_escape(c) || (i == 0 && matches!(c, '<' | '>' | '=' | '!')) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;

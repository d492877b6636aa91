//! The version expressions of CSAF product trees, parsed into [`VersionExpression`].
//!
//! CSAF asks for `vers:` strings in `product_version_range` branches, but real vendor trees
//! (the CISA ICS advisories above all) write what their web pages say: `<V4.5`, `<= 2.1.3`,
//! `All versions < V2.9.4`, `V3.0 to V3.2`, `>=1.0|<2.0`, `5.1.1-1 | 6.0.0-1`, firmware
//! names such as `A11_U05`. This parser accepts those shapes and nothing it would have to
//! guess at: what it does not recognise stays [`VersionExpression::Text`], which matching
//! reports as "version not comparable" instead of deciding either way.
//!
//! Versions are ordered with [`rampart_version::compare`] in the
//! [`Generic`](rampart_version::Ecosystem::Generic) scheme (never as text: `3.0.22 > 3.0.8`).
//! A version may be several words when the later ones are release qualifiers (`V17 SP1`,
//! `V17 Update 5`); whitespace inside a version is compared as `_`, the same for the
//! advisory's and the component's side.

use std::cmp::Ordering;
use std::fmt;

use rampart_version::{Ecosystem, compare};
use serde::{Deserialize, Serialize};

/// Longest text the parser looks at; longer input stays text (bounded work on hostile input).
const MAX_LEN: usize = 512;

/// What a product's version branch says about which versions it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionExpression {
    /// Every version (`All versions`, `vers:all/*`, `*`).
    All,
    /// One version, as written (`2.2.4`, `V4.3.8`, `A11_U05`).
    Exact(String),
    /// One interval (`<V4.5`, `>= V7.80 < V9.30`, `V3.0 to V3.2`).
    Interval(Interval),
    /// Any of several exact versions or intervals (`5.1.1-1 | 6.0.0-1`, `<1.0|>=2.0,<2.5`).
    AnyOf(Vec<VersionExpression>),
    /// Text the parser does not understand, kept as written (trimmed) and never evaluated.
    Text(String),
}

/// A range of versions; a missing bound is open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    /// The lowest version covered.
    pub lower: Option<Bound>,
    /// The highest version covered.
    pub upper: Option<Bound>,
}

/// One end of an [`Interval`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bound {
    /// The version, as written.
    pub version: String,
    /// Whether the version itself is inside.
    pub inclusive: bool,
}

impl VersionExpression {
    /// Parses `text`; never fails: what it cannot read is [`VersionExpression::Text`].
    pub fn parse(text: &str) -> VersionExpression {
        let trimmed = text.trim();
        if trimmed.len() > MAX_LEN {
            return VersionExpression::Text(trimmed.to_owned());
        }
        parse_expression(trimmed).unwrap_or_else(|| VersionExpression::Text(trimmed.to_owned()))
    }

    /// True unless the expression is unparsed text.
    pub fn is_structured(&self) -> bool {
        !matches!(self, VersionExpression::Text(_))
    }

    /// True for a structured expression covering more than one version (all, intervals,
    /// unions); false for one exact version and for unparsed text.
    pub fn is_range(&self) -> bool {
        !matches!(
            self,
            VersionExpression::Exact(_) | VersionExpression::Text(_)
        )
    }

    /// Whether `version` lies in the expression: `None` when that cannot be told (the
    /// expression is text, or a version is not valid in the generic scheme).
    pub fn contains(&self, version: &str) -> Option<bool> {
        match self {
            VersionExpression::All => Some(true),
            VersionExpression::Exact(exact) => Some(order(version, exact)? == Ordering::Equal),
            VersionExpression::Interval(interval) => interval.contains(version),
            VersionExpression::AnyOf(parts) => {
                let mut unknown = false;
                for part in parts {
                    match part.contains(version) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => unknown = true,
                    }
                }
                if unknown { None } else { Some(false) }
            }
            VersionExpression::Text(_) => None,
        }
    }
}

impl Interval {
    /// Whether `version` lies in the interval; `None` when a version does not parse.
    pub fn contains(&self, version: &str) -> Option<bool> {
        if let Some(lower) = &self.lower {
            let order = order(version, &lower.version)?;
            if order == Ordering::Less || (order == Ordering::Equal && !lower.inclusive) {
                return Some(false);
            }
        }
        if let Some(upper) = &self.upper {
            let order = order(version, &upper.version)?;
            if order == Ordering::Greater || (order == Ordering::Equal && !upper.inclusive) {
                return Some(false);
            }
        }
        Some(true)
    }
}

impl fmt::Display for VersionExpression {
    /// A canonical `vers:generic/…`-like form for evidence: `*`, `=2.2.4`, `>=1.0|<2.0`, or
    /// the unparsed text in quotes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionExpression::All => f.write_str("*"),
            VersionExpression::Exact(v) => write!(f, "={v}"),
            VersionExpression::Interval(interval) => {
                let mut parts = Vec::new();
                if let Some(b) = &interval.lower {
                    parts.push(format!(
                        "{}{}",
                        if b.inclusive { ">=" } else { ">" },
                        b.version
                    ));
                }
                if let Some(b) = &interval.upper {
                    parts.push(format!(
                        "{}{}",
                        if b.inclusive { "<=" } else { "<" },
                        b.version
                    ));
                }
                f.write_str(&parts.join("|"))
            }
            VersionExpression::AnyOf(parts) => {
                let parts: Vec<String> = parts.iter().map(|p| format!("({p})")).collect();
                f.write_str(&parts.join(" or "))
            }
            VersionExpression::Text(text) => write!(f, "{text:?}"),
        }
    }
}

/// Orders two versions in the generic scheme, whitespace inside a version read as `_`.
fn order(a: &str, b: &str) -> Option<Ordering> {
    compare(Ecosystem::Generic, &fold_spaces(a), &fold_spaces(b)).ok()
}

fn fold_spaces(version: &str) -> String {
    version.split_whitespace().collect::<Vec<_>>().join("_")
}

/// Words that may follow a version's first word as part of it (`V17 SP1`, `V2.1 Update 3`).
const QUALIFIERS: &[&str] = &[
    "sp", "update", "upd", "patch", "hotfix", "hf", "build", "rev", "revision", "release",
    "service", "pack", "fp", "cu", "r", "p", "u",
];

fn parse_expression(text: &str) -> Option<VersionExpression> {
    if text.is_empty() {
        return None;
    }
    // `vers:<scheme>/<constraints>` (CSAF's own form; CISA writes `vers:all/`).
    if let Some(rest) = strip_prefix_ci(text, "vers:") {
        let (_scheme, constraints) = rest.split_once('/')?;
        let constraints = constraints.trim();
        if constraints == "*" {
            return Some(VersionExpression::All);
        }
        return parse_constraints(constraints);
    }
    let lower = text.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "*" | "all" | "all versions" | "any" | "any version"
    ) {
        return Some(VersionExpression::All);
    }
    // `All versions < V2.9.4`, `all versions prior to 3.1`, `versions < 2.0`,
    // `All BIOS versions < V1.0.212N` (one word naming what is versioned).
    let all_named = lower
        .strip_prefix("all ")
        .and_then(|rest| rest.split_once(' '))
        .filter(|(word, rest)| {
            !word.is_empty()
                && word.bytes().all(|b| b.is_ascii_alphabetic())
                && rest.starts_with("versions")
        })
        .map(|(word, _)| format!("all {word} versions"));
    for prefix in ["all versions", "versions "]
        .into_iter()
        .chain(all_named.as_deref())
    {
        if let Some(rest) = strip_prefix_ci(text, prefix) {
            let rest = rest.trim().trim_start_matches(':').trim();
            if rest.is_empty() {
                return Some(VersionExpression::All);
            }
            return parse_expression(rest);
        }
    }
    for (prefix, op) in [
        ("prior to ", "<"),
        ("before ", "<"),
        ("up to and including ", "<="),
        ("up to ", "<="),
        ("from ", ">="),
        ("since ", ">="),
    ] {
        if let Some(rest) = strip_prefix_ci(text, prefix) {
            let rest = rest.trim();
            // `from A to B` is an inclusive range.
            if op == ">="
                && let Some(range) = parse_to_range(rest)
            {
                return Some(range);
            }
            return comparator(op, rest);
        }
    }
    for (suffix, op) in [
        (" and prior", "<="),
        (" and earlier", "<="),
        (" and older", "<="),
        (" and below", "<="),
        (" or earlier", "<="),
        (" or older", "<="),
        (" or lower", "<="),
        (" and later", ">="),
        (" and newer", ">="),
        (" and above", ">="),
        (" or later", ">="),
        (" or newer", ">="),
        (" or higher", ">="),
    ] {
        if lower.ends_with(suffix) {
            let rest = text[..text.len() - suffix.len()].trim();
            let rest = strip_prefix_ci(rest, "version").map_or(rest, str::trim);
            return comparator(op, rest);
        }
    }
    if let Some(range) = parse_to_range(text) {
        return Some(range);
    }
    parse_constraints(text)
}

/// `A to B`, `A through B`, `A - B` (spaces around the dash): both ends inclusive.
fn parse_to_range(text: &str) -> Option<VersionExpression> {
    let lower = text.to_ascii_lowercase();
    for separator in [" to ", " through ", " thru ", " - ", " – ", " -", "—", "–"] {
        if let Some(at) = lower.find(separator) {
            let from = version_token(&text[..at])?;
            let to = version_token(&text[at + separator.len()..])?;
            return Some(VersionExpression::Interval(Interval {
                lower: Some(Bound {
                    version: from,
                    inclusive: true,
                }),
                upper: Some(Bound {
                    version: to,
                    inclusive: true,
                }),
            }));
        }
    }
    None
}

/// One comparator and its version as an expression.
fn comparator(op: &str, version: &str) -> Option<VersionExpression> {
    let version = version_token(version)?;
    Some(match op {
        "=" | "==" => VersionExpression::Exact(version),
        op => {
            let inclusive = op.ends_with('=');
            let bound = Some(Bound { version, inclusive });
            if op.starts_with('<') {
                VersionExpression::Interval(Interval {
                    lower: None,
                    upper: bound,
                })
            } else {
                VersionExpression::Interval(Interval {
                    lower: bound,
                    upper: None,
                })
            }
        }
    })
}

/// A list of constraints separated by `|`, `,`, `;` or whitespace between comparators:
/// a lower bound followed by an upper bound makes one interval (vers semantics), a lone bound
/// a half-open interval, a bare version an exact one. Their union is the expression.
fn parse_constraints(text: &str) -> Option<VersionExpression> {
    let constraints = split_constraints(text)?;
    let mut parts = Vec::new();
    let mut pending_lower: Option<Bound> = None;
    for (op, version) in constraints {
        match op {
            "" | "=" | "==" => {
                if let Some(lower) = pending_lower.take() {
                    parts.push(half_open(Some(lower), None));
                }
                parts.push(VersionExpression::Exact(version));
            }
            ">" | ">=" => {
                if let Some(lower) = pending_lower.take() {
                    parts.push(half_open(Some(lower), None));
                }
                pending_lower = Some(Bound {
                    version,
                    inclusive: op == ">=",
                });
            }
            "<" | "<=" => {
                let upper = Bound {
                    version,
                    inclusive: op == "<=",
                };
                parts.push(half_open(pending_lower.take(), Some(upper)));
            }
            _ => return None,
        }
    }
    if let Some(lower) = pending_lower {
        parts.push(half_open(Some(lower), None));
    }
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(VersionExpression::AnyOf(parts)),
    }
}

fn half_open(lower: Option<Bound>, upper: Option<Bound>) -> VersionExpression {
    VersionExpression::Interval(Interval { lower, upper })
}

/// Splits `>= V7.80 < V9.30`, `>=1.0|<2.0`, `1.0, 1.1` into `(operator, version)` pairs.
fn split_constraints(text: &str) -> Option<Vec<(&'static str, String)>> {
    let mut out = Vec::new();
    for piece in text.split(['|', ',', ';']) {
        let piece = piece.trim();
        if piece.is_empty() {
            return None;
        }
        // Inside one piece a new comparator starts a new constraint: `>= V7.80 < V9.30`.
        let mut rest = piece;
        loop {
            let (op, after) = take_operator(rest);
            let after = after.trim_start();
            let end = after.find(['<', '>', '=', '!']).unwrap_or(after.len());
            if end == 0 {
                return None;
            }
            let version = version_token(&after[..end])?;
            out.push((op, version));
            rest = after[end..].trim_start();
            if rest.is_empty() {
                break;
            }
            if op.is_empty() {
                // A bare version followed by a comparator (`1.0 <2.0`) is not a shape we know.
                return None;
            }
        }
    }
    Some(out)
}

fn take_operator(text: &str) -> (&'static str, &str) {
    for op in ["<=", ">=", "==", "=<", "=>", "<", ">", "="] {
        if let Some(rest) = text.strip_prefix(op) {
            let op = match op {
                "=<" => "<=",
                "=>" => ">=",
                op => op,
            };
            return (op, rest);
        }
    }
    if let Some(rest) = text.strip_prefix('!') {
        return ("!", rest);
    }
    ("", text)
}

/// A version as the expression keeps it: the first word starts with a digit or `v`+digit
/// (or is a firmware name the generic scheme reads, such as `A11_U05`, when alone), later
/// words are qualifiers (`SP1`, `Update 5`) or numbers. `None` for anything else.
fn version_token(text: &str) -> Option<String> {
    let text = text.trim();
    let text = strip_prefix_ci(text, "version ").map_or(text, str::trim_start);
    // `1.01.01 (build 2149)`: brackets around qualifier words only group them.
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let (first, later) = words.split_first()?;
    if Ecosystem::Generic.validate(first).is_err() {
        return None;
    }
    if !later.is_empty() {
        let bytes = first.as_bytes();
        let numeric_start = bytes[0].is_ascii_digit()
            || (bytes.len() > 1 && matches!(bytes[0], b'v' | b'V') && bytes[1].is_ascii_digit());
        if !numeric_start {
            return None;
        }
        let mut after_qualifier = false;
        for word in later {
            let letters: String = word
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect::<String>()
                .to_ascii_lowercase();
            let ok_word =
                Ecosystem::Generic.validate(word).is_ok() || QUALIFIERS.contains(&letters.as_str());
            let qualifier = QUALIFIERS.contains(&letters.as_str());
            let number = word.bytes().all(|b| b.is_ascii_digit());
            if !ok_word || !(qualifier || (number && after_qualifier)) {
                return None;
            }
            after_qualifier = qualifier;
        }
    }
    Some(words.join(" "))
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .map(|_| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upper(version: &str, inclusive: bool) -> VersionExpression {
        half_open(
            None,
            Some(Bound {
                version: version.into(),
                inclusive,
            }),
        )
    }

    fn between(low: &str, low_inc: bool, high: &str, high_inc: bool) -> VersionExpression {
        half_open(
            Some(Bound {
                version: low.into(),
                inclusive: low_inc,
            }),
            Some(Bound {
                version: high.into(),
                inclusive: high_inc,
            }),
        )
    }

    #[test]
    fn vers_strings_with_any_scheme() {
        assert_eq!(
            VersionExpression::parse("vers:generic/<4.5"),
            upper("4.5", false)
        );
        assert_eq!(
            VersionExpression::parse("vers:all/<V3.0.3"),
            upper("V3.0.3", false)
        );
        assert_eq!(
            VersionExpression::parse("vers:all/*"),
            VersionExpression::All
        );
        assert_eq!(
            VersionExpression::parse("vers:generic/>=1.0|<2.0"),
            between("1.0", true, "2.0", false)
        );
    }

    #[test]
    fn bare_comparators_with_or_without_space_and_v() {
        assert_eq!(VersionExpression::parse("<V4.5"), upper("V4.5", false));
        assert_eq!(VersionExpression::parse("< V4.1.4"), upper("V4.1.4", false));
        assert_eq!(VersionExpression::parse("<=2.1.3"), upper("2.1.3", true));
        assert_eq!(
            VersionExpression::parse("<= 5.7.04.6469 "),
            upper("5.7.04.6469", true)
        );
    }

    #[test]
    fn all_versions_alone_and_with_a_bound() {
        assert_eq!(
            VersionExpression::parse("All versions"),
            VersionExpression::All
        );
        assert_eq!(
            VersionExpression::parse("All versions < V2.9.4"),
            upper("V2.9.4", false)
        );
        assert_eq!(
            VersionExpression::parse("All versions prior to V3.1"),
            upper("V3.1", false)
        );
    }

    #[test]
    fn to_ranges_are_inclusive() {
        assert_eq!(
            VersionExpression::parse("V3.0 to V3.2"),
            between("V3.0", true, "V3.2", true)
        );
        let expression = VersionExpression::parse("V3.0 to V3.2");
        assert_eq!(expression.contains("3.2"), Some(true));
        assert_eq!(expression.contains("3.2.1"), Some(false));
    }

    #[test]
    fn two_comparators_make_one_interval() {
        assert_eq!(
            VersionExpression::parse(">= V7.80 < V9.30"),
            between("V7.80", true, "V9.30", false)
        );
        assert_eq!(
            VersionExpression::parse(">=1.0|<2.0"),
            between("1.0", true, "2.0", false)
        );
        assert_eq!(
            VersionExpression::parse(">= V1.1.0, < V2.0"),
            between("V1.1.0", true, "V2.0", false)
        );
    }

    #[test]
    fn lists_of_exact_versions_are_a_union() {
        let expression = VersionExpression::parse("5.1.1-1 | 6.0.0-1");
        assert_eq!(
            expression,
            VersionExpression::AnyOf(vec![
                VersionExpression::Exact("5.1.1-1".into()),
                VersionExpression::Exact("6.0.0-1".into()),
            ])
        );
        assert_eq!(expression.contains("6.0.0-1"), Some(true));
        assert_eq!(expression.contains("6.0.0-2"), Some(false));
    }

    #[test]
    fn firmware_names_are_exact_versions() {
        assert_eq!(
            VersionExpression::parse("A11_U05"),
            VersionExpression::Exact("A11_U05".into())
        );
        assert_eq!(
            VersionExpression::parse("R16A"),
            VersionExpression::Exact("R16A".into())
        );
        assert_eq!(
            VersionExpression::parse("A11_U05").contains("a11_u05"),
            Some(true)
        );
    }

    #[test]
    fn qualifier_words_belong_to_the_version() {
        let expression = VersionExpression::parse("< V17 Update 5");
        assert_eq!(expression, upper("V17 Update 5", false));
        assert_eq!(expression.contains("V17 Update 4"), Some(true));
        assert_eq!(expression.contains("V17 Update 5"), Some(false));
        assert_eq!(
            VersionExpression::parse("< V17 SP1").contains("V17"),
            Some(true)
        );
    }

    #[test]
    fn all_named_versions_read_like_all_versions() {
        assert_eq!(
            VersionExpression::parse("All BIOS versions < V1.0.212N"),
            upper("V1.0.212N", false)
        );
        assert!(!VersionExpression::parse("All versions with Ethernet interface").is_structured());
    }

    #[test]
    fn dash_ranges_without_balanced_spaces() {
        assert_eq!(
            VersionExpression::parse("01.14.000 -01.47.000"),
            between("01.14.000", true, "01.47.000", true)
        );
        assert_eq!(
            VersionExpression::parse("1.275M—1.280S"),
            between("1.275M", true, "1.280S", true)
        );
    }

    #[test]
    fn bracketed_builds_and_cumulative_updates_are_qualifiers() {
        assert_eq!(
            VersionExpression::parse("1.01.01 (build 2149)"),
            VersionExpression::Exact("1.01.01 build 2149".into())
        );
        assert_eq!(
            VersionExpression::parse("< 6.9.2 CU01"),
            upper("6.9.2 CU01", false)
        );
        assert!(
            !VersionExpression::parse("1.000 (These products are sold in limited regions)")
                .is_structured()
        );
    }

    #[test]
    fn suffix_words_give_open_bounds() {
        assert_eq!(
            VersionExpression::parse("4.2 and prior"),
            upper("4.2", true)
        );
        assert_eq!(
            VersionExpression::parse("Version 4.2 and earlier"),
            upper("4.2", true)
        );
        assert_eq!(
            VersionExpression::parse("2.0 and later").contains("10.0"),
            Some(true)
        );
    }

    #[test]
    fn versions_order_by_number_not_text() {
        let expression = VersionExpression::parse("<3.0.22");
        assert_eq!(expression.contains("3.0.8"), Some(true));
        assert_eq!(
            VersionExpression::parse("<3.0.8").contains("3.0.22"),
            Some(false)
        );
    }

    #[test]
    fn prose_and_prefixed_names_stay_text() {
        for text in [
            "Versions including affected FTP server",
            "<=RTS/RTD_3.6.6",
            "All versions < CPCI85 V05.11",
            "vers:all/<VX.17 Update 5",
            "",
        ] {
            let expression = VersionExpression::parse(text);
            assert!(!expression.is_structured(), "{text:?} gave {expression:?}");
            assert_eq!(expression.contains("1.0"), None);
        }
    }

    #[test]
    fn unparsable_component_versions_are_not_comparable() {
        assert_eq!(VersionExpression::parse("<4.5").contains("latest"), None);
        assert_eq!(VersionExpression::All.contains("latest"), Some(true));
    }

    #[test]
    fn bounds_respect_inclusiveness() {
        let expression = VersionExpression::parse(">1.0|<=2.0");
        assert_eq!(expression.contains("1.0"), Some(false));
        assert_eq!(expression.contains("2.0"), Some(true));
        assert_eq!(expression.contains("2.0.1"), Some(false));
    }

    #[test]
    fn display_is_canonical() {
        assert_eq!(
            VersionExpression::parse("All versions < V2.9.4").to_string(),
            "<V2.9.4"
        );
        assert_eq!(
            VersionExpression::parse(">= V7.80 < V9.30").to_string(),
            ">=V7.80|<V9.30"
        );
    }
}

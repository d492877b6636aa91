//! CPE matches: an NVD configuration (nodes of CPE criteria under AND/OR, possibly negated)
//! against a component's CPE names. A criterion matches a CPE when the criterion's name
//! matches it by NISTIR 7696 (CPE_SUPERSET or CPE_EQUAL) and the component's version lies
//! within the criterion's version or bounds by rampart-version's generic order (`3.0.22` after
//! `3.0.8`, `1.1.1k` after `1.1.1`). Only `vulnerable` criteria can make a component
//! vulnerable; the others (the hardware or OS of an AND configuration) are looked for among
//! the SBOM's other components, and when absent leave the match at Medium with a note.

use std::cmp::Ordering;
use std::collections::HashMap;

use rampart_sbom::Cpe;
use rampart_sbom::cpe::{ATTRIBUTES, Relation, Value, compare_values};
use rampart_version::{Ecosystem, compare};

use crate::key::MatchKey;
use crate::model::{Confidence, CpeConfiguration, CpeMatch, Operator};

use super::identity::{CpeId, Identity};
use super::ready::ParsedCriteria;
use super::report::Identifier;

/// Where each CPE vendor/product occurs in the SBOM, to check the platform part of AND
/// configurations against the other components.
#[derive(Debug, Default)]
pub(crate) struct Platforms {
    by_key: HashMap<MatchKey, Vec<(usize, usize)>>,
}

impl Platforms {
    pub fn of(identities: &[Identity]) -> Platforms {
        let mut by_key: HashMap<MatchKey, Vec<(usize, usize)>> = HashMap::new();
        for (i, identity) in identities.iter().enumerate() {
            for (j, cpe) in identity.cpes.iter().enumerate() {
                by_key.entry(cpe.key.clone()).or_default().push((i, j));
            }
        }
        Platforms { by_key }
    }
}

/// A CPE match of one configuration.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CpeMatchFound {
    pub via: Identifier,
    pub key: String,
    pub matched: String,
    pub range: String,
    pub fixed: Vec<String>,
    pub confidence: Confidence,
    pub notes: Vec<String>,
}

/// Three-valued truth: a platform the SBOM does not list is unknown, not absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    False,
    Unknown,
    True,
}

impl Truth {
    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    fn combine(operator: Operator, values: impl Iterator<Item = Truth>) -> Truth {
        match operator {
            Operator::And => values.min_by_key(|t| *t as u8).unwrap_or(Truth::False),
            Operator::Or => values.max_by_key(|t| *t as u8).unwrap_or(Truth::False),
        }
    }
}

/// What one criterion says of one CPE name.
struct CriterionFit {
    notes: Vec<String>,
    confidence: Confidence,
}

/// Judges `configuration` for component `me` of `identities`: the best match among its CPE
/// names, or `None`. Undecidable versions go to `undecided`. `criteria` are the
/// configuration's criteria parsed, by node ([`super::ready::ReadyAdvisory::criteria`]).
pub(crate) fn judge_configuration(
    me: usize,
    identities: &[Identity],
    platforms: &Platforms,
    criteria: &ParsedCriteria,
    configuration: &CpeConfiguration,
    undecided: &mut Vec<String>,
) -> Option<CpeMatchFound> {
    let mut best: Option<CpeMatchFound> = None;
    for own in &identities[me].cpes {
        // Criteria this CPE name satisfies: node index, criterion index, fit.
        let mut hits: Vec<(usize, usize, CriterionFit)> = Vec::new();
        for (n, node) in configuration.nodes.iter().enumerate() {
            for (c, criterion) in node.matches.iter().enumerate() {
                if !criterion.vulnerable {
                    continue;
                }
                let Some(parsed) = parsed_at(criteria, n, c) else {
                    continue;
                };
                match fits(parsed, criterion, own) {
                    Ok(Some(fit)) => hits.push((n, c, fit)),
                    Ok(None) => {}
                    Err(note) => undecided.push(format!("{}: {note}", criterion.criteria)),
                }
            }
        }
        if hits.is_empty() {
            continue;
        }
        let mut unknown_platforms = Vec::new();
        let node_truths: Vec<Truth> = configuration
            .nodes
            .iter()
            .enumerate()
            .map(|(n, node)| {
                let values = node.matches.iter().enumerate().map(|(c, criterion)| {
                    if hits.iter().any(|(hn, hc, _)| *hn == n && *hc == c)
                        || parsed_at(criteria, n, c).is_some_and(|parsed| {
                            present_elsewhere(me, identities, platforms, parsed, criterion)
                        })
                    {
                        Truth::True
                    } else {
                        // Only the platforms it depends on are worth naming.
                        if !criterion.vulnerable || node.operator == Operator::And {
                            unknown_platforms.push(criterion.criteria.clone());
                        }
                        Truth::Unknown
                    }
                });
                let truth = Truth::combine(node.operator, values);
                if node.negate { truth.not() } else { truth }
            })
            .collect();
        let operator = if configuration.nodes.len() == 1 {
            Operator::Or
        } else {
            configuration.operator
        };
        let mut truth = Truth::combine(operator, node_truths.into_iter());
        if configuration.negate {
            truth = truth.not();
        }
        if truth == Truth::False {
            continue;
        }
        let (n, c, fit) = hits
            .into_iter()
            .max_by_key(|(_, _, fit)| fit.confidence)
            .expect("hits is not empty");
        let criterion = &configuration.nodes[n].matches[c];
        let mut confidence = fit.confidence;
        let mut notes = fit.notes;
        if own.via == Identifier::DerivedCpe {
            confidence = Confidence::Low;
            notes.push(format!(
                "the CPE was derived from the component's name {:?}",
                identities[me].component.name
            ));
        }
        if truth == Truth::Unknown {
            confidence = confidence.min(Confidence::Medium);
            unknown_platforms.sort();
            unknown_platforms.dedup();
            notes.push(format!(
                "the record applies only together with {}, which no component of the SBOM matches",
                unknown_platforms.join(", ")
            ));
        }
        let found = CpeMatchFound {
            via: own.via,
            key: own.text.clone(),
            matched: criterion.criteria.clone(),
            range: describe(criterion),
            fixed: criterion.version_end_excluding.iter().cloned().collect(),
            confidence,
            notes,
        };
        if best
            .as_ref()
            .is_none_or(|b| b.confidence < found.confidence)
        {
            best = Some(found);
        }
    }
    best
}

/// Criterion `c` of node `n`, parsed; `None` when it is no valid CPE name.
fn parsed_at(criteria: &ParsedCriteria, n: usize, c: usize) -> Option<&Cpe> {
    criteria.get(n)?.get(c)?.as_ref()
}

/// Whether a component other than `me` satisfies `criterion` (a platform in the SBOM).
fn present_elsewhere(
    me: usize,
    identities: &[Identity],
    platforms: &Platforms,
    parsed: &Cpe,
    criterion: &CpeMatch,
) -> bool {
    let (Some(vendor), Some(product)) =
        (parsed.vendor().as_literal(), parsed.product().as_literal())
    else {
        return false;
    };
    let Some(places) = platforms.by_key.get(&MatchKey::cpe(&vendor, &product)) else {
        return false;
    };
    places
        .iter()
        .filter(|(i, _)| *i != me)
        .any(|&(i, j)| matches!(fits(parsed, criterion, &identities[i].cpes[j]), Ok(Some(_))))
}

/// Whether `criterion` (parsed as `parsed`) matches the CPE name `own`: `Ok(None)` when not,
/// `Err` when the version cannot be ordered.
fn fits(parsed: &Cpe, criterion: &CpeMatch, own: &CpeId) -> Result<Option<CriterionFit>, String> {
    let mut notes = Vec::new();
    let mut confidence = Confidence::High;
    for index in (0..11).filter(|&i| i != 3) {
        match compare_values(parsed.value(index), own.cpe.value(index)) {
            Relation::Equal | Relation::Superset => {}
            // The component's CPE leaves the attribute open (ANY) where the record narrows
            // it (`target_sw` linux): possible, not certain. Part, vendor and product must
            // match outright.
            Relation::Subset if index > 3 => {
                confidence = Confidence::Medium;
                notes.push(format!(
                    "the record requires {} {}, which the component's CPE does not state",
                    ATTRIBUTES[index],
                    parsed.value(index).as_literal().unwrap_or_default()
                ));
            }
            _ => return Ok(None),
        }
    }
    let version = own
        .version
        .as_deref()
        .filter(|v| !v.is_empty() && *v != "*" && *v != "-");
    match parsed.version() {
        Value::Na => {
            confidence = Confidence::Medium;
            notes.push("the record names no version (`-`) of the product".to_owned());
        }
        Value::Text(_) if parsed.version().has_wildcards() => {
            let Some(version) = version else {
                return Err("the component has no version to compare".to_owned());
            };
            if !compare_values(parsed.version(), &Value::literal(version)).eq(&Relation::Superset) {
                return Ok(None);
            }
        }
        Value::Text(_) => {
            let Some(version) = version else {
                return Err("the component has no version to compare".to_owned());
            };
            let named = parsed.version().as_literal().unwrap_or_default();
            if !named.eq_ignore_ascii_case(version) && generic(version, &named)? != Ordering::Equal
            {
                return Ok(None);
            }
        }
        Value::Any => {
            if !within_bounds(criterion, version)? {
                return Ok(None);
            }
        }
    }
    Ok(Some(CriterionFit { notes, confidence }))
}

/// Whether `version` lies within the criterion's `versionStart…`/`versionEnd…` bounds (no
/// bounds: every version).
fn within_bounds(criterion: &CpeMatch, version: Option<&str>) -> Result<bool, String> {
    let bounds = [
        (
            &criterion.version_start_including,
            [Ordering::Greater, Ordering::Equal],
        ),
        (
            &criterion.version_start_excluding,
            [Ordering::Greater, Ordering::Greater],
        ),
        (
            &criterion.version_end_including,
            [Ordering::Less, Ordering::Equal],
        ),
        (
            &criterion.version_end_excluding,
            [Ordering::Less, Ordering::Less],
        ),
    ];
    if bounds.iter().all(|(b, _)| b.is_none()) {
        return Ok(true);
    }
    let Some(version) = version else {
        return Err("the component has no version to compare".to_owned());
    };
    for (bound, allowed) in bounds {
        if let Some(bound) = bound
            && !allowed.contains(&generic(version, bound)?)
        {
            return Ok(false);
        }
    }
    Ok(true)
}

fn generic(version: &str, other: &str) -> Result<Ordering, String> {
    compare(Ecosystem::Generic, version, other).map_err(|e| format!("version not compared: {e}"))
}

/// The criterion's bounds as one line: `>=3.0.0, <3.0.8`, or `=` its version.
fn describe(criterion: &CpeMatch) -> String {
    let parts: Vec<String> = [
        (">=", &criterion.version_start_including),
        (">", &criterion.version_start_excluding),
        ("<=", &criterion.version_end_including),
        ("<", &criterion.version_end_excluding),
    ]
    .iter()
    .filter_map(|(op, bound)| bound.as_ref().map(|b| format!("{op}{b}")))
    .collect();
    if parts.is_empty() {
        "as named by the criterion".to_owned()
    } else {
        parts.join(", ")
    }
}

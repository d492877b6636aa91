//! CPE name matching (NISTIR 7696): attribute comparison (§6.1, table 6-2) and the
//! name-level verdicts CPE_EQUAL, CPE_SUPERSET, CPE_SUBSET and CPE_DISJOINT (§7).

use super::Cpe;
use super::value::{Token, Value};

/// The set relation between a source and a target attribute value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// Source and target denote the same set.
    Equal,
    /// Every value the target denotes the source also denotes.
    Superset,
    /// Every value the source denotes the target also denotes.
    Subset,
    /// No value in common.
    Disjoint,
    /// The target holds a wildcard: NISTIR 7696 leaves the comparison undefined.
    Undefined,
}

/// The relation between two whole names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameRelation {
    /// All eleven attributes EQUAL.
    Equal,
    /// Every attribute SUPERSET or EQUAL: the source (e.g. an NVD applicability CPE) matches
    /// the target (e.g. a component's own CPE).
    Superset,
    /// Every attribute SUBSET or EQUAL.
    Subset,
    /// At least one attribute DISJOINT: the names cannot denote the same product.
    Disjoint,
    /// None of the above: an attribute is UNDEFINED, or SUPERSETs and SUBSETs mix.
    Incomparable,
}

impl NameRelation {
    /// Whether the source name matches the target: CPE_SUPERSET or CPE_EQUAL, the test a
    /// vulnerability's CPE applies to a component's CPE.
    pub fn matches(self) -> bool {
        matches!(self, Self::Equal | Self::Superset)
    }
}

/// Compares one source attribute value with one target value (NISTIR 7696 table 6-2).
pub fn compare_values(source: &Value, target: &Value) -> Relation {
    if target.has_wildcards() {
        return Relation::Undefined;
    }
    if source == target {
        return Relation::Equal;
    }
    match (source, target) {
        (Value::Any, _) => Relation::Superset,
        (_, Value::Any) => Relation::Subset,
        (Value::Na, _) | (_, Value::Na) => Relation::Disjoint,
        (Value::Text(s), Value::Text(t)) => compare_strings(s, t),
    }
}

/// Row 15 of table 6-2: a source with wildcards against a literal target is SUPERSET when
/// it matches, else DISJOINT; two different literals are DISJOINT. `*` matches any run and a
/// run of n `?` at an end matches up to n characters, as the 7696 reference algorithm does.
fn compare_strings(source: &[Token], target: &[Token]) -> Relation {
    let leading = source
        .iter()
        .take_while(|t| !matches!(t, Token::Char(_)))
        .count();
    let core_end = source.len()
        - source
            .iter()
            .rev()
            .take_while(|t| !matches!(t, Token::Char(_)))
            .count();
    if leading == source.len() {
        // Only wildcards (`?`, `??`, ...): `*` alone is ANY and never reaches here.
        return if target.len() <= leading {
            Relation::Superset
        } else {
            Relation::Disjoint
        };
    }
    let reach = |ends: &[Token]| -> Option<usize> {
        if ends.contains(&Token::AnyString) {
            None
        } else {
            Some(ends.len())
        }
    };
    let before = reach(&source[..leading]);
    let after = reach(&source[core_end..]);
    let core = &source[leading..core_end];
    if core.len() > target.len() {
        return Relation::Disjoint;
    }
    for start in 0..=target.len() - core.len() {
        if before.is_some_and(|max| start > max) {
            break;
        }
        let left_over = target.len() - start - core.len();
        if target[start..start + core.len()] == *core && after.is_none_or(|max| left_over <= max) {
            return Relation::Superset;
        }
    }
    Relation::Disjoint
}

/// Compares two names attribute by attribute and gives the NISTIR 7696 verdict.
pub fn compare_names(source: &Cpe, target: &Cpe) -> NameRelation {
    let relations: Vec<Relation> = (0..11)
        .map(|i| compare_values(source.value(i), target.value(i)))
        .collect();
    let all = |ok: &[Relation]| relations.iter().all(|r| ok.contains(r));
    if relations.contains(&Relation::Disjoint) {
        NameRelation::Disjoint
    } else if all(&[Relation::Equal]) {
        NameRelation::Equal
    } else if all(&[Relation::Equal, Relation::Superset]) {
        NameRelation::Superset
    } else if all(&[Relation::Equal, Relation::Subset]) {
        NameRelation::Subset
    } else {
        NameRelation::Incomparable
    }
}

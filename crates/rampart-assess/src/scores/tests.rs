//! SL-A with its blocking item, readiness and maturity, on the built-in catalog.

use rampart_catalog::{
    Catalog, ComponentType, Fr, LevelScope, MaturityLevel, Part, SecurityLevel, SlVector,
};

use super::*;
use crate::results::{DecidedBy, RequirementResult, Status};

/// A result for a catalog item, `required` as SL-T `sl_t` decides.
#[allow(clippy::trivially_copy_pass_by_ref)] // as the catalog's queries take it
pub(crate) fn result(
    catalog: &Catalog,
    id: &str,
    status: Status,
    sl_t: &SlVector,
) -> RequirementResult {
    let item = catalog
        .get(&id.parse().unwrap())
        .unwrap_or_else(|| panic!("{id} not in catalog"));
    RequirementResult {
        id: item.id.to_string(),
        part: item.part.to_string(),
        title: item.title.clone(),
        fr: item.fr,
        group: item.group.clone(),
        security_levels: item.security_levels.clone(),
        required: item.part == Part::P4_1 || item.required_by(sl_t),
        question: String::new(),
        status,
        decided_by: DecidedBy::Assessor,
        rationale: None,
        proposals: Vec::new(),
        evidence: Vec::new(),
        assessor: None,
        assessed: None,
        effective: None,
        expires: None,
        maturity: None,
    }
}

/// Every item of `scope`, satisfied except those listed with another status.
#[allow(clippy::trivially_copy_pass_by_ref)] // as the catalog's queries take it
pub(crate) fn all_but(
    catalog: &Catalog,
    scope: LevelScope,
    sl_t: &SlVector,
    except: &[(&str, Status)],
) -> Vec<RequirementResult> {
    catalog
        .scope_items(scope)
        .map(|i| {
            let id = i.id.to_string();
            let status = except
                .iter()
                .find(|(e, _)| *e == id)
                .map_or(Status::Satisfied, |(_, s)| *s);
            result(catalog, &id, status, sl_t)
        })
        .collect()
}

const ED: LevelScope = LevelScope::Component(ComponentType::EmbeddedDevice);

fn level(n: u8) -> SecurityLevel {
    SecurityLevel::new(n).unwrap()
}

#[test]
fn everything_satisfied_reaches_sl4_without_blocking() {
    let catalog = Catalog::builtin();
    let sl_t = SlVector::uniform(level(2));
    let levels = fr_levels(catalog, ED, &sl_t, None, &all_but(catalog, ED, &sl_t, &[]));
    assert_eq!(levels.len(), 7);
    for l in &levels {
        assert_eq!(l.sl_a, level(4), "{}", l.fr);
        assert_eq!(l.blocking, None);
        assert_eq!(l.sl_t, level(2));
    }
}

#[test]
fn the_first_missing_item_blocks_and_names_itself() {
    let catalog = Catalog::builtin();
    let sl_t = SlVector::uniform(level(2));
    // CR 1.2 is required from SL 2: FR 1 stops at SL 1, blocked by it.
    let results = all_but(catalog, ED, &sl_t, &[("CR 1.2", Status::Partially)]);
    let sl_c = SlVector::uniform(level(3));
    let levels = fr_levels(catalog, ED, &sl_t, Some(&sl_c), &results);
    let fr1 = &levels[0];
    assert_eq!(fr1.fr, Fr::Iac);
    assert_eq!(fr1.sl_a, level(1));
    assert_eq!(fr1.blocking.as_deref(), Some("CR 1.2"));
    assert_eq!(fr1.sl_c, Some(level(3)));
    assert_eq!(levels[1].sl_a, level(4), "other FRs are not held down");
}

#[test]
fn an_sl1_item_missing_gives_sl0() {
    let catalog = Catalog::builtin();
    let sl_t = SlVector::uniform(level(1));
    let results = all_but(catalog, ED, &sl_t, &[("CR 1.1", Status::NotAssessed)]);
    let levels = fr_levels(catalog, ED, &sl_t, None, &results);
    assert_eq!(levels[0].sl_a, SecurityLevel::SL0);
    assert_eq!(levels[0].blocking.as_deref(), Some("CR 1.1"));
    // An item with no result at all blocks too.
    let without: Vec<_> = results.into_iter().filter(|r| r.id != "CR 1.1").collect();
    assert_eq!(
        fr_levels(catalog, ED, &sl_t, None, &without)[0].sl_a,
        SecurityLevel::SL0
    );
}

#[test]
fn nothing_more_asked_above_a_level_reaches_sl4() {
    let catalog = Catalog::builtin();
    // FR 5 of an embedded device: CR 5.1 (every level) and its REs from SL 2 up. With only
    // the items of SL 1 met, SL-A is 1; the REs block. Meet them all and nothing more is
    // asked above the highest level any of them needs: SL 4.
    let fr5: Vec<_> = catalog
        .scope_items(ED)
        .filter(|i| i.fr == Some(Fr::Rdf))
        .collect();
    let sl_t = SlVector::uniform(level(4));
    let highest_needed = fr5.iter().filter_map(|i| i.lowest_level()).max().unwrap();
    assert!(
        highest_needed < level(4),
        "FR 5 asks nothing new at SL 4: {fr5:?}"
    );
    let results = all_but(catalog, ED, &sl_t, &[]);
    assert_eq!(
        fr_levels(catalog, ED, &sl_t, None, &results)[4].sl_a,
        level(4)
    );
}

#[test]
fn not_applicable_neither_blocks_nor_counts() {
    let catalog = Catalog::builtin();
    let sl_t = SlVector::uniform(level(2));
    let results = all_but(
        catalog,
        ED,
        &sl_t,
        &[
            ("CR 1.2", Status::NotApplicable),
            ("CR 1.3", Status::NotSatisfied),
            ("CR 1.4", Status::Partially),
        ],
    );
    let levels = fr_levels(catalog, ED, &sl_t, None, &results);
    assert_eq!(levels[0].blocking.as_deref(), Some("CR 1.3"));
    // CR 1.2 not applicable and everything else met: FR 1 reaches SL 4.
    let only_na = all_but(catalog, ED, &sl_t, &[("CR 1.2", Status::NotApplicable)]);
    let fr1 = &fr_levels(catalog, ED, &sl_t, None, &only_na)[0];
    assert_eq!((fr1.sl_a, fr1.blocking.as_deref()), (level(4), None));
    let r = readiness(&results);
    let required = results.iter().filter(|r| r.required).count();
    assert_eq!(r.required, required);
    assert_eq!(r.not_applicable, 1);
    assert_eq!(r.not_satisfied, 1);
    assert_eq!(r.partially, 1);
    assert_eq!(r.satisfied, required - 3);
    #[allow(clippy::cast_precision_loss)]
    let expected = ((required - 3) as f64 * 1000.0 / (required - 1) as f64).round() / 10.0;
    assert!(
        (r.percent - expected).abs() < 1e-9,
        "{} vs {expected}",
        r.percent
    );
    assert!(r.percent < 100.0);
    // Per FR: only FR 1 is below 100.
    let by_fr = readiness_by_fr(&results);
    assert_eq!(by_fr[0].fr, Fr::Iac);
    assert!(by_fr[0].readiness.percent < 100.0);
    assert!(
        by_fr[1..]
            .iter()
            .all(|f| (f.readiness.percent - 100.0).abs() < 1e-9)
    );
}

#[test]
fn readiness_of_nothing_applicable_is_100() {
    let catalog = Catalog::builtin();
    let sl_t = SlVector::uniform(level(1));
    let mut only = vec![result(catalog, "CR 1.1", Status::NotApplicable, &sl_t)];
    let r = readiness(&only);
    assert_eq!((r.required, r.percent), (1, 100.0));
    only[0].required = false;
    assert_eq!(readiness(&only).required, 0);
}

#[test]
fn maturity_from_the_four_facts() {
    let e = |defined, executed, measured, improving| MaturityEvidence {
        defined,
        executed,
        measured,
        improving,
    };
    assert_eq!(
        maturity_from_evidence(e(false, true, true, true)),
        MaturityLevel::Initial
    );
    assert_eq!(
        maturity_from_evidence(e(true, false, false, false)),
        MaturityLevel::Managed
    );
    assert_eq!(
        maturity_from_evidence(e(true, true, true, false)),
        MaturityLevel::Defined
    );
    assert_eq!(
        maturity_from_evidence(e(true, true, true, true)),
        MaturityLevel::Improving
    );
}

#[test]
fn a_practice_is_held_down_by_its_weakest_item() {
    let catalog = Catalog::builtin();
    let sl_t = SlVector::ZERO;
    let sm: Vec<String> = catalog
        .items_in_group(Part::P4_1, "SM")
        .map(|i| i.id.to_string())
        .collect();
    let mut results: Vec<RequirementResult> = sm
        .iter()
        .map(|id| {
            let mut r = result(catalog, id, Status::Satisfied, &sl_t);
            r.maturity = Some(MaturityLevel::Improving);
            r
        })
        .collect();
    results[4].maturity = Some(MaturityLevel::Defined);
    results[7].maturity = Some(MaturityLevel::Managed);
    results[2].status = Status::NotApplicable;
    results[2].maturity = None;
    let m = maturity(catalog, &results);
    assert_eq!(m.len(), 1, "only practices with items");
    assert_eq!(m[0].practice, "SM");
    assert_eq!(m[0].level, Some(MaturityLevel::Managed));
    assert_eq!(m[0].blocking.as_deref(), Some(sm[7].as_str()));
    assert_eq!(m[0].items, sm.len());
    assert_eq!(m[0].satisfied, sm.len() - 1);
    // Partially caps at ML 2; not satisfied is ML 1.
    results[5].status = Status::Partially;
    assert_eq!(
        maturity(catalog, &results)[0].blocking.as_deref(),
        Some(sm[5].as_str())
    );
    results[9].status = Status::NotSatisfied;
    let m = maturity(catalog, &results);
    assert_eq!(
        (m[0].level, m[0].blocking.as_deref()),
        (Some(MaturityLevel::Initial), Some(sm[9].as_str()))
    );
    // Anything not assessed: no level, and that item named.
    results[11].status = Status::NotAssessed;
    let m = maturity(catalog, &results);
    assert_eq!(
        (m[0].level, m[0].blocking.as_deref()),
        (None, Some(sm[11].as_str()))
    );
    // All at ML 4: nothing blocks.
    for r in &mut results {
        r.status = Status::Satisfied;
        r.maturity = Some(MaturityLevel::Improving);
    }
    let m = maturity(catalog, &results);
    assert_eq!(
        (m[0].level, m[0].blocking.as_deref()),
        (Some(MaturityLevel::Improving), None)
    );
}

#[test]
fn satisfied_without_maturity_evidence_is_ml2() {
    let catalog = Catalog::builtin();
    let r = result(catalog, "SM-1", Status::Satisfied, &SlVector::ZERO);
    assert_eq!(item_maturity(&r), Some(MaturityLevel::Managed));
}

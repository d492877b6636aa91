//! The catalog's counts, links and queries against the built-in data.

use super::*;

fn cat() -> &'static Catalog {
    Catalog::builtin()
}

fn count_at(part: Part, level: u8, ty: Option<ComponentType>) -> usize {
    let level = SecurityLevel::new(level).unwrap();
    cat()
        .items_of(part)
        .filter(|i| i.required_at(level) && ty.is_none_or(|t| i.applies_to(t)))
        .count()
}

#[test]
fn part_3_3_has_51_srs_and_49_res() {
    let kinds: Vec<ItemKind> = cat().items_of(Part::P3_3).map(|i| i.kind).collect();
    assert_eq!(kinds.iter().filter(|k| **k == ItemKind::Sr).count(), 51);
    assert_eq!(kinds.iter().filter(|k| **k == ItemKind::Re).count(), 49);
}

#[test]
fn part_3_3_items_required_per_level() {
    let counts: Vec<usize> = (1..=4).map(|l| count_at(Part::P3_3, l, None)).collect();
    assert_eq!(counts, [37, 60, 90, 100]);
}

#[test]
fn part_4_2_counts_per_component_type() {
    assert_eq!(
        cat().items_of(Part::P4_2).filter(|i| i.normative).count(),
        122
    );
    let expected = [
        // CR 7.8 applies from SL 2 (two sources against one since data 2026.12.04).
        (ComponentType::SoftwareApplication, [34, 53, 67, 73]),
        (ComponentType::EmbeddedDevice, [36, 61, 77, 83]),
        (ComponentType::HostDevice, [36, 62, 78, 84]),
        (ComponentType::NetworkDevice, [40, 67, 86, 92]),
    ];
    for (ty, want) in expected {
        let got: Vec<usize> = (1..=4).map(|l| count_at(Part::P4_2, l, Some(ty))).collect();
        assert_eq!(got, want, "{ty}");
    }
}

#[test]
fn part_4_2_headings_without_component_requirement() {
    let empty: Vec<String> = cat()
        .items_of(Part::P4_2)
        .filter(|i| i.kind == ItemKind::CrHeading && i.delegates_to.is_empty())
        .map(|i| i.id.to_string())
        .collect();
    assert_eq!(empty, ["CR 2.3", "CR 5.4", "CR 7.5"]);
    let delegating = cat()
        .items_of(Part::P4_2)
        .filter(|i| !i.delegates_to.is_empty())
        .count();
    assert_eq!(delegating, 12);
}

#[test]
fn part_4_1_has_47_requirements_in_8_practices() {
    let per: Vec<(String, usize)> = cat()
        .part(Part::P4_1)
        .unwrap()
        .groups
        .iter()
        .map(|g| {
            (
                g.id.clone(),
                cat()
                    .items_of(Part::P4_1)
                    .filter(|i| i.group.as_deref() == Some(&g.id))
                    .count(),
            )
        })
        .collect();
    let want = [
        ("SM", 13),
        ("SR", 5),
        ("SD", 4),
        ("SI", 2),
        ("SVV", 5),
        ("DM", 6),
        ("SUM", 5),
        ("SG", 7),
    ];
    assert_eq!(per, want.map(|(g, n)| (g.to_owned(), n)));
    assert_eq!(cat().items_of(Part::P4_1).count(), 47);
}

#[test]
fn other_parts_counts() {
    assert_eq!(
        cat()
            .items_of(Part::P3_2)
            .filter(|i| i.kind == ItemKind::Zcr)
            .count(),
        7
    );
    assert_eq!(
        cat()
            .items_of(Part::P3_2)
            .filter(|i| i.kind == ItemKind::ZcrSub)
            .count(),
        32
    );
    assert_eq!(cat().items_of(Part::P2_1).count(), 87);
    assert_eq!(
        cat()
            .items_of(Part::P2_4)
            .filter(|i| i.kind == ItemKind::Br)
            .count(),
        72
    );
    assert_eq!(
        cat()
            .items_of(Part::P2_4)
            .filter(|i| i.kind == ItemKind::Re)
            .count(),
        50
    );
}

#[test]
fn every_enhancement_has_a_parent_of_its_part_and_fr() {
    for item in cat().items().filter(|i| i.kind.is_enhancement()) {
        let parent = cat().get(item.parent.as_ref().unwrap()).unwrap();
        assert_eq!(parent.part, item.part, "{}", item.id);
        assert_eq!(parent.fr, item.fr, "{}", item.id);
        if item.id.enhancement().is_some() {
            assert_eq!(item.id.base().as_ref(), Some(&parent.id), "{}", item.id);
        }
        // An enhancement is never required below its base requirement.
        if let (Some(re), Some(base)) = (item.lowest_level(), parent.lowest_level()) {
            assert!(re >= base, "{} required below its parent", item.id);
        }
    }
}

#[test]
fn sl_lists_are_cumulative_and_4_2_items_have_a_component_type() {
    for item in cat().items() {
        if let Some(low) = item.lowest_level() {
            let want: Vec<u8> = (low.get()..=4).collect();
            let got: Vec<u8> = item.security_levels.iter().map(|l| l.get()).collect();
            assert_eq!(got, want, "{}", item.id);
        }
        if item.part == Part::P4_2 && item.normative {
            assert!(!item.component_types.is_empty(), "{}", item.id);
        }
    }
}

#[test]
fn ids_are_unique_and_round_trip() {
    let mut seen = HashSet::new();
    for item in cat().items() {
        assert!(seen.insert(item.id.to_string()), "duplicate {}", item.id);
        assert_eq!(
            item.id.to_string().parse::<RequirementId>().unwrap(),
            item.id
        );
    }
    assert_eq!(seen.len(), 100 + 137 + 47 + 39 + 87 + 122);
}

#[test]
fn disputed_values_are_flagged() {
    for id in ["SR 3.4", "SR 6.2", "SR 4.1 RE 2", "SAR 2.4 RE 1"] {
        assert!(cat().lookup(id).unwrap().disputed(), "{id}");
    }
    assert!(!cat().lookup("SR 1.1").unwrap().disputed());
}

/// Values confirmed by two or more sources (the clause-by-clause 4-2 extract and the
/// TeleTrusT 4-2 test scheme among them) are no longer disputed nor said to rest on one.
#[test]
fn values_confirmed_by_two_sources_are_not_disputed() {
    for (id, levels) in [
        ("CR 2.12", "1-4"),
        ("CR 6.2", "2-4"),
        ("CR 6.1 RE 1", "3-4"),
        ("CR 7.8", "2-4"),
        ("NDR 1.13 RE 1", "3-4"),
        ("EDR 2.4 RE 1", "2-4"),
        ("NDR 2.4 RE 1", "2-4"),
        ("HDR 3.2 RE 1", "2-4"),
    ] {
        let item = cat().lookup(id).unwrap();
        assert_eq!(item.levels_text(), levels, "{id}");
        assert!(!item.disputed(), "{id}");
        let note = item.provenance.as_ref().and_then(|p| p.note.as_deref());
        let note = note.unwrap_or_default();
        assert!(note.contains("TeleTrusT"), "{id}: {note}");
        assert!(
            !note.contains("Only NEMO") && !note.contains("Not independently"),
            "{id}"
        );
    }
}

#[test]
fn lookup_normalises_and_suggests() {
    for s in ["SR1.1", "sr 1.1", "SR 1.1 RE 1", "SR 1.1(1)"] {
        assert!(cat().lookup(s).is_ok(), "{s}");
    }
    let err = cat().lookup("SR 1.14").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("unknown requirement id `SR 1.14`; did you mean"),
        "{err}"
    );
    assert!(err.suggestions().contains(&"SR 1.13".to_owned()), "{err}");
    let err = cat().lookup("SR 9.9").unwrap_err();
    assert!(err.to_string().contains("`SR 9.9`"), "{err}");
    let err = cat().lookup("hello world").unwrap_err();
    assert!(matches!(err, LookupError::Malformed { .. }), "{err}");
    // The reason is in the message, so it is not also a cause to print again.
    assert!(std::error::Error::source(&err).is_none(), "{err}");
}

#[test]
fn groups_are_found_by_any_spelling() {
    let fr1 = cat().groups_named("fr 1");
    assert_eq!(
        fr1.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
        [Part::P3_3, Part::P4_2]
    );
    assert_eq!(cat().groups_named("IAC").len(), 2);
    assert_eq!(cat().groups_named("sm")[0].1.title, "Security management");
    assert_eq!(cat().groups_named("org 1")[0].0, Part::P2_1);
    assert_eq!(cat().items_in_group(Part::P2_1, "SPE1").count(), 11);
    assert_eq!(cat().items_in_group(Part::P3_3, "FR4").count(), 6);
    assert!(cat().groups_named("SR 1.1").is_empty());
}

#[test]
fn an_fr_abbreviation_that_is_also_a_practice_finds_both() {
    let found = |name: &str| -> Vec<(Part, String)> {
        cat()
            .groups_named(name)
            .into_iter()
            .map(|(p, g)| (p, g.id.clone()))
            .collect()
    };
    let si = vec![
        (Part::P3_3, "FR3".to_owned()),
        (Part::P4_1, "SI".to_owned()),
        (Part::P4_2, "FR3".to_owned()),
    ];
    assert_eq!(found("SI"), si);
    assert_eq!(found(" si "), si);
    assert_eq!(
        found("FR3"),
        [
            (Part::P3_3, "FR3".to_owned()),
            (Part::P4_2, "FR3".to_owned())
        ]
    );
    assert_eq!(found("SVV"), [(Part::P4_1, "SVV".to_owned())]);
}

#[test]
fn a_missing_4_2_id_suggests_the_same_numbers_under_the_other_prefixes() {
    let first = |id: &str| cat().lookup(id).unwrap_err().suggestions()[0].clone();
    assert_eq!(first("EDR 1.1"), "CR 1.1");
    assert_eq!(first("hdr 7.8"), "CR 7.8");
    assert_eq!(first("SAR 1.1 RE 1"), "CR 1.1 RE 1");
    // CR 3.10 is a heading: its enhancements exist only per component type.
    let err = cat().lookup("CR 3.10 RE 1").unwrap_err();
    assert_eq!(
        err.suggestions(),
        ["EDR 3.10 RE 1", "HDR 3.10 RE 1", "NDR 3.10 RE 1"],
        "{err}"
    );
    // Not a 4-2 id: edit distance only, as before.
    let err = cat().lookup("SR 1.14").unwrap_err();
    assert_eq!(err.suggestions()[0], "SR 1.13", "{err}");
}

#[test]
fn zone_requirements_follow_the_vector() {
    let v = |s: &str| s.parse::<SlVector>().unwrap();
    assert_eq!(cat().required_for_zone(&v("(1,1,1,1,1,1,1)")).len(), 37);
    assert_eq!(cat().required_for_zone(&v("(4,4,4,4,4,4,4)")).len(), 100);
    assert_eq!(cat().required_for_zone(&SlVector::ZERO).len(), 0);
    // Only FR 1 raised: only FR 1 items beyond SL 1 are added.
    let fr1 = cat().required_for_zone(&v("(4,1,1,1,1,1,1)"));
    assert!(
        fr1.iter()
            .filter(|i| !i.required_at(SecurityLevel::SL1))
            .all(|i| i.fr == Some(Fr::Iac))
    );
    assert_eq!(
        fr1.len(),
        37 + cat()
            .items_of(Part::P3_3)
            .filter(|i| i.fr == Some(Fr::Iac) && i.lowest_level() > Some(SecurityLevel::SL1))
            .count()
    );
}

#[test]
fn an_item_is_required_by_a_vector_at_its_own_fr_level_only() {
    let v = |s: &str| s.parse::<SlVector>().unwrap();
    let re = cat().lookup("SR 1.1 RE 1").unwrap(); // FR1, SL 2-4
    assert!(re.required_by(&v("(2,0,0,0,0,0,0)")));
    assert!(!re.required_by(&v("(1,4,4,4,4,4,4)")));
    let cr = cat().lookup("CR 7.8").unwrap(); // FR7, SL 2-4
    assert!(cr.required_by(&v("(0,0,0,0,0,0,2)")));
    assert!(!cr.required_by(&v("(4,4,4,4,4,4,1)")));
    // Items without an FR are never needed for a vector.
    assert!(!cat().lookup("SM-1").unwrap().required_by(&v("4")));
}

#[test]
fn achieved_levels_invert_required_for() {
    for target in [
        "(1,1,1,1,1,1,1)",
        "(2,3,1,4,2,1,3)",
        "(4,4,4,4,4,4,4)",
        "(0,0,0,0,0,0,0)",
    ] {
        let target: SlVector = target.parse().unwrap();
        for scope in [
            LevelScope::Zone,
            LevelScope::Component(ComponentType::EmbeddedDevice),
        ] {
            let satisfied: HashSet<RequirementId> = cat()
                .required_for(scope, &target)
                .into_iter()
                .map(|i| i.id.clone())
                .collect();
            let achieved = cat().achieved_levels(scope, &satisfied);
            assert!(achieved.meets(&target), "{target} {scope:?}: {achieved}");
            // The level reached needs exactly the items satisfied: nothing more, nothing less.
            let needed: HashSet<RequirementId> = cat()
                .required_for(scope, &achieved)
                .into_iter()
                .map(|i| i.id.clone())
                .collect();
            assert_eq!(needed, satisfied, "{target} {scope:?}");
            assert!(cat().missing_for(scope, &target, &satisfied).is_empty());
        }
    }
    // Dropping one SL 1 item of FR 3 drops FR 3 to SL 0 and leaves the rest.
    let full: SlVector = "(2,2,2,2,2,2,2)".parse().unwrap();
    let mut satisfied: HashSet<RequirementId> = cat()
        .required_for_zone(&full)
        .into_iter()
        .map(|i| i.id.clone())
        .collect();
    satisfied.remove(&"SR 3.1".parse().unwrap());
    assert_eq!(
        cat()
            .achieved_levels(LevelScope::Zone, &satisfied)
            .to_string(),
        "(2,2,0,2,2,2,2)"
    );
}

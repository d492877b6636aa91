//! CPE bindings and NISTIR 7695/7696 rules, one test per rule, with real NVD names.

use rampart_sbom::cpe::{
    Cpe, NameRelation, Part, Relation, Token, Value, compare_names, compare_values,
};

fn cpe(s: &str) -> Cpe {
    Cpe::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

fn err(s: &str) -> String {
    Cpe::parse(s).expect_err(s).to_string()
}

#[test]
fn formatted_string_application_from_nvd_round_trips() {
    let s = "cpe:2.3:a:haxx:curl:7.88.1:*:*:*:*:*:*:*";
    let c = cpe(s);
    assert_eq!(c.part(), Some(Part::Application));
    assert_eq!(c.vendor().as_literal().as_deref(), Some("haxx"));
    assert_eq!(c.product().as_literal().as_deref(), Some("curl"));
    assert_eq!(c.version().as_literal().as_deref(), Some("7.88.1"));
    assert_eq!(c.value(4), &Value::Any);
    assert_eq!(c.to_string(), s);
    assert_eq!(c.to_uri(), "cpe:/a:haxx:curl:7.88.1");
}

#[test]
fn formatted_string_hardware_with_quoted_slash_and_na_version() {
    // NVD: Siemens SIMATIC S7-1500 CPU hardware, version NA.
    let s = r"cpe:2.3:h:siemens:simatic_s7-1500_cpu_1518-4_pn\/dp:-:*:*:*:*:*:*:*";
    let c = cpe(s);
    assert_eq!(c.part(), Some(Part::Hardware));
    assert_eq!(
        c.product().as_literal().as_deref(),
        Some("simatic_s7-1500_cpu_1518-4_pn/dp")
    );
    assert_eq!(c.version(), &Value::Na);
    assert_eq!(c.to_string(), s);
    assert_eq!(
        c.to_uri(),
        "cpe:/h:siemens:simatic_s7-1500_cpu_1518-4_pn%2fdp:-"
    );
}

#[test]
fn formatted_string_operating_system_from_nvd() {
    let c = cpe("cpe:2.3:o:linux:linux_kernel:5.10.0:*:*:*:*:*:*:*");
    assert_eq!(c.part(), Some(Part::OperatingSystem));
    assert_eq!(c.to_uri(), "cpe:/o:linux:linux_kernel:5.10.0");
}

#[test]
fn formatted_string_is_case_insensitive_and_lower_cased() {
    assert_eq!(
        cpe("CPE:2.3:A:Haxx:Curl:7.88.1:*:*:*:*:*:*:*").to_string(),
        "cpe:2.3:a:haxx:curl:7.88.1:*:*:*:*:*:*:*"
    );
}

#[test]
fn formatted_string_quoting_of_special_characters() {
    // NISTIR 7695 example: quoted backslash and dollar, extended attributes.
    let c = cpe(r"cpe:2.3:a:foo\\bar:big\$money_2010:*:*:*:*:special:ipod_touch:80gb:*");
    assert_eq!(c.vendor().as_literal().as_deref(), Some(r"foo\bar"));
    assert_eq!(c.product().as_literal().as_deref(), Some("big$money_2010"));
    assert_eq!(
        c.to_string(),
        r"cpe:2.3:a:foo\\bar:big\$money_2010:*:*:*:*:special:ipod_touch:80gb:*"
    );
    // A quoted `:` is part of the value, not a separator.
    assert_eq!(
        cpe(r"cpe:2.3:a:a\:b:p:*:*:*:*:*:*:*:*")
            .vendor()
            .as_literal()
            .as_deref(),
        Some("a:b")
    );
    // Quoting an ordinary character is redundant and dropped when binding again.
    assert_eq!(
        cpe(r"cpe:2.3:a:haxx:curl:7\.88\.1:*:*:*:*:*:*:*").to_string(),
        "cpe:2.3:a:haxx:curl:7.88.1:*:*:*:*:*:*:*"
    );
}

#[test]
fn formatted_string_lone_literal_dash_stays_distinct_from_na() {
    let c = cpe(r"cpe:2.3:a:v:p:\-:*:*:*:*:*:*:*");
    assert_eq!(c.version(), &Value::literal("-"));
    assert_eq!(c.to_string(), r"cpe:2.3:a:v:p:\-:*:*:*:*:*:*:*");
    assert_eq!(Cpe::parse(&c.to_uri()).unwrap(), c);
}

#[test]
fn formatted_string_wildcards_are_kept_at_the_ends() {
    let c = cpe("cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*");
    assert_eq!(
        c.version(),
        &Value::Text(vec![Token::Char('8'), Token::Char('.'), Token::AnyString])
    );
    assert!(c.value(4).has_wildcards());
    assert_eq!(
        c.to_string(),
        "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*"
    );
    assert_eq!(c.to_uri(), "cpe:/a:microsoft:internet_explorer:8.%02:sp%01");
}

#[test]
fn formatted_string_errors_name_the_input_and_cause() {
    assert_eq!(
        err("cpe:2.3:a:haxx:curl"),
        "invalid CPE \"cpe:2.3:a:haxx:curl\": expected 11 attributes after `cpe:2.3:`, found 3"
    );
    assert!(
        err("cpe:2.3:a:ha*xx:curl:*:*:*:*:*:*:*:*").contains("vendor: wildcard inside a value")
    );
    assert!(
        err("cpe:2.3:a:haxx:c@url:*:*:*:*:*:*:*:*")
            .contains("product: `@` must be quoted as `\\@`")
    );
    assert!(err("cpe:2.3:a::curl:*:*:*:*:*:*:*:*").contains("vendor: empty value"));
    assert!(err("cpe:2.3:x:haxx:curl:*:*:*:*:*:*:*:*").contains("part must be"));
    assert!(err("cpe:2.3:a:haxx:curl:*:*:*:*:*:*:*:1\\").contains("other: value ends in a lone"));
    assert!(err("cpe:2.3:a:haxx:curl:**:*:*:*:*:*:*:*").contains("version: `*` must stand alone"));
    assert!(err("cpe:2.3:a:hä:curl:*:*:*:*:*:*:*:*").contains("not printable ASCII"));
    assert!(err("curl").contains("expected `cpe:2.3:` or `cpe:/`"));
    // Fuzz crash (2026-12-04): a multi-byte character across the prefix's end panicked.
    assert!(err("cpe:2.3\u{3de}x:c:url:*:*:*:*:*:*:*:*").contains("expected `cpe:2.3:`"));
    assert!(err("cpe:\u{3de}").contains("expected `cpe:2.3:`"));
}

#[test]
fn uri_binding_parses_and_fills_missing_components_with_any() {
    let c = cpe("cpe:/a:haxx:curl:7.88.1");
    assert_eq!(c, cpe("cpe:2.3:a:haxx:curl:7.88.1:*:*:*:*:*:*:*"));
    assert_eq!(cpe("cpe:/o:linux:linux_kernel").version(), &Value::Any);
    // Empty component is ANY, `-` is NA.
    let c = cpe("cpe:/a:microsoft:internet_explorer::-");
    assert_eq!(c.version(), &Value::Any);
    assert_eq!(c.value(4), &Value::Na);
}

#[test]
fn uri_binding_percent_decoding_and_wildcards() {
    let c = cpe("cpe:/a:foo%5cbar:big%24money_2010");
    assert_eq!(c.vendor().as_literal().as_deref(), Some(r"foo\bar"));
    assert_eq!(c.product().as_literal().as_deref(), Some("big$money_2010"));
    let c = cpe("cpe:/a:microsoft:internet_explorer:8.%02:sp%01");
    assert!(c.version().has_wildcards() && c.value(4).has_wildcards());
    // A lone `%02` is `*`, i.e. ANY, as in the formatted string (fuzz finding: it was kept as a
    // wildcard string that bound to `*` and read back as ANY).
    assert_eq!(cpe("cpe:/a:hp:gi:%02").version(), &Value::Any);
}

#[test]
fn uri_binding_packs_and_unpacks_extended_attributes() {
    // NISTIR 7695 example.
    let uri = "cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~";
    let c = cpe(uri);
    assert_eq!(c.value(5), &Value::Any);
    assert_eq!(c.value(7), &Value::literal("online"));
    assert_eq!(c.value(8), &Value::literal("win2003"));
    assert_eq!(c.value(9), &Value::literal("x64"));
    assert_eq!(
        c.to_string(),
        "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*"
    );
    assert_eq!(c.to_uri(), uri);
    assert!(err("cpe:/a:hp:x:1:-:~a~b").contains("packed edition"));
}

#[test]
fn uri_binding_errors() {
    assert!(err("cpe:/a:haxx:curl:1:2:3:4:5").contains("at most 7"));
    assert!(err("cpe:/a:ha xx").contains("vendor: ` ` must be percent-encoded"));
    assert!(err("cpe:/a:haxx:curl%2").contains("product: bad percent escape"));
    assert!(err("cpe:/a:haxx:curl%0a").contains("not printable"));
}

fn v(s: &str) -> Value {
    // One attribute in formatted-string syntax, via a whole name's vendor.
    cpe(&format!("cpe:2.3:a:{s}:p:*:*:*:*:*:*:*:*"))
        .vendor()
        .clone()
}

#[test]
fn attribute_comparison_follows_table_6_2() {
    use Relation::{Disjoint, Equal, Subset, Superset, Undefined};
    let (any, na, i, wild) = (Value::Any, Value::Na, v("curl"), v("cur*"));
    let rows = [
        (&any, &any, Equal),
        (&any, &na, Superset),
        (&any, &i, Superset),
        (&any, &wild, Undefined),
        (&na, &any, Subset),
        (&na, &na, Equal),
        (&na, &i, Disjoint),
        (&na, &wild, Undefined),
        (&i, &any, Subset),
        (&i, &na, Disjoint),
        (&i, &i, Equal),
        (&i, &wild, Undefined),
        (&wild, &any, Subset),
        (&wild, &na, Disjoint),
        (&wild, &i, Superset),
        (&wild, &wild, Undefined),
    ];
    for (n, (s, t, want)) in rows.into_iter().enumerate() {
        assert_eq!(compare_values(s, t), want, "row {}", n + 1);
    }
    assert_eq!(compare_values(&v("curl"), &v("wget")), Disjoint);
    assert_eq!(compare_values(&v("lib*"), &v("curl")), Disjoint);
}

#[test]
fn wildcard_matching_star_and_question_mark() {
    let sup = |s: &str, t: &str| compare_values(&v(s), &v(t)) == Relation::Superset;
    assert!(sup("*ssl", "openssl"));
    assert!(sup("open*", "openssl"));
    assert!(sup("*pens*", "openssl"));
    assert!(!sup("*pens", "openssl"));
    // A run of n `?` matches up to n characters (the NISTIR 7696 reference algorithm).
    assert!(sup("sp?", "sp1"));
    assert!(sup("sp?", "sp"));
    assert!(!sup("sp?", "sp12"));
    assert!(sup("sp??", "sp12"));
    assert!(sup("?1", "p1"));
    assert!(!sup("?1", "sp1"));
    assert!(sup("??", "ab"));
    assert!(!sup("??", "abc"));
}

#[test]
fn name_matching_verdicts() {
    let target = cpe("cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*");
    let range = cpe("cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*");
    assert_eq!(compare_names(&range, &target), NameRelation::Superset);
    assert!(compare_names(&range, &target).matches());
    assert_eq!(compare_names(&target, &target), NameRelation::Equal);
    // NISTIR 7696 example: `sp?` against `beta` is DISJOINT, so the names are.
    let sp = cpe("cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*");
    assert_eq!(compare_names(&sp, &target), NameRelation::Disjoint);
    // An instance is a SUBSET of the product-level name NVD lists.
    let product = cpe("cpe:2.3:a:haxx:curl:*:*:*:*:*:*:*:*");
    let instance = cpe("cpe:2.3:a:haxx:curl:7.88.1:*:*:*:*:*:*:*");
    assert_eq!(compare_names(&instance, &product), NameRelation::Subset);
    assert!(!compare_names(&instance, &product).matches());
    // Vendor differs: disjoint, whatever else.
    assert_eq!(
        compare_names(&cpe("cpe:2.3:a:curl:curl:*:*:*:*:*:*:*:*"), &instance),
        NameRelation::Disjoint
    );
    // Hardware vs firmware (`h` vs `o`) never match.
    let hw = cpe(r"cpe:2.3:h:siemens:simatic_s7-1500_cpu_1518-4_pn\/dp:-:*:*:*:*:*:*:*");
    let fw =
        cpe(r"cpe:2.3:o:siemens:simatic_s7-1500_cpu_1518-4_pn\/dp_firmware:2.9.2:*:*:*:*:*:*:*");
    assert_eq!(compare_names(&hw, &fw), NameRelation::Disjoint);
    // A wildcard in the target makes the comparison undefined.
    assert_eq!(compare_names(&instance, &range), NameRelation::Disjoint);
    assert_eq!(
        compare_names(&product, &cpe("cpe:2.3:a:haxx:curl:7.*:*:*:*:*:*:*:*")),
        NameRelation::Incomparable
    );
    // Mixed SUPERSET and SUBSET attributes.
    let mixed = cpe("cpe:2.3:a:haxx:curl:*:beta:*:*:*:*:*:*");
    assert_eq!(compare_names(&mixed, &instance), NameRelation::Incomparable);
}

#[test]
fn constructed_names_bind_like_parsed_ones() {
    let c = Cpe::new(Part::OperatingSystem, "Busybox", "busybox")
        .with_value(3, Value::literal("1.36.1"));
    assert_eq!(
        c.to_string(),
        "cpe:2.3:o:busybox:busybox:1.36.1:*:*:*:*:*:*:*"
    );
}

//! Rampart's `Purl` wrapper: parse, canonical form and error text.

use std::collections::BTreeMap;

use rampart_sbom::purl::{Purl, PurlParts};

#[test]
fn parses_components_of_a_deb_purl() {
    let p = Purl::parse("pkg:deb/debian/curl@7.88.1-10?arch=arm64&distro=debian-12").unwrap();
    assert_eq!(p.ty(), "deb");
    assert_eq!(p.namespace(), Some("debian"));
    assert_eq!(p.name(), "curl");
    assert_eq!(p.version(), Some("7.88.1-10"));
    assert_eq!(p.qualifiers().get("distro"), Some(&"debian-12"));
}

#[test]
fn normalise_sorts_qualifiers_and_lowercases_the_type() {
    assert_eq!(
        Purl::normalise("pkg:Deb/debian/curl@7.88.1?distro=debian-12&arch=arm64").unwrap(),
        "pkg:deb/debian/curl@7.88.1?arch=arm64&distro=debian-12"
    );
}

#[test]
fn brew_and_git_names_are_case_folded() {
    // `packageurl` 0.7.1 keeps the case; the purl spec's brew and git tests require lower case.
    assert_eq!(
        Purl::normalise("pkg:brew/Homebrew/Core/SQLite@3.43.2").unwrap(),
        "pkg:brew/homebrew/core/sqlite@3.43.2"
    );
    assert_eq!(
        Purl::normalise("pkg:git/github/Package-url/purl-Spec@abc").unwrap(),
        "pkg:git/github/package-url/purl-spec@abc"
    );
    // Other types keep their case.
    assert_eq!(
        Purl::normalise("pkg:generic/OpenSSL@3.0.13").unwrap(),
        "pkg:generic/OpenSSL@3.0.13"
    );
}

#[test]
fn equal_after_canonical_form() {
    let a: Purl = "pkg:pypi/Django_Rest@1.0".parse().unwrap();
    let b: Purl = "pkg:pypi/django-rest@1.0".parse().unwrap();
    assert_eq!(a, b);
}

#[test]
fn errors_name_the_input_and_the_cause() {
    let e = Purl::parse("EnterpriseLibrary.Common@6.0.1304").unwrap_err();
    assert_eq!(e.input, "EnterpriseLibrary.Common@6.0.1304");
    assert!(
        e.to_string()
            .starts_with("invalid package URL \"EnterpriseLibrary.Common@6.0.1304\": "),
        "{e}"
    );
    let e = Purl::parse("pkg:swift/Alamofire@5.4.3").unwrap_err();
    assert!(e.cause.contains("namespace required"), "{e}");
}

#[test]
fn builds_from_parts_with_encoding() {
    let parts = PurlParts {
        ty: "generic".into(),
        name: "busybox".into(),
        version: Some("1.36.1".into()),
        qualifiers: BTreeMap::from([("download_url".into(), "https://busybox.net/a b".into())]),
        ..PurlParts::default()
    };
    assert_eq!(
        Purl::from_parts(&parts).unwrap().to_string(),
        "pkg:generic/busybox@1.36.1?download_url=https:%2F%2Fbusybox.net%2Fa%20b"
    );
    let bad = PurlParts {
        ty: "generic".into(),
        ..PurlParts::default()
    };
    assert!(Purl::from_parts(&bad).unwrap_err().cause.contains("name"));
}

#[test]
fn an_empty_namespace_is_no_namespace() {
    // Fuzz finding (2026-12-04): `packageurl` keeps `pkg:be/./1` with namespace "", which prints
    // as `pkg:be//1` and parses back without one, so the canonical form did not round-trip.
    let plain = Purl::parse("pkg:generic/busybox").unwrap();
    for spelling in [
        "pkg:generic/./busybox",
        "pkg:generic//busybox",
        "pkg:generic/./../busybox",
        "pkg:generic/.%2e/busybox",
        "pkg:generic/%2E/busybox",
    ] {
        let p = Purl::parse(spelling).unwrap();
        assert_eq!(p, plain, "{spelling}");
        assert_eq!(p.to_string(), "pkg:generic/busybox", "{spelling}");
    }
    let p = Purl::parse("pkg:generic/a/.%2e/b/busybox").unwrap();
    assert_eq!(p.to_string(), "pkg:generic/a/b/busybox");
    // A type that requires a namespace is not satisfied by an empty one (second fuzz finding).
    let e = Purl::parse("pkg:huggingface/./e").unwrap_err();
    assert!(e.cause.contains("namespace required"), "{e}");
}

#[test]
fn cpan_author_is_optional() {
    // purl-spec: the CPAN author namespace became optional; `packageurl` 0.7.1 requires it.
    let p = Purl::parse("pkg:cpan/DateTime@1.55?author=DROLSKY").unwrap();
    assert_eq!((p.namespace(), p.name()), (None, "DateTime"));
    assert_eq!(p.to_string(), "pkg:cpan/DateTime@1.55?author=DROLSKY");
    assert_eq!(
        Purl::parse("pkg:CPAN/URI-PackageURL").unwrap().to_string(),
        "pkg:cpan/URI-PackageURL"
    );
    // A module name (`::`) is still not a distribution name.
    assert!(
        Purl::parse("pkg:cpan/URI::PackageURL")
            .unwrap_err()
            .cause
            .contains("invalid name")
    );
    assert!(Purl::parse("pkg:cpan/GDT/URI::PackageURL").is_err());
    let built = PurlParts {
        ty: "cpan".into(),
        name: "libwww-perl".into(),
        ..PurlParts::default()
    };
    assert_eq!(
        Purl::from_parts(&built).unwrap().to_string(),
        "pkg:cpan/libwww-perl"
    );
}

#[test]
fn a_purl_whose_canonical_form_reads_back_differently_is_refused() {
    // Fuzz finding: `packageurl` 0.7 prints this namespace's `@` and decoded `/` unencoded, so
    // its text would name another package.
    let input = "pkg:cpan/a=b@pkg:x%2fe";
    let e = Purl::parse(input).unwrap_err();
    assert!(e.cause.contains("reads back as another purl"), "{e}");
}

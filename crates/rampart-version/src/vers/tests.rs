use super::{Comparator, Scheme, Vers, VersError};

fn contains(vers: &str, version: &str) -> bool {
    Vers::parse(vers).unwrap().contains(version).unwrap()
}

fn native(scheme: &str, range: &str) -> String {
    Vers::from_native(scheme, range).unwrap().to_string()
}

fn non_canonical(text: &str) -> String {
    match Vers::parse(text) {
        Err(VersError::NonCanonical(reason)) => reason,
        other => panic!("{text}: expected a non-canonical error, got {other:?}"),
    }
}

#[test]
fn canonical_text_round_trips() {
    for text in [
        "vers:npm/>=1.0.0|<2.0.0",
        "vers:pypi/*",
        "vers:deb/>=1:1.0-1|<1:1.0-1+deb12u1",
        "vers:npm/1.0%252F0",
        "vers:generic/!=1.1.1k",
    ] {
        assert_eq!(Vers::parse(text).unwrap().to_string(), text);
    }
    let vers = Vers::parse("vers:npm/1.0%252F0").unwrap();
    assert_eq!(vers.constraints()[0].version, "1.0%2F0");
    assert_eq!(vers.constraints()[0].comparator, Comparator::Equal);
}

#[test]
fn non_canonical_forms_are_refused_with_their_reason() {
    assert_eq!(
        non_canonical("vers:npm/>=1.0.0| <2.0.0"),
        "whitespace is not permitted"
    );
    assert_eq!(
        non_canonical("vers:npm/|>=1.0.0"),
        "leading pipe is not permitted"
    );
    assert_eq!(
        non_canonical("vers:npm/>=1.0.0|"),
        "trailing pipe is not permitted"
    );
    assert_eq!(
        non_canonical("vers:npm/>=1.0.0||<2.0.0"),
        "consecutive pipes are not permitted"
    );
    assert_eq!(
        non_canonical("vers:npm/>=2.0.0|<1.0.0"),
        "constraints are not sorted by version"
    );
    assert_eq!(
        non_canonical("vers:npm/1.0%2G0"),
        "invalid percent-encoding in version"
    );
    assert_eq!(
        non_canonical("vers:datetime/2024-01-01T00%3a00%3a00Z"),
        "percent-encoding in version is not canonical"
    );
    assert_eq!(
        non_canonical("vers:datetime/2024-01-01T00%3A00%3A00Z"),
        "datetime time colons must be unencoded"
    );
    assert_eq!(
        non_canonical("vers:datetime/2024-01-01t00:00:00z"),
        "datetime must use uppercase T and Z"
    );
    // Fuzz finding: a raw control character parsed but printed percent-encoded.
    assert_eq!(
        non_canonical("vers:generic/1.0\u{14}"),
        "a control character in a version must be percent-encoded"
    );
    // Fuzz finding: an escape of a character that needs none printed unescaped.
    assert_eq!(
        non_canonical("vers:generic/1.0%24"),
        "percent-encoding in version is not canonical"
    );
    // Fuzz finding: a lower-case datetime normalised into a non-canonical text.
    assert_eq!(
        Vers::normalise("vers:datetime/2024-01-01t00:00:00z")
            .unwrap()
            .to_string(),
        "vers:datetime/2024-01-01T00:00:00Z"
    );
    // Fuzz finding: a version starting with `=` printed as an explicit comparator.
    let vers = Vers::normalise("vers:rpm/==rsn200").unwrap();
    assert_eq!(vers.constraints()[0].version, "=rsn200");
    assert_eq!(vers.to_string(), "vers:rpm/%3Drsn200");
    assert_eq!(Vers::parse("vers:rpm/%3Drsn200").unwrap(), vers);
    // Fuzz finding: an explicit `=` parsed but printed without it.
    assert_eq!(
        non_canonical("vers:npm/<=2.0.2|=2.0.2"),
        "the = comparator is written as the bare version"
    );
    assert_eq!(
        Vers::normalise("vers:npm/=2.0.2").unwrap().to_string(),
        "vers:npm/2.0.2"
    );
    // A lone version is only checked when evaluated.
    let lone = Vers::parse("vers:datetime/2024-13-01T00:00:00Z").unwrap();
    assert!(lone.contains("2024-01-01T00:00:00Z").is_err());
    assert!(matches!(
        Vers::parse("vers:conan/1.0"),
        Err(VersError::UnsupportedScheme(s)) if s == "conan"
    ));
}

#[test]
fn versions_are_ordered_by_the_scheme_not_as_text() {
    assert!(Vers::parse("vers:generic/>=3.0.8|<3.0.22").is_ok());
    assert!(Vers::parse("vers:generic/>=3.0.22|<3.0.8").is_err());
    assert!(contains("vers:generic/>=3.0.8|<3.0.22", "3.0.10"));
    assert!(contains("vers:deb/<1.2.3-4+deb12u1", "1.2.3-4"));
    assert!(!contains("vers:deb/<1.2.3-4+deb12u1", "1.2.3-4+deb12u1"));
}

#[test]
fn normalise_sorts_and_keeps_duplicates() {
    assert_eq!(
        Vers::normalise("vers:pypi/0.0.2|>=0.0.0|0.0.1|>=0.0.1|>=0.0.1")
            .unwrap()
            .to_string(),
        "vers:pypi/>=0.0.0|0.0.1|>=0.0.1|>=0.0.1|0.0.2"
    );
}

#[test]
fn containment_follows_the_spec_algorithm() {
    assert!(contains("vers:pypi/*", "9.9"));
    assert!(contains("vers:pypi/<=1.3.0|3.0.0", "1.0.0"));
    assert!(contains("vers:pypi/<=1.3.0|3.0.0", "3.0.0"));
    assert!(!contains("vers:pypi/<=1.3.0|3.0.0", "2.0.0"));
    assert!(!contains("vers:pypi/!=2.0.3|>=3.0.0", "2.0.3"));
    assert!(contains("vers:pypi/!=2.0.3", "2.0.4"));
    assert!(!contains("vers:pypi/<=1.0.0|>=2.0.0", "1.5"));
    assert!(contains("vers:pypi/<=1.0.0|>=2.0.0", "2.5"));
    assert!(contains("vers:npm/>=1.0.0|<2.0.0|>=3.0.0|<4.0.0", "3.5.0"));
    assert!(!contains("vers:npm/>=1.0.0|<2.0.0|>=3.0.0|<4.0.0", "2.5.0"));
    assert!(!contains("vers:npm/>=1.0.0|<2.0.0", "2.0.0"));
    assert!(contains("vers:npm/>1.0.0", "1.0.1"));
    assert!(!contains("vers:npm/>1.0.0", "1.0.0"));
    assert!(
        Vers::parse("vers:npm/<2.0.0")
            .unwrap()
            .contains("not-a-version")
            .is_err()
    );
}

#[test]
fn npm_ranges_become_vers() {
    assert_eq!(native("npm", "^1.2.9"), "vers:npm/>=1.2.9|<2.0.0");
    assert_eq!(native("npm", "^0.2.3"), "vers:npm/>=0.2.3|<0.3.0");
    assert_eq!(native("npm", "^0.0.3"), "vers:npm/>=0.0.3|<0.0.4");
    assert_eq!(
        native("npm", "~1.6.5 || >=1.7.2"),
        "vers:npm/>=1.6.5|<1.7.0|>=1.7.2"
    );
    assert_eq!(
        native("npm", ">=3.11 <4 || >=4.5"),
        "vers:npm/>=3.11.0|<4.0.0|>=4.5.0"
    );
    assert_eq!(
        native("npm", "2.0.x || 2.1.x"),
        "vers:npm/>=2.0.0|<2.1.0|>=2.1.0|<2.2.0"
    );
    assert_eq!(native("npm", "1.2.3 - 2.3"), "vers:npm/>=1.2.3|<2.4.0");
    assert_eq!(native("npm", "1.2.3 - 2.3.4"), "vers:npm/>=1.2.3|<=2.3.4");
    assert_eq!(native("npm", "=3.0.0-rc.1"), "vers:npm/3.0.0-rc.1");
    assert_eq!(native("npm", ">= v2.0.0-alpha8"), "vers:npm/>=2.0.0-alpha8");
    assert_eq!(native("npm", "*"), "vers:npm/*");
    assert!(Vers::from_native("npm", ">=1.0 || ").is_err());
    assert!(Vers::from_native("npm", "banana").is_err());
}

#[test]
fn other_native_notations_become_vers() {
    assert_eq!(native("pypi", ">= 1.0"), "vers:pypi/>=1.0");
    assert_eq!(native("pypi", "~=1.4.2"), "vers:pypi/>=1.4.2|<1.5");
    assert_eq!(native("pypi", "==2.1.*"), "vers:pypi/>=2.1|<2.2");
    assert_eq!(
        native("nuget", "[1.0.0, 2.0.0)"),
        "vers:nuget/>=1.0.0|<2.0.0"
    );
    assert_eq!(native("nuget", "(,1.0]"), "vers:nuget/<=1.0");
    assert_eq!(native("nuget", "[1.0]"), "vers:nuget/1.0");
    assert_eq!(native("nuget", "1.0"), "vers:nuget/>=1.0");
    assert_eq!(
        native("openssl", "3.0.0, 1.0.1b"),
        "vers:openssl/1.0.1b|3.0.0"
    );
    assert_eq!(native("nginx", "0.8.40+"), "vers:nginx/>=0.8.40|<0.9.0");
    assert_eq!(
        native("nginx", "1.5.0+, 1.4.1+"),
        "vers:nginx/>=1.4.1|<1.5.0|>=1.5.0"
    );
    assert_eq!(
        native("nginx", "0.7.52-0.8.39"),
        "vers:nginx/>=0.7.52|<=0.8.39"
    );
    assert!(Vers::from_native("nuget", "[1.0, 2.0").is_err());
}

#[test]
fn rubygems_requirements_become_vers() {
    assert_eq!(native("gem", "~>2.0.8"), "vers:gem/>=2.0.8|<2.1");
    assert_eq!(native("gem", "~> 3.5.0"), "vers:gem/>=3.5.0|<3.6");
    // Gem::Version#bump keeps one number at least: `~> 2.0` allows every 2.x.
    assert_eq!(native("gem", "~> 2.0"), "vers:gem/>=2.0|<3");
    assert_eq!(native("gem", "~> 2"), "vers:gem/>=2|<3");
    // Letters start the pre-release, which bump drops.
    assert_eq!(
        native("gem", "~> 2.0.0.pre.alpha8"),
        "vers:gem/>=2.0.0.pre.alpha8|<2.1"
    );
    assert_eq!(
        native("gem", "~>1.6.5, >=1.7.2"),
        "vers:gem/>=1.6.5|<1.7|>=1.7.2"
    );
    assert_eq!(native("gem", "2.1.4"), "vers:gem/2.1.4");
    assert_eq!(native("gem", "= 2.1.4"), "vers:gem/2.1.4");
    assert_eq!(native("gem", ""), "vers:gem/*");
    assert!(Vers::from_native("gem", ">= ").is_err());
    assert!(Vers::from_native("gem", "~> beta").is_err());
    assert!(Vers::from_native("gem", ">= 1.0,").is_err());
}

#[test]
fn schemes_name_their_orders() {
    assert_eq!("alpine".parse::<Scheme>().unwrap(), Scheme::Apk);
    for name in Scheme::NAMES {
        assert_eq!(name.parse::<Scheme>().unwrap().name(), name);
    }
    assert_eq!(
        Scheme::Datetime
            .compare("2024-01-01T00:00:00Z", "2023-12-31T19:00:00-05:00")
            .unwrap(),
        std::cmp::Ordering::Equal
    );
    assert_eq!(
        Scheme::Lexicographic.compare("ss", "ß").unwrap(),
        std::cmp::Ordering::Less
    );
}

/// Each package scheme added with its ecosystem's order, on a version its order places
/// differently from the generic one (which would give the opposite answer, checked too).
#[test]
fn package_schemes_contain_by_their_own_order() {
    for (vers, version, inside, why) in [
        (
            "vers:gem/>=1.0|<2.0",
            "2.0.a1",
            true,
            "RubyGems: letters make a pre-release, before 2.0",
        ),
        (
            "vers:composer/>=6.2.0|<6.2.6",
            "6.2.6RC1",
            true,
            "PHP: RC1 comes before its release",
        ),
        (
            "vers:cran/<1.8.0",
            "1.8",
            true,
            "R: more numbers make the greater version, 1.8 < 1.8.0",
        ),
        (
            "vers:hackage/>=1.0.0|<2",
            "1.0",
            false,
            "Cabal: 1.0 < 1.0.0",
        ),
        (
            "vers:pub/<1.0.0",
            "1.0.0-nullsafety.0",
            true,
            "Dart: a pre-release comes before its release",
        ),
        (
            "vers:pub/>1.2.3|<1.2.3+a",
            "1.2.3+900",
            true,
            "Dart: build metadata counts, a number before text",
        ),
    ] {
        assert_eq!(contains(vers, version), inside, "{vers} {version}: {why}");
        let (_, constraints) = vers.split_once('/').unwrap();
        let generic = format!("vers:generic/{constraints}");
        assert_eq!(
            contains(&generic, version),
            !inside,
            "the generic order agrees on {version}, so the case proves nothing"
        );
    }
    assert_eq!("dart".parse::<Scheme>().unwrap(), Scheme::Pub);
}

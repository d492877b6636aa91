//! Index keys: what an advisory is filed under and what a component is looked up by.
//!
//! A key is deliberately coarse (an ecosystem and a package name, a CPE vendor and product):
//! it only finds candidates. Whether a candidate matches (distro release, version range,
//! AND configurations, CSAF status) is decided by matching, with the evidence it records.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Advisory, Affected};

/// One lookup key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MatchKey {
    /// A package in an ecosystem: the OSV base ecosystem in lower case (`debian`, `pypi`,
    /// `npm`) and the package name normalised per [`normalise_package_name`].
    Package {
        /// Base ecosystem, lower case, without release (`debian`, not `Debian:12`).
        ecosystem: String,
        /// Normalised package name.
        name: String,
    },
    /// A CPE vendor and product, lower case.
    Cpe {
        /// CPE vendor.
        vendor: String,
        /// CPE product.
        product: String,
    },
    /// A vendor and product named in words (CSAF product trees): both normalised per
    /// [`normalise_words`].
    Product {
        /// Normalised vendor.
        vendor: String,
        /// Normalised product.
        product: String,
    },
}

impl fmt::Display for MatchKey {
    /// `pkg:debian/openssl`, `cpe:openssl:openssl`, `product:siemens:simatic s7-1500`: the
    /// form the index stores keys in, and evidence shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchKey::Package { ecosystem, name } => write!(f, "pkg:{ecosystem}/{name}"),
            MatchKey::Cpe { vendor, product } => write!(f, "cpe:{vendor}:{product}"),
            MatchKey::Product { vendor, product } => write!(f, "product:{vendor}:{product}"),
        }
    }
}

impl MatchKey {
    /// The key of a package named `name` in OSV ecosystem `ecosystem` (`Debian:12` and
    /// `debian` give the same key).
    pub fn package(ecosystem: &str, name: &str) -> MatchKey {
        let ecosystem = base_ecosystem(ecosystem);
        let name = normalise_package_name(&ecosystem, name);
        MatchKey::Package { ecosystem, name }
    }

    /// The key of a CPE vendor and product.
    pub fn cpe(vendor: &str, product: &str) -> MatchKey {
        MatchKey::Cpe {
            vendor: vendor.to_ascii_lowercase(),
            product: product.to_ascii_lowercase(),
        }
    }

    /// The key of a vendor and product named in words.
    pub fn product(vendor: &str, product: &str) -> MatchKey {
        MatchKey::Product {
            vendor: normalise_words(vendor),
            product: normalise_words(product),
        }
    }
}

/// The OSV base ecosystem in lower case: `Debian:12` → `debian`, `Ubuntu:22.04:LTS` →
/// `ubuntu`, `Alpine:v3.18` → `alpine`, `PyPI` → `pypi`.
pub fn base_ecosystem(ecosystem: &str) -> String {
    ecosystem
        .split(':')
        .next()
        .unwrap_or(ecosystem)
        .trim()
        .to_ascii_lowercase()
}

/// The release part of an OSV ecosystem, if any: `Debian:12` → `12`, `Alpine:v3.18` →
/// `v3.18`, `Ubuntu:22.04:LTS` → `22.04:LTS`.
pub fn ecosystem_release(ecosystem: &str) -> Option<&str> {
    ecosystem.split_once(':').map(|(_, release)| release)
}

/// A package name as the ecosystem compares names: PyPI per PEP 503 (lower case, runs of
/// `-`, `_`, `.` as one `-`), case-insensitive ecosystems in lower case, the rest as written
/// (npm, Go, Maven and distro names are case-sensitive or already lower case).
pub fn normalise_package_name(base_ecosystem: &str, name: &str) -> String {
    match base_ecosystem {
        "pypi" => {
            let mut out = String::with_capacity(name.len());
            let mut separator = false;
            for c in name.trim().chars() {
                if matches!(c, '-' | '_' | '.') {
                    separator = true;
                } else {
                    if separator && !out.is_empty() {
                        out.push('-');
                    }
                    separator = false;
                    out.push(c.to_ascii_lowercase());
                }
            }
            out
        }
        "nuget" | "packagist" | "hex" | "pub" => name.trim().to_ascii_lowercase(),
        _ => name.trim().to_owned(),
    }
}

/// Words folded for comparing names written by people: lower case, every run of characters
/// other than letters, digits, `-` and `.` as one space, trimmed.
pub fn normalise_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '-' || c == '.' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// The OSV base ecosystem (lower case) of a purl type, with the distro namespace where the
/// type needs one: `deb` + `debian` → `debian`, `deb` + `ubuntu` → `ubuntu`, `apk` +
/// `alpine` → `alpine`, `pypi` → `pypi`, `golang` → `go`. `None` for types OSV has no
/// ecosystem for (`generic`, `github`), which are matched by CPE instead.
pub fn ecosystem_of_purl_type(purl_type: &str, namespace: Option<&str>) -> Option<String> {
    let namespace = namespace.map(str::to_ascii_lowercase);
    let ecosystem = match purl_type {
        "deb" | "apk" | "rpm" => match namespace.as_deref() {
            Some("debian") => "debian",
            Some("ubuntu") => "ubuntu",
            Some("alpine") => "alpine",
            Some("wolfi") => "wolfi",
            Some("chainguard") => "chainguard",
            Some("alpaquita") => "alpaquita",
            Some("almalinux") => "almalinux",
            Some("rocky" | "rocky-linux") => "rocky linux",
            Some("redhat") => "red hat",
            Some("opensuse") => "opensuse",
            Some("suse") => "suse",
            Some("mageia") => "mageia",
            _ => return None,
        },
        "pypi" => "pypi",
        "npm" => "npm",
        "golang" => "go",
        "maven" => "maven",
        "cargo" => "crates.io",
        "nuget" => "nuget",
        "gem" => "rubygems",
        "composer" => "packagist",
        "hex" => "hex",
        "pub" => "pub",
        "swift" => "swifturl",
        "hackage" => "hackage",
        "cran" => "cran",
        "conan" => "conancenter",
        _ => return None,
    };
    Some(ecosystem.to_owned())
}

impl Advisory {
    /// Every key the advisory is filed under, sorted and without duplicates: one per
    /// affected package, one per vulnerable CPE criterion (platform criteria with
    /// `vulnerable: false` give none), and for a CSAF product its vendor/product words plus
    /// any CPE or purl it carries.
    pub fn match_keys(&self) -> Vec<MatchKey> {
        let mut keys = Vec::new();
        for affected in &self.affected {
            match affected {
                Affected::Package(package) => {
                    keys.push(MatchKey::package(&package.ecosystem, &package.name));
                }
                Affected::Cpe(configuration) => {
                    for criterion in configuration.nodes.iter().flat_map(|n| &n.matches) {
                        if criterion.vulnerable {
                            keys.extend(cpe_key(&criterion.criteria));
                        }
                    }
                }
                Affected::Product(product) => {
                    if let (Some(vendor), Some(name)) = (&product.vendor, &product.product_name) {
                        keys.push(MatchKey::product(vendor, name));
                    }
                    keys.extend(product.cpe.as_deref().and_then(cpe_key));
                    keys.extend(product.purls.iter().filter_map(|p| purl_key(p)));
                }
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }
}

/// The key of a CPE 2.3 formatted string or 2.2 URI; `None` when it does not parse or its
/// vendor or product is not a plain value (ANY, NA, wildcards).
pub fn cpe_key(text: &str) -> Option<MatchKey> {
    cpe_key_of(&rampart_sbom::Cpe::parse(text).ok()?)
}

/// [`cpe_key`] of a CPE name already parsed (matching parses each component's CPE once).
pub fn cpe_key_of(cpe: &rampart_sbom::Cpe) -> Option<MatchKey> {
    let vendor = cpe.vendor().as_literal()?;
    let product = cpe.product().as_literal()?;
    Some(MatchKey::cpe(&vendor, &product))
}

/// The key of a purl whose type maps to an OSV ecosystem.
pub fn purl_key(text: &str) -> Option<MatchKey> {
    purl_key_of(&rampart_sbom::Purl::parse(text).ok()?)
}

/// [`purl_key`] of a purl already parsed (matching parses each component's purl once).
pub fn purl_key_of(purl: &rampart_sbom::Purl) -> Option<MatchKey> {
    let ecosystem = ecosystem_of_purl_type(purl.ty(), purl.namespace())?;
    let name = match (purl.ty(), purl.namespace()) {
        ("maven", Some(group)) => format!("{group}:{}", purl.name()),
        ("npm", Some(scope)) => format!("{scope}/{}", purl.name()),
        ("golang", Some(path)) => format!("{path}/{}", purl.name()),
        ("composer", Some(vendor)) => format!("{vendor}/{}", purl.name()),
        _ => purl.name().to_owned(),
    };
    Some(MatchKey::package(&ecosystem, &name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecosystems_drop_their_release() {
        assert_eq!(base_ecosystem("Debian:12"), "debian");
        assert_eq!(base_ecosystem("Ubuntu:22.04:LTS"), "ubuntu");
        assert_eq!(ecosystem_release("Ubuntu:22.04:LTS"), Some("22.04:LTS"));
        assert_eq!(ecosystem_release("PyPI"), None);
    }

    #[test]
    fn pypi_names_follow_pep_503() {
        assert_eq!(
            MatchKey::package("PyPI", "Zope.Interface__x"),
            MatchKey::package("pypi", "zope-interface-x")
        );
        assert_ne!(
            MatchKey::package("npm", "React"),
            MatchKey::package("npm", "react")
        );
    }

    #[test]
    fn purls_key_like_osv_packages() {
        assert_eq!(
            purl_key("pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12"),
            Some(MatchKey::package("Debian:12", "openssl"))
        );
        assert_eq!(
            purl_key("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
            Some(MatchKey::package(
                "Maven",
                "org.apache.logging.log4j:log4j-core"
            ))
        );
        assert_eq!(
            purl_key("pkg:npm/%40babel/core@7.0.0"),
            Some(MatchKey::package("npm", "@babel/core"))
        );
        assert_eq!(
            purl_key("pkg:golang/github.com/gin-gonic/gin@v1.9.0"),
            Some(MatchKey::package("Go", "github.com/gin-gonic/gin"))
        );
        assert_eq!(purl_key("pkg:generic/busybox@1.36.1"), None);
    }

    #[test]
    fn only_vulnerable_criteria_give_keys() {
        use crate::model::{CpeConfiguration, CpeMatch, CpeNode, Operator};
        let advisory = Advisory {
            affected: vec![Affected::Cpe(CpeConfiguration {
                operator: Operator::And,
                negate: false,
                nodes: vec![CpeNode {
                    operator: Operator::Or,
                    negate: false,
                    matches: vec![
                        CpeMatch {
                            vulnerable: true,
                            criteria: "cpe:2.3:o:siemens:simatic_s7-1500_firmware:*:*:*:*:*:*:*:*"
                                .into(),
                            ..CpeMatch::default()
                        },
                        CpeMatch {
                            vulnerable: false,
                            criteria: "cpe:2.3:h:siemens:simatic_s7-1500:-:*:*:*:*:*:*:*".into(),
                            ..CpeMatch::default()
                        },
                    ],
                }],
            })],
            ..Advisory::default()
        };
        assert_eq!(
            advisory.match_keys(),
            vec![MatchKey::cpe("siemens", "simatic_s7-1500_firmware")]
        );
    }

    #[test]
    fn words_fold_case_and_punctuation() {
        assert_eq!(
            normalise_words("  SIMATIC  S7-1500 (CPU)"),
            "simatic s7-1500 cpu"
        );
    }
}

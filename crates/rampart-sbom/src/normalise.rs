//! Package names of embedded software mapped to the CPE vendor/product pairs NVD uses.
//!
//! SBOMs of firmware name packages as distributions and build systems do (`libssl3`,
//! `libcurl4-gnutls`, `linux`); NVD names products by CPE (`openssl:openssl`, `haxx:curl`,
//! `linux:linux_kernel`). The table (`data/products.toml`, compiled in) lists the names per
//! product; matching is exact after stripping packaging suffixes, so that a different product
//! that merely contains a name (`pyopenssl`, `util-linux`) never inherits its vulnerabilities.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::cpe::{Cpe, Part, Value};

/// A CPE vendor and product, as NVD spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VendorProduct {
    /// CPE part of the product's names.
    pub part: Part,
    /// CPE vendor, e.g. `haxx`.
    pub vendor: &'static str,
    /// CPE product, e.g. `curl`.
    pub product: &'static str,
}

impl VendorProduct {
    /// The CPE name of `version` of this product (every other attribute ANY); `None` for ANY.
    pub fn to_cpe(self, version: Option<&str>) -> Cpe {
        let cpe = Cpe::new(self.part, self.vendor, self.product);
        match version {
            Some(v) => cpe.with_value(3, Value::literal(v)),
            None => cpe,
        }
    }
}

impl fmt::Display for VendorProduct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.vendor, self.product)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    product: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    part: char,
    cpes: Vec<String>,
    names: Vec<String>,
    #[serde(default)]
    distro_names: BTreeMap<String, Vec<String>>,
}

/// The table, compiled in. `table_is_well_formed` in the tests parses it, so a broken edit
/// fails the build's tests rather than a user's run.
static TABLE: LazyLock<Vec<(Vec<VendorProduct>, Entry)>> = LazyLock::new(|| {
    let table: Table = toml::from_str(include_str!("../data/products.toml"))
        .expect("data/products.toml is valid (checked by the tests)");
    table
        .product
        .into_iter()
        .map(|entry| {
            let part = match entry.part {
                'o' => Part::OperatingSystem,
                'h' => Part::Hardware,
                _ => Part::Application,
            };
            let pairs = entry
                .cpes
                .iter()
                .map(|cpe| {
                    let (vendor, product) = cpe.split_once(':').expect("vendor:product");
                    VendorProduct {
                        part,
                        vendor: leak(vendor),
                        product: leak(product),
                    }
                })
                .collect();
            (pairs, entry)
        })
        .collect()
});

/// The table lives for the whole run; leaking its few strings once gives `&'static` pairs.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// Packaging suffixes that do not change which product a package is.
const PACKAGING_SUFFIXES: [&str; 7] = [
    "-dev", "-devel", "-dbg", "-dbgsym", "-doc", "-libs", "-static",
];

/// The spellings of `name` to look up: as given (lower case), without a packaging suffix, and
/// for `lib*` names without a trailing soname version (`libssl1.1` → `libssl`).
fn spellings(name: &str) -> Vec<String> {
    let lower = name.trim().to_ascii_lowercase();
    let mut out = vec![lower.clone()];
    let base = PACKAGING_SUFFIXES
        .iter()
        .find_map(|s| lower.strip_suffix(s))
        .unwrap_or(&lower)
        .to_string();
    if base != lower {
        out.push(base.clone());
    }
    if base.starts_with("lib") {
        let unversioned = base.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        if unversioned.len() > 3 && unversioned.len() < base.len() {
            out.push(unversioned.to_string());
        }
    }
    out
}

/// The distribution id of a purl `distro` qualifier or os-release id: `debian-12` → `debian`.
fn distro_id(distro: &str) -> String {
    let lower = distro.trim().to_ascii_lowercase();
    let id = lower.split(['-', ':', '/', ' ']).next().unwrap_or_default();
    id.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
        .to_string()
}

/// Candidate CPE vendor/product pairs for a package `name`, optionally on a distribution
/// (`debian`, `debian-12`, `fedora-39`), preferred first; empty when the name is not known.
pub fn candidates(name: &str, distro: Option<&str>) -> Vec<VendorProduct> {
    let spellings = spellings(name);
    let distro = distro.map(distro_id);
    for (pairs, entry) in TABLE.iter() {
        let generic = entry.names.iter().any(|n| spellings.contains(n));
        let on_distro = distro
            .as_ref()
            .and_then(|d| entry.distro_names.get(d))
            .is_some_and(|names| names.iter().any(|n| spellings.contains(n)));
        if generic || on_distro {
            return pairs.clone();
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for (pairs, entry) in TABLE.iter() {
            assert!(!pairs.is_empty() && !entry.names.is_empty());
            assert!(matches!(entry.part, 'a' | 'o' | 'h'), "part {}", entry.part);
            for n in &entry.names {
                assert_eq!(n, &n.to_ascii_lowercase());
                assert!(seen.insert(n.clone()), "{n} listed twice");
            }
            for cpe in &entry.cpes {
                let (v, p) = cpe.split_once(':').expect("vendor:product");
                Cpe::parse(&format!("cpe:2.3:a:{v}:{p}:*:*:*:*:*:*:*:*")).expect(cpe);
            }
        }
    }

    #[test]
    fn spellings_strip_suffixes_and_soname_versions() {
        assert_eq!(spellings("libssl1.1"), ["libssl1.1", "libssl"]);
        assert_eq!(spellings("libssl-dev"), ["libssl-dev", "libssl"]);
        assert_eq!(
            spellings("libcurl4-dev"),
            ["libcurl4-dev", "libcurl4", "libcurl"]
        );
        // Only lib* names lose trailing digits: python3 stays python3.
        assert_eq!(spellings("python3"), ["python3"]);
    }

    #[test]
    fn distro_ids_drop_release_numbers() {
        assert_eq!(distro_id("debian-12"), "debian");
        assert_eq!(distro_id("fedora-39"), "fedora");
        assert_eq!(distro_id("alpine-3.19"), "alpine");
        assert_eq!(distro_id("Ubuntu"), "ubuntu");
    }
}

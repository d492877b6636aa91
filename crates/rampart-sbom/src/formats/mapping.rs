//! The field rules both formats share: hash algorithm names, suppliers, and checking and
//! canonicalising the identifiers a component carries (purl, CPE, digests) as it is read.

use rampart_yaml::Problem;

use crate::{Component, Cpe, Hash, Purl};

use super::text;

/// CycloneDX hash algorithm names (1.6 `hash-alg`) with the SPDX 2.3 spelling and the digest
/// length in hex digits (`None` for variable-length BLAKE3).
const ALGORITHMS: [(&str, &str, Option<usize>); 12] = [
    ("MD5", "MD5", Some(32)),
    ("SHA-1", "SHA1", Some(40)),
    ("SHA-256", "SHA256", Some(64)),
    ("SHA-384", "SHA384", Some(96)),
    ("SHA-512", "SHA512", Some(128)),
    ("SHA3-256", "SHA3-256", Some(64)),
    ("SHA3-384", "SHA3-384", Some(96)),
    ("SHA3-512", "SHA3-512", Some(128)),
    ("BLAKE2b-256", "BLAKE2b-256", Some(64)),
    ("BLAKE2b-384", "BLAKE2b-384", Some(96)),
    ("BLAKE2b-512", "BLAKE2b-512", Some(128)),
    ("BLAKE3", "BLAKE3", None),
];

/// SPDX algorithms CycloneDX has no name for, with their digest length; kept under their
/// SPDX name and not written to CycloneDX.
const SPDX_ONLY_ALGORITHMS: [(&str, Option<usize>); 5] = [
    ("SHA224", Some(56)),
    ("MD2", Some(32)),
    ("MD4", Some(32)),
    ("MD6", None),
    ("ADLER32", Some(8)),
];

/// The CycloneDX name of a CycloneDX or SPDX algorithm name (SPDX-only ones keep the SPDX
/// name), or `None` when neither format knows it.
pub(crate) fn algorithm_from(name: &str) -> Option<&'static str> {
    ALGORITHMS
        .iter()
        .find(|(cdx, spdx, _)| *cdx == name || *spdx == name)
        .map(|(cdx, _, _)| *cdx)
        .or_else(|| {
            SPDX_ONLY_ALGORITHMS
                .iter()
                .find(|(spdx, _)| *spdx == name)
                .map(|(spdx, _)| *spdx)
        })
}

/// Whether CycloneDX can name the algorithm.
pub(crate) fn is_cyclonedx_algorithm(name: &str) -> bool {
    ALGORITHMS.iter().any(|(cdx, _, _)| *cdx == name)
}

/// The SPDX name of an algorithm as [`Hash::algorithm`] holds it.
pub(crate) fn spdx_algorithm(name: &str) -> &str {
    ALGORITHMS
        .iter()
        .find(|(cdx, _, _)| *cdx == name)
        .map_or(name, |(_, spdx, _)| spdx)
}

fn digest_length(algorithm: &str) -> Option<usize> {
    ALGORITHMS
        .iter()
        .find(|(cdx, _, _)| *cdx == algorithm)
        .map(|(_, _, len)| *len)
        .or_else(|| {
            SPDX_ONLY_ALGORITHMS
                .iter()
                .find(|(spdx, _)| *spdx == algorithm)
                .map(|(_, len)| *len)
        })
        .flatten()
}

/// A hash as read, checked: a known algorithm and a hex digest of its length, lower-cased.
pub(crate) fn hash(algorithm: &str, value: &str) -> Result<Hash, String> {
    let Some(name) = algorithm_from(algorithm) else {
        return Err(format!("unknown hash algorithm {algorithm:?}"));
    };
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("{name} digest {value:?} is not hexadecimal"));
    }
    if let Some(len) = digest_length(name)
        && value.len() != len
    {
        return Err(format!(
            "{name} digest {value:?} has {} hex digits, expected {len}",
            value.len()
        ));
    }
    Ok(Hash {
        algorithm: name.to_owned(),
        value: value.to_ascii_lowercase(),
    })
}

/// The supplier as SPDX writes it (`Organization: ACME`, `Person: Jane`) in the neutral form:
/// organisations by name alone, persons keeping their prefix so that a round trip through
/// SPDX keeps the kind; `NOASSERTION` is no supplier.
pub(crate) fn supplier_from_spdx(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() || value == "NOASSERTION" {
        return None;
    }
    Some(
        value
            .strip_prefix("Organization:")
            .map_or(value, str::trim)
            .to_owned(),
    )
}

/// The neutral supplier as SPDX writes it.
pub(crate) fn supplier_to_spdx(supplier: &str) -> String {
    if supplier.starts_with("Person:") || supplier.starts_with("Organization:") {
        supplier.to_owned()
    } else {
        format!("Organization: {supplier}")
    }
}

/// Checks and canonicalises the identifiers of a component just read: the purl to its
/// canonical form, CPEs to CPE 2.3 formatted strings. A bad one is a problem located at its
/// first occurrence in `text`.
pub(crate) fn canonicalise(
    file: &str,
    text: &str,
    component: &mut Component,
    problems: &mut Vec<Problem>,
) {
    let mut problem = |needle: &str, message: String| {
        let Some((line, col)) = text::locate_bounded(text, needle, problems.len()) else {
            return;
        };
        problems.push(Problem {
            file: file.to_owned(),
            line,
            col,
            message,
        });
    };
    if let Some(purl) = &component.purl {
        match Purl::parse(purl) {
            Ok(p) => component.purl = Some(p.to_string()),
            Err(e) => problem(purl, format!("component {:?}: {e}", component.name)),
        }
    }
    for cpe in &mut component.cpes {
        match Cpe::parse(cpe) {
            Ok(c) => *cpe = c.to_formatted_string(),
            Err(e) => problem(cpe, format!("component {:?}: {e}", component.name)),
        }
    }
}

/// The kinds CycloneDX 1.6 names (`component.type`).
pub(crate) const CYCLONEDX_KINDS: [&str; 13] = [
    "application",
    "framework",
    "library",
    "container",
    "platform",
    "operating-system",
    "device",
    "device-driver",
    "firmware",
    "file",
    "machine-learning-model",
    "data",
    "cryptographic-asset",
];

/// The kinds SPDX 2.3 names (`primaryPackagePurpose`), lower case.
pub(crate) const SPDX_KINDS: [&str; 12] = [
    "application",
    "framework",
    "library",
    "container",
    "operating-system",
    "device",
    "firmware",
    "source",
    "archive",
    "file",
    "install",
    "other",
];

/// Whether a licence is an SPDX licence expression with an operator (`MIT OR Apache-2.0`,
/// `(GPL-2.0-only WITH Classpath-exception-2.0)`) rather than one licence id or a name such
/// as `GNU GPL v2 (or later)`: ids joined by `AND`, `OR` and `WITH`, parentheses balanced.
pub(crate) fn is_expression(licence: &str) -> bool {
    let spaced = licence.replace('(', " ( ").replace(')', " ) ");
    let mut depth = 0usize;
    let mut expect_id = true;
    let mut operators = 0;
    for token in spaced.split_whitespace() {
        match token {
            "(" if expect_id => depth += 1,
            ")" if !expect_id && depth > 0 => depth -= 1,
            "AND" | "OR" | "WITH" if !expect_id => {
                operators += 1;
                expect_id = true;
            }
            id if expect_id
                && id.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+' | b':')
                }) =>
            {
                expect_id = false;
            }
            _ => return false,
        }
    }
    operators > 0 && depth == 0 && !expect_id
}

/// The licence of an SPDX package: the declared one, else the concluded one (the concluded
/// licence is the reviewer's finding; when both are given the declared one is what the
/// supplier states and what CycloneDX carries); `NOASSERTION` and `NONE` are no licence.
pub(crate) fn spdx_licences(declared: Option<&str>, concluded: Option<&str>) -> Vec<String> {
    [declared, concluded]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|l| !l.is_empty() && *l != "NOASSERTION" && *l != "NONE")
        .map(str::to_owned)
        .into_iter()
        .collect()
}

/// The neutral licences as one SPDX licence expression: one as it is, several joined with
/// `AND` (each in parentheses when it is an expression or a name with spaces).
pub(crate) fn spdx_licence_expression(list: &[String]) -> Option<String> {
    match list {
        [] => None,
        [one] => Some(one.clone()),
        many => Some(
            many.iter()
                .map(|l| {
                    if l.contains(' ') {
                        format!("({l})")
                    } else {
                        l.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" AND "),
        ),
    }
}

/// A 64-bit FNV-1a digest: stable across runs and platforms, for generated identifiers.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::is_expression;

    #[test]
    fn expressions_are_told_from_licence_names() {
        assert!(is_expression("MIT OR Apache-2.0"));
        assert!(is_expression("(LGPL-2.0-only AND LicenseRef-3)"));
        assert!(is_expression("GPL-2.0-only WITH Classpath-exception-2.0"));
        assert!(!is_expression("MIT"));
        assert!(!is_expression("GNU GPL v2 (or later)"));
        // A fuzz finding: an id with unbalanced parentheses is a name, not an expression.
        assert!(!is_expression("BSD-3-Clause(((("));
        assert!(!is_expression("MIT AND"));
    }
}

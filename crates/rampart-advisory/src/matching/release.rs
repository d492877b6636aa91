//! Distro releases: the purl `distro` qualifier (`debian-12`, `bookworm`, `ubuntu-22.04`,
//! `alpine-3.18`) and the release part of an OSV ecosystem (`Debian:12`, `Ubuntu:22.04:LTS`,
//! `Alpine:v3.18`) brought to one canonical form (`12`, `22.04`, `3.18`), so a Debian 11
//! record never judges a Debian 12 package.

/// OSV base ecosystems (lower case) of distributions: their records judge distro packages,
/// and supersede upstream CPE matches for them.
pub(crate) const DISTRO_ECOSYSTEMS: [&str; 12] = [
    "debian",
    "ubuntu",
    "alpine",
    "wolfi",
    "chainguard",
    "alpaquita",
    "almalinux",
    "rocky linux",
    "red hat",
    "opensuse",
    "suse",
    "mageia",
];

/// Debian and Ubuntu codenames and their release numbers.
const CODENAMES: [(&str, &str); 22] = [
    ("jessie", "8"),
    ("stretch", "9"),
    ("buster", "10"),
    ("bullseye", "11"),
    ("bookworm", "12"),
    ("trixie", "13"),
    ("forky", "14"),
    ("trusty", "14.04"),
    ("xenial", "16.04"),
    ("bionic", "18.04"),
    ("focal", "20.04"),
    ("groovy", "20.10"),
    ("hirsute", "21.04"),
    ("impish", "21.10"),
    ("jammy", "22.04"),
    ("kinetic", "22.10"),
    ("lunar", "23.04"),
    ("mantic", "23.10"),
    ("noble", "24.04"),
    ("oracular", "24.10"),
    ("plucky", "25.04"),
    ("questing", "25.10"),
];

/// The canonical release of a purl `distro` qualifier for a package of `ecosystem` (OSV base,
/// lower case): `debian-12`, `debian-12.4`, `bookworm` and `debian-bookworm` → `12`;
/// `ubuntu-22.04` and `jammy` → `22.04`; `alpine-3.18` and `alpine-3.18.4` → `3.18`.
pub(crate) fn distro_release(ecosystem: &str, qualifier: &str) -> Option<String> {
    let lower = qualifier.trim().to_ascii_lowercase();
    let rest = lower.strip_prefix(ecosystem).map_or(lower.as_str(), |r| {
        r.trim_start_matches(['-', ':', '/', ' '])
    });
    canonical(ecosystem, rest)
}

/// The canonical release of an OSV ecosystem's release part (`12`, `22.04:LTS`,
/// `Pro:18.04:LTS`, `v3.18`), for a record of base ecosystem `ecosystem`.
pub(crate) fn osv_release(ecosystem: &str, release: &str) -> Option<String> {
    let lower = release.trim().to_ascii_lowercase();
    // Ubuntu writes `22.04:LTS` and `Pro:18.04:LTS`: the numeric part is the release.
    let numeric = lower
        .split(':')
        .find(|part| part.starts_with(|c: char| c.is_ascii_digit()) || part.starts_with('v'))
        .unwrap_or(&lower);
    canonical(ecosystem, numeric)
}

fn canonical(ecosystem: &str, text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some((_, number)) = CODENAMES.iter().find(|(name, _)| *name == text) {
        return Some((*number).to_owned());
    }
    let text = text.strip_prefix('v').unwrap_or(text);
    let parts: Vec<&str> = text.split('.').collect();
    if parts.is_empty()
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        // A release we cannot read stays as written and is compared as such.
        return Some(text.to_owned());
    }
    // Debian names a release by its major number (12.4 is a point release of 12); Ubuntu
    // and Alpine by major.minor (22.04, 3.18; 3.18.4 is a point release of 3.18).
    let keep = if ecosystem == "debian" { 1 } else { 2 };
    Some(parts[..parts.len().min(keep)].join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purl_distro_qualifiers_map_to_releases() {
        assert_eq!(distro_release("debian", "debian-12").as_deref(), Some("12"));
        assert_eq!(
            distro_release("debian", "debian-12.4").as_deref(),
            Some("12")
        );
        assert_eq!(distro_release("debian", "bookworm").as_deref(), Some("12"));
        assert_eq!(
            distro_release("debian", "debian-bookworm").as_deref(),
            Some("12")
        );
        assert_eq!(
            distro_release("ubuntu", "ubuntu-22.04").as_deref(),
            Some("22.04")
        );
        assert_eq!(distro_release("ubuntu", "jammy").as_deref(), Some("22.04"));
        assert_eq!(
            distro_release("alpine", "alpine-3.18").as_deref(),
            Some("3.18")
        );
        assert_eq!(
            distro_release("alpine", "alpine-3.18.4").as_deref(),
            Some("3.18")
        );
    }

    #[test]
    fn osv_ecosystem_releases_map_to_the_same_form() {
        assert_eq!(osv_release("debian", "12").as_deref(), Some("12"));
        assert_eq!(osv_release("ubuntu", "22.04:LTS").as_deref(), Some("22.04"));
        assert_eq!(
            osv_release("ubuntu", "Pro:18.04:LTS").as_deref(),
            Some("18.04")
        );
        assert_eq!(osv_release("alpine", "v3.18").as_deref(), Some("3.18"));
        assert_ne!(
            osv_release("debian", "11"),
            distro_release("debian", "debian-12")
        );
    }
}

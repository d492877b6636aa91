//! Packagist (Composer) versions, ordered as PHP's `version_compare` orders them, with
//! Composer's leading `v` removed.
//!
//! Hand-written because no Rust crate implements PHP's order. Rules, from php-src's
//! `versioning.c` as OSV applies them:
//! - a leading `v` or `V` is dropped; `-`, `_` and `+` read as `.`, and a `.` is put between a
//!   digit and a non-digit (`1.0rc1` is `1.0.rc.1`); the parts are what lies between dots;
//! - two numbers compare numerically (any length); two words by their special form, `dev` <
//!   `a…` (alpha) < `b…` (beta) < `RC…`/`rc…` < a number < `p…` (`pl`, patch level), by
//!   prefix, any other word weighing as `dev`; a number against a word weighs as between `rc`
//!   and `p`;
//! - when one version has more parts, a further number makes it the greater (`1.0.0 >
//!   1.0`), and further words compare against a number (`1.0 > 1.0rc1`, `1.0 < 1.0pl1`).
//!
//! Only an empty version, whitespace and control characters are refused: PHP orders any
//! other text.

use std::cmp::Ordering;

use crate::{Ecosystem, VersionError, cmp_digits};

/// A Packagist version, as its canonical parts.
#[derive(Debug)]
pub(crate) struct Version {
    parts: Vec<String>,
}

impl Version {
    pub(crate) fn parse(text: &str) -> Result<Self, VersionError> {
        let fail = |reason: String| VersionError::invalid(Ecosystem::Packagist, text, reason);
        if text.is_empty() {
            return Err(fail("the version is empty".to_owned()));
        }
        if let Some(c) = text.chars().find(|c| c.is_whitespace() || c.is_control()) {
            return Err(fail(format!("it contains the character {c:?}")));
        }
        let unprefixed = text
            .strip_prefix('v')
            .or_else(|| text.strip_prefix('V'))
            .unwrap_or(text);
        let mut canonical = String::with_capacity(unprefixed.len() + 4);
        let mut previous: Option<char> = None;
        for c in unprefixed.chars() {
            let c = if matches!(c, '-' | '_' | '+') { '.' } else { c };
            if let Some(p) = previous
                && p != '.'
                && c != '.'
                && p.is_ascii_digit() != c.is_ascii_digit()
            {
                canonical.push('.');
            }
            canonical.push(c);
            previous = Some(c);
        }
        Ok(Version {
            parts: canonical.split('.').map(str::to_owned).collect(),
        })
    }
}

fn is_number(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())
}

/// The weight of a word (`#` stands for a number).
fn weight(word: &str) -> u8 {
    if word.starts_with("RC") || word.starts_with("rc") {
        return 3;
    }
    ["dev", "a", "b", "rc", "#", "p"]
        .iter()
        .position(|special| word.starts_with(special))
        .map_or(0, |i| i as u8)
}

/// Generic over the part type so that stored parts and the `#` stand-in compare without
/// copying either side into a new list.
fn compare_parts<A: AsRef<str>, B: AsRef<str>>(a: &[A], b: &[B]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (x.as_ref(), y.as_ref());
        let order = match (is_number(x), is_number(y)) {
            (true, true) => cmp_digits(x, y),
            (false, false) => weight(x).cmp(&weight(y)),
            (true, false) => weight("#").cmp(&weight(y)),
            (false, true) => weight(x).cmp(&weight("#")),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    match a.len().cmp(&b.len()) {
        Ordering::Greater if is_number(a[b.len()].as_ref()) => Ordering::Greater,
        Ordering::Greater => compare_parts(&a[b.len()..], &["#"]),
        Ordering::Less if is_number(b[a.len()].as_ref()) => Ordering::Less,
        Ordering::Less => compare_parts(&["#"], &b[a.len()..]),
        Ordering::Equal => Ordering::Equal,
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_parts(&self.parts, &other.parts)
    }
}

order_traits_from_ord!(Version);

#[cfg(test)]
mod tests {
    use std::cmp::Ordering::{Equal, Greater, Less};

    use crate::{Ecosystem, compare};

    fn cmp(a: &str, b: &str) -> std::cmp::Ordering {
        compare(Ecosystem::Packagist, a, b).unwrap()
    }

    #[test]
    fn special_forms_order_dev_alpha_beta_rc_release_patch() {
        let order = ["1.0-dev", "1.0a1", "1.0b1", "1.0RC1", "1.0", "1.0pl1"];
        for pair in order.windows(2) {
            assert_eq!(cmp(pair[0], pair[1]), Less, "{pair:?}");
        }
        assert_eq!(cmp("1.0RC1", "1.0rc1"), Equal);
        assert_eq!(cmp("1.0alpha2", "1.0a2"), Equal);
    }

    #[test]
    fn numbers_compare_numerically_and_more_parts_win() {
        assert_eq!(cmp("10", "2"), Greater);
        assert_eq!(cmp("1.2", "1.0.1"), Greater);
        assert_eq!(cmp("1.0.0", "1.0"), Greater);
        assert_eq!(cmp("1.99999999999999999999999", "1.9"), Greater);
    }

    #[test]
    fn a_leading_v_and_separators_do_not_count() {
        assert_eq!(cmp("v1.0pl1", "1.0pl1"), Equal);
        assert_eq!(cmp("1.0-rc1", "1.0rc1"), Equal);
        assert_eq!(cmp("1.0_rc1", "1.0+rc1"), Equal);
    }

    #[test]
    fn unknown_words_weigh_as_dev() {
        assert_eq!(cmp("1.0-foo", "1.0-dev"), Equal);
        assert_eq!(cmp("1.0-foo", "1.0a1"), Less);
    }

    #[test]
    fn empty_and_blank_versions_are_refused() {
        for bad in ["", "1.0 beta", "1.0\u{7}"] {
            let err = compare(Ecosystem::Packagist, bad, "1")
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("invalid packagist version"), "{err}");
        }
    }
}

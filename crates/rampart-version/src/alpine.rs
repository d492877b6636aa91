//! Alpine apk versions: `number{.number}…{letter}{_suffix{number}}…{~hash}{-r#}`.
//!
//! Hand-written: no maintained Rust crate orders apk versions. The rules are apk-tools'
//! (`doc/apk-package.5`) as OSV applies them: numeric components compared as numbers, except
//! that a later component with a leading zero on either side compares as text (`1.01 < 1.1`);
//! a missing component counts as 0; any letter sorts after none; suffixes weigh
//! `alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p`, then by their number; the
//! commit hash is not ordered; a missing `-r` counts as `-r0`.

use std::cmp::Ordering;

use crate::{Ecosystem, VersionError, cmp_digits};

/// Suffix names in ascending order; "no suffix" sits between `rc` and `cvs`.
const SUFFIXES: [&str; 9] = ["alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"];
/// The weight of a missing suffix: after `rc` (index 3), before `cvs` (index 4 + 1).
const NO_SUFFIX: usize = 4;

/// A parsed apk version, borrowing the digit runs of the text it came from.
#[derive(Debug)]
pub(crate) struct Version<'a> {
    numbers: Vec<&'a str>,
    letter: Option<u8>,
    /// (weight, digits): weight is `NO_SUFFIX` for none, below it for pre-releases.
    suffixes: Vec<(usize, &'a str)>,
    build: &'a str,
}

impl<'a> Version<'a> {
    pub(crate) fn parse(text: &'a str) -> Result<Self, VersionError> {
        let fail = |reason: &str| VersionError::invalid(Ecosystem::Alpine, text, reason);
        let mut rest = text;
        let mut numbers = Vec::new();
        loop {
            let digits = take_digits(&mut rest);
            if digits.is_empty() {
                return Err(fail(if numbers.is_empty() {
                    "it must start with a digit"
                } else {
                    "a '.' must be followed by a digit"
                }));
            }
            numbers.push(digits);
            match rest.strip_prefix('.') {
                Some(after) => rest = after,
                None => break,
            }
        }
        let mut letter = None;
        if let Some(&c) = rest.as_bytes().first().filter(|c| c.is_ascii_lowercase()) {
            letter = Some(c);
            rest = &rest[1..];
        }
        let mut suffixes = Vec::new();
        while let Some(after) = rest.strip_prefix('_') {
            let name_len = after.bytes().take_while(u8::is_ascii_lowercase).count();
            let name = &after[..name_len];
            let index = SUFFIXES
                .iter()
                .position(|s| *s == name)
                .ok_or_else(|| fail(&format!("unknown suffix \"_{name}\" (known: _alpha, _beta, _pre, _rc, _cvs, _svn, _git, _hg, _p)")))?;
            let weight = if index < NO_SUFFIX { index } else { index + 1 };
            rest = &after[name_len..];
            suffixes.push((weight, take_digits(&mut rest)));
        }
        if let Some(after) = rest.strip_prefix('~') {
            let hash_len = after
                .bytes()
                .take_while(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
                .count();
            if hash_len == 0 {
                return Err(fail(
                    "'~' must be followed by a lower-case hexadecimal commit hash",
                ));
            }
            rest = &after[hash_len..];
        }
        let mut build = "";
        if let Some(after) = rest.strip_prefix("-r") {
            rest = after;
            build = take_digits(&mut rest);
        }
        if !rest.is_empty() {
            return Err(fail(&format!("unexpected {rest:?} after the version")));
        }
        Ok(Version {
            numbers,
            letter,
            suffixes,
            build,
        })
    }
}

fn take_digits<'a>(rest: &mut &'a str) -> &'a str {
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, after) = rest.split_at(len);
    *rest = after;
    digits
}

fn cmp_numbers(a: &[&str], b: &[&str]) -> Ordering {
    for i in 0..a.len().max(b.len()) {
        let order = match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) if i > 0 && (x.starts_with('0') || y.starts_with('0')) => x.cmp(y),
            (x, y) => cmp_digits(x.copied().unwrap_or("0"), y.copied().unwrap_or("0")),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

impl Ord for Version<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_numbers(&self.numbers, &other.numbers)
            .then_with(|| self.letter.cmp(&other.letter))
            .then_with(|| {
                for i in 0..self.suffixes.len().max(other.suffixes.len()) {
                    let (wa, na) = self.suffixes.get(i).copied().unwrap_or((NO_SUFFIX, ""));
                    let (wb, nb) = other.suffixes.get(i).copied().unwrap_or((NO_SUFFIX, ""));
                    let order = wa.cmp(&wb).then_with(|| cmp_digits(na, nb));
                    if order != Ordering::Equal {
                        return order;
                    }
                }
                Ordering::Equal
            })
            .then_with(|| cmp_digits(self.build, other.build))
    }
}

order_traits_from_ord!(Version<'_>);

#[cfg(test)]
mod tests {
    use std::cmp::Ordering::{Equal, Greater, Less};

    use crate::{Ecosystem, compare};

    fn cmp(a: &str, b: &str) -> std::cmp::Ordering {
        compare(Ecosystem::Alpine, a, b).unwrap()
    }

    #[test]
    fn release_candidates_sort_before_the_release_and_revisions_after() {
        assert_eq!(cmp("3.1.4_rc1-r0", "3.1.4-r0"), Less);
        assert_eq!(cmp("3.1.4_beta2", "3.1.4_rc1"), Less);
        assert_eq!(cmp("3.1.4-r1", "3.1.4-r0"), Greater);
        assert_eq!(cmp("3.1.4-r10", "3.1.4-r9"), Greater);
        assert_eq!(cmp("3.1.4_p1", "3.1.4-r5"), Greater);
        assert_eq!(cmp("1.2.3", "1.2.3-r0"), Equal);
    }

    #[test]
    fn letters_and_leading_zero_components() {
        assert_eq!(cmp("1.1.1k-r0", "1.1.1l-r0"), Less);
        assert_eq!(cmp("1.0a", "1.0"), Greater);
        assert_eq!(cmp("1.01", "1.1"), Less);
        assert_eq!(cmp("1.2.10", "1.2.9"), Greater);
        assert_eq!(cmp("1.2", "1.2.0"), Equal);
    }

    #[test]
    fn the_commit_hash_is_accepted_but_not_ordered() {
        assert_eq!(
            cmp("1.0_git20240101~abc123-r0", "1.0_git20240101~def456-r0"),
            Equal
        );
    }

    #[test]
    fn invalid_versions_name_the_cause() {
        let err = compare(Ecosystem::Alpine, "1.0_foo", "1.0")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"1.0_foo\"") && err.contains("unknown suffix \"_foo\""),
            "{err}"
        );
        let err = compare(Ecosystem::Alpine, "1.0", "v1.0")
            .unwrap_err()
            .to_string();
        assert!(err.contains("must start with a digit"), "{err}");
        assert!(compare(Ecosystem::Alpine, "1.0-r1 ", "1.0").is_err());
    }
}

//! The glibc functions FORTIFY_SOURCE replaces, and checksec's way of counting them in a
//! binary's dynamic symbols.
//!
//! checksec 2.6.0 reads the list from the host's libc at run time, so its counts change with
//! the machine; Rampart compiles in the list of Debian 12's glibc 2.36
//! (`data/glibc-fortify.txt`, with the command that produced it), so the same image gives the
//! same counts everywhere.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::Fortify;

/// The fortified names (`memcpy_chk`) and the functions they replace (`memcpy`).
struct FortifyNames {
    fortified: HashSet<&'static [u8]>,
    fortifiable: HashSet<Vec<u8>>,
}

fn names() -> &'static FortifyNames {
    static NAMES: OnceLock<FortifyNames> = OnceLock::new();
    NAMES.get_or_init(|| {
        let fortified: HashSet<&'static [u8]> = include_str!("../../data/glibc-fortify.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::as_bytes)
            .collect();
        // checksec removes every `_chk` (bash `${list//_chk/}`), not only the last one.
        let fortifiable = fortified
            .iter()
            .map(|name| {
                String::from_utf8_lossy(name)
                    .replace("_chk", "")
                    .into_bytes()
            })
            .collect();
        FortifyNames {
            fortified,
            fortifiable,
        }
    })
}

/// Counts as checksec does: each dynamic symbol name, leading underscores removed, is
/// fortified if it is in glibc's `_chk` list and fortifiable if it is the function such an
/// entry replaces; every symbol counts (duplicates too). FORTIFY_SOURCE is on when any name
/// ends in `_chk`, whether glibc knows it or not.
pub fn count<'a>(dynamic_symbol_names: impl IntoIterator<Item = &'a [u8]>) -> Fortify {
    let names = names();
    let mut fortify = Fortify::default();
    for name in dynamic_symbol_names {
        let start = name.iter().position(|&b| b != b'_').unwrap_or(name.len());
        let name = &name[start..];
        if name.is_empty() {
            continue;
        }
        if name.ends_with(b"_chk") {
            fortify.enabled = true;
        }
        if names.fortified.contains(name) {
            fortify.fortified += 1;
        } else if names.fortifiable.contains(name) {
            fortify.fortifiable += 1;
        }
    }
    fortify.fortifiable += fortify.fortified;
    fortify
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn fortified_and_plain_calls_are_counted_like_checksec() {
        let names: [&[u8]; 5] = [
            b"__memcpy_chk",
            b"__printf_chk",
            b"strcpy",
            b"__stack_chk_fail",
            b"puts",
        ];
        let fortify = count(names);
        assert!(fortify.enabled);
        assert_eq!(fortify.fortified, 2);
        assert_eq!(fortify.fortifiable, 3);
    }

    #[test]
    fn stack_chk_fail_alone_is_not_fortify_source() {
        let names: [&[u8]; 2] = [b"__stack_chk_fail", b"memcpy"];
        let fortify = count(names);
        assert!(!fortify.enabled);
        assert_eq!((fortify.fortified, fortify.fortifiable), (0, 1));
    }

    #[test]
    fn an_unknown_chk_name_enables_but_is_not_counted() {
        let names: [&[u8]; 1] = [b"__vendor_copy_chk"];
        let fortify = count(names);
        assert!(fortify.enabled);
        assert_eq!(fortify.fortifiable, 0);
    }
}

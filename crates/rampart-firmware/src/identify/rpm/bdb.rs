//! A read-only reader of the values of a Berkeley DB hash database: rpm's `Packages` file
//! before rpm 4.16 (CentOS 7 and 8, RHEL 8, Yocto before 3.3, and images of that age).
//!
//! Written here because no Rust crate reads Berkeley DB files, and libdb (C, AGPL since 6.0)
//! is no dependency to take for one table. rpm's `Packages` is a hash database whose keys
//! are package numbers and whose values are headers, nearly always stored off-page (a chain
//! of overflow pages). The reader visits the hash pages in file order and follows each
//! value: the layout (`dbinc/db_page.h` of Berkeley DB 5.3, as `db_dump` reads it) is a
//! 26-byte page header (`next_pgno` at 16, `entries` at 20, `hf_offset` at 22, `type` at 25),
//! then the item offsets of a hash page; items are `H_KEYDATA` (the bytes inline) or
//! `H_OFFPAGE` (first overflow page and total length); an overflow page holds `hf_offset`
//! bytes after its header. Byte order is the metadata magic's. Every page number and length
//! is checked, each overflow page is read at most once per value, values are capped.

use std::borrow::Cow;
use std::collections::HashSet;

use super::{DatabaseError, fail};

/// The hash metadata magic (`DB_HASHMAGIC`).
const HASH_MAGIC: u32 = 0x0006_1561;
/// Page header size (`P_OVERHEAD`).
const PAGE_HEADER: usize = 26;
/// Page types (`P_HASH_UNSORTED`, `P_OVERFLOW`, `P_HASH`).
const P_HASH_UNSORTED: u8 = 2;
const P_OVERFLOW: u8 = 7;
const P_HASH: u8 = 13;
/// Item types (`H_KEYDATA`, `H_OFFPAGE`).
const H_KEYDATA: u8 = 1;
const H_OFFPAGE: u8 = 3;
/// Largest value read (an rpm header is rarely over 1 MiB).
const MAX_VALUE: usize = 16 << 20;

/// Whether `data` starts like a Berkeley DB hash database.
pub(super) fn is_hash_database(data: &[u8]) -> bool {
    data.get(12..16).is_some_and(|m| {
        let m = [m[0], m[1], m[2], m[3]];
        u32::from_le_bytes(m) == HASH_MAGIC || u32::from_be_bytes(m) == HASH_MAGIC
    })
}

struct Pages<'a> {
    data: &'a [u8],
    size: usize,
    count: usize,
    big_endian: bool,
}

impl Pages<'_> {
    fn u16_at(&self, at: usize) -> usize {
        let b = [self.data[at], self.data[at + 1]];
        usize::from(if self.big_endian {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let b = self.data.get(at..at + 4)?;
        let b = [b[0], b[1], b[2], b[3]];
        Some(if self.big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    }

    /// The bytes of page `n`, when it is in the file.
    fn page(&self, n: usize) -> Option<usize> {
        (n < self.count).then(|| n * self.size)
    }
}

/// Calls `each` with every value of the hash database `data`, in page order. An error (a
/// message naming the byte offset) stops at the first damaged place; values before it were
/// passed.
pub(super) fn values(
    data: &[u8],
    mut each: impl FnMut(Cow<'_, [u8]>),
) -> Result<(), DatabaseError> {
    let magic = data
        .get(12..16)
        .map(|m| [m[0], m[1], m[2], m[3]])
        .ok_or_else(|| DatabaseError::at(0, "shorter than a Berkeley DB metadata page"))?;
    let big_endian = if u32::from_le_bytes(magic) == HASH_MAGIC {
        false
    } else if u32::from_be_bytes(magic) == HASH_MAGIC {
        true
    } else {
        return fail(12, "not a Berkeley DB hash database");
    };
    let mut pages = Pages {
        data,
        size: 0,
        count: 0,
        big_endian,
    };
    let size = pages.u32_at(20).unwrap_or(0) as usize;
    if !(512..=65536).contains(&size) || !size.is_power_of_two() {
        return fail(20, format!("page size {size}"));
    }
    if data.get(24).is_some_and(|&alg| alg != 0) {
        return fail(24, "the database is encrypted");
    }
    let last = pages.u32_at(32).unwrap_or(0) as usize;
    pages.size = size;
    pages.count = (data.len() / size).min(last.saturating_add(1));
    for n in 1..pages.count {
        let start = n * size;
        let kind = data[start + 25];
        if kind != P_HASH && kind != P_HASH_UNSORTED {
            continue;
        }
        let entries = pages.u16_at(start + 20);
        if PAGE_HEADER + 2 * entries > size {
            return fail(
                start + 20,
                format!("{entries} items do not fit in page {n}"),
            );
        }
        // Items are laid out from the page's end backwards: item i ends where item i - 1
        // starts. Keys are the even items, values the odd ones.
        for i in (1..entries).step_by(2) {
            let offset = pages.u16_at(start + PAGE_HEADER + 2 * i);
            let end = pages.u16_at(start + PAGE_HEADER + 2 * (i - 1));
            if offset < PAGE_HEADER + 2 * entries || offset >= end || end > size {
                return fail(
                    start + PAGE_HEADER + 2 * i,
                    format!("item {i} of page {n} is out of place"),
                );
            }
            let item = start + offset;
            match data[item] {
                H_KEYDATA => each(Cow::Borrowed(&data[item + 1..start + end])),
                H_OFFPAGE => {
                    let (Some(first), Some(total)) =
                        (pages.u32_at(item + 4), pages.u32_at(item + 8))
                    else {
                        return fail(item, "off-page item cut off");
                    };
                    each(Cow::Owned(overflow(
                        &pages,
                        first as usize,
                        total as usize,
                        item,
                    )?));
                }
                // Duplicates are not used by rpm's Packages.
                _ => {}
            }
        }
    }
    Ok(())
}

/// The `total` bytes of the overflow chain starting at page `first` (for the item at `item`).
fn overflow(
    pages: &Pages<'_>,
    first: usize,
    total: usize,
    item: usize,
) -> Result<Vec<u8>, DatabaseError> {
    if total > MAX_VALUE {
        return fail(
            item,
            format!("a value of {total} bytes (more than {MAX_VALUE})"),
        );
    }
    let mut out = Vec::with_capacity(total);
    let mut next = first;
    let mut seen = HashSet::new();
    while out.len() < total {
        let Some(start) = pages.page(next).filter(|_| next != 0) else {
            return fail(item, format!("overflow page {next} is not in the file"));
        };
        if !seen.insert(next) {
            return fail(start, format!("overflow page {next} is reached twice"));
        }
        if pages.data[start + 25] != P_OVERFLOW {
            return fail(start + 25, format!("page {next} is not an overflow page"));
        }
        let len = pages.u16_at(start + 22);
        if len > pages.size - PAGE_HEADER || out.len() + len > total {
            return fail(
                start + 22,
                format!("overflow page {next} holds {len} bytes"),
            );
        }
        out.extend_from_slice(&pages.data[start + PAGE_HEADER..start + PAGE_HEADER + len]);
        if out.len() < total {
            next = pages.u32_at(start + 16).unwrap_or(0) as usize;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Berkeley DB 5.3's `db_load -t hash` of rpm's two headers (`tests/fixtures/rpm/README.md`).
    fn packages() -> Vec<u8> {
        super::super::tests::gunzip(include_bytes!(
            "../../../tests/fixtures/rpm/Packages.bdb.gz"
        ))
    }

    #[test]
    fn every_value_is_read_through_its_overflow_pages() {
        let data = packages();
        assert!(is_hash_database(&data));
        let mut sizes = Vec::new();
        values(&data, |v| sizes.push(v.len())).unwrap();
        // In hash page order, not package order.
        sizes.sort_unstable();
        assert_eq!(sizes, [3960, 5672]);
    }

    #[test]
    fn a_big_endian_database_gives_the_same_values() {
        let data = super::super::tests::gunzip(include_bytes!(
            "../../../tests/fixtures/rpm/Packages-be.bdb.gz"
        ));
        assert_eq!(&data[12..16], &[0x00, 0x06, 0x15, 0x61]);
        let mut big = Vec::new();
        values(&data, |v| big.push(v.into_owned())).unwrap();
        let mut little = Vec::new();
        values(&packages(), |v| little.push(v.into_owned())).unwrap();
        big.sort();
        little.sort();
        assert_eq!(big.len(), 2);
        assert_eq!(big, little);
    }

    #[test]
    fn damage_is_located_not_a_panic() {
        let data = packages();
        assert!(values(b"not a database at all", |_| {}).is_err());
        let mut loop_ = data.clone();
        // The second value's chain (pages 4 then 5): make page 5 point back at page 4 and
        // claim more bytes than the chain holds.
        let page5 = 5 * 4096;
        loop_[page5 + 16..page5 + 20].copy_from_slice(&4u32.to_le_bytes());
        loop_[page5 + 22..page5 + 24].copy_from_slice(&100u16.to_le_bytes());
        let error = values(&loop_, |_| {}).unwrap_err();
        assert!(error.message.contains("reached twice"), "{error}");
        for at in (0..data.len()).step_by(5) {
            let mut bad = data.clone();
            bad[at] ^= 0x5a;
            let _ = values(&bad, |_| {});
            let _ = values(&data[..at], |_| {});
        }
    }
}

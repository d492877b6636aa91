//! A read-only reader of one table of an SQLite 3 database file: enough to list the rows of
//! rpm's `Packages` table (`rpmdb.sqlite`, rpm 4.16 and later, Yocto's default since 3.3).
//!
//! Written here because the workspace's SQLite (sqlx, in rampart-store) is an async driver
//! over the C library, made to open databases, not to read an untrusted file inside an
//! image; a table scan needs only the file format (<https://www.sqlite.org/fileformat2.html>):
//! the schema table on page 1, the table's b-tree (interior and leaf table pages), cell
//! payloads with their overflow chains, and the record format. Every page number, offset
//! and length is checked against the file; each page is visited at most once (a loop is an
//! error); payloads are capped. A WAL file beside the database is not applied: rpm checkpoints
//! it when it closes the database, so a built image holds its packages in the main file.

use std::borrow::Cow;
use std::collections::HashSet;

use super::{DatabaseError, fail};

/// Largest payload (one row) read; an rpm header is rarely over 1 MiB.
const MAX_PAYLOAD: u64 = 16 << 20;
/// Deepest table b-tree walked (SQLite's own trees stay under 20 levels).
const MAX_DEPTH: usize = 32;

/// One column value of a record (the kinds a table scan needs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    /// NULL (also the rowid alias column of an `INTEGER PRIMARY KEY`).
    Null,
    /// An integer.
    Integer(i64),
    /// A float, kept as its bits.
    Float(u64),
    /// Text (UTF-8 databases: rpm's).
    Text(&'a [u8]),
    /// A blob.
    Blob(&'a [u8]),
}

/// An opened database file.
pub struct Database<'a> {
    data: &'a [u8],
    page_size: usize,
    usable: usize,
    pages: usize,
}

impl<'a> Database<'a> {
    /// Reads the header of `data`.
    pub fn open(data: &'a [u8]) -> Result<Self, DatabaseError> {
        if data.len() < 100 || &data[..16] != b"SQLite format 3\0" {
            return fail(0, "not an SQLite 3 database");
        }
        let raw = u16::from_be_bytes([data[16], data[17]]);
        let page_size = if raw == 1 { 65536 } else { usize::from(raw) };
        if !(512..=65536).contains(&page_size) || !page_size.is_power_of_two() {
            return fail(
                16,
                format!("page size {raw} is not a power of two from 512"),
            );
        }
        let reserved = usize::from(data[20]);
        let usable = page_size - reserved;
        if usable < 480 {
            return fail(
                20,
                format!("{reserved} reserved bytes leave too small a page"),
            );
        }
        if u32::from_be_bytes([data[56], data[57], data[58], data[59]]) > 1 {
            return fail(56, "text is not UTF-8 (UTF-16 databases are not read)");
        }
        Ok(Self {
            data,
            page_size,
            usable,
            pages: data.len() / page_size,
        })
    }

    /// Calls `row` with the rowid and column values of each row of table `name` (compared without
    /// case), in rowid order. An error names the first damaged place; the rows before it
    /// have been passed to `row`.
    pub fn scan_table(
        &self,
        name: &str,
        mut row: impl FnMut(i64, &[Value<'_>]),
    ) -> Result<(), DatabaseError> {
        let mut root = None;
        self.scan_tree(1, &mut |_, values| {
            // sqlite_schema: type, name, tbl_name, rootpage, sql.
            if let [
                Value::Text(b"table"),
                Value::Text(table),
                _,
                Value::Integer(page),
                ..,
            ] = values
                && table.eq_ignore_ascii_case(name.as_bytes())
            {
                root = Some(*page);
            }
        })?;
        let Some(root) = root else {
            return fail(100, format!("no table {name:?} in the schema"));
        };
        match usize::try_from(root) {
            Ok(page) if page >= 1 && page <= self.pages => self.scan_tree(page, &mut row),
            _ => fail(
                100,
                format!("table {name:?} has root page {root}, not in the file"),
            ),
        }
    }

    /// Calls `row` with each record of the table b-tree rooted at `root`.
    fn scan_tree(
        &self,
        root: usize,
        row: &mut dyn FnMut(i64, &[Value<'_>]),
    ) -> Result<(), DatabaseError> {
        let mut visited = HashSet::new();
        let mut stack = vec![(root, 0usize)];
        // Depth-first with children pushed right to left, so rows come out in rowid order.
        while let Some((page, depth)) = stack.pop() {
            if depth > MAX_DEPTH {
                return fail(self.page_offset(page), "table b-tree deeper than 32 levels");
            }
            if !visited.insert(page) {
                return fail(
                    self.page_offset(page),
                    format!("page {page} is reached twice"),
                );
            }
            let (start, header) = self.page_header(page)?;
            let kind = self.data[header];
            let cells = usize::from(u16::from_be_bytes([
                self.data[header + 3],
                self.data[header + 4],
            ]));
            let interior = match kind {
                0x05 => true,
                0x0d => false,
                other => {
                    return fail(
                        header,
                        format!("page {page} is of kind {other:#04x}, not a table page"),
                    );
                }
            };
            let pointers = header + if interior { 12 } else { 8 };
            if pointers + 2 * cells > start + self.usable {
                return fail(
                    header + 3,
                    format!("{cells} cells do not fit in page {page}"),
                );
            }
            let cell_at = |i: usize| -> Result<usize, DatabaseError> {
                let at = pointers + 2 * i;
                let offset = usize::from(u16::from_be_bytes([self.data[at], self.data[at + 1]]));
                if offset < pointers + 2 * cells - start || offset >= self.usable {
                    return fail(at, format!("cell pointer {offset} outside page {page}"));
                }
                Ok(start + offset)
            };
            if interior {
                stack.push((self.page_number(header + 8)?, depth + 1));
                for i in (0..cells).rev() {
                    stack.push((self.page_number(cell_at(i)?)?, depth + 1));
                }
            } else {
                for i in 0..cells {
                    let (rowid, payload, at) = self.payload(cell_at(i)?, start)?;
                    row(rowid, &decode(&payload, at)?);
                }
            }
        }
        Ok(())
    }

    /// Byte offset of page `page` (1-based) and of its b-tree header (after the file header
    /// on page 1).
    fn page_header(&self, page: usize) -> Result<(usize, usize), DatabaseError> {
        if page == 0 || page > self.pages {
            return fail(
                0,
                format!("page {page} is not in the file ({} pages)", self.pages),
            );
        }
        let start = self.page_offset(page);
        let header = if page == 1 { start + 100 } else { start };
        Ok((start, header))
    }

    fn page_offset(&self, page: usize) -> usize {
        page.saturating_sub(1) * self.page_size
    }

    /// A 4-byte page number at `at`, checked to be in the file.
    fn page_number(&self, at: usize) -> Result<usize, DatabaseError> {
        let Some(bytes) = self.data.get(at..at + 4) else {
            return fail(at, "page number past the end of the file");
        };
        let page = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
        if page == 0 || page > self.pages {
            return fail(
                at,
                format!("page {page} is not in the file ({} pages)", self.pages),
            );
        }
        Ok(page)
    }

    /// The rowid and payload of the table leaf cell at `cell` (its page starting at
    /// `page_start`), joined from its overflow pages when it spills, and the offset it starts
    /// at.
    fn payload(
        &self,
        cell: usize,
        page_start: usize,
    ) -> Result<(i64, Cow<'a, [u8]>, usize), DatabaseError> {
        let page_end = page_start + self.usable;
        let (size, n) = varint(self.data, cell, page_end)?;
        let (rowid, m) = varint(self.data, cell + n, page_end)?;
        // A rowid is a 64-bit two's complement integer stored as a varint.
        let rowid = rowid.cast_signed();
        if size > MAX_PAYLOAD {
            return fail(
                cell,
                format!("a row of {size} bytes (more than {MAX_PAYLOAD})"),
            );
        }
        let size = size as usize;
        let body = cell + n + m;
        let u = self.usable;
        let max_local = u - 35;
        let local = if size <= max_local {
            size
        } else {
            let min_local = (u - 12) * 32 / 255 - 23;
            let k = min_local + (size - min_local) % (u - 4);
            if k <= max_local { k } else { min_local }
        };
        if body + local > page_end {
            return fail(cell, "a row runs past the end of its page");
        }
        if local == size {
            return Ok((rowid, Cow::Borrowed(&self.data[body..body + size]), body));
        }
        let mut out = Vec::with_capacity(size);
        out.extend_from_slice(&self.data[body..body + local]);
        let mut next = self.page_number(body + local)?;
        let mut seen = HashSet::new();
        while out.len() < size {
            if !seen.insert(next) {
                return fail(
                    self.page_offset(next),
                    format!("overflow page {next} is reached twice"),
                );
            }
            let start = self.page_offset(next);
            let take = (size - out.len()).min(u - 4);
            out.extend_from_slice(&self.data[start + 4..start + 4 + take]);
            if out.len() < size {
                next = self.page_number(start)?;
            }
        }
        Ok((rowid, Cow::Owned(out), body))
    }
}

/// Decodes the record `bytes` (from file offset `at`, for errors).
fn decode(bytes: &[u8], at: usize) -> Result<Vec<Value<'_>>, DatabaseError> {
    // Offsets in `bytes` become file offsets in errors.
    let in_file = |e: DatabaseError| DatabaseError {
        offset: at as u64 + e.offset,
        message: e.message,
    };
    let (header_len, n) = varint(bytes, 0, bytes.len()).map_err(in_file)?;
    let header_len = usize::try_from(header_len).unwrap_or(usize::MAX);
    if header_len > bytes.len() || header_len < n {
        return fail(at, "record header longer than the record");
    }
    let mut types = Vec::new();
    let mut pos = n;
    while pos < header_len {
        let (t, k) = varint(bytes, pos, header_len).map_err(in_file)?;
        types.push(t);
        pos += k;
    }
    let mut values = Vec::with_capacity(types.len());
    let mut body = header_len;
    for t in types {
        let len = match t {
            0 | 8 | 9 => 0,
            1..=4 => t as usize,
            5 => 6,
            6 | 7 => 8,
            10 | 11 => return fail(at, format!("reserved serial type {t}")),
            _ => ((t - 12) / 2) as usize,
        };
        let Some(field) = bytes.get(body..body.saturating_add(len)) else {
            return fail(at + body, "record body shorter than its header says");
        };
        values.push(match t {
            0 => Value::Null,
            8 => Value::Integer(0),
            9 => Value::Integer(1),
            1..=6 => {
                // Big-endian two's complement of 1, 2, 3, 4, 6 or 8 bytes.
                let mut v: i64 = if field[0] & 0x80 != 0 { -1 } else { 0 };
                for &b in field {
                    v = (v << 8) | i64::from(b);
                }
                Value::Integer(v)
            }
            7 => Value::Float(u64::from_be_bytes(field.try_into().unwrap_or([0; 8]))),
            t if t % 2 == 0 => Value::Blob(field),
            _ => Value::Text(field),
        });
        body += len;
    }
    Ok(values)
}

/// SQLite's big-endian varint (1 to 9 bytes) at `at`, not reading at or past `end`.
fn varint(data: &[u8], at: usize, end: usize) -> Result<(u64, usize), DatabaseError> {
    let mut v: u64 = 0;
    for i in 0..9 {
        let Some(&b) = data.get(at + i).filter(|_| at + i < end) else {
            return fail(at, "varint cut off");
        };
        if i == 8 {
            return Ok(((v << 8) | u64::from(b), 9));
        }
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Ok((v, i + 1));
        }
    }
    unreachable!("the loop returns by its ninth byte")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made with Python's sqlite3 (SQLite 3.40): 512-byte pages, rpm's `Packages` schema,
    /// 300 rows whose blob `i` is `(i + k) % 251` for `k` in `0..(i * 37) % 1500 + 1`, so the
    /// table has interior pages and rows spilling over up to four overflow pages.
    fn many_rows() -> Vec<u8> {
        super::super::tests::gunzip(include_bytes!(
            "../../../tests/fixtures/rpm/many-rows.sqlite.gz"
        ))
    }

    #[test]
    fn every_row_of_a_deep_table_is_read_in_order() {
        let data = many_rows();
        let db = Database::open(&data).unwrap();
        let mut i = 0u32;
        db.scan_table("packages", |rowid, values| {
            i += 1;
            let n = (i * 37) % 1500 + 1;
            let expected: Vec<u8> = (0..n).map(|k| ((i + k) % 251) as u8).collect();
            assert_eq!(values, [Value::Null, Value::Blob(&expected)], "row {i}");
            assert_eq!(rowid, i64::from(i));
        })
        .unwrap();
        assert_eq!(i, 300);
    }

    #[test]
    fn a_missing_table_and_bad_headers_are_located() {
        let data = many_rows();
        let db = Database::open(&data).unwrap();
        assert_eq!(
            db.scan_table("Name", |_, _| {}).unwrap_err().message,
            "no table \"Name\" in the schema"
        );
        let mut bad = data.clone();
        bad[16..18].copy_from_slice(&1000u16.to_be_bytes());
        assert_eq!(Database::open(&bad).err().map(|e| e.offset), Some(16));
        assert!(Database::open(b"SQLite format 2\0").is_err());
    }

    #[test]
    fn a_page_loop_is_an_error() {
        let mut data = many_rows();
        // Point the root page's right-most child at the root itself.
        let db = Database::open(&data).unwrap();
        let mut root = 0;
        db.scan_tree(1, &mut |_, v| {
            if let [_, Value::Text(b"Packages"), _, Value::Integer(p), ..] = v {
                root = usize::try_from(*p).unwrap();
            }
        })
        .unwrap();
        let at = (root - 1) * 512;
        assert_eq!(data[at], 0x05, "the fixture's table has an interior root");
        data[at + 8..at + 12].copy_from_slice(&(root as u32).to_be_bytes());
        let error = Database::open(&data)
            .unwrap()
            .scan_table("Packages", |_, _| {})
            .unwrap_err();
        assert!(error.message.contains("reached twice"), "{error}");
    }

    #[test]
    fn varints_are_read_and_bounded() {
        assert_eq!(varint(&[0x81, 0x00], 0, 2), Ok((128, 2)));
        assert_eq!(varint(&[0xff; 9], 0, 9).map(|v| v.1), Ok(9));
        assert!(varint(&[0x81], 0, 1).is_err());
    }
}

//! An rpm header as rpm stores it in its database: a count of index entries, the length of
//! the data store, the entries (tag, type, offset, count; 16 bytes each, big-endian) and the
//! data store (<https://rpm-software-management.github.io/rpm/manual/format_header.html>).
//! Only the tags a package's identity and files need are read; every offset is checked.

/// Tags read (rpmtag.h).
pub(super) mod tag {
    pub const NAME: u32 = 1000;
    pub const VERSION: u32 = 1001;
    pub const RELEASE: u32 = 1002;
    pub const EPOCH: u32 = 1003;
    pub const VENDOR: u32 = 1011;
    pub const ARCH: u32 = 1022;
    pub const SOURCERPM: u32 = 1044;
    pub const DIRINDEXES: u32 = 1116;
    pub const BASENAMES: u32 = 1117;
    pub const DIRNAMES: u32 = 1118;
}

const TYPE_INT32: u32 = 4;
const TYPE_STRING: u32 = 6;
const TYPE_STRING_ARRAY: u32 = 8;
const TYPE_I18NSTRING: u32 = 9;

/// Most index entries one header may have (rpm's own limit is 0xffff).
const MAX_ENTRIES: u32 = 0xffff;

/// A header's index and data store.
pub(super) struct Header<'a> {
    entries: Vec<Entry>,
    store: &'a [u8],
}

#[derive(Clone, Copy)]
struct Entry {
    tag: u32,
    ty: u32,
    offset: usize,
    count: usize,
}

impl<'a> Header<'a> {
    /// Reads the header blob `blob`; the error says what does not fit.
    pub(super) fn parse(blob: &'a [u8]) -> Result<Self, String> {
        let word = |at: usize| -> Option<u32> {
            blob.get(at..at + 4)
                .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        };
        let (Some(il), Some(dl)) = (word(0), word(4)) else {
            return Err("header shorter than 8 bytes".to_owned());
        };
        if il == 0 || il > MAX_ENTRIES {
            return Err(format!("{il} index entries"));
        }
        let index_end = 8 + 16 * il as usize;
        let store_end = index_end.saturating_add(dl as usize);
        if store_end > blob.len() {
            return Err(format!(
                "{il} entries and {dl} data bytes do not fit in a header of {} bytes",
                blob.len()
            ));
        }
        let store = &blob[index_end..store_end];
        let entries = (0..il as usize)
            .map(|i| {
                let at = 8 + 16 * i;
                Entry {
                    tag: word(at).unwrap_or(0),
                    ty: word(at + 4).unwrap_or(0),
                    offset: word(at + 8).unwrap_or(u32::MAX) as usize,
                    count: word(at + 12).unwrap_or(0) as usize,
                }
            })
            .collect();
        Ok(Self { entries, store })
    }

    fn entry(&self, tag: u32) -> Option<Entry> {
        self.entries.iter().copied().find(|e| e.tag == tag)
    }

    /// The `count` NUL-terminated strings from `offset`, each checked to end in the store.
    fn strings(&self, e: Entry) -> Option<Vec<&'a str>> {
        let mut out = Vec::with_capacity(e.count.min(4096));
        let mut at = e.offset;
        for _ in 0..e.count {
            let rest = self.store.get(at..)?;
            let len = rest.iter().position(|&b| b == 0)?;
            out.push(std::str::from_utf8(&rest[..len]).ok()?);
            at += len + 1;
        }
        Some(out)
    }

    /// A STRING (or the first of an I18NSTRING) tag's value.
    pub(super) fn string(&self, tag: u32) -> Option<&'a str> {
        let e = self.entry(tag)?;
        match e.ty {
            TYPE_STRING | TYPE_I18NSTRING if e.count >= 1 => {
                self.strings(Entry { count: 1, ..e })?.first().copied()
            }
            _ => None,
        }
    }

    /// A STRING_ARRAY tag's values.
    pub(super) fn string_array(&self, tag: u32) -> Option<Vec<&'a str>> {
        let e = self.entry(tag)?;
        (e.ty == TYPE_STRING_ARRAY).then(|| self.strings(e))?
    }

    /// An INT32 (array) tag's values.
    pub(super) fn int32s(&self, tag: u32) -> Option<Vec<u32>> {
        let e = self.entry(tag)?;
        if e.ty != TYPE_INT32 {
            return None;
        }
        let bytes = self
            .store
            .get(e.offset..e.offset.checked_add(e.count.checked_mul(4)?)?)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
        )
    }

    /// The package's files as absolute paths: each base name joined to the folder its
    /// DIRINDEXES entry names.
    pub(super) fn files(&self) -> Vec<String> {
        let (Some(bases), Some(dirs), Some(indexes)) = (
            self.string_array(tag::BASENAMES),
            self.string_array(tag::DIRNAMES),
            self.int32s(tag::DIRINDEXES),
        ) else {
            return Vec::new();
        };
        bases
            .iter()
            .zip(indexes)
            .filter_map(|(base, i)| Some(format!("{}{base}", dirs.get(i as usize)?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header with `entries` (tag, type, count, data) laid out in order.
    pub(crate) fn header_of(entries: &[(u32, u32, u32, &[u8])]) -> Vec<u8> {
        let mut index = Vec::new();
        let mut store = Vec::new();
        for (tag, ty, count, data) in entries {
            index.extend_from_slice(&tag.to_be_bytes());
            index.extend_from_slice(&ty.to_be_bytes());
            index.extend_from_slice(&(store.len() as u32).to_be_bytes());
            index.extend_from_slice(&count.to_be_bytes());
            store.extend_from_slice(data);
        }
        let mut out = (entries.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(&(store.len() as u32).to_be_bytes());
        out.extend(index);
        out.extend(store);
        out
    }

    #[test]
    fn tags_and_files_are_read() {
        let blob = header_of(&[
            (tag::NAME, TYPE_STRING, 1, b"curl\0"),
            (tag::EPOCH, TYPE_INT32, 1, &1u32.to_be_bytes()),
            (
                tag::DIRNAMES,
                TYPE_STRING_ARRAY,
                2,
                b"/usr/bin/\0/usr/lib/\0",
            ),
            (
                tag::BASENAMES,
                TYPE_STRING_ARRAY,
                2,
                b"curl\0libcurl.so.4\0",
            ),
            (tag::DIRINDEXES, TYPE_INT32, 2, &[0, 0, 0, 0, 0, 0, 0, 1]),
        ]);
        let h = Header::parse(&blob).unwrap();
        assert_eq!(h.string(tag::NAME), Some("curl"));
        assert_eq!(h.int32s(tag::EPOCH), Some(vec![1]));
        assert_eq!(h.string(tag::VERSION), None);
        assert_eq!(h.files(), ["/usr/bin/curl", "/usr/lib/libcurl.so.4"]);
    }

    #[test]
    fn damaged_headers_are_errors_or_absent_values() {
        assert!(Header::parse(b"\0\0").is_err());
        assert!(Header::parse(&[0, 0, 0, 1, 0, 0, 0, 1]).is_err());
        let mut blob = header_of(&[(tag::NAME, TYPE_STRING, 1, b"curl")]); // no NUL
        assert_eq!(Header::parse(&blob).unwrap().string(tag::NAME), None);
        blob = header_of(&[(tag::DIRINDEXES, TYPE_INT32, 1000, &[0; 4])]);
        assert_eq!(Header::parse(&blob).unwrap().int32s(tag::DIRINDEXES), None);
    }
}

//! Every occurrence of a set of byte literals in a buffer, found fast.
//!
//! The carver (every format's magic) and the signature scanner (every rule's anchor) need
//! *all* occurrences, overlapping ones included. Aho-Corasick's overlapping search gives that
//! but walks the automaton byte by byte; on a 500 MB root filesystem it was 40 % of an
//! analysis. [`Literals`] instead runs leftmost searches, restarts one byte after each match
//! start, and at each start checks every literal that could begin there: the same set of
//! (literal, position) pairs, ordered by position.
//!
//! Two properties of aho-corasick 1.1 shape this. A leftmost search reports the earliest
//! *start*; the standard one reports the earliest *end*, which skips a literal that starts
//! first but ends after a shorter one inside it (`abcd` around `bc`). And only leftmost
//! searches get the packed (Teddy, SIMD) prefilter, which gives up above [`TEDDY_LIMIT`]
//! literals and leaves a walk of every byte. Each automaton is one pass over the data, so
//! the automata search the literals' *prefixes*, as long as the literals allow while at most
//! [`TEDDY_LIMIT`] of them differ (`SSH-2.0-libssh_` and `SSH-2.0-dropbear_` share one), and
//! every literal is checked in full where a prefix starts. Literals under 4 bytes, and
//! 4-byte prefixes when even those are too many, go into further groups, each with its own
//! automaton, and the groups' next starts are merged. 69 signature anchors in two groups
//! scanned a 280 MB binary at 0.9 GB/s; their 64 distinct 6-byte prefixes in one group at
//! 1.8 GB/s.

use aho_corasick::{AhoCorasick, Input, MatchKind};

/// Most literals one automaton gets: above 64 patterns aho-corasick 1.1's Teddy builder
/// refuses (`packed/teddy/builder.rs`, "too many patterns"), and the search loses its
/// prefilter.
pub const TEDDY_LIMIT: usize = 64;

/// A compiled set of literals.
#[derive(Debug, Clone)]
pub struct Literals {
    /// One automaton per group of at most [`TEDDY_LIMIT`] literals.
    groups: Vec<AhoCorasick>,
    patterns: Vec<Vec<u8>>,
    /// For each first byte, the literals starting with it.
    by_first: Vec<Vec<usize>>,
}

/// Prefixes below this length would blunt Teddy's filter, which compares up to 4 bytes.
const MIN_PREFIX: usize = 4;

/// The distinct prefixes the automata search for `literals`: each literal cut to the longest
/// length at which at most [`TEDDY_LIMIT`] distinct prefixes remain (never shorter than
/// [`MIN_PREFIX`]; a literal shorter than the cut stays whole). Every occurrence of a
/// literal starts with an occurrence of its prefix, so no literal is missed; the cost is a
/// few more starts to check in full.
fn prefixes(literals: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let cut_at = |len: usize| {
        let mut cut: Vec<Vec<u8>> = literals
            .iter()
            .map(|l| l[..l.len().min(len)].to_vec())
            .collect();
        cut.sort();
        cut.dedup();
        cut
    };
    let longest = literals.iter().map(Vec::len).max().unwrap_or(0);
    (MIN_PREFIX..=longest)
        .rev()
        .map(cut_at)
        .find(|cut| cut.len() <= TEDDY_LIMIT)
        .unwrap_or_else(|| cut_at(MIN_PREFIX))
}

impl Literals {
    /// Compiles `literals` (none may be empty).
    pub fn new<I, P>(literals: I) -> Literals
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        let literals: Vec<Vec<u8>> = literals.into_iter().map(|p| p.as_ref().to_vec()).collect();
        assert!(literals.iter().all(|p| !p.is_empty()), "empty literal");
        // Literals shorter than Teddy's 4-byte fingerprint get automata of their own: in a
        // group with long ones, a 2-byte magic makes every 2-byte match of any of them a
        // candidate. On a 280 MB binary the carver's 67 magics as 64 prefixes in one group
        // were scanned at 0.6 GB/s, in two groups by length at 1.05 GB/s, and as the 10
        // short ones apart from the 56 prefixes of the long ones at 1.5 GB/s.
        let (short, long): (Vec<Vec<u8>>, Vec<Vec<u8>>) =
            literals.iter().cloned().partition(|l| l.len() < MIN_PREFIX);
        let mut groups = Vec::new();
        for part in [short, long].iter().filter(|part| !part.is_empty()) {
            let prefixes = prefixes(part);
            // Groups of even size, shortest prefixes together: Teddy compares as many
            // leading bytes as its group's shortest literal has (up to 4).
            let mut by_length: Vec<&[u8]> = prefixes.iter().map(Vec::as_slice).collect();
            by_length.sort_by_key(|p| p.len());
            let count = by_length.len().div_ceil(TEDDY_LIMIT).max(1);
            let size = by_length.len().div_ceil(count).max(1);
            groups.extend(by_length.chunks(size).map(|group| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(group)
                    .expect("plain literals form a valid automaton")
            }));
        }
        let mut by_first = vec![Vec::new(); 256];
        for (i, p) in literals.iter().enumerate() {
            by_first[usize::from(p[0])].push(i);
        }
        Literals {
            groups,
            patterns: literals,
            by_first,
        }
    }

    /// The literal with index `i`.
    pub fn literal(&self, i: usize) -> &[u8] {
        &self.patterns[i]
    }

    /// How many literals each automaton holds, in group order.
    pub fn group_sizes(&self) -> Vec<usize> {
        self.groups.iter().map(AhoCorasick::patterns_len).collect()
    }

    /// Every `(literal index, start)` in `data`, ordered by start, then by literal index.
    pub fn occurrences<'a>(&'a self, data: &'a [u8]) -> impl Iterator<Item = (usize, usize)> + 'a {
        let find = move |group: &AhoCorasick, from: usize| {
            if from >= data.len() {
                return None;
            }
            group
                .find(Input::new(data).span(from..data.len()))
                .map(|m| m.start())
        };
        // Each group's earliest start not yet handled.
        let mut next: Vec<Option<usize>> = self.groups.iter().map(|g| find(g, 0)).collect();
        let mut pending: Vec<(usize, usize)> = Vec::new();
        std::iter::from_fn(move || {
            loop {
                if let Some(found) = pending.pop() {
                    return Some(found);
                }
                let start = next.iter().flatten().min().copied()?;
                let rest = &data[start..];
                for &i in self.by_first[usize::from(data[start])].iter().rev() {
                    if rest.starts_with(&self.patterns[i]) {
                        pending.push((i, start));
                    }
                }
                for (group, at) in self.groups.iter().zip(next.iter_mut()) {
                    if *at == Some(start) {
                        *at = find(group, start + 1);
                    }
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: every position and literal, by brute force.
    fn brute(literals: &[&[u8]], data: &[u8]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for start in 0..data.len() {
            for (i, p) in literals.iter().enumerate() {
                if data[start..].starts_with(p) {
                    out.push((i, start));
                }
            }
        }
        out
    }

    #[test]
    fn overlapping_and_nested_occurrences_are_all_found_in_order() {
        let literals: [&[u8]; 5] = [b"ab", b"abc", b"bc", b"c", b"\x1f\x8b"];
        let data = b"xxabcabc\x1f\x8b\x1f\x8bcc";
        let set = Literals::new(literals);
        assert_eq!(
            set.occurrences(data).collect::<Vec<_>>(),
            brute(&literals, data)
        );
    }

    #[test]
    fn a_literal_is_found_when_a_shorter_one_inside_it_ends_first() {
        // `bc` ends before `abcd` does, though `abcd` starts first.
        let literals: [&[u8]; 2] = [b"abcd", b"bc"];
        let set = Literals::new(literals);
        assert_eq!(
            set.occurrences(b"xabcdx").collect::<Vec<_>>(),
            brute(&literals, b"xabcdx")
        );
    }

    #[test]
    fn more_literals_than_one_teddy_group_agree_with_brute_force() {
        // 150 literals of 1 to 5 bytes over a 4-letter alphabet: more distinct 4-byte
        // prefixes than one group takes, and every position holds several overlapping
        // occurrences from different groups.
        let mut state = 0x9e37_79b9_u32;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        let mut literals: Vec<Vec<u8>> = Vec::new();
        while literals.len() < 150 {
            let len = 1 + next() as usize % 5;
            let literal: Vec<u8> = (0..len).map(|_| b'a' + (next() % 4) as u8).collect();
            if !literals.contains(&literal) {
                literals.push(literal);
            }
        }
        let data: Vec<u8> = (0..5_000).map(|_| b'a' + (next() % 5) as u8).collect();
        let set = Literals::new(&literals);
        let sizes = set.group_sizes();
        assert!(sizes.len() > 1, "{sizes:?}");
        assert!(sizes.iter().all(|&n| n <= TEDDY_LIMIT), "{sizes:?}");
        let refs: Vec<&[u8]> = literals.iter().map(Vec::as_slice).collect();
        assert_eq!(
            set.occurrences(&data).collect::<Vec<_>>(),
            brute(&refs, &data)
        );
    }

    #[test]
    fn literals_sharing_prefixes_are_searched_by_one_automaton() {
        // 100 literals, more than one group takes, but only 10 distinct 7-byte prefixes
        // (and 2 of 5 bytes, below the cut): one automaton of 12, every occurrence found.
        let mut literals: Vec<Vec<u8>> = (0..98)
            .map(|i| format!("SSH-{}-x{i:02}_", i % 10).into_bytes())
            .collect();
        literals.push(b"SSH-3".to_vec());
        literals.push(b"SSH-1".to_vec());
        let mut data = Vec::new();
        for i in (0..98).step_by(7) {
            data.extend_from_slice(
                format!("..SSH-{}-x{i:02}_SSH-{}-x99_", i % 10, i % 10).as_bytes(),
            );
        }
        data.extend_from_slice(b"SSH-3SSH-1-x");
        let set = Literals::new(&literals);
        assert_eq!(set.group_sizes(), [12]);
        let refs: Vec<&[u8]> = literals.iter().map(Vec::as_slice).collect();
        let found: Vec<(usize, usize)> = set.occurrences(&data).collect();
        assert_eq!(found, brute(&refs, &data));
        assert!(found.len() > 20, "{}", found.len());
    }

    #[test]
    fn literals_under_four_bytes_get_an_automaton_of_their_own() {
        let literals: [&[u8]; 4] = [b"\x1f\x8b", b"hsqs", b"sqsh", b"BZh"];
        let set = Literals::new(literals);
        assert_eq!(set.group_sizes(), [2, 2]);
        let data = b"..hsqsh\x1f\x8bBZhsqs";
        assert_eq!(
            set.occurrences(data).collect::<Vec<_>>(),
            brute(&literals, data)
        );
    }

    #[test]
    fn agrees_with_brute_force_on_pseudo_random_bytes() {
        let literals: [&[u8]; 4] = [b"\x00\x01", b"\x01", b"\x01\x02\x03", b"\x02\x03"];
        let mut state = 0x2545_f491_u32;
        let data: Vec<u8> = (0..20_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state % 5) as u8
            })
            .collect();
        let set = Literals::new(literals);
        assert_eq!(
            set.occurrences(&data).collect::<Vec<_>>(),
            brute(&literals, &data)
        );
    }
}

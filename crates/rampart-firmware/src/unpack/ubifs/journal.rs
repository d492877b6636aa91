//! The UBIFS journal: nodes written since the last commit, which the index does not point to
//! yet. A device that lost power, or was dumped while mounted, keeps its newest writes only
//! there. The log (LEBs 3 and up) opens with a commit-start node; each reference node after
//! it names a bud (a LEB and offset) whose nodes are read in order and laid over the index's
//! leaves, newest sequence number winning, as the kernel's replay does at mount. Truncation
//! nodes need no replay here: a file's size comes from its newest inode node.

use super::super::{Sink, UnpackError};
use super::leaves::Leaves;
use super::node::{self, LE, Master, Superblock};

/// The first log LEB: after the superblock and the two master LEBs.
const LOG_FIRST: usize = 3;
/// The byte UBIFS fills gaps too small for a padding node with.
const PADDING_BYTE: u8 = 0xce;

/// Lays the journal's nodes over `leaves`.
pub(super) fn replay<'a>(
    data: &'a [u8],
    sb: &Superblock,
    master: &Master,
    leaves: &mut Leaves<'a>,
    sink: &mut Sink<'_>,
) -> Result<(), UnpackError> {
    let log_lebs = sb.log_lebs.min(sb.leb_cnt);
    let start = master.log_lnum as usize;
    if log_lebs == 0 || !(LOG_FIRST..LOG_FIRST + log_lebs).contains(&start) {
        return Ok(());
    }
    // The commit-start node at the head of the log: references older than it were
    // committed into the index already.
    let Some(cs) = node::read(data, start * sb.leb_size).filter(|n| n.kind == node::CS) else {
        return Ok(());
    };
    let mut refs = Vec::new();
    let mut lnum = start;
    for _ in 0..log_lebs {
        let mut fresh = false;
        for (n, _) in nodes(data, sb.leb_size, lnum, 0) {
            sink.check_time()?;
            if n.sqnum <= cs.sqnum && n.kind != node::CS {
                continue;
            }
            fresh = true;
            if n.kind == node::REF
                && let (Some(bud), Some(offs)) = (LE.u32(n.bytes, 24), LE.u32(n.bytes, 28))
            {
                refs.push((bud as usize, offs as usize));
            }
        }
        if !fresh {
            break;
        }
        lnum = LOG_FIRST + (lnum - LOG_FIRST + 1) % log_lebs;
        if lnum == start {
            break;
        }
    }
    for (bud, offs) in refs {
        if bud >= sb.leb_cnt || offs >= sb.leb_size {
            sink.problem(
                (start * sb.leb_size) as u64,
                format!("journal reference to LEB {bud} offset {offs} lies outside the volume"),
            );
            continue;
        }
        for (n, at) in nodes(data, sb.leb_size, bud, offs) {
            sink.check_time()?;
            if n.sqnum > cs.sqnum {
                leaves.add(n, at);
            }
        }
    }
    Ok(())
}

/// The nodes of LEB `lnum` from `offs`, in order, until the first place that holds none.
fn nodes(
    data: &[u8],
    leb_size: usize,
    lnum: usize,
    offs: usize,
) -> impl Iterator<Item = (node::Node<'_>, usize)> {
    let leb_start = lnum.saturating_mul(leb_size);
    let end = leb_start.saturating_add(leb_size).min(data.len());
    let mut at = leb_start.saturating_add(offs);
    std::iter::from_fn(move || {
        while at < end && data[at] == PADDING_BYTE {
            at += 1;
        }
        at = at.next_multiple_of(8);
        if at >= end {
            return None;
        }
        let n = node::read(&data[..end], at)?;
        let here = at;
        let mut next = here + n.bytes.len();
        if n.kind == node::PAD {
            next += LE.u32(n.bytes, 24).unwrap_or(0) as usize;
        }
        at = next.next_multiple_of(8);
        Some((n, here))
    })
}

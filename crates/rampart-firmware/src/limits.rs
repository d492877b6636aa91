//! The bounds every unpacking run works within, and the record of what they stopped.
//!
//! Firmware images come from strangers: a 1 MB file can inflate to terabytes, nest archives
//! forever or hold millions of empty files. Every run therefore has one [`Budget`], drawn
//! from [`Limits`], that every unpacker spends through its [`Sink`](crate::unpack::Sink);
//! whatever a limit stops is reported as a [`Skipped`] entry, never silently dropped.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

/// The limits of one unpacking run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Total bytes of unpacked content, across every nesting level.
    pub max_total_bytes: u64,
    /// Unpacked bytes allowed per byte of input image, on top of [`Limits::min_budget_bytes`]:
    /// what contains a compression bomb whatever the absolute cap.
    pub max_expansion_ratio: u64,
    /// The expansion allowed whatever the image size, so small images with sparse filesystem
    /// images inside (an ext4 image of mostly zeros compresses a thousandfold) still unpack.
    pub min_budget_bytes: u64,
    /// The largest single unpacked file.
    pub max_file_bytes: u64,
    /// Nodes (files, directories, links, devices) in the unpacked tree.
    pub max_files: u64,
    /// Containers nested in containers: the image itself is depth 0.
    pub max_depth: u32,
    /// Wall-clock time for the whole run; `None` for no limit.
    pub timeout: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total_bytes: 8 << 30,
            max_expansion_ratio: 100,
            min_budget_bytes: 256 << 20,
            max_file_bytes: 2 << 30,
            max_files: 1_000_000,
            max_depth: 16,
            timeout: Some(Duration::from_mins(10)),
        }
    }
}

/// Why something was not unpacked or not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SkipReason {
    /// The run's byte budget (total size or expansion ratio) was spent.
    TotalSize {
        /// The budget in bytes.
        limit: u64,
    },
    /// One file would be larger than [`Limits::max_file_bytes`].
    FileSize {
        /// The limit in bytes.
        limit: u64,
    },
    /// The tree already holds [`Limits::max_files`] nodes.
    FileCount {
        /// The limit.
        limit: u64,
    },
    /// The container sits deeper than [`Limits::max_depth`].
    Depth {
        /// The limit.
        limit: u32,
    },
    /// The run's time ran out.
    Timeout {
        /// The limit in seconds.
        seconds: u64,
    },
    /// The entry's path was refused by the path guard.
    UnsafePath {
        /// The path as the archive wrote it (lossy UTF-8).
        raw: String,
        /// What is wrong with it.
        cause: String,
    },
    /// The entry would sit below a symbolic link or a file of the same archive.
    ParentNotDirectory {
        /// The blocking ancestor.
        parent: String,
    },
    /// Another entry of the same path came first.
    Duplicate,
    /// A symbolic link whose target resolves outside its filesystem or archive: kept in the
    /// tree, not created on disk.
    LinkEscape {
        /// The target as stored.
        target: String,
    },
    /// A device node, FIFO or socket: kept in the tree, never created on disk.
    SpecialFile,
    /// The operating system refused to read it (reading a folder).
    Unreadable {
        /// The system's message.
        cause: String,
    },
}

/// One thing a limit or the path guard kept out, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The tree path of the entry or container concerned.
    pub path: String,
    /// Why.
    #[serde(flatten)]
    pub reason: SkipReason,
}

/// A limit that ends the unpacking of the current container (and, for the run-wide ones,
/// of everything after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LimitHit {
    /// See [`SkipReason::TotalSize`].
    #[error("the unpacking budget of {0} bytes is spent")]
    TotalSize(u64),
    /// See [`SkipReason::FileCount`].
    #[error("the tree holds the maximum of {0} entries")]
    FileCount(u64),
    /// See [`SkipReason::Timeout`].
    #[error("the time limit of {0} s ran out")]
    Timeout(u64),
}

impl LimitHit {
    /// The skip record for this limit.
    pub fn reason(self) -> SkipReason {
        match self {
            LimitHit::TotalSize(limit) => SkipReason::TotalSize { limit },
            LimitHit::FileCount(limit) => SkipReason::FileCount { limit },
            LimitHit::Timeout(seconds) => SkipReason::Timeout { seconds },
        }
    }
}

/// What is left of the limits during one run. Shared by the threads that unpack files side
/// by side: the counters are atomic, so the budget holds for the run as a whole.
#[derive(Debug)]
pub struct Budget {
    limits: Limits,
    total_limit: u64,
    bytes_left: AtomicU64,
    files_left: AtomicU64,
    deadline: Option<Instant>,
}

impl Budget {
    /// A fresh budget for an image of `image_len` bytes.
    pub fn new(limits: &Limits, image_len: u64) -> Budget {
        let by_ratio = limits
            .max_expansion_ratio
            .saturating_mul(image_len)
            .max(limits.min_budget_bytes);
        let total_limit = by_ratio.min(limits.max_total_bytes);
        Budget {
            limits: limits.clone(),
            total_limit,
            bytes_left: AtomicU64::new(total_limit),
            files_left: AtomicU64::new(limits.max_files),
            deadline: limits.timeout.map(|t| Instant::now() + t),
        }
    }

    /// The limits this budget was drawn from.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Bytes that may still be unpacked into one file: the smaller of the file cap and what
    /// is left of the total.
    pub fn file_bytes_left(&self) -> u64 {
        self.bytes_left
            .load(Ordering::Relaxed)
            .min(self.limits.max_file_bytes)
    }

    /// Spends `len` bytes of unpacked content; on failure the budget is emptied, so every
    /// thread stops at its next spend.
    pub fn spend_bytes(&self, len: u64) -> Result<(), LimitHit> {
        take(&self.bytes_left, len).map_err(|()| {
            self.bytes_left.store(0, Ordering::Relaxed);
            LimitHit::TotalSize(self.total_limit)
        })
    }

    /// Whether the total byte budget is spent (a smaller cap than the file cap is in force).
    pub fn total_is_binding(&self) -> bool {
        self.bytes_left.load(Ordering::Relaxed) < self.limits.max_file_bytes
    }

    /// The total byte budget of the run.
    pub fn total_limit(&self) -> u64 {
        self.total_limit
    }

    /// Spends one tree node.
    pub fn spend_file(&self) -> Result<(), LimitHit> {
        take(&self.files_left, 1).map_err(|()| LimitHit::FileCount(self.limits.max_files))
    }

    /// Fails once the run's time is up.
    pub fn check_time(&self) -> Result<(), LimitHit> {
        match (self.deadline, self.limits.timeout) {
            (Some(deadline), Some(timeout)) if Instant::now() >= deadline => {
                Err(LimitHit::Timeout(timeout.as_secs()))
            }
            _ => Ok(()),
        }
    }
}

/// Subtracts `amount` from `counter` unless that would go below zero.
fn take(counter: &AtomicU64, amount: u64) -> Result<(), ()> {
    counter
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            left.checked_sub(amount)
        })
        .map(|_| ())
        .map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_total_budget_is_the_ratio_times_the_image_but_at_least_the_floor() {
        let limits = Limits {
            max_expansion_ratio: 10,
            min_budget_bytes: 1000,
            max_total_bytes: 1 << 40,
            ..Limits::default()
        };
        assert_eq!(Budget::new(&limits, 50).total_limit(), 1000);
        assert_eq!(Budget::new(&limits, 500).total_limit(), 5000);
        let capped = Limits {
            max_total_bytes: 2000,
            ..limits
        };
        assert_eq!(Budget::new(&capped, 500).total_limit(), 2000);
    }

    #[test]
    fn spending_past_the_budget_fails_and_empties_it() {
        let limits = Limits {
            min_budget_bytes: 100,
            max_expansion_ratio: 0,
            ..Limits::default()
        };
        let budget = Budget::new(&limits, 1);
        budget.spend_bytes(60).unwrap();
        assert_eq!(budget.spend_bytes(41), Err(LimitHit::TotalSize(100)));
        assert_eq!(budget.file_bytes_left(), 0);
    }

    #[test]
    fn the_file_count_is_bounded() {
        let limits = Limits {
            max_files: 2,
            ..Limits::default()
        };
        let budget = Budget::new(&limits, 1);
        budget.spend_file().unwrap();
        budget.spend_file().unwrap();
        assert_eq!(budget.spend_file(), Err(LimitHit::FileCount(2)));
    }

    #[test]
    fn a_zero_timeout_expires_at_once() {
        let limits = Limits {
            timeout: Some(Duration::ZERO),
            ..Limits::default()
        };
        assert_eq!(
            Budget::new(&limits, 1).check_time(),
            Err(LimitHit::Timeout(0))
        );
    }
}

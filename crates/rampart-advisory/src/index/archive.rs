//! Zip archives (OSV's per-ecosystem `all.zip`): members are read into memory one by one under
//! budgets on their count, each one's size and their total; member names only label
//! messages and evidence (`all.zip!/GHSA-….json`), nothing is ever extracted to a path.

use std::path::Path;
use std::sync::mpsc::SyncSender;

use super::import::{InputItem, Limits, read_capped, read_problem, too_large};
use crate::source::problem;

/// Sends every member of the archive at `path`; refuses the whole archive when it breaks a
/// budget (before reading any member) or does not open.
pub(crate) fn walk_zip(
    path: &Path,
    name: &str,
    explicit: bool,
    limits: &Limits,
    tx: &SyncSender<InputItem>,
) -> Result<(), ()> {
    let send = |item| tx.send(item).map_err(|_| ());
    let refuse = |message: String| {
        send(InputItem::new(
            name.to_owned(),
            Err(problem(name, 0, 0, message)),
            explicit,
        ))
    };
    // The archive itself may be larger than one member: its budget is the total.
    let file = match rampart_yaml::open_regular(path, limits.max_zip_bytes) {
        Ok(file) => file,
        Err(e) => {
            let refused = read_problem(name, &e, limits.max_zip_bytes);
            return send(InputItem::new(name.to_owned(), Err(refused), explicit));
        }
    };
    let mut archive = match zip::ZipArchive::new(file) {
        Ok(archive) => archive,
        Err(e) => return refuse(format!("not a readable zip archive: {e}")),
    };
    if archive.len() > limits.max_zip_entries {
        return refuse(format!(
            "{} members exceed the limit of {} per archive; not read",
            archive.len(),
            limits.max_zip_entries
        ));
    }
    let declared: u64 = (0..archive.len())
        .filter_map(|i| archive.by_index_raw(i).ok().map(|m| m.size()))
        .fold(0u64, u64::saturating_add);
    if declared > limits.max_zip_bytes {
        return refuse(format!(
            "{} uncompressed exceeds the {} limit per archive; not read",
            super::import::human_size(declared),
            super::import::human_size(limits.max_zip_bytes)
        ));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let member = match archive.by_index(i) {
            Ok(member) => member,
            Err(e) => {
                let member_name = format!("{name}!/#{i}");
                let refused = problem(&member_name, 0, 0, format!("unreadable member: {e}"));
                send(InputItem::new(member_name, Err(refused), true))?;
                continue;
            }
        };
        if member.is_dir() {
            continue;
        }
        let member_name = format!(
            "{name}!/{}",
            member
                .name()
                .map_or_else(|_| format!("#{i}"), std::borrow::Cow::into_owned)
        );
        let bytes = if member.size() > limits.max_file_bytes {
            Err(too_large(
                &member_name,
                member.size(),
                limits.max_file_bytes,
            ))
        } else {
            // The declared size may lie: the read itself is capped too.
            read_capped(member, &member_name, limits.max_file_bytes)
        };
        if let Ok(bytes) = &bytes {
            total = total.saturating_add(bytes.len() as u64);
            if total > limits.max_zip_bytes {
                let refused = problem(
                    name,
                    0,
                    0,
                    "members exceed the archive's size limit; rest not read",
                );
                return send(InputItem::new(name.to_owned(), Err(refused), true));
            }
        }
        // A member no source reads is passed over; a member that cannot be read is refused.
        send(InputItem::new(member_name, bytes, false))?;
    }
    Ok(())
}

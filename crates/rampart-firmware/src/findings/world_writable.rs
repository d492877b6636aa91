use super::support::rel_path;
use super::{Code, Finding, Rule, ScanInput, Severity};
use crate::tree::{NodeKind, Special};

/// Files, folders and device nodes anyone may write.
///
/// **What it finds**: from the modes the container recorded, regular files with the
/// world-write bit, folders with it and without the sticky bit (`/tmp` is `1777` and fine),
/// and character or block devices with it, except those meant for everyone (`dev/null`,
/// `dev/zero`, `dev/full`, `dev/random`, `dev/urandom`, `dev/tty`, `dev/ptmx`). Links, FIFOs
/// and sockets are not reported, and nothing is reported where the format records no mode.
///
/// **Why it matters**: any local process, however unprivileged (a web CGI, a compromised
/// daemon), can replace a world-writable script or binary that root later runs, plant files
/// in a folder others trust, or read and write hardware through a device node (`/dev/mem`,
/// flash partitions): a local foothold becomes root or persistent.
///
/// **Example**: `etc/init.d/S99app` with mode `0777`; `dev/mtdblock3` with mode `0666`.
///
/// **References**: IEC 62443-4-2 CR 2.1 (authorization enforcement), CR 3.4 (software and
/// information integrity); CWE-732.
pub struct WorldWritable;

const FILE: Code = Code {
    code: "FW-PRM-001",
    severity: Severity::Medium,
    title: "World-writable file",
    requirements: &["CR 2.1", "CR 3.4"],
    remediation: "drop the world-write bit (chmod o-w) in the build; give writers a group instead",
};

const DIR: Code = Code {
    code: "FW-PRM-002",
    severity: Severity::Medium,
    title: "World-writable folder without the sticky bit",
    requirements: &["CR 2.1", "CR 3.4"],
    remediation: "drop the world-write bit, or set the sticky bit (chmod 1777) for shared scratch folders",
};

const DEVICE: Code = Code {
    code: "FW-PRM-003",
    severity: Severity::High,
    title: "World-writable device node",
    requirements: &["CR 2.1", "CR 3.4"],
    remediation: "restrict the device node to root or a dedicated group (mode 0600/0660) in the build or the device manager rules",
};

/// Device nodes meant to be writable by everyone.
const PUBLIC_DEVICES: &[&str] = &[
    "dev/null",
    "dev/zero",
    "dev/full",
    "dev/random",
    "dev/urandom",
    "dev/tty",
    "dev/ptmx",
];

impl Rule for WorldWritable {
    fn id(&self) -> &'static str {
        "world-writable"
    }
    fn title(&self) -> &'static str {
        "Files, folders and device nodes anyone may write"
    }
    fn codes(&self) -> &'static [Code] {
        &[FILE, DIR, DEVICE]
    }
    fn run(&self, input: &ScanInput<'_>, out: &mut Vec<Finding>) {
        for (path, node) in input.tree.iter() {
            let Some(mode) = node.meta.mode else {
                continue;
            };
            if mode & 0o002 == 0 {
                continue;
            }
            let shown = format!("mode {mode:04o}");
            match &node.kind {
                NodeKind::File(_) => out.push(Finding::new(self, &FILE, path, None, shown)),
                NodeKind::Dir if mode & 0o1000 == 0 => {
                    out.push(Finding::new(self, &DIR, path, None, shown));
                }
                NodeKind::Special(
                    special @ (Special::CharDevice { major, minor }
                    | Special::BlockDevice { major, minor }),
                ) => {
                    let rel = rel_path(path, node);
                    if PUBLIC_DEVICES.iter().any(|d| super::support::is_at(rel, d)) {
                        continue;
                    }
                    let kind = if matches!(special, Special::CharDevice { .. }) {
                        "character"
                    } else {
                        "block"
                    };
                    let detail = format!("{kind} device {major}:{minor}, {shown}");
                    out.push(Finding::new(self, &DEVICE, path, None, detail));
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;
    use crate::findings::tests::{ROOT, node, run_rule};
    use crate::tree::FileTree;

    #[test]
    fn world_writable_files_folders_and_devices_are_found() {
        let mut tree = FileTree::new();
        let file = || NodeKind::File(Bytes::from_static(b"#!/bin/sh\n"));
        let mem = NodeKind::Special(Special::CharDevice { major: 1, minor: 1 });
        let null = NodeKind::Special(Special::CharDevice { major: 1, minor: 3 });
        for (rel, kind, mode) in [
            ("etc/init.d/S99app", file(), 0o777),
            ("etc/init.d/S10ok", file(), 0o755),
            ("tmp", NodeKind::Dir, 0o1777),
            ("var/www", NodeKind::Dir, 0o777),
            ("dev/mem", mem, 0o666),
            ("dev/null", null, 0o666),
            ("bin/sh", NodeKind::Symlink("busybox".into()), 0o777),
        ] {
            tree.insert(format!("{ROOT}/{rel}"), node(kind, mode));
        }
        let found = run_rule(&WorldWritable, &tree);
        let codes: Vec<_> = found
            .iter()
            .map(|f| (f.code, f.path.rsplit('/').next().unwrap()))
            .collect();
        assert_eq!(
            codes,
            [
                ("FW-PRM-003", "mem"),
                ("FW-PRM-001", "S99app"),
                ("FW-PRM-002", "www")
            ],
            "{found:#?}"
        );
        assert_eq!(found[0].detail, "character device 1:1, mode 0666");
    }
}

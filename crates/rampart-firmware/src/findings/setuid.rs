use super::support::file_name;
use super::{Code, Finding, Rule, ScanInput, Severity};
use crate::tree::NodeKind;

/// Set-user-id and set-group-id programs.
///
/// **What it finds**: regular files with the set-uid (`04000`) or set-gid (`02000`) bit in
/// the mode the container recorded. Programs that need the bit to do their job on a
/// multi-user system (`passwd`, `su`, `sudo`, `ping`, `mount`, … — the list
/// [`EXPECTED`]) are reported at low severity, for the record; any other is reported as
/// unexpected, including `busybox`, whose every applet then runs with the owner's rights
/// unless it was built to drop them. (The hardening table lists these bits per ELF; this is
/// the finding.)
///
/// **Why it matters**: a set-uid-root program is root for whoever runs it; every bug in it,
/// and every applet of a set-uid multi-call binary, is a way from any local account or
/// compromised daemon to root. A device should need few or none.
///
/// **Example**: `bin/busybox` with mode `4755`.
///
/// **References**: IEC 62443-4-2 CR 2.1 (authorization enforcement: least privilege), CR 7.7
/// (least functionality); CWE-250.
pub struct SetUid;

const UNEXPECTED: Code = Code {
    code: "FW-PRM-004",
    severity: Severity::High,
    title: "Unexpected set-uid or set-gid program",
    requirements: &["CR 2.1", "CR 7.7"],
    remediation: "drop the bit in the build (chmod u-s,g-s), or give the program only the capability it needs",
};

const EXPECTED_CODE: Code = Code {
    code: "FW-PRM-005",
    severity: Severity::Low,
    title: "Set-uid or set-gid program of a usual kind",
    requirements: &["CR 2.1"],
    remediation: "keep only those the device needs (a device without local users rarely needs any)",
};

/// Programs that are set-uid or set-gid on ordinary systems by design.
pub const EXPECTED: &[&str] = &[
    "passwd",
    "su",
    "sudo",
    "newgrp",
    "chsh",
    "chfn",
    "gpasswd",
    "expiry",
    "chage",
    "mount",
    "umount",
    "ping",
    "ping6",
    "traceroute6",
    "fusermount",
    "fusermount3",
    "pkexec",
    "ssh-keysign",
    "unix_chkpwd",
    "crontab",
    "wall",
    "write",
    "at",
    "dbus-daemon-launch-helper",
    "ssh-agent",
    "utempter",
    "dotlockfile",
    "locate",
    "plocate",
];

impl Rule for SetUid {
    fn id(&self) -> &'static str {
        "setuid-program"
    }
    fn title(&self) -> &'static str {
        "Set-user-id and set-group-id programs"
    }
    fn codes(&self) -> &'static [Code] {
        &[UNEXPECTED, EXPECTED_CODE]
    }
    fn run(&self, input: &ScanInput<'_>, out: &mut Vec<Finding>) {
        for (path, node) in input.tree.iter() {
            let (NodeKind::File(_), Some(mode)) = (&node.kind, node.meta.mode) else {
                continue;
            };
            if mode & 0o6000 == 0 {
                continue;
            }
            let bits = match (mode & 0o4000 != 0, mode & 0o2000 != 0) {
                (true, true) => "set-uid and set-gid",
                (true, false) => "set-uid",
                _ => "set-gid",
            };
            let owner = match node.meta.uid {
                Some(0) => ", owner root".to_owned(),
                Some(uid) => format!(", owner uid {uid}"),
                None => String::new(),
            };
            let detail = format!("{bits}, mode {mode:04o}{owner}");
            let code = if EXPECTED.contains(&file_name(path)) {
                &EXPECTED_CODE
            } else {
                &UNEXPECTED
            };
            out.push(Finding::new(self, code, path, None, detail));
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
    fn setuid_programs_are_split_into_expected_and_unexpected() {
        let mut tree = FileTree::new();
        let elf = || NodeKind::File(Bytes::from_static(b"\x7fELF"));
        for (rel, mode) in [
            ("bin/busybox", 0o4755),
            ("usr/bin/passwd", 0o4755),
            ("usr/bin/crontab", 0o2755),
            ("usr/bin/ls", 0o755),
        ] {
            tree.insert(format!("{ROOT}/{rel}"), node(elf(), mode));
        }
        tree.insert(format!("{ROOT}/var/mail"), node(NodeKind::Dir, 0o2775));
        let found = run_rule(&SetUid, &tree);
        let codes: Vec<_> = found.iter().map(|f| (f.code, file_name(&f.path))).collect();
        assert_eq!(
            codes,
            [
                ("FW-PRM-004", "busybox"),
                ("FW-PRM-005", "crontab"),
                ("FW-PRM-005", "passwd")
            ]
        );
        assert_eq!(found[0].detail, "set-uid, mode 4755");
    }
}

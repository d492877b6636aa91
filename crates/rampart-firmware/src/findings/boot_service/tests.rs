use bytes::Bytes;

use super::*;
use crate::findings::tests::{ROOT, node, run_rule, tree_of};

fn codes(found: &[Finding]) -> Vec<&'static str> {
    found.iter().map(|f| f.code).collect()
}

#[test]
fn inittab_shells_and_daemons_are_found() {
    let inittab = "\
::sysinit:/etc/init.d/rcS
ttyS0::respawn:/bin/sh
tty1::askfirst:-/bin/ash
ttyS1::respawn:/sbin/getty -L ttyS1 115200 vt100
::respawn:/usr/sbin/telnetd -F
# ::respawn:/usr/sbin/gdbserver :1234 /bin/app
::off:/bin/sh
";
    let found = run_rule(
        &BootService,
        &tree_of(&[("etc/inittab", inittab.as_bytes())]),
    );
    assert_eq!(
        codes(&found),
        ["FW-SVC-004", "FW-SVC-004", "FW-SVC-001"],
        "{found:#?}"
    );
    assert!(found[0].detail.contains("ttyS0"));
}

#[test]
fn inetd_and_xinetd_services_are_found_unless_disabled() {
    let inetd = "telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd\n#ftp stream tcp nowait root /usr/sbin/ftpd ftpd\ntftp dgram udp wait root /usr/sbin/in.tftpd in.tftpd -s /srv\n";
    let tree = tree_of(&[
        ("etc/inetd.conf", inetd.as_bytes()),
        (
            "etc/xinetd.d/rsh",
            b"service shell\n{\n  disable = no\n  server = /usr/sbin/in.rshd\n}\n",
        ),
        (
            "etc/xinetd.d/telnet",
            b"service telnet\n{\n  disable = yes\n  server = /usr/sbin/in.telnetd\n}\n",
        ),
    ]);
    let found = run_rule(&BootService, &tree);
    assert_eq!(
        codes(&found),
        ["FW-SVC-001", "FW-SVC-002", "FW-SVC-001"],
        "{found:#?}"
    );
    assert!(found[2].path.ends_with("xinetd.d/rsh"));
}

#[test]
fn only_enabled_init_scripts_count_and_only_command_words() {
    let telnet = b"#!/bin/sh\nstart() {\n  [ -x /usr/sbin/telnetd ] && /usr/sbin/telnetd -l /bin/login\n}\nstop() { killall telnetd; }\n";
    let debug = b"#!/bin/sh\nstart-stop-daemon -S -b -x /usr/bin/gdbserver -- :2345 /usr/bin/app\n";
    let mut tree = tree_of(&[
        ("etc/init.d/telnet", telnet),
        ("etc/init.d/debug", debug),
        ("etc/init.d/ftp", b"#!/bin/sh\nvsftpd /etc/vsftpd.conf &\n"),
        ("etc/rc.local", b"dropbear -R -B -p 22\n"),
    ]);
    // OpenWrt style: rc.d links name what is enabled; `ftp` has none.
    for (link, target) in [
        ("etc/rc.d/S50telnet", "../init.d/telnet"),
        ("etc/rc.d/S99debug", "../init.d/debug"),
        ("etc/rc.d/K10ftp", "../init.d/ftp"),
    ] {
        tree.insert(
            format!("{ROOT}/{link}"),
            node(NodeKind::Symlink(target.into()), 0o777),
        );
    }
    let found = run_rule(&BootService, &tree);
    assert_eq!(
        codes(&found),
        ["FW-SVC-003", "FW-SVC-001", "FW-SVC-005"],
        "{found:#?}"
    );
    assert!(
        found[1].detail.starts_with("line 3:"),
        "{}",
        found[1].detail
    );
}

#[test]
fn without_rc_folders_every_init_script_counts() {
    let found = run_rule(
        &BootService,
        &tree_of(&[("etc/init.d/ftp", b"#!/bin/sh\nexec /usr/sbin/vsftpd\n")]),
    );
    assert_eq!(codes(&found), ["FW-SVC-002"]);
}

#[test]
fn enabled_systemd_units_and_sshd_config_are_found() {
    let mut tree = tree_of(&[
        (
            "etc/ssh/sshd_config",
            b"PermitRootLogin no\nPermitEmptyPasswords yes\n",
        ),
        ("lib/systemd/system/telnet.socket", b"[Socket]\n"),
    ]);
    tree.insert(
        format!("{ROOT}/etc/systemd/system/sockets.target.wants/tftp.socket"),
        node(
            NodeKind::Symlink("/lib/systemd/system/tftp.socket".into()),
            0o777,
        ),
    );
    tree.insert(
        format!("{ROOT}/etc/systemd/system/multi-user.target.wants/adbd.service"),
        node(NodeKind::File(Bytes::from_static(b"[Service]\n")), 0o644),
    );
    let found = run_rule(&BootService, &tree);
    assert_eq!(
        codes(&found),
        ["FW-SVC-005", "FW-SVC-003", "FW-SVC-002"],
        "{found:#?}"
    );
}

use bytes::Bytes;

use super::*;
use crate::findings::tests::{ROOT, node, run_rule, tree_of};

/// BusyBox as the image holds it: the binary with its banner, `httpd` a link to it.
fn with_busybox(mut tree: FileTree) -> FileTree {
    tree.insert(
        format!("{ROOT}/bin/busybox"),
        node(
            NodeKind::File(Bytes::from_static(
                b"\x7fELF\0BusyBox v1.36.1 (2024-01-01)\0",
            )),
            0o755,
        ),
    );
    tree.insert(
        format!("{ROOT}/usr/sbin/httpd"),
        node(NodeKind::Symlink("../../bin/busybox".into()), 0o777),
    );
    tree
}

const SCRIPT: &[u8] = b"#!/bin/sh\n/usr/sbin/httpd -p 80 -h /www\n";

fn codes(found: &[Finding]) -> Vec<&'static str> {
    found.iter().map(|f| f.code).collect()
}

#[test]
fn httpd_without_any_configuration_is_found() {
    let found = run_rule(
        &BusyboxHttpd,
        &with_busybox(tree_of(&[("etc/init.d/S80httpd", SCRIPT)])),
    );
    assert_eq!(codes(&found), ["FW-SVC-006"], "{found:#?}");
    assert!(
        found[0].detail.contains("no httpd.conf"),
        "{}",
        found[0].detail
    );
    assert!(
        found[0].detail.starts_with("line 2:"),
        "{}",
        found[0].detail
    );
}

#[test]
fn a_configuration_without_auth_lines_is_found() {
    // Index, MIME, IP and interpreter lines, and an auth line commented out.
    let conf = b"I:index.html\nA:192.168.1.0/24\nD:*\n.au:audio/basic\n*.php:/usr/bin/php-cgi\n# /:admin:admin\n";
    let found = run_rule(
        &BusyboxHttpd,
        &with_busybox(tree_of(&[
            ("etc/init.d/S80httpd", SCRIPT),
            ("etc/httpd.conf", conf),
        ])),
    );
    assert_eq!(codes(&found), ["FW-SVC-006"], "{found:#?}");
    assert!(found[0].detail.contains("/etc/httpd.conf has no"));
}

#[test]
fn a_protected_configuration_is_not_found() {
    for conf in [
        &b"/:admin:$1$abc$0123456789abcdefghijkl\n"[..],
        b"H:/www\n/cgi-bin : root : *   # password from /etc/passwd\n",
    ] {
        let found = run_rule(
            &BusyboxHttpd,
            &with_busybox(tree_of(&[
                ("etc/init.d/S80httpd", SCRIPT),
                ("etc/httpd.conf", conf),
            ])),
        );
        assert!(found.is_empty(), "{found:#?}");
    }
    // -c names the file, and a folder's own httpd.conf counts too.
    let tree = with_busybox(tree_of(&[
        (
            "etc/init.d/S80httpd",
            b"busybox httpd -c /etc/web/h.conf -h /www\n",
        ),
        ("etc/web/h.conf", b"/adm:admin:secret\n"),
    ]));
    assert!(run_rule(&BusyboxHttpd, &tree).is_empty());
    let tree = with_busybox(tree_of(&[
        ("etc/init.d/S80httpd", SCRIPT),
        ("www/cgi-bin/httpd.conf", b"/:admin:secret\n"),
    ]));
    assert!(run_rule(&BusyboxHttpd, &tree).is_empty());
}

#[test]
fn the_realm_option_alone_protects_nothing() {
    let tree = with_busybox(tree_of(&[(
        "etc/init.d/S80httpd",
        b"start() {\n  busybox httpd -f -r \"Web Server Authentication\" -h /www &\n}\n",
    )]));
    assert_eq!(codes(&run_rule(&BusyboxHttpd, &tree)), ["FW-SVC-006"]);
}

#[test]
fn inittab_and_inetd_starts_are_found() {
    let tree = with_busybox(tree_of(&[
        (
            "etc/inittab",
            b"::respawn:/usr/sbin/httpd -fp 8080 -h /www\n",
        ),
        (
            "etc/inetd.conf",
            b"www stream tcp nowait root /bin/busybox httpd -i -h /www\n",
        ),
    ]));
    let found = run_rule(&BusyboxHttpd, &tree);
    assert_eq!(codes(&found), ["FW-SVC-006", "FW-SVC-006"], "{found:#?}");
}

#[test]
fn loopback_one_shot_runtime_configs_and_other_httpds_are_not_found() {
    for script in [
        &b"httpd -p 127.0.0.1:8080 -h /www\n"[..],
        b"httpd -m secret > /tmp/password\n",
        b"httpd -c /tmp/httpd.conf -h /www\n",
        b"killall httpd\n",
    ] {
        let tree = with_busybox(tree_of(&[("etc/init.d/S80httpd", script)]));
        let found = run_rule(&BusyboxHttpd, &tree);
        assert!(
            found.is_empty(),
            "{}: {found:#?}",
            String::from_utf8_lossy(script)
        );
    }
    // Apache's httpd is not BusyBox's.
    let tree = tree_of(&[
        ("etc/init.d/S80httpd", SCRIPT),
        ("usr/sbin/httpd", b"\x7fELF\0Apache/2.4.62\0"),
    ]);
    assert!(run_rule(&BusyboxHttpd, &tree).is_empty());
    // A script that is not started at boot.
    let tree = with_busybox(tree_of(&[
        ("etc/init.d/S10boot", b"#!/bin/sh\n"),
        ("etc/init.d/httpd", SCRIPT),
    ]));
    assert!(run_rule(&BusyboxHttpd, &tree).is_empty());
}

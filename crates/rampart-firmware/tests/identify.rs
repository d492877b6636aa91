//! Component identification through the public API: the rule catalog's shape, the rules
//! that have no real binary in Debian (on the strings those projects print), the traps that
//! make other tools report wrong versions, merging with a package database, and the SBOM.

use bytes::Bytes;
use rampart_firmware::identify::signatures::scan::FileFacts;
use rampart_firmware::identify::signatures::{ENGINE, RULE_FILES, component_of_package, scan_file};
use rampart_firmware::identify::{identify, to_sbom};
use rampart_firmware::tree::{FileTree, Meta, Node, NodeKind};
use rampart_sbom::{Component, OutputFormat};

/// A tree with `files` (root-relative absolute paths) under root `rootfs`.
fn tree(files: &[(&str, &[u8])]) -> FileTree {
    let mut tree = FileTree::new();
    for (path, data) in files {
        tree.insert(
            format!("rootfs{path}"),
            Node {
                kind: NodeKind::File(Bytes::copy_from_slice(data)),
                meta: Meta::default(),
                root: "rootfs".into(),
            },
        );
    }
    tree
}

/// An ELF-looking file (magic first, so ELF rules select it) holding `strings`.
fn elf_with(strings: &[&[u8]]) -> Vec<u8> {
    let mut data = b"\x7fELF\x02\x01\x01\0".to_vec();
    data.resize(64, 0);
    for s in strings {
        data.extend_from_slice(s);
        data.push(0);
    }
    data
}

fn found(path: &str, data: &[u8]) -> Vec<(String, String)> {
    scan_file(&ENGINE, path, data)
        .into_iter()
        .map(|f| (f.name, f.version))
        .collect()
}

fn one(name: &str, version: &str) -> Vec<(String, String)> {
    vec![(name.to_owned(), version.to_owned())]
}

#[test]
fn the_catalog_has_sixty_components_with_unique_rule_ids() {
    assert!(ENGINE.components.len() >= 60, "{}", ENGINE.components.len());
    let mut ids = std::collections::BTreeSet::new();
    for c in &ENGINE.components {
        for r in &c.rules {
            assert!(ids.insert(r.id.clone()), "rule id {} twice", r.id);
        }
    }
}

#[test]
fn every_rule_file_in_the_folder_is_compiled_in() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/signatures");
    let mut on_disk: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            std::path::Path::new(n)
                .extension()
                .is_some_and(|e| e == "yaml")
        })
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = RULE_FILES.iter().map(|(n, _)| *n).collect();
    assert_eq!(on_disk, listed);
}

// Rules with no real binary in reach (tested: synthetic), on the strings as the projects'
// sources write them, and the banner forms around the rules tested on real excerpts
// (tests/identify_real.rs).

#[test]
fn kernel_banner_gives_the_kernel_version() {
    let banner = b"Linux version 5.10.176 (builder@buildhost) (arm-openwrt-linux-muslgnueabi-gcc (OpenWrt GCC 12.3.0 r23497-6637af95aa) 12.3.0, GNU ld (GNU Binutils) 2.40.0) #0 SMP Sun Oct 8 15:18:02 2023\n";
    assert_eq!(found("fw/vmlinux", banner), one("linux-kernel", "5.10.176"));
    // Debian names its ABI first and the release after the build number (buster's form).
    let debian = b"Linux version 4.19.0-21-amd64 (debian-kernel@lists.debian.org) (gcc version 8.3.0 (Debian 8.3.0-6)) #1 SMP Debian 4.19.249-2 (2022-06-30)\n";
    assert_eq!(found("fw/vmlinux", debian), one("linux-kernel", "4.19.249"));
    // A kernel built by someone else with Debian's compiler is read from its own version.
    let own = b"Linux version 6.6.30 (me@host) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP Tue May 14 10:00:00 UTC 2024\n";
    assert_eq!(found("fw/vmlinux", own), one("linux-kernel", "6.6.30"));
    // Ubuntu names its ABI first and ends with its version signature (CONFIG_VERSION_SIGNATURE:
    // "Ubuntu <ABI>.<upload>-<flavour> <upstream release>"), whose last field is the release;
    // the banner of a 22.04 HWE kernel as published.
    let ubuntu = b"Linux version 6.8.0-40-generic (buildd@lcy02-amd64-078) (x86_64-linux-gnu-gcc-12 (Ubuntu 12.3.0-1ubuntu1~22.04) 12.3.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #40~22.04.3-Ubuntu SMP PREEMPT_DYNAMIC Tue Jul 30 17:30:19 UTC 2 (Ubuntu 6.8.0-40.40~22.04.3-generic 6.8.12)\n";
    assert_eq!(found("fw/vmlinux", ubuntu), one("linux-kernel", "6.8.12"));
}

#[test]
fn rtos_and_embedded_server_banners_are_read() {
    assert_eq!(
        found("fw/app.bin", b"\0FreeRTOS Kernel V10.4.3\0"),
        one("freertos", "10.4.3")
    );
    // kernel/banner.c: BANNER_VERSION is `git describe` ("zephyr-v3.5.0" up to 3.5, "v3.6.0"
    // since) or KERNEL_VERSION_STRING outside git; old banners have no "build".
    for (banner, version) in [
        (
            &b"*** Booting Zephyr OS build v3.6.0-2212-gc38ea288eee9 ***\n"[..],
            "3.6.0",
        ),
        (b"*** Booting Zephyr OS build zephyr-v3.5.0 ***\n", "3.5.0"),
        (b"*** Booting Zephyr OS build 3.5.0 ***\n", "3.5.0"),
        (b"***** Booting Zephyr OS v2.2.0 *****\n", "2.2.0"),
        (
            b"***** Booting Zephyr OS zephyr-v1.13.0-1166-g8b20f9dba *****\n",
            "1.13.0",
        ),
    ] {
        assert_eq!(found("fw/zephyr.bin", banner), one("zephyr", version));
    }
    assert_eq!(
        found(
            "fw/app.bin",
            b"Server: lwIP/2.1.3 (http://savannah.nongnu.org/projects/lwip)\r\n"
        ),
        one("lwip", "2.1.3")
    );
    assert_eq!(
        found("fw/bin/boa", &elf_with(&[b"Server: Boa/0.94.14rc21\r\n"])),
        one("boa", "0.94.14rc21")
    );
    // GoAhead's version is ME_VERSION before "GoAhead/%s" (as gcc lays out src/http.c of
    // 6.1.0); "GoAhead/3.6.5" is what it sends, never what it holds.
    assert!(found("fw/bin/goahead", &elf_with(&[b"GoAhead/3.6.5"])).is_empty());
    // GoAhead 2.x: WEBS_VERSION right before WEBS_NAME, as gcc lays out 2.5.0's webs.c and
    // default.c; the name alone, or after another string, gives nothing.
    assert_eq!(
        found(
            "fw/bin/webs",
            &elf_with(&[
                b"Date: %s\r\n",
                b"2.5.0",
                b"GoAhead-Webs",
                b"Server: %s/%s\r\n"
            ])
        ),
        one("goahead", "2.5.0")
    );
    assert_eq!(
        found("fw/bin/webs", &elf_with(&[b"2.1.8", b"GoAhead-Webs"])),
        one("goahead", "2.1.8")
    );
    assert!(
        found(
            "fw/bin/webs",
            &elf_with(&[b"GoAhead-Webs", b"Server: %s\r\n"])
        )
        .is_empty()
    );
    assert!(found("fw/bin/webs", &elf_with(&[b"HTTP/1.0", b"GoAhead-Webs"])).is_empty());
    // open62541's BuildInfo version is the string after the product name (the real build is
    // in tests/identify_real.rs); a date or a URL there is no version.
    assert!(
        found(
            "fw/lib/libopen62541.so",
            &elf_with(&[b"open62541 OPC UA Server", b"Dec  5 2026 08:49:51"])
        )
        .is_empty()
    );
    assert_eq!(
        found(
            "fw/app.bin",
            b"open62541 OPC UA Server\x001.3.4-rc1\0Jan  1 2023 00:00:00\0"
        ),
        one("open62541", "1.3.4")
    );
}

// Rules tested on Debian packages, here on the bytes around the version as those packages'
// binaries hold them (trimmed with `xxd` from the Debian 12 amd64 files named), so the
// rule and its traps are checked on every `cargo test`, not only where the packages are
// fetched. The file facts (name, SONAME) are given as the binaries carry them.

/// What the engine reads in `data` for a file with this name and SONAME, as (name, version).
fn scanned(name: &str, soname: Option<&str>, data: &[u8]) -> Vec<(String, String)> {
    let facts = FileFacts {
        name,
        is_elf: true,
        soname,
        needed: &[],
    };
    ENGINE
        .scan(&facts, data)
        .into_iter()
        .map(|h| (ENGINE.components[h.component].component.clone(), h.version))
        .collect()
}

#[test]
fn libxml2_jansson_and_json_c_are_read_only_in_their_own_libraries() {
    // libxml2 2.9.14+dfsg-1.3~deb12u6: usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14, SONAME
    // libxml2.so.2; its only version text is "20914".
    assert_eq!(
        scanned("libxml2.so.2.9.14", Some("libxml2.so.2"), b"::20914\0"),
        one("libxml2", "2.9.14")
    );
    assert!(scanned("libxml2.so.2.9.14", None, b"").is_empty());
    // libjansson4 2.14-2: libjansson.so.4.14.0, the dynamic string table's GLIBC_2.14 and
    // JANSSON_VERSION after a double constant.
    let jansson = b"sson.so.4\0GLIBC_2.14\0GLIBC_2.4\0\xff\xff\xff\xff\xff\xff\xef\x7f2.14\0\0\0\0";
    assert_eq!(
        scanned("libjansson.so.4.14.0", Some("libjansson.so.4"), jansson),
        one("jansson", "2.14")
    );
    assert!(scanned("libother.so.1", Some("libother.so.1"), jansson).is_empty());
    // libjson-c5 0.16-2: libjson-c.so.5.2.0.
    let json_c = b"\0\0\x000.16\0%ld\0%lu\0json-c aborts with error: %s\n\0";
    assert_eq!(
        scanned("libjson-c.so.5.2.0", Some("libjson-c.so.5"), json_c),
        one("json-c", "0.16")
    );
    assert!(scanned("libjansson.so.4.14.0", Some("libjansson.so.4"), json_c).is_empty());
}

#[test]
fn chrony_strongswan_and_systemd_are_read_from_their_daemons() {
    // chrony 4.3-2+deb12u3: usr/sbin/chronyd (chronyc holds the same "--version\04.3\0").
    let chronyd =
        b"/etc/chrony/chrony.conf\0--help\0--version\x004.3\x0046df:F:hl:L:mnpP:qQrRst:u:Uvx\0";
    assert_eq!(scanned("chronyd", None, chronyd), one("chrony", "4.3"));
    assert!(scanned("ntpd", None, chronyd).is_empty());
    // strongswan-charon 5.9.8-5+deb12u6: usr/lib/ipsec/charon; libcharon names strongSwan
    // without a version.
    assert_eq!(
        scanned(
            "charon",
            None,
            b"\0Starting IKE charon daemon (strongSwan 5.9.8, %s %s, %s)\0"
        ),
        one("strongswan", "5.9.8")
    );
    assert!(
        scanned(
            "libcharon.so.0.0.0",
            Some("libcharon.so.0"),
            b"\0received a notify strongSwan uses for BEET mode, but peer implementation unknown, skipped\0strongSwan\0"
        )
        .is_empty()
    );
    // systemd 252.39-1~deb12u2: libsystemd-shared-252.so's version text, PID 1's banner
    // (lib/systemd/systemd), and libsystemd.so.0's symbol version, which is no release.
    assert_eq!(
        scanned(
            "libsystemd-shared-252.so",
            None,
            b"fied\0\0\0\0\0systemd 252 (252.39-1~deb12u2)\n%s\n\0"
        ),
        one("systemd", "252.39")
    );
    assert_eq!(
        scanned(
            "systemd",
            None,
            b"\0systemd 252.39-1~deb12u2 running in %ssystem mode (%s)\0"
        ),
        one("systemd", "252.39")
    );
    assert!(
        scanned(
            "libsystemd.so.0.35.0",
            Some("libsystemd.so.0"),
            b"\0LIBSYSTEMD_252\0"
        )
        .is_empty()
    );
    // A build from a release tarball: GIT_VERSION is the project version.
    assert_eq!(
        scanned("systemctl", None, b"\0systemd 255 (255)\n%s\n\0"),
        one("systemd", "255")
    );
}

// Traps.

#[test]
fn openssl_named_in_help_or_build_text_is_not_the_shipped_openssl() {
    // The control: the library's own version text.
    assert_eq!(
        found(
            "lib/libcrypto.so.3",
            &elf_with(&[b"OpenSSL 3.0.2 15 Mar 2022"])
        ),
        one("openssl", "3.0.2")
    );
    // nginx -V's build line and a requirement message carry other versions.
    assert!(
        found(
            "sbin/nginx",
            &elf_with(&[b"built with OpenSSL 3.0.2 15 Mar 2022"])
        )
        .is_empty()
    );
    assert!(
        found(
            "bin/tool",
            &elf_with(&[b"This program requires OpenSSL 1.0.2 22 Jan 2015 or later"])
        )
        .is_empty()
    );
}

#[test]
fn a_version_cut_out_of_an_oid_is_refused() {
    // GoAhead's regex alone would read 4.1.5923's tail or 1.3.6 out of an enterprise OID
    // placed before its format string.
    assert!(
        found(
            "bin/snmpd",
            &elf_with(&[b"1.3.6.1.4.1.5923", b"GoAhead/%s"])
        )
        .is_empty()
    );
    assert_eq!(
        found("bin/webs", &elf_with(&[b"2.5.0", b"GoAhead/%s"])),
        one("goahead", "2.5.0")
    );
}

#[test]
fn the_kernel_is_linux_kernel_and_util_linux_is_not_the_kernel() {
    let kernel = scan_file(
        &ENGINE,
        "boot/vmlinux",
        b"Linux version 6.1.0 (a@b) #1 SMP\n",
    );
    assert_eq!(
        kernel[0].cpes,
        ["cpe:2.3:o:linux:linux_kernel:6.1.0:*:*:*:*:*:*:*"]
    );
    let tools = scan_file(&ENGINE, "bin/mount", &elf_with(&[b"util-linux 2.38.1"]));
    assert_eq!(tools.len(), 1);
    assert_eq!(tools[0].name, "util-linux");
    assert_eq!(
        tools[0].cpes,
        ["cpe:2.3:a:kernel:util-linux:2.38.1:*:*:*:*:*:*:*"]
    );
    for c in &ENGINE.components {
        if let Some((_, vendor, product)) = &c.cpe {
            assert!(
                !(vendor == "linux" && product == "linux"),
                "{}",
                c.component
            );
        }
    }
}

#[test]
fn a_library_named_like_another_product_is_not_that_product() {
    // pyOpenSSL's version text is not OpenSSL's; neither is its package.
    assert!(
        found(
            "lib/python3/OpenSSL/version.so",
            &elf_with(&[b"pyOpenSSL 23.0.0 1 Jan 2023"])
        )
        .is_empty()
    );
    assert!(component_of_package("python3-openssl").is_none());
    assert_eq!(
        component_of_package("libssl3").unwrap().component,
        "openssl"
    );
}

#[test]
fn version_constants_are_read_only_in_the_files_their_rule_selects() {
    // musl's bare version constant, in musl's libc and elsewhere.
    let libc = elf_with(&[b"/proc/self/fd/", b"1.2.3"]);
    assert_eq!(found("lib/libc.so", &libc), one("musl", "1.2.3"));
    assert!(found("usr/bin/tool", &libc).is_empty());
}

#[test]
fn uclibc_ng_is_read_from_its_library_name_only_with_its_soname() {
    // A file named like uClibc-ng without an ELF SONAME is not evidence.
    assert!(found("lib/libuClibc-1.0.45.so", &elf_with(&[])).is_empty());
}

// Package databases and merging, end to end.

const STATUS: &[u8] = b"Package: busybox\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:1.35.0-4+b1\n";

#[test]
fn a_package_database_entry_absorbs_the_signature_of_its_own_file() {
    let busybox = elf_with(&[b"BusyBox v1.35.0 (Debian 1:1.35.0-4+b1) multi-call binary."]);
    let tree = tree(&[
        ("/var/lib/dpkg/status", STATUS),
        ("/etc/os-release", b"ID=debian\nVERSION_ID=\"12\"\n"),
        ("/var/lib/dpkg/info/busybox.list", b"/bin/busybox\n"),
        ("/bin/busybox", &busybox),
        (
            "/opt/vendor/busybox",
            &elf_with(&[b"BusyBox v1.20.2 (2013-01-01) multi-call binary."]),
        ),
    ]);
    let components = identify(&tree);
    let summary: Vec<(&str, &str, &str)> = components
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.version.as_deref().unwrap(),
                c.purl.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("busybox", "1.20.2", "pkg:generic/busybox@1.20.2"),
            (
                "busybox",
                "1:1.35.0-4+b1",
                "pkg:deb/debian/busybox@1:1.35.0-4%2Bb1?arch=amd64&distro=debian-12"
            ),
        ]
    );
    let evidence = components[1].evidence.as_ref().unwrap();
    let techniques: Vec<&str> = evidence.identity[0]
        .methods
        .iter()
        .map(|m| m.technique.as_str())
        .collect();
    assert_eq!(techniques, ["manifest-analysis", "binary-analysis"]);
    let places: Vec<&str> = evidence
        .occurrences
        .iter()
        .map(|o| o.location.as_str())
        .collect();
    assert_eq!(places, ["rootfs/bin/busybox", "rootfs/var/lib/dpkg/status"]);
    // The unpackaged copy names its rule and file offset.
    let other = &components[0].evidence.as_ref().unwrap().occurrences[0];
    assert!(other.offset.is_some());
    assert!(
        other
            .additional_context
            .as_deref()
            .unwrap()
            .starts_with("rule busybox-banner (banner)")
    );
}

#[test]
fn identification_is_deterministic_and_its_sbom_is_valid_cyclonedx() {
    let tree = tree(&[
        (
            "/lib/libcrypto.so.3",
            &elf_with(&[b"OpenSSL 3.0.15 3 Sep 2024"]),
        ),
        (
            "/lib/libz.so.1",
            &elf_with(&[b" deflate 1.2.13 Copyright 1995-2022 Jean-loup Gailly and Mark Adler "]),
        ),
        (
            "/bin/busybox",
            &elf_with(&[b"BusyBox v1.36.1 (2024-01-01 00:00:00 UTC)"]),
        ),
    ]);
    let first = identify(&tree);
    assert_eq!(first, identify(&tree));
    let names: Vec<&str> = first.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["busybox", "openssl", "zlib"]);
    let sbom = to_sbom("router.bin", &"ab".repeat(32), first);
    let json = rampart_sbom::write(&sbom, OutputFormat::CycloneDxJson);
    if let Err(e) = rampart_sbom::validate("fw.cdx.json", json.as_bytes()) {
        panic!("{e}\n{json}");
    }
    let back = rampart_sbom::read("fw.cdx.json", json.as_bytes()).unwrap();
    assert_eq!(back.components, sbom.components);
    let zlib: &Component = &back.components[2];
    assert_eq!(zlib.cpes, ["cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*"]);
    assert_eq!(zlib.purl.as_deref(), Some("pkg:generic/zlib@1.2.13"));
}

/// Found by the `identify` fuzz target: a damaged apk database whose records ran together
/// listed musl twice, and the SBOM named its purl as two components' bom-ref.
#[test]
fn a_package_listed_twice_is_one_component_and_the_sbom_reads_back() {
    let tree = tree(&[(
        "/lib/apk/db/installed",
        b"P:busybox\nV:1.36.1C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\n\nP:musl\nV:1.2.4-r2\nA:x86_64\n",
    )]);
    let components = identify(&tree);
    assert_eq!(components.len(), 1, "{components:#?}");
    let sbom = to_sbom("twice.bin", &"0".repeat(64), components);
    let json = rampart_sbom::write(&sbom, OutputFormat::CycloneDxJson);
    if let Err(e) = rampart_sbom::read("twice.cdx.json", json.as_bytes()) {
        panic!("{e}\n{json}");
    }
}

#[test]
fn odd_package_database_entries_still_give_an_sbom_that_reads_back() {
    let tree = tree(&[
        (
            "/var/lib/dpkg/status",
            b"Package: a b\nVersion: \xff\xfe\n\nPackage: x\nVersion: :\nArchitecture: ?&=#\nSource: (\n\nVersion: 1\n",
        ),
        ("/usr/lib/opkg/status", b"Package: busybox\nVersion: 1.0 *beta*\n"),
        ("/lib/apk/db/installed", b"P:\nV:\n\nP:z\nV:1\nF:\nR:\n"),
        ("/etc/os-release", b"ID=\"\"\nVERSION_ID=\n"),
    ]);
    let components = identify(&tree);
    assert!(!components.is_empty());
    let sbom = to_sbom("odd.bin", &"0".repeat(64), components);
    for format in [OutputFormat::CycloneDxJson, OutputFormat::SpdxJson] {
        let text = rampart_sbom::write(&sbom, format);
        if let Err(e) = rampart_sbom::read("odd", text.as_bytes()) {
            panic!("{e}\n{text}");
        }
    }
}

//! Rules marked `tested: fixture:FILE`: each is checked on an excerpt of a real binary in
//! `tests/fixtures/identify/` (a few hundred bytes cut around the evidence; the README there
//! names the source, version, file and offset, and `bench/make-identify-fixtures.sh` makes
//! them again). The rule must find its component there at exactly the version the binary
//! was built as, and no other version of it.

use std::path::{Path, PathBuf};

use rampart_firmware::identify::signatures::ENGINE;
use rampart_firmware::identify::signatures::scan::FileFacts;

/// One excerpt and what the real binary it was cut from is.
struct Excerpt {
    /// File name under `tests/fixtures/identify/`.
    file: &'static str,
    /// The base name of the binary it was cut from.
    name: &'static str,
    /// That binary's SONAME, where a rule selects on it (the excerpt then holds it).
    soname: Option<&'static str>,
    /// The component and the version the binary was built as.
    component: &'static str,
    version: &'static str,
}

const EXCERPTS: &[Excerpt] = &[
    // Debian 12 linux-image-6.1.0-57-cloud-amd64 6.1.192-3: the banner names the ABI
    // 6.1.0 first; the release is 6.1.192.
    Excerpt {
        file: "linux-6.1.192-debian-vmlinux.bin",
        name: "vmlinux",
        soname: None,
        component: "linux-kernel",
        version: "6.1.192",
    },
    // uClibc-ng 1.0.35 from Debian 12's uclibc-source 1.0.35-1, built for x86_64: its
    // version banner, and its dynamic string table with the SONAME the file-name rule needs.
    Excerpt {
        file: "uclibc-ng-1.0.35-libuClibc.so-banner.bin",
        name: "libuClibc-1.0.35.so",
        soname: None,
        component: "uclibc-ng",
        version: "1.0.35",
    },
    Excerpt {
        file: "uclibc-ng-1.0.35-libuClibc.so-dynstr.bin",
        name: "libuClibc-1.0.35.so",
        soname: Some("libc.so.0"),
        component: "uclibc-ng",
        version: "1.0.35",
    },
    // lwIP's httpd.c from the crate lwip 0.4.0 (lwIP 2.2.1 development, "2.2.1d").
    Excerpt {
        file: "lwip-2.2.1d-httpd.o.bin",
        name: "httpd.o",
        soname: None,
        component: "lwip",
        version: "2.2.1",
    },
    // open62541 1.5.10 from the crate open62541-sys 0.6.6, built by its CMake.
    Excerpt {
        file: "open62541-1.5.10-libopen62541.so.bin",
        name: "libopen62541.so.1.5.10",
        soname: None,
        component: "open62541",
        version: "1.5.10",
    },
];

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/identify")
}

/// (component, rule id, version) of every hit in the excerpt, read as the binary it came from.
fn hits(excerpt: &Excerpt) -> Vec<(String, String, String)> {
    let data = std::fs::read(folder().join(excerpt.file)).unwrap();
    let facts = FileFacts {
        name: excerpt.name,
        is_elf: true,
        soname: excerpt.soname,
        needed: &[],
    };
    ENGINE
        .scan(&facts, &data)
        .into_iter()
        .map(|h| {
            let c = &ENGINE.components[h.component];
            (c.component.clone(), c.rules[h.rule].id.clone(), h.version)
        })
        .collect()
}

#[test]
fn every_fixture_tested_rule_reads_its_real_binary_at_the_built_version() {
    let mut used = std::collections::BTreeSet::new();
    for c in &ENGINE.components {
        for r in &c.rules {
            let Some(file) = r.tested.strip_prefix("fixture:") else {
                continue;
            };
            let excerpt = EXCERPTS
                .iter()
                .find(|e| e.file == file)
                .unwrap_or_else(|| panic!("rule {}: no excerpt {file} is described", r.id));
            assert_eq!(excerpt.component, c.component, "{file}");
            let of_component: Vec<_> = hits(excerpt)
                .into_iter()
                .filter(|(component, _, _)| component == &c.component)
                .collect();
            assert!(
                of_component
                    .iter()
                    .any(|(_, rule, version)| rule == &r.id && version == excerpt.version),
                "rule {} does not read {} {} in {file}: {of_component:?}",
                r.id,
                c.component,
                excerpt.version
            );
            assert!(
                of_component.iter().all(|(_, _, v)| v == excerpt.version),
                "{file}: another version of {} read: {of_component:?}",
                c.component
            );
            used.insert(file);
        }
    }
    assert_eq!(
        used.len(),
        EXCERPTS.len(),
        "an excerpt no rule is tested on"
    );
}

#[test]
fn the_soname_given_for_an_excerpt_is_in_its_bytes() {
    // A file-name rule reads the file's name and SONAME, not its content: the excerpt of the
    // dynamic string table shows the SONAME the test gives is the one the build wrote.
    for e in EXCERPTS {
        if let Some(soname) = e.soname {
            let data = std::fs::read(folder().join(e.file)).unwrap();
            let needle = format!("\0{soname}\0");
            assert!(
                data.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{} does not hold {soname}",
                e.file
            );
        }
    }
}

#[test]
fn every_excerpt_is_small_and_cited() {
    let readme = std::fs::read_to_string(folder().join("README.md")).unwrap();
    for e in EXCERPTS {
        let len = std::fs::metadata(folder().join(e.file)).unwrap().len();
        assert!(len <= 1024, "{} is {len} bytes", e.file);
        assert!(
            readme.contains(e.file),
            "README.md does not cite {}",
            e.file
        );
    }
}

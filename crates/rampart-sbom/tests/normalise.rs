//! Every entry of the normalisation table, and the traps it must not fall into.

use rampart_sbom::normalise::candidates;

fn pairs(name: &str, distro: Option<&str>) -> Vec<String> {
    candidates(name, distro)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn openssl_library_packages() {
    for name in [
        "openssl",
        "libssl3",
        "libssl1.1",
        "libssl-dev",
        "libcrypto3",
        "openssl-libs",
        "libopenssl3",
        "openssl-devel",
    ] {
        assert_eq!(pairs(name, None), ["openssl:openssl"], "{name}");
    }
}

#[test]
fn curl_has_three_nvd_spellings() {
    for name in [
        "curl",
        "libcurl",
        "libcurl4",
        "libcurl3-gnutls",
        "libcurl4-openssl-dev",
        "curl-minimal",
        "CURL",
    ] {
        assert_eq!(
            pairs(name, None),
            ["haxx:curl", "haxx:libcurl", "curl:curl"],
            "{name}"
        );
    }
}

#[test]
fn busybox_and_dropbear() {
    for name in ["busybox", "busybox-static", "busybox-udeb"] {
        assert_eq!(pairs(name, None), ["busybox:busybox"], "{name}");
    }
    for name in ["dropbear", "dropbear_ssh", "dropbear-run"] {
        assert_eq!(
            pairs(name, None),
            ["dropbear_ssh_project:dropbear_ssh"],
            "{name}"
        );
    }
}

#[test]
fn linux_kernel_is_an_os_named_linux_kernel() {
    let c = candidates("linux-yocto", None);
    assert_eq!(c.len(), 1);
    assert_eq!(
        c[0].to_cpe(Some("6.1.38")).to_string(),
        "cpe:2.3:o:linux:linux_kernel:6.1.38:*:*:*:*:*:*:*"
    );
    // Distribution kernel packages: `linux` on Debian, `kernel` on Fedora.
    assert_eq!(pairs("linux", Some("debian-12")), ["linux:linux_kernel"]);
    assert_eq!(pairs("kernel", Some("fedora-39")), ["linux:linux_kernel"]);
    assert_eq!(
        pairs("linux-lts", Some("alpine-3.19")),
        ["linux:linux_kernel"]
    );
}

#[test]
fn bare_linux_and_kernel_are_not_guessed_without_a_distribution() {
    assert!(pairs("linux", None).is_empty());
    assert!(pairs("kernel", None).is_empty());
    assert!(pairs("kernel", Some("debian")).is_empty());
}

#[test]
fn packages_named_like_linux_are_not_the_kernel() {
    assert_eq!(pairs("util-linux", None), ["kernel:util-linux"]);
    assert_eq!(pairs("libblkid1", None), ["kernel:util-linux"]);
    assert!(pairs("linux-firmware", Some("debian")).is_empty());
    assert!(pairs("linux-atm", None).is_empty());
}

#[test]
fn other_embedded_entries() {
    let cases = [
        ("openssh-server", "openbsd:openssh"),
        ("zlib1g", "zlib:zlib"),
        ("libz", "zlib:zlib"),
        ("libc6", "gnu:glibc"),
        ("dnsmasq-base", "thekelleys:dnsmasq"),
        ("sqlite3", "sqlite:sqlite"),
        ("libsqlite3", "sqlite:sqlite"),
        ("u-boot-tools", "denx:u-boot"),
    ];
    for (name, want) in cases {
        assert_eq!(pairs(name, None), [want], "{name}");
    }
}

#[test]
fn libraries_named_like_a_product_are_not_mapped_to_it() {
    // Bindings and wrappers are products of their own with their own CPEs.
    for name in [
        "pyopenssl",
        "python3-openssl",
        "openssl-sys",
        "ruby-openssl",
        "pycurl",
        "python3-pycurl",
        "node-libcurl",
        "busybox-w32",
        "libsslwrap",
        "sqlite-jdbc",
        "zlib-ng",
    ] {
        assert!(
            pairs(name, None).is_empty(),
            "{name} must not map: {:?}",
            pairs(name, None)
        );
    }
}

#[test]
fn unknown_names_give_no_candidates() {
    assert!(pairs("", None).is_empty());
    assert!(pairs("lib", None).is_empty());
    assert!(pairs("libfoo3", Some("debian")).is_empty());
}

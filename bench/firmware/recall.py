#!/usr/bin/env python3
"""Component recall and precision of firmware version scanners against a root filesystem
whose truth is known: the dpkg database of the Debian packages it was built from.

    bench/firmware/recall.py --status ROOTFS/var/lib/dpkg/status \
        --rampart rampart.json [--cve-bin-tool cve-bin-tool.jsonl] [--syft syft.json]

Truth: every embedded component of the issue's list (COMPONENTS) whose Debian source package
is installed, at that package's upstream version. A tool's (product, version) counts as
correct when the product names one of those components and the version is the upstream
version (or a prefix of it at a dot or letter boundary, as `9.2` of `9.2p1`); any other report
of a listed component is a false positive, and a true component reported at a wrong version is
both a miss and a false positive. Recall is over the truth set; precision over the distinct
(component, version) pairs of listed components a tool reports (products outside the list are
counted but not scored: the truth says nothing about them).
"""
import argparse
import json
import re

# The components the issue names (docs/benchmarks.md), as this benchmark names them -> their
# Debian source package(s). Only these are scored: a list drawn from one tool's output would
# favour that tool. (boa, goahead, uClibc, musl, the kernel, U-Boot, open62541, FreeRTOS,
# Zephyr and lwIP are not in a Debian root filesystem.)
COMPONENTS = {
    "busybox": ["busybox"], "openssl": ["openssl"], "wolfssl": ["wolfssl"],
    "mbedtls": ["mbedtls"], "gnutls": ["gnutls28"], "dropbear": ["dropbear"],
    "openssh": ["openssh"], "lighttpd": ["lighttpd"], "nginx": ["nginx"],
    "dnsmasq": ["dnsmasq"], "hostapd": ["wpa"], "wpa_supplicant": ["wpa"],
    "curl": ["curl"], "zlib": ["zlib"], "libpng": ["libpng1.6"],
    "libjpeg-turbo": ["libjpeg-turbo"], "expat": ["expat"], "libxml2": ["libxml2"],
    "sqlite": ["sqlite3"], "glibc": ["glibc"], "iptables": ["iptables"],
    "nftables": ["nftables"], "chrony": ["chrony"], "ntpsec": ["ntpsec"], "bind": ["bind9"],
    "samba": ["samba"], "avahi": ["avahi"], "mosquitto": ["mosquitto"],
    "net-snmp": ["net-snmp"], "openvpn": ["openvpn"], "strongswan": ["strongswan"],
    "ppp": ["ppp"], "lua": ["lua5.4"], "python": ["python3.11"], "php": ["php8.2"],
    "perl": ["perl"], "libmodbus": ["libmodbus"],
}

# Product names tools use -> the component names above.
ALIASES = {
    "libcurl": "curl", "sqlite3": "sqlite", "bind9": "bind", "python3": "python",
    "libjpeg": "libjpeg-turbo", "libjpeg_turbo": "libjpeg-turbo", "glibc_project": "glibc",
    "strongswan": "strongswan", "wpa_supplicant": "wpa_supplicant", "gnu_bash": "bash",
    "libexpat": "expat", "netsnmp": "net-snmp", "net_snmp": "net-snmp", "openssh-client": "openssh",
    "pppd": "ppp", "point-to-point_protocol": "ppp", "util_linux": "util-linux", "xz_utils": "xz",
    "xz-utils": "xz", "lua5.4": "lua", "libgpg_error": "libgpg-error", "bzip2": "bzip2",
    "zstandard": "zstd", "json_c": "json-c", "libmodbus": "libmodbus", "libuv": "libuv",
    "d-bus": "dbus", "libdbus": "dbus", "dropbear_ssh": "dropbear", "mbed_tls": "mbedtls",
    "gnu_c_library": "glibc", "libcap2": "libcap",
}


def upstream(version):
    v = version.split(":", 1)[-1]
    v = v.rsplit("-", 1)[0] if "-" in v else v
    return re.split(r"[+~]|\.dfsg", v)[0]


def truth_from_status(path):
    installed = {}
    for block in open(path, encoding="utf-8", errors="replace").read().split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(" ")
        )
        if "installed" not in fields.get("Status", ""):
            continue
        source = fields.get("Source", fields.get("Package", "")).split(" ")[0]
        version = fields.get("Version", "")
        m = re.search(r"\(([^)]+)\)", fields.get("Source", ""))
        if m:
            version = m.group(1)
        installed[source] = upstream(version)
    truth = {}
    for component, sources in COMPONENTS.items():
        for source in sources:
            if source in installed:
                truth[component] = installed[source]
    return truth


def canonical(product):
    p = product.lower()
    return ALIASES.get(p, p)


def agrees(found, expected):
    if found == expected:
        return True
    return expected.startswith(found) and not expected[len(found)].isdigit()


def score(name, reports, truth):
    everything = {(canonical(p), v) for p, v in reports if v}
    # Products outside the list cannot be judged against the truth: counted, not scored.
    reports = {(p, v) for p, v in everything if p in COMPONENTS}
    correct = {(p, v) for p, v in reports if p in truth and agrees(v, truth[p])}
    found = {p for p, _ in correct}
    recall = len(found) / len(truth)
    precision = len(correct) / len(reports) if reports else 0.0
    false = sorted(reports - correct)
    missed = sorted(set(truth) - found)
    print(f"{name}: {len(reports)} reported of the list ({len(everything) - len(reports)} other "
          f"products not scored), {len(correct)} correct; recall {recall:.1%} "
          f"({len(found)}/{len(truth)}), precision {precision:.1%}")
    print(f"  missed: {', '.join(missed) or '-'}")
    print(f"  false: {', '.join(f'{p} {v}' for p, v in false) or '-'}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--status", required=True)
    parser.add_argument("--rampart")
    parser.add_argument("--cve-bin-tool")
    parser.add_argument("--syft", help="syft's JSON output (`syft scan dir:FOLDER -o json`)")
    args = parser.parse_args()
    truth = truth_from_status(args.status)
    print(f"truth: {len(truth)} components of the list installed")
    if args.rampart:
        doc = json.load(open(args.rampart))
        score("rampart", [(c["name"], c.get("version")) for c in doc["components"]], truth)
    if args.cve_bin_tool:
        rows = [json.loads(line) for line in open(args.cve_bin_tool) if line.startswith("{")]
        score("cve-bin-tool", [(r["product"], r["version"]) for r in rows], truth)
    if args.syft:
        doc = json.load(open(args.syft))
        score("syft", [(a["name"], a.get("version")) for a in doc["artifacts"]], truth)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A CycloneDX 1.6 SBOM of N components (default 10,000) shaped like the synthetic feeds of
crates/rampart-advisory/benches/support/synth.rs, so a scan of it finds real work to do:
package purls in the feeds' ecosystems (npm, PyPI, Maven, Go, crates.io, NuGet, Debian 12,
Alpine) and CPEs of the feeds' vendors. Deterministic.
  bench/gen-sbom.py OUT.json [N]"""
import json, sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
vendors = ["siemens", "schneider-electric", "rockwellautomation", "abb", "moxa", "phoenixcontact",
           "openssl", "apache", "busybox", "linux", "wago", "hms", "codesys", "microsoft", "cisco"]
components = []
for i in range(n):
    k = (i * 2654435761) % 20_000
    version = f"{i % 12}.{(i // 12) % 30}.{(i // 360) % 20}"
    kind = i % 10
    c = {"type": "library", "bom-ref": f"c{i}", "name": f"pkg-{k}", "version": version}
    if kind == 0:
        c["purl"] = f"pkg:npm/pkg-{k}@{version}"
    elif kind == 1:
        c["purl"] = f"pkg:pypi/pkg-{k}@{version}"
    elif kind == 2:
        c["name"] = f"lib-{k}"
        c["group"] = f"org.example{k % 50}"
        c["purl"] = f"pkg:maven/org.example{k % 50}/lib-{k}@{version}"
    elif kind == 3:
        c["name"] = f"github.com/example{k % 50}/mod-{k}"
        c["purl"] = f"pkg:golang/github.com/example{k % 50}/mod-{k}@v{version}"
    elif kind == 4:
        c["purl"] = f"pkg:cargo/pkg-{k}@{version}"
    elif kind == 5:
        c["purl"] = f"pkg:deb/debian/pkg-{k}@{version}-1?distro=debian-12"
    elif kind == 6:
        c["purl"] = f"pkg:apk/alpine/pkg-{k}@{version}-r0?distro=alpine-3.19"
    else:
        vendor = vendors[i % len(vendors)]
        product = f"product_{k % 3000}"
        c["name"] = product
        c["cpe"] = f"cpe:2.3:a:{vendor}:{product}:{version}:*:*:*:*:*:*:*"
    components.append(c)
bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
       "serialNumber": "urn:uuid:5a4c7a0e-0000-4000-8000-000000000000",
       "metadata": {"component": {"type": "firmware", "bom-ref": "product", "name": "synthetic product", "version": "1.0"}},
       "components": components}
with open(out, "w") as f:
    json.dump(bom, f)

#!/usr/bin/env bash
# Compares Rampart's ELF hardening checks with checksec 2.6.0 (Debian package `checksec`) on
# every ELF file of the folders given, property by property, and prints each disagreement.
#
#   bench/hardening-vs-checksec.sh DIR [DIR ...]
#   e.g. bench/hardening-vs-checksec.sh /usr/bin /usr/lib/x86_64-linux-gnu /usr/arm-linux-gnueabihf
#
# Rampart's side is `rampart firmware analyze DIR --format json` (the folder read as a tree;
# its `hardening` part): $RAMPART, default target/debug/rampart, built if missing. Exits 1 when
# any property disagrees. Known, documented differences (docs/firmware-hardening.md) are
# counted but listed separately. Set KEEP=1 to keep the raw outputs in target/tmp/hardening-vs-checksec.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 DIR [DIR ...]" >&2
  exit 2
fi
command -v checksec > /dev/null || { echo "checksec not found: apt-get install checksec" >&2; exit 2; }

repo=$(cd "$(dirname "$0")/.." && pwd)
work="$repo/target/tmp/hardening-vs-checksec"
mkdir -p "$work"
rampart=${RAMPART:-$repo/target/debug/rampart}
if [[ ! -x "$rampart" ]]; then
  cargo build -q -p rampart-cli --manifest-path "$repo/Cargo.toml"
fi

status=0
for dir in "$@"; do
  dir=${dir%/}
  name=$(echo "$dir" | tr '/' '_')
  start=$(date +%s.%N)
  checksec --format=csv --dir="$dir" > "$work/$name.checksec.csv" 2> /dev/null || true
  mid=$(date +%s.%N)
  "$rampart" firmware analyze "$dir" --format json > "$work/$name.rampart.json"
  end=$(date +%s.%N)
  python3 - "$dir" "$work/$name.checksec.csv" "$work/$name.rampart.json" "$start" "$mid" "$end" << 'EOF' || status=1
import collections, json, sys

folder, csv_path, json_path = sys.argv[1:4]
t0, t1, t2 = map(float, sys.argv[4:7])

checksec = {}
for line in open(csv_path, encoding="utf-8", errors="replace"):
    fields = line.rstrip("\n").split(",", 10)
    if len(fields) != 11:
        continue
    relro, canary, nx, pie, rpath, runpath, symbols, fortify, fortified, fortifiable, path = fields
    checksec[path] = {
        "relro": relro,
        "canary": canary,
        "nx": nx,
        "pie": pie,
        "rpath": rpath.replace("RW-", ""),
        "runpath": runpath.replace("RW-", ""),
        "symbols": symbols,
        "fortify": fortify,
        "fortified": fortified,
        "fortifiable": fortifiable,
    }

report = json.load(open(json_path))["hardening"]
ours = {}
for elf in report["elves"]:
    if elf["type"] == "exec":
        pie = "No PIE"
    elif elf["type"] == "dyn":
        pie = "PIE enabled" if elf["is_pie"] else "DSO"
    elif elf["type"] == "rel":
        pie = "REL"
    else:
        pie = "Not an ELF file"
    # Tree paths start with the folder's own name.
    ours[folder + "/" + elf["path"].split("/", 1)[1]] = {
        "relro": {"full": "Full RELRO", "partial": "Partial RELRO", "none": "No RELRO"}[elf["relro"]],
        "canary": "Canary found" if elf["canary"] else "No Canary found",
        "nx": "NX enabled" if elf["nx"] else "NX disabled",
        "pie": pie,
        "rpath": "RPATH" if any(elf["rpath"]) else "No RPATH",
        "runpath": "RUNPATH" if any(elf["runpath"]) else "No RUNPATH",
        "symbols": "No Symbols" if elf["stripped"] else "Symbols",
        "fortify": "Yes" if elf["fortify"]["enabled"] else "No",
        "fortified": str(elf["fortify"]["fortified"]),
        "fortifiable": str(elf["fortify"]["fortifiable"]),
    }
problems = {folder + "/" + p["path"].split("/", 1)[1]: p["message"] for p in report["problems"]}

disagree = collections.Counter()
examples = collections.defaultdict(list)
for path in sorted(set(checksec) & set(ours)):
    for prop, theirs in checksec[path].items():
        mine = ours[path][prop]
        if mine != theirs:
            disagree[prop] += 1
            if len(examples[prop]) < 5:
                examples[prop].append(f"{path}: checksec {theirs!r}, rampart {mine!r}")
only_checksec = sorted(set(checksec) - set(ours))
only_rampart = sorted(set(ours) - set(checksec))

both = len(set(checksec) & set(ours))
print(f"== {folder}: {both} ELF files checked by both; checksec {t1 - t0:.1f} s, rampart {t2 - t1:.2f} s")
for prop in ["relro", "canary", "nx", "pie", "rpath", "runpath", "symbols", "fortify", "fortified", "fortifiable"]:
    print(f"  {prop:12} {disagree[prop]:5} disagreements")
    for example in examples[prop]:
        print(f"      {example}")
for path in only_checksec[:10]:
    print(f"  only checksec: {path} ({problems.get(path, 'not seen as ELF by rampart')})")
for path in only_rampart[:10]:
    print(f"  only rampart: {path}")
print(f"  files only checksec reports: {len(only_checksec)}; only rampart: {len(only_rampart)}")
sys.exit(1 if sum(disagree.values()) or only_checksec or only_rampart else 0)
EOF
  if [[ "${KEEP:-0}" != 1 ]]; then
    rm -f "$work/$name.checksec.csv" "$work/$name.rampart.json"
  fi
done
exit $status

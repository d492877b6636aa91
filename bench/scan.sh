#!/usr/bin/env bash
# `rampart scan` of a 10,000-component SBOM against the index that bench/advisory-import.sh
# builds (300k OSV + 250k NVD synthetic records): wall, CPU and peak RSS of whole processes,
# the first run with the index file dropped from the page cache where possible (cold), then
# three runs with it cached (warm). Budgets: < 1 s fresh process, peak < 1 GiB.
#   bench/scan.sh INDEX.redb [N]
set -euo pipefail
cd "$(dirname "$0")/.."
index="$1"
n="${2:-10000}"
out="$(mktemp -d)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with local changes)')"
cargo build --release --quiet -p rampart-cli
python3 bench/gen-sbom.py "$out/sbom.json" "$n"
run() {
  /usr/bin/time -v -o "$out/time.txt" ./target/release/rampart scan --db "$index" "$out/sbom.json" --format json -o "$out/report.json"
  local wall cpu rss
  wall=$(grep 'Elapsed (wall clock)' "$out/time.txt" | awk '{print $NF}')
  cpu=$(echo "$(grep 'User time' "$out/time.txt" | awk '{print $NF}') + $(grep 'System time' "$out/time.txt" | awk '{print $NF}')" | bc)
  rss=$(grep 'Maximum resident' "$out/time.txt" | awk '{print $NF}')
  printf '%-6s wall %s  cpu %s s  peak RSS %d MiB  findings %s\n' "$1" "$wall" "$cpu" "$((rss / 1024))" \
    "$(python3 -c "import json;print(json.load(open('$out/report.json'))['summary']['findings'])")"
}
if [ -w /proc/sys/vm/drop_caches ]; then sync; echo 1 > /proc/sys/vm/drop_caches; fi
run cold
for i in 1 2 3; do run warm; done

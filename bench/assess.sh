#!/usr/bin/env bash
# `rampart assess product` end to end (issue 9): a real-package firmware image in, the whole
# report set out (HTML, PDF, spreadsheet, document, JSON, OSCAL, SARIF, CSAF, VEX, SBOM).
# Budget: under 10 s wall for a 300 MB image on this 2-core machine.
#   bench/assess.sh IMAGE INDEX.redb [RUNS]
# IMAGE: e.g. the squashfs images bench/firmware/build-images.sh packs from a debootstrap
# rootfs; INDEX: an advisory index (bench/advisory-import.sh builds a 550,000-record one).
# Prints wall, CPU and peak RSS per run, and the phase times the command reports.
set -euo pipefail
cd "$(dirname "$0")/.."
image="$1"
index="$2"
runs="${3:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with local changes)')"
echo "image: $image ($(du -h "$image" | cut -f1))"
cargo build --release --quiet -p rampart-cli
for i in $(seq 1 "$runs"); do
  rm -rf "$out/report"
  /usr/bin/time -v -o "$out/time.txt" ./target/release/rampart assess product "$image" \
    --component-type embedded-device --sl-t 2 --db "$index" -o "$out/report" \
    > "$out/stdout.txt" 2> "$out/stderr.txt" || { cat "$out/stderr.txt" >&2; exit 1; }
  wall=$(grep 'Elapsed (wall clock)' "$out/time.txt" | awk '{print $NF}')
  cpu=$(echo "$(grep 'User time' "$out/time.txt" | awk '{print $NF}') + $(grep 'System time' "$out/time.txt" | awk '{print $NF}')" | bc)
  rss=$(grep 'Maximum resident' "$out/time.txt" | awk '{print $NF}')
  printf 'run %s: wall %s  cpu %s s  peak RSS %d MiB\n' "$i" "$wall" "$cpu" "$((rss / 1024))"
  grep -E '^ *(phase|[a-z ]+:) ' "$out/stdout.txt" | sed 's/^/    /' || true
done
ls -la "$out/report"

#!/usr/bin/env bash
# Times rampart-system on the generated dense plant (10,000 assets, 500 zones, 2,000 conduits
# of 4-12 channels, 4-12 threat scenarios per zone; crates/rampart-system/benches/support/plant.rs):
# the library passes with divan (release profile), then the whole `rampart system check` and
# `rampart system gap` commands end to end. Record results in docs/benchmarks.md.
#   bench/system.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# What docs/benchmarks.md records with every figure: machine, commit, load at the start.
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' ':!*.md' || echo ' (with local changes)'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
model="$(mktemp -d)/plant.yaml"
RAMPART_BENCH_MODEL="$model" cargo bench -p rampart-system --bench system
cargo build --release --quiet -p rampart-cli
echo "end to end on $model ($(du -h "$model" | cut -f1)), best of 5 wall-clock runs:"
for cmd in "check" "gap --format json"; do
  best=""
  for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    ./target/release/rampart system $cmd "$model" > /dev/null
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "  rampart system $cmd: ${best} ms"
done

#!/bin/sh
# Times `check` + `gap` of rampart-system on a generated 10,000-asset / 500-zone /
# 2,000-conduit model (release profile). Results are recorded in docs/benchmarks.md.
#   bench/system.sh                      # run
#   RAMPART_BENCH_MODEL=/tmp/plant.yaml bench/system.sh   # also keep the model
set -eu
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
exec cargo bench -p rampart-system --bench system

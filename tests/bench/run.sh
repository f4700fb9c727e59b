#!/usr/bin/env bash
# One command: installs the peers if missing, publishes graceful-init and the .NET floor, builds the probes,
# then benchmarks everything in one run. Usage: bash tests/bench/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/../.."

bash tests/setup.sh
mkdir -p artifacts/bench
if [ -z "${GRACEFUL_INIT_BIN:-}" ]; then
  dotnet publish src/GracefulInit -c Release -o artifacts/publish > artifacts/bench/publish.log 2>&1 || { cat artifacts/bench/publish.log; exit 1; }
fi
dotnet publish tests/bench/floor -c Release -o artifacts/bench/floor > artifacts/bench/floor.log 2>&1 || { cat artifacts/bench/floor.log; exit 1; }
cc -O2 -o artifacts/bench/siglat tests/bench/siglat.c
cc -O2 -o artifacts/bench/storm tests/bench/storm.c
python3 tests/bench/bench.py "$@"

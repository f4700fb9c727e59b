#!/usr/bin/env bash
# The 502 drill (see drill.py): installs nginx, Passenger and hey if missing, publishes graceful-init unless
# GRACEFUL_INIT_BIN names one, and runs every variant. Usage: bash tests/drill/run.sh [--json FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/setup.sh
if [ -z "${GRACEFUL_INIT_BIN:-}" ]; then
  dotnet publish src/GracefulInit -c Release -o artifacts/publish >/dev/null
  export GRACEFUL_INIT_BIN="$PWD/artifacts/publish/graceful-init"
fi
python3 tests/drill/drill.py "$@"

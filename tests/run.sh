#!/usr/bin/env bash
# The test command (README): set-up, native publish, then every test against the published binary.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/setup.sh
mkdir -p artifacts
# The publish output is kept: a test checks that it has no warning (trim and AOT warnings are errors anyway).
dotnet publish src/GracefulInit -c Release -o artifacts/publish 2>&1 | tee artifacts/publish.log
export GRACEFUL_INIT_BIN="$PWD/artifacts/publish/graceful-init"

dotnet test tests/GracefulInit.Tests -c Release --logger "console;verbosity=normal"

# The end-to-end 502 drill: real nginx and Passenger, graceful-init as PID 1 of each pod.
python3 tests/drill/drill.py --json artifacts/drill.json

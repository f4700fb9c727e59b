#!/usr/bin/env bash
# Builds graceful-init (native AOT) and runs it as PID 1 of its own PID namespace in front of the demo app,
# then stops it the way Kubernetes does (SIGTERM) and shows the graceful shutdown timeline.
# Needs root for `unshare --pid` (as in a container). Usage: bash samples/run-demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

command -v python3 >/dev/null && command -v unshare >/dev/null && command -v curl >/dev/null || bash tests/setup.sh
dotnet publish src/GracefulInit -c Release -o artifacts/publish >/dev/null
bin="$PWD/artifacts/publish/graceful-init"
echo "built $bin ($(stat -c %s "$bin") bytes); ldd: $(ldd "$bin" | awk '{print $1}' | tr '\n' ' ')"

export PORT=5099
drain=$(mktemp -u /tmp/graceful-init-demo-drain.XXXXXX)
unshare --pid --fork --mount-proc "$bin" \
  --pre-stop "exec:sh -c 'echo pre-stop hook: app still answers: \$(curl -s localhost:$PORT)'" \
  --pre-stop-delay 2s --stop-timeout 5s --grace-period 10s --drain-file "$drain" \
  -- python3 samples/demo/app.py &
wrapper=$!
for _ in $(seq 50); do curl -s "localhost:$PORT" >/dev/null && break; sleep 0.1; done
echo "demo: app answers: $(curl -s localhost:$PORT)"

init=$(cat "/proc/$wrapper/task/$wrapper/children" | awk '{print $1}')
echo "demo: SIGTERM to graceful-init (pid $init outside the namespace, PID 1 inside)"
kill -TERM "$init"
sleep 1
[ -e "$drain" ] && echo "demo: drain file $drain exists (a readiness probe 'test ! -e $drain' now fails)"
echo "demo: 1s after SIGTERM the app still answers: $(curl -s localhost:$PORT)"
code=0
wait "$wrapper" || code=$?
echo "demo: graceful-init exited with code $code; drain file removed: $([ -e "$drain" ] && echo no || echo yes)"

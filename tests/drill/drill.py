#!/usr/bin/env python3
"""The 502 drill: real nginx in front of real Passenger "pods", each under an init as PID 1 of its own PID namespace.

A load generator (hey) sends requests that take 50-200 ms through nginx, which does not retry a failed request
on another pod (a Kubernetes Service does not either), so every failure counts. Pods are terminated the way
Kubernetes does it: SIGTERM to the pod's PID 1 at t0 and, concurrently, removal from nginx's upstream after an
endpoint-propagation lag. Each variant runs the pod command from samples/passenger/Procfile (so the sample cannot
rot) with different settings; the drill prints requests and non-2xx responses per variant and exits non-zero
unless graceful-init with a pre-stop delay longer than the lag has none, and the baseline has some.

Usage: drill.py [--json FILE]
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN_DIR = os.path.dirname(os.environ.get("GRACEFUL_INIT_BIN") or os.path.join(ROOT, "artifacts", "publish", "graceful-init"))
SAMPLE = os.path.join(ROOT, "samples", "passenger")
LB_PORT = 18080
POD_PORTS = [18101, 18102, 18103, 18104]
TERMINATE_AT = [3.0, 10.0, 17.0]  # seconds into the load; 3 of the 4 pods are terminated, one at a time
LOAD_SECONDS = 26
CONCURRENCY = 8
LAG = 2.0  # endpoint propagation: the pod leaves nginx's upstream this long after its SIGTERM

# The Procfile's web command, run as Heroku-like platforms run it (PORT and GRACEFUL_INIT_* from the environment).
PROCFILE_WEB = open(os.path.join(SAMPLE, "Procfile")).read().split("web:", 1)[1].strip()

VARIANTS = [
    {
        "name": "dumb-init --rewrite 15:10 (the rewrite alone)",
        "command": "dumb-init --rewrite 15:10 -- " + PROCFILE_WEB.split(" -- ", 1)[1],
        "env": {},
        "expect_errors": True,
    },
    {
        "name": "graceful-init, Procfile, no pre-stop delay (baseline)",
        "command": PROCFILE_WEB,
        "env": {},
        "expect_errors": True,
    },
    {
        "name": "graceful-init, Procfile, GRACEFUL_INIT_PRE_STOP_DELAY=4s",
        "command": PROCFILE_WEB,
        "env": {"GRACEFUL_INIT_PRE_STOP_DELAY": "4s", "GRACEFUL_INIT_STOP_TIMEOUT": "10s", "GRACEFUL_INIT_GRACE_PERIOD": "20s"},
        "expect_errors": False,
        "expect_passenger_status": True,
    },
]


def nginx_conf(work, ports):
    # max_fails=0: no passive health checks, a Kubernetes Service does not take a failing pod out either.
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=0;" for p in ports)
    return f"""worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {work}/tmp-body;
  proxy_temp_path {work}/tmp-proxy;
  fastcgi_temp_path {work}/tmp-fastcgi;
  uwsgi_temp_path {work}/tmp-uwsgi;
  scgi_temp_path {work}/tmp-scgi;
  upstream pods {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{LB_PORT};
    location / {{
      proxy_pass http://pods;
      proxy_next_upstream off;
      proxy_connect_timeout 2s;
      proxy_read_timeout 10s;
    }}
  }}
}}
"""


class Balancer:
    def __init__(self, work, ports):
        self.work = work
        self.ports = list(ports)
        self.conf = os.path.join(work, "nginx.conf")
        self.lock = threading.Lock()
        self._write()
        subprocess.run(["nginx", "-p", work, "-c", self.conf], check=True)

    def _write(self):
        with open(self.conf, "w") as f:
            f.write(nginx_conf(self.work, self.ports))

    def remove(self, port):
        with self.lock:
            self.ports.remove(port)
            self._write()
            subprocess.run(["nginx", "-p", self.work, "-c", self.conf, "-s", "reload"], check=True, stderr=subprocess.DEVNULL)

    def stop(self):
        subprocess.run(["nginx", "-p", self.work, "-c", self.conf, "-s", "stop"], check=False, stderr=subprocess.DEVNULL)


class Pod:
    def __init__(self, work, port, variant):
        self.port = port
        self.log_path = os.path.join(work, f"pod-{port}.log")
        registry = os.path.join(work, f"registry-{port}")
        os.makedirs(registry)
        env = dict(os.environ, PORT=str(port), PASSENGER_INSTANCE_REGISTRY_DIR=registry, PATH=BIN_DIR + ":" + os.environ["PATH"])
        env.update(variant["env"])
        self.log = open(self.log_path, "w")
        # `exec` so that the init, not sh, is PID 1 of the namespace, as in a container.
        self.process = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", "sh", "-c", "exec " + variant["command"]],
                                        cwd=app_dir(work), env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def init_pid(self):
        with open(f"/proc/{self.process.pid}/task/{self.process.pid}/children") as f:
            return int(f.read().split()[0])

    def ready(self):
        r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{self.port}/"], capture_output=True, text=True)
        return r.stdout == "200"

    def terminate(self):
        os.kill(self.init_pid(), signal.SIGTERM)

    def kill(self):
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.kill(self.init_pid(), signal.SIGKILL)
        except (ProcessLookupError, IndexError, FileNotFoundError, ValueError):
            pass
        self.process.wait()
        self.log.close()

    def output(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()


def app_dir(work):
    path = os.path.join(work, "app")
    if not os.path.exists(path):
        shutil.copytree(SAMPLE, path)
    return path


def wait_for(condition, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise RuntimeError("timed out waiting for " + what)


def parse_hey(text):
    codes = {int(c): int(n) for n, c in [(m.group(2), m.group(1)) for m in re.finditer(r"\[(\d{3})\]\s+(\d+) responses", text)]}
    errors = sum(int(m.group(1)) for m in re.finditer(r"\[(\d+)\]\s+Get .*", text))
    total = sum(codes.values()) + errors
    non2xx = sum(n for c, n in codes.items() if not 200 <= c < 300) + errors
    return total, non2xx, codes, errors


def run_variant(variant):
    work = tempfile.mkdtemp(prefix="graceful-init-drill-")
    pods = {}
    balancer = None
    try:
        app_dir(work)
        pods = {p: Pod(work, p, variant) for p in POD_PORTS}
        wait_for(lambda: all(p.ready() for p in pods.values()), 120, "the pods to answer")
        for pod in pods.values():  # warm: let Passenger spawn its app processes before the load
            for _ in range(8):
                pod.ready()
        balancer = Balancer(work, POD_PORTS)
        wait_for(lambda: subprocess.run(["curl", "-sf", "-o", "/dev/null", f"http://127.0.0.1:{LB_PORT}/"]).returncode == 0, 20, "nginx")

        hey_out = os.path.join(work, "hey.txt")
        with open(hey_out, "w") as out:
            load = subprocess.Popen(["hey", "-z", f"{LOAD_SECONDS}s", "-c", str(CONCURRENCY), "-t", "20", f"http://127.0.0.1:{LB_PORT}/"], stdout=out, stderr=subprocess.STDOUT)
        started = time.time()
        removals = []
        for at, port in zip(TERMINATE_AT, POD_PORTS):
            time.sleep(max(0, started + at - time.time()))
            pods[port].terminate()
            timer = threading.Timer(LAG, balancer.remove, args=(port,))
            timer.start()
            removals.append(timer)
        load.wait(timeout=LOAD_SECONDS + 60)
        for timer in removals:
            timer.join()
        with open(hey_out) as f:
            hey_text = f.read()
        total, non2xx, codes, errors = parse_hey(hey_text)
        stopped = {p: pods[p].process.poll() is not None for p in POD_PORTS[:len(TERMINATE_AT)]}
        passenger_status_seen = all("Phusion_Passenger/" in pods[p].output() for p in POD_PORTS[:len(TERMINATE_AT)])
        return {
            "variant": variant["name"], "command": variant["command"], "env": variant["env"], "terminations": len(TERMINATE_AT),
            "requests": total, "non_2xx": non2xx, "status_codes": codes, "connection_errors": errors,
            "terminated_pods_exited": all(stopped.values()), "passenger_status_in_log": passenger_status_seen,
            "pod_log_excerpt": pods[POD_PORTS[0]].output()[-3000:],
        }
    finally:
        for pod in pods.values():
            pod.kill()
        if balancer:
            balancer.stop()
        shutil.rmtree(work, ignore_errors=True)


def main():
    results = []
    for variant in VARIANTS:
        print(f"drill: {variant['name']} ...", flush=True)
        result = run_variant(variant)
        results.append(result)
        print(f"drill:   {result['requests']} requests, {result['non_2xx']} non-2xx {result['status_codes']}", flush=True)

    print()
    print(f"| variant | terminations under load | requests | non-2xx |")
    print(f"|---|---|---|---|")
    for r in results:
        print(f"| {r['variant']} | {r['terminations']} | {r['requests']} | {r['non_2xx']} |")
    print()
    print("graceful-init pod log (first terminated pod), last lines:")
    print(results[-1]["pod_log_excerpt"])

    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as f:
            json.dump(results, f, indent=2)

    failures = []
    failed = set()
    for i, (variant, r) in enumerate(zip(VARIANTS, results)):
        before = len(failures)
        if r["requests"] < 100:
            failures.append(f"{r['variant']}: only {r['requests']} requests: the load did not run")
        if variant["expect_errors"] and r["non_2xx"] == 0:
            failures.append(f"{r['variant']}: expected errors from the baseline, got none: the drill cannot tell good from bad")
        if not variant["expect_errors"] and r["non_2xx"] != 0:
            failures.append(f"{r['variant']}: {r['non_2xx']} non-2xx responses")
        if not r["terminated_pods_exited"]:
            failures.append(f"{r['variant']}: a terminated pod did not exit")
        if variant.get("expect_passenger_status") and not r["passenger_status_in_log"]:
            failures.append(f"{r['variant']}: passenger-status output (from the exec: hook) missing from a pod's log")
        if len(failures) > before:
            failed.add(i)
    for f in failures:
        print("drill: FAIL: " + f)
    print(f"drill: {len(VARIANTS) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

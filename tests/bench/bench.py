#!/usr/bin/env python3
"""Benchmarks graceful-init side by side with tini, dumb-init and catatonit, all in one run.

Every init is measured in the same run, interleaved and repeated (these machines are noisy): medians and
ratios to tini are what to read, never absolute numbers. Prints a markdown table, writes the same figures as
JSON to artifacts/bench/results.json. Usage: bench.py [--quick]
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "artifacts", "bench")
QUICK = "--quick" in sys.argv
ROUNDS = 2 if QUICK else 3

BIN = os.environ.get("GRACEFUL_INIT_BIN") or os.path.join(ROOT, "artifacts", "publish", "graceful-init")
FLOOR = os.path.join(OUT, "floor", "empty-aot-init")
SIGLAT = os.path.join(OUT, "siglat")
STORM = os.path.join(OUT, "storm")

# How each init runs a command. The floor is a native-AOT program that only spawns and waits: no signals, no reaping.
INITS = {
    "tini": ["tini", "--"],
    "dumb-init": ["dumb-init"],
    "catatonit": ["catatonit", "--"],
    "graceful-init": [BIN, "--"],
}
FLOOR_NAME = "empty .NET AOT"
PID1 = ["unshare", "--pid", "--fork"]


def rotated(names, round_index):
    k = round_index % len(names)
    return names[k:] + names[:k]


def start_as_pid1(init_cmd, command, mount_proc=False):
    """Starts INIT COMMAND as PID 1 of a new PID namespace; returns (process, host pid of the init)."""
    prefix = PID1 + (["--mount-proc"] if mount_proc else [])
    proc = subprocess.Popen(prefix + init_cmd + command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    for _ in range(500):
        try:
            with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:
                children = f.read().split()
            if children:
                pid = int(children[0])
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if f.read().split(b"\0")[0] == init_cmd[0].encode() or os.path.basename(init_cmd[0]).encode() in open(f"/proc/{pid}/comm", "rb").read():
                        return proc, pid
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{init_cmd[0]} did not start")


def startup():
    """hyperfine: INIT -- /bin/true as PID 1, minus the same without an init (the floor of unshare + true)."""
    names = list(INITS) + [FLOOR_NAME, "(no init)"]
    cmds = dict(INITS)
    cmds[FLOOR_NAME] = [FLOOR]
    cmds["(no init)"] = []
    samples = {n: [] for n in names}
    runs = 50 if QUICK else 100
    for r in range(ROUNDS):
        order = rotated(names, r)
        with tempfile.NamedTemporaryFile(suffix=".json") as export:
            argv = ["hyperfine", "-N", "--style", "none", "--warmup", "10", "--runs", str(runs), "--export-json", export.name]
            argv += [" ".join(PID1 + cmds[n] + ["/bin/true"]) for n in order]
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(export.name) as f:
                results = json.load(f)["results"]
        for name, result in zip(order, results):
            samples[name] += result["times"]
    base = statistics.median(samples["(no init)"]) * 1000
    return {n: round(statistics.median(samples[n]) * 1000 - base, 3) for n in names if n != "(no init)"}, round(base, 3)


def task_stats(pid):
    rss_kb, switches, threads = 0, 0, 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
    for tid in os.listdir(f"/proc/{pid}/task"):
        threads += 1
        with open(f"/proc/{pid}/task/{tid}/status") as f:
            for line in f:
                if "ctxt_switches" in line:
                    switches += int(line.split()[1])
    return rss_kb, switches, threads


def idle():
    """All inits idle at once with a sleeping child: RSS, threads, and wake-ups (context switches of all threads) per second."""
    cmds = dict(INITS)
    cmds[FLOOR_NAME] = [FLOOR]
    seconds = 5 if QUICK else 10
    running = {name: start_as_pid1(cmd, ["sleep", "600"]) for name, cmd in cmds.items()}
    try:
        time.sleep(1)
        before = {n: task_stats(pid) for n, (_, pid) in running.items()}
        time.sleep(seconds)
        after = {n: task_stats(pid) for n, (_, pid) in running.items()}
    finally:
        for proc, pid in running.values():
            os.kill(pid, 9)
            proc.wait()
    return {n: {"rss_kb": after[n][0], "threads": after[n][2], "wakeups_per_s": round((after[n][1] - before[n][1]) / seconds, 2)} for n in cmds}


def latency():
    """siglat: from kill() on the init (PID 1) to the child's SIGUSR1 handler, one signal at a time."""
    per_round = 80 if QUICK else 100
    samples = {n: [] for n in INITS}
    for r in range(ROUNDS):
        for name in rotated(list(INITS), r):
            with tempfile.NamedTemporaryFile(dir="/dev/shm") as shm:
                proc, pid = start_as_pid1(INITS[name], [SIGLAT, "child", shm.name])
                try:
                    out = subprocess.run([SIGLAT, "drive", str(per_round), shm.name, str(pid)], check=True, capture_output=True, text=True).stdout
                    samples[name] += [float(x) for x in out.split()]
                finally:
                    os.kill(pid, 9)
                    proc.wait()
    result = {}
    for name, values in samples.items():
        values.sort()
        result[name] = {"median_us": round(statistics.median(values), 1), "p99_us": round(values[int(len(values) * 0.99) - 1], 1), "signals": len(values)}
    return result


def reaping():
    """storm: 5,000 orphans handed to the init as PID 1 at once; ms until the init has reaped them all."""
    samples = {n: [] for n in INITS}
    for r in range(ROUNDS):
        for name in rotated(list(INITS), r):
            out = subprocess.run(PID1 + ["--mount-proc"] + INITS[name] + [STORM, "5000"], check=True, capture_output=True, text=True, timeout=120).stdout
            samples[name].append(float(out.split()[-1]))
    return {n: round(statistics.median(v), 1) for n, v in samples.items()}


def sizes():
    paths = {n: os.path.realpath(subprocess.run(["which", c[0]], capture_output=True, text=True).stdout.strip() or c[0]) for n, c in INITS.items()}
    paths[FLOOR_NAME] = FLOOR
    return {n: os.path.getsize(p) for n, p in paths.items()}


def versions():
    def first_line(cmd):
        r = subprocess.run(cmd, capture_output=True, text=True)
        return (r.stdout + r.stderr).strip().splitlines()[0]
    return {
        "tini": first_line(["tini", "--version"]),
        "dumb-init": first_line(["dumb-init", "--version"]),
        "catatonit": first_line(["catatonit", "--version"]),
        "graceful-init": first_line([BIN, "--version"]),
    }


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {model}, Linux {platform.release()}"


def main():
    started = time.time()
    phases = {}

    def timed(name, measure):
        t = time.time()
        value = measure()
        phases[name] = round(time.time() - t, 1)
        return value

    start, floor_ms = timed("startup", startup)
    idle_stats = timed("idle", idle)
    lat = timed("latency", latency)
    reap = timed("reaping", reaping)
    size = sizes()
    results = {
        "machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "quick": QUICK, "versions": versions(),
        "startup_overhead_ms": start, "startup_floor_ms": floor_ms, "idle": idle_stats, "latency": lat,
        "reap_5000_ms": reap, "size_bytes": size, "seconds": round(time.time() - started, 1), "phase_seconds": phases,
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    print(table(results))


def table(r):
    names = list(INITS) + [FLOOR_NAME]

    def row(label, values, fmt, target=None, lower_is_better=True):
        tini = values.get("tini")
        cells = [fmt(values[n]) if n in values else "–" for n in names]
        ratio = values["graceful-init"] / tini if tini else float("nan")
        return f"| {label} | " + " | ".join(cells) + f" | {ratio:.2f}× | {target or ''} |"

    lines = [
        f"Machine: {r['machine']}; {r['date']}; {'quick run' if r['quick'] else 'full run'} in {r['seconds']} s.",
        "",
        "| metric | " + " | ".join(names) + " | graceful-init / tini | target |",
        "|---" * (len(names) + 3) + "|",
        row("start-up overhead, ms (median, as PID 1, minus `unshare /bin/true`)", r["startup_overhead_ms"], lambda v: f"{v:.2f}", "≤ 1.3×"),
        row("idle RSS, KiB", {n: v["rss_kb"] for n, v in r["idle"].items()}, lambda v: f"{v}", "≤ 3×"),
        row("idle wake-ups per second (all threads)", {n: v["wakeups_per_s"] for n, v in r["idle"].items()}, lambda v: f"{v:g}", "0"),
        row("threads", {n: v["threads"] for n, v in r["idle"].items()}, lambda v: f"{v}"),
        row("signal forwarding latency, median µs", {n: v["median_us"] for n, v in r["latency"].items()}, lambda v: f"{v:.1f}", "≤ 1.5×"),
        row("signal forwarding latency, p99 µs", {n: v["p99_us"] for n, v in r["latency"].items()}, lambda v: f"{v:.1f}"),
        row("reaping 5,000 orphans, ms (median)", r["reap_5000_ms"], lambda v: f"{v:.1f}", "≤ 1.2×"),
        row("file to copy, bytes", r["size_bytes"], lambda v: f"{v:,}", "≤ 3 MB"),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

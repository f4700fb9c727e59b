#!/usr/bin/env python3
"""Ctrl-Z and resume on a terminal, as a shell's job control does it.

usage: pty_jobcontrol.py GRACEFUL_INIT
Runs graceful-init (not as PID 1: a PID 1 cannot be stopped) on a new pseudo-terminal with a child that echoes
what it reads, types Ctrl-Z, checks that graceful-init itself is stopped, resumes it with SIGCONT as `fg` would,
and checks that the child reads the terminal again. Prints STOPPED/RESUMED lines and the terminal output.
"""
import os
import pty
import select
import signal
import sys
import time

pid, master = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "-s", "sh", "-c", "echo READY; while read line; do echo GOT-$line; done"])

output = b""


def read_until(token, seconds=10):
    global output
    deadline = time.time() + seconds
    while token not in output and time.time() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                output += os.read(master, 4096)
            except OSError:
                return False
    return token in output


def state(p):
    with open(f"/proc/{p}/stat") as f:
        stat = f.read()
    return stat[stat.rfind(")") + 2]


read_until(b"READY")
os.write(master, b"\x1a")  # Ctrl-Z
deadline = time.time() + 10
while state(pid) != "T" and time.time() < deadline:
    time.sleep(0.05)
print("STOPPED" if state(pid) == "T" else "NOT-STOPPED state=" + state(pid))
os.kill(pid, signal.SIGCONT)
time.sleep(0.3)
os.write(master, b"hello\n")
print("RESUMED" if read_until(b"GOT-hello") else "NOT-RESUMED")
os.kill(pid, signal.SIGTERM)
os.waitpid(pid, 0)
sys.stdout.write(output.decode(errors="replace"))

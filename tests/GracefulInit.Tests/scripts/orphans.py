#!/usr/bin/env python3
"""Test child: leaves COUNT orphans to PID 1, then checks for zombies several times and exits with CODE.

usage: orphans.py COUNT RESULT_FILE CODE
The zombie counts seen at each check (inside the PID namespace's /proc) are written to RESULT_FILE.
"""
import os
import sys
import time

count, result_file, code = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])

intermediate = os.fork()
if intermediate == 0:
    for i in range(count):
        if os.fork() == 0:
            if i % 10 == 0:
                time.sleep(0.2)  # some are still alive when orphaned, most are zombies already
            os._exit(0)
    os._exit(0)  # never waits: its children go to PID 1
os.waitpid(intermediate, 0)
time.sleep(1.5)  # the last orphans sleep 0.2s: give them (on a loaded machine) time to be gone


def zombies():
    found = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        if stat[stat.rfind(")") + 2] == "Z":
            found += 1
    return found


counts = []
for _ in range(5):
    counts.append(zombies())
    time.sleep(0.2)
with open(result_file, "w") as f:
    f.write(" ".join(map(str, counts)))
sys.exit(code)

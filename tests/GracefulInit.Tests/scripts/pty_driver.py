#!/usr/bin/env python3
"""Runs COMMAND... on a new pseudo-terminal as its controlling terminal, like `docker run -it`.

usage: pty_driver.py COMMAND...
The command must print "PGRP <pgrp> TPGID <tpgid>" and "READY"; the driver then types Ctrl-C and reads on
until the command ends. Prints the whole terminal output, then "EXIT <code>".
"""
import os
import pty
import select
import sys
import time

pid, master = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])

output = b""
deadline = time.time() + 20
sent = False
while time.time() < deadline:
    ready, _, _ = select.select([master], [], [], 0.1)
    if ready:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        output += data
    if not sent and b"READY" in output:
        os.write(master, b"\x03")
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(output.decode(errors="replace"))
sys.stdout.write("\nEXIT %d\n" % (os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)))

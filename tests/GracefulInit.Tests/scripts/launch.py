#!/usr/bin/env python3
"""Starts a command in a hostile environment, as some platforms do.

usage: launch.py [--block-and-ignore] [--keep-fd N] [--stderr closed|full] -- COMMAND...
--block-and-ignore  block and ignore every signal that can be, before exec
--keep-fd N         leave fd N open (to /dev/null, inheritable), like socket activation; every other fd > 2 is closed
--stderr closed     close fd 2 before exec
--stderr full       make fd 2 a pipe that is full and never read (this process keeps the read end and waits)
"""
import os
import signal
import sys

args = sys.argv[1:]
split = args.index("--")
options, command = args[:split], args[split + 1:]
keep = None
stderr_mode = None
block = False
i = 0
while i < len(options):
    if options[i] == "--block-and-ignore":
        block = True
    elif options[i] == "--keep-fd":
        i += 1
        keep = int(options[i])
    elif options[i] == "--stderr":
        i += 1
        stderr_mode = options[i]
    i += 1

os.closerange(3, 1024)
if keep is not None:
    fd = os.open("/dev/null", os.O_RDONLY)
    os.dup2(fd, keep, inheritable=True)
    os.close(fd)

if block:
    for s in range(1, 65):
        if s in (signal.SIGKILL, signal.SIGSTOP, 32, 33):
            continue
        try:
            signal.signal(s, signal.SIG_IGN)
        except (OSError, ValueError, RuntimeError):
            pass
    signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())

if stderr_mode == "closed":
    os.close(2)
elif stderr_mode == "full":
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    try:
        while True:
            os.write(write_end, b"x" * 4096)
    except BlockingIOError:
        pass
    os.set_blocking(write_end, True)
    pid = os.fork()
    if pid == 0:
        os.dup2(write_end, 2)
        os.close(write_end)
        os.close(read_end)
        os.execvp(command[0], command)
    os.close(write_end)
    _, status = os.waitpid(pid, 0)
    os.close(read_end)
    sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))

os.execvp(command[0], command)

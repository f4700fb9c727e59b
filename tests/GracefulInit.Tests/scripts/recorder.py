#!/usr/bin/env python3
"""Test child: records every signal it receives ("<signum> <unix time>" per line) and optionally serves TCP.

Used as the app under graceful-init in the tests. It can leave a grandchild in its process group, ignore
signals, and exit on a given signal with a given code.
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--record", required=True, help="file to append received signals to")
parser.add_argument("--ready", help="file created once handlers (and server, grandchild) are ready")
parser.add_argument("--serve", type=int, help="answer TCP connections on this port of 127.0.0.1")
parser.add_argument("--grandchild", action="store_true", help="start a recorder grandchild in the same group")
parser.add_argument("--ignore", action="append", default=[], type=int, help="signal number to ignore")
parser.add_argument("--exit-on", action="append", default=[], help="SIGNUM=CODE: exit with CODE on SIGNUM")
args = parser.parse_args()

exit_on = {int(k): int(v) for k, v in (spec.split("=") for spec in args.exit_on)}


def append(path, line):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.write(fd, (line + "\n").encode())
    os.close(fd)


def on_signal(signum, _frame):
    append(args.record, f"{signum} {time.time():.3f}")
    if signum in exit_on:
        os._exit(exit_on[signum])


for signum in range(1, 65):
    if signum in (signal.SIGKILL, signal.SIGSTOP, signal.SIGCHLD, 32, 33):
        continue
    try:
        signal.signal(signum, signal.SIG_IGN if signum in args.ignore else on_signal)
    except (OSError, ValueError, RuntimeError):
        pass


def serve(port):
    # Signals go to the main thread, where Python runs the handlers at once.
    signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(128)
    ready.set()
    while True:
        conn, _ = server.accept()
        try:
            conn.recv(1024)
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n")
        except OSError:
            pass
        finally:
            conn.close()


ready = threading.Event()
if args.serve:
    threading.Thread(target=serve, args=(args.serve,), daemon=True).start()
    ready.wait(10)

if args.grandchild:
    gc_ready = args.record + ".grandchild.ready"
    subprocess.Popen([sys.executable, __file__, "--record", args.record + ".grandchild", "--ready", gc_ready])
    for _ in range(200):
        if os.path.exists(gc_ready):
            break
        time.sleep(0.05)

if args.ready:
    append(args.ready, str(os.getpid()))

while True:
    time.sleep(1)

#!/usr/bin/env python3
"""A tiny app server for the demo: answers HTTP on $PORT, and on SIGTERM finishes and exits 0 (like a well-behaved server)."""
import http.server
import os
import signal
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"hello from the demo app\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "5000"))), Handler)


def stop(signum, _frame):
    print(f"app: got signal {signum}, stopping", flush=True)
    threading.Thread(target=server.shutdown).start()


signal.signal(signal.SIGTERM, stop)
print(f"app: serving on port {server.server_address[1]}", flush=True)
server.serve_forever()
print("app: stopped cleanly", flush=True)
sys.exit(0)

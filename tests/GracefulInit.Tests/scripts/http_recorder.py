#!/usr/bin/env python3
"""Test server: records each request ("METHOD PATH <unix time>") to a file and answers 200.

usage: http_recorder.py PORT RECORD_FILE
"""
import http.server
import sys
import time

port, record = int(sys.argv[1]), sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(record, "a") as f:
            f.write(f"GET {self.path} {time.time():.3f}\n")
        self.send_response(200)
        self.send_header("Content-Length", "3")
        self.end_headers()
        self.wfile.write(b"ok\n")

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()

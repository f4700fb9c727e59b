#!/usr/bin/env python3
"""Test server: records each request ("METHOD PATH <unix time>") to a file and answers 200.

usage: http_recorder.py PORT RECORD_FILE [CERT_PEM KEY_PEM]   (with a certificate it serves https)
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


server = http.server.HTTPServer(("127.0.0.1", port), Handler)
if len(sys.argv) > 4:
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[3], sys.argv[4])
    server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()

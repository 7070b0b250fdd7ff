# SPDX-License-Identifier: MIT
"""The host side of the Linux network tests: an HTTP server on 127.0.0.1 (a
free port) that serves one payload (GET /payload) and keeps what is posted
to it (POST /upload, answered with the body's SHA-256), and a relay that
QEMU's user network runs per guest connection through
guestfwd=tcp:ADDR:PORT-cmd:python3 loopback_server.py relay HOSTPORT.

Why a relay: a guestfwd to a tcp: chardev is one connection opened when QEMU
starts and shared by every guest connection, so a second wget fails; the
cmd: form runs the command for each connection with the guest's stream on
its stdin and stdout, and the relay carries it to 127.0.0.1 only.
"""

import hashlib
import http.server
import os
import select
import socket
import sys
import threading

MAX_UPLOAD = 64 << 20


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/payload":
            self.send_error(404)
            return
        data = self.server.payload
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        if self.path != "/upload" or not 0 <= length <= MAX_UPLOAD:
            self.send_error(400)
            return
        body = self.rfile.read(length)
        self.server.uploads.append(body)
        answer = hashlib.sha256(body).hexdigest().encode() + b"\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


class LoopbackServer:
    """with LoopbackServer(payload) as srv: srv.port, srv.uploads"""

    def __init__(self, payload):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.payload = payload
        self.httpd.uploads = []
        self.port = self.httpd.server_address[1]
        self.uploads = self.httpd.uploads
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def relay(port, timeout_s=120):
    """Copies stdin to 127.0.0.1:port and the answers to stdout until both
    sides close (or nothing moves for timeout_s)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    fin, fout = sys.stdin.fileno(), sys.stdout.fileno()
    open_in = True
    while True:
        watch = [sock] + ([fin] if open_in else [])
        ready, _, _ = select.select(watch, [], [], timeout_s)
        if not ready:
            break
        if fin in ready:
            data = os.read(fin, 65536)
            if data:
                sock.sendall(data)
            else:
                open_in = False
                sock.shutdown(socket.SHUT_WR)
        if sock in ready:
            data = sock.recv(65536)
            if not data:
                break
            os.write(fout, data)
    sock.close()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "relay":
        sys.exit("usage: loopback_server.py relay PORT")
    relay(int(sys.argv[2]))

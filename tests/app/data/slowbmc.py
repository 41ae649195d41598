#!/usr/bin/env python3
"""A BMC stand-in that takes uploads slowly, like a BMC writing an ISO to its flash.

    slowbmc.py CERT KEY RATE

Serves HTTPS on 127.0.0.1 (a port the kernel picks, printed as the first stdout line).
PUT or POST of any path reads the body (Content-Length or chunked) at RATE bytes per
second and answers 200 {"bytes": N, "sha256": "<hex>"}; under /refuse it answers 401 before
reading the body (a BMC whose session expired), then drops the body and closes. "Expect: 100-continue" is
answered with a 100 (http.server does that). Runs until killed.
"""
import hashlib
import http.server
import json
import ssl
import sys
import time

PIECE = 64 * 1024


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    rate = 1

    def log_message(self, *args):
        pass

    def pieces(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return
                left = size
                while left:
                    data = self.rfile.read(min(PIECE, left))
                    if not data:
                        raise ConnectionError("the body ended early")
                    left -= len(data)
                    yield data
                self.rfile.readline()  # CRLF after the chunk
        left = int(self.headers.get("Content-Length", "0"))
        while left:
            data = self.rfile.read(min(PIECE, left))
            if not data:
                raise ConnectionError("the body ended early")
            left -= len(data)
            yield data

    def do_PUT(self):
        if self.path.startswith("/refuse"):
            self.refuse()
            return
        sha = hashlib.sha256()
        count = 0
        start = time.monotonic()
        for data in self.pieces():
            sha.update(data)
            count += len(data)
            # The pace of a slow medium: never ahead of RATE.
            ahead = count / self.rate - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
        body = json.dumps({"bytes": count, "sha256": sha.hexdigest()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT

    def refuse(self):
        # As a BMC whose session expired: 401 before reading the body. Then, as a careful
        # server does before closing (nginx's lingering close), the rest of the body is
        # read and dropped at full speed, so the peer never gets a reset instead of the 401.
        body = b'{"error": "session expired"}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True
        self.connection.settimeout(10)
        try:
            for _ in self.pieces():
                pass
        except (OSError, ValueError, ConnectionError):
            pass  # the peer stopped sending: fine


def main():
    cert, key, rate = sys.argv[1], sys.argv[2], float(sys.argv[3])
    Handler.rate = rate
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

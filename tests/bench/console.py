"""The emulated BMC's console (bmcsim, generic platform) through pmproxy's loopback proxy:
Redfish login, the /kvm/0 WebSocket, its test-pattern frames and input echoes
(tests/bmcsim/README.md, "Console stream"). A minimal RFC 6455 client on a raw socket."""
import base64
import http.client
import os
import socket
import struct
import time
import urllib.parse

from procs import BenchError

ECHO_REQUEST, ECHO_ANSWER = 0x02, 0x03


def _cookies(resp):
    out = {}
    for k, v in resp.getheaders():
        if k.lower() == "set-cookie":
            name, _, rest = v.partition("=")
            out[name.strip()] = rest.split(";")[0]
    return out


class BmcSession:
    """What a browser holds after entering pmproxy's URL and logging in to the BMC."""

    def __init__(self, app):
        self.app = app
        self.cookies = {}

    def _request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(self.app.host, self.app.port, timeout=30)
        try:
            h = dict(headers or {})
            if self.cookies:
                h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            r.read()
            self.cookies.update(_cookies(r))
            return r
        finally:
            conn.close()

    def enter(self):
        url = urllib.parse.urlsplit(self.app.entry)
        r = self._request("GET", f"{url.path}?{url.query}")
        if r.status != 302 or "pmproxy-local" not in self.cookies:
            raise BenchError(f"pmproxy's entry URL answered {r.status} without its cookie")

    def login(self):
        r = self._request("POST", "/redfish/v1/SessionService/Sessions",
                          b'{"UserName":"root","Password":"0penBmc"}',
                          {"Content-Type": "application/json"})
        if r.status != 201 or "SESSION" not in self.cookies or "XSRF-TOKEN" not in self.cookies:
            raise BenchError(f"BMC login through pmproxy answered {r.status}")

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


class WebSocket:
    def __init__(self, host, port, path, headers, timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        head = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                f"Sec-WebSocket-Version: 13\r\n"
                + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n")
        self.sock.sendall(head.encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        answer, self.buf = self.buf.split(b"\r\n\r\n", 1)
        status = answer.split(b"\r\n", 1)[0]
        if b" 101 " not in status + b" ":
            raise BenchError(f"console upgrade answered {status.decode(errors='replace')}")

    def _fill(self):
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise BenchError("the console WebSocket closed")
        self.buf += chunk

    def _take(self, n):
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, payload, opcode=0x2):
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 65536:
            head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + masked)

    def recv(self):
        """The next data message (binary or text); answers pings on the way."""
        message = b""
        while True:
            b0, b1 = self._take(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._take(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._take(8))[0]
            mask = self._take(4) if b1 & 0x80 else None
            data = self._take(n)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise BenchError(f"the console closed: {data[2:].decode(errors='replace')}")
            if opcode == 0x9:
                self.send(data, 0xA)
                continue
            if opcode == 0xA:
                continue
            message += data
            if b0 & 0x80:
                return message

    def close(self):
        self.sock.close()


def open_console(session):
    app = session.app
    return WebSocket(app.host, app.port, "/kvm/0",
                     {"Cookie": session.cookie_header(),
                      "Sec-WebSocket-Protocol": session.cookies["XSRF-TOKEN"]})


def echo_round_trip(ws, seq):
    """Milliseconds from sending input event SEQ to its echo (frames in between skipped)."""
    payload = struct.pack("!Q", seq)
    t = time.perf_counter()
    ws.send(bytes([ECHO_REQUEST]) + payload)
    while True:
        m = ws.recv()
        if m[:1] == bytes([ECHO_ANSWER]) and m[1:] == payload:
            return (time.perf_counter() - t) * 1000

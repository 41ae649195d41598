"""Issue 11's ingress paths and their nginx peers (tests/bench/README.md, "Ingress (issue 11)"):
a node in a network namespace of its own, reached over WireGuard through a real gatewayd
group; gatewayd's SNI passthrough (listen.public) and HTTP by Host (listen.http) beside
nginx's `stream { ssl_preread on; }` and `http { proxy_pass; }` running in the same group
namespace, with their listening sockets in the host's (inherited, as nginx's binary
upgrade does), so that both reach the node through the same WireGuard link."""
import json
import os
import re
import select
import shutil
import socket
import statistics
import subprocess
import time

import measure
from peers import (Endpoint, SMALL_BYTES, STREAM_MODULE, _more_files, _nginx_dirs,
                   _nginx_http_common)
from procs import BenchError

HOST = "app.bench.example"
NODE_WG = "10.9.0.2"
GATEWAY_WG = "10.9.0.1"
NODE_WG_PORT = 51820
IP = "/usr/sbin/ip"


def unavailable():
    """Why the ingress part cannot run here, or None."""
    if os.geteuid() != 0:
        return f"needs root (network namespaces, WireGuard); running as uid {os.geteuid()}"
    for tool in ("wireguard-go", "wg", "unshare", "mount"):
        if not shutil.which(tool):
            return f"{tool} is not installed (Debian: wireguard-go, wireguard-tools, util-linux)"
    if not os.path.exists(IP):
        return f"{IP} is missing (Debian: iproute2)"
    if not os.path.exists(STREAM_MODULE):
        return f"{STREAM_MODULE} is missing (Debian: libnginx-mod-stream)"
    return None


def _run(args, what, input=None):
    r = subprocess.run(args, capture_output=True, input=input, timeout=30)
    if r.returncode != 0:
        raise BenchError(f"{what}: {' '.join(args)}: {r.stderr.decode(errors='replace').strip()}")
    return r.stdout


def _listener():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(4096)
    s.set_inheritable(True)
    return s


def _read_lines(proc, prefixes, what, timeout=30):
    """Lines of PROC's stdout up to the one starting with each of PREFIXES."""
    deadline, buf, found = time.monotonic() + timeout, b"", {}
    fd = proc.stdout.fileno()
    while len(found) < len(prefixes):
        left = deadline - time.monotonic()
        if left <= 0:
            raise BenchError(f"{what} did not print {prefixes} in {timeout} s")
        if select.select([fd], [], [], left)[0]:
            chunk = os.read(fd, 4096)
            if not chunk:
                raise BenchError(f"{what} exited ({proc.wait()})")
            buf += chunk
            for line in buf.decode(errors="replace").splitlines():
                for p in prefixes:
                    if line.startswith(p):
                        found[p] = line
    return found


class IngressWorld:
    """The node, the group, gatewayd and the nginx peers; cleanup() removes all of it."""

    def __init__(self, build, d, procs, cert, key, bulk_bytes):
        self.build, self.procs = build, procs
        self.dir = f"{d}/ingress"
        os.makedirs(f"{self.dir}/www")
        pid = os.getpid()
        self.node_ns = f"pmbench-node-{pid}"
        self.veth = f"pbv{pid}"
        self.node_if = f"pbw{pid}"
        self.group = f"pb{pid}"[:12]
        n = pid % 250 + 1
        self.host_addr, self.node_addr = f"10.253.{n}.1", f"10.253.{n}.2"
        self.cleanups = []
        self.gateway = None
        self.hosts_file = f"{self.dir}/hosts"
        with open(self.hosts_file, "w") as f:
            f.write(f"127.0.0.1 localhost\n127.0.0.1 {HOST}\n")
        self.cert, self.key, self.bulk_bytes = cert, key, bulk_bytes

    def setup(self):
        """Everything, in order; call cleanup() afterwards whatever happened."""
        self._certs()
        self._node(self.bulk_bytes)
        self._gateway(self.cert, self.key)
        self._peers()
        self._wait_ready()

    # -- setup --------------------------------------------------------------------------
    def _certs(self):
        c = self.dir
        self.ca = f"{c}/node-ca.pem"
        _run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
              "-nodes", "-days", "2", "-subj", "/CN=bench node CA", "-keyout", f"{c}/ca.key",
              "-out", self.ca], "node CA")
        _run(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
              "-nodes", "-subj", f"/CN={HOST}", "-keyout", f"{c}/node.key",
              "-out", f"{c}/node.csr"], "node key")
        with open(f"{c}/node.ext", "w") as f:
            f.write(f"subjectAltName=DNS:{HOST}\n")
        _run(["openssl", "x509", "-req", "-in", f"{c}/node.csr", "-CA", self.ca, "-CAkey",
              f"{c}/ca.key", "-CAcreateserial", "-days", "2", "-extfile", f"{c}/node.ext",
              "-out", f"{c}/node.pem"], "node certificate")

    def _key(self, name):
        key = _run(["wg", "genkey"], "wg genkey")
        path = f"{self.dir}/{name}.wg.key"
        with open(path, "wb") as f:
            f.write(key)
        os.chmod(path, 0o600)
        return path, _run(["wg", "pubkey"], "wg pubkey", input=key).decode().strip()

    def _node(self, bulk_bytes):
        """The node: a namespace of its own joined to the host by a veth pair (its WireGuard
        endpoint), wireguard-go as the group's peer, nginx serving HTTPS and HTTP."""
        self.node_key, self.node_pub = self._key("node")
        self.gw_key, self.gw_pub = self._key("gateway")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("0.0.0.0", 0))
            self.gw_port = s.getsockname()[1]
        _run([IP, "netns", "add", self.node_ns], "node namespace")
        self.cleanups.append(lambda: _run([IP, "netns", "del", self.node_ns], "cleanup"))
        _run([IP, "link", "add", f"{self.veth}h", "type", "veth", "peer", "name",
              f"{self.veth}s", "netns", self.node_ns], "veth")
        self.cleanups.append(lambda: subprocess.run([IP, "link", "del", f"{self.veth}h"],
                                                    capture_output=True))
        ns = [IP, "-n", self.node_ns]
        for step in ([IP, "addr", "add", f"{self.host_addr}/30", "dev", f"{self.veth}h"],
                     [IP, "link", "set", f"{self.veth}h", "up"],
                     ns + ["addr", "add", f"{self.node_addr}/30", "dev", f"{self.veth}s"],
                     ns + ["link", "set", f"{self.veth}s", "up"],
                     ns + ["link", "set", "lo", "up"]):
            _run(step, "node link")
        sock = f"/run/wireguard/{self.node_if}.sock"
        self.cleanups.append(lambda: os.path.exists(sock) and os.remove(sock))
        wg = self.procs.start("node-wireguard-go", [IP, "netns", "exec", self.node_ns,
                                                    "wireguard-go", "-f", self.node_if],
                              stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not os.path.exists(sock):
            if wg.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"wireguard-go in the node did not start: "
                                 f"{self.procs.log_tail('node-wireguard-go')}")
            time.sleep(0.05)
        _run([IP, "netns", "exec", self.node_ns, "wg", "set", self.node_if, "private-key",
              self.node_key, "listen-port", str(NODE_WG_PORT), "peer", self.gw_pub,
              "allowed-ips", "10.9.0.0/24", "endpoint", f"{self.host_addr}:{self.gw_port}"],
             "node wg set")
        _run(ns + ["addr", "add", f"{NODE_WG}/24", "dev", self.node_if], "node address")
        _run(ns + ["link", "set", self.node_if, "up"], "node link up")
        www = f"{self.dir}/www"
        with open(f"{www}/bulk.bin", "wb") as f:
            f.truncate(bulk_bytes)
        with open(f"{www}/small.html", "wb") as f:
            f.write((b"<html>" + b"x" * SMALL_BYTES)[:SMALL_BYTES - 8] + b"</html>\n")
        root = f"{self.dir}/node-nginx"
        _nginx_dirs(root)
        self._nginx("node-nginx", self.node_ns, root, f"""
http {{
  {_nginx_http_common(root)}  server {{
    listen {NODE_WG}:443 ssl; listen {NODE_WG}:80;
    ssl_certificate {self.dir}/node.pem; ssl_certificate_key {self.dir}/node.key;
    keepalive_requests 1000000; root {www};
  }}
}}
""")

    def _nginx(self, name, ns, root, body, fds=()):
        user = "user root;\n"  # the worker reads the private temp dir
        with open(f"{root}/nginx.conf", "w") as f:
            f.write(f"{user}load_module {STREAM_MODULE};\n"
                    f"daemon off; master_process on; worker_processes 1; pid {root}/nginx.pid;\n"
                    f"error_log {root}/error.log;\nevents {{ worker_connections 4096; }}\n{body}")
        env = dict(os.environ)
        if fds:
            env["NGINX"] = "".join(f"{fd};" for fd in fds)
        return self.procs.start(name, [IP, "netns", "exec", ns, "nginx", "-c",
                                       f"{root}/nginx.conf", "-p", root],
                                stdout=subprocess.DEVNULL, env=env, pass_fds=fds)

    def _gateway(self, cert, key):
        gdir = f"{self.dir}/gatewayd"
        os.makedirs(gdir)
        with open(f"{gdir}/jwt.secret", "w") as f:
            f.write(os.urandom(32).hex())
        config = {
            "name": "localhost", "listen": {"public": "127.0.0.1:0", "http": "127.0.0.1:0"},
            "tls": {"cert": cert, "key": key},
            "auth": {"keys": [{"kid": "k1", "alg": "HS256", "secretFile": f"{gdir}/jwt.secret"}]},
            "targets": {"allow": ["127.0.0.0/8"], "verifyTls": False},
            "groups": [{"name": self.group, "wireguard": {
                "privateKeyFile": self.gw_key, "listenPort": self.gw_port,
                "address": f"{GATEWAY_WG}/24",
                "peers": [{"publicKey": self.node_pub, "allowedIps": [f"{NODE_WG}/32"],
                           "endpoint": f"{self.node_addr}:{NODE_WG_PORT}"}]},
                "routes": [{"host": HOST, "http": f"{NODE_WG}:80", "tls": f"{NODE_WG}:443"}]}]}
        with open(f"{gdir}/gatewayd.json", "w") as f:
            json.dump(config, f)
        # gatewayd removes its group's namespace on a clean exit; these cover a crash.
        self.cleanups.append(lambda: subprocess.run([IP, "link", "del", f"wg-{self.group}"],
                                                    capture_output=True))
        self.cleanups.append(lambda: os.path.exists(f"/run/netns/{self.group}") and
                             subprocess.run([IP, "netns", "del", self.group],
                                            capture_output=True))
        self.gateway = self.procs.start("gatewayd-ingress", [
            f"{self.build}/gatewayd/gatewayd", "--config", f"{gdir}/gatewayd.json"],
            preexec_fn=_more_files)
        lines = _read_lines(self.gateway, ["gatewayd listening on public",
                                           "gatewayd listening on http"], "gatewayd (ingress)")
        ports = {k: int(re.search(r":(\d+)\s*$", v).group(1)) for k, v in lines.items()}
        self.tls_port = ports["gatewayd listening on public"]
        self.http_port = ports["gatewayd listening on http"]
        if not os.path.exists(f"/run/netns/{self.group}"):
            raise BenchError(f"gatewayd did not make the group's namespace {self.group}: "
                             f"{self.procs.log_tail('gatewayd-ingress')}")

    def _peers(self):
        """nginx in the group's namespace, its two listening sockets made here in the
        host's (on loopback, as gatewayd's), handed over as nginx's binary upgrade does."""
        stream_sock, http_sock = _listener(), _listener()
        self.stream_port = stream_sock.getsockname()[1]
        self.proxy_port = http_sock.getsockname()[1]
        root = f"{self.dir}/peer-nginx"
        _nginx_dirs(root)
        try:
            self._nginx("peer-nginx", self.group, root, f"""
stream {{
  map $ssl_preread_server_name $node {{ {HOST} {NODE_WG}:443; default 127.0.0.1:1; }}
  server {{ listen 127.0.0.1:{self.stream_port}; ssl_preread on; proxy_pass $node; }}
}}
http {{
  {_nginx_http_common(root)}  upstream node {{ server {NODE_WG}:80; keepalive 64; }}
  server {{
    listen 127.0.0.1:{self.proxy_port}; keepalive_requests 1000000;
    location / {{
      proxy_pass http://node; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $host; proxy_buffering off; proxy_request_buffering off;
    }}
  }}
}}
""", fds=(stream_sock.fileno(), http_sock.fileno()))
        finally:
            stream_sock.close()
            http_sock.close()

    def _wait_ready(self, timeout=30):
        """Every path answers (the WireGuard handshake done, the node's nginx up)."""
        deadline = time.monotonic() + timeout
        for ep in self.endpoints().values():
            while True:
                try:
                    download(ep, "/small.html", SMALL_BYTES, self.ca, timeout=5)
                    break
                except BenchError as e:
                    if time.monotonic() > deadline:
                        raise BenchError(f"ingress path {ep.base} does not answer: {e}; "
                                         f"gatewayd: {self.procs.log_tail('gatewayd-ingress', 3)}"
                                         f"nginx: {self.procs.log_tail('node-nginx', 3)}"
                                         f"{self.procs.log_tail('peer-nginx', 3)}") from None
                    time.sleep(0.2)

    # -- use ----------------------------------------------------------------------------
    def endpoints(self):
        return {"passthrough": Endpoint(f"https://{HOST}:{self.tls_port}"),
                "stream": Endpoint(f"https://{HOST}:{self.stream_port}"),
                "by host": Endpoint(f"http://{HOST}:{self.http_port}"),
                "proxy_pass": Endpoint(f"http://{HOST}:{self.proxy_port}")}

    def wrk(self, ep, path, seconds, close=False):
        """wrk in a mount namespace of its own where HOST is 127.0.0.1 (wrk resolves the
        URL's name and sends it as SNI); CLOSE: a new connection for every request."""
        if close:
            ep = Endpoint(ep.base, {"Connection": "close"})
        return measure.wrk(ep, path, seconds, prefix=[
            "unshare", "-m", "sh", "-c", f'mount --bind {self.hosts_file} /etc/hosts && '
            'exec "$@"', "wrk-in-ns"])

    def cleanup(self):
        if self.gateway is not None:
            self.procs.stop_one(self.gateway)  # its clean exit removes the group's namespace
        for name in ("peer-nginx", "node-nginx", "node-wireguard-go"):
            for p in list(self.procs.procs):
                if p.bench_name == name:
                    self.procs.stop_one(p)
        for undo in reversed(self.cleanups):
            try:
                undo()
            except Exception:  # keep undoing the rest
                pass


def download(ep, path, size, ca, timeout=measure.CURL_TIMEOUT_S):
    """MB/s of one GET through EP, its name resolved to 127.0.0.1, TLS verified with CA."""
    host, port = ep.base.split("//", 1)[1].rsplit(":", 1)
    args = ["curl", "-sS", "--http1.1", "--cacert", ca, "--resolve", f"{host}:{port}:127.0.0.1",
            "--max-time", str(timeout), "-o", "/dev/null", "-w",
            "%{http_code} %{size_download} %{speed_download}", f"{ep.base}{path}"]
    return measure._curl(args, size, "download")


def measure_ingress(world, size, seconds, rounds, say):
    """Per path, median of ROUNDS (the order rotated each round): download MB/s, and
    connections/s (TLS paths, a new connection per request) or keep-alive requests/s."""
    eps = world.endpoints()
    names = list(eps)
    samples = {n: [] for n in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            ep = eps[name]
            tls = ep.base.startswith("https")
            say(f"ingress round {r + 1}/{rounds}, {name}: {size >> 20} MiB down, {seconds} s "
                f"of {'new TLS connections' if tls else 'keep-alive 1 KiB GETs'}")
            down = download(ep, "/bulk.bin", size, world.ca)
            rate, p50, p99 = world.wrk(ep, "/small.html", seconds, close=tls)
            samples[name].append({"down": down, "rate": rate, "p50": p50, "p99": p99})
    return {n: {k: statistics.median(s[k] for s in ss) for k in ss[0]}
            for n, ss in samples.items()}

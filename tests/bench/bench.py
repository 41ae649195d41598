#!/usr/bin/env python3
"""Side-by-side benchmark of gatewayd against well-known peers, in one run, on loopback.

Paths measured to the same emulated BMC (bmcsim, generic platform, HTTPS):
  direct    client -> bmcsim                                  (the floor)
  gatewayd  client -> gatewayd browser mode -> bmcsim          (pm-session cookie)
  nginx     client -> nginx TLS reverse proxy -> bmcsim        (proxy_buffering off)
  ssh -L    client -> ssh -L tunnel -> sshd -> bmcsim           (TLS end to end)

For each: download and upload throughput (virtual-media endpoints, SIZE MiB), the latency of
small keep-alive GETs (p50/p99 of N), and the peak RSS (VmHWM) of the proxy's processes.
Usage: bench.py BUILD_DIR [--size-mib 256] [--requests 500]
Needs nginx-light, openssh-server (./run bench installs them). Loopback only.
"""
import argparse, hashlib, http.client, json, os, shutil, signal, socket, ssl, statistics
import subprocess, sys, tempfile, time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def peak_rss_kib(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def children(pid):
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]
    except OSError:
        return []


class Client:
    """Keep-alive HTTPS client (any certificate: every path uses a self-signed one)."""

    def __init__(self, port, cookies=None):
        self.port = port
        self.cookies = dict(cookies or {})
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        self.ctx = ctx
        self.conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=60)

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=h)
        r = self.conn.getresponse()
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]
        return r

    def login(self):
        r = self.request("POST", "/redfish/v1/SessionService/Sessions",
                         json.dumps({"UserName": "root", "Password": "0penBmc"}),
                         {"Content-Type": "application/json"})
        r.read()
        if r.status != 201:
            raise RuntimeError(f"login through port {self.port}: {r.status}")

    def download(self, size):
        t = time.monotonic()
        r = self.request("GET", f"/vmedia/download?size={size}")
        n = 0
        while chunk := r.read(1 << 20):
            n += len(chunk)
        if r.status != 200 or n != size:
            raise RuntimeError(f"download: status {r.status}, {n} of {size} bytes")
        return size / (time.monotonic() - t)

    def upload(self, size):
        piece = hashlib.sha256(b"pmproxy").digest() * 32768  # 1 MiB
        def body():
            left = size
            while left > 0:
                yield piece[:min(left, len(piece))]
                left -= len(piece)
        t = time.monotonic()
        r = self.request("PUT", "/vmedia/upload", body(),
                         {"Content-Length": str(size), "Content-Type": "application/octet-stream"})
        answer = json.loads(r.read() or b"{}")
        if r.status != 200 or answer.get("bytes") != size:
            raise RuntimeError(f"upload: status {r.status}, {answer}")
        return size / (time.monotonic() - t)

    def latencies(self, n):
        out = []
        for _ in range(n):
            t = time.perf_counter()
            r = self.request("GET", "/redfish/v1")
            r.read()
            out.append((time.perf_counter() - t) * 1000)
            if r.status != 200:
                raise RuntimeError(f"GET /redfish/v1: {r.status}")
        return out


class Procs:
    def __init__(self):
        self.procs = []

    def start(self, args, **kw):
        p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             start_new_session=True, **kw)
        self.procs.append(p)
        return p

    def stop(self):
        for p in reversed(self.procs):
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in self.procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


def make_cert(d):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", f"{d}/key.pem", "-out", f"{d}/cert.pem"],
                   check=True, capture_output=True)
    return f"{d}/cert.pem", f"{d}/key.pem"


def start_gatewayd(build, d, procs, cert, key, bmc_port):
    secret = os.urandom(32).hex()
    with open(f"{d}/jwt.secret", "w") as f:
        f.write(secret)
    config = {"name": "localhost", "listen": {"public": "127.0.0.1:0"},
              "tls": {"cert": cert, "key": key},
              "auth": {"keys": [{"kid": "k1", "alg": "HS256", "secretFile": f"{d}/jwt.secret"}]},
              "targets": {"allow": ["127.0.0.0/8"], "verifyTls": False}}
    with open(f"{d}/gatewayd.json", "w") as f:
        json.dump(config, f)
    p = procs.start([f"{build}/gatewayd/gatewayd", "--config", f"{d}/gatewayd.json"])
    port = int(p.stdout.readline().decode().rsplit(":", 1)[1])
    token = subprocess.run(
        [f"{build}/gatewayd/gatewayd", "token", "mint", "--key", f"{d}/jwt.secret",
         "--ip", "127.0.0.1", "--port", str(bmc_port), "--upstream", f"localhost:{port}",
         "--platform", "generic", "--ttl", "3600"],
        check=True, capture_output=True, text=True).stdout.strip()
    return port, [p.pid], {"pm-session": token}


def start_nginx(d, procs, cert, key, bmc_port):
    port = free_port()
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        os.makedirs(f"{d}/nginx/{sub}", exist_ok=True)
    conf = f"""
daemon off; worker_processes 1; pid {d}/nginx/nginx.pid; error_log {d}/nginx/error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {d}/nginx/body; proxy_temp_path {d}/nginx/proxy;
  fastcgi_temp_path {d}/nginx/fastcgi; uwsgi_temp_path {d}/nginx/uwsgi;
  scgi_temp_path {d}/nginx/scgi;
  client_max_body_size 0;
  upstream bmc {{ server 127.0.0.1:{bmc_port}; keepalive 8; }}
  server {{
    listen 127.0.0.1:{port} ssl; ssl_certificate {cert}; ssl_certificate_key {key};
    location / {{
      proxy_pass https://bmc; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host 127.0.0.1:{bmc_port};
      proxy_buffering off; proxy_request_buffering off; proxy_ssl_verify off;
      proxy_ssl_session_reuse on;
    }}
  }}
}}
"""
    with open(f"{d}/nginx/nginx.conf", "w") as f:
        f.write(conf)
    p = procs.start(["nginx", "-c", f"{d}/nginx/nginx.conf", "-p", f"{d}/nginx"])
    wait_port(port)
    return port, [p.pid] + children(p.pid), {}


def start_ssh(d, procs, bmc_port):
    os.makedirs("/run/sshd", exist_ok=True)
    sshd_port, local_port = free_port(), free_port()
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{d}/host"], check=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{d}/user"], check=True)
    shutil.copy(f"{d}/user.pub", f"{d}/authorized_keys")
    with open(f"{d}/sshd_config", "w") as f:
        f.write(f"Port {sshd_port}\nListenAddress 127.0.0.1\nHostKey {d}/host\n"
                f"AuthorizedKeysFile {d}/authorized_keys\nPermitRootLogin yes\nUsePAM no\n"
                f"StrictModes no\nAllowTcpForwarding yes\nPidFile {d}/sshd.pid\n")
    sshd = procs.start([shutil.which("sshd") or "/usr/sbin/sshd", "-D", "-e", "-f",
                        f"{d}/sshd_config"])
    wait_port(sshd_port)
    user = os.environ.get("USER", "root")
    ssh = procs.start(["ssh", "-N", "-p", str(sshd_port), "-i", f"{d}/user", "-o",
                       "StrictHostKeyChecking=no", "-o", f"UserKnownHostsFile={d}/known",
                       "-o", "ExitOnForwardFailure=yes", "-o", "BatchMode=yes",
                       "-L", f"127.0.0.1:{local_port}:127.0.0.1:{bmc_port}", f"{user}@127.0.0.1"])
    wait_port(local_port)
    return local_port, [ssh.pid, sshd.pid], {}


def measure(name, port, pids, cookies, size, requests):
    c = Client(port, cookies)
    c.login()
    c.latencies(20)  # warm up
    lat = c.latencies(requests)
    down = c.download(size)
    up = c.upload(size)
    # sshd forks a session child that carries the tunnel: count it too.
    rss = peak_rss_kib(pids + [k for p in pids for k in children(p)]) if pids else 0
    return {"path": name, "down": down, "up": up, "p50": statistics.median(lat),
            "p99": sorted(lat)[int(len(lat) * 0.99) - 1], "rss": rss}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--size-mib", type=int, default=256)
    ap.add_argument("--requests", type=int, default=500)
    a = ap.parse_args()
    size = a.size_mib << 20
    procs = Procs()
    d = tempfile.mkdtemp(prefix="pmproxy-bench-")
    results = []
    try:
        cert, key = make_cert(d)
        bmc = procs.start([f"{a.build}/tests/bmcsim/bmcsim", "--platform", "generic",
                           "--listen", "127.0.0.1:0"])
        bmc_port = json.loads(bmc.stdout.readline())["port"]
        paths = [("direct", lambda: (bmc_port, [], {})),
                 ("gatewayd", lambda: start_gatewayd(a.build, d, procs, cert, key, bmc_port)),
                 ("nginx", lambda: start_nginx(d, procs, cert, key, bmc_port)),
                 ("ssh -L", lambda: start_ssh(d, procs, bmc_port))]
        for name, start in paths:
            try:
                port, pids, cookies = start()
                results.append(measure(name, port, pids, cookies, size, a.requests))
            except Exception as e:  # a missing peer must not hide the others
                print(f"{name}: skipped ({e})", file=sys.stderr)
    finally:
        procs.stop()
        shutil.rmtree(d, ignore_errors=True)
    mib = 1 << 20
    print(f"\n{a.size_mib} MiB each way, {a.requests} keep-alive GETs, "
          f"{os.cpu_count()} cores, loopback\n")
    print("| path | download MiB/s | upload MiB/s | GET p50 ms | GET p99 ms | proxy peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        rss = f"{r['rss'] / 1024:.1f}" if r["rss"] else "-"
        print(f"| {r['path']} | {r['down'] / mib:.0f} | {r['up'] / mib:.0f} | {r['p50']:.2f} | "
              f"{r['p99']:.2f} | {rss} |")
    return 0 if len(results) == len(paths) else 1


if __name__ == "__main__":
    sys.exit(main())

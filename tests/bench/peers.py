"""The peers of one bench run, each started on free loopback ports in the run's temp dir:
the BMC (nginx over HTTPS) and bmcsim, an nginx reverse proxy, sshd + ssh -L, gatewayd and
pmproxy --headless (tests/bench/README.md)."""
import json
import os
import resource
import select
import shutil
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field

import jwt

from procs import BenchError, free_port, wait_port

SMALL_BYTES = 1024


@dataclass
class Endpoint:
    """Where a client reaches the BMC through one path."""
    base: str                      # scheme://host:port
    headers: dict = field(default_factory=dict)  # what the path needs on every request
    pids: list = field(default_factory=list)     # the path's own processes


def make_cert(d):
    cert, key = f"{d}/cert.pem", f"{d}/key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


def _nginx_dirs(root):
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "www/upload"):
        os.makedirs(f"{root}/{sub}", exist_ok=True)


def _nginx_http_common(root):
    return (f"access_log off; error_log {root}/error.log;\n"
            f"  client_body_temp_path {root}/body; proxy_temp_path {root}/proxy;\n"
            f"  fastcgi_temp_path {root}/fastcgi; uwsgi_temp_path {root}/uwsgi;\n"
            f"  scgi_temp_path {root}/scgi; client_max_body_size 0; gzip off;\n")


def _start_nginx(procs, name, root, http_block):
    # As root, the worker would run as nobody, who cannot read the private temp dir.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = (f"{user}daemon off; master_process on; worker_processes 1; pid {root}/nginx.pid;\n"
            f"error_log {root}/error.log;\n"
            f"events {{ worker_connections 4096; }}\n"
            f"http {{\n  {_nginx_http_common(root)}{http_block}}}\n")
    with open(f"{root}/nginx.conf", "w") as f:
        f.write(conf)
    return procs.start(name, ["nginx", "-c", f"{root}/nginx.conf", "-p", root],
                       stdout=subprocess.DEVNULL)


def start_bmc(d, procs, cert, key, bulk_bytes):
    """The BMC: nginx-light over HTTPS serving /bulk.bin (BULK_BYTES), /small.html (1 KiB)
    and taking PUT /upload/* with the DAV module (nginx reads and stores every byte)."""
    root = f"{d}/bmc"
    _nginx_dirs(root)
    with open(f"{root}/www/bulk.bin", "wb") as f:
        f.truncate(bulk_bytes)  # sparse on tmpfs: zeros, read from memory
    with open(f"{root}/www/small.html", "wb") as f:
        f.write((b"<html>" + b"x" * SMALL_BYTES)[:SMALL_BYTES - 8] + b"</html>\n")
    port = free_port()
    p = _start_nginx(procs, "bmc-nginx", root, f"""
  server {{
    listen 127.0.0.1:{port} ssl; ssl_certificate {cert}; ssl_certificate_key {key};
    keepalive_requests 1000000; root {root}/www;
    location /upload/ {{ dav_methods PUT; create_full_put_path on; }}
  }}
""")
    wait_port(port, "BMC nginx", p)
    return port, p


def start_nginx_proxy(d, procs, cert, key, bmc_port):
    """nginx as a TLS reverse proxy: keep-alive to the BMC, no buffering either way."""
    root = f"{d}/proxy-nginx"
    _nginx_dirs(root)
    port = free_port()
    p = _start_nginx(procs, "proxy-nginx", root, f"""
  upstream bmc {{ server 127.0.0.1:{bmc_port}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{port} ssl; ssl_certificate {cert}; ssl_certificate_key {key};
    keepalive_requests 1000000;
    location / {{
      proxy_pass https://bmc; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host 127.0.0.1:{bmc_port};
      proxy_buffering off; proxy_request_buffering off; proxy_ssl_verify off;
      proxy_ssl_session_reuse on;
    }}
  }}
""")
    wait_port(port, "nginx reverse proxy", p)
    return Endpoint(f"https://127.0.0.1:{port}", pids=[p.pid])


STREAM_MODULE = "/usr/lib/nginx/modules/ngx_stream_module.so"  # libnginx-mod-stream


def start_nginx_relay(d, procs, cert, key, bmc_port):
    """The agent's peer: nginx's stream module as a TLS relay in front of the BMC (decrypts
    the BMC's TLS, encrypts its own; no HTTP), on the same cores. gatewayd reaches the BMC
    through it as through the agent (tests/bench/README.md, "The agent path")."""
    root = f"{d}/relay-nginx"
    os.makedirs(root, exist_ok=True)
    port = free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""
    with open(f"{root}/nginx.conf", "w") as f:
        f.write(f"{user}load_module {STREAM_MODULE};\n"
                f"daemon off; master_process on; worker_processes 1; pid {root}/nginx.pid;\n"
                f"error_log {root}/error.log;\nevents {{ worker_connections 4096; }}\n"
                f"stream {{\n  server {{\n"
                f"    listen 127.0.0.1:{port} ssl; ssl_certificate {cert}; "
                f"ssl_certificate_key {key};\n"
                f"    proxy_pass 127.0.0.1:{bmc_port}; proxy_ssl on; proxy_ssl_verify off;\n"
                f"    proxy_ssl_session_reuse on;\n  }}\n}}\n")
    p = procs.start("relay-nginx", ["nginx", "-c", f"{root}/nginx.conf", "-p", root],
                    stdout=subprocess.DEVNULL)
    wait_port(port, "nginx TLS relay", p)
    return port, p


def start_ssh(d, procs, bmc_port):
    """sshd on a loopback port (throwaway host and user keys) and ssh -L to the BMC."""
    sshd_bin = shutil.which("sshd") or "/usr/sbin/sshd"
    if not os.path.exists(sshd_bin):
        raise BenchError("sshd not found (openssh-server; ./run bench installs it)")
    os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation directory
    s = f"{d}/ssh"
    os.makedirs(s, mode=0o700)
    for k in ("host", "user"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{s}/{k}"],
                       check=True)
    shutil.copy(f"{s}/user.pub", f"{s}/authorized_keys")
    sshd_port, local_port = free_port(), free_port()
    with open(f"{s}/sshd_config", "w") as f:
        f.write(f"Port {sshd_port}\nListenAddress 127.0.0.1\nHostKey {s}/host\n"
                f"AuthorizedKeysFile {s}/authorized_keys\nPermitRootLogin yes\nUsePAM no\n"
                f"StrictModes no\nAllowTcpForwarding yes\nPidFile {s}/sshd.pid\n"
                f"PasswordAuthentication no\nKbdInteractiveAuthentication no\n")
    sshd = procs.start("sshd", [sshd_bin, "-D", "-e", "-f", f"{s}/sshd_config"],
                       stdout=subprocess.DEVNULL)
    wait_port(sshd_port, "sshd", sshd)
    user = os.environ.get("USER") or "root"
    ssh = procs.start("ssh", ["ssh", "-N", "-p", str(sshd_port), "-i", f"{s}/user",
                              "-o", "StrictHostKeyChecking=no",
                              "-o", f"UserKnownHostsFile={s}/known_hosts",
                              "-o", "ExitOnForwardFailure=yes", "-o", "BatchMode=yes",
                              "-L", f"127.0.0.1:{local_port}:127.0.0.1:{bmc_port}",
                              f"{user}@127.0.0.1"], stdout=subprocess.DEVNULL)
    try:
        wait_port(local_port, "ssh -L", ssh)
    except BenchError as e:
        raise BenchError(f"{e}; sshd says: {procs.log_tail('sshd')}; "
                         f"ssh says: {procs.log_tail('ssh')}") from e
    return Endpoint(f"https://127.0.0.1:{local_port}", pids=[ssh.pid, sshd.pid])


def read_line(proc, what, timeout=30):
    """The first stdout line of PROC, or a BenchError naming WHAT."""
    deadline = time.monotonic() + timeout
    buf = b""
    fd = proc.stdout.fileno()
    while b"\n" not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            raise BenchError(f"{what} printed nothing in {timeout} s")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                raise BenchError(f"{what} exited ({proc.wait()}) before printing its line")
            buf += chunk
    return buf.split(b"\n", 1)[0].decode()


def _more_files():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))


class Gateway:
    """One gatewayd with a fresh HS256 key; mints tokens for any BMC port on 127.0.0.1."""

    def __init__(self, build, d, procs, cert, key, name="gatewayd", extra=None):
        self.dir = f"{d}/{name}"
        os.makedirs(self.dir)
        self.secret = os.urandom(32).hex()
        with open(f"{self.dir}/jwt.secret", "w") as f:
            f.write(self.secret)
        config = {"name": "localhost", "listen": {"public": "127.0.0.1:0"},
                  "tls": {"cert": cert, "key": key},
                  "auth": {"keys": [{"kid": "k1", "alg": "HS256",
                                     "secretFile": f"{self.dir}/jwt.secret"}]},
                  "targets": {"allow": ["127.0.0.0/8"], "verifyTls": False}}
        config.update(extra or {})
        with open(f"{self.dir}/gatewayd.json", "w") as f:
            json.dump(config, f)
        self.proc = procs.start(name, [f"{build}/gatewayd/gatewayd", "--config",
                                       f"{self.dir}/gatewayd.json"], preexec_fn=_more_files)
        line = read_line(self.proc, name)
        try:
            self.port = int(line.rsplit(":", 1)[1])
        except (IndexError, ValueError):
            raise BenchError(f"{name} printed '{line}', not its listening address") from None
        self.cert = cert

    def mint(self, bmc_port, platform="generic", ttl=3600, agent=None):
        now = int(time.time())
        claims = {"exp": now + ttl, "iat": now, "nbf": now - 5, "ip": "127.0.0.1",
                  "port": bmc_port, "upstream": f"localhost:{self.port}", "platform": platform,
                  "jti": os.urandom(12).hex(), "sub": "bench"}
        if agent:
            claims["agent"] = agent
        return jwt.encode(claims, self.secret, algorithm="HS256", headers={"kid": "k1"})

    def browser_endpoint(self, bmc_port):
        """Browser mode: the pm-session cookie, as a browser sends it after /gpsession."""
        token = self.mint(bmc_port)
        return Endpoint(f"https://127.0.0.1:{self.port}", {"Cookie": f"pm-session={token}"},
                        [self.proc.pid])


class Pmproxy:
    """pmproxy --headless on a gpsession link; its first stdout line is the entry URL."""

    def __init__(self, build, d, procs, gateway, bmc_port, name="pmproxy"):
        self.dir = f"{d}/{name}"
        os.makedirs(self.dir, mode=0o700)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_DISABLE_SANDBOX="1",
                   XDG_RUNTIME_DIR=self.dir, XDG_CONFIG_HOME=self.dir, XDG_CACHE_HOME=self.dir,
                   LC_ALL="C.UTF-8", LANG="C.UTF-8")
        for var in ("DISPLAY", "WAYLAND_DISPLAY"):
            env.pop(var, None)
        link = f"pmproxy://gpsession?token={gateway.mint(bmc_port)}"
        self.started = time.monotonic()
        self.proc = procs.start(name, [f"{build}/app/pmproxy", "--headless", "--gateway-ca",
                                       gateway.cert, link], env=env)
        self.entry = read_line(self.proc, name)
        self.printed = time.monotonic()
        url = urllib.parse.urlsplit(self.entry)
        secret = urllib.parse.parse_qs(url.query).get("secret", [""])[0]
        if url.scheme != "http" or not secret:
            raise BenchError(f"{name} printed '{self.entry}', not an entry URL with a secret")
        self.host, self.port = url.hostname, url.port
        self.secret = secret

    def endpoint(self):
        """The loopback proxy: its Host and the secret cookie its entry URL sets."""
        return Endpoint(f"http://{self.host}:{self.port}",
                        {"Cookie": f"pmproxy-local={self.secret}"}, [self.proc.pid])


def start_bmcsim(build, procs):
    p = procs.start("bmcsim", [f"{build}/tests/bmcsim/bmcsim", "--platform", "generic",
                               "--listen", "127.0.0.1:0"])
    line = read_line(p, "bmcsim")
    try:
        return json.loads(line)["port"], p
    except (ValueError, KeyError):
        raise BenchError(f"bmcsim printed '{line}'") from None

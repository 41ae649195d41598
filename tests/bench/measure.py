"""The measurements: bulk transfers (curl), small GETs (wrk), and the HTTP and WebSocket
steps of the console measurements (tests/bench/README.md)."""
import re
import subprocess

from procs import BenchError

CURL_TIMEOUT_S = 120


def _header_args(headers):
    out = []
    for k, v in headers.items():
        out += ["-H", f"{k}: {v}"]
    return out


def curl_download(ep, path, size):
    """MB/s of one GET of SIZE bytes, read by curl and thrown away."""
    args = ["curl", "-sS", "-k", "--http1.1", "-o", "/dev/null", "-w",
            "%{http_code} %{size_download} %{speed_download}", *_header_args(ep.headers),
            f"{ep.base}{path}"]
    return _curl(args, size, "download")


def curl_upload(ep, path, file, size, extra_headers=None):
    """MB/s of one PUT of FILE (SIZE bytes, Content-Length). No `Expect: 100-continue`, so
    every path starts its body at once (curl would otherwise wait up to 1 s for a 100)."""
    headers = dict(ep.headers, **(extra_headers or {}))
    args = ["curl", "-sS", "-k", "--http1.1", "-T", file, "-H", "Expect:", "-o", "/dev/null",
            "-w", "%{http_code} %{size_upload} %{speed_upload}", *_header_args(headers),
            f"{ep.base}{path}"]
    return _curl(args, size, "upload")


def upload_process(ep, path, file, extra_headers=None):
    """A PUT of FILE running in the background (curl); finish it with finish_upload()."""
    headers = dict(ep.headers, **(extra_headers or {}))
    args = ["curl", "-sS", "-k", "--http1.1", "-T", file, "-H", "Expect:", "-o", "-",
            "-w", "\n%{http_code} %{size_upload} %{speed_upload}", *_header_args(headers),
            f"{ep.base}{path}"]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_upload(p, size):
    out, err = p.communicate(timeout=CURL_TIMEOUT_S)
    return _check_curl(p.returncode, out.rsplit("\n", 1)[-1], err, size, "upload")


def _curl(args, size, what):
    try:
        r = subprocess.run(args, capture_output=True, text=True, timeout=CURL_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise BenchError(f"{what} to {args[-1]} took over {CURL_TIMEOUT_S} s") from None
    return _check_curl(r.returncode, r.stdout, r.stderr, size, what)


def _check_curl(rc, out, err, size, what):
    try:
        status, n, speed = out.split()
    except ValueError:
        raise BenchError(f"curl {what}: exit {rc}, {err.strip()} {out.strip()}") from None
    if rc != 0 or not status.startswith("2") or int(n) != size:
        raise BenchError(f"curl {what}: exit {rc}, HTTP {status}, {n} of {size} bytes; "
                         f"{err.strip()}")
    return float(speed) / 1e6


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not m:
        raise BenchError(f"wrk: cannot read the latency '{text}'")
    return float(m.group(1)) * _UNITS[m.group(2)]


def wrk(ep, path, seconds, threads=2, connections=32, prefix=()):
    """Requests/s and p50/p99 ms of keep-alive GETs of PATH (wrk --latency), wrk's command
    line after PREFIX (e.g. a namespace of its own)."""
    args = [*prefix, "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
            *_header_args(ep.headers), f"{ep.base}{path}"]
    r = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60)
    out = r.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    if r.returncode != 0 or not (rps and p50 and p99):
        raise BenchError(f"wrk on {ep.base}: exit {r.returncode}: {r.stderr.strip()} {out}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if bad:
        raise BenchError(f"wrk on {ep.base}{path}: {bad.group(1)} answers were not 2xx/3xx")
    errors = re.search(r"Socket errors: (.*)", out)
    if errors and re.search(r"(connect|read|write) [1-9]", errors.group(1)):
        raise BenchError(f"wrk on {ep.base}{path}: socket errors: {errors.group(1)}")
    return float(rps.group(1)), _ms(p50.group(1)), _ms(p99.group(1))


def percentile(values, q):
    """The nearest-rank percentile Q (0..100) of VALUES."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, int(round(q / 100 * len(s) + 0.5)) - 1))]

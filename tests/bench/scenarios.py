"""The measurements beyond the path table: console round trip under an upload, gatewayd's
memory per idle tunnel, and link to first console frame (tests/bench/README.md)."""
import subprocess
import time

import console
import measure
from peers import Gateway, Pmproxy, read_line, start_bmcsim
from procs import BenchError, rss_kib


def console_under_upload(build, d, procs, gateway, bmcsim_port, upload_file, upload_bytes,
                         interval_s=0.01):
    """Echo round trips on the console WebSocket while a PUT of UPLOAD_BYTES to the BMC's
    /vmedia/upload crosses the same pmproxy tunnel; only echoes sent while it ran count."""
    app = Pmproxy(build, d, procs, gateway, bmcsim_port, name="pmproxy-console")
    session = console.BmcSession(app)
    session.enter()
    session.login()
    ws = console.open_console(session)
    upload = None
    try:
        for seq in range(20):  # warm up: the console is up and echoing
            console.echo_round_trip(ws, seq)
        idle = []  # the same without the upload, for comparison
        for seq in range(100, 300):
            idle.append(console.echo_round_trip(ws, seq))
            time.sleep(interval_s)
        ep = app.endpoint()
        ep.headers["Cookie"] = session.cookie_header()
        upload = measure.upload_process(ep, "/vmedia/upload", upload_file)
        samples, seq = [], 1000
        time.sleep(0.2)  # the upload is under way
        while upload.poll() is None:
            rtt = console.echo_round_trip(ws, seq)
            if upload.poll() is None:
                samples.append(rtt)
            seq += 1
            time.sleep(interval_s)
        mbps = measure.finish_upload(upload, upload_bytes)
    finally:
        if upload is not None and upload.poll() is None:
            upload.kill()
            upload.wait()
        ws.close()
        procs.stop_one(app.proc)
    if len(samples) < 20:
        raise BenchError(f"only {len(samples)} console echoes during the upload")
    return {"console_p50": measure.percentile(samples, 50),
            "console_p99": measure.percentile(samples, 99), "console_samples": len(samples),
            "console_upload": mbps, "idle_p50": measure.percentile(idle, 50),
            "idle_p99": measure.percentile(idle, 99)}


def idle_tunnels(build, d, procs, cert, key, count, bmc_port):
    """gatewayd's VmRSS growth per idle app tunnel (one token each), a fresh gatewayd."""
    gw = Gateway(build, d, procs, cert, key, name="gatewayd-tunnels",
                 extra={"limits": {"maxSessions": count + 100}})
    url = f"wss://localhost:{gw.port}/.pmproxy/tunnel"
    tool = f"{build}/tests/bench/idletunnels/bench_idletunnels"

    def hold(name, n):
        tokens = f"{gw.dir}/{name}.tokens"
        with open(tokens, "w") as f:
            f.write("\n".join(gw.mint(bmc_port) for _ in range(n)) + "\n")
        p = procs.start(name, [tool, url, cert, tokens], stdin=subprocess.PIPE)
        line = read_line(p, name, timeout=150)
        if line != f"established {n}":
            raise BenchError(f"{name}: {line}; gatewayd says: "
                             f"{procs.log_tail('gatewayd-tunnels', 5)}")
        return p

    warm = hold("tunnels-warmup", 1)  # first-use allocations are not per tunnel
    time.sleep(1)
    before = rss_kib(gw.proc.pid)
    many = hold("tunnels", count)
    time.sleep(2)  # handshakes' transient buffers released
    after = rss_kib(gw.proc.pid)
    for p in (many, warm):
        procs.stop_one(p)
    procs.stop_one(gw.proc)
    return {"tunnels": count, "rss_before": before, "rss_after": after,
            "kib_per_tunnel": (after - before) / count}


def link_to_first_frame(build, d, procs, gateway, bmcsim_port):
    """Seconds from starting `pmproxy --headless LINK` to the first binary message of the
    BMC's console WebSocket through its local URL, doing what a browser would: open the
    entry URL, log in (Redfish session), open /kvm/0."""
    t0 = time.monotonic()
    app = Pmproxy(build, d, procs, gateway, bmcsim_port, name="pmproxy-first-frame")
    try:
        session = console.BmcSession(app)
        session.enter()
        session.login()
        ws = console.open_console(session)
        while ws.recv()[:1] == bytes([console.ECHO_ANSWER]):
            pass
        t1 = time.monotonic()
        ws.close()
    finally:
        procs.stop_one(app.proc)
    return {"first_frame": t1 - t0, "url_printed": app.printed - t0}


def start_console_bmc(build, procs):
    port, _ = start_bmcsim(build, procs)
    return port

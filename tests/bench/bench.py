#!/usr/bin/env python3
"""./run bench: one run, on loopback, TLS everywhere, of seven paths to the same BMC (nginx
over HTTPS) side by side, plus the console and tunnel measurements; prints the figures and
the ratios against issue 9's targets; then issue 11's ingress paths (SNI passthrough, HTTP
by Host) to a node over WireGuard beside nginx's stream and proxy_pass, when root
(tests/bench/README.md, "Ingress (issue 11)").

Usage: bench.py BUILD_DIR [--size-mib 256] [--seconds 3] [--rounds 3] [--tunnels 1000]
       [--console-upload-mib 1024] [--ingress-only]
Exit 0 when every figure was measured (targets not met are reported, not failures), 1 when
a measurement could not be taken, 130 on Ctrl-C. Every process and temp dir is removed.
"""
import argparse
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time

import ingress
import measure
import report
import scenarios
from agentpeer import Agent, agent_config
from peers import (Endpoint, Gateway, Pmproxy, make_cert, start_bmc, start_nginx_proxy,
                   start_nginx_relay, start_ssh)
from procs import BenchError, Procs


def _terminate(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def say(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def measure_path(name, ep, size, upload_file, seconds):
    down = measure.curl_download(ep, "/bulk.bin", size)
    up = measure.curl_upload(ep, f"/upload/{name.replace(' ', '')}.bin", upload_file, size)
    rps, p50, p99 = measure.wrk(ep, "/small.html", seconds)
    return {"down": down, "up": up, "rps": rps, "p50": p50, "p99": p99}


def measure_paths(endpoints, size, upload_file, seconds, rounds):
    """Every figure of every path, ROUNDS times, the paths' order rotated each round so that
    a slow moment of the shared machine does not fall on one path only; each figure is the
    median of its rounds (tests/bench/README.md)."""
    names = list(endpoints)
    samples = {name: [] for name in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            say(f"round {r + 1}/{rounds}, {name}: {size >> 20} MiB down, {size >> 20} MiB up, "
                f"{seconds} s of 1 KiB GETs")
            samples[name].append(measure_path(name, endpoints[name], size, upload_file, seconds))
    return {name: {k: statistics.median(m[k] for m in ms) for k in ms[0]}
            for name, ms in samples.items()}


def run_ingress(a, d, procs, cert, key):
    """Issue 11's ingress paths beside nginx (tests/bench/README.md, "Ingress (issue 11)"),
    or None with the reason when this machine cannot make a node group."""
    why = ingress.unavailable()
    if why:
        say(f"ingress (issue 11) SKIPPED: {why}")
        return {"ingress": None, "ingress_skipped": why}
    say("ingress: a node namespace over WireGuard, a gatewayd group, nginx peers")
    world = ingress.IngressWorld(a.build, d, procs, cert, key, a.size_mib << 20)
    try:
        world.setup()
        return {"ingress": ingress.measure_ingress(world, a.size_mib << 20, a.seconds,
                                                   a.rounds, say)}
    finally:
        world.cleanup()


def run(a, d, procs):
    size = a.size_mib << 20
    console_bytes = a.console_upload_mib << 20
    cert, key = make_cert(d)
    if a.ingress_only:
        return None, run_ingress(a, d, procs, cert, key)
    upload_file, console_file = f"{d}/upload.bin", f"{d}/console-upload.bin"
    for path, n in ((upload_file, size), (console_file, console_bytes)):
        with open(path, "wb") as f:
            f.truncate(n)  # sparse on tmpfs: read from memory, costs none
    bmc_port, _ = start_bmc(d, procs, cert, key, size)
    gateway = Gateway(a.build, d, procs, cert, key, extra=agent_config(d))
    app = Pmproxy(a.build, d, procs, gateway, bmc_port)
    agent = Agent(a.build, d, procs, gateway)
    paths = {"direct": lambda: Endpoint(f"https://127.0.0.1:{bmc_port}"),
             "nginx": lambda: start_nginx_proxy(d, procs, cert, key, bmc_port),
             "ssh -L": lambda: start_ssh(d, procs, bmc_port),
             "gatewayd": lambda: gateway.browser_endpoint(bmc_port),
             "pmproxy": app.endpoint,
             "agent": lambda: agent.endpoint(bmc_port),
             "relay": lambda: gateway.browser_endpoint(
                 start_nginx_relay(d, procs, cert, key, bmc_port)[0])}
    endpoints = {name: start() for name, start in paths.items()}
    results = measure_paths(endpoints, size, upload_file, a.seconds, a.rounds)
    extra = run_ingress(a, d, procs, cert, key)
    bmcsim_port = scenarios.start_console_bmc(a.build, procs)
    say(f"console round trip through pmproxy during a {a.console_upload_mib} MiB upload")
    extra.update(scenarios.console_under_upload(a.build, d, procs, gateway, bmcsim_port,
                                           console_file, console_bytes))
    extra["console_upload_mib"] = a.console_upload_mib
    say("link to first console frame")
    extra.update(scenarios.link_to_first_frame(a.build, d, procs, gateway, bmcsim_port))
    say(f"gatewayd memory with {a.tunnels} idle tunnels")
    extra.update(scenarios.idle_tunnels(a.build, d, procs, cert, key, a.tunnels, bmc_port))
    return results, extra


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build")
    ap.add_argument("--size-mib", type=int, default=256, help="bulk transfer size each way")
    ap.add_argument("--seconds", type=int, default=3, help="wrk duration per path and round")
    ap.add_argument("--rounds", type=int, default=3, help="measurements of each path (median)")
    ap.add_argument("--tunnels", type=int, default=1000, help="idle tunnels to hold")
    ap.add_argument("--console-upload-mib", type=int, default=1024)
    ap.add_argument("--ingress-only", action="store_true",
                    help="only issue 11's ingress paths and their nginx peers")
    a = ap.parse_args()
    signal.signal(signal.SIGINT, _terminate)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    d = tempfile.mkdtemp(prefix="pmproxy-bench-", dir=base)
    os.makedirs(f"{d}/logs")
    procs = Procs(f"{d}/logs")
    started = time.monotonic()
    try:
        results, extra = run(a, d, procs)
    except BenchError as e:
        print(f"bench: could not measure: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    finally:
        procs.stop()
        shutil.rmtree(d, ignore_errors=True)
    print(f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
          f"loopback; {a.size_mib} MiB each way, wrk -t2 -c32 -d{a.seconds}s, "
          f"median of {a.rounds} rounds; "
          f"{time.monotonic() - started:.0f} s\n")
    if results is not None:
        print(report.figures_table(results, extra))
        print()
    print(report.ingress_table(extra))
    print()
    if results is not None:
        print(report.targets_table(results, extra))
    print(report.ingress_targets(extra, header=results is None))
    return 0


if __name__ == "__main__":
    sys.exit(main())

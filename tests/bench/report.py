"""The tables of a bench run: the figures, and the ratios against issue 9's and issue 11's
targets."""

PATHS = ["direct", "nginx", "ssh -L", "gatewayd", "pmproxy", "agent", "relay"]
LABELS = {"direct": "direct to the BMC", "nginx": "nginx TLS reverse proxy",
          "ssh -L": "ssh -L", "gatewayd": "gatewayd browser mode",
          "pmproxy": "pmproxy → tunnel → gatewayd",
          "agent": "gatewayd browser mode → agent",
          "relay": "gatewayd browser mode → nginx TLS relay (the agent's peer)"}


def figures_table(r, extra):
    lines = ["| path | download MB/s | upload (PUT) MB/s | 1 KiB GETs req/s | p50 ms | p99 ms |",
             "|---|---:|---:|---:|---:|---:|"]
    for p in PATHS:
        f = r[p]
        lines.append(f"| {LABELS[p]} | {f['down']:.0f} | {f['up']:.0f} | {f['rps']:.0f} | "
                     f"{f['p50']:.2f} | {f['p99']:.2f} |")
    lines += ["", "| other | figure |", "|---|---:|",
              f"| console round trip through pmproxy during a {extra['console_upload_mib']} MiB "
              f"upload: p50 / p99 ms ({extra['console_samples']} echoes) | "
              f"{extra['console_p50']:.2f} / {extra['console_p99']:.2f} |",
              f"| the same without the upload: p50 / p99 ms (200 echoes) | "
              f"{extra['idle_p50']:.2f} / {extra['idle_p99']:.2f} |",
              f"| that upload through the same tunnel, MB/s | {extra['console_upload']:.0f} |",
              f"| gatewayd RSS per idle tunnel, KiB ({extra['tunnels']} tunnels: "
              f"{extra['rss_before'] / 1024:.1f} → {extra['rss_after'] / 1024:.1f} MiB) | "
              f"{extra['kib_per_tunnel']:.1f} |",
              f"| link to first console frame, s (URL printed after "
              f"{extra['url_printed']:.3f} s) | {extra['first_frame']:.3f} |"]
    return "\n".join(lines)


def _row(target, value, ok):
    return f"| {target} | {value} | {'met' if ok else 'NOT met'} |"


def targets_table(r, extra):
    g, n, p, s, a = r["gatewayd"], r["nginx"], r["pmproxy"], r["ssh -L"], r["agent"]
    lines = ["| target | measured | |", "|---|---:|---|",
             _row("gatewayd vs nginx: req/s ≥ 1.0×", f"{g['rps'] / n['rps']:.2f}×",
                  g["rps"] >= n["rps"]),
             _row("gatewayd vs nginx: p99 ≤ nginx's", f"{g['p99']:.2f} vs {n['p99']:.2f} ms",
                  g["p99"] <= n["p99"]),
             _row("gatewayd vs nginx: download ≥ 1.5×", f"{g['down'] / n['down']:.2f}×",
                  g["down"] >= 1.5 * n["down"]),
             _row("gatewayd vs nginx: upload ≥ 1.5×", f"{g['up'] / n['up']:.2f}×",
                  g["up"] >= 1.5 * n["up"]),
             _row("pmproxy vs ssh -L: download ≥ 1.2×", f"{p['down'] / s['down']:.2f}×",
                  p["down"] >= 1.2 * s["down"]),
             _row("pmproxy vs ssh -L: upload ≥ 1.2×", f"{p['up'] / s['up']:.2f}×",
                  p["up"] >= 1.2 * s["up"]),
             _row("pmproxy vs ssh -L: p99 ≤ ½ ssh's", f"{p['p99']:.2f} vs {s['p99']:.2f} ms "
                  f"({p['p99'] / s['p99']:.2f}×)", p["p99"] <= 0.5 * s["p99"]),
             _row(f"console round trip p99 < 5 ms during a {extra['console_upload_mib']} MiB "
                  "upload", f"{extra['console_p99']:.2f} ms", extra["console_p99"] < 5),
             _row(f"gatewayd ≤ 50 KiB RSS per idle tunnel ({extra['tunnels']})",
                  f"{extra['kib_per_tunnel']:.1f} KiB", extra["kib_per_tunnel"] <= 50),
             _row("link to first console frame < 1.5 s", f"{extra['first_frame']:.3f} s",
                  extra["first_frame"] < 1.5)]
    rl = r["relay"]
    for key, what in (("down", "download"), ("up", "upload"), ("rps", "req/s")):
        # Beside it, the same ratio with nginx as a TLS relay in the agent's place: what one
        # more process with two more cipher passes costs on these shared cores.
        lines.append(_row(f"agent path vs gatewayd direct: {what} ≥ 0.8×",
                          f"{a[key] / g[key]:.2f}× (nginx relay: {rl[key] / g[key]:.2f}×)",
                          a[key] >= 0.8 * g[key]))
    return "\n".join(lines)


INGRESS = [("passthrough", "gatewayd SNI passthrough (listen.public)"),
           ("stream", "nginx stream { ssl_preread on; proxy_pass }"),
           ("by host", "gatewayd HTTP by Host (listen.http)"),
           ("proxy_pass", "nginx http { proxy_pass http://node; }")]


def ingress_table(extra):
    """Issue 11's paths: to a node over WireGuard through a group's namespace."""
    ing = extra.get("ingress")
    if ing is None:
        return f"ingress (issue 11): not measured: {extra.get('ingress_skipped')}"
    lines = ["| ingress path (node over WireGuard) | download MB/s | new TLS connections/s | "
             "keep-alive 1 KiB GETs req/s | p50 ms | p99 ms |", "|---|---:|---:|---:|---:|---:|"]
    for key, label in INGRESS:
        f = ing[key]
        tls = key in ("passthrough", "stream")
        conns, rps = (f"{f['rate']:.0f}", "") if tls else ("", f"{f['rate']:.0f}")
        lines.append(f"| {label} | {f['down']:.0f} | {conns} | {rps} | {f['p50']:.2f} | "
                     f"{f['p99']:.2f} |")
    return "\n".join(lines)


def ingress_targets(extra, header=False):
    ing = extra.get("ingress")
    lines = ["| target | measured | |", "|---|---:|---|"] if header else []
    if ing is None:
        return "\n".join(lines + ["| issue 11's targets | not measured | |"])
    p, s, h, x = ing["passthrough"], ing["stream"], ing["by host"], ing["proxy_pass"]
    lines += [_row("passthrough vs nginx stream: download ≥ 1.0×",
                   f"{p['down'] / s['down']:.2f}×", p["down"] >= s["down"]),
              _row("passthrough vs nginx stream: connections/s ≥ 1.0×",
                   f"{p['rate'] / s['rate']:.2f}×", p["rate"] >= s["rate"]),
              f"| HTTP by Host vs nginx proxy_pass: download | {h['down'] / x['down']:.2f}× | "
              "shown |",
              f"| HTTP by Host vs nginx proxy_pass: req/s | {h['rate'] / x['rate']:.2f}× | "
              "shown |"]
    return "\n".join(lines)

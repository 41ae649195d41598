"""The agent path of a bench run: `gatewayd agent` on loopback, dialing the bench's gatewayd,
and the BMC reached through it (tokens with the agent claim; tests/bench/README.md)."""
import http.client
import os
import ssl
import time

from peers import Endpoint
from procs import BenchError

AGENT_ID = "bench-agent"


def agent_config(d):
    """The gateway's `agents` entry (its secret file written now, before gatewayd starts)."""
    path = f"{d}/agent.secret"
    with open(path, "w") as f:
        f.write(os.urandom(32).hex())
    return {"agents": [{"id": AGENT_ID, "secretFile": path}]}


class Agent:
    """One agent process with --allow 127.0.0.0/8; the gateway's certificate is its --ca."""

    def __init__(self, build, d, procs, gateway, name="agent"):
        self.gateway = gateway
        self.proc = procs.start(name, [
            f"{build}/gatewayd/gatewayd", "agent", "--gateway", f"wss://127.0.0.1:{gateway.port}",
            "--id", AGENT_ID, "--secret-file", f"{d}/agent.secret", "--allow", "127.0.0.0/8",
            "--ca", gateway.cert])
        self.name = name

    def endpoint(self, bmc_port):
        """Browser mode with a token naming the agent, once the agent is connected."""
        token = self.gateway.mint(bmc_port, agent=AGENT_ID)
        headers = {"Cookie": f"pm-session={token}"}
        self._wait_connected(headers)
        return Endpoint(f"https://127.0.0.1:{self.gateway.port}", headers,
                        [self.gateway.proc.pid, self.proc.pid])

    def _wait_connected(self, headers, timeout=30):
        context = ssl.create_default_context(cafile=self.gateway.cert)
        deadline = time.monotonic() + timeout
        status = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"{self.name} exited with {self.proc.returncode}")
            conn = http.client.HTTPSConnection("127.0.0.1", self.gateway.port, context=context,
                                               timeout=5)
            try:
                conn.request("GET", "/small.html", headers=headers)
                status = conn.getresponse().status
            finally:
                conn.close()
            if status == 200:
                return
            time.sleep(0.1)  # the agent connects on its own; nothing to wait on from here
        raise BenchError(f"the BMC through {self.name} still answers {status} after {timeout} s")

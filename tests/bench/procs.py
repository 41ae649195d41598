"""Processes the benchmark starts, and their cleanup on any exit (tests/bench/README.md)."""
import os
import signal
import socket
import subprocess
import time


class BenchError(RuntimeError):
    """A measurement that could not be taken: the run fails with this message."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, what, proc=None, timeout=20, host="127.0.0.1"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise BenchError(f"{what} exited with {proc.returncode} before listening on {port}")
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise BenchError(f"{what}: nothing listens on {host}:{port} after {timeout} s")


def descendants(pid):
    """Every process below PID (sshd's session children leave its process group)."""
    kids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.append(k)
            todo.append(k)
    return out


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    raise BenchError(f"process {pid} is gone: cannot read its RSS")


class Procs:
    """Starts processes in their own process groups; stop() ends them all, children too."""

    def __init__(self, logdir):
        self.logdir = logdir
        self.procs = []

    def start(self, name, args, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=None,
              preexec_fn=None, pass_fds=()):
        log = open(os.path.join(self.logdir, f"{name}.log"), "wb")
        try:
            p = subprocess.Popen(args, stdout=stdout, stderr=log, stdin=stdin,
                                 start_new_session=True, env=env, preexec_fn=preexec_fn,
                                 pass_fds=pass_fds)
        except OSError as e:
            raise BenchError(f"cannot start {name} ({args[0]}): {e}") from e
        finally:
            log.close()
        p.bench_name = name
        self.procs.append(p)
        return p

    def log_tail(self, name, lines=15):
        try:
            with open(os.path.join(self.logdir, f"{name}.log"), errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def stop_one(self, p, grace=10):
        if p.poll() is None:
            victims = descendants(p.pid)
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            for v in victims:
                try:
                    os.kill(v, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            try:
                p.wait(grace)
            except subprocess.TimeoutExpired:
                for v in [p.pid] + victims:
                    try:
                        os.kill(v, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                p.wait(5)
        for stream in (p.stdout, p.stdin):
            if stream:
                stream.close()
        if p in self.procs:
            self.procs.remove(p)

    def stop(self):
        for p in reversed(list(self.procs)):
            try:
                self.stop_one(p)
            except Exception:  # keep ending the others
                pass

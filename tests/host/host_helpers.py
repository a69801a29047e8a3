"""A real exercise host in a subprocess (``stormdrill host``) and real WebSocket clients."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"
START_TIMEOUT_S = 60
"""How long a host may take to come up on a busy CI machine (it runs the plan baseline first)."""
RECV_TIMEOUT_S = 20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Host:
    """``stormdrill host`` running in a subprocess on 127.0.0.1."""

    def __init__(self, tmp_path, *args, port=None, db=None):
        self.tmp = Path(tmp_path)
        self.port = port or free_port()
        self.db = db or self.tmp / "sessions.db"
        self.info_path = self.tmp / f"host-{self.port}-{time.monotonic_ns()}.json"
        self.log = open(self.tmp / f"host-{self.port}.log", "ab")
        cmd = [sys.executable, "-m", "stormdrill.cli", "host", *map(str, args), "--port", str(self.port),
               "--db", str(self.db), "--info", str(self.info_path)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "STORMDRILL_LANG": "zh"}  # the pages' first language
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.info = self._wait()

    def _wait(self):
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the host exited with {self.proc.returncode}: {self.output()}")
            if self.info_path.exists():
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as r:
                        if r.status == 200:
                            return json.loads(self.info_path.read_text())
                except OSError:
                    pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the host did not come up in {START_TIMEOUT_S} s: {self.output()}")

    def output(self):
        if not self.log.closed:
            self.log.flush()
        return (self.tmp / f"host-{self.port}.log").read_text(errors="replace")[-3000:]

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def kill(self):
        """SIGKILL: the host dies mid-session, nothing flushed, nothing closed."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()


class Client:
    """One WebSocket client of the host: a seat, the facilitator or the projector. Keeps the
    state it was sent (state + deltas), its inbox, its feed and every reply."""

    def __init__(self, host, join):
        self.host = host
        self._connection = connect(f"ws://127.0.0.1:{host.port}/ws", open_timeout=10, max_size=2 ** 22)
        self.ws = self._connection.__enter__()
        self.state, self.inbox, self.feed, self.seen = {}, {}, [], []
        self.send(join)
        self.welcome = self.wait(lambda m: m["type"] in ("welcome", "error"))
        if self.welcome["type"] == "welcome":
            self.until(lambda c: c.state)

    def send(self, msg):
        self.ws.send(msg if isinstance(msg, str) else json.dumps(msg))

    def _take(self, msg):
        self.seen.append(msg)
        if msg["type"] == "state":
            self.state = dict(msg)
        elif msg["type"] == "delta":
            self.state.update(msg["changes"])
        elif msg["type"] == "inbox":
            for item in msg["items"]:
                self.inbox[item["id"]] = item
        elif msg["type"] == "feed":
            self.feed += msg["lines"]

    def wait(self, predicate, timeout=RECV_TIMEOUT_S):
        """The first message (from now on) for which *predicate* holds."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no such message in {timeout} s; last: {self.seen[-3:]}")
            msg = json.loads(self.ws.recv(timeout=left))
            self._take(msg)
            if predicate(msg):
                return msg

    def until(self, predicate, timeout=RECV_TIMEOUT_S):
        """Read messages until *predicate(self)* holds (on the client's merged view)."""
        if predicate(self):
            return
        self.wait(lambda m: predicate(self), timeout)

    def request(self, msg, timeout=RECV_TIMEOUT_S):
        """Send a message with an id and return the reply to it (a result or an error)."""
        self.send(msg)
        return self.wait(lambda m: m.get("id") == msg["id"] and m["type"] in ("result", "error"), timeout)

    def close(self):
        self._connection.__exit__(None, None, None)


def seat(host, role, name, token=None):
    join = {"type": "join", "room": host.info["room"], "role": role, "name": name}
    if token:
        join = {"type": "join", "room": host.info["room"], "token": token}
    return Client(host, join)


def facilitator(host, name="Wang"):
    return Client(host, {"type": "join", "room": host.info["room"], "facilitator": host.info["secret"], "name": name})


def projector(host):
    return Client(host, {"type": "join", "room": host.info["room"], "projector": True})


def advance_to(fac, predicate, limit=40):
    """The facilitator moves the clock on, event by event, until *predicate(fac.state)* holds."""
    for n in range(limit):
        if predicate(fac.state):
            return
        reply = fac.request({"type": "advance", "id": f"adv-{time.monotonic_ns()}-{n}"})
        assert reply["type"] == "result", reply
        fac.until(lambda c: abs(c.state.get("t", -1) - reply["t"]) < 1e-6 or predicate(c.state))
    raise AssertionError(f"not reached after {limit} advances: {fac.state.get('clock')}")

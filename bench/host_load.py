"""Load on the exercise host: 30 seats on loopback sending actions for 5 minutes of model time.

    .venv/bin/python bench/host_load.py [--seats 30] [--model-minutes 5] [--ratio 10] [--every 1.0]

Starts ``stormdrill host`` (paced, RATIO model minutes per real minute) in a subprocess on
127.0.0.1, joins a projector and SEATS seats spread over the exercise's roles, and has each
seat send an action every EVERY real seconds until the model clock has gone MODEL_MINUTES
on; one send in ten is sent twice with the same id (a phone reconnecting). Then it checks
the session database: every message answered, recorded exactly once, no action lost or
doubled. Prints the p50 / p95 latency from sending an action to its answer, and to the
line about it reaching the projector. Traffic stays on 127.0.0.1; the run is bounded in
time and stops by itself. Record figures in docs/benchmarks.md.
"""
import argparse
import asyncio
import collections
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parents[1]
EXERCISE = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"
SENDS = {
    "commander": {"form": "warn", "values": {"zones": "all", "channels": "all"}},
    "grid_worker": {"form": "warn", "values": {"zones": "all", "channels": "sms"}},
    "shelter_manager": {"form": "assign_shelter", "values": {"zone": "Z1", "shelters": ["S1"]}},
    "logistics": {"form": "dispatch", "values": {"depot": "D1", "shelter": "S1", "items": "water_l", "cover": "6"}},
}
WALL_LIMIT_S = 600


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_host(tmp, ratio):
    port, info = free_port(), Path(tmp) / "info.json"
    cmd = [sys.executable, "-m", "stormdrill.cli", "host", str(EXERCISE), "--paced", str(ratio), "--port", str(port),
           "--db", str(Path(tmp) / "s.db"), "--info", str(info)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(Path(tmp) / "host.log", "wb"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if info.exists():
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).close()
                return proc, port, json.loads(info.read_text())
            except OSError:
                pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the host did not come up")


async def projector(port, room, heard, clock, stop):
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws", max_size=2 ** 22) as ws:
        await ws.send(json.dumps({"type": "join", "room": room, "projector": True}))
        while not stop.is_set():
            try:
                msg = json.loads(await asyncio.wait_for(ws.recv(), 0.5))
            except asyncio.TimeoutError:
                continue
            now = time.perf_counter()
            if msg["type"] == "feed":
                for line in msg["lines"]:
                    if line["kind"] == "action" and line["ref"]:
                        heard.setdefault(line["ref"], now)
            elif msg["type"] == "state":
                clock["t"] = msg["t"]
            elif msg["type"] == "delta" and "t" in msg["changes"]:
                clock["t"] = msg["changes"]["t"]


async def seat(port, room, n, role, every, sent, answered, clock, until_t, stop):
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws", max_size=2 ** 22) as ws:
        await ws.send(json.dumps({"type": "join", "room": room, "role": role, "name": f"seat {n:02d}"}))
        pending = {}

        async def reader():
            async for raw in ws:
                msg = json.loads(raw)
                if msg["type"] in ("result", "error") and msg.get("id") in pending:
                    answered.setdefault(msg["id"], []).append((time.perf_counter() - pending[msg["id"]], msg))

        task = asyncio.create_task(reader())
        k = 0
        await asyncio.sleep(every * n / 30)  # spread the seats over the second
        while clock["t"] < until_t and not stop.is_set():
            k += 1
            cid = f"s{n:02d}-{k}"
            msg = {"type": "action", "id": cid, **SENDS[role]}
            pending[cid] = sent[cid] = time.perf_counter()
            await ws.send(json.dumps(msg))
            if k % 10 == 0:  # a reconnecting phone sends the same message again
                await ws.send(json.dumps(msg))
            await asyncio.sleep(every)
        await asyncio.sleep(2)
        task.cancel()


async def run(args, port, room):
    sent, answered, heard, clock, stop = {}, {}, {}, {"t": 0.0}, asyncio.Event()
    roles = list(SENDS)
    proj = asyncio.create_task(projector(port, room, heard, clock, stop))
    await asyncio.sleep(0.5)
    start_t = clock["t"]
    until_t = start_t + args.model_minutes / 60
    t0 = time.perf_counter()
    seats = [seat(port, room, n, roles[n % len(roles)], args.every, sent, answered, clock, until_t, stop)
             for n in range(args.seats)]
    await asyncio.wait_for(asyncio.gather(*seats), WALL_LIMIT_S)
    wall = time.perf_counter() - t0
    stop.set()
    await proj
    return sent, answered, heard, clock["t"] - start_t, wall


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] * 1000 if values else float("nan")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seats", type=int, default=30)
    p.add_argument("--model-minutes", type=float, default=5.0)
    p.add_argument("--ratio", type=float, default=10.0, help="model minutes per real minute")
    p.add_argument("--every", type=float, default=1.0, help="real seconds between one seat's actions")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, port, info = start_host(tmp, args.ratio)
        try:
            sent, answered, heard, model_h, wall = asyncio.run(run(args, port, info["room"]))
        finally:
            proc.terminate()
            proc.wait(10)
        db = sqlite3.connect(Path(tmp) / "s.db")
        sid = info["session"]
        rows = db.execute("SELECT client_id, outcome FROM seat_log WHERE session_id=? AND kind='action'", (sid,))
        outcomes = {cid: json.loads(outcome) for cid, outcome in rows}
        logged = list(outcomes)
        # a seat's action reaches the runner (and its action log) unless the host refused it first
        # (host.guard: a form the role may not use, a quantity beyond what exists): those have no seq
        to_runner = sum(1 for o in outcomes.values() if o.get("seq") is not None)
        refused = collections.Counter(o.get("reason") or "?" for o in outcomes.values() if o.get("seq") is None)
        actions = db.execute("SELECT count(*) FROM actions WHERE session_id=?", (sid,)).fetchone()[0]
        accepted = db.execute("SELECT count(*) FROM actions WHERE session_id=? AND accepted=1", (sid,)).fetchone()[0]
        db.close()
    unanswered = [cid for cid in sent if cid not in answered]
    doubles = [cid for cid, replies in answered.items() if len(replies) == 2 and not replies[1][1].get("repeat")]
    lost = set(sent) - set(logged)
    reply_ms = [replies[0][0] for replies in answered.values()]
    seen_ms = [heard[cid] - sent[cid] for cid in sent if cid in heard]
    print(f"seats {args.seats}, pace x{args.ratio:g}, one action per seat every {args.every:g} s")
    print(f"model time covered: {model_h * 60:.1f} min in {wall:.1f} s of wall time")
    print(f"actions sent {len(sent)} (+{sum(1 for c in sent if c.endswith('0'))} repeats), answered {len(answered)}, "
          f"recorded from seats {len(logged)}, in the action log {actions} ({accepted} accepted)")
    print(f"refused by the host before the runner: {sum(refused.values())}"
          + "".join(f"; {n} {why}" for why, n in refused.most_common(3)))
    print(f"unanswered {len(unanswered)}, lost {len(lost)}, applied twice {len(doubles)}, "
          f"action log rows vs seat records that reached the runner {'equal' if actions == to_runner else 'DIFFER'}")
    print(f"action -> answer to the seat: p50 {pct(reply_ms, .5):.1f} ms, p95 {pct(reply_ms, .95):.1f} ms")
    print(f"action -> line on the projector ({len(seen_ms)} accepted actions): p50 {pct(seen_ms, .5):.1f} ms, "
          f"p95 {pct(seen_ms, .95):.1f} ms, max {max(seen_ms) * 1000 if seen_ms else float('nan'):.1f} ms")
    ok = not unanswered and not lost and not doubles and actions == to_runner and len(logged) == len(sent)
    print("OK: nothing lost, nothing applied twice" if ok else "PROBLEM: see the counts above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

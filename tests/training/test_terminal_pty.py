"""The terminal exercise as a facilitator sees it: `stormdrill exercise` run in a real
pseudo-terminal (the standard library's pty), typed into line by line, read as it prints.

Paced mode brings injects, decision points and passed deadlines by itself while nobody
types, and takes next / go / pause; a decision point takes several options at once; `end`
stops the exercise there and scores only what fell due before it; `status` shows the
depots and their trucks and the shelters' states in the viewer's words.
"""
import os
import pty
import re
import select
import subprocess
import sys
import time

from training.scoring import score
from training.store import SessionStore

from exercise_helpers import ROOT, TUTORIAL

COASTAL = ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml"


class Terminal:
    """A command in a pseudo-terminal: ``send`` a line, ``expect`` a pattern in what it prints."""

    def __init__(self, *args):
        self.fd, child = pty.openpty()
        env = dict(os.environ, COLUMNS="160", LINES="50", PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "stormdrill.cli", *map(str, args)], stdin=child,
                                     stdout=child, stderr=child, cwd=ROOT, env=env, close_fds=True)
        os.close(child)
        self.text, self.seen = "", 0

    def read(self, wait):
        ready, _w, _x = select.select([self.fd], [], [], wait)
        if ready:
            try:
                self.text += os.read(self.fd, 65536).decode("utf-8", "replace").replace("\r\n", "\n")
            except OSError:  # the child closed the terminal
                return False
        return True

    def expect(self, pattern, within=120, anywhere=False):
        """Wait (at most *within* s, a guard against a hang, not a timing) until *pattern* is printed
        after what was expected last (*anywhere*: at any point so far); return the match."""
        rx, give_up = re.compile(pattern), time.monotonic() + within
        while True:
            m = rx.search(self.text, 0 if anywhere else self.seen)
            if m:
                self.seen = max(self.seen, m.end())
                return m
            if time.monotonic() > give_up or not self.read(0.2):
                raise AssertionError(f"{pattern!r} never printed; the terminal shows:\n{self.text[self.seen:][-3000:]}")

    def send(self, line):
        os.write(self.fd, (line + "\n").encode())

    def close(self):
        self.proc.wait(timeout=120)
        while self.read(0.1) and self.proc.poll() is None:
            pass
        os.close(self.fd)
        return self.proc.returncode


def test_paced_mode_brings_injects_and_deadlines_by_itself_and_takes_next_go_pause(tmp_path):
    term = Terminal("exercise", TUTORIAL, "--db", tmp_path / "s.db", "--paced", "3600", "--lang", "en")  # 1 h a second
    term.expect(r"the exercise ends at T\+60:00 \(the end of the scenario\)")
    term.expect(r"INJECT I1 ")
    # nobody types: the clock follows the wall clock and the next inject and the passed deadline come by themselves
    term.expect(r"INJECT I2 ")
    term.expect(r"deadline passed: plan rule P1 — Grid worker / flood responsibility holder: warn every zone",
                anywhere=True)
    term.send("pause")
    term.expect(r"> paused\n|\npaused\n")
    term.send("status")
    held = term.expect(r"(day \d \d\d:\d\d · T\+\d\d:\d\d) · onset").group(1)
    time.sleep(1.5)  # a paused clock does not move however long the room debates
    term.send("status")
    assert term.expect(r"(day \d \d\d:\d\d · T\+\d\d:\d\d) · onset").group(1) == held
    term.send("resume")
    term.send("next")  # jumps to the next inject or decision point
    term.expect(r"DECISION D1: ")
    term.expect(r"options of D1 \(take several at once: 1 2 3\):")
    term.send("1 2 3 -- the river is rising")  # three options at once
    for _n in range(3):
        term.expect(r"  ok T\+16:11 Community secretary \(commander\): ")
    term.send("done")
    term.expect(r"decision point D1 closed")
    term.send("go 2h")
    term.send("end")
    end = term.expect(r"the exercise ends at (T\+\d\d:\d\d): what fell due after it is not scored").group(1)
    term.expect(r"== end of exercise: \d+/100")
    assert term.close() == 0
    store = SessionStore(tmp_path / "s.db")
    record = store.record(1)
    hours, minutes = map(int, end[2:].split(":"))
    stop = hours + minutes / 60
    assert 18.0 <= stop < 20.0  # where `end` was typed, not the scenario's end at T+60
    verdicts = score(record).verdicts
    assert verdicts and all(v.due_from <= stop + 1 / 60 for v in verdicts)  # nothing after the stop is scored
    assert max(record.deliveries.values()) <= stop + 1 / 60
    taken = [a for a in store.actions(1) if a.rationale == "the river is rising"]
    assert [a.action["action"] for a in taken] == ["order_evacuation", "order_evacuation", "raise_response"]


def test_the_coastal_terminal_status_menu_decision_and_end(tmp_path):
    term = Terminal("exercise", COASTAL, "--db", tmp_path / "s.db", "--lang", "en")
    term.expect(r"commander\]> ")
    term.send("status")
    term.expect(r"Haibin community centre · closed · 0/1,300")
    term.expect(r"depots:\n  No\. 2 Middle School staging area · drinking water 150,000 L.* · trucks 3: 0 out, 0 loads waiting")
    term.send("as 5")  # a role by its number
    term.send("menu")
    term.expect(r"other actions:")  # the roads crew sees its whole list: every road of the street
    term.expect(r"\n +1\. close road Seafront road \(R01\)")
    term.expect(r"\n +46\. close road ")
    term.send("as Street emergency commander")  # or its name
    for _n in range(5):
        term.send("next")
    term.expect(r"DECISION D1: ")
    term.expect(r"options of D1 \(take several at once: 1 2 3\):")
    term.expect(r"\n +(\d+)\. open Haibin community centre \(S01\)")
    term.expect(r"\n +(\d+)\. open Beiyuan middle school hall \(S16\)")  # every shelter of the scenario
    term.send("as shelter_manager")
    term.send("menu")
    term.expect(r"options of D1")
    first = term.expect(r"\n +(\d+)\. open Haibin community centre \(S01\)").group(1)
    second = term.expect(r"\n +(\d+)\. open Yugang fishermen's hall \(S02\)").group(1)
    term.send(f"{first},{second}")  # commas work as well as spaces
    term.expect(r"ok T\+22:29 Shelter managers: open Haibin community centre \(S01\)")
    term.expect(r"ok T\+22:29 Shelter managers: open Yugang fishermen's hall \(S02\)")
    term.send("as logistics")
    term.send("menu")
    term.expect(r"due now, as the plan expects of Logistics officer")
    term.expect(r"send bedding [\d,]+ set from .* to Haibin community centre \(S01\) — the reorder rule, due by T\+23:29")
    term.send("status")
    term.expect(r"Haibin community centre · opening")
    term.send("end")
    term.expect(r"the exercise ends at T\+22:29")
    term.expect(r"== end of exercise")
    assert term.close() == 0

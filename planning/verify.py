"""What a check of stocks on fresh runs shows, and when it shows enough.

A recommendation *meets* the asked probability p only when the lower end of the 95 %
Wilson interval of its verified share reaches p: 38 of 40 runs (95 %, interval 83-99 %) do
not show 95 %; 73 of 73 do (interval 95.0-100 %). When the interval still holds p
(``undecided``), ``runs_to_settle`` says how many more fresh runs would settle it, if the
share stayed as it is: enough to lift the lower end to p, or to bring the upper end below it.
"""
import math
from dataclasses import dataclass

from .joint import wilson

MAX_SETTLE = 5000
"""Most further runs ``runs_to_settle`` looks for (beyond: it says so)."""


@dataclass(frozen=True)
class Verification:
    """A check of stocks on runs: in how many the stock held (``passed``; hold-out: every
    shelter's hold-out draw fitted), the 95 % Wilson interval, and how many passed the
    whole relief verdict. ``first_replication`` is the first replication number used; the
    runs are consecutive."""

    passed: int
    runs: int
    first_replication: int
    verdict_passed: int | None = None  # runs whose whole relief verdict passed (None: not asked)
    verdict_judged: int | None = None  # runs with anyone needing relief (None: all of them)

    @property
    def judged(self):
        """Runs whose relief verdict had someone to judge (a run where nobody needed relief is
        NOTHING_TO_JUDGE: neither passed nor failed)."""
        return self.runs if self.verdict_judged is None else self.verdict_judged

    @property
    def verdict_p(self):
        """Share of the judged runs whose whole relief verdict passed; None if not asked or none judged."""
        return None if self.verdict_passed is None or not self.judged else self.verdict_passed / self.judged

    @property
    def p(self):
        return self.passed / self.runs if self.runs else math.nan

    @property
    def interval(self):
        return wilson(self.passed, self.runs)

    @property
    def last_replication(self):
        return self.first_replication + self.runs - 1

    def meets(self, confidence):
        """Does the interval's lower end reach *confidence*?"""
        return self.runs > 0 and self.interval[0] >= confidence - 1e-9

    def falls_short(self, confidence):
        """Does the interval's upper end stay below *confidence*?"""
        return self.runs > 0 and self.interval[1] < confidence - 1e-9

    def decided(self, confidence):
        return self.meets(confidence) or self.falls_short(confidence)

    def joined(self, more):
        """This check and *more* (the next consecutive runs of the same stocks) as one."""
        verdict = None if self.verdict_passed is None or more.verdict_passed is None else \
            self.verdict_passed + more.verdict_passed
        judged = None if self.verdict_judged is None and more.verdict_judged is None else self.judged + more.judged
        return Verification(self.passed + more.passed, self.runs + more.runs, self.first_replication, verdict, judged)


def runs_to_settle(check, confidence):
    """Further fresh runs that would settle *check* against *confidence* if its share stayed
    as it is (0 when it is settled; None when more than MAX_SETTLE, or when the share sits
    exactly at *confidence* and no number of runs would settle it)."""
    if check.decided(confidence):
        return 0
    share = check.p if check.runs else 1.0
    if abs(share - confidence) < 1e-12:
        return None
    lo, hi = 0, MAX_SETTLE
    if not _settles(check, share, hi, confidence):
        return None
    while hi - lo > 1:  # the settled side only grows with more runs at the same share
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if _settles(check, share, mid, confidence) else (mid, hi)
    return hi


def _settles(check, share, more, confidence):
    runs = check.runs + more
    passed = check.passed + (math.floor(share * more + 1e-9) if share > confidence else math.ceil(share * more - 1e-9))
    low, high = wilson(passed, runs)
    return low >= confidence - 1e-9 or high < confidence - 1e-9


def runs_to_meet(confidence):
    """The fewest runs, all holding, whose interval's lower end reaches *confidence*."""
    n = 1
    while wilson(n, n)[0] < confidence - 1e-9:
        n += 1
    return n

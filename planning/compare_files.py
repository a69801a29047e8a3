"""Files of ``stormdrill compare``: every run, the differences, and the charts.

* ``compare.csv``: one row per variant and replication (variant, replication, seed, KPIs);
* ``differences.csv``: one row per variant and KPI (baseline, variant, difference, 95 %
  interval, runs paired, reading);
* ``compare.png``: the differences chart; ``tornado.csv`` and ``tornado.png``: the levers.

Each is written all at once by the safe writer (sim.outfile): never half a file, never through
a planted link.
"""
import os

from sim import cells
from sim.outfile import replacing

from . import charts, compare_charts
from .compare import value


def _atomic(path, write, binary=False):
    with replacing(path, binary=binary, **({} if binary else {"newline": ""})) as fh:
        write(fh)
    return path


def _csv(path, columns, rows):
    def write(fh):
        writer = cells.dict_writer(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return _atomic(path, write)


def _png(path, fig):
    data = charts.png(fig)
    return _atomic(path, lambda fh: fh.write(data), binary=True)


def write_comparison(result, folder, lang=None):
    """compare.csv, differences.csv and compare.png in *folder*; returns the paths."""
    runs = []
    for v in result.variants:
        for row in result.rows[v.name]:
            runs.append({"variant": v.name, "replication": row["replication"], "seed": row["seed"],
                         **{k: value(row, k) for k in result.kpis}})
    diffs = [{"variant": d.variant, "kpi": d.kpi, "baseline": d.base, "value": d.value, "difference": d.diff,
              "low": d.low, "high": d.high, "runs": d.runs, "reading": d.verdict} for d in result.differences]
    return [_csv(os.path.join(folder, "compare.csv"), ["variant", "replication", "seed", *result.kpis], runs),
            _csv(os.path.join(folder, "differences.csv"), list(diffs[0]) if diffs else ["variant"], diffs),
            _png(os.path.join(folder, "compare.png"), compare_charts.difference_chart(result, lang))]


def write_tornado(bars, folder, lang=None):
    """tornado.csv and tornado.png in *folder*; returns the paths."""
    rows = [{"lever": b.lever.key, "kpi": b.kpi, "low_setting": b.lever.low, "high_setting": b.lever.high,
             "low_difference": b.low.diff, "low_low": b.low.low, "low_high": b.low.high,
             "high_difference": b.high.diff, "high_low": b.high.low, "high_high": b.high.high, "swing": b.swing}
            for b in bars]
    return [_csv(os.path.join(folder, "tornado.csv"), list(rows[0]), rows),
            _png(os.path.join(folder, "tornado.png"), compare_charts.tornado_chart(bars, lang))]

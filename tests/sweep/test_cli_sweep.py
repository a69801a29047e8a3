"""``stormdrill sweep`` from the command line: tables, files, and mistakes reported plainly."""
import csv

import pytest

from stormdrill.cli import main
from sweep_builders import TUTORIAL

BASE = ["sweep", str(TUTORIAL), "--vary", "shelters.S1.stock.water_l=0,1500", "--reps", "2", "--workers", "1",
        "--quiet"]


def _csv(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_sweep_prints_the_summary_and_writes_runs_and_summary(tmp_path, capsys):
    out = tmp_path / "water.csv"
    assert main(BASE + ["--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "S1.stock.water_l=0" in printed and "S1.stock.water_l=1500" in printed
    assert "relief_target_met" in printed and "95 % CI" in printed
    rows = _csv(out)
    assert [(r["shelters.S1.stock.water_l"], r["replication"]) for r in rows] == [
        ("0", "0"), ("0", "1"), ("1500", "0"), ("1500", "1")]
    summary = _csv(tmp_path / "water.summary.csv")
    assert len(summary) == 2 and "relief_target_met_p" in summary[0] and summary[0]["replications"] == "2"
    assert (tmp_path / "water.runs.jsonl").exists()


def test_sweep_refuses_to_overwrite_and_says_how_not_to(tmp_path, capsys):
    out = tmp_path / "water.csv"
    out.write_text("mine\n", encoding="utf-8")
    assert main(BASE + ["--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine\n"


def test_sweep_writes_parquet(tmp_path):
    pd = pytest.importorskip("pandas", reason="pandas is not installed")
    pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install 'stormdrill[parquet]')")
    out = tmp_path / "water.parquet"
    assert main(BASE + ["--out", str(out)]) == 0
    frame = pd.read_parquet(out)
    assert len(frame) == 4 and frame["relief_target_met"].dtype == bool


@pytest.mark.parametrize("args, message", [
    (["--vary", "shelters.S1.stock.water_l"], "PATH=V1,V2"),
    (["--vary", "shelters.S9.stock.water_l=1,2"], "no item with id 'S9'"),
    (["--vary", "shelters.S1.capacity=-5"], "greater than 0"),
    (["--out", "runs.xlsx"], ".csv or .parquet"),
    (["--kpi", "happiness"], "unknown KPI happiness"),
    (["--set", "shelters.S9.capacity=3"], "no item with id 'S9'"),
])
def test_mistakes_are_reported_in_one_line_with_exit_code_2(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(["sweep", str(TUTORIAL), "--reps", "1", "--workers", "1", "--quiet"] + args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # nothing left behind


def test_bad_counts_are_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["sweep", str(TUTORIAL), "--reps", "0"])
    assert exc.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_scheduler_address_runs_the_sweep_on_that_cluster(tmp_path):
    """A Dask cluster on loopback, reached by its tcp:// address: the same rows as one worker here."""
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed "
                                                            "(pip install 'stormdrill[cluster]')")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        assert main(BASE + ["--scheduler", cluster.scheduler_address, "--out", str(tmp_path / "dask.csv")]) == 0
    assert main(BASE + ["--out", str(tmp_path / "here.csv")]) == 0
    assert _csv(tmp_path / "dask.csv") == _csv(tmp_path / "here.csv")


def test_set_changes_every_grid_point_and_the_table_shows_paired_differences(tmp_path, capsys):
    """--set public_share=0.6 at every point: more people need relief than at the scenario's
    35 %; the second point's column gives its paired difference from the first."""
    args = ["sweep", str(TUTORIAL), "--vary", "behaviour.compliance=0.6,0.95", "--reps", "3", "--workers", "1",
            "--quiet", "--kpi", "people_needing_relief"]
    assert main(args + ["--out", str(tmp_path / "a.csv")]) == 0
    assert main(args + ["--set", "behaviour.public_share=0.6", "--out", str(tmp_path / "b.csv")]) == 0
    printed = capsys.readouterr().out
    assert "Paired differences from the first grid point" in printed
    plain, more = _csv(tmp_path / "a.csv"), _csv(tmp_path / "b.csv")
    assert all(int(m["people_needing_relief"]) > int(p["people_needing_relief"]) for p, m in zip(plain, more))

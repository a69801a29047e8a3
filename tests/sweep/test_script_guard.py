"""A sweep script without ``if __name__ == "__main__":`` stops at once and says what to add.

Real scripts, run by a real Python in a subprocess, with real worker processes.
"""
import subprocess
import sys
import textwrap

SWEEP = ('sim.sweep(sim.load_scenario(sim.builtin_path()), vary={"behaviour.compliance": [0.6, 0.85]}, '
         'replications=1, workers={workers}, progress=False, store="runs.jsonl")')


def _script(tmp_path, body, workers=2):
    path = tmp_path / "my_sweep.py"
    path.write_text("import sim\n" + textwrap.dedent(body).lstrip("\n").replace("SWEEP", SWEEP.replace("{workers}", str(workers))),
                    encoding="utf-8")
    return subprocess.run([sys.executable, str(path)], capture_output=True, text=True, cwd=tmp_path, timeout=120)


def test_an_unguarded_script_stops_before_any_worker_with_one_sentence(tmp_path):
    out = _script(tmp_path, """
        result = SWEEP
        print("finished")
    """)
    assert out.returncode == 1 and "finished" not in out.stdout
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("sim.script_guard.UnguardedScript: ") and "my_sweep.py:2:" in last
    assert 'if __name__ == "__main__":' in last
    assert "BrokenProcessPool" not in out.stderr and "bootstrapping" not in out.stderr
    assert not (tmp_path / "runs.jsonl").exists()  # nothing to refuse when the fixed script runs


def test_a_function_called_from_the_top_level_is_unguarded_too(tmp_path):
    out = _script(tmp_path, """
        def main():
            return SWEEP

        main()
    """)
    assert out.returncode == 1 and "my_sweep.py:5:" in out.stderr and "UnguardedScript" in out.stderr


def test_the_guarded_script_runs_its_sweep_in_workers(tmp_path):
    out = _script(tmp_path, """
        def main():
            print(len(SWEEP.rows), "rows")

        if __name__ == "__main__":
            main()
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "2 rows"


def test_one_worker_starts_no_process_so_no_guard_is_needed(tmp_path):
    out = _script(tmp_path, """
        print(len(SWEEP.rows), "rows")
    """, workers=1)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "2 rows"


def test_a_script_read_from_standard_input_is_refused_before_any_worker(tmp_path):
    """``python - < my_sweep.py`` (or a here-document): workers would have to read the script
    again and cannot; one sentence instead of BrokenProcessPool."""
    body = "import sim\nif __name__ == '__main__':\n    " + SWEEP.replace("{workers}", "2") + "\n    print('finished')\n"
    out = subprocess.run([sys.executable, "-"], input=body, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert out.returncode == 1 and "finished" not in out.stdout
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("sim.script_guard.UnguardedScript: <stdin>:") and "save it to a file" in last
    assert "BrokenProcessPool" not in out.stderr

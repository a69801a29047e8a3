"""Every output is written all at once and never through a planted link (sim.outfile): a
symbolic link planted where a temporary used to go (``NAME.tmp``) or at the target leaves
the file it points to untouched; a full disk, a read-only file system and a folder the user
may not write end in one sentence naming the file, with no temporary left behind. The disk
and the file system are real: a tmpfs mounted in a mount namespace of the test's own."""
import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import sim
from sim import outfile
from sim.outfile import OutputError, replacing, write_text
from stormdrill.cli import main
from training.handouts import FILES as HANDOUTS

ROOT = Path(__file__).resolve().parents[1]
VILLAGE = ROOT / "scenarios" / "tutorial_village"
PRECIOUS = "a file the user cares about\n"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("STORMDRILL_LANG", "en")


@pytest.fixture
def victim(tmp_path):
    path = tmp_path / "victim.txt"
    path.write_text(PRECIOUS, encoding="utf-8")
    return path


def plant(folder, names, victim):
    """A symbolic link to *victim* at ``NAME.tmp`` for each name: where writers used to put their temporary."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.tmp").symlink_to(victim)


def left_over(folder):
    """Temporaries in *folder* that are not the links the test planted."""
    return [p.name for p in Path(folder).rglob("*") if p.name.endswith(".tmp") and not p.is_symlink()]


# -- the writer itself ---------------------------------------------------------------------
def test_a_link_planted_at_the_temporary_name_is_never_followed(tmp_path, victim, monkeypatch):
    names = iter(["planted", "fresh"])
    monkeypatch.setattr(outfile.secrets, "token_hex", lambda n: next(names))
    (tmp_path / ".out.txt.planted.tmp").symlink_to(victim)
    write_text(tmp_path / "out.txt", "new\n")
    assert victim.read_text(encoding="utf-8") == PRECIOUS
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "new\n"
    assert left_over(tmp_path) == []


def test_a_link_at_the_target_is_replaced_not_followed(tmp_path, victim):
    (tmp_path / "out.txt").symlink_to(victim)
    write_text(tmp_path / "out.txt", "new\n")
    assert victim.read_text(encoding="utf-8") == PRECIOUS
    assert not (tmp_path / "out.txt").is_symlink() and (tmp_path / "out.txt").read_text(encoding="utf-8") == "new\n"


@pytest.mark.parametrize("call, code, said", [
    ("fsync", errno.ENOSPC, "the disk is full"),
    ("fsync", errno.EDQUOT, "the disk is full"),
    ("replace", errno.EROFS, "the file system is read-only"),
    ("open", errno.EACCES, "no permission to write in the folder"),
])
def test_a_refused_write_keeps_the_old_file_leaves_no_temporary_and_says_why_in_one_sentence(
        tmp_path, monkeypatch, call, code, said):
    target = tmp_path / "kpis.json"
    target.write_text("old\n", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(outfile.os, call, refuse)
    with pytest.raises(OutputError) as refused:
        write_text(target, "new\n")
    monkeypatch.undo()
    assert str(refused.value).startswith(f"{target}: cannot write: {said}") and "\n" not in str(refused.value)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kpis.json"]


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "runs.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with replacing(target) as fh:
            fh.write("half a ")
            raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs.csv"]


def test_a_new_file_gets_the_usual_permissions_and_a_replaced_one_keeps_its_own(tmp_path):
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "new.txt", "x")
        (tmp_path / "mine.txt").write_text("x")
        os.chmod(tmp_path / "mine.txt", 0o600)
        write_text(tmp_path / "mine.txt", "y")
        write_text(tmp_path / "secret.json", "{}", mode=0o600)
        (tmp_path / "was-open.json").write_text("{}")
        write_text(tmp_path / "was-open.json", "{}", mode=0o600)  # a secret replacing a file anyone could read
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert modes == {"new.txt": 0o644, "mine.txt": 0o600, "secret.json": 0o600, "was-open.json": 0o600}


# -- every command that writes ----------------------------------------------------------------
def _session_db(tmp_path):
    from training import load_exercise
    from training.session import Session
    from training.store import SessionStore

    store = SessionStore(tmp_path / "s.db")
    session = Session.start(store, load_exercise(VILLAGE / "exercise.yaml"))
    session.finish()
    store.close()
    return tmp_path / "s.db"


def _msel(tmp_path):
    from training import load_exercise
    from training.msel_sheet import write_msel

    return write_msel(load_exercise(VILLAGE / "exercise.yaml").spec, tmp_path / "in.csv", lang="en")


COMMANDS = {  # name: (arguments given the output folder, the files written there)
    "run": (lambda out, tmp: ["run", "--builtin", "--quiet", "--out", out],
            ("kpis.json", "verdict.json", "shelters.csv", "zones.csv", "series.csv", "events.jsonl")),
    "sweep": (lambda out, tmp: ["sweep", str(VILLAGE / "scenario.yaml"), "--reps", "2", "--workers", "1", "--quiet",
                                "--out", str(Path(out) / "runs.csv")], ("runs.csv", "runs.summary.csv")),
    "report": (lambda out, tmp: ["report", "1", "--db", str(_session_db(tmp)), "-o", str(Path(out) / "aar.html")],
               ("aar.html", "aar.md")),
    "salvage": (lambda out, tmp: ["salvage", "1", "--db", str(_session_db(tmp)), "-o", str(Path(out) / "s.jsonl")],
                ("s.jsonl",)),
    "handouts": (lambda out, tmp: ["handouts", str(VILLAGE / "exercise.yaml"), "-o", out], HANDOUTS),
    "export": (lambda out, tmp: ["exercise", "export", str(VILLAGE / "exercise.yaml"), "--lang", "en", "-o",
                                 str(Path(out) / "msel.xlsx")], ("msel.xlsx",)),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_links_planted_at_every_temporary_name_leave_their_target_untouched(command, tmp_path, victim, capsys):
    args, files = COMMANDS[command]
    out = tmp_path / "out"
    plant(out, files, victim)
    assert main(args(str(out), tmp_path)) == 0, capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == PRECIOUS
    assert all((out / f).is_file() and not (out / f).is_symlink() for f in files)
    assert left_over(tmp_path) == []


def test_stock_outputs_never_follow_a_planted_link(tmp_path, victim, capsys):
    out = tmp_path / "out"
    files = ("stock.csv", "stock.html", "purchase.xlsx", "shelters.geojson")
    plant(out, files, victim)
    assert main(["stock", str(VILLAGE / "scenario.yaml"), "--reps", "4", "--verify-reps", "4", "--workers", "1",
                 "--quiet", "--lang", "en", "--out", str(out)]) == 0, capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == PRECIOUS and left_over(tmp_path) == []
    assert json.loads((out / "shelters.geojson").read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_the_imported_exercise_and_scenario_never_follow_a_planted_link(tmp_path, victim, capsys):
    folder = tmp_path / "village"
    shutil.copytree(VILLAGE, folder)
    msel = _msel(tmp_path)
    plant(folder, ["imported.yaml"], victim)
    assert main(["exercise", "import", str(msel), "--base", str(folder / "exercise.yaml"),
                 "-o", str(folder / "imported.yaml")]) == 0, capsys.readouterr().err
    examples = ROOT / "scenarios" / "examples" / "import"
    plant(tmp_path, ["scenario.yaml"], victim)
    assert main(["import", str(examples / "shelters.csv"), "--zones", str(examples / "zones.csv"),
                 "-o", str(tmp_path / "scenario.yaml")]) == 0, capsys.readouterr().err
    assert sim.load_scenario(tmp_path / "scenario.yaml").population == 8200
    assert victim.read_text(encoding="utf-8") == PRECIOUS and left_over(tmp_path) == []


def test_a_link_planted_at_the_target_itself_is_replaced_with_force(tmp_path, victim, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "kpis.json").symlink_to(victim)
    assert main(["run", "--builtin", "--quiet", "--out", str(out)]) == 2  # would overwrite: refused first
    assert main(["run", "--builtin", "--quiet", "--out", str(out), "--force"]) == 0
    assert victim.read_text(encoding="utf-8") == PRECIOUS and not (out / "kpis.json").is_symlink()


# -- real full disks, read-only file systems and closed folders ------------------------------
def _can_mount():
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


MOUNTS = pytest.mark.skipif(not _can_mount(), reason="needs a mount namespace (unshare -rm) to mount a tmpfs")
IN_MOUNT = """mount -t tmpfs -o "$1" tmpfs "$2" || exit 99
mnt=$2; list=$3; shift 3
"$@"; code=$?
find "$mnt" -mindepth 1 > "$list"
exit $code
"""


def on_tmpfs(tmp_path, options, args):
    """Run ``stormdrill *args*`` with a tmpfs (mount *options*) at tmp_path/mnt, in a mount
    namespace of its own; (exit code, stderr, what is left on the tmpfs)."""
    mnt, listing = tmp_path / "mnt", tmp_path / "listing.txt"
    mnt.mkdir(exist_ok=True)
    args = [str(a).replace("MNT", str(mnt)) for a in args]
    out = subprocess.run(["unshare", "-rm", "sh", "-c", IN_MOUNT, "sh", options, str(mnt), str(listing),
                          sys.executable, "-m", "stormdrill.cli", *args], capture_output=True, text=True, cwd=ROOT,
                         timeout=300, env=dict(os.environ, STORMDRILL_LANG="en", MPLCONFIGDIR=str(tmp_path)))
    assert out.returncode != 99, "the tmpfs could not be mounted"
    left = [Path(line).relative_to(mnt).as_posix() for line in listing.read_text().splitlines()]
    return out.returncode, out.stderr, left


WRITERS = {  # command: (arguments, the path its message names)
    "run": (["run", "--builtin", "--quiet", "--out", "MNT/o"], "MNT/o"),
    "sweep": (["sweep", VILLAGE / "scenario.yaml", "--reps", "60", "--workers", "1", "--quiet", "--out", "MNT/r.csv"],
              "MNT"),
    "stock": (["stock", VILLAGE / "scenario.yaml", "--reps", "4", "--verify-reps", "4", "--workers", "1", "--quiet",
               "--out", "MNT/st"], "MNT/st"),
}


@MOUNTS
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_read_only_file_system_is_said_in_one_line_before_any_work(command, tmp_path):
    args, named = WRITERS[command]
    code, err, left = on_tmpfs(tmp_path, "ro,size=1m", args)
    named = named.replace("MNT", str(tmp_path / "mnt"))
    assert (code, err) == (2, f"stormdrill: {named}: cannot write: the file system is read-only\n")
    assert left == []


@MOUNTS
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_full_disk_is_said_in_one_line_and_leaves_no_temporary(command, tmp_path):
    args, _ = WRITERS[command]
    code, err, left = on_tmpfs(tmp_path, "size=8k", args)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert ": cannot write: the disk is full (free some space or choose another place)" in err
    assert not [name for name in left if name.endswith(".tmp")], left


@MOUNTS
def test_a_report_into_a_full_or_read_only_folder_is_one_line(tmp_path):
    db = _session_db(tmp_path)
    code, err, left = on_tmpfs(tmp_path, "ro,size=1m", ["report", "1", "--db", db, "-o", "MNT/aar"])
    assert (code, err) == (2, f"stormdrill: {tmp_path / 'mnt' / 'aar'}: cannot write: the file system is read-only\n")
    code, err, left = on_tmpfs(tmp_path, "size=4k", ["report", "1", "--db", db, "-o", "MNT/aar"])
    assert code == 2 and err.count("\n") == 1 and "the disk is full" in err and "aar-session1-en.html" in err, err
    assert not [name for name in left if name.endswith(".tmp")]


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"), reason="root ignores file modes; needs setpriv")
def test_a_folder_the_user_may_not_write_is_said_in_one_line(tmp_path):
    top = Path(tempfile.mkdtemp())  # pytest's own folders are closed to other users
    try:
        closed = top / "closed"
        closed.mkdir()
        os.chmod(closed, 0o555)
        os.chmod(top, 0o777)
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
        out = subprocess.run([*prefix, sys.executable, "-m", "stormdrill.cli", "run", "--builtin", "--quiet",
                              "--out", str(closed / "o")], capture_output=True, text=True, cwd=ROOT, timeout=120,
                             env=dict(os.environ, STORMDRILL_LANG="en", MPLCONFIGDIR=str(top)))
        assert (out.returncode, out.stderr) == (
            2, f"stormdrill: {closed / 'o'}: cannot write: no permission to write in the folder {closed}\n")
        assert list(closed.iterdir()) == []
    finally:
        os.chmod(closed, 0o755)
        shutil.rmtree(top)


def test_the_library_raises_output_error_naming_the_file(tmp_path, monkeypatch):
    result = sim.run(sim.builtin_scenario(), seed=0)
    monkeypatch.setattr(outfile.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with pytest.raises(OutputError, match=r"shelters\.csv: cannot write: the disk is full"):
        result.shelters.to_csv(tmp_path / "shelters.csv")
    assert list(tmp_path.iterdir()) == []

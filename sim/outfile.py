"""Files written for a user: all or nothing, and never through a planted link.

Every result, table, report and export is written the same way: into a temporary file that
this process creates itself, exclusively (``O_CREAT | O_EXCL | O_NOFOLLOW``, under a random
name) in the target's own folder; flushed to the disk (``fsync``); then renamed over the
target in one step (``os.replace``). A symbolic link planted where a temporary might go is
never followed, a reader never sees half a file, and on any failure — a full disk, a
read-only file system, a folder the user may not write, Ctrl-C — the temporary is removed
and the old file, if any, is left as it was. What went wrong is one sentence that names
the file (:class:`OutputError`)::

    with replacing("runs.csv", newline="") as fh:
        csv.writer(fh).writerows(rows)
    write_text("kpis.json", text)
"""
import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from messages import texts

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)
NAME_ROOM = 200
"""Characters of the target's name kept in the temporary's name (a file name holds 255 bytes)."""


class OutputError(Exception):
    """A file could not be written; ``str()`` is one sentence naming it and saying why.
    Nothing was left behind: no temporary, and the file's old content, if any, unchanged."""


def why(path, exc, lang=None, folder=None):
    """One sentence saying why *path* could not be written, from the OSError *exc*; *folder*:
    the folder to name when permission is missing (default: *path*'s own)."""
    _ = texts(lang)
    code, folder = exc.errno, folder if folder is not None else _folder(path)
    if code == errno.EROFS:
        return _("{path}: cannot write: the file system is read-only", path=path)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return _("{path}: cannot write: the disk is full (free some space or choose another place)", path=path)
    if code in (errno.EACCES, errno.EPERM):
        return _("{path}: cannot write: no permission to write in the folder {folder}", path=path, folder=folder)
    if code == errno.ENOENT:
        return _("{path}: cannot write: the folder {folder} does not exist", path=path, folder=folder)
    if code == errno.EISDIR:
        return _("{path}: cannot write: it is a folder, not a file", path=path)
    if code == errno.ENOTDIR:
        return _("{path}: cannot write: a part of its path is not a folder", path=path)
    if code == errno.ELOOP:
        return _("{path}: cannot write: its symbolic links form a loop", path=path)
    return _("{path}: cannot write: {reason}", path=path, reason=exc.strerror or exc)


def _folder(path):
    return Path(path).parent if str(Path(path).parent) else Path(".")


def cannot_write_in(folder, lang=None):
    """Why nothing can be written in *folder* (or, if it does not exist yet, in the nearest
    folder above it, where it would be made), in one sentence; None if writing is allowed.
    A check before long work: the write itself still reports a disk that fills meanwhile."""
    folder = Path(folder)
    probe = folder
    while not os.path.lexists(probe) and probe.parent != probe:
        probe = probe.parent
    if not probe.is_dir():
        return None  # a file or a broken link in the way: the write says so
    try:
        read_only = bool(os.statvfs(probe).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows)
        read_only = False
    if read_only:
        return why(folder, OSError(errno.EROFS, os.strerror(errno.EROFS)), lang)
    if not os.access(probe, os.W_OK | os.X_OK):
        return why(folder, OSError(errno.EACCES, os.strerror(errno.EACCES)), lang, folder=probe)
    return None


def make_folder(folder, lang=None):
    """Create *folder* (and its parents) if missing; OutputError saying why it cannot be."""
    folder, _ = Path(folder), texts(lang)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(_("{path}: cannot write into it: it is not a folder", path=folder)) from None
    except OSError as exc:
        raise OutputError(why(folder, exc, lang)) from None
    return folder


def _create(path, mode):
    """(fd, name) of a new, empty temporary in *path*'s folder, created by this process alone."""
    folder, stem = _folder(path), path.name[:NAME_ROOM]
    for _ in range(100):
        tmp = folder / f".{stem}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC, mode), tmp
        except FileExistsError:  # someone's file (or a planted link) has this name: draw another
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def _set_mode(fd, path, mode):
    """Give the new file *mode* if one is asked for; else the mode of the regular file it
    replaces, if there is one (a new file has the usual 0o666 less the umask)."""
    if mode is not None:
        os.fchmod(fd, mode)
        return
    try:
        old = os.stat(path)
    except OSError:
        return
    if stat.S_ISREG(old.st_mode):
        os.fchmod(fd, stat.S_IMODE(old.st_mode))


@contextlib.contextmanager
def replacing(path, binary=False, encoding="utf-8", newline=None, mode=None, check=None, lang=None):
    """Write a new *path*: yield an open file (text, or bytes if *binary*) on a temporary
    beside it; when the block ends, flush it to the disk and rename it over *path*.
    *mode*: the file's permissions, exactly (``0o600``: the owner's only, for a secret);
    None: those of the file replaced, or for a new file 0o666 less the umask.
    *check*: called with the temporary's path before the rename (to load what was written);
    whatever it raises stops the write. Raises OutputError naming *path* when the disk, the
    file system or the folder refuses; the temporary is removed on every failure."""
    path = Path(path)
    tmp = None
    try:
        fd, tmp = _create(path, 0o600 if mode is not None else 0o666)
        _set_mode(fd, path, mode)
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else encoding,
                       newline=None if binary else newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if check is not None:
            check(tmp)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(why(path, exc, lang)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _sync_folder(path)


def _sync_folder(path):
    """Push the rename itself to the disk (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(_folder(path), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_text(path, text, encoding="utf-8", newline=None, mode=None, lang=None):
    """Write *text* to *path* all at once (see :func:`replacing`)."""
    with replacing(path, encoding=encoding, newline=newline, mode=mode, lang=lang) as fh:
        fh.write(text)
    return Path(path)


def write_bytes(path, data, mode=None, lang=None):
    """Write *data* to *path* all at once (see :func:`replacing`)."""
    with replacing(path, binary=True, mode=mode, lang=lang) as fh:
        fh.write(data)
    return Path(path)

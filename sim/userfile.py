"""Files a user names: checked before anything opens them.

A user file is a *regular* file reached by a usable name: no NUL character, no loop of
symbolic links, not a folder, a device (``/dev/zero`` reads forever), a FIFO (opening one
waits for a writer that never comes) or a socket, and not larger than a cap. Every file
the command line reads — scenario, plan, exercise, MSEL workbook, registry — goes through
:func:`check_user_file`; YAML documents are read with :func:`read_user_bytes`, which opens
without blocking and reads at most the cap.
"""
import errno
import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Refuse user files larger than this (bytes): no scenario, plan, exercise or registry comes close."""


class UnusableFile(ValueError):
    """A file a user named cannot be read; ``str()`` says why in a few plain words."""


def check_user_file(path, limit=MAX_FILE_BYTES):
    """The :class:`os.stat_result` of *path* if it is a regular file of at most *limit* bytes;
    raise UnusableFile saying why not."""
    name = os.fspath(path)
    if "\x00" in str(name):
        raise UnusableFile("the file name contains a NUL character")
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise UnusableFile("file not found") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnusableFile("its symbolic links form a loop") from None
        raise UnusableFile(f"cannot read: {exc.strerror or exc}") from None
    return _regular(info, limit)


def _regular(info, limit):
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise UnusableFile("is a folder, not a file")
    if not stat.S_ISREG(mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise UnusableFile(f"is {kind}, not a regular file; only regular files are read")
    if info.st_size > limit:
        raise UnusableFile(f"file is {info.st_size:,} bytes; the limit is {limit:,}")
    return info


def read_user_bytes(path, limit=MAX_FILE_BYTES):
    """The bytes of the regular file *path* (at most *limit*); raise UnusableFile otherwise.
    Opens without blocking and checks the opened file again, so a file swapped for a FIFO or a
    device between the check and the read is refused too."""
    check_user_file(path, limit)
    try:
        fd = os.open(os.fspath(path), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnusableFile(f"cannot read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        _regular(os.fstat(fd), limit)
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise UnusableFile(f"file is more than {limit:,} bytes; the limit is {limit:,}")
    return data


def beside(base, name, what):
    """The file *name* (as written in the document at *base*) resolved against *base*'s folder:
    a regular file inside that folder. Raise UnusableFile saying why not; *what* names the
    document kind for the message ("scenario", "exercise")."""
    folder = Path(base).resolve().parent
    if "\x00" in name:
        raise UnusableFile("the file name contains a NUL character")
    try:
        target = (folder / name).resolve(strict=False)
    except RuntimeError:  # Python 3.11 reports a symbolic-link loop this way
        raise UnusableFile("its symbolic links form a loop") from None
    except (OSError, ValueError) as exc:
        raise UnusableFile(f"is not a usable file name ({exc})") from None
    if not target.is_relative_to(folder):
        raise UnusableFile(f"is outside the {what}'s folder")
    try:
        check_user_file(target)
    except UnusableFile as exc:
        if str(exc) == "file not found":
            raise UnusableFile(f"not found next to the {what}") from None
        raise
    return target

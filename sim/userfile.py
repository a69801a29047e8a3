"""Files a user names: checked before anything opens them.

A user file is a *regular* file reached by a usable name: no NUL character, no loop of
symbolic links, not a folder, a device (``/dev/zero`` reads forever), a FIFO (opening one
waits for a writer that never comes) or a socket, and not larger than a cap. Every file
the command line reads — scenario, plan, exercise, MSEL workbook, registry — goes through
:func:`check_user_file`; YAML documents are read with :func:`read_user_bytes`, which opens
without blocking and reads at most the cap. An .xlsx workbook (a zip of XML parts) is checked
by :func:`check_workbook` before openpyxl opens it: its parts counted and their unpacked sizes
summed from the archive's directory (Python's zipfile never unpacks more than a part declares),
and every XML part read once, streaming, refusing a DTD (``<!DOCTYPE``: entity expansion, the
"billion laughs") with defusedxml.
"""
import errno
import os
import stat
import zipfile
from pathlib import Path

from messages import texts

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Refuse user files larger than this (bytes): no scenario, plan, exercise or registry comes close."""
MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
"""Refuse .xlsx workbooks whose parts unpack to more than this (bytes), checked in the archive's
directory before anything is unpacked: an office's registry of 5,000 shelters unpacks to about
10 MB; a "zip bomb" of 3 MB unpacks to gigabytes."""
MAX_WORKBOOK_PARTS = 10_000
"""Refuse .xlsx workbooks of more parts (files in the archive) than this."""
XML_PARTS = (".xml", ".rels", ".vml")
"""The parts of a workbook read as XML, each checked for a DTD before openpyxl reads it."""


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


def check_workbook(path, unpacked=MAX_WORKBOOK_BYTES, parts=MAX_WORKBOOK_PARTS):
    """Raise UnusableFile unless *path* is a regular file holding a zip archive of at most *parts*
    parts that unpack to at most *unpacked* bytes in all, whose XML parts are well formed and
    declare no DTD. Nothing is unpacked beyond what the archive's directory declares."""
    check_user_file(path)
    _ = texts()
    try:
        with zipfile.ZipFile(path) as book:
            infos = book.infolist()
            if len(infos) > parts:
                raise UnusableFile(_("a workbook of {n:,} parts; the limit is {limit:,}", n=len(infos), limit=parts))
            total = sum(info.file_size for info in infos)
            if total > unpacked:
                raise UnusableFile(_("the workbook unpacks to {n:,} bytes; the limit is {limit:,} (a zip bomb?)",
                                     n=total, limit=unpacked))
            for info in infos:
                if info.filename.lower().endswith(XML_PARTS):
                    _check_xml(book, info, _)
    except UnusableFile:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise UnusableFile(_("not a readable .xlsx workbook ({error}); save it again from Excel as .xlsx or CSV UTF-8",
                             error=exc)) from None


def _check_xml(book, info, _):
    """Read the XML part *info* once, streaming, with defusedxml; UnusableFile if it declares a
    DTD or entities, or is not well formed."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, XMLParser

    class Nothing:  # keep no tree: the part is only checked
        def start(self, tag, attrib):
            pass

        def end(self, tag):
            pass

        def data(self, text):
            pass

        def close(self):
            return None

    parser = XMLParser(target=Nothing(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        with book.open(info) as fh:
            while chunk := fh.read(1 << 16):
                parser.feed(chunk)
        parser.close()
    except DefusedXmlException:
        raise UnusableFile(_("part {part} declares a DTD (<!DOCTYPE ...>), which no workbook needs; refused",
                             part=info.filename)) from None
    except ParseError as exc:
        raise UnusableFile(_("part {part} is not well-formed XML ({error})", part=info.filename, error=exc)) from None

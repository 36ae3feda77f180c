"""Reading text files as they arrive: UTF-8 (with or without BOM) or GB18030/GBK from Chinese Excel/WPS,
full-width digits and punctuation, thousands separators. Every conversion is reported as a notice. Only regular
files (or standard input, where allowed) are read, and never more than a limit."""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from ..plan.errors import Location, PlanError

MAX_BYTES = 5_000_000
DASHES = {"", "—", "——", "-", "–", "－", "―"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
#: C0 and C1 control characters (ESC, CSI U+009B, OSC U+009D: a terminal would obey them) and the bidirectional
#: overrides (U+202A-202E, U+2066-2069: they reorder what a reader sees); tab, line feed and carriage return pass
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: the names of standard input, where a reading takes it (Session.stdin)
STDIN = frozenset({"-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"})
_CHUNK = 1 << 16


@dataclass
class Session:
    """What one reading of a plan collects: problems (errors) and notices (conversions made)."""

    encoding: str | None = None
    problems: list[PlanError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: what was read but may not be what was meant (an unknown column): shown as warnings
    warnings: list[str] = field(default_factory=list)
    #: first cells of CSV rows skipped as unreadable, by file (so they are not also reported missing)
    skipped: dict[str, list[str]] = field(default_factory=dict)
    #: the plan ids read, each with where it is given (validate: plan ids must differ in one run)
    plans: dict[str, Location] = field(default_factory=dict)
    #: whether a path of standard input (:data:`STDIN`) reads it (an actuals file may be piped in)
    stdin: bool = False

    def fail(self, message: str, location: Location, code: str) -> None:
        self.problems.append(PlanError(message, location, code))

    def warn(self, path: Path, message: str) -> None:
        text = f"{path}: {message}"
        if text not in self.warnings:
            self.warnings.append(text)

    def note(self, path: Path, message: str) -> None:
        text = f"{path}: {message}"
        if text not in self.notices:
            self.notices.append(text)


def read_text(path: Path, session: Session | None = None, limit: int = MAX_BYTES) -> str:
    """Read a text file; raise :class:`PlanError` (with a code) when it cannot be used.

    ``limit`` is the largest size accepted, in bytes (plan files are small; a
    plans table holding thousands of plans is allowed more). Only a regular file
    is read, as :func:`os.stat` tells before it is opened (a FIFO, a device or a
    socket is never opened, so nothing blocks), or standard input (``-``,
    ``/dev/stdin``) once where the session takes it. At most ``limit`` + 1 bytes
    are read whatever the size the file reports, so a file growing while it is
    read, or one reporting size 0 (``/proc``), is refused as too large.
    """
    session = session or Session()
    data = _read_bytes(path, session, limit)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise PlanError("binary data (a NUL byte); expected a text file", Location(path, line), "binary-file")
    text = _decode(data, path, session)
    bad = _CONTROL.search(text)
    if bad:
        line = text[: bad.start()].count("\n") + 1
        raise PlanError(f"control character {bad.group()!r} in a text file", Location(path, line), "binary-file")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def file_status(path: Path) -> os.stat_result | None:
    """:func:`os.stat` of ``path``, None when nothing is there; another failure (a symbolic link loop, a name too
    long, no permission) as :class:`PlanError`."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise _os_problem(exc, path) from None


def _os_problem(exc: OSError, path: Path) -> PlanError:
    """An error of the operating system about ``path`` as one line with a code."""
    where = Location(path)
    if exc.errno == errno.ELOOP:
        return PlanError("symbolic link loop (the links lead back to themselves)", where, "symlink-loop")
    if exc.errno == errno.ENAMETOOLONG:
        return PlanError("file name too long", where, "name-too-long")
    if isinstance(exc, FileNotFoundError):
        return PlanError("file not found", where, "file-not-found")
    if isinstance(exc, NotADirectoryError):
        return PlanError("file not found (a part of its path is a file, not a directory)", where, "file-not-found")
    if isinstance(exc, PermissionError):
        return PlanError("permission denied", where, "permission-denied")
    return PlanError(f"cannot read file: {exc.strerror or exc}", where, "unreadable")


def _read_bytes(path: Path, session: Session, limit: int) -> bytes:
    """The bytes of a regular file, or of standard input where the session takes it, at most ``limit``."""
    try:
        if session.stdin and str(path) in STDIN:
            stdin = getattr(sys.stdin, "buffer", None)
            if stdin is None:
                raise PlanError("standard input is closed", Location(path), "unreadable")
            return _bounded(stdin, path, limit, 0)
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise PlanError("is a directory, expected a file", Location(path), "not-a-file")
        if not stat.S_ISREG(info.st_mode):
            raise PlanError(f"is {_kind(info.st_mode)}, expected a regular file", Location(path), "special-file")
        if info.st_size > limit:
            raise PlanError(f"file is {info.st_size:,} bytes; the limit is {limit:,}", Location(path),
                            "file-too-large")  # fmt: skip
        # O_NONBLOCK: should the path have become a FIFO since it was looked at, opening it does not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            opened = os.fstat(fd).st_mode
            if not stat.S_ISREG(opened):
                raise PlanError(f"is {_kind(opened)}, expected a regular file", Location(path), "special-file")
            return _bounded(handle, path, limit, info.st_size)
    except OSError as exc:
        raise _os_problem(exc, path) from None


def _bounded(handle: BinaryIO, path: Path, limit: int, size: int) -> bytes:
    """Read ``handle`` to its end, refusing it (``file-too-large``) once more than ``limit`` bytes arrive; ``size``
    (what the file reports) only sizes the first read."""
    parts: list[bytes] = []
    total, want = 0, min(size or _CHUNK, limit) + 1
    while total <= limit:
        chunk = handle.read(want)
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        total += len(chunk)
        want = min(_CHUNK, limit + 1 - total)
    raise PlanError(f"more than {limit:,} bytes were read; the limit is {limit:,}", Location(path), "file-too-large")


def _kind(mode: int) -> str:
    """What a file that is not a regular file or a directory is, in words."""
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _decode(data: bytes, path: Path, session: Session) -> str:
    """UTF-8 (a BOM allowed) first; otherwise the session's encoding, or GB18030 detected."""
    try:
        text = data.decode("utf-8-sig")
        if data.startswith(b"\xef\xbb\xbf"):
            session.note(path, "read as UTF-8 with a byte-order mark")
        return text
    except UnicodeDecodeError as exc:
        utf8_error = exc
    line = data[: utf8_error.start].count(b"\n") + 1
    if session.encoding:
        try:
            text = data.decode(session.encoding)
        except UnicodeDecodeError as exc:
            bad_line = data[: exc.start].count(b"\n") + 1
            raise PlanError(f"not UTF-8, and not {session.encoding} either (byte {exc.start})", Location(path, bad_line),
                            "encoding") from None  # fmt: skip
        except LookupError:
            raise PlanError(f"unknown encoding {session.encoding!r}", Location(path), "encoding") from None
        session.note(path, f"not UTF-8: read as {session.encoding}")
        return text.lstrip("\ufeff")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise PlanError(f"neither UTF-8 nor GB18030 (byte {utf8_error.start})", Location(path, line), "encoding",
                        hint="encoding") from None  # fmt: skip
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise PlanError("not valid UTF-8, and not Chinese text in GB18030 either", Location(path, line), "encoding",
                        hint="encoding")  # fmt: skip
    session.note(path, "not UTF-8: read as GB18030 (GBK), as saved by Chinese Excel/WPS")
    return text


def parse_number(cell: str, path: Path, line: int, column: str, session: Session) -> Decimal | None:
    """A printed number from a cell: full-width forms, thousands separators and % are accepted.

    A dash or an empty cell means "not stated" (None). Problems are raised as PlanError.
    """
    text = cell.strip()
    if text in DASHES:
        return None
    normal = unicodedata.normalize("NFKC", text).strip()
    if normal != text:
        session.note(path, f"line {line}: full-width characters read as {normal!r}")
    if normal in DASHES:
        return None
    if normal.endswith("%"):
        normal = normal[:-1].strip()
        session.note(path, f"{column}: percent signs dropped (the unit says what the number is), first on line {line}")
    if _THOUSANDS.match(normal):
        normal = normal.replace(",", "")
        session.note(path, f"line {line}: thousands separators removed ({text!r})")
    try:
        number = Decimal(normal)
    except InvalidOperation:
        raise PlanError(f"cannot read {cell!r} as a number", Location(path, line, field=column), "bad-number") from None
    if not number.is_finite():
        raise PlanError(f"{cell!r} is not a finite number", Location(path, line, field=column), "not-finite")
    if abs(number) > Decimal("1e15"):
        raise PlanError(f"{cell!r} is beyond the usable range (±1e+15)", Location(path, line, field=column),
                        "out-of-range")  # fmt: skip
    return number

"""Reading text files as they arrive: UTF-8 (with or without BOM), UTF-16/32 with a BOM, or GB18030/GBK from Chinese
Excel/WPS; full-width digits and punctuation, thousands separators. Every conversion is reported as a notice. Only
regular files (or standard input, where allowed) are read, and never more than a limit."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from ..plan.errors import Location, PlanError, character, shown

MAX_BYTES = 5_000_000
DASHES = {"", "—", "——", "-", "–", "－", "―"}
#: C0 and C1 control characters (ESC, CSI U+009B, OSC U+009D: a terminal would obey them) and the bidirectional
#: overrides (U+202A-202E, U+2066-2069: they reorder what a reader sees); tab, line feed and carriage return pass
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: the names of standard input, where a reading takes it (Session.stdin)
STDIN = frozenset({"-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"})
_CHUNK = 1 << 16
#: UTF-32 first: its little-endian mark begins with UTF-16's
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
              (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
_LONE = re.compile(r"(?<=[A-Za-z])[\u4e00-\u9fff](?=[A-Za-z])")
#: a non-ASCII character beside an ASCII letter (an accented letter inside a word)
_IN_WORD = re.compile(r"(?<=[A-Za-z])[^\x00-\x7f]|[^\x00-\x7f](?=[A-Za-z])")
#: a line that is all valid UTF-8 (no U+DC80-U+DCFF from surrogateescape) and holds a non-ASCII character
_UTF8_LINE = re.compile(r"^[\x00-\t\x0b-\x7f]*[^\x00-\x7f\udc80-\udcff][^\n\udc80-\udcff]*$", re.M)  # linear


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


def read_text(path: Path, session: Session | None = None, limit: int = MAX_BYTES, *, pages: bool = False) -> str:
    """Read a text file; raise :class:`PlanError` (with a code) when it cannot be used.

    ``limit`` is the largest size accepted, in bytes (plan files are small; a
    plans table holding thousands of plans is allowed more). Only a regular file
    is read, as :func:`os.stat` tells before it is opened (a FIFO, a device or a
    socket is never opened, so nothing blocks), or standard input (``-``,
    ``/dev/stdin``) once where the session takes it. With ``pages``, a form feed (the page break of a text
    extracted from a PDF) is read as a line break. At most ``limit`` + 1 bytes
    are read whatever the size the file reports, so a file growing while it is
    read, or one reporting size 0 (``/proc``), is refused as too large.
    """
    session = session or Session()
    text = _decode(_read_bytes(path, session, limit), path, session)
    if pages:  # a text extracted from a PDF (pdftotext) ends each page with a form feed: a line break here
        text = text.replace("\x0c", "\n")
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
        with open_regular(path, limit) as (handle, size):
            return _bounded(handle, path, limit, size)
    except OSError as exc:
        raise _os_problem(exc, path) from None


@contextmanager
def open_regular(path: Path, limit: int | None, directory: str = "") -> Iterator[tuple[BinaryIO, int]]:
    """``path`` opened for reading, and its size, when it is a regular file of at most ``limit`` bytes (None: a
    reader that holds its data to its limit itself, as the Parquet one does before compression): a directory
    is ``not-a-file`` (``directory`` says more), a FIFO (which would wait for a writer), a device or a socket is
    ``special-file``, before and after opening. An OSError is the caller's to turn into a problem."""
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise PlanError(f"is a directory, expected a file{directory}", Location(path), "not-a-file")
    if not stat.S_ISREG(info.st_mode):
        raise PlanError(f"is {_kind(info.st_mode)}, expected a regular file", Location(path), "special-file")
    if limit is not None and info.st_size > limit:
        raise PlanError(f"file is {info.st_size:,} bytes; the limit is {limit:,}", Location(path), "file-too-large")
    # O_NONBLOCK: should the path have become a FIFO since it was looked at, opening it does not wait
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(fd).st_mode
        if not stat.S_ISREG(opened):
            raise PlanError(f"is {_kind(opened)}, expected a regular file", Location(path), "special-file")
        yield handle, info.st_size


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
    """The text of ``data``, its encoding decided for this file alone:

    1. a UTF-16 or UTF-32 byte-order mark decides; so does the session's encoding
       when it is UTF-16 or UTF-32 and the data has NUL bytes (UTF-8 text has none).
       Such text is decoded before it is searched for NULs (its ASCII has NUL bytes);
    2. otherwise a NUL byte is binary data, and UTF-8 (a BOM allowed) is read;
    3. then the session's encoding, when one is named;
    4. then GB18030, when the file is not mixed and reads as Chinese (see
       :func:`_reads_as_chinese`); otherwise an ``encoding`` problem, with a
       cp1252 hint for text that reads as Western European (see :func:`_latin`).

    A file whose lines are in two encodings (valid UTF-8 with non-ASCII text in
    one line, not UTF-8 in another, as when a UTF-8 file is appended to from a
    GBK editor) is an ``encoding`` problem naming the first line that is not UTF-8.
    """
    wide = _wide(data, session.encoding)
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].decode(wide, "replace").count("\n") + 1
            raise PlanError(f"not valid {wide.upper()} (byte {exc.start})", Location(path, line), "encoding") from None
        if "\x00" in text:
            line = text[: text.index("\x00")].count("\n") + 1
            raise PlanError("binary data (a NUL character); expected a text file", Location(path, line), "binary-file")
        marked = data.startswith(tuple(bom for bom, _ in _WIDE_BOMS))
        session.note(path, f"read as {wide.upper()}" + (" with a byte-order mark" if marked else ""))
        return text.lstrip("\ufeff")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise PlanError("binary data (a NUL byte); expected a text file", Location(path, line), "binary-file")
    try:
        text = data.decode("utf-8-sig")
        if data.startswith(codecs.BOM_UTF8):
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
    utf8_line = _utf8_line(data)
    if utf8_line is not None:
        raise PlanError(f"mixed encodings: line {line} is not UTF-8, while line {utf8_line} is; save the whole file "
                        "in one encoding", Location(path, line), "encoding")  # fmt: skip
    end = data.find(b"\n", utf8_error.start)
    latin = _latin(data[data.rfind(b"\n", 0, utf8_error.start) + 1 : end if end >= 0 else None])
    hint, western = ("encoding-cp1252", f"; as cp1252 (Western European) the line reads {latin!r}") if latin else (
        "encoding", "")  # fmt: skip
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise PlanError(f"neither UTF-8 nor GB18030 (byte {utf8_error.start}){western}", Location(path, line),
                        "encoding", hint=hint) from None  # fmt: skip
    if not _reads_as_chinese(text):
        raise PlanError(f"not valid UTF-8, and not Chinese text in GB18030 either{western}", Location(path, line),
                        "encoding", hint=hint)  # fmt: skip
    session.note(path, "not UTF-8: read as GB18030 (GBK), as saved by Chinese Excel/WPS")
    return text


def _wide(data: bytes, encoding: str | None) -> str | None:
    """UTF-16 or UTF-32 when a byte-order mark says so, or when ``encoding`` names one and the data has NUL bytes."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return name
    try:
        named = codecs.lookup(encoding).name if encoding else ""
    except LookupError:
        return None
    return encoding if named.startswith(("utf-16", "utf-32")) and b"\x00" in data else None


def _reads_as_chinese(text: str) -> bool:
    """Whether text decoded as GB18030 is plausibly Chinese, and not Latin-1 bytes read in pairs.

    The rule: the text holds a CJK ideograph, and at least 90% of the non-ASCII
    characters of its first million are among the 7,445 of GB2312 (two-byte codes
    0xA1A1-0xF7FE: the 6,763 everyday hanzi, CJK punctuation, full-width forms),
    not counting an ideograph alone between two Latin letters. Latin-1 text fails
    it: an accented letter before an ASCII letter reads as a GBK-only ideograph
    (``Caf\\xe9teria``: ``Caf閠eria``, 閠 is not in GB2312), and two accented letters
    as an ideograph alone inside a word (``Gr\\xf6\\xdfe``: ``Gr鲞e``).
    """
    if not _IDEOGRAPH.search(text):
        return False
    sample = text[:1_000_000]
    ascii_count = len(sample.encode("ascii", "ignore"))
    common = (_gb2312_bytes(sample) - ascii_count) // 2
    lone = sum(1 for c in _LONE.findall(sample) if _gb2312_bytes(c))
    return common - lone >= 0.9 * (len(sample) - ascii_count)


def _gb2312_bytes(text: str) -> int:
    """The bytes of the characters of ``text`` that GB2312 has (ASCII one each, the others two); the codec's
    U+30FB and U+2015 are GB18030's U+00B7 (·) and U+2014 (—), the same codes 0xA1A4 and 0xA1AA."""
    return len(text.replace("\u00b7", "\u30fb").replace("\u2014", "\u2015").encode("gb2312", "ignore"))


def _utf8_line(data: bytes) -> int | None:
    """The first line (1-based) of data that is not all UTF-8 which is valid UTF-8 holding non-ASCII text that does
    not also read as Chinese in GB18030 (a GBK line can happen to be valid UTF-8); None when there is none."""
    if data.startswith(codecs.BOM_UTF8):
        return 1
    text = data.decode("utf-8", "surrogateescape")  # bytes that are not UTF-8 become U+DC80-U+DCFF
    for match in _UTF8_LINE.finditer(text):
        try:
            gbk = match.group().encode("utf-8").decode("gb18030")
        except UnicodeDecodeError:
            gbk = ""
        if not _reads_as_chinese(gbk):
            return text.count("\n", 0, match.start()) + 1
    return None


def _latin(line: bytes) -> str | None:
    """The line read as cp1252 when it is Western European text, shortened; else None. Four in five of its non-ASCII
    characters are letters (é, ß, ç, …), and at least half of them are beside an ASCII letter, inside a word."""
    try:
        text = line.decode("cp1252").strip()
    except UnicodeDecodeError:
        return None
    wide = [c for c in text if not c.isascii()]
    if not wide or sum(c.isalpha() for c in wide) < 0.8 * len(wide) or 2 * len(_IN_WORD.findall(text)) < len(wide):
        return None
    return text if len(text) <= 60 else text[:59] + "…"


#: what a number cell may be converted from: full-width forms (U+FF01-FF5E) as ASCII, the ideographic space as a
#: space and the minus sign U+2212 as "-"; nothing else (NFKC would also read a footnote mark, 150.2¹, as 150.21,
#: ① as 1 and ½ as 1⁄2)
_WIDE = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20, 0x2212: 0x2D}
#: what may separate thousands (one of them throughout a number, in groups of three): a comma, an underscore, a space,
#: a no-break, thin or narrow no-break space
SEPARATORS = ",_ \u00a0\u2009\u202f"
_GROUPED = re.compile(r"[+-]?\d{1,3}([,_ \u00a0\u2009\u202f])\d{3}(?:\1\d{3})*(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?[\d.]*\d,\d+")
#: a number as written: a sign first, digits with points and separators, an exponent, a percent (1-2% is a range)
_NUMERIC = re.compile(r"[+-]?[0-9.,_ \u00a0\u2009\u202f]*[0-9][0-9.,_ \u00a0\u2009\u202f]*(?:[eE][+-]?[0-9]+)? *%?")
#: the usable range: no plan figure is larger, and floats lose larger ones
MAX_NUMBER = Decimal("1e15")
#: the most decimals a number may carry: any float's repr (5e-324 has 324), not 1e-999999999, which a figure
#: printed to its own decimals would spell out in a gigabyte
MAX_DECIMALS = 340
_LONGEST = 100  # characters of a number cell (within the range, a figure has far fewer)


def looks_numeric(cell: str) -> bool:
    """Whether a cell is written as a number (digits of any form, a sign, separators, a point, an exponent, %) or
    as "not stated" (a dash), so that it is read and refused as a number, not as a printed phrase (突破600亿元, 6-7%).
    """
    text = cell.strip() if cell.isascii() else cell.translate(_WIDE).strip()
    if text in DASHES:
        return True
    if not text.isascii():  # any digit (¹, ①, ½) in the place of one
        text = "".join("0" if unicodedata.category(c)[0] == "N" else c for c in text)
    return _NUMERIC.fullmatch(text) is not None


def read_number(cell: str) -> tuple[Decimal | None, tuple[str, ...], str]:
    """The number a cell prints (None: a dash or nothing, "not stated"), the conversions made to read it
    (``full-width``, ``thousands``, ``percent``) and the text it was read from.

    Full-width forms are read as ASCII, thousands separators only in groups of three (1,234.5), a trailing % is
    dropped. What cannot be read raises :class:`PlanError` without a location (the caller's): ``bad-number`` (1,5: a
    decimal comma; 150.2¹: a footnote mark), ``not-finite`` or ``out-of-range`` (beyond ±1e15, more than 340 decimals).
    A negative zero is zero.

    >>> read_number("１,２３４.５%")
    (Decimal('1234.5'), ('full-width', 'percent', 'thousands'), '1234.5')
    """
    text = cell.strip()
    if text in DASHES:
        return None, (), text
    normal = text.translate(_WIDE).strip()
    done = ("full-width",) if normal != text else ()
    if normal in DASHES:
        return None, done, normal
    if normal.endswith("%"):
        normal, done = normal[:-1].strip(), (*done, "percent")
    odd = next((c for c in normal if not c.isascii() and unicodedata.category(c)[0] == "N"), None)
    if odd is not None:
        raise PlanError(f"{shown(cell)}: {character(odd)} is not part of a number", None, "bad-number")
    if any(c in normal for c in SEPARATORS):
        if _GROUPED.fullmatch(normal):
            normal, done = re.sub(f"[{SEPARATORS}]", "", normal), (*done, "thousands")
        elif normal.count(",") == 1 and _DECIMAL_COMMA.fullmatch(normal):
            raise PlanError(f"cannot read {shown(cell)} as a number: a decimal comma? write "
                            f"{normal.replace('.', '').replace(',', '.')}", None, "bad-number")  # fmt: skip
        else:
            raise PlanError(f"cannot read {shown(cell)} as a number: thousands are separated in groups of three "
                            "(1,234.5)", None, "bad-number")  # fmt: skip
    if len(normal) > _LONGEST:
        raise PlanError(f"{shown(cell)} is beyond the usable range (±{MAX_NUMBER:.0e})", None, "out-of-range")
    try:
        number = Decimal(normal) if normal.isascii() else None
    except InvalidOperation:
        number = None
    if number is None:
        raise PlanError(f"cannot read {shown(cell)} as a number", None, "bad-number")
    if not number.is_finite():
        raise PlanError(f"{shown(cell)} is not a finite number", None, "not-finite")
    if number.copy_abs() > MAX_NUMBER:
        raise PlanError(f"{shown(cell)} is beyond the usable range (±{MAX_NUMBER:.0e})", None, "out-of-range")
    if -int(number.as_tuple().exponent) > MAX_DECIMALS:
        raise PlanError(f"{shown(cell)} has more decimals than can be kept ({MAX_DECIMALS} at most)", None,
                        "out-of-range")  # fmt: skip
    return (number.copy_abs() if number.is_zero() else number), done, normal


def parse_number(cell: str, path: Path, line: int, column: str, session: Session) -> Decimal | None:
    """A printed number from a cell, as :func:`read_number` reads it; each conversion is a notice (once per file
    and column, with the line it is first made on).

    A dash or an empty cell means "not stated" (None). Problems are raised as PlanError.
    """
    try:
        number, done, normal = read_number(cell)
    except PlanError as err:
        raise PlanError(err.message, Location(path, line, field=column), err.code) from None
    for what in done:
        note_reading(session, path, column, line, what, cell, normal)
    return number


def note_reading(session: Session, path: Path, column: str, line: int, what: str, cell: str, normal: str) -> None:
    """The notice of one conversion :func:`read_number` made (``what``), unless one was given for the column."""
    said = {"full-width": "full-width characters read as ASCII", "thousands": "thousands separators removed",
            "percent": "percent signs dropped (the unit says what the number is)"}[what]  # fmt: skip
    if not any(n.startswith(f"{path}: {column}: {said}") for n in session.notices):
        example = f"{shown(cell.strip())} as {shown(normal)}" if what == "full-width" else shown(cell.strip())
        session.note(path, f"{column}: {said}, first on line {line} ({example})")

"""Reading text files as they arrive: UTF-8 (with or without BOM) or GB18030/GBK from Chinese Excel/WPS,
full-width digits and punctuation, thousands separators. Every conversion is reported as a notice."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..plan.errors import Location, PlanError

MAX_BYTES = 5_000_000
DASHES = {"", "—", "——", "-", "–", "－", "―"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
#: C0 and C1 control characters (ESC, CSI U+009B, OSC U+009D: a terminal would obey them) and the bidirectional
#: overrides (U+202A-202E, U+2066-2069: they reorder what a reader sees); tab, line feed and carriage return pass
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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
    plans table holding thousands of plans is allowed more).
    """
    session = session or Session()
    try:
        if path.is_dir():
            raise PlanError("is a directory, expected a file", Location(path), "not-a-file")
        size = path.stat().st_size
        if size > limit:
            raise PlanError(f"file is {size:,} bytes; the limit is {limit:,}", Location(path), "file-too-large")
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanError("file not found", Location(path), "file-not-found") from None
    except PermissionError:
        raise PlanError("permission denied", Location(path), "permission-denied") from None
    except OSError as exc:
        raise PlanError(f"cannot read file: {exc.strerror or exc}", Location(path), "unreadable") from None
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

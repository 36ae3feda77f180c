"""Many plans in one long CSV table: one row per indicator, a ``plan`` column saying whose.

The table carries what the engine and the per-indicator checks need (no
quotes, history or relations; those live in plan directories):

=================== ======== ===============================================
column              required meaning
=================== ======== ===============================================
plan                yes      the plan's id (rows of one plan need not be adjacent)
id                  yes      the indicator's id within its plan (kebab-case)
name, unit          yes      as printed
kind, direction     yes      as in indicators.yaml (level, share, …; at_least, …)
base, target        yes      as printed (empty: not stated); decimals are kept
growth_basis        yes      annual, cumulative or none
growth_value        yes      the growth figure in percent (or the unit), or empty
growth_reading      no       relative, points, absolute or unresolved (cumulative only)
growth_printed      no       the growth as printed (default: built from the figure)
name_en, unit_en    no       English names
lower, upper        no       natural bounds (default by kind)
tags                no       words, space-separated (output, income)
base_year …         no       ``base_year``, ``target_year``, ``horizon_year`` (2020, 2025, 2035)
section, line,      no       where the plan prints the target
snippet
=================== ======== ===============================================

Reading is vectorised: a table of 100,000 rows reads in about a second. A row with a problem is reported with file, line and column, and its
plan is left out of the run; the other plans go on.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..plan import model, vocabulary
from ..plan.arrays import filled
from ..plan.errors import Location, PlanError, shown
from ..plan.phrases import PhraseError, parse_level, parse_rule
from ..plan.printed import decimals_of
from ..plan.stacks import SEP, Stack, split_id
from .indicators import _ID, _same_unit
from .parquettable import is_parquet, parquet_frames
from .plandir import default_plan_dir
from .scenarios import Years, fitting, read_scenarios
from .textfile import _CONTROL, MAX_DECIMALS, Session, looks_numeric, note_reading, read_number, read_text

REQUIRED = ("plan", "id", "name", "unit", "kind")
#: optional columns read as empty where a table lacks them
BLANK = ("direction", "base", "target", "growth_basis", "growth_value", "growth_reading", "growth_bound", "growth_high")
OPTIONAL = (*BLANK, "growth", "growth_printed", "name_en", "unit_en", "lower", "upper", "tags", "base_year",
            "target_year", "horizon_year", "section", "line", "snippet", "attribute", "origin", "goal_year", "goal",
            "goal_growth", "parent", "prices", "scope")  # fmt: skip
NUMBERS = ("base", "target", "growth_value", "growth_high", "lower", "upper", "goal")
YEARS = {"base_year": 2020, "target_year": 2025, "horizon_year": 2035}
MAX_TABLE_BYTES = 1_000_000_000  # about 12 million indicator rows
#: rows of a table read and run at a time (whole plans): the memory a run needs does not grow beyond it
CHUNK_ROWS = 50_000
_PIECE = 1 << 22  # bytes of a table read at a time
#: a column of number cells made of these alone (and short) is read at once; others cell by cell
_PLAIN = frozenset("0123456789.+-")
_PLAIN_CHARS = "".join(sorted(_PLAIN))
#: str.translate deleting the plain characters: a text of them alone becomes empty (faster than a set per text)
_NOT_PLAIN = str.maketrans("", "", _PLAIN_CHARS)
_PLAIN_LONGEST = 30


#: the suffixes of a plans table: CSV, or Parquet (:mod:`.parquettable`)
TABLE_SUFFIXES = (".csv", ".parquet")


def is_plans_table(path: Path) -> bool:
    """A file (not a directory) ending in .csv or .parquet is read as a plans table."""
    return path.suffix.lower() in TABLE_SUFFIXES and not os.path.isdir(path)  # False for a path that cannot be seen


def read_plans_table(path: str | Path, *, encoding: str | None = None) -> tuple[list[Stack], dict[str, list[PlanError]],
                                                                                list[str]]:  # fmt: skip
    """The plans of a table as stacks, the problems of the plans left out (by plan id, in the order their first
    problem's line), and notices.

    Raises :class:`PlanError` when the file as a whole cannot be used (unreadable,
    no header, a required column missing).
    """
    stacks: list[Stack] = []
    problems: dict[str, list[PlanError]] = {}
    notices: list[str] = []
    for chunk in iter_plans_table(path, encoding=encoding, chunk_rows=None):  # one chunk
        stacks += chunk.stacks
        problems.update(chunk.problems)
        notices += chunk.notices
    return stacks, problems, notices


@dataclass
class Chunk:
    """Some plans of a table, each whole: their stacks, the problems of those left out (by plan id) and the notices
    reading them gave (each notice once per table)."""

    stacks: list[Stack]
    problems: dict[str, list[PlanError]]
    notices: list[str]
    read: int  # the bytes of the file read so far
    order: list[str]  # the plans of the stacks, in the order the table first gives them


class Reread(Exception):
    """Reading a table in chunks found what only a whole reading reports right (a plan's rows apart, after its
    chunk was given; a CSV error after the first chunk): read it whole instead (the results are the same)."""


def iter_plans_table(path: str | Path, *, encoding: str | None = None,
                     chunk_rows: int | None = CHUNK_ROWS) -> Iterator[Chunk]:  # fmt: skip
    """The plans of a table in chunks of whole plans, about ``chunk_rows`` rows each (None: one chunk), read as
    they come: a UTF-8 table in pieces and a Parquet table in batches, in memory that does not grow with the table
    when each plan's rows are together (as tables are written); any other file is read whole first. The chunks in the order the plans
    first appear; a plan in a chunk is read exactly as it would be in a table of its own rows.

    Raises :class:`PlanError` before the first chunk when the file as a whole cannot be used, and
    :class:`Reread` when a chunked reading must start again as a whole one.
    """
    path = Path(path)
    session = Session(encoding=encoding)
    given, told = 0, 0  # chunks given; notices given
    done: set[str] = set()  # the plans of the chunks given
    pending: list[pd.DataFrame] = []
    ragged: list[tuple[str, PlanError]] = []
    rows = 0
    scenarios: dict[tuple[int, int, int], Any] = {}
    where = [0]  # bytes read
    wait = 0  # rows to wait for before the next cut (a plan longer than a chunk)

    fits = Session()  # the notes of fitting the scenarios to the plans' years: after the reading's, as a whole reading

    def chunk(frame: pd.DataFrame, bad: list[tuple[str, PlanError]], last: bool = False) -> Chunk:
        nonlocal told
        stacks, problems, order = _read_rows(frame, bad, path, session, scenarios, fits)
        notes = session.notices[told:] + (fits.notices if last else [])
        out = Chunk(stacks, problems, notes, where[0], order)
        told = len(session.notices)
        return out

    if is_parquet(path):
        frames = parquet_frames(path, where, chunk_rows, _check_header, session.note, NUMBERS, MAX_TABLE_BYTES)
    else:
        frames = _row_frames(_text_pieces(path, session, where), path, chunk_rows)
    try:
        for frame, bad in frames:
            plans = set(_stripped(frame["plan"])) | {p for p, _ in bad}
            if plans & done:
                raise Reread(f"{path}: a plan's rows are apart")
            pending.append(frame)
            ragged += bad
            rows += len(frame) + len(bad)
            if chunk_rows is None or rows < max(chunk_rows, wait):
                continue
            rows_now = pd.concat(pending, ignore_index=True) if len(pending) > 1 else pending[0]
            codes, uniques = pd.factorize(_stripped(rows_now["plan"]))
            if len(codes) and (np.diff(codes) < 0).any():
                # a plan's rows apart (a, b, a): where they fall in the whole table decides the order of what is
                # reported, which chunks cannot know; read the table whole
                raise Reread(f"{path}: a plan's rows are apart")
            # the plans before the last row's are whole (a row of theirs after this is a Reread); that plan waits.
            # A row of the wrong length goes with the rows before it or after it, by its line
            cut = int(np.searchsorted(codes, codes[-1])) if len(codes) else 0
            boundary = int(rows_now["_line"].iloc[cut]) if len(codes) else 0
            whole = set(uniques[: codes[-1]]) if len(codes) else set()
            early = [r for r in ragged if _line_of(r[1]) < boundary]
            later = [r for r in ragged if _line_of(r[1]) >= boundary]
            known = set(uniques)
            if any(p in known and p not in whole for p, _ in early) or any(p in whole for p, _ in later):
                raise Reread(f"{path}: a row of the wrong length among another plan's rows")
            if not cut and not early:  # one plan longer than a chunk: wait for as many rows again, then look
                pending, wait = [rows_now], rows + chunk_rows
                continue
            wait = 0
            yield chunk(rows_now.iloc[:cut], early)
            given += 1
            done |= whole | {p for p, _ in early}
            pending = [rows_now.iloc[cut:].reset_index(drop=True)]
            ragged = later
            rows = len(rows_now) - cut + len(ragged)
    except PlanError:
        if given:
            raise Reread(f"{path}: a problem of the whole file after the first chunk") from None
        raise
    if pending:  # the reader gives at least one frame (perhaps of no rows, beside rows of the wrong length)
        yield chunk(pd.concat(pending, ignore_index=True) if len(pending) > 1 else pending[0], ragged, last=True)


def read_table_plan(path: str | Path, *, encoding: str | None = None) -> model.Plan:
    """The one plan of a plans table, as a plan directory would give it (ids without the plan's prefix), for the
    commands that show one plan; a :class:`PlanError` listing every problem when it cannot be used, or when the
    table holds more than one plan."""
    path = Path(path)
    stacks, problems, notices = read_plans_table(path, encoding=encoding)
    if problems:
        raise PlanError.collected([p for plan_problems in problems.values() for p in plan_problems])
    ids = [plan_id for st in stacks for plan_id in st.plan_ids]
    if len(ids) != 1:
        shown = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
        raise PlanError(f"holds {len(ids)} plans ({shown or 'none'}): this command shows one; a table of one plan or "
                        "a plan directory", Location(path), "invalid", parameter="plan")  # fmt: skip
    plan = stacks[0].plan

    def own(ident: str) -> str:
        return split_id(ident)[1]

    indicators = plan.indicators.assign(id=[own(i) for i in plan.indicators["id"]]).drop(columns=["plan"])
    goals = plan.goals.assign(id=[own(i) for i in plan.goals["id"]])
    relations = tuple({**r, "total": own(r["total"]), "parts": [own(q) for q in r["parts"]]} for r in plan.relations)
    return model.Plan(meta={**plan.meta, "id": ids[0], "name": ids[0]}, indicators=indicators, quotes=plan.quotes,
                      history=plan.history, projects=plan.projects, scenarios=plan.scenarios, directory=path.parent,
                      files=plan.files, goals=goals, relations=relations, notices=tuple(notices))  # fmt: skip


def frame_to_stacks(frame: pd.DataFrame, name: str = "plans.csv") -> list[Stack]:
    """Stacks from a plans table already in memory (all columns text, as read from CSV)."""
    frame = frame.astype(str)
    frame["_line"] = np.asarray(frame.index, dtype=int) + 2  # the line a row has when the frame is written as CSV
    frame = frame.reset_index(drop=True)
    frame, problems = _validate(frame, Path(name))
    if problems:
        raise PlanError.collected([p for v in problems.values() for p in v])
    return _stacks(frame, Path(name))


def _line_of(err: PlanError) -> int:
    return (err.location.line or 0) if err.location else 0


def _read_rows(frame: pd.DataFrame, ragged: list[tuple[str, PlanError]], path: Path, session: Session,
               scenarios: dict[tuple[int, int, int], Any], fits: Session) -> tuple[list[Stack],
                                                                                   dict[str, list[PlanError]], list[str]]:  # fmt: skip
    """Some plans' rows, validated and stacked; the problems of those left out, by the line of their first; the plans
    stacked, in the order of their first rows."""
    frame, problems = _validate(frame, path, session)
    for plan_id, err in ragged:
        problems.setdefault(plan_id, []).append(err)
    first = {p: min((e.location.line or 0) if e.location else 0 for e in errs) for p, errs in problems.items()}
    problems = {p: problems[p] for p in sorted(problems, key=lambda p: first[p])}  # stable: the same line, as found
    good = frame[~frame["plan"].isin(list(problems)) & (~_empty(frame["plan"]))]
    return _stacks(good, path, fits, scenarios), problems, list(dict.fromkeys(good["plan"]))


def _text_pieces(path: Path, session: Session, where: list[int], limit: int = MAX_TABLE_BYTES) -> Iterator[str]:
    """The table's text in pieces of whole lines (line breaks as ``\n``), as :func:`read_text` reads it. A regular
    file that is all UTF-8 text (checked first, piece by piece, as read_text checks it) is read in pieces; any
    other (a named encoding, UTF-16, GB18030, a problem to report) is read whole by read_text. ``where[0]``: the
    bytes read so far."""
    if session.encoding is None and _utf8_text(path, limit):
        with open(path, "rb") as handle:
            carry = handle.read(3)
            if carry == codecs.BOM_UTF8:
                session.note(path, "read as UTF-8 with a byte-order mark")
                carry = b""
            while True:
                data = handle.read(_PIECE)
                if not data:
                    break
                where[0] = handle.tell()
                if where[0] > limit:  # grown since it was checked: read_text says so
                    raise PlanError("the file grew while it was read", Location(path), "file-too-large")
                data = carry + data
                cut = data.rfind(b"\n") + 1
                if not cut:
                    carry = data
                    continue
                carry = data[cut:]
                yield _newlines(_utf8(data[:cut], path))
            if carry:
                yield _newlines(_utf8(carry, path))
        return
    text = read_text(path, session, limit=limit)
    size = os.stat(path).st_size if not session.stdin else len(text)
    start = 0  # cut after a line break near each _PIECE characters
    while start < len(text):
        end = text.find("\n", start + _PIECE) + 1 or len(text)
        where[0] = size * end // len(text)
        yield text[start:end]
        start = end


def _utf8(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:  # changed since it was checked
        raise PlanError("the file changed while it was read", Location(path), "encoding") from None


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _utf8_text(path: Path, limit: int) -> bool:
    """Whether ``path`` is a regular file of at most ``limit`` bytes holding UTF-8 text that read_text takes as it
    is (no byte-order mark of UTF-16 or UTF-32, no NUL, no control character, no form feed), read in pieces."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return False
        decoder = codecs.getincrementaldecoder("utf-8")()
        total = 0
        with open(path, "rb") as handle:
            head = handle.read(4)
            if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return False
            data = head
            while data:
                total += len(data)
                if total > limit or b"\x00" in data or _CONTROL.search(decoder.decode(data)):
                    return False
                data = handle.read(_PIECE)
            decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return False
    return True


def _row_frames(pieces: Iterator[str], path: Path, batch: int | None) -> Iterator[tuple[pd.DataFrame,
                                                                                         list[tuple[str, PlanError]]]]:  # fmt: skip
    """The table's rows as frames of text columns with each row's line in the file, about ``batch`` rows each (None:
    as the pieces come), and the rows of the wrong length apart (by their first cell). Pieces of plain lines (no
    quotes, no blank lines, as wide as the header) are read by pandas' C parser; from the first other piece on, the
    csv module reads the rest, reporting rows by their line. Raises PlanError (before any frame) for a file of no
    rows or a bad header."""
    pieces = iter(pieces)
    first = next(pieces, "")
    while not first.strip():  # blank pieces before the header (a file of white space is empty)
        more = next(pieces, None)
        if more is None:
            raise PlanError("file is empty", Location(path), "empty-file")
        first += more
    head, _, rest = first.partition("\n")
    header: list[str] | None = None
    line = 0  # the lines read so far
    if '"' not in head and head.strip():
        header = [unicodedata.normalize("NFKC", h).strip() for h in head.split(",")]
        _check_header(header, path)
        line = 1
    gave = False
    piece: str | None = rest if header is not None else first
    while piece is not None and header is not None:
        if piece and not _plain_piece(piece, len(header) - 1):
            break
        if piece.strip():
            frame = pd.read_csv(io.StringIO(piece), dtype=object, keep_default_na=False, na_filter=False,
                                header=None, names=list(range(len(header))))  # fmt: skip
            frame.columns = header
            frame["_line"] = np.arange(line + 1, line + 1 + len(frame))
            no_plan = _empty(_stripped(frame["plan"])).to_numpy()
            if no_plan.any():  # rows of empty cells (,,,,): skipped, as the csv module's reading skips them
                cells = frame.loc[no_plan, header].to_numpy(dtype=object)
                blank = np.array([all(not str(c).strip() for c in row) for row in cells], dtype=bool)
                if blank.any():
                    frame = frame.drop(index=frame.index[no_plan][blank]).reset_index(drop=True)
            yield frame, []
            gave = True
        line += piece.count("\n")
        piece = next(pieces, None)
    if piece is None:
        if not gave:
            raise PlanError("the table has a header and no rows", Location(path, 1), "empty-file")
        return
    yield from _csv_frames(piece, pieces, header, line, path, batch, gave)


def _csv_frames(
    piece: str, pieces: Iterator[str], header: list[str] | None, line: int, path: Path, batch: int | None, gave: bool
) -> Iterator[tuple[pd.DataFrame, list[tuple[str, PlanError]]]]:
    """The rest of the table, from ``piece`` on, by the csv module (the header too, when ``header`` is None). A table
    whose rows are all blank gives one frame of no rows; one with nothing after its header, a PlanError."""
    # io's line splitting, as the csv module expects (str.splitlines would also break at U+2028 and U+2029)
    lines = (text for part in itertools.chain([piece], pieces) for text in io.StringIO(part, newline=""))
    reader = csv.reader(lines, strict=True)
    rows: list[list[str]] = []
    at: list[int] = []
    ragged: list[tuple[str, PlanError]] = []
    last = 0
    content = gave  # a row with a cell that is not white space (or with several cells)
    try:
        if header is None:
            header = [unicodedata.normalize("NFKC", h).strip() for h in next(reader, [])]
            last = reader.line_num
            _check_header(header, path)
        width = len(header)
        for record in reader:  # the csv module counts lines as the file has them (blank lines, quoted breaks)
            if not record or all(not cell.strip() for cell in record):
                content = content or len(record) > 1
                last = reader.line_num
                continue
            content = True
            if len(record) != width:
                ragged.append((record[0].strip(), PlanError(f"row has {len(record)} fields, the header has {width}",
                                                            Location(path, line + reader.line_num), "csv-ragged")))  # fmt: skip
            else:
                rows.append(record)
                at.append(line + reader.line_num)
            last = reader.line_num
            if batch is not None and len(rows) + len(ragged) >= batch:
                yield _csv_frame(rows, at, header), ragged
                gave = True
                rows, at, ragged = [], [], []
    except csv.Error as exc:
        raise PlanError(f"CSV error: {exc} (in the row starting on this line)", Location(path, line + last + 1),
                        "csv-syntax") from None  # fmt: skip
    if not content:
        raise PlanError("the table has a header and no rows", Location(path, 1), "empty-file")
    if rows or ragged or not gave:
        yield _csv_frame(rows, at, header), ragged


def _csv_frame(rows: list[list[str]], lines: list[int], header: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=header, dtype=object) if rows else pd.DataFrame(columns=header, dtype=object)
    frame["_line"] = np.asarray(lines, dtype=int)
    return frame


def _plain_piece(piece: str, commas: int) -> bool:
    """Lines without quotes, none blank, each with ``commas`` commas (as wide as the header): one row per line, as the
    fast parser counts them. Anything else goes through the csv module, which reports rows by their line."""
    body = piece.rstrip("\n")
    if '"' in body or not body:
        return not body
    data = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)
    bounds = np.concatenate(([0], np.flatnonzero(data == ord("\n")) + 1, [len(data)]))  # where each line begins
    counts = np.diff(np.searchsorted(np.flatnonzero(data == ord(",")), bounds))  # per line (a blank line has none)
    return bool((counts == commas).all())


def _check_header(header: list[str], path: Path) -> None:
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise PlanError(f"column(s) {', '.join(duplicated)} appear twice", Location(path, 1), "csv-header")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise PlanError(f"header lacks column(s) {', '.join(missing)}; a plans table needs {','.join(REQUIRED)}",
                        Location(path, 1), "csv-header")  # fmt: skip
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise PlanError(f"unknown column(s) {', '.join(unknown)} (see docs/many-plans.md)", Location(path, 1),
                        "unknown-field")  # fmt: skip


def _validate(frame: pd.DataFrame, path: Path, session: Session | None = None) -> tuple[pd.DataFrame,
                                                                                        dict[str, list[PlanError]]]:  # fmt: skip
    """Parse and check every cell (vectorised); the problems grouped by plan, the notices in ``session``."""
    session = session or Session()
    frame = frame.assign(**{c: _text("", frame.index) for c in BLANK if c not in frame})
    for col in [c for c in frame.columns if c != "_line" and c not in NUMBERS]:  # numbers: stripped when parsed
        frame[col] = _stripped(frame[col])
    bad: list[tuple[pd.Series, str, str | pd.Series, str, pd.Series | None]] = []  # (mask, column, message, code,
    #                                                                                 found)

    def need(column: str, mask: pd.Series, message: str | pd.Series, code: str, found: pd.Series | None = None) -> None:
        """Record a problem in ``column`` on the rows of ``mask`` (``message``: one, or each row's); ``found``: the
        text shown (default: the cell's)."""
        if mask.any():
            bad.append((mask, column, message, code, found))

    frame = _printed(frame, need)

    need("plan", _empty(frame["plan"]), "a plan id is required", "missing-field")
    # plans and ids recur from row to row: each distinct one is looked at once
    plan_codes, plan_uniques = pd.factorize(frame["plan"].to_numpy(dtype=object))

    def of_plans(test: Any) -> pd.Series:
        return pd.Series(np.array([bool(test(u)) for u in plan_uniques], dtype=bool)[plan_codes], index=frame.index)

    need("plan", of_plans(lambda v: SEP in v), f"a plan id cannot hold {SEP!r}", "not-allowed")
    need("plan", of_plans(lambda v: v != "" and SEP not in v and not _ID.fullmatch(v)),
         "plan ids are lower-case kebab-case (wanyuan, lingyuan-14th)", "not-allowed")  # fmt: skip
    codes, uniques = pd.factorize(frame["id"].to_numpy(dtype=object))
    well_formed = np.array([bool(_ID.fullmatch(u)) for u in uniques], dtype=bool)
    need("id", pd.Series(~well_formed[codes], index=frame.index), "ids are lower-case kebab-case (gdp, rural-income)",
         "not-allowed")  # fmt: skip
    pair = pd.Series(plan_codes.astype(np.int64) * max(len(uniques), 1) + codes, index=frame.index)  # (plan, id)
    need("id", pair.duplicated(keep="first"), "duplicate id within its plan", "duplicate-id")
    for col in ("name", "unit"):
        need(col, _empty(frame[col]), "required field is missing", "missing-field")
    for col, allowed in (("kind", tuple(vocabulary.KINDS)), ("direction", vocabulary.DIRECTIONS),
                         ("growth_basis", vocabulary.GROWTH_BASES)):  # fmt: skip
        need(col, ~frame[col].isin(allowed), f"not one of: {', '.join(allowed)}", "not-allowed")
    for col, allowed in (("attribute", vocabulary.ATTRIBUTES), ("origin", vocabulary.ORIGINS),
                         ("prices", vocabulary.PRICE_BASES)):  # fmt: skip
        if col in frame:
            need(col, ~_empty(frame[col]) & ~frame[col].isin(allowed), f"not one of: {', '.join(allowed)}",
                 "not-allowed")  # fmt: skip
    reading = frame["growth_reading"] if "growth_reading" in frame else _text("", frame.index)
    need("growth_reading", (~_empty(reading)) & ~reading.isin(vocabulary.READINGS),
         f"not one of: {', '.join(vocabulary.READINGS)}", "not-allowed")  # fmt: skip
    need("growth_bound", (~_empty(frame["growth_bound"])) & ~frame["growth_bound"].isin(vocabulary.GROWTH_BOUNDS),
         f"not one of: {', '.join(vocabulary.GROWTH_BOUNDS)}", "not-allowed")  # fmt: skip
    need("growth_reading", (frame["growth_basis"] == "cumulative") & (_empty(reading)),
         "a cumulative figure needs its reading (relative, points, absolute or unresolved)", "missing-field")  # fmt: skip
    numbers: dict[str, pd.Series] = {}
    decimals: dict[str, pd.Series] = {}
    for col in NUMBERS:
        if col not in frame:
            numbers[col] = pd.Series(np.nan, index=frame.index)
            decimals[col] = pd.Series(0, index=frame.index)
            continue
        value, decimals[col] = _numbers(frame[col], col, frame["_line"], need, path, session)
        need(col, value.abs() > 1e15, "beyond the usable range (±1e15)", "out-of-range")
        need(col, decimals[col] > MAX_DECIMALS, f"more decimals than can be kept ({MAX_DECIMALS} at most)",
             "out-of-range")  # fmt: skip
        numbers[col] = value
    need("growth_value", frame["growth_basis"].isin(["annual", "cumulative"]) & numbers["growth_value"].isna(),
         "a growth figure is required for an annual or cumulative basis", "missing-field")  # fmt: skip
    # a figure read from the printed rule is reported in the column the user wrote (growth: 年均下降100%)
    printed = frame["growth"] if "growth" in frame else _text("", frame.index)
    from_text = ~_empty(printed)

    def need_growth(mask: pd.Series, message: str) -> None:
        need("growth", mask & from_text, message, "out-of-bounds", found=printed)
        need("growth_value", mask & ~from_text, message, "out-of-bounds")

    need_growth(
        (frame["growth_basis"] == "annual") & (numbers["growth_value"] <= -100),
        "an annual rate at or below -100% is not possible",
    )
    need_growth(
        (frame["growth_basis"] == "cumulative") & (reading == "relative") & (numbers["growth_value"] < -100),
        "a relative change below -100% is not possible (a fall of 100% reaches zero)",
    )
    years = {}
    for col, default in YEARS.items():
        if col not in frame:
            years[col] = pd.Series(default, index=frame.index)
            continue
        raw = frame[col]
        value, _ = _numbers(raw, col, frame["_line"], need, path, session)  # an unreadable cell is reported there
        value = value.where(~_empty(raw), default)
        wrong = value.notna() & ((value % 1 != 0) | (value.abs() > 10_000))
        need(col, wrong, "expected a whole year", "not-integer")
        wrong |= value.isna()
        years[col] = value.where(~wrong, default).astype(int)
    need("target_year", ~((years["base_year"] < years["target_year"]) & (years["target_year"] <= years["horizon_year"])),
         "years must satisfy base_year < target_year ≤ horizon_year", "year-order")  # fmt: skip
    need("base_year", ~years["base_year"].between(1900, 2200) | (years["horizon_year"] - years["base_year"] > 100),
         "years out of range (1900-2200, at most 100 years from base to horizon)", "year-order")  # fmt: skip
    # a plan's years are its first row's; another row may have its own base and target years (growth since 2017,
    # 70% by 2025 inside a 2027 plan), as an indicator may in indicators.yaml; the horizon is the plan's
    plan_years = {
        col: years[col] if years[col].nunique() <= 1 else years[col].groupby(frame["plan"]).transform("first")
        for col in YEARS
    }  # one year for every row (as a table mostly has): each row's plan's is it
    need("horizon_year", years["horizon_year"] != plan_years["horizon_year"],
         "differs from this plan's first row (a plan has one horizon year)", "year-order")  # fmt: skip
    own = (years["base_year"] != plan_years["base_year"]) | (years["target_year"] != plan_years["target_year"])
    need("base_year", own & frame["kind"].isin(["period_total", "period_change"]),
         "a period total or change runs over the plan's own period (its first row's years)", "not-allowed")  # fmt: skip
    if "line" in frame:
        line_text = frame["line"]
        line_no = _numeric(line_text)
        need("line", (~_empty(line_text)) & ~(line_no.between(1, 10_000_000) & (line_no % 1 == 0)),
             "expected a line number (a whole number)", "not-integer")  # fmt: skip
    kinds = frame["kind"].where(frame["kind"].isin(list(vocabulary.KINDS)), "level")
    low_default = {k: np.nan if b[0] is None else b[0] for k, b in vocabulary.DEFAULT_BOUNDS.items()}
    high_default = {k: np.nan if b[1] is None else b[1] for k, b in vocabulary.DEFAULT_BOUNDS.items()}
    lower = numbers["lower"].fillna(_on_uniques(kinds, low_default.__getitem__).astype(float))
    upper = numbers["upper"].fillna(_on_uniques(kinds, high_default.__getitem__).astype(float))
    for col in ("base", "target"):
        outside = (numbers[col] < lower) | (numbers[col] > upper)
        need(col, outside, f"{col} lies outside the natural bounds of its kind", "out-of-bounds")
    if "goal_year" in frame:
        goal_year = _numeric(frame["goal_year"])
        need("goal_year", (~_empty(frame["goal_year"])) & ~((goal_year % 1 == 0) & (goal_year > years["target_year"])),
             "expected a year after the target year", "year-order")  # fmt: skip
        need(
            "goal_year",
            (_empty(frame["goal_year"])) & numbers["goal"].notna(),
            "a goal needs its year",
            "missing-field",
        )
    if "parent" in frame:
        known = set(zip(frame["plan"], frame["id"]))
        need("parent", (~_empty(frame["parent"])) & ~pd.Series([(p, q) in known for p, q in zip(frame["plan"],
             frame["parent"])], index=frame.index), "no indicator with this id in the plan", "bad-reference")  # fmt: skip
        has = ~_empty(frame["parent"])
        parents = dict(zip(zip(frame.loc[has, "plan"], frame.loc[has, "id"]), frame.loc[has, "parent"]))
        units = dict(zip(zip(frame["plan"], frame["id"]), frame["unit"]))

        def cycles(plan_id: str, ident: str) -> bool:
            seen, node = set(), ident
            while (plan_id, node) in parents and node not in seen:
                seen.add(node)
                node = parents[(plan_id, node)]
            return node == ident  # back at the start: the row is on a cycle

        loop = pd.Series([h and cycles(p, i) for h, p, i in zip(has, frame["plan"], frame["id"])], index=frame.index)
        need("parent", loop, "a part cannot be its own total, directly or through other parts", "bad-reference")
        other = pd.Series(
            [
                h and (p, q) in units and units[(p, q)] != u
                for h, p, q, u in zip(has, frame["plan"], frame["parent"], frame["unit"])
            ],
            index=frame.index,
        )
        need("parent", other & ~loop, "a part must be in its total's unit", "printed-mismatch")  # fmt: skip
    frame = frame.assign(**{f"_{c}": numbers[c] for c in NUMBERS}, **{f"_{c}_dec": decimals[c] for c in NUMBERS},
                         **{f"_{c}": years[c] for c in YEARS}, **{f"_plan_{c}": plan_years[c] for c in YEARS},
                         _lower_b=lower, _upper_b=upper, _reading=reading)  # fmt: skip
    return frame, _problems(frame, bad, path)


def _printed(frame: pd.DataFrame, need: Any) -> pd.DataFrame:
    """Rules and targets as printed: a ``growth`` cell (年均增长10%以上) fills the growth columns left empty and must
    agree with those given; a ``target`` cell that is a phrase (突破600亿元) becomes its figure and side. Each distinct
    text is read once. Then an empty direction is ``equal`` and an empty basis ``none``."""
    if "growth" in frame and (~_empty(frame["growth"])).any():
        rules = _Parsed(frame["growth"], lambda text: _rule(text) if text else None)
        need("growth", rules.map(lambda r: isinstance(r, str)), "cannot read this text as a growth rule",
             "unknown-phrase")  # fmt: skip
        usable = rules.map(lambda r: isinstance(r, dict))
        need("growth", _other_unit(rules, frame["unit"]), "the printed change is in another unit than the row's",
             "printed-mismatch")  # fmt: skip
        for column in ("growth_basis", "growth_value", "growth_reading", "growth_bound", "growth_high"):
            said = rules.map(lambda r, c=column: r[c] if isinstance(r, dict) else "")
            given = frame[column]
            clash = usable & (~_empty(given)) & (~_empty(said)) & (given != said) & ~((column == "growth_reading") &
                                                                                 (given == "unresolved"))  # fmt: skip
            if column == "growth_value":
                clash &= pd.to_numeric(given, errors="coerce") != pd.to_numeric(said, errors="coerce")
            need(column, clash, "says something else than the growth printed beside it", "printed-mismatch")
            frame[column] = given.where(~_empty(given), said)
        frame["growth_printed"] = frame.get("growth_printed", _text("", frame.index)).where(
            lambda v: v != "", frame["growth"])  # fmt: skip
    target = frame["target"]
    frame["_target_high"] = _text("", frame.index)  # the upper end of a target printed as a range (130-140亿元)
    parsed = _phrases(target, "target", frame["unit"], need)
    if parsed is not None:
        level = parsed.map(lambda r: isinstance(r, dict))
        unread = parsed.map(lambda r: isinstance(r, str))  # reported once, as a phrase (not also as a number)
        frame["target"] = target.where(~(level | unread), parsed.map(lambda r: r["value"] if isinstance(r, dict)
                                                                      else ""))  # fmt: skip
        side = parsed.map(lambda r: r["direction"] if isinstance(r, dict) else "")
        frame["_target_high"] = parsed.map(lambda r: r["high"] if isinstance(r, dict) else "")
        clash = level & (~_empty(frame["direction"])) & (side != "equal") & (frame["direction"] != side)
        need("direction", clash, "says something else than the target printed beside it", "printed-mismatch")
        frame["direction"] = frame["direction"].where(~_empty(frame["direction"]), side)
        start = parsed.map(lambda r: r["start"] if isinstance(r, dict) else "")  # 由3.5万元增长到5.3万元
        if (~_empty(start)).any():
            given = _stripped(frame["base"])
            clash = (~_empty(start)) & (~_empty(given)) & (pd.to_numeric(given, errors="coerce") !=
                                                     pd.to_numeric(start, errors="coerce"))  # fmt: skip
            need("base", clash, "says something else than the start the target prints", "printed-mismatch")
            frame["base"] = frame["base"].where(~_empty(given), start)
    frame["_base_side"] = _text("equal", frame.index)  # a base printed as a phrase (42%以上): its figure and side
    base = frame["base"] if _plain_only(frame["base"]) else _stripped(frame["base"])  # plain: nothing to strip
    parsed = _phrases(base, "base", frame["unit"], need)
    if parsed is not None:
        ranged = parsed.map(lambda r: isinstance(r, dict) and r["direction"] == "range")
        need("base", ranged, "a base is one figure, not a range", "not-allowed", found=base.copy())
        read = parsed.map(lambda r: isinstance(r, (dict, str)))  # an unread phrase is reported once, as a phrase
        frame["base"] = base.where(~read, parsed.map(lambda r: r["value"] if isinstance(r, dict) else ""))
        frame["_base_side"] = parsed.map(lambda r: r["direction"] if isinstance(r, dict) and r["direction"]
                                         in ("at_least", "at_most") else "equal")  # fmt: skip
    frame["direction"] = frame["direction"].where(~_empty(frame["direction"]), "equal")
    frame["_goal_side"] = _text("equal", frame.index)
    # a further goal is printed the same way (突破600亿元)
    parsed = _phrases(frame["goal"], "goal", frame["unit"], need) if "goal" in frame else None
    if parsed is not None:
        read = parsed.map(lambda r: isinstance(r, dict) or isinstance(r, str))
        frame["goal"] = frame["goal"].where(~read, parsed.map(lambda r: r["value"] if isinstance(r, dict) else ""))
        frame["_goal_side"] = parsed.map(lambda r: r["direction"] if isinstance(r, dict) else "equal")
    if "goal_growth" in frame and (~_empty(frame["goal_growth"])).any():
        unread = {t for t in set(frame["goal_growth"]) if t and isinstance(_rule(t), str)}
        need("goal_growth", frame["goal_growth"].isin(unread), "cannot read this text as a growth rule",
             "unknown-phrase")  # fmt: skip
    frame["growth_basis"] = frame["growth_basis"].where(
        (~_empty(frame["growth_basis"])) | (~_empty(frame["growth_value"])), "none")  # fmt: skip
    return frame


def _other_unit(parsed: _Parsed, unit: pd.Series) -> pd.Series:
    """Rows whose printed phrase names a unit other than the row's (突破6.5万亿元 in 亿元, 年均增长5000万元 in 元)."""
    said = parsed.map(lambda r: r.get("unit", "") if isinstance(r, dict) else "").to_numpy(dtype=object)
    out = np.zeros(len(said), dtype=bool)
    rows = np.flatnonzero(said != "")  # the rows whose phrase names a unit
    units = unit.to_numpy(dtype=object)
    out[rows] = [bool(u and not _same_unit(s, u)) for s, u in zip(said[rows], units[rows])]
    return pd.Series(out, index=unit.index)


def _rule(text: str) -> dict[str, str] | str:
    """A printed growth rule as the table's text columns, or the reason it cannot be read."""
    try:
        r = parse_rule(text)
    except PhraseError as err:
        return str(err)
    reading = r.reading or ("relative" if r.basis == "annual" else "")
    return {"growth_basis": r.basis, "growth_value": "" if r.value is None else str(r.value),
            "growth_reading": reading if r.basis != "none" else "", "growth_bound": r.bound if r.basis != "none" else "",
            "growth_high": "" if r.high is None else str(r.high), "unit": r.unit or ""}  # fmt: skip


def _phrases(cells: pd.Series, column: str, unit: pd.Series, need: Any) -> _Parsed | None:
    """Each cell of ``column`` printed as a phrase (突破600亿元), read once per distinct text: its figure and side
    (a dict), the reason it cannot be read (a str, reported), or None for a plain number or an empty cell. A phrase
    in another unit than the row's is reported too. None when no cell is a phrase."""
    if _plain_only(cells):  # numbers alone (as a table's base and target columns mostly are): no phrase
        return None
    parsed = _Parsed(cells, lambda t: None if looks_numeric(t) else _level(t), plain_none=True)
    if not any(parsed.readings):
        return None
    need(column, parsed.map(lambda r: isinstance(r, str)), f"cannot read this text as a {column}", "unknown-phrase",
         found=cells.copy())  # fmt: skip
    need(column, _other_unit(parsed, unit), f"the printed {column} is in another unit than the row's",
         "printed-mismatch", found=cells.copy())  # fmt: skip
    return parsed


def _level(text: str) -> dict[str, str] | str:
    """A printed target as its figure and side, or the reason it cannot be read."""
    try:
        t = parse_level(text)
    except PhraseError as err:
        return str(err)
    return {"value": str(t.value), "direction": {"about": "equal"}.get(t.bound, t.bound),
            "start": "" if t.start is None else str(t.start), "unit": t.unit or "",
            "high": "" if t.high is None else str(t.high)}  # fmt: skip


class _Parsed:
    """The reading of each cell of a column, made once per distinct text (tables repeat their rules and targets
    from plan to plan); :meth:`map` is ``Series.map`` over the readings at the cost of the distinct texts."""

    def __init__(self, cells: pd.Series, read: Any, plain_none: bool = False) -> None:
        """``plain_none``: a text of plain number characters alone (or empty) reads as None, without ``read``."""
        self.index = cells.index
        self.codes, uniques = pd.factorize(cells.to_numpy(dtype=object))
        if plain_none:
            self.readings = [read(text) if text.strip(_PLAIN_CHARS) else None for text in uniques]
        else:
            self.readings = [read(text) for text in uniques]

    def map(self, fn: Any) -> pd.Series:
        done = [fn(r) for r in self.readings]
        if all(type(v) is bool for v in done):
            return pd.Series(np.array(done, dtype=bool)[self.codes], index=self.index)
        values = np.empty(len(done), dtype=object)
        values[:] = done
        return pd.Series(values[self.codes], index=self.index, dtype=object)


def _empty(column: pd.Series) -> pd.Series:
    """Which cells are empty (numpy's comparison: pandas' own on a column of objects takes five times as long)."""
    return pd.Series(column.to_numpy(dtype=object) == "", index=column.index)


def _text(value: str, index: pd.Index) -> pd.Series:
    """A column holding ``value`` on every row, as Python strings (object dtype, as the cells are read)."""
    return pd.Series(filled(len(index), value), index=index, dtype=object)


def _on_uniques(column: pd.Series, fn: Any) -> pd.Series:
    """``fn`` applied to each distinct value once and spread back (plan tables repeat ids, kinds and units)."""
    codes, uniques = pd.factorize(column)
    done = np.array([fn(u) for u in uniques], dtype=object)
    return pd.Series(done[codes] if len(done) else np.array([], dtype=object), index=column.index, dtype=object)


def _plain_only(column: pd.Series) -> bool:
    """Whether every cell is made of plain number characters alone (digits, ``.``, ``+``, ``-``) or empty: then it
    holds no phrase and no space, and the readings of the phrases need not look at it."""
    try:
        return not "".join(column.to_numpy(dtype=object).tolist()).translate(_NOT_PLAIN)
    except TypeError:  # a cell that is not text
        return False


def _numeric(column: pd.Series) -> pd.Series:
    """``pd.to_numeric(column, errors="coerce")`` of a text column, each distinct text converted once."""
    codes, uniques = pd.factorize(column.to_numpy(dtype=object))
    done = pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce").to_numpy(dtype=float)
    return pd.Series(done[codes] if len(done) else np.zeros(len(codes)), index=column.index)


def _stripped(column: pd.Series) -> pd.Series:
    """The column with surrounding spaces removed, as Python strings; each distinct cell stripped once (tables
    repeat their ids, kinds, units and figures from plan to plan)."""
    return _strip_codes(column)[0]


def _strip_codes(column: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """:func:`_stripped`, with each row's code and the stripped text of each code."""
    values = column.to_numpy(dtype=object)
    codes, uniques = pd.factorize(values)
    stripped = np.array([u.strip() for u in uniques], dtype=object)
    if len(stripped) and (stripped != uniques).any():
        values = stripped[codes]
    return pd.Series(values, index=column.index, dtype=object), codes, stripped


def _numbers(raw: pd.Series, column: str, lines: pd.Series, need: Any, path: Path,
             session: Session) -> tuple[pd.Series, pd.Series]:  # fmt: skip
    """Value and printed decimals of a column of printed numbers, each read as every reader reads one
    (:func:`~.textfile.read_number`): a column of plain decimals at once, any other once per distinct text
    (full-width digits, 1,234, 5% with the notices of plan files; 1,5 or 150.2¹ refused). Empty: NaN."""
    plain_only = _plain_only(raw)
    if plain_only:  # nothing to strip
        cells = raw
        row_codes, texts = pd.factorize(raw.to_numpy(dtype=object))
    else:
        cells, row_codes, texts = _strip_codes(raw)  # cells are text, as read
    longest = max(map(len, texts), default=0)
    if longest <= _PLAIN_LONGEST and (plain_only or not "".join(texts).translate(_NOT_PLAIN)):
        try:  # each distinct text; an object array of str converts with Python's float(), as every reader reads
            value = np.where(texts == "", "nan", texts).astype(float) + 0.0  # + 0.0: a negative zero is zero
            places = _places(texts, longest)
            return pd.Series(value[row_codes], index=raw.index), pd.Series(places[row_codes], index=raw.index)
        except ValueError:  # "1.2.3", "+": read one by one
            pass
    codes, uniques = pd.factorize(cells)
    first = pd.Series(lines.to_numpy()).groupby(codes).min().to_numpy()  # the first line of each distinct text
    values, places = np.full(len(uniques), np.nan), np.zeros(len(uniques), dtype=int)
    plain = np.fromiter((len(u) <= _PLAIN_LONGEST and not u.translate(_NOT_PLAIN) for u in uniques), bool,
                        len(uniques))  # fmt: skip
    if plain.any():
        values[plain] = pd.to_numeric(pd.Series(uniques[plain]), errors="coerce").to_numpy()
        places[plain] = _decimals(pd.Series(uniques[plain])).to_numpy()
    messages, refused = filled(len(uniques), ""), filled(len(uniques), "")
    noted: dict[str, tuple[int, str, str]] = {}  # each kind of conversion: the first line, its cell and text read
    for k in np.flatnonzero(~plain | np.isnan(values)):  # the others, and "1.2.3": read one by one
        text = uniques[k]
        try:
            number, done, normal = read_number(text)
        except PlanError as err:
            messages[k], refused[k] = err.message, err.code
            continue
        if number is not None:
            values[k], places[k] = float(number), decimals_of(number)
        for what in done:
            if what not in noted or first[k] < noted[what][0]:
                noted[what] = (int(first[k]), text, normal)
    for what, (line, text, normal) in noted.items():
        note_reading(session, path, column, line, what, text, normal)
    for code in set(refused) - {""}:  # the message quotes the cell
        need(column, pd.Series(refused[codes] == code, index=raw.index), pd.Series(messages[codes], index=raw.index),
             code, found=_text("", raw.index))  # fmt: skip
    return pd.Series(values[codes], index=raw.index) + 0.0, pd.Series(places[codes], index=raw.index)


def _places(texts: np.ndarray, longest: int = _PLAIN_LONGEST) -> np.ndarray:
    """Digits after the first decimal point of each text of at most ``longest`` characters ("150.2" → 1,
    "242" → 0), at once: the texts as a grid of code points, ``longest`` wide."""
    if not len(texts):
        return np.zeros(0, dtype=int)
    longest = max(longest, 1)
    grid = texts.astype(f"U{longest}").view(np.uint32).reshape(len(texts), longest)
    dot = grid == ord(".")
    return np.where(dot.any(axis=1), (grid != 0).sum(axis=1) - dot.argmax(axis=1) - 1, 0).astype(int)


def _decimals(text: pd.Series) -> pd.Series:
    """Digits after the decimal point as printed ("150.2" → 1, "242" → 0)."""
    arr = text.to_numpy(dtype=str)
    dot = np.char.find(arr, ".")
    return pd.Series(np.where(dot >= 0, np.char.str_len(arr) - dot - 1, 0), index=text.index)


def _problems(
    frame: pd.DataFrame, bad: list[tuple[pd.Series, str, str | pd.Series, str, pd.Series | None]], path: Path
) -> dict[str, list[PlanError]]:
    out: dict[str, list[PlanError]] = {}
    for mask, column, message, code, found in bad:
        shown_cells = (found[mask] if found is not None else frame.loc[mask, column] if column in frame
                       else [""] * int(mask.sum()))  # fmt: skip
        messages = message[mask] if isinstance(message, pd.Series) else [message] * int(mask.sum())
        for plan_id, line, value, text in zip(frame.loc[mask, "plan"], frame.loc[mask, "_line"], shown_cells, messages):
            cell = f" (found {shown(value)})" if value not in ("", None) and code not in ("duplicate-id",) else ""
            out.setdefault(plan_id or "(no plan id)", []).append(
                PlanError(text + cell, Location(path, int(line), field=column), code)
            )
    for problems in out.values():
        problems.sort(key=lambda p: (p.location.line or 0) if p.location else 0)
    return out


def _stacks(frame: pd.DataFrame, path: Path, session: Session | None = None,
            scenarios: dict[tuple[int, int, int], Any] | None = None) -> list[Stack]:  # fmt: skip
    """One stack per distinct (base, target, horizon) years; usually one. ``scenarios``: those made for each years,
    kept for the next chunk of the table."""
    if frame.empty:
        return []
    builtin = default_plan_dir() / "scenarios.yaml"
    out = []
    keys = ["_plan_base_year", "_plan_target_year", "_plan_horizon_year"]
    same = all(frame[k].nunique() == 1 for k in keys)  # one group (as a table mostly is): no copy of the rows
    groups = [(tuple(frame[k].iloc[0] for k in keys), frame)] if same else frame.groupby(keys, sort=False)
    for (base_year, target_year, horizon_year), rows in groups:
        ind = _indicators(rows, path)
        plan_ids = tuple(dict.fromkeys(rows["plan"]))
        firsts = rows.drop_duplicates("plan")
        meta = {"id": "stack", "name": path.name, "base_year": int(base_year), "target_year": int(target_year),
                "horizon_year": int(horizon_year)}  # fmt: skip
        years = Years(int(base_year), int(target_year), int(horizon_year))
        made = scenarios if scenarios is not None else {}
        key = (int(base_year), int(target_year), int(horizon_year))
        if key not in made:
            made[key] = fitting(read_scenarios(builtin, years), years, builtin, session or Session())
        plan = model.Plan(meta=meta, indicators=ind, quotes=pd.DataFrame(columns=vocabulary.QUOTE_COLUMNS),
                          history=pd.DataFrame(), projects=pd.DataFrame(), scenarios=made[key], directory=path.parent,
                          files={"plans": path, "baseline": path, "indicators": path, "relations": path},
                          goals=_goals(rows), relations=_relations(rows))  # fmt: skip
        plan.columns  # noqa: B018 - the typed arrays the arithmetic reads: built with the stack, as part of reading the table
        out.append(Stack(plan=plan, plan_ids=plan_ids,
                         sources={p: f"{path}:{line}" for p, line in zip(firsts["plan"], firsts["_line"])}))  # fmt: skip
    return out


def _goals(rows: pd.DataFrame) -> pd.DataFrame:
    """A further horizon per row where the table gives one: ``goal_year``, ``goal`` and ``goal_growth`` (printed)."""
    if "goal_year" not in rows or not (~_empty(rows["goal_year"])).any():
        return pd.DataFrame(columns=vocabulary.GOAL_COLUMNS)
    chosen = rows[~_empty(rows["goal_year"])]
    growth = chosen["goal_growth"] if "goal_growth" in chosen else _text("", chosen.index)
    rules = {t: _rule(t) for t in set(growth) if t}
    parsed: list[dict[str, str] | None] = []
    for t in growth:
        r = rules.get(t)
        parsed.append(r if isinstance(r, dict) else None)
    out = pd.DataFrame({
        "id": chosen["plan"] + SEP + chosen["id"], "year": chosen["goal_year"].astype(float).astype(int),
        "target": chosen["_goal"], "target_decimals": chosen["_goal_dec"].where(chosen["_goal"].notna()),
        "target_high": np.nan, "direction": chosen["_goal_side"], "growth_printed": growth.where(~_empty(growth), None),
        "growth_basis": [r["growth_basis"] if r else "none" for r in parsed],
        "growth_value": [float(r["growth_value"]) if r and r["growth_value"] else np.nan for r in parsed],
        "growth_decimals": [_decimals(pd.Series([r["growth_value"]])).iloc[0] if r and r["growth_value"] else pd.NA
                            for r in parsed],
        "growth_reading": [r["growth_reading"] or None if r else None for r in parsed],
        "growth_bound": [r["growth_bound"] or "equal" if r else "equal" for r in parsed],
        "growth_high": [float(r["growth_high"]) if r and r["growth_high"] else np.nan for r in parsed],
        "section": None, "line": pd.NA, "snippet": None, "url": None, "yaml_line": chosen["_line"],
    })  # fmt: skip
    for column in ("year", "target_decimals", "growth_decimals", "line", "yaml_line"):
        out[column] = out[column].astype("Int64")
    return out.reset_index(drop=True)


def _relations(rows: pd.DataFrame) -> tuple[dict[str, Any], ...]:
    """A sum relation per parent the ``parent`` column names: its rows are the parts."""
    if "parent" not in rows or not (~_empty(rows["parent"])).any():
        return ()
    out = []
    for (plan_id, parent), parts in rows[~_empty(rows["parent"])].groupby(["plan", "parent"], sort=False):
        out.append({"id": f"{parent}-parts", "type": "sum", "total": f"{plan_id}{SEP}{parent}",
                    "parts": [f"{plan_id}{SEP}{p}" for p in parts["id"]], "of": "all", "description": None,
                    "source": {"section": None, "line": None, "snippet": None, "url": None},
                    "yaml_line": int(parts["_line"].iloc[0])})  # fmt: skip
    return tuple(out)


def _opt(rows: pd.DataFrame, col: str, default: pd.Series | str) -> pd.Series:
    if col not in rows:
        return default if isinstance(default, pd.Series) else _text(default, rows.index)
    value = rows[col]
    return value.where(~_empty(value), default)


def _or_none(rows: pd.DataFrame, col: str) -> pd.Series:
    """A column's cells, None where empty (or where the table has no such column)."""
    if col not in rows:
        return pd.Series(filled(len(rows), None), index=rows.index, dtype=object)
    return pd.Series([a or None for a in rows[col].tolist()], index=rows.index, dtype=object)


def _indicators(rows: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The engine's indicator columns (:data:`vocabulary.INDICATOR_COLUMNS`) from table rows."""
    basis = rows["growth_basis"]
    # the printed rule of each distinct (basis, figure): tables repeat both from plan to plan
    b_codes, b_uniques = pd.factorize(basis.to_numpy(dtype=object))
    g_codes, g_uniques = pd.factorize(rows["growth_value"].to_numpy(dtype=object))
    width = max(len(g_uniques), 1)
    pairs, pair_codes = np.unique(b_codes.astype(np.int64) * width + g_codes, return_inverse=True)
    texts = np.empty(len(pairs), dtype=object)
    for k, pair in enumerate(pairs.tolist()):
        b, g = b_uniques[pair // width], g_uniques[pair % width].rstrip("%")
        texts[k] = f"年均 {g}%" if b == "annual" else f"累计 {g}" if b == "cumulative" else ""
    printed = texts[pair_codes.reshape(-1)] if len(rows) else np.array([], dtype=object)
    interp = _on_uniques(rows["kind"], lambda k: vocabulary.DEFAULT_INTERPOLATION.get(k, "linear")
                         if k in vocabulary.KINDS else np.nan)  # fmt: skip
    line = rows["_line"].astype("Int64")
    has = {c: rows[f"_{c}"].notna() for c in ("base", "target", "growth_value")}
    n = len(rows)
    columns: dict[str, Any] = {
        "id": rows["plan"] + SEP + rows["id"], "name": rows["name"], "name_en": _opt(rows, "name_en", rows["name"]),
        "category": filled(n, ""), "unit": rows["unit"], "unit_en": _opt(rows, "unit_en", rows["unit"]),
        "kind": rows["kind"], "direction": rows["direction"], "lower": rows["_lower_b"], "upper": rows["_upper_b"],
        "attribute": _or_none(rows, "attribute"), "origin": _opt(rows, "origin", "table"),
        "group": filled(n, None),
        "base": rows["_base"], "base_decimals": rows["_base_dec"].where(has["base"]).astype("Int64"),
        "base_side": rows["_base_side"] if "_base_side" in rows else filled(n, "equal"),
        "target": rows["_target"], "target_decimals": rows["_target_dec"].where(has["target"]).astype("Int64"),
        "growth_printed": _opt(rows, "growth_printed", pd.Series(printed, index=rows.index, dtype=object)),
        "growth_basis": np.where(has["growth_value"] | (basis == "none"), basis.to_numpy(dtype=object), "none")
        .astype(object),
        "growth_value": rows["_growth_value"],
        "growth_decimals": rows["_growth_value_dec"].where(has["growth_value"]).astype("Int64"),
        "growth_reading": rows["_reading"].where(~_empty(rows["_reading"]), None),
        "growth_bound": rows["growth_bound"].where(~_empty(rows["growth_bound"]), "equal"),
        "growth_high": rows["_growth_high"],
        "target_high": _numeric(rows["_target_high"]),
        "interpolation": interp, "tags": _opt(rows, "tags", ""),
        "prices": _or_none(rows, "prices"), "scope": _or_none(rows, "scope"),
        "section": _opt(rows, "section", ""), "line": _numeric(_opt(rows, "line", "")).round().astype("Int64"), "snippet": _opt(rows, "snippet", ""),
        "base_section": _opt(rows, "section", ""), "base_line": pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)),
        "base_snippet": filled(n, None), "base_note": filled(n, None),
        "note": filled(n, None), "yaml_line": line, "target_line": line, "csv_line": line,
        "base_year": rows["_base_year"], "target_year": rows["_target_year"],
    }  # fmt: skip
    # the engine's columns in their order (those a table has no cells for: NaN), then the file and the plan; text as
    # Python strings (object dtype), as the cells are read
    index = pd.RangeIndex(n)
    data = {c: _cells_of(columns.get(c, np.nan), index) for c in vocabulary.INDICATOR_COLUMNS}
    data["source_file"] = _cells_of(filled(n, path.name), index)
    data["plan"] = _cells_of(rows["plan"], index)
    return pd.DataFrame(data, index=index)


def _cells_of(values: Any, index: pd.Index) -> Any:
    """A column's values on ``index`` (positions), in their dtype (an object array as Python strings, not the str
    dtype pandas would infer); a scalar as it is."""
    if isinstance(values, pd.Series):
        return values.set_axis(index)
    if isinstance(values, np.ndarray):
        return pd.Series(values, index=index, dtype=values.dtype, copy=False)
    return values

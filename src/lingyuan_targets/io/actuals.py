"""Observed values (from statistical bulletins and yearbooks) for the plan's indicators.

An actuals file is a CSV with the columns ``id, year, value, source`` and, as
bulletins publish figures, the optional columns

* ``measure``: ``level`` (default) or ``growth``, the percent change on the same
  period a year earlier (地区生产总值同比增长4.1%: ``4.1``); growth figures are for
  indicators measured as levels;
* ``basis``: ``current`` or ``comparable`` prices (现价 / 可比价). A growth figure
  is by default on the prices the indicator's planned rate is at (GDP: comparable);
  a level is at current prices unless its row says otherwise;
* ``period``: ``year`` (default), ``Q1`` … ``Q4``, ``H1``, ``H2``, ``Q1-Q3``, or a
  month range ``M1-M5`` (1-5月); Chinese names (一季度, 上半年, 前三季度, 1-5月) too;
* ``status``: ``final`` (default) or ``preliminary`` (预计, 初步核算); a final figure
  supersedes a preliminary one for the same cell (the kept row's ``superseded`` and
  ``superseded_line`` say which);
* ``scope``: free text (全口径, 不含凌钢), compared with the indicator's own scope;
* ``note``; and ``name``, ``unit``, which a template carries for the person filling
  it in and the reader ignores.

What a level's ``value`` means follows the indicator's kind:

* ``level``, ``share``, ``limit`` — the value in that year;
* ``period_total`` — the amount of that year alone (the tool adds the years up);
* ``period_change`` — the change since the base year, in percent, in the
  target's own sense (energy intensity *down* 7.5% → ``7.5``).

A row whose ``value`` and ``source`` are both empty is a template row not filled
in, and is skipped. A ``year`` runs from the plan's base year (the year after it
for a growth) to 2100; a year after the plan's horizon is read, with a warning
(2099 for 2029 is a typo more often than a figure). The file is read like the
plan files: every problem is collected with its file, line and field, and
:func:`read_actuals` raises one :class:`PlanError` listing them all; unknown
columns are warnings.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..plan.errors import Location, PlanError, shown
from ..plan.model import Plan
from ..plan.prices import price_bases
from ..plan.printed import decimals_of, format_half_up
from ..plan.suggest import did_you_mean
from .csvtables import _each_row, _int_cell, _parse_decimal
from .fields import _SESSION
from .textfile import Session

ACTUALS_COLUMNS = ("id", "year", "value", "source")
OPTIONAL_COLUMNS = ("measure", "basis", "period", "status", "scope", "note", "name", "unit")
COLUMNS = ["id", "year", "period", "measure", "basis", "status", "scope", "value", "decimals", "source", "note",
           "csv_line", "superseded", "superseded_line"]  # fmt: skip
LAST_YEAR = 2100

#: accepted spellings of each optional column's values (NFKC-normalised, lower case) → the code
MEASURES = {"level": "level", "水平": "level", "总量": "level", "绝对值": "level", "growth": "growth",
            "增长": "growth", "增速": "growth", "同比": "growth", "同比增长": "growth", "增长率": "growth"}  # fmt: skip
BASES = {"current": "current", "nominal": "current", "现价": "current", "当年价": "current", "名义": "current",
         "comparable": "comparable", "real": "comparable", "constant": "comparable", "可比价": "comparable",
         "可比": "comparable", "不变价": "comparable", "按可比价格计算": "comparable"}  # fmt: skip
STATUSES = {"final": "final", "最终": "final", "最终核实": "final", "核实": "final", "正式": "final",
            "preliminary": "preliminary", "provisional": "preliminary", "预计": "preliminary",
            "初步核算": "preliminary", "初步": "preliminary", "快报": "preliminary", "初值": "preliminary"}  # fmt: skip
_NAMED_PERIODS = {"year": "year", "全年": "year", "年度": "year", "annual": "year", "q1-q4": "year",
                  "q1": "Q1", "一季度": "Q1", "第一季度": "Q1", "q2": "Q2", "二季度": "Q2", "第二季度": "Q2",
                  "q3": "Q3", "三季度": "Q3", "第三季度": "Q3", "q4": "Q4", "四季度": "Q4", "第四季度": "Q4",
                  "h1": "H1", "上半年": "H1", "q1-q2": "H1", "h2": "H2", "下半年": "H2", "q3-q4": "H2",
                  "q1-q3": "Q1-Q3", "前三季度": "Q1-Q3", "1-3季度": "Q1-Q3", "一至三季度": "Q1-Q3"}  # fmt: skip
_MONTHS = re.compile(r"^(?:m(\d{1,2})-m(\d{1,2})|(\d{1,2})(?:月)?[-~至到](\d{1,2})月?|m(\d{1,2})|(\d{1,2})月)$")
#: month ranges that are named periods (1-3月 is Q1): one name for one span, so a conflicting pair is a duplicate
_NAMED_MONTHS = {(1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4", (1, 6): "H1", (7, 12): "H2",
                 (1, 9): "Q1-Q3", (1, 12): "year"}  # fmt: skip
#: the last month each named period covers (to order a year's figures; a year covers all twelve)
PERIOD_SPAN = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12),
               "Q1-Q3": (1, 9), "year": (1, 12)}  # fmt: skip


def period_span(period: str) -> tuple[int, int]:
    """The first and last month ``period`` (a code of :func:`parse_period`) covers."""
    if period in PERIOD_SPAN:
        return PERIOD_SPAN[period]
    first, last = period.split("-")
    return int(first[1:]), int(last[1:])


def period_end(period: str) -> int:
    """The last month ``period`` covers."""
    return period_span(period)[1]


def parse_period(text: str) -> str | None:
    """``year``, ``Q1``…``Q4``, ``H1``, ``H2``, ``Q1-Q3`` or ``M<a>-M<b>`` from a cell (None when not a period)."""
    cell = unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "").replace("—", "-").replace("–", "-")
    if cell in ("", "-"):
        return "year"
    if cell in _NAMED_PERIODS:
        return _NAMED_PERIODS[cell]
    m = _MONTHS.match(cell)
    if not m:
        return None
    a, b = (
        (m.group(1) or m.group(3) or m.group(5) or m.group(6)),
        (m.group(2) or m.group(4) or m.group(5) or m.group(6)),
    )
    first, last = int(a), int(b)
    if not 1 <= first <= last <= 12:
        return None
    return _NAMED_MONTHS.get((first, last), f"M{first}-M{last}")


def read_actuals(path: str | Path, plan: Plan, *, encoding: str | None = None) -> pd.DataFrame:
    """Actuals as a frame (columns :data:`COLUMNS`), sorted by id, year and period.

    Raises :class:`PlanError` when the file cannot be used; ``err.problems``
    holds every problem found.
    """
    frame, session = _read(Path(path), plan, Session(encoding=encoding))
    if session.problems:
        raise PlanError.collected(session.problems)
    return frame


def validate_actuals(path: str | Path, plan: Plan, *, encoding: str | None = None) -> Session:
    """Read an actuals file and return every problem, warning and notice, without raising."""
    return _read(Path(path), plan, Session(encoding=encoding))[1]


def read_actuals_session(path: str | Path, plan: Plan, *, encoding: str | None = None) -> tuple[pd.DataFrame,
                                                                                                  Session]:  # fmt: skip
    """The frame and the reading session (problems, warnings, notices) of one reading; the frame is usable only
    when the session holds no problem."""
    return _read(Path(path), plan, Session(encoding=encoding))


def _read(path: Path, plan: Plan, session: Session) -> tuple[pd.DataFrame, Session]:
    session.stdin = True  # an actuals file may be piped in: - or /dev/stdin
    token = _SESSION.set(session)
    try:
        frame = _rows(path, plan, session)
    except PlanError as err:
        session.problems.append(err)
        frame = pd.DataFrame(columns=COLUMNS)
    finally:
        _SESSION.reset(token)
    session.problems.sort(key=lambda p: (p.location.line or 0) if p.location else 0)
    return frame, session


def _code(text: str, vocabulary: dict[str, str], default: str | None) -> str | None:
    cell = unicodedata.normalize("NFKC", text).strip().lower()
    return default if cell == "" else vocabulary.get(cell, "?")


def _choices(vocabulary: dict[str, str]) -> str:
    return ", ".join(dict.fromkeys(k for k in vocabulary if k.isascii()))


def _rows(path: Path, plan: Plan, session: Session) -> pd.DataFrame:
    ind = plan.indicators.set_index("id")
    known = set(ind.index)
    kinds = ind["kind"].to_dict()
    prices = {ident: basis for ident, (basis, _) in price_bases(plan.indicators).items()}
    seen: dict[tuple[Any, ...], int] = {}
    header: list[str] = []
    later: list[tuple[int, int]] = []  # (line, year) of the rows for years after the plan's horizon

    def build(line: int, row: dict[str, str]) -> dict[str, Any] | None:
        if not header:
            header.extend(row)
        if not row["value"].strip() and not row["source"].strip():
            return None  # a template row not filled in
        ident = row["id"].strip()
        if ident not in known:
            raise PlanError(f"no indicator with id {shown(ident)} in the plan{did_you_mean(ident, known)}", Location(path, line, field="id"),
                            "unknown-id", hint="ids")  # fmt: skip
        year = _int_cell(row["year"], path, line, "year")
        if year is None:
            raise PlanError("a year is required", Location(path, line, field="year"), "missing-field")
        measure = _code(row.get("measure", ""), MEASURES, "level")
        if measure == "?":
            raise PlanError(f"{shown(row['measure'].strip())} is not one of: level, growth (a percent change on the "
                            "same period a year earlier)", Location(path, line, field="measure"), "not-allowed")  # fmt: skip
        if measure == "growth" and kinds[ident] != "level":
            raise PlanError(f"a growth figure is for an indicator measured as a level; {shown(ident)} is a "
                            f"{kinds[ident]} (give its value)", Location(path, line, field="measure"), "not-allowed")  # fmt: skip
        first = plan.base_year + (1 if measure == "growth" else 0)
        if not first <= year <= LAST_YEAR:
            after = "growth figures start the year after the base year" if measure == "growth" else (
                "actuals start at the base year")  # fmt: skip
            raise PlanError(f"year {year} is outside {first}-{LAST_YEAR} ({after})", Location(path, line, field="year"),
                            "out-of-range")  # fmt: skip
        if year > plan.horizon_year:
            later.append((line, year))
        basis = _code(row.get("basis", ""), BASES, None)
        if basis == "?":
            raise PlanError(f"{shown(row['basis'].strip())} is not one of: {_choices(BASES)} (or 现价, 可比价)",
                            Location(path, line, field="basis"), "not-allowed")  # fmt: skip
        if basis is None:  # a growth is on the plan rate's prices; a level is at current prices
            basis = (prices.get(ident) or "current") if measure == "growth" else "current"
        period = parse_period(row.get("period", ""))
        if period is None:
            raise PlanError(f"{shown(row['period'].strip())} is not a period: year, Q1-Q4, H1, H2, Q1-Q3 or a month range "
                            "M1-M5 (一季度, 上半年, 前三季度, 1-5月)", Location(path, line, field="period"), "not-allowed")  # fmt: skip
        status = _code(row.get("status", ""), STATUSES, "final")
        if status == "?":
            raise PlanError(f"{shown(row['status'].strip())} is not one of: final, preliminary (预计, 初步核算)",
                            Location(path, line, field="status"), "not-allowed")  # fmt: skip
        value = _parse_decimal(row["value"], path, line, "value")
        if value is None:
            raise PlanError("a value is required (leave the row out when there is none)",
                            Location(path, line, field="value"), "missing-field")  # fmt: skip
        if measure == "growth" and value <= -100:
            raise PlanError(f"a growth of {value}% would leave nothing (a fall is above -100)",
                            Location(path, line, field="value"), "out-of-range")  # fmt: skip
        source = row["source"].strip()
        if not source:
            raise PlanError("say where the figure comes from (e.g. 2023年凌源市国民经济和社会发展统计公报)",
                            Location(path, line, field="source"), "missing-field")  # fmt: skip
        cell = (ident, year, period, measure, basis, status)
        if cell in seen:
            what = f"{measure} ({basis} prices)" if measure == "growth" else "value"
            raise PlanError(f"duplicate {status} {what} for {shown(ident)} in {year}"
                            f"{'' if period == 'year' else ' ' + period} (first on line {seen[cell]})",
                            Location(path, line, field="year"), "duplicate-id")  # fmt: skip
        seen[cell] = line
        return {"id": ident, "year": year, "period": period, "measure": measure, "basis": basis, "status": status,
                "scope": (row.get("scope") or "").strip() or None, "value": float(value),
                "decimals": decimals_of(value), "source": source,
                "note": (row.get("note") or "").strip() or None, "csv_line": line, "superseded": None,
                "superseded_line": None}  # fmt: skip

    records = [r for r in _each_row(path, ACTUALS_COLUMNS, build, OPTIONAL_COLUMNS) if r is not None]
    if later:
        rows = f"{len(later):,} rows are" if len(later) > 1 else "a row is"
        session.warn(path, f"{rows} for a year after the plan's horizon {plan.horizon_year} (first on line "
                     f"{later[0][0]}: {later[0][1]}); read, though no target or projection reaches it")  # fmt: skip
    for column in header:
        if column not in ACTUALS_COLUMNS + OPTIONAL_COLUMNS:
            close = difflib.get_close_matches(column, ACTUALS_COLUMNS + OPTIONAL_COLUMNS, n=1)
            session.warn(path, f"unknown column {shown(column)} is ignored"
                         + (f"; did you mean {close[0]!r}?" if close else
                            f" (the columns are {', '.join(ACTUALS_COLUMNS + OPTIONAL_COLUMNS)})"))  # fmt: skip
    frame = pd.DataFrame(records, columns=COLUMNS)
    if frame.empty:
        return frame
    frame = _supersede(frame)
    frame["year"] = frame["year"].astype(int)
    frame["_end"] = frame["period"].map(period_end)
    frame = frame.sort_values(["id", "year", "_end", "measure", "basis"], kind="stable")
    return frame.drop(columns="_end").reset_index(drop=True)


def _supersede(frame: pd.DataFrame) -> pd.DataFrame:
    """A final figure replaces a preliminary one of the same cell; the kept row says what it replaced."""
    cell = ["id", "year", "period", "measure", "basis"]
    finals = frame[frame["status"] == "final"]
    prelim = frame[frame["status"] == "preliminary"]
    replaced = prelim.merge(finals[cell].assign(_final=finals.index), on=cell, how="inner")
    if replaced.empty:
        return frame
    frame = frame.copy()
    text = [
        figure_text(v, d, m == "growth")
        for v, d, m in zip(replaced["value"], replaced["decimals"], replaced["measure"])
    ]
    frame.loc[replaced["_final"].to_numpy(), "superseded"] = text
    frame.loc[replaced["_final"].to_numpy(), "superseded_line"] = replaced["csv_line"].to_numpy()
    keys = pd.MultiIndex.from_frame(prelim[cell])
    return frame.drop(index=prelim.index[keys.isin(pd.MultiIndex.from_frame(finals[cell]))])


def figure_text(value: float, decimals: Any, growth: bool = False) -> str:
    """A figure as it was given, to its own decimals (1 when unknown); a growth with its sign and a percent.

    >>> figure_text(169.3, 1), figure_text(5, 0, growth=True), figure_text(-9.3, 1, growth=True)
    ('169.3', '+5%', '-9.3%')
    """
    known = isinstance(decimals, (int, float, np.number)) and np.isfinite(decimals)
    text = format_half_up(float(value), max(int(decimals), 0) if known else 1)
    return (text if text.startswith("-") else "+" + text) + "%" if growth else text

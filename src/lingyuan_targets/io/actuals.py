"""Observed values (from statistical bulletins and yearbooks) for the plan's indicators.

An actuals file is a CSV with the columns ``id, year, value, source`` (and an
optional ``note``); any subset of indicators and years. What ``value`` means
follows the indicator's kind:

* ``level``, ``share``, ``limit`` — the value in that year;
* ``period_total`` — the amount of that year alone (the tool adds the years up);
* ``period_change`` — the change since the base year, in percent, in the
  target's own sense (energy intensity *down* 7.5% → ``7.5``).

The file is read like the plan files: every problem is collected with its
file, line and field, and :func:`read_actuals` raises one :class:`PlanError`
listing them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..plan.errors import Location, PlanError
from ..plan.model import Plan
from ..plan.printed import decimals_of
from .csvtables import _each_row, _int_cell, _parse_decimal
from .fields import _SESSION
from .textfile import Session

ACTUALS_COLUMNS = ("id", "year", "value", "source")
COLUMNS = ["id", "year", "value", "decimals", "source", "note", "csv_line"]
LAST_YEAR = 2100


def read_actuals(path: str | Path, plan: Plan, *, encoding: str | None = None) -> pd.DataFrame:
    """Actuals as a frame (columns :data:`COLUMNS`), sorted by id and year.

    Raises :class:`PlanError` when the file cannot be used; ``err.problems``
    holds every problem found.
    """
    frame, session = _read(Path(path), plan, Session(encoding=encoding))
    if session.problems:
        raise PlanError.collected(session.problems)
    return frame


def validate_actuals(path: str | Path, plan: Plan, *, encoding: str | None = None) -> Session:
    """Read an actuals file and return every problem and notice, without raising."""
    return _read(Path(path), plan, Session(encoding=encoding))[1]


def _read(path: Path, plan: Plan, session: Session) -> tuple[pd.DataFrame, Session]:
    token = _SESSION.set(session)
    try:
        frame = _rows(path, plan)
    except PlanError as err:
        session.problems.append(err)
        frame = pd.DataFrame(columns=COLUMNS)
    finally:
        _SESSION.reset(token)
    session.problems.sort(key=lambda p: (p.location.line or 0) if p.location else 0)
    return frame, session


def _rows(path: Path, plan: Plan) -> pd.DataFrame:
    known = set(plan.indicators["id"])
    seen: dict[tuple[str, int], int] = {}

    def build(line: int, row: dict[str, str]) -> dict[str, Any]:
        ident = row["id"].strip()
        if ident not in known:
            raise PlanError(f"no indicator with id {ident!r} in the plan", Location(path, line, field="id"),
                            "unknown-id", hint="ids")  # fmt: skip
        year = _int_cell(row["year"], path, line, "year")
        if year is None:
            raise PlanError("a year is required", Location(path, line, field="year"), "missing-field")
        if not plan.base_year <= year <= LAST_YEAR:
            raise PlanError(f"year {year} is outside {plan.base_year}-{LAST_YEAR} (actuals start at the base year)",
                            Location(path, line, field="year"), "out-of-range")  # fmt: skip
        value = _parse_decimal(row["value"], path, line, "value")
        if value is None:
            raise PlanError("a value is required (leave the row out when there is none)",
                            Location(path, line, field="value"), "missing-field")  # fmt: skip
        source = row["source"].strip()
        if not source:
            raise PlanError("say where the figure comes from (e.g. 2023年凌源市国民经济和社会发展统计公报)",
                            Location(path, line, field="source"), "missing-field")  # fmt: skip
        if (ident, year) in seen:
            raise PlanError(f"duplicate value for {ident!r} in {year} (first on line {seen[ident, year]})",
                            Location(path, line, field="year"), "duplicate-id")  # fmt: skip
        seen[ident, year] = line
        return {"id": ident, "year": year, "value": float(value), "decimals": decimals_of(value), "source": source,
                "note": (row.get("note") or "").strip() or None, "csv_line": line}  # fmt: skip

    frame = pd.DataFrame(_each_row(path, ACTUALS_COLUMNS, build), columns=COLUMNS)
    if frame.empty:
        return frame
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values(["id", "year"], kind="stable").reset_index(drop=True)

"""The CSV files of a plan: baseline, history, projects and sums; each row checked, problems collected."""

from __future__ import annotations

import csv
import io
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..plan.errors import Location, PlanError, clip, shown
from ..plan.printed import decimals_of
from ..plan.suggest import did_you_mean
from .fields import _record, _session
from .textfile import parse_number, read_text

INDICATORS_FILE = "indicators.yaml"
BASELINE_COLUMNS = ("id", "value")
BASELINE_OPTIONAL = ("unit", "section", "line", "snippet", "note")
HISTORY_COLUMNS = ("table", "series", "series_en", "unit", "row_type", "label", "year",
                   "value", "growth", "section", "line", "snippet", "note")  # fmt: skip
HISTORY_ROW_TYPES = ("year", "total", "average", "change", "vs-plan")
PROJECT_COLUMNS = ("breakdown", "label", "label_en", "count", "investment", "unit",
                   "section", "line", "snippet")  # fmt: skip
SUM_COLUMNS = ("group", "check", "role", "label", "label_en", "value", "unit", "section", "line", "snippet", "note")
SUM_CHECKS = ("sum", "sum-to-100", "shares-of-sum")
SUM_ROLES = ("total", "part", "share")
#: indicator columns that come from the baseline CSV
BASELINE_OWN = ("base_note", "csv_line")


def _parse_decimal(text: str, path: Path, line: int, column: str) -> Decimal | None:
    """A printed number from a CSV cell; a dash or empty cell means "not stated"."""
    return parse_number(text, path, line, column, _session())


def read_csv_rows(
    path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as (line number, {column: text}), with the header checked: ``columns`` are required,
    ``optional`` ones read as empty where the header lacks them.

    A ragged row is a problem of its own; the other rows are still returned.
    """
    session = _session()
    text = read_text(path, session)
    if not text.strip():
        raise PlanError("file is empty", Location(path), "empty-file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    ragged = session.skipped.setdefault(str(path), [])
    last = 1
    try:
        header = [unicodedata.normalize("NFKC", h).strip() for h in next(reader)]
        twice = sorted({c for c in header if c and header.count(c) > 1})
        if twice:
            raise PlanError(f"header names column(s) {', '.join(twice)} more than once; which one is meant cannot be "
                            "told", Location(path, 1), "csv-header")  # fmt: skip
        missing = [c for c in columns if c not in header]
        if missing:
            extra = f" (and may have {','.join(optional)})" if optional else ""
            raise PlanError(f"header lacks column(s) {', '.join(missing)}; expected {','.join(columns)}{extra}",
                            Location(path, 1), "csv-header")  # fmt: skip
        absent = {c: "" for c in optional if c not in header}
        for record in reader:
            line = reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                session.fail(f"row has {len(record)} fields, the header has {len(header)}", Location(path, line),
                             "csv-ragged")  # fmt: skip
                ragged.append(record[0].strip() if record else "")
                continue
            rows.append((line, {**absent, **dict(zip(header, record))}))
            last = line
    except csv.Error as exc:
        # the record that failed starts on the line after the last good one (an unclosed quote runs to the end)
        raise PlanError(
            f"CSV error: {exc} (in the row starting on this line)", Location(path, last + 1), "csv-syntax"
        ) from None
    return rows


def _each_row(path: Path, columns: tuple[str, ...], build: Any, optional: tuple[str, ...] = ()) -> list[Any]:
    """Build a record from each CSV row; a row that fails is collected as a problem and skipped."""
    session = _session()
    out = []
    for line, row in read_csv_rows(path, columns, optional):
        record = _record(session, Location(path, line), lambda line=line, row=row: build(line, row))
        if record is not None:
            out.append(record)
    return out


def _int_cell(text: str, path: Path, line: int, column: str) -> int | None:
    number = _parse_decimal(text, path, line, column)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise PlanError(
            f"expected a whole number, found {shown(text)}", Location(path, line, field=column), "not-integer"
        )
    return int(number)


def _read_baseline(path: Path, indicators: pd.DataFrame) -> pd.DataFrame:
    """Base-year values by id. Only ``id`` and ``value`` are required; a ``unit`` given must be the indicator's.
    An indicator whose base indicators.yaml gives needs no row (and may not have one)."""
    known = dict(zip(indicators["id"], indicators["unit"])) if len(indicators) else {}
    in_yaml = set(indicators.loc[indicators["base_in_yaml"].astype(bool), "id"]) if len(indicators) else set()
    out: dict[str, dict[str, Any]] = {}
    attempted: set[str] = set()  # rows that exist but failed: reported once, not as missing too

    def build(line: int, row: dict[str, str]) -> None:
        ident = row["id"].strip()
        attempted.add(ident)
        if ident not in known:
            raise PlanError(f"no indicator with id {shown(ident)} in {INDICATORS_FILE}{did_you_mean(ident, known)}", Location(path, line, field="id"),
                            "unknown-id")  # fmt: skip
        if ident in out:
            raise PlanError(f"duplicate baseline for {shown(ident)} (first on line {out[ident]['csv_line']})",
                            Location(path, line, field="id"), "duplicate-id")  # fmt: skip
        if ident in in_yaml:
            raise PlanError(f"the base of {shown(ident)} is also given in {INDICATORS_FILE}; give it once",
                            Location(path, line, field="id"), "duplicate-id")  # fmt: skip
        unit = unicodedata.normalize("NFKC", row["unit"]).strip()
        own = known[ident]  # not text when indicators.yaml could not give it (a problem there)
        if unit and isinstance(own, str) and unit != unicodedata.normalize("NFKC", own):
            raise PlanError(f"unit {shown(row['unit'])} differs from {shown(own)} in {INDICATORS_FILE}",
                            Location(path, line, field="unit"), "unit-mismatch")  # fmt: skip
        value = _parse_decimal(row["value"], path, line, "value")
        out[ident] = {
            "id": ident,
            "base": np.nan if value is None else float(value),
            "base_decimals": pd.NA if value is None else decimals_of(value),
            "base_section": row["section"].strip() or None,
            "base_line": _int_cell(row["line"], path, line, "line"),
            "base_snippet": row["snippet"] or None,
            "base_note": row["note"].strip() or None,
            "csv_line": line,
        }

    _each_row(path, BASELINE_COLUMNS, build, BASELINE_OPTIONAL)
    attempted.update(_session().skipped.get(str(path), []))
    missing = [i for i in known if i not in out and i not in attempted and i not in in_yaml]
    if missing:
        _session().fail(
            f"no baseline row for indicator(s) {', '.join(clip(i) for i in missing[:10])}{' …' if len(missing) > 10 else ''} "
            "(write an empty value for 'not stated')", Location(path, field="id"), "missing-baseline",
        )  # fmt: skip
    return pd.DataFrame(list(out.values()), columns=["id", "base", "base_decimals", "base_section", "base_line",
                                                     "base_snippet", "base_note", "csv_line"])  # fmt: skip


def _check_values(ind: pd.DataFrame, ind_path: Path, base_path: Path) -> None:
    """Values the maths cannot use: a non-positive base under compounding, or outside natural bounds."""
    session = _session()
    pathlike = ind["kind"].isin(["level", "share"])
    geometric = (
        (ind["growth_basis"] == "annual")
        | (ind["growth_reading"] == "relative")
        | (ind["growth_basis"].isin(["none"]) | (ind["growth_reading"] == "unresolved"))
        & (ind["interpolation"] == "geometric")
        & ind["target"].notna()
    )
    for row in _selected(ind, pathlike & geometric & (ind["base"] <= 0)):
        session.fail(f"{row['id']}: base {row['base']:g} is not positive, so growth rates are undefined for its rule",
                     Location(base_path, _line(row["csv_line"]), field="value"), "not-positive")  # fmt: skip
    for column, path in (("base", base_path), ("target", ind_path)):
        low = ind["lower"].notna() & (ind[column] < ind["lower"])
        high = ind["upper"].notna() & (ind[column] > ind["upper"])
        for row in _selected(ind, low | high):
            line = _line(row["csv_line"] if column == "base" else row["yaml_line"])
            low_txt = "−∞" if pd.isna(row["lower"]) else f"{row['lower']:g}"
            high_txt = "∞" if pd.isna(row["upper"]) else f"{row['upper']:g}"
            session.fail(f"{row['id']}: {column} {row[column]:g} lies outside its natural bounds "
                         f"[{low_txt}, {high_txt}] ({row['kind']})",
                         Location(path, line, field="value" if column == "base" else f"indicators[{row['id']}].target"),
                         "out-of-bounds")  # fmt: skip


def _selected(frame: pd.DataFrame, mask: pd.Series) -> list[dict[str, Any]]:
    """The rows ``mask`` selects, as dicts; none (the usual case) without building a frame."""
    return frame[mask].to_dict("records") if mask.any() else []


def _line(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _read_history(path: Path) -> pd.DataFrame:
    def build(line: int, row: dict[str, str]) -> dict[str, Any]:
        value = _parse_decimal(row["value"], path, line, "value")
        growth = _parse_decimal(row["growth"], path, line, "growth")
        return {
            "table": row["table"].strip(), "series": row["series"], "series_en": row["series_en"],
            "unit": row["unit"], "row_type": _allowed(row["row_type"], HISTORY_ROW_TYPES, path, line, "row_type"),
            "label": row["label"], "year": _int_cell(row["year"], path, line, "year"),
            "value": np.nan if value is None else float(value),
            "value_decimals": pd.NA if value is None else decimals_of(value),
            "growth": np.nan if growth is None else float(growth),
            "growth_decimals": pd.NA if growth is None else decimals_of(growth),
            "section": row["section"], "line": _int_cell(row["line"], path, line, "line"),
            "snippet": row["snippet"], "note": row["note"] or None, "csv_line": line,
        }  # fmt: skip

    frame = pd.DataFrame(_each_row(path, HISTORY_COLUMNS, build))
    if not frame.empty:
        frame["year"] = frame["year"].astype("Int64")
        years = frame[frame["row_type"] == "year"]
        for series, rows in years.groupby("series", sort=False):
            y = rows["year"].to_numpy()
            for k in range(1, len(y)):
                if not y[k] > y[k - 1]:
                    _session().fail(f"{series}: year {y[k]} after {y[k - 1]}; year rows must be in increasing order",
                                    Location(path, int(rows["csv_line"].iloc[k]), field="year"), "year-order")  # fmt: skip
        last = years.groupby("series", sort=False)["year"].max()
        for row in frame.to_dict("records"):
            where = Location(path, int(row["csv_line"]), field="year")
            if row["row_type"] == "change" and pd.notna(row["year"]):  # a growth since that year, to the last year row
                end = last.get(row["series"])
                if end is None or pd.isna(end) or not row["year"] < end:
                    _session().fail(f"{row['series']}: a change since {row['year']} needs a later year row to end in"
                                    + ("" if end is None or pd.isna(end) else f" (the last is {end})"), where,
                                    "year-order")  # fmt: skip
            if row["row_type"] == "vs-plan" and pd.isna(row["growth"]):
                _session().fail(f"{row['series']}: a vs-plan row needs its points above (+) or below (−) the planned "
                                "rate in growth", Location(path, int(row["csv_line"]), field="growth"),
                                "missing-field")  # fmt: skip
    return frame


def _allowed(text: str, allowed: tuple[str, ...], path: Path, line: int, column: str) -> str:
    value = text.strip()
    if value not in allowed:
        raise PlanError(f"{shown(value)} is not one of: {', '.join(allowed)}", Location(path, line, field=column),
                        "not-allowed")  # fmt: skip
    return value


def _read_projects(path: Path) -> pd.DataFrame:
    def build(line: int, row: dict[str, str]) -> dict[str, Any]:
        investment = _parse_decimal(row["investment"], path, line, "investment")
        return {
            "breakdown": row["breakdown"].strip(), "label": row["label"], "label_en": row["label_en"],
            "count": _int_cell(row["count"], path, line, "count"),
            "investment": np.nan if investment is None else float(investment),
            "investment_decimals": pd.NA if investment is None else decimals_of(investment),
            "unit": row["unit"], "section": row["section"],
            "line": _int_cell(row["line"], path, line, "line"), "snippet": row["snippet"], "csv_line": line,
        }  # fmt: skip

    frame = pd.DataFrame(_each_row(path, PROJECT_COLUMNS, build))
    totals = int((frame["breakdown"] == "total").sum()) if not frame.empty else 0
    if not frame.empty and totals != 1:
        _session().fail(f"expected exactly one row with breakdown 'total' (the parts are checked against it), found {totals}",
                        Location(path, field="breakdown"), "missing-total" if totals == 0 else "duplicate-id")  # fmt: skip
    return frame


def _read_sums(path: Path) -> pd.DataFrame:
    def build(line: int, row: dict[str, str]) -> dict[str, Any]:
        check = _allowed(row["check"], SUM_CHECKS, path, line, "check")
        role = _allowed(row["role"], SUM_ROLES, path, line, "role")
        value = _parse_decimal(row["value"], path, line, "value")
        if value is None:
            raise PlanError("a value is required", Location(path, line, field="value"), "missing-field")
        return {
            "group": row["group"].strip(), "check": check, "role": role,
            "label": row["label"], "label_en": row["label_en"], "value": float(value),
            "decimals": decimals_of(value), "unit": row["unit"], "section": row["section"],
            "line": _int_cell(row["line"], path, line, "line"), "snippet": row["snippet"],
            "note": row["note"] or None, "csv_line": line,
        }  # fmt: skip

    records = list(_each_row(path, SUM_COLUMNS, build))
    frame = pd.DataFrame(records)
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:  # a few rows: grouped as plain dicts, in order of first appearance
        groups.setdefault(r["group"], []).append(r)
    for group, rows in groups.items():
        first = Location(path, int(rows[0]["csv_line"]), field="group")
        checks = {r["check"] for r in rows}
        if len(checks) != 1:
            _session().fail(f"group {shown(group)} mixes checks {sorted(checks)}", first, "not-allowed")
            continue
        check = rows[0]["check"]
        parts, totals, shares = ([r for r in rows if r["role"] == role] for role in ("part", "total", "share"))
        if len(parts) < 2:
            _session().fail(f"group {shown(group)} needs at least two parts", first, "missing-field")
        if check == "sum" and len(totals) != 1:
            _session().fail(f"group {shown(group)} (sum) needs exactly one total row, found {len(totals)}", first,
                            "missing-total")  # fmt: skip
        if check == "shares-of-sum" and sorted(r["label"] for r in parts) != sorted(r["label"] for r in shares):
            _session().fail(f"group {shown(group)}: every part needs one share row with the same label", first,
                            "missing-field")  # fmt: skip
    return frame

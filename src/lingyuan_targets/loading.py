"""Read a plan directory into a :class:`~lingyuan_targets.model.Plan`.

A plan directory holds ``indicators.yaml`` (plan metadata and indicator
definitions), ``baseline_<base year>.csv`` (base-year values), and optionally
``history.csv``, ``projects.csv`` and ``scenarios.yaml``. Every problem is
raised as :class:`~lingyuan_targets.errors.PlanError` naming file, line and field.
"""

from __future__ import annotations

import contextvars
import difflib
from dataclasses import replace
import csv
import io
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import model
from .errors import Location, PlanError
from .schema import indicators_schema
from .printed import decimals_of
from .textfile import Session, parse_number, read_text
from .yamlfile import LineDict, load_yaml

INDICATORS_FILE = "indicators.yaml"
SCENARIOS_FILE = "scenarios.yaml"
HISTORY_FILE = "history.csv"
PROJECTS_FILE = "projects.csv"
SUMS_FILE = "sums.csv"
RELATIONS_FILE = "relations.yaml"

BASELINE_COLUMNS = ("id", "value", "unit", "section", "line", "snippet", "note")
HISTORY_COLUMNS = ("table", "series", "series_en", "unit", "row_type", "label", "year",
                   "value", "growth", "section", "line", "snippet", "note")  # fmt: skip
HISTORY_ROW_TYPES = ("year", "total", "average", "change")
PROJECT_COLUMNS = ("breakdown", "label", "label_en", "count", "investment", "unit",
                   "section", "line", "snippet")  # fmt: skip
SUM_COLUMNS = ("group", "check", "role", "label", "label_en", "value", "unit", "section", "line", "snippet", "note")
SUM_CHECKS = ("sum", "sum-to-100", "shares-of-sum")
SUM_ROLES = ("total", "part", "share")
RELATION_TYPES = ("sum", "ratio")


def default_plan_dir() -> Path:
    """The embedded Lingyuan plan: packaged data, or ``data/`` of a source checkout."""
    packaged = Path(__file__).resolve().parent / "data"
    if (packaged / INDICATORS_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


#: numbers beyond this are refused: no plan figure is that large, and floats lose them
MAX_NUMBER = Decimal("1e15")


# --------------------------------------------------------------------------- fields
def _schema_keys() -> dict[str, set[str]]:
    top = indicators_schema()["properties"]
    ind = top["indicators"]["items"]["properties"]
    return {"top": set(top), "plan": set(top["plan"]["properties"]), "indicator": set(ind),
            "growth": set(ind["growth"]["properties"]), "source": set(ind["source"]["properties"]),
            "quote": set(ind["quotes"]["items"]["properties"])}  # fmt: skip


_SCHEMA_KEYS = _schema_keys()

class _Fields:
    """Typed access to one YAML mapping, with errors that name file, line and field."""

    def __init__(self, path: Path, mapping: Any, where: str, line: int | None = None,
                 session: Session | None = None) -> None:  # fmt: skip
        if not isinstance(mapping, dict):
            raise PlanError(f"{where} must be a mapping, found {type(mapping).__name__}", Location(path, line),
                            "wrong-type")  # fmt: skip
        self.path, self.map, self.where, self.session = path, mapping, where, session

    def sub(self, key: str, raw: Any, where: str | None = None) -> _Fields:
        """The mapping under ``key`` (raises PlanError when it is not a mapping)."""
        line = raw.line if isinstance(raw, LineDict) else self._loc(key).line
        return _Fields(self.path, raw, where or f"{self.where}.{key}", line, self.session)

    def check_keys(self, allowed: Any) -> None:
        """Unknown keys (often typos: ``taget``) are problems, not silently ignored."""
        for key in self.map:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), list(allowed), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self._fail(str(key), f"unknown field{hint}", "unknown-field")

    def _fail(self, key: str, message: str, code: str) -> None:
        """Record a problem and carry on when collecting; raise otherwise."""
        err = self.error(key, message, code)
        if self.session is None:
            raise err
        self.session.problems.append(err)

    def _loc(self, key: str) -> Location:
        line = self.map.line_of(key) if isinstance(self.map, LineDict) else None
        return Location(self.path, line, field=f"{self.where}.{key}")

    def error(self, key: str, message: str, code: str = "invalid") -> PlanError:
        return PlanError(message, self._loc(key), code)

    def get(self, key: str, kind: type | tuple[type, ...], required: bool = True) -> Any:
        value = self.map.get(key)
        if value is None:
            if required:
                self._fail(key, "required field is missing", "missing-field")
            return None
        if kind is Decimal and isinstance(value, str) and self.session is not None:
            try:  # full-width digits, a % sign or thousands separators in a quoted number
                number = parse_number(value, self.path, self._loc(key).line or 0, f"{self.where}.{key}", self.session)
            except PlanError:
                number = None
            if number is not None:
                return number
        if not isinstance(value, kind) or isinstance(value, bool):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            expected = expected.replace("Decimal", "number").replace("str", "text").replace("LineDict", "mapping")
            found = type(value).__name__.replace("Decimal", "number").replace("LineDict", "mapping")
            self._fail(key, f"expected {expected}, found {found}: {value!r}"[:200], "wrong-type")
            return None
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.map.get(key)
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return str(value)  # a number-like name ("5G") is still text
        return self.get(key, str, required)

    def choice(self, key: str, allowed: tuple[str, ...] | list[str], required: bool = True,
               default: str | None = None) -> str | None:  # fmt: skip
        value = self.text(key, required and default is None)
        if value is None:
            return default
        if value not in allowed:
            self._fail(key, f"{value!r} is not one of: {', '.join(allowed)}", "not-allowed")
            return None
        return value

    def number(self, key: str, required: bool = True) -> Decimal | None:
        value = self.get(key, Decimal, required)
        if value is not None and abs(value) > MAX_NUMBER:
            self._fail(key, f"{value} is beyond the usable range (±{MAX_NUMBER:.0e})", "out-of-range")
            return None
        return value

    def integer(self, key: str, required: bool = True) -> int | None:
        value = self.number(key, required)
        if value is None:
            return None
        if value != value.to_integral_value():
            self._fail(key, f"expected a whole number, found {value}", "not-integer")
            return None
        return int(value)


def _source(path: Path, item: _Fields, key: str = "source", required: bool = True) -> dict[str, Any]:
    raw = item.map.get(key)
    if raw is None:
        if required:
            item._fail(key, "required field is missing (section, line, snippet)", "missing-field")
        return {"section": None, "line": None, "snippet": None}
    src = item.sub(key, raw)
    src.check_keys(_SCHEMA_KEYS["source"])
    return {
        "section": src.text("section"),
        "line": src.integer("line", required=False),
        "snippet": src.text("snippet"),
    }


# ----------------------------------------------------------------- indicators.yaml
def _record(session: Session, location: Location, build: Any) -> Any:
    """Build one record; a problem that stops it is collected, and reading goes on with the next."""
    try:
        return build()
    except PlanError as err:
        session.problems.append(err)
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        session.fail(f"cannot use this entry: {type(exc).__name__}: {exc}"[:200], location, "invalid-entry")
    return None


def _read_indicators(path: Path, session: Session) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    doc = load_yaml(path, session)
    if doc is None:
        raise PlanError("file is empty", Location(path), "empty-file")
    top = _Fields(path, doc, "(top level)", 1, session)
    top.check_keys(_SCHEMA_KEYS["top"])
    plan_raw = top.get("plan", dict)
    if plan_raw is None:
        raise PlanError("the plan: section is missing or unusable", Location(path, 1), "missing-field")
    meta_f = top.sub("plan", plan_raw, "plan")
    meta_f.check_keys(_SCHEMA_KEYS["plan"])
    meta = {
        "id": meta_f.text("id"),
        "name": meta_f.text("name"),
        "name_en": meta_f.text("name_en", required=False),
        "region": meta_f.text("region", required=False),
        "base_year": meta_f.integer("base_year"),
        "target_year": meta_f.integer("target_year"),
        "horizon_year": meta_f.integer("horizon_year", required=False) or 2035,
        "source": meta_f.text("source", required=False),
    }
    years = (meta["base_year"], meta["target_year"], meta["horizon_year"])
    if None in years:
        raise PlanError("the plan's years are needed to go on", Location(path, meta_f._loc("base_year").line),
                        "missing-field")  # fmt: skip
    if not years[0] < years[1] <= years[2]:
        raise meta_f.error("target_year", f"years must satisfy base_year < target_year ≤ horizon_year, found "
                           f"{years[0]}, {years[1]}, {years[2]}", "year-order")  # fmt: skip
    if not 1900 <= years[0] <= 2200 or years[2] - years[0] > 100:
        raise meta_f.error("base_year", f"years out of range: {years}", "year-order")
    items = top.get("indicators", list)
    if not items:
        raise top.error("indicators", "the plan defines no indicators", "missing-field")
    rows: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(items):
        line = raw.line if isinstance(raw, LineDict) else None
        loc = Location(path, line, field=f"indicators[{position}]")

        def build(raw: Any = raw, line: int | None = line, position: int = position) -> None:
            item = _Fields(path, raw, f"indicators[{position}]", line, session)
            ident = item.text("id")
            if ident is None:
                return
            if ident in seen:
                raise item.error("id", f"duplicate id {ident!r} (first on line {seen[ident]})", "duplicate-id")
            seen[ident] = line or 0
            item.where = f"indicators[{ident}]"
            item.check_keys(_SCHEMA_KEYS["indicator"])
            row = _indicator_row(path, item, ident, line)
            for q_pos, q_raw in enumerate(item.get("quotes", list, required=False) or []):
                q_loc = Location(path, getattr(q_raw, "line", line), field=f"{item.where}.quotes[{q_pos}]")
                quote = _record(session, q_loc, lambda q_raw=q_raw, q_pos=q_pos: _quote_row(
                    path, ident, item.sub("quotes", q_raw, f"{item.where}.quotes[{q_pos}]")))  # fmt: skip
                if quote is not None:
                    quotes.append(quote)
            rows.append(row)

        _record(session, loc, build)
    return meta, rows, quotes


def _indicator_row(path: Path, item: _Fields, ident: str, line: int | None) -> dict[str, Any]:
    kind = item.choice("kind", tuple(model.KINDS)) or "level"
    target = item.number("target", required=False)
    growth_raw = item.map.get("growth")
    growth: dict[str, Any] = {"printed": None, "basis": "none", "value": None, "reading": None}
    if growth_raw is not None:
        g = item.sub("growth", growth_raw)
        g.check_keys(_SCHEMA_KEYS["growth"])
        basis = g.choice("basis", model.GROWTH_BASES) or "none"
        value = g.number("value", required=basis != "none")
        reading = g.choice("reading", model.READINGS, required=basis == "cumulative")
        if basis != "cumulative" and reading is not None:
            g._fail("reading", "a reading applies only to a cumulative growth figure", "not-allowed")
        if basis == "annual" and value is not None and value <= -100:
            g._fail("value", f"an annual rate of {value}% is not possible", "out-of-bounds")
        growth = {"printed": g.text("printed", required=False), "basis": basis if value is not None or basis == "none"
                  else "none", "value": value, "reading": reading}  # fmt: skip
    lower, upper = model.DEFAULT_BOUNDS[kind]
    bounds = item.get("bounds", list, required=False)
    if bounds is not None:
        if len(bounds) != 2 or not all(b is None or isinstance(b, Decimal) for b in bounds):
            item._fail("bounds", "expected [lower, upper], each a number or null", "wrong-type")
        else:
            lower = None if bounds[0] is None else float(bounds[0])
            upper = None if bounds[1] is None else float(bounds[1])
            if lower is not None and upper is not None and lower >= upper:
                item._fail("bounds", f"lower bound {lower} is not below upper bound {upper}", "out-of-bounds")
    interpolation = item.choice(
        "interpolation", model.INTERPOLATIONS, required=False,
        default=model.DEFAULT_INTERPOLATION.get(kind, "linear"),
    )  # fmt: skip
    tags = item.get("tags", list, required=False) or []
    if not all(isinstance(t, str) for t in tags):
        item._fail("tags", "expected a list of words", "wrong-type")
        tags = []
    src = _source(path, item)
    return {
        "id": ident,
        "name": item.text("name"),
        "name_en": item.text("name_en"),
        "category": item.text("category"),
        "unit": item.text("unit"),
        "unit_en": item.text("unit_en", required=False),
        "kind": kind,
        "direction": item.choice("direction", model.DIRECTIONS),
        "lower": np.nan if lower is None else lower,
        "upper": np.nan if upper is None else upper,
        "attribute": item.choice("attribute", model.ATTRIBUTES, required=False),
        "origin": item.choice("origin", model.ORIGINS),
        "group": item.text("group", required=False),
        "target": np.nan if target is None else float(target),
        "target_decimals": pd.NA if target is None else decimals_of(target),
        "growth_printed": growth["printed"],
        "growth_basis": growth["basis"],
        "growth_value": np.nan if growth["value"] is None else float(growth["value"]),
        "growth_decimals": pd.NA if growth["value"] is None else decimals_of(growth["value"]),
        "growth_reading": growth["reading"],
        "interpolation": interpolation,
        "tags": " ".join(tags),
        **src,
        "note": item.text("note", required=False),
        "yaml_line": line,
    }


def _quote_row(path: Path, ident: str, q: _Fields) -> dict[str, Any] | None:
    q.check_keys(_SCHEMA_KEYS["quote"])
    value = q.number("value")
    row = {
        "id": ident,
        "what": q.choice("what", ("base", "target", "growth", "change")),
        "year": q.integer("year", required=False),
        "period": q.text("period", required=False),
        "value": None if value is None else float(value),
        "decimals": None if value is None else decimals_of(value),
        "unit": q.text("unit", required=False),
        "direction": q.choice("direction", model.DIRECTIONS, required=False),
        "printed": q.text("printed", required=False),
        **_source(path, q),
        "note": q.text("note", required=False),
        "yaml_line": q.map.line if isinstance(q.map, LineDict) else None,
    }
    return row if value is not None else None


# ---------------------------------------------------------------------------- CSV
#: the reading session of the plan being loaded (problems and notices are collected there)
_SESSION: contextvars.ContextVar[Session] = contextvars.ContextVar("session")


def _session() -> Session:
    try:
        return _SESSION.get()
    except LookupError:  # a reader called on its own: collect nothing, raise
        return Session()


def _parse_decimal(text: str, path: Path, line: int, column: str) -> Decimal | None:
    """A printed number from a CSV cell; a dash or empty cell means "not stated"."""
    return parse_number(text, path, line, column, _session())


def read_csv_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as (line number, {column: text}), with the header checked.

    A ragged row is a problem of its own; the other rows are still returned.
    """
    session = _session()
    text = read_text(path, session)
    if not text.strip():
        raise PlanError("file is empty", Location(path), "empty-file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        header = [unicodedata.normalize("NFKC", h).strip() for h in next(reader)]
        missing = [c for c in columns if c not in header]
        if missing:
            raise PlanError(f"header lacks column(s) {', '.join(missing)}; expected {','.join(columns)}",
                            Location(path, 1), "csv-header")  # fmt: skip
        for record in reader:
            line = reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                session.fail(f"row has {len(record)} fields, the header has {len(header)}", Location(path, line),
                             "csv-ragged")  # fmt: skip
                continue
            rows.append((line, dict(zip(header, record))))
    except csv.Error as exc:
        raise PlanError(f"CSV error: {exc}", Location(path, reader.line_num), "csv-syntax") from None
    return rows


def _each_row(path: Path, columns: tuple[str, ...], build: Any) -> list[Any]:
    """Build a record from each CSV row; a row that fails is collected as a problem and skipped."""
    session = _session()
    out = []
    for line, row in read_csv_rows(path, columns):
        record = _record(session, Location(path, line), lambda line=line, row=row: build(line, row))
        if record is not None:
            out.append(record)
    return out


def _int_cell(text: str, path: Path, line: int, column: str) -> int | None:
    number = _parse_decimal(text, path, line, column)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise PlanError(f"expected a whole number, found {text!r}", Location(path, line, field=column), "not-integer")
    return int(number)


def _read_baseline(path: Path, indicators: pd.DataFrame) -> pd.DataFrame:
    known = dict(zip(indicators["id"], indicators["unit"])) if len(indicators) else {}
    out: dict[str, dict[str, Any]] = {}
    attempted: set[str] = set()  # rows that exist but failed: reported once, not as missing too

    def build(line: int, row: dict[str, str]) -> None:
        ident = row["id"].strip()
        attempted.add(ident)
        if ident not in known:
            raise PlanError(f"no indicator with id {ident!r} in {INDICATORS_FILE}", Location(path, line, field="id"),
                            "unknown-id")  # fmt: skip
        if ident in out:
            raise PlanError(f"duplicate baseline for {ident!r} (first on line {out[ident]['csv_line']})",
                            Location(path, line, field="id"), "duplicate-id")  # fmt: skip
        unit = unicodedata.normalize("NFKC", row["unit"]).strip()
        if unit != unicodedata.normalize("NFKC", known[ident] or ""):
            raise PlanError(f"unit {row['unit']!r} differs from {known[ident]!r} in {INDICATORS_FILE}",
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

    _each_row(path, BASELINE_COLUMNS, build)
    missing = [i for i in known if i not in out and i not in attempted]
    if missing:
        _session().fail(
            f"no baseline row for indicator(s) {', '.join(missing[:10])}{' …' if len(missing) > 10 else ''} "
            "(write an empty value for 'not stated')", Location(path, field="id"), "missing-baseline",
        )  # fmt: skip
    return pd.DataFrame(list(out.values()), columns=["id", "base", "base_decimals", "base_section", "base_line",
                                                     "base_snippet", "base_note", "csv_line"])  # fmt: skip


def _check_values(ind: pd.DataFrame, ind_path: Path, base_path: Path) -> None:
    """Values the maths cannot use: a non-positive base under compounding, or outside natural bounds."""
    session = _session()
    pathlike = ind["kind"].isin(["level", "share"])
    geometric = (ind["growth_basis"] == "annual") | (ind["growth_reading"] == "relative") | (
        ind["growth_basis"].isin(["none"]) | (ind["growth_reading"] == "unresolved")
    ) & (ind["interpolation"] == "geometric") & ind["target"].notna()
    for _, row in ind[pathlike & geometric & (ind["base"] <= 0)].iterrows():
        session.fail(f"{row['id']}: base {row['base']:g} is not positive, so growth rates are undefined for its rule",
                     Location(base_path, _line(row["csv_line"]), field="value"), "not-positive")  # fmt: skip
    for column, path in (("base", base_path), ("target", ind_path)):
        low = ind["lower"].notna() & (ind[column] < ind["lower"])
        high = ind["upper"].notna() & (ind[column] > ind["upper"])
        for _, row in ind[low | high].iterrows():
            line = _line(row["csv_line"] if column == "base" else row["yaml_line"])
            session.fail(f"{row['id']}: {column} {row[column]:g} lies outside its natural bounds "
                         f"[{row['lower']:g}, {row['upper']:g}] ({row['kind']})",
                         Location(path, line, field="value" if column == "base" else f"indicators[{row['id']}].target"),
                         "out-of-bounds")  # fmt: skip


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
    return frame


def _allowed(text: str, allowed: tuple[str, ...], path: Path, line: int, column: str) -> str:
    value = text.strip()
    if value not in allowed:
        raise PlanError(f"{value!r} is not one of: {', '.join(allowed)}", Location(path, line, field=column),
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

    return pd.DataFrame(_each_row(path, PROJECT_COLUMNS, build))


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

    return pd.DataFrame(_each_row(path, SUM_COLUMNS, build))


def _read_relations(path: Path, ids: set[str]) -> tuple[dict[str, Any], ...]:
    session = _session()
    doc = load_yaml(path, session)
    if doc is None:
        return ()
    top = _Fields(path, doc, "(top level)", 1, session)
    out = []
    for position, raw in enumerate(top.get("relations", list) or []):
        line = raw.line if isinstance(raw, LineDict) else None

        def build(raw: Any = raw, position: int = position, line: int | None = line) -> dict[str, Any] | None:
            f = _Fields(path, raw, f"relations[{position}]", line, session)
            kind = f.choice("type", RELATION_TYPES)
            rel: dict[str, Any] = {"id": f.text("id"), "type": kind, "description": f.text("description", False),
                                   "source": _source(path, f, required=False), "yaml_line": f.map.line}  # fmt: skip
            refs = ["total", "parts"] if kind == "sum" else ["numerator", "denominator", "share"]
            ok = kind is not None
            for key in refs:
                value = f.get(key, list) if key == "parts" else f.text(key)
                for ref in value if isinstance(value, list) else [value]:
                    if ref is not None and ref not in ids:
                        f._fail(key, f"no indicator with id {ref!r}", "bad-reference")
                        ok = False
                ok = ok and value is not None
                rel[key] = value
            if kind == "sum":
                rel["of"] = f.choice("of", ("target", "base"), required=False, default="target")
            else:
                rel["year"] = f.integer("year")
                ok = ok and rel["year"] is not None
            return rel if ok else None

        rel = _record(session, Location(path, line, field=f"relations[{position}]"), build)
        if rel is not None:
            out.append(rel)
    return tuple(out)


# ------------------------------------------------------------------------ scenarios
def read_scenarios(path: Path) -> dict[str, model.Scenario]:
    """Named scenarios from a ``scenarios.yaml`` file."""
    session = _session()
    doc = load_yaml(path, session)
    if doc is None:
        raise PlanError("file is empty", Location(path), "empty-file")
    top = _Fields(path, doc, "(top level)", 1, session)
    items = top.get("scenarios", dict) or {}
    out: dict[str, model.Scenario] = {}
    for name, raw in items.items():
        line = items.line_of(name) if isinstance(items, LineDict) else None

        def build(name: Any = name, raw: Any = raw, line: int | None = line) -> model.Scenario | None:
            f = _Fields(path, raw, f"scenarios.{name}", line, session)
            method = f.choice("method", ("continue", "rate", "multiple"))
            applies = f.get("applies_to", list, required=False) or ["level"]
            for kind in applies:
                if kind not in ("level", "share"):
                    f._fail("applies_to", f"{kind!r}: a scenario can apply to kinds level and share only", "not-allowed")
            tags = f.get("tags", list, required=False) or []
            rate = f.number("rate", required=method == "rate")
            multiple = f.number("multiple", required=method == "multiple")
            if rate is not None and rate <= -100:
                f._fail("rate", f"a rate of {rate}% is not possible", "out-of-bounds")
                return None
            if multiple is not None and multiple <= 0:
                f._fail("multiple", f"a multiple of {multiple} is not possible", "out-of-bounds")
                return None
            if method is None or (method == "rate" and rate is None) or (method == "multiple" and multiple is None):
                return None
            return model.Scenario(
                name=str(name), method=method,
                description=f.text("description", required=False) or "",
                description_zh=f.text("description_zh", required=False) or "",
                rate=None if rate is None else float(rate),
                multiple=None if multiple is None else float(multiple),
                of_year=f.integer("of_year", required=method == "multiple"),
                by_year=f.integer("by_year", required=method == "multiple"),
                applies_to=tuple(str(a) for a in applies), tags=tuple(str(t) for t in tags),
            )  # fmt: skip

        scenario = _record(session, Location(path, line, field=f"scenarios.{name}"), build)
        if scenario is not None:
            out[str(name)] = scenario
    if "continue" not in out:
        out = {"continue": model.Scenario("continue", "continue", "the 2021-25 rule carried on"), **out}
    return out


# ---------------------------------------------------------------------------- plan
def load_plan(directory: str | Path | None = None, *, encoding: str | None = None) -> model.Plan:
    """Load a plan directory (default: the embedded Lingyuan plan).

    Raises :class:`PlanError` (with file, line, field and a code) for anything that
    cannot be used; ``err.problems`` lists every problem found, not just the first.
    ``encoding`` forces the encoding of the files (default: UTF-8, or GB18030 detected).
    """
    plan, session = _load(directory, Session(encoding=encoding))
    if session.problems or plan is None:
        first = session.problems[0]
        raise PlanError(first.message, first.location, first.code, problems=list(session.problems))
    return replace(plan, notices=tuple(session.notices))


def validate_plan(directory: str | Path | None = None, *, encoding: str | None = None) -> Session:
    """Read a plan directory and return every problem and notice, without raising."""
    _, session = _load(directory, Session(encoding=encoding))
    return session


def _load(directory: str | Path | None, session: Session) -> tuple[model.Plan | None, Session]:
    token = _SESSION.set(session)
    try:
        return _load_files(directory, session), session
    except PlanError as err:
        session.problems.append(err)
        return None, session
    finally:
        _SESSION.reset(token)


def _optional(session: Session, path: Path, read: Any, empty: Any) -> Any:
    """Read an optional file; a problem in it is collected and the plan loads without it."""
    try:
        return read(path)
    except PlanError as err:
        session.problems.append(err)
        return empty


def _load_files(directory: str | Path | None, session: Session) -> model.Plan | None:
    plan_dir = Path(directory) if directory is not None else default_plan_dir()
    if not plan_dir.exists():
        raise PlanError("plan directory not found", Location(plan_dir), "file-not-found")
    if not plan_dir.is_dir():
        raise PlanError("expected a plan directory (holding indicators.yaml)", Location(plan_dir), "not-a-directory")
    ind_path = plan_dir / INDICATORS_FILE
    meta, rows, quote_rows = _read_indicators(ind_path, session)
    indicators = pd.DataFrame(rows, columns=[c for c in model.INDICATOR_COLUMNS if c not in BASELINE_OWN])
    base_path = plan_dir / f"baseline_{meta['base_year']}.csv"
    baseline = _optional(session, base_path, lambda p: _read_baseline(p, indicators), None)
    if baseline is None:
        return None
    indicators = indicators.merge(baseline, on="id", how="left", validate="one_to_one")
    for column in ("target_decimals", "growth_decimals", "base_decimals", "line", "base_line", "yaml_line",
                   "csv_line"):
        indicators[column] = indicators[column].astype("Int64")
    indicators = indicators.reindex(columns=model.INDICATOR_COLUMNS)
    _check_values(indicators, ind_path, base_path)

    quote_cols = ["id", "what", "year", "period", "value", "decimals", "unit", "direction", "printed",
                  "section", "line", "snippet", "note", "yaml_line"]  # fmt: skip
    quotes = pd.DataFrame(quote_rows, columns=quote_cols)
    files = {"indicators": ind_path, "baseline": base_path}
    tables: dict[str, pd.DataFrame] = {}
    for key, name, read in (("history", HISTORY_FILE, _read_history), ("projects", PROJECTS_FILE, _read_projects),
                            ("sums", SUMS_FILE, _read_sums)):  # fmt: skip
        tables[key] = pd.DataFrame()
        if (plan_dir / name).exists():
            files[key] = plan_dir / name
            tables[key] = _optional(session, files[key], read, pd.DataFrame())
    relations: tuple[dict[str, Any], ...] = ()
    if (plan_dir / RELATIONS_FILE).exists():
        files["relations"] = plan_dir / RELATIONS_FILE
        relations = _optional(session, files["relations"], lambda p: _read_relations(p, set(indicators["id"])), ())
    scen_path = plan_dir / SCENARIOS_FILE
    if not scen_path.exists():
        scen_path = default_plan_dir() / SCENARIOS_FILE
    files["scenarios"] = scen_path
    scenarios = _optional(session, scen_path, read_scenarios, {})
    return model.Plan(meta=meta, indicators=indicators, quotes=quotes, history=tables["history"],
                      projects=tables["projects"], scenarios=scenarios, directory=plan_dir, files=files,
                      sums=tables["sums"], relations=relations)  # fmt: skip


#: indicator columns that come from the baseline CSV
BASELINE_OWN = ("base", "base_decimals", "base_section", "base_line", "base_snippet", "base_note", "csv_line")

"""Read a plan directory into a :class:`~lingyuan_targets.model.Plan`.

A plan directory holds ``indicators.yaml`` (plan metadata and indicator
definitions), ``baseline_<base year>.csv`` (base-year values), and optionally
``history.csv``, ``projects.csv`` and ``scenarios.yaml``. Every problem is
raised as :class:`~lingyuan_targets.errors.PlanError` naming file, line and field.
"""

from __future__ import annotations

import csv
import io
import math
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import model
from .errors import Location, PlanError
from .printed import decimals_of
from .yamlfile import LineDict, load_yaml, read_text

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
DASHES = {"", "—", "——", "-", "–"}


def default_plan_dir() -> Path:
    """The embedded Lingyuan plan: packaged data, or ``data/`` of a source checkout."""
    packaged = Path(__file__).resolve().parent / "data"
    if (packaged / INDICATORS_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


# --------------------------------------------------------------------------- fields
class _Fields:
    """Typed access to one YAML mapping, with errors that name file, line and field."""

    def __init__(self, path: Path, mapping: Any, where: str, line: int | None = None) -> None:
        if not isinstance(mapping, dict):
            raise PlanError(f"{where} must be a mapping", Location(path, line))
        self.path, self.map, self.where = path, mapping, where

    def _loc(self, key: str) -> Location:
        line = self.map.line_of(key) if isinstance(self.map, LineDict) else None
        return Location(self.path, line, field=f"{self.where}.{key}")

    def error(self, key: str, message: str) -> PlanError:
        return PlanError(message, self._loc(key))

    def get(self, key: str, kind: type | tuple[type, ...], required: bool = True) -> Any:
        value = self.map.get(key)
        if value is None:
            if required:
                raise self.error(key, "required field is missing")
            return None
        if not isinstance(value, kind):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            expected = expected.replace("Decimal", "number").replace("str", "text")
            raise self.error(key, f"expected {expected}, found {type(value).__name__}: {value!r}")
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
            raise self.error(key, f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    def number(self, key: str, required: bool = True) -> Decimal | None:
        return self.get(key, Decimal, required)

    def integer(self, key: str, required: bool = True) -> int | None:
        value = self.number(key, required)
        if value is None:
            return None
        if value != value.to_integral_value():
            raise self.error(key, f"expected a whole number, found {value}")
        return int(value)


def _source(path: Path, item: _Fields, key: str = "source", required: bool = True) -> dict[str, Any]:
    raw = item.map.get(key)
    if raw is None:
        if required:
            raise item.error(key, "required field is missing (section, line, snippet)")
        return {"section": None, "line": None, "snippet": None}
    src = _Fields(path, raw, f"{item.where}.{key}")
    return {
        "section": src.text("section"),
        "line": src.integer("line", required=False),
        "snippet": src.text("snippet"),
    }


# ----------------------------------------------------------------- indicators.yaml
def _read_indicators(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    doc = load_yaml(path)
    if doc is None:
        raise PlanError("file is empty", Location(path))
    top = _Fields(path, doc, "(top level)")
    meta_f = _Fields(path, top.get("plan", dict), "plan", doc.line_of("plan") if isinstance(doc, LineDict) else None)
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
    if not meta["base_year"] < meta["target_year"] <= meta["horizon_year"]:
        raise meta_f.error("target_year", "years must satisfy base_year < target_year ≤ horizon_year")
    items = top.get("indicators", list)
    if not items:
        raise top.error("indicators", "the plan defines no indicators")
    rows: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(items):
        line = raw.line if isinstance(raw, LineDict) else None
        item = _Fields(path, raw, f"indicators[{position}]", line)
        ident = item.text("id")
        if ident in seen:
            raise item.error("id", f"duplicate id {ident!r} (first on line {seen[ident]})")
        seen[ident] = line or 0
        item.where = f"indicators[{ident}]"
        rows.append(_indicator_row(path, item, ident, line))
        for q_pos, q_raw in enumerate(item.get("quotes", list, required=False) or []):
            quotes.append(_quote_row(path, ident, _Fields(path, q_raw, f"{item.where}.quotes[{q_pos}]")))
    return meta, rows, quotes


def _indicator_row(path: Path, item: _Fields, ident: str, line: int | None) -> dict[str, Any]:
    kind = item.choice("kind", tuple(model.KINDS))
    target = item.number("target", required=False)
    growth_raw = item.map.get("growth")
    if growth_raw is None:
        growth = {"printed": None, "basis": "none", "value": None, "reading": None}
    else:
        g = _Fields(path, growth_raw, f"{item.where}.growth")
        basis = g.choice("basis", model.GROWTH_BASES)
        value = g.number("value", required=basis != "none")
        reading = g.choice("reading", model.READINGS, required=basis == "cumulative")
        if basis != "cumulative" and reading is not None:
            raise g.error("reading", "a reading applies only to a cumulative growth figure")
        growth = {"printed": g.text("printed", required=False), "basis": basis,
                  "value": value, "reading": reading}  # fmt: skip
    lower, upper = model.DEFAULT_BOUNDS[kind]
    bounds = item.get("bounds", list, required=False)
    if bounds is not None:
        if len(bounds) != 2 or not all(b is None or isinstance(b, Decimal) for b in bounds):
            raise item.error("bounds", "expected [lower, upper], each a number or null")
        lower = None if bounds[0] is None else float(bounds[0])
        upper = None if bounds[1] is None else float(bounds[1])
        if lower is not None and upper is not None and lower >= upper:
            raise item.error("bounds", f"lower bound {lower} is not below upper bound {upper}")
    interpolation = item.choice(
        "interpolation", model.INTERPOLATIONS, required=False,
        default=model.DEFAULT_INTERPOLATION.get(kind, "linear"),
    )  # fmt: skip
    tags = item.get("tags", list, required=False) or []
    if not all(isinstance(t, str) for t in tags):
        raise item.error("tags", "expected a list of words")
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


def _quote_row(path: Path, ident: str, q: _Fields) -> dict[str, Any]:
    value = q.number("value")
    return {
        "id": ident,
        "what": q.choice("what", ("base", "target", "growth", "change")),
        "year": q.integer("year", required=False),
        "period": q.text("period", required=False),
        "value": float(value),  # type: ignore[arg-type]
        "decimals": decimals_of(value),  # type: ignore[arg-type]
        "unit": q.text("unit", required=False),
        "direction": q.choice("direction", model.DIRECTIONS, required=False),
        "printed": q.text("printed", required=False),
        **_source(path, q),
        "note": q.text("note", required=False),
        "yaml_line": q.map.line if isinstance(q.map, LineDict) else None,
    }


# ---------------------------------------------------------------------------- CSV
def _parse_decimal(text: str, path: Path, line: int, column: str) -> Decimal | None:
    """A printed number from a CSV cell; a dash or empty cell means "not stated"."""
    cell = text.strip()
    if cell in DASHES:
        return None
    try:
        number = Decimal(cell)
    except InvalidOperation:
        raise PlanError(f"cannot read {text!r} as a number", Location(path, line, field=column)) from None
    if not number.is_finite():
        raise PlanError(f"{text!r} is not a finite number", Location(path, line, field=column))
    return number


def read_csv_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as (line number, {column: text}), with the header checked."""
    text = read_text(path)
    if not text.strip():
        raise PlanError("file is empty", Location(path))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        missing = [c for c in columns if c not in header]
        if missing:
            raise PlanError(
                f"header lacks column(s) {', '.join(missing)}; expected {','.join(columns)}",
                Location(path, 1),
            )
        rows = []
        for record in reader:
            line = reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                raise PlanError(
                    f"row has {len(record)} fields, the header has {len(header)}", Location(path, line)
                )
            rows.append((line, dict(zip(header, record))))
    except csv.Error as exc:
        raise PlanError(f"CSV error: {exc}", Location(path, reader.line_num)) from None
    return rows


def _int_cell(text: str, path: Path, line: int, column: str) -> int | None:
    number = _parse_decimal(text, path, line, column)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise PlanError(f"expected a whole number, found {text!r}", Location(path, line, field=column))
    return int(number)


def _read_baseline(path: Path, indicators: pd.DataFrame) -> pd.DataFrame:
    known = dict(zip(indicators["id"], indicators["unit"]))
    out: dict[str, dict[str, Any]] = {}
    for line, row in read_csv_rows(path, BASELINE_COLUMNS):
        ident = row["id"].strip()
        if ident not in known:
            raise PlanError(f"no indicator with id {ident!r} in {INDICATORS_FILE}", Location(path, line, field="id"))
        if ident in out:
            raise PlanError(f"duplicate baseline for {ident!r}", Location(path, line, field="id"))
        if row["unit"].strip() != known[ident]:
            raise PlanError(
                f"unit {row['unit']!r} differs from {known[ident]!r} in {INDICATORS_FILE}",
                Location(path, line, field="unit"),
            )
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
    missing = [i for i in known if i not in out]
    if missing:
        raise PlanError(
            f"no baseline row for indicator(s) {', '.join(missing)} (write an empty value for 'not stated')",
            Location(path, field="id"),
        )
    return pd.DataFrame(list(out.values()))


def _check_values(ind: pd.DataFrame, ind_path: Path, base_path: Path) -> None:
    """Values the maths cannot use: a non-positive base under compounding, or outside natural bounds."""
    pathlike = ind["kind"].isin(["level", "share"])
    geometric = (ind["growth_basis"] == "annual") | (ind["growth_reading"] == "relative") | (
        ind["growth_basis"].isin(["none"]) | (ind["growth_reading"] == "unresolved")
    ) & (ind["interpolation"] == "geometric") & ind["target"].notna()
    bad = ind[pathlike & geometric & (ind["base"] <= 0)]
    if not bad.empty:
        row = bad.iloc[0]
        raise PlanError(
            f"{row['id']}: base {row['base']:g} is not positive, so growth rates are undefined for its rule",
            Location(base_path, int(row["csv_line"]), field="value"),
        )
    for column, path, where in (("base", base_path, "value"), ("target", ind_path, "target")):
        low = ind["lower"].notna() & (ind[column] < ind["lower"])
        high = ind["upper"].notna() & (ind[column] > ind["upper"])
        bad = ind[low | high]
        if not bad.empty:
            row = bad.iloc[0]
            line = int(row["csv_line"]) if column == "base" else row["yaml_line"]
            raise PlanError(
                f"{row['id']}: {column} {row[column]:g} lies outside its natural bounds "
                f"[{row['lower']:g}, {row['upper']:g}] ({row['kind']})",
                Location(path, line, field=where if column == "base" else f"indicators[{row['id']}].target"),
            )


def _read_history(path: Path) -> pd.DataFrame:
    records = []
    for line, row in read_csv_rows(path, HISTORY_COLUMNS):
        value = _parse_decimal(row["value"], path, line, "value")
        growth = _parse_decimal(row["growth"], path, line, "growth")
        records.append({
            "table": row["table"].strip(), "series": row["series"], "series_en": row["series_en"],
            "unit": row["unit"], "row_type": _row_type(row["row_type"], path, line), "label": row["label"],
            "year": _int_cell(row["year"], path, line, "year"),
            "value": np.nan if value is None else float(value),
            "value_decimals": pd.NA if value is None else decimals_of(value),
            "growth": np.nan if growth is None else float(growth),
            "growth_decimals": pd.NA if growth is None else decimals_of(growth),
            "section": row["section"], "line": _int_cell(row["line"], path, line, "line"),
            "snippet": row["snippet"], "note": row["note"] or None, "csv_line": line,
        })  # fmt: skip
    frame = pd.DataFrame(records)
    if not frame.empty:
        frame["year"] = frame["year"].astype("Int64")
    return frame


def _row_type(text: str, path: Path, line: int) -> str:
    value = text.strip()
    if value not in HISTORY_ROW_TYPES:
        raise PlanError(f"{value!r} is not one of: {', '.join(HISTORY_ROW_TYPES)}", Location(path, line, field="row_type"))
    return value


def _read_projects(path: Path) -> pd.DataFrame:
    records = []
    for line, row in read_csv_rows(path, PROJECT_COLUMNS):
        investment = _parse_decimal(row["investment"], path, line, "investment")
        records.append({
            "breakdown": row["breakdown"].strip(), "label": row["label"], "label_en": row["label_en"],
            "count": _int_cell(row["count"], path, line, "count"),
            "investment": np.nan if investment is None else float(investment),
            "investment_decimals": pd.NA if investment is None else decimals_of(investment),
            "unit": row["unit"], "section": row["section"],
            "line": _int_cell(row["line"], path, line, "line"), "snippet": row["snippet"], "csv_line": line,
        })  # fmt: skip
    return pd.DataFrame(records)


def _read_sums(path: Path) -> pd.DataFrame:
    records = []
    for line, row in read_csv_rows(path, SUM_COLUMNS):
        for column, allowed in (("check", SUM_CHECKS), ("role", SUM_ROLES)):
            if row[column].strip() not in allowed:
                raise PlanError(f"{row[column]!r} is not one of: {', '.join(allowed)}",
                                Location(path, line, field=column))  # fmt: skip
        value = _parse_decimal(row["value"], path, line, "value")
        if value is None:
            raise PlanError("a value is required", Location(path, line, field="value"))
        records.append({
            "group": row["group"].strip(), "check": row["check"].strip(), "role": row["role"].strip(),
            "label": row["label"], "label_en": row["label_en"], "value": float(value),
            "decimals": decimals_of(value), "unit": row["unit"], "section": row["section"],
            "line": _int_cell(row["line"], path, line, "line"), "snippet": row["snippet"],
            "note": row["note"] or None, "csv_line": line,
        })  # fmt: skip
    return pd.DataFrame(records)


def _read_relations(path: Path, ids: set[str]) -> tuple[dict[str, Any], ...]:
    doc = load_yaml(path)
    if doc is None:
        return ()
    top = _Fields(path, doc, "(top level)")
    out = []
    for position, raw in enumerate(top.get("relations", list)):
        f = _Fields(path, raw, f"relations[{position}]", raw.line if isinstance(raw, LineDict) else None)
        kind = f.choice("type", RELATION_TYPES)
        rel: dict[str, Any] = {"id": f.text("id"), "type": kind, "description": f.text("description", False),
                               "source": _source(path, f, required=False), "yaml_line": f.map.line}  # fmt: skip
        refs = ["total", "parts"] if kind == "sum" else ["numerator", "denominator", "share"]
        for key in refs:
            value = f.get(key, list) if key == "parts" else f.text(key)
            for ref in value if isinstance(value, list) else [value]:
                if ref not in ids:
                    raise f.error(key, f"no indicator with id {ref!r}")
            rel[key] = value
        if kind == "sum":
            rel["of"] = f.choice("of", ("target", "base"), required=False, default="target")
        else:
            rel["year"] = f.integer("year")
        out.append(rel)
    return tuple(out)


# ------------------------------------------------------------------------ scenarios
def read_scenarios(path: Path) -> dict[str, model.Scenario]:
    """Named scenarios from a ``scenarios.yaml`` file."""
    doc = load_yaml(path)
    top = _Fields(path, doc, "(top level)")
    items = top.get("scenarios", dict)
    out: dict[str, model.Scenario] = {}
    for name, raw in items.items():
        f = _Fields(path, raw, f"scenarios.{name}", items.line_of(name) if isinstance(items, LineDict) else None)
        method = f.choice("method", ("continue", "rate", "multiple"))
        applies = f.get("applies_to", list, required=False) or ["level"]
        for kind in applies:
            if kind not in ("level", "share"):
                raise f.error("applies_to", f"{kind!r}: a scenario can apply to kinds level and share only")
        tags = f.get("tags", list, required=False) or []
        rate = f.number("rate", required=method == "rate")
        multiple = f.number("multiple", required=method == "multiple")
        out[str(name)] = model.Scenario(
            name=str(name), method=method,
            description=f.text("description", required=False) or "",
            description_zh=f.text("description_zh", required=False) or "",
            rate=None if rate is None else float(rate),
            multiple=None if multiple is None else float(multiple),
            of_year=f.integer("of_year", required=method == "multiple"),
            by_year=f.integer("by_year", required=method == "multiple"),
            applies_to=tuple(applies), tags=tuple(str(t) for t in tags),
        )  # fmt: skip
        if rate is not None and not math.isfinite(float(rate)):
            raise f.error("rate", "rate must be finite")
    if "continue" not in out:
        out = {"continue": model.Scenario("continue", "continue", "the 2021-25 rule carried on"), **out}
    return out


# ---------------------------------------------------------------------------- plan
def load_plan(directory: str | Path | None = None) -> model.Plan:
    """Load a plan directory (default: the embedded Lingyuan plan).

    Raises :class:`PlanError` (with file, line and field) for anything that
    cannot be used; nothing is guessed.
    """
    plan_dir = Path(directory) if directory is not None else default_plan_dir()
    if not plan_dir.exists():
        raise PlanError("plan directory not found", Location(plan_dir))
    if not plan_dir.is_dir():
        raise PlanError("expected a plan directory (holding indicators.yaml)", Location(plan_dir))
    ind_path = plan_dir / INDICATORS_FILE
    meta, rows, quote_rows = _read_indicators(ind_path)
    indicators = pd.DataFrame(rows)
    base_path = plan_dir / f"baseline_{meta['base_year']}.csv"
    baseline = _read_baseline(base_path, indicators)
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
    history = pd.DataFrame()
    if (plan_dir / HISTORY_FILE).exists():
        files["history"] = plan_dir / HISTORY_FILE
        history = _read_history(files["history"])
    projects = pd.DataFrame()
    if (plan_dir / PROJECTS_FILE).exists():
        files["projects"] = plan_dir / PROJECTS_FILE
        projects = _read_projects(files["projects"])
    sums = pd.DataFrame()
    if (plan_dir / SUMS_FILE).exists():
        files["sums"] = plan_dir / SUMS_FILE
        sums = _read_sums(files["sums"])
    relations: tuple[dict[str, Any], ...] = ()
    if (plan_dir / RELATIONS_FILE).exists():
        files["relations"] = plan_dir / RELATIONS_FILE
        relations = _read_relations(files["relations"], set(indicators["id"]))
    scen_path = plan_dir / SCENARIOS_FILE
    if not scen_path.exists():
        scen_path = default_plan_dir() / SCENARIOS_FILE
    files["scenarios"] = scen_path
    scenarios = read_scenarios(scen_path)
    return model.Plan(meta=meta, indicators=indicators, quotes=quotes, history=history,
                      projects=projects, scenarios=scenarios, directory=plan_dir, files=files,
                      sums=sums, relations=relations)  # fmt: skip

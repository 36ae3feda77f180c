"""Read a plan directory into a :class:`~lingyuan_targets.plan.model.Plan`.

A plan directory holds ``indicators.yaml`` (plan metadata and indicator
definitions), ``baseline_<base year>.csv`` (base-year values), and optionally
``history.csv``, ``projects.csv``, ``sums.csv``, ``relations.yaml`` and
``scenarios.yaml``. Reading collects every problem (file, line, field, code)
rather than stopping at the first; :func:`load_plan` raises them as one
:class:`~lingyuan_targets.plan.errors.PlanError`, :func:`validate_plan` returns them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..plan import model, vocabulary
from ..plan.errors import Location, PlanError
from ..plan.printed import decimals_of
from .csvtables import (
    BASELINE_OWN,
    INDICATORS_FILE,
    _check_values,
    _read_baseline,
    _read_history,
    _read_projects,
    _read_sums,
)  # fmt: skip
from .fields import _SCHEMA_KEYS, _SESSION, _Fields, _record, _session, _source
from .textfile import Session
from .yamlfile import LineDict, load_yaml

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SCENARIOS_FILE = "scenarios.yaml"
HISTORY_FILE = "history.csv"
PROJECTS_FILE = "projects.csv"
SUMS_FILE = "sums.csv"
RELATIONS_FILE = "relations.yaml"
RELATION_TYPES = ("sum", "ratio")


def default_plan_dir() -> Path:
    """The embedded Lingyuan plan: packaged data, or ``data/`` of a source checkout."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data"
    if (packaged / INDICATORS_FILE).is_file():
        return packaged
    return package.parents[1] / "data"


# ----------------------------------------------------------------- indicators.yaml
def _read_indicators(path: Path, session: Session) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    doc = load_yaml(path, session)
    if doc is None:
        raise PlanError("file is empty", Location(path), "empty-file")
    top = _Fields(path, doc, "(top level)", 1, session)
    top.check_keys(_SCHEMA_KEYS["top"])
    version = top.integer("schema_version", required=False)
    if version not in (None, 1):
        top._fail("schema_version", f"schema version {version} is not supported (this tool reads version 1)",
                  "not-allowed")  # fmt: skip
    plan_raw = top.get("plan", dict)
    if plan_raw is None:
        raise PlanError("the plan: section is missing or unusable", Location(path, 1), "missing-field")
    meta_f = top.sub("plan", plan_raw, "plan")
    meta_f.check_keys(_SCHEMA_KEYS["plan"])
    meta: dict[str, Any] = {
        "id": meta_f.text("id"),
        "name": meta_f.text("name"),
        "name_en": meta_f.text("name_en", required=False),
        "region": meta_f.text("region", required=False),
        "base_year": meta_f.integer("base_year"),
        "target_year": meta_f.integer("target_year"),
        "horizon_year": meta_f.integer("horizon_year", required=False) or 2035,
        "source": meta_f.text("source", required=False),
        # where the id and the base year stand, for problems found later (a plan id twice, --to before base)
        "lines": {"id": meta_f._loc("id").line, "base_year": meta_f._loc("base_year").line},
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
            if not _ID.fullmatch(ident):
                item._fail("id", f"{ident!r}: ids are lower-case kebab-case (gdp, rural-income)", "not-allowed")
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
    kind = item.choice("kind", tuple(vocabulary.KINDS)) or "level"
    target = item.number("target", required=False)
    growth_raw = item.map.get("growth")
    growth: dict[str, Any] = {"printed": None, "basis": "none", "value": None, "reading": None}
    if growth_raw is not None:
        g = item.sub("growth", growth_raw)
        g.check_keys(_SCHEMA_KEYS["growth"])
        basis = g.choice("basis", vocabulary.GROWTH_BASES) or "none"
        value = g.number("value", required=basis != "none")
        reading = g.choice("reading", vocabulary.READINGS, required=basis == "cumulative")
        if basis != "cumulative" and reading is not None:
            g._fail("reading", "a reading applies only to a cumulative growth figure", "not-allowed")
        if basis == "annual" and value is not None and value <= -100:
            g._fail("value", f"an annual rate of {value}% is not possible", "out-of-bounds")
        growth = {"printed": g.text("printed", required=False), "basis": basis if value is not None or basis == "none"
                  else "none", "value": value, "reading": reading}  # fmt: skip
    lower, upper = vocabulary.DEFAULT_BOUNDS[kind]
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
        "interpolation", vocabulary.INTERPOLATIONS, required=False,
        default=vocabulary.DEFAULT_INTERPOLATION.get(kind, "linear"),
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
        "direction": item.choice("direction", vocabulary.DIRECTIONS),
        "lower": np.nan if lower is None else lower,
        "upper": np.nan if upper is None else upper,
        "attribute": item.choice("attribute", vocabulary.ATTRIBUTES, required=False),
        "origin": item.choice("origin", vocabulary.ORIGINS),
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
        "target_line": item._loc("target").line if "target" in item.map else line,
    }


def _quote_row(path: Path, ident: str, q: _Fields) -> dict[str, Any] | None:
    q.check_keys(_SCHEMA_KEYS["quote"])
    value = q.number("value")
    row = {
        "id": ident,
        "what": q.choice("what", vocabulary.QUOTE_KINDS),
        "year": q.integer("year", required=False),
        "period": q.text("period", required=False),
        "value": None if value is None else float(value),
        "decimals": None if value is None else decimals_of(value),
        "unit": q.text("unit", required=False),
        "direction": q.choice("direction", vocabulary.DIRECTIONS, required=False),
        "printed": q.text("printed", required=False),
        **_source(path, q),
        "note": q.text("note", required=False),
        "yaml_line": q.map.line if isinstance(q.map, LineDict) else None,
    }
    return row if value is not None else None


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
                                   "source": _source(path, f, required=False), "yaml_line": getattr(f.map, "line", None)}  # fmt: skip
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
            method = f.choice("method", vocabulary.SCENARIO_METHODS)
            applies = f.get("applies_to", list, required=False) or ["level"]
            for kind in applies:
                if kind not in ("level", "share"):
                    f._fail(
                        "applies_to", f"{kind!r}: a scenario can apply to kinds level and share only", "not-allowed"
                    )
            tags = f.get("tags", list, required=False) or []
            periods = _periods(f) if "periods" in f.map else ()
            if periods is None:
                return None
            if periods and (method != "rate" or "rate" in f.map):
                f._fail("periods", "periods go with method: rate, instead of a single rate", "not-allowed")
                return None
            rate = f.number("rate", required=method == "rate" and not periods)
            multiple = f.number("multiple", required=method == "multiple")
            if rate is not None and rate <= -100:
                f._fail("rate", f"a rate of {rate}% is not possible", "out-of-bounds")
                return None
            if multiple is not None and multiple <= 0:
                f._fail("multiple", f"a multiple of {multiple} is not possible", "out-of-bounds")
                return None
            if (
                method is None
                or (method == "rate" and rate is None and not periods)
                or (method == "multiple" and multiple is None)
            ):
                return None
            return model.Scenario(
                name=str(name), method=method,
                description=f.text("description", required=False) or "",
                description_zh=f.text("description_zh", required=False) or "",
                rate=None if rate is None else float(rate),
                multiple=None if multiple is None else float(multiple),
                of_year=f.integer("of_year", required=method == "multiple"),
                by_year=f.integer("by_year", required=method == "multiple"),
                applies_to=tuple(str(a) for a in applies), tags=tuple(str(t) for t in tags), yaml_line=line,
                periods=periods,
            )  # fmt: skip

        scenario = _record(session, Location(path, line, field=f"scenarios.{name}"), build)
        if scenario is not None:
            out[str(name)] = scenario
    if "continue" not in out:
        out = {"continue": model.Scenario("continue", "continue", "the 2021-25 rule carried on"), **out}
    return out


def _periods(f: _Fields) -> tuple[tuple[int, int, float], ...] | None:
    """A scenario's ``periods``: ``[{from: 2026, to: 2030, rate: 5.5}, …]``, consecutive, in order."""
    items = f.get("periods", list)
    if not items:
        f._fail("periods", "expected a list of {from, to, rate}", "missing-field")
        return None
    out: list[tuple[int, int, float]] = []
    for k, raw in enumerate(items):
        p = f.sub("periods", raw, f"{f.where}.periods[{k}]")
        p.check_keys({"from", "to", "rate"})
        first, last, rate = p.integer("from"), p.integer("to"), p.number("rate")
        if first is None or last is None or rate is None:
            return None
        if last < first or (out and first != out[-1][1] + 1):
            expected = f"it should start in {out[-1][1] + 1}" if out else "to must not come before from"
            p._fail("from", f"periods must be consecutive and in order: {first}-{last} ({expected})", "year-order")
            return None
        if rate <= -100:
            p._fail("rate", f"a rate of {rate}% is not possible", "out-of-bounds")
            return None
        out.append((first, last, float(rate)))
    return tuple(out)


def _check_years(session: Session, meta: dict[str, Any], scenarios: dict[str, model.Scenario], scen_path: Path,
                 relations: tuple[dict[str, Any], ...], rel_path: Path | None) -> None:  # fmt: skip
    """Years in scenarios and relations must fit the plan's base, target and horizon years."""
    base, target = meta["base_year"], meta["target_year"]
    for sc in scenarios.values():
        if sc.periods and sc.periods[0][0] != target + 1:
            session.fail(f"the first period must start in {target + 1}, the year after the target year; "
                         f"found {sc.periods[0][0]}", Location(scen_path, sc.yaml_line,
                         field=f"scenarios.{sc.name}.periods"), "year-order")  # fmt: skip
        if sc.method != "multiple":
            continue
        if sc.of_year is not None and not base <= sc.of_year <= target:
            session.fail(f"of_year {sc.of_year} must lie in {base}-{target} (a year the plan has values for)",
                         Location(scen_path, sc.yaml_line, field=f"scenarios.{sc.name}.of_year"), "year-order")  # fmt: skip
        if sc.by_year is not None and not sc.by_year > target:
            session.fail(f"by_year {sc.by_year} must come after the target year {target}",
                         Location(scen_path, sc.yaml_line, field=f"scenarios.{sc.name}.by_year"), "year-order")  # fmt: skip
    for rel in relations:
        if rel["type"] == "ratio" and rel["year"] not in (base, target):
            session.fail(f"year {rel['year']} must be the base year {base} or the target year {target}",
                         Location(rel_path or "relations.yaml", rel["yaml_line"], field=f"relations[{rel['id']}].year"),
                         "year-order")  # fmt: skip


# ---------------------------------------------------------------------------- plan
def load_plan(directory: str | Path | None = None, *, encoding: str | None = None) -> model.Plan:
    """Load a plan directory (default: the embedded Lingyuan plan).

    Raises :class:`PlanError` (with file, line, field and a code) for anything that
    cannot be used; ``err.problems`` lists every problem found, not just the first.
    ``encoding`` forces the encoding of the files (default: UTF-8, or GB18030 detected).
    """
    plan, session = _load(directory, Session(encoding=encoding))
    if session.problems or plan is None:
        raise PlanError.collected(session.problems)
    return replace(plan, notices=tuple(session.notices))


def validate_plan(directory: str | Path | None = None, *, encoding: str | None = None) -> Session:
    """Read a plan directory and return every problem and notice, without raising."""
    plan, session = _load(directory, Session(encoding=encoding))
    if plan is not None:
        line = plan.meta.get("lines", {}).get("id")
        session.plans[plan.id] = Location(plan.files["indicators"], line, field="plan.id")
    session.problems.sort(key=lambda p: (str(p.location.file) if p.location else "",
                                         (p.location.line or 0) if p.location else 0))  # fmt: skip
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
    indicators = pd.DataFrame(rows, columns=[c for c in vocabulary.INDICATOR_COLUMNS if c not in BASELINE_OWN])
    base_path = plan_dir / f"baseline_{meta['base_year']}.csv"
    baseline = _optional(session, base_path, lambda p: _read_baseline(p, indicators), None)
    if baseline is None:
        return None
    indicators = indicators.merge(baseline, on="id", how="left", validate="one_to_one")
    for column in (
        "target_decimals",
        "growth_decimals",
        "base_decimals",
        "line",
        "base_line",
        "yaml_line",
        "target_line",
        "csv_line",
    ):
        indicators[column] = indicators[column].astype("Int64")
    indicators = indicators.reindex(columns=vocabulary.INDICATOR_COLUMNS)
    _check_values(indicators, ind_path, base_path)

    quotes = pd.DataFrame(quote_rows, columns=vocabulary.QUOTE_COLUMNS)
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
    _check_years(session, meta, scenarios, scen_path, relations, files.get("relations"))
    return model.Plan(meta=meta, indicators=indicators, quotes=quotes, history=tables["history"],
                      projects=tables["projects"], scenarios=scenarios, directory=plan_dir, files=files,
                      sums=tables["sums"], relations=relations)  # fmt: skip

"""Read a plan directory into a :class:`~lingyuan_targets.plan.model.Plan`.

A plan directory holds ``indicators.yaml`` (plan metadata and indicator
definitions), ``baseline_<base year>.csv`` (base-year values), and optionally
``history.csv``, ``projects.csv``, ``sums.csv``, ``relations.yaml`` and
``scenarios.yaml``. Reading collects every problem (file, line, field, code)
rather than stopping at the first; :func:`load_plan` raises them as one
:class:`~lingyuan_targets.plan.errors.PlanError`, :func:`validate_plan` returns them.
"""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..plan import model, vocabulary
from ..plan.errors import Location, PlanError
from .csvtables import (
    BASELINE_OWN,
    INDICATORS_FILE,
    _check_values,
    _read_baseline,
    _read_history,
    _read_projects,
    _read_sums,
)  # fmt: skip
from .fields import _SESSION, _Fields, _record, _session, _source
from .indicators import read_indicators
from .scenarios import Years, fitting, read_scenarios, year_problems
from .textfile import Session, file_status
from .yamlfile import LineDict, load_yaml

SCENARIOS_FILE = "scenarios.yaml"
HISTORY_FILE = "history.csv"
PROJECTS_FILE = "projects.csv"
SUMS_FILE = "sums.csv"
RELATIONS_FILE = "relations.yaml"
RELATION_TYPES = ("sum", "ratio")


def _present(path: Path) -> bool:
    """Whether an optional plan file is given: a file, or a link (a dangling one or a loop is then a problem, never
    taken for a file left out)."""
    return os.path.lexists(path)


def default_plan_dir() -> Path:
    """The embedded Lingyuan plan: packaged data, or ``data/`` of a source checkout."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data"
    if (packaged / INDICATORS_FILE).is_file():
        return packaged
    return package.parents[1] / "data"


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
                rel["of"] = f.choice("of", ("target", "base", "all"), required=False, default="all")
            else:
                rel["year"] = f.integer("year")
                ok = ok and rel["year"] is not None
            return rel if ok else None

        rel = _record(session, Location(path, line, field=f"relations[{position}]"), build)
        if rel is not None:
            out.append(rel)
    return tuple(out)


def _check_relation_years(session: Session, meta: dict[str, Any], relations: tuple[dict[str, Any], ...],
                          rel_path: Path | None) -> None:  # fmt: skip
    """A ratio relation is checked in the base year or the target year."""
    base, target = meta["base_year"], meta["target_year"]
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


def _with_baseline(indicators: pd.DataFrame, baseline: pd.DataFrame) -> pd.DataFrame:
    """The baseline file's values for the indicators whose base indicators.yaml does not give."""
    out = indicators.merge(baseline[["id", "base_note", "csv_line"]], on="id", how="left", validate="one_to_one")
    rows = baseline.set_index("id")
    take = ~out["base_in_yaml"].astype(bool) & out["id"].isin(rows.index)
    for column in ("base", "base_decimals", "base_section", "base_line", "base_snippet"):
        values = out["id"].map(rows[column])
        out[column] = out[column].astype(object).where(~take, values.astype(object))
    out["base"] = out["base"].astype(float)
    return out


def _optional(session: Session, path: Path, read: Any, empty: Any) -> Any:
    """Read an optional file; a problem in it is collected and the plan loads without it."""
    try:
        return read(path)
    except PlanError as err:
        session.problems.append(err)
        return empty


def _load_files(directory: str | Path | None, session: Session) -> model.Plan | None:
    plan_dir = Path(directory) if directory is not None else default_plan_dir()
    info = file_status(plan_dir)  # a link loop or a name too long is said as such
    if info is None:
        raise PlanError("plan directory not found", Location(plan_dir), "file-not-found")
    if not stat.S_ISDIR(info.st_mode):
        raise PlanError("expected a plan directory (holding indicators.yaml)", Location(plan_dir), "not-a-directory")
    ind_path = plan_dir / INDICATORS_FILE
    meta, rows, quote_rows, goal_rows = read_indicators(ind_path, session)
    indicators = pd.DataFrame(rows, columns=[*(c for c in vocabulary.INDICATOR_COLUMNS if c not in BASELINE_OWN),
                                             "base_in_yaml"])  # fmt: skip
    base_path = plan_dir / f"baseline_{meta['base_year']}.csv"
    if base_path.exists() or base_path.is_symlink():
        baseline = _optional(session, base_path, lambda p: _read_baseline(p, indicators), None)
        if baseline is None:
            return None
        indicators = _with_baseline(indicators, baseline)
    elif not indicators["base_in_yaml"].any():
        session.note(base_path, "not found, and indicators.yaml gives no base: the plan has no base-year values")
    if "csv_line" not in indicators:  # no baseline file
        indicators = indicators.assign(base_note=None, csv_line=pd.NA)
    for column in ("target_decimals", "growth_decimals", "base_decimals", "line", "base_line", "yaml_line",
                   "target_line", "csv_line", "base_year", "target_year"):  # fmt: skip
        indicators[column] = indicators[column].astype("Int64")
    indicators = indicators.reindex(columns=vocabulary.INDICATOR_COLUMNS)
    _check_values(indicators, ind_path, base_path)

    quotes = pd.DataFrame(quote_rows, columns=vocabulary.QUOTE_COLUMNS)
    goals = pd.DataFrame(goal_rows, columns=vocabulary.GOAL_COLUMNS)
    for column in ("year", "target_decimals", "growth_decimals", "line", "yaml_line"):
        goals[column] = goals[column].astype("Int64")
    files = {"indicators": ind_path, "baseline": base_path}
    tables: dict[str, pd.DataFrame] = {}
    for key, name, read in (("history", HISTORY_FILE, _read_history), ("projects", PROJECTS_FILE, _read_projects),
                            ("sums", SUMS_FILE, _read_sums)):  # fmt: skip
        tables[key] = pd.DataFrame()
        if _present(plan_dir / name):
            files[key] = plan_dir / name
            tables[key] = _optional(session, files[key], read, pd.DataFrame())
    relations: tuple[dict[str, Any], ...] = ()
    if _present(plan_dir / RELATIONS_FILE):
        files["relations"] = plan_dir / RELATIONS_FILE
        relations = _optional(session, files["relations"], lambda p: _read_relations(p, set(indicators["id"])), ())
    years = Years(meta["base_year"], meta["target_year"], meta["horizon_year"])
    scen_path = plan_dir / SCENARIOS_FILE
    own = _present(scen_path)
    if not own:
        scen_path = default_plan_dir() / SCENARIOS_FILE
    files["scenarios"] = scen_path
    scenarios = _optional(session, scen_path, lambda p: read_scenarios(p, years), {})
    if own:
        session.problems += year_problems(scenarios, years, scen_path)
    else:  # the built-in scenarios: those that do not fit this plan's years are left out, not the plan's problem
        scenarios = fitting(scenarios, years, scen_path, session)
    _check_relation_years(session, meta, relations, files.get("relations"))
    return model.Plan(meta=meta, indicators=indicators, quotes=quotes, history=tables["history"],
                      projects=tables["projects"], scenarios=scenarios, directory=plan_dir, files=files,
                      sums=tables["sums"], relations=relations, goals=goals)  # fmt: skip

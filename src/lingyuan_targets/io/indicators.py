"""``indicators.yaml``: the plan's metadata, its indicators, their quotes and their further horizons (goals).

An indicator needs an ``id``, a ``name``, a ``unit``, a ``kind`` and one figure (a
base, a target or a goal); everything else is optional. Rules and targets may be
written as the plan prints them (``growth: 年均增长10%以上``, ``target: 突破600亿元``):
:mod:`lingyuan_targets.plan.phrases` reads them. Fields written beside a printed
text fill what it leaves open (the reading of a bare 累计 15%); fields that say
something else than the text are a ``printed-mismatch`` problem naming both.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..plan import vocabulary
from ..plan.errors import Location, PlanError
from ..plan.phrases import Level, PhraseError, Rule, parse_level, parse_rule, plain_unit
from ..plan.printed import decimals_of
from .fields import _SCHEMA_KEYS, _Fields, _record, _source
from .textfile import Session, looks_numeric
from .yamlfile import LineDict, load_yaml

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_NO_GROWTH: dict[str, Any] = {"printed": None, "basis": "none", "value": None, "reading": None, "bound": "equal",
                              "high": None, "aim": None}  # fmt: skip


def read_indicators(path: Path, session: Session) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]],
                                                            list[dict[str, Any]]]:  # fmt: skip
    """The plan's metadata, one row per indicator, one per quote, one per goal."""
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
        "name": meta_f.text("name", required=False),
        "name_en": meta_f.text("name_en", required=False),
        "region": meta_f.text("region", required=False),
        "base_year": meta_f.integer("base_year"),
        "target_year": meta_f.integer("target_year"),
        "horizon_year": meta_f.integer("horizon_year", required=False),
        "source": meta_f.text("source", required=False),
        # where the id and the base year stand, for problems found later (a plan id twice, --to before base)
        "lines": {"id": meta_f._loc("id").line, "base_year": meta_f._loc("base_year").line},
    }
    meta["name"] = meta["name"] or meta["id"]
    base_year, target_year = meta["base_year"], meta["target_year"]
    if base_year is None or target_year is None:
        raise PlanError("the plan's years are needed to go on", Location(path, meta_f._loc("base_year").line),
                        "missing-field")  # fmt: skip
    if not 1900 <= base_year <= 2200:
        raise meta_f.error("base_year", f"years out of range: {base_year}", "year-order")
    items = top.get("indicators", list)
    if not items:
        raise top.error("indicators", "the plan defines no indicators", "missing-field")
    rows: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    goals: list[dict[str, Any]] = []
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
            row = _indicator_row(path, item, ident, line, meta)
            for q_pos, q_raw in enumerate(item.get("quotes", list, required=False) or []):
                q_loc = Location(path, getattr(q_raw, "line", line), field=f"{item.where}.quotes[{q_pos}]")
                quote = _record(session, q_loc, lambda q_raw=q_raw, q_pos=q_pos: _quote_row(
                    path, ident, item.sub("quotes", q_raw, f"{item.where}.quotes[{q_pos}]")))  # fmt: skip
                if quote is not None:
                    quotes.append(quote)
            goals.extend(_goal_rows(path, item, ident, row, session))
            rows.append(row)

        _record(session, loc, build)
    last_goal = max((g["year"] for g in goals), default=target_year)
    meta["horizon_year"] = meta["horizon_year"] or max(2035, target_year, last_goal)
    if not base_year < target_year <= meta["horizon_year"]:
        raise meta_f.error("target_year", f"years must satisfy base_year < target_year ≤ horizon_year, found "
                           f"{base_year}, {target_year}, {meta['horizon_year']}", "year-order")  # fmt: skip
    if meta["horizon_year"] - base_year > 100:
        raise meta_f.error("horizon_year", f"years out of range: {base_year}-{meta['horizon_year']}", "year-order")
    return meta, rows, quotes, goals


# ------------------------------------------------------------------------------ rules
def _phrase_problem(field: _Fields, key: str, err: PhraseError) -> None:
    field._fail(key, str(err), "unknown-phrase")


def _rule_in_unit(item: _Fields, key: str, rule: Rule, unit: str | None) -> Rule:
    """A change printed in a unit (年均增长1万元) must be in the indicator's unit: 5000万元 a year is not 5000 元."""
    if rule.unit and unit and not _same_unit(rule.unit, unit):
        item._fail(key, f"the printed {rule.printed!r} is in {rule.unit}, the indicator in {unit}", "printed-mismatch")
    return rule


def read_growth(item: _Fields, key: str = "growth", unit: str | None = None) -> dict[str, Any]:
    """A growth rule: a printed text (parsed), or a mapping whose fields fill and must agree with its ``printed``;
    a change printed in a unit must be in ``unit``, the indicator's."""
    raw = item.map.get(key)
    if raw is None:
        return dict(_NO_GROWTH)
    if isinstance(raw, str):
        try:
            return _checked(_from_rule(_rule_in_unit(item, key, parse_rule(raw), unit)), item, key, None)
        except PhraseError as err:
            _phrase_problem(item, key, err)
            return dict(_NO_GROWTH)
    if isinstance(raw, Decimal):
        item._fail(key, f"{raw} alone does not say whether it is a yearly rate or a change over the period; write it "
                   "as printed (年均增长10%, 累计15%)", "wrong-type")  # fmt: skip
        return dict(_NO_GROWTH)
    g = item.sub(key, raw)
    g.check_keys(_SCHEMA_KEYS["growth"])
    printed = g.text("printed", required=False)
    parsed: Rule | None = None
    if printed is not None:
        try:
            parsed = _rule_in_unit(g, "printed", parse_rule(printed), unit)
        except PhraseError as err:
            if "basis" not in g.map:
                _phrase_problem(g, "printed", err)
                return dict(_NO_GROWTH)
    stated: dict[str, Any] = {
        "basis": g.choice("basis", vocabulary.GROWTH_BASES, required=parsed is None),
        "value": g.number("value", required=False),
        "reading": g.choice("reading", vocabulary.READINGS, required=False),
        "bound": g.choice("bound", vocabulary.GROWTH_BOUNDS, required=False),
        "high": g.number("high", required=False),
    }
    out = _from_rule(parsed) if parsed is not None else dict(_NO_GROWTH, printed=printed)
    for field, value in stated.items():
        if value is None:
            continue
        said = out.get(field) if parsed is not None else None
        if said is not None and not (field == "reading" and value == "unresolved") and said != value and not (
                isinstance(said, Decimal) and isinstance(value, Decimal) and said == value):  # fmt: skip
            g._fail(field, f"{value} here, but the printed {printed!r} says {said}", "printed-mismatch")
        out[field] = value
    return _checked(out, g, "", stated["reading"])


def _checked(out: dict[str, Any], g: _Fields, key: str, stated_reading: str | None) -> dict[str, Any]:
    """What a growth rule must hold together: a figure, a reading for a 累计 figure, a possible rate."""
    printed = out["printed"]

    def field(name: str) -> str:  # a rule written as one text: its problems are the text's
        return key or name

    basis = out["basis"] or "none"
    if basis != "none" and out["value"] is None:
        g._fail(field("value"), "required field is missing (the printed text gives no figure)", "missing-field")
        basis = "none"
    if basis == "cumulative" and out["reading"] is None:
        g._fail(field("reading"), f"the printed {printed!r} does not say how to read the figure: write it as a mapping "
                "with reading: relative, points, absolute or unresolved", "missing-field")  # fmt: skip
    if basis == "annual" and out["reading"] == "unresolved":
        g._fail(field("reading"), "unresolved applies to a cumulative figure only", "not-allowed")
    if basis == "none" and stated_reading is not None:
        g._fail(field("reading"), "a reading applies only to a growth figure", "not-allowed")
    if basis == "annual" and out["reading"] in (None, "relative") and out["value"] is not None and out["value"] <= -100:
        g._fail(field("value"), f"an annual rate of {out['value']}% is not possible", "out-of-bounds")
    if basis == "cumulative" and out["reading"] == "relative" and out["value"] is not None and out["value"] < -100:
        g._fail(field("value"), f"a relative change of {out['value']}% is not possible (a fall of 100% reaches zero)",
                "out-of-bounds")  # fmt: skip
    if out["bound"] == "range" and out["high"] is None:
        g._fail(field("high"), "a range needs its upper end (high)", "missing-field")
    out["basis"] = basis
    return out


def _from_rule(rule: Rule) -> dict[str, Any]:
    reading = rule.reading
    if rule.basis == "annual" and reading is None:
        reading = "relative"
    return {"printed": rule.printed, "basis": rule.basis, "value": rule.value, "reading": reading if rule.basis !=
            "none" else None, "bound": rule.bound, "high": rule.high, "aim": rule.aim}  # fmt: skip


def read_figure(item: _Fields, key: str, unit: str | None) -> tuple[Decimal | None, Level | None]:
    """A base or target: a number, or a printed figure (突破600亿元) whose unit must be the indicator's."""
    raw = item.map.get(key)
    if raw is None:
        return None, None
    if isinstance(raw, str) and looks_numeric(raw):  # a number as text (010, 1,234, ４５%): read, or refused, as one
        return item.number(key, required=False), None
    if isinstance(raw, str):
        try:
            level = parse_level(raw)
        except PhraseError as err:
            _phrase_problem(item, key, err)
            return None, None
        if level.unit and unit and not _same_unit(level.unit, unit):
            item._fail(key, f"the printed {raw!r} is in {level.unit}, the indicator in {unit}", "printed-mismatch")
        return level.value, level
    return item.number(key, required=False), None


def _same_unit(a: str, b: str) -> bool:
    def norm(u: str) -> str:
        u = plain_unit(u)
        return "%" if u in vocabulary.PERCENT_UNITS else u

    return norm(a) == norm(b)


def base_side_of(level: Level | None) -> str | None:
    """The side of a base printed as a phrase (42%以上: at_least); ``equal`` for a plain figure, None for a range."""
    if level is None or level.bound in ("equal", "about"):
        return "equal"
    return None if level.bound == "range" else level.bound


def _side(item: _Fields, level: Level | None, key: str = "direction") -> tuple[str, Decimal | None]:
    """The direction of a target: as declared, else as printed (突破 a floor, 以内 a ceiling), else equal."""
    declared = item.choice(key, vocabulary.DIRECTIONS, required=False)
    printed = None
    if level is not None:
        printed = {"range": "range", "about": "equal"}.get(level.bound, level.bound)
    if declared and printed and printed != "equal" and declared != printed:
        item._fail(key, f"{declared} here, but the printed {level.printed!r} says {printed}",  # type: ignore[union-attr]
                   "printed-mismatch")  # fmt: skip
    side = declared or printed or "equal"
    return side, level.high if level is not None and level.bound == "range" else None


# ---------------------------------------------------------------------------- rows
def _indicator_row(path: Path, item: _Fields, ident: str, line: int | None, meta: dict[str, Any]) -> dict[str, Any]:
    kind = item.choice("kind", tuple(vocabulary.KINDS)) or "level"
    unit = item.text("unit")
    target, target_level = read_figure(item, "target", unit)
    base, base_level = read_figure(item, "base", unit)
    base_side = base_side_of(base_level)
    if base_side is None:
        item._fail("base", f"a base is one figure, not the range {base_level.printed!r}", "not-allowed")  # type: ignore[union-attr]
        base_side = "equal"
    if target_level is not None and target_level.start is not None:  # 由 A 提高到 B: A is the base
        if base is not None and base != target_level.start:
            item._fail("base", f"{base} here, but the printed {target_level.printed!r} starts from "
                       f"{target_level.start}", "printed-mismatch")  # fmt: skip
        base = base if base is not None else target_level.start
    direction, target_high = _side(item, target_level)
    growth = read_growth(item, unit=unit)
    base_year = item.integer("base_year", required=False) or meta["base_year"]
    target_year = item.integer("target_year", required=False) or meta["target_year"]
    if base_year >= target_year and ("base_year" in item.map or "target_year" in item.map):  # the plan's: checked there
        item._fail("target_year", f"an indicator's years must satisfy base_year < target_year, found {base_year}, "
                   f"{target_year}", "year-order")  # fmt: skip
    if (base_year, target_year) != (meta["base_year"], meta["target_year"]) and kind in ("period_total",
                                                                                          "period_change"):  # fmt: skip
        item._fail("base_year", "a period total or change runs over the plan's own period", "not-allowed")
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
    src = _source(path, item, required=False)
    name = item.text("name")
    in_yaml = base is not None
    base_src = _source(path, item, "base_source", required=False) if "base_source" in item.map else src
    return {
        "id": ident,
        "name": name,
        "name_en": item.text("name_en", required=False) or name,
        "category": item.text("category", required=False),
        "unit": unit,
        "unit_en": item.text("unit_en", required=False),
        "kind": kind,
        "direction": direction,
        "lower": np.nan if lower is None else lower,
        "upper": np.nan if upper is None else upper,
        "attribute": item.choice("attribute", vocabulary.ATTRIBUTES, required=False),
        "origin": item.choice("origin", vocabulary.ORIGINS, required=False, default="text"),
        "group": item.text("group", required=False),
        "base": np.nan if base is None else float(base),
        "base_decimals": pd.NA if base is None else decimals_of(base),
        "base_side": base_side,
        "target": np.nan if target is None else float(target),
        "target_decimals": pd.NA if target is None else decimals_of(target),
        "target_high": np.nan if target_high is None else float(target_high),
        **_growth_columns(growth),
        "base_year": base_year,
        "target_year": target_year,
        "interpolation": interpolation,
        "prices": item.choice("prices", vocabulary.PRICE_BASES, required=False),
        "scope": item.text("scope", required=False),
        "tags": " ".join(tags),
        **src,
        # a base written here (or given by the target's own text) has the source given here; else the baseline file's
        "base_section": base_src["section"] if in_yaml else None,
        "base_line": base_src["line"] if in_yaml else None,
        "base_snippet": base_src["snippet"] if in_yaml else None,
        "base_in_yaml": in_yaml,
        "note": item.text("note", required=False),
        "yaml_line": line,
        "target_line": item._loc("target").line if "target" in item.map else line,
    }


def _growth_columns(growth: dict[str, Any], prefix: str = "growth") -> dict[str, Any]:
    value, high, aim = growth["value"], growth["high"], growth.get("aim")
    return {
        f"{prefix}_printed": growth["printed"],
        f"{prefix}_basis": growth["basis"],
        f"{prefix}_value": np.nan if value is None else float(value),
        f"{prefix}_decimals": pd.NA if value is None else max(decimals_of(value), decimals_of(high) if high else 0),
        f"{prefix}_reading": growth["reading"],
        f"{prefix}_bound": growth["bound"] or "equal",
        f"{prefix}_high": np.nan if high is None else float(high),
        **({f"{prefix}_aim": np.nan if aim is None else float(aim)} if prefix == "growth" else {}),
    }


def _goal_rows(path: Path, item: _Fields, ident: str, row: dict[str, Any], session: Session) -> list[dict[str, Any]]:
    """An indicator's further horizons: ``goals: [{year, target, growth, direction, source}]``, by year."""
    out: list[dict[str, Any]] = []
    for k, raw in enumerate(item.get("goals", list, required=False) or []):
        g_loc = Location(path, getattr(raw, "line", row["yaml_line"]), field=f"{item.where}.goals[{k}]")

        def build(raw: Any = raw, k: int = k) -> dict[str, Any] | None:
            g = item.sub("goals", raw, f"{item.where}.goals[{k}]")
            g.check_keys(_SCHEMA_KEYS["goal"])
            year = g.integer("year")
            value, level = read_figure(g, "target", row["unit"])
            direction, high = _side(g, level)
            growth = read_growth(g, unit=row["unit"])
            if year is None:
                return None
            if year in (row["base_year"], row["target_year"]):
                g._fail("year", f"{year} is the indicator's base or target year: write that figure as its base or "
                        "target", "year-order")  # fmt: skip
                return None
            if value is None and growth["basis"] == "none":
                g._fail("target", "a goal needs a target or a growth rule", "missing-field")
                return None
            return {"id": ident, "year": year, "target": np.nan if value is None else float(value),
                    "target_decimals": pd.NA if value is None else decimals_of(value),
                    "target_high": np.nan if high is None else float(high), "direction": direction,
                    **{k: v for k, v in _growth_columns(growth).items() if k != "growth_aim"},
                    **_source(path, g, required=False), "yaml_line": g.map.line if isinstance(g.map, LineDict) else None}  # fmt: skip

        goal = _record(session, g_loc, build)
        if goal is not None:
            out.append(goal)
    years = [g["year"] for g in out]
    if len(set(years)) != len(years):
        item._fail("goals", f"two goals for the same year ({', '.join(str(y) for y in sorted(years))})", "duplicate-id")
        return []
    return sorted(out, key=lambda g: g["year"])


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
        **_source(path, q, required=False),
        "note": q.text("note", required=False),
        "yaml_line": q.map.line if isinstance(q.map, LineDict) else None,
    }
    return row if value is not None else None

"""The long-range outlook (to 2035) from where an indicator stands now.

Each path starts from the latest actual when there is one, else from the
target-year value (the printed target, or where the stated rule leads). Up to
the plan's target year a path follows the plan's rule; after it, the
scenario's rule (see :class:`~lingyuan_targets.plan.model.Scenario`). The paths are
computed year by year, vectorised over indicators, and stop at natural bounds.

Example: GDP observed 185 in 2022 under the ``moderate`` scenario (5% a year
after 2025) reaches 185 · 1.1**3 · 1.05**10 = 400.9 in 2035: the plan's 10% a
year to 2025, then 5%.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

from ..plan.errors import ScenarioError
from ..plan.model import Plan, Scenario
from . import observed
from .projection import _tag_pattern, goal_step, rules, value_in_year

_GRID = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*:\s*(-?\d+(?:\.\d+)?)\s*(?::\s*(\d+(?:\.\d+)?))?\s*$")
MAX_GRID = 200
#: why an outlook cannot start from a value: code → (English, Chinese); "" when it can
UNUSABLE = {
    "": ("", ""),
    "start-not-positive": ("a start at or below zero cannot be compounded", "起点值不大于零，无法按增速复利推算"),
    "start-outside-range": ("the start lies outside the natural range", "起点值超出取值范围"),
}


def parse_rates(text: str) -> list[float]:
    """A grid of annual rates in percent: ``2:8:1`` (start:stop:step, stop included) or ``3,4.5,6``.

    >>> parse_rates("2:8:2")
    [2.0, 4.0, 6.0, 8.0]
    """
    m = _GRID.match(text)
    if m:
        first, last, step = float(m.group(1)), float(m.group(2)), float(m.group(3) or 1)
        if step <= 0 or last < first:
            raise ScenarioError(f"{text!r}: expected START:STOP:STEP with STOP ≥ START and STEP > 0", code="bad-grid",
                                parameter="rates")  # fmt: skip
        count = round((last - first) / step) + 1
        if count > MAX_GRID:
            raise ScenarioError(
                f"{text!r} gives {count} rates; the limit is {MAX_GRID}", code="bad-grid", parameter="rates"
            )
        rates = [round(first + k * step, 10) for k in range(count) if first + k * step <= last + 1e-9]
    else:
        try:
            rates = [float(part) for part in text.split(",") if part.strip()]
        except ValueError:
            raise ScenarioError(f"{text!r}: expected START:STOP:STEP (2:8:1) or a list (3,4.5,6)", code="bad-grid",
                                parameter="rates") from None  # fmt: skip
    if not rates or len(rates) > MAX_GRID or not all(math.isfinite(r) and -100 < r <= 1000 for r in rates):
        raise ScenarioError(f"{text!r}: give 1 to {MAX_GRID} rates, each above -100 and at most 1000", code="bad-grid",
                            parameter="rates")  # fmt: skip
    return list(dict.fromkeys(rates))


def starts(plan: Plan, actuals: pd.DataFrame | None, ids: list[str] | None = None,
           to: int | None = None) -> pd.DataFrame:  # fmt: skip
    """Where each level or share indicator's outlook starts: year, value and what it is.

    Adds ``start_year, start_value, start_from`` (actual, target or plan path),
    ``start_decimals``, ``start_source`` and ``start_line`` (of an actual), and
    ``start_note`` (the actual's note), ``unusable`` (a code of :data:`UNUSABLE`) and ``unusable_en/zh``: why a start cannot
    be grown from (a level at or below zero, a value outside the natural range),
    empty when it can.
    """
    r = rules(plan, ids)
    r = r[r["mode"].isin(["geometric", "linear"])].reset_index(drop=True)
    n = plan.target_year - plan.base_year
    printed = r["target"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        by_rule = np.where(r["mode"] == "geometric", r["start"] * r["factor"] ** n, r["start"] + r["step"] * n)
    ind = plan.indicators.set_index("id").reindex(r["id"])
    year = np.full(len(r), plan.target_year)
    value = np.where(np.isnan(printed), by_rule, printed)
    start_from = np.where(np.isnan(printed), "plan path", "target")
    decimals = ind["target_decimals"].astype("Float64").fillna(1).to_numpy(dtype=int)
    source = np.full(len(r), None, dtype=object)
    line = np.full(len(r), None, dtype=object)
    note = np.full(len(r), None, dtype=object)
    if actuals is not None and len(actuals):
        rows = actuals if to is None else actuals[actuals["year"] <= to]
        last = observed.latest(rows).reindex(r["id"])
        seen = last["value"].notna().to_numpy()
        year = np.where(seen, last["year"].to_numpy(dtype=float), year).astype(int)
        value = np.where(seen, last["value"].to_numpy(dtype=float), value)
        start_from = np.where(seen, "actual", start_from)
        decimals = np.where(seen, np.maximum(decimals, last["decimals"].fillna(0).to_numpy(dtype=float)), decimals)
        source = np.where(seen, last["source"].to_numpy(dtype=object), source)
        line = np.where(seen, last["csv_line"].to_numpy(dtype=object), line)
        if "note" in last:
            note = np.where(seen, last["note"].to_numpy(dtype=object), note)
    lower, upper = ind["lower"].to_numpy(dtype=float), ind["upper"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        outside = (value < lower) | (value > upper)
        compound_bad = (r["mode"] == "geometric").to_numpy() & (value <= 0)
    why = np.select([compound_bad, outside], ["start-not-positive", "start-outside-range"], default="").astype(object)
    return r.assign(start_year=year, start_value=value, start_from=start_from, start_decimals=decimals.astype(int),
                    start_source=source, start_line=line, start_note=note, unusable=why,
                    unusable_en=[UNUSABLE[w][0] for w in why], unusable_zh=[UNUSABLE[w][1] for w in why])  # fmt: skip


def paths(plan: Plan, scen: Scenario, s: pd.DataFrame, to: int,
          actuals: pd.DataFrame | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Values [indicator, year] for years base..to under ``scen`` from the starts ``s``.

    Also returns the years, the rate each scenario applied after the target
    year (percent; NaN where the plan's rule continued), and a saturation mask.
    """
    years = np.arange(plan.base_year, to + 1)
    k = len(s)
    ind = plan.indicators.set_index("id").reindex(s["id"])
    lower = ind["lower"].to_numpy(dtype=float)
    upper = ind["upper"].to_numpy(dtype=float)
    geometric = (s["mode"] == "geometric").to_numpy()
    factor, step = s["factor"].to_numpy(dtype=float), s["step"].to_numpy(dtype=float)
    s_year, s_value = s["start_year"].to_numpy(dtype=int), s["start_value"].to_numpy(dtype=float)
    applies = _applies(scen, s)
    goal = _goal(plan, scen, s, actuals) if scen.method == "multiple" else np.full(k, np.nan)
    scen_rate = np.full(k, np.nan)
    values = np.full((k, len(years)), np.nan)
    hit = np.zeros((k, len(years)), dtype=bool)
    values[:, 0] = np.where(s_year == plan.base_year, s_value, np.nan)
    # the plan's own rule (continue, and the rows a scenario leaves to it) passes through the goals it states
    goals = {row: spans for row, spans in _goal_segments(plan, s).items() if not applies[row]}
    factor, step, geometric = factor.copy(), step.copy(), geometric.copy()
    for j in range(1, len(years)):  # years, not indicators: each step is vectorised over indicators
        y = years[j]
        prev = np.where(s_year == y - 1, s_value, values[:, j - 1])
        for row, spans in goals.items():  # the plan's own goals (2035): the path turns towards each in its turn
            for first, aim in spans:
                begin = max(first, int(s_year[row]))
                if y == begin + 1 and begin < aim["year"]:
                    f, st = goal_step(aim, float(prev[row]), int(aim["year"]) - begin, bool(geometric[row]))
                    factor[row], step[row], geometric[row] = f, st, not np.isnan(f)
        own = np.where(geometric, prev * factor, prev + step)
        after = applies & (y > plan.target_year)
        if scen.method == "rate":
            rate = np.full(k, scen.rate_in(int(y)) or 0.0)
        elif scen.method == "multiple":
            anchor = np.maximum(s_year, plan.target_year)
            span = (scen.by_year or plan.horizon_year) - anchor
            with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
                needed = np.where((y == anchor + 1) & (goal > 0) & (prev > 0) & (span > 0),
                                  ((goal / prev) ** (1.0 / span) - 1.0) * 100.0, np.nan)  # fmt: skip
            scen_rate = np.where(np.isnan(needed), scen_rate, needed)
            rate = scen_rate
        else:
            rate = np.full(k, np.nan)
        if scen.method == "rate":
            scen_rate = np.where(after & np.isnan(scen_rate), rate, scen_rate)
        use = after & ~np.isnan(rate)
        with np.errstate(invalid="ignore", over="ignore"):
            nxt = np.where(use, prev * (1.0 + rate / 100.0), own)
        nxt = np.where(y > s_year, nxt, np.where(y == s_year, s_value, np.nan))
        over = (~np.isnan(upper) & (nxt > upper + 1e-9)) | (~np.isnan(lower) & (nxt < lower - 1e-9))
        hit[:, j] = over
        values[:, j] = np.clip(nxt, np.where(np.isnan(lower), -np.inf, lower), np.where(np.isnan(upper), np.inf, upper))
    if scen.periods:
        scen_rate = np.where(applies, np.nan, scen_rate)  # several rates: the scenario's description says which
    usable = (s["unusable"] == "").to_numpy()
    values = np.where(usable[:, None], values, np.nan)
    return values, years, np.where(applies & usable, scen_rate, np.nan), hit & usable[:, None]


def _goal_segments(plan: Plan, s: pd.DataFrame) -> dict[int, list[tuple[int, dict[str, Any]]]]:
    """For each start row with goals after the target year: (the year its segment starts, the goal), in order."""
    if plan.goals.empty:
        return {}
    later = plan.goals[plan.goals["year"] > plan.target_year].sort_values("year", kind="stable")
    out: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for row, ident in enumerate(s["id"].tolist()):
        first = plan.target_year
        for goal in later[later["id"] == ident].to_dict("records"):
            out.setdefault(row, []).append((first, goal))
            first = int(goal["year"])
    return out


def plan_goals(plan: Plan, s: pd.DataFrame, to: int) -> tuple[np.ndarray, np.ndarray]:
    """The goal each start row's plan states for ``to`` (NaN where none), and the yearly rate (percent; for a
    share, points) it needs from the start."""
    goal = np.full(len(s), np.nan)
    if not plan.goals.empty:
        at = plan.goals[plan.goals["year"] == to].set_index("id")["target"]
        goal = at.reindex(s["id"]).to_numpy(dtype=float)
    start, span = s["start_value"].to_numpy(dtype=float), (to - s["start_year"].to_numpy(dtype=int)).astype(float)
    share = (s["kind"] == "share").to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(share, (goal - start) / span, ((goal / start) ** (1.0 / span) - 1.0) * 100.0)
    return goal, np.where((span > 0) & (share | ((start > 0) & (goal > 0))), rate, np.nan)


def _applies(scen: Scenario, s: pd.DataFrame) -> np.ndarray:
    """Indicators a scenario changes: its kinds, and its tags when it names any."""
    applies = s["kind"].isin(list(scen.applies_to)).to_numpy() & (scen.method != "continue")
    if scen.tags:
        applies &= s["tags"].fillna("").str.contains(_tag_pattern(scen.tags), regex=True).to_numpy(dtype=bool)
    return applies


def _goal(plan: Plan, scen: Scenario, s: pd.DataFrame, actuals: pd.DataFrame | None) -> np.ndarray:
    """``multiple`` × the value in ``of_year``: the actual when there is one, else the plan's."""
    of_year = scen.of_year or plan.base_year
    planned = value_in_year(plan, list(s["id"]), of_year)
    if of_year == plan.base_year:
        planned = np.where(np.isnan(s["base"].to_numpy(dtype=float)), planned, s["base"].to_numpy(dtype=float))
    if actuals is not None and len(actuals):
        seen = observed.value_in(actuals, s["id"].to_numpy(dtype=object), of_year)
        planned = np.where(np.isnan(seen), planned, seen)
    return planned * (scen.multiple or 1.0)


def outlook(plan: Plan, actuals: pd.DataFrame | None = None, *, to: int | None = None,
            ids: list[str] | None = None, rebase: bool = False) -> pd.DataFrame:  # fmt: skip
    """The value in ``to`` (default: the horizon year) under each named scenario.

    Long format, one row per indicator and scenario: ``id, kind, start_year,
    start, start_from`` (actual, target or plan path), ``scenario, value,
    scenario_rate`` (the annual rate the scenario applied after the target
    year, percent; NaN where the plan's rule continued or rates vary by
    period), ``goal_rate`` (for a ``multiple`` scenario: the annual rate that
    reaches its goal from the start), ``plan_goal`` and ``plan_goal_rate`` (the goal
    the plan states for ``to``, and the yearly rate, or points for a share, it needs
    from the start; NaN without one), ``saturated``, the start's
    ``start_decimals, start_source, start_line``, and ``unusable, unusable_en/zh``: why
    no value is given (a start at or below zero under compounding, or outside
    the natural range). The actuals' figures are first made yearly values
    (:func:`lingyuan_targets.engine.observed.yearly`; ``rebase`` as there), and
    ``start_note`` carries the note of the actual a row starts from.
    """
    actuals = observed.yearly(plan, actuals, rebase=rebase)
    to = to or plan.horizon_year
    if to <= plan.target_year:
        raise ScenarioError(f"{to}: the outlook year must come after the target year {plan.target_year}",
                            code="year-order", parameter="to")  # fmt: skip
    s = starts(plan, actuals, ids, to)
    stated, stated_rate = plan_goals(plan, s, to)
    usable = (s["unusable"] == "").to_numpy()
    frames = []
    for scen in plan.scenarios.values():
        values, _, rate, hit = paths(plan, scen, s, to, actuals)
        goal_rate = np.full(len(s), np.nan)
        if scen.method == "multiple":
            goal = _goal(plan, scen, s, actuals)
            span = (scen.by_year or plan.horizon_year) - s["start_year"].to_numpy(dtype=int)
            with np.errstate(invalid="ignore", divide="ignore"):
                goal_rate = np.where(_applies(scen, s) & (goal > 0) & (s["start_value"] > 0) & (span > 0),
                                     ((goal / s["start_value"]) ** (1.0 / span) - 1.0) * 100.0, np.nan)  # fmt: skip
        frames.append(pd.DataFrame({
            "id": s["id"], "kind": s["kind"], "start_year": s["start_year"], "start": s["start_value"],
            "start_from": s["start_from"], "start_decimals": s["start_decimals"], "start_source": s["start_source"],
            "start_line": s["start_line"], "start_note": s["start_note"], "scenario": scen.name, "value": values[:, -1],
            "scenario_rate": rate, "goal_rate": np.where(usable, goal_rate, np.nan),
            "plan_goal": stated, "plan_goal_rate": np.where(usable, stated_rate, np.nan),
            "saturated": hit.any(axis=1), "unusable": s["unusable"], "unusable_en": s["unusable_en"],
            "unusable_zh": s["unusable_zh"],
        }))  # fmt: skip
    out = pd.concat(frames, ignore_index=True)
    order = {ident: k for k, ident in enumerate(s["id"])}
    return out.sort_values("id", key=lambda c: c.map(order), kind="stable").reset_index(drop=True)


def sensitivity(plan: Plan, actuals: pd.DataFrame | None, rates: list[float], *, to: int | None = None,
                ids: list[str] | None = None, rebase: bool = False) -> pd.DataFrame:  # fmt: skip
    """The value in ``to`` of each level indicator growing at each rate from its start.

    ``value = start · (1 + r/100)**(to − start_year)``; shares are left out (a
    percent-a-year growth of a percentage is not a meaningful grid). Columns:
    ``id, start_year, start, start_from`` (and the start's decimals, source,
    line, note and ``unusable_en/zh`` as in :func:`outlook`) and one per rate.
    """
    actuals = observed.yearly(plan, actuals, rebase=rebase)
    to = to or plan.horizon_year
    s = starts(plan, actuals, ids, to)
    s = s[s["kind"] == "level"].reset_index(drop=True)
    span = (to - s["start_year"].to_numpy(dtype=int)).astype(float)
    grid = np.array(rates, dtype=float)
    usable = (s["unusable"] == "").to_numpy()
    start = np.where(usable, s["start_value"].to_numpy(dtype=float), np.nan)
    values = start[:, None] * (1.0 + grid[None, :] / 100.0) ** span[:, None]
    head = pd.DataFrame({"id": s["id"], "start_year": s["start_year"], "start": s["start_value"],
                         "start_from": s["start_from"], "start_decimals": s["start_decimals"],
                         "start_source": s["start_source"], "start_line": s["start_line"],
                         "start_note": s["start_note"], "unusable": s["unusable"], "unusable_en": s["unusable_en"],
                         "unusable_zh": s["unusable_zh"]})  # fmt: skip
    return pd.concat([head, pd.DataFrame(values, columns=[f"{r:g}" for r in rates])], axis=1)

"""Year-by-year trajectories, vectorised over indicators.

Each indicator's rule for the plan period is resolved once into a *mode* and
its parameters (arrays over indicators); trajectories are then evaluated for
all indicators and years at once with numpy broadcasting.

Modes (chosen from the declared kind and growth rule, never from a name):

* ``geometric`` — ``v(t) = v0 · g**t``: an annual rate ``r`` gives ``g = 1 + r``;
  a relative cumulative change ``c`` over ``n`` years gives ``g = (1 + c)**(1/n)``;
  a target without a rate gives the implied ``g = (T / v0)**(1/n)``.
* ``linear`` — ``v(t) = v0 + s·t``: a cumulative change in percentage points or
  in the indicator's own unit gives ``s = c / n``; a share target without a rate
  gives ``s = (T − v0) / n``.
* ``period_total`` — the running total within each ``n``-year period at an even
  flow ``T / n`` per year; the base-year column holds the previous period's total.
* ``period_change`` — the change achieved so far within the period, spread
  geometrically: ``100·(1 − (1 − T/100)**(t/n))``.
* ``hold`` — a floor or ceiling to hold: the bound itself.
* ``none`` — the plan gives too little (no target, or no base and no rate).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..plan.arrays import (
    ABSOLUTE,
    ANNUAL,
    CUMULATIVE,
    GEOMETRIC,
    LEVEL,
    LIMIT,
    LINEAR,
    PERIOD_CHANGE,
    PERIOD_TOTAL,
    POINTS,
    RANGE,
    RELATIVE,
    SHARE,
    Columns,
    columns,
    filled,
)
from ..plan.errors import ScenarioError, UnknownIndicatorError
from ..plan.model import Plan, Scenario
from ..plan.suggest import did_you_mean, unknown_list
from ..plan.vocabulary import KINDS, VALUE_TAGS
from .rule_text import rule_words

MODES = ("geometric", "linear", "period_total", "period_change", "hold", "none")
GEO, LIN, PTOTAL, PCHANGE, HOLD, NONE = range(len(MODES))  # a mode's code: its position in MODES
#: where a rule comes from (``source_rule``); the last, empty, for none
SOURCES = ("stated annual rate", "stated yearly change", "stated cumulative change (relative)",
           "stated cumulative change (points)", "stated cumulative change (absolute)", "implied by base and target", "")  # fmt: skip
KIND_CODES = {k: i for i, k in enumerate(KINDS)}
_AD_HOC_RATE = re.compile(r"^rate[:=]\s*(-?\d+(?:\.\d+)?)\s*%?$")


def resolve_scenario(plan: Plan, name: str) -> Scenario:
    """A named scenario of the plan, or an ad-hoc ``rate:X`` (X percent a year).

    >>> resolve_scenario(plan, "rate:4.5").rate  # doctest: +SKIP
    4.5
    """
    if name in plan.scenarios:
        return plan.scenarios[name]
    match = _AD_HOC_RATE.match(name.strip())
    if match:
        rate = float(match.group(1))
        if rate <= -100:
            raise ScenarioError(f"scenario {name!r}: a rate must be above -100%", code="out-of-bounds",
                                parameter="scenario")  # fmt: skip
        return Scenario(name=f"rate:{match.group(1)}", method="rate", rate=rate,
                        description=f"{match.group(1)}% a year from the target-year value",
                        description_zh=f"自目标年起年均 {match.group(1)}%",
                        applies_to=("level",), tags=VALUE_TAGS)  # fmt: skip
    known = ", ".join([*plan.scenarios, "rate:X"])
    raise ScenarioError(f"unknown scenario {name!r}{did_you_mean(name, plan.scenarios)} (choose one of: {known})", code="unknown-scenario",
                        parameter="scenario")  # fmt: skip


def _select(plan: Plan, ids: list[str] | tuple[str, ...] | None) -> pd.DataFrame:
    ind = plan.indicators
    if not ids:
        return ind.reset_index(drop=True)
    unknown = [i for i in ids if i not in set(ind["id"])]
    if unknown:
        raise UnknownIndicatorError(f"unknown indicator id(s): {unknown_list(unknown, ind['id'])}")
    return ind.set_index("id").loc[list(dict.fromkeys(ids))].reset_index()


def _columns(plan: Plan, ids: list[str] | tuple[str, ...] | None) -> tuple[pd.DataFrame, Columns]:
    """The selected indicator rows and their typed arrays (the plan's own, built once, when all are selected)."""
    if not ids:
        return plan.indicators.reset_index(drop=True), plan.columns
    index = pd.Index(plan.indicators["id"])
    if not index.is_unique:  # not a validated plan: select by label, as the table has it
        ind = _select(plan, ids)
        return ind, columns(ind, plan.base_year, plan.target_year)
    wanted = list(dict.fromkeys(ids))
    rows = index.get_indexer(wanted)
    if (rows < 0).any():
        _select(plan, ids)  # raises UnknownIndicatorError naming them
    return _at(plan, rows)


def _at(plan: Plan, rows: np.ndarray) -> tuple[pd.DataFrame, Columns]:
    """The indicator rows at positions ``rows`` and their typed arrays, in that order."""
    return plan.indicators.iloc[rows].reset_index(drop=True), plan.columns.take(rows)


def _first(conditions: list[np.ndarray], default: int) -> np.ndarray:
    """Per row, the position of the first true condition, else ``default`` (``np.select`` over int8 codes)."""
    out = np.full(len(conditions[0]), default, dtype=np.int8)
    for code in range(len(conditions) - 1, -1, -1):  # over the few conditions: the first true one is written last
        out[conditions[code]] = code
    return out


def rule_arrays(c: Columns) -> dict[str, np.ndarray]:
    """The arithmetic of :func:`rules`: each indicator's plan-period rule as arrays over the rows of ``c``.

    Keys: ``mode`` (int8, a position in :data:`MODES`), ``start`` (the value in the plan's base year),
    ``start_implied``, ``factor``, ``step``, ``flow``, ``rate`` (as the columns of :func:`rules`) and
    ``source`` (int8, a position in :data:`SOURCES`). Each row's period is its own (``c.n`` years); a growth
    range (6%–7%) is followed at its midpoint, a floor or ceiling at the figure printed.
    """
    n = c.n
    pathlike = (c.kind == LEVEL) | (c.kind == SHARE)
    base, target = c.base, c.target
    figure = np.where(c.bound == RANGE, (c.growth + c.high) / 2.0, c.growth)  # the figure a path follows
    g = figure / 100.0
    has_b, has_t = ~np.isnan(base), ~np.isnan(target)
    annual = pathlike & (c.basis == ANNUAL)
    ann_lin = annual & ((c.reading == POINTS) | (c.reading == ABSOLUTE))  # 年均提高1个百分点, 每年新增5家
    ann_rel = annual & ~ann_lin
    cumulative = pathlike & (c.basis == CUMULATIVE)
    cum_rel = cumulative & (c.reading == RELATIVE)
    cum_pts = cumulative & (c.reading == POINTS)
    cum_lin = cum_pts | (cumulative & (c.reading == ABSOLUTE))
    stated = annual | cum_rel | cum_lin
    # the growth factor a rule states, and the one base and target imply (used where no rule is stated)
    implied_g, stated_g = np.full(len(c), np.nan), np.full(len(c), np.nan)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # powers only on the rows that use them
        np.power(target / base, 1.0 / n, out=implied_g,
                 where=pathlike & ~stated & has_b & has_t & (base > 0) & (target > 0))  # fmt: skip
        np.copyto(stated_g, 1.0 + g, where=ann_rel)
        np.power(1.0 + g, 1.0 / n, out=stated_g, where=cum_rel)
    implied_geo = pathlike & ~stated & has_b & has_t & (c.interp == GEOMETRIC) & ~np.isnan(implied_g)
    implied_lin = pathlike & ~stated & has_b & has_t & (c.interp == LINEAR)

    factor = np.where(ann_rel | cum_rel, stated_g, np.where(implied_geo, implied_g, np.nan))
    step = np.where(ann_lin, figure, np.where(cum_lin, figure / n, np.where(implied_lin, (target - base) / n, np.nan)))
    # A target and a stated rule but no base: the base the rule implies.
    start_implied = ~has_b & has_t & stated
    start = np.where(has_b, base, np.nan)
    geo_rows = ann_rel | cum_rel | implied_geo
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if start_implied.any():
            implied_base = np.where(ann_rel | cum_rel, target / factor**n, target - step * n)
            start = np.where(start_implied, implied_base, start)
        # an indicator whose own base year differs from the plan's: its path taken to the plan's base year
        shifted = c.offset != 0
        if shifted.any():
            start = np.where(shifted, np.where(geo_rows, start * factor**c.offset, start + step * c.offset), start)

    geometric = geo_rows & ~np.isnan(start)
    linear = (ann_lin | cum_lin | implied_lin) & ~np.isnan(start)
    ptotal = (c.kind == PERIOD_TOTAL) & has_t
    mode = _first([geometric, linear, ptotal, (c.kind == PERIOD_CHANGE) & has_t, (c.kind == LIMIT) & (has_t | has_b)],
                  NONE)  # fmt: skip
    return {
        "mode": mode, "start": start, "start_implied": start_implied & (mode != NONE),
        "factor": np.where(geometric, factor, np.nan), "step": np.where(linear, step, np.nan),
        "flow": np.where(ptotal, target / n, np.nan), "rate": np.where(geometric, (factor - 1.0) * 100.0, np.nan),
        "source": _first([ann_rel, ann_lin, cum_rel, cum_pts, cum_lin, implied_geo | implied_lin], len(SOURCES) - 1),
    }  # fmt: skip


def rules(plan: Plan, ids: list[str] | tuple[str, ...] | None = None, *, describe: bool = True) -> pd.DataFrame:
    """Each indicator's plan-period rule, resolved (one row per indicator).

    Columns: ``id, mode, start, start_implied, factor, step, flow, rate`` (the
    effective annual rate in percent for geometric modes), ``rule_en, rule_zh``
    (empty with ``describe=False``: the text costs more than the arithmetic).
    """
    ind, c = _columns(plan, ids)
    return _rules_frame(plan, ind, c, rule_arrays(c), describe)


def rules_at(plan: Plan, rows: np.ndarray, *, describe: bool = True) -> pd.DataFrame:
    """:func:`rules` for the indicators at positions ``rows`` of the plan's table (no lookup by id)."""
    ind, c = _at(plan, rows)
    return _rules_frame(plan, ind, c, rule_arrays(c), describe)


def _rules_frame(plan: Plan, ind: pd.DataFrame, c: Columns, ra: dict[str, np.ndarray], describe: bool,
                 inferred: bool = True) -> pd.DataFrame:  # fmt: skip
    """The frame of :func:`rules`. ``inferred=False`` keeps its text columns as Python strings (object dtype)
    instead of the str dtype pandas infers, whose conversion costs more than the arithmetic: for the many-plans
    path, which reads the columns back as lists."""
    out = _frame({
        "id": ind["id"].to_numpy(), "kind": ind["kind"].to_numpy(dtype=object),
        "unit": ind["unit"].to_numpy(dtype=object), "tags": ind["tags"].to_numpy(dtype=object),
        "mode": np.array(MODES, dtype=object)[ra["mode"]], "start": ra["start"], "start_implied": ra["start_implied"],
        "factor": ra["factor"], "step": ra["step"], "flow": ra["flow"], "rate": ra["rate"],
        "target": c.target, "base": c.base, "source_rule": np.array(SOURCES, dtype=object)[ra["source"]],
    }, inferred)  # fmt: skip
    en, zh = rule_words(out, ind, plan.base_year, plan.target_year) if describe else (_same(out, ""), _same(out, ""))
    return pd.concat([out, _frame({"rule_en": en, "rule_zh": zh}, inferred, out.index)], axis=1)


def _same(frame: pd.DataFrame, text: str) -> np.ndarray:
    return filled(len(frame), text)


def _objects(values: Any) -> bool:
    return isinstance(values, np.ndarray) and values.dtype.kind == "O"


def _frame(columns: dict[str, Any], inferred: bool, index: pd.Index | None = None) -> pd.DataFrame:
    """A frame of these arrays: the text ones (object arrays) in the dtype pandas infers for them, or, with
    ``inferred=False``, as they are."""
    if not inferred:
        columns = {k: pd.Series(v, index=index, dtype=object, copy=False) if _objects(v) else v
                   for k, v in columns.items()}  # fmt: skip
    return pd.DataFrame(columns, index=index)


def _powers(base: np.ndarray, exponents: np.ndarray) -> np.ndarray:
    """``base ** e`` for each exponent ``e`` (rows) and each base (columns), one exponent at a time.

    Not ``base ** exponents[:, None]``: in a broadcast numpy chooses the axis its inner loop runs along by the
    arrays' shapes, and its loops round differently (``x ** 2.0`` is ``x * x`` with a scalar exponent, a ``pow``
    with an array of them), so a plan's values would depend on how many plans are projected beside it.
    """
    out = np.empty((len(exponents), len(base)))
    for k, e in enumerate(exponents.tolist()):
        np.power(base, e, out=out[k])
    return out


def _trajectory(plan: Plan, ra: dict[str, np.ndarray], c: Columns, to: int, scen: Scenario,
                applies: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Values [indicator, year] for base_year..to, the scenario factor used, and applied mask.

    ``ra`` the rules (:func:`rule_arrays`) of the rows of ``c``; ``applies`` the
    rows the scenario applies to (:func:`_scenario_rows`; none when not given).
    Each mode is evaluated on its own rows only (a stack of plans has 100,000
    rows and sixteen years; most rows are one mode). The values are an
    [indicator, year] view of a year-major array.
    """
    n = plan.target_year - plan.base_year
    years = np.arange(plan.base_year, to + 1)
    t = (years - plan.base_year).astype(float)  # 0, 1, … (one per year)
    last_plan = min(n, len(years) - 1)  # columns 0..last_plan are the plan period
    t_plan, t_after = t[: last_plan + 1], t[last_plan + 1 :] - n
    in_period = np.where(t == 0, 0.0, (t - 1) % n + 1)  # 1..n within each period; 0 at base
    mode, start, factor, step, flow = ra["mode"], ra["start"], ra["factor"], ra["step"], ra["flow"]
    target, base = c.target, c.base
    is_geo = mode == GEO
    if applies is None:
        applies = np.zeros(len(mode), dtype=bool)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        v_n = start + step * n  # target-year value (geometric rows: below)
        np.multiply(start, np.power(factor, n, where=is_geo, out=np.ones(len(mode))), out=v_n, where=is_geo)
        # scenario after the target year (continue: same rule)
        growth = None  # per-year growth of a rate scenario, cumulated from the target year
        if scen.method == "rate":
            yearly = _yearly_growth(scen, years, plan.target_year)
            growth = np.cumprod(yearly)[last_plan + 1 :]
            s_factor = np.where(applies, yearly[min(n + 1, len(years) - 1)], np.nan)
        elif scen.method == "multiple":
            goal = _value_in_year(plan, ra, c, scen.of_year) * (scen.multiple or 1.0)
            span = (scen.by_year or plan.horizon_year) - plan.target_year
            s_factor = np.where(applies & (v_n > 0) & (goal > 0), (goal / v_n) ** (1.0 / span), np.nan)
        else:
            s_factor = np.full(len(mode), np.nan)
        applied = ~np.isnan(s_factor)

        # Year-major [year, indicator]: each operation then runs along the 100,000 indicators of a stack,
        # not along sixteen years. Returned transposed (a view): [indicator, year], as pandas stores it.
        vt = np.empty((len(years), len(mode)))  # every indicator is written below, by its mode
        plan_t, after_t = t_plan[:, None], t_after[:, None]  # years as a column
        plan_years, after = slice(0, last_plan + 1), slice(last_plan + 1, None)
        i = np.flatnonzero(is_geo)
        # factor**0, factor**1, …: the powers the plan period and the years after it share, computed once
        powers = _powers(factor[i], np.arange(max(last_plan, len(t_after)) + 1.0))
        vt[plan_years, i] = start[i] * powers[plan_years]
        if len(t_after):  # the rule carried on (the scenario's indicators are overwritten below)
            vt[after, i] = v_n[i] * powers[1 : len(t_after) + 1]
        i = np.flatnonzero(mode == LIN)
        vt[plan_years, i] = start[i] + step[i] * plan_t
        if len(t_after):
            vt[after, i] = v_n[i] + step[i] * after_t
            i = np.flatnonzero(applied)
            vt[after, i] = v_n[i] * (growth[:, None] if growth is not None else _powers(s_factor[i], t_after))
        period = in_period[:, None]
        i = np.flatnonzero(mode == PTOTAL)
        vt[:, i] = flow[i] * period
        # a change in percent compounds; one in points or another unit (万亩) accrues evenly
        is_chg = mode == PCHANGE
        i = np.flatnonzero(is_chg & c.percent)
        vt[:, i] = 100.0 * (1.0 - _powers(1.0 - target[i] / 100.0, in_period / n))
        i = np.flatnonzero(is_chg & ~c.percent)
        vt[:, i] = target[i] * period / n
        i = np.flatnonzero(mode == HOLD)
        vt[:, i] = np.where(np.isnan(target[i]), base[i], target[i])
        i = np.flatnonzero(mode == NONE)
        vt[:, i] = np.nan
        own = (c.n[i] - c.offset[i]).astype(int)  # each row's target year, counted from the plan's base year
        shown = (own >= 0) & (own < len(years))
        vt[own[shown], i[shown]] = target[i[shown]]
    # The base year shows the printed base (an implied base, or a base of another year, is shown as start).
    vt[0] = np.where(np.isnan(base) | (c.offset != 0), start, base)
    values = vt.T
    return values, s_factor, applied


def _scenario_rows(scen: Scenario, c: Columns, mode: np.ndarray, tags: pd.Series) -> np.ndarray | None:
    """The rows a ``rate`` or ``multiple`` scenario applies to: its kinds, carrying one of its tags if it names
    any, with a geometric or linear rule. ``None`` for ``continue``, which changes no rule."""
    if scen.method not in ("rate", "multiple"):
        return None
    kinds = [KIND_CODES[k] for k in scen.applies_to if k in KIND_CODES]
    applies = np.isin(c.kind, kinds) & ((mode == GEO) | (mode == LIN))
    if scen.tags:
        applies &= tags.fillna("").str.contains(_tag_pattern(scen.tags), regex=True).to_numpy(dtype=bool)
    return applies


def scenario_left_unused(plans: list[Plan], name: str) -> str | None:
    """Why a ``rate`` or ``multiple`` scenario changes no indicator of these plans (its kinds or tags match none),
    in words for a note; None when it changes one, or for ``continue``."""
    for plan in plans:
        scen = resolve_scenario(plan, name)
        if scen.method not in ("rate", "multiple"):
            return None
        c = plan.columns
        rows = _scenario_rows(scen, c, rule_arrays(c)["mode"], plan.indicators["tags"])
        if rows is not None and rows.any():
            return None
    if not plans:
        return None
    scen = resolve_scenario(plans[0], name)
    tags = f", tagged {' or '.join(scen.tags)}" if scen.tags else ""
    return (
        f"scenario {name} changes no indicator here: it applies to {'/'.join(scen.applies_to)} indicators{tags}, "
        "so every row follows continue (give rows a tags column or field to choose them)"
    )


def _yearly_growth(scen: Scenario, years: np.ndarray, target_year: int) -> np.ndarray:
    """Growth factor of each year under a ``rate`` scenario (1 up to the target year)."""
    rates = np.array([scen.rate_in(int(y)) or 0.0 for y in years])  # a rate per year, not per indicator
    return np.where(years > target_year, 1.0 + rates / 100.0, 1.0)


def _tag_pattern(tags: tuple[str, ...]) -> str:
    """A regex matching a space-separated tag list that holds any of ``tags``."""
    words = "|".join(re.escape(t) for t in tags)
    return rf"(?:^|\s)(?:{words})(?:\s|$)"


def _value_in_year(plan: Plan, ra: dict[str, np.ndarray], c: Columns, year: int | None) -> np.ndarray:
    if year is None or year == plan.base_year:
        return ra["start"]
    if not plan.base_year < year <= plan.target_year:
        raise ScenarioError(f"a 'multiple' scenario's of_year must lie in {plan.base_year}–{plan.target_year}",
                            code="year-order")  # fmt: skip
    vals, _, _ = _trajectory(plan, ra, c, year, Scenario("continue", "continue"))
    return vals[:, -1]


def value_in_year(plan: Plan, ids: list[str] | tuple[str, ...], year: int | None) -> np.ndarray:
    """Each of ``ids``' value in ``year`` under the plan's own rule, unbounded (the start in the base year)."""
    if not ids:
        return np.array([], dtype=float)
    _, c = _columns(plan, ids)
    return _value_in_year(plan, rule_arrays(c), c, year)


def goal_step(goal: dict[str, Any], start: float, span: int, geometric: bool) -> tuple[float, float]:
    """(factor, step) of the path from ``start`` to a goal ``span`` years later: through its figure where it has
    one (the implied rate, or the even change for a linear path), else by its rule."""
    if not np.isnan(goal["target"]):
        if geometric and start > 0 and goal["target"] > 0:
            return (goal["target"] / start) ** (1.0 / span), np.nan
        return np.nan, (goal["target"] - start) / span
    g = (
        goal["growth_value"]
        if np.isnan(goal.get("growth_high", np.nan))
        else (goal["growth_value"] + goal["growth_high"]) / 2
    )
    yearly = goal["growth_basis"] == "annual"
    if goal["growth_reading"] in ("points", "absolute"):
        return np.nan, g if yearly else g / span
    return ((1 + g / 100) if yearly else (1 + g / 100) ** (1.0 / span)), np.nan


def _through_goals(plan: Plan, ind: pd.DataFrame, c: Columns, ra: dict[str, np.ndarray], values: np.ndarray,
                   skip: np.ndarray) -> None:  # fmt: skip
    """The plan's own rule after the target year (``continue``, and the rows a scenario leaves to it) passes through
    each goal it states (2030, 2035): from the target year's value to each goal at the rate that reaches it (or by
    the goal's rule), then on at the last one's. In place, on the rows that have goals and are not ``skip``ped (the
    rows a scenario's own rule applies to)."""
    position = {ident: k for k, ident in enumerate(ind["id"].tolist())}
    grid = values.shape[1]
    for ident, rows in plan.goals.groupby("id", sort=False):
        k = position.get(ident)
        if k is None or skip[k] or ra["mode"][k] not in (GEO, LIN):
            continue
        geometric = ra["mode"][k] == GEO
        year = plan.base_year + int(c.n[k] - c.offset[k])  # the row's own target year
        if not year - plan.base_year < grid:
            continue
        value = values[k, year - plan.base_year]
        factor, step = ra["factor"][k], ra["step"][k]
        for goal in rows.sort_values("year").to_dict("records"):
            if goal["year"] <= year:
                continue
            span = int(goal["year"]) - year
            factor, step = goal_step(goal, value, span, geometric)
            for t in range(1, span + 1):
                j = year + t - plan.base_year
                if j < grid:
                    values[k, j] = value * factor**t if not np.isnan(factor) else value + step * t
            value = value * factor**span if not np.isnan(factor) else value + step * span
            year = int(goal["year"])
        for j in range(year - plan.base_year + 1, grid):  # on at the last rate
            t = j - (year - plan.base_year)
            values[k, j] = value * factor**t if not np.isnan(factor) else value + step * t


class Paths(NamedTuple):
    """A projection as arrays (:func:`trajectories`): rows as ``ind``, one column per year of ``years``."""

    ind: pd.DataFrame  # the indicator rows projected
    columns: Columns  # their typed arrays
    rules: dict[str, np.ndarray]  # their rules (:func:`rule_arrays`)
    scenario: Scenario
    years: np.ndarray
    values: np.ndarray  # [row, year], at the natural bounds where the rule crosses them
    over: np.ndarray  # [row, year]: the unbounded rule lies beyond a natural bound
    first_over: np.ndarray  # the first year beyond a bound, 0 where none
    s_factor: np.ndarray  # the scenario's yearly factor where it applies, else NaN
    applied: np.ndarray  # the scenario applies to the row


def trajectories(plan: Plan, ids: list[str] | tuple[str, ...] | None = None, *, to: int | None = None,
                 scenario: str = "continue") -> Paths:  # fmt: skip
    """The arithmetic of a projection, as arrays: rules, values to ``to`` (default: the plan's horizon year), natural
    bounds (no text, no table)."""
    to = plan.horizon_year if to is None else to
    if not plan.base_year < to <= max(plan.horizon_year, to):
        raise ScenarioError(f"{to}: must be after the base year {plan.base_year}", code="year-order", parameter="to")
    scen = resolve_scenario(plan, scenario)
    ind, c = _columns(plan, ids)
    ra = rule_arrays(c)
    values, s_factor, applied = _trajectory(plan, ra, c, to, scen, _scenario_rows(scen, c, ra["mode"], ind["tags"]))
    if len(plan.goals):
        _through_goals(plan, ind, c, ra, values, applied)
    # Natural bounds: values beyond them are shown at the bound, and marked when more than 1e-9 beyond.
    # Only the rows with a value beyond a bound (few) are touched.
    lo = np.where(np.isnan(c.lower), -np.inf, c.lower)
    hi = np.where(np.isnan(c.upper), np.inf, c.upper)
    by_year = values.T  # year-major, as _trajectory builds it: each comparison runs along the indicators
    with np.errstate(invalid="ignore"):  # NaN compares False
        beyond = by_year > hi
        beyond |= by_year < lo
    out = np.flatnonzero(np.logical_or.reduce(beyond, axis=0))
    part, lo, hi = values[out], lo[out, None], hi[out, None]
    over = np.zeros(values.shape, dtype=bool)
    over[out] = (part > hi + 1e-9) | (part < lo - 1e-9)
    values[out] = np.clip(part, lo, hi)
    np.add(values, 0.0, out=values)  # -0.0 → 0.0 everywhere (np.clip made it 0.0 at some array sizes only)
    years = np.arange(plan.base_year, to + 1)
    first = np.zeros(len(values), dtype=years.dtype)
    marked = out[over[out].any(axis=1)]
    first[marked] = years[np.argmax(over[marked], axis=1)]
    return Paths(ind, c, ra, scen, years, values, over, first, s_factor, applied)


def _compute(plan: Plan, ids, to: int | None, scenario: str, describe: bool = True,
             inferred: bool = True) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    p = trajectories(plan, ids, to=to, scenario=scenario)
    to = int(p.years[-1])
    scen, applied, s_factor, first = p.scenario, p.applied, p.s_factor, p.first_over
    r = _rules_frame(plan, p.ind, p.columns, p.rules, describe, inferred)
    beyond = to > plan.target_year
    shown = np.where(applied & beyond, scen.name, np.where(beyond, "continue", "")).astype(object)
    r = r.assign(
        **_frame({"scenario": _same(r, scen.name if beyond else ""), "scenario_applied": shown}, inferred, r.index),
        # a rate scenario's own figure, not (1 + r/100 − 1)·100 with its float noise
        scenario_rate=np.where(
            applied & beyond & (not scen.periods),
            (np.nan if scen.rate is None else scen.rate) if scen.method == "rate" else (s_factor - 1.0) * 100.0,
            np.nan,
        ),
        saturates_in=pd.array(np.where(first > 0, first, 0), dtype="Int64"),
    )
    r.loc[r["saturates_in"] == 0, "saturates_in"] = pd.NA
    return r, p.values, p.over, p.years


def project(plan: Plan, *, to: int | None = None, scenario: str = "continue",
            ids: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:  # fmt: skip
    """Year-by-year values, long format: one row per indicator and year.

    Columns: ``plan, id, year, value, phase`` (``base``, ``plan`` up to the
    target year, ``outlook`` after it), ``scenario`` (the scenario that made
    an outlook value; ``continue`` for kinds the chosen scenario does not
    apply to), ``saturated`` (the unbounded rule would cross a natural bound
    in that year; the value shown is the bound).

    Example: GDP 150.2 at 10% a year gives 150.2 · 1.1**5 = 241.899… in 2025.
    """
    r, values, over, years = _compute(plan, ids, to, scenario)
    k, y = values.shape
    phase = np.where(years == plan.base_year, "base", np.where(years <= plan.target_year, "plan", "outlook"))
    scen_col = np.where(phase[None, :] == "outlook", r["scenario_applied"].to_numpy(dtype=object)[:, None], "")
    return pd.DataFrame({
        "plan": plan.id,
        "id": np.repeat(r["id"].to_numpy(dtype=object), y),
        "year": np.tile(years, k),
        "value": values.ravel(),
        "phase": np.tile(phase, k),
        "scenario": np.broadcast_to(scen_col, (k, y)).ravel(),
        "saturated": over.ravel(),
    })  # fmt: skip


def project_wide(plan: Plan, *, to: int | None = None, scenario: str = "continue",
                 ids: list[str] | tuple[str, ...] | None = None, describe: bool = True) -> pd.DataFrame:  # fmt: skip
    """One row per indicator: its rule, the scenario used, and one column per year.

    ``describe=False`` leaves the rule text out (``rule_en``, ``rule_zh`` empty).
    """
    return _project_wide(plan, to=to, scenario=scenario, ids=ids, describe=describe)


def _project_wide(plan: Plan, *, to: int | None, scenario: str, ids: list[str] | tuple[str, ...] | None,
                  describe: bool, inferred: bool = True) -> pd.DataFrame:  # fmt: skip
    """:func:`project_wide`; ``inferred=False``: its text columns as Python strings (:func:`_rules_frame`)."""
    r, values, _, years = _compute(plan, ids, to, scenario, describe, inferred)
    ind = _select(plan, ids)
    head = pd.DataFrame({
        "plan": plan.id if inferred else _same(r, plan.id), "id": r["id"], "name": ind["name"],
        "name_en": ind["name_en"], "unit": ind["unit"], "unit_en": ind["unit_en"], "kind": ind["kind"],
        "mode": r["mode"], "rule_en": r["rule_en"], "rule_zh": r["rule_zh"],
        "scenario": r["scenario_applied"], "scenario_rate": r["scenario_rate"],
        "saturates_in": r["saturates_in"],
        "decimals": display_decimals(ind),
    })  # fmt: skip
    body = pd.DataFrame(values, columns=[int(y) for y in years])
    return pd.concat([head, body], axis=1)


def display_decimals(ind: pd.DataFrame) -> pd.Series:
    """Display precision: the finer of the printed base and target."""
    both = pd.concat([ind["base_decimals"], ind["target_decimals"]], axis=1).astype("Float64")
    return both.max(axis=1).fillna(1).astype(int)


def implied_rates(plan: Plan, ids: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Implied annual rate from base to target: ``(T / B)**(1/n) − 1``, in percent.

    Also the implied change per year ``(T − B) / n`` (points for shares). NaN where
    the base or the target is missing or not positive. For GDP, (242 / 150.2)**(1/5) − 1
    = 10.0163…%.
    """
    ind = _select(plan, ids)
    n = plan.target_year - plan.base_year
    b, t = ind["base"].to_numpy(dtype=float), ind["target"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where((b > 0) & (t > 0), ((t / b) ** (1.0 / n) - 1.0) * 100.0, np.nan)
    pathlike = ind["kind"].isin(["level", "share"]).to_numpy()
    return pd.DataFrame({
        "id": ind["id"], "base": b, "target": t,
        "implied_rate": np.where(pathlike, rate, np.nan),
        "implied_step": np.where(pathlike, (t - b) / n, np.nan),
        "stated_basis": ind["growth_basis"], "stated_value": ind["growth_value"],
    })  # fmt: skip


def implied_baselines(plan: Plan, ids: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Base-year values implied by a target and a stated rule, where the plan gives no base.

    An annual rate r gives ``B = T / (1 + r)**n``; a relative cumulative change c,
    ``B = T / (1 + c)``; points or an absolute change c, ``B = T − c``.
    """
    ind, c = _columns(plan, ids)
    ra = rule_arrays(c)
    rows = np.flatnonzero(ra["start_implied"])
    sel = ind["id"].to_numpy(dtype=object)[rows]
    described = rules(plan, list(sel))["rule_en"].to_numpy() if len(rows) else np.array([], dtype=object)
    return pd.DataFrame({"id": ind["id"].to_numpy()[rows], "target": c.target[rows], "implied_base": ra["start"][rows],
                         "rule_en": described})  # fmt: skip

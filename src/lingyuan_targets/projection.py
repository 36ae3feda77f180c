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

import numpy as np
import pandas as pd

from .errors import ScenarioError, UnknownIndicatorError
from .model import PERCENT_UNITS, VALUE_TAGS, Plan, Scenario

MODES = ("geometric", "linear", "period_total", "period_change", "hold", "none")
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
            raise ScenarioError(f"scenario {name!r}: a rate must be above -100%")
        return Scenario(name=f"rate:{match.group(1)}", method="rate", rate=rate,
                        description=f"{match.group(1)}% a year from the target-year value",
                        description_zh=f"自目标年起年均 {match.group(1)}%",
                        applies_to=("level",), tags=VALUE_TAGS)  # fmt: skip
    known = ", ".join([*plan.scenarios, "rate:X"])
    raise ScenarioError(f"unknown scenario {name!r}; choose one of: {known}")


def _select(plan: Plan, ids: list[str] | tuple[str, ...] | None) -> pd.DataFrame:
    ind = plan.indicators
    if not ids:
        return ind.reset_index(drop=True)
    unknown = [i for i in ids if i not in set(ind["id"])]
    if unknown:
        raise UnknownIndicatorError(
            f"unknown indicator id(s): {', '.join(unknown)} (see `lingyuan-targets list`)"
        )
    return ind.set_index("id").loc[list(dict.fromkeys(ids))].reset_index()


def rules(plan: Plan, ids: list[str] | tuple[str, ...] | None = None, *, describe: bool = True) -> pd.DataFrame:
    """Each indicator's plan-period rule, resolved (one row per indicator).

    Columns: ``id, mode, start, start_implied, factor, step, flow, rate`` (the
    effective annual rate in percent for geometric modes), ``rule_en, rule_zh``
    (empty with ``describe=False``: the text costs more than the arithmetic).
    """
    ind = _select(plan, ids)
    n = plan.target_year - plan.base_year
    kind = ind["kind"].to_numpy(dtype=object)
    basis = ind["growth_basis"].to_numpy(dtype=object)
    reading = ind["growth_reading"].to_numpy(dtype=object)
    interp = ind["interpolation"].to_numpy(dtype=object)
    g = ind["growth_value"].to_numpy(dtype=float) / 100.0
    c_abs = ind["growth_value"].to_numpy(dtype=float)
    base = ind["base"].to_numpy(dtype=float)
    target = ind["target"].to_numpy(dtype=float)
    has_b, has_t = ~np.isnan(base), ~np.isnan(target)
    pathlike = (kind == "level") | (kind == "share")  # == on object arrays: np.isin would sort them

    annual = pathlike & (basis == "annual")
    cum_rel = pathlike & (basis == "cumulative") & (reading == "relative")
    cum_lin = pathlike & (basis == "cumulative") & ((reading == "points") | (reading == "absolute"))
    stated = annual | cum_rel | cum_lin
    with np.errstate(divide="ignore", invalid="ignore"):
        implied_g = np.where(has_b & has_t & (base > 0) & (target > 0), (target / base) ** (1.0 / n), np.nan)
        stated_g = np.where(annual, 1.0 + g, np.where(cum_rel, (1.0 + g) ** (1.0 / n), np.nan))
    implied_geo = pathlike & ~stated & has_b & has_t & (interp == "geometric") & ~np.isnan(implied_g)
    implied_lin = pathlike & ~stated & has_b & has_t & (interp == "linear")

    factor = np.where(annual | cum_rel, stated_g, np.where(implied_geo, implied_g, np.nan))
    step = np.where(cum_lin, c_abs / n, np.where(implied_lin, (target - base) / n, np.nan))
    # A target and a stated rule but no base: the base the rule implies.
    start_implied = ~has_b & has_t & ((annual | cum_rel) | cum_lin)
    with np.errstate(divide="ignore", invalid="ignore"):
        implied_base = np.where(annual | cum_rel, target / factor**n, target - step * n)
    start = np.where(has_b, base, np.where(start_implied, implied_base, np.nan))

    geometric = (annual | cum_rel | implied_geo) & ~np.isnan(start)
    linear = (cum_lin | implied_lin) & ~np.isnan(start)
    ptotal = (kind == "period_total") & has_t
    pchange = (kind == "period_change") & has_t
    hold = (kind == "limit") & (has_t | has_b)
    mode = np.select([geometric, linear, ptotal, pchange, hold], MODES[:5], default="none")
    flow = np.where(ptotal, target / n, np.nan)
    rate = np.where(geometric, (factor - 1.0) * 100.0, np.nan)

    out = pd.DataFrame({
        "id": ind["id"].to_numpy(), "kind": kind, "unit": ind["unit"].to_numpy(dtype=object),
        "tags": ind["tags"].to_numpy(dtype=object),
        "mode": mode, "start": start,
        "start_implied": start_implied & (mode != "none"),
        "factor": np.where(geometric, factor, np.nan), "step": np.where(linear, step, np.nan),
        "flow": flow, "rate": rate, "target": target, "base": base,
        "source_rule": np.select(
            [annual, cum_rel, cum_lin & (reading == "points"), cum_lin, implied_geo | implied_lin],
            ["stated annual rate", "stated cumulative change (relative)", "stated cumulative change (points)",
             "stated cumulative change (absolute)", "implied by base and target"], default=""),
    })  # fmt: skip
    out["rule_en"], out["rule_zh"] = _describe(out, ind, n, plan) if describe else ("", "")
    return out


def _fmt(x: float, digits: int = 2) -> str:
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _fmts(x: np.ndarray, digits: int) -> np.ndarray:
    """:func:`_fmt` over an array (trailing zeros dropped, no "-0").

    Each distinct value is formatted once: a stack of plans repeats a few
    hundred rates and targets over 100,000 rules.
    """
    uniq, inverse = np.unique(np.asarray(x, dtype=float), return_inverse=True)
    return np.array([_fmt(v, digits) for v in uniq.tolist()], dtype=object)[inverse.reshape(-1)]


def _describe(r: pd.DataFrame, ind: pd.DataFrame, n: int, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """Each rule in words, English and Chinese (vectorised: a stack of plans has 100,000 rules)."""
    period = f"{plan.base_year + 1}–{plan.target_year}"
    mode = r["mode"].to_numpy(dtype=object)
    k = len(mode)
    en, zh = np.full(k, "", dtype=object), np.full(k, "", dtype=object)
    implied = r["start_implied"].to_numpy(dtype=bool)
    imp_en = np.where(implied, " from an implied base", "")
    imp_zh = np.where(implied, "（基期值由目标和增速推算）", "")
    by_target = (r["source_rule"] == "implied by base and target").to_numpy()
    unit = ind["unit"].fillna("").to_numpy(dtype=object)
    unit_en = ind["unit_en"].where(ind["unit_en"].notna() & (ind["unit_en"] != ""), ind["unit"]).fillna("")
    target, base = r["target"].to_numpy(dtype=float), r["base"].to_numpy(dtype=float)

    geo = mode == "geometric"
    if geo.any():
        rate = _fmts(r["rate"].to_numpy(dtype=float)[geo], 2)
        en[geo] = np.where(by_target[geo], "implied by target ", "compound ") + rate + "%/yr" + imp_en[geo]
        zh[geo] = np.where(by_target[geo], "按目标推算 ", "年均 ") + rate + "%" + imp_zh[geo]
    lin = mode == "linear"
    if lin.any():
        step = r["step"].to_numpy(dtype=float)[lin]
        sign = np.where(step >= 0, "+", "")
        amount = sign + _fmts(step, 3)
        points = ((ind["kind"] == "share") | (ind["growth_reading"] == "points")).to_numpy()[lin]
        en[lin] = (np.where(by_target[lin], "implied by target ", "") + amount + " "
                   + np.where(points, "pt", unit_en.to_numpy(dtype=object)[lin]) + "/yr" + imp_en[lin])  # fmt: skip
        zh[lin] = (np.where(by_target[lin], "按目标推算 ", "") + "每年 " + amount + " "
                   + np.where(points, "个百分点", unit[lin]) + imp_zh[lin])  # fmt: skip
    tot = mode == "period_total"
    if tot.any():
        t_txt, f_txt = _fmts(target[tot], 4), _fmts(r["flow"].to_numpy(dtype=float)[tot], 4)
        en[tot] = "period total " + t_txt + f" over {period}, " + f_txt + "/yr"
        zh[tot] = "期内累计 " + t_txt + "，每年 " + f_txt
    chg = mode == "period_change"
    if chg.any():
        t_txt = _fmts(target[chg], 4)
        en[chg] = "change of " + t_txt + f"% over {period}"
        zh[chg] = "期内变动 " + t_txt + "%"
    hold = mode == "hold"
    if hold.any():
        direction = ind["direction"].to_numpy(dtype=object)[hold]
        level = _fmts(np.where(np.isnan(target[hold]), base[hold], target[hold]), 4)
        en[hold] = "limit: " + np.select([direction == "at_least", direction == "at_most"], ["at least", "at most"],
                                         default="hold") + " " + level  # fmt: skip
        zh[hold] = "限值：" + np.select([direction == "at_least", direction == "at_most"], ["不低于", "不高于"],
                                       default="保持") + " " + level  # fmt: skip
    none = mode == "none"
    if none.any():
        no_target = np.isnan(target[none])
        en[none] = np.where(no_target, "no path: the plan states no target", "no path: the plan states no base or rate")
        zh[none] = np.where(no_target, "无路径：规划未给出目标", "无路径：规划未给出基期值或增速")
    return en, zh


def _trajectory(plan: Plan, r: pd.DataFrame, to: int, scen: Scenario) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values [indicator, year] for base_year..to, the scenario factor used, and applied mask.

    Each mode is evaluated on its own rows only (a stack of plans has 100,000
    rows and sixteen years; most rows are one mode).
    """
    n = plan.target_year - plan.base_year
    years = np.arange(plan.base_year, to + 1)
    t = (years - plan.base_year).astype(float)  # 0, 1, … (one per year)
    last_plan = min(n, len(years) - 1)  # columns 0..last_plan are the plan period
    t_plan, t_after = t[: last_plan + 1], t[last_plan + 1 :] - n
    in_period = np.where(t == 0, 0.0, (t - 1) % n + 1)  # 1..n within each period; 0 at base
    mode = r["mode"].to_numpy(dtype=object)
    start, factor, step = r["start"].to_numpy(dtype=float), r["factor"].to_numpy(dtype=float), r["step"].to_numpy(dtype=float)
    flow, target, base = r["flow"].to_numpy(dtype=float), r["target"].to_numpy(dtype=float), r["base"].to_numpy(dtype=float)
    is_geo, is_lin = mode == "geometric", mode == "linear"
    values = np.full((len(mode), len(years)), np.nan)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        v_n = np.where(is_geo, start * factor**n, start + step * n)  # target-year value
        # scenario after the target year (continue: same rule)
        applies = np.isin(r["kind"].to_numpy(dtype=object), list(scen.applies_to)) & (is_geo | is_lin)
        if scen.tags:
            applies &= r["tags"].fillna("").str.contains(_tag_pattern(scen.tags), regex=True).to_numpy(dtype=bool)
        growth = None  # per-year growth of a rate scenario, cumulated from the target year
        if scen.method == "rate":
            yearly = _yearly_growth(scen, years, plan.target_year)
            growth = np.cumprod(yearly)[last_plan + 1 :]
            s_factor = np.where(applies, yearly[min(n + 1, len(years) - 1)], np.nan)
        elif scen.method == "multiple":
            goal = _value_in_year(plan, r, scen.of_year) * (scen.multiple or 1.0)
            span = (scen.by_year or plan.horizon_year) - plan.target_year
            s_factor = np.where(applies & (v_n > 0) & (goal > 0), (goal / v_n) ** (1.0 / span), np.nan)
        else:
            s_factor = np.full(len(mode), np.nan)
        applied = ~np.isnan(s_factor)

        def rows(mask: np.ndarray) -> tuple[np.ndarray, ...]:
            i = np.flatnonzero(mask)
            return i, i[:, None]

        i, c = rows(is_geo)
        values[i, : last_plan + 1] = start[c] * factor[c] ** t_plan
        i, c = rows(is_lin)
        values[i, : last_plan + 1] = start[c] + step[c] * t_plan
        if len(t_after):
            i, c = rows(is_geo & ~applied)
            values[i, last_plan + 1 :] = v_n[c] * factor[c] ** t_after
            i, c = rows(is_lin & ~applied)
            values[i, last_plan + 1 :] = v_n[c] + step[c] * t_after
            i, c = rows(applied)
            values[i, last_plan + 1 :] = v_n[c] * (growth if growth is not None else s_factor[c] ** t_after)
        i, c = rows(mode == "period_total")
        values[i, :] = flow[c] * in_period
        # a change in percent compounds; one in points or another unit (万亩) accrues evenly
        pct = r["unit"].isin(PERCENT_UNITS).to_numpy(dtype=bool) if "unit" in r else np.ones(len(mode), bool)
        is_chg = mode == "period_change"
        i, c = rows(is_chg & pct)
        values[i, :] = 100.0 * (1.0 - (1.0 - target[c] / 100.0) ** (in_period / n))
        i, c = rows(is_chg & ~pct)
        values[i, :] = target[c] * in_period / n
        i, c = rows(mode == "hold")
        values[i, :] = np.where(np.isnan(target[c]), base[c], target[c])
        if n < len(years):
            i = np.flatnonzero(mode == "none")
            values[i, n] = target[i]
    # The base year shows the printed base (an implied base is shown as start).
    values[:, 0] = np.where(np.isnan(base), start, base)
    return values, s_factor, applied


def _yearly_growth(scen: Scenario, years: np.ndarray, target_year: int) -> np.ndarray:
    """Growth factor of each year under a ``rate`` scenario (1 up to the target year)."""
    rates = np.array([scen.rate_in(int(y)) or 0.0 for y in years])  # a rate per year, not per indicator
    return np.where(years > target_year, 1.0 + rates / 100.0, 1.0)


def _tag_pattern(tags: tuple[str, ...]) -> str:
    """A regex matching a space-separated tag list that holds any of ``tags``."""
    words = "|".join(re.escape(t) for t in tags)
    return rf"(?:^|\s)(?:{words})(?:\s|$)"


def _value_in_year(plan: Plan, r: pd.DataFrame, year: int | None) -> np.ndarray:
    if year is None or year == plan.base_year:
        return r["start"].to_numpy(dtype=float)
    if not plan.base_year < year <= plan.target_year:
        raise ScenarioError(f"a 'multiple' scenario's of_year must lie in {plan.base_year}–{plan.target_year}")
    vals, _, _ = _trajectory(plan, r, year, Scenario("continue", "continue"))
    return vals[:, -1]


def _compute(plan: Plan, ids, to: int, scenario: str,
             describe: bool = True) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    if not plan.base_year < to <= max(plan.horizon_year, to):
        raise ScenarioError(f"--to must be after the base year {plan.base_year}")
    scen = resolve_scenario(plan, scenario)
    r = rules(plan, ids, describe=describe)
    ind = _select(plan, ids)
    values, s_factor, applied = _trajectory(plan, r, to, scen)
    # natural bounds: values beyond them are marked and shown at the bound (rows without bounds skipped)
    lower = ind["lower"].to_numpy(dtype=float)
    upper = ind["upper"].to_numpy(dtype=float)
    bounded = np.flatnonzero(~np.isnan(lower) | ~np.isnan(upper))
    lo = np.where(np.isnan(lower), -np.inf, lower)[bounded, None]
    hi = np.where(np.isnan(upper), np.inf, upper)[bounded, None]
    over = np.zeros(values.shape, dtype=bool)
    part = values[bounded]
    with np.errstate(invalid="ignore"):
        over[bounded] = (part > hi + 1e-9) | (part < lo - 1e-9)
    values[bounded] = np.clip(part, lo, hi)  # NaN stays NaN
    years = np.arange(plan.base_year, to + 1)
    first = np.where(over.any(axis=1), years[np.argmax(over, axis=1)], 0)
    beyond = to > plan.target_year
    r = r.assign(
        scenario=scen.name if beyond else "",
        scenario_applied=np.where(applied & beyond, scen.name, np.where(beyond, "continue", "")),
        # a rate scenario's own figure, not (1 + r/100 − 1)·100 with its float noise
        scenario_rate=np.where(applied & beyond & (not scen.periods),
                               scen.rate if scen.method == "rate" else (s_factor - 1.0) * 100.0, np.nan),
        saturates_in=pd.array(np.where(first > 0, first, 0), dtype="Int64"),
    )
    r.loc[r["saturates_in"] == 0, "saturates_in"] = pd.NA
    return r, values, over, years


def project(plan: Plan, *, to: int = 2035, scenario: str = "continue",
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


def project_wide(plan: Plan, *, to: int = 2035, scenario: str = "continue",
                 ids: list[str] | tuple[str, ...] | None = None, describe: bool = True) -> pd.DataFrame:  # fmt: skip
    """One row per indicator: its rule, the scenario used, and one column per year.

    ``describe=False`` leaves the rule text out (``rule_en``, ``rule_zh`` empty).
    """
    r, values, over, years = _compute(plan, ids, to, scenario, describe)
    ind = _select(plan, ids)
    head = pd.DataFrame({
        "plan": plan.id, "id": r["id"], "name": ind["name"], "name_en": ind["name_en"],
        "unit": ind["unit"], "unit_en": ind["unit_en"], "kind": ind["kind"], "mode": r["mode"],
        "rule_en": r["rule_en"], "rule_zh": r["rule_zh"],
        "scenario": r["scenario_applied"], "scenario_rate": r["scenario_rate"],
        "saturates_in": r["saturates_in"],
        "decimals": _display_decimals(ind),
    })  # fmt: skip
    body = pd.DataFrame(values, columns=[int(y) for y in years])
    return pd.concat([head, body], axis=1)


def _display_decimals(ind: pd.DataFrame) -> pd.Series:
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
    r = rules(plan, ids, describe=False)
    sel = r[r["start_implied"]]
    described = rules(plan, list(sel["id"])) if len(sel) else sel
    return pd.DataFrame({"id": sel["id"].to_numpy(), "target": sel["target"].to_numpy(),
                         "implied_base": sel["start"].to_numpy(),
                         "rule_en": described["rule_en"].to_numpy()})  # fmt: skip

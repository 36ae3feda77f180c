"""Progress of observed values towards the plan's targets, vectorised over indicators.

The method is the progress assessment of SDG monitoring used by Open SDG and
Statistics Canada (after Eurostat): the growth observed since the base year
is compared with the growth the target requires,

    R = d · observed / |required|

(``d`` = +1 when higher is better, −1 when lower is better), and the ratio is
classified with thresholds 0.95 / 0.60 / 0: *on track* (R ≥ 0.95), *needs
acceleration* (0.60 ≤ R < 0.95), *limited progress* (0 ≤ R < 0.60), *moving
away* (R < 0). Whether the target is already *achieved* is checked first.
After the target year the assessment is final: *achieved* or *not achieved*,
with the gap and the share of the planned change that was made.

Values outside an indicator's natural range (a share above 100), and zero or
negative values under compounding, are *not assessable*, with the reason.
Growth is measured by the indicator's kind, not as if everything were a level:

=============== ============================== ==========================================
kind            observed (t years since base)  required (n-year plan period)
=============== ============================== ==========================================
level           (x_t / x_0)**(1/t) − 1  [%/yr] (T / x_0)**(1/n) − 1
share           (x_t − x_0) / t        [pt/yr] (T − x_0) / n
period_total    S_t / t  (S_t: sum of years)   T / n
period_change   1 − (1 − c_t)**(1/t)   [%/yr]  1 − (1 − T)**(1/n)  (c, T as fractions)
  (not in %)    c_t / t  [unit/yr]             T / n
limit           — (held or breached, by level)
=============== ============================== ==========================================

Example: GDP 150.2 in 2020, target 242 in 2025, observed 185 in 2022:
observed (185/150.2)**(1/2) − 1 = 10.98%/yr, required (242/150.2)**(1/5) − 1
= 10.01%/yr, R = 1.10 → on track; still needed (242/185)**(1/3) − 1 = 9.37%/yr.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import actuals as actuals_mod
from .model import PERCENT_UNITS, Plan
from .projection import rules

STATUSES = {
    "achieved": ("achieved", "已实现"),
    "on_track": ("on track", "进度正常"),
    "needs_acceleration": ("needs acceleration", "需加快"),
    "limited_progress": ("limited progress", "进展有限"),
    "moving_away": ("moving away", "背离目标"),
    "not_achieved": ("not achieved", "未实现"),
    "not_assessable": ("not assessable", "无法评估"),
}
#: R ≥ on_track → on track; ≥ acceleration → needs acceleration; ≥ limited → limited progress; else moving away
DEFAULT_THRESHOLDS = (0.95, 0.60, 0.0)


def track(plan: Plan, actuals: pd.DataFrame, *, as_of: int | None = None,
          thresholds: tuple[float, float, float] = DEFAULT_THRESHOLDS,
          ids: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:  # fmt: skip
    """One row per indicator with actuals: the rates, the gap and a status with its reason.

    ``actuals`` comes from :func:`lingyuan_targets.actuals.read_actuals`.
    ``as_of`` is the assessment date (default: the latest year in ``actuals``);
    later actuals are ignored, and from the target year on the assessment is
    final (the target-year actual decides). Columns: ``id, kind, direction,
    unit, rate_unit, rate_unit_zh, base_year, base, base_source, target_year,
    target, target_source, year`` (the year assessed: the latest actual, or the
    target year once it has passed), ``value`` (the value assessed: for a period
    total the sum of the years given), ``latest_year, latest, observed,
    required, needed`` (the rate still needed in the remaining years), ``ratio,
    gap`` (value − target), ``share_of_change`` (the part of the planned change
    made), ``status, reason_en, reason_zh, source, csv_line``.
    """
    on_track, accelerate, limited = thresholds
    if not (np.isfinite(thresholds).all() and on_track >= accelerate >= limited):
        raise ValueError(f"thresholds must be finite and in decreasing order, got {thresholds}")
    rows = actuals if as_of is None else actuals[actuals["year"] <= as_of]
    # the assessment date: --as-of, else the latest year of the file (its vintage)
    vintage = as_of if as_of is not None else int(rows["year"].max()) if len(rows) else plan.base_year
    if ids:
        rows = rows[rows["id"].isin(list(ids))]
    rows = rows[rows["year"] >= plan.base_year]
    last = actuals_mod.latest(rows)
    ind = plan.indicators.set_index("id").loc[[i for i in plan.indicators["id"] if i in last.index]]
    idx = ind.index.to_numpy(dtype=object)
    r = rules(plan, list(idx)).set_index("id").reindex(idx)
    by, ty = plan.base_year, plan.target_year
    n = ty - by
    kind = ind["kind"].to_numpy(dtype=object)
    direction = ind["direction"].to_numpy(dtype=object)
    unit, unit_en = ind["unit"].to_numpy(dtype=object), ind["unit_en"].fillna(ind["unit"]).to_numpy(dtype=object)
    latest_year = last["year"].reindex(idx).to_numpy(dtype=int)
    latest = last["value"].reindex(idx).to_numpy(dtype=float)
    # a period change in percent compounds; one in another unit (万亩, 个百分点) is a plain amount
    linear_change = (kind == "period_change") & ~np.isin(unit, PERCENT_UNITS)

    # base: the actuals' own base-year figure when given (same definition), else the plan's
    base_actual = actuals_mod.value_in(rows, idx, by)
    plan_base = ind["base"].to_numpy(dtype=float)
    x0 = np.where(np.isnan(base_actual), plan_base, base_actual)
    base_source = np.where(~np.isnan(base_actual), "actuals", np.where(np.isnan(plan_base), "", "plan"))
    # target: as printed, else where the stated rule leads (a rate with no printed target)
    printed = ind["target"].to_numpy(dtype=float)
    mode = r["mode"].to_numpy(dtype=object)
    start, factor, step = (r[c].to_numpy(dtype=float) for c in ("start", "factor", "step"))
    with np.errstate(invalid="ignore", over="ignore"):
        by_rule = np.where(mode == "geometric", start * factor**n, np.where(mode == "linear", start + step * n, np.nan))
    target = np.where(np.isnan(printed), by_rule, printed)
    target_source = np.where(~np.isnan(printed), "printed", np.where(np.isnan(by_rule), "", "rule"))

    final = np.full(len(idx), vintage >= ty)
    year = np.where(final, ty, latest_year)
    t = (year - by).astype(float)
    value = np.where(final, actuals_mod.value_in(rows, idx, ty), latest)
    is_total = kind == "period_total"
    sum_known, missing = _period_sums(rows, idx, by, year)
    value = np.where(is_total, sum_known, value)

    sign = np.sign(np.where(np.isnan(target - x0), 1.0, target - x0))
    d = np.select([direction == "at_least", direction == "at_most"], [1.0, -1.0],
                  default=np.where(np.isin(kind, ["level", "share"]), np.where(sign == 0, 1.0, sign), 1.0))  # fmt: skip
    complete = ~is_total | (missing == "")
    observed, required, needed = _rates(np.where(linear_change, "period_amount", kind), x0,
                                        np.where(complete, value, np.nan), target, t, n)  # fmt: skip
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(required != 0, d * observed / np.abs(required), np.nan)
        change = np.select([is_total | (kind == "period_change"), kind == "limit"], [value / target, np.nan],
                           default=np.where(target != x0, (value - x0) / (target - x0), np.nan))
    gap = value - target

    # achieved: the value meets the target as printed (strictly: 1.62 does not meet a printed 2,
    # even though 2 could stand for anything in [1.5, 2.5); float noise aside)
    tol = 1e-9 * np.maximum(1.0, np.abs(target))
    with np.errstate(invalid="ignore"):
        meets = np.where(d > 0, value >= target - tol, value <= target + tol)
        meets = np.where((kind == "limit") & (direction == "equal"), np.abs(value - target) <= tol, meets)
    lower, upper = ind["lower"].to_numpy(dtype=float), ind["upper"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        outside = ((~np.isnan(lower) & ((value < lower) | (x0 < lower)))
                   | (~np.isnan(upper) & ((value > upper) | (x0 > upper))))  # fmt: skip
    units = _rate_units(np.where(linear_change, "period_amount", kind), unit, unit_en)
    out = pd.DataFrame({
        "id": idx, "kind": kind, "direction": direction, "unit": unit,
        "rate_unit": units[0], "rate_unit_zh": units[1],
        "base_year": by, "base": x0, "base_source": base_source,
        "target_year": ty, "target": target, "target_source": target_source,
        "year": year, "value": value, "latest_year": latest_year, "latest": latest,
        "observed": observed, "required": required, "needed": np.where(final | meets, np.nan, needed),
        "ratio": ratio, "gap": gap, "share_of_change": change,
    })  # fmt: skip
    status, reason_en, reason_zh = _classify(out, meets, final, missing, d, outside, lower, upper, thresholds, plan)
    src = rows.set_index(["id", "year"])
    keys = list(zip(idx, np.where(is_total, latest_year, year)))
    out["status"], out["reason_en"], out["reason_zh"] = status, reason_en, reason_zh
    out["source"] = [src["source"].get(k) for k in keys]
    out["csv_line"] = pd.array([src["csv_line"].get(k) for k in keys], dtype="Int64")
    return out


def _period_sums(rows: pd.DataFrame, idx: np.ndarray, by: int, year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum of each indicator's yearly amounts over base+1..year, and the years missing in between."""
    grid = np.arange(by + 1, int(year.max(initial=by)) + 1)
    after = rows[rows["year"] > by]
    vals = np.full((len(idx), len(grid)), np.nan)
    if len(after) and len(grid):
        vals = after.pivot(index="id", columns="year", values="value").reindex(index=idx, columns=grid).to_numpy(float)
    within = grid[None, :] <= year[:, None]
    total = np.where(within, np.nan_to_num(vals), 0.0).sum(axis=1)
    gaps = within & np.isnan(vals)
    missing = np.array([", ".join(str(y) for y in grid[g]) for g in gaps], dtype=object)
    return total, missing


def _rates(kind: np.ndarray, x0: np.ndarray, x: np.ndarray, target: np.ndarray, t: np.ndarray,
           n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Observed, required and still-needed annual rates, by kind (NaN where undefined)."""
    rest = n - t
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        positive = (x0 > 0) & (x > 0) & (target > 0)
        geo = (np.where(positive & (t > 0), (x / x0) ** (1 / t) - 1, np.nan) * 100,
               np.where(positive, (target / x0) ** (1 / n) - 1, np.nan) * 100,
               np.where(positive & (rest > 0), (target / x) ** (1 / rest) - 1, np.nan) * 100)
        lin = (np.where(t > 0, (x - x0) / t, np.nan), (target - x0) / n,
               np.where(rest > 0, (target - x) / rest, np.nan))
        tot = (np.where(t > 0, x / t, np.nan), target / n, np.where(rest > 0, (target - x) / rest, np.nan))
        c, big_t = x / 100, target / 100
        ok = (c < 1) & (big_t < 1)
        chg = (np.where(ok & (t > 0), 1 - (1 - c) ** (1 / t), np.nan) * 100,
               np.where(ok, 1 - (1 - big_t) ** (1 / n), np.nan) * 100,
               np.where(ok & (rest > 0), 1 - ((1 - big_t) / (1 - c)) ** (1 / rest), np.nan) * 100)
        amount = (np.where(t > 0, x / t, np.nan), target / n, np.where(rest > 0, (target - x) / rest, np.nan))
    kinds = [kind == "level", kind == "share", kind == "period_total", kind == "period_change",
             kind == "period_amount"]  # fmt: skip
    return tuple(np.select(kinds, [g[k] for g in (geo, lin, tot, chg, amount)], default=np.nan)  # type: ignore[return-value]
                 for k in range(3))


def _rate_units(kind: np.ndarray, unit: np.ndarray, unit_en: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The unit of each rate, in English and in Chinese: %/yr, points/yr or the indicator's unit per year."""
    percent = np.isin(unit, PERCENT_UNITS)
    compound = np.isin(kind, ["level", "period_change"])
    amounts = np.isin(kind, ["share", "period_total", "period_amount"])
    en = np.select([compound, amounts & percent, amounts], ["%/yr", "pt/yr", np.char.add(unit_en.astype(str), "/yr")],
                   default="")  # fmt: skip
    zh = np.select([compound, amounts & percent, amounts], ["%/年", "个百分点/年", np.char.add(unit.astype(str), "/年")],
                   default="")  # fmt: skip
    return en.astype(object), zh.astype(object)


def _classify(out: pd.DataFrame, meets: np.ndarray, final: np.ndarray, missing: np.ndarray, d: np.ndarray,
              outside: np.ndarray, lower: np.ndarray, upper: np.ndarray, thresholds: tuple[float, float, float],
              plan: Plan) -> tuple[list[str], list[str], list[str]]:  # fmt: skip
    """Status and reason of each row (a short loop over rows that builds explanations)."""
    on_track, accelerate, limited = thresholds
    ty, by = plan.target_year, plan.base_year
    status, en, zh = [], [], []
    rows = zip(out.itertuples(index=False), meets, final, missing, d, outside, lower, upper)
    for row, ok, fin, gaps, sign, off, low, high in rows:
        def say(code: str, why_en: str, why_zh: str) -> None:
            status.append(code)
            en.append(why_en)
            zh.append(why_zh)

        total = row.kind == "period_total"
        u_en, u_zh = row.rate_unit, row.rate_unit_zh
        if np.isnan(row.target):
            say("not_assessable", "the plan states no target for this indicator", "规划未给出该指标的目标值")
        elif fin and np.isnan(row.value):
            say("not_assessable", f"no actual for {ty}, the target year (latest: {row.latest_year})",
                f"缺少目标年 {ty} 年的实际值（最新为 {row.latest_year} 年）")
        elif off:
            rng = f"[{_num(low) if not np.isnan(low) else '−∞'}, {_num(high) if not np.isnan(high) else '∞'}]"
            say("not_assessable", f"value {_num(row.value)} (base {_num(row.base)}) lies outside the natural range "
                f"{rng} of a {row.kind}", f"实际 {_num(row.value)}（基期 {_num(row.base)}）超出该类指标的取值范围 {rng}")
        elif row.kind == "level" and (row.value <= 0 or row.base <= 0 or row.target <= 0):
            say("not_assessable", "growth rates are undefined for zero or negative values "
                f"(base {_num(row.base)}, value {_num(row.value)}, target {_num(row.target)})",
                f"数值为零或负数时增长率无定义（基期 {_num(row.base)}，实际 {_num(row.value)}，目标 {_num(row.target)}）")
        elif total and sign < 0 and row.value > row.target:
            say("not_achieved", f"the years given add up to {_num(row.value)}, above the ceiling {_num(row.target)}",
                f"已有年份合计 {_num(row.value)}，超过上限 {_num(row.target)}")
        elif ok and not (total and sign < 0 and not fin):  # a ceiling on a total holds only once the period ends
            what_en = f"the years given add up to {_num(row.value)}" if total else f"value {_num(row.value)} in {row.year}"
            what_zh = f"已有年份合计 {_num(row.value)}" if total else f"{row.year} 年实际 {_num(row.value)}"
            say("achieved", f"{what_en} meets the target {_num(row.target)}", f"{what_zh}，达到目标 {_num(row.target)}")
        elif total and gaps:
            say("not_assessable", f"a period total needs every year's amount; missing {gaps}",
                f"期内累计需要每年的数值，缺少 {gaps} 年")
        elif fin:
            say("not_achieved", f"value {_num(row.value)} in {ty} vs target {_num(row.target)}: gap {_num(row.gap)}"
                + (f", {_pct(row.share_of_change)} of the planned change made" if row.kind != "limit" else ""),
                f"{ty} 年实际 {_num(row.value)}，目标 {_num(row.target)}，差距 {_num(row.gap)}"
                + (f"，完成计划变化的 {_pct(row.share_of_change)}" if row.kind != "limit" else ""))  # fmt: skip
        elif row.kind == "limit":
            say("not_achieved", f"a limit to hold: value {_num(row.value)} in {row.year} breaches {_num(row.target)}",
                f"限值指标：{row.year} 年实际 {_num(row.value)}，未守住 {_num(row.target)}")
        elif total and sign < 0:
            say("not_assessable", "a ceiling on a period total is judged at the end of the period (or once exceeded)",
                "期内累计上限在期末（或一旦超过时）评估")
        elif row.year <= by:
            say("not_assessable", f"no actual after the base year {by}", f"缺少基期 {by} 年之后的实际值")
        elif np.isnan(row.base) and row.kind in ("level", "share"):
            say("not_assessable", f"no {by} value: neither the plan nor the actuals give one",
                f"规划和实际值均未给出 {by} 年的数值")
        elif row.kind == "period_change" and np.isnan(row.observed):
            say("not_assessable", "a change of 100% or more has no annual rate", "变化幅度达到或超过100%，无法折算年均")
        elif row.required == 0 or np.isnan(row.ratio):
            say("not_assessable", f"the target {_num(row.target)} equals the base {_num(row.base)}: no change is "
                "required, so there is no ratio to form", f"目标 {_num(row.target)} 等于基期值，不要求变化，无法计算比值")
        else:
            r = row.ratio
            code = ("on_track" if r >= on_track else "needs_acceleration" if r >= accelerate
                    else "limited_progress" if r >= limited else "moving_away")  # fmt: skip
            has_need = not np.isnan(row.needed)
            say(code, f"observed {_num(row.observed)} {u_en} vs required {_num(row.required)} {u_en}: ratio {r:.2f}"
                + (f"; {_num(row.needed)} {u_en} needed from now" if has_need else ""),
                f"实际 {_num(row.observed)} {u_zh}，要求 {_num(row.required)} {u_zh}：比值 {r:.2f}"
                + (f"；此后需 {_num(row.needed)} {u_zh}" if has_need else ""))  # fmt: skip
    return status, en, zh


def _num(x: float) -> str:
    """A figure for an explanation: 2 decimals (1 from 100, 3 significant digits below 1)."""
    if x is None or np.isnan(x):
        return "—"
    text = f"{x:.3g}" if abs(x) < 1 else f"{x:.2f}" if abs(x) < 100 else f"{x:.1f}"
    return text.rstrip("0").rstrip(".") if "." in text and "e" not in text else text


def _pct(x: float) -> str:
    return "—" if x is None or np.isnan(x) else f"{x * 100:.0f}%"

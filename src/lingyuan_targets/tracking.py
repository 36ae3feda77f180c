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

Growth is measured by the indicator's kind, not as if everything were a level:

=============== ============================== ==========================================
kind            observed (t years since base)  required (n-year plan period)
=============== ============================== ==========================================
level           (x_t / x_0)**(1/t) − 1  [%/yr] (T / x_0)**(1/n) − 1
share           (x_t − x_0) / t        [pt/yr] (T − x_0) / n
period_total    S_t / t  (S_t: sum of years)   T / n
period_change   1 − (1 − c_t)**(1/t)   [%/yr]  1 − (1 − T)**(1/n)  (c, T as fractions)
limit           — (held or breached, by level)
=============== ============================== ==========================================

Example: GDP 150.2 in 2020, target 242 in 2025, observed 185 in 2022:
observed (185/150.2)**(1/2) − 1 = 10.98%/yr, required (242/150.2)**(1/5) − 1
= 10.02%/yr, R = 1.10 → on track; still needed (242/185)**(1/3) − 1 = 9.37%/yr.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import actuals as actuals_mod
from .model import Plan
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
PERCENT_UNITS = ("百分比", "%", "％")


def track(plan: Plan, actuals: pd.DataFrame, *, as_of: int | None = None,
          thresholds: tuple[float, float, float] = DEFAULT_THRESHOLDS,
          ids: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:  # fmt: skip
    """One row per indicator with actuals: the rates, the gap and a status with its reason.

    ``actuals`` comes from :func:`lingyuan_targets.actuals.read_actuals`.
    ``as_of`` ignores actuals after that year. Columns: ``id, kind, direction,
    unit, rate_unit, base_year, base, base_source, target_year, target,
    target_source, year`` (the year assessed: the latest actual, or the target
    year once it has passed), ``value`` (the value assessed: for a period total
    the sum of the years so far), ``latest_year, latest, observed, required,
    needed`` (the rate still needed in the remaining years), ``ratio, gap``
    (value − target), ``share_of_change`` (the part of the planned change made),
    ``status, reason_en, reason_zh, source, csv_line``.
    """
    on_track, accelerate, limited = thresholds
    if not on_track >= accelerate >= limited:
        raise ValueError(f"thresholds must be in decreasing order, got {thresholds}")
    rows = actuals if as_of is None else actuals[actuals["year"] <= as_of]
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
    latest_year = last["year"].reindex(idx).to_numpy(dtype=int)
    latest = last["value"].reindex(idx).to_numpy(dtype=float)

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

    final = latest_year >= ty
    year = np.where(final, ty, latest_year)
    t = (year - by).astype(float)
    at_year = actuals_mod.value_in(rows, idx, ty)
    value = np.where(final, at_year, latest)
    sum_so_far, missing = _period_sums(rows, idx, by, year)
    is_total = kind == "period_total"
    value = np.where(is_total, np.where(missing == "", sum_so_far, np.nan), value)

    sign = np.sign(np.where(np.isnan(target - x0), 1.0, target - x0))
    d = np.select([direction == "at_least", direction == "at_most"], [1.0, -1.0],
                  default=np.where(np.isin(kind, ["level", "share"]), np.where(sign == 0, 1.0, sign), 1.0))  # fmt: skip
    observed, required, needed = _rates(kind, x0, value, target, t, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(required != 0, d * observed / np.abs(required), np.nan)
        change = np.select([is_total, kind == "period_change"], [value / target, value / target],
                           default=np.where(target != x0, (value - x0) / (target - x0), np.nan))
    gap = value - target

    # achieved: the value meets the target as printed (strictly: 1.62 does not meet a printed 2,
    # even though 2 could stand for anything in [1.5, 2.5); float noise aside)
    tol = 1e-9 * np.maximum(1.0, np.abs(target))
    with np.errstate(invalid="ignore"):
        meets = np.where(d > 0, value >= target - tol, value <= target + tol)
        meets = np.where((kind == "limit") & (direction == "equal"), np.abs(value - target) <= tol, meets)
    out = pd.DataFrame({
        "id": idx, "kind": kind, "direction": direction, "unit": ind["unit"].to_numpy(dtype=object),
        "rate_unit": _rate_units(kind, ind["unit"].to_numpy(dtype=object)),
        "base_year": by, "base": x0, "base_source": base_source,
        "target_year": ty, "target": target, "target_source": target_source,
        "year": year, "value": value, "latest_year": latest_year, "latest": latest,
        "observed": observed, "required": required, "needed": np.where(final, np.nan, needed),
        "ratio": ratio, "gap": gap, "share_of_change": change,
    })  # fmt: skip
    status, reason_en, reason_zh = _classify(out, meets, final, missing, d, thresholds, plan)
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
    kinds = [kind == "level", kind == "share", kind == "period_total", kind == "period_change"]
    return tuple(np.select(kinds, [g[k] for g in (geo, lin, tot, chg)], default=np.nan)  # type: ignore[return-value]
                 for k in range(3))


def _rate_units(kind: np.ndarray, unit: np.ndarray) -> np.ndarray:
    per_year = np.array([f"{u}/yr" for u in unit], dtype=object)
    points = np.where(np.isin(unit, PERCENT_UNITS), "pt/yr", per_year)
    return np.select([np.isin(kind, ["level", "period_change"]), kind == "share", kind == "period_total"],
                     ["%/yr", points, per_year], default="")  # fmt: skip


def _classify(out: pd.DataFrame, meets: np.ndarray, final: np.ndarray, missing: np.ndarray, d: np.ndarray,
              thresholds: tuple[float, float, float], plan: Plan) -> tuple[list[str], list[str], list[str]]:  # fmt: skip
    """Status and reason of each row (a short loop over rows that builds explanations)."""
    on_track, accelerate, limited = thresholds
    ty, by = plan.target_year, plan.base_year
    status, en, zh = [], [], []
    for row, ok, fin, gaps, sign in zip(out.itertuples(index=False), meets, final, missing, d):
        def say(code: str, why_en: str, why_zh: str) -> None:
            status.append(code)
            en.append(why_en)
            zh.append(why_zh)

        unit = row.rate_unit
        rates_en = f"observed {_num(row.observed)} {unit} vs required {_num(row.required)} {unit}"
        rates_zh = f"实际 {_num(row.observed)} {unit}，要求 {_num(row.required)} {unit}"
        if row.kind == "period_total" and gaps:
            say("not_assessable", f"a period total needs every year's amount; missing {gaps}",
                f"期内累计需要每年的数值，缺少 {gaps} 年")
        elif np.isnan(row.target):
            say("not_assessable", "the plan states no target for this indicator", "规划未给出该指标的目标值")
        elif fin and np.isnan(row.value):
            say("not_assessable", f"no actual for {ty}, the target year (latest: {row.latest_year})",
                f"缺少目标年 {ty} 年的实际值（最新为 {row.latest_year} 年）")
        elif ok:
            say("achieved", f"{_num(row.value)} in {row.year} meets the target {_num(row.target)}",
                f"{row.year} 年为 {_num(row.value)}，达到目标 {_num(row.target)}")
        elif fin:
            say("not_achieved", f"{_num(row.value)} in {ty} vs target {_num(row.target)}: gap {_num(row.gap)}, "
                f"{_pct(row.share_of_change)} of the planned change made",
                f"{ty} 年为 {_num(row.value)}，目标 {_num(row.target)}，差距 {_num(row.gap)}，"
                f"完成计划变化的 {_pct(row.share_of_change)}")  # fmt: skip
        elif row.kind == "limit":
            say("not_achieved", f"a limit to hold: {_num(row.value)} in {row.year} breaches {_num(row.target)}",
                f"限值指标：{row.year} 年为 {_num(row.value)}，未守住 {_num(row.target)}")
        elif row.kind == "period_total" and sign < 0:
            say("not_assessable", "a ceiling on a period total can only be judged at the end of the period",
                "期内累计上限只能在期末评估")
        elif row.year <= by:
            say("not_assessable", f"no actual after the base year {by}", f"缺少基期 {by} 年之后的实际值")
        elif np.isnan(row.base) and row.kind in ("level", "share"):
            say("not_assessable", f"no {by} value: neither the plan nor the actuals give one",
                f"规划和实际值均未给出 {by} 年的数值")
        elif row.kind == "level" and not (row.base > 0 and row.value > 0 and row.target > 0):
            say("not_assessable", "growth rates are undefined for zero or negative values "
                f"(base {_num(row.base)}, value {_num(row.value)}, target {_num(row.target)})",
                f"数值为零或负数时增长率无定义（基期 {_num(row.base)}，实际 {_num(row.value)}，目标 {_num(row.target)}）")
        elif row.kind == "period_change" and np.isnan(row.observed):
            say("not_assessable", "a change of 100% or more has no annual rate", "变化幅度达到或超过100%，无法折算年均")
        elif row.required == 0 or np.isnan(row.ratio):
            say("not_assessable", f"the target {_num(row.target)} equals the base {_num(row.base)}: no change is "
                "required, so there is no ratio to form", f"目标 {_num(row.target)} 等于基期值，不要求变化，无法计算比值")
        else:
            r = row.ratio
            code = ("on_track" if r >= on_track else "needs_acceleration" if r >= accelerate
                    else "limited_progress" if r >= limited else "moving_away")  # fmt: skip
            need_en = f"; {_num(row.needed)} {unit} needed from now" if not np.isnan(row.needed) else ""
            need_zh = f"；此后需 {_num(row.needed)} {unit}" if not np.isnan(row.needed) else ""
            say(code, f"{rates_en}: ratio {r:.2f}{need_en}", f"{rates_zh}：比值 {r:.2f}{need_zh}")
    return status, en, zh


def _num(x: float) -> str:
    """A figure for an explanation: 2 decimals (1 from 100, 3 significant digits below 1)."""
    if x is None or np.isnan(x):
        return "—"
    text = f"{x:.3g}" if abs(x) < 1 else f"{x:.2f}" if abs(x) < 100 else f"{x:.1f}"
    return text.rstrip("0").rstrip(".") if "." in text and "e" not in text else text


def _pct(x: float) -> str:
    return "—" if x is None or np.isnan(x) else f"{x * 100:.0f}%"

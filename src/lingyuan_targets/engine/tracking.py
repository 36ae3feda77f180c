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

from ..plan.model import Plan
from ..plan.vocabulary import PERCENT_UNITS
from . import observed as actuals_mod
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


#: how each row's figures were used: code → (English, Chinese)
METHODS = {
    "levels": ("levels", "水平值"),
    "chained": ("chained growth", "增速连乘"),
    "growth": ("one period's growth", "单期增速"),
    "current-levels": ("current-price levels", "现价水平值"),
    "": ("nothing usable", "无可用数值"),
}


def track(plan: Plan, actuals: pd.DataFrame, *, as_of: int | None = None,
          thresholds: tuple[float, float, float] = DEFAULT_THRESHOLDS,
          ids: list[str] | tuple[str, ...] | None = None, rebase: bool = False) -> pd.DataFrame:  # fmt: skip
    """One row per indicator with actuals: the rates, the gap and a status with its reason.

    ``actuals`` comes from :func:`lingyuan_targets.actuals.read_actuals`; its figures
    are first resolved into yearly values on the prices each plan rate is at
    (:func:`lingyuan_targets.engine.observed.resolve`: levels, growth chained from
    the base, or one period's growth assessed on its own). ``as_of`` is the
    assessment date (default: the latest year in ``actuals``); later actuals are
    ignored, and from the target year on the assessment is final (the target-year
    value decides). The plan's base is the reference; ``rebase`` takes the file's
    base-year level instead. Columns: ``id, kind, direction, unit, rate_unit,
    rate_unit_zh, base_year, base, base_source, target_year, target, target_source,
    year`` (the year assessed: the latest value, or the target year once it has
    passed), ``period`` (``year``, or the part of the year a growth figure covers),
    ``value`` (for a period total the sum of the years given), ``latest_year, latest,
    observed, required, needed`` (the rate still needed in the remaining years),
    ``ratio, gap`` (value − target), ``share_of_change`` (the part of the planned
    change made), ``status``, ``reason`` (a code of :data:`REASONS`), ``reason_en,
    reason_zh``, ``provisional`` (judged on one period's growth), ``prices``
    (comparable, current or empty), ``method`` (a code of :data:`METHODS`), ``used_en,
    used_zh`` (the figures used), ``unused_en, unused_zh`` (the figures not used and
    why), ``notes_en, notes_zh``, ``warnings_en, warnings_zh``, ``sources`` (of the
    figures used), ``source, csv_line`` (of the figure assessed).
    """
    on_track, accelerate, limited = thresholds
    if not (np.isfinite(thresholds).all() and on_track >= accelerate >= limited):
        raise ValueError(f"thresholds must be finite and in decreasing order, got {thresholds}")
    given = actuals if as_of is None else actuals[actuals["year"] <= as_of]
    # the assessment date: --as-of, else the latest year the file has a whole year's figure for (its vintage; a
    # first-quarter figure does not make its year complete)
    whole = given[given["period"].astype(object).fillna("year") == "year"] if "period" in given else given
    vintage = as_of if as_of is not None else int(whole["year"].max()) if len(whole) else plan.base_year
    resolved = actuals_mod.resolve(plan, given, rebase=rebase, ids=list(ids) if ids else None)
    rows = actuals_mod.series(resolved)
    idx = np.array(list(resolved), dtype=object)
    ind = plan.indicators.set_index("id").loc[list(idx)]
    r = rules(plan, list(idx)).set_index("id").reindex(idx)
    by, ty = plan.base_year, plan.target_year
    n = ty - by
    kind = ind["kind"].to_numpy(dtype=object)
    direction = ind["direction"].to_numpy(dtype=object)
    unit, unit_en = ind["unit"].to_numpy(dtype=object), ind["unit_en"].fillna(ind["unit"]).to_numpy(dtype=object)
    last = actuals_mod.latest(rows).reindex(idx) if len(rows) else pd.DataFrame(index=idx, columns=["year", "value"])
    latest_year = last["year"].fillna(by).to_numpy(dtype=int)
    latest = last["value"].to_numpy(dtype=float)
    # a period change in percent compounds; one in another unit (万亩, 个百分点) is a plain amount
    linear_change = (kind == "period_change") & ~np.isin(unit, PERCENT_UNITS)

    x0 = np.array([resolved[i].base for i in idx], dtype=float)
    base_source = np.array([resolved[i].base_source for i in idx], dtype=object)
    # target: as printed, else where the stated rule leads (a rate with no printed target)
    printed = ind["target"].to_numpy(dtype=float)
    mode = r["mode"].to_numpy(dtype=object)
    start, factor, step = (r[c].to_numpy(dtype=float) for c in ("start", "factor", "step"))
    with np.errstate(invalid="ignore", over="ignore"):
        by_rule = np.where(mode == "geometric", start * factor**n, np.where(mode == "linear", start + step * n, np.nan))
    target = np.where(np.isnan(printed), by_rule, printed)
    target_source = np.where(~np.isnan(printed), "printed", np.where(np.isnan(by_rule), "", "rule"))

    # one period's growth, where the yearly values stop before it (a quarter of the next year, a year with a gap)
    growth = [resolved[i].growth for i in idx]
    # one period's growth is judged alone only while the period runs, and never over a target already met
    final_year = np.full(len(idx), vintage >= ty)
    with np.errstate(invalid="ignore"):
        rising = np.where(direction == "at_least", True, np.where(direction == "at_most", False, target >= x0))
        slack = 1e-9 * np.maximum(1.0, np.abs(target))
        met_already = np.where(rising, latest >= target - slack, latest <= target + slack) & (latest_year > by)
    has_growth = np.array([g is not None for g in growth], dtype=bool)
    alone = has_growth & ~final_year & ~met_already
    for k in np.flatnonzero(has_growth & ~alone):
        if final_year[k]:
            resolved[idx[k]].drop_growth(f"the target year {ty} is over: its yearly value decides",
                                         f"目标年 {ty} 已过，以该年全年数值为准")  # fmt: skip
        else:
            resolved[idx[k]].drop_growth(f"the target is already met in {latest_year[k]}",
                                         f"{latest_year[k]} 年已达到目标")  # fmt: skip
    growth = [resolved[i].growth for i in idx]
    g_year = np.array([g["year"] if g else by for g in growth], dtype=int)
    g_value = np.array([g["value"] if g else np.nan for g in growth], dtype=float)
    period = np.array([g["period"] if g else "year" for g in growth], dtype=object)

    final = np.full(len(idx), vintage >= ty) & ~alone
    year = np.where(alone, g_year, np.where(final, ty, latest_year))
    t = (year - by).astype(float)
    value = np.where(alone, np.nan, np.where(final, actuals_mod.value_in(rows, idx, ty), latest))
    is_total = kind == "period_total"
    sum_known, missing = _period_sums(rows, idx, by, year)
    value = np.where(is_total, sum_known, value)

    sign = np.sign(np.where(np.isnan(target - x0), 1.0, target - x0))
    d = np.select([direction == "at_least", direction == "at_most"], [1.0, -1.0],
                  default=np.where(np.isin(kind, ["level", "share"]), np.where(sign == 0, 1.0, sign), 1.0))  # fmt: skip
    complete = ~is_total | (missing == "")
    observed, required, needed = _rates(np.where(linear_change, "period_amount", kind), x0,
                                        np.where(complete, value, np.nan), target, t, n)  # fmt: skip
    observed = np.where(alone, g_value, observed)
    with np.errstate(divide="ignore", invalid="ignore"):  # a growth alone has no level: the required rate needs none
        required = np.where(alone & (x0 > 0) & (target > 0), ((target / x0) ** (1 / n) - 1) * 100, required)
    needed = np.where(alone, np.nan, needed)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(required != 0, d * observed / np.abs(required), np.nan)
        change = np.select(
            [is_total | (kind == "period_change"), kind == "limit"],
            [value / target, np.nan],
            default=np.where(target != x0, (value - x0) / (target - x0), np.nan),
        )
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
        "year": year, "period": period, "value": value, "latest_year": latest_year, "latest": latest,
        "observed": observed, "required": required, "needed": np.where(final | meets, np.nan, needed),
        "ratio": ratio, "gap": gap, "share_of_change": change,
    })  # fmt: skip
    res = [resolved[i] for i in idx]
    nothing = np.array([x.how == "" and bool(x.unused) for x in res], dtype=bool)
    status, reason = _classify(out, meets, final, missing, d, outside, thresholds, alone, nothing)
    reason_en, reason_zh = explain(out, reason, missing, lower, upper, plan, res)
    out["status"], out["reason"], out["reason_en"], out["reason_zh"] = status, reason, reason_en, reason_zh
    out["provisional"] = alone
    out["prices"] = [x.prices or "" for x in res]
    out["method"] = [x.how for x in res]
    for key, pos in (("en", 0), ("zh", 1)):
        # a growth judged alone is the one figure the verdict uses
        out[f"used_{key}"] = [("; " if pos == 0 else "；").join(u[pos] for u in (x.used[-1:] if x.growth else x.used))
                              for x in res]  # fmt: skip
        out[f"unused_{key}"] = [("; " if pos == 0 else "；").join(u[pos] for u in x.unused) for x in res]
        out[f"notes_{key}"] = [("; " if pos == 0 else "；").join(u[pos] for u in x.notes) for x in res]
        out[f"warnings_{key}"] = [("; " if pos == 0 else "；").join(u[pos] for u in x.warnings) for x in res]
    out["sources"] = [str(x.growth["source"]) if x.growth else "; ".join(x.sources) for x in res]
    src = rows.set_index(["id", "year"]) if len(rows) else None
    keys = list(zip(idx, np.where(is_total, latest_year, year)))
    out["source"] = [x.growth["source"] if x.growth else src["source"].get(k) if src is not None else None
                     for x, k in zip(res, keys)]  # fmt: skip
    out["csv_line"] = pd.array([x.growth["csv_line"] if x.growth else src["csv_line"].get(k) if src is not None
                                else None for x, k in zip(res, keys)], dtype="Int64")  # fmt: skip
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
        geo = (
            np.where(positive & (t > 0), (x / x0) ** (1 / t) - 1, np.nan) * 100,
            np.where(positive, (target / x0) ** (1 / n) - 1, np.nan) * 100,
            np.where(positive & (rest > 0), (target / x) ** (1 / rest) - 1, np.nan) * 100,
        )
        lin = (
            np.where(t > 0, (x - x0) / t, np.nan),
            (target - x0) / n,
            np.where(rest > 0, (target - x) / rest, np.nan),
        )
        tot = (np.where(t > 0, x / t, np.nan), target / n, np.where(rest > 0, (target - x) / rest, np.nan))
        c, big_t = x / 100, target / 100
        ok = (c < 1) & (big_t < 1)
        chg = (
            np.where(ok & (t > 0), 1 - (1 - c) ** (1 / t), np.nan) * 100,
            np.where(ok, 1 - (1 - big_t) ** (1 / n), np.nan) * 100,
            np.where(ok & (rest > 0), 1 - ((1 - big_t) / (1 - c)) ** (1 / rest), np.nan) * 100,
        )
        amount = (np.where(t > 0, x / t, np.nan), target / n, np.where(rest > 0, (target - x) / rest, np.nan))
    kinds = [kind == "level", kind == "share", kind == "period_total", kind == "period_change",
             kind == "period_amount"]  # fmt: skip
    return tuple(np.select(kinds, [g[k] for g in (geo, lin, tot, chg, amount)], default=np.nan) for k in range(3))


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


#: why a row has its status: code → (status, English, Chinese). The status of the ratio codes follows from the
#: thresholds. Templates name the row's figures: {value}, {base}, {target}, {gap}, {year}, {latest_year}, {share},
#: {observed}, {required}, {needed}, {ratio}, {unit_en}, {unit_zh}, {range}, {kind}, {gaps}, {base_year},
#: {target_year}, {when}, {when_zh}, {unused}, {unused_zh}.
REASONS: dict[str, tuple[str, str, str]] = {
    "no-target": ("not_assessable", "the plan states no target for this indicator", "规划未给出该指标的目标值"),
    "no-usable-figure": ("not_assessable", "none of the figures given can be used: {unused}",
                         "所给数值均无法使用：{unused_zh}"),
    "growth-alone": ("", "{when} growth {observed}% year on year vs required {required} %/yr: ratio {ratio} "
                     "(one period, not the path since {base_year})",
                     "{when_zh}同比增长 {observed}%，要求 {required}%/年：比值 {ratio}（仅一期，非基期以来的路径）"),
    "growth-unrated": ("not_assessable", "{when} growth {observed}% year on year: no required rate to compare it "
                       "with (base {base}, target {target})",
                       "{when_zh}同比增长 {observed}%：无可比较的要求增速（基期 {base}，目标 {target}）"),
    "no-final-actual": ("not_assessable", "no actual for {target_year}, the target year (latest: {latest_year})",
                        "缺少目标年 {target_year} 年的实际值（最新为 {latest_year} 年）"),
    "outside-range": ("not_assessable", "value {value} (base {base}) lies outside the natural range {range} of a {kind}",
                      "实际 {value}（基期 {base}）超出该类指标的取值范围 {range}"),
    "not-positive": ("not_assessable", "growth rates are undefined for zero or negative values (base {base}, value "
                     "{value}, target {target})", "数值为零或负数时增长率无定义（基期 {base}，实际 {value}，目标 {target}）"),
    "total-above-ceiling": ("not_achieved", "the years given add up to {value}, above the ceiling {target}",
                            "已有年份合计 {value}，超过上限 {target}"),
    "achieved-total": ("achieved", "the years given add up to {value} meets the target {target}",
                       "已有年份合计 {value}，达到目标 {target}"),
    "achieved": ("achieved", "value {value} in {year} meets the target {target}", "{year} 年实际 {value}，达到目标 {target}"),
    "total-missing-years": ("not_assessable", "a period total needs every year's amount; missing {gaps}",
                            "期内累计需要每年的数值，缺少 {gaps} 年"),
    "missed": ("not_achieved", "value {value} in {target_year} vs target {target}: gap {gap}, {share} of the planned "
               "change made", "{target_year} 年实际 {value}，目标 {target}，差距 {gap}，完成计划变化的 {share}"),
    "missed-limit": ("not_achieved", "value {value} in {target_year} vs target {target}: gap {gap}",
                     "{target_year} 年实际 {value}，目标 {target}，差距 {gap}"),
    "limit-breached": ("not_achieved", "a limit to hold: value {value} in {year} breaches {target}",
                       "限值指标：{year} 年实际 {value}，未守住 {target}"),
    "total-ceiling-pending": ("not_assessable", "a ceiling on a period total is judged at the end of the period (or "
                              "once exceeded)", "期内累计上限在期末（或一旦超过时）评估"),
    "no-actual-after-base": ("not_assessable", "no actual after the base year {base_year}",
                             "缺少基期 {base_year} 年之后的实际值"),
    "no-base": ("not_assessable", "no {base_year} value: neither the plan nor the actuals give one",
                "规划和实际值均未给出 {base_year} 年的数值"),
    "change-too-large": ("not_assessable", "a change of 100% or more has no annual rate", "变化幅度达到或超过100%，无法折算年均"),
    "no-change-required": ("not_assessable", "the target {target} equals the base {base}: no change is required, so "
                           "there is no ratio to form", "目标 {target} 等于基期值，不要求变化，无法计算比值"),
    "ratio": ("", "observed {observed} {unit_en} vs required {required} {unit_en}: ratio {ratio}",
              "实际 {observed} {unit_zh}，要求 {required} {unit_zh}：比值 {ratio}"),
    "ratio-needed": ("", "observed {observed} {unit_en} vs required {required} {unit_en}: ratio {ratio}; {needed} "
                     "{unit_en} needed from now", "实际 {observed} {unit_zh}，要求 {required} {unit_zh}：比值 {ratio}；此后需 "
                     "{needed} {unit_zh}"),
}  # fmt: skip


def _classify(out: pd.DataFrame, meets: np.ndarray, final: np.ndarray, missing: np.ndarray, d: np.ndarray,
              outside: np.ndarray, thresholds: tuple[float, float, float], alone: np.ndarray,
              nothing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Status and reason code of each row, with masks: the first condition that holds decides."""
    on_track, accelerate, limited = thresholds
    kind, value, base, target = (out[c].to_numpy() for c in ("kind", "value", "base", "target"))
    total, level, limit = kind == "period_total", kind == "level", kind == "limit"
    ceiling_total = total & (d < 0)
    gaps = missing != ""
    observed, required, ratio, needed = (out[c].to_numpy(dtype=float) for c in ("observed", "required", "ratio",
                                                                                 "needed"))  # fmt: skip
    with np.errstate(invalid="ignore"):  # NaN compares False, as in the rules below
        conditions = [
            ("no-target", np.isnan(target)),
            ("no-usable-figure", nothing),
            ("growth-alone", alone & np.isfinite(ratio)),
            ("no-base", alone & np.isnan(base)),
            ("not-positive", alone & level & ((base <= 0) | (target <= 0))),
            ("growth-unrated", alone),
            ("no-final-actual", final & np.isnan(value)),
            ("outside-range", outside),
            ("not-positive", level & ((value <= 0) | (base <= 0) | (target <= 0))),
            ("total-above-ceiling", ceiling_total & (value > target)),
            ("achieved-total", meets & total & ~(ceiling_total & ~final)),  # a ceiling on a total holds once it ends
            ("achieved", meets & ~total),
            ("total-missing-years", total & gaps),
            ("missed-limit", final & limit),
            ("missed", final),
            ("limit-breached", limit),
            ("total-ceiling-pending", ceiling_total),
            ("no-actual-after-base", out["year"].to_numpy() <= out["base_year"].to_numpy()),
            ("no-base", np.isnan(base) & np.isin(kind, ["level", "share"])),
            ("change-too-large", (kind == "period_change") & np.isnan(observed)),
            ("no-change-required", (required == 0) | np.isnan(ratio)),
            ("ratio-needed", ~np.isnan(needed)),
        ]
        reason = np.select([mask for _, mask in conditions], [code for code, _ in conditions],
                           default="ratio").astype(object)  # fmt: skip
        by_ratio = np.select([ratio >= on_track, ratio >= accelerate, ratio >= limited],
                             ["on_track", "needs_acceleration", "limited_progress"], default="moving_away")  # fmt: skip
    status = np.array([REASONS[r][0] for r in reason.tolist()], dtype=object)
    rated = np.isin(reason, ["ratio", "ratio-needed", "growth-alone"])
    status[rated] = by_ratio[rated]
    return status, reason


def explain(out: pd.DataFrame, reason: np.ndarray, missing: np.ndarray, lower: np.ndarray, upper: np.ndarray,
            plan: Plan, resolved: list[actuals_mod.Resolved] | None = None) -> tuple[list[str], list[str]]:  # fmt: skip
    """Each row's reason in words (English, Chinese): its template in :data:`REASONS`, with the row's figures."""
    en, zh = [], []
    resolved = resolved if resolved is not None else [actuals_mod.Resolved(np.nan, "", None, False)] * len(out)
    for row, code, gaps, low, high, res in zip(out.itertuples(index=False), reason.tolist(), missing, lower, upper,
                                               resolved):  # fmt: skip
        figures = {
            "when": actuals_mod.when(int(row.year), str(row.period)),
            "when_zh": actuals_mod.when(int(row.year), str(row.period), zh=True),
            "unused": "; ".join(u[0] for u in res.unused), "unused_zh": "；".join(u[1] for u in res.unused),
            "value": _num(row.value), "base": _num(row.base), "target": _num(row.target), "gap": _num(row.gap),
            "year": row.year, "latest_year": row.latest_year, "share": _pct(row.share_of_change),
            "observed": _num(row.observed), "required": _num(row.required), "needed": _num(row.needed),
            "ratio": f"{row.ratio:.2f}", "unit_en": row.rate_unit, "unit_zh": row.rate_unit_zh, "kind": row.kind,
            "range": f"[{_num(low) if not np.isnan(low) else '−∞'}, {_num(high) if not np.isnan(high) else '∞'}]",
            "gaps": gaps, "base_year": plan.base_year, "target_year": plan.target_year,
        }  # fmt: skip
        _, text_en, text_zh = REASONS[code]
        en.append(text_en.format(**figures))
        zh.append(text_zh.format(**figures))
    return en, zh


def _num(x: float) -> str:
    """A figure for an explanation: 2 decimals (1 from 100, 3 significant digits below 1)."""
    if x is None or np.isnan(x):
        return "—"
    text = f"{x:.3g}" if abs(x) < 1 else f"{x:.2f}" if abs(x) < 100 else f"{x:.1f}"
    return text.rstrip("0").rstrip(".") if "." in text and "e" not in text else text


def _pct(x: float) -> str:
    return "—" if x is None or np.isnan(x) else f"{x * 100:.0f}%"

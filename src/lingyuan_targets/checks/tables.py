"""The history tables of chapter 1, and parts that must add up (projects, structures, zones)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..plan.model import Plan
from ..plan.printed import rounding_interval, rounds_to
from .findings import Finding, _finding, english_unit, known, on_line, on_line_zh


# ------------------------------------------------------------ 4. history tables
def _hist_src(row: dict[str, Any], file: str) -> dict[str, Any]:
    return {"what": f"{row['table']} {row['label']}", "value": row["value"] if pd.notna(row["value"]) else row["growth"],
            "section": row["section"], "text_line": row["line"], "snippet": row["snippet"], "file": file,
            "file_line": row["csv_line"]}  # fmt: skip


def _groups(records: list[dict[str, Any]], column: str) -> dict[Any, list[dict[str, Any]]]:
    """Rows by the value of ``column``, in order of first appearance; rows without one are left out
    (as ``groupby(column, sort=False)``)."""
    out: dict[Any, list[dict[str, Any]]] = {}
    for r in records:
        if pd.notna(r[column]):
            out.setdefault(r[column], []).append(r)
    return out


def _floats(records: list[dict[str, Any]], column: str, missing: float = np.nan) -> np.ndarray:
    return np.array([missing if pd.isna(r[column]) else float(r[column]) for r in records], dtype=float)


def check_history(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """Yearly growth vs level changes, stated averages vs yearly rates and level CAGR, totals vs sums."""
    h = plan.history
    if h.empty:
        return []
    file = plan.files["history"].name
    out: list[Finding] = []
    for series_zh, rows in _groups(h.to_dict("records"), "series").items():  # a few rows each: plain dicts
        series = f"{rows[0]['series_en']} ({series_zh})"
        years = sorted((r for r in rows if r["row_type"] == "year"), key=lambda r: r["year"])
        out += _growth_since(series, str(series_zh), rows, years, file, mode)
        out += _against_plan(series, str(series_zh), rows, years, file, mode)
        if len(years) < 2:
            continue
        ids = [str(series_zh)]
        v = _floats(years, "value")
        own_vd = _floats(years, "value_decimals", 0.0)
        own_gd = _floats(years, "growth_decimals", 0.0)
        # A table column prints one precision; "37" among "36.6, 43.1" is 37.0 with its zero dropped.
        vd = np.full(len(v), own_vd.max())
        gd = np.full(len(v), own_gd.max())
        g = _floats(years, "growth")
        vl, vh = rounding_interval(v, vd, mode)
        gl, gh = rounding_interval(g, gd, mode)
        # The level before the first year, where a 'change' row gives it (GDP: 150.2 − 35.6 = 114.6 in 2015).
        change = [r for r in rows if r["row_type"] == "change" and pd.notna(r["value"])]
        yrs = np.array([r["year"] for r in years])
        if len(change):
            rise = float(change[0]["value"])
            c_lo, c_hi = rounding_interval(np.array([rise]), np.array([float(change[0]["value_decimals"])]), mode)
            lv, lvl, lvh = (np.concatenate([[x[-1] - r], x]) for x, r in ((v, rise), (vl, c_hi[0]), (vh, c_lo[0])))
            lvl[0], lvh[0] = vl[-1] - c_hi[0], vh[-1] - c_lo[0]
            gg, ggl, ggh, gyrs, first = g, gl, gh, yrs, 0
        else:
            lv, lvl, lvh = v, vl, vh
            gg, ggl, ggh, gyrs, first = g[1:], gl[1:], gh[1:], yrs[1:], 1
        # yearly growth against the change in levels
        ratio = (lv[1:] / lv[:-1] - 1) * 100
        r_lo, r_hi = (lvl[1:] / lvh[:-1] - 1) * 100, (lvh[1:] / lvl[:-1] - 1) * 100
        agree = (r_hi >= ggl) & (r_lo <= ggh)
        own_l, own_h = rounding_interval(v, own_vd, mode)
        price = ((1 + ratio / 100) / (1 + gg / 100) - 1) * 100  # implied price change
        systematic = (~agree).sum() >= max(2, len(agree) // 2 + 1) and (
            np.sign(price[~agree]).min() == np.sign(price[~agree]).max()
        )
        srcs = [_hist_src(r, file) for r in years]
        if systematic:
            med = float(np.median(price))
            values = {"years": [int(y) for y in gyrs], "level_growth_pct": ratio.tolist(), "printed_growth_pct": gg.tolist(),
                      "implied_price_change_pct": price.tolist(), "median_price_change_pct": med}  # fmt: skip
            detail = ", ".join(f"{y}: levels {r:+.1f}% vs {x:g}%" for y, r, x in zip(gyrs, ratio, gg))
            out.append(_finding(
                "history-price-basis", ids, "different-basis",
                f"{series}: the levels grow faster than the printed rates in {int((~agree).sum())} of {len(agree)} years "
                f"({detail}): the levels look like current prices and the rates like comparable prices, with an implied "
                f"price change of about {med:+.1f}% a year.",
                f"{series_zh}：总量增幅与增速系统性不一致，总量应为现价、增速为可比价，隐含价格变动约 {med:+.1f}%/年。",
                values, srcs,
            ))  # fmt: skip
            odd = np.abs(price - med) > 2.5
            rows_to_flag = np.where(odd & ~agree)[0]
        else:
            rows_to_flag = np.where(~agree)[0]
        for k in rows_to_flag:
            y = int(gyrs[k])
            j = k + first  # index of year y in v
            note = ""
            if own_vd[j] < vd[j] or (j > 0 and own_vd[j - 1] < vd[j - 1]):
                lo_own = (own_l[j] / own_h[j - 1] - 1) * 100 if j > 0 else r_lo[k]
                hi_own = (own_h[j] / own_l[j - 1] - 1) * 100 if j > 0 else r_hi[k]
                if hi_own >= ggl[k] and lo_own <= ggh[k]:
                    note = (
                        f" (read at the column's precision, {int(vd[j])} decimal(s): a level printed without "
                        "decimals is taken to have lost a trailing zero; taken as printed it would be within rounding)"
                    )
            prev = lv[k]
            out.append(_finding(
                "history-growth-vs-levels", ids, "inconsistent",
                f"{series} {y}: levels {prev:.4g} → {v[j]:g} are {ratio[k]:+.2f}% "
                f"(between {r_lo[k]:+.2f}% and {r_hi[k]:+.2f}% within rounding), but the printed growth is {gg[k]:g}%"
                f"{note}.",
                f"{series_zh} {y} 年：总量 {prev:.4g} → {v[j]:g} 增长 {ratio[k]:+.2f}%，与所列增速 {gg[k]:g}% 不符。",
                {"year": y, "level_growth_pct": ratio[k], "printed_growth_pct": gg[k],
                 "level_growth_interval": [r_lo[k], r_hi[k]], "implied_price_change_pct": price[k]},
                [srcs[max(j - 1, 0)], srcs[j]],
            ))  # fmt: skip
        if not rows_to_flag.size and not systematic:
            out.append(_finding("history-consistent", ids, "within-rounding",
                                f"{series}: yearly growth agrees with the levels.", f"{series_zh}：各年增速与总量一致。",
                                {}, srcs))  # fmt: skip
        out += _history_aggregates(series, str(series_zh), rows, years, v, vl, vh, g, gl, gh, file)
    return out


def _history_aggregates(series, series_zh, rows, years, v, vl, vh, g, gl, gh, file) -> list[Finding]:
    out = []
    ids = [series_zh]
    n = len(g)
    gm = (np.prod(1 + g / 100) ** (1 / n) - 1) * 100
    gm_lo, gm_hi = (np.prod(1 + gl / 100) ** (1 / n) - 1) * 100, (np.prod(1 + gh / 100) ** (1 / n) - 1) * 100
    # The level before the first year, where the text gives one (a 'change' row: increase over that year).
    start = None
    change = [r for r in rows if r["row_type"] == "change"]
    if len(change) and pd.notna(change[0]["value"]):
        start = v[-1] - float(change[0]["value"])
    elif np.isfinite(g[0]):
        start = v[0] / (1 + g[0] / 100)
    cagr = ((v[-1] / start) ** (1 / n) - 1) * 100 if start else np.nan
    aggregates = [r for r in rows if r["row_type"] in ("average", "total")]

    def once(column: str):
        """The same figure printed twice (a table row and the prose beside it) is one check, with both sources."""
        for same in _groups(aggregates, column).values():
            first = {**same[0], "line": ", ".join(str(int(r["line"])) for r in same if known(r["line"])) or None}
            yield first, [_hist_src(r, file) for r in same]

    for agg, src in once("value"):
        if agg["row_type"] == "total":
            total = float(agg["value"])
            t_lo, t_hi = rounding_interval(np.array([total]), np.array([float(agg["value_decimals"])]))
            s_lo, s_hi = vl.sum(), vh.sum()
            ok = s_hi >= t_lo[0] and s_lo <= t_hi[0]
            code = "history-consistent" if ok else "history-total"
            out.append(_finding(
                code, ids, "exact" if abs(v.sum() - total) < 1e-9 else ("within-rounding" if ok else "inconsistent"),
                f"{series}: five-year total {total:g} ({on_line(agg['line'])}) against the sum of the years {v.sum():.4g}"
                + ("" if ok else f" (at most [{s_lo:.4g}, {s_hi:.4g}] within rounding)") + ".",
                f"{series_zh}：五年累计 {total:g}，各年合计 {v.sum():.4g}。",
                {"total": total, "sum_of_years": v.sum(), "sum_interval": [s_lo, s_hi]}, src,
            ))  # fmt: skip
    for agg, src in once("growth"):
        if agg["row_type"] in ("average", "total"):
            avg = float(agg["growth"])
            a_lo, a_hi = rounding_interval(np.array([avg]), np.array([float(agg["growth_decimals"])]))
            fits_gm = gm_hi >= a_lo[0] and gm_lo <= a_hi[0]
            c_txt = f"{cagr:.2f}%" if np.isfinite(cagr) else "not computable"
            fits_cagr = bool(np.isfinite(cagr) and round(cagr, 1) == round(avg, 1)) or bool(
                np.isfinite(cagr) and a_lo[0] - 0.05 <= cagr <= a_hi[0] + 0.05
            )
            values = {"stated_average_pct": avg, "geometric_mean_of_yearly_rates_pct": gm,
                      "geometric_mean_interval": [gm_lo, gm_hi], "level_cagr_pct": cagr,
                      "start_level": start}  # fmt: skip
            if fits_gm:
                out.append(_finding("history-consistent", ids, "within-rounding",
                                    f"{series}: the stated average {avg:g}% ({on_line(agg['line'])}) matches the yearly rates "
                                    f"(geometric mean {gm:.2f}%).", f"{series_zh}：年均增速 {avg:g}% 与各年增速一致。",
                                    values, src))  # fmt: skip
            elif fits_cagr:
                out.append(_finding(
                    "history-price-basis", ids, "different-basis",
                    f"{series}: the stated average {avg:g}% ({on_line(agg['line'])}) is not the geometric mean of the yearly rates ({gm:.2f}%) "
                    f"but matches the growth of the levels ({c_txt} a year from {start:.4g}): it is computed on the "
                    f"levels' basis (current prices).",
                    f"{series_zh}：年均增速 {avg:g}% 不是各年增速的几何平均（{gm:.2f}%），而与总量年均增长（{c_txt}）一致。",
                    values, src,
                ))  # fmt: skip
            else:
                out.append(_finding(
                    "history-average", ids, "inconsistent",
                    f"{series}: the stated average {avg:g}% ({on_line(agg['line'])}) matches neither the geometric mean of the yearly rates "
                    f"({gm:.2f}%, at most [{gm_lo:.2f}, {gm_hi:.2f}] within rounding) nor the growth of the levels "
                    f"({c_txt}).",
                    f"{series_zh}：年均增速 {avg:g}% 与各年增速几何平均（{gm:.2f}%）和总量年均增长（{c_txt}）均不一致。",
                    values, src, f"the yearly rates give {gm:.1f}%", f"按各年增速计算应为 {gm:.1f}%",
                ))  # fmt: skip
    for ch in change:
        if pd.notna(ch["value"]) and pd.notna(ch["growth"]):
            rise = float(ch["value"])
            c_lo, c_hi = rounding_interval(np.array([rise]), np.array([float(ch["value_decimals"])]), "half-up")
            p_lo, p_hi = rounding_interval(np.array([float(ch["growth"])]), np.array([float(ch["growth_decimals"])]))
            base = v[-1] - rise
            pct = (v[-1] / base - 1) * 100
            lo = (vl[-1] / (vh[-1] - c_lo[0]) - 1) * 100  # smallest rise: low end, highest start
            hi = (vh[-1] / (vl[-1] - c_hi[0]) - 1) * 100
            ok = hi >= p_lo[0] and lo <= p_hi[0]
            out.append(_finding(
                "history-consistent" if ok else "history-growth-vs-levels", ids,
                "within-rounding" if ok else "inconsistent",
                f"{series}: {v[-1]:g} is {rise:g} above {base:.4g}, a rise of {pct:.2f}% against the "
                f"printed {float(ch['growth']):g}% ({on_line(ch['line'])}).",
                f"{series_zh}：{v[-1]:g} 比 {base:.4g} 增加 {rise:g}，增长 {pct:.2f}%，原文 {float(ch['growth']):g}%。",
                {"start_level": base, "rise_pct": pct, "printed_pct": float(ch["growth"]), "rise_interval": [lo, hi]},
                [_hist_src(ch, file)],
            ))  # fmt: skip
    return out


def _dec_of(decimals: Any) -> int:
    return 0 if decimals is None or pd.isna(decimals) else int(decimals)


def _interval(value: Any, decimals: Any, mode: str) -> tuple[float, float]:
    lo, hi = rounding_interval(np.array([float(value)]), np.array([float(_dec_of(decimals))]), mode)
    return float(lo[0]), float(hi[0])


def _growth_since(series: str, series_zh: str, rows: list[dict[str, Any]], years: list[dict[str, Any]], file: str,
                  mode: str) -> list[Finding]:  # fmt: skip
    """A growth printed since an earlier year (a ``change`` row with a ``year`` and no ``value``: 较"十二五"末增长33%)
    against the levels of both years where both are printed, else the start level and average rate it implies."""
    out: list[Finding] = []
    if not years:
        return out
    end = years[-1]
    level = {int(r["year"]): r for r in years}
    for ch in rows:
        if ch["row_type"] != "change" or pd.notna(ch["value"]) or pd.isna(ch["growth"]) or pd.isna(ch["year"]):
            continue
        start_year, end_year, g = int(ch["year"]), int(end["year"]), float(ch["growth"])
        if start_year >= end_year:
            continue
        n = end_year - start_year
        v = float(end["value"])
        v_lo, v_hi = _interval(v, end["value_decimals"], mode)
        g_lo, g_hi = _interval(g, ch["growth_decimals"], mode)
        srcs = [_hist_src(end, file), _hist_src(ch, file)]
        if start_year in level:  # both levels printed: does the growth match them?
            first = level[start_year]
            s0 = float(first["value"])
            s_lo, s_hi = _interval(s0, first["value_decimals"], mode)
            pct = (v / s0 - 1) * 100
            lo, hi = (v_lo / s_hi - 1) * 100, (v_hi / s_lo - 1) * 100
            ok = hi >= g_lo and lo <= g_hi
            out.append(_finding(
                "history-consistent" if ok else "history-growth-vs-levels", [series_zh],
                "within-rounding" if ok else "inconsistent",
                f"{series}: {s0:g} in {start_year} → {v:g} in {end_year} is {pct:+.2f}% (between {lo:+.2f}% and "
                f"{hi:+.2f}% within rounding) against the printed {g:g}% ({on_line(ch['line'])}).",
                f"{series_zh}：{start_year} 年 {s0:g} → {end_year} 年 {v:g}，增长 {pct:+.2f}%，原文 {g:g}%。",
                {"start_year": start_year, "end_year": end_year, "level_growth_pct": pct, "printed_growth_pct": g,
                 "level_growth_interval": [lo, hi]}, [_hist_src(first, file), *srcs],
            ))  # fmt: skip
            continue
        # 36.6 / 1.33 = 27.52 in 2015; 1.33 ** (1/5) − 1 = 5.87% a year
        start, s_lo, s_hi = v / (1 + g / 100), v_lo / (1 + g_hi / 100), v_hi / (1 + g_lo / 100)
        avg = ((1 + g / 100) ** (1 / n) - 1) * 100
        a_lo, a_hi = ((1 + g_lo / 100) ** (1 / n) - 1) * 100, ((1 + g_hi / 100) ** (1 / n) - 1) * 100
        out.append(_finding(
            "history-implied-start", [series_zh], "implied",
            f"{series}: {v:g} in {end_year}, {g:g}% above {start_year} ({on_line(ch['line'])}), implies {start:.4g} in "
            f"{start_year} ({s_lo:.4g} to {s_hi:.4g} within rounding) and {avg:.2f}% a year over {n} years; no "
            f"{start_year} level is printed, so this growth cannot be checked against one.",
            f"{series_zh}：{end_year} 年 {v:g}，较 {start_year} 年增长 {g:g}%（{on_line_zh(ch['line'])}），"
            f"隐含 {start_year} 年约 {start:.4g}、{n} 年年均增长 {avg:.2f}%；原文未列 {start_year} 年数值，无法核对。",
            {"start_year": start_year, "end_year": end_year, "implied_start_level": start,
             "implied_start_interval": [s_lo, s_hi], "implied_average_pct": avg, "average_interval": [a_lo, a_hi]},
            srcs,
        ))  # fmt: skip
    return out


def _against_plan(series: str, series_zh: str, rows: list[dict[str, Any]], years: list[dict[str, Any]], file: str,
                  mode: str) -> list[Finding]:  # fmt: skip
    """An average stated as above (or below) the planned rate (a ``vs-plan`` row: 高于计划增速1个百分点, growth +1):
    the planned rate it implies, from the series' stated average and, where there are yearly rates, from those."""
    out: list[Finding] = []
    averages = [r for r in rows if r["row_type"] in ("average", "total") and pd.notna(r["growth"])]
    rates = [r for r in years if pd.notna(r["growth"])]
    for vs in rows:
        if vs["row_type"] != "vs-plan" or pd.isna(vs["growth"]):
            continue
        gap = float(vs["growth"])
        gap_lo, gap_hi = _interval(gap, vs["growth_decimals"], mode)
        same_line = [
            r for r in averages if known(r["line"]) and known(vs["line"]) and int(r["line"]) == int(vs["line"])
        ]
        chosen = same_line or averages
        stated: dict[str, Any] | None = chosen[0] if chosen else None
        srcs = [_hist_src(vs, file)] + ([_hist_src(stated, file)] if stated is not None else [])
        words = "above" if gap >= 0 else "below"
        words_zh = "高于" if gap >= 0 else "低于"
        if stated is None:
            out.append(_finding(
                "history-planned-rate", [series_zh], "implied",
                f"{series}: {abs(gap):g} point(s) {words} the planned rate ({on_line(vs['line'])}), but no average "
                "growth is given for the series, so the planned rate cannot be worked out.",
                f"{series_zh}：{words_zh}计划增速 {abs(gap):g} 个百分点（{on_line_zh(vs['line'])}），但未列年均增速，无法推出计划增速。",
                {"points_vs_plan": gap}, srcs,
            ))  # fmt: skip
            continue
        avg = float(stated["growth"])
        a_lo, a_hi = _interval(avg, stated["growth_decimals"], mode)
        planned, p_lo, p_hi = avg - gap, a_lo - gap_hi, a_hi - gap_lo
        pd_ = max(_dec_of(stated["growth_decimals"]), _dec_of(vs["growth_decimals"]))  # 10.1 − 3.1: 7.0, not 7
        point = "point" if abs(gap) == 1 else "points"
        values: dict[str, Any] = {"points_vs_plan": gap, "stated_average_pct": avg, "implied_planned_pct": planned,
                                  "implied_planned_interval": [p_lo, p_hi]}  # fmt: skip
        tail, tail_zh = "", ""
        if len(rates) >= 2:
            g = np.array([float(r["growth"]) for r in rates])
            gm = (np.prod(1 + g / 100) ** (1 / len(g)) - 1) * 100
            values["geometric_mean_of_yearly_rates_pct"] = gm
            tail = f"; the yearly rates average {gm:.2f}%, {gm - planned:+.2f} points against it"
            tail_zh = f"；各年增速几何平均 {gm:.2f}%，比计划增速 {gm - planned:+.2f} 个百分点"
        out.append(_finding(
            "history-planned-rate", [series_zh], "implied",
            f"{series}: the average {avg:g}% is {abs(gap):g} {point} {words} the planned rate "
            f"({on_line(vs['line'])}), so the plan had {planned:.{pd_}f}% a year ({p_lo:.4g} to {p_hi:.4g} within "
            f"rounding; the planned rate itself is not printed here){tail}.",
            f"{series_zh}：年均增长 {avg:g}%，{words_zh}计划增速 {abs(gap):g} 个百分点（{on_line_zh(vs['line'])}），"
            f"即计划增速为 {planned:.{pd_}f}%（原文未列）{tail_zh}。",
            values, srcs,
        ))  # fmt: skip
    return out


# -------------------------------------------------------------- 5. sums and shares
def _sum_finding(group: str, label: str, parts: np.ndarray, pdec: np.ndarray, total: float, tdec: int,
                 srcs: list[dict[str, Any]], mode: str, unit: str = "",
                 intervals: tuple[np.ndarray, np.ndarray, float, float] | None = None, label_zh: str | None = None,
                 suggestion: tuple[str, str] | None = None, total_printed: bool = True) -> Finding:  # fmt: skip
    """Parts against their total, rounding-aware. ``intervals`` (parts low, parts high, total low, total high) are
    given where the figures are derived rather than printed (bases implied by targets and rates); ``label_zh`` the
    label in Chinese (default: ``label``); ``total_printed`` whether the total is printed (or implied);
    ``suggestion`` (en, zh) what a mismatch suggests, in place of the sum."""
    label_zh = label if label_zh is None else label_zh
    if intervals is None:
        lo, hi = rounding_interval(parts, pdec, mode)
        t_lo, t_hi = rounding_interval(np.array([total]), np.array([tdec]), mode)
    else:
        lo, hi, t_low, t_high = intervals
        t_lo, t_hi = np.array([t_low]), np.array([t_high])
    point = parts.sum()
    exact = bool(rounds_to(np.array([point]), np.array([total]), np.array([tdec]), mode)[0])
    ok = lo.sum() <= t_hi[0] + 1e-9 and hi.sum() >= t_lo[0] - 1e-9
    values = {"parts": parts.tolist(), "sum_of_parts": point, "total": total,
              "sum_interval": [None if np.isinf(e) else float(e) for e in (lo.sum(), hi.sum())], "total_interval": [t_lo[0], t_hi[0]]}  # fmt: skip
    parts_txt = " + ".join(f"{p:g}" for p in parts)
    s_lo, s_hi = lo.sum(), hi.sum()
    if np.isinf(s_hi) and np.isinf(s_lo):
        span, span_zh = "any sum", "任意合计"
    elif np.isinf(s_hi):
        span, span_zh = f"at least {s_lo:.6g}", f"至少 {s_lo:.6g}"
    elif np.isinf(s_lo):
        span, span_zh = f"at most {s_hi:.6g}", f"至多 {s_hi:.6g}"
    else:
        span = span_zh = f"[{s_lo:.6g}, {s_hi:.6g}]"
    printed_total, total_is = (("printed total", "the total is printed as") if total_printed
                               else ("implied total", "the total's implied value is"))  # fmt: skip
    advice = suggestion or (f"the parts add up to {point:.6g}", f"分项合计为 {point:.6g}")
    if exact:
        return _finding("sum-consistent", [group], "exact", f"{label}: {parts_txt} = {point:.6g} = {total:g}{unit}.",
                        f"{label_zh}：{parts_txt} = {total:g}。", values, srcs)  # fmt: skip
    if ok:
        return _finding("sum-within-rounding", [group], "within-rounding",
                        f"{label}: {parts_txt} = {point:.6g}, {printed_total} {total:g}{unit}; within rounding of the "
                        f"parts (their sum {'lies in ' if span.startswith('[') else 'is '}{span}).",
                        f"{label_zh}：{parts_txt} = {point:.6g}，合计 {total:g}，在舍入误差之内（分项合计范围：{span_zh}）。",
                        values, srcs)  # fmt: skip
    return _finding("sum-mismatch", [group], "inconsistent",
                    f"{label}: {parts_txt} = {point:.6g}, but {total_is} {total:g}{unit} "
                    f"(difference {point - total:+.6g}; the parts allow {span}).",
                    f"{label_zh}：{parts_txt} = {point:.6g}，与合计 {total:g} 不符（差 {point - total:+.6g}；"
                    f"分项合计范围：{span_zh}）。", values, srcs, *advice)  # fmt: skip


def check_sums(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """Project counts and investment by breakdown; industry structure; zone areas and their shares."""
    out: list[Finding] = []
    pj = plan.projects
    if not pj.empty:
        file = plan.files["projects"].name
        records = pj.to_dict("records")  # a few rows: plain dicts
        total = [r for r in records if r["breakdown"] == "total"]
        if len(total):
            t = total[0]
            for breakdown, rows in _groups([r for r in records if r["breakdown"] != "total"], "breakdown").items():
                srcs = [{"what": r["label"], "value": r["investment"], "section": r["section"], "text_line": r["line"],
                         "snippet": r["snippet"], "file": file, "file_line": r["csv_line"]}
                        for r in total + rows]  # fmt: skip
                by_zh = {"size": "按规模", "sector": "按行业"}.get(str(breakdown), f"按{breakdown}")
                out.append(_sum_finding(f"projects-count-by-{breakdown}", f"project count by {breakdown}",
                                        _floats(rows, "count"), np.zeros(len(rows)), float(t["count"]), 0,
                                        srcs, mode, label_zh=f"项目个数（{by_zh}）"))  # fmt: skip
                out.append(_sum_finding(f"projects-investment-by-{breakdown}", f"project investment by {breakdown}",
                                        _floats(rows, "investment"), _floats(rows, "investment_decimals"),
                                        float(t["investment"]), int(t["investment_decimals"]), srcs, mode,
                                        f" {english_unit(t)}".rstrip(), label_zh=f"项目投资（{by_zh}）"))  # fmt: skip
    sums = plan.sums
    if sums.empty:
        return out
    file = plan.files["sums"].name
    for group, members in _groups(sums.to_dict("records"), "group").items():
        srcs = [{"what": f"{r['role']} {r['label']}", "value": r["value"], "section": r["section"], "text_line": r["line"],
                 "snippet": r["snippet"], "file": file, "file_line": r["csv_line"]} for r in members]  # fmt: skip
        check = members[0]["check"]
        parts = [r for r in members if r["role"] == "part"]
        if check == "sum":
            whole = next(r for r in members if r["role"] == "total")
            out.append(_sum_finding(group, group, _floats(parts, "value"), _floats(parts, "decimals"),
                                    float(whole["value"]), int(whole["decimals"]), srcs, mode))  # fmt: skip
        elif check == "sum-to-100":
            out.append(_sum_finding(group, f"{group} (shares)", _floats(parts, "value"), _floats(parts, "decimals"),
                                    100.0, 0, srcs, mode, "%"))  # fmt: skip
        else:  # shares-of-sum: each part's share of the parts' sum against its printed share
            by_label = _groups([r for r in members if r["role"] == "share"], "label")
            shares = [share for p in parts for share in by_label[p["label"]]]  # a part without a share: KeyError
            out.append(_sum_finding(f"{group}-shares", f"{group} (shares)", _floats(shares, "value"),
                                    _floats(shares, "decimals"), 100.0, 0, srcs, mode, "%"))  # fmt: skip
            val = _floats(parts, "value")
            vd = _floats(parts, "decimals")
            lo, hi = rounding_interval(val, vd, mode)
            computed = val / val.sum() * 100
            # a part's share is smallest when it is at its low end and the others at their high end
            c_lo = lo / (lo + (hi.sum() - hi)) * 100
            c_hi = hi / (hi + (lo.sum() - lo)) * 100
            s_val = _floats(shares, "value")
            s_lo, s_hi = rounding_interval(s_val, _floats(shares, "decimals"), mode)
            bad = (c_hi < s_lo) | (c_lo > s_hi)
            for k in np.where(bad)[0]:
                out.append(_finding(
                    "share-mismatch", [group], "inconsistent",
                    f"{group} {parts[k]['label']}: {val[k]:g} of {val.sum():.6g} is {computed[k]:.2f}%, but the "
                    f"share is printed as {s_val[k]:g}%.",
                    f"{group} {parts[k]['label']}：{val[k]:g}/{val.sum():.6g} = {computed[k]:.2f}%，原文 {s_val[k]:g}%。",
                    {"part": val[k], "sum_of_parts": val.sum(), "computed_share_pct": computed[k],
                     "printed_share_pct": s_val[k], "share_interval": [c_lo[k], c_hi[k]]}, srcs,
                ))  # fmt: skip
    return out

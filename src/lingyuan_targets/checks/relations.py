"""Quotes of one quantity, relations between indicators, and 2035 plausibility."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ..engine.projection import rule_arrays, rules_at, trajectories
from ..plan.arrays import (
    ANNUAL,
    AT_LEAST,
    AT_MOST,
    BASE_AT_LEAST,
    BASE_AT_MOST,
    CEILING,
    FLOOR,
    LEVEL,
    LIMIT,
    PERIOD_TOTAL,
    RANGE,
    SHARE,
    base_interval,
)
from ..plan.model import Plan
from ..plan.printed import rounding_interval
from .findings import (
    Finding,
    _dec,
    _finding,
    _fmt,
    _src_base,
    _src_target,
    english_unit,
    on_line,
    on_line_zh,
    rows_at,
    rows_by_id,
)
from .tables import _sum_finding


# ----------------------------------------------- 3. one quantity, several values
def check_quotes(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """The same quantity printed elsewhere in the text with a different value."""
    q = plan.quotes[plan.quotes["period"].isna() & plan.quotes["what"].isin(["base", "target", "growth"])]
    if q.empty:
        return []
    rows = rows_by_id(plan)  # plain dicts: one lookup per quote
    col = q["what"].map({"base": "base", "target": "target", "growth": "growth_value"})
    dec_col = q["what"].map({"base": "base_decimals", "target": "target_decimals", "growth": "growth_decimals"})
    ref = np.array([rows[i][c] for i, c in zip(q["id"], col)], dtype=float)
    ref_dec = np.array([_dec(rows[i][c]) for i, c in zip(q["id"], dec_col)], dtype=float)
    annual_growth = np.array([rows[i]["growth_basis"] == "annual" or w != "growth" for i, w in zip(q["id"], q["what"])])
    ok = ~np.isnan(ref) & annual_growth
    q, ref, ref_dec = q[ok].reset_index(drop=True), ref[ok], ref_dec[ok]
    ql, qh = rounding_interval(q["value"].to_numpy(dtype=float), q["decimals"].to_numpy(dtype=float), mode)
    rl, rh = rounding_interval(ref, ref_dec, mode)
    agree = (qh >= rl) & (ql <= rh)
    out = []
    for i, row in enumerate(q.to_dict("records")):
        main = rows[row["id"]]
        what = row["what"]
        here = (_src_base(main, plan.files["baseline"].name) if what == "base" else _src_target(main) if what == "target"
                else {**_src_target(main), "what": "growth", "value": main["growth_value"]})  # fmt: skip
        there = {"what": f"quote ({what})", "value": row["value"], "section": row["section"], "text_line": row["line"],
                 "snippet": row["snippet"], "file": "indicators.yaml", "file_line": row["yaml_line"]}  # fmt: skip
        v_main, v_q = _fmt(ref[i], ref_dec[i]), _fmt(row["value"], row["decimals"])
        values = {"value": ref[i], "quoted_value": row["value"], "what": what, "difference": row["value"] - ref[i]}
        if agree[i]:
            out.append(_finding("quote-consistent", [row["id"]], "exact" if v_main == v_q else "within-rounding",
                                f"{what} {v_main} is quoted as {v_q} on {on_line(row['line'])}.",
                                f"{what} {v_main} 在{on_line_zh(row['line'])}引作 {v_q}，一致。", values, [here, there]))  # fmt: skip
        else:
            where_main = on_line(here["text_line"], here["section"])
            out.append(_finding(
                "quote-conflict", [row["id"]], "inconsistent",
                f"{main['name_en']} {what}: {v_main} on {where_main}, but {v_q} on {on_line(row['line'], row['section'])}; "
                f"difference {row['value'] - ref[i]:+.4g}.",
                f"{main['name']}{ {'base': '基期值', 'target': '目标值', 'growth': '增速'}[what] }："
                f"{here['section']}为 {v_main}，{row['section']}为 {v_q}。",
                values, [here, there], "decide which figure is right and correct the other", "核实哪个数字正确并更正另一处",
            ))  # fmt: skip
    return out


# -------------------------------------------------------- 6. relations between indicators
def declared_relations(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """The relations declared in relations.yaml: parts that add up, shares that are ratios."""
    if not plan.relations:
        return []
    ind = rows_by_id(plan)
    base_file = plan.files["baseline"].name
    out: list[Finding] = []
    projected: list = []  # every indicator's path (ids, values, first year), computed once when needed

    def value_in(ident: str, year: int) -> float:
        if not projected:
            last = max(max(r.get("year") or plan.base_year for r in plan.relations), plan.base_year + 1)
            paths = trajectories(plan, to=last)
            projected.extend([{k: i for i, k in enumerate(paths.ind["id"])}, paths.values])
        row, values = projected
        return float(values[row[ident], year - plan.base_year])

    for rel in plan.relations:
        rsrc = {"what": f"relation {rel['id']}", "value": None, "section": rel["source"]["section"],
                "text_line": rel["source"]["line"], "snippet": rel["source"]["snippet"],
                "file": plan.files["relations"].name, "file_line": rel["yaml_line"]}  # fmt: skip
        if rel["type"] == "sum":
            out += _sums(plan, rel, ind, rsrc, base_file, mode)
            continue
        year = rel["year"]
        share, numerator, denominator = ind[rel["share"]], ind[rel["numerator"]], ind[rel["denominator"]]
        bases = np.array([numerator["base"], denominator["base"]], dtype=float)
        if year == plan.base_year and not np.isnan(bases).any():  # the printed bases: nothing to project
            num, den = float(bases[0]), float(bases[1])
        else:
            num, den = value_in(rel["numerator"], year), value_in(rel["denominator"], year)
        computed = num / den * 100
        printed_col = "base" if year == plan.base_year else "target"
        printed = float(share[printed_col])
        pdec = _dec(share[f"{printed_col}_decimals"])
        p_lo, p_hi = rounding_interval(np.array([printed]), np.array([pdec]), mode)
        direction = share["direction"] if printed_col == "target" else "equal"
        if year == plan.base_year:
            nl, nh = rounding_interval(np.array([num]), np.array([_dec(numerator["base_decimals"])]), mode)
            dl, dh = rounding_interval(np.array([den]), np.array([_dec(denominator["base_decimals"])]), mode)
            c_lo, c_hi = nl[0] / dh[0] * 100, nh[0] / dl[0] * 100
        else:
            c_lo = c_hi = computed
        if direction == "at_least":
            ok = c_hi >= p_lo[0]
        elif direction == "at_most":
            ok = c_lo <= p_hi[0]
        else:
            ok = c_hi >= p_lo[0] and c_lo <= p_hi[0]
        srcs = [rsrc, _src_target(share) if printed_col == "target" else _src_base(share, base_file)]
        word = {"at_least": "at least ", "at_most": "at most "}.get(direction, "")
        values = {"year": year, "numerator": num, "denominator": den, "computed_share_pct": computed,
                  "computed_interval": [c_lo, c_hi], "printed_share_pct": printed, "direction": direction}  # fmt: skip
        text = (
            f"{year}: {numerator['name_en']} {num:.4g} / {denominator['name_en']} "
            f"{den:.4g} = {computed:.2f}% against {word}{printed:g}% ({share['name_en']})"
        )
        text_zh = (
            f"{year} 年：{numerator['name']} {num:.4g} / {denominator['name']} "
            f"{den:.4g} = {computed:.2f}%，对比{share['name']} {printed:g}%"
        )
        if ok:
            extra = ""
            if direction == "at_least" and c_lo > p_hi[0]:
                extra = f"; the floor is exceeded by {computed - printed:.1f} points"
            out.append(_finding("ratio-consistent", [rel["share"], rel["numerator"], rel["denominator"]],
                                "within-rounding", text + extra + ".", text_zh + "，一致。", values, srcs))  # fmt: skip
        else:
            out.append(_finding("ratio-mismatch", [rel["share"], rel["numerator"], rel["denominator"]], "inconsistent",
                                text + f" (within rounding [{c_lo:.2f}, {c_hi:.2f}]%): the figures are on different "
                                "bases or one of them is wrong.", text_zh + "，不一致（口径不同或其中一个数字有误）。", values, srcs))  # fmt: skip

    return out


def _sums(plan: Plan, rel: dict[str, Any], ind: dict[str, dict[str, Any]], rsrc: dict[str, Any], base_file: str,
          mode: str) -> list[Finding]:  # fmt: skip
    """A declared sum on the printed targets, on the printed bases, and on the bases the targets and rates imply
    where bases are not printed (``of: all``, the default), or on one of them (``of: target`` or ``base``)."""
    parts, total = [ind[i] for i in rel["parts"]], ind[rel["total"]]
    members = [total, *parts]
    out = []
    for col in ("target", "base") if rel["of"] == "all" else (rel["of"],):
        dcol = f"{col}_decimals"
        plan_year = plan.target_year if col == "target" else plan.base_year
        years = [_year(r.get(f"{col}_year"), plan_year) for r in members]
        if len(set(years)) > 1:  # a base of 2017 and one of 2020 do not add up to anything
            what = "targets" if col == "target" else "bases"
            listed = ", ".join(f"{r['id'].rpartition('/')[2]} {y}" for r, y in zip(members, years))
            out.append(_finding(
                "sum-years-differ", (rel["total"], *rel["parts"]), "not-checked",
                f"{total['name_en']}: the {what} of the total and its parts are for different years ({listed}), so "
                "their sum is not checked.",
                f"{total['name']}：合计与分项的{'目标值' if col == 'target' else '基期值'}年份不同（{listed}），不核对其和。",
                {"years": dict(zip([r["id"].rpartition("/")[2] for r in members], years))}, [rsrc],
            ))  # fmt: skip
            continue
        printed = all(not np.isnan(float(r[col])) for r in members)
        srcs = [rsrc] + [_src_target(r) if col == "target" else _src_base(r, base_file) for r in members]
        if printed:
            values = np.array([r[col] for r in members], dtype=float)
            decimals = np.array([_dec(r[dcol]) for r in members], dtype=float)
            sides = np.array([_BASE_SIDE.get(str(r.get("base_side")), 0) if col == "base" else 0 for r in members])
            intervals = None
            if sides.any():  # a base printed as 42%以上 stands for an interval open on its side
                lo, hi = base_interval(values, decimals, sides, mode)
                intervals = (lo[1:], hi[1:], float(lo[0]), float(hi[0]))
            f = _sum_finding(rel["id"], f"{total['name_en']} ({col})", values[1:], decimals[1:], float(values[0]),
                             int(decimals[0]), srcs, mode, f" {english_unit(total)}", intervals=intervals,
                             label_zh=f"{total['name']}（{'目标值' if col == 'target' else '基期值'}）")  # fmt: skip
        elif col == "base":
            implied = _implied_bases(plan, [r["id"] for r in members], mode)
            if implied is None:
                continue
            point, lo, hi = implied
            srcs = [rsrc] + [_src_base(r, base_file) if not np.isnan(float(r["base"])) else _src_target(r)
                             for r in members]  # fmt: skip
            f = _sum_finding(rel["id"], f"{total['name_en']} (bases, printed or implied by targets and rates)",
                             point[1:], np.zeros(len(parts)), float(point[0]), 0, srcs, mode, f" {english_unit(total)}",
                             intervals=(lo[1:], hi[1:], float(lo[0]), float(hi[0])),
                             label_zh=f"{total['name']}（基期值：印出的，或由目标与增速推算）",
                             total_printed=not np.isnan(float(total["base"])),
                             suggestion=("the targets and the rates printed beside them do not start from bases that "
                                         "add up to the total: a target needs faster growth than its rate, or the "
                                         "rates are real (comparable prices) and the levels nominal",
                                         "各分项目标与所列增速推算的基期值之和与合计不符：或目标所需增速高于所列增速，"
                                         "或增速按可比价而总量按现价"))  # fmt: skip
        else:
            continue
        out.append(replace(f, ids=(rel["total"], *rel["parts"])))
    return out


_BASE_SIDE = {"at_least": BASE_AT_LEAST, "at_most": BASE_AT_MOST}


def _year(value: Any, default: int) -> int:
    return default if value is None or pd.isna(value) else int(value)


def _implied_bases(plan: Plan, ids: list[str], mode: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Each indicator's base (point, low, high): its printed base and rounding interval, or the one its target and
    rate imply (target ÷ (1+r)**n over the intervals of both), where it has no printed base; None when one has
    neither. A one-sided rule delivers its target as ``check`` reads it (the path at a floor reaches the target):
    a floor leaves the base open above, a ceiling below; a range spans its two ends."""
    position = {ident: k for k, ident in enumerate(plan.indicators["id"].tolist())}
    rows = np.array([position[i] for i in ids])
    c = plan.columns.take(rows)
    rules = rule_arrays(c)
    printed = ~np.isnan(c.base)
    if not (printed | rules["start_implied"]).all():
        return None
    b_lo, b_hi = base_interval(c.base, c.base_dec, c.base_side, mode)
    t_lo, t_hi = rounding_interval(c.target, c.target_dec, mode)
    g_lo, g_hi = rounding_interval(c.growth, c.growth_dec, mode)
    _, h_hi = rounding_interval(c.high, c.growth_dec, mode)
    g_hi = np.where(c.bound == RANGE, h_hi, g_hi)
    geometric = ~np.isnan(rules["factor"])
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        annual = c.basis == ANNUAL
        f_lo = np.where(annual, (1 + g_lo / 100) ** c.n, 1 + g_lo / 100)  # the factor over the period at each end
        f_hi = np.where(annual, (1 + g_hi / 100) ** c.n, 1 + g_hi / 100)
        add_lo = np.where(annual, g_lo * c.n, g_lo)  # a yearly or cumulative change in points or the unit
        add_hi = np.where(annual, g_hi * c.n, g_hi)
        lo = np.where(printed, b_lo, np.where(geometric, t_lo / f_hi, t_lo - add_hi))
        hi = np.where(printed, b_hi, np.where(geometric, t_hi / f_lo, t_hi - add_lo))
        lo = np.where(~printed & (c.bound == CEILING), np.where(geometric, 0.0, -np.inf), lo)
        hi = np.where(~printed & (c.bound == FLOOR), np.inf, hi)
    point = np.where(printed, c.base, rules["start"])
    return point, lo, hi


def self_relation_masks(plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """The arithmetic of :func:`indicator_relations`, over all indicators at once: targets their base already
    meets (at least / at most), and five-year totals below the previous five years'."""
    c = plan.columns
    base, target, direction, kind = c.base, c.target, c.direction, c.kind
    with np.errstate(invalid="ignore"):  # NaN compares False: no base or no target, no finding
        # a base printed as 42%以上 is known to meet a floor it is above, never a ceiling (and 以下 conversely)
        side = c.base_side
        met = ((kind == LEVEL) | (kind == SHARE) | (kind == LIMIT)) & (
            ((direction == AT_LEAST) & (base > target) & (side != BASE_AT_MOST))
            | ((direction == AT_MOST) & (base < target) & (side != BASE_AT_LEAST)))  # fmt: skip
        below = (kind == PERIOD_TOTAL) & (direction != AT_MOST) & (target < base)
    return met, below


def indicator_relations(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """Each indicator against itself: a target its base already meets, a five-year total below the last,
    a base implied by target and rate (row by row, so it runs on a stack of plans too)."""
    base_file = plan.files["baseline"].name
    out: list[Finding] = []
    met, below = self_relation_masks(plan)
    for row in rows_at(plan, met):
        by, ty = _year(row.get("base_year"), plan.base_year), _year(row.get("target_year"), plan.target_year)
        out.append(_finding(
            "target-already-met", [row["id"]], "met-by-base",
            f"{row['name_en']}: the {ty} target {_fmt(row['target'], _dec(row['target_decimals']))} "
            f"({row['direction'].replace('_', ' ')}) is already met by the {by} value "
            f"{_fmt(row['base'], _dec(row['base_decimals']))}.",
            f"{row['name']}：{by} 年值 {_fmt(row['base'], _dec(row['base_decimals']))} 已达到 {ty} 年目标。",
            {"base": row["base"], "target": row["target"], "direction": row["direction"]},
            [_src_base(row, base_file), _src_target(row)],
        ))  # fmt: skip
    n = plan.target_year - plan.base_year
    this_period = f"{plan.base_year + 1}-{plan.target_year}"
    last_period = f"{plan.base_year - n + 1}-{plan.base_year}"
    for row in rows_at(plan, below):
        out.append(_finding(
            "target-below-previous-period", [row["id"]], "below-previous",
            f"{row['name_en']}: the {this_period} total {_fmt(row['target'], _dec(row['target_decimals']))} {english_unit(row)} "
            f"is {(1 - row['target'] / row['base']) * 100:.0f}% below the {last_period} total "
            f"{_fmt(row['base'], _dec(row['base_decimals']))}.",
            f"{row['name']}：{this_period} 累计目标低于 {last_period} 的实际。",
            {"base": row["base"], "target": row["target"]}, [_src_base(row, base_file), _src_target(row)],
        ))  # fmt: skip
    rules = rule_arrays(plan.columns)  # a base implied by target and rule (implied_baselines, without its text)
    implied = np.flatnonzero(rules["start_implied"])
    for i, main in zip(implied, rows_at(plan, implied)):
        row = {"id": main["id"], "target": plan.columns.target[i], "implied_base": rules["start"][i]}
        out.append(_finding(
            "implied-baseline", [row["id"]], "implied",
            f"{main['name_en']}: no {plan.base_year} value is printed; the target {_fmt(row['target'], _dec(main['target_decimals']))} "
            f"and {main['growth_printed']} imply {row['implied_base']:.4g} {english_unit(main)}.",
            f"{main['name']}：规划未给出基期值，由目标与增速推算为 {row['implied_base']:.4g}。",
            {"target": row["target"], "implied_base": row["implied_base"]}, [_src_target(main)],
        ))  # fmt: skip
    return out


# ------------------------------------------------------------- 7. plausibility
def check_plausibility(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """A continuation of the 2021-25 rule that crosses a natural bound before the horizon."""
    paths = trajectories(plan, to=plan.horizon_year)
    rows = np.flatnonzero(paths.first_over)
    if not len(rows):
        return []
    text = rules_at(plan, rows)  # the rule in words, for the rows that need it
    out = []
    for main, year, last, rule_en, rule_zh in zip(
        rows_at(plan, rows),
        paths.first_over[rows].tolist(),
        paths.values[rows, -1].tolist(),
        text["rule_en"],
        text["rule_zh"],
    ):
        bound = main["upper"] if last >= main["upper"] else main["lower"]
        out.append(_finding(
            "continuation-crosses-bound", [main["id"]], "crosses-bound",
            f"{main['name_en']}: carrying on {rule_en} after {plan.target_year} would cross the natural bound "
            f"{bound:g} in {year}; projections stop at the bound.",
            f"{main['name']}：延续 {rule_zh} 将于 {year} 年触及边界 {bound:g}。",
            {"saturates_in": year, "bound": bound}, [_src_target(main)],
        ))  # fmt: skip
    return out

"""Targets against their growth rules, and the reading of each 累计 figure."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..plan.arrays import (
    ABOUT,
    ABSOLUTE,
    ANNUAL,
    AT_LEAST,
    AT_MOST,
    BASE_EQUAL,
    CEILING,
    CUMULATIVE,
    EQUAL,
    FLOOR,
    LEVEL,
    POINTS,
    RANGE,
    RELATIVE,
    SHARE,
    TARGET_RANGE,
    Columns,
    base_interval,
)  # fmt: skip
from ..plan.model import Plan
from ..plan.printed import rounding_interval, rounds_at_least, rounds_at_most, rounds_between, rounds_to
from .findings import (
    Finding,
    PassSink,
    _dec,
    _finding,
    _fmt,
    _record_passes,
    _src_base,
    _src_target,
    english_unit,
    on_line,
    on_line_zh,
    rows_at,
)  # fmt: skip

# ------------------------------------------------------- 1. target vs stated rule
#: the rule a target is checked against: an annual rate, one reading of a 累计 figure, or a yearly change in
#: points or in the unit (年均提高1个百分点, 每年新增5家) (``rd`` codes)
RULES = ("annual", "relative", "points", "absolute", "yearly-points", "yearly-absolute")
_RULE_ANNUAL, _RULE_RELATIVE, _RULE_YEARLY_PTS, _RULE_YEARLY_ABS = 0, 1, 4, 5
_VERDICTS = np.array(["exact", "within-rounding", "inconsistent"], dtype=object)


def _rule_arrays(c: Columns, rows: np.ndarray, mode: str) -> dict[str, np.ndarray]:
    """Intervals of base, growth and target as arrays over the indicators at positions ``rows``.

    A growth range (6%–7%) has its ends' intervals as the growth interval, and its midpoint as the point figure.
    """
    b, t, g = c.base[rows], c.target[rows], c.growth[rows]
    bd, td, gd = c.base_dec[rows], c.target_dec[rows], c.growth_dec[rows]
    bl, bh = base_interval(b, bd, c.base_side[rows], mode)  # a base printed as 42%以上 is open above
    tl, th = rounding_interval(t, td, mode)
    gl, gh = rounding_interval(g, gd, mode)
    ranged = c.bound[rows] == RANGE
    if ranged.any():
        high = c.high[rows]
        _, top = rounding_interval(high, gd, mode)
        gh = np.where(ranged, top, gh)
        g = np.where(ranged, (g + high) / 2, g)
    # A target range (130–140亿元) stands for its ends' intervals: from 129.5 to 140.5.
    t_high = np.where(c.direction[rows] == TARGET_RANGE, c.target_high[rows], np.nan)
    spans = ~np.isnan(t_high)
    if spans.any():
        _, top = rounding_interval(t_high, td, mode)
        th = np.where(spans, top, th)
    return {"b": b, "t": t, "g": g, "bd": bd, "td": td, "gd": gd, "bl": bl, "bh": bh, "tl": tl, "th": th, "gl": gl,
            "gh": gh, "low": c.growth[rows], "t_high": t_high, "spans": spans,
            "sided_base": c.base_side[rows] != BASE_EQUAL}  # fmt: skip


def _prints_as_target(values: np.ndarray, a: dict[str, np.ndarray], mode: str) -> np.ndarray:
    """Whether each value prints as its target, or for a target range as a figure between its ends."""
    point = rounds_to(values, a["t"], a["td"], mode)
    if not a["spans"].any():
        return point
    inside = rounds_at_least(values, a["t"], a["td"], mode) & rounds_at_most(values, a["t_high"], a["td"], mode)
    return np.where(a["spans"], inside, point)


_Masks = tuple[np.ndarray, np.ndarray, np.ndarray]


def _apply(masks: _Masks, base: np.ndarray, growth: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """Target a base reaches under a rule: annual compounding, a relative change, a yearly change, or an added change.

    ``masks`` are ``(annual, relative, yearly)``: the rows compounded over ``n`` years, those changed once by
    ``growth`` percent, and those changed by ``growth`` (points or the unit) each year; the others add ``growth``.
    """
    annual, relative, yearly = masks
    factor = 1 + growth / 100
    with np.errstate(invalid="ignore", over="ignore"):
        np.power(factor, n, out=factor, where=annual)  # compounded on the annual rows only
        out = base * factor
    added = np.where(yearly, growth * n, growth)
    np.add(base, added, out=out, where=~(annual | relative))
    return out


def _pick(masks: _Masks, annual: np.ndarray, relative: np.ndarray, yearly: np.ndarray,
          other: np.ndarray) -> np.ndarray:  # fmt: skip
    return np.where(masks[0], annual, np.where(masks[1], relative, np.where(masks[2], yearly, other)))


def target_rule_arrays(plan: Plan, mode: str = "half-up") -> dict[str, Any] | None:
    """The arithmetic of :func:`check_target_rules`, vectorised: arrays over the indicators it applies to.

    ``None`` when no indicator has a base, a target and a stated rule. Keys:
    ``rows`` (those indicators' positions), ``rd`` (each one's rule, a position
    in :data:`RULES`), ``n`` (each one's period in years), ``bound`` (the side of
    its growth figure), ``a`` (the printed figures and their rounding intervals),
    ``calc``/``lo``/``hi`` (the target the rule gives, at the point and the ends of
    the intervals), ``implied``, ``ok_lo``/``ok_hi``/``share_needed`` (the growth
    that reproduces the target), ``coarse`` (growth one printed unit off would pass
    too), ``verdict`` and ``passing``.

    A floor (年均增长10%以上) is consistent when the target needs at most the floor:
    exact when the point figures at the floor print at least the target, within
    rounding when some values in the intervals reach it. A ceiling (下降3%以上 on the
    signed growth, 以内) likewise from above; a range (6%–7%) when the target lies
    between what its two ends give.
    """
    c = plan.columns
    yearly = c.reading == POINTS, c.reading == ABSOLUTE
    # an annual rate or yearly change, else the declared reading of a 累计 figure (RULES positions; -1: none)
    reading = np.where(
        c.basis == ANNUAL,
        np.where(yearly[0], _RULE_YEARLY_PTS, np.where(yearly[1], _RULE_YEARLY_ABS, _RULE_ANNUAL)),
        np.select([c.reading == RELATIVE, c.reading == POINTS, c.reading == ABSOLUTE], [1, 2, 3], -1),
    )
    reading = np.where(c.basis == CUMULATIVE, reading, np.where(c.basis == ANNUAL, reading, -1))
    usable = ((c.kind == LEVEL) | (c.kind == SHARE)) & ~np.isnan(c.base) & ~np.isnan(c.target) & (reading >= 0)
    rows = np.flatnonzero(usable)  # positions: copying the frame's 40 columns would cost more than the arithmetic
    if not len(rows):
        return None
    rd, n, bound = reading[rows], c.n[rows], c.bound[rows]
    masks = (rd == _RULE_ANNUAL, rd == _RULE_RELATIVE, rd >= _RULE_YEARLY_PTS)
    a = _rule_arrays(c, rows, mode)
    calc = _apply(masks, a["b"], a["g"], n)
    lo = _apply(masks, a["bl"], a["gl"], n)  # every rule is increasing in base and growth
    hi = _apply(masks, a["bh"], a["gh"], n)
    # A target with a side is met by a path beyond it on that side: 突破130亿元 by 100 at 7% a year (140.26), 控制在35
    # 以内 by a path below 35. Such a row is checked one-sidedly where the path passes the target on its side even
    # within rounding; a path that reaches the target's interval is checked as before (exact, or too coarse).
    side = c.direction[rows]
    two_sided = (bound == EQUAL) | (bound == ABOUT)
    bound = np.where(two_sided & (side == AT_LEAST) & (lo > a["th"] + 1e-12), FLOOR,
                     np.where(two_sided & (side == AT_MOST) & (hi < a["tl"] - 1e-12), CEILING, bound))  # fmt: skip
    floor, ceiling, ranged = bound == FLOOR, bound == CEILING, bound == RANGE
    exact = np.select(
        [floor, ceiling, ranged],
        [rounds_at_least(calc, a["t"], a["td"], mode), rounds_at_most(calc, a["t"], a["td"], mode),
         rounds_between(_apply(masks, a["b"], a["low"], n), _apply(masks, a["b"], c.high[rows], n), a["t"], a["td"],
                        mode)],
        default=_prints_as_target(calc, a, mode),
    )  # fmt: skip
    overlap = np.select([floor, ceiling], [hi >= a["tl"] - 1e-12, lo <= a["th"] + 1e-12],
                        default=(hi >= a["tl"] - 1e-12) & (lo <= a["th"] + 1e-12))  # fmt: skip
    # The rates (or changes) inside the printed growth interval that reproduce the target.
    with np.errstate(invalid="ignore", divide="ignore"):
        need_lo = _pick(masks, ((a["tl"] / a["bh"]) ** (1 / n) - 1) * 100, (a["tl"] / a["bh"] - 1) * 100,
                        (a["tl"] - a["bh"]) / n, a["tl"] - a["bh"])  # fmt: skip
        need_hi = _pick(masks, ((a["th"] / a["bl"]) ** (1 / n) - 1) * 100, (a["th"] / a["bl"] - 1) * 100,
                        (a["th"] - a["bl"]) / n, a["th"] - a["bl"])  # fmt: skip
        implied = _pick(masks, ((a["t"] / a["b"]) ** (1 / n) - 1) * 100, (a["t"] / a["b"] - 1) * 100,
                        (a["t"] - a["b"]) / n, a["t"] - a["b"])  # fmt: skip
        t_high = a["t_high"]  # a target range's upper end (NaN elsewhere), and the rate it needs
        implied_high = _pick(masks, ((t_high / a["b"]) ** (1 / n) - 1) * 100, (t_high / a["b"] - 1) * 100,
                             (t_high - a["b"]) / n, t_high - a["b"])  # fmt: skip
    ok_lo, ok_hi = np.maximum(need_lo, a["gl"]), np.minimum(need_hi, a["gh"])
    share_needed = np.clip((ok_hi - ok_lo) / (a["gh"] - a["gl"]), 0, 1)
    # A check that cannot fail: one printed unit of growth lower and one higher would pass too (two-sided rules only).
    unit = 10.0 ** (-a["gd"])

    def reaches(shift: np.ndarray) -> np.ndarray:
        low, high = _apply(masks, a["bl"], a["gl"] + shift, n), _apply(masks, a["bh"], a["gh"] + shift, n)
        return (high >= a["tl"]) & (low <= a["th"])

    # a base printed with a side (42%以上) reaches anything on that side: not a coarse check but an open one
    coarse = reaches(-unit) & reaches(unit) & ((bound == EQUAL) | (bound == ABOUT)) & ~a["spans"] & ~a["sided_base"]
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # the base the point rule needs
        base_needed = _pick(masks, a["t"] / (1 + a["g"] / 100) ** n, a["t"] / (1 + a["g"] / 100), a["t"] - a["g"] * n,
                            a["t"] - a["g"])  # fmt: skip
    verdict = _VERDICTS[np.where(exact, 0, np.where(overlap, 1, 2))]
    return {"rows": rows, "rd": rd, "n": n, "bound": bound, "a": a, "calc": calc, "lo": lo, "hi": hi,
            "implied": implied, "implied_high": implied_high, "base_needed": base_needed, "ok_lo": ok_lo, "ok_hi": ok_hi, "share_needed": share_needed, "unit": unit,
            "coarse": coarse, "verdict": verdict, "passing": exact & ~coarse}  # fmt: skip


def check_target_rules(plan: Plan, mode: str = "half-up", passes: PassSink | None = None) -> list[Finding]:
    """Does the base under the stated growth rule reach the printed target?

    With ``passes`` (a list), checks that pass are recorded there instead of
    being built as findings (for bulk runs): one chunk ``(ids, code, verdicts)``
    per call, ``ids`` and ``verdicts`` arrays of one length (see
    :data:`~lingyuan_targets.checks.findings.PassSink`).
    """
    arrays = target_rule_arrays(plan, mode)
    if arrays is None:
        return []
    rows, rd, a, calc, lo, hi, implied, ok_lo, ok_hi, share_needed, unit, coarse, verdict, passing, nn, bounds = (
        arrays[k] for k in ("rows", "rd", "a", "calc", "lo", "hi", "implied", "ok_lo", "ok_hi", "share_needed", "unit",
                            "coarse", "verdict", "passing", "n", "bound"))  # fmt: skip
    implied_high = arrays["implied_high"]
    if passes is not None:
        _record_passes(passes, plan.indicators["id"].to_numpy()[rows[passing]], "target-rule-exact", "exact")

    out = []
    todo = np.flatnonzero(~passing) if passes is not None else np.arange(len(rows))
    for i, row in zip(todo, rows_at(plan, rows[todo])):  # findings only: passes counted
        v, reading = verdict[i], RULES[rd[i]]
        td, gd = int(a["td"][i]), int(a["gd"][i])
        n = int(nn[i])
        unit_en = english_unit(row)  # English messages name the unit in English where the plan gives one
        rule = {"annual": f"{row['growth_printed']}", "relative": f"{row['growth_printed']} (relative)",
                "points": f"{row['growth_printed']} (percentage points)",
                "absolute": f"{row['growth_printed']} (in {unit_en})",
                "yearly-points": f"{row['growth_printed']} (percentage points a year)",
                "yearly-absolute": f"{row['growth_printed']} (in {unit_en} a year)"}[reading]  # fmt: skip
        base_txt, tgt_txt = (
            _fmt(row["base"], a["bd"][i]) + _SIDE_WORD.get(str(row.get("base_side")), ""),
            _fmt(row["target"], td),
        )
        spans = bool(a["spans"][i])
        if spans:  # a target range: the path may land anywhere between its ends
            tgt_txt = f"{tgt_txt}–{_fmt(a['t_high'][i], td)}"
        calc_txt = _fmt(calc[i], td + 2)
        unit_word = ("%" if reading in ("annual", "relative") else " points" if reading == "points"
                     else " points a year" if reading == "yearly-points" else f" {unit_en} a year"
                     if reading == "yearly-absolute" else f" {unit_en}")  # fmt: skip
        unit_word_zh = ("%" if reading in ("annual", "relative") else " 个百分点" if reading == "points"
                        else " 个百分点/年" if reading == "yearly-points" else f" {row['unit']}/年"
                        if reading == "yearly-absolute" else f" {row['unit']}")  # fmt: skip
        side = _SIDES[int(bounds[i])]
        implied_num = f"{_fmt(implied[i], 2)}–{_fmt(implied_high[i], 2)}" if spans else _fmt(implied[i], 2)
        implied_txt, implied_txt_zh = implied_num + unit_word, implied_num + unit_word_zh
        values = {
            "base": row["base"], "target": row["target"], "growth": row["growth_value"], "rule": reading,
            "computed_target": calc[i], "deviation": calc[i] - row["target"],
            "deviation_pct": _percent_of(calc[i] - row["target"], row["target"]),
            "implied_growth": implied[i],
            "base_interval": [a["bl"][i], a["bh"][i]], "growth_interval": [a["gl"][i], a["gh"][i]],
            "target_interval": [a["tl"][i], a["th"][i]], "reachable_interval": [lo[i], hi[i]],
            "nearest_consistent_target": float(_fmt(calc[i], td)) if np.isfinite(calc[i]) else None,
            "nearest_consistent_growth": float(_fmt(implied[i], gd)) if np.isfinite(implied[i]) else None,
            **({"bound": side, "growth_high": row["growth_high"]} if side != "equal" else {}),
            **({"target_high": a["t_high"][i], "implied_growth_high": implied_high[i]} if spans else {}),
        }  # fmt: skip
        if spans:
            values["deviation"] = float(calc[i] - np.clip(calc[i], row["target"], a["t_high"][i]))  # 0 inside
            values["deviation_pct"] = values["deviation"] / row["target"] * 100 if row["target"] else None
        if v == "within-rounding":
            values["consistent_growth_interval"] = [ok_lo[i], ok_hi[i]]
            values["share_of_growth_interval"] = share_needed[i]
        srcs = [_src_base(row, plan.files["baseline"].name), _src_target(row)]
        head = f"{base_txt} under {rule} gives {calc_txt}"
        head_zh = f"{base_txt} 按 {row['growth_printed']} 推算得 {calc_txt}"
        if side in ("at_least", "at_most", "range"):
            out.append(_one_sided(row, side, v, values, srcs, head, head_zh, tgt_txt, calc[i], lo[i], hi[i], implied[i],
                                  td, gd, (unit_word, unit_word_zh)))  # fmt: skip
            continue
        if coarse[i] and v != "inconsistent":
            out.append(_finding(
                "check-too-coarse", [row["id"]], "vacuous",
                f"{head}, which prints as {_fmt(calc[i], td)}; but growth one printed unit lower or higher "
                f"({row['growth_value'] - unit[i]:g} or {row['growth_value'] + unit[i]:g}) would print the same "
                f"target {tgt_txt}, so this agreement proves little.",
                f"{head_zh}；但增长率上下浮动一个单位也得到 {tgt_txt}，舍入区间过宽，此项一致性说明不了问题。",
                values, srcs,
            ))  # fmt: skip
            continue
        if v == "exact" and spans:
            out.append(_finding("target-rule-exact", [row["id"]], v, f"{head}, inside the target range {tgt_txt}.",
                                f"{head_zh}，在目标区间 {tgt_txt} 之内，与目标一致。", values, srcs))  # fmt: skip
        elif v == "exact":
            out.append(_finding("target-rule-exact", [row["id"]], v, f"{head}, which prints as {tgt_txt}.",
                                f"{head_zh}，四舍五入为 {tgt_txt}，与目标一致。", values, srcs))  # fmt: skip
        elif v == "within-rounding" and a["sided_base"][i]:
            need_b = _fmt(arrays["base_needed"][i], int(a["bd"][i]) + 1)
            en = (f"{head}, not {tgt_txt}; the base is printed as {base_txt}, and a {row.get('base_year') or plan.base_year} "
                  f"value of {need_b} under the rule as printed would reach it.")  # fmt: skip
            zh = (
                f"{head_zh}，不等于目标 {tgt_txt}；基期值原文为 {base_txt}，若基期实为 {need_b}，按原文规则可达到目标。"
            )
            out.append(_finding("target-rule-within-rounding", [row["id"]], v, en, zh, values, srcs))
        elif v == "within-rounding":
            en = (
                f"{head}, printed {_fmt(calc[i], td)} not {tgt_txt}; only growth in "
                f"[{_fmt(ok_lo[i], gd + 2)}, {_fmt(ok_hi[i], gd + 2)}]{unit_word}, "
                f"{share_needed[i] * 100:.0f}% of the printed interval [{_fmt(a['gl'][i], gd + 1)}, "
                f"{_fmt(a['gh'][i], gd + 1)}), reaches it (implied {implied_txt})."
            )
            zh = (
                f"{head_zh}，不等于目标 {tgt_txt}；仅当增长取 [{_fmt(ok_lo[i], gd + 2)}, {_fmt(ok_hi[i], gd + 2)}]"
                f"（占原文舍入区间的 {share_needed[i] * 100:.0f}%）时可达到（隐含 {implied_num}）。"
            )
            out.append(_finding("target-rule-within-rounding", [row["id"]], v, en, zh, values, srcs))
        else:
            en = (
                f"{head} (deviation {calc[i] - row['target']:+.4g}"
                + (f", {values['deviation_pct']:+.2f}%" if values["deviation_pct"] is not None else "")
                + "); no base in "
                f"[{_fmt(a['bl'][i], a['bd'][i] + 2)}, {_fmt(a['bh'][i], a['bd'][i] + 2)}] and growth in "
                f"[{_fmt(a['gl'][i], gd + 1)}, {_fmt(a['gh'][i], gd + 1)}) reaches {tgt_txt}: reachable "
                f"[{_fmt(lo[i], td + 2)}, {_fmt(hi[i], td + 2)}]. The target implies {implied_txt}."
            )
            zh = (
                f"{head_zh}，偏差 {calc[i] - row['target']:+.4g}"
                + (f"（{values['deviation_pct']:+.2f}%）" if values["deviation_pct"] is not None else "")
                + "；舍入区间内无法达到 "
                f"{tgt_txt}，目标隐含增长 {implied_txt_zh}。"
            )
            need_txt = _fmt(implied[i], max(gd, 1)) + (f"–{_fmt(implied_high[i], max(gd, 1))}" if spans else "")
            fix = (
                f"the target consistent with the rule is {_fmt(calc[i], td)}; the rule consistent with the target is "
                f"{need_txt}{unit_word}"
            )
            fix_zh = f"与增速一致的目标为 {_fmt(calc[i], td)}；与目标一致的增速为 {need_txt}{unit_word_zh}"
            alt = _other_bases(plan, row, reading, a["gl"][i], a["gh"][i], a["tl"][i], a["th"][i], n, mode)
            if alt:
                quote, reach_lo, reach_hi = alt
                values["other_base"] = quote["value"]
                values["other_base_reachable_interval"] = [reach_lo, reach_hi]
                srcs.append({"what": "quote (base)", "value": quote["value"], "section": quote["section"],
                             "text_line": quote["line"], "snippet": quote["snippet"], "file": "indicators.yaml",
                             "file_line": quote["yaml_line"]})  # fmt: skip
                q_txt = _fmt(quote["value"], quote["decimals"])
                en += (
                    f" The base printed elsewhere, {q_txt} ({on_line(quote['line'])}), does reach it: "
                    f"{q_txt} under the rule gives [{_fmt(reach_lo, td + 2)}, {_fmt(reach_hi, td + 2)}] within rounding."
                )
                zh += f"按{on_line_zh(quote['line'])}的基期值 {q_txt} 推算则可达到。"
                fix = f"the base is likely {q_txt} ({on_line(quote['line'])}), not {base_txt}"
                fix_zh = f"基期值应为{on_line_zh(quote['line'])}的 {q_txt}，而非 {base_txt}"
            out.append(_finding("target-rule-inconsistent", [row["id"]], v, en, zh, values, srcs, fix, fix_zh))
    return out


_SIDES = ("equal", "at_least", "at_most", "about", "range")
#: a base printed with a side, as the plan prints it (42以上)
_SIDE_WORD = {"at_least": "以上", "at_most": "以下"}


def _one_sided(row: dict[str, Any], side: str, v: str, values: dict[str, Any], srcs: list[dict[str, Any]], head: str,
               head_zh: str, tgt_txt: str, calc: float, lo: float, hi: float, implied: float, td: int, gd: int,
               unit_words: tuple[str, str]) -> Finding:  # fmt: skip
    """A target against a floor, a ceiling or a range of growth: the rule delivers the target when the path at the
    floor reaches it (at the ceiling stays within it, somewhere in the range gives it)."""
    unit_word, unit_word_zh = unit_words  # English, Chinese
    need, need_zh = f"{_fmt(implied, 2)}{unit_word}", f"{_fmt(implied, 2)}{unit_word_zh}"
    printed = row["growth_printed"]
    if side == "range":
        word_en, word_zh = (
            f"between the range's ends ({_fmt(lo, td + 2)} to {_fmt(hi, td + 2)} within rounding)",
            "区间两端之间",
        )
    elif side == "at_least":
        word_en, word_zh = "at the floor", "按下限"
    else:
        word_en, word_zh = "at the ceiling", "按上限"
    verb = {"at_least": "reaches", "at_most": "stays within", "range": "gives"}[side]
    if v == "exact":
        en = f"{head} {word_en}; the target {tgt_txt} needs {need}, and {printed} {verb} it."
        zh = f"{head_zh}（{word_zh}）；目标 {tgt_txt} 所需 {need_zh}，按 {printed} 可以实现。"
        return _finding("target-rule-exact", [row["id"]], v, en, zh, values, srcs)
    if v == "within-rounding":
        en = (f"{head} {word_en}, which does not print as {tgt_txt}; the target needs {need}, and {printed} {verb} it only "
              "within the rounding of the printed figures.")  # fmt: skip
        zh = f"{head_zh}（{word_zh}）；目标 {tgt_txt} 所需 {need_zh}，按 {printed} 仅在舍入误差内可以实现。"
        return _finding("target-rule-within-rounding", [row["id"]], v, en, zh, values, srcs)
    beyond = {
        "at_least": "more than the floor of",
        "at_most": "less than the ceiling of",
        "range": "a figure outside",
    }
    beyond_zh = {"at_least": "超过下限", "at_most": "低于上限", "range": "超出区间"}
    en = (f"{head} {word_en}; the target {tgt_txt} needs {need}, {beyond[side]} {printed}, even within rounding "
          f"(reachable [{_fmt(lo, td + 2)}, {_fmt(hi, td + 2)}]).")  # fmt: skip
    zh = (
        f"{head_zh}（{word_zh}）；目标 {tgt_txt} 所需 {need_zh}，{beyond_zh[side]}（{printed}），舍入区间内也无法一致。"
    )
    fix = f"the target needs {_fmt(implied, max(gd, 1))}{unit_word}; the rule as printed reaches {_fmt(calc, td)}"
    fix_zh = f"目标所需增速为 {_fmt(implied, max(gd, 1))}{unit_word_zh}；按原文规则可达 {_fmt(calc, td)}"
    return _finding("target-rule-inconsistent", [row["id"]], v, en, zh, values, srcs, fix, fix_zh)


def _other_bases(plan: Plan, row: pd.Series, reading: str, gl: float, gh: float, tl: float, th: float, n: int,
                 mode: str) -> tuple[pd.Series, float, float] | None:  # fmt: skip
    """A base quoted elsewhere for the same indicator with which the stated rule does reach the target."""
    q = plan.quotes
    if q.empty:
        return None
    q = q[(q["id"] == row["id"]) & (q["what"] == "base") & q["period"].isna() & (q["value"] != row["base"])]
    for _, quote in q.iterrows():
        bl, bh = rounding_interval(np.array([quote["value"]]), np.array([quote["decimals"]]), mode)
        masks = (
            np.array([reading == "annual"]),
            np.array([reading == "relative"]),
            np.array([reading.startswith("yearly")]),
        )
        reach_lo = _apply(masks, bl, np.array([gl]), n)[0]
        reach_hi = _apply(masks, bh, np.array([gh]), n)[0]
        if reach_hi >= tl and reach_lo <= th:
            return quote, float(reach_lo), float(reach_hi)
    return None


# ------------------------------------------------------ 2. the 累计 column
def _reading_targets(base, c, percent_unit):
    """Targets under each reading: relative (%), percentage points, absolute change."""
    with np.errstate(invalid="ignore"):
        rel = base * (1 + c / 100)
    add = base + c
    return {
        "relative": rel,
        "points": np.where(percent_unit, add, np.nan),
        "absolute": np.where(percent_unit, np.nan, add),
    }


def _fits(base_lo, base_hi, c_lo, c_hi, t_lo, t_hi, percent_unit) -> dict[str, np.ndarray]:
    lo = _reading_targets(base_lo, c_lo, percent_unit)
    hi = _reading_targets(base_hi, c_hi, percent_unit)
    return {k: (hi[k] >= t_lo) & (lo[k] <= t_hi) for k in lo}


def _same_plan(a: str, b: str) -> bool:
    """Two ids of the same plan (in a stack of plans ids read ``plan/id``)."""
    return a.rpartition("/")[0] == b.rpartition("/")[0]


def _slips(c: float, decimals: int, neighbours: list[tuple[str, float, int]]) -> list[tuple[str, float, int]]:
    """Likely misprints of a 累计 figure: a misplaced decimal point, transposed digits, a neighbour's value."""
    out = [("misplaced decimal point", c / 10, decimals + 1), ("misplaced decimal point", c * 10, max(decimals - 1, 0))]
    digits = f"{abs(c):.{decimals}f}".replace(".", "")
    if len(digits) == 2 and digits[0] != digits[1]:
        swapped = float(digits[::-1]) / 10**decimals * (1 if c >= 0 else -1)
        out.append(("transposed digits", swapped, decimals))
    out += [
        (f"copied from the neighbouring row {ident.rpartition('/')[2]}", value, dec) for ident, value, dec in neighbours
    ]  # the plain id, also when plans are stacked (plan/id)
    return out


def cumulative_arrays(plan: Plan, mode: str = "half-up") -> dict[str, Any] | None:
    """The arithmetic of :func:`check_cumulative`, vectorised over the 累计 figures with a base and a target.

    ``None`` when there are none. Keys: ``rows`` (those indicators' positions), ``a`` (their
    printed figures and intervals), ``percent`` (unit is percent), ``point``
    (the target under each reading), ``fits`` (each reading reproduces the
    target; one-sidedly for a figure with a side), ``loose`` (fits only within coarse rounding), ``exact``
    (each reading's point value prints as the target, or reaches it on the figure's side), ``passing`` (the
    declared reading fits) and ``exact_declared``.
    """
    ind, c = plan.indicators, plan.columns
    rows = np.flatnonzero((c.basis == CUMULATIVE) & ~np.isnan(c.base) & ~np.isnan(c.target))
    if not len(rows):
        return None
    a = _rule_arrays(c, rows, mode)
    percent = c.percent[rows]
    loose = _fits(a["bl"], a["bh"], a["gl"], a["gh"], a["tl"], a["th"], percent)
    point = _reading_targets(a["b"], a["g"], percent)
    exact = {k: _prints_as_target(point[k], a, mode) & np.isfinite(point[k]) for k in point}
    unit = 10.0 ** (-a["gd"])
    below = _fits(a["bl"], a["bh"], a["gl"] - unit, a["gh"] - unit, a["tl"], a["th"], percent)
    above = _fits(a["bl"], a["bh"], a["gl"] + unit, a["gh"] + unit, a["tl"], a["th"], percent)
    # A reading counts when its point value prints as the target, or when it fits within rounding
    # and the neighbouring figures (one printed unit off) would not also fit.
    fits = {k: exact[k] | (loose[k] & ~(below[k] & above[k])) for k in loose}
    # A figure with a side (累计增长25%以上, 累计下降10%以内, 累计增长25%–30%) fits a reading one-sidedly, as the
    # target rule reads it: a floor when the figure's reading reaches the target (100 at 25% or more: 125 ≥ 120),
    # a ceiling from below, a range when the target lies between what its two ends give.
    bound = c.bound[rows]
    floor, ceiling, ranged = bound == FLOOR, bound == CEILING, bound == RANGE
    sided = floor | ceiling | ranged
    if sided.any():
        low_end, high_end = _reading_targets(a["bl"], a["gl"], percent), _reading_targets(a["bh"], a["gh"], percent)
        low_point = _reading_targets(a["b"], a["low"], percent)
        high_point = _reading_targets(a["b"], c.high[rows], percent)
        for k in fits:
            fits[k] = np.where(sided, np.select([floor, ceiling], [high_end[k] >= a["tl"] - 1e-12,
                                                                  low_end[k] <= a["th"] + 1e-12],
                                                default=loose[k]) & np.isfinite(point[k]), fits[k])  # fmt: skip
            exact[k] = np.where(sided, np.select(
                [floor, ceiling],
                [rounds_at_least(point[k], a["t"], a["td"], mode), rounds_at_most(point[k], a["t"], a["td"], mode)],
                default=rounds_between(low_point[k], high_point[k], a["t"], a["td"], mode)) & np.isfinite(point[k]),
                exact[k])  # fmt: skip
    declared = c.reading[rows]
    is_declared = [declared == code for code in (RELATIVE, POINTS, ABSOLUTE)]
    readings = ("relative", "points", "absolute")
    fits_declared = np.select(is_declared, [fits[k] for k in readings], default=False)
    absolute = np.flatnonzero(declared == ABSOLUTE)  # only an absolute change must not be printed with %
    has_pct = np.zeros(len(rows), dtype=bool)
    has_pct[absolute] = ind["growth_printed"].iloc[rows[absolute]].astype(str).str.contains("%", regex=False)
    return {"rows": rows, "a": a, "percent": percent, "point": point, "fits": fits, "loose": loose,
            "passing": fits_declared & ~has_pct, "exact": exact,
            "exact_declared": np.select(is_declared, [exact[k] for k in readings], default=False)}  # fmt: skip


def check_cumulative(plan: Plan, mode: str = "half-up", passes: PassSink | None = None) -> list[Finding]:
    """Which reading of each 累计 figure (relative, points, absolute) reproduces base → target?

    ``passes`` as in :func:`check_target_rules`.
    """
    arrays = cumulative_arrays(plan, mode)
    if arrays is None:
        return []
    rows, a, percent, point, fits, loose, passing = (arrays[k] for k in (
        "rows", "a", "percent", "point", "fits", "loose", "passing"))  # fmt: skip
    readings = ("relative", "points", "absolute")
    ind = plan.indicators
    table: pd.DataFrame | None = None  # the table's rows in order, read once if a row fits no reading
    position: dict[str, int] = {}
    if passes is not None:
        _record_passes(passes, ind["id"].to_numpy()[rows[passing]], "cumulative-reading",
                       np.where(arrays["exact_declared"][passing], "exact", "within-rounding"))  # fmt: skip
    out = []
    todo = np.flatnonzero(~passing) if passes is not None else np.arange(len(rows))
    for i, row in zip(todo, rows_at(plan, rows[todo])):
        matches = [k for k in readings if fits[k][i]]
        declared = row["growth_reading"]
        srcs = [_src_base(row, plan.files["baseline"].name), _src_target(row)]
        values = {"base": row["base"], "target": row["target"], "printed": row["growth_printed"],
                  "figure": row["growth_value"], "declared_reading": declared, "matching_readings": ", ".join(matches),
                  **{f"{k}_gives": point[k][i] for k in point if np.isfinite(point[k][i])}}  # fmt: skip
        gives = "; ".join(f"{k}: {_fmt(point[k][i], a['td'][i] + 2)}" for k in point if np.isfinite(point[k][i]))
        b_txt = _fmt(row["base"], a["bd"][i]) + _SIDE_WORD.get(str(row.get("base_side")), "")
        t_txt = _fmt(row["target"], a["td"][i])
        if matches:
            reading = declared if declared in matches else matches[0]
            has_pct = "%" in str(row["growth_printed"])
            if declared in matches and not (reading == "absolute" and has_pct):
                out.append(_finding("cumulative-reading", [row["id"]], "exact" if arrays["exact"][reading][i]
                                    else "within-rounding",
                    f"{row['growth_printed']} reads as a {reading} change: {b_txt} → {t_txt} ({gives}).",
                    f"{row['growth_printed']} 应理解为{_READING_ZH[reading]}：{b_txt} → {t_txt}。", values, srcs))  # fmt: skip
            elif declared in matches:
                out.append(_finding("cumulative-unit-mismatch", [row["id"]], "within-rounding",
                    f"{row['growth_printed']} is printed with % but fits only an absolute change of "
                    f"{row['growth_value']:g} {english_unit(row)} ({b_txt} → {t_txt}; {gives}).",
                    f"{row['growth_printed']} 带百分号，但只符合 {row['growth_value']:g} {row['unit']} 的绝对变化。",
                    values, srcs, f"print the figure as {row['growth_value']:g} ({english_unit(row)})",
                    f"应印为 {row['growth_value']:g}（{row['unit']}）"))  # fmt: skip
            else:
                out.append(_finding("cumulative-reading-differs", [row["id"]], "within-rounding",
                    f"{row['growth_printed']} fits a {' or '.join(matches)} reading ({gives}), not the declared "
                    f"'{declared}'.", f"{row['growth_printed']} 符合{_READING_ZH[matches[0]]}，与数据中声明的读法不同。",
                    values, srcs, f"declare reading: {matches[0]}", f"数据中应声明读法 {matches[0]}"))  # fmt: skip
            continue
        # No reading fits (or only at the edge of coarse rounding): what do base and target allow?
        with np.errstate(divide="ignore", invalid="ignore"):
            allowed = {"relative": ((a["tl"][i] / a["bh"][i] - 1) * 100, (a["th"][i] / a["bl"][i] - 1) * 100)}
        add_kind = "points" if percent[i] else "absolute"
        allowed[add_kind] = (a["tl"][i] - a["bh"][i], a["th"][i] - a["bl"][i])
        implied_rel = (row["target"] / row["base"] - 1) * 100 if row["base"] else math.nan
        implied_abs = row["target"] - row["base"]
        ranges = "; ".join(f"{k} {_fmt(lo_, 2)} to {_fmt(hi_, 2)}" for k, (lo_, hi_) in allowed.items())
        values.update({"implied_relative_pct": implied_rel, "implied_change": implied_abs,
                       **{f"allowed_{k}": [lo_, hi_] for k, (lo_, hi_) in allowed.items()}})  # fmt: skip
        point_txt = f"{implied_rel:+.2f}% or {implied_abs:+.4g} {english_unit(row)}"
        point_zh = f"{implied_rel:+.2f}% 或 {implied_abs:+.4g} {row['unit']}"
        ranges_zh = "；".join(f"{_READING_ZH[k]} {_fmt(lo_, 2)}–{_fmt(hi_, 2)}" for k, (lo_, hi_) in allowed.items())
        edge = [k for k in loose if loose[k][i]]
        if edge:
            en = (
                f"{row['growth_printed']} reaches {b_txt} → {t_txt} only because the printed figures are coarse: "
                f"they allow any change in [{ranges}], so this proves little; the point figures imply {point_txt}, "
                f"not {row['growth_value']:g}."
            )
            zh = (
                f"{row['growth_printed']} 仅因原文数字精度过粗才与 {b_txt} → {t_txt} 相容（允许 {ranges_zh}）；"
                f"按点值计算应为 {point_zh}。"
            )
            out.append(_finding("cumulative-reading-coarse", [row["id"]], "vacuous", en, zh, values, srcs,
                                f"the point figures give {implied_rel:.0f}% (relative)",
                                f"按点值计算应为累计 {implied_rel:.0f}%"))  # fmt: skip
            continue
        if table is None:  # the neighbouring rows of the main table
            table = ind[ind["origin"] == "table"].reset_index(drop=True)
            position = {ident: i for i, ident in enumerate(table["id"])}
        k = position.get(row["id"])
        neighbours = []
        if k is not None:
            for j in (k - 1, k + 1):
                if (
                    0 <= j < len(table)
                    and pd.notna(table.loc[j, "growth_value"])
                    and _same_plan(table.loc[j, "id"], row["id"])
                ):
                    neighbours.append((table.loc[j, "id"], float(table.loc[j, "growth_value"]),
                                       _dec(table.loc[j, "growth_decimals"])))  # fmt: skip
        fitting, fitting_zh = [], []
        for label, cand, dec in _slips(float(row["growth_value"]), int(a["gd"][i]), neighbours):
            c_lo, c_hi = rounding_interval(np.array([cand]), np.array([dec]), mode)
            for r, (lo_, hi_) in allowed.items():
                if c_hi[0] >= lo_ and c_lo[0] <= hi_:
                    fitting.append(
                        f"{_fmt(cand, dec)} ({label}) lies in the {r} range the base and target allow, "
                        f"{_fmt(lo_, 2)} to {_fmt(hi_, 2)}"
                    )
                    fitting_zh.append(
                        f"{_fmt(cand, dec)}（{_SLIP_ZH.get(label.split(' ')[0], label)}），"
                        f"在基期与目标允许的{_READING_ZH[r]}范围 {_fmt(lo_, 2)}–{_fmt(hi_, 2)} 内"
                    )
        values["slips_that_fit"] = "; ".join(fitting)
        en = (
            f"{row['growth_printed']} fits no reading of {b_txt} → {t_txt} ({gives}); within rounding the base and "
            f"target allow {ranges}, the point figures {point_txt}."
        )
        if fitting:
            en += " Likely slip: " + "; ".join(fitting) + "."
        zh = (
            f"{row['growth_printed']} 无法解释 {b_txt} → {t_txt}：基期与目标隐含 {point_zh}"
            f"（舍入范围内：{ranges_zh}）。"
        )
        fix = fitting[0] if fitting else f"the figure consistent with base and target is {implied_rel:.0f}% (relative)"
        fix_zh = f"可能为 {fitting_zh[0]}" if fitting_zh else f"与基期和目标一致的数字为累计 {implied_rel:.0f}%"
        out.append(_finding("cumulative-no-reading", [row["id"]], "inconsistent", en, zh, values, srcs, fix, fix_zh))
    return out


_SLIP_ZH = {"misplaced": "小数点错位", "transposed": "数字颠倒", "copied": "抄自相邻行"}
_READING_ZH = {"relative": "相对变化（%）", "points": "百分点变化", "absolute": "绝对变化"}


def _percent_of(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole`` (None for a zero whole; a tiny whole may give an infinity, quietly)."""
    if not whole:
        return None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return float(np.float64(part) / np.float64(whole) * 100)

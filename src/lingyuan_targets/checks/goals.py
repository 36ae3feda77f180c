"""Further horizons: does the plan reach its goals (2030, 2035, or a milestone inside the period)?

Each goal is checked from the point before it: a goal after the target year from the
target (or the previous goal), a milestone inside the period from the base under the
indicator's own rule. With a rule of its own (2026–2035 年均增长6%) the goal is checked
as a target against its rule, rounding-aware, one-sided where the rule is
(``goal-rule-*``); without one the finding gives the rate it needs from there
(``goal-implied-rate``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ..plan.model import Plan
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
    rows_by_id,
)
from .rules import check_target_rules

#: target-rule codes and their goal counterparts
RENAMED = {"target-rule-exact": "goal-rule-exact", "target-rule-within-rounding": "goal-rule-within-rounding",
           "target-rule-inconsistent": "goal-rule-inconsistent"}  # fmt: skip
_GROWTH = ("growth_printed", "growth_basis", "growth_value", "growth_decimals", "growth_reading", "growth_bound",
           "growth_high")  # fmt: skip


def segments(plan: Plan) -> pd.DataFrame:
    """One row per goal with a point before it: the indicator's row with that point as its base (and base year),
    the goal as its target (and target year), and the goal's rule (a milestone inside the period keeps the
    indicator's rule). ``has_rule`` says whether a rule is stated; ``goal_year`` and ``prev_year`` name the span."""
    goals = plan.goals
    if goals.empty:
        return pd.DataFrame()
    rows = rows_by_id(plan)
    out = []
    for goal in goals.sort_values(["id", "year"], kind="stable").to_dict("records"):
        main = rows.get(goal["id"])
        if main is None or pd.isna(goal["target"]):
            continue
        target_year = int(main["target_year"]) if not pd.isna(main["target_year"]) else plan.target_year
        base_year = int(main["base_year"]) if not pd.isna(main["base_year"]) else plan.base_year
        seg = dict(main)
        if goal["year"] < target_year:  # a milestone: from the base, under the indicator's own rule
            if pd.isna(main["base"]):
                continue
            prev_year, has_rule = base_year, main["growth_basis"] != "none"
        else:  # after the target year: from the latest earlier point with a figure
            earlier = [g for g in goals.to_dict("records") if g["id"] == goal["id"] and target_year < g["year"] <
                       goal["year"] and not pd.isna(g["target"])]  # fmt: skip
            if earlier:
                prev = earlier[-1]
                seg.update(base=prev["target"], base_decimals=prev["target_decimals"], base_section=prev["section"],
                           base_line=prev["line"], base_snippet=prev["snippet"], csv_line=prev["yaml_line"])  # fmt: skip
                prev_year = int(prev["year"])
            elif pd.isna(main["target"]):
                continue
            else:
                seg.update(base=main["target"], base_decimals=main["target_decimals"], base_section=main["section"],
                           base_line=main["line"], base_snippet=main["snippet"], csv_line=main["target_line"])  # fmt: skip
                prev_year = target_year
            seg.update({k: goal[k] for k in _GROWTH})
            seg["growth_bound"] = goal["growth_bound"] or "equal"
            has_rule = goal["growth_basis"] != "none"
        seg.update(target=goal["target"], target_decimals=goal["target_decimals"], target_high=goal["target_high"],
                   direction=goal["direction"], section=goal["section"], line=goal["line"], snippet=goal["snippet"],
                   target_line=goal["yaml_line"], base_year=prev_year, target_year=int(goal["year"]),
                   source_file=main.get("source_file") or "indicators.yaml", has_rule=has_rule,
                   goal_year=int(goal["year"]), prev_year=prev_year)  # fmt: skip
        out.append(seg)
    return pd.DataFrame(out)


def check_goals(plan: Plan, mode: str = "half-up", passes: PassSink | None = None) -> list[Finding]:
    """Each goal against the point before it: its rule (a target-rule check over its span), or the rate it needs."""
    seg = segments(plan)
    if seg.empty:
        return []
    out: list[Finding] = []
    ruled = seg[seg["has_rule"]].reset_index(drop=True)
    if len(ruled):
        # one span per goal, named id@year while it is checked (an indicator may have several goals)
        spans = replace(plan, indicators=ruled.assign(id=ruled["id"] + "@" + ruled["goal_year"].astype(str)))
        local: PassSink | None = None if passes is None else []
        for f in check_target_rules(spans, mode, local):
            ident, _, year = f.ids[0].rpartition("@")
            code = RENAMED.get(f.code, f.code)
            out.append(replace(f, code=code, family="goals" if code != f.code else f.family, ids=(ident,),
                               message_en=f"{year} goal: {f.message_en}", message_zh=f"{year} 年目标：{f.message_zh}",
                               values={**f.values, "goal_year": int(year)}))  # fmt: skip
        for ids, code, verdicts in local or []:
            plain = np.array([i.rpartition("@")[0] for i in ids.tolist()], dtype=object)
            _record_passes(passes, plain, RENAMED.get(code, code), verdicts)  # type: ignore[arg-type]
    for row in seg[~seg["has_rule"]].to_dict("records"):
        out.append(_implied(row, plan))
    return out


def _implied(row: dict[str, Any], plan: Plan) -> Finding:
    """A goal without a rule of its own: the yearly rate (or change, for a share) it needs from the point before."""
    years = row["goal_year"] - row["prev_year"]
    base, target = float(row["base"]), float(row["target"])
    share = row["kind"] == "share" or row["interpolation"] == "linear"
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = ((target / base) ** (1 / years) - 1) * 100 if base > 0 and target > 0 and not share else float("nan")
    step = (target - base) / years
    b_txt, t_txt = _fmt(base, _dec(row["base_decimals"])), _fmt(target, _dec(row["target_decimals"]))
    if share or np.isnan(rate):
        need_en, need_zh = (
            f"{step:+.3g} {'points' if row['kind'] == 'share' else english_unit(row)} a year",
            f"每年 {step:+.3g}",
        )
    else:
        need_en, need_zh = f"{rate:.2f}% a year", f"年均 {rate:.2f}%"
    side = row.get("direction") or "equal"
    if side in ("at_least", "at_most"):  # a floor (突破600亿元) needs at least its rate; a ceiling at most
        need_en = ("at least " if side == "at_least" else "at most ") + need_en
        need_zh = ("至少" if side == "at_least" else "至多") + need_zh
    values = {"goal_year": row["goal_year"], "from_year": row["prev_year"], "from": base, "goal": target,
              "implied_rate_pct": None if np.isnan(rate) else rate, "implied_step": step}  # fmt: skip
    srcs = [_src_base(row, "indicators.yaml"), _src_target(row)]
    return _finding("goal-implied-rate", [row["id"]], "implied",
                    f"{row['name_en']}: the {row['goal_year']} goal {t_txt} {english_unit(row)} needs {need_en} from "
                    f"{b_txt} in {row['prev_year']}.",
                    f"{row['name']}：{row['goal_year']} 年目标 {t_txt} 需自 {row['prev_year']} 年的 {b_txt} {need_zh}。",
                    values, srcs)  # fmt: skip

"""Year-by-year projections (``project``): one plan, or many plans in one table."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..engine import projection
from ..io.inputs import Loaded
from ..plan.model import Plan
from .catalogue import title
from .table import Column, ColumnRecords, Table, View, envelope, pick, picks, sparkline


def project(plan: Plan, lang: str, *, ids: tuple[str, ...] = (), to: int | None = None, scenario: str = "continue",
            step: int = 1) -> View:  # fmt: skip
    """``project`` on one plan."""
    return View([projection_table(plan, lang, ids=ids, to=to, scenario=scenario, step=step)])


def _years_shown(plan: Plan, to: int, step: int) -> list[int]:
    years = list(range(plan.base_year, to + 1))
    keep = {plan.base_year, min(plan.target_year, to), to}
    return [y for y in years if (y - plan.base_year) % step == 0 or y in keep]


#: how to see the columns a narrow terminal left out
FIT_HINT = (
    "--step 5 每五年一列；更宽的终端或 -f csv 显示全部列",
    "--step 5 for every fifth year, a wider terminal or -f csv for every column",
)


def _year_priority(plan: Plan, year: int, to: int) -> int | None:
    """Which years a narrow terminal leaves out first: none of the base, target and last years; then every fifth."""
    if year in (plan.base_year, plan.target_year, to):
        return None
    return 4 if (year - plan.base_year) % 5 == 0 else 5


def projection_table(plan: Plan, lang: str, *, ids: tuple[str, ...] = (), to: int | None = None,
                     scenario: str = "continue", step: int = 1) -> Table:  # fmt: skip
    """Wide year-by-year table of :func:`projection.project_wide` (to the plan's horizon year by default)."""
    to = plan.horizon_year if to is None else to
    wide = projection.project_wide(plan, to=to, scenario=scenario, ids=list(ids) or None)
    years = _years_shown(plan, to, step)
    scen = projection.resolve_scenario(plan, scenario)
    where = plan.indicators.set_index("id")[["section", "line"]]
    records = []
    for _, row in wide.iterrows():
        rec = {
            "id": row["id"], "name": pick(lang, row["name"], row["name_en"]),
            "unit": pick(lang, row["unit"], row["unit_en"]), "kind": row["kind"],
            "trend": sparkline(row[y] for y in years),
            "rule": str(pick(lang, row["rule_zh"], row["rule_en"])), "scenario": row["scenario"] or None,
            "scenario_rate": row["scenario_rate"], "saturates_in": row["saturates_in"],
            "section": where.at[row["id"], "section"], "line": where.at[row["id"], "line"],
        }  # fmt: skip
        for y in years:
            rec[str(y)] = row[y]
        records.append(rec)
    cols = [
        Column("id", "编号", "id", sticky=True, identifier=True), Column("name", "指标", "indicator", sticky=True, max_width=14),
        Column("unit", "单位", "unit", max_width=12), Column("kind", "类型", "kind", machine_only=True),
        Column("trend", "走势", "trend", display_only=True, priority=3),
        Column("rule", "规则", "rule", max_width=24, trailing=True, priority=2),
        Column("section", "出处", "source section", machine_only=True),
        Column("line", "原文行", "source line", machine_only=True),
    ]  # fmt: skip
    if to > plan.target_year:
        cols += [Column("scenario", "情景", "scenario", trailing=True, priority=2),
                 Column("scenario_rate", "情景增速%", "scenario rate %", numeric=True, trailing=True, priority=2),
                 Column("saturates_in", "触及边界年份", "bound reached", numeric=True, trailing=True, priority=2)]  # fmt: skip
    cols += [Column(str(y), str(y), str(y), numeric=True, priority=_year_priority(plan, y, to)) for y in years]
    notes = []
    if to > plan.target_year:
        desc = pick(lang, scen.description_zh, scen.description)
        notes.append(f"{'情景' if lang == 'zh' else 'Scenario'} {scen.name}: {desc}")
        if note := _bound_note(wide, lang):
            notes.append(note)
    doc = envelope("project", plan.id, to=to, scenario=scen.name, years=years)
    decimals: list[int | dict[str, int]] = [{**{str(y): int(d) for y in years}, "scenario_rate": 2}
                                            for d in wide["decimals"]]  # fmt: skip
    return Table(title=title(plan, lang, f"指标预测 {plan.base_year}–{to}", f"projection {plan.base_year}–{to}"),
                 columns=cols, records=records, decimals=decimals,
                 notes=notes, document=doc, fit_hint=FIT_HINT)  # fmt: skip


#: the indicators a note about natural bounds names (the rest are counted)
BOUND_NOTE_NAMES = 5


def _bound_note(wide: pd.DataFrame, lang: str) -> str:
    """The indicators whose path reaches a natural bound and stays there, each with the year (the column that says
    so may be left out on a narrow terminal, so the note does not point to it); empty when none does."""
    hit = wide[wide["saturates_in"].notna()]
    if hit.empty:
        return ""
    named = [(str(i), int(y)) for i, y in zip(hit["id"], hit["saturates_in"])][:BOUND_NOTE_NAMES]
    more = len(hit) - len(named)
    if lang == "zh":
        listed = "、".join(f"{i}（{y} 年起）" for i, y in named) + (f" 等 {len(hit)} 个" if more else "")
        return f"{len(hit)} 个指标触及自然边界并保持在边界值：{listed}。"
    listed = ", ".join(f"{i} from {y}" for i, y in named) + (f" and {more} more" if more else "")
    return f"{len(hit)} indicator(s) reach a natural bound and stay there: {listed}."


def many_document(plans: list[str], *, to: int | None, scenario: str, years: list[int]) -> dict[str, Any]:
    """The head of the JSON document of ``project`` over many plans (its ``rows`` follow)."""
    return envelope("project", plans=plans, to=to, scenario=scenario, years=years)


def _listed(values: list[Any] | np.ndarray) -> list[Any]:
    return values.tolist() if isinstance(values, np.ndarray) else values


def project_many(loaded: Loaded, wides: list[pd.DataFrame], *, to: int | None, scenario: str, ids: tuple[str, ...],
                 step: int, lang: str) -> View:  # fmt: skip
    """``project`` over many plans: one table, a row per plan and indicator, a column per year.

    ``wides`` are the projections of ``loaded.stacks`` (:func:`lingyuan_targets.engine.many.project_stacks`).
    """
    years: list[int] = []
    parts: list[dict[str, list[Any]]] = []
    decimals: list[int] = []
    for st, wide in zip(loaded.stacks, wides):
        dec = projection.display_decimals(st.plan.indicators).to_numpy()
        if ids:
            keep = wide["id"].isin(ids).to_numpy()
            wide, dec = wide[keep], dec[keep]
        first, last = st.plan.base_year, st.plan.horizon_year if to is None else to
        shown = [y for y in range(first, last + 1) if (y - first) % step == 0 or y in (st.plan.target_year, last)]
        years = sorted(set(years) | set(shown))
        col = {k: wide[k].tolist() for k in ("plan", "id", "name", "name_en", "unit", "unit_en", "kind",
                                              "rule_zh", "rule_en", "scenario")}  # fmt: skip
        # the years as float arrays: the csv and Parquet writers take them as they are
        parts.append({"plan": col["plan"], "id": col["id"], "name": picks(lang, col["name"], col["name_en"]),
                      "unit": picks(lang, col["unit"], col["unit_en"]), "kind": col["kind"],
                      "rule": picks(lang, col["rule_zh"], col["rule_en"]),
                      "scenario": [v or None for v in col["scenario"]],
                      **{str(y): wide[y].to_numpy(dtype=np.float64) for y in shown}})  # fmt: skip
        decimals += dec.tolist()
    # one column per key over all stacks (a stack without a year has None there), rows in input order
    keys = ["plan", "id", "name", "unit", "kind", "rule", "scenario", *(str(y) for y in years)]
    data: dict[str, Any]
    if len(parts) == 1:  # one stack (plans of one years): its columns as they are (a year it lacks: no value)
        data = {k: parts[0].get(k, [None] * len(parts[0]["id"])) for k in keys}
    else:  # a stack without a year has None there (a list: the arrays of the stacks with it, and None)
        data = {k: [v for part in parts for v in _listed(part.get(k, [None] * len(part["id"])))] for k in keys}
    ranks = {p: i for i, p in enumerate(loaded.order)}
    plan_codes, plan_names = pd.factorize(np.asarray(data["plan"], dtype=object), use_na_sentinel=False)  # once each
    rank = np.array([ranks.get(p, len(ranks)) for p in plan_names.tolist()], dtype=np.int64)[plan_codes]
    if len(rank) and (np.diff(rank) < 0).any():  # rows of plans with other years come apart: put them in input order
        order = np.argsort(rank, kind="stable")
        data = {k: v[order] if isinstance(v, np.ndarray) else [v[k] for k in order.tolist()] for k, v in data.items()}
        decimals = [decimals[k] for k in order.tolist()]
    cols = [Column("plan", "规划", "plan", sticky=True, identifier=True), Column("id", "编号", "id", sticky=True, identifier=True),
            Column("name", "指标", "indicator", max_width=14), Column("unit", "单位", "unit", max_width=10),
            Column("kind", "类型", "kind", machine_only=True), Column("rule", "规则", "rule", max_width=24, trailing=True),
            Column("scenario", "情景", "scenario", trailing=True),
            *[Column(str(y), str(y), str(y), numeric=True) for y in years]]  # fmt: skip
    plans = loaded.sort([p for st in loaded.stacks for p in st.plan_ids], lambda p: p)
    doc = many_document(plans, to=max(years) if to is None and years else to, scenario=scenario, years=years)
    return View([Table(title="指标预测" if lang == "zh" else "projection", columns=cols, records=ColumnRecords(data),
                       decimals=decimals, document=doc)])  # fmt: skip

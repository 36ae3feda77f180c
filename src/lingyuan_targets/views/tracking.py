"""What ``track`` and ``outlook`` show (built from :mod:`lingyuan_targets.engine.tracking` and ``.outlook``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..engine import observed, outlook, tracking
from ..plan.model import Plan
from ..plan.printed import clean
from .catalogue import title
from .table import Column, Table, View, envelope, pick, sparkline

METHOD_EN = ("Progress measure of SDG monitoring (Open SDG / Statistics Canada, after Eurostat): "
             "ratio R of observed to required annual growth since the base year; achieved is checked first; "
             "R ≥ {0:g} on track, ≥ {1:g} needs acceleration, ≥ {2:g} limited progress, below: moving away.")  # fmt: skip
METHOD_ZH = ("评估方法：可持续发展目标监测的进展评估法（Open SDG / 加拿大统计局，源自欧盟统计局），"
             "以基期以来实际年均增速与目标所需增速之比 R 判断；先判断是否已实现；"
             "R ≥ {0:g} 进度正常，≥ {1:g} 需加快，≥ {2:g} 进展有限，否则背离目标。")  # fmt: skip


#: status code → its mark (readable without colour) and its colour on a terminal
MARKS = {
    "achieved": ("✓", "bold green"), "on_track": ("✓", "green"), "needs_acceleration": ("!", "yellow"),
    "limited_progress": ("!!", "dark_orange"), "moving_away": ("✗", "red"), "not_achieved": ("✗", "bold red"),
    "not_assessable": ("?", "dim"),
}  # fmt: skip
FROM_ZH = {"actual": "实际值", "target": "目标值", "plan path": "规划路径"}


def _names(plan: Plan, lang: str) -> pd.DataFrame:
    ind = plan.indicators.set_index("id")
    return pd.DataFrame({
        "name": [pick(lang, a, b) for a, b in zip(ind["name"], ind["name_en"])],
        "unit": [pick(lang, a, b) for a, b in zip(ind["unit"], ind["unit_en"])],
        "decimals": pd.concat([ind["base_decimals"], ind["target_decimals"]], axis=1).astype("Float64")
        .max(axis=1).fillna(1).astype(int),
        "base_decimals": ind["base_decimals"], "target_decimals": ind["target_decimals"],
        "section": ind["section"], "line": ind["line"],
    }, index=ind.index)  # fmt: skip


def _trend_points(kind: str, trend: list[float]) -> Any:
    """Points of a sparkline: running totals for a period total; no base for period kinds."""
    if kind == "period_total":
        return np.cumsum(np.nan_to_num(trend[1:]))
    return trend[1:] if kind == "period_change" else trend


def track_table(plan: Plan, actuals: pd.DataFrame, lang: str, *, as_of: int | None = None,
                thresholds: tuple[float, float, float] = tracking.DEFAULT_THRESHOLDS,
                ids: tuple[str, ...] = (), rebase: bool = False) -> Table:  # fmt: skip
    """Status of every indicator with actuals."""
    result = tracking.track(plan, actuals, as_of=as_of, thresholds=thresholds, ids=list(ids) or None, rebase=rebase)
    names = _names(plan, lang)
    yearly = observed.yearly(plan, actuals if as_of is None else actuals[actuals["year"] <= as_of], rebase=rebase)
    series = dict(tuple(yearly.groupby("id"))) if yearly is not None and len(yearly) else {}
    empty = pd.DataFrame({"year": pd.Series(dtype=int), "value": pd.Series(dtype=float), "decimals": []})
    zh = lang == "zh"
    records: list[dict[str, Any]] = []
    decimals: list[int | dict[str, int]] = []
    for row in result.itertuples(index=False):
        meta = names.loc[row.id]
        seen = series.get(row.id, empty)
        seen = seen[seen["year"] <= row.latest_year]
        trend = [row.base, *seen.loc[seen["year"] > plan.base_year, "value"]]
        status_en, status_zh = tracking.STATUSES[row.status]
        status = pick(lang, status_zh + ("（暂定）" if row.provisional else ""),
                      status_en + (" (provisional)" if row.provisional else ""))  # fmt: skip
        records.append({
            "id": row.id, "name": meta["name"], "unit": meta["unit"], "kind": row.kind,
            "trend": sparkline(_trend_points(row.kind, trend)),
            "base": row.base, "base_source": row.base_source or None,
            "target": row.target, "target_source": row.target_source or None,
            "year": row.year, "value": row.value,
            "observed": row.observed, "required": row.required, "needed": row.needed,
            "rate_unit": row.rate_unit_zh if lang == "zh" else row.rate_unit,
            "ratio": row.ratio, "gap": row.gap,
            "change_made_pct": row.share_of_change * 100 + 0.0 if np.isfinite(row.share_of_change) else None,
            "status": status, "status_code": row.status, "status_shown": f"{MARKS[row.status][0]} {status}",
            "when": observed.when(int(row.year), str(row.period), zh),
            "reason": pick(lang, row.reason_zh, row.reason_en),
            "period": row.period, "provisional": bool(row.provisional), "prices": row.prices or None,
            "method": row.method or None,
            "used": _used(row, zh), "unused": (row.unused_zh if zh else row.unused_en) or None,
            "notes": ("；" if zh else "; ").join(x for x in ((row.warnings_zh if zh else row.warnings_en),
                                           (row.notes_zh if zh else row.notes_en)) if x) or None,
            "warnings": (row.warnings_zh if zh else row.warnings_en) or None,
            "source": row.source, "sources": row.sources or None, "actuals_line": row.csv_line,
            "section": meta["section"], "line": meta["line"],
        })  # fmt: skip
        d = int(meta["decimals"])
        own = max([d, *[int(x) for x in seen["decimals"].dropna()]])  # an actual shows the precision it was given with
        # the base and the target as the plan prints them (242, not 242.0); a figure without a precision as the row
        printed = {
            k: d if clean(meta[f"{k}_decimals"]) is None else int(meta[f"{k}_decimals"]) for k in ("base", "target")
        }
        decimals.append({**printed, "value": own, "gap": own, "observed": 2, "required": 2,
                         "needed": 2, "ratio": 2, "change_made_pct": 0})  # fmt: skip
    cols = [
        Column("id", "编号", "id", sticky=True, identifier=True), Column("name", "指标", "indicator", sticky=True, max_width=14),
        Column("unit", "单位", "unit", max_width=10), Column("kind", "类型", "kind", machine_only=True),
        Column("trend", "走势", "trend", display_only=True),
        Column("base", str(plan.base_year), str(plan.base_year), numeric=True),
        Column("base_source", "基期来源", "base from", machine_only=True),
        Column("target", f"{plan.target_year}目标", f"{plan.target_year} target", numeric=True),
        Column("target_source", "目标来源", "target from", machine_only=True),
        Column("year", "评估年", "year", machine_only=True), Column("when", "评估期", "assessed", display_only=True),
        Column("period", "时期", "period", machine_only=True),
        Column("value", "实际", "actual", numeric=True),
        Column("observed", "实际增速", "observed", numeric=True), Column("required", "要求增速", "required", numeric=True),
        Column("needed", "尚需增速", "needed", numeric=True), Column("rate_unit", "增速单位", "rate unit"),
        Column("ratio", "比值R", "ratio R", numeric=True), Column("gap", "差距", "gap", numeric=True),
        Column("change_made_pct", "完成变化%", "change made %", numeric=True),
        Column("status", "状态", "status", machine_only=True),
        Column("status_shown", "状态", "status", display_only=True, leading=True,
               styles={r["status_shown"]: MARKS[r["status_code"]][1] for r in records}),
        Column("status_code", "状态代码", "status code", machine_only=True),
        Column("reason", "说明", "reason", max_width=60, trailing=True),
        Column("used", "所用数值", "figures used", max_width=40, trailing=True),
        Column("notes", "备注", "notes", max_width=40, trailing=True),
        Column("provisional", "暂定", "provisional", machine_only=True),
        Column("prices", "价格口径", "prices", machine_only=True),
        Column("method", "方法", "method", machine_only=True),
        Column("unused", "未用数值", "figures not used", machine_only=True),
        Column("warnings", "警告", "warnings", machine_only=True),
        Column("source", "实际值来源", "actual from", machine_only=True),
        Column("sources", "所用数值来源", "sources", machine_only=True),
        Column("actuals_line", "实际值行", "actuals line", machine_only=True),
        Column("section", "目标出处", "target section", machine_only=True),
        Column("line", "原文行", "target line", machine_only=True),
    ]  # fmt: skip
    counts = result["status"].value_counts()
    summary = {code: int(counts.get(code, 0)) for code in tracking.STATUSES}
    method = (METHOD_ZH if lang == "zh" else METHOD_EN).format(*thresholds)
    shown = ", ".join(f"{pick(lang, tracking.STATUSES[c][1], tracking.STATUSES[c][0])} {k}"
                      for c, k in summary.items() if k)  # fmt: skip
    doc = envelope("track", plan.id, as_of=as_of, thresholds=list(thresholds), method=METHOD_EN.format(*thresholds),
               summary=summary)  # fmt: skip
    return Table(title=title(plan, lang, "目标进展", "progress towards the targets"), columns=cols, records=records,
                 decimals=decimals, notes=[f"{len(records)} {'个指标' if lang == 'zh' else 'indicators'}: {shown}",
                                           method], document=doc)  # fmt: skip


def _used(row: Any, zh: bool) -> str | None:
    """How the figures were used, then which: "growth chained from the base: 2021 +8.0%; 2022 +5.0%"."""
    figures = row.used_zh if zh else row.used_en
    if not figures:
        return None
    en, cn = tracking.METHODS[row.method]
    return f"{cn}：{figures}" if zh else f"{en}: {figures}"


def _note(unusable: str | None, start_note: Any) -> str | None:
    """Why there is no value, then the note of the actual the row starts from."""
    return "; ".join(x for x in (unusable, start_note if isinstance(start_note, str) else None) if x) or None


def _start_columns() -> list[Column]:
    """Where an outlook starts: year, value and what it is (shown in the language; the code for scripts)."""
    return [Column("start_year", "起点年", "from year"), Column("start", "起点值", "from value", numeric=True),
            Column("start_from_shown", "起点来源", "from", max_width=12, display_only=True),
            Column("start_from", "起点来源", "from", machine_only=True)]  # fmt: skip


def _provenance_columns() -> list[Column]:
    """Why a value is missing, where the start came from, and where the plan prints the target."""
    return [Column("note", "说明", "note", max_width=30, trailing=True),
            Column("start_source", "起点值来源", "start from (source)", machine_only=True),
            Column("start_line", "实际值行", "actuals line", machine_only=True),
            Column("section", "目标出处", "target section", machine_only=True),
            Column("line", "原文行", "target line", machine_only=True)]  # fmt: skip


def outlook_table(plan: Plan, actuals: pd.DataFrame | None, lang: str, *, to: int,
                  ids: tuple[str, ...] = (), rebase: bool = False) -> Table:  # fmt: skip
    """The value in ``to`` under each scenario, from the latest actual or the target."""
    res = outlook.outlook(plan, actuals, to=to, ids=list(ids) or None, rebase=rebase)
    names = _names(plan, lang)
    scen_names = list(plan.scenarios)
    goals = [s for s in plan.scenarios.values() if s.method == "multiple"]
    stated = bool(res["plan_goal"].notna().any())  # the plan's own goals for this year (2035)
    records, decimals = [], []
    for ident, rows in res.groupby("id", sort=False):
        first = rows.iloc[0]
        meta = names.loc[ident]
        rec: dict[str, Any] = {
            "id": ident, "name": meta["name"], "unit": meta["unit"], "kind": first["kind"],
            "start_year": first["start_year"], "start": first["start"],
            "start_source": first["start_source"], "start_line": first["start_line"],
            "note": _note(pick(lang, first["unusable_zh"], first["unusable_en"]), first["start_note"]),
            "start_from_shown": FROM_ZH.get(first["start_from"]) if lang == "zh" else first["start_from"],
            "start_from": first["start_from"],
        }  # fmt: skip
        for r in rows.itertuples(index=False):
            rec[f"value:{r.scenario}"] = r.value
            if plan.scenarios[r.scenario].method != "continue":
                rec[f"rate:{r.scenario}"] = r.scenario_rate
        for g in goals:
            rec[f"needs:{g.name}"] = rows.loc[rows["scenario"] == g.name, "goal_rate"].iloc[0]
        if stated:
            rec["plan_goal"], rec["plan_goal_rate"] = first["plan_goal"], first["plan_goal_rate"]
        rec["saturated"] = bool(rows["saturated"].any())
        rec["section"], rec["line"] = meta["section"], meta["line"]
        records.append(rec)
        d = int(meta["decimals"])
        decimals.append({"start": int(first["start_decimals"]), **{f"value:{s}": d for s in scen_names},
                         **{f"rate:{s}": 2 for s in scen_names},
                         **{f"needs:{g.name}": 2 for g in goals}, "plan_goal": d, "plan_goal_rate": 2})  # fmt: skip
    cols = [
        Column("id", "编号", "id", sticky=True, identifier=True), Column("name", "指标", "indicator", sticky=True, max_width=14),
        Column("unit", "单位", "unit", max_width=10), Column("kind", "类型", "kind", machine_only=True),
        *_start_columns(),
        *[Column(f"value:{s}", f"{to} {s}", f"{to} {s}", numeric=True) for s in scen_names],
        *[Column(f"needs:{g.name}", f"{g.name}所需年均增速%", f"rate % {g.name} needs", numeric=True) for g in goals],
        *([Column("plan_goal", f"{to}年规划目标", f"{to} goal (plan)", numeric=True),
           Column("plan_goal_rate", "目标所需年均增速", "rate the goal needs", numeric=True)] if stated else []),
        *[Column(f"rate:{s.name}", f"{s.name}增速%", f"{s.name} rate %", machine_only=True)
          for s in plan.scenarios.values() if s.method != "continue"],
        Column("saturated", "触及边界", "at bound", machine_only=True),
        *_provenance_columns(),
    ]  # fmt: skip
    notes = [f"{s.name}: {pick(lang, s.description_zh, s.description)}" for s in plan.scenarios.values()]
    doc = envelope("outlook", plan.id, to=to, scenarios=scen_names)
    return Table(title=title(plan, lang, f"{to}年展望", f"outlook to {to}"), columns=cols, records=records,
                 decimals=decimals, notes=notes, document=doc)  # fmt: skip


def sensitivity_table(plan: Plan, actuals: pd.DataFrame | None, lang: str, rates: list[float], *, to: int,
                      ids: tuple[str, ...] = (), rebase: bool = False) -> Table:  # fmt: skip
    """Value in ``to`` of each level indicator over a grid of annual rates from its start."""
    res = outlook.sensitivity(plan, actuals, rates, to=to, ids=list(ids) or None, rebase=rebase)
    names = _names(plan, lang)
    keys = [f"{r:g}" for r in rates]
    records, decimals = [], []
    for row in res.to_dict("records"):
        meta = names.loc[row["id"]]
        records.append({"id": row["id"], "name": meta["name"], "unit": meta["unit"], "start_year": row["start_year"],
                        "start": row["start"], "start_from": row["start_from"],
                        "start_source": row["start_source"], "start_line": row["start_line"],
                        "note": _note(pick(lang, row["unusable_zh"], row["unusable_en"]), row["start_note"]),
                        "start_from_shown": FROM_ZH.get(row["start_from"]) if lang == "zh" else row["start_from"],
                        **{k: row[k] for k in keys}, "section": meta["section"], "line": meta["line"]})  # fmt: skip
        decimals.append({**{k: int(meta["decimals"]) for k in keys}, "start": int(row["start_decimals"])})
    cols = [
        Column("id", "编号", "id", sticky=True, identifier=True), Column("name", "指标", "indicator", sticky=True, max_width=14),
        Column("unit", "单位", "unit", max_width=10),
        *_start_columns(),
        *[Column(k, f"{k}%", f"{k}%", numeric=True) for k in keys],
        *_provenance_columns(),
    ]  # fmt: skip
    note = (
        f"{to} 年数值：自起点按各年均增速复利增长（起点值 × (1 + r)^年数）；仅含总量指标。"
        if lang == "zh"
        else f"Value in {to} growing from the start at each annual rate: start × (1 + r)^years; level indicators only."
    )
    doc = envelope("outlook", plan.id, to=to, rates=rates)
    return Table(title=title(plan, lang, f"{to}年敏感性分析", f"{to} sensitivity to the growth rate"), columns=cols,
                 records=records, decimals=decimals, notes=[note], document=doc)  # fmt: skip


def actuals_template(plan: Plan, lang: str, ids: tuple[str, ...] = (), years: tuple[int, ...] = ()) -> Table:
    """An actuals file to fill in: one row per indicator and year after the base (to the target year), with every
    column :mod:`lingyuan_targets.io.actuals` reads and ``value``/``source`` empty (rows left empty are skipped)."""
    from ..io.actuals import ACTUALS_COLUMNS, OPTIONAL_COLUMNS

    names = _names(plan, lang)
    chosen = [i for i in plan.indicators["id"] if not ids or i in ids]
    span = years or tuple(range(plan.base_year + 1, plan.target_year + 1))
    order = ("id", "name", "unit", "year", "period", "measure", "basis", "status", "scope", "value", "source", "note")
    assert set(order) == set(ACTUALS_COLUMNS + OPTIONAL_COLUMNS)
    records = [{"id": i, "name": names.loc[i, "name"], "unit": names.loc[i, "unit"], "year": y, "period": "year",
                "measure": "level"} for i in chosen for y in span]  # fmt: skip
    cols = [Column(k, k, k) for k in order]
    return Table(title=title(plan, lang, "实际值模板", "actuals template"), columns=cols, records=records,
                 decimals=[{}] * len(records), notes=[], document=envelope("actuals-template", plan.id))  # fmt: skip


def track(plan: Plan, actuals: pd.DataFrame, lang: str, **options: Any) -> View:
    """``track``: :func:`track_table` (``options`` as it takes them)."""
    return View([track_table(plan, actuals, lang, **options)])


def outlook_view(plan: Plan, actuals: pd.DataFrame | None, lang: str, *, to: int, ids: tuple[str, ...] = (),
                 rates: list[float] | None = None, rebase: bool = False) -> View:  # fmt: skip
    """``outlook``: the value in ``to`` under each scenario, or over a grid of ``rates``."""
    if rates is not None:
        return View([sensitivity_table(plan, actuals, lang, rates, to=to, ids=ids, rebase=rebase)])
    return View([outlook_table(plan, actuals, lang, to=to, ids=ids, rebase=rebase)])

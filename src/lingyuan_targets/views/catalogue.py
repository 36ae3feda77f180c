"""The plan's catalogue of indicators (``list``) and its scenarios (``scenarios``)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..engine import projection
from ..plan import vocabulary
from ..plan.model import Plan
from ..plan.printed import clean, format_half_up
from .table import Column, Table, View, envelope, pick


def catalogue_table(plan: Plan, lang: str, *, kind: str | None = None, origin: str | None = None) -> Table:
    """The indicator catalogue."""
    ind = plan.indicators
    rules = projection.rules(plan).set_index("id")
    mask = pd.Series(True, index=ind.index)
    if kind:
        mask &= ind["kind"] == kind
    if origin:
        mask &= ind["origin"] == origin
    records, decimals = [], []
    for _, row in ind[mask].iterrows():
        r = rules.loc[row["id"]]
        records.append({
            "id": row["id"], "name": pick(lang, row["name"], row["name_en"]),
            "name_zh": row["name"], "name_en": row["name_en"],
            "unit": pick(lang, row["unit"], row["unit_en"]), "kind": row["kind"],
            "direction": row["direction"],
            "attribute": row["attribute"] if lang == "zh" else vocabulary.ATTRIBUTE_EN.get(row["attribute"]),
            "origin": row["origin"],
            "base": row["base"], "target": row["target"],
            "base_printed": _with_side(_printed(row["base"], row["base_decimals"]), row.get("base_side")),
            "target_printed": _printed(row["target"], row["target_decimals"], row.get("target_high")),
            "growth_printed": row["growth_printed"],
            "rule": pick(lang, r["rule_zh"], r["rule_en"]),
            "section": row["section"], "line": row["line"], "period": _own_period(row, plan),
            "where": _where(row["section"], row["line"], lang),
        })  # fmt: skip
        decimals.append({"base": whole(row["base_decimals"]), "target": whole(row["target_decimals"])})
    cols = [
        Column("id", "编号", "id", sticky=True, identifier=True),
        Column("name", "指标", "indicator", display_only=True, sticky=True, max_width=16),
        Column("name_zh", "名称", "name (zh)"), Column("name_en", "英文名称", "name (en)"),
        Column("unit", "单位", "unit"), Column("kind", "类型", "kind", priority=4, shown_zh=vocabulary.KIND_ZH),
        Column("direction", "方向", "direction"), Column("attribute", "属性", "attribute", priority=3),
        Column("origin", "来源", "origin", priority=4, shown_zh=vocabulary.ORIGIN_ZH),
        Column("base", str(plan.base_year), str(plan.base_year), numeric=True),
        Column("target", str(plan.target_year), str(plan.target_year), numeric=True),
        Column("base_printed", "基期值（原文）", "base as printed", machine_only=True),
        Column("target_printed", "目标（原文）", "target as printed", machine_only=True),
        Column("growth_printed", "增长（原文）", "growth (as printed)", priority=1),
        Column("rule", "规则", "rule", max_width=28, priority=2), Column("section", "出处", "section"),
        Column("line", "行", "line"),
        Column("where", "出处", "source", display_only=True, priority=5, max_width=24),
    ]  # fmt: skip
    if any(r["period"] for r in records):  # an indicator with years of its own: say which, beside its figures
        at = next(k for k, c in enumerate(cols) if c.key == "target") + 1
        cols.insert(at, Column("period", "本项年份", "own years"))
    else:
        for r in records:
            del r["period"]
    table = Table(title=title(plan, lang, "指标目录", "Indicator catalogue"), columns=cols,
                  records=records, decimals=decimals, document=envelope("list", plan.id),
                  fit_hint=("更宽的终端、show 某一指标或 -f csv 显示全部列", "a wider terminal, show ID or -f csv shows every column"))  # fmt: skip
    return _for_display(table, drop=("name_zh", "name_en", "direction", "section", "line"))


def _where(section: Any, line: Any, lang: str) -> str:
    """Where the plan states an indicator, for people: its section and line (``第二章第二节 主要指标表 第331行``)."""
    section, line = clean(section), clean(line)
    at = None if line is None else (f"第{int(line)}行" if lang == "zh" else f"line {int(line)}")
    return (" " if lang == "zh" else ", ").join(str(x) for x in (section, at) if x)


def _own_period(row: Any, plan: Any) -> str:
    """``2017–2025`` where an indicator has years of its own, else empty."""
    years = [clean(row.get(k)) for k in ("base_year", "target_year")]
    if None in years or (int(years[0]), int(years[1])) == (plan.base_year, plan.target_year):
        return ""
    return f"{int(years[0])}–{int(years[1])}"


def _for_display(table: Table, drop: tuple[str, ...]) -> Table:
    """Mark wide, script-oriented columns as machine-only so terminals stay readable."""
    for col in table.columns:
        if col.key in drop:
            col.machine_only = True
    return table


def _printed(value: Any, decimals: Any, high: Any = None) -> str | None:
    """A figure at its printed precision; a range (1至2名) as ``low–high``."""
    if clean(value) is None:
        return None
    text = format_half_up(float(value), whole(decimals))
    if clean(high) is not None:
        text += "–" + format_half_up(float(high), whole(decimals))
    return text


def _with_side(text: str | None, side: Any) -> str | None:
    """A base printed with its side, as the plan prints it (42以上)."""
    return text if text is None else text + {"at_least": "以上", "at_most": "以下"}.get(str(side), "")


def whole(value: Any) -> int:
    value = clean(value)
    return 0 if value is None else int(value)


def row_decimals(row: pd.Series) -> int:
    values = [v for v in (row.get("base_decimals"), row.get("target_decimals")) if clean(v) is not None]
    return int(max(values)) if values else 1


def title(plan: Plan, lang: str, zh: str, en: str) -> str:
    region = plan.meta.get("region") or plan.id
    return f"{region} {zh}" if lang == "zh" else f"{plan.id}: {en}"


def scenario_table(plan: Plan, lang: str) -> Table:
    records = [{
        "name": s.name, "name_zh": s.name_zh or None, "method": s.method, "rate": s.rate,
        "periods": s.rates_text() if s.periods else None, "multiple": s.multiple,
        "of_year": s.of_year, "by_year": s.by_year,
        "applies_to": ["all"] if s.method == "continue" else list(s.applies_to),
        "tags": list(s.tags), "description": pick(lang, s.description_zh, s.description),
    } for s in plan.scenarios.values()]  # fmt: skip
    cols = [Column("name", "情景", "scenario"), Column("name_zh", "中文名", "Chinese name"), Column("method", "方法", "method", shown_zh=vocabulary.METHOD_ZH),
            Column("rate", "增速%", "rate %", numeric=True),
            Column("periods", "分期增速%", "rate % by period"),
            Column("multiple", "倍数", "multiple", numeric=True),
            Column("of_year", "基准年", "of year"), Column("by_year", "到达年", "by year"),
            Column("applies_to", "适用类型", "applies to", shown_zh={"all": "全部", **vocabulary.KIND_ZH}),
            Column("tags", "标签", "tags", shown_zh=vocabulary.TAG_ZH),
            Column("description", "说明", "description")]  # fmt: skip
    return Table(title="情景" if lang == "zh" else "Scenarios", columns=cols, records=records,
                 decimals=[2] * len(records), document=envelope("scenarios", plan.id))  # fmt: skip


def catalogue(plan: Plan, lang: str, *, kind: str | None = None, origin: str | None = None) -> View:
    """``list``: the catalogue table."""
    return View([catalogue_table(plan, lang, kind=kind, origin=origin)])


def scenarios(plan: Plan, lang: str) -> View:
    """``scenarios``: the named scenarios."""
    return View([scenario_table(plan, lang)])

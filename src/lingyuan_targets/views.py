"""Build presentation tables (:class:`~lingyuan_targets.render.Table`) from core results.

The CLI renders these; the JSON a table produces is the data a script gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import model, projection
from .render import Column, Table, clean, pick, sparkline

SCHEMA_VERSION = 1


def _doc(plan: model.Plan, command: str, **extra: Any) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "command": command, "plan": plan.id, **extra}


def _rule_text(row: pd.Series, lang: str) -> str:
    return str(pick(lang, row["rule_zh"], row["rule_en"]))


def catalogue(plan: model.Plan, lang: str, *, kind: str | None = None, origin: str | None = None) -> Table:
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
            "attribute": row["attribute"] if lang == "zh" else model.ATTRIBUTE_EN.get(row["attribute"]),
            "origin": row["origin"],
            "base": row["base"], "target": row["target"],
            "base_printed": _printed(row["base"], row["base_decimals"]),
            "target_printed": _printed(row["target"], row["target_decimals"]),
            "growth_printed": row["growth_printed"],
            "rule": pick(lang, r["rule_zh"], r["rule_en"]),
            "section": row["section"], "line": row["line"],
        })  # fmt: skip
        decimals.append({"base": _int(row["base_decimals"]), "target": _int(row["target_decimals"])})
    cols = [
        Column("id", "编号", "id", sticky=True, max_width=20),
        Column("name", "指标", "indicator", display_only=True, sticky=True, max_width=16),
        Column("name_zh", "名称", "name (zh)"), Column("name_en", "英文名称", "name (en)"),
        Column("unit", "单位", "unit"), Column("kind", "类型", "kind"),
        Column("direction", "方向", "direction"), Column("attribute", "属性", "attribute"),
        Column("origin", "来源", "origin"),
        Column("base", str(plan.base_year), str(plan.base_year), numeric=True),
        Column("target", str(plan.target_year), str(plan.target_year), numeric=True),
        Column("base_printed", "基期值（原文）", "base as printed", machine_only=True),
        Column("target_printed", "目标（原文）", "target as printed", machine_only=True),
        Column("growth_printed", "增长（原文）", "growth (as printed)"),
        Column("rule", "规则", "rule", max_width=28), Column("section", "出处", "section"),
        Column("line", "行", "line"),
    ]  # fmt: skip
    table = Table(title=_title(plan, lang, "指标目录", "Indicator catalogue"), columns=cols,
                  records=records, decimals=decimals, document=_doc(plan, "list"))  # fmt: skip
    return _for_display(table, drop=("name_zh", "name_en", "direction", "section", "line"))


def _for_display(table: Table, drop: tuple[str, ...]) -> Table:
    """Mark wide, script-oriented columns as machine-only so terminals stay readable."""
    for col in table.columns:
        if col.key in drop:
            col.machine_only = True
    return table


def _printed(value: Any, decimals: Any) -> str | None:
    from .printed import format_half_up

    if clean(value) is None:
        return None
    return format_half_up(float(value), _int(decimals))


def _int(value: Any) -> int:
    value = clean(value)
    return 0 if value is None else int(value)


def _decimals(row: pd.Series) -> int:
    values = [v for v in (row.get("base_decimals"), row.get("target_decimals")) if clean(v) is not None]
    return int(max(values)) if values else 1


def _title(plan: model.Plan, lang: str, zh: str, en: str) -> str:
    region = plan.meta.get("region") or plan.id
    return f"{region} {zh}" if lang == "zh" else f"{plan.id}: {en}"


def _years_shown(plan: model.Plan, to: int, step: int) -> list[int]:
    years = list(range(plan.base_year, to + 1))
    keep = {plan.base_year, min(plan.target_year, to), to}
    return [y for y in years if (y - plan.base_year) % step == 0 or y in keep]


def projection_table(plan: model.Plan, lang: str, *, ids: tuple[str, ...] = (), to: int = 2035,
                     scenario: str = "continue", step: int = 1) -> Table:  # fmt: skip
    """Wide year-by-year table of :func:`projection.project_wide`."""
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
            "rule": _rule_text(row, lang), "scenario": row["scenario"] or None,
            "scenario_rate": row["scenario_rate"], "saturates_in": row["saturates_in"],
            "section": where.at[row["id"], "section"], "line": where.at[row["id"], "line"],
        }  # fmt: skip
        for y in years:
            rec[str(y)] = row[y]
        records.append(rec)
    cols = [
        Column("id", "编号", "id", sticky=True, max_width=20), Column("name", "指标", "indicator", sticky=True, max_width=14),
        Column("unit", "单位", "unit", max_width=12), Column("kind", "类型", "kind", machine_only=True),
        Column("trend", "走势", "trend", display_only=True),
        Column("rule", "规则", "rule", max_width=24, trailing=True),
        Column("section", "出处", "source section", machine_only=True),
        Column("line", "原文行", "source line", machine_only=True),
    ]  # fmt: skip
    if to > plan.target_year:
        cols += [Column("scenario", "情景", "scenario", trailing=True),
                 Column("scenario_rate", "情景增速%", "scenario rate %", numeric=True, trailing=True),
                 Column("saturates_in", "触及边界年份", "bound reached", numeric=True, trailing=True)]  # fmt: skip
    cols += [Column(str(y), str(y), str(y), numeric=True) for y in years]
    notes = []
    if to > plan.target_year:
        desc = pick(lang, scen.description_zh, scen.description)
        notes.append(f"{'情景' if lang == 'zh' else 'Scenario'} {scen.name}: {desc}")
        saturated = wide["saturates_in"].notna().sum()
        if saturated:
            notes.append(f"{saturated} indicator(s) reach a natural bound and stay there (column 'bound reached')."
                         if lang == "en" else f"{saturated} 个指标触及自然边界并保持在边界值（见“触及边界年份”）。")  # fmt: skip
    doc = _doc(plan, "project", to=to, scenario=scen.name, years=years)
    decimals: list[int | dict[str, int]] = [{**{str(y): int(d) for y in years}, "scenario_rate": 2}
                                            for d in wide["decimals"]]  # fmt: skip
    return Table(title=_title(plan, lang, f"指标预测 {plan.base_year}–{to}", f"projection {plan.base_year}–{to}"),
                 columns=cols, records=records, decimals=decimals,
                 notes=notes, document=doc)  # fmt: skip


def scenario_table(plan: model.Plan, lang: str) -> Table:
    records = [{
        "name": s.name, "method": s.method, "rate": s.rate,
        "periods": s.rates_text() if s.periods else None, "multiple": s.multiple,
        "of_year": s.of_year, "by_year": s.by_year,
        "applies_to": ["all"] if s.method == "continue" else list(s.applies_to),
        "tags": list(s.tags), "description": pick(lang, s.description_zh, s.description),
    } for s in plan.scenarios.values()]  # fmt: skip
    cols = [Column("name", "情景", "scenario"), Column("method", "方法", "method"),
            Column("rate", "增速%", "rate %", numeric=True),
            Column("periods", "分期增速%", "rate % by period"),
            Column("multiple", "倍数", "multiple", numeric=True),
            Column("of_year", "基准年", "of year"), Column("by_year", "到达年", "by year"),
            Column("applies_to", "适用类型", "applies to"), Column("tags", "标签", "tags"),
            Column("description", "说明", "description")]  # fmt: skip
    return Table(title="情景" if lang == "zh" else "Scenarios", columns=cols, records=records,
                 decimals=[2] * len(records), document=_doc(plan, "scenarios"))  # fmt: skip


@dataclass
class Detail:
    """Everything ``show`` prints: tables for the terminal and one JSON document."""

    tables: list[Table]
    trajectory: Table
    document: dict[str, Any]


def indicator_detail(plan: model.Plan, ident: str, lang: str, *, to: int = 2035,
                     scenario: str = "continue") -> Detail:  # fmt: skip
    row = plan.indicator(ident)
    rule = projection.rules(plan, [ident]).iloc[0]
    rates = projection.implied_rates(plan, [ident]).iloc[0]
    long = projection.project(plan, to=to, scenario=scenario, ids=[ident])
    dec = _decimals(row)
    definition = {
        "id": row["id"], "name": row["name"], "name_en": row["name_en"],
        "category": row["category"], "unit": row["unit"], "unit_en": row["unit_en"],
        "kind": row["kind"], "direction": row["direction"],
        "bounds": [clean(row["lower"]), clean(row["upper"])],
        "attribute": row["attribute"], "origin": row["origin"], "group": row["group"],
        "tags": (row["tags"] or "").split(),
        "base": row["base"], "target": row["target"],
        "growth_printed": row["growth_printed"], "growth_basis": row["growth_basis"],
        "growth_value": row["growth_value"], "growth_reading": row["growth_reading"],
        "rule_en": rule["rule_en"], "rule_zh": rule["rule_zh"], "mode": rule["mode"],
        "implied_rate_pct": rates["implied_rate"], "implied_step": rates["implied_step"],
        "implied_base": rule["start"] if rule["start_implied"] else None,
        "note": row["note"],
    }  # fmt: skip
    provenance = [
        {"what": "target", "year": plan.target_year, "value": row["target"], "section": row["section"],
         "file": "indicators.yaml", "file_line": row["target_line"], "text_line": row["line"], "snippet": row["snippet"]},
        {"what": "base", "year": plan.base_year, "value": row["base"], "section": row["base_section"],
         "file": plan.files["baseline"].name, "file_line": row["csv_line"], "text_line": row["base_line"],
         "snippet": row["base_snippet"], "note": row["base_note"]},
    ]  # fmt: skip
    for q in plan.quotes[plan.quotes["id"] == ident].itertuples(index=False):
        provenance.append({"what": f"quote ({q.what})", "year": q.year, "value": q.value, "section": q.section,
                           "file": "indicators.yaml", "file_line": q.yaml_line, "text_line": q.line,
                           "snippet": q.snippet, "note": q.note})  # fmt: skip
    traj_records = [{"year": int(r.year), "value": clean(r.value), "phase": r.phase, "scenario": r.scenario or None,
                     "saturated": bool(r.saturated)} for r in long.itertuples(index=False)]  # fmt: skip
    document = _doc(plan, "show", scenario=projection.resolve_scenario(plan, scenario).name, to=to,
                    indicator={k: clean(v) for k, v in definition.items()},
                    provenance=[{k: clean(v) for k, v in p.items()} for p in provenance],
                    trajectory=traj_records)  # fmt: skip
    zh = lang == "zh"
    labels = {
        "name": ("名称", "name"), "category": ("类别", "category"), "unit": ("单位", "unit"),
        "kind": ("类型", "kind"), "direction": ("方向", "direction"), "attribute": ("属性", "attribute"),
        "base": (f"{plan.base_year} 值", f"{plan.base_year} value"),
        "target": (f"{plan.target_year} 目标", f"{plan.target_year} target"),
        "growth_printed": ("增长（原文）", "growth as printed"), "rule": ("推算规则", "rule"),
        "implied_rate_pct": ("隐含年均增速 %", "implied annual rate %"),
        "implied_step": ("隐含年均变动", "implied change per year"),
        "implied_base": ("推算基期值", "implied base"), "note": ("说明", "note"),
    }  # fmt: skip
    values = {
        **definition, "name": pick(lang, row["name"], row["name_en"]), "unit": pick(lang, row["unit"], row["unit_en"]),
        "rule": pick(lang, rule["rule_zh"], rule["rule_en"]),
    }  # fmt: skip
    if not zh:
        values["attribute"] = model.ATTRIBUTE_EN.get(row["attribute"], row["attribute"])
        values["category"] = model.CATEGORIES_EN.get(row["category"], row["category"])
    else:
        values["kind"] = model.KIND_ZH.get(row["kind"], row["kind"])
        values["direction"] = model.DIRECTION_ZH.get(row["direction"], row["direction"])
    def_records = []
    for key, (lz, le) in labels.items():
        v = clean(values.get(key))
        if v is None:
            continue
        if isinstance(v, float):
            own = {"base": row["base_decimals"], "target": row["target_decimals"]}.get(key)
            places = 2 if key.startswith("implied_rate") else _int(own) if own is not None and clean(own) is not None \
                else dec if key == "implied_base" else 3  # fmt: skip
            v = _num(v, places)
        def_records.append({"field": lz if zh else le, "value": v})
    t_def = Table(title=f"{row['id']} — {values['name']}", columns=[Column("field", "项目", "field"),
                  Column("value", "内容", "value", max_width=70)], records=def_records)  # fmt: skip
    t_prov = Table(
        title="出处" if zh else "Provenance",
        columns=[Column("what", "内容", "what"), Column("value", "数值", "value", numeric=True),
                 Column("section", "章节", "section"), Column("text_line", "原文行", "text line"),
                 Column("snippet", "原文", "original text", max_width=60)],
        records=[{**p, "what": _what_zh(p["what"]) if zh else p["what"],
                  "snippet": str(clean(p.get("snippet")) or "").replace("\t", " │ ")} for p in provenance],
        decimals=[_prov_decimals(p["value"]) for p in provenance],
    )  # fmt: skip
    if zh:  # display labels only; the JSON document keeps the codes
        traj_records = [{**r, "phase": model.PHASE_ZH.get(r["phase"], r["phase"])} for r in traj_records]
    traj = Table(
        title=("轨迹" if zh else "Trajectory") + f" ({document['scenario']})",
        columns=[Column("year", "年份", "year"), Column("value", "数值", "value", numeric=True),
                 Column("phase", "阶段", "phase"), Column("scenario", "情景", "scenario"),
                 Column("saturated", "触及边界", "at bound")],
        records=traj_records, decimals=[dec] * len(traj_records),
        document=_doc(plan, "show", id=ident),
    )  # fmt: skip
    return Detail(tables=[t_def, t_prov, traj], trajectory=traj, document=document)


def _what_zh(what: str) -> str:
    words = {"target": "目标", "base": "基期值", "growth": "增速", "change": "变化", "quote": "引用"}
    for en, zh in words.items():
        what = what.replace(en, zh)
    return what


def _num(value: float, decimals: int) -> str:
    from .printed import format_half_up

    return format_half_up(value, decimals)


def _prov_decimals(value: Any) -> int:
    v = clean(value)
    if v is None or not isinstance(v, float) or not np.isfinite(v):
        return 0
    text = repr(v).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0

"""One indicator in full (``show``): definition, provenance with the original text, quotes, trajectory."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..engine import projection
from ..plan import vocabulary
from ..plan.model import Plan
from ..plan.printed import clean, format_half_up
from .catalogue import row_decimals, whole
from .table import Column, Table, View, envelope, pick


def indicator_detail(plan: Plan, ident: str, lang: str, *, to: int | None = None, scenario: str = "continue") -> View:
    """``show``: the definition, the provenance of each figure, and the trajectory (csv: the trajectory alone)."""
    to = plan.horizon_year if to is None else to
    row = plan.indicator(ident)
    rule = projection.rules(plan, [ident]).iloc[0]
    rates = projection.implied_rates(plan, [ident]).iloc[0]
    long = projection.project(plan, to=to, scenario=scenario, ids=[ident])
    dec = row_decimals(row)
    definition = {
        "id": row["id"], "name": row["name"], "name_en": row["name_en"],
        "category": row["category"], "unit": row["unit"], "unit_en": row["unit_en"],
        "kind": row["kind"], "direction": row["direction"],
        "bounds": [clean(row["lower"]), clean(row["upper"])],
        "attribute": row["attribute"], "origin": row["origin"], "group": row["group"],
        "tags": (row["tags"] or "").split(),
        "prices": row.get("prices") if isinstance(row.get("prices"), str) else None,
        "scope": row.get("scope") if isinstance(row.get("scope"), str) else None,
        "base": row["base"], "target": row["target"], "target_high": clean(row.get("target_high")),
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
    document = envelope("show", plan.id, scenario=projection.resolve_scenario(plan, scenario).name, to=to,
                    indicator={k: clean(v) for k, v in definition.items()},
                    provenance=[{k: clean(v) for k, v in p.items()} for p in provenance],
                    trajectory=traj_records)  # fmt: skip
    zh = lang == "zh"
    labels = {
        "name": ("名称", "name"), "category": ("类别", "category"), "unit": ("单位", "unit"),
        "kind": ("类型", "kind"), "direction": ("方向", "direction"), "attribute": ("属性", "attribute"),
        "prices": ("增速价格口径", "prices of the rate"), "scope": ("统计口径", "scope"),
        "base": (f"{plan.base_year} 值", f"{plan.base_year} value"),
        "target": (f"{plan.target_year} 目标", f"{plan.target_year} target"),
        "target_high": ("目标上限（区间）", "target range, upper end"),
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
        values["attribute"] = vocabulary.ATTRIBUTE_EN.get(row["attribute"], row["attribute"])
        values["category"] = vocabulary.CATEGORIES_EN.get(row["category"], row["category"])
    else:
        values["kind"] = vocabulary.KIND_ZH.get(row["kind"], row["kind"])
        if values.get("prices"):
            values["prices"] = vocabulary.PRICE_ZH.get(values["prices"], values["prices"])
        values["origin"] = vocabulary.ORIGIN_ZH.get(row["origin"], row["origin"])
        values["direction"] = vocabulary.DIRECTION_ZH.get(row["direction"], row["direction"])
    def_records = []
    for key, (lz, le) in labels.items():
        v = clean(values.get(key))
        if v is None:
            continue
        if isinstance(v, float):
            own = {"base": row["base_decimals"], "target": row["target_decimals"],
                   "target_high": row["target_decimals"]}.get(key)  # fmt: skip
            places = 2 if key.startswith("implied_rate") else whole(own) if own is not None and clean(own) is not None \
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
        traj_records = [{**r, "phase": vocabulary.PHASE_ZH.get(r["phase"], r["phase"])} for r in traj_records]
    traj = Table(
        title=("轨迹" if zh else "Trajectory") + f" ({document['scenario']})",
        columns=[Column("year", "年份", "year"), Column("value", "数值", "value", numeric=True),
                 Column("phase", "阶段", "phase"), Column("scenario", "情景", "scenario"),
                 Column("saturated", "触及边界", "at bound")],
        records=traj_records, decimals=[dec] * len(traj_records),
        document=envelope("show", plan.id, id=ident),
    )  # fmt: skip
    return View([t_def, t_prov, traj], rows=traj, document=document)


def _what_zh(what: str) -> str:
    words = {"target": "目标", "base": "基期值", "growth": "增速", "change": "变化", "quote": "引用"}
    for en, zh in words.items():
        what = what.replace(en, zh)
    return what


def _num(value: float, decimals: int) -> str:
    return format_half_up(value, decimals)


def _prov_decimals(value: Any) -> int:
    v = clean(value)
    if v is None or not isinstance(v, float) or not np.isfinite(v):
        return 0
    text = repr(v).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0

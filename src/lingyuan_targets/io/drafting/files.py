"""A :class:`~lingyuan_targets.io.drafting.Draft` as the files of a plan directory, and as data.

:func:`plan_files` gives the files' names and texts: ``indicators.yaml`` (the light format of docs/data-format.md,
every figure with ``source``), ``baseline_<year>.csv`` (the bases, with their lines and snippets),
``relations.yaml`` (其中 breakdowns read as sums) and ``source/plan.txt`` (the text as read, whose lines the draft
cites); :mod:`lingyuan_targets.output.review` writes ``review.md``. The texts are the same for the same input.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import Any

import yaml

from . import Draft, Indicator, Item
from .table import Row
from .text import Figure, Place, ascii_width

_NONE = {"", "—", "——", "–", "-", "－", "无", "/"}


class _Dumper(yaml.SafeDumper):
    """YAML as the plan reader reads it back: numbers as printed (Decimal), text as text, keys in their order."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    return dumper.represent_scalar("tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float", text)


_Dumper.add_representer(Decimal, _decimal)


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)


_SIDED = re.compile(
    r"^\s*(?P<sign>[<>≤≥＜＞]?)\s*(?P<num>-?\d+(?:\.\d+)?)\s*(?:%|‰)?\s*(?P<after>以上|及以上|以下|以内)?\s*$"
)


def sided(cell: str) -> tuple[Decimal | None, str]:
    """A cell's figure and its side: 150.2 and 1.5% are equal, ≥95 and 95以上 floors, <5 and 5以内 ceilings;
    (None, "equal") for anything else (左右, a range, words), which is written as printed.

    >>> sided("≥95"), sided("4.5%以内"), sided("1.5%"), sided("7左右")
    ((Decimal('95'), 'at_least'), (Decimal('4.5'), 'at_most'), (Decimal('1.5'), 'equal'), (None, 'equal'))
    """
    m = _SIDED.match(ascii_width(cell))
    if not m:
        return None, "equal"
    sign, after = m.group("sign"), m.group("after") or ""
    side = (
        "at_least" if sign in (">", "≥") or "以上" in after else "at_most" if sign in ("<", "≤") or after else "equal"
    )
    return Decimal(m.group("num")), side


def plain(cell: str) -> Decimal | None:
    """A table cell's figure when it is a plain number (150.2, 1.5%), else None.

    >>> plain("1.5%"), plain("242"), plain("2%以上"), plain("—")
    (Decimal('1.5'), Decimal('242'), None, None)
    """
    value, side = sided(cell)
    return value if side == "equal" else None


def _source(place: Place) -> dict[str, Any]:
    return {"section": place.section or "—", "line": place.line, "snippet": place.snippet}


def _row_entry(ind: Indicator, row: Row, draft: Draft) -> tuple[dict[str, Any], dict[str, Any] | None]:
    entry: dict[str, Any] = {"id": ind.id, "name": row.name, "unit": row.unit or "未注明", "kind": ind.kind}
    if row.category:
        entry["category"] = row.category
    if row.attribute in ("预期性", "约束性"):
        entry["attribute"] = row.attribute
    entry["origin"] = "table"
    if row.group:
        entry["group"] = row.group
    base_row = None
    base, base_side = sided(row.base)
    if base is not None and base_side == "equal":
        base_row = {"id": ind.id, "value": format(base, "f"), "unit": row.unit or "未注明",
                    "section": row.place.section, "line": row.place.line, "snippet": row.place.snippet, "note": ""}  # fmt: skip
    elif base is not None:
        entry["base"] = f"{format(base, 'f')}{'以上' if base_side == 'at_least' else '以下'}"  # ≥95: 95以上
    elif row.base.strip() not in _NONE:
        entry["base"] = row.base.strip()
    target, side = sided(row.target)
    if target is not None:
        entry["target"] = target
        if side != "equal":
            entry["direction"] = side
    else:
        entry["target"] = None if row.target.strip() in _NONE else row.target.strip()
    if any(v is not None and v < 0 for v in (base, target)):
        entry["bounds"] = [None, None]  # a rate that may be negative (人口自然增长率 -1.5‰)
    if any(v is not None and v <= 0 for v in (base, target)) and not row.growth.strip():
        entry["interpolation"] = "linear"  # a level at or below zero has no growth rate: a straight path
    growth = row.growth.strip()
    if growth:
        rate, bound = sided(growth.rstrip("%％"))
        if rate is not None and row.growth_basis:  # a bare figure under 年均增长（%） or 累计增长
            g: dict[str, Any] = {"printed": growth, "basis": row.growth_basis, "value": rate}
            if bound != "equal":
                g["bound"] = bound
            if row.growth_basis == "cumulative":
                g["reading"] = "unresolved"
            entry["growth"] = g
        elif _open(growth):  # a 累计 figure alone does not say whether it is relative, points or the unit: left open
            entry["growth"] = {"printed": growth, "reading": "unresolved"}
        elif rate is not None:
            draft.review.append(Item(row.place.line, row.place.section, row.name, f"growth {growth} printed without "
                                     "年均 or 累计, and the header says neither: left out", row.place.snippet))  # fmt: skip
        else:
            entry["growth"] = growth
    if draft.table is not None and draft.table.goal_year:
        goal, goal_side = sided(row.goal)
        if goal is not None:
            entry["goals"] = [{"year": draft.table.goal_year, "target": goal, **({"direction": goal_side}
                                                                                 if goal_side != "equal" else {})}]  # fmt: skip
    entry["source"] = _source(row.place)
    quotes = [_quote(what, f) for what, f in ind.quotes if what != "goal"]
    if quotes:
        entry["quotes"] = quotes
    return entry, base_row


def _open(printed: str) -> bool:
    """Whether a printed rule is a 累计 figure that leaves its reading open (累计 15%, not 累计增长15%)."""
    from ...plan.phrases import PhraseError, parse_rule

    try:
        rule = parse_rule(printed)
    except PhraseError:
        return False
    return rule.basis == "cumulative" and rule.reading is None


def _quote(what: str, f: Figure) -> dict[str, Any]:
    q: dict[str, Any] = {"what": what}
    if what == "base" and f.year is not None:
        q["year"] = f.year
    if what == "growth":
        q["value"] = f.value
        q["printed"] = re.sub(r"\s+", "", f.printed)
    else:
        q["value"] = f.value
        if f.unit and f.unit not in ("%", "百分比"):
            q["unit"] = f.unit
    if f.side in ("at_least", "at_most"):
        q["direction"] = f.side
    q["source"] = _source(f.place)
    return q


def _figure_entry(ind: Indicator, f: Figure, draft: Draft) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": ind.id, "name": ind.name, "unit": ind.unit, "kind": ind.kind, "origin": "text"}
    if f.role == "growth":
        entry["target"] = None
        growth = re.sub(r"\s+", "", f.printed)
        entry["growth"] = {"printed": growth, "reading": "unresolved"} if _open(growth) else growth
    else:
        if f.side in ("about", "range"):
            entry["target"] = re.sub(r"\s+", "", f.printed)
        else:
            entry["direction"] = f.side  # at_least, at_most or equal: about and ranges are phrases above
            entry["target"] = f.value
        if f.start is not None:
            entry["base"] = f.start
        if f.growth:
            growth = re.sub(r"\s+", "", f.growth)
            entry["growth"] = {"printed": growth, "reading": "unresolved"} if _open(growth) else growth
        if f.year is not None and f.year != draft.target_year:
            entry["target_year"] = f.year
    entry["source"] = _source(f.place)
    goals = [g for what, g in ind.quotes if what == "goal"]
    if goals:
        entry["goals"] = [{"year": g.year, "target": g.value, "source": _source(g.place)} for g in goals[:1]]
    quotes = [_quote(what, q) for what, q in ind.quotes if what != "goal"]
    if quotes:
        entry["quotes"] = quotes
    if f.doubts:
        entry["note"] = "; ".join(f.doubts)
    return entry


def entries(draft: Draft, plan_id: str, name: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]],
                                                                          list[dict[str, Any]]]:  # fmt: skip
    """The drafted plan's header, its indicator entries (as ``indicators.yaml`` holds them) and its base rows."""
    indicators, bases = [], []
    for ind in draft.indicators:
        if ind.row is not None:
            entry, base = _row_entry(ind, ind.row, draft)
            indicators.append(entry)
            if base is not None:
                bases.append(base)
            elif "base" not in entry:  # a base printed with a side (2%以上) is in indicators.yaml
                bases.append({"id": ind.id, "value": "", "unit": entry["unit"], "section": "", "line": "",
                              "snippet": "", "note": "the table prints no base"})  # fmt: skip
        elif ind.figure is not None:
            entry = _figure_entry(ind, ind.figure, draft)
            indicators.append(entry)
            if "base" not in entry:
                bases.append({"id": ind.id, "value": "", "unit": ind.unit, "section": "", "line": "", "snippet": "",
                              "note": "no base printed beside the target"})  # fmt: skip
    plan: dict[str, Any] = {"id": plan_id, "name": name or draft.title or plan_id, "base_year": draft.base_year,
                            "target_year": draft.target_year, "horizon_year": draft.horizon_year,
                            "source": "source/plan.txt"}  # fmt: skip
    return plan, indicators, bases


def plan_files(draft: Draft, plan_id: str, name: str | None = None) -> dict[str, str]:
    """The files of the drafted plan directory: relative path → text."""
    plan, indicators, bases = entries(draft, plan_id, name)
    head = ("# Drafted by `lingyuan-targets draft` from source/plan.txt: every figure with its section, line and\n"
            "# snippet. Read review.md, correct what it lists, then run `lingyuan-targets validate` and `check`.\n")  # fmt: skip
    files = {"indicators.yaml": head + _yaml({"schema_version": 1, "plan": plan, "indicators": indicators})}
    if bases:
        out = io.StringIO()
        writer = csv.DictWriter(out, ["id", "value", "unit", "section", "line", "snippet", "note"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(bases)
        files[f"baseline_{draft.base_year}.csv"] = out.getvalue()
    if draft.sums:
        relations = [{"id": f"sum-{s.total}", "type": "sum", "total": s.total, "parts": s.parts, "of": "target",
                      "description": f"其中: the parts printed after the total on line {s.place.line}",
                      "source": _source(s.place)} for s in draft.sums]  # fmt: skip
        files["relations.yaml"] = _yaml({"relations": relations})
    if draft.history:
        out = io.StringIO()
        rows = csv.writer(out, lineterminator="\n")
        rows.writerow(["table", "series", "series_en", "unit", "row_type", "label", "year", "value", "growth",
                         "section", "line", "snippet", "note"])  # fmt: skip
        for h in draft.history:
            rows.writerow([h.table, h.series, "", h.unit, h.row_type, h.label, h.year or "", h.value, h.growth,
                             h.place.section, h.place.line, h.place.snippet, ""])  # fmt: skip
        files["history.csv"] = out.getvalue()
    files["source/plan.txt"] = "\n".join(draft.lines)  # the lines as read: the draft's line numbers are theirs
    return files


def draft_document(draft: Draft, plan_id: str, name: str | None = None) -> dict[str, Any]:
    """The draft as data (``--format json``): the plan, its indicators with their sources, bases, sums and the
    review. Numbers are JSON numbers; the same input gives the same document."""
    plan, indicators, bases = entries(draft, plan_id, name)
    return {
        "schema_version": 1, "command": "draft", "plan": plan, "read_as": draft.kind, "lines": len(draft.lines),
        "years_from": draft.years_from, "indicators": _jsonable(indicators),
        "bases": [{**b, "value": _jsonable(_number(b["value"]))} for b in bases],
        "sums": [{"total": s.total, "parts": s.parts, "line": s.place.line} for s in draft.sums],
        "specifications": [{"line": f.place.line, "section": f.place.section, "printed": f.printed,
                            "snippet": f.place.snippet} for f in draft.specs],
        "review": [_item(i) for i in draft.review],
    }  # fmt: skip


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text not in ("", None) else None


def _item(item: Item) -> dict[str, Any]:
    return {"line": item.line, "section": item.section, "indicator": item.what, "reason": item.reason,
            "snippet": item.snippet}  # fmt: skip


def _jsonable(value: Any) -> Any:
    """Decimals as JSON numbers (an int where the figure is whole), inside dicts and lists."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in format(value, "f") else float(value)
    return value


_FIELD_ID = re.compile(r"^indicators\[(?P<id>[^\]]+)\]")


def settled_files(draft: Draft, plan_id: str, name: str | None = None) -> dict[str, str]:
    """The plan files of a draft that the plan readers accept: the files are read back as ``validate`` reads them,
    and an indicator they refuse (a figure beyond the usable range, a range printed high–low) is taken out of the
    draft and listed in its review with the reader's reason. Raises :class:`PlanError` when what is refused is
    not an indicator's (the plan's years)."""
    import tempfile
    from pathlib import Path

    from ...plan.errors import Location, PlanError
    from ..plandir import validate_plan
    from ..textfile import MAX_BYTES

    for _ in range(5):
        if not draft.indicators:
            raise PlanError("no figure to draft that plan files can hold (the review would list them all); nothing "
                            "written", code="no-figures")  # fmt: skip
        files = plan_files(draft, plan_id, name)
        for rel, text in files.items():
            size = len(text.encode("utf-8"))
            if rel != "source/plan.txt" and size > MAX_BYTES:
                raise PlanError(f"the draft's {rel} would be {size:,} bytes, over the {MAX_BYTES:,} a plan file may "
                                "have: draft the text in parts (a chapter each)", code="file-too-large")  # fmt: skip
        with tempfile.TemporaryDirectory(prefix="lingyuan-draft-") as tmp:
            for rel, text in files.items():
                path = Path(tmp) / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
            problems = validate_plan(tmp).problems
            baseline_ids = _csv_ids(files.get(f"baseline_{draft.base_year}.csv", ""))
        if not problems:
            return files
        refused: dict[str, str] = {}
        unplaced = []
        ids = {ind.id for ind in draft.indicators}
        for problem in problems:
            loc = problem.location
            field = (loc.field or "") if loc else ""
            m = _FIELD_ID.match(field)
            file = Path(str(loc.file)).name if loc else ""
            if m:
                refused.setdefault(m.group("id"), problem.message)
            elif file.startswith("baseline_") and loc is not None and loc.line in baseline_ids:
                refused.setdefault(baseline_ids[loc.line], problem.message)
            elif file == "relations.yaml":
                draft.sums.clear()
            elif named := [i for i in re.findall(r"[a-z0-9][a-z0-9-]*", problem.message) if i in ids]:
                for ident in named:  # a problem of the whole file naming indicators (no baseline row for row-16)
                    refused.setdefault(ident, problem.message)
            else:
                unplaced.append(problem)
        if unplaced and not refused:
            problem = unplaced[0]
            loc = problem.location
            # named by the file's name in the plan directory, not by the scratch copy's path
            where = Location(Path(str(loc.file)).name, loc.line, loc.column, loc.field) if loc else None
            raise PlanError(f"the draft is not a plan the readers accept: {problem.message}", where,
                            code=problem.code)  # fmt: skip
        kept = []
        for ind in draft.indicators:
            if ind.id in refused:
                place = ind.row.place if ind.row is not None else ind.figure.place  # type: ignore[union-attr]
                draft.review.append(Item(place.line, place.section, ind.name,
                                         f"kept out of the plan files, which cannot hold it: {refused[ind.id]}",
                                         place.snippet))  # fmt: skip
            else:
                kept.append(ind)
        draft.indicators[:] = kept
        draft.sums[:] = [s for s in draft.sums if s.total not in refused and not set(s.parts) & set(refused)]
        draft.review.sort(key=lambda i: (i.line, i.what, i.reason))
    raise PlanError("the draft is not a plan the readers accept (after taking out what they refuse)", code="invalid")


def _csv_ids(text: str) -> dict[int, str]:
    """The id of each data line of a CSV text (line 2 is the first row)."""
    return {k: row["id"] for k, row in enumerate(csv.DictReader(io.StringIO(text)), start=2) if row.get("id")}

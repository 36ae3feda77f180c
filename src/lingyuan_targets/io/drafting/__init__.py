"""``draft``: a plan's published text read into a plan directory, every figure with its section, line and snippet.

:func:`draft_lines` reads the lines of a plan (:mod:`.pages` turns a text file, an HTML page, a PDF or a Word file
into lines) into a :class:`Draft`: the main table's rows (:mod:`.table`), the targets and growth rules of its
sentences (:mod:`.text`), the figures of its review of the last period (bases, matched to indicators by name),
``其中`` breakdowns as sums, and the review: what the draft is unsure of, each item with its line and reason.
:mod:`.files` writes it as the files of a plan directory.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from .table import HistoryRow, Row, Table, find_history, find_table, find_vertical_table
from .text import NOT_REACHED, Figure, Place, ascii_width, read_sentences

_CN_NUM = "一二三四五六七八九十百零〇"
_CHAPTER = re.compile(rf"^\s*(第[{_CN_NUM}\d]+[章篇])\s*(.*)$")
_SECTION = re.compile(rf"^\s*(第[{_CN_NUM}\d]+节)\s*(.*)$")
_BOX = re.compile(r"^\s*(专栏\s*[\d一二三四五六七八九十]+(?:\s*[-－—–]\s*\d+)?)\s*[:：]?\s*(.*)$")
_LIST_HEAD = re.compile(rf"^\s*([{_CN_NUM}]+、)\s*(.*)$")
_TOC = re.compile(r"(?:\.{3,}|…{2,}|·{3,})\s*\d*\s*$")
#: the names of five-year periods by the first year of their base: 十三五 runs 2016–2020 from a 2015 base
_PERIODS = {"十一五": 2005, "十二五": 2010, "十三五": 2015, "十四五": 2020, "十五五": 2025, "十六五": 2030}
#: words of a review of the last period (a plan's first chapter: 发展成就, 发展基础)
_REVIEW = ("成就", "回顾", "发展基础", "过去五年", "取得的成绩", "主要成绩")


@dataclass
class Indicator:
    """An indicator of the draft: the table row or the text figure it comes from, its id, and what else the text
    says of the same quantity (``quotes``: figures of the same name elsewhere)."""

    id: str
    name: str
    unit: str
    kind: str
    origin: str
    row: Row | None = None
    figure: Figure | None = None
    quotes: list[tuple[str, Figure]] = field(default_factory=list)


@dataclass
class Sum:
    """A total and its parts printed as ``X 达到 T，其中 A…a、B…b`` (same unit), checked as a sum."""

    total: str
    parts: list[str]
    place: Place


@dataclass
class Item:
    """One thing the draft is unsure of: where, what, and why."""

    line: int
    section: str
    what: str
    reason: str
    snippet: str


@dataclass
class Draft:
    """A plan drafted from its text."""

    title: str
    base_year: int
    target_year: int
    horizon_year: int
    lines: list[str]
    kind: str
    table: Table | None
    indicators: list[Indicator]
    sums: list[Sum]
    specs: list[Figure]
    review: list[Item]
    years_from: str
    history: list[HistoryRow] = field(default_factory=list)


def _sections(lines: list[str]) -> tuple[list[str], list[bool], list[bool], set[int]]:
    """For every line: its section label (第三章第一节, with 专栏2-1 inside a box), whether it is in the review of the
    last period, whether it is in a box (专栏), and the heading lines (to skip)."""
    chapter = section = box = ""
    chapter_review = section_review = False
    in_box = False
    labels, review, boxed, headings = [], [], [], set()
    for number, raw in enumerate(lines, start=1):
        line = ascii_width(raw).strip()
        short = len(line) <= 50 and "。" not in line
        if short and _TOC.search(line):
            headings.add(number)
        elif short and (m := _CHAPTER.match(line)):
            chapter, section, box, in_box = m.group(1), "", "", False
            chapter_review = section_review = any(w in line for w in _REVIEW)
            headings.add(number)
        elif short and (m := _SECTION.match(line)):
            section, box, in_box = m.group(1), "", False
            section_review = any(w in line for w in _REVIEW)
            chapter_review = chapter_review or section_review
            headings.add(number)
        elif short and (m := _BOX.match(line)):
            box, in_box = re.sub(r"\s+", "", m.group(1)), True
            headings.add(number)
        elif in_box and re.match(rf"^[{_CN_NUM}]+、", line):
            box, in_box = "", False  # 二、…: a heading of the text after the box
        elif in_box and re.match(
            r"^(?:\d+[.．、]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)[^：:]{2,40}?。", line
        ):
            box, in_box = "", False  # a numbered paragraph of the text: the box has ended
        elif short and not chapter and (m := _LIST_HEAD.match(line)) and len(line) <= 30:
            section = m.group(1) + m.group(2)
            chapter_review = section_review = any(w in line for w in _REVIEW)
            headings.add(number)
        elif short and len(line) <= 30 and re.search(r"成绩单|工作回顾|回顾|主要成绩|成就", line) and \
                not re.search(r"\d", re.sub(r"(?:19|20)\d\d\s*年", "", line)):  # fmt: skip
            chapter_review = section_review = True  # ■ 2024年成绩单: the figures below are results
            headings.add(number)
        elif short and len(line) <= 30 and re.search(r"预期目标|主要目标|发展目标|目标任务|展望", line) and \
                not re.search(r"[，,]", line):  # fmt: skip
            chapter_review = section_review = False
            headings.add(number)
        label = chapter + section + (f" {box}" if box else "")
        labels.append(label)
        review.append(chapter_review)
        boxed.append(in_box)
    return labels, review, boxed, headings


def plan_years(lines: list[str], table: Table | None, base_year: int | None,
               target_year: int | None) -> tuple[int, int, str]:  # fmt: skip
    """The plan's base and target years: as given, else as its main table's header prints them, else the year most
    of its 到XXXX年 say (2035 aside), else its period's name (“十四五”); and where they came from."""
    if base_year and target_year:
        return base_year, target_year, "given"
    if table is not None and table.years:
        b, t = table.years
        return base_year or b, target_year or t, "the main table's header"
    text = ascii_width("\n".join(lines))
    stated = re.search(r"((?:19|20)\d\d)\s*年(?:[^。\n]{0,12}?)(?:主要预期目标|预期目标|目标任务)", text)
    if stated and not re.search(rf"{NOT_REACHED}到\s*(?:19|20)\d\d\s*年", text):
        year = int(stated.group(1))  # 2025年经济社会发展的主要预期目标: a one-year document of that year
        return base_year or year - 1, target_year or year, "a one-year document: the year of its 预期目标"
    if len(re.findall(r"今年|本年度|全年", text)) >= 2 and not re.search(
        rf"{NOT_REACHED}到\s*(?:19|20)\d\d\s*年", text
    ):
        # a one-year document (政府工作报告: 今年…增长5.5%左右): its year is the first of the period it opens, or
        # the year after the latest it names
        opening = re.search(r"“?十([一二三四五六七八九])五”?(?:良好)?开局", text)
        if opening:
            year = 1955 + 5 * (10 + "一二三四五六七八九".index(opening.group(1)) + 1) - 4
            return base_year or year - 1, target_year or year, "a one-year document (今年) opening the period it names"
        named = [int(y) for y in re.findall(r"((?:19|20)\d\d)\s*年", text)]
        if named:
            year = max(named) + 1
            return (
                base_year or year - 1,
                target_year or year,
                "a one-year document (今年), the year after the latest named",
            )
    years = Counter(int(y) for y in re.findall(rf"{NOT_REACHED}到\s*((?:19|20)\d\d)\s*年", text) if int(y) % 5 == 0)
    years.pop(2035, None)
    years.pop(2050, None)
    if years:
        t = target_year or years.most_common(1)[0][0]
        return base_year or t - 5, t, "the year most of its 到XXXX年 name"
    periods = set(re.findall("|".join(_PERIODS), text))
    if periods:
        b = max(_PERIODS[p] for p in periods)  # a plan names its own period and the one before: the later is its own
        return base_year or b, target_year or b + 5, "the latest five-year period it names"
    t = target_year or (base_year + 5 if base_year else 2025)
    return base_year or t - 5, t, "none found (the default)"


def _key(name: str) -> str:
    """A name as names are compared: without spaces, 的, and the words 全市/全县/全社会 at its start."""
    text = re.sub(r"\s+|的", "", name)
    return re.sub(r"^(?:全市|全县|全区|全社会|全省)", "", text)


def draft_lines(lines: list[str], kind: str = "text", *, base_year: int | None = None, target_year: int | None = None,
                horizon_year: int = 2035) -> Draft:  # fmt: skip
    """Draft a plan from the lines of its text."""
    sections, review, boxed, headings = _sections(lines)
    table = find_table(lines, sections) or find_vertical_table(lines, sections)
    base, target, years_from = plan_years(lines, table, base_year, target_year)
    horizon_year = max(horizon_year, target)  # a plan to 2040 looks past its own target year
    history, history_lines = find_history(lines, sections)
    skip = set(headings) | (table.lines if table else set()) | history_lines
    if table is not None:
        skip.add(table.header_line)
    figures = read_sentences(lines, sections, skip, review, boxed, target, base, horizon_year)
    items: list[Item] = []
    indicators: list[Indicator] = []
    by_name: dict[str, Indicator] = {}
    counts: Counter[tuple[str, int]] = Counter()

    def new_id(prefix: str, line: int) -> str:
        """``line-422``, then ``line-422-2``, …: the line a figure is printed on, and its place among that line's."""
        counts[prefix, line] += 1
        k = counts[prefix, line]
        return f"{prefix}-{line}" if k == 1 else f"{prefix}-{line}-{k}"

    for row in table.rows if table else []:
        ind = Indicator(new_id("row", row.place.line), row.name, row.unit, _row_kind(row), "table", row=row)
        indicators.append(ind)
        by_name.setdefault(_key(row.name), ind)
        for doubt in row.doubts:
            items.append(Item(row.place.line, row.place.section, row.name, doubt, row.place.snippet))
        if row.growth.replace(" ", "").startswith("累计") and re.search(r"\d", row.growth):
            items.append(Item(row.place.line, row.place.section, row.name,
                              f"累计 reading left open ({row.growth}: a relative change, points or the unit?)",
                              row.place.snippet))  # fmt: skip
    specs = [f for f in figures if f.role == "spec"]
    for f in figures:
        if f.role == "spec":
            continue
        key = _key(f.name)
        if f.role == "base":
            match = by_name.get(key)
            if match is not None and (f.year in (None, base)) and f.kind in ("level", "share", "limit"):
                match.quotes.append(("base", f))
            continue
        match = by_name.get(key) if len(key) >= 4 else None
        if match is not None and match.origin == "text" and match.figure is not None:
            other = match.figure
            if (f.role, f.value, f.unit, f.year) == (other.role, other.value, other.unit, other.year):
                match.quotes.append(("growth" if f.role == "growth" else "target", f))  # the same figure again
                continue
            if f.value != other.value and f.year == other.year:
                items.append(Item(f.place.line, f.place.section, f.name,
                                  f"two figures for one quantity? {_num(match.figure.value)} on line "
                                  f"{match.figure.place.line} and {_num(f.value)} here (kept as two indicators)",
                                  f.place.snippet))  # fmt: skip
            match = None
        if match is not None:
            same = match.figure if match.figure is not None else None
            what = "growth" if f.role == "growth" else "target"
            if f.year is not None and f.year != target and f.year == horizon_year and match.origin == "text":
                match.quotes.append(("goal", f))
            elif f.year is not None and f.year != target:
                pass  # a figure of another year for a quantity the draft has: listed below
            else:
                match.quotes.append((what, f))
                if same is not None and what == "target" and same.value != f.value:
                    items.append(Item(f.place.line, f.place.section, f.name,
                                      f"two figures for one quantity: {_num(same.value)} on line {same.place.line} "
                                      f"and {_num(f.value)} here", f.place.snippet))  # fmt: skip
                continue
        unit = (f.unit or "未注明") if f.role == "target" else "未注明"  # a rule's % is no unit of the quantity
        ind = Indicator(new_id("line", f.place.line), f.name or f"figure on line {f.place.line}", unit,
                        f.kind if f.role == "target" else "level", "text", figure=f)  # fmt: skip
        indicators.append(ind)
        if key:
            by_name.setdefault(key, ind)
        for doubt in f.doubts:
            items.append(Item(f.place.line, f.place.section, f.name, doubt, f.place.snippet))
        if f.role == "target" and f.year is not None and f.year != target:
            items.append(
                Item(
                    f.place.line,
                    f.place.section,
                    f.name,
                    f"a figure for {f.year}: recorded as a goal, with no target for {target}",
                    f.place.snippet,
                )
            )
        if f.role == "growth":
            items.append(Item(f.place.line, f.place.section, f.name, "unit not found: only a rate is printed, so the "
                              "quantity's unit is 未注明", f.place.snippet))  # fmt: skip
        if f.role == "growth" and re.match(r"累计", f.printed):
            items.append(Item(f.place.line, f.place.section, f.name, f"累计 reading left open ({f.printed})",
                              f.place.snippet))  # fmt: skip
    for s in specs:
        items.append(Item(s.place.line, s.place.section, s.name or s.printed,
                          f"{s.printed} kept out of the indicators: {'; '.join(s.doubts) or 'a specification'}",
                          s.place.snippet))  # fmt: skip
    if years_from.startswith("none found"):
        items.append(Item(1, "", "plan years", f"no year found in the text: {base} → {target} assumed (give --base-year "
                                               "and --target-year)", lines[0][:80] if lines else ""))  # fmt: skip
    sums = _sums(indicators)
    items.sort(key=lambda i: (i.line, i.what, i.reason))
    title = next((ascii_width(x).strip() for x in lines if x.strip() and not _TOC.search(x)), "")[:200]
    for name in sorted({h.series for h in history}):
        first = next(h for h in history if h.series == name)
        items.append(Item(first.place.line - 1, first.place.section, name, "a history table: its series is named by "
                          "its caption (name it as the indicator it is of)", first.place.snippet))  # fmt: skip
    items.sort(key=lambda i: (i.line, i.what, i.reason))
    return Draft(title, base, target, horizon_year, lines, kind, table, indicators, sums, specs, items, years_from,
                 history)  # fmt: skip


def _num(value: Decimal | None) -> str:
    return "—" if value is None else format(value, "f")


def _row_kind(row: Row) -> str:
    """The kind of a table row, from its name and unit: a share for 率/比重/占比 in percent, a change for 降低/减少,
    a total over the period for 新增/改造, a level otherwise."""
    name = row.name + row.group
    if re.search(r"降低|下降|减少|削减", name):
        return "period_change"
    if re.search(r"新增|改造|累计", name):
        return "period_total"
    if any(ascii_width(c).strip().startswith("-") for c in (row.base, row.target)):
        return "level"  # a rate that may be negative (人口自然增长率 -1.5‰) is no share of a whole
    if row.unit in ("%", "百分比", "％") or re.search(r"率|比重|占比", row.name):
        if row.base.rstrip("%") == row.target.rstrip("%") == "100":
            return "limit"
        return "share"
    return "level"


def _sums(indicators: list[Indicator]) -> list[Sum]:
    """``X 达到 T，其中 A…a，B…b``: X's target and the parts' targets in one unit, read as a sum (two parts or more),
    all in one sentence."""
    out: list[Sum] = []
    text = [i for i in indicators if i.figure is not None and i.figure.role == "target"]
    for k in range(len(text) - 1):
        f, g = text[k].figure, text[k + 1].figure
        assert f is not None and g is not None
        if not g.place.snippet.lstrip().startswith("其中") or (g.place.line, g.place.sentence) != (
                f.place.line, f.place.sentence) or g.unit != f.unit:  # fmt: skip
            continue
        parts = []
        for nxt in text[k + 1 : k + 51]:  # at most 50 parts (a sentence of many 其中 stays linear)
            h = nxt.figure
            assert h is not None
            if (h.place.line, h.place.sentence) != (f.place.line, f.place.sentence) or h.unit != f.unit:
                break
            parts.append(nxt)
        if len(parts) >= 2:
            out.append(Sum(text[k].id, [p.id for p in parts], f.place))
    return out

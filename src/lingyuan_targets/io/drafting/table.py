"""A plan's main indicator table, as PDF transcripts and HTML pages deliver it.

The table starts at a header row naming the indicator (指标) and two years or the attribute (属性); each row is
tab-separated (or separated by two spaces or more): a name with its unit in brackets, the base, the target, the
growth column and the attribute. Category rows (经济发展) have one cell. A merged group cell is the first of six
cells (空气 / 质量 on two rows are one group, 空气质量); a row with an empty first cell belongs to the group above
when its own name has no unit (主要污染物排放减少（百分比） over 化学需氧量, 氨氮). A row broken across lines (a
name on one line, its figures on the next) is joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import Place, ascii_width

_HEADER = re.compile(r"指标")
_YEARS = re.compile(r"((?:19|20)\d\d)\s*年?\s*(?:完成|实际|基期|基数|现状|预计)?")
_UNIT = re.compile(r"^(?P<name>.*?)\s*[（(](?P<unit>[^（）()]{1,12})[）)]\s*$")
_ATTRIBUTES = ("预期性", "约束性")
_VALUE = re.compile(r"^[<>≤≥＜＞]?\s*-?\d+(?:\.\d+)?\s*(?:%|‰)?\s*(?:以上|以内|左右|以下)?$|^[—–\-－]+$|^无$")


@dataclass
class Row:
    """One row of the main table, every cell as printed."""

    name: str
    unit: str
    base: str
    target: str
    growth: str
    attribute: str
    group: str
    category: str
    place: Place
    doubts: list[str] = field(default_factory=list)


@dataclass
class Table:
    """The main table: its rows, its years (base, target) as its header prints them, and the lines it spans."""

    rows: list[Row]
    years: tuple[int, int] | None
    lines: set[int]
    header_line: int


def _cells(line: str) -> list[str]:
    if "\t" in line:
        cells = line.split("\t")
    else:
        cells = re.split(r"\s{2,}", line)
    return [c.strip() for c in cells]


def find_table(lines: list[str], sections: list[str]) -> Table | None:
    """The first main-indicator table of the text, or None."""
    for i, raw in enumerate(lines):
        line = ascii_width(raw)
        cells = [c for c in _cells(line) if c]
        if len(cells) < 3 or not _HEADER.search(cells[0]):
            continue
        years = [int(m.group(1)) for c in cells[1:] for m in [_YEARS.search(c)] if m]
        if not (len(years) >= 2 or any("属性" in c for c in cells)):
            continue
        table = _read_rows(lines, i, sections)
        if table.rows:
            table.years = (years[0], years[1]) if len(years) >= 2 and years[0] < years[1] else None
            return table
    return None


def _continues(lines: list[str], k: int) -> bool:
    """Whether the next line with text (from index ``k``) ends a broken row: it starts with the unit in brackets or
    with an empty name cell, and holds figures."""
    for raw in lines[k : k + 3]:
        line = ascii_width(raw).strip()
        if not line:
            continue
        cells = _cells(raw.rstrip())
        figures = any(_VALUE.match(ascii_width(c)) for c in cells if c)
        return figures and (not cells[0] or cells[0].startswith(("(", "（")))
    return False


def _read_rows(lines: list[str], header: int, sections: list[str]) -> Table:
    rows: list[Row] = []
    used = {header + 1}
    category = group = ""
    group_unit = ""
    group_open = False
    pending = ""  # a name broken from its figures
    blank = 0
    k = header + 1
    while k < len(lines):
        line = lines[k].rstrip()
        number = k + 1
        k += 1
        if not line.strip():
            blank += 1
            if blank > 2:
                break
            continue
        blank = 0
        cells = _cells(line)
        while cells and not cells[-1]:
            cells.pop()
        values = [j for j, c in enumerate(cells) if c and _VALUE.match(ascii_width(c))]
        if not values:
            text = [c for c in cells if c]
            if len(text) == 1 and len(text[0]) <= 40 and "。" not in text[0] and _continues(lines, k):
                pending = text[0]  # a name on a line of its own: its unit and figures follow
                used.add(number)
                continue
            if len(text) == 1 and len(text[0]) <= 12 and "。" not in text[0] and not pending:
                category, group, group_open = text[0], "", False
                used.add(number)
                continue
            break
        first = values[0]
        head = cells[:first]
        rest = cells[first:]
        if pending:
            head = [*head[:-1], pending + head[-1]] if head else [pending]
            pending = ""
        if len(head) >= 2:
            if head[0]:
                label = head[0]
                if group_open and rows and rows[-1].group and len(label) <= 4 and len(rows[-1].group) <= 4:
                    label = rows[-1].group + label  # 空气 on one row, 质量 on the next: one merged cell
                    for r in rows:
                        if r.group == rows[-1].group:
                            r.group = label
                m = _UNIT.match(label)
                group = re.sub(r"\s+", "", m.group("name") if m else label)
                group_unit = m.group("unit") if m else ""
                group_open = True
            name_cell = head[-1]
        else:
            name_cell = head[0] if head else ""
            if not name_cell:
                name_cell = ""
        m = _UNIT.match(name_cell)
        doubts: list[str] = []
        if m:
            name, unit = m.group("name").strip(), m.group("unit").strip()
            row_group = group if (len(head) >= 2 and head[0]) else ""
            if len(head) < 2:
                group_open = False
        elif group_open and group_unit:
            name, unit, row_group = name_cell, group_unit, group
        else:
            name, unit, row_group = name_cell, "", ""
            doubts.append("no unit in brackets after the name")
        if len(head) >= 2 and not head[0] and m:
            row_group = ""  # an empty merged cell over a row with its own unit: not the group's
        rest += [""] * (4 - len(rest))
        base, target, growth = rest[0], rest[1], rest[2]
        attribute = rest[3] if len(rest) > 3 else ""
        if growth in _ATTRIBUTES and not attribute:
            growth, attribute = "", growth
        if attribute and attribute not in _ATTRIBUTES:
            doubts.append(f"attribute {attribute!r} is neither 预期性 nor 约束性")
        if not attribute:
            doubts.append("no attribute printed (预期性 or 约束性)")
        snippet = "\t".join(c for c in cells)
        rows.append(Row(name, unit, base, target, growth, attribute, row_group, category,
                        Place(sections[number - 1] + " 主要指标表", number, snippet), doubts))  # fmt: skip
        used.add(number)
    return Table(rows, None, used, header + 1)

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
from typing import cast

from .text import Place, ascii_width

_HEADER = re.compile(r"指标")
_YEARS = re.compile(r"((?:19|20)\d\d)\s*年?\s*(?:完成|实际|基期|基数|现状|预计)?")
_UNIT = re.compile(r"^(?P<name>.*?)\s*[（(](?P<unit>[^（）()]{1,12})[）)]\s*$")
_ATTRIBUTES = ("预期性", "约束性")
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: a cell's figure: 150.2, 1.5%, 2%以上, ≥95, 11.4年, 12.3年以上, or none printed (—, 无)
_VALUE = re.compile(
    r"^(?!(?:19|20)\d\d\s*年)[<>≤≥＜＞]?\s*-?\d+(?:\.\d+)?\s*(?:%|‰|[\u4e00-\u9fff]{1,3}?)?\s*(?:以上|以内|左右|以下)?$|^[—–\-－]+$|^无$"
)


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
    goal: str = ""
    #: the basis the growth column's header gives a bare figure (年均增长（%）: annual), or None
    growth_basis: str | None = None
    #: the line of each cell where a table gives its cells on lines of their own (base → 19)
    cell_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Table:
    """The main table: its rows, its years (base, target) as its header prints them, and the lines it spans."""

    rows: list[Row]
    years: tuple[int, int] | None
    lines: set[int]
    header_line: int
    goal_year: int | None = None


#: what a header cell names: the columns after the indicator's name
_KINDS = (("unit", re.compile(r"单位|计量")), ("growth", re.compile(r"增长|增速|年均|累计|变化|提高|增幅")),
          ("attribute", re.compile(r"属性|性质|类型")), ("base", re.compile(r"基期|现状|完成|实际|基数")),
          ("target", re.compile(r"目标|规划|预期值")))  # fmt: skip


def columns(header: list[str]) -> tuple[int, list[str], list[int]]:
    """The index of the name column in a header row, the kind of each column after it (unit, base, target, goal,
    growth, attribute, other), and the years the year columns name.

    >>> columns(["指标名称", "2020 完成", "2025 目标", "累计或 年均增长", "属性"])
    (0, ['base', 'target', 'growth', 'attribute'], [2020, 2025])
    >>> columns(["序号", "指标", "单位", "2020年", "2025年", "2035年", "年均增长（%）", "属性"])
    (1, ['unit', 'base', 'target', 'goal', 'growth', 'attribute'], [2020, 2025, 2035])
    """
    at = next(k for k, c in enumerate(header) if _HEADER.search(c) or "名称" in c)
    kinds, years = [], []
    for cell in header[at + 1 :]:
        text = ascii_width(cell)
        kind = next((k for k, pattern in _KINDS if pattern.search(text)), None)
        year = _YEARS.search(text)
        if kind in (None, "base", "target") and year:
            years.append(int(year.group(1)))
            kind = ("base", "target", "goal")[min(len(years) - 1, 2)] if kind is None else kind
        kinds.append(kind or "other")
    if not any(k in ("base", "target") for k in kinds):
        kinds = ["base", "target", "growth", "attribute"]
    return at, kinds, years


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
        if len(cells) < 3 or not any(_HEADER.search(c) for c in cells[:3]) or len(line) > 200:
            continue
        at, kinds, years = columns(cells)
        if not (len(years) >= 2 or any("属性" in c for c in cells)):
            continue
        growth_header = next((c for c, k in zip(cells[at + 1 :], kinds) if k == "growth"), "")
        basis = None if ("年均" in growth_header) == ("累计" in growth_header) else \
            ("annual" if "年均" in growth_header else "cumulative")  # fmt: skip
        table = _read_rows(
            lines, i, sections, kinds, bool(re.search(r"类别|领域|类型|分类", "".join(cells[:at]))), basis
        )
        if table.rows:
            table.years = (years[0], years[1]) if len(years) >= 2 and years[0] < years[1] else None
            table.goal_year = years[2] if len(years) >= 3 and "goal" in kinds else None
            return table
    return None


def _looks_unit(cell: str) -> bool:
    """Whether a cell is a unit (亿元, %, 万人, 微克/立方米) rather than a name."""
    text = ascii_width(cell).strip().strip("()（）")
    return 0 < len(text) <= 8 and not re.search(r"率|值|量|数|额|度|积|总|人均|比重", text)


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


def _read_rows(lines: list[str], header: int, sections: list[str], kinds: list[str], categories: bool,
               basis: str | None) -> Table:  # fmt: skip
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
        snippet = "\t".join(cells)
        while values and values[0] <= 1 and re.fullmatch(r"\d{1,3}", ascii_width(cells[values[0]]).strip()) and \
                values[0] + 1 < len(cells) and _CJK.search(cells[values[0] + 1]) and \
                not _VALUE.match(ascii_width(cells[values[0] + 1])):  # fmt: skip
            values.pop(0)  # a 序号 cell before the name
        if not values:
            break
        first = values[0]
        j = first - 1
        if kinds[0] == "unit" and j >= 1 and _looks_unit(cells[j]):
            j -= 1
        while j > 0 and not cells[j]:
            j -= 1  # an empty cell before the first figure: the base is not printed
        head, name_cell = cells[: max(j, 0)], (cells[j] if j >= 0 else "")
        head = [h for h in head if not re.fullmatch(r"\d{1,3}", ascii_width(h).strip())]  # the 序号 cell
        if categories and head and head[0]:
            category = head.pop(0)  # a 类别 column: its cell names the rows' category until the next
        elif categories and head and not head[0]:
            head.pop(0)
        data = cells[j + 1 :] if j >= 0 else cells
        if pending:
            name_cell = pending + name_cell
            pending = ""
        if head and head[0]:
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
        cell = dict.fromkeys(("unit", "base", "target", "goal", "growth", "attribute"), "")
        for kind, value in zip(kinds, data):
            if kind in cell and not cell[kind]:
                cell[kind] = value
        m = _UNIT.match(name_cell)
        doubts: list[str] = []
        if m:
            name, unit = m.group("name").strip(), m.group("unit").strip()
            row_group = group if (head and head[0]) else ""
            if not head:
                group_open = False
        elif cell["unit"]:
            name, unit, row_group = name_cell, cell["unit"], group if (head and head[0]) else ""
        elif group_open and group_unit:
            name, unit, row_group = name_cell, group_unit, group
        else:
            name, unit, row_group = name_cell, "", ""
            doubts.append("no unit in brackets after the name")
        if not name:
            doubts.append("no name found for the row")
        base, target, growth, attribute = cell["base"], cell["target"], cell["growth"], cell["attribute"]
        if growth in _ATTRIBUTES and not attribute:
            growth, attribute = "", growth
        if attribute and attribute not in _ATTRIBUTES:
            doubts.append(f"attribute {attribute!r} is neither 预期性 nor 约束性")
        if not attribute:
            doubts.append("no attribute printed (预期性 or 约束性)")
        if len(data) > len(kinds):
            doubts.append(f"{len(data)} cells after the name, the header names {len(kinds)}")
        rows.append(Row(name, unit, base, target, growth, attribute, row_group, category,
                        Place((sections[number - 1] + " 主要指标表").strip(), number, snippet), doubts, cell["goal"],
                        basis))  # fmt: skip
        used.add(number)
    return Table(rows, None, used, header + 1)


_NUMBERED = re.compile(r"^\s*(?:\d{1,3}\s*[.．、]|[（(]\d{1,3}[）)])\s*")
_SECTION_ROW = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")


def _is_cell_value(text: str) -> bool:
    return bool(_VALUE.match(ascii_width(text).strip())) or ascii_width(text).strip() in _ATTRIBUTES


def find_vertical_table(lines: list[str], sections: list[str]) -> Table | None:
    """A main table whose cells come one to a line, as a page's table copied as text gives it: 指标 / 2020年 /
    2025年 / 属性 on lines of their own, then each row's name and cells. A row whose cells do not fit the header is
    kept out and listed (two sub-rows of 其中 with their cells column by column are read as such)."""
    tried = 0
    for i, raw in enumerate(lines):
        t = ascii_width(raw).strip()
        if not t or len(t) > 12 or "\t" in raw or not re.search(r"指\s*标", t):
            continue
        tried += 1
        if tried > 20:
            return None  # a text of many 指标 lines and no table: not looked at further
        header, k, header_lines = [re.sub(r"\s+", "", t)], i + 1, {i + 1}
        while k < len(lines) and len(header) < 9:
            c = ascii_width(lines[k]).strip()
            k += 1
            if not c:
                continue
            if len(c) <= 16 and not _VALUE.match(c) and (_YEARS.search(c) or any(p.search(c) for _, p in _KINDS)):
                header.append(re.sub(r"\s+", "", c))
                header_lines.add(k)
                continue
            k -= 1
            break
        if len(header) < 3:
            continue
        _, kinds, years = columns(header)
        if len(years) < 2:
            continue
        table = _read_vertical(lines, k, sections, kinds)
        if table.rows:
            table.lines |= header_lines
            table.header_line = i + 1
            table.years = (years[0], years[1]) if years[0] < years[1] else None
            return table
    return None


def _read_vertical(lines: list[str], start: int, sections: list[str], kinds: list[str]) -> Table:
    cells: list[tuple[int, str]] = []
    for k in range(start, min(len(lines), start + 5000)):
        text = lines[k].strip()
        if not text:
            continue
        if (len(text) > 40 and "。" in text) or re.match(r"^第[一二三四五六七八九十百\d]+[章节]", text) or (
                len(text) <= 12 and re.search(r"指\s*标", text)):  # fmt: skip
            break  # the text after the table, or another table's header
        cells.append((k + 1, text))
    columns_ = [k for k in kinds if k in ("unit", "base", "target", "goal", "growth", "attribute")]
    values_per_row = len([k for k in columns_ if k != "attribute"])
    rows: list[Row] = []
    used: set[int] = set()
    category, names = "", cast("list[tuple[int, str]]", [])
    idx = 0
    while idx < len(cells):
        line, text = cells[idx]
        if _is_cell_value(text):
            idx += 1  # a cell without its row
            continue
        j, values = idx + 1, []
        while j < len(cells) and _is_cell_value(cells[j][1]):
            values.append(cells[j])
            j += 1
            if ascii_width(cells[j - 1][1]).strip() in _ATTRIBUTES:
                break
        if not values:
            if _SECTION_ROW.match(text):
                category, names = re.sub(r"\s+", "", text), []
            else:
                names.append((line, text))  # a parent row or a sub-row's name: its cells come later
            used.add(line)
            idx += 1
            continue
        names.append((line, text))
        attribute = ""
        if ascii_width(values[-1][1]).strip() in _ATTRIBUTES:
            attribute = values.pop()[1].strip()
        subrows = [n for n in names if not _NUMBERED.match(n[1]) or len(names) == 1]
        parent = next((n[1] for n in names if _NUMBERED.match(n[1])), "") if len(names) > 1 else ""
        if len(names) > 1 and len(values) == values_per_row * len(names):
            subrows, parent = names, ""  # a row and its 其中 row, their cells column by column
        if len(values) == values_per_row * len(subrows):
            for s_k, (n_line, n_text) in enumerate(subrows):
                mine = [values[c * len(subrows) + s_k] for c in range(values_per_row)]  # column by column
                rows.append(_vertical_row(n_line, n_text, parent, mine, attribute, columns_, category, sections))
        for n_line, _ in names:
            used.add(n_line)
        for v_line, _ in values:
            used.add(v_line)
        names = []
        idx = j
    return Table(rows, None, used, start)


def _vertical_row(line: int, text: str, parent: str, values: list[tuple[int, str]], attribute: str,
                  columns_: list[str], category: str, sections: list[str]) -> Row:  # fmt: skip
    name_cell = _NUMBERED.sub("", text).strip()
    parent_cell = _NUMBERED.sub("", parent).strip()
    m = _UNIT.match(name_cell) or (_UNIT.match(parent_cell) if parent_cell else None)
    doubts: list[str] = []
    if parent_cell:
        base_name = _UNIT.match(parent_cell).group("name").strip() if _UNIT.match(parent_cell) else parent_cell  # type: ignore[union-attr]
        sub = re.sub(r"^其中\s*[:：]\s*", "", name_cell)
        name = f"{base_name}：{sub}"
        doubts.append("a sub-row of a merged row: its cells read column by column")
    else:
        name = re.sub(r"^其中\s*[:：]\s*", "", m.group("name").strip() if m else name_cell)
        if name != (m.group("name").strip() if m else name_cell):
            doubts.append("a 其中 row under the row above: its cells read column by column with that row's")
    unit = m.group("unit").strip() if m else ""
    if not unit:
        doubts.append("no unit in brackets after the name")
    cell = dict.fromkeys(("unit", "base", "target", "goal", "growth"), "")
    cell_lines: dict[str, int] = {}
    for kind, (v_line, v_text) in zip([k for k in columns_ if k != "attribute"], values):
        cell[kind] = v_text.strip()
        cell_lines[kind] = v_line
    if not attribute:
        doubts.append("no attribute printed (预期性 or 约束性)")
    snippet = "\t".join([text, *(v for _, v in values), attribute])
    return Row(name, unit, cell["base"], cell["target"], cell["growth"], attribute, "", category,
               Place((sections[line - 1] + " 主要指标表").strip(), line, snippet), doubts, cell["goal"], None, cell_lines)  # fmt: skip


_CAPTION = re.compile(
    r"^\s*(表\s*\d+)\s*[:：.．]?\s*(?P<title>[^（(]+?)\s*(?:[（(]\s*单位\s*[:：]\s*(?P<units>[^）)]+)[）)])?\s*$"
)


@dataclass
class HistoryRow:
    """A row of a table of the years before the plan (表1：“十三五”GDP总量与增速): a year's level and growth, a
    five-year total, or an average growth."""

    table: str
    series: str
    unit: str
    row_type: str
    label: str
    year: int | None
    value: str
    growth: str
    place: Place


def find_history(lines: list[str], sections: list[str]) -> tuple[list[HistoryRow], set[int]]:
    """The history tables of a text: a caption (表1：…（单位：亿元、%）), a header (年份 总量 增速), then a row per
    year (2016年 119.2 0.2) and rows of a total (五年累计) or an average (年均增长); and the lines they take."""
    out: list[HistoryRow] = []
    used: set[int] = set()
    for i, raw in enumerate(lines):
        m = _CAPTION.match(ascii_width(raw).replace("\t", " "))
        if not m:
            continue
        h = i + 1
        while h < len(lines) and h <= i + 2 and not lines[h].strip():
            h += 1  # blank lines between the caption and the header
        if h >= len(lines):
            continue
        header = [c for c in _cells(lines[h].rstrip()) if c]
        if len(header) < 2 or not re.search(r"年\s*份|年度", header[0]):
            continue
        table, title = re.sub(r"\s+", "", m.group(1)), m.group("title").strip()
        unit = re.split(r"[、,，]", m.group("units"))[0].strip() if m.group("units") else ""
        rows: list[HistoryRow] = []
        for k in range(h + 1, min(len(lines), h + 40)):
            cells = [c for c in _cells(lines[k].rstrip()) if c]
            if not cells:
                continue
            if len(cells) < 2 or not all(_VALUE.match(ascii_width(c)) for c in cells[1:]):
                break
            label = cells[0]
            year = re.fullmatch(r"((?:19|20)\d\d)\s*年?", ascii_width(label).strip())
            numbers = [ascii_width(c).strip().rstrip("%") for c in cells[1:]] + [""]
            section = sections[k].strip() + f" {table}"
            place = Place(section.strip(), k + 1, lines[k].rstrip())
            if year:
                rows.append(HistoryRow(table, title, unit, "year", label, int(year.group(1)), numbers[0], numbers[1],
                                       place))  # fmt: skip
            elif "累计" in label:
                rows.append(HistoryRow(table, title, unit, "total", label, None, numbers[0], numbers[1], place))
            elif "年均" in label or "平均" in label:
                rows.append(HistoryRow(table, title, unit, "average", label, None, "", numbers[0], place))
            else:
                break
        if sum(r.row_type == "year" for r in rows) >= 2:
            out.extend(rows)
            used |= {i + 1, h + 1} | {r.place.line for r in rows}
    return out, used

"""Rendering of result tables: csv, json, markdown (plain text) and rich tables.

Nothing here computes; it formats what the core returned. csv and json carry
full precision and are byte-stable for the same input; the table and markdown
formats round half up to each row's display precision.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .printed import plain

FORMATS = ("table", "csv", "json", "markdown")


@dataclass
class Column:
    """One output column: key in the records, header per language, numeric or text."""

    key: str
    zh: str
    en: str
    numeric: bool = False
    display_only: bool = False  # shown on terminals and in markdown, not in csv/json
    machine_only: bool = False  # in csv/json only (wide columns that crowd a terminal)
    sticky: bool = False  # repeated in every block when a terminal table is split
    max_width: int | None = None  # wrap text beyond this many cells on a terminal
    trailing: bool = False  # on terminals and in markdown, shown after the other columns

    def header(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class ColumnRecords(Sequence):
    """Records kept as columns (``{key: list}``), read as dicts only where a renderer asks for rows.

    A projection of thousands of plans has a hundred thousand rows; csv is written
    straight from the columns.
    """

    def __init__(self, data: dict[str, list[Any]]) -> None:
        self.data = data
        self._n = len(next(iter(data.values()))) if data else 0

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if not -self._n <= i < self._n:
            raise IndexError(i)
        return {k: v[i] for k, v in self.data.items()}

    def __iter__(self) -> Any:
        return (self[i] for i in range(self._n))

    def column(self, key: str) -> list[Any]:
        return self.data[key] if key in self.data else [None] * self._n


@dataclass
class Table:
    """Records to render, with their columns and per-row display precision."""

    title: str
    columns: list[Column]
    records: Sequence[dict[str, Any]]  # a list, or ColumnRecords
    #: display precision per row: an int for the whole row, or {column key: int}
    decimals: list[int | dict[str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    document: dict[str, Any] = field(default_factory=dict)  # extra top-level JSON keys


def clean(value: Any) -> Any:
    """JSON/CSV-safe scalar: numpy → Python, NaN/NA → None (see :func:`printed.plain`)."""
    kind = type(value)
    if kind is str or kind is int:  # the common cells, answered without a call (tables can have millions)
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    return plain(value)


def to_json(document: dict[str, Any]) -> str:
    """Stable JSON: keys in insertion order, floats in shortest round-trip form."""
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def table_json(table: Table) -> str:
    keys = [c.key for c in table.columns if not c.display_only]
    rows = [{k: clean(r.get(k)) for k in keys} for r in table.records]
    return to_json({**table.document, "rows": rows})


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    cols = [c for c in table.columns if not c.display_only]
    writer.writerow([c.key for c in cols])
    # column by column: a many-plans projection has millions of cells, mostly floats or repeated texts
    records = table.records
    columns = [_csv_column(records.column(c.key) if isinstance(records, ColumnRecords)
                           else [rec.get(c.key) for rec in records]) for c in cols]  # fmt: skip
    if len(cols) < 2:  # csv.writer's own rules for a row of one cell (or none)
        for k in range(len(records)):
            writer.writerow([cells[k] for cells, _ in columns])
        return out.getvalue()
    # cells holding a comma, a quote or a line break are quoted by csv.writer itself (once per distinct text)
    columns = [_csv_quoted(cells) if text else cells for cells, text in columns]
    out.write("".join([",".join(row) + "\n" for row in zip(*columns)]))
    return out.getvalue()


def _csv_column(values: list[Any]) -> tuple[list[str], bool]:
    """:func:`_csv_cell` over one column, with fast paths for plain floats and repeated texts; and whether
    the cells may need quoting (floats never do)."""
    kinds = set(map(type, values))
    if kinds <= {float}:
        if np.isfinite(np.array(values, dtype=float)).all():  # no NaN or inf: each cell its shortest round-trip form
            return list(map(repr, values)), False
        return [repr(v) if v - v == 0 else "" for v in values], False  # v - v is NaN for NaN and ±inf
    if kinds <= {str, type(None)}:
        cells = {v: _csv_cell(v) for v in set(values)}
        return [cells[v] for v in values], True
    return [_csv_cell(clean(v)) for v in values], True


_CSV_SPECIAL = re.compile(r'[,"\r\n]')


def _csv_quoted(cells: list[str]) -> list[str]:
    special = {c for c in set(cells) if _CSV_SPECIAL.search(c)}
    if not special:
        return cells
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    quoted = {}
    for cell in special:  # two fields, so an empty row never arises; the trailing ",\n" is cut off
        buf.seek(0)
        buf.truncate()
        writer.writerow([cell, ""])
        quoted[cell] = buf.getvalue()[:-2]
    return [quoted.get(c, c) for c in cells]


def _csv_cell(value: Any) -> str:
    kind = type(value)
    if kind is float:
        return repr(value)
    if kind is str:
        return safe_text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return safe_text(" ".join(str(v) for v in value))
    return safe_text(str(value))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Neutralise spreadsheet formula injection: a text cell starting with = + - @ gets a leading '.

    Excel and WPS would otherwise run ``=HYPERLINK(…)`` found in a plan's names. Numbers are
    written as numbers and are not touched.
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


def display_cell(value: Any, decimals: int | None, numeric: bool) -> str:
    """Text shown in table/markdown cells: numbers rounded half up."""
    from .printed import format_half_up

    value = clean(value)
    if value is None:
        return "—" if numeric else ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if numeric and isinstance(value, (int, float)):
        return format_half_up(float(value), 0 if decimals is None else decimals)
    return str(value)


def _display_rows(table: Table, lang: str) -> tuple[list[str], list[list[str]], list[bool]]:
    shown = [c for c in table.columns if not c.machine_only]
    cols = [c for c in shown if not c.trailing] + [c for c in shown if c.trailing]
    headers = [c.header(lang) for c in cols]
    rows = []
    for i, rec in enumerate(table.records):
        dec = table.decimals[i] if i < len(table.decimals) else None
        rows.append([display_cell(rec.get(c.key), dec.get(c.key) if isinstance(dec, dict) else dec, c.numeric)
                     for c in cols])  # fmt: skip
    return headers, rows, [c.numeric for c in cols]


def table_markdown(table: Table, lang: str) -> str:
    """A GitHub-flavoured Markdown table, padded by display width (CJK counts double)."""
    from rich.cells import cell_len

    headers, rows, numeric = _display_rows(table, lang)
    esc = [[cell.replace("|", "\\|") for cell in row] for row in [headers, *rows]]
    widths = [max(3, *(cell_len(r[j]) for r in esc)) for j in range(len(headers))]

    def pad(text: str, j: int) -> str:
        gap = " " * (widths[j] - cell_len(text))
        return gap + text if numeric[j] else text + gap

    lines = []
    if table.title:
        lines += [f"**{table.title}**", ""]
    lines.append("| " + " | ".join(pad(h, j) for j, h in enumerate(esc[0])) + " |")
    lines.append("| " + " | ".join(("-" * (w - 1) + ":") if numeric[j] else "-" * w
                                   for j, w in enumerate(widths)) + " |")  # fmt: skip
    for row in esc[1:]:
        lines.append("| " + " | ".join(pad(c, j) for j, c in enumerate(row)) + " |")
    for note in table.notes:
        lines += ["", note]
    return "\n".join(lines) + "\n"


def rich_tables(table: Table, lang: str, width: int) -> list[Any]:
    """:class:`rich.table.Table` objects that fit ``width`` cells.

    A table too wide for the terminal is split into blocks of columns, each
    repeating the sticky columns (id, name), as pandas prints wide frames;
    CJK-aware alignment comes from rich's cell widths.
    """
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table as RichTable

    shown = [c for c in table.columns if not c.machine_only]
    cols = [c for c in shown if not c.trailing] + [c for c in shown if c.trailing]
    headers, rows, _ = _display_rows(table, lang)

    def need(j: int) -> int:
        widest = max([cell_len(headers[j]), *(cell_len(r[j]) for r in rows)])
        cap = cols[j].max_width
        return min(widest, cap) if cap else widest

    widths = [need(j) + 2 for j in range(len(cols))]
    sticky = [j for j, c in enumerate(cols) if c.sticky]
    rest = [j for j, c in enumerate(cols) if not c.sticky]
    budget = max(20, width - sum(widths[j] for j in sticky) - 2)
    blocks: list[list[int]] = [[]]
    used = 0
    for j in rest:
        if blocks[-1] and used + widths[j] > budget:
            blocks.append([])
            used = 0
        blocks[-1].append(j)
        used += widths[j]
    out = []
    for b, block in enumerate(blocks):
        rt = RichTable(title=(table.title or None) if b == 0 else None, box=box.SIMPLE_HEAD,
                       header_style="bold", pad_edge=False, padding=(0, 1),
                       caption=("\n".join(table.notes) or None) if b == len(blocks) - 1 else None,
                       caption_justify="left")  # fmt: skip
        chosen = sticky + block
        for j in chosen:
            c = cols[j]
            rt.add_column(headers[j], justify="right" if c.numeric else "left",
                          no_wrap=c.max_width is None, max_width=c.max_width, overflow="fold")  # fmt: skip
        for row in rows:
            rt.add_row(*(row[j] for j in chosen))
        out.append(rt)
    return out


def render_text(table: Table, fmt: str, lang: str) -> str:
    """csv, json or markdown as a string (the table format is printed by the CLI)."""
    if fmt == "csv":
        return table_csv(table)
    if fmt == "json":
        return table_json(table)
    if fmt == "markdown":
        return table_markdown(table, lang)
    raise ValueError(f"unknown format {fmt!r}")


def pick(lang: str, zh: Any, en: Any) -> Any:
    """The Chinese or English variant, falling back to the other when one is missing."""
    first, second = (zh, en) if lang == "zh" else (en, zh)
    return first if clean(first) not in (None, "") else second


SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Any) -> str:
    """A one-line chart of ``values`` in Unicode blocks, scaled to their own range.

    Missing values are blanks; a flat series is a row of mid-height blocks.

    >>> sparkline([1, 2, 3, 4, 5, 6, 7, 8])
    '▁▂▃▄▅▆▇█'
    """
    import math

    vals = [float(v) if clean(v) is not None else math.nan for v in values]
    finite = [v for v in vals if math.isfinite(v)]
    if not finite:
        return ""
    low, high = min(finite), max(finite)
    top = len(SPARK_BLOCKS) - 1
    if high - low <= 1e-12 * max(1.0, abs(high)):
        return "".join(SPARK_BLOCKS[top // 2] if math.isfinite(v) else " " for v in vals)
    return "".join(SPARK_BLOCKS[round((v - low) / (high - low) * top)] if math.isfinite(v) else " " for v in vals)


def table_html(table: Table, lang: str) -> str:
    """An HTML ``<table>`` (escaped; numbers right-aligned and rounded half up) with its notes."""
    from html import escape

    headers, rows, numeric = _display_rows(table, lang)
    cls = [' class="num"' if n else "" for n in numeric]
    out = ['<table>']
    if table.title:
        out.append(f"<caption>{escape(table.title)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th{c}>{escape(h)}</th>" for h, c in zip(headers, cls)) + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td{c}>{escape(v)}</td>" for v, c in zip(row, cls)) + "</tr>")
    out.append("</tbody></table>")
    out += [f'<p class="note">{escape(n)}</p>' for n in table.notes]
    return "\n".join(out) + "\n"

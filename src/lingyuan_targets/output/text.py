"""Text formats of a view's tables and lists: csv, json, markdown, html and plain lines.

Nothing here computes; it formats what a view holds. csv and json carry full
precision and are byte-stable for the same input; markdown and html round half up
to each row's display precision.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import numpy as np
import pandas as pd

from ..plan.printed import clean, format_half_up
from ..views.table import ColumnRecords, Lines, Listing, Table, people_order
from .escape import csv_text, html_text, json_text, markdown_code, markdown_text, no_log_commands, one_line, visible


def to_json(document: Any) -> str:
    """Stable JSON: keys in insertion order, floats in shortest round-trip form.

    The text is that of ``json.dumps(document, ensure_ascii=False, indent=2)``; orjson writes it (in C, a tenth of
    the time), unless the document holds what orjson writes otherwise or not at all (a float below 1e-4, which
    Python writes 1e-05; a lone surrogate; a number beyond 64 bits; a key that is not a string): then the
    standard library does. A document holds no NaN or infinity (the views make them null); orjson would write
    null for one. numpy scalars are written as their Python values (the standard library takes a float64, a float
    subclass, and would refuse the others).

    >>> print(to_json({"gdp": 150.2 * 1.1**5}), end="")
    {
      "gdp": 241.89860200000007
    }
    """
    try:
        import orjson

        # numpy's float64 scalars (a float subclass, which the standard library writes as a float) are written too
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY).decode("utf-8")
    except (ImportError, TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
        text = None
    if text is None or (("0.0000" in text or "e-" in text) and _ORJSON_OTHERWISE.search(text)):  # `in`: fast
        text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    return json_text(text) + "\n"


#: how orjson writes a float below 1e-4 (0.00001, 1e-7) where Python writes 1e-05, 1e-07: seen anywhere (in a
#: string too), the standard library writes the document
_ORJSON_OTHERWISE = re.compile(r"0\.0000\d|\de-\d(?!\d)")


def table_json(table: Table) -> str:
    """The table's document with its records as ``rows`` (the columns csv has)."""
    keys = [c.key for c in table.columns if not c.display_only]
    rows = [{k: clean(r.get(k)) for k in keys} for r in table.records]
    return to_json({**table.document, "rows": rows})


# ------------------------------------------------------------------------------ csv
def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    cols = [c for c in table.columns if not c.display_only]
    writer.writerow([csv_text(c.key) for c in cols])  # a key may hold input text (value:<scenario name>)
    # column by column: a many-plans projection has millions of cells, mostly floats or repeated texts
    records = table.records
    if len(cols) < 2:  # csv.writer's own rules for a row of one cell (or none)
        columns = [_csv_column(_cells(records, c.key)) for c in cols]
        for k in range(len(records)):
            writer.writerow([cells[k] for cells, _ in columns])
        return out.getvalue()
    # runs of float columns (the years of a projection) become the text of each row's run at once; the others
    # cell by cell, cells holding a comma, a quote or a line break quoted by csv.writer itself (once per distinct text)
    quoted: list[list[str]] = []
    run: list[Any] = []
    for c in [*cols, None]:
        column: list[Any] | np.ndarray | None = None
        if c is not None:
            held = _float_array(records, c.key)  # a float column held as an array: its run's grid is made of it
            column = held if held is not None else _cells(records, c.key)
        if column is not None and len(records) and _floats(column):
            run.append(column)
            continue
        if run:
            quoted.append(_float_rows(run))
            run = []
        if column is not None:
            cells, text = _csv_column(column if isinstance(column, list) else column.tolist())
            quoted.append(_csv_quoted(cells) if text else cells)
    if not len(records):
        return out.getvalue()
    return out.getvalue() + "\n".join(map(",".join, zip(*quoted))) + "\n"


def _cells(records: Any, key: str) -> list[Any]:
    return records.column(key) if isinstance(records, ColumnRecords) else [rec.get(key) for rec in records]


def _float_array(records: Any, key: str) -> np.ndarray | None:
    return records.floats(key) if isinstance(records, ColumnRecords) else None


def _floats(values: list[Any] | np.ndarray) -> bool:
    """Whether a column holds floats and empty cells only (None: as NaN, an empty cell); an array is of floats."""
    if isinstance(values, np.ndarray):
        return True
    return set(map(type, values)) <= {float, type(None)} and any(v is not None for v in values)


#: below this (and above 0), Python writes a float with an exponent of two digits (1e-05) where orjson writes
#: 0.00001 or 1e-5; at and above it the two give the same text (the shortest that reads back as the same float)
_SMALL = 1e-4


def _float_rows(columns: list[Any]) -> list[str]:
    """Each row's cells of these float columns joined by commas, every float in its shortest round-trip form (as
    Python's repr writes it), NaN, infinities and None as empty cells. orjson writes the numbers (in C, eight times
    as fast as repr); a row holding a number below 1e-4 is written by repr, where the two forms differ."""
    import orjson

    grid = np.empty((len(columns[0]), len(columns)))  # row by row, as orjson writes it
    for j, column in enumerate(columns):
        grid[:, j] = column  # None becomes NaN
    text = orjson.dumps(grid, option=orjson.OPT_SERIALIZE_NUMPY).decode()
    finite = np.isfinite(grid)
    body = text[2:-2] if finite.all() else text[2:-2].replace("null", "")  # NaN and ±inf are null
    rows = body.split("],[")  # [[a,b],[c,d]]
    magnitude = np.abs(grid)
    for k in np.flatnonzero(((magnitude < _SMALL) & (magnitude > 0)).any(axis=1)):
        rows[k] = ",".join(repr(v) if v - v == 0 else "" for v in grid[k].tolist())
    return rows


def _csv_column(values: list[Any]) -> tuple[list[str], bool]:
    """:func:`_csv_cell` over one column, with fast paths for plain floats and repeated texts; and whether
    the cells may need quoting (floats never do)."""
    kinds = set(map(type, values))
    if kinds <= {float}:
        if np.isfinite(np.array(values, dtype=float)).all():  # no NaN or inf: each cell its shortest round-trip form
            return list(map(repr, values)), False
        return [repr(v) if v - v == 0 else "" for v in values], False  # v - v is NaN for NaN and ±inf
    if kinds <= {str, type(None)}:  # each distinct text written once
        codes, uniques = pd.factorize(np.asarray(values, dtype=object))  # None: code -1, the last cell
        written = np.empty(len(uniques) + 1, dtype=object)
        written[:] = [*(_csv_cell(u) for u in uniques.tolist()), _csv_cell(None)]
        return written[codes].tolist(), True
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
        return csv_text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return csv_text(" ".join(str(v) for v in value))
    return csv_text(str(value))


# ---------------------------------------------------------------- cells for people
def display_cell(value: Any, decimals: int | None, numeric: bool) -> str:
    """Text shown in table/markdown cells: numbers rounded half up."""
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


def _words(value: Any, words: dict[str, str] | None) -> Any:
    """A code (or a list of codes) as the words people read, where ``words`` has them."""
    if not words:
        return value
    if isinstance(value, (list, tuple)):
        return [words.get(v, v) if isinstance(v, str) else v for v in value]
    return words.get(value, value) if isinstance(value, str) else value


def display_rows(table: Table, lang: str) -> tuple[list[str], list[list[str]], list[bool]]:
    """Headers, rows of display text and which columns are numeric, in the order people see them."""
    cols = people_order(table.columns)
    headers = [c.header(lang) for c in cols]
    rows = []
    for i, rec in enumerate(table.records):
        dec = table.decimals[i] if i < len(table.decimals) else None
        rows.append([display_cell(_words(rec.get(c.key), c.shown_zh if lang == "zh" else None),
                                  dec.get(c.key) if isinstance(dec, dict) else dec, c.numeric) for c in cols])  # fmt: skip
    return headers, rows, [c.numeric for c in cols]


# -------------------------------------------------------------------------- markdown
def table_markdown(table: Table, lang: str) -> str:
    """A GitHub-flavoured Markdown table, padded by display width (CJK counts double)."""
    from rich.cells import cell_len  # only here: csv and json need no rich

    headers, rows, numeric = display_rows(table, lang)
    esc = [[markdown_text(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(3, *(cell_len(r[j]) for r in esc)) for j in range(len(headers))]

    def pad(text: str, j: int) -> str:
        gap = " " * (widths[j] - cell_len(text))
        return gap + text if numeric[j] else text + gap

    lines = []
    if table.title:
        lines += [f"**{markdown_text(table.title)}**", ""]
    lines.append("| " + " | ".join(pad(h, j) for j, h in enumerate(esc[0])) + " |")
    lines.append("| " + " | ".join(("-" * (w - 1) + ":") if numeric[j] else "-" * w
                                   for j, w in enumerate(widths)) + " |")  # fmt: skip
    for row in esc[1:]:
        lines.append("| " + " | ".join(pad(c, j) for j, c in enumerate(row)) + " |")
    for note in table.notes:
        lines += ["", markdown_text(note, block=True)]
    return "\n".join(lines) + "\n"


def listing_markdown(listing: Listing) -> str:
    """A heading, the summary, then a section per group with one bullet per entry (all text escaped)."""
    md = markdown_text
    lines = [f"# {md(listing.title)}", "", md(listing.summary, block=True), ""]
    for group in listing.groups:
        lines += [f"## {md(group.title)} ({len(group.entries)})", ""]
        for e in group.entries:
            lines.append(f"- **{md(e.label)}** {markdown_code(' '.join(e.subject))}: {md(e.text)}"
                         + (f" ({md(e.where)})" if e.where else ""))  # fmt: skip
            if e.hint:
                lines.append(f"  - {md(listing.hint_label)}: {md(e.hint)}")
        lines.append("")
    return "\n".join(lines)


def lines_text(part: Lines, markdown: bool = False) -> str:
    """The lines, each made visible on one line (a line break from input is ↵: it cannot forge a line of a CI log) or
    escaped as a Markdown paragraph of its own."""
    if markdown:
        return "".join(markdown_text(line, block=True) + "\n" for line in part.lines)
    # a line may start with a path from input (a plan directory named "::error::x"): never a CI log's command
    return no_log_commands("".join(one_line(line) + "\n" for line in part.lines))


def part_markdown(part: Table | Listing | Lines, lang: str) -> str:
    if isinstance(part, Table):
        return table_markdown(part, lang)
    if isinstance(part, Listing):
        return listing_markdown(part)
    return lines_text(part, markdown=True)


# ------------------------------------------------------------------------------ html
#: a table with more columns than this is printed on a landscape page
WIDE_COLUMNS = 9


def table_html(table: Table, lang: str) -> str:
    """An HTML ``<table>`` (escaped; numbers right-aligned and rounded half up) with its notes."""
    escape = html_text
    headers, rows, numeric = display_rows(table, lang)
    ident = [c.identifier for c in people_order(table.columns)]
    cls = [' class="num"' if n else ' class="id"' if i else "" for n, i in zip(numeric, ident)]
    # a table of many columns is printed on a landscape page (the report's style sheet)
    out = ['<table class="wide">' if len(headers) > WIDE_COLUMNS else "<table>"]
    if table.title:
        out.append(f"<caption>{escape(table.title)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th{c}>{escape(h)}</th>" for h, c in zip(headers, cls)) + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td{c}>{escape(v)}</td>" for v, c in zip(row, cls)) + "</tr>")
    out.append("</tbody></table>")
    out += [f'<p class="note">{escape(n)}</p>' for n in table.notes]
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- github
def _gh_escape(text: str, prop: bool = False) -> str:
    """Escape a GitHub Actions workflow-command value."""
    text = visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github_annotations(document: dict[str, Any]) -> str:
    """A validation document's notices and problems as GitHub Actions workflow commands (``::error file=…``)."""
    out = []
    for plan in document.get("plans", []):
        for n in plan["notices"]:
            out.append(f"::notice::{_gh_escape(n)}")
        for d in plan["problems"]:
            line, row = d["line"], ""
            if line is not None and str(d["file"]).lower().endswith(".parquet"):  # a row of a binary file: no line
                line, row = None, f"row {d['line']}: "
            props = ",".join(f"{k}={_gh_escape(str(v), prop=True)}" for k, v in
                             (("file", d["file"]), ("line", line), ("col", d["column"]),
                              ("title", f"lingyuan-targets {d['code']}")) if v is not None)  # fmt: skip
            field = f"{d['field']}: " if d["field"] else ""
            out.append(f"::error {props}::{_gh_escape(row + field + str(d['message']))}")
    return "".join(line + "\n" for line in out)

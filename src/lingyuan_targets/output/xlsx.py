"""Excel (.xlsx) output: one worksheet per result table, numbers kept as numbers.

The sheets carry the same columns as csv/json (everything not ``display_only``)
with full precision; each row's display precision becomes the cells' number
format, so Excel shows what the terminal shows while formulas see exact values.
The bytes are reproducible: fixed document dates and fixed zip entry times.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from typing import Any

from ..plan.printed import clean
from ..views.table import Table
from .escape import FORMULA_START, one_line, visible

#: stamped into the document properties and every zip entry, so equal input gives equal bytes
_FIXED = dt.datetime(2000, 1, 1)
_MAX_WIDTH = 60
#: points per line of text in the default font (11-point Calibri: Excel's default row is 15 points)
_LINE_HEIGHT = 15
#: Excel forbids []:*?/\ in sheet names; keep the meaning where a look-alike exists
_SHEET_CHARS = str.maketrans({":": " ", "/": "-", "\\": "-", "[": "(", "]": ")", "*": " ", "?": " "})


def table_xlsx(tables: list[Table], lang: str) -> bytes:
    """An .xlsx workbook with one sheet per table; headers in ``lang`` ("zh" or "en")."""
    try:
        import openpyxl
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
        from openpyxl.xml.functions import tostring
    except ImportError as exc:
        raise RuntimeError("xlsx output needs openpyxl: pip install openpyxl") from exc
    from rich.cells import cell_len

    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # the default empty sheet; every sheet comes from a table
    taken: set[str] = set()
    bold, italic = Font(bold=True), Font(italic=True)
    wrapped = Alignment(wrap_text=True, vertical="top")

    def put(ws: Any, row: int, col: int, value: Any) -> Any:
        cell = ws.cell(row=row, column=col)
        if isinstance(value, str):
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", visible(value))  # control characters make openpyxl raise
            # openpyxl would store "=…" as a formula; a plan's text must never run in a spreadsheet
            cell.data_type = "s"
            if value.lstrip().startswith(FORMULA_START):
                cell.quotePrefix = True  # as if typed with a leading ': stays text when edited in Excel
        else:
            cell.value = value
        return cell

    for index, table in enumerate(tables, 1):
        ws = wb.create_sheet(_sheet_name(table.title, index, taken))
        cols = [c for c in table.columns if not c.display_only]  # the csv/json columns
        widths = [cell_len(c.header(lang)) for c in cols]
        for j, col in enumerate(cols, 1):
            put(ws, 1, j, col.header(lang)).font = bold
        for i, rec in enumerate(table.records):
            dec = table.decimals[i] if i < len(table.decimals) else None
            for j, col in enumerate(cols):
                value = _value(rec.get(col.key))
                places = dec.get(col.key) if isinstance(dec, dict) else dec
                cell = put(ws, i + 2, j + 1, value)
                is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
                if col.numeric and is_number and places is not None:
                    places = max(0, int(places))
                    cell.number_format = "0." + "0" * places if places else "0"
                    shown = f"{value:.{places}f}"
                elif is_number:
                    shown = f"{value:.10g}"  # roughly what the General format shows
                else:
                    shown = "" if value is None else str(value)
                widths[j] = max(widths[j], cell_len(shown))
        lines = [1] * len(table.records)  # text lines per row, where a wrapped column needs several
        for j, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(j)].width = min(_MAX_WIDTH, width + 2)
            if width + 2 > _MAX_WIDTH:  # a text longer than its column (a message, a snippet) wraps, read from the top
                for i, (cell,) in enumerate(ws.iter_rows(min_row=2, max_row=len(table.records) + 1, min_col=j,
                                                         max_col=j)):  # fmt: skip
                    cell.alignment = wrapped
                    if isinstance(cell.value, str):
                        lines[i] = max(lines[i], wrapped_lines(cell.value, _MAX_WIDTH - 2, cell_len))
        # a spreadsheet does not grow a row for wrapped text it did not lay out itself (LibreOffice overlaps the rows)
        top = Alignment(vertical="top")
        for i, n in enumerate(lines):
            if n > 1:  # a tall row reads from the top in every column, not only in the wrapped ones
                ws.row_dimensions[i + 2].height = _LINE_HEIGHT * n
                for cell in ws[i + 2]:
                    if not cell.alignment.wrap_text:
                        cell.alignment = top
        ws.freeze_panes = "B2" if cols and cols[0].sticky else "A2"
        if cols and table.records:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(table.records) + 1}"
        # printed: landscape, the columns fitted to the page's width, the header row on every page
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
        # notes overflow to the right rather than widening column A
        for k, note in enumerate(table.notes):
            put(ws, len(table.records) + 3 + k, 1, note).font = italic
    if not wb.worksheets:
        wb.create_sheet("Sheet1")  # a workbook needs at least one sheet

    wb.properties.creator = "lingyuan-targets"
    wb.properties.created = _FIXED
    buf = io.BytesIO()
    wb.save(buf)
    # Workbook.save stamps "modified" with the current time; put the fixed date back.
    wb.properties.modified = _FIXED
    return _repack(buf.getvalue(), {"docProps/core.xml": tostring(wb.properties.to_tree())})


def wrapped_lines(text: str, width: int, cell_len: Callable[[str], int]) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide (a CJK character counts two), about as a
    spreadsheet wraps it: each of its lines, at least one.

    >>> wrapped_lines("a" * 58, 58, len), wrapped_lines("a" * 59, 58, len), wrapped_lines("x\\ny", 58, len)
    (1, 2, 2)
    """
    return sum(max(1, -(-cell_len(line) // width)) for line in text.split("\n"))


def _value(value: Any) -> Any:
    """A cell value: numpy → Python, NaN/NA → None (empty cell), lists joined as in csv."""
    value = clean(value)
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _sheet_name(title: str, index: int, taken: set[str]) -> str:
    """A valid, unique sheet name: ≤ 31 characters, no []:*?/\\, not starting or ending with ', control characters
    visible (a title from input: ESC in the workbook's XML would make it unreadable)."""
    name = " ".join(one_line(title).translate(_SHEET_CHARS).split()).strip("'")[:31].strip(" '") or f"Sheet{index}"
    base, n = name, 1
    # Excel compares sheet names case-insensitively and reserves "History"
    while name.casefold() in taken or name.casefold() == "history":
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].rstrip(" '") + suffix
    taken.add(name.casefold())
    return name


def _repack(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same zip, entries in the same order, with fixed timestamps and permissions.

    openpyxl writes each entry with the current time (and worksheets with a temp
    file's mtime and mode), so two saves of one workbook differ byte for byte.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # ZipInfo defaults to the host OS; pin it
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, replace.get(info.filename, src.read(info)))
    return out.getvalue()

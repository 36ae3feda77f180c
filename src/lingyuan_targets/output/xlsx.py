"""Excel (.xlsx) output: one worksheet per result table, numbers kept as numbers.

The sheets carry the same columns as csv/json (everything not ``display_only``)
with full precision; each row's display precision becomes the cells' number
format, so Excel shows what the terminal shows while formulas see exact values.
The bytes are reproducible: fixed document dates and fixed zip entry times.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Callable
from typing import Any

import numpy as np

from ..plan.printed import clean
from ..views.table import ColumnRecords, Table
from .escape import FORMULA_START, one_line, visible

#: stamped into the document properties and every zip entry, so equal input gives equal bytes
_FIXED = dt.datetime(2000, 1, 1)
_MAX_WIDTH = 60
_MAX_ROWS = 1_048_576  # Excel's rows per sheet
#: points per line of text in the default font (11-point Calibri: Excel's default row is 15 points)
_LINE_HEIGHT = 15
#: Excel forbids []:*?/\ in sheet names; keep the meaning where a look-alike exists
_SHEET_CHARS = str.maketrans({":": " ", "/": "-", "\\": "-", "[": "(", "]": ")", "*": " ", "?": " "})


def table_xlsx(tables: list[Table], lang: str) -> bytes:
    """An .xlsx workbook with one sheet per table; headers in ``lang`` ("zh" or "en").

    Written by XlsxWriter row by row (its constant-memory mode: rows go to a temporary file as they are written),
    after a first pass over each table for the column widths and the rows that wrap.
    """
    try:
        import xlsxwriter
    except ImportError as exc:
        raise RuntimeError("xlsx output needs XlsxWriter: pip install xlsxwriter") from exc
    from rich.cells import cell_len

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": True, "strings_to_numbers": False,
                                     "strings_to_formulas": False, "strings_to_urls": False})  # fmt: skip
    book.set_properties({"author": "lingyuan-targets", "created": _FIXED})
    formats: dict[tuple[Any, ...], Any] = {}

    def fmt(number: str | None = None, *, bold: bool = False, italic: bool = False, wrap: bool = False,
            top: bool = False, quote: bool = False) -> Any:  # fmt: skip
        key = (number, bold, italic, wrap, top, quote)
        if key == (None, False, False, False, False, False):
            return None
        if key not in formats:
            props: dict[str, Any] = {}
            if number is not None:
                props["num_format"] = number
            if bold:
                props["bold"] = True
            if italic:
                props["italic"] = True
            if wrap:
                props["text_wrap"] = True
            if top or wrap:
                props["valign"] = "top"
            if quote:
                props["quote_prefix"] = True  # as if typed with a leading ': stays text when edited in Excel
            formats[key] = book.add_format(props)
        return formats[key]

    taken: set[str] = set()
    for table in tables:  # a sheet holds 1,048,576 rows (XlsxWriter would drop the others without a word)
        rows = 1 + len(table.records) + (1 + len(table.notes) if table.notes else 0)
        if rows > _MAX_ROWS:
            from .files import OutputError

            raise OutputError(f"xlsx: a sheet holds at most {_MAX_ROWS:,} rows; {table.title or 'this table'} has "
                              f"{rows:,} (write csv, json or markdown instead)")  # fmt: skip
    for index, table in enumerate(tables, 1):
        sheet = book.add_worksheet(_sheet_name(table.title, index, taken), worksheet_class=_exact_sheet())
        cols = [c for c in table.columns if not c.display_only]  # the csv/json columns
        grid = _Grid(table, cols, lang, cell_len)
        for j, width in enumerate(grid.widths):
            sheet.set_column(j, j, min(_MAX_WIDTH, width + 2))
        wraps = [width + 2 > _MAX_WIDTH for width in grid.widths]  # a text longer than its column wraps
        lines = grid.lines(wraps)
        for j, col in enumerate(cols):
            header = _text(col.header(lang))  # a header may carry a name from input (a scenario's, a goal's)
            sheet.write_string(0, j, header, fmt(bold=True, quote=_guarded(header)))
        styles = [grid.styles(j, wraps[j], lines, fmt) for j in range(len(cols))]
        last = len(cols)
        for i, (row, style) in enumerate(zip(zip(*grid.columns), zip(*styles))):
            if lines[i] > 1:  # a spreadsheet does not grow a row for wrapped text it did not lay out itself
                sheet.set_row(i + 1, _LINE_HEIGHT * lines[i])
            first = 0
            for j in range(1, last + 1):  # the row in runs of cells of one style
                if j == last or style[j] is not style[first]:
                    sheet.write_row(i + 1, first, row[first:j], style[first])
                    first = j
        # notes overflow to the right rather than widening column A
        for k, note in enumerate(table.notes):
            text = _text(note)
            sheet.write_string(len(table.records) + 2 + k, 0, text, fmt(italic=True, quote=_guarded(text)))
        sheet.freeze_panes(1, 1 if cols and cols[0].sticky else 0)
        if cols and table.records:
            sheet.autofilter(0, 0, len(table.records), len(cols) - 1)
        # printed: landscape, the columns fitted to the page's width, the header row on every page
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)
    if not tables:
        book.add_worksheet("Sheet1")  # a workbook needs at least one sheet
    book.close()
    # XlsxWriter writes each part through a temporary file stamped 31 January 1980 (local time): the bytes are
    # the same for the same tables, whatever the clock says
    return buf.getvalue()


@functools.cache
def _exact_sheet() -> Any:
    """XlsxWriter's worksheet writing each number in its shortest round-trip form (repr), as csv and json do: its
    own writes 16 significant digits, and 150.2 × 1.1**5 = 241.89860200000007 would come back as 241.8986020000001.
    (``tests/test_streaming.py`` reads the numbers back exactly.)"""
    from xlsxwriter.worksheet import Worksheet

    class Exact(Worksheet):
        def _xml_number_element(self, number: float, attributes: Any = ()) -> None:
            attr = ""  # as XlsxWriter's own (a loop: this runs once per number cell)
            for key, value in attributes:
                attr += f' {key}="{self._escape_attributes(value)}"'
            self.fh.write(f"<c{attr}><v>{number!r}</v></c>")

    return Exact


class _Grid:
    """A table's cells as a workbook holds them, column by column (texts with their control characters shown,
    numpy numbers as Python's, NaN as an empty cell), the widths of its columns (the text a cell shows, CJK counting
    two) and each row's display precision."""

    def __init__(self, table: Table, cols: list[Any], lang: str, cell_len: Callable[[str], int]) -> None:
        records = table.records
        raw = [records.column(c.key) if isinstance(records, ColumnRecords) else [rec.get(c.key) for rec in records]
               for c in cols]  # fmt: skip
        self.cols = cols
        self.cell_len = cell_len
        self.columns = [_cells(values) for values in raw]
        self.n = len(records)
        keys = [c.key for c in cols]
        decimals: list[Any] = list(table.decimals)[: self.n] + [None] * max(0, self.n - len(table.decimals))
        # each row's places per column: one for the row (an int), by column (a dict), or none
        if any(isinstance(d, dict) for d in decimals):
            self.places = [[d.get(k) if isinstance(d, dict) else d for d in decimals] for k in keys]
        else:  # one precision per row (a projection): the same list for every column
            self.places = [decimals] * len(keys)
        self.widths = [cell_len(c.header(lang)) for c in cols]
        self._shared: dict[tuple[Any, ...], Any] = {}
        self._row_styles: list[Any] | None = None  # the styles of a column of numbers, for the others like it
        self._row_places: list[Any] = []
        shown: dict[str, int] = {}
        self.floats = [set(map(type, values)) <= {float, type(None)} for values in self.columns]
        for j, (col, values) in enumerate(zip(cols, self.columns)):
            widest = self.widths[j]
            numbers: dict[int | None, tuple[float, float]] = {}  # by places: the largest and the most negative
            kinds = set(map(type, values))
            if kinds <= {str, type(None)}:  # texts: the widest of the distinct ones
                for value in set(values) - {None}:
                    if value not in shown:
                        shown[value] = cell_len(value)
                    widest = max(widest, shown[value])
                values = []
            elif self.floats[j] and col.numeric and None not in self.places[j]:  # at once: a projection's years
                grid = np.array(values, dtype=float)  # None: NaN
                row_places = np.maximum(np.array(self.places[j], dtype=np.int64), 0)
                for p in np.unique(row_places[~np.isnan(grid)]).tolist():
                    chosen = grid[(row_places == p) & ~np.isnan(grid)]
                    numbers[p] = (max(float(chosen.max()), 0.0), min(float(chosen.min()), 0.0))
                values = []
            for value, places in zip(values, self.places[j]):
                kind = type(value)
                if kind is str:
                    if value not in shown:
                        shown[value] = cell_len(value)
                    widest = max(widest, shown[value])
                elif kind is bool:
                    widest = max(widest, len(str(value).upper()))
                elif value is not None:
                    key = max(0, int(places)) if col.numeric and places is not None else None
                    if key is None:
                        widest = max(widest, len(f"{value:.10g}"))  # roughly what the General format shows
                        continue
                    high, low = numbers.get(key, (0.0, 0.0))
                    numbers[key] = (max(high, value), min(low, value))
            for places, (high, low) in numbers.items():  # the widest text of a fixed format is that of an extreme
                widest = max(widest, len(f"{high:.{places}f}"), len(f"{low:.{places}f}"))
            self.widths[j] = widest

    def lines(self, wraps: list[bool]) -> list[int]:
        """Text lines per row, where a wrapped column needs several."""
        out = [1] * self.n
        for j in (j for j, w in enumerate(wraps) if w):
            for i, value in enumerate(self.columns[j]):
                if type(value) is str:
                    out[i] = max(out[i], wrapped_lines(value, _MAX_WIDTH - 2, self.cell_len))
        return out

    def styles(self, j: int, wrap: bool, lines: list[int], fmt: Callable[..., Any]) -> list[Any]:
        """Each cell's format in column ``j``: its number format (a number in a numeric column with places), wrapped,
        top-aligned in a tall row, quoted where a text could start a formula."""
        numeric = self.cols[j].numeric
        made: dict[tuple[Any, ...], Any] = {}
        if numeric and self.floats[j] and not wrap:  # numbers (or empty cells) alone: by places and height
            # the columns of one table mostly share their rows' places and have no empty cell: one list for all
            if None not in self.columns[j] and self._row_styles is not None and self.places[j] == self._row_places:
                return self._row_styles
            style: dict[tuple[int | None, bool], Any] = {}
            out = []
            for value, places, n in zip(self.columns[j], self.places[j], lines):
                at = (None if value is None or places is None else max(0, int(places)), n > 1)
                if at not in style:
                    number = None if at[0] is None else (_NUMBER_FORMATS[at[0]] if at[0] < len(_NUMBER_FORMATS)
                                                         else "0." + "0" * at[0])  # fmt: skip
                    style[at] = self._shared.setdefault((number, at[1]), fmt(number, top=at[1]))
                out.append(style[at])
            if None not in self.columns[j] and self._row_styles is None:
                self._row_styles, self._row_places = out, self.places[j]
            return out
        out = []
        guarded: dict[str, bool] = {}
        for value, places, n in zip(self.columns[j], self.places[j], lines):
            kind = type(value)
            if kind is str and not numeric:  # a text: its height, and whether it is guarded (once per text)
                if value not in guarded:
                    guarded[value] = _guarded(value)
                text_key: tuple[Any, ...] = (None, n > 1, guarded[value])
                if text_key not in made:
                    made[text_key] = fmt(None, wrap=wrap, top=n > 1, quote=guarded[value])
                out.append(made[text_key])
                continue
            number = None
            if numeric and places is not None and kind in (int, float):
                k = max(0, int(places))
                number = _NUMBER_FORMATS[k] if k < len(_NUMBER_FORMATS) else "0." + "0" * k
            key = (number, n > 1, kind is str and _guarded(value))
            if key not in made:
                made[key] = fmt(number, wrap=wrap, top=key[1], quote=key[2])
            out.append(made[key])
        return out


def _cells(values: list[Any]) -> list[Any]:
    """A column's cells: texts shown (control characters visible), numbers as Python's, NaN and NA empty."""
    kinds = set(map(type, values))
    if kinds <= {float, type(None)}:  # NaN and ±inf: empty, as clean() gives them
        if type(None) not in kinds and np.isfinite(np.array(values, dtype=float)).all():
            return values
        return [v if v is not None and v - v == 0 else None for v in values]
    if kinds <= {str, type(None)}:
        shown = {v: _text(v) for v in set(values) if v is not None}
        return [None if v is None else shown[v] for v in values]
    out = []
    for value in values:
        value = _value(value)
        out.append(_text(value) if isinstance(value, str) else value)
    return out


def _guarded(text: str) -> bool:
    """Whether a text could start a formula (a plan's text must never run in a spreadsheet): its cell gets the
    quote prefix, as if typed with a leading '."""
    return text.lstrip().startswith(FORMULA_START)


_NUMBER_FORMATS = ["0", *("0." + "0" * k for k in range(1, 16))]
#: characters XML 1.0 cannot hold (a lone surrogate cannot even be encoded): replaced by U+FFFD
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """A cell's text: control characters visible (ESC in a sheet's XML would make the workbook unreadable)."""
    return _NOT_XML.sub("\ufffd", visible(value))


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

"""Excel output: round trip through pandas/openpyxl, number formats, sheet names, reproducible bytes."""

from __future__ import annotations

import io
import math
import sys
import zipfile

import numpy as np
import pandas as pd
import pytest

from lingyuan_targets.output.xlsx import table_xlsx
from lingyuan_targets.views.table import Column, Table

openpyxl = pytest.importorskip("openpyxl")


def _table(title: str = "凌源市 测试表") -> Table:
    cols = [
        Column("id", "编号", "id", sticky=True),
        Column("name", "指标", "indicator"),
        Column("value", "数值", "value", numeric=True),
        Column("count", "个数", "count", numeric=True),
        Column("shown", "显示", "shown", display_only=True),
        Column("kind", "类型", "kind", machine_only=True),
        Column("text", "文字", "text"),
    ]
    records = [
        {"id": "gdp", "name": "地区生产总值", "value": np.float64(150.2), "count": np.int64(3),
         "shown": "terminal only", "kind": "level", "text": "=1+1"},
        {"id": "rate", "name": "增速", "value": float("nan"), "count": pd.NA,
         "shown": "terminal only", "kind": "rate", "text": "-3 pt"},
        {"id": "odd", "name": "@mention", "value": 2.345, "count": 12,
         "shown": "x", "kind": "level", "text": "+5"},
    ]  # fmt: skip
    return Table(title=title, columns=cols, records=records,
                 decimals=[1, {"value": 2, "count": 0}, {"count": 0}], notes=["注：仅供测试", "=note"])  # fmt: skip


def _read(data: bytes) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(data), sheet_name=None)


def _frame(data: bytes) -> pd.DataFrame:
    """The first sheet's data rows (notes below the empty row dropped)."""
    return next(iter(_read(data).values())).iloc[:3]


def test_headers_follow_language_and_csv_columns():
    """Headers are in the chosen language; display_only columns are absent, machine_only ones present."""
    zh = _frame(table_xlsx([_table()], "zh"))
    en = _frame(table_xlsx([_table()], "en"))
    assert list(zh.columns) == ["编号", "指标", "数值", "个数", "类型", "文字"]
    assert list(en.columns) == ["id", "indicator", "value", "count", "kind", "text"]


def test_values_round_trip():
    """Numbers come back as numbers equal to the inputs, NaN/NA as empty cells, Chinese text unchanged."""
    df = _frame(table_xlsx([_table()], "en"))
    assert list(df["id"]) == ["gdp", "rate", "odd"]
    assert df.loc[0, "indicator"] == "地区生产总值"
    assert df.loc[0, "value"] == 150.2 and df.loc[2, "value"] == 2.345
    assert math.isnan(df.loc[1, "value"]) and math.isnan(df.loc[1, "count"])
    assert df.loc[0, "count"] == 3 and df.loc[2, "count"] == 12
    assert list(df["kind"]) == ["level", "rate", "level"]


def test_formula_like_text_stays_text():
    """Text starting with = + - @ is stored as a string, never as a formula, and reads back unchanged."""
    data = table_xlsx([_table()], "en")
    df = _frame(data)
    assert list(df["text"]) == ["=1+1", "-3 pt", "+5"] and df.loc[2, "indicator"] == "@mention"
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws["F2"].value == "=1+1" and ws["F2"].data_type == "s" and ws["F2"].quotePrefix
    assert ws["A7"].value == "=note" and ws["A7"].data_type == "s"
    assert "<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()


def test_number_formats_follow_decimals():
    """A numeric cell's format is the row's display precision ("0.0", "0.00", "0"), else General."""
    ws = openpyxl.load_workbook(io.BytesIO(table_xlsx([_table()], "en"))).worksheets[0]
    assert ws["C2"].number_format == "0.0" and ws["D2"].number_format == "0.0"  # an int: the whole row
    assert ws["C4"].number_format == "General" and ws["D4"].number_format == "0"  # dict without the key
    assert ws["C2"].data_type == "n" and isinstance(ws["C2"].value, float) and isinstance(ws["D2"].value, int)
    assert ws["C3"].value is None and ws["B2"].number_format == "General"
    two = Table(title="t", columns=[Column("v", "值", "v", numeric=True)], records=[{"v": 0.5}], decimals=[2])
    assert openpyxl.load_workbook(io.BytesIO(table_xlsx([two], "en"))).worksheets[0]["A2"].number_format == "0.00"


def test_layout_header_freeze_widths():
    """Bold headers, panes frozen below the header and right of a sticky first column, capped widths."""
    t = _table()
    t.records[0]["name"] = "很长的名字" * 20
    ws = openpyxl.load_workbook(io.BytesIO(table_xlsx([t], "zh"))).worksheets[0]
    assert ws["A1"].font.b and ws.freeze_panes == "B2"
    # 60 characters, stored as Excel stores a width (in whole pixels of the default font: 60.71)
    assert 60 <= ws.column_dimensions["B"].width < 61 and 4 <= ws.column_dimensions["A"].width < 10
    t.columns[0].sticky = False
    assert openpyxl.load_workbook(io.BytesIO(table_xlsx([t], "zh"))).worksheets[0].freeze_panes == "A2"


def test_rows_of_wrapped_text_are_as_tall_as_their_lines():
    """A 100-character CJK name (200 cells) in a 60-wide column wraps in 58 cells a line: ceil(200 / 58) = 4 lines,
    4 × 15 = 60 points; a name with a line break and 10 characters (20 cells) after it takes 1 + 1 = 2 lines; a row
    that fits keeps the default height."""
    t = _table()
    t.records[0]["name"] = "很长的名字" * 20
    t.records[1]["name"] = "很长" * 35 + "\n" + "短" * 10  # 140 cells (3 lines of 58) and 20 cells: 3 + 1 lines
    assert math.ceil(200 / 58) == 4 and math.ceil(140 / 58) == 3
    ws = openpyxl.load_workbook(io.BytesIO(table_xlsx([t], "zh"))).worksheets[0]
    assert ws.row_dimensions[2].height == 4 * 15 and ws.row_dimensions[3].height == (3 + 1) * 15
    assert ws.row_dimensions[1].height is None and ws["B2"].alignment.wrap_text
    assert ws["A2"].alignment.vertical == "top" and ws["A4"].alignment.vertical is None  # tall rows read from the top


def test_notes_below_data():
    """Notes follow the data after one empty row, one per row in column A, in italics."""
    ws = openpyxl.load_workbook(io.BytesIO(table_xlsx([_table()], "zh"))).worksheets[0]
    assert all(ws.cell(row=5, column=j).value is None for j in range(1, 8))
    assert ws["A6"].value == "注：仅供测试" and ws["A7"].value == "=note" and ws["A6"].font.i
    assert ws.max_row == 7


def test_sheet_names_valid_and_unique():
    """Titles are sanitised to Excel's rules (≤ 31 chars, no []:*?/\\) and made unique case-insensitively."""
    titles = ["a/b: c", "A/B: C", "x" * 40, "x" * 40, "", "[what?]*\\"]
    data = table_xlsx([_table(t) for t in titles], "en")
    names = list(_read(data))
    assert names == ["a-b c", "A-B C (2)", "x" * 31, "x" * 27 + " (2)", "Sheet5", "(what ) -"]
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.casefold() for n in names}) == len(names)


def test_two_tables_two_sheets():
    """Each table becomes its own sheet, in order, with its own data."""
    other = Table(title="second", columns=[Column("n", "数", "n", numeric=True)], records=[{"n": 1.5}])
    sheets = _read(table_xlsx([_table(), other], "en"))
    assert list(sheets) == ["凌源市 测试表", "second"]
    assert sheets["second"]["n"].tolist() == [1.5]


def test_bytes_identical_across_calls(monkeypatch):
    """Two calls give identical bytes: fixed document dates and zip entry times (XlsxWriter's 31 January 1980),
    whatever the clock says."""
    import time

    first = table_xlsx([_table()], "zh")
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86400 * 400)  # zipfile stamps entries from time.time()
    second = table_xlsx([_table()], "zh")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 31, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "lingyuan-targets" in core and core.count("2000-01-01T00:00:00Z") == 2


def test_missing_xlsxwriter(monkeypatch):
    """Without XlsxWriter the function says how to install it."""
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    with pytest.raises(RuntimeError, match="pip install xlsxwriter"):
        table_xlsx([_table()], "en")


def test_real_projection_table(plan):
    """The embedded plan's GDP projection round-trips: 2025 = 150.2 × 1.1⁵ (10% a year from 2020)."""
    from lingyuan_targets.views import projection

    t = projection.projection_table(plan, "en", ids=("gdp",), to=2025, scenario="continue", step=1)
    data = table_xlsx([t], "en")
    ((name, df),) = _read(data).items()
    assert name == t.title.replace(":", "")[:31]
    row = df[df["id"] == "gdp"].iloc[0]
    assert row["2025"] == pytest.approx(150.2 * 1.1**5, rel=1e-12) and row["2020"] == 150.2
    assert "kind" in df.columns and row["kind"] == "level"  # machine_only columns are in the file
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws.cell(row=2, column=list(df.columns).index("2025") + 1).number_format == "0.0"


def test_a_sheet_prints_and_filters():
    """Every sheet has an autofilter over its header and rows, prints landscape on A4 fitted to one page wide with
    the header row repeated, and wraps (top-aligned) a column whose texts are wider than a column may be; a column
    of short texts is left as it is."""
    long = "sum-mismatch: 设施农业标准化生产面积（目标值）：26 + 3 + 1 = 30，与合计 27 不符（差 +3）" * 2
    table = Table("t", [Column("id", "编号", "id", sticky=True), Column("message", "说明", "message")],
                  [{"id": "a", "message": long}, {"id": "b", "message": "short"}])  # fmt: skip
    ws = openpyxl.load_workbook(io.BytesIO(table_xlsx([table], "en"))).worksheets[0]
    assert ws.auto_filter.ref == "A1:B3"  # 2 columns, a header and 2 rows
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    # one page wide: fitToWidth is 1 where the file leaves it out (the format's default)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0 and ws.print_title_rows == "$1:$1"
    assert ws["B2"].alignment.wrap_text and ws["B2"].alignment.vertical == "top" and ws["B3"].alignment.wrap_text
    assert not ws["A2"].alignment.wrap_text

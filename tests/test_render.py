"""CSV rendering: the column-wise writer gives the bytes csv.writer gives, cell by cell."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lingyuan_targets.output.text import _csv_cell, table_csv
from lingyuan_targets.plan.printed import clean
from lingyuan_targets.views.table import Column, ColumnRecords, Table

CELLS = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.text(alphabet=st.sampled_from(list('ab,"\n\r =+-@\t规划 ')), max_size=8),
)


def _reference(keys: list[str], rows: list[dict]) -> str:
    """What the renderer wrote before it went column by column: csv.writer, one cell at a time."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([_csv_cell(clean(row.get(k))) for k in keys])
    return out.getvalue()


@settings(max_examples=200, deadline=None)
@given(n_cols=st.integers(1, 4), data=st.data())
def test_column_writer_matches_csv_writer(n_cols, data):
    keys = [f"c{i}" for i in range(n_cols)]
    # some columns all floats (the fast path), others mixed
    kinds = [data.draw(st.sampled_from(["float", "finite", "text", "mixed"])) for _ in keys]
    strategy = {"float": st.floats(allow_nan=True, allow_infinity=True),
                "finite": st.floats(allow_nan=False, allow_infinity=False),
                "text": st.one_of(st.none(), st.text(alphabet=st.sampled_from(list('ab,"\n =-规')), max_size=6)),
                "mixed": CELLS}  # fmt: skip
    n = data.draw(st.integers(0, 6))
    rows = [{k: data.draw(strategy[kind]) for k, kind in zip(keys, kinds)} for _ in range(n)]
    table = Table("t", [Column(k, k, k) for k in keys], rows)
    assert table_csv(table) == _reference(keys, rows)
    columns = ColumnRecords({k: [r[k] for r in rows] for k in keys}) if rows else rows
    assert table_csv(Table("t", [Column(k, k, k) for k in keys], columns)) == _reference(keys, rows)


FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.floats(-1e-3, 1e-3), st.sampled_from([0.0, -0.0]))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_float_columns_held_as_arrays_write_what_their_lists_write(data):
    """A projection's years reach the writers as float64 arrays (ColumnRecords): csv and Parquet write the bytes
    the same floats give as lists, whatever runs of array, list and text columns a table has."""
    n = data.draw(st.integers(0, 6))
    kinds = data.draw(st.lists(st.sampled_from(["array", "list", "text"]), min_size=2, max_size=6))
    keys = [f"c{i}" for i in range(len(kinds))]
    lists: dict = {}
    for k, kind in zip(keys, kinds):
        cells = st.text(alphabet=st.sampled_from(list('ab,"=规')), max_size=4) if kind == "text" else FLOATS
        lists[k] = [data.draw(cells) for _ in range(n)]
    held = {k: np.array(v, dtype=np.float64) if kind == "array" else v for (k, v), kind in zip(lists.items(), kinds)}
    columns = [Column(k, k, k, numeric=kind != "text") for k, kind in zip(keys, kinds)]
    as_lists, as_arrays = ColumnRecords(lists), ColumnRecords(held)
    assert table_csv(Table("t", columns, as_arrays)) == table_csv(Table("t", columns, as_lists))
    assert [repr(r) for r in as_arrays] == [repr(r) for r in as_lists]  # as rows (repr: NaN equal to NaN)
    assert as_arrays.column(keys[0]) is as_arrays.column(keys[0])  # made once
    pytest.importorskip("pyarrow")
    from lingyuan_targets.output.parquet import arrow_table

    assert arrow_table(Table("t", columns, as_arrays)).equals(arrow_table(Table("t", columns, as_lists)))


def test_column_records_hold_float64_arrays_only():
    rec = ColumnRecords({"id": ["gdp", "pop"], "2025": np.array([242.0, np.nan])})
    assert rec.floats("2025") is not None and rec.floats("id") is None
    assert rec.column("2025")[0] == 242.0 and type(rec.column("2025")[0]) is float and math.isnan(rec[1]["2025"])
    with pytest.raises(ValueError, match="float64"):
        ColumnRecords({"n": np.array([1, 2])})


def test_column_writer_by_hand():
    """Floats in shortest round-trip form, NaN and inf empty, quotes doubled, formulas neutralised."""
    rows = [{"a": 150.2 * 1.1**5, "b": 'say "hi", then', "c": math.nan},
            {"a": 0.1, "b": "=HYPERLINK(1)", "c": math.inf}]  # fmt: skip
    text = table_csv(Table("t", [Column(k, k, k) for k in "abc"], rows))
    assert text == 'a,b,c\n241.89860200000007,"say ""hi"", then",\n0.1,\'=HYPERLINK(1),\n'
    assert repr(150.2 * 1.1**5) == "241.89860200000007"


def test_column_records_read_as_dicts():
    rec = ColumnRecords({"id": ["gdp", "pop"], "2025": [242.0, None]})
    assert len(rec) == 2 and rec[1] == {"id": "pop", "2025": None} and rec[:1] == [{"id": "gdp", "2025": 242.0}]
    assert [r["id"] for r in rec] == ["gdp", "pop"] and rec.column("missing") == [None, None]


def test_column_records_empty_and_tables_without_machine_columns():
    """No columns iterates as no rows (never forever); a table with no csv column writes one empty line per row,
    as csv.writer does for an empty row."""
    assert list(ColumnRecords({})) == [] and len(ColumnRecords({})) == 0
    shown_only = [Column("a", "a", "a", display_only=True)]
    assert table_csv(Table("t", shown_only, [{"a": 1}, {"a": 2}])) == "\n" * 3
    assert table_csv(Table("t", [Column("a", "a", "a")], [{"a": ""}, {"a": "x"}])) == 'a\n""\nx\n'

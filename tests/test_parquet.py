"""Plans tables given as Parquet, and results written as Parquet (``-f parquet``)."""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lingyuan_targets.io.plantable as plantable
from lingyuan_targets.checks.runner import check_stack
from lingyuan_targets.io.parquettable import parquet_frames
from lingyuan_targets.io.plantable import read_plans_table
from lingyuan_targets.io.synthetic import plans_table
from lingyuan_targets.output.parquet import ROW_GROUP, arrow_table, table_parquet
from lingyuan_targets.plan.errors import PlanError
from lingyuan_targets.views.table import Column, ColumnRecords, Table

from .test_cli import _invoke

HEAD = ["plan", "id", "name", "unit", "kind", "direction", "base", "target", "growth_basis", "growth_value"]
ROW_OK = ["a", "gdp", "地区生产总值", "亿元", "level", "at_least", "150.2", "241.9", "annual", "10"]


def _write(path: Path, columns: dict[str, list[object]] | pa.Table) -> Path:
    table = columns if isinstance(columns, pa.Table) else pa.table(columns)
    pq.write_table(table, path)
    return path


def _two_plans(path: Path) -> Path:
    """GDP 150.2 at 10% a year: p1 prints 241.9 (150.2 · 1.1**5 = 241.898… rounds to it), p2 prints 250."""
    rows = [["p1", "gdp", "地区生产总值", "亿元", "level", "at_least", "150.2", "241.9", "annual", "10"],
            ["p2", "gdp", "地区生产总值", "亿元", "level", "at_least", "150.2", "250", "annual", "10"]]  # fmt: skip
    return _write(path, {h: [r[k] for r in rows] for k, h in enumerate(HEAD)})


# ---------------------------------------------------------------------------------------------------- reading
def test_a_parquet_table_is_read_as_its_csv_would_be(tmp_path):
    """The hand arithmetic of the CSV test, from Parquet: a problem's line is the row's number (the first row is 1)."""
    stacks, problems, notices = read_plans_table(_two_plans(tmp_path / "plans.parquet"))
    assert not problems and not notices
    reports = {r.plan: r for r in check_stack(stacks[0], passes=True)}
    assert [f.code for f in reports["p1"].results] == ["target-rule-exact"]
    [finding] = reports["p2"].findings
    assert finding.code == "target-rule-inconsistent"
    assert finding.values["computed_target"] == pytest.approx(150.2 * 1.1**5)  # 241.898…
    assert finding.sources[1]["file"] == "plans.parquet" and finding.sources[1]["file_line"] == 2


def test_every_check_of_a_synthetic_table_is_the_same_from_csv_and_parquet(tmp_path):
    """80 synthetic plans (some inconsistent by construction) give the same findings read from either file."""
    frame = plans_table(80, seed=5)
    frame.to_csv(tmp_path / "t.csv", index=False)
    frame.to_parquet(tmp_path / "t.parquet", index=False)
    from_csv = _invoke(["check", "--plan", str(tmp_path / "t.csv"), "-f", "json"])
    from_parquet = _invoke(["check", "--plan", str(tmp_path / "t.parquet"), "-f", "json"])
    assert from_csv.exit_code == from_parquet.exit_code == 1  # findings
    a, b = json.loads(from_csv.stdout), json.loads(from_parquet.stdout)
    assert a["summary"] == b["summary"] and a["summary"]["errors"] > 0

    def lines_shifted(doc: dict) -> list:  # the csv's lines are one more than the rows (its header is line 1)
        return [[(s["file_line"], s["value"]) for f in p["findings"] for s in f["sources"]] for p in doc["plans"]]

    assert [[(line - 1, v) for line, v in plan] for plan in lines_shifted(a)] == lines_shifted(b)
    assert [[f["message_en"] for f in p["findings"]] for p in a["plans"]] == \
           [[f["message_en"] for f in p["findings"]] for p in b["plans"]]  # fmt: skip


def test_typed_columns_become_the_text_a_csv_cell_holds(tmp_path):
    """Floats in their shortest form without .0 (242.0 → 242), NaN and null empty, integers in decimal, decimals with
    their scale (7.50 keeps two decimals), dictionary columns decoded; a notice names the float columns."""
    path = _write(tmp_path / "typed.parquet", pa.table({
        "plan": pa.array(["a", "a", "a"]).dictionary_encode(), "id": ["x", "y", "z"], "name": ["X", "Y", "Z"],
        "unit": ["亿元", "%", "万人"], "kind": ["level", "share", "level"],
        "base": pa.array([150.2, float("nan"), None], pa.float64()),
        "target": pa.array([decimal.Decimal("242.00"), decimal.Decimal("7.50"), None], pa.decimal128(6, 2)),
        "base_year": pa.array([2020, 2020, 2020], pa.int16()), "growth_value": pa.array([10.0, None, 0.1 + 0.2]),
        "growth_basis": ["annual", "", "annual"],
    }))  # fmt: skip
    notes: list[str] = []
    [(frame, ragged)] = parquet_frames(path, [0], None, plantable._check_header, lambda p, m: notes.append(m),
                                       plantable.NUMBERS, plantable.MAX_TABLE_BYTES)  # fmt: skip
    assert not ragged
    assert frame["plan"].tolist() == ["a", "a", "a"]
    assert frame["base"].tolist() == ["150.2", "", ""]
    assert frame["target"].tolist() == ["242.00", "7.50", ""]
    assert frame["base_year"].tolist() == ["2020"] * 3
    assert frame["growth_value"].tolist() == ["10", "", "0.30000000000000004"]  # repr(0.1 + 0.2)
    assert frame["_line"].tolist() == [1, 2, 3]
    assert len(notes) == 1 and notes[0].startswith("base, growth_value: float column(s)")
    stacks, problems, _ = read_plans_table(path)
    assert not problems
    ind = stacks[0].plan.indicators.set_index("id")
    assert ind.loc["a/x", "target_decimals"] == 2 and ind.loc["a/y", "target_decimals"] == 2


@pytest.mark.parametrize(
    ("columns", "code", "field", "line"),
    [
        ({"plan": ["a"], "id": ["x"], "name": ["X"]}, "csv-header", None, None),  # unit, kind missing
        ({**{h: ["a"] for h in HEAD}, "base": pa.array([datetime.date(2020, 1, 1)])}, "wrong-type", "base", None),
        ({**{h: ["a"] for h in HEAD}, "colour": ["red"]}, "unknown-field", None, None),
        ({**{h: ["a", "a"] for h in HEAD}, "name": ["GDP", "G\x1b[31mDP"]}, "binary-file", "name", 2),
        ({h: pa.array([], pa.string()) for h in HEAD}, "empty-file", None, None),
    ],
    ids=["missing-columns", "a-date-column", "unknown-column", "an-escape-in-a-cell", "no-rows"],
)
def test_a_parquet_table_that_cannot_be_used(tmp_path, columns, code, field, line):
    """One line naming the file (and the column, and the row), the code, exit 2, no traceback."""
    path = _write(tmp_path / "t.parquet", columns)
    with pytest.raises(PlanError) as err:
        read_plans_table(path)
    assert (err.value.code, err.value.location.field, err.value.location.line) == (code, field, line)
    result = _invoke(["check", "--plan", str(path), "-f", "json"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr and result.stdout == ""
    assert f"t.parquet{':' + str(line) if line else ''}" in result.stderr and f"[{code}]" in result.stderr
    assert "\x1b" not in result.stderr


def test_one_long_text_on_every_row_is_held_once(tmp_path):
    """A small file whose rows all hold one text of a million characters (dictionary-encoded: 30,000 rows in a few
    kilobytes) is read as codes pointing at one string, not 30 GB of copies; its size before compression is checked
    against the limit."""
    long = "长" * 1_000_000
    rows = 30_000
    columns = {h: pa.array(["a"] * rows) for h in HEAD}
    columns["id"] = pa.array([f"x{k}" for k in range(rows)])
    repeated = pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, dtype=np.int32)), pa.array([long]))
    path = _write(tmp_path / "t.parquet", {**columns, "snippet": repeated})
    assert path.stat().st_size < 1_000_000
    frames = list(parquet_frames(path, [0], None, plantable._check_header, lambda p, m: None, plantable.NUMBERS,
                                 plantable.MAX_TABLE_BYTES))  # fmt: skip
    cells = [c for frame, _ in frames for c in frame["snippet"]]
    assert len(cells) == rows and len({id(c) for c in cells}) <= len(frames) and cells[0] == long
    with pytest.raises(PlanError) as err:  # the limit is on the data before compression (the footer's sizes)
        list(parquet_frames(path, [0], None, plantable._check_header, lambda p, m: None, plantable.NUMBERS, 10_000))
    assert err.value.code == "file-too-large" and "before compression; the limit is 10,000" in err.value.message


@pytest.mark.parametrize("data", [b"", b"PAR1", b"plan,id\nx,y\n", b"PAR1" + bytes(range(256)) + b"PAR1"])
def test_a_file_that_is_not_parquet(tmp_path, data):
    path = tmp_path / "t.parquet"
    path.write_bytes(data)
    result = _invoke(["check", "--plan", str(path), "-f", "json"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "t.parquet: not a Parquet file, or a damaged one" in result.stderr and "[table-format]" in result.stderr


def test_without_pyarrow_parquet_says_how_to_install_it(tmp_path, monkeypatch):
    path = _two_plans(tmp_path / "plans.parquet")
    # import pyarrow.parquet raises ImportError (pyarrow itself stays: pandas uses it for its strings when installed)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    for args in (["check", "--plan", str(path), "-f", "json"], ["project", "-o", str(tmp_path / "out.parquet")]):
        result = _invoke(args)
        assert result.exit_code == 2 and "Traceback" not in result.stderr, args
        assert "pip install 'lingyuan-targets[parquet]'" in result.stderr
    assert not (tmp_path / "out.parquet").exists()


# ---------------------------------------------------------------------------------------------------- writing
def test_project_as_parquet_holds_the_csv_values_exactly(tmp_path):
    """Every cell of the projection's csv is in the Parquet file: floats as the same doubles (150.2 · 1.1**5 among
    them), texts as they are."""
    out = tmp_path / "p.parquet"
    assert _invoke(["project", "--to", "2035", "-o", str(out)]).exit_code == 0
    text = _invoke(["project", "--to", "2035", "-f", "csv"]).stdout
    rows = list(csv.reader(io.StringIO(text)))
    table = pq.read_table(out)
    assert table.column_names == rows[0]
    assert table.schema.field("2025").type == pa.float64() and table.schema.field("id").type == pa.string()
    columns = table.to_pydict()
    for j, name in enumerate(rows[0]):
        for i, row in enumerate(rows[1:]):
            value = columns[name][i]
            assert row[j] == ("" if value is None else repr(value) if isinstance(value, float) else str(value))
    gdp = columns["id"].index("gdp")
    assert columns["2025"][gdp] == 150.2 * 1.1**5  # 241.89860200000007


def test_many_plans_as_parquet_are_the_same_bytes_in_any_chunks(tmp_path, monkeypatch):
    """check and project over 40 plans, chunks of 7 rows and of 60 against the whole reading: identical files (row
    groups of a fixed size whatever the chunks), and the rows are csv's."""
    frame = plans_table(40, seed=3)
    frame.to_csv(tmp_path / "t.csv", index=False)
    monkeypatch.setattr("lingyuan_targets.output.parquet.ROW_GROUP", 100)  # several row groups, cut across chunks
    for command in (["project", "--to", "2035"], ["check", "--all"]):
        outputs = []
        for rows in (None, 7, 60):
            monkeypatch.setattr(plantable, "CHUNK_ROWS", rows)
            out = tmp_path / f"{command[0]}-{rows}.parquet"
            result = _invoke([*command, "--plan", str(tmp_path / "t.csv"), "-o", str(out)])
            assert result.exit_code in (0, 1), result.stderr
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1] == outputs[2], command
        meta = pq.ParquetFile(io.BytesIO(outputs[0])).metadata
        assert meta.num_row_groups == math.ceil(meta.num_rows / 100) and meta.num_rows > 100
        text = _invoke([*command, "--plan", str(tmp_path / "t.csv"), "-f", "csv"]).stdout
        assert pq.read_table(io.BytesIO(outputs[0])).num_rows == len(list(csv.reader(io.StringIO(text)))) - 1


def test_parquet_needs_a_file():
    result = _invoke(["project", "-f", "parquet"])
    assert result.exit_code == 2 and "--format parquet writes a file: add -o FILE.parquet" in result.stderr


def _table(columns: dict[str, list[object]], numeric: tuple[str, ...] = ()) -> Table:
    return Table("t", [Column(k, k, k, numeric=k in numeric) for k in columns], ColumnRecords(columns))


def test_each_column_takes_the_type_of_its_values():
    """float64 (NaN and infinities null, as csv leaves them empty), int64, boolean, lists of strings, strings; mixed
    columns as csv's texts without its formula guard; a column of no values by its kind."""
    t = arrow_table(_table({"f": [1.5, None, float("nan"), float("inf")], "i": [2020, None, 3, np.int64(4)],
                            "b": [True, False, None, True], "l": [["a", "b"], None, [], ("c",)],
                            "s": ["=1+1", None, "x", "y"], "m": ["x", 2.5, 3, True], "n": [None] * 4,
                            "e": [None] * 4, "big": [2**70, 1, None, 2], "np": [np.float64(2.5), pd.NA, None, 1.0],
                            "na": ["x", pd.NA, np.int64(3), None]}, numeric=("n",)))  # fmt: skip
    types = {f.name: f.type for f in t.schema}
    assert types == {"f": pa.float64(), "i": pa.int64(), "b": pa.bool_(), "l": pa.list_(pa.string()),
                     "s": pa.string(), "m": pa.string(), "n": pa.float64(), "e": pa.string(), "big": pa.string(), "np": pa.float64(), "na": pa.string()}  # fmt: skip
    d = t.to_pydict()
    assert d["f"] == [1.5, None, None, None] and d["i"] == [2020, None, 3, 4] and d["s"][0] == "=1+1"
    assert d["l"] == [["a", "b"], None, [], ["c"]] and d["m"] == ["x", "2.5", "3", "true"]
    assert d["big"] == [str(2**70), "1", None, "2"]
    assert d["np"] == [2.5, None, None, 1.0] and d["na"] == ["x", None, "3", None]  # numpy scalars and NA, as csv


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)), min_size=1, max_size=40),
       st.integers(1, 5))  # fmt: skip
def test_floats_come_back_as_the_same_doubles(values, parts):
    """Any float column, written in any number of chunks, reads back bit for bit (non-finite as null), in the same
    bytes as written whole."""
    from lingyuan_targets.output.parquet import ParquetSink

    whole = table_parquet(_table({"v": values}, numeric=("v",)))
    got = pq.read_table(io.BytesIO(whole)).column("v").to_pylist()
    assert got == [v if v is not None and math.isfinite(v) else None for v in values]
    assert [math.copysign(1, v) for v in got if v == 0] == [math.copysign(1, v) for v in values if v == 0]  # -0.0
    buf = io.BytesIO()  # in chunks (a chunk of nulls alone is float64 too: the column is numeric)
    sink = ParquetSink(buf)
    size = math.ceil(len(values) / parts)
    for k in range(0, len(values), size):
        sink.add(arrow_table(_table({"v": values[k : k + size]}, numeric=("v",))))
    sink.close()
    assert buf.getvalue() == whole


def test_a_row_group_is_a_fixed_number_of_rows(monkeypatch):
    monkeypatch.setattr("lingyuan_targets.output.parquet.ROW_GROUP", 10)
    data = table_parquet(_table({"v": [float(k) for k in range(25)]}))
    meta = pq.ParquetFile(io.BytesIO(data)).metadata
    assert [meta.row_group(k).num_rows for k in range(meta.num_row_groups)] == [10, 10, 5]
    assert ROW_GROUP == 65_536  # the size documented (docs/many-plans.md)


def test_a_plans_table_with_a_pandas_index_reads_without_it(tmp_path):
    """pandas writes a frame's index as __index_level_0__: it is not a column of the table."""
    frame = plans_table(3, seed=1)
    frame.index = [f"r{k}" for k in range(len(frame))]  # not a range: stored as a column
    frame.to_parquet(tmp_path / "t.parquet")
    assert "__index_level_0__" in pq.read_schema(tmp_path / "t.parquet").names
    stacks, problems, _ = read_plans_table(tmp_path / "t.parquet")
    assert not problems and stacks[0].size == len(frame)
    assert pd.Series([s.plan_ids for s in stacks]).map(len).sum() == 3


# ------------------------------------------------------------------------------------- found by review (hostile)
def _frames(path: Path, batch: int | None = None, limit: int = plantable.MAX_TABLE_BYTES) -> list:
    return list(parquet_frames(path, [0], batch, plantable._check_header, lambda p, m: None, plantable.NUMBERS, limit))


def test_a_column_name_given_twice_is_the_headers_problem(tmp_path):
    arrays = [pa.array(["a"]) for _ in HEAD]
    pq.write_table(pa.Table.from_arrays([*arrays, pa.array(["b"])], names=[*HEAD, "name"]), tmp_path / "t.parquet")
    result = _invoke(["check", "--plan", str(tmp_path / "t.parquet"), "-f", "json"])
    assert result.exit_code == 2 and "Internal error" not in result.stderr
    assert "column(s) name appear twice [csv-header]" in result.stderr


def test_a_control_character_counts_only_in_the_rows_that_hold_it(tmp_path, monkeypatch):
    """A dictionary lists texts no row of a batch uses (a batch carries its row group's whole dictionary; a category
    may be unused): only a row holding the text is refused, with its row, in any chunks."""
    rows = 10
    columns = {h: ["a"] * rows for h in HEAD} | {"id": [f"x{k}" for k in range(rows)]}
    names = ["GDP"] * 7 + ["G\x1b[31mDP"] + ["GDP"] * 2
    pq.write_table(pa.table({**columns, "name": pa.array(names).dictionary_encode()}), tmp_path / "late.parquet")
    unused = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array(["GDP", "\x1b]0;x\x07"]))
    pq.write_table(pa.table({**columns, "name": unused}), tmp_path / "unused.parquet")
    for chunk in (None, 1, 2, 7):
        monkeypatch.setattr(plantable, "CHUNK_ROWS", chunk)
        late = _invoke(["check", "--plan", str(tmp_path / "late.parquet"), "-f", "json"])
        assert late.exit_code == 2 and "late.parquet:8: name: control character '\\x1b'" in late.stderr, chunk
        assert "[binary-file]" in late.stderr and "\x1b" not in late.stderr
        fine = _invoke(["check", "--plan", str(tmp_path / "unused.parquet"), "-f", "json"])
        assert "Internal error" not in fine.stderr and "binary-file" not in fine.stderr, chunk


def test_a_damaged_file_is_one_line_whatever_byte_is_wrong(tmp_path):
    """Bytes of a small file changed one at a time (40 bytes drawn with a fixed seed, each to three values): each run
    ends in a documented status, never an internal error."""
    import random

    plans_table(4, seed=3).to_parquet(tmp_path / "ok.parquet", index=False, row_group_size=30)
    data = (tmp_path / "ok.parquet").read_bytes()
    seen = set()
    picks = random.Random(20261203).sample(range(len(data)), 40)  # 120 runs of a few milliseconds
    for k in sorted(picks):
        for value in (0x00, 0xE5, data[k] ^ 0x01):
            path = tmp_path / "bad.parquet"
            path.write_bytes(data[:k] + bytes([value]) + data[k + 1 :])
            result = _invoke(["check", "--plan", str(path), "-f", "json"])
            assert result.exit_code in (0, 1, 2) and "Internal error" not in result.stderr, (k, value, result.stderr)
            seen.add(result.exit_code)
    assert 2 in seen  # some changes are found


def test_rows_that_point_past_their_dictionary_are_a_damaged_file():
    from lingyuan_targets.io.parquettable import _coded, _reader

    wrong = pa.DictionaryArray.from_arrays(pa.array([0, 5], pa.int32()), pa.array(["a", "b"]), safe=False)
    with pytest.raises(IndexError, match="points past its column's 2 distinct values"):
        _coded(wrong, _reader(pa.string()))


def test_a_path_that_is_not_a_regular_file(tmp_path):
    """A FIFO is refused before it is opened (opening it would wait for a writer), a device likewise, and a
    directory named .parquet (a dataset of many files) is named as such."""
    import os
    import subprocess

    os.mkfifo(tmp_path / "f.parquet")
    (tmp_path / "z.parquet").symlink_to("/dev/zero")
    for name, words in (("f.parquet", "is a FIFO (named pipe), expected a regular file [special-file]"),
                        ("z.parquet", "is a character device, expected a regular file [special-file]")):  # fmt: skip
        for command in (["check", "--plan"], ["validate"]):
            done = subprocess.run([sys.executable, "-m", "lingyuan_targets", *command, str(tmp_path / name)],
                                  capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
            assert done.returncode in (1, 2) and words in done.stdout + done.stderr, (name, command, done.stderr)
    (tmp_path / "d.parquet").mkdir()
    result = _invoke(["check", "--plan", str(tmp_path / "d.parquet")])
    assert result.exit_code == 2 and "a Parquet dataset of many files is not read" in result.stderr


def test_float32_reads_as_its_own_shortest_digits_and_negative_zero_stays(tmp_path):
    """A float32 150.2 is 150.2 (not its float64 widening 150.1999969482422); -0.0 and 0.0 stay apart whatever the
    order; a small decimal has no exponent (0.00000001, as a CSV cell holds it)."""
    row = ["a", "gdp", "GDP", "亿元", "level", "at_least", "", "", "annual", "10"]
    columns = {h: [row[k]] * 3 for k, h in enumerate(HEAD)} | {"plan": ["a", "b", "c"]}
    path = _write(tmp_path / "t.parquet", {**columns, "base": pa.array([150.2, -0.0, 0.0], pa.float32()),
                                           "target": pa.array([decimal.Decimal("0.00000001"), None,
                                                               decimal.Decimal("0")], pa.decimal128(10, 8))})  # fmt: skip
    [(frame, _)] = _frames(path)
    assert frame["base"].tolist() == ["150.2", "-0", "0"]
    assert frame["target"].tolist() == ["0.00000001", "", "0.00000000"]
    one = _write(tmp_path / "one.parquet", {h: v[:1] for h, v in columns.items()} | {"base": pa.array([150.2],
                                                                                                pa.float32())})  # fmt: skip
    result = _invoke(["project", "--plan", str(one), "--to", "2025", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    [gdp] = json.loads(result.stdout)["rows"]
    assert gdp["2020"] == 150.2 and gdp["2025"] == 150.2 * 1.1**5


def test_the_size_limit_holds_for_the_data_as_read(tmp_path):
    """The footer's sizes are the file's own word: what the rows hold is counted as the batches come. One text of a
    million characters on 30,000 rows, read 7 rows at a time, passes a 10 MB limit after a few batches."""
    rows = 30_000
    columns = {h: pa.array(["a"] * rows) for h in HEAD} | {"id": pa.array([f"x{k}" for k in range(rows)])}
    repeated = pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, dtype=np.int32)), pa.array(["长" * 1_000_000]))
    path = _write(tmp_path / "t.parquet", {**columns, "snippet": repeated})
    assert len(_frames(path, batch=None, limit=10_000_000)) == 1  # one batch holds the text once: under the limit
    with pytest.raises(PlanError) as err:
        _frames(path, batch=7, limit=10_000_000)
    assert err.value.code == "file-too-large" and "as it was read" in err.value.message


def test_github_annotations_name_a_parquet_row_in_the_message(tmp_path):
    """A Parquet file has no lines for GitHub to point at: the row goes into the message, not into line=."""
    rows = [ROW_OK, [*ROW_OK[:4], "levle", *ROW_OK[5:]]]
    path = _write(tmp_path / "t.parquet", {h: [r[k] for r in rows] for k, h in enumerate(HEAD)} | {"plan": ["a", "b"]})
    result = _invoke(["validate", str(path), "-f", "github"])
    assert result.exit_code == 1
    [line] = [x for x in result.stdout.splitlines() if x.startswith("::error")]
    assert "line=" not in line and line.endswith("::row 2: kind: not one of: level, share, period_total, "
                                                 "period_change, limit (found 'levle')")  # fmt: skip

"""check and project over many plans, chunk by chunk: the same bytes whatever the chunks, memory of one chunk.

A run reads plans tables in chunks of whole plans (``plantable.CHUNK_ROWS`` rows) and writes csv and json as the
chunks come (``output/stream.py``). Here the chunks are made tiny (7 rows: a plan of 25 rows spans several reads)
and the output is compared, byte for byte with its exit status and stderr, with the run that reads every input
whole (``CHUNK_ROWS = None``).
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import lingyuan_targets.io.plantable as plantable
from lingyuan_targets.io.plandir import default_plan_dir
from lingyuan_targets.io.synthetic import PER_PLAN, plans_table

from .test_cli import _invoke


def _run(monkeypatch: pytest.MonkeyPatch, rows: int | None, args: list[str]) -> tuple[int, str, str]:
    monkeypatch.setattr(plantable, "CHUNK_ROWS", rows)
    result = _invoke(args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def tables(tmp_path: Path) -> dict[str, Path]:
    """A clean table of 30 plans and variants of it: bad cells, a plan's rows apart, quoted cells and a row of the
    wrong length, plans with other years."""
    frame = plans_table(30, seed=11)
    out = {}

    def save(name: str, f: object) -> None:
        out[name] = tmp_path / f"{name}.csv"
        f.to_csv(out[name], index=False)  # type: ignore[attr-defined]
        out[f"{name}_pq"] = tmp_path / f"{name}.parquet"  # the same rows as Parquet (text columns)
        f.to_parquet(out[f"{name}_pq"], index=False)  # type: ignore[attr-defined]

    save("clean", frame)
    bad = frame.copy()
    bad.loc[bad.index[3], "kind"] = "nope"  # plan 0
    bad.loc[bad.index[2 * PER_PLAN + 4], "base"] = "abc"  # plan 2
    bad.loc[bad.index[20 * PER_PLAN], "growth_basis"] = "weird"  # plan 20
    save("bad", bad)
    save("apart", frame.iloc[[*range(1, len(frame)), 0]])  # plan 0's first row last
    years = frame.copy()
    for col, value in (("base_year", "2015"), ("target_year", "2020"), ("horizon_year", "2030")):
        years[col] = ""
        years.loc[years["plan"].isin(sorted(set(years["plan"]))[10:14]), col] = value
    save("years", years)
    lines = out["clean"].read_text(encoding="utf-8").split("\n")
    lines[100] += ",extra"  # a row of the wrong length: its plan is left out
    lines[300] = lines[300].replace("指标", '"指标,x"', 1)  # a quoted cell: the csv module reads on from here
    out["messy"] = tmp_path / "messy.csv"
    out["messy"].write_text("\n".join(lines), encoding="utf-8")
    # found by review: a table of other years beside another table; a line separator (U+2028) inside a cell of a
    # table the csv module reads (it has a quoted cell); rows of empty cells; a ragged row of a plan of no other
    # row; a tagged plan after untagged ones (the moderate scenario changes only tagged output indicators)
    head = "plan,id,name,unit,kind,base,target,growth_basis,growth_value"
    texts = {
        "old_years": f"{head},base_year,target_year,horizon_year\na,gdp,GDP,亿元,level,100,150,annual,8,2015,2020,2030\n",
        "one_row": f"{head}\nb,gdp,GDP,亿元,level,100,150,annual,8\n",
        "separator": f'{head}\na,gdp,"GDP",亿元,level,100,150,annual,8\na,pop,Pop\u2028ulation,万人,level,10,12,none,\n'
        f"a,x,X,万人,nope,10,12,none,\nb,gdp,GDP,亿元,level,100,150,annual,8\n",
        "blank_rows": f"{head}\na,gdp,GDP,亿元,level,100,150,annual,8\n,,,,,,,,\nb,gdp,GDP,亿元,level,100,150,annual,8\n"
        f" ,\u3000,,,,,,,\nc,gdp,GDP,亿元,level,100,150,annual,8\n",
        "ragged_alone": f"{head}\na,gdp,GDP,亿元,nope,100,150,annual,8\na,pop,Pop,万人,level,10,12,none,\n"
        f"b,gdp,GDP,亿元,level,100,150,annual,8,extra\nc,gdp,GDP,亿元,level,100,150,annual,8\n",
    }
    for name, text in texts.items():
        out[name] = tmp_path / f"{name}.csv"
        out[name].write_text(text, encoding="utf-8")
    shutil.copytree(default_plan_dir(), tmp_path / "twin")  # another directory with the embedded plan's id
    out["twin"] = tmp_path / "twin"
    tagged = frame.copy()
    tagged["tags"] = ""
    tagged.loc[tagged["plan"] == "county-00025", "tags"] = "output"
    save("tagged", tagged)
    return out


CASES = [
    ["check", "--plan", "{clean}", "-f", "json"],
    ["check", "--plan", "{clean}", "-f", "csv", "--all"],
    ["check", "--plan", "{bad}", "-f", "json"],
    ["check", "--plan", "{apart}", "-f", "json"],
    ["check", "--plan", "{messy}", "-f", "csv"],
    ["check", "--plan", "{years}", "-f", "json"],
    ["check", "--plan", "{clean}", "--plan", "{lingyuan}", "--plan", "{bad}", "-f", "json"],
    ["project", "--plan", "{clean}", "--to", "2035", "-f", "csv"],
    ["project", "--plan", "{bad}", "-f", "json"],
    ["project", "--plan", "{years}", "--to", "2035", "-f", "csv"],
    ["project", "--plan", "{years}", "--to", "2018", "-f", "json"],
    ["project", "--plan", "{messy}", "--plan", "{lingyuan}", "gdp", "--to", "2030", "-f", "json", "--lang", "en"],
    ["project", "--plan", "{clean}", "no-such-id", "-f", "csv"],
    ["project", "--plan", "{old_years}", "--plan", "{one_row}", "-f", "csv", "--to", "2030"],
    ["project", "--plan", "{lingyuan}", "--plan", "{old_years}", "-f", "json"],
    ["project", "--plan", "{lingyuan}", "--plan", "{old_years}", "-f", "csv", "--to", "2018"],
    ["check", "--plan", "{separator}", "-f", "json"],
    ["check", "--plan", "{blank_rows}", "-f", "csv"],
    ["check", "--plan", "{ragged_alone}", "-f", "json"],
    ["project", "--plan", "{tagged}", "--scenario", "moderate", "-f", "csv", "--to", "2030"],
    ["project", "--plan", "{lingyuan}", "--plan", "{clean}", "--plan", "{twin}", "-f", "csv", "--step", "5"],
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(a) for a in CASES])
def test_chunks_give_the_bytes_of_a_whole_run(monkeypatch, tables, args):
    paths = {**{k: str(v) for k, v in tables.items()}, "lingyuan": str(default_plan_dir())}
    argv = [a.format(**paths) for a in args]
    whole = _run(monkeypatch, None, argv)
    assert whole[0] in (0, 1, 2)
    for rows in (1, 7, 60):
        assert _run(monkeypatch, rows, argv) == whole


#: Parquet in, out, or both: the same bytes (and the same status and messages) in any chunks
PARQUET_CASES = [
    ["check", "--plan", "{clean_pq}", "-f", "json"],
    ["check", "--plan", "{bad_pq}", "--all", "-o", "{out}"],
    ["check", "--plan", "{apart_pq}", "-o", "{out}"],
    ["project", "--plan", "{clean}", "--to", "2035", "-o", "{out}"],
    ["project", "--plan", "{clean_pq}", "--plan", "{lingyuan}", "--to", "2030", "-o", "{out}"],
    ["project", "--plan", "{years_pq}", "--to", "2035", "-o", "{out}"],  # other years: run whole
    ["project", "--plan", "{bad_pq}", "--plan", "{messy}", "-f", "csv"],
]


@pytest.mark.parametrize("args", PARQUET_CASES, ids=[" ".join(a) for a in PARQUET_CASES])
def test_parquet_in_chunks_gives_the_bytes_of_a_whole_run(monkeypatch, tables, tmp_path, args):
    monkeypatch.setattr("lingyuan_targets.output.parquet.ROW_GROUP", 50)  # row groups cut across the chunks
    paths = {**{k: str(v) for k, v in tables.items()}, "lingyuan": str(default_plan_dir())}

    def run(rows: int | None) -> tuple[tuple[int, str, str], bytes]:
        out = tmp_path / f"out-{rows}.parquet"
        argv = [a.format(**paths, out=out) for a in args]
        result = _run(monkeypatch, rows, argv)
        return result, out.read_bytes() if out.exists() else b""

    whole = run(None)
    assert whole[0][0] in (0, 1, 2)
    assert ("{out}" in args) == whole[1].startswith(b"PAR1")
    for rows in (7, 60):  # 7: plans of 25 rows across several reads (chunks of 1 row: the csv cases above)
        chunked = run(rows)
        assert (chunked[0][0], chunked[0][2]) == (whole[0][0], whole[0][2].replace("out-None", f"out-{rows}"))
        assert chunked[0][1] == whole[0][1] and chunked[1] == whole[1]


def test_tiny_chunks_run_every_plan_once(monkeypatch, tables):
    """Each chunk holds whole plans: over 30 plans of 25 rows read 7 rows at a time, each plan is checked once,
    with all 25 indicators (22 of them checked: the three limits have no rule), in the table's order."""
    _, out, _ = _run(monkeypatch, 7, ["check", "--plan", str(tables["clean"]), "-f", "json"])
    doc = json.loads(out)
    plans = [p["plan"] for p in doc["plans"]]
    assert plans == [f"county-{k:05d}" for k in range(30)]
    assert all(p["summary"]["checked"] == 22 for p in doc["plans"])
    assert doc["summary"]["plans"] == 30 and doc["summary"]["checked"] == 30 * 22


def test_a_plan_whose_rows_are_apart_is_read_whole(monkeypatch, tables):
    """plan 0's first row is the table's last: the chunked reading meets it after plan 0 was run, starts again
    with the table whole, and plan 0 is run once, with its 25 rows, first (where it first appears)."""
    _, out, _ = _run(monkeypatch, 7, ["project", "--plan", str(tables["apart"]), "--to", "2025", "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 30 * PER_PLAN
    assert [r["plan"] for r in rows[: PER_PLAN - 1]] == ["county-00000"] * (PER_PLAN - 1)
    assert sum(r["plan"] == "county-00000" for r in rows) == PER_PLAN


def test_bad_plans_are_listed_by_line(monkeypatch, tables):
    """Plans left out are listed in the order of their first problem's line (5, 56, 502), chunked or not."""
    for rows in (None, 7):
        code, out, err = _run(monkeypatch, rows, ["check", "--plan", str(tables["bad"]), "-f", "json"])
        doc = json.loads(out)
        assert code == 2
        assert [u["plan"] for u in doc["unusable"]] == ["county-00000", "county-00002", "county-00020"]
        lines = [u["problems"][0]["line"] for u in doc["unusable"]]
        assert lines == [3 + 2, 2 * PER_PLAN + 4 + 2, 20 * PER_PLAN + 2]  # row index + header + 1
        assert doc["summary"]["plans"] == 27 and doc["summary"]["unusable"] == 3
        assert err.index("county-00000") < err.index("county-00002") < err.index("county-00020")


def test_output_file_is_written_whole_at_the_end(monkeypatch, tables, tmp_path):
    """-o: the file appears once the run is done (a temporary file beside it, renamed); an input named as the
    output is refused before anything is written."""
    target = tmp_path / "out.json"
    monkeypatch.setattr(plantable, "CHUNK_ROWS", 7)
    result = _invoke(["check", "--plan", str(tables["clean"]), "-f", "json", "-o", str(target)])
    assert result.exit_code in (0, 1)
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["plans"] == 30
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")] == []
    copy = tmp_path / "in.csv"
    shutil.copy(tables["clean"], copy)
    before = copy.read_bytes()
    result = _invoke(["project", "--plan", str(copy), "-f", "csv", "-o", str(copy)])
    assert result.exit_code == 2 and "input" in result.stderr and copy.read_bytes() == before


# ------------------------------------------------------------------ writers at their floor
@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.none()), min_size=3,
                         max_size=3), min_size=1, max_size=30))  # fmt: skip
@example([[1e-05, -0.0, 1e16], [0.0001, 5e-324, float("nan")], [1.7976931348623157e308, -1e-07, None]])
def test_float_cells_are_written_as_repr_writes_them(rows):
    """csv writes a run of float columns by orjson (repr where the two differ, below 1e-4): every cell is the text
    repr gives (the shortest that reads back as the same float), NaN, ±inf and None empty."""
    from lingyuan_targets.output.text import _float_rows

    columns = [list(c) for c in zip(*rows)]
    expected = [",".join(repr(v) if v is not None and math.isfinite(v) else "" for v in row) for row in rows]
    assert _float_rows(columns) == expected
    for line, row in zip(_float_rows(columns), rows):  # and each reads back as the same float
        for cell, v in zip(line.split(","), row):
            assert (cell == "") if v is None or not math.isfinite(v) else float(cell) == v


def test_xlsx_of_a_projection_keeps_its_numbers_and_formats(tmp_path):
    """project -f xlsx over a table of plans: XlsxWriter writes it; read back, each year is the engine's float
    (150.2 × 1.1**5 for a level of 10% a year holds exactly as computed), with the row's number format."""
    import openpyxl

    table = tmp_path / "plans.csv"
    table.write_text("plan,id,name,unit,kind,base,target,growth\n"
                     "a,gdp,生产总值,亿元,level,150.2,242,年均增长10%\nb,gdp,生产总值,亿元,level,=1+1,,\n",
                     encoding="utf-8")  # fmt: skip
    out = tmp_path / "p.xlsx"
    result = _invoke(["project", "--plan", str(table), "--to", "2025", "-f", "xlsx", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 2  # plan b's base is not a number: left out, and reported
    ws = openpyxl.load_workbook(out).worksheets[0]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, ws[2]))
    assert row["plan"].value == "a" and row["2025"].value == 150.2 * 1.1**5 == 241.89860200000007
    assert row["2025"].number_format == "0.0" and row["indicator"].number_format == "General"


_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                    st.floats(allow_nan=False, allow_infinity=False), st.floats(min_value=-1e-3, max_value=1e-3),
                    st.floats(allow_nan=False, allow_infinity=False).map(np.float64),  # as findings' values hold
                    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=8))  # fmt: skip
_DOCUMENTS = st.recursive(_LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                           st.dictionaries(st.text(max_size=5), inner, max_size=4)),
                          max_leaves=25)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS)
@example({"tiny": 1e-05, "small": 1.5e-07, "text": "0.00001 and 1e-5", "big": 2**65})
@example({"surrogate": "\ud800", "c1": "\x9b", "nested": [[], {}, [1.0, -0.0]]})
@example({"interval": [np.float64(1604.95), np.float64(-0.0), np.float64(1e-05), np.float64(1e300)]})
def test_json_is_the_standard_librarys_text(document):
    """to_json writes with orjson where it gives the standard library's bytes, and falls back where it would not
    (small floats, lone surrogates, integers beyond 64 bits): the text is always json.dumps's, escaped alike; numpy's
    float64 scalars (a float to json.dumps) are written by orjson too (they made a check's whole document fall back)."""
    import json

    from lingyuan_targets.output.escape import json_text
    from lingyuan_targets.output.text import to_json

    assert to_json(document) == json_text(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def test_tables_of_other_years_make_one_table_over_their_years(monkeypatch, tables):
    """Two tables, one of 2015-2020-2030 and one of 2020-2025-2035: one csv whose year columns are the union (2015
    to 2030 with --to 2030), each plan's row empty where it has no year; chunked as whole."""
    argv = [
        "project",
        "--plan",
        str(tables["old_years"]),
        "--plan",
        str(tables["one_row"]),
        "-f",
        "csv",
        "--to",
        "2030",
    ]
    code, out, _ = _run(monkeypatch, 7, argv)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["plan"] for r in rows] == ["a", "b"]
    assert rows[0]["2015"] == "100.0" and rows[1]["2015"] == "" and rows[1]["2020"] == "100.0"
    assert float(rows[0]["2020"]) == 100 * 1.08**5  # 146.93280768000005


def test_a_line_separator_in_a_cell_is_text(monkeypatch, tables):
    """U+2028 inside a cell is a character of the cell, not a line break: plan a's only problem is its bad kind on
    line 4 of the file, and plan b runs."""
    code, out, _ = _run(monkeypatch, 7, ["check", "--plan", str(tables["separator"]), "-f", "json"])
    doc = json.loads(out)
    assert code == 2 and [u["plan"] for u in doc["unusable"]] == ["a"]
    assert [(p["line"], p["field"]) for p in doc["unusable"][0]["problems"]] == [(4, "kind")]
    assert [p["plan"] for p in doc["plans"]] == ["b"]


def test_rows_of_empty_cells_are_skipped(monkeypatch, tables):
    """,,,,,,,, and a row of white space and commas are skipped, by either reader: three plans, nothing unusable."""
    code, out, _ = _run(monkeypatch, None, ["check", "--plan", str(tables["blank_rows"]), "-f", "json"])
    doc = json.loads(out)
    assert code == 0 and [p["plan"] for p in doc["plans"]] == ["a", "b", "c"] and doc["unusable"] == []


def test_the_reader_going_away_is_a_quiet_end(tmp_path):
    """project ... | head -1 over 400 plans (the csv overfills the pipe): status 0, no error, as for one plan."""
    import subprocess
    import sys

    table = tmp_path / "big.csv"
    plans_table(400, seed=3).to_csv(table, index=False)
    reader = subprocess.Popen([sys.executable, "-m", "lingyuan_targets", "project", "--plan", str(table), "-f", "csv",
                               "--to", "2035"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    first = reader.stdout.readline()
    reader.stdout.close()
    _, err = reader.communicate(timeout=120)
    assert first.startswith(b"plan,id,") and reader.returncode == 0 and b"Error" not in err


def test_xlsx_refuses_more_rows_than_a_sheet_holds(monkeypatch, tables, tmp_path):
    """A sheet holds 1,048,576 rows; a table of more is an error naming the limit (exit 2), not a truncated
    workbook (the limit made 100 here: 30 plans x 25 rows + the header do not fit)."""
    import lingyuan_targets.output.xlsx as xlsx

    monkeypatch.setattr(xlsx, "_MAX_ROWS", 100)
    out = tmp_path / "p.xlsx"
    result = _invoke(["project", "--plan", str(tables["clean"]), "-f", "xlsx", "-o", str(out)])
    assert result.exit_code == 2 and "at most 100 rows" in result.stderr and not out.exists()


def test_a_plan_id_twice_is_a_usage_error_before_any_output(monkeypatch, tables):
    """Two directories holding plans of one id (a table between them, or side by side): exit 2 and the one-line error
    naming the id, whatever the chunks (found by comparing every command's output before and after: two directories
    in one chunk gave an internal error)."""
    for argv in (["project", "--plan", str(default_plan_dir()), "--plan", str(tables["clean"]), "--plan",
                  str(tables["twin"]), "-f", "csv"],
                 ["check", "--plan", str(default_plan_dir()), "--plan", str(tables["twin"]), "-f", "json"]):  # fmt: skip
        for rows in (7, 50_000):  # the two directories in one chunk, or each in its own
            code, out, err = _run(monkeypatch, rows, argv)
            assert code == 2 and out == "" and "lingyuan-14th appear more than once" in err and "Internal" not in err

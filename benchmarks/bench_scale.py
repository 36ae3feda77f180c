"""Benchmark: many plans at the speed of reading them. Each figure is measured beside its floor in one run and
printed with the ratio and its aim.

    python benchmarks/bench_scale.py                            # speed at 100k indicators, memory at 100k and 1M
    python benchmarks/bench_scale.py --memory 100000,1000000,3000000 --repeat 5
    python benchmarks/bench_scale.py --skip-speed               # memory only

The plans tables are the seeded synthetic plans of bench_many.py (25 indicators each, seven kinds). Commands
run as a user runs them, the installed ``lingyuan-targets`` in a process of its own, wall time with start-up and
writing; runs of a command and of its floor alternate, and the median of the ``--repeat`` pairs is the figure
(the best in brackets: this machine's speed drifts, and ratios of paired runs are steadier than times).

* ``check --plan T -f json -o``, against the floor of reading the table with pandas' C parser and writing a JSON
  document of the same size (``floors.py check``); aim ≤ 1.5×;
* ``project --plan T --to 2035 -f csv -o``, against a polars script that reads the table, compounds 2020-2035
  and writes the csv (``floors.py polars``); aim ≤ 2.5×. The run also checks that the csv's values read back
  are exactly the engine's floats;
* Parquet: ``check`` of the table given as Parquet against the same ``check`` of the CSV (aim ≤ 1.0×: not
  slower), and ``project --plan T.parquet --to 2035 -f parquet -o`` against the polars script reading and writing
  Parquet (aim ≤ 2.5×, as for csv), the values read back exactly the engine's;
* ``project -f xlsx``: the workbook written from the projection's table, in process, against XlsxWriter's
  constant-memory mode and openpyxl's write-only mode writing the same cells; aim ≤ 1.2× the faster;
* peak memory (the process's maximum resident set) of ``check`` and ``project`` at each ``--memory`` size; aim
  under 1 GB at 1,000,000 indicators, and no growth with the number of plans beyond it;
* start-up: ``--help`` (aim ≤ 150 ms) and ``check`` on the embedded plan against importing its libraries (aim
  ≤ 1.3×), as ``bench_many.py --startup`` measures them.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MB = 1024 * 1024


def command() -> list[str]:
    script = Path(sys.executable).with_name("lingyuan-targets")  # the installed command, as users run it
    return [str(script)] if script.exists() else [sys.executable, "-m", "lingyuan_targets"]


#: runs a command and prints its wall time, peak resident memory and exit status: a small process starts it, so
#: the peak is the command's own (a child forked from this benchmark, large after the xlsx figures, would count
#: this process's pages until it execs)
_WRAPPER = """
import os, sys, time
t0 = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - t0, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status))
"""


def timed(cmd: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak resident memory (bytes) and exit status of one run of ``cmd``."""
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, check=False)
    try:
        seconds, peak, code = proc.stdout.split()
    except ValueError:
        raise SystemExit(f"{' '.join(cmd)}: {proc.stderr[-2000:]}") from None
    if int(code) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({code})")
    return float(seconds), int(peak), int(code)


def table(n_indicators: int, directory: Path) -> Path:
    from lingyuan_targets.io.synthetic import PER_PLAN, plans_table

    path = directory / f"plans-{n_indicators}.csv"
    if not path.exists():
        plans = max(1, n_indicators // PER_PLAN)
        step = 20_000  # plans written at a time, so that 3M indicators are written in bounded memory
        for start in range(0, plans, step):
            part = plans_table(min(step, plans - start), seed=20261128 + start)
            part["plan"] = [f"county-{start + int(p.rsplit('-', 1)[1]):07d}" for p in part["plan"]]
            part.to_csv(path, index=False, mode="a" if start else "w", header=not start)
    return path


def paired(a: list[str], b: list[str], repeat: int) -> tuple[list[float], list[float]]:
    ta, tb = [], []
    for _ in range(repeat):
        ta.append(timed(a)[0])
        tb.append(timed(b)[0])
    return ta, tb


def line(label: str, tool: list[float], floor: list[float], aim: float, floor_label: str) -> dict[str, Any]:
    ratio = statistics.median(t / f for t, f in zip(tool, floor))
    best = min(tool) / min(floor)
    verdict = "met" if ratio <= aim else "NOT met"
    print(f"  {label:<44} {statistics.median(tool):6.2f} s ({min(tool):.2f})   {floor_label:<34} "
          f"{statistics.median(floor):6.2f} s ({min(floor):.2f})   {ratio:5.2f}x ({best:.2f}x)  aim ≤ {aim}x: {verdict}")  # fmt: skip
    return {"figure": label, "tool": tool, "floor": floor, "ratio": ratio, "aim": aim}


def speed(directory: Path, repeat: int) -> None:
    exe = command()
    path = table(100_000, directory)
    out_json, out_csv, floor_out = directory / "check.json", directory / "project.csv", directory / "floor.out"
    print(f"speed at 100,000 indicators ({path.stat().st_size / MB:.0f} MB table), median of {repeat} paired runs "
          "(best in brackets)")  # fmt: skip
    check = [*exe, "check", "--plan", str(path), "-f", "json", "-o", str(out_json)]
    timed(check)  # the document the floor writes
    line("check --plan T -f json -o", *paired(check, [sys.executable, str(HERE / "floors.py"), "check", str(path),
                                                      str(out_json), str(floor_out)], repeat), 1.5,
         "read table + write JSON (pandas)")  # fmt: skip
    project = [*exe, "project", "--plan", str(path), "--to", "2035", "-f", "csv", "-o", str(out_csv)]
    try:
        import polars  # noqa: F401
    except ImportError:
        print("  project: polars is not installed (pip install polars): no floor")
    else:
        line("project --plan T --to 2035 -f csv -o", *paired(project, [sys.executable, str(HERE / "floors.py"),
                                                                       "polars", str(path), str(floor_out)], repeat),
             2.5, "polars: read, compound, write csv")  # fmt: skip
    engine = engine_values(path)
    round_trip(engine, out_csv)
    parquet(path, directory, repeat, check, engine)
    xlsx(path, repeat)


def parquet_table(path: Path) -> Path:
    """The CSV table as Parquet, every column text (as pandas writes a table read as text), in bounded memory."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    out = path.with_suffix(".parquet")
    if not out.exists():
        names = path.open(encoding="utf-8").readline().rstrip("\n").split(",")
        options = pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False)
        reader = pacsv.open_csv(path, convert_options=options)
        with pq.ParquetWriter(out, reader.schema) as writer:
            for batch in reader:
                writer.write_batch(batch)
    return out


def parquet(path: Path, directory: Path, repeat: int, check_csv: list[str], engine: Any) -> None:
    """Parquet in (check) and out (project), against the CSV run and the polars script."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        print("  Parquet: pyarrow is not installed (pip install 'lingyuan-targets[parquet]'): not measured")
        return
    exe = command()
    table_pq = parquet_table(path)
    out_pq, floor_pq = directory / "project.parquet", directory / "floor.parquet"
    check_pq = [*exe, "check", "--plan", str(table_pq), "-f", "json", "-o", str(directory / "check-pq.json")]
    line("check --plan T.parquet -f json -o", *paired(check_pq, check_csv, repeat), 1.0,
         "the same check of the CSV table")  # fmt: skip
    project = [*exe, "project", "--plan", str(table_pq), "--to", "2035", "-f", "parquet", "-o", str(out_pq)]
    try:
        import polars  # noqa: F401
    except ImportError:
        print("  project -f parquet: polars is not installed (pip install polars): no floor")
        timed(project)
    else:
        line("project --plan T.parquet -f parquet -o", *paired(project, [sys.executable, str(HERE / "floors.py"),
                                                                         "polars", str(table_pq), str(floor_pq)],
                                                                repeat), 2.5, "polars: Parquet in, Parquet out")  # fmt: skip
    import numpy as np
    import pyarrow.parquet as pq

    back = pq.read_table(out_pq)
    a = engine
    b = np.array([back.column(str(y)).to_numpy(zero_copy_only=False) for y in range(2020, 2036)], dtype=float).T
    same = np.array_equal(a, b, equal_nan=True)
    print(f"  project Parquet values read back: {'exactly the engine floats' if same else 'NOT the engine floats'} "
          f"({np.isfinite(a).sum():,} numbers, {out_pq.stat().st_size / MB:.1f} MB; the csv "
          f"{(directory / 'project.csv').stat().st_size / MB:.1f} MB)")  # fmt: skip
    assert same


def engine_values(path: Path) -> Any:
    """The engine's values [indicator, year] of the table projected to 2035, in process: what the outputs must hold."""
    import pandas as pd

    from lingyuan_targets.engine.many import project_stack
    from lingyuan_targets.io.plantable import read_plans_table

    stacks, _, _ = read_plans_table(path)
    engine = pd.concat([project_stack(st, to=2035, describe=False) for st in stacks])
    return engine[list(range(2020, 2036))].to_numpy(dtype=float)


def round_trip(engine: Any, out_csv: Path) -> None:
    """The csv's values, read back as floats, are the engine's values exactly."""
    import numpy as np
    import pandas as pd

    years = [str(y) for y in range(2020, 2036)]
    back = pd.read_csv(out_csv, dtype=str, keep_default_na=False)  # read back by Python's float(), exact
    a = engine
    b = np.array([[float(v) if v else np.nan for v in back[y].tolist()] for y in years]).T
    same = np.array_equal(a, b, equal_nan=True)
    print(f"  project csv values read back: {'exactly the engine floats' if same else 'NOT the engine floats'} "
          f"({np.isfinite(a).sum():,} numbers)")  # fmt: skip
    assert same


def xlsx(path: Path, repeat: int) -> None:
    """The tool's workbook writer against XlsxWriter and openpyxl write-only on the same cells, in process."""
    from lingyuan_targets.cli import streamed  # noqa: F401 - the package as the command imports it
    from lingyuan_targets.engine.many import project_stacks
    from lingyuan_targets.io import inputs
    from lingyuan_targets.output.xlsx import table_xlsx
    from lingyuan_targets.views import projection

    loaded = inputs.load(inputs.sources([path]))
    wides = project_stacks(loaded.stacks, to=2035)
    view = projection.project_many(loaded, wides, to=2035, scenario="continue", ids=(), step=1, lang="zh")
    tables = view.workbook()
    t = tables[0]
    keys = [c.key for c in t.columns if not c.display_only]
    numeric = [c.numeric for c in t.columns if not c.display_only]
    rows = [[rec.get(k) for k in keys] for rec in t.records]
    places = [int(d) for d in t.decimals]  # a projection: one display precision per row
    split = numeric.index(True)  # the texts, then the years: as the tool, each number with its row's format

    def tool() -> None:
        table_xlsx(tables, "zh")

    def with_xlsxwriter() -> None:
        import io

        import xlsxwriter

        book = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True, "strings_to_formulas": False,
                                                  "strings_to_urls": False, "strings_to_numbers": False})  # fmt: skip
        sheet = book.add_worksheet()
        formats = {p: book.add_format({"num_format": "0." + "0" * p if p else "0"}) for p in set(places)}
        sheet.write_row(0, 0, keys)
        for r, (row, p) in enumerate(zip(rows, places), 1):
            sheet.write_row(r, 0, row[:split])
            sheet.write_row(r, split, row[split:], formats[p])
        book.close()

    def with_openpyxl() -> None:
        import io

        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(keys)
        for row, p in zip(rows, places):
            number = "0." + "0" * p if p else "0"
            cells = []
            for value in row[split:]:
                cell = WriteOnlyCell(sheet, value)
                cell.number_format = number
                cells.append(cell)
            sheet.append(row[:split] + cells)
        book.save(io.BytesIO())

    def once(fn: Callable[[], None]) -> float:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        print("  xlsx: XlsxWriter is not installed (pip install xlsxwriter): no floor")
        return
    import gc

    from lingyuan_targets.cli import GC_GEN0

    gc.set_threshold(GC_GEN0, *gc.get_threshold()[1:])  # as the command runs
    ours, xw, op = [], [], []
    for _ in range(max(1, repeat // 2)):  # in turns, so that a drift of the machine's speed falls on all three
        ours.append(once(tool))
        xw.append(once(with_xlsxwriter))
        op.append(once(with_openpyxl))
    fastest = xw if statistics.median(xw) <= statistics.median(op) else op
    name = "XlsxWriter constant_memory" if fastest is xw else "openpyxl write-only"
    print(f"  (xlsx: XlsxWriter {min(xw):.2f} s, openpyxl write-only {min(op):.2f} s, {len(rows):,} rows × "
          f"{len(keys)} columns)")  # fmt: skip
    line("xlsx of the projection (in process)", ours, fastest, 1.2, name)


def memory(sizes: list[int], directory: Path) -> None:
    exe = command()
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        parquet_too = False
    else:
        parquet_too = True
    print("peak memory (maximum resident set of the process) and wall time")
    rows = []
    for n in sizes:
        path = table(n, directory)
        out = directory / "out"
        c = timed([*exe, "check", "--plan", str(path), "-f", "json", "-o", str(out)])
        p = timed([*exe, "project", "--plan", str(path), "--to", "2035", "-f", "csv", "-o", str(out)])
        rows.append((n, c, p))
        print(f"  {n:>10,} indicators ({n // 25:>7,} plans): check {c[1] / MB:6.0f} MB {c[0]:7.1f} s   "
              f"project {p[1] / MB:6.0f} MB {p[0]:7.1f} s", flush=True)  # fmt: skip
        if parquet_too:  # Parquet in, Parquet out
            table_pq = parquet_table(path)
            q = timed(
                [*exe, "project", "--plan", str(table_pq), "--to", "2035", "-o", str(out.with_suffix(".parquet"))]
            )
            out.with_suffix(".parquet").unlink(missing_ok=True)
            print(f"  {'':>10} {'':>22}  project Parquet to Parquet {q[1] / MB:6.0f} MB {q[0]:7.1f} s", flush=True)
        out.unlink(missing_ok=True)
    for n, c, p in rows:
        if n == 1_000_000:
            ok = max(c[1], p[1]) < 1024 * MB
            print(f"  1,000,000 indicators under 1 GB (aim): {'met' if ok else 'NOT met'} "
                  f"(check {c[1] / MB:.0f} MB, project {p[1] / MB:.0f} MB)")  # fmt: skip
    big = [r for r in rows if r[0] >= 1_000_000]
    if len(big) > 1:
        first, last = big[0], big[-1]
        print(f"  from {first[0]:,} to {last[0]:,} indicators ({last[0] / first[0]:.0f}x): check peak "
              f"{last[1][1] / first[1][1]:.2f}x, project peak {last[2][1] / first[2][1]:.2f}x (aim: constant)")  # fmt: skip


def compiled() -> None:
    """The package's modules compiled, as pip compiles them when it installs a wheel: without it an editable install
    on a machine that sets PYTHONDONTWRITEBYTECODE (or whose package directory cannot be written) compiles every
    module on every run, some 80 ms that a user's installed copy never spends."""
    import compileall

    import lingyuan_targets

    compileall.compile_dir(Path(lingyuan_targets.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="paired runs per speed figure (the median is shown)")
    parser.add_argument("--memory", default="100000,1000000", help="indicator counts for the memory figures")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--keep", type=Path, help="a directory to keep the generated tables in (reused)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")  # fmt: skip
    compiled()
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        if not args.skip_speed:
            speed(directory, args.repeat)
        if args.memory:
            memory([int(s) for s in args.memory.split(",")], directory)
    if not args.skip_startup:
        sys.path.insert(0, str(HERE))
        from bench_many import startup

        startup(max(args.repeat, 5))


if __name__ == "__main__":
    main()

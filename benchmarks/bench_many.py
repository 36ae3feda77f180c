"""Benchmark: check and project (to 2035) many synthetic plans in one process.

    python benchmarks/bench_many.py                 # 1k, 10k and 100k indicators (40, 400, 4000 plans)
    python benchmarks/bench_many.py --sizes 100000 --repeat 5
    python benchmarks/bench_many.py --startup       # start-up: --help, --version, check vs. library imports

Each size runs in a fresh interpreter, so its peak memory is its own. The
synthetic plans (``lingyuan_targets.synthetic``: seeded, 25 indicators each,
mixed kinds, one moved target in ten plans) are written as a plans table CSV
first; the figures are then:

* load    – reading and validating the plans table (``read_plans_table``);
* check   – every check on every plan (``check_stack``: findings split by plan);
* project – year-by-year values 2020–2035, rule text included (``project_stack``);
* total   – load + check + project, the time after start-up; indicators/s from it;
* peak    – the process's peak resident memory (``ru_maxrss``);
* per-plan – the same engine run one plan at a time (``check_stack`` and
  ``project_stack`` on each plan alone, as a loop over plans would), timed on
  a sample of plans and scaled to all of them; ``ratio`` = per-plan time /
  (check + project) time;
* loop    – ``reference_loop.py``: the same arithmetic one indicator at a time
  in plain Python (rounding intervals, target against rule, 累计 readings,
  targets met by the base, each year's value to 2035 with bounds), for plans
  tables of the kind generated here (see its docstring for what it leaves
  out). Like the engine after loading, it starts from rows whose printed
  numbers are read (``parse_rows``, not timed); it compares the text fields
  as text. The run asserts that it gives the engine's check summary and values
  (to 1e-12); ``tests/test_reference_loop.py`` checks every result. ``loop x`` = loop time /
  (check + project) time: the whole commands, whose findings, rule text and
  tables the loop does not build;
* kernel  – the engine's arithmetic alone, the loop's work vectorised, by the
  functions ``check`` and ``project`` call: rules, trajectories and bounds
  (``trajectories``), the target-rule and 累计 arrays, the met-by-base and
  below-previous masks; ``kernel x`` = loop time / kernel time. Both start
  from what was read: the loop from rows with their numbers parsed, the engine
  from the stack with its typed columns (text fields as int8 codes, built in
  load). As the loop compares the text fields itself, ``+codes`` also times
  building those codes (on a fresh copy of the plan), and ``+codes x`` is the
  ratio with them;
* cli check / cli project – the installed command over the same plans table,
  as a user runs it: ``check --plan plans.csv -f json -o …`` and ``project
  --plan plans.csv --to 2035 -f csv -o …``, wall time with start-up and writing.

The best of ``--repeat`` runs is reported for each figure.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from reference_loop import parse_rows, reference_loop  # noqa: E402

SAMPLE_PLANS = 40  # plans timed one at a time for the per-plan baseline


# ------------------------------------------------------------- the baseline loop
def loop_summary(verdicts: list[tuple[str, str, str, str]]) -> dict[str, int]:
    """The check summary (as ``total_summary`` gives it) from the reference loop's results."""
    from lingyuan_targets.checks import CODES

    severity = Counter(CODES[code][1] for _, _, code, _ in verdicts)
    by_verdict = Counter(v for _, _, _, v in verdicts)
    return {"checked": len(verdicts), "exact": by_verdict["exact"], "within_rounding": by_verdict["within-rounding"],
            "inconsistent": by_verdict["inconsistent"], "errors": severity["error"], "warnings": severity["warning"],
            "infos": severity["info"]}  # fmt: skip


def kernel(plan: Any) -> None:
    """The engine's arithmetic alone: rules, trajectories to 2035 with bounds, and the per-indicator check arrays
    (no findings, no rule text, no output tables) – the work the reference loop does, done by the functions
    ``check`` and ``project`` call, on the stack as read (its typed columns, ``Plan.columns``, are built when
    the table is read, as the loop's rows are read before it runs).
    """
    from lingyuan_targets.checks.relations import self_relation_masks
    from lingyuan_targets.checks.rules import cumulative_arrays, target_rule_arrays
    from lingyuan_targets.engine.projection import trajectories

    trajectories(plan, to=2035)
    target_rule_arrays(plan)
    cumulative_arrays(plan)
    self_relation_masks(plan)


# --------------------------------------------------------------------- one size
def run_size(n_indicators: int, repeat: int) -> dict[str, float]:
    """Measure one size in this process (called in a fresh interpreter by main)."""
    import csv

    import numpy as np
    import pandas as pd

    from lingyuan_targets.checks.runner import check_stack, total_summary
    from lingyuan_targets.engine.many import project_stack
    from lingyuan_targets.io.plantable import frame_to_stacks, read_plans_table
    from lingyuan_targets.io.synthetic import PER_PLAN, plans_table

    n_plans = max(1, n_indicators // PER_PLAN)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plans.csv"
        plans_table(n_plans, seed=20261128).to_csv(path, index=False)
        best: dict[str, float] = {}
        for _ in range(repeat):
            t0 = time.perf_counter()
            stacks, problems, _ = read_plans_table(path)
            t1 = time.perf_counter()
            reports = [r for st in stacks for r in check_stack(st)]
            t2 = time.perf_counter()
            frames = [project_stack(st, to=2035) for st in stacks]
            t3 = time.perf_counter()
            for key, value in (("load", t1 - t0), ("check", t2 - t1), ("project", t3 - t2), ("total", t3 - t0)):
                best[key] = min(best.get(key, math.inf), value)
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # the engine's peak, before the baselines
        best.update(cli_times(path, repeat))
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        sample = list(dict.fromkeys(table["plan"]))[:SAMPLE_PLANS]
        singles = [st for plan_id in sample for st in frame_to_stacks(table[table["plan"] == plan_id])]  # loaded
        t0 = time.perf_counter()
        for st in singles:  # the same engine, one plan at a time (loading not timed, as in check + project)
            check_stack(st)
            project_stack(st, to=2035)
        best["per_plan"] = (time.perf_counter() - t0) / len(sample) * n_plans
        for _ in range(repeat):
            t0 = time.perf_counter()
            for st in stacks:
                kernel(st.plan)
            best["kernel"] = min(best.get("kernel", math.inf), time.perf_counter() - t0)
            fresh = [dataclasses.replace(st.plan) for st in stacks]  # no typed columns yet
            t0 = time.perf_counter()
            for plan in fresh:
                plan.columns  # noqa: B018 - built here, timed
                kernel(plan)
            best["kernel_codes"] = min(best.get("kernel_codes", math.inf), time.perf_counter() - t0)
        with open(path, encoding="utf-8", newline="") as fh:
            rows = parse_rows(list(csv.DictReader(fh)))  # read, as loading reads the engine's plans: not timed
        for _ in range(repeat):
            t0 = time.perf_counter()
            verdicts, paths = reference_loop(rows)
            best["loop"] = min(best.get("loop", math.inf), time.perf_counter() - t0)
    summary = total_summary(reports)
    assert not problems and sum(len(f) for f in frames) == n_plans * PER_PLAN
    # the loop computes what the engine computes: the same check summary, the same values 2020-2035
    assert loop_summary(verdicts) == {k: summary[k] for k in loop_summary(verdicts)}, (summary, loop_summary(verdicts))
    engine_values = pd.concat(frames)[list(range(2020, 2036))].to_numpy(dtype=float)
    np.testing.assert_allclose(np.array(paths), engine_values, rtol=1e-12, atol=0, equal_nan=True)
    return {"plans": n_plans, "indicators": n_plans * PER_PLAN, **best, "errors": summary["errors"],
            "peak_mb": peak_kib / 1024, "per_s": n_plans * PER_PLAN / best["total"],
            "ratio": best["per_plan"] / (best["check"] + best["project"]),
            "loop_x": best["loop"] / (best["check"] + best["project"]), "kernel_x": best["loop"] / best["kernel"],
            "codes_x": best["loop"] / best["kernel_codes"]}  # fmt: skip


def cli_times(path: Path, repeat: int) -> dict[str, float]:
    """Wall time of the installed command over the plans table, start-up and writing included (best of ``repeat``)."""
    exe = _command()
    runs = {"cli_check": [*exe, "check", "--plan", str(path), "-f", "json", "-o", str(path.with_suffix(".check.json"))],
            "cli_project": [*exe, "project", "--plan", str(path), "--to", "2035", "-f", "csv", "-o",
                            str(path.with_suffix(".project.csv"))]}  # fmt: skip
    out = {}
    for key, cmd in runs.items():
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, check=False)
            times.append(time.perf_counter() - t0)
            assert proc.returncode in (0, 1), proc.stderr.decode()  # 1: check found the moved targets
        out[key] = min(times)
    return out


def _command() -> list[str]:
    script = Path(sys.executable).with_name("lingyuan-targets")  # the installed command, as users run it
    return [str(script)] if script.exists() else [sys.executable, "-m", "lingyuan_targets"]


# -------------------------------------------------------------------- start-up
LIBS = "click, numpy, pandas, rich, yaml"  # what check imports (python -X importtime shows nothing else of size)


def startup(repeat: int) -> None:
    """Wall time of --help, --version and check on the embedded plan, against importing their libraries.

    Readings of "the time Python needs to import the libraries": a Python
    process that imports them (start, imports, and the interpreter's teardown,
    which frees them again); the same ending with ``os._exit`` (no teardown, as
    the command ends); the imports alone as ``python -X importtime`` sums them;
    and, like for like, a process that also raises the collector's threshold as
    the command does (``GC_GEN0``), so the ratio shows the command's own work.
    """
    from lingyuan_targets.cli import GC_GEN0  # the command's collector threshold

    exe = _command()

    def best(cmd: list[str], env: dict[str, str] | None = None) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=False, env={**os.environ, **(env or {})})
            times.append(time.perf_counter() - t0)
        return min(times)

    def importtime() -> float:
        """Seconds the top-level imports take by python -X importtime (cumulative µs of unindented names)."""
        runs = []
        for _ in range(repeat):
            err = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {LIBS}"], capture_output=True,
                                 text=True, check=False).stderr  # fmt: skip
            rows = [line.split("|") for line in err.splitlines() if line.startswith("import time:") and "|" in line]
            runs.append(sum(int(r[1]) for r in rows[1:] if not r[2].startswith("  ")) / 1e6)  # row 0 is the header
        return min(runs)

    rows = [("python -c pass", best([sys.executable, "-c", "pass"])),
            ("lingyuan-targets --help", best([*exe, "--help"])),
            ("lingyuan-targets --version", best([*exe, "--version"])),
            (f"python -c 'import {LIBS}'", best([sys.executable, "-c", f"import {LIBS}"])),
            ("  the same, ending with os._exit (no teardown)", best([sys.executable, "-c", f"import {LIBS}, os; os._exit(0)"])),
            ("  python -X importtime: the imports alone", importtime()),
            ("    the same, with the command's GC threshold",
             best([sys.executable, "-c", f"import gc; gc.set_threshold({GC_GEN0}, *gc.get_threshold()[1:]); "
                                         f"import {LIBS}, os; os._exit(0)"])),
            ("lingyuan-targets check -f json, YAML cache off", best([*exe, "check", "-f", "json"],
                                                                    {"LINGYUAN_TARGETS_CACHE": "off"})),
            ("lingyuan-targets check -f json (embedded plan)", best([*exe, "check", "-f", "json"]))]  # fmt: skip
    print(f"start-up, best of {repeat} (wall seconds, including interpreter start)")
    for label, seconds in rows:
        print(f"  {label:<52} {seconds * 1000:7.0f} ms")
    check = rows[-1][1]  # the cache filled by its first run (best of the runs)
    print(f"  check / imports of its libraries (target ≤ 1.3x): {check / rows[3][1]:.2f}x against a Python that "
          f"imports them, {check / rows[4][1]:.2f}x without its teardown, {check / rows[5][1]:.2f}x the imports alone, "
          f"{check / rows[6][1]:.2f}x like for like; the YAML cache off: {rows[7][1] / rows[5][1]:.2f}x the imports "
          "alone")  # fmt: skip
    probe = ("import sys; from lingyuan_targets.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('numpy', 'pandas') if m in sys.modules), file=sys.stderr)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    print(f"  --help imports pandas/numpy: {out.stderr.strip().splitlines()[-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="indicator counts (25 per plan)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best is reported")
    parser.add_argument("--startup", action="store_true", help="measure start-up instead")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one size, JSON out
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, args.repeat)))
        return
    if args.startup:
        startup(max(args.repeat, 5))
        return
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")  # fmt: skip
    print(f"{'indicators':>10} {'plans':>6} {'load s':>7} {'check s':>8} {'project s':>9} {'total s':>8} "
          f"{'ind/s':>9} {'peak MB':>8} {'per-plan s':>10} {'ratio':>6} {'loop s':>7} {'loop x':>7} {'kernel s':>8} "
          f"{'kernel x':>8} {'+codes x':>8} {'cli check s':>11} {'cli project s':>13}")  # fmt: skip
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--repeat", str(args.repeat)],
                             capture_output=True, text=True, check=True)  # fmt: skip
        r = json.loads(out.stdout)
        results.append(r)
        print(f"{r['indicators']:>10,} {r['plans']:>6,} {r['load']:>7.2f} {r['check']:>8.2f} {r['project']:>9.2f} "
              f"{r['total']:>8.2f} {r['per_s']:>9,.0f} {r['peak_mb']:>8.0f} {r['per_plan']:>10.1f} "
              f"{r['ratio']:>5.0f}x {r['loop']:>7.2f} {r['loop_x']:>6.1f}x {r['kernel']:>8.3f} {r['kernel_x']:>7.1f}x {r['codes_x']:>7.1f}x "
              f"{r['cli_check']:>11.2f} {r['cli_project']:>13.2f}")  # fmt: skip
    if len(results) > 1:
        first, last = results[0], results[-1]
        scale = last["indicators"] / first["indicators"]
        print(f"cost from {first['indicators']:,} to {last['indicators']:,} indicators ({scale:.0f}x): total "
              f"{last['total'] / first['total']:.0f}x, check+project {(last['check'] + last['project']) / (first['check'] + first['project']):.0f}x")  # fmt: skip


if __name__ == "__main__":
    main()

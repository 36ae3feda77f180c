"""Benchmark: ``report`` and its charts, this tree against a stated baseline commit.

    python benchmarks/bench_report.py                      # against 94262ab, 7 paired runs
    python benchmarks/bench_report.py --baseline HEAD~3 --repeat 9

The charts are what ``report`` spends its time on (14 of them on the embedded
plan, one SVG each). The baseline, commit 94262ab by default, laid each chart
out with matplotlib's ``constrained`` engine, which draws the figure once to
measure it and again to save it, placed the titles at every draw and looked
the CJK font up for every chart, each on a new figure; this tree lays a chart
out from the sizes of its texts without drawing it (``output.charts._lay_out``),
draws a report's charts one after another on one figure (``render_each``: the
same bytes as each alone) and looks the font up once per report. The baseline's ``src/`` is taken with ``git archive`` into a
temporary directory, and both trees run the same code in fresh interpreters,
alternating, on the embedded plan. The figures are the best of the runs, as
``timeit`` and ``bench_many.py`` report (the least disturbed by other work on
the machine); the medians follow in brackets:

* charts   - rendering every chart of the report as SVG, in one process after
  a warm-up render (imports and font lists loaded), per chart and in all;
* document - the whole report document as HTML (``render_document``), the
  charts and everything else, in the same process;
* command  - ``report -q -o report.html`` as a user runs it, start-up
  included: the time on the clock, and the CPU time it used.

charts and document are CPU time (``time.process_time``): on a virtual machine
whose host takes cycles away the clock varies by a third from run to run, the
CPU time much less.

``ratio`` is baseline / this tree: how many times faster this tree is. The
run also checks that both trees write a report of the same structure (the
same number of charts) so the two are timed on the same work.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASELINE = "94262ab"
DRIVER = """
import json, sys, time
from lingyuan_targets.io.plandir import load_plan
from lingyuan_targets.output import document
from lingyuan_targets.views.report import default_chart_ids, report

plan = load_plan()
doc = report(plan, None, lang="zh", chart_ids=default_chart_ids(plan, None), date="2026-01-01")
document._charts(doc, "svg", None)  # warm-up
start = time.process_time()
images, _ = document._charts(doc, "svg", None)
charts = time.process_time() - start
start = time.process_time()
document.render_document(doc, "html")
whole = time.process_time() - start
print(json.dumps({"n": len(images), "charts": charts, "document": whole}))
"""


def _tree(rev: str, into: Path) -> Path:
    """``rev``'s src/ (and the data/ it reads), extracted under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src", "data"], check=True, capture_output=True)
    with tempfile.TemporaryFile() as tmp:
        tmp.write(archive.stdout)
        tmp.seek(0)
        with tarfile.open(fileobj=tmp) as tar:
            tar.extractall(into, filter="data")
    return into / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="commit to compare with [94262ab]")
    parser.add_argument("--repeat", type=int, default=7, help="paired runs; the best (and the median) is reported")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        trees = {"this tree": ROOT / "src", "baseline": _tree(args.baseline, Path(tmp) / "baseline")}
        parts = ("charts", "document", "command", "command CPU")
        times: dict[str, dict[str, list[float]]] = {k: {part: [] for part in parts} for k in trees}
        counts = {}
        for _ in range(args.repeat):
            for name, src in trees.items():
                env = {**os.environ, "PYTHONPATH": str(src), "SOURCE_DATE_EPOCH": "1767225600"}
                run = subprocess.run([sys.executable, "-c", DRIVER], check=True, env=env, capture_output=True,
                                     text=True)  # fmt: skip
                got = json.loads(run.stdout)
                counts[name] = got["n"]
                times[name]["charts"].append(got["charts"])
                times[name]["document"].append(got["document"])
                out = Path(tmp) / "report.html"
                command = [sys.executable, "-m", "lingyuan_targets", "report", "-q", "-o", str(out)]
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(command, check=True, env=env)
                times[name]["command"].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                times[name]["command CPU"].append(used)
    if len(set(counts.values())) != 1:
        sys.exit(f"the trees drew different numbers of charts: {counts}")
    n = counts["this tree"]
    print(f"report on the embedded plan, {n} charts (SVG): this tree against {args.baseline}, "
          f"best of {args.repeat} paired runs (median), {os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'figure':<14}{'this tree':>18}{'baseline':>18}{'ratio':>16}")
    for part in parts:
        new, base = (min(times[k][part]) for k in trees)
        new_m, base_m = (statistics.median(times[k][part]) for k in trees)
        print(f"{part:<14}{new:>7.2f}s ({new_m:5.2f}s){base:>8.2f}s ({base_m:5.2f}s)"
              f"{base / new:>7.2f}x ({base_m / new_m:.2f}x)")  # fmt: skip
        if part == "charts":
            print(f"{'  per chart':<14}{new / n:>7.3f}s ({new_m / n:.3f}){base / n:>7.3f}s ({base_m / n:.3f})"
                  f"{base / new:>8.2f}x ({base_m / new_m:.2f}x)")  # fmt: skip


if __name__ == "__main__":
    main()

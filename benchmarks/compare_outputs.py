"""Record every command's output on a fixed set of inputs, and compare two recordings byte for byte.

A refactor must change no output. Run this on the tree before the change and on the tree after it,
then compare::

    git worktree add /tmp/before <commit>
    python benchmarks/compare_outputs.py record --tree /tmp/before --inputs /tmp/cmp-in --out /tmp/cmp-before
    python benchmarks/compare_outputs.py record --tree .           --inputs /tmp/cmp-in --out /tmp/cmp-after
    python benchmarks/compare_outputs.py compare /tmp/cmp-before /tmp/cmp-after

``record`` runs the command line of the source tree ``--tree`` (``python -m lingyuan_targets`` with
that tree's ``src`` first on the path) once per case, in a fresh process, and keeps its standard
output, standard error, exit status and every file it writes with ``-o``. The inputs are written
once into ``--inputs`` and shared by both recordings, so paths in messages agree: a copy of the
embedded plan, the demo actuals, each case of ``tests/corpus`` made into a plan directory, a
directory of two plans and a plans table of 4,000 synthetic plans. The tree's own path is replaced
by ``<TREE>`` and the recording's directory by ``<OUT>`` in what a command prints.

The cases cover ``list``, ``project`` (every scenario, several horizons and steps), ``show``,
``scenarios``, ``check`` (every rounding, selections, passes), ``validate`` (text, json, github; the
corpus), ``schema``, ``track``, ``outlook`` (scenarios and rate grids), ``plot`` and ``report``, in
csv, json, markdown, table, xlsx, html, svg and png where the command has them, in both languages,
and a few usage errors. ``compare`` prints each case whose recording differs, and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ("continue", "doubling", "moderate", "rate:4.5", "rate:-3")


def cases(inputs: Path) -> list[tuple[str, list[str]]]:
    """(name, arguments) of every case; ``{out}`` in an argument is the case's own output directory."""
    plan = str(inputs / "lingyuan")
    actuals = str(inputs / "actuals-demo.csv")
    table = str(inputs / "plans.csv")
    many = str(inputs / "many")
    out: list[tuple[str, list[str]]] = []

    def add(name: str, *args: str) -> None:
        out.append((name, list(args)))

    data_formats = ("csv", "json", "markdown", "table")
    for lang in ("zh", "en"):
        for fmt in data_formats:
            add(f"list-{fmt}-{lang}", "list", "--plan", plan, "-f", fmt, "--lang", lang)
            add(f"scenarios-{fmt}-{lang}", "scenarios", "--plan", plan, "-f", fmt, "--lang", lang)
            add(f"check-{fmt}-{lang}", "check", "--plan", plan, "-f", fmt, "--lang", lang)
            add(f"check-all-{fmt}-{lang}", "check", "--plan", plan, "-f", fmt, "--lang", lang, "--all")
            for ident in ("gdp", "good-air-days", "rural-income", "new-urban-jobs"):
                add(f"show-{ident}-{fmt}-{lang}", "show", ident, "--plan", plan, "-f", fmt, "--lang", lang)
            add(f"track-{fmt}-{lang}", "track", "--plan", plan, "--actuals", actuals, "-f", fmt, "--lang", lang)
            add(f"outlook-{fmt}-{lang}", "outlook", "--plan", plan, "-f", fmt, "--lang", lang)
            add(f"outlook-actuals-{fmt}-{lang}", "outlook", "--plan", plan, "--actuals", actuals, "-f", fmt,
                "--lang", lang)  # fmt: skip
            add(f"outlook-rates-{fmt}-{lang}", "outlook", "--plan", plan, "--actuals", actuals, "--rates", "2:8:1",
                "-f", fmt, "--lang", lang)  # fmt: skip
            for scenario in SCENARIOS:
                add(f"project-{scenario}-{fmt}-{lang}", "project", "--plan", plan, "--scenario", scenario, "-f", fmt,
                    "--lang", lang)  # fmt: skip
        add(f"list-xlsx-{lang}", "list", "--plan", plan, "-o", "{out}/list.xlsx", "--lang", lang)
        add(f"project-xlsx-{lang}", "project", "--plan", plan, "-o", "{out}/project.xlsx", "--lang", lang)
        add(f"check-xlsx-{lang}", "check", "--plan", plan, "-o", "{out}/check.xlsx", "--lang", lang)
        add(f"show-xlsx-{lang}", "show", "gdp", "--plan", plan, "-o", "{out}/show.xlsx", "--lang", lang)
        add(f"track-xlsx-{lang}", "track", "--plan", plan, "--actuals", actuals, "-o", "{out}/track.xlsx",
            "--lang", lang)  # fmt: skip
        add(f"report-html-{lang}", "report", "--plan", plan, "-o", "{out}/report.html", "--lang", lang)
        add(f"report-md-{lang}", "report", "--plan", plan, "-o", "{out}/report.md", "--lang", lang)
        add(f"report-actuals-html-{lang}", "report", "--plan", plan, "--actuals", actuals, "-o", "{out}/r.html",
            "--lang", lang)  # fmt: skip
        add(f"report-actuals-md-{lang}", "report", "--plan", plan, "--actuals", actuals, "-o", "{out}/r.md",
            "--lang", lang)  # fmt: skip
        add(f"plot-svg-{lang}", "plot", "gdp", "good-air-days", "--plan", plan, "--actuals", actuals,
            "-o", "{out}/c.svg", "--lang", lang)  # fmt: skip
    # the embedded plan without --plan (its directory is the tree's own)
    add("default-check-json", "check", "-f", "json")
    add("default-project-csv", "project", "--to", "2035", "-f", "csv")
    add("default-validate", "validate")
    add("default-validate-json", "validate", "-f", "json")
    add("default-report-html", "report", "--no-charts", "-o", "{out}/report.html")
    add("plot-png", "plot", "gdp", "rural-income", "pm25", "forest-cover", "--plan", plan, "-o", "{out}/c.png")
    add("report-nocharts-md", "report", "--plan", plan, "--no-charts", "-o", "{out}/r.md")
    add("report-chart-gdp-html", "report", "--plan", plan, "--actuals", actuals, "--chart", "gdp", "-o",
        "{out}/r.html")  # fmt: skip
    # options
    for to in ("2021", "2025", "2030", "2040", "2050"):
        add(f"project-to-{to}", "project", "--plan", plan, "--to", to, "-f", "csv")
        add(f"project-to-{to}-json", "project", "--plan", plan, "--to", to, "-f", "json", "--scenario", "doubling")
    for step in ("2", "5"):
        add(f"project-step-{step}", "project", "--plan", plan, "--step", step, "-f", "markdown", "--lang", "en")
    add("project-ids", "project", "gdp", "rural-income", "pm25", "--plan", plan, "-f", "json", "--to", "2030")
    add("project-out-json", "project", "--plan", plan, "-o", "{out}/p.json")
    add("project-out-md", "project", "--plan", plan, "-o", "{out}/p.md")
    add("project-out-csv", "project", "--plan", plan, "-o", "{out}/p.csv")
    add("show-doubling", "show", "rural-income", "--plan", plan, "--scenario", "doubling", "-f", "json")
    add("show-to-2030", "show", "pm25", "--plan", plan, "--to", "2030", "-f", "csv")
    for rounding in ("half-up", "half-even", "truncate"):
        add(f"check-rounding-{rounding}", "check", "--plan", plan, "--rounding", rounding, "-f", "json", "--all")
    add("check-select", "check", "--plan", plan, "--select", "target-rule", "--all", "-f", "csv")
    add("check-select-code", "check", "--plan", plan, "--select", "target-rule-exact", "-f", "json")
    add("check-ignore", "check", "--plan", plan, "--ignore", "check-too-coarse,implied-baseline", "-f", "markdown")
    add("check-fail-on-warning", "check", "--plan", plan, "--fail-on", "warning", "-f", "json")
    add("check-fail-on-info", "check", "--plan", plan, "--fail-on", "info", "-f", "csv", "--lang", "en")
    add("check-list-codes", "check", "--list-codes", "-f", "csv")
    add("check-list-codes-json", "check", "--list-codes", "-f", "json")
    add("check-list-codes-md", "check", "--list-codes", "-f", "markdown")
    add("check-out-md", "check", "--plan", plan, "-o", "{out}/c.md")
    add("check-out-json", "check", "--plan", plan, "-o", "{out}/c.json")
    add("track-as-of", "track", "--plan", plan, "--actuals", actuals, "--as-of", "2023", "-f", "json")
    add("track-ids", "track", "gdp", "pm25", "--plan", plan, "--actuals", actuals, "-f", "csv", "--lang", "en")
    add("track-fail-on", "track", "--plan", plan, "--actuals", actuals, "--fail-on", "not-achieved", "-f", "csv")
    add("track-thresholds", "track", "--plan", plan, "--actuals", actuals, "--thresholds", "0.9,0.5,0", "-f", "json")
    add("outlook-to-2030", "outlook", "--plan", plan, "--to", "2030", "-f", "json")
    add("outlook-rates-list", "outlook", "gdp", "--plan", plan, "--rates", "3,4.73,6", "-f", "csv")
    add("validate-actuals", "validate", plan, "--actuals", actuals)
    add("validate-actuals-json", "validate", plan, "--actuals", actuals, "-f", "json")
    add("validate-github", "validate", plan, "-f", "github")
    add("schema", "schema")
    # usage errors and unusable input
    add("err-show-unknown", "show", "gpd", "--plan", plan)
    add("err-project-unknown", "project", "gpd", "--plan", plan, "-f", "csv")
    add("err-scenario", "project", "--plan", plan, "--scenario", "doubeling", "-f", "csv")
    add("err-scenario-rate", "project", "--plan", plan, "--scenario", "rate:-100", "-f", "csv")
    add("err-select", "check", "--plan", plan, "--select", "target-rul")
    add("err-xlsx-stdout", "project", "--plan", plan, "-f", "xlsx")
    add("err-rates", "outlook", "--plan", plan, "--rates", "8:2")
    add("err-rates-text", "outlook", "--plan", plan, "--rates", "abc")
    add("err-outlook-to", "outlook", "--plan", plan, "--to", "2025")
    add("err-track-as-of", "track", "--plan", plan, "--actuals", actuals, "--as-of", "2020")
    add("err-thresholds", "track", "--plan", plan, "--actuals", actuals, "--thresholds", "1,2,3")
    add("err-plot-suffix", "plot", "gdp", "--plan", plan, "-o", "{out}/c.pdf")
    add("err-report-suffix", "report", "--plan", plan, "-o", "{out}/r.txt")
    add("err-report-no-output", "report", "--plan", plan, "--no-charts")
    add("err-plot-no-output", "plot", "gdp", "--plan", plan)
    add("nosums-check", "check", "--plan", str(inputs / "nosums"), "-f", "json", "--all", "--select", "sums")
    add("err-two-plans", "show", "gdp", "--plan", plan, "--plan", plan)
    add("err-encoding", "check", "--plan", plan, "--encoding", "nonsense")
    add("err-overwrite-input", "project", "--plan", plan, "-o", f"{plan}/indicators.yaml", "-f", "csv")
    add("err-no-plan", "check", "--plan", str(inputs / "does-not-exist"))
    add("err-actuals", "track", "--plan", plan, "--actuals", str(inputs / "bad-actuals.csv"))
    add("err-validate-bad-actuals", "validate", plan, "--actuals", str(inputs / "bad-actuals.csv"), "-f", "json")
    # the test corpus: every broken plan
    for case in sorted(p.name for p in (inputs / "corpus").iterdir()):
        path = str(inputs / "corpus" / case)
        add(f"corpus-{case}-validate", "validate", path)
        add(f"corpus-{case}-validate-json", "validate", path, "-f", "json")
        add(f"corpus-{case}-validate-github", "validate", path, "-f", "github")
        add(f"corpus-{case}-check", "check", "--plan", path, "-f", "json")
        add(f"corpus-{case}-project", "project", "--plan", path, "-f", "csv")
    # many plans: a directory of plan directories, and a table of 4,000 plans
    for fmt in data_formats:
        add(f"many-check-{fmt}", "check", "--plan", many, "-f", fmt)
        add(f"many-check-all-{fmt}-en", "check", "--plan", many, "-f", fmt, "--all", "--lang", "en")
        add(f"many-project-{fmt}", "project", "--plan", many, "-f", fmt, "--to", "2030")
    add("many-duplicate-ids", "project", "--plan", many, "--plan", plan, "-f", "csv", "--step", "5")
    add("many-project-step", "project", "--plan", many, "-f", "csv", "--step", "5")
    add("many-project-ids", "project", "gdp", "--plan", many, "-f", "json")
    add("many-check-xlsx", "check", "--plan", many, "-o", "{out}/c.xlsx")
    add("many-validate", "validate", many, "-f", "json")
    add("table-check-json", "check", "--plan", table, "-f", "json", "-o", "{out}/check.json")
    add("table-check-csv", "check", "--plan", table, "-f", "csv", "-o", "{out}/check.csv")
    add("table-check-md", "check", "--plan", table, "-f", "markdown", "-o", "{out}/check.md")
    add("table-check-all-json", "check", "--plan", table, "--all", "-f", "json", "-o", "{out}/check.json")
    add("table-project-csv", "project", "--plan", table, "--to", "2035", "-f", "csv", "-o", "{out}/p.csv")
    add("table-project-json", "project", "--plan", table, "--to", "2030", "--scenario", "doubling", "-f", "json",
        "-o", "{out}/p.json")  # fmt: skip
    add("table-validate", "validate", table, "-f", "json")
    add("table-bad", "check", "--plan", str(inputs / "bad-plans.csv"), "-f", "json")
    return out


# ---------------------------------------------------------------------------- inputs
def make_inputs(inputs: Path, tree: Path) -> None:
    """Write the shared inputs (once: an existing directory is kept, so both recordings read the same files)."""
    if (inputs / "done").exists():
        if not (inputs / "nosums").exists():  # added later: made in an existing inputs directory too
            shutil.copytree(inputs / "lingyuan", inputs / "nosums")
            (inputs / "nosums" / "sums.csv").unlink()
        return
    if inputs.exists():
        shutil.rmtree(inputs)
    inputs.mkdir(parents=True)
    shutil.copytree(tree / "data", inputs / "lingyuan")
    shutil.copy(tree / "examples" / "actuals-demo.csv", inputs / "actuals-demo.csv")
    (inputs / "bad-actuals.csv").write_text("id,year,value,source\ngdp,2021,abc,x\ngpd,2022,1,x\npm25,2019,30,\n",
                                            encoding="utf-8")  # fmt: skip
    corpus = tree / "tests" / "corpus"
    (inputs / "corpus").mkdir()
    import csv

    for row in csv.DictReader((corpus / "expected.csv").open(encoding="utf-8")):
        dest = inputs / "corpus" / row["case"]
        shutil.copytree(corpus / "base", dest)
        folder = corpus / "cases" / row["case"]
        if (folder / "REMOVE").exists():
            (dest / row["file"]).unlink()
        elif (folder / row["file"]).is_dir():
            (dest / row["file"]).unlink()
            (dest / row["file"]).mkdir()
        else:
            for extra in folder.iterdir():
                shutil.copy(extra, dest / extra.name)
    shutil.copytree(corpus / "base", inputs / "corpus" / "_base")
    (inputs / "many").mkdir()
    shutil.copytree(tree / "data", inputs / "many" / "a-lingyuan")
    shutil.copytree(corpus / "base", inputs / "many" / "b-base")
    script = ("import sys\ntry:\n    from lingyuan_targets.io.synthetic import plans_table\n"
              "except ImportError:  # a tree from before the layers\n    from lingyuan_targets.synthetic import plans_table\n"
              "plans_table(4000, seed=7).to_csv(sys.argv[1], index=False)")  # fmt: skip
    subprocess.run([sys.executable, "-c", script, str(inputs / "plans.csv")], check=True,
                   env={**os.environ, "PYTHONPATH": str(tree / "src")})  # fmt: skip
    lines = (inputs / "plans.csv").read_text(encoding="utf-8").splitlines()[:60]
    lines[5] = lines[5].replace(",level,", ",levl,", 1)
    lines[30] = lines[30].rsplit(",", 3)[0] + ",x,annual,abc"
    (inputs / "bad-plans.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copytree(inputs / "lingyuan", inputs / "nosums")
    (inputs / "nosums" / "sums.csv").unlink()
    (inputs / "done").write_text("", encoding="utf-8")


# ------------------------------------------------------------------------------ record
def _run(tree: Path, out: Path, name: str, args: list[str]) -> None:
    here = out / name
    files = here / "files"
    files.mkdir(parents=True)
    argv = [a.replace("{out}", str(files)) for a in args]
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINGYUAN_TARGETS")}
    env.update(PYTHONPATH=str(tree / "src"), LINGYUAN_TARGETS_CACHE="off", COLUMNS="120", NO_COLOR="1",
               PYTHONHASHSEED="0", TERM="dumb", SOURCE_DATE_EPOCH="1767225600")  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "lingyuan_targets", *argv], capture_output=True, env=env,
                          cwd=str(out), timeout=600)  # fmt: skip
    (here / "stdout").write_bytes(_normal(done.stdout, tree, out))
    (here / "stderr").write_bytes(_normal(done.stderr, tree, out))
    (here / "status").write_text(f"{done.returncode}\n", encoding="utf-8")
    (here / "args").write_text(json.dumps(args, ensure_ascii=False) + "\n", encoding="utf-8")


def _normal(text: bytes, tree: Path, out: Path) -> bytes:
    """Paths that differ between recordings (the tree run, the recording's own directory) as placeholders."""
    return text.replace(str(out.resolve()).encode(), b"<OUT>").replace(str(tree.resolve()).encode(), b"<TREE>")


def record(tree: Path, inputs: Path, out: Path, jobs: int) -> None:
    tree, out = tree.resolve(), out.resolve()
    make_inputs(inputs.resolve(), tree)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    todo = cases(inputs.resolve())
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for future in concurrent.futures.as_completed([pool.submit(_run, tree, out, n, a) for n, a in todo]):
            future.result()
    print(f"recorded {len(todo)} cases of {tree} in {out}")


# ----------------------------------------------------------------------------- compare
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    differ = 0
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            print(f"{name}: only in {'after' if b.exists() else 'before'}")
            differ += 1
            continue
        files_a = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
        files_b = sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
        if files_a != files_b:
            print(f"{name}: files differ: {sorted(set(files_a) ^ set(files_b))}")
            differ += 1
            continue
        changed = [f for f in files_a if _digest(a / f) != _digest(b / f)]
        if changed:
            differ += 1
            print(f"{name}: {', '.join(changed)} differ")
    print(f"{len(names)} cases, {differ} differ")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    rec = sub.add_parser("record", help="run every case on a source tree and keep its outputs")
    rec.add_argument("--tree", type=Path, default=ROOT)
    rec.add_argument("--inputs", type=Path, required=True)
    rec.add_argument("--out", type=Path, required=True)
    rec.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    cmp = sub.add_parser("compare", help="compare two recordings byte for byte")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.what == "record":
        record(args.tree, args.inputs, args.out, args.jobs)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())

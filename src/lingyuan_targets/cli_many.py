"""``check`` and ``project`` over many plans: finding them, loading them with progress, rendering results.

A ``--plan`` PATH is a plan directory (it holds indicators.yaml), a directory
of plan directories, or a plans table (a CSV file). One plan that cannot be
used is reported and left out; the others run, and the exit status says so.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .cli import CliError, write_atomic



@dataclass
class Loaded:
    """What a run over many plans has to work on, and what it could not use."""

    stacks: list[Any] = field(default_factory=list)
    unusable: list[dict[str, Any]] = field(default_factory=list)  # {"source", "plan", "problems"}
    notices: list[str] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)  # files a run must never overwrite
    order: list[str] = field(default_factory=list)  # plan ids in the order the inputs name them

    @property
    def plan_count(self) -> int:
        return sum(len(s.plan_ids) for s in self.stacks)

    def sort(self, items: list[Any], key: Any) -> list[Any]:
        """Items (reports, rows) in input order of their plans."""
        ranks = {p: i for i, p in enumerate(self.order)}
        return sorted(items, key=lambda item: ranks.get(key(item), len(ranks)))


def is_many(paths: tuple[Path, ...]) -> bool:
    """Whether --plan asks for more than one plan (several paths, a directory of plans, or a table)."""
    if len(paths) > 1:
        return True
    if not paths:
        return False
    path = paths[0]
    return (path.suffix.lower() == ".csv" and not path.is_dir()) or (
        path.is_dir() and not (path / "indicators.yaml").exists() and any(
            (p / "indicators.yaml").exists() for p in path.iterdir() if p.is_dir()))


def expand(paths: tuple[Path, ...]) -> list[tuple[str, Path]]:
    """Each --plan path as ("dir", plan directory) or ("table", CSV file), directories of plans opened up."""
    from .plantable import is_plans_table

    out: list[tuple[str, Path]] = []
    for path in paths:
        if not path.exists():
            raise CliError(f"--plan {path}: no such file or directory")
        if is_plans_table(path):
            out.append(("table", path))
        elif path.is_dir() and (path / "indicators.yaml").exists():
            out.append(("dir", path))
        elif path.is_dir():
            subs = sorted(p for p in path.iterdir() if p.is_dir() and (p / "indicators.yaml").exists())
            if not subs:
                raise CliError(f"--plan {path}: neither a plan directory (indicators.yaml) nor a directory of them")
            out += [("dir", p) for p in subs]
        else:
            raise CliError(f"--plan {path}: expected a plan directory, a directory of them, or a plans table (.csv)")
    return once(out)


def once(targets: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """Each input once, however its path is spelled (same/a and /abs/same/a are one plan)."""
    seen: dict[Path, tuple[str, Path]] = {}
    for kind, path in targets:
        seen.setdefault(path.resolve(), (kind, path))
    return list(seen.values())


def load(paths: tuple[Path, ...], encoding: str | None) -> Loaded:
    """Load every plan, with a progress bar on a terminal; problems are collected, not raised."""
    from .bulk import duplicates, stack
    from .errors import PlanError
    from .loading import load_plan
    from .plantable import read_plans_table

    sources = expand(paths)
    loaded = Loaded()
    plans = []
    tables = [p for kind, p in sources if kind == "table"]
    label = f"loading {tables[0].name}" if len(sources) == 1 and tables else "loading plans"
    with _progress(len(sources), label, many=bool(tables)) as advance:
        for kind, path in sources:
            # every input is protected from -o, whether or not it turns out usable
            loaded.inputs += [path] if kind == "table" else [p for p in path.iterdir() if p.is_file()]
            try:
                if kind == "table":
                    stacks, problems, notices = read_plans_table(path, encoding=encoding)
                    loaded.stacks += stacks
                    loaded.notices += notices
                    loaded.order += [p for st in stacks for p in st.plan_ids]
                    loaded.unusable += [{"source": str(path), "plan": pid, "problems": errs}
                                        for pid, errs in problems.items()]  # fmt: skip
                else:
                    plan = load_plan(path, encoding=encoding)
                    plans.append(plan)
                    loaded.notices += list(plan.notices)
                    loaded.inputs += list(plan.files.values())
                    loaded.order.append(plan.id)
            except PlanError as err:
                loaded.unusable.append({"source": str(path), "plan": None, "problems": err.problems})
            advance()
    twice = sorted(duplicates(loaded.order))
    if twice:
        raise CliError(f"plan id(s) {', '.join(twice[:5])} appear more than once in this run; plan ids must differ")
    if plans:
        loaded.stacks += stack(plans)
    return loaded


class _progress:
    """A rich progress bar on stderr when it is a terminal and the run is over many plans; else nothing.

    Steps are inputs (loading) or stacks (checking, projecting); a plans table of
    thousands of plans is one step, so the bar also shows the time spent.
    """

    def __init__(self, total: int, label: str, many: bool = False) -> None:
        self.total, self.label, self.bar, self.many = total, label, None, many

    def __enter__(self) -> Any:
        if (self.total > 1 or self.many) and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,  # fmt: skip
            )

            self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=True)  # fmt: skip
            self.bar.start()
            task = self.bar.add_task(self.label, total=self.total)
            return lambda: self.bar.advance(task)
        return lambda: None

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def report_unusable(loaded: Loaded) -> None:
    """Each plan left out, with its problems (the first few), on stderr."""
    for item in loaded.unusable:
        who = f"plan {item['plan']} in {item['source']}" if item["plan"] else item["source"]
        problems = item["problems"]
        click.echo(f"error: {who} cannot be used ({len(problems)} problem{'s' if len(problems) > 1 else ''}):",
                   err=True)  # fmt: skip
        for p in problems[:5]:
            click.echo(f"  {p._one()} [{p.code}]", err=True)
        if len(problems) > 5:
            click.echo(f"  … and {len(problems) - 5} more (lingyuan-targets validate lists them all)", err=True)


def leave_out_before(loaded: Loaded, to: int) -> None:
    """Plans whose base year is not before ``--to`` cannot be projected to it: they are reported like unusable
    plans (file and line where known) and the others run."""
    from .errors import Location, PlanError

    keep = []
    for st in loaded.stacks:
        if st.plan.base_year < to:
            keep.append(st)
            continue
        members = {m.id: m for m in st.members}  # plans read from directories
        for pid in st.plan_ids:
            if pid in members:
                lines = members[pid].meta.get("lines", {})
                where = Location(members[pid].files["indicators"], lines.get("base_year"), field="base_year")
            else:  # a plans table: "table:line" of the plan's first row
                file, _, line = st.sources[pid].rpartition(":")
                where = Location(file, int(line), field="base_year")
            message = f"--to {to} is not after this plan's base year {st.plan.base_year}"
            problem = PlanError(message, where, "year-order")
            loaded.unusable.append({"source": str(where.file), "plan": pid, "problems": [problem]})
    loaded.stacks = keep


def unusable_json(loaded: Loaded) -> list[dict[str, Any]]:
    return [{"source": u["source"], "plan": u["plan"], "problems": [p.to_dict() for p in u["problems"]]}
            for u in loaded.unusable]  # fmt: skip


# ------------------------------------------------------------------------ check
def check_many(loaded: Loaded, *, rounding: str, select: tuple[str, ...], ignore: tuple[str, ...],
               include_passes: bool) -> list[Any]:  # fmt: skip
    """Reports for every usable plan, in input order."""
    from .bulk import check_stack

    reports = []
    with _progress(len(loaded.stacks), f"checking {loaded.plan_count:,} plans", many=loaded.plan_count > 1) as advance:
        for st in loaded.stacks:
            reports += check_stack(st, rounding=rounding, select=select, ignore=ignore, passes=include_passes)
            advance()
    return loaded.sort(reports, lambda r: r.plan)


def render_check(loaded: Loaded, reports: list[Any], fmt: str, lang: str, include_passes: bool,
                 output: Path | None) -> None:  # fmt: skip
    """Print or write the reports of many plans in the chosen format."""
    from .bulk import total_summary
    from .render import render_text, to_json

    totals = {**total_summary(reports), "unusable": len(loaded.unusable)}
    if fmt == "json":
        doc = {"schema_version": 1, "command": "check", "rounding": reports[0].rounding if reports else None,
               "summary": totals, "plans": [{**r.to_dict(include_passes), "schema_version": None, "command": None}
                                            for r in reports], "unusable": unusable_json(loaded)}  # fmt: skip
        for plan_doc in doc["plans"]:
            del plan_doc["schema_version"], plan_doc["command"]
        _out(to_json(doc), output, loaded)
        return
    summary, findings = _check_tables(reports, lang, include_passes, totals)
    if fmt == "csv":
        from .checkviews import report_csv

        parts = [report_csv(r, lang, include_passes, plan_column=True) for r in reports]
        header = parts[0].split("\n", 1)[0] + "\n" if parts else "plan\n"
        _out(header + "".join(part.split("\n", 1)[1] for part in parts), output, loaded)
    elif fmt == "markdown":
        _out(render_text(summary, "markdown", lang) + "\n" + render_text(findings, "markdown", lang), output, loaded)
    elif fmt == "xlsx":
        if output is None:
            raise CliError("--format xlsx writes a file: add -o FILE.xlsx")
        from .xlsx import table_xlsx

        write_atomic(output, table_xlsx([summary, findings], lang), loaded.inputs)
    else:
        import io

        from rich.console import Console

        from .cli import terminal_console
        from .render import rich_tables

        console = Console(file=io.StringIO(), width=160, no_color=True) if output else terminal_console()
        for table in (summary, findings) if findings.records else (summary,):
            for part in rich_tables(table, lang, console.width):
                console.print(part)
        if output is not None:
            write_atomic(output, console.file.getvalue(), loaded.inputs)


def _check_tables(reports: list[Any], lang: str, include_passes: bool, totals: dict[str, int]) -> tuple[Any, Any]:
    from .bulk import SUMMARY_KEYS
    from .checkviews import SEVERITY_ZH
    from .render import Column, Table

    zh = lang == "zh"
    summary = Table(title="各规划核查汇总" if zh else "check summary by plan",
                    columns=[Column("plan", "规划", "plan", sticky=True),
                             *[Column(k, k, k, numeric=True) for k in SUMMARY_KEYS]],
                    records=[{"plan": r.plan, **r.summary()} for r in reports], decimals=[0] * len(reports),
                    notes=[", ".join(f"{k} {v}" for k, v in totals.items())])  # fmt: skip
    rows = []
    for r in reports:
        for f in (r.results if include_passes else r.findings):
            rows.append({"plan": r.plan, "code": f.code, "severity": SEVERITY_ZH[f.severity] if zh else f.severity,
                         "family": f.family, "ids": " ".join(f.ids), "verdict": f.verdict,
                         "message": f.message_zh if zh else f.message_en,
                         "suggestion": (f.suggestion_zh if zh else f.suggestion) or None})  # fmt: skip
    findings = Table(title="核查结果" if zh else "findings",
                     columns=[Column("plan", "规划", "plan", sticky=True), Column("severity", "级别", "severity"),
                              Column("code", "代码", "code"), Column("family", "类别", "family", machine_only=True),
                              Column("ids", "指标", "indicators"), Column("verdict", "结论", "verdict", machine_only=True),
                              Column("message", "说明", "message", max_width=70),
                              Column("suggestion", "建议", "suggestion", machine_only=True)],
                     records=rows)  # fmt: skip
    return summary, findings


def _out(text: str, output: Path | None, loaded: Loaded) -> None:
    if output is not None:
        write_atomic(output, text, loaded.inputs)
    else:
        click.echo(text, nl=False)


# ---------------------------------------------------------------------- project
def project_many(loaded: Loaded, *, to: int, scenario: str, ids: tuple[str, ...], step: int, lang: str) -> Any:
    """One table for every plan: a row per plan and indicator, a column per year."""
    from .bulk import project_stack
    from .projection import _display_decimals
    from .render import Column, ColumnRecords, Table, pick

    years: list[int] = []
    parts: list[dict[str, list[Any]]] = []
    decimals: list[int] = []
    with _progress(len(loaded.stacks), f"projecting {loaded.plan_count:,} plans",
                   many=loaded.plan_count > 1) as advance:  # fmt: skip
        for st in loaded.stacks:
            wide = project_stack(st, to=to, scenario=scenario)
            dec = _display_decimals(st.plan.indicators).to_numpy()
            if ids:
                keep = wide["id"].isin(ids).to_numpy()
                wide, dec = wide[keep], dec[keep]
            first = st.plan.base_year
            shown = [y for y in range(first, to + 1) if (y - first) % step == 0 or y in (st.plan.target_year, to)]
            years = sorted(set(years) | set(shown))
            col = {k: wide[k].tolist() for k in ("plan", "id", "name", "name_en", "unit", "unit_en", "kind",
                                                  "rule_zh", "rule_en", "scenario", *shown)}  # fmt: skip
            parts.append({"plan": col["plan"], "id": col["id"],
                          "name": [pick(lang, a, b) for a, b in zip(col["name"], col["name_en"])],
                          "unit": [pick(lang, a, b) for a, b in zip(col["unit"], col["unit_en"])], "kind": col["kind"],
                          "rule": [pick(lang, a, b) for a, b in zip(col["rule_zh"], col["rule_en"])],
                          "scenario": [v or None for v in col["scenario"]], **{str(y): col[y] for y in shown}})  # fmt: skip
            decimals += [int(d) for d in dec]
            advance()
    # one column per key over all stacks (a stack without a year has None there), rows in input order
    keys = ["plan", "id", "name", "unit", "kind", "rule", "scenario", *(str(y) for y in years)]
    data = {k: [v for part in parts for v in part.get(k, [None] * len(part["id"]))] for k in keys}
    ranks = {p: i for i, p in enumerate(loaded.order)}
    order = sorted(range(len(data["id"])), key=lambda k: ranks.get(data["plan"][k], len(ranks)))
    data = {k: [v[k] for k in order] for k, v in data.items()}
    decimals = [decimals[k] for k in order]
    missing = [i for i in ids if i not in set(data["id"])]
    if missing:
        left_out = f" ({len(loaded.unusable)} plan(s) left out, see above)" if loaded.unusable else ""
        raise CliError(f"no plan projected has indicator id(s) {', '.join(missing)}{left_out}")
    cols = [Column("plan", "规划", "plan", sticky=True), Column("id", "编号", "id", sticky=True),
            Column("name", "指标", "indicator", max_width=14), Column("unit", "单位", "unit", max_width=10),
            Column("kind", "类型", "kind", machine_only=True), Column("rule", "规则", "rule", max_width=24, trailing=True),
            Column("scenario", "情景", "scenario", trailing=True),
            *[Column(str(y), str(y), str(y), numeric=True) for y in years]]  # fmt: skip
    doc = {"schema_version": 1, "command": "project", "plans": loaded.sort([p for st in loaded.stacks
                                                                            for p in st.plan_ids], lambda p: p),
           "to": to, "scenario": scenario, "years": years}  # fmt: skip
    return Table(title="指标预测" if lang == "zh" else "projection", columns=cols, records=ColumnRecords(data),
                 decimals=decimals, document=doc)  # fmt: skip

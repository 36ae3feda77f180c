"""``check``: the plan's arithmetic, on one plan or many."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    Choice,
    Out,
    describe,
    is_many,
    load,
    load_many,
    output_options,
    progress,
    report_unusable,
)  # fmt: skip


@click.command("check")
@click.option(
    "--fail-on",
    type=Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit status 1.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODE",
    help="Only these finding codes or families (repeatable, or comma-separated).",
)
@click.option("--ignore", multiple=True, metavar="CODE", help="Drop these finding codes or families.")
@click.option(
    "--rounding",
    type=Choice(["half-up", "half-even", "truncate"]),
    default="half-up",
    show_default=True,
    help="How the plan's printed figures were rounded.",
)
@click.option("--all", "include_passes", is_flag=True, help="Also list the checks that passed.")
@click.option("--list-codes", is_flag=True, help="List the finding codes and exit.")
@output_options(plans="many")
def check_cmd(fail_on: str, select: tuple[str, ...], ignore: tuple[str, ...], rounding: str, include_passes: bool,
              list_codes: bool, plan_dir: tuple[Path, ...], out: Out) -> None:  # fmt: skip
    """Check the plan's internal arithmetic, rounding-aware, and explain each finding.

    Each printed number stands for its rounding interval (150.2 → [150.15, 150.25],
    10% → [9.5%, 10.5%]). Checks: targets against their growth rules, the reading of
    each 累计 figure, values quoted in several places, the history tables, parts that
    must add up, declared relations between indicators, further horizons (goals), and
    plausibility to the horizon year.

    Exit status 0 when no finding reaches --fail-on, 1 when one does, 2 on usage
    errors or unusable input.

    \b
    Examples:
      lingyuan-targets check
      lingyuan-targets check --lang en --fail-on warning
      lingyuan-targets check -f json -o findings.json
      lingyuan-targets check --select target-rule --all
      lingyuan-targets check --ignore check-too-coarse,implied-baseline
      lingyuan-targets check --plan plans/ --plan more-plans.csv -f json -o all.json
      lingyuan-targets check --plan plans.parquet -o findings.parquet
    """
    from ..checks import CODES
    from ..checks.runner import check_plan, check_selection, check_stacks
    from ..views import checks

    if list_codes:
        out.emit(checks.codes())
        return
    selected = tuple(v.strip() for item in select for v in item.split(",") if v.strip())
    ignored = tuple(v.strip() for item in ignore for v in item.split(",") if v.strip())
    check_selection(selected, ignored)
    # asking for a passing code by name means wanting to see the passes
    include_passes = include_passes or any(CODES.get(c, ("", ""))[1] == "pass" for c in selected)
    if not is_many(plan_dir):
        plan = load(plan_dir[0] if plan_dir else None)
        report = check_plan(plan, rounding=rounding, select=selected, ignore=ignored, passes=include_passes)
        out.emit(checks.check(report, out.lang, include_passes), list(plan.files.values()))
        if report.fails(fail_on):
            sys.exit(EXIT_FINDINGS)
        return
    from . import streamed

    if out.fmt in streamed.STREAMED:  # chunk by chunk: memory that does not grow with the plans
        streamed.check(plan_dir, out, fail_on, include_passes, rounding=rounding, select=selected, ignore=ignored)
        return
    loaded = load_many(plan_dir)
    report_unusable(loaded)
    if loaded.unusable and not loaded.plan_count:  # nothing to write: no header-only output
        sys.exit(EXIT_USAGE)
    with progress(len(loaded.stacks), f"checking {loaded.plan_count:,} plans", many=loaded.plan_count > 1) as step:
        reports = check_stacks(loaded.stacks, rounding=rounding, select=selected, ignore=ignored,
                               passes=include_passes, advance=step)  # fmt: skip
    reports = loaded.sort(reports, lambda r: r.plan)
    out.emit(checks.check_many(loaded, reports, out.lang, include_passes, describe), loaded.inputs)
    if loaded.unusable:
        sys.exit(EXIT_USAGE)
    if any(r.fails(fail_on) for r in reports):
        sys.exit(EXIT_FINDINGS)

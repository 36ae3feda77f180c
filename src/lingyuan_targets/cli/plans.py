"""Commands that show the plan itself: ``list``, ``show``, ``scenarios`` and ``project``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import (
    EXIT_USAGE,
    Choice,
    CliError,
    Out,
    complete_ids,
    is_many,
    load,
    load_many,
    notices,
    output_options,
    progress,
    report_unusable,
    scenario_option,
    to_option,
)  # fmt: skip


@click.command("list")
@click.option(
    "--kind",
    type=Choice(["level", "share", "period_total", "period_change", "limit"]),
    help="Only indicators of this kind.",
)
@click.option(
    "--origin",
    type=Choice(["table", "text"]),
    help="Only the main indicator table (table) or targets stated in the text (text).",
)
@output_options()
def list_cmd(kind: str | None, origin: str | None, plan_dir: Path | None, out: Out) -> None:  # fmt: skip
    """The indicator catalogue: id, name, unit, kind, attribute, base, target and rule.

    \b
    Examples:
      lingyuan-targets list
      lingyuan-targets list --origin table --lang en
      lingyuan-targets list --kind share -f csv > shares.csv
    """
    from ..views import catalogue

    plan = load(plan_dir)
    out.emit(catalogue.catalogue(plan, out.lang, kind=kind, origin=origin), list(plan.files.values()))


@click.command("project")
@click.argument("ids", nargs=-1, metavar="[ID]...", shell_complete=complete_ids)
@to_option("Last year to project.")
@scenario_option(
    "Scenario after the target year: a name from scenarios.yaml (continue, doubling, moderate, ...) or "
    "rate:X for X% a year."
)
@click.option(
    "--step",
    type=click.IntRange(1, 50),
    default=1,
    show_default=True,
    help="Show every STEP-th year (the base, target and last year always shown).",
)
@output_options(plans="many")
def project_cmd(ids: tuple[str, ...], to: int | None, scenario: str, step: int, plan_dir: tuple[Path, ...],
                out: Out) -> None:  # fmt: skip
    """Year-by-year trajectories from the base year to --to, one row per indicator.

    Levels compound at their stated rate; cumulative changes are spread by their
    reading; period totals and changes are shown as running totals within each
    five-year period. After the target year the --scenario decides; every
    outlook row names the scenario that made it. Values that would cross a
    natural bound (a share above 100%) stop at the bound and are flagged.

    \b
    Examples:
      lingyuan-targets project
      lingyuan-targets project gdp rural-income --to 2025
      lingyuan-targets project --scenario doubling --step 5 --lang en
      lingyuan-targets project --scenario rate:4.73 -f json -o outlook.json
      lingyuan-targets project --plan plans.csv --to 2035 -f csv -o all.csv
      lingyuan-targets project --plan plans.parquet --to 2035 -o all.parquet
    """
    from ..engine.projection import scenario_left_unused
    from ..views import projection

    if not is_many(plan_dir):
        plan = load(plan_dir[0] if plan_dir else None)
        out.emit(projection.project(plan, out.lang, ids=ids, to=to, scenario=scenario, step=step),
                 list(plan.files.values()))  # fmt: skip
        notices([why] if (why := scenario_left_unused([plan], scenario)) else [])
        return
    from . import streamed

    if out.fmt in streamed.STREAMED:  # chunk by chunk: memory that does not grow with the plans
        streamed.project(plan_dir, out, ids, to, scenario, step)
        return
    from ..engine.many import project_stacks

    loaded = load_many(plan_dir)
    loaded.leave_out_before(to)
    report_unusable(loaded)
    if loaded.unusable and not loaded.plan_count:  # nothing to write: no header-only output
        sys.exit(EXIT_USAGE)
    with progress(len(loaded.stacks), f"projecting {loaded.plan_count:,} plans", many=loaded.plan_count > 1) as step_:
        wides = project_stacks(loaded.stacks, to=to, scenario=scenario, advance=step_)
    found = {i for wide in wides for i in wide["id"].tolist()}
    missing = [i for i in ids if i not in found]
    if missing:
        left_out = f" ({len(loaded.unusable)} plan(s) left out, see above)" if loaded.unusable else ""
        raise CliError(f"no plan projected has indicator id(s) {', '.join(missing)}{left_out}")
    out.emit(projection.project_many(loaded, wides, to=to, scenario=scenario, ids=ids, step=step, lang=out.lang),
             loaded.inputs)  # fmt: skip
    notices([why] if (why := scenario_left_unused([st.plan for st in loaded.stacks], scenario)) else [])
    if loaded.unusable:
        sys.exit(EXIT_USAGE)


@click.command("show")
@click.argument("indicator_id", metavar="ID", shell_complete=complete_ids)
@to_option("Last year of the trajectory.")
@scenario_option("Scenario after the target year (see `project --help`).")
@output_options()
def show_cmd(indicator_id: str, to: int | None, scenario: str, plan_dir: Path | None, out: Out) -> None:
    """One indicator: definition, provenance with the original text, quotes, trajectory.

    csv output is the trajectory alone (year, value, phase, scenario, saturated);
    json holds everything.

    \b
    Examples:
      lingyuan-targets show gdp
      lingyuan-targets show good-air-days --lang en
      lingyuan-targets show rural-income --scenario doubling -f json
    """
    from ..views.detail import indicator_detail

    plan = load(plan_dir)
    out.emit(indicator_detail(plan, indicator_id, out.lang, to=to, scenario=scenario), list(plan.files.values()))


@click.command("scenarios")
@output_options()
def scenarios_cmd(plan_dir: Path | None, out: Out) -> None:
    """The named scenarios for the years after the target year (from scenarios.yaml).

    \b
    Examples:
      lingyuan-targets scenarios
      lingyuan-targets scenarios --lang en -f markdown
    """
    from ..views import catalogue

    plan = load(plan_dir)
    out.emit(catalogue.scenarios(plan, out.lang), list(plan.files.values()))

"""``new``: a commented skeleton of a plan directory, to fill in from a plan's text."""

from __future__ import annotations

from pathlib import Path

import click

from .options import is_quiet, say


@click.command("new")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), metavar="PLAN_DIR")
@click.option("--id", "plan_id", default=None, metavar="ID",
              help="The plan's id, kebab-case [default: the directory's name].")  # fmt: skip
@click.option("--name", default=None, metavar="TEXT", help="The plan's title as printed [default: the id].")
@click.option("--base-year", type=click.IntRange(1900, 2200), default=2020, show_default=True,
              help="The year of the plan's base figures.")  # fmt: skip
@click.option("--target-year", type=click.IntRange(1900, 2200), default=None,
              help="The year its targets are for [default: base year + 5].")  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")
def new_cmd(directory: Path, plan_id: str | None, name: str | None, base_year: int, target_year: int | None,
            quiet: bool) -> None:  # fmt: skip
    """Write a new plan directory: indicators.yaml with the plan's header and commented examples.

    The directory is created if needed; an existing indicators.yaml is never
    overwritten. The skeleton has no indicators (nothing in it is a figure you
    did not type): replace `indicators: []` with what the plan prints, then
    validate and check it. Exit status 0 written, 2 usage error or the file
    exists.

    \b
    Examples:
      lingyuan-targets new plans/wanyuan --name 万源市“十四五”规划目标
      lingyuan-targets new plans/sanmenxia --base-year 2022 --target-year 2027
      lingyuan-targets validate plans/wanyuan && lingyuan-targets check --plan plans/wanyuan
    """
    from ..io.skeleton import new_plan
    from ..output.files import write_atomic

    path, text = new_plan(directory, plan_id, name, base_year, target_year or base_year + 5)
    write_atomic(path, text)
    if quiet or is_quiet():
        return
    say(f"Wrote {path}: add the plan's indicators, then run")
    say(f"  lingyuan-targets validate {directory}")
    say(f"  lingyuan-targets check --plan {directory}")

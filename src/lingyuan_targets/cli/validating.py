"""``validate`` and ``schema``: checking plan files (and actuals, and plans tables) for CI, pre-commit and editors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .options import EXIT_FINDINGS, Out, describe, encoding, output_options


def _existing(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Each path given is there; a symbolic link loop or a name too long is said as such, not as missing."""
    from ..io.textfile import STDIN, file_status
    from ..plan.errors import PlanError

    for path in value if isinstance(value, tuple) else [value]:
        if path is None or (param.name == "actuals_path" and str(path) in STDIN):
            continue
        try:
            found = file_status(path)
        except PlanError as err:
            raise click.BadParameter(f"{str(path)!r}: {err.message}.") from None
        if found is None:
            raise click.BadParameter(f"{str(path)!r} does not exist.")
    return value


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...", callback=_existing)
@click.option(
    "--actuals",
    "actuals_path",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    metavar="FILE",
    callback=_existing,
    help="Also validate an actuals file against the (first) plan; - reads standard input.",
)
@click.option("--list-codes", is_flag=True, help="List the problem codes and exit.")
@output_options(formats=("text", "json", "github"), plans=None, lang="en", fallback="text", default="text")
def validate_cmd(paths: tuple[Path, ...], actuals_path: Path | None, list_codes: bool, out: Out) -> None:
    """Validate plan files: every problem with file:line:column, a code, the field, found and expected.

    PATH is a plan directory or a file in one (its directory is validated; a
    pre-commit hook passes changed files), a directory of plan directories, or
    a plans table (a CSV file of many plans). Without PATH, the embedded plan.
    --actuals FILE checks an actuals file against the first plan as well.
    -f text for people, json for scripts, github for Actions annotations.
    --lang zh puts each problem code's Chinese title before its message (the
    messages, which quote the files, stay English; JSON is the same in both).
    Exit status 0 valid, 1 invalid, 2 usage error.

    \b
    Examples:
      lingyuan-targets validate
      lingyuan-targets validate plans/lingyuan plans/other
      lingyuan-targets validate data/indicators.yaml -f github
      lingyuan-targets validate plans/x --encoding gb18030 -f json
      lingyuan-targets validate --actuals actuals.csv -f json -o problems.json
      lingyuan-targets validate --list-codes
      lingyuan-targets validate plans/x --lang zh
    """
    from ..io.validation import validate
    from ..views.validation import codes, validation

    if list_codes:
        out.emit(codes(out.lang))
        return
    results = validate(paths, encoding=encoding(), actuals=actuals_path)
    out.emit(validation(results, describe, out.lang), _inputs(results) if out.path is not None else [])
    if any(r.problems for _, r in results):
        sys.exit(EXIT_FINDINGS)


def _inputs(results: list[tuple[Path, Any]]) -> list[Path]:
    """The files validated (a directory's files), which -o must never overwrite; a directory that cannot be listed
    has none to protect."""
    out: list[Path] = []
    for path, _ in results:
        try:
            out += list(path.iterdir()) if path.is_dir() else [path]
        except OSError:
            pass
    return out


@click.command("schema")
@output_options(formats=("json",), plans=None, lang=False, reads=False, fallback="json", default="json")
def schema_cmd(out: Out) -> None:
    """Print the JSON Schema of indicators.yaml (for editors: completion and checking).

    \b
    Examples:
      lingyuan-targets schema > indicators.schema.json
      # then, first line of indicators.yaml (YAML language server):
      # yaml-language-server: $schema=indicators.schema.json
    """
    from ..io.schema import indicators_schema
    from ..views.table import View

    out.emit(View(document=indicators_schema()))

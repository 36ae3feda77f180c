"""``validate`` and ``schema``: checking plan files (and actuals, and plans tables) for CI, pre-commit and editors.

They register on the main :data:`~lingyuan_targets.cli.cli` group.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .cli import EXIT_FINDINGS, _check_encoding, cli


# -------------------------------------------------------------------- validate
@cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PATH]...")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for scripts, github for Actions annotations.")
@click.option("--encoding", default=None, metavar="NAME",
              help="Encoding of plan files that are not UTF-8 [default: GB18030 detected].")
@click.option("--actuals", "actuals_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, metavar="FILE", help="Also validate an actuals file against the (first) plan.")
def validate_cmd(paths: tuple[Path, ...], fmt: str, encoding: str | None, actuals_path: Path | None) -> None:
    """Validate plan files: every problem with file:line:column, a code, the field, found and expected.

    PATH is a plan directory or a file in one (its directory is validated; a
    pre-commit hook passes changed files), a directory of plan directories, or
    a plans table (a CSV file of many plans). Without PATH, the embedded plan.
    --actuals FILE checks an actuals file against the first plan as well.
    Exit status 0 valid, 1 invalid, 2 usage error.

    \b
    Examples:
      lingyuan-targets validate
      lingyuan-targets validate plans/lingyuan plans/other
      lingyuan-targets validate data/indicators.yaml -f github
      lingyuan-targets validate plans/x --encoding gb18030 -f json
      lingyuan-targets validate --actuals actuals.csv
    """
    from .loading import default_plan_dir, validate_plan
    from .render import to_json

    _check_encoding(encoding)
    targets = _validation_targets(paths) or [("dir", default_plan_dir())]
    results = [(d, validate_plan(d, encoding=encoding) if kind == "dir" else _validate_table(d, encoding))
               for kind, d in targets]  # fmt: skip
    dirs = [d for kind, d in targets if kind == "dir"] or [default_plan_dir()]
    _flag_repeated_plan_ids([r for _, r in results])
    if actuals_path is not None:
        results.append((actuals_path, _validate_actuals(actuals_path, dirs[0], results[0][1], encoding)))
    invalid = any(r.problems for _, r in results)
    if fmt == "json":
        doc = {"schema_version": 1, "command": "validate", "valid": not invalid, "plans": [
            {"path": str(d), "valid": not r.problems, "problems": [p.to_dict() for p in r.problems],
             "notices": list(r.notices)} for d, r in results]}  # fmt: skip
        click.echo(to_json(doc), nl=False)
    elif fmt == "github":
        for _, r in results:
            for n in r.notices:
                click.echo(f"::notice::{_gh_escape(n)}")
            for p in r.problems:
                d = p.to_dict()
                props = ",".join(f"{k}={_gh_escape(str(v), prop=True)}" for k, v in
                                 (("file", d["file"]), ("line", d["line"]), ("col", d["column"]),
                                  ("title", f"lingyuan-targets {d['code']}")) if v is not None)  # fmt: skip
                field = f"{d['field']}: " if d["field"] else ""
                click.echo(f"::error {props}::{_gh_escape(field + str(d['message']))}")
    else:
        for d, r in results:
            for n in r.notices:
                click.echo(f"note: {n}")
            for p in r.problems:
                click.echo(f"{p._one()} [{p.code}]")
            status = f"{len(r.problems)} problem(s)" if r.problems else "valid"
            click.echo(f"{d}: {status}")
    if invalid:
        sys.exit(EXIT_FINDINGS)


def _flag_repeated_plan_ids(sessions: list[Any]) -> None:
    """A plan id given by two inputs is a problem of the later one (check and project refuse such a run)."""
    from .errors import PlanError

    first: dict[str, Any] = {}
    for session in sessions:
        for pid, where in session.plans.items():
            if pid in first:
                session.problems.append(PlanError(f"plan id {pid!r} is also the id of the plan in {first[pid]}; "
                                                  "plan ids must differ in one run", where, "duplicate-id"))  # fmt: skip
            else:
                first[pid] = where


def _validation_targets(paths: tuple[Path, ...]) -> list[tuple[str, Path]]:
    """What to validate: plan directories (a file inside one means its directory), directories of
    plan directories, and plans tables (a CSV file outside a plan directory)."""
    out: list[tuple[str, Path]] = []
    for p in paths:
        if p.is_dir() and not (p / "indicators.yaml").exists():
            subs = sorted(d for d in p.iterdir() if d.is_dir() and (d / "indicators.yaml").exists())
            out += [("dir", d) for d in subs] or [("dir", p)]
        elif p.is_dir():
            out.append(("dir", p))
        elif p.suffix.lower() == ".csv" and not (p.parent / "indicators.yaml").exists():
            out.append(("table", p))
        else:
            out.append(("dir", p.parent))
    from .cli_many import once

    return once(out)


def _validate_table(path: Path, encoding: str | None) -> Any:
    """Every problem of a plans table (all plans), as a reading session."""
    from .errors import Location, PlanError
    from .plantable import read_plans_table
    from .textfile import Session

    session = Session(encoding=encoding)
    try:
        stacks, problems, notices = read_plans_table(path, encoding=encoding)
        session.problems += sorted((p for errs in problems.values() for p in errs),
                                   key=lambda p: p.location.line or 0)  # fmt: skip
        session.notices += notices
        for st in stacks:
            for pid in st.plan_ids:  # sources read "table:line" (the plan's first row)
                session.plans[pid] = Location(path, int(st.sources[pid].rpartition(":")[2]), field="plan")
        for pid, errs in problems.items():
            if pid != "(no plan id)":
                session.plans.setdefault(pid, Location(path, errs[0].location.line, field="plan"))
    except PlanError as err:
        session.problems += err.problems
    return session


def _validate_actuals(path: Path, plan_dir: Path, plan_session: Any, encoding: str | None) -> Any:
    """Problems of an actuals file; it can only be read against a plan that loads."""
    from .actuals import validate_actuals
    from .errors import Location, PlanError
    from .loading import load_plan
    from .textfile import Session

    if plan_session.problems:
        session = Session()
        session.problems.append(PlanError(f"cannot be checked: the plan in {plan_dir} is not valid", Location(path),
                                          "plan-invalid"))  # fmt: skip
        return session
    return validate_actuals(path, load_plan(plan_dir, encoding=encoding), encoding=encoding)


def _gh_escape(text: str, prop: bool = False) -> str:
    """Escape a GitHub Actions workflow-command value."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


@cli.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of indicators.yaml (for editors: completion and checking).

    \b
    Examples:
      lingyuan-targets schema > indicators.schema.json
      # then, first line of indicators.yaml (YAML language server):
      # yaml-language-server: $schema=indicators.schema.json
    """
    from .render import to_json
    from .schema import indicators_schema

    click.echo(to_json(indicators_schema()), nl=False)

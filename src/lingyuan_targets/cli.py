"""The ``lingyuan-targets`` command line: parses options, calls the core, renders.

Heavy libraries (pandas, numpy, rich) are imported inside the commands so
that ``--help`` and ``--version`` stay instant.
"""

from __future__ import annotations

import functools
import io
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

import click


EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
LANG_ENV = "LINGYUAN_TARGETS_LANG"


class CliError(click.ClickException):
    """A problem reported to the user without a traceback (exit status 2)."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


# --------------------------------------------------------------- shared options
def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--plan, --format, --output and --lang, the same on every command that prints data."""

    many = getattr(func, "many_plans", False)
    plan_help = ("A plan directory laid out like data/, a directory of plan directories, or a plans table "
                 "(CSV); repeatable [default: the embedded Lingyuan plan]." if many else
                 "Plan directory laid out like data/ (default: the embedded Lingyuan plan).")  # fmt: skip

    @click.option("--plan", "plan_dir", type=click.Path(path_type=Path), multiple=True,
                  metavar="PATH" if many else "DIR", help=plan_help)
    @click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown", "xlsx"]),
                  default=None, help="Output format [default: table on a terminal, csv otherwise; "
                  "from -o FILE's suffix]. xlsx needs -o.")
    @click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
                  metavar="FILE", help="Write to FILE (atomically) instead of standard output.")
    @click.option("--lang", type=click.Choice(["zh", "en"]), default=None, show_default=False,
                  help=f"Language of names and headers [default: zh, or ${LANG_ENV}].")
    @click.option("--encoding", default=None, metavar="NAME", expose_value=True,
                  help="Encoding of plan files that are not UTF-8 [default: GB18030 detected].")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        encoding = kwargs.pop("encoding", None)
        _check_encoding(encoding)
        click.get_current_context().ensure_object(dict)["encoding"] = encoding
        if not many:  # one plan: a second --plan would otherwise be dropped without a word
            if len(kwargs["plan_dir"]) > 1:
                raise CliError("this command takes one --plan (check, project and validate take many)")
            kwargs["plan_dir"] = kwargs["plan_dir"][0] if kwargs["plan_dir"] else None
        return func(*args, **kwargs)

    return wrapper  # fmt: skip


def _show_version(ctx: click.Context, on: bool) -> None:
    if not on or ctx.resilient_parsing:
        return
    from . import _read_version

    click.echo(f"lingyuan-targets, version {_read_version()}")
    ctx.exit()


def many_plans(func: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a command whose --plan takes many plans (put it below @output_options)."""
    func.many_plans = True  # type: ignore[attr-defined]
    return func


def _check_encoding(name: str | None) -> None:
    if name is None:
        return
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        raise CliError(f"--encoding {name!r}: unknown encoding (try gb18030, gbk, utf-8)") from None


def _lang(lang: str | None) -> str:
    value = lang or os.environ.get(LANG_ENV) or "zh"
    if value not in ("zh", "en"):
        raise CliError(f"${LANG_ENV}={value!r}: expected zh or en")
    return value


def _format(fmt: str | None, output: Path | None) -> str:
    if fmt:
        return fmt
    if output is not None:
        return {".json": "json", ".md": "markdown", ".csv": "csv", ".xlsx": "xlsx"}.get(output.suffix.lower(), "csv")
    return "table" if sys.stdout.isatty() else "csv"


def _many(paths: tuple[Path, ...]) -> bool:
    from .cli_many import is_many

    return is_many(paths)


def _encoding() -> str | None:
    return (click.get_current_context().find_object(dict) or {}).get("encoding")


def _notices(notices: list[str]) -> None:
    for notice in notices:
        click.echo(f"note: {notice}", err=True)


def _load(plan_dir: Path | None) -> Any:
    from .loading import load_plan

    encoding = click.get_current_context().find_object(dict) or {}
    plan = load_plan(plan_dir, encoding=encoding.get("encoding"))
    for notice in plan.notices:
        click.echo(f"note: {notice}", err=True)
    return plan


def write_atomic(path: Path, text: str | bytes, protected: list[Path]) -> None:
    """Write ``text`` (or bytes) to ``path`` through a temporary file and a rename; never over an input."""
    target = path.resolve()
    if any(target == p.resolve() for p in protected):
        raise CliError(f"{path}: refusing to overwrite an input file")
    directory = target.parent
    if not directory.is_dir():
        raise CliError(f"{path}: directory {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise CliError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        # mkstemp makes the file private; give it the mode a plain write would (or the old file's)
        umask = os.umask(0)
        os.umask(umask)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CliError(f"{path}: cannot write: {exc.strerror or exc}") from None


def terminal_console() -> Any:
    """A rich console on stdout that, like the other formats, ends quietly with status 0 when the reader goes
    away (… | head); rich's own console exits 1 then."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError  # main() turns it into a quiet exit 0

    return _Console()


def emit(table: Any, fmt: str, lang: str, output: Path | None, plan: Any = None,
         protected: list[Path] | None = None) -> None:  # fmt: skip
    """Print or write a :class:`~lingyuan_targets.render.Table` in the chosen format."""
    from . import render

    protected = (list(plan.files.values()) if plan is not None else []) + (protected or [])
    if fmt == "xlsx":
        if output is None:
            raise CliError("--format xlsx writes a file: add -o FILE.xlsx")
        from dataclasses import replace

        from .xlsx import table_xlsx

        sheet = replace(table, title=table.title.split(": ", 1)[-1])  # the plan id is in the file, not the tab
        write_atomic(output, table_xlsx([sheet], lang), protected)
        return
    if fmt == "table":
        from rich.console import Console

        if output is not None:
            console = Console(file=io.StringIO(), width=200, no_color=True, force_terminal=False)
        else:
            console = terminal_console()
        for part in render.rich_tables(table, lang, console.width):
            console.print(part)
        if output is not None:
            write_atomic(output, console.file.getvalue(), protected)
        return
    text = render.render_text(table, fmt, lang)
    if output is not None:
        write_atomic(output, text, protected)
    else:
        click.echo(text, nl=False)


# ----------------------------------------------------------------------- group
@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, _, on: _show_version(ctx, on), help="Show the version and exit.")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors (for bug reports).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Projections and plan arithmetic for the Lingyuan 14th Five-Year Plan (2021-2025, to 2035).

    \b
    Examples:
      lingyuan-targets list
      lingyuan-targets project --to 2035 --scenario doubling
      lingyuan-targets show gdp --lang en
      lingyuan-targets project gdp rural-income -f json -o gdp.json
      lingyuan-targets check --lang en

    Exit status: 0 success; 1 the command ran and found problems; 2 usage
    error or input that cannot be used.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# ------------------------------------------------------------------------ list
@cli.command("list")
@click.option("--kind", type=click.Choice(["level", "share", "period_total", "period_change", "limit"]),
              help="Only indicators of this kind.")
@click.option("--origin", type=click.Choice(["table", "text"]),
              help="Only the main indicator table (table) or targets stated in the text (text).")
@output_options
def list_cmd(kind: str | None, origin: str | None, plan_dir: Path | None, fmt: str | None,
             output: Path | None, lang: str | None) -> None:  # fmt: skip
    """The indicator catalogue: id, name, unit, kind, attribute, base, target and rule.

    \b
    Examples:
      lingyuan-targets list
      lingyuan-targets list --origin table --lang en
      lingyuan-targets list --kind share -f csv > shares.csv
    """
    from . import views

    plan = _load(plan_dir)
    lang_ = _lang(lang)
    emit(views.catalogue(plan, lang_, kind=kind, origin=origin), _format(fmt, output), lang_, output, plan)


# --------------------------------------------------------------------- project
@cli.command("project")
@click.argument("ids", nargs=-1, metavar="[ID]...")
@click.option("--to", "to", type=click.IntRange(2021, 2100), default=2035, show_default=True,
              help="Last year to project (the plan's target year is 2025).")
@click.option("-s", "--scenario", default="continue", show_default=True, metavar="NAME",
              help="Scenario after the target year: a name from scenarios.yaml "
                   "(continue, doubling, moderate, ...) or rate:X for X% a year.")
@click.option("--step", type=click.IntRange(1, 50), default=1, show_default=True,
              help="Show every STEP-th year (the base, target and last year always shown).")
@output_options
@many_plans
def project_cmd(ids: tuple[str, ...], to: int, scenario: str, step: int, plan_dir: tuple[Path, ...],
                fmt: str | None, output: Path | None, lang: str | None) -> None:  # fmt: skip
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
    """
    from . import views

    lang_ = _lang(lang)
    if _many(plan_dir):
        from . import cli_many

        if _format(fmt, output) == "xlsx" and output is None:
            raise CliError("--format xlsx writes a file: add -o FILE.xlsx")
        loaded = cli_many.load(plan_dir, _encoding())
        _notices(loaded.notices)
        cli_many.leave_out_before(loaded, to)
        cli_many.report_unusable(loaded)
        table = cli_many.project_many(loaded, to=to, scenario=scenario, ids=ids, step=step, lang=lang_)
        emit(table, _format(fmt, output), lang_, output, protected=loaded.inputs)
        if loaded.unusable:
            sys.exit(EXIT_USAGE)
        return
    plan = _load(plan_dir[0] if plan_dir else None)
    table = views.projection_table(plan, lang_, ids=ids, to=to, scenario=scenario, step=step)
    emit(table, _format(fmt, output), lang_, output, plan)


# ------------------------------------------------------------------------ show
@cli.command("show")
@click.argument("indicator_id", metavar="ID")
@click.option("--to", "to", type=click.IntRange(2021, 2100), default=2035, show_default=True,
              help="Last year of the trajectory.")
@click.option("-s", "--scenario", default="continue", show_default=True, metavar="NAME",
              help="Scenario after the target year (see `project --help`).")
@output_options
def show_cmd(indicator_id: str, to: int, scenario: str, plan_dir: Path | None, fmt: str | None,
             output: Path | None, lang: str | None) -> None:  # fmt: skip
    """One indicator: definition, provenance with the original text, quotes, trajectory.

    csv output is the trajectory alone (year, value, phase, scenario, saturated);
    json holds everything.

    \b
    Examples:
      lingyuan-targets show gdp
      lingyuan-targets show good-air-days --lang en
      lingyuan-targets show rural-income --scenario doubling -f json
    """
    from . import views

    plan = _load(plan_dir)
    lang_ = _lang(lang)
    fmt_ = _format(fmt, output)
    detail = views.indicator_detail(plan, indicator_id, lang_, to=to, scenario=scenario)
    if fmt_ == "json":
        from .render import to_json

        text = to_json(detail.document)
        if output is not None:
            write_atomic(output, text, list(plan.files.values()))
        else:
            click.echo(text, nl=False)
    elif fmt_ == "csv":
        emit(detail.trajectory, "csv", lang_, output, plan)
    elif fmt_ == "xlsx":
        if output is None:
            raise CliError("--format xlsx writes a file: add -o FILE.xlsx")
        from .xlsx import table_xlsx

        write_atomic(output, table_xlsx(detail.tables, lang_), list(plan.files.values()))
    elif fmt_ == "markdown":
        from .render import table_markdown

        text = "\n".join(table_markdown(t, lang_) for t in detail.tables)
        if output is not None:
            write_atomic(output, text, list(plan.files.values()))
        else:
            click.echo(text, nl=False)
    else:
        for t in detail.tables:
            emit(t, "table", lang_, None, plan)


# ----------------------------------------------------------------------- check
@cli.command("check")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Lowest severity that makes the exit status 1.")
@click.option("--select", multiple=True, metavar="CODE",
              help="Only these finding codes or families (repeatable, or comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODE", help="Drop these finding codes or families.")
@click.option("--rounding", type=click.Choice(["half-up", "half-even", "truncate"]), default="half-up",
              show_default=True, help="How the plan's printed figures were rounded.")
@click.option("--all", "include_passes", is_flag=True, help="Also list the checks that passed.")
@click.option("--list-codes", is_flag=True, help="List the finding codes and exit.")
@output_options
@many_plans
def check_cmd(fail_on: str, select: tuple[str, ...], ignore: tuple[str, ...], rounding: str, include_passes: bool,
              list_codes: bool, plan_dir: tuple[Path, ...], fmt: str | None, output: Path | None,
              lang: str | None) -> None:  # fmt: skip
    """Check the plan's internal arithmetic, rounding-aware, and explain each finding.

    Each printed number stands for its rounding interval (150.2 → [150.15, 150.25],
    10% → [9.5%, 10.5%]). Checks: targets against their growth rules, the reading of
    each 累计 figure, values quoted in several places, the history tables, parts that
    must add up, declared relations between indicators, and 2035 plausibility.

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
    """
    from . import checkviews
    from .checks import check_plan

    lang_ = _lang(lang)
    fmt_ = _format(fmt, output)
    if list_codes:
        from .render import Column, Table

        table = Table(title="finding codes", columns=[Column("code", "代码", "code"), Column("family", "类别", "family"),
                      Column("severity", "级别", "severity"), Column("title", "说明", "title")],
                      records=checkviews.codes_table_rows())  # fmt: skip
        emit(table, fmt_, lang_, output)
        return
    split = lambda values: tuple(v.strip() for item in values for v in item.split(",") if v.strip())  # noqa: E731
    selected, ignored = split(select), split(ignore)
    from .checks import CODES, FAMILIES

    unknown = [c for c in (*selected, *ignored) if c not in CODES and c not in FAMILIES]
    if unknown:
        raise CliError(f"unknown check code(s): {', '.join(unknown)}; see `lingyuan-targets check --list-codes`")
    # asking for a passing code by name means wanting to see the passes
    include_passes = include_passes or any(CODES.get(c, ("", ""))[1] == "pass" for c in selected)
    if _many(plan_dir):
        from . import cli_many

        if fmt_ == "xlsx" and output is None:
            raise CliError("--format xlsx writes a file: add -o FILE.xlsx")
        loaded = cli_many.load(plan_dir, _encoding())
        _notices(loaded.notices)
        cli_many.report_unusable(loaded)
        reports = cli_many.check_many(loaded, rounding=rounding, select=selected, ignore=ignored,
                                      include_passes=include_passes)  # fmt: skip
        cli_many.render_check(loaded, reports, fmt_, lang_, include_passes, output)
        if loaded.unusable:
            sys.exit(EXIT_USAGE)
        if any(r.fails(fail_on) for r in reports):
            sys.exit(EXIT_FINDINGS)
        return
    plan = _load(plan_dir[0] if plan_dir else None)
    report = check_plan(plan, rounding=rounding, select=selected, ignore=ignored, passes=include_passes)
    protected = list(plan.files.values())
    if fmt_ == "xlsx":
        emit(checkviews.report_table(report, lang_, include_passes), "xlsx", lang_, output, plan)
    elif fmt_ == "table":
        from rich.console import Console

        console = Console(file=io.StringIO(), width=120, no_color=True) if output else terminal_console()
        checkviews.print_report(report, lang_, include_passes, console)
        if output is not None:
            write_atomic(output, console.file.getvalue(), protected)
    else:
        text = {"json": lambda: checkviews.report_json(report, include_passes),
                "csv": lambda: checkviews.report_csv(report, lang_, include_passes),
                "markdown": lambda: checkviews.report_markdown(report, lang_, include_passes)}[fmt_]()  # fmt: skip
        if output is not None:
            write_atomic(output, text, protected)
        else:
            click.echo(text, nl=False)
    if report.fails(fail_on):
        sys.exit(EXIT_FINDINGS)


# ------------------------------------------------------------------- scenarios
@cli.command("scenarios")
@output_options
def scenarios_cmd(plan_dir: Path | None, fmt: str | None, output: Path | None, lang: str | None) -> None:
    """The named scenarios for the years after the target year (from scenarios.yaml).

    \b
    Examples:
      lingyuan-targets scenarios
      lingyuan-targets scenarios --lang en -f markdown
    """
    from . import views

    plan = _load(plan_dir)
    lang_ = _lang(lang)
    emit(views.scenario_table(plan, lang_), _format(fmt, output), lang_, output, plan)


# ------------------------------------------------------------------------ main
#: allocations between collections of the youngest generation, run as a command (see :func:`main`)
GC_GEN0 = 10_000


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning known errors into messages and exit status 2.

    Run as the command (``argv`` None), the process ends with :func:`os._exit`
    once its output is flushed: the interpreter's teardown, mostly freeing
    pandas and numpy, takes about 100 ms and does nothing a finished command
    needs (files are written and closed before a command returns). Called with
    ``argv`` (tests, other programs), it raises :class:`SystemExit` as usual.

    Run as the command, the garbage collector's youngest generation is also
    collected every :data:`GC_GEN0` allocations instead of CPython's 700:
    importing pandas and numpy makes some 200,000 lasting objects, which the
    default threshold has the collector walk about 150 times (some 25 ms of
    the start-up). Cycles are still collected, in larger batches.
    """
    if argv is not None:
        _run(argv)
        return
    import gc

    first, *older = gc.get_threshold()
    gc.set_threshold(max(first, GC_GEN0), *older)
    try:
        _run(sys.argv[1:])
        code: Any = EXIT_OK
    except SystemExit as exc:
        code = exc.code
    _leave(code)


def _leave(code: Any) -> None:
    """Run the exit handlers, flush stdout and stderr, then end the process with ``code`` (SystemExit's meaning)
    and no teardown. Without CPython's handler runner, a normal exit."""
    import atexit

    run_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython; e.g. matplotlib removes a temporary cache
    if run_handlers is None:
        sys.exit(code)
    if code is None:
        code = EXIT_OK
    elif not isinstance(code, int):
        if sys.stderr is not None:
            print(code, file=sys.stderr)
        code = 1
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None when the descriptor was closed (2>&-)
                stream.flush()
        except (OSError, ValueError):  # the reader has gone (… | head), the disk is full, or the stream is closed
            pass
    os._exit(code)


def _run(args: list[str]) -> None:
    from .errors import PlanError

    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="lingyuan-targets", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except PlanError as exc:
        if debug:
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        if debug:
            raise
        click.echo(f"Internal error: {type(exc).__name__}: {exc}\n"
                   "Run again with --debug for the traceback and report it.", err=True)  # fmt: skip
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_OK)


from . import cli_tracking, cli_validate  # noqa: E402,F401  (register their commands on the group)

"""The ``lingyuan-targets`` command line: the group, its commands, and the entry point :func:`main`.

Each command module (:mod:`.plans`, :mod:`.checking`, :mod:`.tracking`,
:mod:`.validating`) defines its commands with the shared options of
:mod:`.options`; this module adds them to the group. Commands parse options,
call the core, and hand a view to the output layer.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Any

import click

from . import authoring, checking, plans, tracking, validating
from .options import EXIT_OK, EXIT_USAGE, ReaderGone, error_text, say


def _show_version(ctx: click.Context, on: bool) -> None:
    if not on or ctx.resilient_parsing:
        return
    from ..version import read_version

    click.echo(f"lingyuan-targets, version {read_version()}")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _, on: _show_version(ctx, on),
    help="Show the version and exit.",
)
@click.option("--debug", is_flag=True, help="Show the full traceback on errors (for bug reports).")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print no notes and no progress bars on stderr (every command also "
    "takes -q); warnings and errors are still printed.",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, quiet: bool) -> None:
    """Projections and plan arithmetic: the Lingyuan 14th Five-Year Plan (2021-2025, to 2035), or any plan.

    Every command runs on the embedded Lingyuan plan unless --plan names another,
    of any period.

    \b
    Examples:
      lingyuan-targets list
      lingyuan-targets project --to 2035 --scenario doubling
      lingyuan-targets show gdp --lang en
      lingyuan-targets project gdp rural-income -f json -o gdp.json
      lingyuan-targets check --lang en
      lingyuan-targets new plans/my-county
      lingyuan-targets draft plan.txt -o plans/my-county

    Exit status: 0 success; 1 the command ran and found problems; 2 usage
    error or input that cannot be used.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["quiet"] = quiet


for _command in (plans.list_cmd, plans.project_cmd, plans.show_cmd, checking.check_cmd, plans.scenarios_cmd,
                 validating.validate_cmd, validating.schema_cmd, tracking.track_cmd, tracking.outlook_cmd,
                 tracking.plot_cmd, tracking.report_cmd, tracking.actuals_group, authoring.new_cmd,
                 authoring.draft_cmd):  # fmt: skip
    cli.add_command(_command)


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


#: the messages of numpy's floating-point warnings (overflow, underflow, division by zero, invalid value)
FLOATING = r"(overflow|underflow|divide by zero|invalid value) encountered"


def _run(args: list[str]) -> None:
    from ..output.files import OutputError
    from ..plan.errors import PlanError

    debug = "--debug" in args
    try:
        with warnings.catch_warnings():
            if not debug:  # numpy's floating-point warnings: an inf or NaN from extreme input is shown as —, and the
                # warning would only name the tool's own files on the user's terminal (--debug shows them)
                warnings.filterwarnings("ignore", FLOATING, RuntimeWarning)
            cli.main(args=args, prog_name="lingyuan-targets", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # a usage error may quote an argument: shown through say, never obeyed
        import io

        shown = io.StringIO()
        exc.show(file=shown)  # a CliError says its line itself (through say); click's own write to ``shown``
        for line in shown.getvalue().rstrip("\n").split("\n") if shown.getvalue() else ():
            say(line)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        say("Aborted.")
        sys.exit(130)
    except PlanError as exc:
        if debug:
            raise
        say(f"Error: {error_text(exc)}")
        sys.exit(EXIT_USAGE)
    except OutputError as exc:
        say(f"Error: {exc}")
        sys.exit(EXIT_USAGE)
    except (BrokenPipeError, ReaderGone):
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:
        if debug:
            raise
        from ..plan.errors import clip

        say(f"Internal error: {type(exc).__name__}: {clip(str(exc), 200)}")
        say("Run again with --debug for the traceback and report it.")
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_OK)

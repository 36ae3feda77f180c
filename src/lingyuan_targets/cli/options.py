"""What every command shares: the output options, the plan option, languages, errors in the command line's words,
loading a plan, and the progress bar of runs over many plans.

Heavy libraries (pandas, numpy, rich) are imported inside functions so that
``--help`` and ``--version`` stay instant.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
LANG_ENV = "LINGYUAN_TARGETS_LANG"
#: the formats of the commands that print data
DATA_FORMATS = ("table", "csv", "json", "markdown", "xlsx", "parquet")
#: how the command line names an argument of the core (PlanError.parameter), before the message
FLAGS = {
    "to": "--to",
    "rates": "--rates",
    "plan": "--plan",
    "id": "--id",
    "name": "--name",
    "years": "--base-year/--target-year",
}
#: what the command line adds to a problem, by the kind of help its error asks for (PlanError.hint)
HINTS = {
    "encoding": "; save the file as UTF-8 or pass --encoding",
    "encoding-cp1252": "; pass --encoding cp1252 if that is how it reads, or save the file as UTF-8",
    "ids": " (see `lingyuan-targets list`)",
    "codes": "; see `lingyuan-targets check --list-codes`",
    "plan-id": "; name one with --id",
}


def say(message: str) -> None:
    """One line on stderr: a note, a warning, an error. Text from input in it is shown, never obeyed: control
    characters made visible (ESC as ␛) and a line break as ↵, so no escape sequence reaches a terminal and no line
    of a CI log (``::error::…``) can be forged."""
    from ..output.escape import no_log_commands, one_line

    click.echo(no_log_commands(one_line(message)), err=True)


class Choice(click.Choice):
    """click's choice of values, whose error names the one meant where one is close (``--rounding halfup``: did you
    mean 'half-up'?; case, ``_`` for ``-`` and near spellings, as for ids)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            from ..plan.suggest import did_you_mean

            hint = did_you_mean(str(value), [str(c) for c in self.choices])
            if not hint:
                raise
            raise click.BadParameter(exc.message.rstrip(".") + hint, ctx=ctx, param=param) from None


class ReaderGone(Exception):
    """Standard output's reader went away (… | head) while a run wrote: the command ends quietly with status 0, as
    every output does then (not an OSError, which click would turn into status 1)."""


class CliError(click.ClickException):
    """A problem reported to the user without a traceback (exit status 2)."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        say(f"Error: {self.format_message()}")


# ------------------------------------------------------------------- errors in words
def describe(err: Any) -> str:
    """A problem's message in the command line's words: the flag whose value is at fault first, a hint after."""
    message = err.message
    if err.parameter in FLAGS:
        message = f"{FLAGS[err.parameter]} {message}"
    return message + HINTS.get(err.hint or "", "")


def problem_line(err: Any) -> str:
    """``file:line: field: message [code]`` for one problem."""
    return f"{err.one(describe(err))} [{err.code}]"


def error_text(err: Any) -> str:
    """The first problem of an error, and how many more there are."""
    text = err.one(describe(err))
    more = len(err.problems) - 1
    if more > 0:
        text += f" (and {more} more problem{'s' if more > 1 else ''}; run `lingyuan-targets validate` to list them)"
    return text


# ------------------------------------------------------------------------- output
@dataclass(frozen=True)
class Out:
    """Where and how a command writes: format, file (or None: standard output) and language."""

    fmt: str
    path: Path | None
    lang: str
    #: -o may replace a read-only file
    force: bool = False

    def emit(self, view: Any, protected: list[Path] | tuple[Path, ...] = (), font: str | None = None) -> None:
        """Write ``view`` through the one output path; notes (a chart drawn without a font) go to stderr."""
        from ..output import emit

        emit(view, self.fmt, self.lang, self.path, protected=protected, font=font, force=self.force,
             write=lambda text: click.echo(text, nl=False), notes=notices)  # fmt: skip


def resolve_format(fmt: str | None, output: Path | None, formats: tuple[str, ...], fallback: str | None,
                   default: str) -> str:  # fmt: skip
    """``-f`` when given; else the format ``-o FILE``'s suffix names (else ``fallback``, or a usage error when there
    is none); else ``default`` (``table`` on a terminal and ``csv`` piped, for the data commands)."""
    from ..output import FORMATS, format_of_suffix

    if fmt is None and output is not None:
        fmt = format_of_suffix(output, formats)
        # a name without a suffix (or a log for validate's text) takes the fallback; another suffix (x.pdf) is a
        # format this command does not write, never silently csv
        if fmt is None and (not output.suffix or fallback == "text"):
            fmt = fallback
        if fmt is None:
            suffixes = ", ".join(FORMATS[f].suffixes[0] for f in formats if FORMATS[f].suffixes)
            raise CliError(f"{output}: the file name must end in {suffixes}"
                           + (" (or give -f FORMAT)" if fallback else ""))  # fmt: skip
    if fmt is None:
        fmt = default if default != "table" or sys.stdout.isatty() else "csv"
    if FORMATS[fmt].binary and output is None:
        raise CliError(f"--format {fmt} writes a file: add -o FILE.{fmt}")
    return fmt


def lang_of(lang: str | None, default: str = "zh") -> str:
    value = lang or os.environ.get(LANG_ENV) or default
    if value not in ("zh", "en"):
        raise CliError(f"${LANG_ENV}={value!r}: expected zh or en")
    return value


def check_encoding(name: str | None) -> None:
    if name is None:
        return
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        raise CliError(f"--encoding {name!r}: unknown encoding (try gb18030, gbk, utf-8)") from None


def encoding() -> str | None:
    """The ``--encoding`` of the running command."""
    return (click.get_current_context().find_object(dict) or {}).get("encoding")


def output_options(*, formats: tuple[str, ...] = DATA_FORMATS, plans: str | None = "one", output_required: bool = False,
                   lang: bool | str = True, reads: bool = True, fallback: str | None = "csv", default: str = "table",
                   output_help: str = "Write to FILE (atomically) instead of standard output.") -> Callable[..., Any]:  # fmt: skip
    """The options every command that prints data shares: ``--plan``, ``-f/--format``, ``-o/--output``, ``--lang``
    and ``--encoding``, resolved into ``out`` (an :class:`Out`) and ``plan_dir``.

    ``plans``: ``"one"`` (a plan directory, or None), ``"many"`` (a tuple of paths) or None (no ``--plan``);
    ``lang`` and ``reads`` (files, so ``--encoding``) say whether the command has those options; ``lang`` may
    also name the command's default language (``validate``'s is en: its messages quote the files in English).
    ``formats`` the formats the command has; ``fallback`` the format of an ``-o`` suffix that names none of them
    (None: a usage error); ``default`` the format without ``-f`` and ``-o``.
    """
    many = plans == "many"
    plan_help = ("A plan directory laid out like data/, a directory of plan directories, or a plans table "
                 "(CSV or Parquet); repeatable [default: the embedded Lingyuan plan]." if many else
                 "Plan directory laid out like data/, or a plans table (CSV or Parquet) of one plan (default: the embedded "
                 "Lingyuan plan).")  # fmt: skip
    from_suffix = "from -o FILE's suffix" + ("" if fallback else " (required)")
    if default == "table":
        default_help = f"table on a terminal, csv otherwise; {from_suffix}"
    else:
        default_help = f"{from_suffix}" if output_required else f"{default}; {from_suffix}"
    needs_file = [f for f in formats if f in ("xlsx", "parquet", "png")]
    needs = " and ".join(needs_file) + (" need" if len(needs_file) > 1 else " needs")
    format_help = f"Output format [default: {default_help}]." + (f" {needs} -o." if needs_file
                                                                  and not output_required else "")  # fmt: skip

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            set_quiet(kwargs.pop("quiet", False))
            enc = kwargs.pop("encoding", None)
            check_encoding(enc)
            click.get_current_context().ensure_object(dict)["encoding"] = enc
            default_lang = lang if isinstance(lang, str) else "zh"
            chosen = lang_of(kwargs.pop("lang", None), default_lang) if lang else "en"
            output = kwargs.pop("output")
            kwargs["out"] = Out(resolve_format(kwargs.pop("fmt"), output, formats, fallback, default), output, chosen,
                                kwargs.pop("force", False))  # fmt: skip
            if plans == "one":  # one plan: a second --plan would otherwise be dropped without a word
                if len(kwargs["plan_dir"]) > 1:
                    raise CliError("this command takes one --plan (check, project and validate take many)")
                kwargs["plan_dir"] = kwargs["plan_dir"][0] if kwargs["plan_dir"] else None
            return func(*args, **kwargs)

        options = [
            click.option("-q", "--quiet", is_flag=True, help="Print no notes and no progress bar on stderr "
                         "(warnings and errors still are)."),
            click.option("-f", "--format", "fmt", type=Choice(list(formats)), default=None, help=format_help),
            # a required option gets no default: click 8.5 takes an explicit default=None for a value given
            click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
                         help=output_help, **({"required": True} if output_required else {"default": None})),
            click.option("--force", is_flag=True, help="With -o: replace FILE even if it is read-only."),
        ]  # fmt: skip
        if lang:
            options.append(
                click.option(
                    "--lang",
                    type=Choice(["zh", "en"]),
                    default=None,
                    help=f"Language of names and headers [default: ${LANG_ENV}, else "
                    f"{lang if isinstance(lang, str) else 'zh'}].",
                )
            )
        if reads:
            options.append(
                click.option(
                    "--encoding",
                    default=None,
                    metavar="NAME",
                    help="Encoding of plan files that are not UTF-8 [default: GB18030 detected].",
                )
            )
        if plans is not None:
            options.insert(0, click.option("--plan", "plan_dir", type=click.Path(path_type=Path), multiple=True,
                                           metavar="PATH" if many else "DIR", help=plan_help))  # fmt: skip
        for option in reversed(options):
            wrapper = option(wrapper)
        return wrapper

    return decorate


# ------------------------------------------------------------------------- loading
def is_quiet() -> bool:
    """``--quiet`` (before the command or on it): no notes and no progress bars on stderr."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and (ctx.find_root().obj or {}).get("quiet"))


def set_quiet(on: bool) -> None:
    if on:
        click.get_current_context().find_root().ensure_object(dict)["quiet"] = True


def notices(lines: Any) -> None:
    """Notes on stderr (how a file was read, what a scenario left alone), unless ``--quiet``."""
    if is_quiet():
        return
    for line in lines:
        say(f"note: {line}")


def load(plan_dir: Path | None) -> Any:
    """The plan in ``plan_dir`` (default: the embedded one; a CSV file: a plans table of one plan), its reading notes
    on stderr."""
    from ..io.parquettable import is_parquet
    from ..io.plandir import INDICATORS_FILE

    # a directory named .parquet (a dataset of many files) goes to the table reader, which says it is not read
    dataset = plan_dir is not None and is_parquet(plan_dir) and not (plan_dir / INDICATORS_FILE).exists()
    if plan_dir is not None and (os.path.isfile(plan_dir) or dataset):  # False for a path that cannot be looked at
        from ..io.plantable import read_table_plan

        plan = read_table_plan(plan_dir, encoding=encoding())
        notices(plan.notices)
        return plan
    from ..io.plandir import load_plan

    plan = load_plan(plan_dir, encoding=encoding())
    notices(plan.notices)
    return plan


def check_ids(plan: Any, ids: tuple[str, ...]) -> None:
    unknown = [i for i in ids if i not in set(plan.indicators["id"])]
    if unknown:
        from ..plan.suggest import unknown_list

        raise CliError(f"unknown indicator id(s): {unknown_list(unknown, plan.indicators['id'])} "
                       "(see `lingyuan-targets list`)")  # fmt: skip


def load_actuals(path: Path | None, plan: Any) -> Any:
    """The actuals file against ``plan``: every problem on stderr and a usage error, or the frame."""
    if path is None:
        return None
    from ..io.actuals import read_actuals_session

    frame, session = read_actuals_session(path, plan, encoding=encoding())
    notices(session.notices)
    for line in session.warnings:
        say(f"warning: {line}")
    if session.problems:
        from ..views.validation import SHOWN_PROBLEMS, more_problems

        for problem in session.problems[:SHOWN_PROBLEMS]:
            say(problem_line(problem))
        count = len(session.problems)
        if count > SHOWN_PROBLEMS:
            say(more_problems(count - SHOWN_PROBLEMS))
        raise CliError(f"{path}: {count} problem{'s' if count > 1 else ''} in the actuals file; nothing was written")
    return frame


def rebase_option(func: Any) -> Any:
    """``--rebase``: measure from the actuals' base-year level instead of the plan's base."""
    return click.option(
        "--rebase",
        is_flag=True,
        help="Measure from the actuals' base-year level, not the plan's base (a base-year actual that differs from "
        "the plan's beyond rounding is otherwise a warning, and the plan's base stays).",
    )(func)


def to_option(help: str) -> Any:
    """``--to YEAR``: the last year a command computes (default: the plan's horizon year)."""
    return click.option(
        "--to",
        "to",
        type=click.IntRange(1901, 2200),
        default=None,
        metavar="YEAR",
        help=f"{help} [default: the plan's horizon year, 2035 for the embedded plan]",
    )


def _completion_plan(ctx: click.Context) -> Any:
    """The plan a command line being completed names (--plan, else the embedded one), or None: completion prints
    nothing but its candidates, never a note or an error."""
    given = ctx.params.get("plan_dir") or ()
    plan_dir = given[0] if isinstance(given, (tuple, list)) and given else given or None
    try:
        from ..io.plandir import load_plan

        return None if plan_dir and os.path.isfile(plan_dir) else load_plan(Path(plan_dir) if plan_dir else None)
    except Exception:
        return None


def complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of indicator ids, each with its name (zsh and fish show it)."""
    from click.shell_completion import CompletionItem

    plan = _completion_plan(ctx)
    if plan is None:
        return []
    ind = plan.indicators
    return [CompletionItem(i, help=str(n)) for i, n in zip(ind["id"], ind["name"]) if str(i).startswith(incomplete)]


def complete_scenarios(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of scenario names (and ``rate:``, a fixed rate written as rate:4.5)."""
    from click.shell_completion import CompletionItem

    plan = _completion_plan(ctx)
    names = [*(plan.scenarios if plan is not None else ()), "rate:"]
    return [CompletionItem(n) for n in names if n.startswith(incomplete)]


def scenario_option(help: str) -> Any:
    """``-s/--scenario NAME`` (default ``continue``): the rule after the target year."""
    return click.option("-s", "--scenario", default="continue", show_default=True, metavar="NAME", help=help,
                        shell_complete=complete_scenarios)  # fmt: skip


def actuals_option(required: bool) -> Any:
    return click.option("--actuals", "actuals_path", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
                        required=required, metavar="FILE",
                        help="CSV of observed values: id,year,value,source (see docs/tracking.md); - reads standard "
                        "input."
                        + ("" if required else " Without it, the outlook starts from the target-year targets."))  # fmt: skip


# ------------------------------------------------------------------ many plans
@contextmanager
def progress(total: int, label: str, many: bool = False) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr when it is a terminal and the run is over many plans; else nothing.

    Steps are inputs (loading) or stacks (checking, projecting); a plans table of
    thousands of plans is one step, so the bar also shows the time spent.
    """
    if not ((total > 1 or many) and sys.stderr.isatty()) or is_quiet():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=Console(stderr=True), transient=True)  # fmt: skip
    bar.start()
    task = bar.add_task(label, total=total)
    try:
        yield lambda: bar.advance(task)
    finally:
        bar.stop()


def is_many(paths: tuple[Path, ...]) -> bool:
    from ..io.inputs import is_many as many

    return many(paths)


def load_many(paths: tuple[Path, ...]) -> Any:
    """Every plan the paths name, with a progress bar; plans that cannot be used reported on stderr."""
    from ..io import inputs

    found = inputs.sources(paths)
    tables = [p for kind, p in found if kind == "table"]
    label = f"loading {tables[0].name}" if len(found) == 1 and tables else "loading plans"
    with progress(len(found), label, many=bool(tables)) as advance:
        loaded = inputs.load(found, encoding(), advance)
    notices(loaded.notices)
    return loaded


def report_unusable(loaded: Any) -> None:
    """Each plan left out, with its problems (the first few), on stderr; after :data:`SHOWN_PROBLEMS` problems, the
    plans left are counted."""
    from ..views.validation import SHOWN_PROBLEMS

    listed = 0
    for k, item in enumerate(loaded.unusable):
        if listed >= SHOWN_PROBLEMS:
            rest = loaded.unusable[k:]
            count = sum(len(i["problems"]) for i in rest)
            say(f"error: … and {len(rest):,} more plan{'s' if len(rest) > 1 else ''} that cannot be used "
                f"({count:,} problem{'s' if count > 1 else ''}; lingyuan-targets validate -f json lists them "
                "all)")  # fmt: skip
            break
        who = f"plan {item['plan']} in {item['source']}" if item["plan"] else item["source"]
        problems = item["problems"]
        say(f"error: {who} cannot be used ({len(problems)} problem{'s' if len(problems) > 1 else ''}):")  # fmt: skip
        for p in problems[:5]:
            say(f"  {problem_line(p)}")
        listed += min(len(problems), 5)
        if len(problems) > 5:
            say(f"  … and {len(problems) - 5} more (lingyuan-targets validate lists them all)")

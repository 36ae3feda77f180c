"""``check`` and ``project`` over many plans as csv or json: plans read, run and rendered chunk by chunk
(:func:`lingyuan_targets.io.inputs.load_chunks`), so memory stays that of one chunk however many plans there are;
the output is written whole at the end (:mod:`lingyuan_targets.output.stream`), byte for byte the output of one
run over every plan at once.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .options import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    CliError,
    Out,
    ReaderGone,
    describe,
    encoding,
    is_quiet,
    notices,
    report_unusable,
)  # fmt: skip

#: the formats written chunk by chunk; the others (tables for people, xlsx) are made from the whole run
STREAMED = ("csv", "json", "parquet")


@dataclass
class Gathered:
    """What the chunks of a run leave for its end."""

    unusable: list[dict[str, Any]] = field(default_factory=list)
    late: list[dict[str, Any]] = field(default_factory=list)  # left out for --to, listed after the others
    notices: list[str] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)  # the plans run, in input order
    extra: dict[str, Any] = field(default_factory=dict)


def chunked(paths: tuple[Path, ...], label: str, fmt: str, rows_key: str,
            work: Callable[[Any, Gathered], str]) -> tuple[Gathered, Any]:  # fmt: skip
    """Run ``work`` on each chunk of plans the paths name (it returns the chunk's output, rendered as ``fmt``), and
    gather; a table that must be read whole (its plans' rows apart) or chunks whose outputs do not fit together
    (plans with other years) make the run start again with every input whole. Returns what was gathered and the
    :class:`~lingyuan_targets.output.stream.Spool` holding the rows."""
    from ..io import inputs
    from ..io.plantable import CHUNK_ROWS, Reread
    from ..output.stream import Mismatch

    found = inputs.sources(paths)
    total = sum(inputs.size_of(p) if kind == "table" else 1 for kind, p in found)
    for rows in (CHUNK_ROWS, None):
        gathered, spool = Gathered(), _spool(fmt, rows_key)
        try:
            with progress_bar(total, label) as bar:
                if rows is None:  # every input whole, as one chunk: the run before chunks, which cannot mismatch
                    loaded = inputs.load(found, encoding())
                    bar.read(total)
                    chunks: Any = [loaded]
                else:
                    chunks = inputs.load_chunks(found, encoding(), rows, read=bar.read)
                for chunk in chunks:
                    gathered.inputs += chunk.inputs
                    gathered.notices += chunk.notices
                    gathered.unusable += chunk.unusable
                    text = work(chunk, gathered) if chunk.stacks else ""
                    if not isinstance(text, str) or text:  # a chunk all of whose plans were left out has no rows
                        _spooled(spool, text)
                    gathered.plans += [p for st in chunk.stacks for p in st.plan_ids]
                    bar.plans(len(gathered.plans))
            return gathered, spool
        except (Reread, Mismatch):
            spool.close()
            continue
        except BaseException:
            spool.close()
            raise
    raise AssertionError("a whole reading needs no second")  # pragma: no cover


def _spool(fmt: str, rows_key: str) -> Any:
    from ..output.files import OutputError
    from ..output.stream import Spool

    try:
        return Spool(fmt, rows_key)
    except OSError as exc:  # no temporary directory to write in
        raise OutputError(f"cannot make a temporary file for the output: {exc.strerror or exc}") from None


def _spooled(spool: Any, text: str) -> None:
    from ..output.files import OutputError

    try:
        spool.add(text)
    except OSError as exc:  # the temporary directory full, a file size limit
        raise OutputError(f"cannot write the output's temporary file ({tempfile.gettempdir()}): "
                          f"{exc.strerror or exc}") from None  # fmt: skip


def finish(gathered: Gathered, spool: Any, out: Out, document: dict[str, Any] | None) -> None:
    """The end of a run: notices and the plans left out on stderr, then the output, to ``-o`` (atomically) or to
    standard output."""
    from ..output.files import write_atomic

    report_unusable_only(gathered)
    try:
        if out.path is not None:
            write_atomic(out.path, lambda handle: spool.write(document, handle.write), gathered.inputs,
                         force=out.force)  # fmt: skip
        else:
            stdout = sys.stdout
            stdout.flush()
            binary = getattr(stdout, "buffer", None)
            if binary is None:  # a text stream alone (a caller's StringIO): the bytes decoded as they come
                import codecs

                decoder = codecs.getincrementaldecoder("utf-8")()
                spool.write(document, lambda data: stdout.write(decoder.decode(data)))
                return
            try:
                spool.write(document, binary.write)
                binary.flush()
            except BrokenPipeError:  # the reader has gone (… | head): a quiet end, as every other output has
                raise ReaderGone from None
    finally:
        spool.close()


def unusable_json(gathered: Gathered) -> list[dict[str, Any]]:
    from ..io.inputs import Loaded
    from ..views.checks import unusable_json as as_json

    return as_json(Loaded(unusable=gathered.unusable + gathered.late), describe)


# ------------------------------------------------------------------------- check
def check(paths: tuple[Path, ...], out: Out, fail_on: str, include_passes: bool, **options: Any) -> None:
    """``check --plan …`` as csv or json, chunk by chunk."""
    from ..checks.runner import check_stacks, total_summary
    from ..views import checks

    def work(chunk: Any, gathered: Gathered) -> str:
        reports = chunk.sort(check_stacks(chunk.stacks, passes=include_passes, **options), lambda r: r.plan)
        totals = gathered.extra.setdefault("totals", {})
        for k, v in total_summary(reports).items():
            totals[k] = totals.get(k, 0) + v
        if reports and "rounding" not in gathered.extra:
            gathered.extra["rounding"] = reports[0].rounding
        gathered.extra["fails"] = gathered.extra.get("fails", False) or any(r.fails(fail_on) for r in reports)
        view = checks.check_many(chunk, reports, out.lang, include_passes, describe)
        return _rows(view, out)

    label = "checking"
    gathered, spool = chunked(paths, label, out.fmt, "plans", work)
    if gathered.unusable and not gathered.plans:  # nothing to write: no header-only output
        spool.close()
        report_unusable_only(gathered)
        sys.exit(EXIT_USAGE)
    totals = {**gathered.extra.get("totals", total_summary([])), "unusable": len(gathered.unusable)}
    document = checks.many_document(gathered.extra.get("rounding"), totals, [], unusable_json(gathered))
    finish(gathered, spool, out, document)
    if gathered.unusable:
        sys.exit(EXIT_USAGE)
    if gathered.extra.get("fails"):
        sys.exit(EXIT_FINDINGS)


def report_unusable_only(gathered: Gathered) -> None:
    """The notices of the reading and the plans left out, on stderr (before the output, or instead of it)."""
    from ..io.inputs import Loaded

    notices(gathered.notices)
    report_unusable(Loaded(unusable=gathered.unusable + gathered.late))


# ----------------------------------------------------------------------- project
def project(paths: tuple[Path, ...], out: Out, ids: tuple[str, ...], to: int | None, scenario: str,
            step: int) -> None:  # fmt: skip
    """``project --plan …`` as csv or json, chunk by chunk."""
    from ..engine.many import project_stacks
    from ..engine.projection import scenario_left_unused
    from ..views import projection

    def work(chunk: Any, gathered: Gathered) -> str:
        before = len(chunk.unusable)
        chunk.leave_out_before(to)
        gathered.late += chunk.unusable[before:]
        if not chunk.stacks:
            return ""
        wides = project_stacks(chunk.stacks, to=to, scenario=scenario)
        found = gathered.extra.setdefault("ids", set())
        found |= {i for wide in wides for i in wide["id"].tolist()} & set(ids)
        # the note that the scenario changes nothing holds when it changes nothing in any chunk
        why = scenario_left_unused([st.plan for st in chunk.stacks], scenario)
        if why is None:
            gathered.extra["used"] = True
        gathered.extra.setdefault("why", why)
        view = projection.project_many(chunk, wides, to=to, scenario=scenario, ids=ids, step=step, lang=out.lang)
        table = view.csv_table()
        years = gathered.extra.setdefault("years", table.document["years"])
        if years != table.document["years"]:
            from ..output.stream import Mismatch

            raise Mismatch("years")
        gathered.extra["to"] = table.document["to"]
        return _rows(view, out)

    gathered, spool = chunked(paths, "projecting", out.fmt, "rows", work)
    gathered.unusable += gathered.late
    gathered.late = []
    if gathered.unusable and not _projected(gathered):
        spool.close()
        report_unusable_only(gathered)
        sys.exit(EXIT_USAGE)
    missing = [i for i in ids if i not in gathered.extra.get("ids", set())]
    if missing:
        spool.close()
        left_out = f" ({len(gathered.unusable)} plan(s) left out, see above)" if gathered.unusable else ""
        report_unusable_only(gathered)
        raise CliError(f"no plan projected has indicator id(s) {', '.join(missing)}{left_out}")
    document = projection.many_document(_projected(gathered), to=gathered.extra.get("to", to), scenario=scenario,
                                        years=gathered.extra.get("years", []))  # fmt: skip
    finish(gathered, spool, out, {**document, "rows": []})
    unused = None if gathered.extra.get("used") else gathered.extra.get("why")
    notices([unused] if unused else [])
    if gathered.unusable:
        sys.exit(EXIT_USAGE)


def _rows(view: Any, out: Out) -> Any:
    """A chunk's output for the spool: its text (csv, json), or its table (Parquet)."""
    if out.fmt == "parquet":
        from ..output.parquet import arrow_table

        return arrow_table(view.csv_table())
    from ..output import render

    return str(render(view, out.fmt, out.lang).data)


def _projected(gathered: Gathered) -> list[str]:
    """The plans projected: those run, less those left out for --to."""
    late = {u["plan"] for u in gathered.unusable if u["problems"] and u["problems"][0].parameter == "to"}
    return [p for p in gathered.plans if p not in late]


# ------------------------------------------------------------------ progress bar
class _Bar:
    """The progress of a run: bytes of the inputs read (the bar) and plans done (its words)."""

    def __init__(self, update: Callable[..., None] | None) -> None:
        self.update = update
        self.done = 0

    def read(self, n: int) -> None:
        self.done += n
        if self.update is not None:
            self.update(completed=self.done)

    def plans(self, n: int) -> None:
        if self.update is not None:
            self.update(plans=f"{n:,} plans")


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[_Bar]:
    """A rich progress bar on stderr when it is a terminal (and not ``--quiet``): the inputs read, the plans done and
    the time spent; else nothing."""
    if not sys.stderr.isatty() or is_quiet() or os.environ.get("TERM") == "dumb":
        yield _Bar(None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                   TextColumn("{task.fields[plans]}"), TimeElapsedColumn(), console=Console(stderr=True),
                   transient=True)  # fmt: skip
    bar.start()
    task = bar.add_task(label, total=max(total, 1), plans="0 plans")
    try:
        yield _Bar(lambda **kw: bar.update(task, **kw))
    finally:
        bar.stop()

"""What ``validate`` shows: every problem of every input, one line each, and the same as JSON."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..io.textfile import Session
from ..plan.errors import PlanError
from .table import Column, Lines, Table, View, envelope

#: the problems of one input that text lists (validate, and the commands that print an input's problems); the others
#: are counted on one line. JSON lists them all.
SHOWN_PROBLEMS = 50


def more_problems(count: int) -> str:
    """The line that stands for ``count`` problems not listed.

    >>> more_problems(109_950)
    '… and 109,950 more problems (lingyuan-targets validate -f json lists them all)'
    """
    return f"… and {count:,} more problem{'s' if count > 1 else ''} (lingyuan-targets validate -f json lists them all)"


def validation(results: list[tuple[Path, Session]], describe: Callable[[PlanError], str] | None = None) -> View:
    """``file:line: field: message [code]`` lines with each input's status (the first :data:`SHOWN_PROBLEMS` of an
    input, then their count), and a JSON document with every problem.

    ``describe`` words a problem's message (the command line adds its flags); by default, the message itself.
    """

    def message(p: PlanError) -> str:
        return describe(p) if describe else p.message

    lines: list[str] = []
    for path, r in results:
        lines += [f"note: {n}" for n in r.notices]
        lines += [f"warning: {w}" for w in r.warnings]
        lines += [f"{p.one(message(p))} [{p.code}]" for p in r.problems[:SHOWN_PROBLEMS]]
        if len(r.problems) > SHOWN_PROBLEMS:
            lines.append(more_problems(len(r.problems) - SHOWN_PROBLEMS))
        lines.append(f"{path}: {f'{len(r.problems)} problem(s)' if r.problems else 'valid'}")
    invalid = any(r.problems for _, r in results)
    document = envelope("validate", valid=not invalid, plans=[
        {"path": str(d), "valid": not r.problems, "problems": [p.to_dict(message(p)) for p in r.problems],
         "notices": list(r.notices), "warnings": list(r.warnings)} for d, r in results])  # fmt: skip
    return View(parts=[Lines(tuple(lines))], document=document)


def codes() -> View:
    """``validate --list-codes``: every problem code with its group and title."""
    from ..plan.problems import PROBLEMS

    records = [{"code": c, "group": group, "title": title} for c, (group, title) in PROBLEMS.items()]
    columns = [
        Column("code", "代码", "code", identifier=True),
        Column("group", "类别", "group"),
        Column("title", "说明", "title"),
    ]
    return View([Table(title="problem codes", columns=columns, records=records)])

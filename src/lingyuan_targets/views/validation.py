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


#: the words of validate's text in each language (the problems' messages quote the files and are in English)
WORDS = {
    "en": {"note": "note: ", "warning": "warning: ", "valid": "valid", "problems": "{n} problem(s)",
           "more": "… and {n:,} more problem{s} (lingyuan-targets validate -f json lists them all)"},
    "zh": {"note": "提示：", "warning": "警告：", "valid": "有效", "problems": "{n} 个问题",
           "more": "… 另有 {n:,} 个问题（lingyuan-targets validate -f json 列出全部）"},
}  # fmt: skip


def more_problems(count: int, lang: str = "en") -> str:
    """The line that stands for ``count`` problems not listed.

    >>> more_problems(109_950)
    '… and 109,950 more problems (lingyuan-targets validate -f json lists them all)'
    >>> more_problems(1, "zh")
    '… 另有 1 个问题（lingyuan-targets validate -f json 列出全部）'
    """
    return WORDS[lang]["more"].format(n=count, s="s" if count > 1 else "")


def validation(results: list[tuple[Path, Session]], describe: Callable[[PlanError], str] | None = None,
               lang: str = "en") -> View:  # fmt: skip
    """``file:line: field: message [code]`` lines with each input's status (the first :data:`SHOWN_PROBLEMS` of an
    input, then their count), and a JSON document with every problem.

    ``describe`` words a problem's message (the command line adds its flags); by default, the message itself. In
    ``lang`` zh the lines put the Chinese title of the problem's code before the message and say their status in
    Chinese; JSON is the same in both languages.
    """
    from ..plan.problems import PROBLEMS_ZH

    words = WORDS[lang]

    def message(p: PlanError) -> str:
        said = describe(p) if describe else p.message
        return f"{PROBLEMS_ZH.get(p.code, p.code)}：{said}" if lang == "zh" else said

    lines: list[str] = []
    for path, r in results:
        lines += [f"{words['note']}{n}" for n in r.notices]
        lines += [f"{words['warning']}{w}" for w in r.warnings]
        lines += [f"{p.one(message(p))} [{p.code}]" for p in r.problems[:SHOWN_PROBLEMS]]
        if len(r.problems) > SHOWN_PROBLEMS:
            lines.append(more_problems(len(r.problems) - SHOWN_PROBLEMS, lang))
        status = words["problems"].format(n=len(r.problems)) if r.problems else words["valid"]
        lines.append(f"{path}: {status}")
    invalid = any(r.problems for _, r in results)
    document = envelope("validate", valid=not invalid, plans=[
        {"path": str(d), "valid": not r.problems,
         "problems": [p.to_dict(describe(p) if describe else p.message) for p in r.problems],
         "notices": list(r.notices), "warnings": list(r.warnings)} for d, r in results])  # fmt: skip
    return View(parts=[Lines(tuple(lines))], document=document)


def codes(lang: str = "en") -> View:
    """``validate --list-codes``: every problem code with its group and title (in Chinese in ``lang`` zh; JSON keeps
    the group's code)."""
    from ..plan.problems import GROUPS_ZH, PROBLEMS, PROBLEMS_ZH

    records = [{"code": c, "group": group, "title": PROBLEMS_ZH[c] if lang == "zh" else title}
               for c, (group, title) in PROBLEMS.items()]  # fmt: skip
    columns = [
        Column("code", "代码", "code", identifier=True),
        Column("group", "类别", "group", shown_zh=GROUPS_ZH),
        Column("title", "说明", "title"),
    ]
    return View([Table(title="问题代码" if lang == "zh" else "problem codes", columns=columns, records=records)])

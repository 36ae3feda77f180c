"""Problems with input, and the exception that carries them (findings of `check` are data, not exceptions).

An error names what is wrong in the terms of the data and of the Python API: the
file, line and field, a registered code (:data:`~lingyuan_targets.plan.problems.PROBLEMS`),
and, where the caller supplied the value at fault, the name of that argument
(``parameter``: ``to``, ``rates``, …), and a ``hint`` key saying what kind of help
fits (``encoding``: the file's encoding can be named; ``ids``: the plan's ids can be
listed; ``codes``: the check codes can be listed). How to fix it on the command line
(which flag, which command lists the choices) is the command line's to add from
these; the core never names a flag or a command.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .problems import PROBLEMS

#: the longest value a problem quotes (longer ones are cut: ``'999…' (1,000,000 characters)``)
VALUE_LIMIT = 60
#: the longest message a problem carries; a longer one is cut the same way
MESSAGE_LIMIT = 1000


def clip(text: str, limit: int = VALUE_LIMIT) -> str:
    """``text`` itself when it is at most ``limit`` characters; else its start, "…" and its length.

    >>> clip("9" * 1_000_000, 3)
    '999… (1,000,000 characters)'
    """
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def shown(value: object, limit: int = VALUE_LIMIT) -> str:
    """A value as a problem quotes it: quoted (as Python quotes text, control characters escaped), the number or
    text itself rather than its type's repr, and cut after ``limit`` characters.

    >>> shown("1,5"), shown("9" * 1_000_000, 3)
    ("'1,5'", "'999…' (1,000,000 characters)")
    """
    text = value if isinstance(value, str) else str(value)
    return repr(text) if len(text) <= limit else f"{text[:limit] + '…'!r} ({len(text):,} characters)"


def character(c: str) -> str:
    """A character in words, for a problem that names one: superscripts and subscripts by what they look like.

    >>> character("¹"), character("₂"), character("½")
    ('a superscript ¹ (a footnote mark?)', 'a subscript ₂', 'the character ½ (vulgar fraction one half)')
    """
    name = unicodedata.name(c, f"U+{ord(c):04X}").lower()
    if name.startswith("superscript"):
        return f"a superscript {c} (a footnote mark?)"
    if name.startswith("subscript"):
        return f"a subscript {c}"
    return f"the character {c} ({name})"


@dataclass(frozen=True)
class Location:
    """Where in which file a problem was found (line and column are 1-based).

    >>> str(Location("plans/x/indicators.yaml", 34, 5, field="indicators[gdp].taget"))
    'plans/x/indicators.yaml:34:5'
    """

    file: Path | str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __post_init__(self) -> None:  # a field named after a key of the input: cut like a value
        if self.field is not None and len(self.field) > MESSAGE_LIMIT // 5:
            object.__setattr__(self, "field", clip(self.field, MESSAGE_LIMIT // 5))

    def __str__(self) -> str:
        text = str(self.file)
        if len(text) > MESSAGE_LIMIT // 5:  # a path thousands of characters long: its start and its end
            text = f"{text[: MESSAGE_LIMIT // 10 - 1]}…{text[-(MESSAGE_LIMIT // 10) :]}"
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class PlanError(Exception):
    """A plan file cannot be read or does not follow the documented format.

    ``code`` is a stable kebab-case code (one of :data:`PROBLEMS`); ``problems``
    holds every problem found when a whole plan was read (this error is the first
    of them); ``parameter`` names the argument whose value is at fault, when the
    value came from the caller rather than from a file; ``hint`` the kind of help
    that fits (see the module docstring).
    """

    def __init__(self, message: str, location: Location | None = None, code: str = "invalid",
                 problems: list[PlanError] | None = None, *, parameter: str | None = None,
                 hint: str | None = None) -> None:  # fmt: skip
        if code not in PROBLEMS:
            raise ValueError(f"unregistered problem code {code!r} (add it to plan/problems.py)")
        message = clip(message, MESSAGE_LIMIT)
        super().__init__(message)
        self.message = message
        self.location = location
        self.code = code
        self.parameter = parameter
        self.hint = hint
        self.problems: list[PlanError] = problems if problems is not None else [self]

    @classmethod
    def collected(cls, problems: list[PlanError]) -> PlanError:
        """One error for every problem found (it reads as the first; ``problems`` holds them all)."""
        first = problems[0]
        return PlanError(first.message, first.location, first.code, list(problems), parameter=first.parameter,
                         hint=first.hint)  # fmt: skip

    def __str__(self) -> str:
        text = self.one()
        more = len(self.problems) - 1
        if more > 0:
            text += f" (and {more} more problem{'s' if more > 1 else ''})"
        return text

    def one(self, message: str | None = None) -> str:
        """This problem alone: ``file:line: field: message`` (``message`` in place of its own, if given).

        >>> PlanError("unknown field", Location("x.yaml", 3, field="taget"), "unknown-field").one()
        'x.yaml:3: taget: unknown field'
        """
        message = self.message if message is None else message
        if self.location is None:
            return message
        where = str(self.location)
        if self.location.field:
            return f"{where}: {self.location.field}: {message}"
        return f"{where}: {message}"

    def to_dict(self, message: str | None = None) -> dict[str, object]:
        """The problem as data (``message`` in place of its own, if given: a caller's wording of it)."""
        loc = self.location
        return {
            "code": self.code,
            "file": None if loc is None else str(loc.file),
            "line": None if loc is None else loc.line,
            "column": None if loc is None else loc.column,
            "field": None if loc is None else loc.field,
            "message": self.message if message is None else message,
        }


class ScenarioError(PlanError):
    """A scenario name or definition, or a projection horizon, that cannot be used."""


class UnknownIndicatorError(PlanError):
    """An indicator id that the plan does not define."""

    def __init__(self, message: str, location: Location | None = None, code: str = "unknown-id",
                 problems: list[PlanError] | None = None, *, parameter: str | None = "ids",
                 hint: str | None = "ids") -> None:  # fmt: skip
        super().__init__(message, location, code, problems, parameter=parameter, hint=hint)

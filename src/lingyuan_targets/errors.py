"""Problems with input, and the exception that carries them (findings of `check` are data, not exceptions)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where in which file a problem was found (line and column are 1-based)."""

    file: Path | str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        text = str(self.file)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class PlanError(Exception):
    """A plan file cannot be read or does not follow the documented format.

    ``code`` is a stable kebab-case code; ``problems`` holds every problem found
    when a whole plan was read (this error is the first of them).
    """

    def __init__(self, message: str, location: Location | None = None, code: str = "invalid",
                 problems: list[PlanError] | None = None) -> None:  # fmt: skip
        super().__init__(message)
        self.message = message
        self.location = location
        self.code = code
        self.problems: list[PlanError] = problems if problems is not None else [self]

    def __str__(self) -> str:
        text = self._one()
        more = len(self.problems) - 1
        if more > 0:
            text += f" (and {more} more problem{'s' if more > 1 else ''}; run `lingyuan-targets validate` to list them)"
        return text

    def _one(self) -> str:
        if self.location is None:
            return self.message
        where = str(self.location)
        if self.location.field:
            return f"{where}: {self.location.field}: {self.message}"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "code": self.code,
            "file": None if loc is None else str(loc.file),
            "line": None if loc is None else loc.line,
            "column": None if loc is None else loc.column,
            "field": None if loc is None else loc.field,
            "message": self.message,
        }


class ScenarioError(PlanError):
    """A scenario name or definition that cannot be used."""


class UnknownIndicatorError(PlanError):
    """An indicator id that the plan does not define."""

"""Exceptions for input that cannot be used (findings are data, not exceptions)."""

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
    """A plan file cannot be read or does not follow the documented format."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        where = str(self.location)
        if self.location.field:
            return f"{where}: {self.location.field}: {self.message}"
        return f"{where}: {self.message}"


class ScenarioError(PlanError):
    """A scenario name or definition that cannot be used."""


class UnknownIndicatorError(PlanError):
    """An indicator id that the plan does not define."""

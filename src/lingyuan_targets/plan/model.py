"""The loaded plan (:class:`Plan`) and its named scenarios (:class:`Scenario`).

The maths follows an indicator's declared *kind*; nothing is inferred from a
name. The allowed values of every field are in :mod:`.vocabulary`; the file
format is described in ``docs/data-format.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import UnknownIndicatorError
from .vocabulary import GOAL_COLUMNS

if TYPE_CHECKING:
    from .arrays import Columns


@dataclass(frozen=True)
class Scenario:
    """A named rule for 2026–2035 (after the plan's target year).

    ``method`` is ``continue`` (the plan-period rule carried on), ``rate`` (a fixed
    annual rate in percent) or ``multiple`` (reach ``multiple`` × the level of
    ``of_year`` by ``by_year``, the rate computed from the target-year value).
    Kinds outside ``applies_to`` follow ``continue``; when ``tags`` is not
    empty, so do indicators that carry none of those tags. A ``rate``
    scenario may give a rate per period instead of one rate: ``periods`` holds
    ``(first_year, last_year, rate)``; years after the last period keep its rate.
    """

    name: str
    method: str
    description: str = ""
    description_zh: str = ""
    name_zh: str = ""  # the name in Chinese words, for zh charts and tables (the name itself is an identifier)
    rate: float | None = None
    multiple: float | None = None
    of_year: int | None = None
    by_year: int | None = None
    applies_to: tuple[str, ...] = ("level",)
    tags: tuple[str, ...] = ()
    yaml_line: int | None = None
    periods: tuple[tuple[int, int, float], ...] = ()

    def rate_in(self, year: int) -> float | None:
        """The annual rate (percent) a ``rate`` scenario sets for ``year``.

        >>> two = Scenario("two-speed", "rate", periods=((2026, 2030, 6.0), (2031, 2035, 4.5)))
        >>> two.rate_in(2027), two.rate_in(2033), two.rate_in(2040)
        (6.0, 4.5, 4.5)
        """
        for first, last, rate in self.periods:
            if first <= year <= last:
                return rate
        if self.periods and year > self.periods[-1][1]:
            return self.periods[-1][2]
        return self.rate

    def rates_text(self) -> str:
        """``5`` or ``2026-2030: 5.5; 2031-2035: 4.5`` (percent a year)."""
        if not self.periods:
            return "" if self.rate is None else f"{self.rate:g}"
        return "; ".join(f"{a}-{b}: {r:g}" for a, b, r in self.periods)


@dataclass(frozen=True)
class Plan:
    """A plan loaded from a plan directory: metadata and tables.

    ``indicators`` has one row per indicator (columns :data:`INDICATOR_COLUMNS`);
    ``quotes`` every other place the text states an indicator's value; ``history``,
    ``projects`` and ``sums`` the plan's other tables; ``scenarios`` the named
    rules; ``relations`` the declared relations between indicators (for ``check``).
    """

    meta: dict[str, Any]
    indicators: pd.DataFrame
    quotes: pd.DataFrame
    history: pd.DataFrame
    projects: pd.DataFrame
    scenarios: dict[str, Scenario]
    directory: Path
    sums: pd.DataFrame = field(default_factory=pd.DataFrame)
    relations: tuple[dict[str, Any], ...] = ()
    #: conversions made while reading (an encoding detected, full-width digits read, …)
    notices: tuple[str, ...] = ()
    files: dict[str, Path] = field(default_factory=dict)
    #: further horizons and milestones of the indicators (columns :data:`~.vocabulary.GOAL_COLUMNS`)
    goals: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=GOAL_COLUMNS))

    @cached_property
    def columns(self) -> Columns:
        """The indicators as typed arrays (:class:`lingyuan_targets.plan.arrays.Columns`), built on first use.

        The indicator table is not to be changed in place once the plan is built.
        """
        from .arrays import columns

        return columns(self.indicators, self.base_year, self.target_year)

    @cached_property
    def records(self) -> list[dict[str, Any]]:
        """The indicator rows as dicts, converted once (for a plan; a stack of thousands converts only the rows
        it reports: :func:`lingyuan_targets.checks.findings.rows_at`).

        As ``to_dict("records")`` gives them (a missing integer is ``None``), built column by column: 3× faster.
        """
        ind = self.indicators
        names, columns = list(ind.columns), []
        for name in names:
            values = ind[name].tolist()
            if isinstance(ind[name].dtype, pd.api.extensions.ExtensionDtype) and ind[name].hasnans:
                values = [None if v is pd.NA else v for v in values]
            columns.append(values)
        return [dict(zip(names, row)) for row in zip(*columns)]

    @property
    def id(self) -> str:
        return str(self.meta.get("id", self.directory.name))

    @property
    def base_year(self) -> int:
        return int(self.meta["base_year"])

    @property
    def target_year(self) -> int:
        return int(self.meta["target_year"])

    @property
    def horizon_year(self) -> int:
        return int(self.meta.get("horizon_year", 2035))

    def indicator(self, indicator_id: str) -> pd.Series:
        """One indicator's row; raises :class:`UnknownIndicatorError` for an unknown id."""
        rows = self.indicators[self.indicators["id"] == indicator_id]
        if rows.empty:
            from .suggest import did_you_mean

            hint = did_you_mean(indicator_id, self.indicators["id"])
            raise UnknownIndicatorError(f"unknown indicator id {indicator_id!r}{hint}")
        return rows.iloc[0]

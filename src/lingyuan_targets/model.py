"""The plan model: allowed values of every field, and the loaded :class:`Plan`.

The maths follows an indicator's declared *kind*; nothing is inferred from a
name. See the README's "Data format" section for the full description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from .arrays import Columns

#: kind → what the numbers are (see DOMAIN notes in the README)
KINDS: dict[str, str] = {
    "level": "a level (GDP, income, a count): compounds; unbounded above",
    "share": "a percentage in [0, 100] (coverage, intensity, a ratio)",
    "period_total": "a five-year total; the base-year column holds the previous period's total",
    "period_change": "a change over the five years (e.g. energy intensity down 12%), in percent",
    "limit": "a floor or ceiling to hold (e.g. water quality ≥ 100%), not a path",
}
DIRECTIONS = ("at_least", "at_most", "equal")
#: Chinese labels for display (data and JSON keep the codes)
KIND_ZH = {"level": "总量/水平", "share": "比重", "period_total": "期内累计", "period_change": "期内变化", "limit": "限值"}
DIRECTION_ZH = {"at_least": "不低于", "at_most": "不高于", "equal": "达到"}
PHASE_ZH = {"base": "基期", "plan": "规划期", "outlook": "展望"}
ATTRIBUTES = ("预期性", "约束性")
ATTRIBUTE_EN = {"预期性": "anticipatory", "约束性": "binding"}
CATEGORIES_EN = {
    "经济发展": "Economic development",
    "创新驱动": "Innovation",
    "民生福祉": "Well-being",
    "生态文明": "Ecology",
    "城乡建设": "Urban and rural development",
    "开放合作": "Opening up",
    "社会治理": "Social governance",
    "文化": "Culture",
}
#: growth basis → meaning of growth.value (always in percent, or in the
#: indicator's unit for an absolute change)
GROWTH_BASES = ("annual", "cumulative", "none")
#: how a cumulative figure is read
READINGS = ("relative", "points", "absolute", "unresolved")
INTERPOLATIONS = ("geometric", "linear")
ORIGINS = ("table", "text")

#: units that mean "percent" (a period change in them compounds; in points or other units it accrues evenly)
PERCENT_UNITS = ("百分比", "%", "％")
#: tags that the built-in ad-hoc ``rate:X`` scenario applies to
VALUE_TAGS = ("output", "income")

#: default shape of a path between baseline and target when no rate is stated
DEFAULT_INTERPOLATION = {"level": "geometric", "share": "linear"}
#: natural bounds by kind when a file gives none
DEFAULT_BOUNDS = {
    "level": (0.0, None),
    "share": (0.0, 100.0),
    "period_total": (0.0, None),
    "period_change": (-100.0, 100.0),
    "limit": (None, None),
}

INDICATOR_COLUMNS = [
    "id", "name", "name_en", "category", "unit", "unit_en", "kind", "direction",
    "lower", "upper", "attribute", "origin", "group",
    "base", "base_decimals", "target", "target_decimals",
    "growth_printed", "growth_basis", "growth_value", "growth_decimals", "growth_reading",
    "interpolation", "tags", "section", "line", "snippet",
    "base_section", "base_line", "base_snippet", "base_note", "note",
    "yaml_line", "target_line", "csv_line",
]  # fmt: skip


@dataclass(frozen=True)
class Scenario:
    """A named rule for 2026–2035 (after the plan's target year).

    ``method`` is ``continue`` (the 2021–25 rule carried on), ``rate`` (a fixed
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
    rate: float | None = None
    multiple: float | None = None
    of_year: int | None = None
    by_year: int | None = None
    applies_to: tuple[str, ...] = ("level",)
    tags: tuple[str, ...] = ()
    yaml_line: int | None = None
    periods: tuple[tuple[int, int, float], ...] = ()

    def rate_in(self, year: int) -> float | None:
        """The annual rate (percent) a ``rate`` scenario sets for ``year``."""
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
    ``projects`` and ``sums`` the plan's other tables; ``scenarios`` the named 2035
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

    @cached_property
    def columns(self) -> Columns:
        """The indicators as typed arrays (:class:`lingyuan_targets.arrays.Columns`), built on first use.

        The indicator table is not to be changed in place once the plan is built.
        """
        from .arrays import columns

        return columns(self.indicators)

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
        from .errors import UnknownIndicatorError

        rows = self.indicators[self.indicators["id"] == indicator_id]
        if rows.empty:
            raise UnknownIndicatorError(f"unknown indicator id {indicator_id!r} (see `lingyuan-targets list`)")
        return rows.iloc[0]

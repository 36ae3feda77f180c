"""What a chart shows for an indicator: :class:`ChartData` from the plan and actuals (drawn by
:mod:`lingyuan_targets.output.charts`).

The plan path comes from :func:`projection.project` (to the target year), the
target's rounding band from :func:`printed.rounding_interval`, the scenario fan
from :func:`outlook.paths` (from the latest actual, or the target). Actuals of a
period total are shown as running totals, like its plan path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..engine import observed, outlook, projection
from ..plan.model import Plan
from ..plan.printed import rounding_interval


@dataclass(frozen=True)
class Series:
    """Values by year; NaN marks a gap (lines break there)."""

    years: tuple[int, ...]
    values: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.years) != len(self.values):
            raise ValueError(f"series has {len(self.years)} years but {len(self.values)} values")


@dataclass(frozen=True)
class ChartData:
    """Everything one panel shows for one indicator."""

    id: str
    title_zh: str
    title_en: str
    base_year: int
    base: float | None
    target_year: int
    target: float | None
    target_band: tuple[float, float] | None  # the interval the printed target stands for
    plan: Series
    actuals: Series = field(default_factory=lambda: Series((), ()))
    scenarios: dict[str, Series] = field(default_factory=dict)  # name -> path to the horizon, in legend order
    scenario_names_zh: dict[str, str] = field(default_factory=dict)  # name -> its Chinese name, where it has one


@dataclass(frozen=True)
class Figure:
    """What ``plot`` draws: one panel per chart."""

    charts: tuple[ChartData, ...]


def chart_data(plan: Plan, ids: list[str], actuals: pd.DataFrame | None = None, *, to: int | None = None,
               rebase: bool = False) -> list[ChartData]:  # fmt: skip
    """One :class:`ChartData` per indicator id, in the order given (actuals as yearly values, on the plan's prices)."""
    actuals = observed.yearly(plan, actuals, rebase=rebase)
    to = to or plan.horizon_year
    ind = plan.indicators.set_index("id").loc[ids]
    path = projection.project(plan, to=plan.target_year, ids=ids)
    starts = outlook.starts(plan, actuals, ids, to)
    fans: dict[str, dict[str, Series]] = {i: {} for i in ids}
    if len(starts) and to > plan.target_year:
        for scen in plan.scenarios.values():
            values, years, _, _ = outlook.paths(plan, scen, starts, to, actuals)
            for row, ident in enumerate(starts["id"]):
                first = int(starts["start_year"].iloc[row])
                keep = years >= first
                fans[ident][scen.name] = Series(tuple(int(y) for y in years[keep]), tuple(values[row, keep]))
    target = ind["target"].to_numpy(dtype=float)
    decimals = ind["target_decimals"].astype("Float64").fillna(0).to_numpy(dtype=int)
    low, high = rounding_interval(target, decimals)
    # the band is what the printed figure may stand for, within what the quantity can be (a share ≤ 100)
    low = np.fmax(low, ind["lower"].to_numpy(dtype=float))
    high = np.fmin(high, ind["upper"].to_numpy(dtype=float))
    out = []
    for k, ident in enumerate(ids):
        row = ind.loc[ident]
        own = path[path["id"] == ident]
        if row["kind"] in (
            "period_total",
            "period_change",
        ):  # the base year holds the previous period's figure: not a start
            own = own[own["year"] > plan.base_year]
        seen = _actual_series(actuals, ident, row["kind"], plan.base_year)
        out.append(ChartData(
            id=ident,
            title_zh=f"{row['name']}（{row['unit']}）" if row["unit"] else str(row["name"]),
            title_en=f"{row['name_en']} ({row['unit_en'] or row['unit']})",
            base_year=plan.base_year,
            base=None if np.isnan(row["base"]) or row["kind"] in ("period_total", "period_change") else float(row["base"]),
            target_year=plan.target_year, target=None if np.isnan(target[k]) else float(target[k]),
            target_band=None if np.isnan(target[k]) else (float(low[k]), float(high[k])),
            plan=Series(tuple(int(y) for y in own["year"]), tuple(float(v) for v in own["value"])),
            actuals=seen, scenarios=fans[ident],
            scenario_names_zh={s.name: s.name_zh for s in plan.scenarios.values() if s.name_zh},
        ))  # fmt: skip
    return out


def _actual_series(actuals: pd.DataFrame | None, ident: str, kind: str, base_year: int) -> Series:
    if actuals is None:
        return Series((), ())
    rows = actuals[actuals["id"] == ident].sort_values("year")
    years, values = rows["year"].to_numpy(dtype=int), rows["value"].to_numpy(dtype=float)
    if kind == "period_total":  # yearly amounts → running total within the period, as the plan path shows
        keep = years > base_year
        years, values = years[keep], np.cumsum(values[keep])
    return Series(tuple(int(y) for y in years), tuple(float(v) for v in values))


def is_empty(chart: ChartData) -> bool:
    """Nothing to draw: no base, no target, no finite planned value, no actual, no scenario path."""
    finite = [v for series in (chart.plan, chart.actuals, *chart.scenarios.values()) for v in series.values
              if math.isfinite(v)]  # fmt: skip
    return chart.base is None and chart.target is None and not finite


def figure(plan: Plan, ids: list[str], actuals: pd.DataFrame | None = None, *, to: int | None = None,
           rebase: bool = False) -> Figure:  # fmt: skip
    """``plot``: one panel per indicator id, in the order given."""
    return Figure(tuple(chart_data(plan, ids, actuals, to=to, rebase=rebase)))

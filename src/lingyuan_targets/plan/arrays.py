"""A plan's indicators as typed arrays: small-integer codes and floats.

The arithmetic (rules, trajectories, the check arrays) reads these instead of
the indicator table's text columns. On a stack of 4,000 plans (100,000 rows),
comparing a column of Python strings with ``"level"`` costs about 2 ms;
comparing its int8 codes costs a few microseconds, and the codes are built
once per plan (:attr:`lingyuan_targets.plan.model.Plan.columns`).

A categorical field's code is its position in the model's list of allowed
values (:data:`~lingyuan_targets.plan.vocabulary.KINDS`, ``GROWTH_BASES``, …); a missing
value or one outside the list is ``-1`` (validation reports those).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .printed import rounding_interval
from .vocabulary import (
    BASE_SIDES,
    DIRECTIONS,
    GROWTH_BASES,
    GROWTH_BOUNDS,
    INTERPOLATIONS,
    KINDS,
    PERCENT_UNITS,
    READINGS,
)

LEVEL, SHARE, PERIOD_TOTAL, PERIOD_CHANGE, LIMIT = (list(KINDS).index(k) for k in (
    "level", "share", "period_total", "period_change", "limit"))  # fmt: skip
ANNUAL, CUMULATIVE = GROWTH_BASES.index("annual"), GROWTH_BASES.index("cumulative")
RELATIVE, POINTS, ABSOLUTE = (READINGS.index(r) for r in ("relative", "points", "absolute"))
GEOMETRIC, LINEAR = INTERPOLATIONS.index("geometric"), INTERPOLATIONS.index("linear")
AT_LEAST, AT_MOST = DIRECTIONS.index("at_least"), DIRECTIONS.index("at_most")
#: a target that is a range (1至2名, 130–140亿元): ``target`` to ``target_high``
TARGET_RANGE = DIRECTIONS.index("range")
#: the side of a printed base (42%以上: BASE_AT_LEAST); a plain figure is BASE_EQUAL
BASE_EQUAL, BASE_AT_LEAST, BASE_AT_MOST = (BASE_SIDES.index(b) for b in ("equal", "at_least", "at_most"))
#: the side of a growth figure (年均增长10%以上: FLOOR; 以内: CEILING; 6%–7%: RANGE; plain or 左右: EQUAL, ABOUT)
EQUAL, FLOOR, CEILING, ABOUT, RANGE = (
    GROWTH_BOUNDS.index(b) for b in ("equal", "at_least", "at_most", "about", "range")
)


def filled(n: int, value: object) -> np.ndarray:
    """An object array of ``n`` references to ``value``: ``np.full(n, "text", dtype=object)`` makes ``n`` copies of
    the text, one Python string per cell (about 40 ns each), where this stores one.

    >>> filled(3, "equal").tolist()
    ['equal', 'equal', 'equal']
    """
    out = np.empty(n, dtype=object)
    out.fill(value)
    return out


def encode(values: pd.Series, vocabulary: tuple[str, ...] | list[str]) -> np.ndarray:
    """Each value's position in ``vocabulary`` as int8; ``-1`` for a missing or unknown value.

    Hashes each row once (``pd.factorize``), then maps the few distinct values.

    >>> encode(pd.Series(["share", None, "level", "bogus"]), ("level", "share")).tolist()
    [1, -1, 0, -1]
    """
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)  # object: 2x faster than str
    position = {v: i for i, v in enumerate(vocabulary)}
    lookup = np.array([position.get(u, -1) for u in uniques] + [-1], dtype=np.int8)  # last: the NA sentinel
    return lookup[codes]


def _floats(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype=float, na_value=np.nan)


def _decimals(values: pd.Series) -> np.ndarray:
    return values.astype("Float64").fillna(0).to_numpy(dtype=float)


@dataclass(frozen=True, eq=False)
class Columns:
    """The indicator table's fields the arithmetic reads, one array each (same row order).

    ``kind, basis, reading, interp, direction, bound, base_side``: int8 codes (see the module
    docstring); ``percent``: the unit is a percent unit; ``base, target,
    growth, high, target_high, lower, upper``: floats (NaN where not printed; ``high`` the upper
    end of a growth range, ``target_high`` of a target range); ``base_dec, target_dec, growth_dec``: decimals printed
    (0 where unknown); ``n``: each indicator's period in years (its target year
    less its base year); ``offset``: the years its base year lies before the
    plan's (0 for most).
    """

    kind: np.ndarray
    basis: np.ndarray
    reading: np.ndarray
    interp: np.ndarray
    direction: np.ndarray
    percent: np.ndarray
    base: np.ndarray
    target: np.ndarray
    growth: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    base_dec: np.ndarray
    target_dec: np.ndarray
    growth_dec: np.ndarray
    bound: np.ndarray
    base_side: np.ndarray
    high: np.ndarray
    target_high: np.ndarray
    n: np.ndarray
    offset: np.ndarray

    def __len__(self) -> int:
        return len(self.kind)

    def take(self, rows: np.ndarray) -> Columns:
        """The arrays of the rows at positions ``rows``, in that order."""
        return Columns(**{name: getattr(self, name)[rows] for name in self.__dataclass_fields__})


def _years(ind: pd.DataFrame, column: str, default: int | None) -> np.ndarray:
    values = ind[column].astype("Float64") if column in ind else pd.Series(pd.NA, index=ind.index, dtype="Float64")
    if default is not None:
        values = values.fillna(default)
    return values.to_numpy(dtype=float, na_value=np.nan)


def columns(ind: pd.DataFrame, base_year: int | None = None, target_year: int | None = None) -> Columns:
    """The typed arrays of an indicator table (columns as in :data:`~lingyuan_targets.plan.vocabulary.INDICATOR_COLUMNS`).

    ``base_year`` and ``target_year`` are the plan's, for the rows that give none of their own.
    """
    row_base, row_target = _years(ind, "base_year", base_year), _years(ind, "target_year", target_year)
    bound = encode(ind["growth_bound"], GROWTH_BOUNDS) if "growth_bound" in ind else np.zeros(len(ind), dtype=np.int8)
    return Columns(
        kind=encode(ind["kind"], list(KINDS)), basis=encode(ind["growth_basis"], GROWTH_BASES),
        reading=encode(ind["growth_reading"], READINGS), interp=encode(ind["interpolation"], INTERPOLATIONS),
        direction=encode(ind["direction"], DIRECTIONS),
        percent=encode(ind["unit"], PERCENT_UNITS) >= 0,
        base=_floats(ind["base"]), target=_floats(ind["target"]), growth=_floats(ind["growth_value"]),
        lower=_floats(ind["lower"]), upper=_floats(ind["upper"]),
        base_dec=_decimals(ind["base_decimals"]), target_dec=_decimals(ind["target_decimals"]),
        growth_dec=_decimals(ind["growth_decimals"]),
        bound=np.where(bound < 0, EQUAL, bound).astype(np.int8),
        base_side=np.maximum(encode(ind["base_side"], BASE_SIDES), BASE_EQUAL).astype(np.int8)
        if "base_side" in ind else np.zeros(len(ind), dtype=np.int8),
        high=_floats(ind["growth_high"]) if "growth_high" in ind else np.full(len(ind), np.nan),
        target_high=_floats(ind["target_high"]) if "target_high" in ind else np.full(len(ind), np.nan),
        n=row_target - row_base,
        offset=(base_year - row_base + 0.0) if base_year is not None else np.zeros(len(ind)),
    )  # fmt: skip


def base_interval(base: np.ndarray, decimals: np.ndarray, side: np.ndarray, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """The values a printed base stands for: its rounding interval, open above for a base printed as at least
    (42%以上: [41.5, ∞)) and below for one printed as at most."""
    lo, hi = rounding_interval(base, decimals, mode)
    return np.where(side == BASE_AT_MOST, -np.inf, lo), np.where(side == BASE_AT_LEAST, np.inf, hi)

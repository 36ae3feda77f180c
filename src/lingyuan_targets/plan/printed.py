"""Printed numbers: their precision, and half-up rounding for display.

A number in the plan stands for the interval its rounding covers: ``150.2``
has one decimal and means [150.15, 150.25). The loader keeps every number as
a :class:`decimal.Decimal` until the precision has been recorded, and display
rounds half up (四舍五入), as statistical offices do. Python's :func:`round`
and :func:`numpy.round` round half to even and are not used for anything
printed.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import numpy as np


def _quiet(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` without numpy's overflow warnings: a value with hundreds of printed decimals (1e-300) scales past the
    float range, the comparisons of the infinities that gives are still right, and the warning would only reach the
    user's terminal. A fresh ``errstate`` for every call (one shared instance is not reentrant on every numpy)."""

    @functools.wraps(fn)
    def quiet(*args: Any, **kwargs: Any) -> Any:
        with np.errstate(over="ignore", invalid="ignore"):
            return fn(*args, **kwargs)

    return quiet


def plain(value: object) -> object:
    """A JSON/CSV-safe scalar: numpy scalars become Python ones; NaN, inf, NA and NaT become None."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def clean(value: Any) -> Any:
    """:func:`plain`, answering the common cells (text, whole numbers, finite floats) without a call.

    Tables of many plans have millions of cells.
    """
    kind = type(value)
    if kind is str or kind is int:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    return plain(value)


def decimals_of(value: Decimal) -> int:
    """Number of decimals a printed number carries (``Decimal("242")`` → 0, ``"20.6"`` → 1).

    >>> decimals_of(Decimal("0.51")), decimals_of(Decimal("242"))
    (2, 0)
    """
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or infinity
        raise ValueError(f"{value} is not a finite number")
    return max(0, -exponent)


def _quantize(value: float, decimals: int) -> Decimal:
    # repr() gives the shortest string that round-trips, i.e. the number a
    # reader sees; rounding that string half up avoids the binary artefact of
    # 2.675 being stored as 2.67499999...
    exp = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(exp, rounding=ROUND_HALF_UP)


def format_half_up(value: float | None, decimals: int) -> str:
    """Format ``value`` with ``decimals`` decimals, rounding half up; NaN/None → ``""``.

    >>> format_half_up(26831.65, 0), format_half_up(2.45, 1), format_half_up(2.675, 2)
    ('26832', '2.5', '2.68')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        text = _quantize(value, max(0, int(decimals)))
    except (InvalidOperation, ValueError, OverflowError):
        return str(value)
    if text == 0:
        text = abs(text)  # no "-0.0"
    return f"{text:f}"


def round_half_up(values: Iterable[float] | float, decimals: int | Iterable[int] = 0) -> np.ndarray:
    """Round half up, element-wise, returning floats (NaN stays NaN).

    ``decimals`` may be a scalar or one per value.

    >>> round_half_up([26831.65, 2.45, -2.5], [0, 1, 0]).tolist()
    [26832.0, 2.5, -3.0]

    Note that half *up* means away from zero for negatives, as ``decimal.ROUND_HALF_UP``.
    """
    arr = np.atleast_1d(np.asarray(values, dtype=float))
    dec = np.broadcast_to(np.asarray(decimals, dtype=int), arr.shape)
    out = np.full(arr.shape, np.nan)
    for i, (v, d) in enumerate(zip(arr.tolist(), dec.tolist())):  # display path only
        if math.isfinite(v):
            out[i] = float(_quantize(v, d))
    return out


ROUNDING_MODES = ("half-up", "half-even", "truncate")


def rounding_interval(values, decimals, mode: str = "half-up") -> tuple[np.ndarray, np.ndarray]:
    """The interval of true values a printed number stands for, element-wise.

    ``half-up`` and ``half-even``: [x − h, x + h] with h half a unit of the last
    printed place (150.2 → [150.15, 150.25]; the upper end is open under half-up,
    which only matters on exact ties and is ignored here); ``truncate``: the
    digits were cut, so [x, x + 2h] for x ≥ 0 and [x − 2h, x] for x < 0.

    >>> lo, hi = rounding_interval([150.2, 10], [1, 0])
    >>> lo.tolist(), hi.tolist()
    ([150.15, 9.5], [150.25, 10.5])
    """
    x = np.asarray(values, dtype=float)
    h = 0.5 * 10.0 ** (-np.asarray(decimals, dtype=float))
    if mode == "truncate":
        lo = np.where(x >= 0, x, x - 2 * h)
        hi = np.where(x >= 0, x + 2 * h, x)
    else:
        lo, hi = x - h, x + h
    return np.round(lo, 12), np.round(hi, 12)


@_quiet
def _scaled(values: Any, decimals: Any, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Values in units of their last printed place, rounded as ``mode`` says, and the scale."""
    v = np.asarray(values, dtype=float)
    scale = 10.0 ** np.asarray(decimals, dtype=float)
    scaled = np.round(v * scale, 6)  # binary noise cleaned at 1e-6 of the last place: 2.675 is a tie
    if mode == "half-up":
        return np.sign(scaled) * np.floor(np.abs(scaled) + 0.5), scale
    if mode == "half-even":
        return np.round(scaled), scale
    return np.trunc(scaled), scale


@_quiet
def rounds_to(values: Any, printed: Any, decimals: Any, mode: str = "half-up") -> np.ndarray:
    """Whether each computed value, rounded as ``mode`` says, prints as ``printed``.

    Vectorised; values are first cleaned of binary noise at 1e-6 of the last
    place, so 2.675 counts as a tie as a reader would see it.

    >>> rounds_to([241.8986, 57.33], [242, 60], [0, 0]).tolist()
    [True, False]
    """
    rounded, scale = _scaled(values, decimals, mode)
    return np.isclose(rounded, np.round(np.asarray(printed, dtype=float) * scale, 6), rtol=0, atol=1e-6)


@_quiet
def rounds_at_least(values: Any, printed: Any, decimals: Any, mode: str = "half-up") -> np.ndarray:
    """Whether each computed value, rounded, prints as ``printed`` or more (a floor reached as a reader sees it)."""
    rounded, scale = _scaled(values, decimals, mode)
    return rounded >= np.round(np.asarray(printed, dtype=float) * scale, 6) - 1e-6


@_quiet
def rounds_at_most(values: Any, printed: Any, decimals: Any, mode: str = "half-up") -> np.ndarray:
    """Whether each computed value, rounded, prints as ``printed`` or less."""
    rounded, scale = _scaled(values, decimals, mode)
    return rounded <= np.round(np.asarray(printed, dtype=float) * scale, 6) + 1e-6


def rounds_between(low: Any, high: Any, printed: Any, decimals: Any, mode: str = "half-up") -> np.ndarray:
    """Whether ``printed`` lies between ``low`` and ``high``, each rounded as a reader sees it.

    >>> rounds_between([56.2], [58.9], [57], [0]).tolist(), rounds_between([56.2], [58.9], [60], [0]).tolist()
    ([True], [False])
    """
    return rounds_at_least(high, printed, decimals, mode) & rounds_at_most(low, printed, decimals, mode)

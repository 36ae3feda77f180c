"""Printed numbers: their precision, and half-up rounding for display.

A number in the plan stands for the interval its rounding covers: ``150.2``
has one decimal and means [150.15, 150.25). The loader keeps every number as
a :class:`decimal.Decimal` until the precision has been recorded, and display
rounds half up (四舍五入), as statistical offices do. Python's :func:`round`
and :func:`numpy.round` round half to even and are not used for anything
printed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import numpy as np


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


def half_width(decimals: int) -> float:
    """Half the rounding unit of a number printed with ``decimals`` decimals (1 → 0.05)."""
    return 0.5 * 10.0 ** (-decimals)

"""Half-up rounding and printed precision."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from lingyuan_targets.plan.printed import decimals_of, format_half_up, round_half_up


def test_half_up_where_round_half_even_differs():
    """26831.65 → 26832 and 2.45 → 2.5 (四舍五入); Python's round() gives 26832 and 2.5 only by luck or not at all."""
    assert format_half_up(26831.65, 0) == "26832"
    assert format_half_up(2.45, 1) == "2.5"
    assert format_half_up(0.5, 0) == "1" and round(0.5) == 0  # round() is half-even
    assert format_half_up(2.5, 0) == "3" and round(2.5) == 2
    assert format_half_up(2.675, 2) == "2.68"  # the binary value is 2.67499999…, the printed one 2.675


def test_rural_income_target_rounds_half_up():
    """15225 × 1.12**5 = 26831.652… prints as 26832, the table's target."""
    value = 15225 * 1.12**5
    assert abs(value - 26831.652127) < 1e-6
    assert format_half_up(value, 0) == "26832"


def test_negative_and_missing():
    """Half up rounds away from zero for negatives; NaN prints empty; no '-0'."""
    assert format_half_up(-2.5, 0) == "-3"
    assert format_half_up(float("nan"), 1) == ""
    assert format_half_up(-0.04, 1) == "0.0"


def test_decimals_of_printed_numbers():
    """242 has no decimals, 20.6 one, 0.51 two, 1.50 two (a trailing zero counts)."""
    assert [decimals_of(Decimal(t)) for t in ("242", "20.6", "0.51", "1.50")] == [0, 1, 2, 2]


def test_round_half_up_vectorised_with_per_value_decimals():
    """Arrays round element-wise with their own decimals; NaN stays NaN."""
    out = round_half_up([26831.65, 2.45, np.nan], [0, 1, 2])
    assert out[:2].tolist() == [26832.0, 2.5] and np.isnan(out[2])


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=4))
def test_exact_halves_round_away_from_zero(n, d):
    """k + 0.5 units of the last place always round up in magnitude (checked with Decimal text)."""
    text = f"{n}.{'0' * d}5" if d else f"{n}.5"
    value = float(text)
    expected = Decimal(text).quantize(Decimal(1).scaleb(-d), rounding="ROUND_HALF_UP")
    if Decimal(repr(value)) == Decimal(text):  # only values a float represents as printed
        assert format_half_up(value, d) == f"{expected:f}"

"""The typed arrays the arithmetic reads (int8 codes for text fields) say what the indicator table says."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lingyuan_targets.engine import projection
from lingyuan_targets.plan import vocabulary as model
from lingyuan_targets.plan.arrays import encode

from .conftest import synthetic_plan

WORDS = ("level", "share", "period_total", "limit", "Level", "bogus", "")


@given(st.lists(st.one_of(st.sampled_from(WORDS), st.none(), st.just(np.nan)), max_size=60))
@settings(max_examples=200, deadline=None)
def test_encode_is_the_position_in_the_vocabulary(values):
    """Each value's code is its index in the vocabulary; missing, unknown or differently cased values are -1."""
    vocabulary = ("level", "share", "period_total")
    expected = [vocabulary.index(v) if isinstance(v, str) and v in vocabulary else -1 for v in values]
    got = encode(pd.Series(values, dtype=object), vocabulary)
    assert got.dtype == np.int8 and got.tolist() == expected


@pytest.mark.parametrize("field,column,vocabulary", [
    ("kind", "kind", list(model.KINDS)), ("basis", "growth_basis", model.GROWTH_BASES),
    ("reading", "growth_reading", model.READINGS), ("interp", "interpolation", model.INTERPOLATIONS),
    ("direction", "direction", model.DIRECTIONS),
])  # fmt: skip
def test_codes_decode_to_the_table(plan, field, column, vocabulary):
    """Decoding the embedded plan's codes gives its text back, row by row (None where the table has none)."""
    codes = getattr(plan.columns, field)
    table = plan.indicators[column].tolist()
    decoded = [vocabulary[k] if k >= 0 else None for k in codes.tolist()]
    assert decoded == [v if isinstance(v, str) and v in vocabulary else None for v in table]
    assert (codes >= 0).any()  # the plan uses the field


def test_numbers_and_percent_units_match_the_table(plan):
    c, ind = plan.columns, plan.indicators
    for name, column in (("base", "base"), ("target", "target"), ("growth", "growth_value"), ("lower", "lower"),
                         ("upper", "upper")):  # fmt: skip
        np.testing.assert_array_equal(getattr(c, name), ind[column].to_numpy(dtype=float))
    assert c.percent.tolist() == [u in model.PERCENT_UNITS for u in ind["unit"]]
    assert c.target_dec.tolist() == [0.0 if pd.isna(d) else float(d) for d in ind["target_decimals"]]
    assert len(c) == len(ind)


def test_columns_are_built_once_per_plan(plan):
    assert plan.columns is plan.columns
    fresh = replace(plan)
    assert fresh.columns is not plan.columns
    np.testing.assert_array_equal(fresh.columns.kind, plan.columns.kind)


@given(st.data())
@settings(max_examples=40, deadline=None)
def test_rules_of_a_selection_are_the_rules_of_those_rows(plan, data):
    """Rules on a few ids (their own arrays) equal the same rows of the rules on all (the plan's arrays)."""
    ids = data.draw(st.lists(st.sampled_from(list(plan.indicators["id"])), min_size=1, max_size=8, unique=True))
    every = projection.rules(plan).set_index("id").loc[ids].reset_index()
    some = projection.rules(plan, ids)
    pd.testing.assert_frame_equal(some, every)


def test_a_share_crossing_its_bound_by_hand(plan):
    """A share at 98 gaining 5 points over five years: 98 + 1·t crosses 100 in 2023 (t = 3), shown at 100, marked."""
    p = synthetic_plan(plan, [{"kind": "share", "unit": "%", "base": 98.0, "target": np.nan, "growth_basis": "cumulative",
                              "growth_value": 5.0, "growth_reading": "points", "lower": 0.0, "upper": 100.0}])  # fmt: skip
    paths = projection.trajectories(p, to=2035)
    assert paths.values[0, :3].tolist() == [98.0, 99.0, 100.0]  # 98 + 1 · 2 = 100 is at the bound, not over it
    assert (paths.values[0, 3:] == 100.0).all()
    assert paths.over[0].tolist() == [False] * 3 + [True] * 13 and paths.first_over[0] == 2023


def _mode_by_hand(row) -> str:
    """The mode the projection docstring describes, decided for one row in plain Python."""
    has = {k: not pd.isna(row[k]) for k in ("base", "target", "growth_value")}
    kind, basis, reading = row["kind"], row["growth_basis"], row["growth_reading"]
    if kind in ("level", "share"):
        stated = basis == "annual" or (basis == "cumulative" and reading in ("relative", "points", "absolute"))
        if not has["base"] and not (stated and has["target"]):
            return "none"  # no start: neither a base nor one a target and a rule imply
        if basis == "annual" or (basis == "cumulative" and reading == "relative"):
            return "geometric"
        if basis == "cumulative" and reading in ("points", "absolute"):
            return "linear"
        if has["base"] and has["target"] and row["interpolation"] == "geometric":
            return "geometric" if row["base"] > 0 and row["target"] > 0 else "none"
        if has["base"] and has["target"] and row["interpolation"] == "linear":
            return "linear"
        return "none"
    if kind in ("period_total", "period_change") and has["target"]:
        return kind
    if kind == "limit" and (has["target"] or has["base"]):
        return "hold"
    return "none"


def test_modes_are_the_rules_decided_row_by_row(plan):
    """rule_arrays' int8 modes equal a row-by-row reading of the rules, on the plan and on rows made to cover
    every branch (no base, no target, non-positive values, each reading and interpolation)."""
    rows = [{"kind": k, "growth_basis": b, "growth_reading": r, "interpolation": i, "base": base, "target": t}
            for k in ("level", "share", "period_total", "period_change", "limit")
            for b, r in (("annual", np.nan), ("cumulative", "relative"), ("cumulative", "points"),
                         ("cumulative", "absolute"), ("cumulative", "unresolved"), ("none", np.nan))
            for i in ("geometric", "linear")
            for base, t in ((10.0, 12.0), (np.nan, 12.0), (10.0, np.nan), (np.nan, np.nan), (-1.0, 5.0))]  # fmt: skip
    made = synthetic_plan(plan, [{**r, "growth_value": 5.0} for r in rows])
    for p in (plan, made):
        ra = projection.rule_arrays(p.columns)
        assert [projection.MODES[k] for k in ra["mode"].tolist()] == [_mode_by_hand(r) for r in p.records]
    assert {_mode_by_hand(r) for r in made.records} == set(projection.MODES)


def test_no_negative_zero_in_projections(plan):
    """A base printed -0 projects as 0.0, never -0.0 (np.clip used to decide that by array size)."""
    for n in (1, 8):
        p = synthetic_plan(plan, [{"base": -0.0, "target": 7.25, "growth_basis": "cumulative", "growth_value": 0.25,
                                   "growth_reading": "absolute"}] * n)  # fmt: skip
        values = projection.trajectories(p, to=2021).values
        assert values[:, 0].tolist() == [0.0] * n and not np.signbit(values[:, 0]).any()


def test_rows_of_a_long_stack_are_the_rows_of_a_plan(plan, monkeypatch):
    """rows_at picks from Plan.records for a plan and converts the rows asked for in a long stack: the same
    dicts, in the order asked."""
    from lingyuan_targets.checks import findings

    positions = np.array([40, 3, 150, 0, 77])
    small = findings.rows_at(plan, positions)
    monkeypatch.setattr(findings, "SMALL_PLAN", 0)  # as if the plan were a stack of thousands
    long = findings.rows_at(plan, positions)
    assert [r["id"] for r in long] == list(plan.indicators["id"].to_numpy()[positions])
    assert long == small or all(
        set(a) == set(b) and all(a[k] == b[k] or (pd.isna(a[k]) and pd.isna(b[k])) for k in a)
        for a, b in zip(long, small)
    )
    mask = np.zeros(len(plan.indicators), dtype=bool)
    mask[[5, 9]] = True
    assert [r["id"] for r in findings.rows_at(plan, mask)] == list(plan.indicators["id"].iloc[[5, 9]])


def test_records_are_the_tables_rows_as_to_dict_gives_them(plan):
    """Plan.records (built column by column) equals pandas' to_dict("records"), value for value and type for type."""
    import math

    expected = plan.indicators.to_dict("records")
    assert len(plan.records) == len(expected) == len(plan.indicators)
    for got, want in zip(plan.records, expected):
        assert list(got) == list(want)
        for key in want:
            a, b = got[key], want[key]
            assert type(a) is type(b), key
            assert a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)), key
    assert any(r["growth_decimals"] is None for r in plan.records)  # a missing integer is None, not pd.NA


def test_rules_at_positions_are_the_rules_of_those_ids(plan):
    rows = np.array([7, 0, 42, len(plan.indicators) - 1])
    ids = list(plan.indicators["id"].to_numpy()[rows])
    pd.testing.assert_frame_equal(projection.rules_at(plan, rows), projection.rules(plan, ids))

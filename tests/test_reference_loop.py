"""The benchmark's baseline loop computes what the engine computes (else its speed ratio would mean nothing)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lingyuan_targets.checks.runner import check_stack
from lingyuan_targets.engine.many import project_stack
from lingyuan_targets.io.plantable import frame_to_stacks
from lingyuan_targets.io.synthetic import PER_PLAN, plans_table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from reference_loop import parse_rows, reference_loop


def _engine(table):
    stacks = frame_to_stacks(table)
    results = sorted((rep.plan, f.ids[0], f.code, f.verdict) for s in stacks
                     for rep in check_stack(s, passes=True) for f in rep.results)  # fmt: skip
    wide = project_stack(stacks[0], to=2035)
    return results, wide[list(range(2020, 2036))].to_numpy(dtype=float)


@settings(max_examples=8, deadline=None)
@given(n_plans=st.integers(1, 30), seed=st.integers(0, 10_000))
def test_loop_gives_the_engines_results_and_values(n_plans, seed):
    """Same (plan, id, code, verdict) for every check, and the same values 2020–2035 to 1e-12 (numpy's pow may
    differ from Python's in the last bit)."""
    table = plans_table(n_plans, seed=seed)
    results, values = _engine(table)
    verdicts, paths = reference_loop(parse_rows(table.to_dict("records")))
    assert sorted(verdicts) == results
    loop = np.array(paths)
    assert loop.shape == values.shape == (n_plans * PER_PLAN, 16)
    np.testing.assert_allclose(loop, values, rtol=1e-12, atol=0, equal_nan=True)


def test_loop_by_hand():
    """One level at 10% a year: 150.2 · 1.1**5 = 150.2 · 1.61051 = 241.8986…, printed 242 → exact; 2035 = 150.2 · 1.1**15."""
    row = {"plan": "p", "id": "gdp", "kind": "level", "unit": "亿元", "direction": "at_least", "base": "150.2",
           "target": "242", "growth_basis": "annual", "growth_value": "10", "growth_reading": ""}  # fmt: skip
    verdicts, paths = reference_loop(parse_rows([row]))
    assert verdicts == [("p", "gdp", "target-rule-exact", "exact")]
    assert paths[0][5] == pytest.approx(150.2 * 1.61051) == pytest.approx(241.898602)
    assert paths[0][15] == pytest.approx(150.2 * 1.1**15)
    # a share at 98 gaining 1 point a year crosses 100 in 2023 and stays there
    share = {**row, "id": "cover", "kind": "share", "unit": "%", "base": "98", "target": "99", "growth_basis": "cumulative",
             "growth_value": "5", "growth_reading": "points"}  # fmt: skip
    verdicts, paths = reference_loop(parse_rows([share]))
    assert ("p", "cover", "target-rule-inconsistent", "inconsistent") in verdicts  # 98 + 5 = 103, not 99
    assert ("p", "cover", "continuation-crosses-bound", "crosses-bound") in verdicts
    assert paths[0][2] == 98 + 2 * 1.0 and paths[0][3] == 100.0 and not any(math.isnan(v) for v in paths[0])

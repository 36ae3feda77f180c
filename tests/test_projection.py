"""The projection engine, against values worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lingyuan_targets import implied_baselines, implied_rates, project, project_wide
from lingyuan_targets.engine.projection import resolve_scenario
from lingyuan_targets.plan.errors import ScenarioError, UnknownIndicatorError

from .conftest import synthetic_plan


def values(plan, ident, to=2035, scenario="continue"):
    long = project(plan, to=to, scenario=scenario, ids=[ident])
    return dict(zip(long["year"], long["value"]))


def test_gdp_compounds_at_stated_rate(plan):
    """GDP: 150.2 × 1.1**t; 2025 = 150.2 × 1.61051 = 241.898602, not the printed 242."""
    v = values(plan, "gdp", to=2025)
    assert v[2020] == pytest.approx(150.2)
    assert v[2021] == pytest.approx(165.22)
    assert v[2025] == pytest.approx(241.898602, abs=1e-6)


def test_rural_income_reaches_its_target_after_rounding(plan):
    """15225 × 1.12**5 = 26831.652, which prints as the table's 26832."""
    assert values(plan, "rural-income", to=2025)[2025] == pytest.approx(26831.652127, abs=1e-6)


def test_relative_cumulative_change_is_geometric(plan):
    """R&D intensity 1.5 with 累计 +67%: 2025 = 1.5 × 1.67 = 2.505; 2021 = 1.5 × 1.67**(1/5) = 1.662014."""
    v = values(plan, "rd-intensity", to=2025)
    assert v[2025] == pytest.approx(2.505)
    assert v[2021] == pytest.approx(1.5 * 1.67**0.2) and v[2021] == pytest.approx(1.662014, abs=1e-6)


def test_points_are_spread_linearly(plan):
    """Broadband 33% + 27 points: 5.4 points a year, 38.4 in 2021, 60 in 2025."""
    v = values(plan, "broadband-penetration", to=2025)
    assert [round(v[y], 9) for y in range(2020, 2026)] == [33.0, 38.4, 43.8, 49.2, 54.6, 60.0]


def test_absolute_change_is_linear(plan):
    """PM2.5 43 with 累计 -8 (µg/m³): 1.6 a year down, 35 in 2025."""
    v = values(plan, "pm25", to=2025)
    assert v[2021] == pytest.approx(41.4) and v[2025] == pytest.approx(35.0)


def test_target_without_rate_follows_implied_path(plan):
    """Good-air days 80 → 85 with no rate, a share: linear, +1 point a year.
    Life expectancy 77.5 → 79.5, a level whose 累计 figure fits no reading: geometric, (79.5/77.5)**(1/5)."""
    air = values(plan, "good-air-days", to=2025)
    assert [air[y] for y in (2021, 2023, 2025)] == pytest.approx([81.0, 83.0, 85.0])
    life = values(plan, "life-expectancy", to=2025)
    assert life[2021] == pytest.approx(77.5 * (79.5 / 77.5) ** 0.2)
    assert life[2025] == pytest.approx(79.5)


def test_period_total_runs_within_each_period(plan):
    """New urban jobs: 2 (万人) over 2021-25 → 0.4 a year; 2020 shows the 2016-20 total 1.3; 2026 restarts at 0.4."""
    v = values(plan, "urban-new-jobs")
    assert v[2020] == pytest.approx(1.3)
    assert [v[y] for y in (2021, 2025, 2026, 2030, 2035)] == pytest.approx([0.4, 2.0, 0.4, 2.0, 2.0])


def test_period_change_is_cumulative_geometric(plan):
    """Energy intensity down 12% over five years: after one year 1 − 0.88**(1/5) = 2.5243%."""
    v = values(plan, "energy-intensity-reduction", to=2025)
    assert v[2021] == pytest.approx(100 * (1 - 0.88**0.2)) and v[2021] == pytest.approx(2.524261, abs=1e-6)
    assert v[2025] == pytest.approx(12.0)


def test_limit_holds(plan):
    """Surface water ≥ 100%: the bound itself every year."""
    assert set(values(plan, "surface-water-class-iii").values()) == {100.0}


def test_doubling_scenario_reaches_twice_2020(plan):
    """GDP doubling: 2035 = 2 × 150.2 = 300.4, from 241.8986 in 2025 at (300.4 / 241.8986)**(1/10) − 1 = 2.1896%."""
    wide = project_wide(plan, to=2035, scenario="doubling", ids=["gdp"]).iloc[0]
    assert wide[2035] == pytest.approx(300.4)
    assert wide["scenario_rate"] == pytest.approx(((300.4 / (150.2 * 1.1**5)) ** 0.1 - 1) * 100)
    assert wide["scenario_rate"] == pytest.approx(2.18959, abs=1e-5)
    assert wide["scenario"] == "doubling"


def test_doubling_applies_only_to_tagged_levels(plan):
    """Life expectancy is a level but not output or income: it continues, and says so."""
    wide = project_wide(plan, to=2035, scenario="doubling", ids=["life-expectancy", "rural-income"])
    assert list(wide["scenario"]) == ["continue", "doubling"]
    assert wide.iloc[1][2035] == pytest.approx(2 * 15225)


def test_user_rate_scenario(plan):
    """rate:3 → GDP 2035 = 150.2 × 1.1**5 × 1.03**10 = 325.0915."""
    v = values(plan, "gdp", scenario="rate:3")
    assert v[2035] == pytest.approx(150.2 * 1.1**5 * 1.03**10) and v[2035] == pytest.approx(325.09149, abs=1e-4)


def test_share_saturates_at_100_and_says_so(plan):
    """Broadband continues at +5.4 points a year: 60 + 5.4 × 8 = 103.2 > 100 in 2033, so it stops at 100."""
    long = project(plan, to=2035, ids=["broadband-penetration"]).set_index("year")
    assert long.loc[2032, "value"] == pytest.approx(60 + 5.4 * 7) and not long.loc[2032, "saturated"]
    assert long.loc[2033, "value"] == 100.0 and long.loc[2033, "saturated"]
    wide = project_wide(plan, to=2035, ids=["broadband-penetration"]).iloc[0]
    assert wide["saturates_in"] == 2033


def test_implied_rate_and_baseline(plan):
    """GDP implied rate (242/150.2)**(1/5) − 1 = 10.0092%; tourism 66 at 10% a year implies 66 / 1.61051 = 40.9808."""
    rates = implied_rates(plan, ["gdp"]).iloc[0]
    assert rates["implied_rate"] == pytest.approx(((242 / 150.2) ** 0.2 - 1) * 100)
    assert rates["implied_rate"] == pytest.approx(10.00922, abs=1e-5)
    base = implied_baselines(plan).set_index("id")
    assert base.loc["tourism-revenue", "implied_base"] == pytest.approx(66 / 1.1**5)
    assert base.loc["tourism-revenue", "implied_base"] == pytest.approx(40.98081, abs=1e-5)


def test_phase_and_scenario_columns(plan):
    """Base, plan and outlook phases; only outlook rows name a scenario."""
    long = project(plan, to=2030, scenario="doubling", ids=["gdp"]).set_index("year")
    assert long.loc[2020, "phase"] == "base" and long.loc[2025, "phase"] == "plan"
    assert long.loc[2026, "phase"] == "outlook" and long.loc[2026, "scenario"] == "doubling"
    assert long.loc[2025, "scenario"] == ""


def test_unknown_ids_and_scenarios_are_errors(plan):
    """A wrong id or scenario raises with the choices named."""
    with pytest.raises(UnknownIndicatorError, match="nope"):
        project(plan, ids=["nope"])
    with pytest.raises(ScenarioError, match="doubling"):
        resolve_scenario(plan, "triple")


def test_every_indicator_projects_without_error(plan):
    """All 157 indicators project to 2035 under each named scenario; no infinities."""
    for name in plan.scenarios:
        long = project(plan, to=2035, scenario=name)
        assert len(long) == len(plan.indicators) * 16
        assert not np.isinf(long["value"]).any()


# ---------------------------------------------------------------- properties
rate = st.floats(min_value=-30, max_value=60, allow_nan=False)
level = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)


@given(base=level, r=rate)
@settings(max_examples=200, deadline=None)
def test_rate_target_implied_rate_round_trip(plan, base, r):
    """base → target = base·(1+r)**5 → implied rate gives r back."""
    target = base * (1 + r / 100) ** 5
    p = synthetic_plan(plan, [{"base": base, "target": target, "growth_basis": "annual", "growth_value": r}])
    got = implied_rates(p).iloc[0]["implied_rate"]
    assert got == pytest.approx(r, abs=1e-7)
    assert values(p, "x0", to=2025)[2025] == pytest.approx(target, rel=1e-12)


@given(base=st.floats(min_value=0, max_value=100), step=st.floats(min_value=-40, max_value=40),
       r=st.floats(min_value=-50, max_value=200))  # fmt: skip
@settings(max_examples=200, deadline=None)
def test_bounded_paths_stay_in_bounds(plan, base, step, r):
    """A share never leaves [0, 100], whatever the rule and scenario."""
    rows = [
        {"kind": "share", "base": base, "target": np.nan, "growth_basis": "cumulative", "growth_value": step * 5,
         "growth_reading": "points", "lower": 0.0, "upper": 100.0},
        {"kind": "share", "base": max(base, 0.01), "target": np.nan, "growth_basis": "annual", "growth_value": r,
         "lower": 0.0, "upper": 100.0},
    ]  # fmt: skip
    p = synthetic_plan(plan, rows)
    for scenario in ("continue", "rate:7"):
        long = project(p, to=2035, scenario=scenario)
        vals = long["value"].to_numpy()
        assert ((vals >= 0) & (vals <= 100)).all()


@given(base=level, r=st.floats(min_value=0.01, max_value=50))
@settings(max_examples=100, deadline=None)
def test_trajectory_monotone_where_rule_is(plan, base, r):
    """A positive annual rate gives a strictly increasing path; a negative one a decreasing path."""
    p = synthetic_plan(plan, [
        {"base": base, "target": np.nan, "growth_basis": "annual", "growth_value": r},
        {"base": base, "target": np.nan, "growth_basis": "annual", "growth_value": -r},
    ])  # fmt: skip
    long = project(p, to=2035)
    up = long[long["id"] == "x0"]["value"].to_numpy()
    down = long[long["id"] == "x1"]["value"].to_numpy()
    assert (np.diff(up) > 0).all() and (np.diff(down) < 0).all()


@given(base=level, target=level)
@settings(max_examples=100, deadline=None)
def test_implied_path_hits_target(plan, base, target):
    """With no stated rate, the geometric path goes from base to exactly the target in 2025."""
    p = synthetic_plan(plan, [{"base": base, "target": target, "growth_basis": "none", "growth_value": np.nan}])
    v = values(p, "x0", to=2025)
    assert v[2025] == pytest.approx(target, rel=1e-9)
    assert math.isclose(v[2020], base)


def test_vectorised_core_has_no_indicator_loop():
    """The trajectory maths iterates over no indicator: numpy arrays only (text rendering aside)."""
    import inspect

    from lingyuan_targets.engine import projection

    for fn in (
        projection._trajectory,
        projection._compute,
        projection.trajectories,
        projection.rule_arrays,
        projection.implied_rates,
    ):
        source = inspect.getsource(fn)
        assert "for " not in source.split('"""')[-1], fn.__name__


def test_core_imports_neither_click_nor_rich():
    """Loading and projecting never import the CLI libraries (checked in a fresh interpreter)."""
    import subprocess
    import sys

    code = ("import sys, lingyuan_targets as lt; lt.project(lt.load_plan(), to=2035, scenario='doubling'); "
            "print(sorted(m for m in ('click', 'rich') if m in sys.modules))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@given(rows=st.lists(st.tuples(st.booleans(), st.sampled_from([0.0, -0.0, 1.5, 2.25, np.nan, 1e-9]),
                               st.sampled_from(["亿元", "%", "", "万人"])), max_size=40))  # fmt: skip
@settings(max_examples=200, deadline=None)
def test_rule_text_per_distinct_combination_is_the_text_per_row(rows):
    """_distinct builds each distinct (flag, number, unit) once and spreads it back: the same as building every row."""
    from lingyuan_targets.engine.rule_text import _distinct, _fmt

    def build(flag, x, unit):
        return ("+" if x >= 0 else "") + _fmt(x, 3) + (" pt" if flag else f" {unit}"), unit + ("点" if flag else "")

    cols = [np.array([r[i] for r in rows], dtype=dtype) for i, dtype in enumerate((bool, float, object))]
    en, zh = _distinct(build, *cols)
    assert list(en) == [build(*r)[0] for r in rows] and list(zh) == [build(*r)[1] for r in rows]

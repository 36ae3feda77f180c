"""Actuals files, the 2035 outlook, per-period scenario rates and the sensitivity grid."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lingyuan_targets import load_plan, project_wide
from lingyuan_targets.engine.outlook import outlook, parse_rates, sensitivity
from lingyuan_targets.io.actuals import read_actuals, validate_actuals
from lingyuan_targets.plan.errors import PlanError, ScenarioError

PERIODS = """
  two-speed:
    method: rate
    applies_to: [level]
    tags: [output, income]
    periods:
      - {from: 2026, to: 2030, rate: 6}
      - {from: 2031, to: 2035, rate: 4}
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- actuals
def test_actuals_are_read_with_their_source_and_line(plan, tmp_path):
    """Rows come back sorted by id and year, with the source and the CSV line of each."""
    f = write(tmp_path / "a.csv", "id,year,value,source\ngdp,2022,185,公报2022\ngdp,2021,165.5,公报2021\n")
    a = read_actuals(f, plan)
    assert a[["id", "year", "value", "source", "csv_line"]].values.tolist() == [
        ["gdp", 2021, 165.5, "公报2021", 3],
        ["gdp", 2022, 185.0, "公报2022", 2],
    ]


def test_every_problem_of_an_actuals_file_is_reported_with_line_and_field(plan, tmp_path):
    """Unknown id, bad year, missing value, missing source, year before the base, duplicate: all at once."""
    f = write(tmp_path / "a.csv", "id,year,value,source\ngdp,2021,165,s\ngdp,2021,166,s\ngpd,2022,1,s\n"
              "gdp,20x2,1,s\ngdp,2023,,s\ngdp,2024,1,\ngdp,1999,3,s\n")  # fmt: skip
    problems = validate_actuals(f, plan).problems
    assert [(p.code, p.location.line, p.location.field) for p in problems] == [
        ("duplicate-id", 3, "year"),
        ("unknown-id", 4, "id"),
        ("bad-number", 5, "year"),
        ("missing-field", 6, "value"),
        ("missing-field", 7, "source"),
        ("out-of-range", 8, "year"),
    ]
    with pytest.raises(PlanError) as err:
        read_actuals(f, plan)
    assert len(err.value.problems) == 6


def test_actuals_in_gbk_with_full_width_digits_read_the_same(plan, tmp_path):
    """A GBK file from Excel with full-width digits gives the same numbers, with a notice."""
    text = "id,year,value,source\ngdp,２０２２,１８５.０,统计公报\n"
    f = tmp_path / "a.csv"
    f.write_bytes(text.encode("gbk"))
    session = validate_actuals(f, plan)
    assert not session.problems and session.notices
    assert read_actuals(f, plan)["value"].tolist() == [185.0]


# ---------------------------------------------------------------------- outlook
def test_outlook_from_an_actual_follows_the_plan_then_the_scenario(plan, tmp_path):
    """GDP 185 in 2022: 10% a year to 2025, then 5% (moderate): 185 · 1.1**3 · 1.05**10 = 400.9 in 2035."""
    a = read_actuals(write(tmp_path / "a.csv", "id,year,value,source\ngdp,2022,185,s\n"), plan)
    o = outlook(plan, a, ids=["gdp"]).set_index("scenario")
    assert o.loc["moderate", "value"] == pytest.approx(185 * 1.1**3 * 1.05**10)
    assert o.loc["continue", "value"] == pytest.approx(185 * 1.1**13)
    assert (o.loc["moderate", "start_year"], o.loc["moderate", "start_from"]) == (2022, "actual")


def test_doubling_goal_rate_from_the_latest_actual(plan, tmp_path):
    """Doubling 2020 by 2035 from 185 in 2022 needs (2 · 150.2 / 185)**(1/13) − 1 = 3.80% a year."""
    a = read_actuals(write(tmp_path / "a.csv", "id,year,value,source\ngdp,2022,185,s\n"), plan)
    o = outlook(plan, a, ids=["gdp"]).set_index("scenario")
    assert o.loc["doubling", "goal_rate"] == pytest.approx(((2 * 150.2 / 185) ** (1 / 13) - 1) * 100)
    # the doubling path itself reaches the goal exactly: plan rule to 2025, then the rate that remains
    assert o.loc["doubling", "value"] == pytest.approx(2 * 150.2)
    assert o.loc["doubling", "scenario_rate"] == pytest.approx(((300.4 / (185 * 1.1**3)) ** (1 / 10) - 1) * 100)


def test_outlook_without_actuals_starts_from_the_printed_target(plan):
    """No actuals: GDP starts from the printed 242, not the path's 241.9: 242 · 1.05**10 under moderate."""
    o = outlook(plan, None, ids=["gdp"]).set_index("scenario")
    assert (o.loc["moderate", "start"], o.loc["moderate", "start_from"]) == (242, "target")
    assert o.loc["moderate", "value"] == pytest.approx(242 * 1.05**10)


def test_scenarios_that_do_not_apply_continue_the_plan_rule(plan):
    """Life expectancy carries no output/income tag: every scenario continues its 2021–25 rule."""
    o = outlook(plan, None, ids=["life-expectancy"])
    assert o["value"].nunique() == 1
    assert o["goal_rate"].isna().all()


def test_a_scenario_with_a_rate_per_period(plan_copy):
    """6% in 2026–30 then 4% in 2031–35: 150.2 · 1.1**5 · 1.06**5 · 1.04**5 = 393.85 in 2035 (project)."""
    with open(plan_copy / "scenarios.yaml", "a", encoding="utf-8") as fh:
        fh.write(PERIODS)
    p = load_plan(plan_copy)
    assert p.scenarios["two-speed"].periods == ((2026, 2030, 6.0), (2031, 2035, 4.0))
    wide = project_wide(p, to=2035, scenario="two-speed", ids=["gdp"]).iloc[0]
    assert wide[2030] == pytest.approx(150.2 * 1.1**5 * 1.06**5)
    assert wide[2035] == pytest.approx(150.2 * 1.1**5 * 1.06**5 * 1.04**5)  # 393.85
    o = outlook(p, None, ids=["gdp"]).set_index("scenario")
    assert o.loc["two-speed", "value"] == pytest.approx(242 * 1.06**5 * 1.04**5)


@pytest.mark.parametrize(("periods", "code"), [
    ("- {from: 2026, to: 2030, rate: 6}\n      - {from: 2032, to: 2035, rate: 4}", "year-order"),
    ("- {from: 2027, to: 2035, rate: 6}", "year-order"),
    ("- {from: 2026, to: 2035, rate: -100}", "out-of-bounds"),
    ("- {from: 2026, to: 2035, rat: 5}", "unknown-field"),
])  # fmt: skip
def test_bad_periods_are_reported(plan_copy, periods, code):
    """Gaps between periods, a first period not starting in 2026, impossible rates and typos are problems."""
    with open(plan_copy / "scenarios.yaml", "a", encoding="utf-8") as fh:
        fh.write(f"  bad:\n    method: rate\n    periods:\n      {periods}\n")
    with pytest.raises(PlanError) as err:
        load_plan(plan_copy)
    assert code in [p.code for p in err.value.problems]


# ------------------------------------------------------------------ sensitivity
def test_parse_rates():
    """START:STOP:STEP includes STOP; lists are read as given; bad grids are usage errors."""
    assert parse_rates("2:8:1") == [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    assert parse_rates("4:5:0.5") == [4.0, 4.5, 5.0]
    assert parse_rates("3,4.73,6") == [3.0, 4.73, 6.0]
    for bad in ("8:2:1", "2:8:0", "a,b", "", "-100,2", "0:1000:1"):
        with pytest.raises(ScenarioError):
            parse_rates(bad)


def test_sensitivity_grid_compounds_from_the_start(plan):
    """From the printed 242 in 2025, 10 years at r: 242 · 1.02**10 = 295.0 … 242 · 1.08**10 = 522.5."""
    grid = sensitivity(plan, None, [2, 5, 8], ids=["gdp", "forest-cover"]).set_index("id")
    assert list(grid.index) == ["gdp"]  # shares are left out
    assert grid.loc["gdp", ["2", "5", "8"]].tolist() == pytest.approx([242 * 1.02**10, 242 * 1.05**10, 242 * 1.08**10])


@settings(max_examples=40, deadline=None)
@given(start=st.floats(1, 1e6), rate=st.floats(-20, 30), years=st.integers(1, 14))  # after the base year (a base-year
# actual stands for the plan's base, unless --rebase)
def test_sensitivity_matches_compounding(plan, start, rate, years):
    """Each grid value is start · (1 + r/100)**(to − start year), for any start and rate."""
    import pandas as pd

    from lingyuan_targets.io.actuals import COLUMNS

    a = pd.DataFrame([{"id": "gdp", "year": 2035 - years, "value": start, "decimals": 0, "source": "t",
                       "note": None, "csv_line": 2}], columns=COLUMNS)  # fmt: skip
    grid = sensitivity(plan, a, [rate], ids=["gdp"])
    assert grid.iloc[0][f"{rate:g}"] == pytest.approx(start * (1 + rate / 100) ** years, rel=1e-12)


def test_a_start_at_or_below_zero_gives_no_values_and_says_why(plan, tmp_path):
    """Budget revenue 0 and retail sales −3 cannot be compounded: NaN values and a note, not 0.0 or a clipped bound."""
    a = read_actuals(write(tmp_path / "a.csv", "id,year,value,source\nbudget-revenue,2022,0,s\n"
                           "retail-sales,2022,-3,s\n"), plan)  # fmt: skip
    o = outlook(plan, a, ids=["budget-revenue", "retail-sales"])
    assert o["value"].isna().all() and o["goal_rate"].isna().all()
    assert set(o["unusable_en"]) == {"a start at or below zero cannot be compounded"}
    grid = sensitivity(plan, a, [3, 5], ids=["budget-revenue"])
    assert grid[["3", "5"]].isna().all(axis=None)


def test_rates_must_be_finite_and_distinct():
    """nan, inf and absurd rates are refused; repeated rates are kept once."""
    for bad in ("nan", "inf", "1e100", "3,nan"):
        with pytest.raises(ScenarioError):
            parse_rates(bad)
    assert parse_rates("5,5,3") == [5.0, 3.0]


def test_a_period_change_in_another_unit_accrues_evenly(plan):
    """Maize area down 15 万亩 over 2021–25 is projected as 15 · t/5 (9 by 2023), not as a percent reduction."""
    wide = project_wide(plan, to=2025, ids=["maize-area-reduction", "energy-intensity-reduction"]).set_index("id")
    assert wide.loc["maize-area-reduction", 2023] == pytest.approx(15 * 3 / 5)
    assert wide.loc["energy-intensity-reduction", 2023] == pytest.approx(100 * (1 - 0.88 ** (3 / 5)))

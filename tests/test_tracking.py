"""Progress assessment (``track``): rates by kind, thresholds in both directions, edge cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lingyuan_targets.engine.tracking import track
from lingyuan_targets.io.actuals import COLUMNS

from .conftest import synthetic_plan

# GDP in the main table: 150.2 in 2020, 242 in 2025 (at least); PM2.5: 43 → 35 (at most).
GDP_REQ = (242 / 150.2) ** (1 / 5) - 1  # 10.0092…% a year
PM_REQ = (35 / 43) ** (1 / 5) - 1  # −4.0334…% a year


def acts(*rows: tuple[str, int, float]) -> pd.DataFrame:
    """An actuals frame as read_actuals returns it."""
    return pd.DataFrame([{"id": i, "year": y, "value": v, "decimals": 1, "source": "test", "note": None,
                          "csv_line": k + 2} for k, (i, y, v) in enumerate(rows)], columns=COLUMNS)  # fmt: skip


def one(plan, *rows, **kw) -> pd.Series:
    out = track(plan, acts(*rows), **kw)
    assert len(out) == 1
    return out.iloc[0]


def test_required_observed_and_needed_rates_for_a_level(plan):
    """GDP 185 in 2022: observed (185/150.2)**(1/2) − 1, required (242/150.2)**(1/5) − 1, needed (242/185)**(1/3) − 1."""
    r = one(plan, ("gdp", 2022, 185.0))
    assert r["observed"] == pytest.approx(((185 / 150.2) ** 0.5 - 1) * 100)  # 10.98%
    assert r["required"] == pytest.approx(GDP_REQ * 100)  # 10.01%
    assert r["needed"] == pytest.approx(((242 / 185) ** (1 / 3) - 1) * 100)  # 9.37%
    assert r["ratio"] == pytest.approx(((185 / 150.2) ** 0.5 - 1) / GDP_REQ)  # 1.097
    assert r["status"] == "on_track"
    assert r["share_of_change"] == pytest.approx((185 - 150.2) / (242 - 150.2))


@pytest.mark.parametrize(("ratio", "status"), [
    (1.2, "on_track"), (0.951, "on_track"), (0.949, "needs_acceleration"), (0.601, "needs_acceleration"),
    (0.599, "limited_progress"), (0.001, "limited_progress"), (-0.001, "moving_away"), (-0.5, "moving_away"),
])  # fmt: skip
def test_thresholds_when_higher_is_better(plan, ratio, status):
    """An actual growing at R × the required rate for two years gets the status of R (0.95 / 0.60 / 0)."""
    value = 150.2 * (1 + ratio * GDP_REQ) ** 2
    r = one(plan, ("gdp", 2022, value))
    assert r["ratio"] == pytest.approx(ratio, rel=1e-9)
    assert r["status"] == status


@pytest.mark.parametrize(("ratio", "status"), [
    (1.2, "on_track"), (0.951, "on_track"), (0.949, "needs_acceleration"), (0.601, "needs_acceleration"),
    (0.599, "limited_progress"), (0.001, "limited_progress"), (-0.001, "moving_away"),
])  # fmt: skip
def test_thresholds_when_lower_is_better(plan, ratio, status):
    """PM2.5 must fall: falling at R × the required −4.03%/yr gives the status of R; rising is moving away."""
    value = 43 * (1 + ratio * PM_REQ) ** 3
    r = one(plan, ("pm25", 2023, value))
    assert r["ratio"] == pytest.approx(ratio, rel=1e-9)
    assert r["status"] == status


def test_thresholds_are_configurable(plan):
    """With thresholds 0.5 / 0.3 / 0, R = 0.55 is on track instead of limited progress."""
    value = 150.2 * (1 + 0.55 * GDP_REQ) ** 2
    assert one(plan, ("gdp", 2022, value))["status"] == "limited_progress"
    assert one(plan, ("gdp", 2022, value), thresholds=(0.5, 0.3, 0.0))["status"] == "on_track"
    with pytest.raises(ValueError, match="decreasing"):
        track(plan, acts(("gdp", 2022, value)), thresholds=(0.3, 0.5, 0.0))


def test_achieved_is_checked_first_in_both_directions(plan):
    """GDP 242 by 2024 and PM2.5 34.9 in 2023 meet their targets before 2025, whatever the ratio."""
    assert one(plan, ("gdp", 2024, 242.0))["status"] == "achieved"
    assert one(plan, ("pm25", 2023, 34.9))["status"] == "achieved"
    assert one(plan, ("pm25", 2023, 35.1))["status"] != "achieved"


def test_achievement_is_strict_not_rounded(plan):
    """241.9 does not meet a printed 242, though 242 stands for [241.5, 242.5)."""
    r = one(plan, ("gdp", 2025, 241.9))
    assert r["status"] == "not_achieved"
    assert r["gap"] == pytest.approx(241.9 - 242)


def test_after_the_target_year_the_assessment_is_final(plan):
    """Budget revenue 19.5 in 2025 (target 20.6): not achieved, gap −1.1, (19.5−11.7)/(20.6−11.7) = 87.6% made."""
    r = one(plan, ("budget-revenue", 2024, 17.0), ("budget-revenue", 2025, 19.5), ("budget-revenue", 2026, 21.0))
    assert (r["status"], r["year"], r["latest_year"]) == ("not_achieved", 2025, 2026)
    assert r["gap"] == pytest.approx(19.5 - 20.6)
    assert r["share_of_change"] == pytest.approx((19.5 - 11.7) / (20.6 - 11.7))  # 0.876
    assert math.isnan(r["needed"])
    assert "87.6" not in r["reason_en"] and "88%" in r["reason_en"]


def test_no_actual_in_the_target_year_after_it_is_not_assessable(plan):
    """Actuals for 2024 and 2026 but not 2025: the final assessment cannot be made."""
    r = one(plan, ("gdp", 2024, 200.0), ("gdp", 2026, 250.0))
    assert r["status"] == "not_assessable"
    assert "2025" in r["reason_en"]


def test_a_share_is_measured_in_points_a_year(plan):
    """Good-air days 80% → 85%: 82% in 2024 is (82−80)/4 = 0.5 pt/yr against (85−80)/5 = 1 pt/yr: R = 0.5."""
    r = one(plan, ("good-air-days", 2024, 82.0))
    assert (r["observed"], r["required"], r["needed"]) == pytest.approx((0.5, 1.0, (85 - 82) / 1))
    assert r["rate_unit"] == "pt/yr"
    assert r["status"] == "limited_progress"


def test_a_period_total_adds_up_the_years(plan):
    """New urban jobs, 2.0 (10k) over 2021–25: 0.4 a year for three years is 1.2, on pace (R = 0.4/0.4)."""
    r = one(plan, *(("urban-new-jobs", y, 0.4) for y in (2021, 2022, 2023)))
    assert r["value"] == pytest.approx(1.2)
    assert r["observed"] == pytest.approx(1.2 / 3) and r["required"] == pytest.approx(2.0 / 5)
    assert r["needed"] == pytest.approx((2.0 - 1.2) / 2)
    assert r["status"] == "on_track"


def test_a_period_total_with_a_missing_year_is_not_assessable(plan):
    """2021 and 2023 without 2022: the sum is unknown, and the reason names 2022."""
    r = one(plan, ("urban-new-jobs", 2021, 0.4), ("urban-new-jobs", 2023, 0.4))
    assert r["status"] == "not_assessable"
    assert "2022" in r["reason_en"] and "2022" in r["reason_zh"]


def test_a_period_change_uses_its_annual_equivalent(plan):
    """Energy intensity down 6% by 2023 of 12% by 2025: 1 − 0.94**(1/3) against 1 − 0.88**(1/5)."""
    r = one(plan, ("energy-intensity-reduction", 2023, 6.0))
    obs, req = 1 - 0.94 ** (1 / 3), 1 - 0.88 ** (1 / 5)  # 2.04% and 2.52% a year
    assert (r["observed"], r["required"]) == pytest.approx((obs * 100, req * 100))
    assert r["ratio"] == pytest.approx(obs / req)  # 0.81
    assert r["status"] == "needs_acceleration"
    assert one(plan, ("energy-intensity-reduction", 2025, 12.4))["status"] == "achieved"


def test_a_limit_is_held_or_breached(plan):
    """Surface water class III ≥ 100%: 100 holds, 95 is a breach; no rate is formed."""
    assert one(plan, ("surface-water-class-iii", 2023, 100.0))["status"] == "achieved"
    r = one(plan, ("surface-water-class-iii", 2023, 95.0))
    assert r["status"] == "not_achieved" and math.isnan(r["ratio"])


def test_zero_or_negative_values_are_not_assessable_with_the_reason(plan):
    """A base of 0 from the actuals (taken with ``rebase``), or a negative value, makes compound rates undefined:
    said, not divided."""
    r = one(plan, ("gdp", 2020, 0.0), ("gdp", 2022, 100.0), rebase=True)
    assert r["status"] == "not_assessable" and r["base_source"] == "actuals"
    assert "zero or negative" in r["reason_en"]
    r = one(plan, ("gdp", 2022, -5.0))
    assert r["status"] == "not_assessable"
    assert np.isnan(r["observed"])


def test_a_target_equal_to_its_base_is_not_assessable(plan):
    """A share whose target equals its base requires no change: no ratio, and the reason says so."""
    p = synthetic_plan(plan, [{"kind": "share", "base": 60.0, "target": 60.0, "growth_basis": "none",
                               "growth_value": np.nan, "interpolation": "linear", "upper": 100.0}])  # fmt: skip
    r = track(p, acts(("x0", 2023, 59.0))).iloc[0]
    assert r["status"] == "not_assessable"
    assert "equals the base" in r["reason_en"]


def test_only_the_base_year_is_not_assessable(plan):
    """An actual for 2020 alone gives no growth to measure."""
    r = one(plan, ("gdp", 2020, 150.0))
    assert r["status"] == "not_assessable" and "after the base year" in r["reason_en"]


def test_as_of_ignores_later_actuals(plan):
    """--as-of 2022 assesses the 2022 value even when 2025 is known."""
    r = one(plan, ("gdp", 2022, 185.0), ("gdp", 2025, 250.0), as_of=2022)
    assert (r["year"], r["status"]) == (2022, "on_track")


@settings(max_examples=60, deadline=None)
@given(base=st.floats(1, 1e5), growth=st.floats(0.01, 0.3), t=st.integers(1, 4))
def test_an_actual_on_the_planned_path_has_ratio_one(plan, base, growth, t):
    """A level observed exactly on the geometric path from base to target has R = 1, so it is on track."""
    target = base * (1 + growth) ** 5
    p = synthetic_plan(plan, [{"base": base, "target": target, "growth_basis": "none", "growth_value": np.nan}])
    r = track(p, acts(("x0", 2020 + t, base * (1 + growth) ** t))).iloc[0]
    assert r["ratio"] == pytest.approx(1.0, rel=1e-9)
    assert r["status"] in ("on_track", "achieved")


@settings(max_examples=60, deadline=None)
@given(low=st.floats(0.5, 200), high=st.floats(0.5, 200))
def test_status_never_improves_as_the_actual_falls_when_higher_is_better(plan, low, high):
    """For GDP, a lower actual in the same year never gets a better status than a higher one."""
    rank = {"achieved": 0, "on_track": 1, "needs_acceleration": 2, "limited_progress": 3, "moving_away": 4}
    low, high = sorted((low, high))
    a = one(plan, ("gdp", 2022, low))["status"]
    b = one(plan, ("gdp", 2022, high))["status"]
    assert rank[a] >= rank[b]


def test_a_period_change_in_other_units_is_an_even_amount(plan):
    """Maize area down 15 万亩 by 2025: 5.9 by 2022 is 5.9/2 = 2.95 a year against 15/5 = 3: R 0.983, on track."""
    r = one(plan, ("maize-area-reduction", 2022, 5.9))
    assert (r["observed"], r["required"], r["ratio"]) == pytest.approx((5.9 / 2, 15 / 5, (5.9 / 2) / 3))
    assert (r["rate_unit"], r["rate_unit_zh"], r["status"]) == ("10,000 mu/yr", "万亩/年", "on_track")


def test_values_outside_the_natural_range_are_not_assessable(plan):
    """A forest cover of 120% or a PM2.5 of −5 is not 'achieved': the value cannot be right, and the reason says so."""
    for ident, value in (("forest-cover", 120.0), ("pm25", -5.0), ("so2-reduction", 150.0)):
        r = one(plan, (ident, 2022, value))
        assert r["status"] == "not_assessable", ident
        assert "natural range" in r["reason_en"], ident


def test_a_limit_has_no_planned_change(plan):
    """Services share ≥ 45%, 52.1% in 2020: 44% in 2025 misses the floor by 1, with no 'share of change'."""
    r = one(plan, ("services-share-of-gdp", 2025, 44.0))
    assert r["status"] == "not_achieved" and r["gap"] == pytest.approx(44 - 45)
    assert np.isnan(r["share_of_change"]) and "planned change" not in r["reason_en"]


def test_a_period_total_reached_despite_a_missing_year_is_achieved(plan):
    """High-tech firms, 20 over 2021–25: 15 in 2021 and 10 in 2023 already make 25 ≥ 20, 2022 unknown or not."""
    r = one(plan, ("new-national-high-tech-firms", 2021, 15.0), ("new-national-high-tech-firms", 2023, 10.0))
    assert r["status"] == "achieved" and r["value"] == 25


def test_a_ceiling_on_a_period_total_fails_once_exceeded(plan):
    """A total of at most 10 over the period: 6 + 5 by 2022 is 11 > 10, not achieved before the period ends."""
    p = synthetic_plan(plan, [{"kind": "period_total", "direction": "at_most", "base": 9.0, "target": 10.0,
                               "growth_basis": "none", "growth_value": np.nan, "unit": "个"}])  # fmt: skip
    r = track(p, acts(("x0", 2021, 6.0), ("x0", 2022, 5.0))).iloc[0]
    assert (r["status"], r["value"]) == ("not_achieved", 11.0)
    r = track(p, acts(("x0", 2021, 6.0), ("x0", 2022, 3.0))).iloc[0]
    assert r["status"] == "not_assessable"


def test_the_assessment_date_makes_it_final(plan):
    """New jobs known to 2024 only: on pace as of 2024, but after 2025 (--as-of 2026) not assessable without 2025."""
    rows = [("urban-new-jobs", y, 0.4) for y in (2021, 2022, 2023, 2024)]
    assert one(plan, *rows)["status"] == "on_track"
    r = one(plan, *rows, as_of=2026)
    assert r["status"] == "not_assessable" and "2025" in r["reason_en"]


def test_achieved_rows_need_no_further_rate(plan):
    """Once the target is met there is no 'rate still needed'."""
    assert np.isnan(one(plan, ("gdp", 2024, 250.0))["needed"])


def test_reason_codes_and_their_sentences(plan):
    """Each row's reason is a code of REASONS whose status is the row's (the ratio codes: set by the thresholds),
    and the sentence is its template filled in: GDP 185 in 2022 is on track at ratio 10.98 / 10.01 = 1.10."""
    from lingyuan_targets.engine.tracking import REASONS

    before = track(plan, acts(("gdp", 2022, 185.0), ("pm25", 2023, 50.0)))  # the file's vintage: 2023
    final = track(plan, acts(("gdp", 2022, 185.0), ("rural-income", 2025, 1.0)))  # 2025: the assessment is final
    for row in [*before.itertuples(), *final.itertuples()]:
        status = REASONS[row.reason][0]
        assert row.status == status or (status == "" and row.reason in ("ratio", "ratio-needed"))
    gdp = before.set_index("id").loc["gdp"]
    ratio = ((185 / 150.2) ** 0.5 - 1) / GDP_REQ
    assert gdp["reason"] == "ratio-needed" and gdp["status"] == "on_track"
    assert f"ratio {ratio:.2f}" in gdp["reason_en"] and "%/yr needed from now" in gdp["reason_en"]
    assert final.set_index("id")["reason"].to_dict() == {"gdp": "no-final-actual", "rural-income": "missed"}


def test_outlook_reasons_are_codes(plan):
    """A start at or below zero cannot be compounded: code start-not-positive, sentences from UNUSABLE."""
    from lingyuan_targets.engine.outlook import UNUSABLE, starts

    s = starts(plan, acts(("gdp", 2023, -1.0)), ["gdp", "rural-income"]).set_index("id")
    assert s.loc["gdp", "unusable"] == "start-not-positive" and s.loc["rural-income", "unusable"] == ""
    assert s.loc["gdp", "unusable_en"] == UNUSABLE["start-not-positive"][0]

"""check: each family on hand-worked cases, both sides of the rounding boundary, and the Lingyuan report."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lingyuan_targets.checks import CODES, check_plan
from lingyuan_targets.checks.relations import check_quotes, declared_relations, indicator_relations
from lingyuan_targets.checks.rules import check_cumulative, check_target_rules
from lingyuan_targets.checks.tables import check_history, check_sums
from lingyuan_targets.plan.printed import format_half_up, rounding_interval

from .conftest import synthetic_plan


def check_relations(plan):
    """The relations family as the runner runs it on one plan: declared relations, then each indicator against itself."""
    return declared_relations(plan) + indicator_relations(plan)


def by_code(findings, code):
    return [f for f in findings if f.code == code]


def one(findings, code, ident):
    hits = [f for f in findings if f.code == code and ident in f.ids]
    assert len(hits) == 1, [(f.code, f.ids) for f in findings if ident in f.ids]
    return hits[0]


# ------------------------------------------------------------- rounding intervals
def test_rounding_intervals():
    """150.2 → [150.15, 150.25]; 10 → [9.5, 10.5]; truncated 150.2 → [150.2, 150.3]."""
    lo, hi = rounding_interval([150.2, 10], [1, 0])
    assert lo.tolist() == [150.15, 9.5] and hi.tolist() == [150.25, 10.5]
    lo, hi = rounding_interval([150.2], [1], "truncate")
    assert (lo[0], hi[0]) == (150.2, 150.3)


# ------------------------------------------------------------- 1. target vs rule
def test_gdp_target_is_exact(plan):
    """150.2 × 1.1**5 = 241.8986, which prints as 242: exact."""
    f = one(check_target_rules(plan), "target-rule-exact", "gdp")
    assert f.verdict == "exact"
    assert f.values["computed_target"] == pytest.approx(150.2 * 1.1**5)
    assert f.values["computed_target"] == pytest.approx(241.898602, abs=1e-6)


def test_fixed_investment_within_rounding(plan):
    """56.3 × 1.15**5 = 113.24 ≠ 115, but 56.35 × 1.155**5 = 115.83 ≥ 114.5: within rounding, for r in [15.23, 15.48]%."""
    assert 56.3 * 1.15**5 == pytest.approx(113.2394, abs=1e-4)
    assert 56.35 * 1.155**5 == pytest.approx(115.83, abs=0.01)
    f = one(check_target_rules(plan), "target-rule-within-rounding", "fixed-investment")
    lo, hi = f.values["consistent_growth_interval"]
    assert lo == pytest.approx(((114.5 / 56.35) ** 0.2 - 1) * 100)  # 15.23%
    assert hi == pytest.approx(((115.5 / 56.25) ** 0.2 - 1) * 100)  # 15.48%, inside [14.5, 15.5]
    assert f.values["share_of_growth_interval"] == pytest.approx((hi - lo) / 1.0)


def test_retail_sales_inconsistent(plan):
    """35.6 × 1.1**5 = 57.33; even 35.65 × 1.105**5 = 58.73 < 59.5, so 60 is out of reach; implied 11.00%."""
    assert 35.65 * 1.105**5 == pytest.approx(58.73, abs=0.01)
    f = one(check_target_rules(plan), "target-rule-inconsistent", "retail-sales")
    assert f.severity == "error" and f.verdict == "inconsistent"
    assert f.values["reachable_interval"][1] == pytest.approx(35.65 * 1.105**5)
    assert f.values["implied_growth"] == pytest.approx(((60 / 35.6) ** 0.2 - 1) * 100)
    assert f.values["deviation_pct"] == pytest.approx((35.6 * 1.1**5 - 60) / 60 * 100)
    assert f.values["nearest_consistent_target"] == 57
    assert {s["text_line"] for s in f.sources} == {334, 129}
    assert {s["file"] for s in f.sources} == {"baseline_2020.csv", "indicators.yaml"}


def test_retail_sales_other_base_reaches_the_target(plan):
    """Chapter 1's 36.6 does reach 60 at 10%: [36.55 × 1.095**5, 36.65 × 1.105**5] = [57.54, 60.38] ∋ [59.5, 60.5]."""
    f = one(check_target_rules(plan), "target-rule-inconsistent", "retail-sales")
    lo, hi = f.values["other_base_reachable_interval"]
    assert lo == pytest.approx(36.55 * 1.095**5) and hi == pytest.approx(36.65 * 1.105**5)
    assert hi == pytest.approx(60.38, abs=0.01)
    assert f.suggestion == "the base is likely 36.6 (line 129), not 35.6"


def _rule_plan(plan, base, rate, target, target_decimals=0, direction="equal"):
    return synthetic_plan(plan, [{
        "kind": "level", "base": base, "base_decimals": 0, "target": target, "target_decimals": target_decimals,
        "growth_basis": "annual", "growth_value": rate, "growth_decimals": 0, "growth_printed": f"年均 {rate}%",
        "growth_reading": None, "direction": direction,
    }])  # fmt: skip


@pytest.mark.parametrize(
    ("target", "code"),
    [
        (161, "target-rule-exact"),  # 100 × 1.1**5 = 161.051
        (164, "target-rule-within-rounding"),  # reach ≤ 100.5 × 1.105**5 = 165.57 ≥ 163.5
        (165, "target-rule-within-rounding"),  # 165.57 ≥ 164.5
        (166, "target-rule-within-rounding"),  # 165.57 ≥ 165.5, the low end of 166's interval
    ],
)
def test_rule_boundary_cases(plan, target, code):
    """Base 100 (printed without decimals: [99.5, 100.5]) at 10% [9.5, 10.5]: reach [99.5 × 1.095**5, 100.5 × 1.105**5]."""
    hi = 100.5 * 1.105**5
    assert hi == pytest.approx(165.5684, abs=1e-4)
    f = check_target_rules(_rule_plan(plan, 100, 10, target))[0]
    assert f.code == code


def test_rule_just_beyond_the_edge(plan):
    """167 means [166.5, 167.5]; the most the intervals reach is 165.57: inconsistent. 99.5 × 1.095**5 = 156.64: 156 is below."""
    assert check_target_rules(_rule_plan(plan, 100, 10, 167))[0].code == "target-rule-inconsistent"
    low = 99.5 * 1.095**5
    assert low == pytest.approx(156.6368, abs=1e-4)
    assert check_target_rules(_rule_plan(plan, 100, 10, 157))[0].code == "target-rule-within-rounding"
    assert check_target_rules(_rule_plan(plan, 100, 10, 156))[0].code == "target-rule-inconsistent"
    # a floor target (156以上) is met by a path that passes it: 156.64 ≥ 156.5 at the slowest
    assert check_target_rules(_rule_plan(plan, 100, 10, 156, direction="at_least"))[0].code == "target-rule-exact"


def test_check_too_coarse_instead_of_a_pass(plan):
    """R&D 1.5 × 1.67 = 2.505 → 2.5, but 1.5 × 1.66 = 2.49 and 1.5 × 1.68 = 2.52 print 2.5 too: vacuous, said so."""
    assert format_half_up(1.5 * 1.66, 1) == "2.5" and format_half_up(1.5 * 1.68, 1) == "2.5"
    results = check_target_rules(plan)
    f = one(results, "check-too-coarse", "rd-intensity")
    assert f.verdict == "vacuous"
    assert not by_code([r for r in results if "rd-intensity" in r.ids], "target-rule-exact")


def test_half_even_and_truncate_change_verdicts(plan):
    """Truncation reads 242 as [242, 243): 241.9 misses it, so GDP is only within rounding (needs r ≥ 10.01%)."""
    report = check_plan(plan, rounding="truncate", select=["target-rule"])
    f = next(r for r in report.results if r.ids == ("gdp",))
    assert f.code == "target-rule-within-rounding"
    assert check_plan(plan, rounding="half-even", select=["target-rule"]).summary()["checked"] > 0


# ------------------------------------------------------------- 2. the 累计 column
def test_readings_of_cumulative_figures(plan):
    """Broadband 33 + 27 points = 60 (points); schooling 13.5 × 1.11 = 14.985 → 15 (relative)."""
    results = check_cumulative(plan)
    assert one(results, "cumulative-reading", "broadband-penetration").values["matching_readings"] == "points"
    assert "relative" in one(results, "cumulative-reading", "schooling-years").values["matching_readings"]


def test_life_expectancy_misplaced_decimal(plan):
    """77.5 → 79.5 is +2.58%; 累计 25% fits nothing (77.5 × 1.25 = 96.9). Within rounding the base and target
    allow 79.45 / 77.55 − 1 = 2.45% to 79.55 / 77.45 − 1 = 2.71%, so 2.5 (a misplaced decimal point) fits."""
    f = one(check_cumulative(plan), "cumulative-no-reading", "life-expectancy")
    assert f.severity == "error"
    assert f.values["implied_relative_pct"] == pytest.approx((79.5 / 77.5 - 1) * 100)
    assert f.values["allowed_relative"] == pytest.approx([(79.45 / 77.55 - 1) * 100, (79.55 / 77.45 - 1) * 100])
    assert f.values["slips_that_fit"].startswith("2.5 (misplaced decimal point) lies in the relative range")


def test_new_jobs_fit_only_because_coarse(plan):
    """1.3 → 2 is +53.8%. "2" stands for [1.5, 2.5], so base [1.25, 1.35] allows any relative change from
    1.5 / 1.35 − 1 = 11.1% to 2.5 / 1.25 − 1 = 100%: 15% fits, as would 14% and 16%. Said so, as a warning."""
    f = one(check_cumulative(plan), "cumulative-reading-coarse", "urban-new-jobs")
    assert f.severity == "warning" and f.verdict == "vacuous"
    assert f.values["allowed_relative"] == pytest.approx([(1.5 / 1.35 - 1) * 100, (2.5 / 1.25 - 1) * 100])
    assert f.suggestion == "the point figures give 54% (relative)"


def test_pm25_percent_sign_but_absolute(plan):
    """43 − 8 = 35 exactly, while 43 × 0.92 = 39.56: the figure is µg/m³ though printed with %."""
    f = one(check_cumulative(plan), "cumulative-unit-mismatch", "pm25")
    assert f.values["absolute_gives"] == 35 and f.values["relative_gives"] == pytest.approx(43 * 0.92)


# ------------------------------------------------------------- 3. several values
def test_quote_conflicts(plan):
    """Retail 2020: 35.6 (table) vs 36.6 (chapter 1); good-air target 85 (table) vs 83 (text); GDP's 10% agrees."""
    results = check_quotes(plan)
    retail = one(results, "quote-conflict", "retail-sales")
    assert retail.values["difference"] == pytest.approx(1.0)
    assert {s["text_line"] for s in retail.sources} == {334, 129}
    assert one(results, "quote-conflict", "good-air-days").values["difference"] == pytest.approx(-2.0)
    assert by_code([r for r in results if r.ids == ("gdp",)], "quote-consistent")
    assert len(by_code(results, "quote-conflict")) == 2


# ------------------------------------------------------------- 4. history
def test_gdp_history_price_basis(plan):
    """GDP levels grow faster than the rates every year, 2016 included (2015 = 150.2 − 35.6 = 114.6):
    119.2/114.6 = +4.0% vs 0.2%, 125.4/119.2 = +5.20% vs 2.4%, … implied prices ≈ +2.7%/yr (median)."""
    results = check_history(plan)
    f = next(r for r in results if r.code == "history-price-basis" and "years" in r.values)
    expected = [(119.2 / 114.6) / 1.002 - 1, (125.4 / 119.2) / 1.024 - 1, (130 / 125.4) / 1.031 - 1,
                (139.3 / 130) / 1.038 - 1, (150.2 / 139.3) / 1.057 - 1]  # fmt: skip
    assert f.values["years"] == [2016, 2017, 2018, 2019, 2020]
    assert f.values["implied_price_change_pct"] == pytest.approx([100 * e for e in expected])
    assert f.values["median_price_change_pct"] == pytest.approx(100 * float(np.median(expected)))
    assert not [r for r in results if r.code == "history-growth-vs-levels" and "地区生产总值" in r.ids]


def test_gdp_average_is_the_level_cagr(plan):
    """5.6% is not the geometric mean of 0.2, 2.4, 3.1, 3.8, 5.7 (3.02%) but (150.2 / 114.6)**(1/5) − 1 = 5.56%."""
    gm = (1.002 * 1.024 * 1.031 * 1.038 * 1.057) ** 0.2 - 1
    assert gm == pytest.approx(0.030243, abs=1e-6)
    f = next(r for r in check_history(plan) if r.code == "history-price-basis" and "level_cagr_pct" in r.values)
    assert f.values["level_cagr_pct"] == pytest.approx(((150.2 / (150.2 - 35.6)) ** 0.2 - 1) * 100)


def test_revenue_average_matches_nothing(plan):
    """Revenue: (1.003 × 1.076 × 1.18 × 1.057 × 1.102)**(1/5) − 1 = 8.21%, not the stated 10.1% (twice: table and text)."""
    gm = ((1.003 * 1.076 * 1.18 * 1.057 * 1.102) ** 0.2 - 1) * 100
    found = [r for r in check_history(plan) if r.code == "history-average"]
    assert len(found) == 1 and {int(s["text_line"]) for s in found[0].sources} == {114, 125}
    assert found[0].values["geometric_mean_of_yearly_rates_pct"] == pytest.approx(gm)


def test_fixed_investment_2017_at_column_precision(plan):
    """ "37" among 36.6, 43.1, … is 37.0: 37.05 / 36.55 − 1 = 1.37% at most, short of the printed 1.9%."""
    f = next(r for r in check_history(plan) if r.code == "history-growth-vs-levels")
    assert f.ids == ("固定资产投资",) and f.values["year"] == 2017
    assert f.values["level_growth_interval"] == pytest.approx([(36.95 / 36.65 - 1) * 100, (37.05 / 36.55 - 1) * 100])
    assert "column's precision" in f.message_en


def test_history_totals(plan):
    """36.6 + 37 + 43.1 + 49.8 + 56.3 = 222.8 and 7.9 + 8.5 + 10.1 + 10.6 + 11.7 = 48.8: no total finding."""
    assert math.isclose(36.6 + 37 + 43.1 + 49.8 + 56.3, 222.8) and math.isclose(7.9 + 8.5 + 10.1 + 10.6 + 11.7, 48.8)
    assert not [r for r in check_history(plan) if r.code == "history-total"]


# ------------------------------------------------------------- 5. sums
def test_project_sums(plan):
    """Sizes: 31+36+131+188 = 386, 560.51+237.36+263.26+72.08 = 1133.21 exactly; sectors 1133.2 vs 1133.21: rounding."""
    results = check_sums(plan)
    assert one(results, "sum-consistent", "projects-investment-by-size").verdict == "exact"
    f = one(results, "sum-within-rounding", "projects-investment-by-sector")
    assert f.values["sum_of_parts"] == pytest.approx(100.68 + 603.4 + 429.12)
    assert not by_code(results, "sum-mismatch") and not by_code(results, "share-mismatch")
    # the unit from projects.csv (亿元), in English words in the English message
    assert "printed total 1133.21 100 million yuan;" in f.message_en and "亿元" not in f.message_en


def test_facility_agriculture_parts_exceed_total(plan):
    """26 + 3 + 1 = 30 万亩 listed under 其中, against a total of 27: an error."""
    f = one(check_relations(plan), "sum-mismatch", "facility-agri-standard-area")
    assert f.values["sum_of_parts"] == 30 and f.values["total"] == 27


def test_sum_boundaries(plan):
    """Parts 10.4 + 20.4 (±0.05 each) can make 30.7 to 30.9; 30.8 exact, 30.9 within rounding, 31.0 a mismatch."""
    from lingyuan_targets.checks.tables import _sum_finding

    parts, dec = np.array([10.4, 20.4]), np.array([1, 1])
    assert _sum_finding("g", "g", parts, dec, 30.8, 1, [], "half-up").code == "sum-consistent"
    assert _sum_finding("g", "g", parts, dec, 30.9, 1, [], "half-up").code == "sum-within-rounding"
    assert _sum_finding("g", "g", parts, dec, 31.0, 1, [], "half-up").code == "sum-mismatch"


# ------------------------------------------------------------- 6. relations
def test_services_share_2020_on_another_basis(plan):
    """77.8 / 150.2 = 51.80% (at most 77.85/150.15 = 51.85%) against the structure's 52.1%."""
    f = one(check_relations(plan), "ratio-mismatch", "services-share-of-gdp")
    assert f.values["computed_share_pct"] == pytest.approx(77.8 / 150.2 * 100)
    assert f.values["computed_interval"][1] == pytest.approx(77.85 / 150.15 * 100)


def test_services_share_2025_meets_floor(plan):
    """2025: 77.8 × 1.15**5 / (150.2 × 1.1**5) = 64.7% ≥ 45%."""
    f = next(r for r in check_relations(plan) if r.code == "ratio-consistent")
    assert f.values["computed_share_pct"] == pytest.approx(77.8 * 1.15**5 / (150.2 * 1.1**5) * 100)


def test_targets_met_or_below_previous_period(plan):
    """Services share 52.1 ≥ 45 already; shantytown 0.2 < 0.53 and foreign trade 6.6 < 11.5 are below 2016-20."""
    results = check_relations(plan)
    assert one(results, "target-already-met", "services-share-of-gdp")
    below = {r.ids[0] for r in by_code(results, "target-below-previous-period")}
    assert {"shantytown-renovation", "foreign-trade-total"} <= below


def test_implied_baseline_finding(plan):
    """E-commerce: 10 at 30% a year implies 10 / 1.3**5 = 2.693 in 2020."""
    f = one(check_relations(plan), "implied-baseline", "ecommerce-volume")
    assert f.values["implied_base"] == pytest.approx(10 / 1.3**5)


# ------------------------------------------------------------- report
def test_lingyuan_report_main_findings(plan):
    """The errors on the embedded plan, each read against the text."""
    report = check_plan(plan)
    errors = sorted((f.code, f.ids[0]) for f in report.findings if f.severity == "error")
    assert errors == sorted([
        ("target-rule-inconsistent", "retail-sales"),
        ("cumulative-no-reading", "life-expectancy"),
        ("quote-conflict", "retail-sales"),
        ("quote-conflict", "good-air-days"),
        ("sum-mismatch", "facility-agri-standard-area"),
    ])  # fmt: skip
    assert report.fails("error") and report.summary()["errors"] == 5


def test_select_ignore_and_unknown_codes(plan):
    """--select keeps a family or code; --ignore drops; an unknown code is refused."""
    from lingyuan_targets import PlanError

    assert {f.family for f in check_plan(plan, select=["sums"]).results} == {"sums"}
    assert not [f for f in check_plan(plan, ignore=["quote-conflict"]).results if f.code == "quote-conflict"]
    with pytest.raises(PlanError, match="nope"):
        check_plan(plan, select=["nope"])


def test_every_code_is_documented():
    """Each code has a family, a severity and a title; codes are kebab-case."""
    for code, (_family, severity, title) in CODES.items():
        assert code == code.lower() and " " not in code and title
        assert severity in ("error", "warning", "info", "pass")


def test_checks_are_vectorised():
    """The arithmetic of the target-rule and 累计 checks runs on arrays: no loop over indicators, only over the
    three readings of a 累计 figure."""
    import inspect
    import re

    from lingyuan_targets.checks import rules

    assert "for " not in inspect.getsource(rules.target_rule_arrays).split('"""')[-1]
    loops = re.findall(r"for .+? in (\w+)", inspect.getsource(rules.cumulative_arrays).split('"""')[-1])
    assert loops and set(loops) <= {"point", "loose", "fits", "readings"}, loops  # dicts of the three readings


# ------------------------------------------------------------- properties
@given(st.lists(st.tuples(st.integers(100, 100000), st.integers(-5, 30)), min_size=1, max_size=12),
       st.data())  # fmt: skip
@settings(max_examples=60, deadline=None)
def test_consistent_plans_raise_no_error_and_one_moved_target_does(plan, rows, data):
    """Targets computed from the rules and rounded half up give no error; one target moved just past its
    reachable interval gives exactly that one error."""
    specs = []
    for base10, rate in rows:
        base = base10 / 10  # one decimal
        target = float(format_half_up(base * (1 + rate / 100) ** 5, 1))
        specs.append({"kind": "level", "base": base, "base_decimals": 1, "target": target, "target_decimals": 1,
                      "growth_basis": "annual", "growth_value": float(rate), "growth_decimals": 0,
                      "growth_printed": f"年均 {rate}%", "growth_reading": None})  # fmt: skip
    clean = check_target_rules(synthetic_plan(plan, specs))
    assert not [f for f in clean if f.severity == "error"]
    k = data.draw(st.integers(0, len(specs) - 1))
    base, rate = specs[k]["base"], specs[k]["growth_value"]
    reach_hi = (base + 0.05) * (1 + (rate + 0.5) / 100) ** 5
    moved = math.floor((reach_hi + 0.05) * 10 + 1) / 10  # its interval starts above what the rule can reach
    specs[k] = {**specs[k], "target": moved}
    errors = [f for f in check_target_rules(synthetic_plan(plan, specs)) if f.severity == "error"]
    assert [(f.code, f.ids) for f in errors] == [("target-rule-inconsistent", (f"x{k}",))]


# ------------------------------------------------------------- more boundaries
def _cum_plan(plan, base, c, target, unit="百分比"):
    return synthetic_plan(plan, [{
        "kind": "share", "unit": unit, "base": base, "base_decimals": 0, "target": target, "target_decimals": 0,
        "growth_basis": "cumulative", "growth_value": c, "growth_decimals": 0, "growth_printed": f"累计 {c}%",
        "growth_reading": "points", "lower": 0.0, "upper": 100.0,
    }])  # fmt: skip


@pytest.mark.parametrize(
    ("target", "code"),
    [
        (60, "cumulative-reading"),  # 50 + 10 = 60
        (61, "cumulative-reading"),  # 50.5 + 10.5 = 61 ≥ 60.5: within rounding (and 9 would not reach it)
        (62, "cumulative-no-reading"),  # at most 61 < 61.5; 50 × 1.10 = 55 is no help either
    ],
)
def test_points_reading_boundary(plan, target, code):
    """Base 50 with 累计 10 (points): reach [49.5 + 9.5, 50.5 + 10.5] = [59, 61]."""
    assert check_cumulative(_cum_plan(plan, 50.0, 10.0, float(target)))[0].code == code


@pytest.mark.parametrize(("quoted", "decimals", "code"), [(35.64, 2, "quote-consistent"), (35.66, 2, "quote-conflict")])
def test_quote_boundary(plan, quoted, decimals, code):
    """35.6 stands for [35.55, 35.65]: a quote of 35.64 ([35.635, 35.645]) agrees, 35.66 ([35.655, 35.665]) does not."""
    from dataclasses import replace

    q = plan.quotes[(plan.quotes["id"] == "retail-sales") & (plan.quotes["what"] == "base")].copy()
    q["value"], q["decimals"] = quoted, decimals
    found = check_quotes(replace(plan, quotes=q))
    assert [f.code for f in found] == [code]


@pytest.mark.parametrize(("growth", "verdict"), [(5, "agree"), (6, "agree"), (7, "disagree")])
def test_history_growth_boundary(plan, growth, verdict):
    """Levels 100 → 105 (whole numbers) rose between 104.5/100.5 − 1 = 3.98% and 105.5/99.5 − 1 = 6.03%:
    a printed 5% or 6% ([5.5, 6.5]) agrees, 7% ([6.5, 7.5]) does not."""
    from dataclasses import replace

    rows = [
        {
            "table": "T",
            "series": "s",
            "series_en": "s",
            "unit": "u",
            "row_type": "year",
            "label": str(y),
            "year": y,
            "value": v,
            "value_decimals": 0,
            "growth": g,
            "growth_decimals": 0,
            "section": "x",
            "line": 1,
            "snippet": "",
            "note": None,
            "csv_line": 2,
        }
        for y, v, g in ((2019, 100.0, 1.0), (2020, 105.0, float(growth)))
    ]
    import pandas as pd

    found = check_history(replace(plan, history=pd.DataFrame(rows)))
    flagged = [f for f in found if f.code == "history-growth-vs-levels"]
    assert bool(flagged) == (verdict == "disagree")


def test_messages_speak_of_their_own_indicator(plan):
    """Both languages' messages of a target-rule finding quote that indicator's own base (no stale text)."""
    for f in check_target_rules(plan):
        base = format_half_up(f.values["base"], 4).rstrip("0").rstrip(".")
        assert f.message_en.startswith(base) and f.message_zh.startswith(base), (f.ids, f.message_zh)

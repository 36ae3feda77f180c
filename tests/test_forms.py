"""Rules written as plans print them, checked one-sidedly where they are one-sided; worked by hand, with both
sides of each rounding boundary."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lingyuan_targets import load_plan, project_wide
from lingyuan_targets.checks import check_plan
from lingyuan_targets.plan.errors import PlanError
from lingyuan_targets.plan.printed import format_half_up


def write_plan(where: Path, indicators: str, *, base_year: int = 2020, target_year: int = 2025,
               baseline: str | None = None) -> Path:  # fmt: skip
    """A plan directory from the YAML of its indicators (and, when given, a baseline CSV)."""
    where.mkdir(parents=True, exist_ok=True)
    head = f"plan:\n  id: test\n  base_year: {base_year}\n  target_year: {target_year}\nindicators:\n"
    (where / "indicators.yaml").write_text(head + textwrap.indent(textwrap.dedent(indicators), "  "), encoding="utf-8")
    if baseline is not None:
        (where / f"baseline_{base_year}.csv").write_text(textwrap.dedent(baseline), encoding="utf-8")
    return where


def one(tmp_path: Path, growth: str, base: str, target: str, kind: str = "level", unit: str = "亿元", **years):
    """The target-rule finding of one indicator (all findings are built, passes included)."""
    plan = load_plan(write_plan(tmp_path / "p", f"""\
        - id: x
          name: 指标
          unit: "{unit}"
          kind: {kind}
          base: {base}
          target: {target}
          growth: {growth}
        """, **years))  # fmt: skip
    found = [f for f in check_plan(plan, select=["target-rule"]).results if f.family == "target-rule"]
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------ floors
@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("161", "target-rule-exact"),  # 100 · 1.1**5 = 161.051 prints 161, the floor reaches it
        ("150", "target-rule-exact"),  # needs (150/100)**(1/5) − 1 = 8.45%: at most the floor
        ("162", "target-rule-within-rounding"),  # 161.051 prints 161 < 162; 100.5 · 1.105**5 = 165.57 ≥ 161.5
        ("166", "target-rule-within-rounding"),  # 165.57 ≥ 165.5: just inside
    ],
)
def test_a_floor_rate(tmp_path, target, code):
    """年均增长10%以上 from 100: consistent when the target needs at most the floor."""
    assert 100.5 * 1.105**5 == pytest.approx(165.5684, abs=1e-4)
    assert one(tmp_path, "年均增长10%以上", "100", target).code == code


def test_a_floor_that_cannot_reach_the_target(tmp_path):
    """Target 167 needs (167/100)**(1/5) − 1 = 10.80%: above the floor even within rounding (165.57 < 166.5)."""
    f = one(tmp_path, "年均增长10%以上", "100", "167")
    assert f.code == "target-rule-inconsistent" and f.values["bound"] == "at_least"
    assert f.values["implied_growth"] == pytest.approx(((167 / 100) ** 0.2 - 1) * 100)  # 10.80%


def test_an_equal_rate_is_two_sided(tmp_path):
    """The same figures without 以上: 150 is far below 161.05 and is an error (two-sided), unlike the floor."""
    assert one(tmp_path, "年均增长10%", "100", "150").code == "target-rule-inconsistent"


# ---------------------------------------------------------------- ceilings
@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("86", "target-rule-exact"),  # 100 · 0.97**5 = 85.873 prints 86 ≤ 86
        ("90", "target-rule-exact"),  # a fall of 3% or more keeps it at most 85.9, under 90
        ("85", "target-rule-within-rounding"),  # 86 > 85, but 99.5 · 0.965**5 = 83.26 ≤ 85.5
        ("84", "target-rule-within-rounding"),  # 83.26 ≤ 84.5
        ("83", "target-rule-within-rounding"),  # 83.26 ≤ 83.5: just inside
        ("82", "target-rule-inconsistent"),  # 83.26 > 82.5
    ],
)
def test_a_falling_ceiling(tmp_path, target, code):
    """年均下降3%以上 (the signed growth at most −3%) from 100 towards a ceiling."""
    assert 99.5 * 0.965**5 == pytest.approx(83.2645, abs=1e-4)
    assert one(tmp_path, "年均下降3%以上", "100", target).code == code


# ------------------------------------------------------------------- ranges
@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("137", "target-rule-exact"),  # between 100 · 1.06**5 = 133.82 and 100 · 1.07**5 = 140.26
        ("134", "target-rule-exact"),  # 133.82 prints 134
        ("133", "target-rule-within-rounding"),  # below 134, but 99.5 · 1.055**5 = 130.04 ≤ 133.5
        ("144", "target-rule-within-rounding"),  # above 140, but 100.5 · 1.075**5 = 144.28 ≥ 143.5
        ("145", "target-rule-inconsistent"),  # 144.28 < 144.5
    ],
)
def test_a_range(tmp_path, target, code):
    """年均增长6%–7%: consistent when the target lies between what the two ends give."""
    assert 100.5 * 1.075**5 == pytest.approx(144.2807, abs=1e-4)
    assert one(tmp_path, "年均增长6%–7%", "100", target).code == code


# ------------------------------------------------------------ target ranges
@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("130-140亿元", "target-rule-exact"),  # 100 · 1.06**5 = 133.82 lies between 130 and 140
        ("120-130亿元", "target-rule-within-rounding"),  # 133.82 > 130.5, but 99.5 · 1.055**5 = 130.04 ≤ 130.5
        ("120-129亿元", "target-rule-inconsistent"),  # 130.04 > 129.5
        ("138-150亿元", "target-rule-within-rounding"),  # 100.5 · 1.065**5 = 137.69 ≥ 137.5
        ("141-150亿元", "target-rule-inconsistent"),  # 137.69 < 140.5: both ends are out of reach
    ],
)
def test_a_target_range_under_a_rate(tmp_path, target, code):
    """A target printed as a range is met anywhere between its ends, each end with its rounding interval."""
    assert 99.5 * 1.055**5 == pytest.approx(130.0425, abs=1e-4) and 100.5 * 1.065**5 == pytest.approx(
        137.6937, abs=1e-4
    )
    f = one(tmp_path, "年均增长6%", "100", target)
    assert f.code == code
    low, high = (float(x) for x in target.removesuffix("亿元").split("-"))
    # the rates the two ends need: (low/100)**(1/5) − 1 and (high/100)**(1/5) − 1
    assert f.values["implied_growth"] == pytest.approx(((low / 100) ** 0.2 - 1) * 100)
    assert f.values["implied_growth_high"] == pytest.approx(((high / 100) ** 0.2 - 1) * 100)


# ------------------------------------------------------- 累计 figures with a side
@pytest.mark.parametrize(
    ("printed", "target", "code"),
    [
        ("累计增长25%以上", "120", "cumulative-reading"),  # 100 · 1.25 = 125 ≥ 120: the floor reaches it
        ("累计增长25%以上", "125", "cumulative-reading"),  # 125 exactly
        ("累计增长25%以上", "126", "cumulative-reading"),  # 100.5 · 1.255 = 126.13 ≥ 125.5: within rounding
        ("累计增长25%以上", "127", "cumulative-no-reading"),  # 126.13 < 126.5, and 100.5 + 25.5 = 126 < 126.5
        ("累计增长25%-30%", "126", "cumulative-reading"),  # between 100 · 1.25 = 125 and 100 · 1.30 = 130
        ("累计增长25%-30%", "132", "cumulative-no-reading"),  # 100.5 · 1.305 = 131.15 < 131.5
        ("累计下降10%以上", "91", "cumulative-reading"),  # 100 · 0.90 = 90 ≤ 91: needs a fall of 9%, at most 10%
        ("累计下降10%以上", "89", "cumulative-reading"),  # needs 11%, but 99.5 · 0.895 = 89.05 ≤ 89.5
        ("累计下降10%以上", "88", "cumulative-no-reading"),  # 89.05 > 88.5 (and 99.5 − 10.5 = 89 > 88.5)
    ],
)
def test_a_cumulative_figure_with_a_side(tmp_path, printed, target, code):
    """The reading of a 累计 figure with 以上 or a range is one-sided, as the target rule reads it."""
    assert 100.5 * 1.255 == pytest.approx(126.1275) and 100.5 * 1.305 == pytest.approx(131.1525)
    assert 99.5 * 0.895 == pytest.approx(89.0525)
    plan = load_plan(write_plan(tmp_path / "p", f"""\
        - {{id: x, name: 指标, unit: 亿元, kind: level, base: 100, target: {target},
           growth: {{printed: {printed}, reading: relative}}}}
        """))  # fmt: skip
    found = [f for f in check_plan(plan, select=["cumulative"]).results if f.family == "cumulative"]
    assert [f.code for f in found] == [code]
    rule = [f for f in check_plan(plan, select=["target-rule"]).results if f.family == "target-rule"]
    assert (rule[0].severity == "error") == (code == "cumulative-no-reading")  # the two checks agree


# ------------------------------------------------------------- yearly changes
@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("56.0", "target-rule-exact"),  # 50.0 + 5 × 1.2 = 56.0
        ("56.3", "target-rule-within-rounding"),  # 50.05 + 5 × 1.25 = 56.30 ≥ 56.25
        ("56.4", "target-rule-inconsistent"),  # 56.30 < 56.35
        ("55.7", "target-rule-within-rounding"),  # 49.95 + 5 × 1.15 = 55.70 ≤ 55.75
        ("55.6", "target-rule-inconsistent"),  # 55.70 > 55.65
    ],
)
def test_points_a_year(tmp_path, target, code):
    """年均提高1.2个百分点 is linear in points, not 1.2% compounded (50 · 1.012**5 = 53.07 would miss 56)."""
    f = one(tmp_path, "年均提高1.2个百分点", "50.0", target, kind="share", unit="%")
    assert f.code == code
    assert f.values["rule"] == "yearly-points"


def test_an_amount_a_year(tmp_path):
    """年均增长1万元 from 3.0: 3.0 + 5 × 1 = 8.0 (the unit, not a percent)."""
    f = one(tmp_path, "年均增长1万元", "3.0", "8.0", unit="万元")
    assert f.code == "target-rule-exact" and f.values["computed_target"] == pytest.approx(3.0 + 5 * 1)


def test_a_plan_of_another_period(tmp_path):
    """A 2025 → 2030 plan: 300 at 年均增长6% gives 300 · 1.06**5 = 401.47 → 401."""
    assert one(tmp_path, "年均增长6%", "300", "401", base_year=2025, target_year=2030).code == "target-rule-exact"


def test_an_indicator_with_its_own_years(tmp_path):
    """Growth since 2017 over four years inside a 2020 → 2025 plan: 100 · 1.05**4 = 121.55 → 122."""
    plan = load_plan(write_plan(tmp_path / "p", """\
        - id: x
          name: 指标
          unit: 亿元
          kind: level
          base: 100
          base_year: 2017
          target: 122
          target_year: 2021
          growth: 年均增长5%
        """))  # fmt: skip
    [f] = check_plan(plan, select=["target-rule"]).results
    assert f.code == "target-rule-exact"
    wide = project_wide(plan, to=2021)
    assert wide.loc[0, 2020] == pytest.approx(100 * 1.05**3)  # the path reaches the plan's base year
    assert wide.loc[0, 2021] == pytest.approx(100 * 1.05**4)


# ------------------------------------------------------------- fields and text
def test_explicit_fields_fill_what_the_text_leaves_open(tmp_path):
    """A bare 累计 25% needs its reading; given, it is used."""
    with pytest.raises(PlanError, match="does not say how to read"):
        one(tmp_path / "a", "累计 25%", "100", "125")
    f = one(tmp_path / "b", "{printed: 累计 25%, reading: relative}", "100.0", "125.0")
    assert f.code == "target-rule-exact"  # 100.0 · 1.25 = 125.0


def test_fields_that_contradict_the_text_are_an_error(tmp_path):
    with pytest.raises(PlanError) as caught:
        one(tmp_path, "{printed: 年均增长12%, basis: annual, value: 10}", "100", "161")
    assert caught.value.code == "printed-mismatch" and "年均增长12%" in caught.value.message


def test_a_relative_fall_beyond_zero_is_an_error(tmp_path):
    """累计下降120% of a level cannot be: a fall of 100% (100 · (1 − 1.00) = 0) already reaches zero."""
    with pytest.raises(PlanError) as caught:
        one(tmp_path / "a", "累计下降120%", "100", "0")
    assert caught.value.code == "out-of-bounds" and "-120" in caught.value.message
    assert one(tmp_path / "b", "累计下降100%", "100", "0").code == "target-rule-exact"  # 100 · 0 = 0


def test_a_base_printed_with_a_side(tmp_path):
    """A base of 42%以上 stands for [41.5, ∞): 年均提高1个百分点 to 52.0 needs a base of 52 − 5 = 47, which 42以上 allows
    (within rounding) and a plain 42 does not (42.5 + 5 × 1.5 = 50.0 < 51.95)."""
    assert 42.5 + 5 * 1.5 == 50.0
    sided = one(tmp_path / "a", "年均提高1个百分点", "42%以上", "52.0", kind="share", unit="%")
    assert sided.code == "target-rule-within-rounding" and sided.values["base_interval"] == [
        41.5,
        None,
    ]  # open: no upper end
    assert "42以上" in sided.message_en and "value of 47.0" in sided.message_en  # 52.0 − 5 × 1
    assert (
        one(tmp_path / "b", "年均提高1个百分点", "42", "52.0", kind="share", unit="%").code
        == "target-rule-inconsistent"
    )
    with pytest.raises(PlanError, match="a base is one figure"):
        one(tmp_path / "c", "年均提高1个百分点", "1-2%", "52.0", kind="share", unit="%")


@pytest.mark.parametrize(("base", "met"), [("42%以上", True), ("42%以下", False), ("42", True)])
def test_a_sided_base_meets_a_floor_only_from_its_side(tmp_path, base, met):
    """不低于40 is met by a base of 42 or of 42以上, but 42以下 may be below 40."""
    plan = load_plan(write_plan(tmp_path / "p", f"- {{id: x, name: 甲, unit: '%', kind: share, base: {base}, "
                                               "target: 40, direction: at_least}\n"))  # fmt: skip
    codes = [f.code for f in check_plan(plan).results]
    assert ("target-already-met" in codes) == met


def test_a_target_as_printed(tmp_path):
    """target: 突破600亿元 is 600 with the side at_least; 由35%提高到45% gives the base too."""
    plan = load_plan(write_plan(tmp_path / "p", """\
        - {id: a, name: 地区生产总值, unit: 亿元, kind: level, target: 突破600亿元}
        - {id: b, name: 城镇化率, unit: "%", kind: share, target: 由35%提高到45%}
        """))  # fmt: skip
    ind = plan.indicators.set_index("id")
    assert (ind.loc["a", "target"], ind.loc["a", "direction"]) == (600, "at_least")
    assert (ind.loc["b", "base"], ind.loc["b", "target"]) == (35, 45)


def test_a_target_in_another_unit_is_an_error(tmp_path):
    with pytest.raises(PlanError) as caught:
        load_plan(write_plan(tmp_path / "p", "- {id: a, name: 收入, unit: 元, kind: level, target: 3万元}\n"))
    assert caught.value.code == "printed-mismatch"


def test_the_lightest_plan(tmp_path):
    """id, name, unit, kind and one figure are enough: no baseline file, no sources, no English names."""
    plan = load_plan(
        write_plan(tmp_path / "p", "- {id: gdp, name: 地区生产总值, unit: 亿元, kind: level, target: 600}\n")
    )
    report = check_plan(plan)
    assert report.summary()["errors"] == 0
    assert plan.indicators.loc[0, "name_en"] == "地区生产总值"


# ------------------------------------------------------------------- property
_FORMS = st.sampled_from([
    ("年均增长{g}%", "level", lambda b, g, n: b * (1 + g / 100) ** n, "equal"),
    ("年均增长{g}%以上", "level", lambda b, g, n: b * (1 + g / 100) ** n, "floor"),
    ("年均提高{g}个百分点", "share", lambda b, g, n: b + g * n, "equal"),
    ("{{printed: 累计{g}%, reading: relative}}", "level", lambda b, g, n: b * (1 + g / 100), "equal"),
    ("累计提高{g}个百分点", "share", lambda b, g, n: b + g, "equal"),
    ("{{printed: 累计增长{g}%以上, reading: relative}}", "level", lambda b, g, n: b * (1 + g / 100), "floor"),
])  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_FORMS, st.integers(10, 50), st.integers(1, 6), st.integers(4, 7)), min_size=2, max_size=6),
       st.data())  # fmt: skip
def test_targets_rounded_from_their_rules_pass_and_one_moved_fails(tmp_path_factory, rows, data):
    """A plan whose targets are computed from their rules and rounded half up has no error; moving one target
    beyond what its rule's intervals reach gives exactly one."""
    where = tmp_path_factory.mktemp("plan")
    lines, targets = [], []
    for k, ((printed, kind, rule, _), base, g, n) in enumerate(rows):
        target = rule(float(base), float(g), n)
        targets.append(target)
        lines.append(f"- {{id: x{k}, name: 指标{k}, unit: '{'%' if kind == 'share' else '亿元'}', kind: {kind}, "
                     f"base: {base}, base_year: {2025 - n}, target: {format_half_up(target, 1)}, target_year: 2025, "
                     f"growth: \"{printed.format(g=g)}\"}}" if "{{" not in printed else
                     f"- {{id: x{k}, name: 指标{k}, unit: 亿元, kind: {kind}, base: {base}, base_year: {2025 - n}, "
                     f"target: {format_half_up(target, 1)}, target_year: 2025, growth: {printed.format(g=g)}}}")  # fmt: skip
    clean = load_plan(write_plan(where / "clean", "\n".join(lines) + "\n", base_year=2018))
    assert check_plan(clean, select=["target-rule", "cumulative"]).summary()["errors"] == 0
    moved = data.draw(st.integers(0, len(rows) - 1))
    (printed, kind, rule, side), base, g, n = rows[moved]
    # beyond the reachable interval: the rule at the ends of the base and growth intervals, and one more unit
    far = (
        rule(base + 0.5, g + 0.5, n) + 1
        if side == "floor" or data.draw(st.booleans())
        else rule(base - 0.5, g - 0.5, n) - 1
    )
    lines[moved] = lines[moved].replace(
        f"target: {format_half_up(targets[moved], 1)},", f"target: {format_half_up(far, 1)},"
    )
    broken = load_plan(write_plan(where / "broken", "\n".join(lines) + "\n", base_year=2018))
    errors = [f for f in check_plan(broken, select=["target-rule"]).findings if f.severity == "error"]
    assert [f.ids for f in errors] == [(f"x{moved}",)]
    # the reading check of a 累计 figure, where there is one, points at the same row and no other
    errors = [f for f in check_plan(broken, select=["cumulative"]).findings if f.severity == "error"]
    assert {f.ids for f in errors} <= {(f"x{moved}",)}


# ---------------------------------------------------------------- horizons
GOALS = """\
- id: gdp
  name: 地区生产总值
  unit: 亿元
  kind: level
  base: 140
  target: 300
  goals:
    - {year: 2035, target: 突破600亿元}
- id: urban
  name: 城镇化率
  unit: "%"
  kind: share
  base: 40.0
  target: 45.0
  growth: 年均提高1个百分点
  goals:
    - {year: 2035, target: 55.0, growth: 年均提高1个百分点}
"""


def test_a_goal_without_a_rule_gives_the_rate_it_needs(tmp_path):
    """300 in 2025 to 600 in 2035 needs (600/300)**(1/10) − 1 = 7.18% a year; no false quote-conflict."""
    report = check_plan(load_plan(write_plan(tmp_path / "p", GOALS)))
    [f] = [f for f in report.results if f.code == "goal-implied-rate"]
    assert f.ids == ("gdp",) and f.values["implied_rate_pct"] == pytest.approx((2**0.1 - 1) * 100)
    assert report.summary()["errors"] == 0


def test_a_goal_with_a_rule_is_checked_against_it(tmp_path):
    """45.0 + 10 × 1 = 55.0 in 2035: exact; a goal of 61.0 needs more than the printed 1 (read as [0.5, 1.5])
    allows: 45.05 + 10 × 1.5 = 60.05 < 60.95."""
    report = check_plan(load_plan(write_plan(tmp_path / "a", GOALS)))
    assert [f.code for f in report.results if f.family == "goals" and f.ids == ("urban",)] == ["goal-rule-exact"]
    broken = check_plan(load_plan(write_plan(tmp_path / "b", GOALS.replace("target: 55.0", "target: 61.0"))))
    [f] = [f for f in broken.findings if f.code == "goal-rule-inconsistent"]
    assert f.values["goal_year"] == 2035 and f.message_en.startswith("2035 goal:")


def test_the_projection_passes_through_each_goal(tmp_path):
    """Under continue, GDP goes from 300 in 2025 to 600 in 2035 at 7.18% a year (300 · 2**0.5 in 2030)."""
    wide = project_wide(load_plan(write_plan(tmp_path / "p", GOALS)), to=2035).set_index("id")
    assert wide.loc["gdp", 2030] == pytest.approx(300 * 2**0.5) and wide.loc["gdp", 2035] == pytest.approx(600)
    assert wide.loc["urban", 2030] == pytest.approx(50.0)


def test_the_outlook_uses_the_goal(tmp_path):
    """The outlook to 2035 shows the plan's 2035 goal and the rate it needs from the start (the 2025 target)."""
    from lingyuan_targets import outlook

    res = outlook(load_plan(write_plan(tmp_path / "p", GOALS))).drop_duplicates("id").set_index("id")
    assert res.loc["gdp", "plan_goal"] == 600 and res.loc["gdp", "plan_goal_rate"] == pytest.approx((2**0.1 - 1) * 100)
    assert res.loc["urban", "plan_goal_rate"] == pytest.approx((55 - 45) / 10)  # points a year for a share


def test_a_quote_without_a_line_is_reported_not_a_crash(tmp_path):
    """A plan typed from an article: a quote that disagrees and has no line gives quote-conflict, says so."""
    plan = load_plan(write_plan(tmp_path / "p", """\
        - id: gdp
          name: 地区生产总值
          unit: 亿元
          kind: level
          base: 150.2
          target: 242
          quotes:
            - {what: target, value: 240}
        """))  # fmt: skip
    [f] = [f for f in check_plan(plan).findings if f.code == "quote-conflict"]
    assert "no line given" in f.message_en


def test_a_sum_on_the_bases_the_targets_imply(tmp_path):
    """Three sectors with targets and rates but no bases: 100/1.1**5 + 150/1.08**5 + 80/1.12**5 = 209.57,
    against a printed total base of 140: a sum-mismatch on the bases, beside the one on the targets."""
    where = write_plan(tmp_path / "p", """\
        - {id: gdp, name: 地区生产总值, unit: 亿元, kind: level, base: 140, target: 330, growth: 年均增长18.77%}
        - {id: primary, name: 第一产业增加值, unit: 亿元, kind: level, target: 100, growth: 年均增长10%}
        - {id: secondary, name: 第二产业增加值, unit: 亿元, kind: level, target: 150, growth: 年均增长8%}
        - {id: tertiary, name: 第三产业增加值, unit: 亿元, kind: level, target: 80, growth: 年均增长12%}
        """)  # fmt: skip
    (where / "relations.yaml").write_text("relations:\n  - {id: sectors, type: sum, total: gdp, "
                                          "parts: [primary, secondary, tertiary]}\n", encoding="utf-8")  # fmt: skip
    found = {f.values["total"]: f for f in check_plan(load_plan(where), select=["sums"]).results}
    assert found[330].code == "sum-consistent"  # 100 + 150 + 80 = 330
    implied = found[140]
    assert implied.code == "sum-mismatch"
    assert implied.values["sum_of_parts"] == pytest.approx(100 / 1.1**5 + 150 / 1.08**5 + 80 / 1.12**5)  # 209.57


def test_traditional_characters_are_read(tmp_path):
    """A page in big5 (年均增長, 達到, 萬億元): the rule and the target are read, and 萬億元 is the unit 万亿元.
    100 · 1.09**5 = 153.86 prints 153.9, the target."""
    assert 100 * 1.09**5 == pytest.approx(153.862, abs=1e-3)
    plan = load_plan(write_plan(tmp_path / "p", """\
        - {id: gdp, name: 生産總值, unit: 萬億元, kind: level, base: 100, target: 力爭達到153.9萬億元,
           growth: 年均增長9%}
        """, base_year=2021, target_year=2026))  # fmt: skip
    [f] = [f for f in check_plan(plan, select=["target-rule"]).results if f.family == "target-rule"]
    assert f.code == "target-rule-exact"


@pytest.mark.parametrize(
    ("target", "code"),
    [
        (
            "突破130亿元",
            "target-rule-exact",
        ),  # 100 · 1.07**5 = 140.26 passes the floor 130 (even 99.5 · 1.065**5 = 136.3)
        ("突破150亿元", "target-rule-inconsistent"),  # 100.5 · 1.075**5 = 144.28 < 149.5: the path falls short
        ("140亿元", "target-rule-exact"),  # a plain target: 140.26 prints 140
    ],
)
def test_a_floor_target_under_a_fixed_rate(tmp_path, target, code):
    """A floor target is met by any path at or above it: a fixed rate that overshoots it is no false alarm."""
    assert 99.5 * 1.065**5 == pytest.approx(136.32, abs=1e-2) and 100.5 * 1.075**5 == pytest.approx(144.28, abs=1e-2)
    assert one(tmp_path, "年均增长7%", "100", target).code == code


def test_a_ceiling_target_under_a_falling_rate(tmp_path):
    """控制在30以内 from 50 at −5% a year: 50 · 0.95**5 = 38.69 is above 30 even at the fastest fall within
    rounding (49.5 · 0.945**5 = 37.30 > 30.5): inconsistent; 控制在45以内: 50.5 · 0.955**5 = 40.12 < 44.5, met."""
    assert 49.5 * 0.945**5 == pytest.approx(37.30, abs=1e-2) and 50.5 * 0.955**5 == pytest.approx(40.12, abs=1e-2)
    assert one(tmp_path, "年均下降5%", "50", "控制在30以内", kind="share", unit="%").code == "target-rule-inconsistent"
    assert one(tmp_path, "年均下降5%", "50", "控制在45以内", kind="share", unit="%").code == "target-rule-exact"

"""A plans table written the light way: rules and targets as printed (``growth``), goals past the target year
(``goal_year``, ``goal``, ``goal_growth``) and parts of a total (``parent``); worked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from lingyuan_targets.checks.runner import check_stack
from lingyuan_targets.engine.many import project_stack
from lingyuan_targets.io.plantable import read_plans_table

HEAD = "plan,id,name,unit,kind,base,target,growth,goal_year,goal,goal_growth,parent\n"


def table(tmp_path: Path, rows: str, head: str = HEAD) -> Path:
    path = tmp_path / "plans.csv"
    path.write_text(head + rows, encoding="utf-8")
    return path


def findings(path: Path) -> dict[str, list]:
    """Every finding (passes included) per plan."""
    stacks, problems, _ = read_plans_table(path)
    assert not problems, problems
    return {r.plan: r.results for st in stacks for r in check_stack(st, passes=True)}


def by_code(results: list, code: str) -> list:
    return [f for f in results if f.code == code]


def test_a_printed_rule_fills_the_growth_columns(tmp_path):
    """年均增长10%以上 is an annual floor of 10: 100 · 1.1**5 = 161.051 reaches 150 (exact), 161 (exact) but not 170
    even within rounding (100.5 · 1.105**5 = 165.57 < 169.5)."""
    assert 100 * 1.1**5 == pytest.approx(161.051)
    assert 100.5 * 1.105**5 == pytest.approx(165.568, abs=1e-3)
    path = table(tmp_path, "p,a,甲,亿元,level,100,150,年均增长10%以上,,,,\n"
                           "p,b,乙,亿元,level,100,161,年均增长10%以上,,,,\n"
                           "p,c,丙,亿元,level,100,170,年均增长10%以上,,,,\n")  # fmt: skip
    results = findings(path)["p"]
    verdict = {f.ids[0]: f.code for f in results if f.family == "target-rule"}
    assert verdict == {"a": "target-rule-exact", "b": "target-rule-exact", "c": "target-rule-inconsistent"}
    stacks, _, _ = read_plans_table(path)
    row = stacks[0].plan.indicators.iloc[0]
    assert (row["growth_basis"], row["growth_value"], row["growth_bound"]) == ("annual", 10.0, "at_least")
    assert row["growth_printed"] == "年均增长10%以上"


def test_points_a_year_are_linear(tmp_path):
    """年均提高1个百分点 from 40%: 40 + 5 · 1 = 45 (exact). Within the rounding of 40 (±0.5) and of 1 (0.5 to 1.5)
    the path reaches at most 40.5 + 5 · 1.5 = 48: 48 is within rounding, 49 (needs 48.5) is not."""
    path = table(tmp_path, "p,urban,城镇化率,%,share,40,45,年均提高1个百分点,,,,\n"
                           "p,forest,森林覆盖率,%,share,40,48,年均提高1个百分点,,,,\n"
                           "p,green,绿地率,%,share,40,49,年均提高1个百分点,,,,\n")  # fmt: skip
    verdict = {f.ids[0]: f.code for f in findings(path)["p"] if f.family == "target-rule"}
    assert verdict == {"urban": "target-rule-exact", "forest": "target-rule-within-rounding",
                       "green": "target-rule-inconsistent"}  # fmt: skip
    stacks, _, _ = read_plans_table(path)
    wide = project_stack(stacks[0], to=2025)
    assert wide[2023].iloc[0] == pytest.approx(40 + 3 * 1)


def test_a_column_that_says_otherwise_than_the_printed_rule(tmp_path):
    """growth_value 8 beside 年均增长10%: a printed-mismatch problem at that line and column."""
    path = table(tmp_path, "p,gdp,GDP,亿元,level,100,161,年均增长10%,8\n",
                 head="plan,id,name,unit,kind,base,target,growth,growth_value\n")  # fmt: skip
    stacks, problems, _ = read_plans_table(path)
    assert stacks == []
    [problem] = problems["p"]
    assert (problem.location.line, problem.location.field, problem.code) == (2, "growth_value", "printed-mismatch")


def test_text_that_is_not_a_rule_is_named(tmp_path):
    """An unreadable growth or goal_growth cell is an unknown-phrase problem naming its line and column."""
    path = table(tmp_path, "p,gdp,GDP,亿元,level,100,161,很快增长,,,,\n"
                           "p,inc,收入,元,level,100,161,年均增长10%,2035,,稳步增长,\n")  # fmt: skip
    _, problems, _ = read_plans_table(path)
    found = sorted((p.location.line, p.location.field, p.code) for p in problems["p"])
    assert found == [(2, "growth", "unknown-phrase"), (3, "goal_growth", "unknown-phrase")]


def test_a_goal_without_a_rule_gives_the_rate_it_needs(tmp_path):
    """突破600亿元 in 2035 from the 2025 target 300: (600/300)**(1/10) − 1 = 7.177% a year, at least."""
    rate = ((600 / 300) ** (1 / 10) - 1) * 100
    assert rate == pytest.approx(7.1773, abs=1e-4)
    path = table(tmp_path, "w,gdp,地区生产总值,亿元,level,140,300,年均增长16.5%,2035,突破600亿元,,\n")
    [goal] = by_code(findings(path)["w"], "goal-implied-rate")
    assert goal.values["implied_rate_pct"] == pytest.approx(rate)
    assert (goal.values["from"], goal.values["goal"], goal.values["from_year"]) == (300.0, 600.0, 2025)
    assert "at least 7.18% a year" in goal.message_en


@pytest.mark.parametrize(
    ("goal", "code"),
    [
        ("590", "goal-rule-exact"),  # 300 · 1.07**10 = 590.145 prints 590
        ("600", "goal-rule-within-rounding"),  # 599.5 lies between 299.5 · 1.065**10 = 562.2 and 300.5 · 1.075**10
        ("640", "goal-rule-inconsistent"),  # 639.5 is beyond 300.5 · 1.075**10 = 619.34
    ],
)
def test_a_goal_with_its_own_rule(tmp_path, goal, code):
    """年均增长7% from the 2025 target 300 to a 2035 goal; the rounding of 300 (±0.5) and of 7 (6.5 to 7.5)."""
    assert 300 * 1.07**10 == pytest.approx(590.145, abs=1e-3)
    assert 299.5 * 1.065**10 == pytest.approx(562.21, abs=1e-2)
    assert 300.5 * 1.075**10 == pytest.approx(619.34, abs=1e-2)
    path = table(tmp_path, f"w,gdp,地区生产总值,亿元,level,140,300,年均增长16.5%,2035,{goal},年均增长7%,\n")
    assert [f.code for f in findings(path)["w"] if f.family == "goals"] == [code]


def test_the_continue_path_passes_through_a_goal(tmp_path):
    """Past the target year the path runs from the 2025 path value 140 · 1.165**5 = 300.44 to the 2035 goal 590
    at the rate that joins them."""
    path = table(tmp_path, "w,gdp,地区生产总值,亿元,level,140,300,年均增长16.5%,2035,590,年均增长7%,\n")
    stacks, _, _ = read_plans_table(path)
    wide = project_stack(stacks[0], to=2035)
    start = 140 * 1.165**5
    assert wide[2025].iloc[0] == pytest.approx(start)
    assert wide[2035].iloc[0] == pytest.approx(590)
    assert wide[2030].iloc[0] == pytest.approx(start * (590 / start) ** 0.5)


def test_parts_name_their_parent(tmp_path):
    """Three parts 100 + 150 + 80 = 330 against a total printed 300: a sum mismatch on the targets."""
    path = table(tmp_path, "w,gdp,地区生产总值,亿元,level,140,300,年均增长16.5%,,,,\n"
                           "w,pri,第一产业,亿元,level,,100,年均增长10%,,,,gdp\n"
                           "w,sec,第二产业,亿元,level,,150,年均增长8%,,,,gdp\n"
                           "w,ter,第三产业,亿元,level,,80,年均增长12%,,,,gdp\n")  # fmt: skip
    sums = by_code(findings(path)["w"], "sum-mismatch")
    on_targets = [f for f in sums if "(target)" in f.message_en]
    assert len(on_targets) == 1 and "100 + 150 + 80 = 330" in on_targets[0].message_en
    # the bases the parts imply, 100/1.1**5 + 150/1.08**5 + 80/1.12**5 = 209.57, against 140
    implied = 100 / 1.1**5 + 150 / 1.08**5 + 80 / 1.12**5
    assert implied == pytest.approx(209.574, abs=1e-3)
    assert any(f"{implied:.6g}" in f.message_en for f in sums)


def test_parts_that_add_up(tmp_path):
    """60 + 90 + 150 = 300 on the targets: sum-consistent."""
    path = table(tmp_path, "w,gdp,GDP,亿元,level,,300,,,,,\n"
                           "w,pri,一产,亿元,level,,60,,,,,gdp\n"
                           "w,sec,二产,亿元,level,,90,,,,,gdp\n"
                           "w,ter,三产,亿元,level,,150,,,,,gdp\n")  # fmt: skip
    codes = [f.code for f in findings(path)["w"] if f.family == "sums"]
    assert codes == ["sum-consistent"]


def test_a_parent_that_is_not_in_the_plan(tmp_path):
    path = table(tmp_path, "w,pri,一产,亿元,level,,60,,,,,gdp\n")
    _, problems, _ = read_plans_table(path)
    [problem] = problems["w"]
    assert (problem.location.line, problem.location.field, problem.code) == (2, "parent", "bad-reference")


def test_a_plan_of_another_period(tmp_path):
    """A 15th-plan table, 2025 to 2030 with 2035 goals: 200 · 1.06**5 = 267.645 prints 268 (exact); the path runs
    from 2025."""
    assert 200 * 1.06**5 == pytest.approx(267.645, abs=1e-3)
    path = table(tmp_path, "q,gdp,GDP,亿元,level,200,268,年均增长6%,2025,2030,2035\n",
                 head="plan,id,name,unit,kind,base,target,growth,base_year,target_year,horizon_year\n")  # fmt: skip
    results = findings(path)["q"]
    assert [f.code for f in results if f.family == "target-rule"] == ["target-rule-exact"]
    stacks, _, _ = read_plans_table(path)
    wide = project_stack(stacks[0], to=2030)
    assert [c for c in wide.columns if isinstance(c, int)] == list(range(2025, 2031))
    assert wide[2030].iloc[0] == pytest.approx(200 * 1.06**5)


def test_a_row_with_its_own_years(tmp_path):
    """In a 2022→2027 plan, 70% by 2025 and growth since 2017: each row runs over its own years. 50 · 1.1**8 =
    107.18 prints 107 (2017→2025, exact); 2.0 + 5 × 0.16 = 2.8 over 2022→2027, but so would 0.17 a year from the
    low end of the base (1.95 + 5 × 0.17 = 2.80): too coarse to prove anything. The plan's years are its first
    row's, so the stack is one plan of 2022→2027."""
    assert 50 * 1.1**8 == pytest.approx(107.179, abs=1e-3)
    path = table(tmp_path, "s,rd,研发投入强度,%,share,2.0,2.8,每年要提高0.16个百分点,2022,2027\n"
                           "s,urban,城镇化率,%,share,,70%左右,,2022,2025\n"
                           "s,x,某指标,亿元,level,50,107,年均增长10%,2017,2025\n",
                 head="plan,id,name,unit,kind,base,target,growth,base_year,target_year\n")  # fmt: skip
    stacks, problems, _ = read_plans_table(path)
    assert not problems and len(stacks) == 1
    assert (stacks[0].plan.meta["base_year"], stacks[0].plan.meta["target_year"]) == (2022, 2027)
    results = findings(path)["s"]
    assert {f.ids[0].split("/")[-1]: f.code for f in results if f.family == "target-rule"} == {
        "x": "target-rule-exact"}  # fmt: skip
    assert 1.95 + 5 * 0.17 == pytest.approx(2.80)
    assert [f.code for f in results if f.ids == ("rd",) and f.family == "plausibility"] == ["check-too-coarse"]
    wide = project_stack(stacks[0], to=2027).set_index("id")
    assert wide.loc["x", 2022] == pytest.approx(50 * 1.1**5)  # the rule from the row's own base year 2017
    assert wide.loc["x", 2025] == pytest.approx(50 * 1.1**8)
    assert wide.loc["rd", 2025] == pytest.approx(2.0 + 3 * 0.16)
    assert wide.loc["urban", 2025] == 70


def test_a_period_total_keeps_the_plans_years(tmp_path):
    path = table(tmp_path, "s,gdp,GDP,亿元,level,100,150,,2020,2025\n"
                           "s,inv,投资,亿元,period_total,,500,,2021,2025\n",
                 head="plan,id,name,unit,kind,base,target,growth,base_year,target_year\n")  # fmt: skip
    _, problems, _ = read_plans_table(path)
    [problem] = problems["s"]
    assert (problem.location.line, problem.location.field, problem.code) == (3, "base_year", "not-allowed")


def test_a_target_that_prints_its_start(tmp_path):
    """由目前的3.5万元增长到5.3万元左右 gives base 3.5 and target 5.3, a path of (5.3 / 3.5)**(1/5) − 1 = 8.65% a
    year (2023: 3.5 · (5.3 / 3.5)**0.6 = 3.5 · e**(0.6 · 0.41494) = 4.4894); a
    base column saying 3.6 beside it is a printed-mismatch; an unreadable target is quoted in the problem."""
    assert (5.3 / 3.5) ** 0.2 - 1 == pytest.approx(0.08653, abs=1e-5)
    path = table(tmp_path, "s,inc,城镇居民人均可支配收入,万元,level,,由目前的3.5万元增长到5.3万元左右,\n",
                 head="plan,id,name,unit,kind,base,target,growth\n")  # fmt: skip
    stacks, problems, _ = read_plans_table(path)
    assert not problems
    ind = stacks[0].plan.indicators.iloc[0]
    assert (ind["base"], ind["base_decimals"], ind["target"]) == (3.5, 1, 5.3)
    assert 3.5 * (5.3 / 3.5) ** 0.6 == pytest.approx(4.4894, abs=1e-4)
    assert project_stack(stacks[0], to=2025)[2023].iloc[0] == pytest.approx(3.5 * (5.3 / 3.5) ** 0.6)
    bad = table(tmp_path, "s,inc,收入,万元,level,3.6,由3.5万元增长到5.3万元,\n"
                          "s,b,乙,万元,level,,很多,\n", head="plan,id,name,unit,kind,base,target,growth\n")  # fmt: skip
    _, problems, _ = read_plans_table(bad)
    found = sorted((p.location.line, p.location.field, p.code) for p in problems["s"])
    assert found == [(2, "base", "printed-mismatch"), (3, "target", "unknown-phrase")]
    assert "'很多'" in next(p for p in problems["s"] if p.code == "unknown-phrase").message


def test_a_further_change_over_the_period(tmp_path):
    """医疗床位再增加5000张: a change over the period in the unit (cumulative, absolute): 20000 + 5000 = 25000."""
    path = table(
        tmp_path, "s,beds,床位,张,level,20000,25000,再增加5000张\n", head="plan,id,name,unit,kind,base,target,growth\n"
    )
    stacks, problems, _ = read_plans_table(path)
    assert not problems
    ind = stacks[0].plan.indicators.iloc[0]
    assert (ind["growth_basis"], ind["growth_reading"], ind["growth_value"]) == ("cumulative", "absolute", 5000)
    [f] = [f for f in findings(path)["s"] if f.code == "cumulative-reading"]
    assert f.verdict == "exact" and f.values["absolute_gives"] == 20000 + 5000


def test_attribute_and_origin_as_given(tmp_path):
    """No attribute printed: none recorded (not 预期性); origin text or table (default table); others are problems."""
    path = table(tmp_path, "a,x,甲,亿元,level,100,161,,text\na,y,乙,亿元,level,100,161,约束性,\n",
                 head="plan,id,name,unit,kind,base,target,attribute,origin\n")  # fmt: skip
    stacks, problems, _ = read_plans_table(path)
    assert not problems
    ind = stacks[0].plan.indicators
    assert ind["attribute"].tolist() == [None, "约束性"] and ind["origin"].tolist() == ["text", "table"]
    bad = table(
        tmp_path,
        "a,x,甲,亿元,level,100,161,bogus,prose\n",
        head="plan,id,name,unit,kind,base,target,attribute,origin\n",
    )
    _, problems, _ = read_plans_table(bad)
    assert sorted((p.location.field, p.code) for p in problems["a"]) == [("attribute", "not-allowed"),
                                                                         ("origin", "not-allowed")]  # fmt: skip


def test_a_scenario_leaves_untagged_rows_to_the_plans_rule_through_its_goals(tmp_path):
    """moderate (5% a year, tags output and income) leaves an untagged row to the plan's own rule, and that rule
    passes through the 2035 goal: 300 · 2**(10/10) = 600 in 2035, 300 · 2**0.5 = 424.26 in 2030; a tagged row takes
    the scenario's 5%: 300 · 1.05**10 = 488.67."""
    path = table(tmp_path, "w,gdp,GDP,亿元,level,140,300,,2035,600,,,\nw,inc,收入,亿元,level,140,300,,2035,600,,,output\n",
                 head=HEAD.replace("parent\n", "parent,tags\n"))  # fmt: skip
    stacks, problems, _ = read_plans_table(path)
    assert not problems
    wide = project_stack(stacks[0], to=2035, scenario="moderate").set_index("id")
    assert wide.loc["gdp", 2030] == pytest.approx(300 * 2**0.5) and wide.loc["gdp", 2035] == pytest.approx(600)
    assert wide.loc["inc", 2035] == pytest.approx(300 * 1.05**10)


def test_parents_that_cannot_be_sums(tmp_path):
    """a ↔ b and c under itself are cycles (bad-reference); a share under a total in 亿元 is in another unit."""
    path = table(tmp_path, "p,a,A,亿元,level,,100,b\np,b,B,亿元,level,,100,a\np,c,C,亿元,level,,100,c\n"
                           "p,d,D,亿元,level,,300,\np,e,E,%,share,,50,d\n",
                 head="plan,id,name,unit,kind,base,target,parent\n")  # fmt: skip
    _, problems, _ = read_plans_table(path)
    assert sorted((p.location.line, p.code) for p in problems["p"]) == [
        (2, "bad-reference"), (3, "bad-reference"), (4, "bad-reference"), (6, "printed-mismatch")]  # fmt: skip


def test_units_printed_in_a_phrase_must_be_the_rows(tmp_path):
    """突破6.5万亿元 in a row in 亿元, a goal in 万亿元, 年均增长5000万元 in 元: printed-mismatch, each on its cell;
    萬億元 and 万亿元 are one unit."""
    path = table(tmp_path, "p,a,A,亿元,level,5,突破6.5万亿元,,2035,6.5万亿元\np,b,B,元,level,100,200,年均增长5000万元,,\n"
                           "p,c,C,萬億元,level,5,突破6.5万亿元,,,\n",
                 head="plan,id,name,unit,kind,base,target,growth,goal_year,goal\n")  # fmt: skip
    _, problems, _ = read_plans_table(path)
    assert sorted((p.location.line, p.location.field, p.code) for p in problems["p"]) == [
        (2, "goal", "printed-mismatch"), (2, "target", "printed-mismatch"), (3, "growth", "printed-mismatch")]  # fmt: skip


def test_plan_ids_are_kebab_case(tmp_path):
    path = table(tmp_path, "=1+1,a,A,亿元,level,,1\n", head="plan,id,name,unit,kind,base,target\n")
    stacks, problems, _ = read_plans_table(path)
    assert stacks == [] and [p.code for p in problems["=1+1"]] == ["not-allowed"]


@pytest.mark.parametrize("rows", [
    "p,a,A,亿元,level,100,0,年均增长5%,\n",  # a target of 0: no deviation in percent
    "p,a,A,亿元,level,0,0,年均增长5%,\np,b,B,亿元,level,0,0,年均增长0%,\n",  # nothing to compound from
    "p,a,A,张,level,0,5,年均增长99%,\n",
    "p,gdp,G,亿元,level,,300,年均增长7%以上,\np,x,X,亿元,level,,100,年均增长7%以上,gdp\n",  # implied: open above
])  # fmt: skip
def test_degenerate_figures_give_findings_not_crashes(tmp_path, rows):
    """Every format of check runs: JSON has no NaN or infinity (an open end is null), and no internal error."""
    import json

    import click
    from click.testing import CliRunner

    from lingyuan_targets.cli import main

    path = table(tmp_path, rows, head="plan,id,name,unit,kind,base,target,growth,parent\n")
    for fmt in ("json", "csv", "markdown"):
        result = CliRunner().invoke(click.Command("x", callback=lambda f=fmt: main(
            ["check", "--plan", str(path), "-f", f, "--all"])), [], catch_exceptions=False)  # fmt: skip
        assert result.exit_code in (0, 1) and "Internal error" not in result.output, result.output
        if fmt == "json":
            json.loads(result.output, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))


def test_a_header_without_rows(tmp_path):
    path = table(tmp_path, "", head="plan,id,name,unit,kind,base,target\n")
    with pytest.raises(Exception) as caught:
        read_plans_table(path)
    assert "header and no rows" in str(caught.value) and caught.value.code == "empty-file"


@pytest.mark.parametrize(("growth", "message"), [
    ("累计下降120%", "a relative change below -100% is not possible"),  # a fall of 100% already reaches zero
    ("年均下降100%", "an annual rate at or below -100% is not possible"),
])  # fmt: skip
def test_a_fall_beyond_zero_names_the_printed_cell(tmp_path, growth, message):
    """The problem names the column the user wrote (growth) and its text; a table whose every plan is unusable
    writes nothing (not a header alone) and exits 2."""
    from .test_cli import _invoke

    path = table(tmp_path, f"p,x,X,亿元,level,100,0,{growth}\n", head="plan,id,name,unit,kind,base,target,growth\n")
    _, problems, _ = read_plans_table(path)
    [p] = problems["p"]
    assert (p.location.line, p.location.field, p.code) == (2, "growth", "out-of-bounds") and message in p.message
    out = tmp_path / "findings.csv"
    for command in (["check", "--plan", str(path), "-o", str(out)], ["project", "--plan", str(path), "-o", str(out)]):
        result = _invoke(command)
        assert result.exit_code == 2 and not out.exists(), result.output


def test_a_target_range_in_a_table(tmp_path):
    """130-140亿元 in a target cell keeps both ends: 100 · 1.06**5 = 133.82 is inside (exact); 141-150 is out of
    reach even at 100.5 · 1.065**5 = 137.69 < 140.5."""
    assert 100 * 1.06**5 == pytest.approx(133.8226, abs=1e-4) and 100.5 * 1.065**5 == pytest.approx(137.6937, abs=1e-4)
    path = table(tmp_path, "p,a,甲,亿元,level,100,130-140亿元,年均增长6%\np,b,乙,亿元,level,100,141-150亿元,年均增长6%\n",
                 head="plan,id,name,unit,kind,base,target,growth\n")  # fmt: skip
    results = findings(path)["p"]
    verdicts = {f.ids[0].rpartition("/")[2]: f.code for f in results if f.family == "target-rule"}
    assert verdicts == {"a": "target-rule-exact", "b": "target-rule-inconsistent"}


def test_parts_of_other_years_are_not_summed(tmp_path):
    """A part with its own years (base 2017, target 2022) does not add up with the total's 2020 and 2025 figures:
    50 + 40 = 90 against 100 would be a false sum-mismatch; the sum is reported as not checked, for both."""
    path = table(tmp_path, "p,gdp,G,亿元,level,100,161,年均增长10%,,,\n"
                           "p,a,A,亿元,level,50,81,年均增长10%,gdp,2017,2022\n"
                           "p,b,B,亿元,level,40,64,年均增长10%,gdp,,\n",
                 head="plan,id,name,unit,kind,base,target,growth,parent,base_year,target_year\n")  # fmt: skip
    results = findings(path)["p"]
    sums = [f for f in results if f.family == "sums"]
    assert [f.code for f in sums] == ["sum-years-differ", "sum-years-differ"]
    assert sums[1].values["years"] == {"gdp": 2020, "a": 2017, "b": 2020}


def test_a_target_already_met_names_the_rows_own_years(tmp_path):
    """A row for 2017 → 2022 whose base 50 already meets its floor target of 40 says 2017 and 2022, not the plan's."""
    path = table(tmp_path, "p,gdp,G,亿元,level,100,161,年均增长10%,,\np,a,A,亿元,level,50,不低于40亿元,,2017,2022\n",
                 head="plan,id,name,unit,kind,base,target,growth,base_year,target_year\n")  # fmt: skip
    [met] = by_code(findings(path)["p"], "target-already-met")
    assert "2022 target 40" in met.message_en and "2017 value 50" in met.message_en


def test_a_base_with_a_side_in_a_sum(tmp_path):
    """Parts 60以上 and 30 against a total of 100: 59.5 + 29.5 = 89 up to no upper end reaches [99.5, 100.5], so
    the sum holds within rounding; printed plainly, 60.5 + 30.5 = 91 < 99.5 is a sum-mismatch."""
    head = "plan,id,name,unit,kind,base,target,parent\n"
    for base, code in (("60亿元以上", "sum-within-rounding"), ("60", "sum-mismatch")):
        path = table(tmp_path, f"p,t,T,亿元,level,100,,\np,a,A,亿元,level,{base},,t\np,b,B,亿元,level,30,,t\n",
                     head=head)  # fmt: skip
        sums = [f.code for f in findings(path)["p"] if f.family == "sums"]
        assert sums == [code], (base, sums)


def test_a_scenario_that_changes_nothing_says_so(tmp_path):
    """doubling applies to levels tagged output or income; a table without tags gets a note that every row follows
    continue, and a table whose gdp row carries the tag gets none (its 2035 value is then 2 × 140 = 280)."""
    from .test_cli import _invoke

    plain = table(tmp_path, "p,gdp,G,亿元,level,140,200,\n", head="plan,id,name,unit,kind,base,target,tags\n")
    result = _invoke(["project", "--plan", str(plain), "--scenario", "doubling", "-f", "csv"])
    assert result.exit_code == 0 and "scenario doubling changes no indicator here" in result.stderr
    (tmp_path / "t").mkdir()
    tagged = table(
        tmp_path / "t", "p,gdp,G,亿元,level,140,200,output\n", head="plan,id,name,unit,kind,base,target,tags\n"
    )
    result = _invoke(["project", "--plan", str(tagged), "--scenario", "doubling", "-f", "csv"])
    assert result.exit_code == 0 and "changes no indicator" not in result.stderr
    assert float(result.stdout.splitlines()[1].split(",")[-1]) == pytest.approx(2 * 140)  # doubled by 2035


def test_a_base_phrase_that_cannot_be_read_is_one_problem(tmp_path):
    """约莫五十 is reported as a phrase the grammar does not know, once (not also as a number); 3万元 in a row in 亿元
    is printed-mismatch."""
    path = table(tmp_path, "p,a,A,%,share,约莫五十,55\np,b,B,亿元,level,3万元,5\n",
                 head="plan,id,name,unit,kind,base,target\n")  # fmt: skip
    _, problems, _ = read_plans_table(path)
    assert sorted((p.location.line, p.location.field, p.code) for p in problems["p"]) == [
        (2, "base", "unknown-phrase"), (3, "base", "printed-mismatch")]  # fmt: skip

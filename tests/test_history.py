"""History statements beyond the yearly tables: growth since an earlier year (较"十二五"末增长33%) and averages
stated against the planned rate (高于计划增速1个百分点); worked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from lingyuan_targets import load_plan
from lingyuan_targets.checks import check_plan
from lingyuan_targets.plan.errors import PlanError

from .test_forms import write_plan

HEAD = "table,series,series_en,unit,row_type,label,year,value,growth,section,line,snippet,note\n"


def with_history(tmp_path: Path, rows: str) -> Path:
    where = write_plan(tmp_path / "p", "- {id: gdp, name: 地区生产总值, unit: 亿元, kind: level, target: 600}\n")
    (where / "history.csv").write_text(HEAD + rows, encoding="utf-8")
    return where


def history(plan_dir: Path) -> dict[str, list]:
    report = check_plan(load_plan(plan_dir), select=["history"], passes=True)
    out: dict[str, list] = {}
    for f in report.results:
        out.setdefault(f.code, []).append(f)
    return out


def history_of_embedded(code: str) -> list:
    report = check_plan(load_plan(), select=[code])
    return list(report.results)


def test_the_embedded_growth_since_2015():
    """Line 129–131: retail sales 36.6 in 2020, 33% above 2015; no 2015 level is printed."""
    [retail] = [f for f in history_of_embedded("history-implied-start") if f.ids == ("社会消费品零售总额",)]
    assert retail.values["implied_start_level"] == pytest.approx(36.6 / 1.33)  # 27.52
    assert retail.values["implied_start_interval"] == pytest.approx([36.55 / 1.335, 36.65 / 1.325])
    assert retail.values["implied_average_pct"] == pytest.approx((1.33 ** (1 / 5) - 1) * 100)  # 5.87%
    assert retail.severity == "info"


def test_the_embedded_planned_rates():
    """Lines 102 and 114: 10.2% is 1 point above plan (9.2%), 10.1% is 3.1 points above plan (7.0%)."""
    found = {f.ids[0]: f.values for f in history_of_embedded("history-planned-rate")}
    assert found["固定资产投资"]["implied_planned_pct"] == pytest.approx(10.2 - 1)
    assert found["固定资产投资"]["implied_planned_interval"] == pytest.approx([10.15 - 1.5, 10.25 - 0.5])
    assert found["一般公共预算收入"]["implied_planned_pct"] == pytest.approx(10.1 - 3.1)
    assert found["一般公共预算收入"]["implied_planned_interval"] == pytest.approx([10.05 - 3.15, 10.15 - 3.05])
    # the yearly rates of table 2: (1.046 · 1.019 · 1.165 · 1.154 · 1.131) ** (1/5) − 1 = 10.14%
    gm = ((1.046 * 1.019 * 1.165 * 1.154 * 1.131) ** 0.2 - 1) * 100
    assert found["固定资产投资"]["geometric_mean_of_yearly_rates_pct"] == pytest.approx(gm)


@pytest.mark.parametrize(
    ("growth", "code"),
    [
        ("33", "history-consistent"),  # 133 / 100 − 1 = 33%
        ("34", "history-consistent"),  # 133.5 / 99.5 − 1 = 34.17% ≥ 33.5
        ("35", "history-growth-vs-levels"),  # 34.17% < 34.5
    ],
)
def test_a_growth_since_a_year_whose_level_is_printed(tmp_path, growth, code):
    assert 133.5 / 99.5 - 1 == pytest.approx(0.341709, abs=1e-6)
    where = with_history(tmp_path, "正文,甲,A,亿元,year,2015年,2015,100,,,,,\n"
                                   "正文,甲,A,亿元,year,2020年,2020,133,,,,,\n"
                                   f"正文,甲,A,亿元,change,较2015年增长,2015,,{growth},,7,,\n")  # fmt: skip
    found = history(where)
    assert code in found
    [f] = [f for f in found[code] if "start_year" in f.values]
    assert f.values["level_growth_pct"] == pytest.approx(33.0)


def test_a_planned_rate_below_plan_and_without_an_average(tmp_path):
    """低于计划增速0.5个百分点 with an average of 6.0%: the plan had 6.5%; without an average nothing is implied."""
    where = with_history(tmp_path, "正文,甲,A,亿元,average,年均增长,,,6.0,,3,,\n"
                                   "正文,甲,A,亿元,vs-plan,低于计划增速,,,-0.5,,3,,\n"
                                   "正文,乙,B,亿元,vs-plan,高于计划增速,,,1,,4,,\n")  # fmt: skip
    found = {f.ids[0]: f.values for f in history(where)["history-planned-rate"]}
    assert found["甲"]["implied_planned_pct"] == pytest.approx(6.0 + 0.5)
    assert "implied_planned_pct" not in found["乙"]


@pytest.mark.parametrize(
    ("rows", "field", "code"),
    [
        ("正文,甲,A,亿元,year,2020年,2020,10,,,,,\n正文,甲,A,亿元,change,较2021年,2021,,5,,,,\n", "year", "year-order"),
        ("正文,甲,A,亿元,change,较2015年,2015,,5,,,,\n", "year", "year-order"),  # no year row to end in
        ("正文,甲,A,亿元,vs-plan,高于计划增速,,,,,,,\n", "growth", "missing-field"),
    ],
)
def test_statements_that_cannot_be_read(tmp_path, rows, field, code):
    with pytest.raises(PlanError) as caught:
        load_plan(with_history(tmp_path, rows))
    problem = caught.value
    assert (problem.code, problem.location.field, problem.location.line) == (code, field, 3 if "2021" in rows else 2)

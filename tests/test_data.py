"""The embedded data: every number traces to the plan text, as printed."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from lingyuan_targets.plan.printed import format_half_up

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

# The 22 rows of the main indicator table (第二章第二节), in printed order, as
# (name, 2020, 2025, growth column, attribute). Transcribed a second time,
# independently of data/indicators.yaml, so that a slip in either shows up.
MAIN_TABLE = [
    ("地区生产总值", "150.2", "242", "年均 10%", "预期性"),
    ("一般公共预算收入", "11.7", "20.6", "年均 12%", "预期性"),
    ("固定资产投资", "56.3", "115", "年均 15%", "预期性"),
    ("社会消费品零售总额", "35.6", "60", "年均 10%", "预期性"),
    ("规模以上工业增加值", "14.4", "25.4", "年均 12%", "预期性"),
    ("研究与试验发展投入强度", "1.5", "2.5", "累计 67%", "预期性"),
    ("每万人发明专利拥有量", "0.52", "0.55", "累计 6%", "预期性"),
    ("互联网普及率（固定宽带普及率）", "33", "60", "累计 27%", "预期性"),
    ("农村居民人均可支配收入", "15225", "26832", "年均 12%", "预期性"),
    ("城镇新增就业人数", "1.3", "2", "累计 15%", "预期性"),
    ("城镇棚户区住房改造", "0.53", "0.2", "—", "约束性"),
    ("劳动年龄人口平均受教育年限", "13.5", "15", "累计 11%", "预期性"),
    ("人均预期寿命", "77.5", "79.5", "累计 25%", "预期性"),
    ("单位地区生产总值能源消耗降低", "12", "12", "—", "约束性"),
    ("森林覆盖率", "53.8", "54.8", "累计 1%", "约束性"),
    ("空气质量优良天数比率", "80", "85", "—", "约束性"),
    ("PM2.5 平均浓度", "43", "35", "累计-8%", None),
    ("达到或好于Ⅲ类地表水占比", "100", "100", "——", "约束性"),
    ("化学需氧量", "9.1", "9.5", "——", "约束性"),
    ("氨氮", "0.51", "0.6", "——", "约束性"),
    ("二氧化硫", "4.46", "5", "——", "约束性"),
    ("氮氧化物", "3.75", "4", "——", "约束性"),
]


def _printed(value: float, decimals) -> str:
    return format_half_up(value, int(decimals))


def test_main_table_has_all_22_rows_as_printed(plan):
    """Every main-table row is present with name, values at printed precision, growth column, attribute."""
    table = plan.indicators[plan.indicators["origin"] == "table"].reset_index(drop=True)
    assert len(table) == 22
    for row, (name, base, target, growth, attribute) in zip(table.itertuples(), MAIN_TABLE):
        assert row.name == name
        assert _printed(row.base, row.base_decimals) == base, name
        assert _printed(row.target, row.target_decimals) == target, name
        assert row.growth_printed == growth, name
        assert (row.attribute if isinstance(row.attribute, str) else None) == attribute, name


def test_categories_of_main_table(plan):
    """The table's four category blocks hold 5, 3, 5 and 9 rows."""
    table = plan.indicators[plan.indicators["origin"] == "table"]
    assert table["category"].value_counts().to_dict() == {"经济发展": 5, "创新驱动": 3, "民生福祉": 5, "生态文明": 9}


def _numbers_in(snippet: str) -> set[str]:
    text = snippet.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    return set(NUMBER.findall(text))


def _assert_traced(lines, where, line, snippet, value, decimals, printed_alias=None):
    assert isinstance(snippet, str) and snippet, f"{where}: no snippet"
    assert line is not None and not pd.isna(line), f"{where}: no line"
    text = lines[int(line) - 1]
    assert snippet in text, f"{where}: snippet {snippet!r} not on line {line}: {text[:80]!r}"
    if value is None or pd.isna(value):
        return
    shown = _printed(value, decimals)
    numbers = _numbers_in(snippet)
    assert shown in numbers or printed_alias in snippet or shown.lstrip("-") in numbers, (
        f"{where}: {shown} not printed in {snippet!r}"
    )


CHINESE_NUMERALS = {"2": "两", "4": "四"}


def test_every_target_traces_to_its_line(plan, plan_text):
    """Each indicator's snippet is on the stated line of the plan text and prints the target."""
    for row in plan.indicators.itertuples():
        alias = CHINESE_NUMERALS.get(_printed(row.target, 0)) if not pd.isna(row.target) else None
        _assert_traced(plan_text, row.id, row.line, row.snippet, row.target, row.target_decimals, alias)


def test_every_baseline_traces_to_its_line(plan, plan_text):
    """Each stated base value is printed in its snippet on its line; missing ones are explicit."""
    for row in plan.indicators.itertuples():
        if pd.isna(row.base):
            assert row.base_note, f"{row.id}: a missing base needs a note"
            continue
        _assert_traced(plan_text, f"{row.id} base", row.base_line, row.base_snippet, row.base, row.base_decimals)


def test_every_quote_traces_to_its_line(plan, plan_text):
    """Each quote of an indicator elsewhere in the text is printed where it says."""
    assert len(plan.quotes) >= 20
    for q in plan.quotes.itertuples():
        _assert_traced(plan_text, f"{q.id} quote", q.line, q.snippet, q.value, q.decimals)


def test_growth_column_matches_fields(plan):
    """The structured growth basis and value agree with the growth column as printed."""
    for row in plan.indicators.itertuples():
        printed = row.growth_printed
        if row.growth_basis == "none":
            assert printed in (None, "—", "——") or pd.isna(printed), row.id
            continue
        word = "年均" if row.growth_basis == "annual" else "累计"
        assert word in printed, row.id
        assert _printed(row.growth_value, row.growth_decimals) in _numbers_in(printed), row.id


def test_ids_unique_and_kebab(plan):
    """Ids are unique, lower-case kebab-case."""
    ids = plan.indicators["id"]
    assert ids.is_unique
    assert ids.str.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*").all()


def test_shares_are_bounded_and_periods_are_not_levels(plan):
    """A share's natural bounds are [0, 100]; kinds are explicit for every indicator."""
    ind = plan.indicators
    shares = ind[ind["kind"] == "share"]
    assert (shares["lower"] == 0).all() and (shares["upper"] == 100).all()
    assert set(ind["kind"]) <= {"level", "share", "period_total", "period_change", "limit"}
    kinds = dict(zip(ind["id"], ind["kind"]))
    assert kinds["urban-new-jobs"] == "period_total"
    assert kinds["energy-intensity-reduction"] == "period_change"
    assert kinds["surface-water-class-iii"] == "limit"


def test_precision_is_kept(plan):
    """242 is kept with no decimals, 20.6 with one, 0.51 with two."""
    dec = plan.indicators.set_index("id")
    assert dec.loc["gdp", "target_decimals"] == 0
    assert dec.loc["budget-revenue", "target_decimals"] == 1
    assert dec.loc["ammonia-nitrogen-reduction", "base_decimals"] == 2


@pytest.mark.parametrize(
    ("ident", "what", "value"),
    [("retail-sales", "base", 36.6), ("good-air-days", "target", 83.0), ("rural-income", "growth", 7.6)],
)
def test_conflicting_quotes_are_recorded_as_printed(plan, ident, what, value):
    """Where the text quotes a table indicator with another value, that value is recorded too."""
    q = plan.quotes[(plan.quotes["id"] == ident) & (plan.quotes["what"] == what)]
    assert value in set(q["value"])


# Chapter 1 tables 1-3 as (table, label, total, growth), transcribed a second time.
HISTORY = [
    ("表1", "2016年", "119.2", "0.2"), ("表1", "2017年", "125.4", "2.4"), ("表1", "2018年", "130", "3.1"),
    ("表1", "2019年", "139.3", "3.8"), ("表1", "2020年", "150.2", "5.7"), ("表1", "“十三五”年均增长", "", "5.6"),
    ("表2", "2016年", "36.6", "4.6"), ("表2", "2017年", "37", "1.9"), ("表2", "2018年", "43.1", "16.5"),
    ("表2", "2019年", "49.8", "15.4"), ("表2", "2020年", "56.3", "13.1"), ("表2", "五年累计", "222.8", "10.2"),
    ("表3", "2016年", "7.9", "0.3"), ("表3", "2017年", "8.5", "7.6"), ("表3", "2018年", "10.1", "18"),
    ("表3", "2019年", "10.6", "5.7"), ("表3", "2020年", "11.7", "10.2"), ("表3", "“十三五”年均增长", "", "10.1"),
]  # fmt: skip


def test_history_tables_as_printed(plan, plan_text):
    """Tables 1-3 of chapter 1 hold every printed row, traced to its line."""
    tables = plan.history[plan.history["table"].str.startswith("表")]
    got = [
        (r.table, r.label, "" if pd.isna(r.value) else _printed(r.value, r.value_decimals),
         _printed(r.growth, r.growth_decimals))
        for r in tables.itertuples()
    ]  # fmt: skip
    assert got == HISTORY
    for r in plan.history.itertuples():
        assert r.snippet in plan_text[r.line - 1], r.label


def test_project_pipeline_as_printed(plan, plan_text):
    """Chapter 14's pipeline: 386 projects, 1133.21 亿元, by size and by sector, traced to lines."""
    p = plan.projects
    got = [(r.breakdown, r.count, _printed(r.investment, r.investment_decimals)) for r in p.itertuples()]
    assert got == [
        ("total", 386, "1133.21"), ("size", 31, "560.51"), ("size", 36, "237.36"), ("size", 131, "263.26"),
        ("size", 188, "72.08"), ("sector", 77, "100.68"), ("sector", 134, "603.4"), ("sector", 175, "429.12"),
    ]  # fmt: skip
    for r in p.itertuples():
        assert r.snippet in plan_text[r.line - 1]
        assert str(r.count) in r.snippet


def test_sums_and_relations_trace_to_the_text(plan, plan_text):
    """Every figure in sums.csv is printed in its snippet on its line; relation sources are on theirs."""
    assert len(plan.sums) == 18
    for r in plan.sums.itertuples():
        assert r.snippet in plan_text[r.line - 1], r.label
        assert _printed(r.value, r.decimals) in _numbers_in(r.snippet), (r.group, r.label)
    for rel in plan.relations:
        assert rel["source"]["snippet"] in plan_text[rel["source"]["line"] - 1], rel["id"]


@pytest.mark.parametrize(("ident", "line", "printed"), [("township-tcm-physicians", 1233, "1至2名"),
                                                        ("state-grain-enterprises", 1307, "1-2 个")])  # fmt: skip
def test_ranges_as_printed(plan, plan_text, ident, line, printed):
    """1至2名 (line 1233) and 1-2 个 (line 1307): a range from 1 to 2, held (not a path), with no base."""
    row = plan.indicators.set_index("id").loc[ident]
    assert (row["direction"], row["target"], row["target_high"], row["kind"]) == ("range", 1, 2, "limit")
    assert int(row["line"]) == line and printed in plan_text[line - 1]
    assert pd.isna(row["base"])

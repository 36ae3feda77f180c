"""Printed rules and targets, read as plans print them (plan/phrases.py): every phrasing, worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lingyuan_targets.plan.phrases import PhraseError, parse_level, parse_rule

D = Decimal


@pytest.mark.parametrize(
    ("printed", "basis", "reading", "value", "high", "bound"),
    [
        ("年均增长10%", "annual", "relative", D("10"), None, "equal"),
        ("年均 10%", "annual", "relative", D("10"), None, "equal"),  # the main table's column
        ("年均增长10%以上", "annual", "relative", D("10"), None, "at_least"),
        ("年均增速不低于 10%", "annual", "relative", D("10"), None, "at_least"),
        ("年均增速保持在6%以上", "annual", "relative", D("6"), None, "at_least"),
        ("年均实现增长10%", "annual", "relative", D("10"), None, "equal"),
        ("年均增长实现15%", "annual", "relative", D("15"), None, "equal"),
        ("年均递增5%", "annual", "relative", D("5"), None, "equal"),
        ("年均增长7%左右", "annual", "relative", D("7"), None, "about"),
        ("年均增长6%–7%", "annual", "relative", D("6"), D("7"), "range"),
        ("年均增长6-7%", "annual", "relative", D("6"), D("7"), "range"),
        ("年均增长6.5%-8%", "annual", "relative", D("6.5"), D("8"), "range"),
        ("年均增长１５％", "annual", "relative", D("15"), None, "equal"),  # full-width digits and sign
        ("年均下降3%", "annual", "relative", D("-3"), None, "equal"),
        ("年均下降3%以上", "annual", "relative", D("-3"), None, "at_most"),  # a fall of 3% or more
        ("年均下降3%-5%", "annual", "relative", D("-5"), D("-3"), "range"),
        ("年均提高1.2个百分点", "annual", "points", D("1.2"), None, "equal"),
        ("每年提高 0.5 个百分点", "annual", "points", D("0.5"), None, "equal"),
        ("年均增长1万元", "annual", "absolute", D("1"), None, "equal"),
        ("每年新增10家", "annual", "absolute", D("10"), None, "equal"),
        ("年均增加500户以上", "annual", "absolute", D("500"), None, "at_least"),
        ("累计增长15%", "cumulative", "relative", D("15"), None, "equal"),
        ("累计下降13.5%", "cumulative", "relative", D("-13.5"), None, "equal"),
        ("下降12%", "cumulative", "relative", D("-12"), None, "equal"),
        ("下降17%以上", "cumulative", "relative", D("-17"), None, "at_most"),
        ("累计提高2个百分点", "cumulative", "points", D("2"), None, "equal"),
        ("累计新增2万人", "cumulative", "absolute", D("2"), None, "equal"),
        ("累计 15%", "cumulative", None, D("15"), None, "equal"),  # the reading is left open
        ("累计15%以上", "cumulative", None, D("15"), None, "at_least"),
        ("累计-8%", "cumulative", None, D("-8"), None, "equal"),
        ("[15]", "cumulative", None, D("15"), None, "equal"),  # a five-year figure in brackets
        ("比2020年翻一番", "cumulative", "relative", D("100"), None, "equal"),
        ("翻两番", "cumulative", "relative", D("300"), None, "equal"),
        ("实现翻番", "cumulative", "relative", D("100"), None, "equal"),  # 翻番 alone: doubled
        ("较“十二五”末增长33%", "cumulative", "relative", D("33"), None, "equal"),
        # words of intent, as printed in 三门峡's targets for 2027 (tests/fixtures/real/sanmenxia.csv)
        ("每年要提高0.16个百分点", "annual", "points", D("0.16"), None, "equal"),
        ("年均要增长7%以上", "annual", "relative", D("7"), None, "at_least"),
        ("确保年均增长6%", "annual", "relative", D("6"), None, "equal"),
        ("累计需增长15%", "cumulative", "relative", D("15"), None, "equal"),
        ("再增加5000张左右", "cumulative", "absolute", D("5000"), None, "about"),
        ("年均增長9%左右", "annual", "relative", D("9"), None, "about"),
        ("年均提高1.2個百分點", "annual", "points", D("1.2"), None, "equal"),
        ("累計下降13.5%", "cumulative", "relative", D("-13.5"), None, "equal"),
    ],
)
def test_rules(printed, basis, reading, value, high, bound):
    r = parse_rule(printed)
    assert (r.basis, r.reading, r.value, r.high, r.bound) == (basis, reading, value, high, bound)


def test_decimals_are_kept_and_the_aim_is_apart():
    """年均增长6.5%以上，力争7%: the rule is 6.5 (one decimal, as printed), the aim 7."""
    r = parse_rule("年均增长6.5%以上，力争7%")
    assert r.value == D("6.5") and str(r.value) == "6.5" and r.bound == "at_least" and r.aim == D("7")


@pytest.mark.parametrize("printed", ["——", "—", "-", "无", " "])
def test_no_rule(printed):
    assert parse_rule(printed).basis == "none"


def test_the_unit_of_an_amount_is_kept():
    assert parse_rule("每年新增10家").unit == "家" and parse_rule("年均增长10%").unit is None


@pytest.mark.parametrize("printed", ["10%", "年均好", "年均增长%", "年均增长7%-6%", "累计增长abc"])
def test_unknown_phrasings_quote_the_text(printed):
    with pytest.raises(PhraseError) as caught:
        parse_rule(printed)
    assert repr(printed) in str(caught.value)


@pytest.mark.parametrize(
    ("printed", "value", "high", "bound", "unit", "start"),
    [
        ("600亿元", D("600"), None, "equal", "亿元", None),
        ("突破600亿元", D("600"), None, "at_least", "亿元", None),
        ("达到600亿元以上", D("600"), None, "at_least", "亿元", None),
        ("达到79.5岁", D("79.5"), None, "equal", "岁", None),
        ("超过 80%", D("80"), None, "at_least", "%", None),
        ("不低于95%", D("95"), None, "at_least", "%", None),
        ("保持 100%", D("100"), None, "equal", "%", None),
        ("控制在4.5%以内", D("4.5"), None, "at_most", "%", None),
        ("下降到35微克/立方米以下", D("35"), None, "at_most", "微克/立方米", None),
        ("1至2名", D("1"), D("2"), "range", "名", None),
        ("1-2个", D("1"), D("2"), "range", "个", None),
        ("201.06亿元—204.05亿元", D("201.06"), D("204.05"), "range", "亿元", None),
        ("由35%提高到45%", D("45"), None, "equal", "%", D("35")),
        ("从2015年的114.6亿元增长到2020年的150.2亿元", D("150.2"), None, "equal", "亿元", D("114.6")),
        ("１５０．２亿元", D("150.2"), None, "equal", "亿元", None),
        # as 万源市's and 三门峡's targets print them (tests/fixtures/real/)
        ("冲刺63.3亿元", D("63.3"), None, "equal", "亿元", None),
        ("要达到2300亿元左右", D("2300"), None, "about", "亿元", None),
        ("达70%左右", D("70"), None, "about", "%", None),
        ("增加到500家以上", D("500"), None, "at_least", "家", None),
        ("由目前的3.5万元增长到5.3万元左右", D("5.3"), None, "about", "万元", D("3.5")),
        ("从目前的14.4万元增加到20万元左右", D("20"), None, "about", "万元", D("14.4")),
        # traditional characters, as pages published in big5 print them
        ("力爭達到6.5萬億元", D("6.5"), None, "equal", "万亿元", None),
        ("達到1.5萬家以上", D("1.5"), None, "at_least", "万家", None),
    ],
)
def test_levels(printed, value, high, bound, unit, start):
    t = parse_level(printed)
    assert (t.value, t.high, t.bound, t.unit, t.start) == (value, high, bound, unit, start)


@pytest.mark.parametrize("printed", ["abc", "——", "翻一番", "2-1个"])
def test_unknown_targets_quote_the_text(printed):
    with pytest.raises(PhraseError):
        parse_level(printed)

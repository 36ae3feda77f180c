"""``draft``: a plan's text read into plan files, every figure with its line and snippet.

The figures asserted are the ones printed in the sentences and table rows quoted in each test (from the embedded
plan's text, data/source/plan.txt, and the other plans' pages kept in tests/fixtures/draft/ with their URLs).
"""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from lingyuan_targets.cli import main
from lingyuan_targets.io.drafting import draft_lines
from lingyuan_targets.io.drafting.files import draft_document, plan_files
from lingyuan_targets.io.drafting.pages import html_lines, source_lines
from lingyuan_targets.io.drafting.text import number

ROOT = Path(__file__).resolve().parents[1]
PLAN_TEXT = ROOT / "data" / "source" / "plan.txt"


def _invoke(args, input=None):
    return CliRunner().invoke(click.Command("x", callback=lambda: main(list(args))), [], input=input,
                              catch_exceptions=False)  # fmt: skip


def _figures(*lines: str, target_year: int = 2025):
    """The text figures a draft reads from ``lines`` (a plan with no main table, base year 5 years earlier)."""
    draft = draft_lines(list(lines), base_year=target_year - 5, target_year=target_year)
    return [i.figure for i in draft.indicators if i.figure is not None], draft


def _draft_valid(tmp_path: Path, text: str) -> tuple[Path, dict]:
    """Draft ``text`` to a plan directory, check that it drafts and validates, and give the directory and its YAML."""
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "plan"
    assert _invoke(["draft", str(path), "-o", str(out), "-q"]).exit_code == 0
    assert _invoke(["validate", str(out)]).exit_code == 0
    return out, yaml.safe_load((out / "indicators.yaml").read_text(encoding="utf-8"))


def _one(text: str):
    figures, _ = _figures(text)
    assert len(figures) == 1, [(f.name, f.value) for f in figures]
    return figures[0]


# ------------------------------------------------------------------ the main table


def test_main_table_of_the_embedded_plan():
    """The 22 rows of 第二章第二节's table (lines 331-356 of the plan's text), cells as printed."""
    draft = draft_lines(PLAN_TEXT.read_text(encoding="utf-8").split("\n"))
    rows = draft.table.rows
    assert len(rows) == 22
    assert draft.table.years == (2020, 2025)  # the header: 指标名称 2020 完成 2025 目标 …
    gdp = rows[0]  # 地区生产总值（亿元）	150.2	242	年均 10%	预期性
    assert (gdp.name, gdp.unit, gdp.base, gdp.target, gdp.growth, gdp.attribute, gdp.place.line) == (
        "地区生产总值", "亿元", "150.2", "242", "年均 10%", "预期性", 331)  # fmt: skip
    broadband = next(r for r in rows if r.place.line == 339)  # a name with a bracket of its own, then its unit
    assert (broadband.name, broadband.unit) == ("互联网普及率（固定宽带普及率）", "百分比")
    good_air, pm25 = (next(r for r in rows if r.place.line == n) for n in (349, 351))
    # 空气 / 质量: one merged cell over two rows; PM2.5's row prints no attribute
    assert good_air.group == pm25.group == "空气质量"
    assert (pm25.name, pm25.unit, pm25.base, pm25.target, pm25.growth, pm25.attribute) == (
        "PM2.5 平均浓度", "微克/立方米", "43", "35", "累计-8%", "")  # fmt: skip
    water = next(r for r in rows if r.place.line == 352)  # an empty merged cell over a row with its own unit
    assert water.group == "" and water.unit == "百分比"
    ammonia = next(r for r in rows if r.place.line == 354)  # 	氨氮	0.51%	0.6%	——	约束性
    assert (ammonia.name, ammonia.unit, ammonia.group, ammonia.base, ammonia.target) == (
        "氨氮", "百分比", "主要污染物排放减少", "0.51%", "0.6%")  # fmt: skip


def test_a_row_broken_across_lines_is_joined():
    lines = ["指标\t2020年\t2025年\t年均增长\t属性", "单位地区生产总值能源消耗", "（%）\t12\t13.5\t—\t约束性",
             "城镇化率（%）\t45\t50\t—\t预期性"]  # fmt: skip
    rows = draft_lines(lines).table.rows
    assert [(r.name, r.unit, r.base, r.target) for r in rows] == [
        ("单位地区生产总值能源消耗", "%", "12", "13.5"), ("城镇化率", "%", "45", "50")]  # fmt: skip


def test_space_separated_table_as_pdf_transcripts_give_it():
    lines = [
        "指标名称    2020年    2025年    年均增长    属性",
        "地区生产总值（亿元）    140    300    16.5%    预期性",
    ]
    (row,) = draft_lines(lines).table.rows
    assert (row.name, row.base, row.target, row.growth, row.attribute) == ("地区生产总值", "140", "300", "16.5%",
                                                                           "预期性")  # fmt: skip


# ------------------------------------------------------------------ sentences


def test_target_with_year_and_intent_words_left_out_of_the_name():
    f = _one("到2025年，全市社会消费品零售总额达到60亿元。")
    assert (f.name, f.value, f.unit, f.side, f.year, f.kind) == (
        "社会消费品零售总额",
        60,
        "亿元",
        "equal",
        2025,
        "level",
    )


@pytest.mark.parametrize(("text", "side"), [
    ("城镇登记失业率控制在4.5%以内", "at_most"), ("生活垃圾无害化处理率达到 95% 以上", "at_least"),
    ("全市国家注册科技型中小企业突破 100 家", "at_least"), ("城镇化人口达70%左右", "about"),
    ("审批时限压缩到50个工作日内", "at_most"),
])  # fmt: skip
def test_sides(text, side):
    assert _one(text).side == side


def test_two_targets_in_one_clause_list():
    """力争新增省级企业技术中心 10 家以上、国家级高新技术企业 20 家以上 (line 311): two figures, two names."""
    figures, _ = _figures("力争新增省级企业技术中心 10 家以上、国家级高新技术企业 20 家以上；")
    assert [(f.name, f.value, f.side, f.aim) for f in figures] == [
        ("新增省级企业技术中心", 10, "at_least", True), ("国家级高新技术企业", 20, "at_least", True)]  # fmt: skip


def test_names_sharing_one_figure_and_figures_paired_with_names():
    figures, _ = _figures("全市小学和初中入学率、巩固率均达到100%。")  # line 1197: two rates, one figure
    assert [(f.name, f.value) for f in figures] == [("小学和初中入学率", 100), ("巩固率", 100)]
    figures, _ = _figures("城市和农村自来水普及率分别达到 90%和 85%。")
    assert [f.value for f in figures] == [90, 85]
    figures, _ = _figures("社会消费品零售总额和服务业增加值分别实现36.6亿元、77.8亿元。")
    assert [(f.name, f.value) for f in figures] == [("社会消费品零售总额", Decimal("36.6")), ("服务业增加值",
                                                                                            Decimal("77.8"))]  # fmt: skip


def test_chinese_numerals_through_cn2an():
    f = _one("新建南街、北街、城关、东城四家社区卫生服务中心。")  # line 1217
    assert (f.value, f.unit, f.kind) == (4, "家", "period_total")
    assert any("Chinese numeral" in d for d in f.doubts)
    assert number("两千") == 2000 and number("十五") == 15
    # numerals of prose are no figures: a slogan, a place name, a list number
    assert _figures("坚持“三个代表”重要思想，建设三十家子硅石特色加工区。")[0] == []
    assert _figures("1. 发展玻璃产业。")[0] == []


def test_growth_rule_attaches_to_the_level_before_it():
    f = _one("旅游业总收入实现66亿元，年均增长10%。")  # line 590
    assert (f.name, f.value, f.growth) == ("旅游业总收入", 66, "年均增长10%")
    g = _one("实际利用内、外资年均增速不低于 10%。")  # a rule without a level (line 311)
    assert (g.role, g.name, g.value, g.printed) == ("growth", "实际利用内、外资", 10, "年均增速不低于 10%")


def test_from_a_to_b_gives_the_start():
    figures, _ = _figures("全员劳动生产率年均增长1万元、从目前的14.4万元增加到20万元左右。")  # 三门峡
    level = next(f for f in figures if f.role == "target")
    assert (level.value, level.start, level.side) == (20, Decimal("14.4"), "about")


def test_change_against_a_year_is_a_change_not_a_figure_of_that_year():
    f = _one("物流业增加值占 GDP 比率较 2020 年增加 2 个百分点；")  # line 538
    assert (f.role, f.value, f.unit, f.kind, f.year) == ("target", 2, "个百分点", "period_change", 2025)


def test_a_total_over_the_period_is_a_target_not_a_rate():
    f = _one("全市对外贸易进出口总额累计达到 6.6 亿元人民币以上")  # line 740
    assert (f.role, f.value, f.unit, f.side) == ("target", Decimal("6.6"), "亿元人民币", "at_least")


def test_goal_year():
    f = _one("到2035年，地区生产总值突破600亿元。")
    assert (f.year, f.side, f.value) == (2035, "at_least", 600)


def test_specifications_are_kept_out():
    figures, draft = _figures("新建凌钢二总变、开发区、大王杖子等 12 个 66 千伏变电站。",
                              "依托辽宁炜盛年产 21 万吨高性能玻璃纤维池窑拉丝生产线。")  # fmt: skip
    assert [(f.value, f.unit) for f in figures] == [(12, "个")]  # line 988: the count is the target
    assert sorted((s.value, s.unit) for s in draft.specs) == [(21, "万吨"), (66, "千伏")]
    kept = sorted(item.reason for item in draft.review if "kept out of the indicators" in item.reason)
    assert len(kept) == 2 and "capacity" in kept[0] and "voltage" in kept[1]


def test_a_name_broken_by_a_line_break_and_a_breakdown_read_as_a_sum():
    """Lines 420-422: 设施农业 / (blank) / 标准化生产达到 27 万亩，其中 26 + 3 + 1 (= 30, not 27)."""
    lines = ["推进设施农业", "", "标准化生产达到 27 万亩，其中设施蔬菜面积稳定在 26 万亩，设施花卉面积稳定在 3 万亩，"
             "食用菌面积稳定在 1 万亩。到 2025 年，蔬菜总产量达到 120 万吨。"]  # fmt: skip
    figures, draft = _figures(*lines)
    assert figures[0].name == "推进设施农业标准化生产" and figures[0].place.line == 3
    (total,) = draft.sums
    ids = {i.id: i.figure.value for i in draft.indicators}
    assert (ids[total.total], [ids[p] for p in total.parts]) == (27, [26, 3, 1])


def test_review_of_the_last_period_gives_bases_not_targets():
    lines = ["第一章 发展基础", "第一节 “十三五”发展成就", "2020年地区生产总值实现150.2亿元。",
             "第二章 发展目标", "到2025年，地区生产总值达到242亿元。"]  # fmt: skip
    draft = draft_lines(lines, base_year=2020, target_year=2025)
    (ind,) = draft.indicators
    assert (ind.figure.value, ind.figure.place.line, ind.figure.place.section) == (242, 5, "第二章")


# ------------------------------------------------------------------ whole drafts


def test_draft_of_the_embedded_plan_checks_like_the_hand_data(tmp_path):
    """The draft reproduces the five errors check finds on the hand-verified data/ (docs/checks.md)."""
    out = tmp_path / "lingyuan"
    result = _invoke(["draft", str(PLAN_TEXT), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["baseline_2020.csv", "history.csv", "indicators.yaml",
                                                     "relations.yaml", "review.md", "source"]  # fmt: skip
    assert (out / "source" / "plan.txt").read_text(encoding="utf-8") == PLAN_TEXT.read_text(encoding="utf-8")
    assert _invoke(["validate", str(out)]).exit_code == 0
    result = _invoke(["check", "--plan", str(out), "-f", "json"])
    assert result.exit_code == 1
    errors = sorted((f["code"], f["ids"][0]) for f in json.loads(result.stdout)["findings"] if f["severity"] == "error")
    # row-334 retail sales (35.6 × 1.1**5 = 57.33, not 60; 36.6 on line 129), row-345 life expectancy (累计 25%
    # from 77.5 to 79.5), row-349 good-air days (85 in the table, 83 on line 317), and 26 + 3 + 1 = 30 ≠ 27
    assert errors == [("cumulative-no-reading", "row-345"), ("quote-conflict", "row-334"),
                      ("quote-conflict", "row-349"), ("sum-mismatch", "line-422"),
                      ("target-rule-inconsistent", "row-334")]  # fmt: skip


def test_same_input_same_bytes(tmp_path):
    lines = PLAN_TEXT.read_text(encoding="utf-8").split("\n")
    first, second = plan_files(draft_lines(lines), "x"), plan_files(draft_lines(list(lines)), "x")
    assert first == second
    a = json.dumps(draft_document(draft_lines(lines), "x"), ensure_ascii=False)
    assert a == json.dumps(draft_document(draft_lines(lines), "x"), ensure_ascii=False)
    out1, out2 = tmp_path / "a", tmp_path / "b"
    for out in (out1, out2):
        assert _invoke(["draft", str(PLAN_TEXT), "-o", str(out), "-q", "--id", "x"]).exit_code == 0
    for path in out1.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (out2 / path.relative_to(out1)).read_bytes(), path


def test_json_and_stdin():
    text = "到2025年，全市社会消费品零售总额达到60亿元，年均增长10%。\n城镇登记失业率控制在4.5%以内。\n"
    result = _invoke(["draft", "--stdin", "-f", "json"], input=text.encode("gb18030"))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["command"] == "draft" and doc["plan"]["target_year"] == 2025
    assert [(i["name"], i["target"], i.get("growth")) for i in doc["indicators"]] == [
        ("社会消费品零售总额", 60, "年均增长10%"), ("城镇登记失业率", 4.5, None)]  # fmt: skip
    assert doc["indicators"][1]["direction"] == "at_most"
    assert doc["indicators"][0]["source"] == {"section": "—", "line": 1,
                                              "snippet": "全市社会消费品零售总额达到60亿元"}  # fmt: skip


def test_html_page_scripts_and_styles_left_out():
    page = ("<html><head><title>x</title><style>p{}</style><script>var a='到2025年达到99亿元';</script></head><body>"
            "<p>到2025年，地区生产总值达到300亿元。</p><table><tr><td>指标</td><td>2020年</td><td>2025年</td>"
            "<td>属性</td></tr><tr><td>城镇化率（%）</td><td>45</td><td>50</td><td>预期性</td></tr></table></body></html>")  # fmt: skip
    lines = html_lines(page)
    assert lines == [
        "到2025年，地区生产总值达到300亿元。",
        "指标\t2020年\t2025年\t属性",
        "城镇化率（%）\t45\t50\t预期性",
    ]
    draft = draft_lines(lines)
    assert [r.name for r in draft.table.rows] == ["城镇化率"]
    assert [i.figure.value for i in draft.indicators if i.figure] == [300]


def test_word_file(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("到2025年，城镇登记失业率控制在4.5%以内。")
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["指标", "2020年", "2025年", "属性"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["森林覆盖率（%）", "53.8", "54.8", "约束性"]):
        cell.text = text
    path = tmp_path / "plan.docx"
    document.save(str(path))
    lines, kind = source_lines(path)
    assert kind == "docx" and lines[1] == "指标\t2020年\t2025年\t属性"
    result = _invoke(["draft", str(path), "-f", "json"])
    doc = json.loads(result.stdout)
    assert [(i["name"], i["target"]) for i in doc["indicators"]] == [("森林覆盖率", 54.8), ("城镇登记失业率", 4.5)]


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(("content", "code", "words"), [
    (b"", "empty-file", "empty"),
    (b"\x00\x01\x02binary\xff\xfe", "binary-file", "binary"),
    ("规划全文，没有任何数字。".encode(), "no-figures", "no figure to draft"),
])  # fmt: skip
def test_unusable_text_exit_2_nothing_written(tmp_path, content, code, words):
    path = tmp_path / "plan.txt"
    path.write_bytes(content)
    out = tmp_path / "out"
    result = _invoke(["draft", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and words in result.stderr and str(path) in result.stderr
    assert not out.exists()


def test_too_large_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as handle:
        handle.truncate(50_000_000)  # 50 MB (sparse): refused from its size
    result = _invoke(["draft", str(path)])
    assert result.exit_code == 2 and "limit" in result.stderr


def test_pdf_without_text_layer(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    path = tmp_path / "scan.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    result = _invoke(["draft", str(path)])
    assert result.exit_code == 2 and "no text layer" in result.stderr and "OCR" in result.stderr


def test_missing_extra_named(tmp_path, monkeypatch):
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setitem(sys.modules, "pypdf", None)  # as if the [draft] extra were not installed
    result = _invoke(["draft", str(path)])
    assert result.exit_code == 2 and "lingyuan-targets[draft]" in result.stderr


def test_existing_directory_kept_unless_force(tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text("到2025年，地区生产总值达到300亿元。\n", encoding="utf-8")
    out = tmp_path / "plan"
    out.mkdir()
    (out / "indicators.yaml").write_text("mine\n", encoding="utf-8")
    result = _invoke(["draft", str(text), "-o", str(out)])
    assert result.exit_code == 2 and "--force" in result.stderr
    assert (out / "indicators.yaml").read_text(encoding="utf-8") == "mine\n"
    assert _invoke(["draft", str(text), "-o", str(out), "--force", "-q"]).exit_code == 0
    assert "地区生产总值" in (out / "indicators.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan", "plan.txt"]  # no temporary directory left
    inside = out / "source" / "plan.txt"
    result = _invoke(["draft", str(inside), "-o", str(out), "--force"])
    assert result.exit_code == 2 and "input" in result.stderr and inside.exists()


def test_usage_errors():
    assert _invoke(["draft"]).exit_code == 2
    assert _invoke(["draft", str(PLAN_TEXT), "--stdin"]).exit_code == 2
    result = _invoke(["draft", str(PLAN_TEXT), "--id", "Not An Id"])
    assert result.exit_code == 2 and "kebab-case" in result.stderr


def test_hostile_text_is_data_in_review_and_files(tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text("到2025年，<script>alert(1)</script>[x](javascript)率达到95%以上。\n::error::x达到5家。\n",
                    encoding="utf-8")  # fmt: skip
    out = tmp_path / "out"
    result = _invoke(["draft", str(text), "-o", str(out)])
    assert result.exit_code == 0
    review = (out / "review.md").read_text(encoding="utf-8")
    assert "<script>" not in review and "](javascript" not in review
    assert "\n::error::" not in result.stdout
    plan = yaml.safe_load((out / "indicators.yaml").read_text(encoding="utf-8"))
    assert plan["indicators"][0]["source"]["snippet"].startswith("<script>")  # the snippet as printed, in YAML


# ------------------------------------------------------------------ properties

_PIECES = st.sampled_from(["到2025年，", "达到", "年均增长", "以上", "以内", "、", "，", "。", "其中", "累计", "新增",
                           "万亩", "亿元", "%", "个百分点", "家", "四", "两", "十五", " ", "\t", "地区生产总值",
                           "率", "由", "提高到", "（", "）", "专栏 2-1", "第一章", "总投资"])  # fmt: skip
_NUMBERS = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False).map(str)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.one_of(_PIECES, _NUMBERS), max_size=14).map("".join), min_size=1, max_size=8))
def test_every_figure_traces_to_its_line(lines):
    """Whatever the text, a draft never fails, and every figure's snippet and printed figure are on its line."""
    draft = draft_lines(lines)
    for ind in draft.indicators:
        f = ind.figure or None
        if f is None:
            continue
        line = lines[f.place.line - 1]
        assert f.place.snippet in line
        assert f.printed in f.place.snippet


def test_benchmark_runs():
    """benchmarks/bench_draft.py runs and prints its figures (they are measured there, not asserted here)."""
    import subprocess

    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_draft.py"), "--repeat", "1"],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "main table:" in out.stdout and "recall" in out.stdout and "precision" in out.stdout


# ------------------------------------------------------------------ other plans' pages (tests/fixtures/draft/)

FIXTURES = ROOT / "tests" / "fixtures" / "draft"


def _fixture(name: str):
    lines, kind = source_lines(FIXTURES / f"{name}.txt")
    return draft_lines(lines, kind), lines


def test_traditional_characters_ratios_and_densities():
    # 長江三角洲區域一體化發展規劃綱要, reposted in traditional characters
    draft, _ = _fixture("yangtze_delta_2025")
    got = {(i.figure.place.line, i.figure.printed): i.figure for i in draft.indicators if i.figure}
    ratio = got[(13, "2.2∶1以內")]  # 中心區城鄉居民收入差距控制在2.2∶1以內
    assert (ratio.value, ratio.unit, ratio.side) == (Decimal("2.2"), "∶1", "at_most")
    density = got[(7, "5公里/百平方公里")]  # 高速公路密度達到5公里/百平方公里: a density, not a road's length
    assert (density.value, density.unit, density.role) == (5, "公里/百平方公里", "target")
    draft, _ = _fixture("meishan_forestry_14th")
    area = next(i.figure for i in draft.indicators if i.figure and i.figure.printed == "45萬畝")  # 完成營造林45萬畝
    assert (area.unit, area.kind, area.name) == ("萬畝", "period_total", "完成營造林")


def test_html_table_cut_off_inside_a_row():
    draft, lines = _fixture("dazhou_forestry_table")  # 类别 序号 指标名称 2020年 2025年 属性, the page cut in row 2
    assert lines[4] == "类别\t序号\t指标名称\t2020年\t2025年\t属性"
    rows = [(r.category, r.name, r.unit, r.base, r.target, r.attribute) for r in draft.table.rows]
    assert rows == [("生态建设", "森林覆盖率", "%", "45.31", "46.3", "约束性"),
                    ("生态建设", "森林蓄积量", "万立方米", "4606.24", "5000", "约")]  # fmt: skip


def test_one_year_report_opening_a_period():
    draft, _ = _fixture("fuzhou_2026_gwr")  # 今年…主要预期目标 …奋力实现“十五五”良好开局
    assert (draft.base_year, draft.target_year) == (2025, 2026)
    # the title (line 2: 今年地区生产总值增长5.5%左右) and the text (line 5) print the same figure: one indicator
    gdp = next(i for i in draft.indicators if i.figure and i.figure.place.line == 2)
    assert (gdp.name, gdp.unit, gdp.figure.printed) == ("地区生产总值", "未注明", "增长5.5%左右")
    assert [(what, q.place.line, q.value) for what, q in gdp.quotes] == [("growth", 5, Decimal("5.5"))]


@pytest.mark.parametrize("name", sorted(str(p.relative_to(FIXTURES).with_suffix("")) for p in FIXTURES.rglob("*.txt")))
def test_drafts_of_other_plans_are_valid_plans(tmp_path, name):
    out = tmp_path / "plan"
    assert _invoke(["draft", str(FIXTURES / f"{name}.txt"), "-o", str(out), "-q", "--id", "x"]).exit_code == 0
    result = _invoke(["validate", str(out)])
    assert result.exit_code == 0, result.output
    assert _invoke(["check", "--plan", str(out), "-f", "json"]).exit_code in (0, 1)


def test_table_with_one_cell_to_a_line():
    """A page's table copied as text: 指  标 / 2020年 / 2025年 / 属性, then each row's name and cells on lines of
    their own; 4.义务教育标准班额比例 with 其中:小学 / 初中 gives its four cells column by column."""
    lines, kind = source_lines(FIXTURES / "holdout" / "county_education_table_14th.txt")
    draft = draft_lines(lines, kind)
    assert draft.table.years == (2020, 2025)
    rows = {r.name: r for r in draft.table.rows}
    first = rows["学前教育毛入园率"]  # 1.学前教育毛入园率(%) / 99% / 99%以上 / 约束性
    assert (first.unit, first.base, first.target, first.attribute, first.category) == (
        "%", "99%", "99%以上", "约束性", "一、发展水平")  # fmt: skip
    assert rows["劳动年龄人口平均受教育年限"].base == "11.4年"
    primary, middle = rows["义务教育标准班额比例：小学"], rows["义务教育标准班额比例：初中"]
    assert (primary.base, middle.base, primary.target, middle.target) == ("34.52%", "77.34%", "80%以上", "85%以上")
    assert primary.cell_lines == {"base": 83, "target": 87}


def test_control_characters_from_entities_and_page_breaks(tmp_path):
    """An HTML entity that makes a bidi override or an escape (&#x202e;, &#27;) never reaches the plan files, which
    the readers would refuse; a form feed (pdftotext's page break) is a line break."""
    page = tmp_path / "page.html"
    page.write_text("<p>到2025年，地区&#x202e;生产总值&#27;达到300亿元。</p>", encoding="utf-8")
    out = tmp_path / "plan"
    assert _invoke(["draft", str(page), "-o", str(out), "-q"]).exit_code == 0
    assert _invoke(["validate", str(out)]).exit_code == 0
    assert "\u202e" not in (out / "indicators.yaml").read_text(encoding="utf-8")
    text = tmp_path / "plan.txt"
    text.write_bytes("到2025年，地区生产总值达到300亿元。\f城镇化率达到60%。\n".encode())
    doc = json.loads(_invoke(["draft", str(text), "-f", "json"]).stdout)
    assert [(i["target"], i["source"]["line"]) for i in doc["indicators"]] == [(300, 1), (60, 2)]


def test_what_the_readers_refuse_is_kept_out_and_listed(tmp_path):
    """A figure beyond the usable range and a range printed high-low would make an invalid plan: they are taken out
    and listed, and the draft validates."""
    out, plan = _draft_valid(tmp_path, "到2025年，地区生产总值达到999999999999999999999999999999亿元。\n"
                                       "范围指标达到7-6%。\n城镇化率达到60%。\n")  # fmt: skip
    assert [i["name"] for i in plan["indicators"]] == ["城镇化率"]
    review = (out / "review.md").read_text(encoding="utf-8")
    assert review.count("kept out of the plan files") == 2 and "usable range" in review and "low–high" in review


def test_table_cells_with_signs_bare_rates_and_a_goal_column(tmp_path):
    """≥95 is a floor, a bare 7 under 年均增长（%） an annual rate, the 2035 column a goal; the draft validates."""
    _, plan = _draft_valid(tmp_path, "指标\t2020年\t2025年\t2035年\t年均增长（%）\t属性\n"
                                     "地区生产总值（亿元）\t140\t≥200\t400\t7\t预期性\n城镇化率（%）\t≥45\t50\t\t\t预期性\n")  # fmt: skip
    gdp, urban = plan["indicators"]
    assert (gdp["target"], gdp["direction"], gdp["growth"], gdp["goals"]) == (
        200, "at_least", {"printed": "7", "basis": "annual", "value": 7}, [{"year": 2035, "target": 400}])  # fmt: skip
    assert urban["base"] == "45以上"


def test_random_texts_draft_to_valid_plans_or_exit_2(tmp_path):
    """Texts mixing the forms draft reads with broken ones (fixed seed): every draft it writes validates, and what
    it refuses exits 2 with a message."""
    import random

    rng = random.Random(11)
    names, units = ["地区生产总值", "城镇化率", "单位GDP能耗", "粮食产量"], ["亿元", "%", "万人", "千伏", "", "‰"]
    cells = ["1,500", "3.5", "-5", "7-6", "≥95", "3.5左右", "7%以上", "—", "预期性", "999999999999999999", "两"]
    for k in range(12):
        lines = ["指标\t2020年\t2025年\t年均增长\t属性"]
        lines += ["\t".join([rng.choice(names) + "（亿元）", *rng.sample(cells, rng.randint(1, 5))]) for _ in range(3)]
        lines += [f"到2025年，{rng.choice(names)}达到{rng.choice(cells)}{rng.choice(units)}。" for _ in range(3)]
        path = tmp_path / f"{k}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = tmp_path / f"p{k}"
        result = _invoke(["draft", str(path), "-o", str(out), "-q"])
        assert result.exit_code in (0, 2) and "Internal error" not in result.stderr
        if result.exit_code == 0:
            assert _invoke(["validate", str(out)]).exit_code == 0, path.read_text(encoding="utf-8")


def test_attack_review_cases(tmp_path):
    """Found by an attack review: a symbolic link never lets --force replace the input's directory; an empty base
    cell keeps its row; a FIFO is refused, never opened; an HTML page without </head> is read; long runs stay fast."""
    real = tmp_path / "real"
    real.mkdir()
    (real / "plan.txt").write_text("到2025年，城镇化率达到60%。\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(real)
    result = _invoke(["draft", str(tmp_path / "link" / "plan.txt"), "-o", str(real), "--force"])
    assert result.exit_code == 2 and (real / "plan.txt").exists()
    rows = tmp_path / "rows.txt"
    rows.write_text("指标\t2020年\t2025年\t属性\n地区生产总值（亿元）\t100\t150\t预期性\n森林覆盖率（%）\t\t62\t约束性\n"
                    "城镇化率（%）\t55\t60\t预期性\n", encoding="utf-8")  # fmt: skip
    assert [r.target for r in draft_lines(rows.read_text(encoding="utf-8").split("\n")).table.rows] == ["150", "62",
                                                                                                      "60"]  # fmt: skip
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    result = _invoke(["draft", str(fifo)])
    assert result.exit_code == 2 and "FIFO" in result.stderr
    assert html_lines("<html><head><title>x</title><body><p>到2025年，城镇化率达到60%。</p>") == [
        "到2025年，城镇化率达到60%。"]  # fmt: skip
    long_name = "到2025年，" + "的" * 16000 + "x达到300亿元。"  # was quadratic in clean_name
    (figure,), _ = _figures(long_name)
    assert figure.value == 300 and len(figure.name) <= 60 and len(figure.place.snippet) <= 200

"""Actuals as bulletins publish them: growth rates, comparable prices, parts of a year, preliminary and final
figures, scope, a base that differs; and the template to fill in.

Plan figures used (main table): GDP 150.2 → 242 亿元, 年均10% at comparable prices, scope 不含凌钢;
retail sales 35.6 → 60 at current prices; forest cover 53.8 → 54.8 (a share).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lingyuan_targets.engine.outlook import outlook
from lingyuan_targets.engine.tracking import track
from lingyuan_targets.io.actuals import parse_period, read_actuals, validate_actuals
from lingyuan_targets.plan.errors import PlanError

from .test_cli import _invoke

ROOT = Path(__file__).resolve().parents[1]
HEAD = "id,year,period,measure,basis,status,scope,value,source,note\n"
GDP_REQ = ((242 / 150.2) ** (1 / 5) - 1) * 100  # 10.0092… % a year
RETAIL_REQ = ((60 / 35.6) ** (1 / 5) - 1) * 100  # 11.0044… % a year


def rows(tmp_path: Path, *lines: str, name: str = "a.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def tracked(plan, path: Path, **kw) -> dict:
    out = track(plan, read_actuals(path, plan), **kw)
    return {r["id"]: r for r in out.to_dict("records")}


# ------------------------------------------------------------------ comparable prices: growth chained from the base


def test_comparable_growth_is_chained_from_the_base(plan, tmp_path):
    """GDP +8.0% in 2021 and +5.0% in 2022 at comparable prices: 150.2 · 1.08 · 1.05 = 170.3268, observed
    √(1.08 · 1.05) − 1 = 6.4894% a year against the required 10.0092%: R = 0.6483, needs acceleration."""
    r = tracked(plan, rows(tmp_path, "gdp,2021,,growth,,,,8.0,公报,", "gdp,2022,,growth,,,,5.0,公报,"))["gdp"]
    assert r["value"] == pytest.approx(150.2 * 1.08 * 1.05)  # 170.3268
    assert r["observed"] == pytest.approx(((1.08 * 1.05) ** 0.5 - 1) * 100)  # 6.4894
    assert r["ratio"] == pytest.approx(((1.08 * 1.05) ** 0.5 - 1) * 100 / GDP_REQ)  # 0.6483
    assert r["status"] == "needs_acceleration" and r["method"] == "chained" and r["prices"] == "comparable"
    assert r["needed"] == pytest.approx(((242 / (150.2 * 1.08 * 1.05)) ** (1 / 3) - 1) * 100)  # 12.439
    assert not r["provisional"] and r["used_en"] == "2021 +8.0%; 2022 +5.0%"


def test_a_current_price_level_does_not_replace_the_comparable_chain(plan, tmp_path):
    """With the growth figures given, a nominal 2022 level of 184 (inflation included) is listed as not used:
    its (184/150.2)**(1/2) − 1 = 10.68% would read as on track while real growth was 6.49%."""
    r = tracked(plan, rows(tmp_path, "gdp,2021,,growth,,,,8.0,公报,", "gdp,2022,,growth,,,,5.0,公报,",
                           "gdp,2022,,level,,,,184,公报,"))["gdp"]  # fmt: skip
    assert r["value"] == pytest.approx(150.2 * 1.08 * 1.05)
    assert r["status"] == "needs_acceleration"
    assert "2022 184: a level at current prices, the planned rate is at comparable prices" in r["unused_en"]


def test_only_current_price_levels_are_used_and_said_so(plan, tmp_path):
    """Without a comparable figure, GDP 185 in 2022 is measured as before, (185/150.2)**(1/2) − 1 = 10.98%, and the
    note says that price changes count as growth."""
    r = tracked(plan, rows(tmp_path, "gdp,2022,,,,,,185,公报,"))["gdp"]
    assert r["observed"] == pytest.approx(((185 / 150.2) ** 0.5 - 1) * 100)
    assert r["method"] == "current-levels" and "price changes count as growth" in r["notes_en"]


def test_a_growth_at_the_wrong_prices_is_not_used(plan, tmp_path):
    """GDP growth marked current (nominal) is not the plan's real rate; retail growth marked comparable is not the
    plan's nominal one: both listed as not used, with nothing usable left."""
    out = tracked(plan, rows(tmp_path, "gdp,2021,,growth,current,,,9.5,公报,",
                             "retail-sales,2021,,growth,comparable,,,3.0,公报,"))  # fmt: skip
    assert out["gdp"]["reason"] == "no-usable-figure" and "growth at current prices" in out["gdp"]["unused_en"]
    assert "growth at comparable prices" in out["retail-sales"]["unused_en"]


# ------------------------------------------------------------------ current prices: levels, growth continues them


def test_current_price_growth_continues_the_last_level(plan, tmp_path):
    """Retail sales 38.0 in 2021, then +5% in 2022: 38.0 · 1.05 = 39.9; observed √(39.9/35.6) − 1 = 5.867%."""
    r = tracked(plan, rows(tmp_path, "retail-sales,2021,,,,,,38.0,公报,", "retail-sales,2022,,growth,,,,5,公报,"))
    r = r["retail-sales"]
    assert r["value"] == pytest.approx(38.0 * 1.05)
    assert r["observed"] == pytest.approx(((38.0 * 1.05 / 35.6) ** 0.5 - 1) * 100)  # 5.867
    assert r["ratio"] == pytest.approx(((39.9 / 35.6) ** 0.5 - 1) * 100 / RETAIL_REQ)  # 0.533
    assert r["status"] == "limited_progress" and r["method"] == "chained"


def test_levels_need_no_chain(plan, tmp_path):
    """A 2023 level after a gap (no 2022) is used as it is: (44.0/35.6)**(1/3) − 1 = 7.32%."""
    r = tracked(plan, rows(tmp_path, "retail-sales,2021,,,,,,38.0,公报,", "retail-sales,2023,,,,,,44.0,公报,"))
    assert r["retail-sales"]["observed"] == pytest.approx(((44.0 / 35.6) ** (1 / 3) - 1) * 100)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-30, 40), min_size=1, max_size=5))
def test_chained_growth_equals_levels_and_the_geometric_mean(plan, tmp_path_factory, growth):
    """For any yearly growth g₁…gₜ of retail sales: the chain 35.6 · Π(1 + gᵢ) is the value, the observed rate is
    the geometric mean of the (1 + gᵢ), and the same path given as levels gives the same rate."""
    tmp = tmp_path_factory.mktemp("chain")
    lines = [f"retail-sales,{2021 + k},,growth,,,,{g!r},s," for k, g in enumerate(growth)]
    r = tracked(plan, rows(tmp, *lines))["retail-sales"]
    product = math.prod(1 + g / 100 for g in growth)
    assert r["value"] == pytest.approx(35.6 * product, rel=1e-12)
    assert r["observed"] == pytest.approx((product ** (1 / len(growth)) - 1) * 100, rel=1e-9, abs=1e-9)
    levels, x = [], 35.6
    for k, g in enumerate(growth):
        x *= 1 + g / 100
        levels.append(f"retail-sales,{2021 + k},,level,,,,{x!r},s,")
    again = tracked(plan, rows(tmp, *levels, name="b.csv"))["retail-sales"]
    assert again["observed"] == pytest.approx(r["observed"], rel=1e-9, abs=1e-9)


# ------------------------------------------------------------------ parts of a year


def test_a_quarter_after_the_last_year_is_judged_on_its_growth_provisionally(plan, tmp_path):
    """GDP +8.0% in 2021, then Q1 2022 +4.1% (and a Q1 level of 33.8): the quarter decides, R = 4.1 / 10.0092 =
    0.4096, limited progress, provisional; the Q1 level is never a year's value."""
    r = tracked(plan, rows(tmp_path, "gdp,2021,,growth,,,,8.0,公报,", "gdp,2022,Q1,growth,,,,4.1,公报,",
                           "gdp,2022,一季度,level,,,,33.8,公报,"))["gdp"]  # fmt: skip
    assert r["period"] == "Q1" and r["year"] == 2022 and r["provisional"]
    assert r["observed"] == 4.1 and r["ratio"] == pytest.approx(4.1 / GDP_REQ)  # 0.4096
    assert r["status"] == "limited_progress" and r["reason"] == "growth-alone" and math.isnan(r["value"])
    assert "2022 Q1 33.8: a part-year level is not a year's value" in r["unused_en"]


def test_a_year_figure_wins_over_its_own_quarters(plan, tmp_path):
    """Q1 2022 +4.1% and the year 2022 +5% (2021 +8%): the year is chained, the quarter listed as not used."""
    r = tracked(plan, rows(tmp_path, "gdp,2021,,growth,,,,8,公报,", "gdp,2022,Q1,growth,,,,4.1,公报,",
                           "gdp,2022,,growth,,,,5,公报,"))["gdp"]  # fmt: skip
    assert r["value"] == pytest.approx(150.2 * 1.08 * 1.05) and not r["provisional"]
    assert "the year's own value is used" in r["unused_en"]


def test_only_part_year_levels_are_not_assessable(plan, tmp_path):
    r = tracked(plan, rows(tmp_path, "rural-income,2022,Q1,,,,,6865,公报,"))["rural-income"]
    assert r["status"] == "not_assessable" and r["reason"] == "no-usable-figure"


@pytest.mark.parametrize(("text", "code"), [("", "year"), ("Q1", "Q1"), ("一季度", "Q1"), ("上半年", "H1"),
                                            ("前三季度", "Q1-Q3"), ("1-5月", "M1-M5"), ("M3-M5", "M3-M5"),
                                            ("1-12月", "year"), ("q1-q4", "year"), ("13月", None), ("5-3月", None),
                                            ("spring", None)])  # fmt: skip
def test_periods(text, code):
    assert parse_period(text) == code


# ------------------------------------------------------------------ preliminary and final


@pytest.mark.parametrize("order", ["preliminary first", "final first"])
def test_a_final_figure_supersedes_the_preliminary_one(plan, tmp_path, order):
    """Retail sales 2021: preliminary 37.0 (预计), final 38.0: 38.0 is used whichever comes first in the file."""
    lines = ["retail-sales,2021,,,,预计,,37.0,快报,", "retail-sales,2021,,,,final,,38.0,统计公报,"]
    path = rows(tmp_path, *(lines if order == "preliminary first" else lines[::-1]))
    r = tracked(plan, path)["retail-sales"]
    assert r["value"] == 38.0 and r["sources"] == "统计公报"
    assert "replaces the preliminary 37.0" in r["used_en"]


def test_two_preliminary_figures_for_one_cell_are_a_duplicate(plan, tmp_path):
    path = rows(tmp_path, "gdp,2021,,growth,,preliminary,,8,a,", "gdp,2021,,growth,,初步核算,,8.1,b,")
    assert [p.code for p in validate_actuals(path, plan).problems] == ["duplicate-id"]


# ------------------------------------------------------------------ the base and the scope


def test_a_base_year_level_beyond_rounding_is_a_warning_and_the_plan_base_stays(plan, tmp_path):
    """A 2020 GDP of 206.1 (全口径) against the plan's 150.2 (不含凌钢): a warning naming both figures and scopes;
    the required rate stays (242/150.2)**(1/5) − 1 = 10.01%, and --rebase makes it (242/206.1)**(1/5) − 1 = 3.26%."""
    path = rows(tmp_path, "gdp,2020,,,,,全口径,206.1,公报,", "gdp,2021,,growth,,,,8,公报,")
    r = tracked(plan, path)["gdp"]
    assert r["base"] == 150.2 and r["required"] == pytest.approx(GDP_REQ)
    assert "206.1 (全口径)" in r["warnings_en"] and "150.2 (不含凌钢)" in r["warnings_en"]
    rebased = tracked(plan, path, rebase=True)["gdp"]
    assert rebased["base"] == 206.1 and rebased["base_source"] == "actuals"
    assert rebased["required"] == pytest.approx(((242 / 206.1) ** (1 / 5) - 1) * 100)  # 3.26
    assert rebased["value"] == pytest.approx(206.1 * 1.08)  # the chain starts from the rebased base


def test_a_base_year_level_within_rounding_is_no_warning(plan, tmp_path):
    """150.24 lies in [150.15, 150.25], the interval a printed 150.2 stands for."""
    assert (
        tracked(plan, rows(tmp_path, "gdp,2020,,,,,,150.24,公报,", "gdp,2022,,,,,,185,公报,"))["gdp"]["warnings_en"]
        == ""
    )


def test_a_scope_other_than_the_plans_is_a_warning(plan, tmp_path):
    r = tracked(plan, rows(tmp_path, "gdp,2021,,growth,,,全口径,8,公报,"))["gdp"]
    assert "2021: the figure covers 全口径, the plan's 不含凌钢" in r["warnings_en"]
    same = tracked(plan, rows(tmp_path, "gdp,2021,,growth,,,（不含凌钢）,8,公报,", name="b.csv"))["gdp"]
    assert same["warnings_en"] == ""


# ------------------------------------------------------------------ reading


def test_bad_cells_are_problems_with_line_and_field(plan, tmp_path):
    path = rows(tmp_path, "gdp,2021,,rate,,,,8,s,", "gdp,2021,,growth,nominal?,,,8,s,", "gdp,2021,spring,,,,,8,s,",
                "gdp,2021,,,,maybe,,8,s,", "forest-cover,2021,,growth,,,,1,s,", "gdp,2020,,growth,,,,5,s,",
                "gdp,2021,,growth,,,,-100,s,")  # fmt: skip
    problems = [(p.code, p.location.line, p.location.field) for p in validate_actuals(path, plan).problems]
    assert problems == [("not-allowed", 2, "measure"), ("not-allowed", 3, "basis"), ("not-allowed", 4, "period"),
                        ("not-allowed", 5, "status"), ("not-allowed", 6, "measure"), ("out-of-range", 7, "year"),
                        ("out-of-range", 8, "value")]  # fmt: skip
    with pytest.raises(PlanError):
        read_actuals(path, plan)


def test_an_unknown_column_is_a_warning_with_a_did_you_mean(plan, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,year,value,source,notes\ngdp,2022,185,s,x\n", encoding="utf-8")
    session = validate_actuals(path, plan)
    assert not session.problems
    assert session.warnings == [f"{path}: unknown column 'notes' is ignored; did you mean 'note'?"]
    result = _invoke(["track", "--actuals", str(path), "-f", "csv"])
    assert result.exit_code == 0 and "warning:" in result.stderr and "did you mean 'note'" in result.stderr
    checked = _invoke(["validate", "--actuals", str(path), "-f", "json"])
    assert checked.exit_code == 0  # a warning does not make the file invalid
    assert json.loads(checked.stdout)["plans"][-1]["warnings"] == session.warnings


def test_chinese_values_of_the_columns(plan, tmp_path):
    """增长 / 可比价 / 上半年 / 初步核算 read as growth, comparable, H1, preliminary."""
    a = read_actuals(rows(tmp_path, "gdp,2023,上半年,增长,可比价,初步核算,,5.5,s,"), plan)
    assert a[["period", "measure", "basis", "status"]].iloc[0].tolist() == ["H1", "growth", "comparable",
                                                                            "preliminary"]  # fmt: skip


# ------------------------------------------------------------------ what travels into the outputs


def test_notes_and_sources_reach_track_and_outlook(plan, tmp_path):
    """The file's note and source appear in track's csv/json and in outlook's; outlook starts from the chained
    150.2 · 1.08 = 162.216 in 2021."""
    path = rows(tmp_path, "gdp,2021,,growth,,,,8,2021年统计公报,初步核算数")
    doc = json.loads(_invoke(["track", "--actuals", str(path), "-f", "json", "--lang", "en"]).stdout)
    row = doc["rows"][0]
    assert row["sources"] == "2021年统计公报" and "2021: 初步核算数" in row["notes"]
    assert row["used"] == "chained growth: 2021 +8%"
    o = outlook(plan, read_actuals(path, plan), ids=["gdp"])
    assert o["start"].iloc[0] == pytest.approx(150.2 * 1.08) and o["start_note"].iloc[0] == "初步核算数"
    shown = json.loads(_invoke(["outlook", "gdp", "--actuals", str(path), "-f", "json"]).stdout)["rows"][0]
    assert shown["note"] == "初步核算数" and shown["start_source"] == "2021年统计公报"


def test_the_published_example_file(plan):
    """examples/actuals-lingyuan-published.csv (lingyuan.gov.cn Q1 2022 release; 朝阳日报 2023-02-17): GDP is judged
    on 2022's 5% (5 / 10.0092 = 0.4995), fixed-asset investment on Q1's 26.2% against (115/56.3)**(1/5) − 1 =
    15.355% (R = 1.706), industry on −9.3% against (25.4/14.4)**(1/5) − 1 = 12.020% (R = −0.774)."""
    out = tracked(plan, ROOT / "examples" / "actuals-lingyuan-published.csv")
    assert out["gdp"]["ratio"] == pytest.approx(5 / GDP_REQ) and out["gdp"]["status"] == "limited_progress"
    fai = out["fixed-investment"]
    assert fai["ratio"] == pytest.approx(26.2 / (((115 / 56.3) ** 0.2 - 1) * 100)) and fai["status"] == "on_track"
    iva = out["industrial-value-added"]
    assert iva["ratio"] == pytest.approx(-9.3 / (((25.4 / 14.4) ** 0.2 - 1) * 100)) and iva["status"] == "moving_away"
    # 7.2 / 12.00029 = 0.59999: just under the 0.6 threshold
    assert out["rural-income"]["ratio"] == pytest.approx(7.2 / (((26832 / 15225) ** 0.2 - 1) * 100))
    assert out["rural-income"]["status"] == "limited_progress"
    assert all(r["provisional"] for r in out.values())


# ------------------------------------------------------------------ the template


@pytest.mark.parametrize(("encoding", "head"), [("utf-8-sig", b"\xef\xbb\xbfid,name,unit,year"),
                                                ("gb18030", b"id,name,unit,year")])  # fmt: skip
def test_the_template_round_trips(plan, tmp_path, encoding, head):
    """The template, as written, reads back with nothing (every row empty); filled in by hand in the same
    encoding, its rows are read."""
    path = tmp_path / "t.csv"
    result = _invoke(["actuals", "template", "gdp", "retail-sales", "--file-encoding", encoding, "-o", str(path)])
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data.startswith(head)
    text = data.decode(encoding)
    lines = text.splitlines()
    assert len(lines) == 1 + 2 * 5 and lines[1].startswith("gdp,地区生产总值,亿元,2021,year,level,")
    assert len(read_actuals(path, plan)) == 0
    filled = text.replace(
        "gdp,地区生产总值,亿元,2022,year,level,,,,,,", "gdp,地区生产总值,亿元,2022,year,growth,,,,5,公报,"
    )
    path.write_bytes(filled.encode(encoding))
    a = read_actuals(path, plan)
    assert a[["id", "year", "measure", "value"]].values.tolist() == [["gdp", 2022, "growth", 5.0]]


def test_the_template_takes_years_and_refuses_bad_ones(tmp_path):
    out = _invoke(["actuals", "template", "gdp", "--years", "2021-2026"])
    assert out.exit_code == 0 and len(out.stdout_bytes.decode("utf-8-sig").splitlines()) == 1 + 6
    bad = _invoke(["actuals", "template", "--years", "2026-2021"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


# ------------------------------------------------------------------ the period is over, the target met, the vintage


def test_after_the_target_year_the_yearly_value_decides(plan, tmp_path):
    """GDP +8% a year for 2021–2025 chains to 150.2 · 1.08⁵ = 220.69 < 242: not achieved; a Q1 2026 growth after it
    is listed as not used, not judged alone."""
    lines = [f"gdp,{y},,growth,,,,8,s," for y in range(2021, 2026)] + ["gdp,2026,Q1,growth,,,,-3,s,"]
    r = tracked(plan, rows(tmp_path, *lines))["gdp"]
    assert r["status"] == "not_achieved" and r["value"] == pytest.approx(150.2 * 1.08**5)  # 220.69
    assert not r["provisional"] and "2026 Q1 -3%: after the target year 2025" in r["unused_en"]


def test_as_of_the_target_year_a_growth_alone_gives_no_verdict(plan, tmp_path):
    """--as-of 2026 with levels to 2022 and a 2025 H1 growth: the period is over and 2025 has no yearly value."""
    path = rows(tmp_path, "gdp,2021,,growth,,,,8,s,", "gdp,2025,H1,growth,,,,6,s,")
    r = tracked(plan, path, as_of=2026)["gdp"]
    assert r["reason"] == "no-final-actual" and "its yearly value decides" in r["unused_en"]


def test_a_target_met_is_not_undone_by_a_later_growth(plan, tmp_path):
    """Retail sales 62 in 2022 meets 60; a Q1 2023 growth of −2% does not turn it into moving away."""
    r = tracked(plan, rows(tmp_path, "retail-sales,2022,,,,,,62,s,", "retail-sales,2023,Q1,growth,,,,-2,s,"))
    assert r["retail-sales"]["status"] == "achieved" and "already met in 2022" in r["retail-sales"]["unused_en"]


def test_a_part_year_figure_does_not_make_its_year_complete(plan, tmp_path):
    """Retail sales to 2024 and a GDP Q1 2025 growth: the file's vintage is 2024, so retail sales is on track
    ((53/35.6)**(1/4) − 1 = 10.46% against 11.00%: R = 0.951) rather than missing its 2025 value."""
    path = rows(tmp_path, *[f"retail-sales,{y},,,,,,{v},s," for y, v in ((2021, 40), (2022, 44), (2023, 48),
                                                                       (2024, 53))], "gdp,2025,Q1,growth,,,,5,s,")  # fmt: skip
    out = tracked(plan, path)
    assert out["retail-sales"]["ratio"] == pytest.approx(((53 / 35.6) ** 0.25 - 1) * 100 / RETAIL_REQ)
    assert out["retail-sales"]["status"] == "on_track" and out["gdp"]["provisional"]


@pytest.mark.parametrize("order", [1, -1])
def test_the_year_wins_over_its_last_quarter_in_any_order(plan, tmp_path, order):
    lines = ["gdp,2022,year,growth,,,,5,s,", "gdp,2022,Q4,growth,,,,2,s,"][::order]
    r = tracked(plan, rows(tmp_path, *lines))["gdp"]
    assert r["observed"] == 5 and r["used_en"] == "2022 +5%"


def test_a_month_range_that_is_a_quarter_is_that_quarter(plan, tmp_path):
    path = rows(tmp_path, "gdp,2022,Q1,growth,,,,4,s,", "gdp,2022,1-3月,growth,,,,4.5,s,")
    assert [p.code for p in validate_actuals(path, plan).problems] == ["duplicate-id"]


def test_a_growth_beside_the_years_level_is_listed_as_not_used(plan, tmp_path):
    r = tracked(plan, rows(tmp_path, "retail-sales,2021,,,,,,38,s,", "retail-sales,2021,,growth,,,,50,s,"))
    assert "2021 +50%: the year's level is used" in r["retail-sales"]["unused_en"]


def test_a_duplicate_column_is_a_problem(plan, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,year,measure,value,source,measure\ngdp,2021,growth,8,s,\n", encoding="utf-8")
    assert [p.code for p in validate_actuals(path, plan).problems] == ["csv-header"]


def test_outlook_keeps_the_plan_base_without_rebase(plan, tmp_path):
    """A 2020 actual of 140 against the plan's 150.2: doubling means 2 × 150.2 = 300.4 by 2035, and with --rebase
    2 × 140 = 280."""
    path = rows(tmp_path, "gdp,2020,,,,,,140,s,", "gdp,2021,,growth,,,,8,s,")
    o = outlook(plan, read_actuals(path, plan), ids=["gdp"]).set_index("scenario")
    assert o.loc["doubling", "value"] == pytest.approx(2 * 150.2)
    rebased = outlook(plan, read_actuals(path, plan), ids=["gdp"], rebase=True).set_index("scenario")
    assert rebased.loc["doubling", "value"] == pytest.approx(2 * 140)
    result = _invoke(["outlook", "gdp", "--actuals", str(path), "-f", "csv"])
    assert "warning: gdp: the 2020 actual 140" in result.stderr


def test_a_growth_alone_without_a_base_says_so(plan, tmp_path):
    """Facility vegetable area (target 26, no 2020 value) with a 2021 growth: no base to set the required rate."""
    r = tracked(plan, rows(tmp_path, "facility-vegetable-area,2021,,growth,,,,5,s,"))["facility-vegetable-area"]
    assert r["reason"] == "no-base" and r["status"] == "not_assessable"


def test_a_base_printed_with_a_side_accepts_any_actual_on_that_side(tmp_path):
    """三门峡 (tests/fixtures/real): R&D intensity 2%以上 in 2022 stands for [1.95, ∞): an actual 2.3 agrees with it,
    1.4 does not."""
    from lingyuan_targets.io.plantable import read_table_plan

    plan = read_table_plan(ROOT / "tests" / "fixtures" / "real" / "sanmenxia.csv")
    ok = tracked(plan, rows(tmp_path, "rd-intensity,2022,,,,,,2.3,s,", "rd-intensity,2023,,,,,,2.5,s,"))
    assert ok["rd-intensity"]["warnings_en"] == ""
    low = tracked(plan, rows(tmp_path, "rd-intensity,2022,,,,,,1.4,s,", "rd-intensity,2023,,,,,,2.5,s,", name="b.csv"))
    assert "the 2022 actual 1.4" in low["rd-intensity"]["warnings_en"]

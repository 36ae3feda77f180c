"""Four published plans (tests/fixtures/real/, with their pages): what `check` says of each, worked by hand.

No crash, no false alarm: the one error is 万源's, whose sector targets and rates cannot start from a total of 140.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lingyuan_targets.cli import main

REAL = Path(__file__).parent / "fixtures" / "real"


def check(name: str) -> tuple[int, dict[tuple[str, str], dict]]:
    """Exit status and every finding (passes too) by (code, first id), as a script reads them."""
    import click

    result = CliRunner().invoke(
        click.Command("x", callback=lambda: main(["check", "--plan", str(REAL / f"{name}.csv"), "--all", "-f",
                                                  "json", "--lang", "en"])), [], catch_exceptions=False)  # fmt: skip
    doc = json.loads(result.output)
    [plan] = doc["plans"]
    assert doc["unusable"] == []
    return result.exit_code, {(f["code"], f["ids"][0]): f for f in plan["findings"]}


@pytest.mark.parametrize("name", ["wanyuan", "sanmenxia", "zhenan", "wangcang"])
def test_every_snippet_is_on_its_page(name):
    """The rows' snippets are verbatim from the passages quoted in the fixtures' README."""
    import csv

    readme = (REAL / "README.md").read_text(encoding="utf-8").replace("\n  ", "")
    for row in csv.DictReader((REAL / f"{name}.csv").open(encoding="utf-8")):
        assert row["snippet"].replace("，", ",") in readme.replace("，", ","), row["id"]


def test_wanyuan():
    code, found = check("wanyuan")
    assert code == 1  # one error
    # the sector targets add up to the total target: 63.3 + 86.7 + 150 = 300
    assert found["sum-consistent", "gdp"]["values"]["sum_of_parts"] == pytest.approx(63.3 + 86.7 + 150)
    # no sector base is printed: each target over its floor rate gives the base the rate starts from
    for ident, target, rate in (("primary-industry", 63.3, 2.6), ("secondary-industry", 86.7, 8.5),
                                ("tertiary-industry", 150, 7.0)):  # fmt: skip
        assert found["implied-baseline", ident]["values"]["implied_base"] == pytest.approx(
            target / (1 + rate / 100) ** 5
        )
    assert 63.3 / 1.026**5 + 86.7 / 1.085**5 + 150 / 1.07**5 == pytest.approx(220.283, abs=1e-3)
    # a floor rate delivers its target from a base at least target ÷ (1 + the rate's upper rounding end)**5:
    # 63.25/1.0265**5 + 86.65/1.0855**5 + 149.5/1.0705**5 = 219.333 > 140.5, the top of the printed total's interval
    lowest = 63.25 / 1.0265**5 + 86.65 / 1.0855**5 + 149.5 / 1.0705**5
    assert lowest == pytest.approx(219.333, abs=1e-3)
    mismatch = found["sum-mismatch", "gdp"]
    assert mismatch["severity"] == "error" and mismatch["ids"][1:] == ["primary-industry", "secondary-industry",
                                                                        "tertiary-industry"]  # fmt: skip
    assert mismatch["values"]["sum_interval"] == [pytest.approx(lowest), None]  # open above
    assert mismatch["values"]["total_interval"] == [139.5, 140.5]
    # 2035 goals from the 2025 targets: 突破600 needs at least 2**0.1 − 1 = 7.18% a year; 20 → 35 and 20 → 32 need
    # (35/20)**0.1 − 1 = 5.76% and (32/20)**0.1 − 1 = 4.81%; the rate of urbanisation, a share, (49 − 45)/10 = 0.4
    # points a year
    goals = {i: found["goal-implied-rate", i]["values"] for i in ("gdp", "built-up-area", "urban-population",
                                                                  "urbanisation-rate")}  # fmt: skip
    assert goals["gdp"]["implied_rate_pct"] == pytest.approx((2**0.1 - 1) * 100)
    assert goals["built-up-area"]["implied_rate_pct"] == pytest.approx(((35 / 20) ** 0.1 - 1) * 100)
    assert goals["urban-population"]["implied_rate_pct"] == pytest.approx(((32 / 20) ** 0.1 - 1) * 100)
    assert "+0.4 points a year" in found["goal-implied-rate", "urbanisation-rate"]["message_en"]
    assert sorted(k for k, f in found.items() if f["severity"] in ("error", "warning")) == [("sum-mismatch", "gdp")]


def test_sanmenxia():
    """2022 → 2027, two rows to 2025. 全员劳动生产率 14.4 + 5 × 1 = 19.4 prints 19, not 20: only a yearly increase in
    [(19.5 − 14.45)/5, (20.5 − 14.35)/5] = [1.01, 1.23] reaches it, 22% of the interval [0.5, 1.5) of the printed 1.
    研发投入强度 from a base printed as 2%以上, 2 + 5 × 0.16 = 2.8 meets 2.8%以上 (exact; the base is open above).
    GDP 2300 at 7% a year starts from 2300 / 1.07**5 = 1639.9."""
    code, found = check("sanmenxia")
    assert code == 0
    lp = found["target-rule-within-rounding", "labour-productivity"]
    assert lp["values"]["computed_target"] == pytest.approx(14.4 + 5 * 1)
    assert lp["values"]["consistent_growth_interval"] == [pytest.approx((19.5 - 14.45) / 5),
                                                          pytest.approx((20.5 - 14.35) / 5)]  # fmt: skip
    assert lp["values"]["share_of_growth_interval"] == pytest.approx(((20.5 - 14.35) / 5 - (19.5 - 14.45) / 5) / 1.0)
    rd = found["target-rule-exact", "rd-intensity"]["values"]
    assert rd["computed_target"] == pytest.approx(2 + 5 * 0.16) and rd["base_interval"] == [1.5, None]
    assert found["implied-baseline", "gdp"]["values"]["implied_base"] == pytest.approx(2300 / 1.07**5)
    assert not [k for k, f in found.items() if f["severity"] in ("error", "warning")]


def test_zhenan():
    """2021 → 2026: GDP 139 at 7% a year starts from 139 / 1.07**5 = 99.106; rates without levels, floors and
    ceilings give nothing to check, and no false alarm."""
    code, found = check("zhenan")
    assert code == 0
    assert found["implied-baseline", "gdp"]["values"]["implied_base"] == pytest.approx(139 / 1.07**5)
    assert 139 / 1.07**5 == pytest.approx(99.106, abs=1e-3)
    assert list(found) == [("implied-baseline", "gdp")]


def test_wangcang():
    """A 2015 → 2020 plan: 实现翻番 to 178 starts from 178 / 2 = 89; floors and plain targets without bases give
    nothing else to check, and no false alarm."""
    code, found = check("wangcang")
    assert code == 0
    assert found["implied-baseline", "gdp"]["values"]["implied_base"] == pytest.approx(178 / 2)
    assert list(found) == [("implied-baseline", "gdp")]


def run(*args: str):
    import click

    return CliRunner().invoke(click.Command("x", callback=lambda: main(list(args))), [], catch_exceptions=False)


def test_one_plan_commands_read_a_table_of_one_plan(tmp_path):
    """list, show and outlook take a plans table holding one plan, with its own ids; a table of two is a usage
    error naming them."""
    table = str(REAL / "wanyuan.csv")
    listed = run("list", "--plan", table, "-f", "csv")
    assert listed.exit_code == 0 and listed.output.splitlines()[1].startswith("gdp,地区生产总值,")
    shown = run("show", "gdp", "--plan", table, "-f", "json")
    assert shown.exit_code == 0 and '"gdp"' in shown.output
    # the outlook's 2035 for GDP is the plan's own goal under every scenario that leaves GDP to the plan's rule
    # (the table gives no tags, so doubling and moderate change nothing): 300 · (600/300) = 600
    outlook = json.loads(run("outlook", "--plan", table, "-f", "json").output)
    [gdp] = [r for r in outlook["rows"] if r["id"] == "gdp"]
    values = {k: v for k, v in gdp.items() if k.startswith("value:")}
    assert set(values) == {"value:continue", "value:doubling", "value:moderate"}
    assert all(v == pytest.approx(300 * (600 / 300)) for v in values.values())
    two = tmp_path / "two.csv"
    two.write_text("plan,id,name,unit,kind,target\na,x,甲,亿元,level,1\nb,x,甲,亿元,level,2\n", encoding="utf-8")
    result = run("list", "--plan", str(two))
    assert result.exit_code == 2 and "holds 2 plans (a, b)" in result.output and "Traceback" not in result.output


def test_list_names_a_rows_own_years():
    """三门峡's 城镇化人口 is for 2025 inside a 2022→2027 plan: list says so beside the figure; a plan whose rows
    all run over its own period has no such column."""
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(run("list", "--plan", str(REAL / "sanmenxia.csv"), "-f", "csv").output)))
    period = {r["id"]: r["period"] for r in rows}
    assert period["urbanisation"] == "2022–2025" and period["gdp"] == ""
    assert "period" not in run("list", "--plan", str(REAL / "zhenan.csv"), "-f", "csv").output.splitlines()[0]

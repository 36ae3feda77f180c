"""'Did you mean' for ids, scenarios and check codes: case, `_`/`-` and spelling slips get a suggestion; exit 2."""

from __future__ import annotations

import pytest

from lingyuan_targets.plan.suggest import closest, unknown_list

from .test_cli import _invoke


@pytest.mark.parametrize(("word", "meant"), [("gdp", "gdp"), ("GDP", "gdp"), ("rural_income", "rural-income"),
                                             ("ＧＤＰ", "gdp"), ("gpd", "gdp"), ("rural-incme", "rural-income"),
                                             ("zzzz", None)])  # fmt: skip
def test_closest(word, meant):
    assert closest(word, ["gdp", "rural-income", "pm25"]) == meant


def test_an_exact_name_gets_no_suggestion():
    assert unknown_list(["gdp", "qqq"], ["gdp"]) == "gdp, qqq"


@pytest.mark.parametrize(("args", "hint"), [
    (["show", "gpd"], "did you mean 'gdp'?"),
    (["project", "GDP", "rural_income"], "GDP (did you mean 'gdp'?), rural_income (did you mean 'rural-income'?)"),
    (["project", "--scenario", "doubeling"], "did you mean 'doubling'?"),
    (["check", "--select", "target-rul"], "target-rul (did you mean 'target-rule'?)"),
    (["track", "Rural_Income", "--actuals", "examples/actuals-demo.csv"], "did you mean 'rural-income'?"),
])  # fmt: skip
def test_the_cli_suggests_and_exits_2(args, hint, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    result = _invoke(args)
    assert result.exit_code == 2 and hint in result.output and "Traceback" not in result.output

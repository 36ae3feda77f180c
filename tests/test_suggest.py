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
    (["track", "--actuals", "tests/fixtures/typo-actuals.csv"], "no indicator with id 'gpd' in the plan; did you mean 'gdp'?"),
    (["track", "Rural_Income", "--actuals", "examples/actuals-demo.csv"], "did you mean 'rural-income'?"),
])  # fmt: skip
def test_the_cli_suggests_and_exits_2(args, hint, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    result = _invoke(args)
    assert result.exit_code == 2 and hint in result.output and "Traceback" not in result.output


def test_quiet_drops_the_notes_not_the_warnings(tmp_path):
    """A GB18030 actuals file with an unknown column: a note (how it was read) and a warning; -q keeps the warning
    only, before the command or on it."""
    path = tmp_path / "a.csv"
    path.write_bytes("id,year,value,source,notes\ngdp,2022,185,统计公报,x\n".encode("gb18030"))
    loud = _invoke(["track", "--actuals", str(path), "-f", "csv"])
    assert "note:" in loud.stderr and "warning:" in loud.stderr
    for args in (["track", "-q", "--actuals", str(path), "-f", "csv"],
                 ["--quiet", "track", "--actuals", str(path), "-f", "csv"]):  # fmt: skip
        quiet = _invoke(args)
        assert quiet.exit_code == 0 and "note:" not in quiet.stderr and "warning:" in quiet.stderr
        assert quiet.stdout == loud.stdout

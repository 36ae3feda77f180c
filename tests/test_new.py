"""`lingyuan-targets new`: a commented skeleton that validates once its examples are in, and never overwrites."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lingyuan_targets.cli import main


def run(*args: str):
    """The command as a user runs it (errors become messages and exit statuses, as in ``main``)."""
    import click

    return CliRunner().invoke(click.Command("x", callback=lambda: main(list(args))), [], catch_exceptions=False)


def uncomment_examples(text: str) -> str:
    """The skeleton with its example indicators in place of ``indicators: []``."""
    lines = text.splitlines()
    start = lines.index("# indicators:")
    end = lines.index("#", start)
    examples = [line[2:] for line in lines[start:end]]
    head = [line for line in lines[:start] if line != "indicators: []"]
    return "\n".join(head + examples) + "\n"


def test_the_skeleton_has_the_header_and_no_figure(tmp_path):
    where = tmp_path / "plans" / "sanmenxia"
    result = run("new", str(where), "--base-year", "2022", "--target-year", "2027", "--name", '三门峡 "未来五年"')
    assert result.exit_code == 0, result.output
    text = (where / "indicators.yaml").read_text(encoding="utf-8")
    assert "  id: sanmenxia" in text and "base_year: 2022" in text and "target_year: 2027" in text
    assert '  name: "三门峡 \\"未来五年\\""' in text  # quoted so that it reads back as typed
    # no live indicator: validate says what is missing, on the line of `indicators: []`
    problems = json.loads(run("validate", str(where), "-f", "json").output)
    [problem] = problems["plans"][0]["problems"]
    assert problem["code"] == "missing-field"
    assert text.splitlines()[problem["line"] - 1] == "indicators: []"


def test_the_examples_validate_and_check(tmp_path):
    """The commented examples (万源市) are a working plan: 600 by 2035 from 300 in 2025 needs at least
    2**(1/10) − 1 = 7.177% a year; 63.3 at 2.6% a year implies a base of 63.3 / 1.026**5 = 55.68."""
    where = tmp_path / "wanyuan"
    assert run("new", str(where)).exit_code == 0
    path = where / "indicators.yaml"
    path.write_text(uncomment_examples(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert run("validate", str(where)).exit_code == 0
    result = run("check", "--plan", str(where), "-f", "json", "--all", "--lang", "en")
    found = {(f["code"], f["ids"][0]): f for f in json.loads(result.output)["findings"]}
    assert found["goal-implied-rate", "gdp"]["values"]["implied_rate_pct"] == pytest.approx((2**0.1 - 1) * 100)
    assert found["implied-baseline", "primary-industry"]["values"]["implied_base"] == pytest.approx(63.3 / 1.026**5)
    assert 63.3 / 1.026**5 == pytest.approx(55.6759, abs=1e-4)
    assert not [f for f in found.values() if f["severity"] == "error"]


def test_a_dangling_link_is_not_followed(tmp_path):
    """indicators.yaml as a link to a file that does not exist: refused, and nothing is created where it points."""
    where = tmp_path / "p"
    where.mkdir()
    (where / "indicators.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    result = run("new", str(where))
    assert result.exit_code == 2 and "exists" in result.output
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_an_existing_plan_is_never_overwritten(tmp_path):
    where = tmp_path / "p"
    where.mkdir()
    (where / "indicators.yaml").write_text("mine\n", encoding="utf-8")
    result = run("new", str(where))
    assert result.exit_code == 2
    assert "indicators.yaml: exists" in result.output and "Traceback" not in result.output
    assert (where / "indicators.yaml").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["Bad_Name"],
            "the directory's name 'Bad_Name' is not a kebab-case plan id (lower-case letters, digits and "
            "hyphens); name one with --id",
        ),
        (["x", "--base-year", "2200"], "years out of range"),
        (["x", "--name", "x\x1b[31mred"], "--name must be one line of printable text"),
        (["x", "--name", "x\u0085y"], "--name must be one line of printable text"),
        (["x", "--id", "X Y"], "--id 'X Y' is not a kebab-case plan id"),
        (["x", "--base-year", "2025", "--target-year", "2025"], "--base-year/--target-year 2025, 2025"),
        (["x", "--name", "a\nb"], "--name must be one line"),
        (["x", "--base-year", "20"], "Invalid value for '--base-year'"),
    ],
)
def test_usage_errors(tmp_path, args, message):
    result = run("new", str(tmp_path / args[0]), *args[1:])
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / args[0] / "indicators.yaml").exists()

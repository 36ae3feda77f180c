"""What people read in Chinese is Chinese: no English word in zh output but the plan's own texts (notes, the actuals'
sources), identifiers (ids, finding codes, scenario names) and a few proper names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import lingyuan_targets as lt
from lingyuan_targets.cli import cli

ROOT = Path(__file__).resolve().parents[1]
ACTUALS = ROOT / "examples" / "actuals-demo.csv"
COMMANDS = [["list"], ["show", "gdp"], ["show", "rural-income"], ["show", "pm25"], ["project", "--to", "2025"],
            ["track", "--actuals", str(ACTUALS)], ["outlook"], ["scenarios"], ["check"]]  # fmt: skip
#: proper names and codes that stay as they are in Chinese text
PROPER = {"GDP", "PM2.5", "Open", "SDG", "half-up", "Ⅲ"}


def _allowed() -> set[str]:
    plan = lt.load_plan()
    words: set[str] = set(PROPER) | set(plan.scenarios) | set(plan.sums["group"]) | set(plan.projects["breakdown"])
    texts = [*plan.indicators["note"].dropna(), *plan.indicators["base_note"].dropna(), ACTUALS.read_text("utf-8")]
    for text in texts:  # the plan's and the actuals file's own words
        words |= set(re.findall(r"[A-Za-z][A-Za-z0-9_.\-]*", str(text)))
    return words


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_zh_output_has_no_english_words(args):
    result = CliRunner().invoke(cli, [*args, "-f", "table"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code in (0, 1), result.output[-300:]
    plan = lt.load_plan()
    ids = set(plan.indicators["id"])
    from lingyuan_targets.checks import check_plan

    findings = check_plan(plan).findings
    codes = {f.code for f in findings} | {i for f in findings for i in f.ids}  # a sum group's name too
    allowed = _allowed()
    english = sorted({w for w in re.findall(r"[A-Za-z][A-Za-z0-9_.\-]*[A-Za-z0-9]|[A-Za-z]{2,}", result.output)
                      if w not in allowed | codes and not any(w in i for i in ids | PROPER)})  # fmt: skip
    # a fragment of an id or of GDP: a wrapped cell (a CJK name wraps anywhere, "占GD / P比重" included)
    assert not english, english


def test_english_check_messages_name_units_in_english():
    """An English message gives the unit the plan names in English (unit_en); the Chinese one the unit as printed.
    PM2.5 is planned in 微克/立方米 (µg/m³), facility agriculture in 万亩 (10,000 mu), new urban jobs in 万人."""
    from lingyuan_targets.checks import check_plan

    found = {(f.code, f.ids[0]): f for f in check_plan(lt.load_plan()).findings}
    pm = found[("cumulative-unit-mismatch", "pm25")]
    assert (
        "-8 µg/m³" in pm.message_en
        and "微克" not in pm.message_en
        and pm.suggestion == "print the figure as -8 (µg/m³)"
    )
    assert "-8 微克/立方米" in pm.message_zh
    total = next(
        f for (code, _), f in found.items() if code == "sum-mismatch" and "facility-agri-standard-area" in f.ids
    )
    assert "printed as 27 10,000 mu" in total.message_en and "万亩" not in total.message_en
    jobs = found[("cumulative-reading-coarse", "urban-new-jobs")]
    assert "10,000 people" in jobs.message_en and "万人" not in jobs.message_en and "万人" in jobs.message_zh


EN_COMMANDS = [*COMMANDS, ["project"], ["validate", "--list-codes"]]


def _input_text() -> str:
    """Everything the tool reads: the plan's files, its source text and the actuals file."""
    files = [*ROOT.glob("data/*.yaml"), *ROOT.glob("data/*.csv"), *ROOT.glob("data/source/*"), ACTUALS]
    return "".join(p.read_text("utf-8") for p in files if p.is_file())


@pytest.mark.parametrize("args", EN_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_en_output_has_no_chinese_but_what_it_quotes(args):
    """With --lang en, a run of Chinese characters in the output is one the tool quotes from what it read (a name in
    brackets, a section, a snippet, a phrase such as 年均, a unit the plan gives no English for), never its own words:
    every run is found in the plan's files, its source text or the actuals."""
    quoted = _input_text()
    assert "未显示" not in quoted and "情景增速" not in quoted  # the tool's own words would be caught
    fmt = "text" if args[0] == "validate" else "table"
    out = CliRunner().invoke(cli, [*args, "--lang", "en", "-f", fmt], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert out.exit_code in (0, 1), out.output[-300:]
    runs = set(re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", out.output))
    assert not sorted(r for r in runs if r not in quoted)

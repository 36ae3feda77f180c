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

"""The README stays true: its commands exist and CI runs its test command verbatim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _readme() -> str:
    if not README.exists():
        pytest.skip("not running from a source checkout")
    return README.read_text(encoding="utf-8")


def _quick_start_commands() -> list[str]:
    section = _readme().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_two_commands():
    """One command sets up and runs the projection, one installs test dependencies and runs pytest."""
    first, second = _quick_start_commands()
    assert "pip install ." in first and "lingyuan-targets project" in first
    assert '".[test]"' in second and "pytest" in second


def test_ci_runs_the_readme_test_command_verbatim():
    """.ci/run contains the README's test command exactly."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _quick_start_commands()[1] in ci.splitlines()


def test_every_command_is_documented():
    """Each CLI command appears in the README."""
    from lingyuan_targets.cli import cli

    text = _readme()
    for name in cli.commands:
        assert f"lingyuan-targets {name}" in text, name


def test_readme_check_summary_is_current(plan):
    """The figures the README quotes for `check` on the embedded plan are what it reports."""
    from lingyuan_targets.checks import check_plan

    s = check_plan(plan).summary()
    text = _readme()
    assert (f"{s['checked']} checks, {s['exact']} exact, {s['within_rounding']} within rounding, "
            f"{s['inconsistent']} inconsistent; {s['errors']}") in text  # fmt: skip
    assert f'"summary": {{"checked": {s["checked"]}, "exact": {s["exact"]}' in text

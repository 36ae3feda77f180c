"""Shared fixtures: the embedded plan and the plan text it was transcribed from."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from lingyuan_targets import load_plan
from lingyuan_targets.io.plandir import default_plan_dir

HERE = Path(__file__).resolve().parent

# Parses are cached per content (yamlfile.py): the tests, and the commands they run, use a cache of their own.
_CACHE = tempfile.mkdtemp(prefix="lingyuan-targets-test-cache-")
os.environ["LINGYUAN_TARGETS_CACHE"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def plan():
    """The embedded Lingyuan plan, loaded once."""
    return load_plan()


@pytest.fixture(scope="session")
def plan_text() -> list[str]:
    """Lines of the plan text shipped with the data (index 0 is line 1)."""
    path = default_plan_dir() / "source" / "plan.txt"
    return path.read_text(encoding="utf-8").split("\n")


@pytest.fixture()
def plan_copy(tmp_path: Path) -> Path:
    """A writable copy of the embedded plan directory."""
    import shutil

    dest = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), dest)
    return dest


def synthetic_plan(plan, rows: list[dict]):
    """The embedded plan's metadata with generated indicators (copies of GDP's row, overridden)."""
    from dataclasses import replace

    template = plan.indicators.iloc[[0] * len(rows)].reset_index(drop=True).copy()
    for i, row in enumerate(rows):
        for key, value in row.items():
            template.loc[i, key] = value
    template["id"] = [f"x{i}" for i in range(len(rows))]
    template["tags"] = ""
    return replace(plan, indicators=template, quotes=plan.quotes.iloc[0:0], relations=())

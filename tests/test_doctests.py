"""The examples in the docstrings run, and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import lingyuan_targets


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(lingyuan_targets.__path__, "lingyuan_targets."))


@pytest.mark.parametrize("name", ["lingyuan_targets", *_modules()])
def test_doctests(name):
    """Every example in the module's docstrings passes."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_there_are_examples():
    """The walk finds the modules and their examples (a count of zero would let the test above pass vacuously)."""
    attempted = 0
    for name in ["lingyuan_targets", *_modules()]:
        finder = doctest.DocTestFinder()
        attempted += sum(len(t.examples) for t in finder.find(importlib.import_module(name)))
    assert attempted >= 20

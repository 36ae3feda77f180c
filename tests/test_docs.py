"""The documentation stays true: its code tables are the registries', its links resolve, the README is short."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _generate():
    if not (DOCS / "generate.py").exists():
        pytest.skip("not running from a source checkout")
    spec = importlib.util.spec_from_file_location("generate", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_tables_are_current():
    """Every code table in docs/ equals what the registries give (run `python docs/generate.py` when this fails)."""
    generate = _generate()
    for path in generate.files():
        text = path.read_text(encoding="utf-8")
        assert generate.update(text) == text, f"{path.name}: run python docs/generate.py"


def test_generated_tables_hold_every_code():
    """The tables name each registered code once (so an empty or stale block cannot pass)."""
    from lingyuan_targets.checks import CODES
    from lingyuan_targets.engine.tracking import REASONS
    from lingyuan_targets.plan.problems import PROBLEMS

    _generate()
    for doc, block, codes in (("checks.md", "finding-codes", CODES), ("validation.md", "problem-codes", PROBLEMS),
                              ("tracking.md", "tracking-reasons", REASONS)):  # fmt: skip
        page = (DOCS / doc).read_text(encoding="utf-8")
        text = page.split(f"<!-- generated: {block} -->")[1].split(f"<!-- end: {block} -->")[0]
        for code in codes:
            assert text.count(f"\n| `{code}` |") == 1, (doc, code)


def test_a_stale_table_is_found():
    """update() rewrites a block whose content differs from the registry."""
    generate = _generate()
    stale = "<!-- generated: problem-codes -->\n| old |\n<!-- end: problem-codes -->"
    assert "`file-not-found`" in generate.update(stale)


def test_readme_is_short_and_links_every_document():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 300
    for doc in DOCS.glob("*.md"):
        assert f"(docs/{doc.name})" in readme, doc.name


def test_links_resolve():
    """Every relative link in the README and docs/ points at a file that exists."""
    for path in [ROOT / "README.md", *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+)\)", path.read_text(encoding="utf-8")):
            assert (path.parent / target).exists(), (path.name, target)


def test_ci_snippets_pin_a_commit_of_this_repository():
    """The pre-commit and GitHub Actions snippets name a revision that exists: a full commit id in this repository's
    history (the project has no release tags; a tag a snippet names would have to exist)."""
    import shutil
    import subprocess

    text = (DOCS / "validation.md").read_text(encoding="utf-8")
    revs = re.findall(r"rev: (\S+)", text) + re.findall(r"repository>@([^\"\s]+)", text)
    assert len(revs) == 2 and all(re.fullmatch(r"[0-9a-f]{40}", r) for r in revs), revs
    if not shutil.which("git") or not (ROOT / ".git").exists():
        pytest.skip("no git history here")
    for rev in set(revs):
        found = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{rev}^{{commit}}"], capture_output=True)
        assert found.returncode == 0, f"{rev} is not a commit of this repository"

"""Write the tables in docs/ that come from the package's registries, so the documentation cannot drift.

A generated table stands between ``<!-- generated: NAME -->`` and ``<!-- end: NAME -->``::

    python docs/generate.py           # rewrite the tables in docs/*.md and README.md
    python docs/generate.py --check   # exit 1 if any is out of date (tests/test_docs.py runs this check)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def finding_codes() -> str:
    from lingyuan_targets.checks import CODES

    return _table(("code", "family", "severity", "meaning"),
                  [(f"`{code}`", family, severity, title) for code, (family, severity, title) in CODES.items()])  # fmt: skip


def problem_codes() -> str:
    from lingyuan_targets.plan.problems import PROBLEMS

    return _table(
        ("code", "group", "meaning"), [(f"`{code}`", group, title) for code, (group, title) in PROBLEMS.items()]
    )


def tracking_reasons() -> str:
    from lingyuan_targets.engine.tracking import REASONS

    return _table(("reason", "status", "explanation (English; Chinese alike)"),
                  [(f"`{code}`", f"`{status}`" if status else "by the ratio R", text.replace("{", "`{").replace("}", "}`"))
                   for code, (status, text, _) in REASONS.items()])  # fmt: skip


BLOCKS: dict[str, Callable[[], str]] = {
    "finding-codes": finding_codes,
    "problem-codes": problem_codes,
    "tracking-reasons": tracking_reasons,
}
_BLOCK = re.compile(r"(<!-- generated: ([a-z-]+) -->\n)(.*?)(<!-- end: \2 -->)", re.S)


def update(text: str) -> str:
    """``text`` with every generated block written anew."""
    return _BLOCK.sub(lambda m: m.group(1) + BLOCKS[m.group(2)]() + "\n" + m.group(4), text)


def files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def main(argv: list[str]) -> int:
    stale = []
    for path in files():
        text = path.read_text(encoding="utf-8")
        new = update(text)
        if new != text:
            stale.append(path)
            if "--check" not in argv:
                path.write_text(new, encoding="utf-8")
    if stale:
        verb = "out of date" if "--check" in argv else "rewritten"
        print("\n".join(f"{p.relative_to(ROOT)}: generated tables {verb}" for p in stale))
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

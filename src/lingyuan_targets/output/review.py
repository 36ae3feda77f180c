"""``review.md`` of a draft (``lingyuan-targets draft``): what the draft is unsure of, line by line.

Text from the plan (names, sections, snippets) is data: every cell goes through :func:`.escape.markdown_text`, so
it renders as itself and no control character reaches a terminal.
"""

from __future__ import annotations

from ..io.drafting import Draft
from .escape import markdown_text

#: the longest snippet a review row quotes
SNIPPET = 80


def review_markdown(draft: Draft, plan_id: str) -> str:
    """``review.md``: how the text was read, what the draft counted, and every item to review with its line."""
    rows = len(draft.table.rows) if draft.table else 0
    text = sum(1 for i in draft.indicators if i.origin == "text")
    quotes = sum(len(i.quotes) for i in draft.indicators)
    lines = [
        f"# Review of the draft `{plan_id}`", "",
        f"Read as {draft.kind}, {len(draft.lines)} lines; years {draft.base_year} → {draft.target_year} "
        f"(from {draft.years_from}).", "",
        f"- main table: {rows} rows" + ("" if draft.table else " (no main-indicator table found)"),
        f"- targets and growth rules in the text: {text} indicators",
        f"- other statements of the same quantities (quotes): {quotes}",
        f"- sums (其中 …): {len(draft.sums)}",
        f"- figures kept out as possible project specifications: {len(draft.specs)}", "",
        "Each item names the line of `source/plan.txt` it is about. Correct the plan files where the draft is "
        "wrong (this review is not read back), then run `lingyuan-targets validate` and `check`.", "",
    ]  # fmt: skip
    if not draft.review:
        lines.append("Nothing to review.")
    else:
        lines += ["| line | section | indicator | why | printed |", "|---:|---|---|---|---|"]
        for item in draft.review:
            snippet = item.snippet if len(item.snippet) <= SNIPPET else item.snippet[: SNIPPET - 1] + "…"
            cells = (markdown_text(x) for x in (item.section or "—", item.what or "—", item.reason, snippet))
            lines.append(f"| {item.line} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"

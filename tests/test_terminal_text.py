"""Text from input reaches a terminal as text: no rich markup, no escape sequences, no reordering controls."""

from __future__ import annotations

import io

from rich.console import Console

from lingyuan_targets.output.terminal import print_view, visible
from lingyuan_targets.views.table import Column, Lines, Table, View

HOSTILE = ["[link=https://evil.example]click[/link]", "[/bold] unbalanced", "\x1b]0;pwned\x07title",
           "\x1b[2Jclear", "abc\u202edcba", "C1 \x9b31m", "tab\there"]  # fmt: skip


def _render(view: View) -> str:
    out = io.StringIO()
    console = Console(file=out, width=120, force_terminal=True, color_system=None, highlight=False)
    print_view(view, "en", console)
    return out.getvalue()


def test_hostile_cells_titles_and_lines_are_shown_as_text():
    """Markup stays literal (no MarkupError, no hyperlink), ESC and BEL show as ␛ and ␇, a bidi override as
    \\u202e: with colours off, the output holds no escape byte at all."""
    table = Table(
        title=HOSTILE[0],
        columns=[Column("id", "编号", "id", sticky=True), Column("name", "名称", "name")],
        records=[{"id": f"x{k}", "name": text} for k, text in enumerate(HOSTILE)],
        notes=[HOSTILE[2]],
    )
    text = _render(View([table, Lines(tuple(HOSTILE))]))
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\x9b" not in text
    assert "[link=https://evil.example]click[/link]" in text and "[/bold] unbalanced" in text
    assert "␛]0;pwned␇title" in text and "\\u202e" in text and "tab here" in text


def test_visible_keeps_ordinary_text():
    assert visible("地区生产总值（亿元）150.2\n第二行") == "地区生产总值（亿元）150.2\n第二行"

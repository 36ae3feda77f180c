"""Terminal output: a view's tables, lists and lines printed with rich, fitted to the console's width."""

from __future__ import annotations

import io
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from ..views.table import Lines, Listing, Table, View
from .escape import no_log_commands, one_line, visible
from .text import display_rows

#: width of a terminal view written to a file (-o) rather than shown on a terminal
FILE_WIDTH = 200
#: colour of a listing group's style (a severity)
STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan", "pass": "green"}


def plain(text: Any, style: str = "") -> Text:
    """Input text as rich text on one line: never read as markup (``[link=…]`` stays literal), control characters
    visible, a line break as ``↵`` (a cell, a header or a note from input can never start a line of its own, such
    as a CI log's ``::error::``)."""
    return Text(one_line(text), style=style)


def plain_lines(lines: list[str], style: str = "") -> Text:
    """Several texts as rich text, one line each (:func:`plain` for each, joined by line breaks)."""
    return Text("\n".join(one_line(line) for line in lines), style=style)


class _Console(Console):
    """A rich console whose printed lines never start a CI log's workflow command (a table cell from input that
    wraps onto a line of its own included: see :func:`no_log_commands`)."""

    _line_start = True

    def _render_buffer(self, buffer: Any) -> str:  # rich's one place (13.0 to 15) where segments become text
        printed = no_log_commands(super()._render_buffer(buffer), at_line_start=self._line_start)
        if printed:
            self._line_start = printed.endswith("\n")
        return printed


def terminal_console() -> Console:
    """A rich console on stdout that, like the other formats, ends quietly with status 0 when the reader goes
    away (… | head); rich's own console exits 1 then."""

    class _Terminal(_Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError  # the command line turns it into a quiet exit 0

    return _Terminal(highlight=False)


def file_console() -> Console:
    """A console that records a terminal view as plain text, for a file."""
    return _Console(file=io.StringIO(), width=FILE_WIDTH, no_color=True, force_terminal=False, highlight=False)


def rich_tables(table: Table, lang: str, width: int) -> list[Any]:
    """:class:`rich.table.Table` objects that fit ``width`` cells.

    A table too wide for the terminal is split into blocks of columns, each
    repeating the sticky columns (id, name), as pandas prints wide frames;
    CJK-aware alignment comes from rich's cell widths.
    """
    shown = [c for c in table.columns if not c.machine_only]
    cols = [c for c in shown if not c.trailing] + [c for c in shown if c.trailing]
    headers, rows, _ = display_rows(table, lang)

    def need(j: int) -> int:
        widest = max([cell_len(headers[j]), *(cell_len(r[j]) for r in rows)])
        cap = cols[j].max_width
        return min(widest, cap) if cap else widest

    widths = [need(j) + 2 for j in range(len(cols))]
    sticky = [j for j, c in enumerate(cols) if c.sticky]
    rest = [j for j, c in enumerate(cols) if not c.sticky]
    budget = max(20, width - sum(widths[j] for j in sticky) - 2)
    blocks: list[list[int]] = [[]]
    used = 0
    for j in rest:
        if blocks[-1] and used + widths[j] > budget:
            blocks.append([])
            used = 0
        blocks[-1].append(j)
        used += widths[j]
    out: list[Any] = []
    notes = plain_lines(table.notes, "table.caption") if table.notes else None
    for b, block in enumerate(blocks):
        rt = RichTable(title=plain(table.title, "table.title") if table.title and b == 0 else None,
                       box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, padding=(0, 1),
                       caption=notes if notes and len(blocks) == 1 else None,
                       caption_justify="left")  # fmt: skip
        chosen = sticky + block
        for j in chosen:
            c = cols[j]
            rt.add_column(plain(headers[j]), justify="right" if c.numeric else "left",
                          no_wrap=c.max_width is None, max_width=c.max_width, overflow="fold")  # fmt: skip
        for row in rows:
            rt.add_row(*(plain(row[j]) for j in chosen))
        out.append(rt)
    if notes and len(blocks) > 1:  # below the last block, as wide as the terminal (a narrow block would fold it)
        out.append(notes)
    return out


def print_listing(listing: Listing, console: Console) -> None:
    """One panel per group, one block per entry, then the summary line."""
    for group in listing.groups:
        blocks: list[Any] = []
        style = STYLES.get(group.style, "")
        for e in group.entries:
            head = plain(e.label, style=style)
            head.append("  " + one_line(", ".join(e.subject)), style="bold")
            if e.where:
                head.append(f"  ({one_line(e.where)})", style="dim")
            body = Text(visible(e.text))  # inside the panel's border: its lines cannot start a log line
            body.overflow = "fold"
            if e.hint:
                body.append(f"\n→ {one_line(e.hint)}", style="dim")
            blocks += [head, Padding(body, (0, 0, 1, 2))]
        console.print(Panel(Group(*blocks), title=plain(f"{group.title} ({len(group.entries)})"), title_align="left",
                            border_style=style))  # fmt: skip
    console.print(plain(listing.summary))


def print_view(view: View, lang: str, console: Console) -> None:
    """Every part of ``view`` in order (an optional table with no rows is left out)."""
    for part in view.people():
        if isinstance(part, Table):
            if part.optional and not part.records:
                continue
            for block in rich_tables(part, lang, console.width):
                console.print(block)
        elif isinstance(part, Listing):
            print_listing(part, console)
        elif isinstance(part, Lines):
            for line in part.lines:
                console.print(Text(one_line(line)))  # one line each, as in a log

"""Terminal output: a view's tables, lists and lines printed with rich, fitted to the console's width."""

from __future__ import annotations

import io
import re
from typing import Any

from rich import box
from rich.cells import cell_len, get_character_cell_size
from rich.console import Console, ConsoleOptions, Group
from rich.containers import Lines as RichLines
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from ..views.table import Lines, Listing, Table, View, people_order
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


#: a line never starts with these (closing punctuation, as Chinese typesetting has it) ...
NO_LINE_START = frozenset("，。、；：？！）》」』】〕…%,.;:?!)]}’”·")
#: ... nor ends with these (opening brackets)
NO_LINE_END = frozenset("（《「『【〔([{‘“")
#: the last line break of a text is preferably after one of these (the end of a clause), when that fills most of
#: the line and the rest fits on the next
CLAUSE_END = frozenset("，；。：、;")  # not ",": it also separates the numbers of an interval


class Wrapped(Text):
    """Text that wraps as Chinese and English are set: after a space or beside a CJK character, never inside a run
    of Latin letters or digits ("GDP", "5000", "half-up"), never before closing or after opening punctuation, and
    before the last line at the end of a clause where that costs no line. (rich breaks at spaces only, and so cuts a
    CJK run anywhere: "占GD / P比重".) A run wider than the line is still folded."""

    def wrap(self, console: Console, width: int, *, justify: Any = None, overflow: Any = None, tab_size: int = 8,
             no_wrap: bool | None = None) -> RichLines:  # fmt: skip
        if no_wrap or self.no_wrap or width <= 0:
            return super().wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=no_wrap)
        lines = RichLines([])
        for line in self.split(allow_blank=True):
            parts = line.divide(line_breaks(line.plain, width))
            for part in parts:
                part.rstrip_end(width)
                part.rstrip()
            wrap_justify = justify or self.justify or "default"
            parts.justify(console, width, justify=wrap_justify, overflow=overflow or self.overflow or "fold")
            for part in parts:
                part.truncate(width, overflow=overflow or self.overflow or "fold")
            lines.extend(parts)
        return lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        # as rich measures text: at least its longest space-separated word, so a table gives a label such as
        # "? 无法评估" the room to keep its words whole where it has room; narrower, the words wrap as above
        text = self.plain
        longest = max((cell_len(line) for line in text.split("\n")), default=0)
        word = max((cell_len(w) for w in text.split()), default=0)
        return Measurement(min(word, longest), longest).clamp(max_width=options.max_width)


def _breakable(text: str, i: int) -> bool:
    """Whether a line may start at ``text[i]`` (0 < i < len(text))."""
    before, after = text[i - 1], text[i]
    if after in NO_LINE_START or before in NO_LINE_END or after.isspace():
        return False
    return before.isspace() or get_character_cell_size(before) == 2 or get_character_cell_size(after) == 2


def unbreakable(text: str) -> int:
    """The cells of the widest part of ``text`` that :class:`Wrapped` never breaks.

    "GDP" (3 cells) beside CJK characters of 2; "half-up" (7) with the "）" (2) that may not start a line:

    >>> unbreakable("服务业增加值占GDP比重"), unbreakable("舍入方式 half-up）")
    (3, 9)
    """
    widest = 0
    for line in text.split("\n"):
        start = 0
        for i in range(1, len(line) + 1):
            if i == len(line) or _breakable(line, i):
                widest = max(widest, cell_len(line[start:i].strip()))
                start = i
    return widest


def line_breaks(text: str, width: int) -> list[int]:
    """Where :class:`Wrapped` starts new lines of ``text`` so that each is at most ``width`` cells.

    Four CJK characters fill 8 cells; "加值占" (6) stops before "GDP", which would not fit whole:

    >>> text = "服务业增加值占GDP比重"
    >>> [text[a:b] for a, b in zip([0, *line_breaks(text, 8)], [*line_breaks(text, 8), len(text)])]
    ['服务业增', '加值占', 'GDP比重']
    """
    n = len(text)
    cells = [0]  # cells[i]: the width of text[:i], so that any part's width is one subtraction (linear, not n²)
    for ch in text:
        cells.append(cells[-1] + get_character_cell_size(ch))
    last = len(text.rstrip())  # the end of the text without its trailing spaces
    out: list[int] = []
    start = 0
    while cells[max(last, start)] - cells[start] > width:
        end = start
        while end < n and cells[end + 1] - cells[start] <= width:
            end += 1
        while end < n and text[end].isspace():  # spaces after a full line go with it
            end += 1
        if end >= n:
            break
        fits = [i for i in range(start + 1, end + 1) if _breakable(text, i)]
        # the last line break: at the end of a clause if the rest then fits on one line (no line more than greedy)
        clauses = [i for i in fits if text[start:i].rstrip()[-1:] in CLAUSE_END and cells[i] - cells[start] >= 0.6 *
                   width and cells[max(last, i)] - cells[i] <= width]  # fmt: skip
        cut = max(clauses or fits) if fits else max(end, start + 1)  # nothing to break at: fold the run
        out.append(cut)
        start = cut
    return out


def wrapped(text: Any, style: str = "") -> Wrapped:
    """:func:`plain`, wrapping as :class:`Wrapped` does."""
    return Wrapped(one_line(text), style=style)


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


#: an identifier wider than this share of the terminal is broken after a "-", "_" or "." (never inside a word)
IDENTIFIER_SHARE = 0.3
#: a text column is wrapped down to this many cells (or its longest word) before a table is split into blocks
TEXT_MIN = 10


def break_identifier(text: str, width: int) -> str:
    """An identifier on lines of at most ``width`` cells, broken only after a "-", "_" or "." (a part longer than
    the width stays whole: the column widens rather than cut a word).

    >>> break_identifier("community-health-population-coverage", 24)
    'community-health-\\npopulation-coverage'
    """
    text = one_line(text)
    if cell_len(text) <= width:
        return text
    lines = [""]
    for part in re.findall(r"[^-_.]*[-_.]|[^-_.]+$", text):
        if lines[-1] and cell_len(lines[-1] + part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)


def runs(headers: list[str]) -> list[str]:
    """Headers with runs of consecutive years written as one range.

    >>> runs(["走势", "2021", "2022", "2023", "2026", "规则"])
    ['走势', '2021–2023', '2026', '规则']
    """
    out: list[str] = []
    start = prev = None
    for h in [*headers, ""]:
        year = int(h) if h.isdigit() and len(h) == 4 else None
        if year is not None and prev is not None and year == prev + 1:
            prev = year
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = year
        if year is None and h:
            out.append(h)
    return out


def rich_tables(table: Table, lang: str, width: int) -> list[Any]:
    """:class:`rich.table.Table` objects that fit ``width`` cells.

    Text columns wrap (at spaces; CJK anywhere) before anything else gives way; identifiers and numbers are never
    broken. A table that still does not fit leaves out its columns with a priority (a projection's middle years),
    with a note naming them and ``table.fit_hint``; otherwise it is split into blocks of columns, each repeating the
    sticky columns (id, name; the first column when none is sticky), as pandas prints wide frames. Cell widths are
    rich's (CJK counts two).
    """
    cols = people_order(table.columns)
    headers, rows, _ = display_rows(table, lang)
    if not cols:
        return []
    widest = [max([cell_len(headers[j]), *(cell_len(r[j]) for r in rows)]) for j in range(len(cols))]
    id_cap = max(12, int(width * IDENTIFIER_SHARE))
    for j, c in enumerate(cols):
        if c.identifier and widest[j] > id_cap:
            for r in rows:
                r[j] = break_identifier(r[j], id_cap)
            widest[j] = max([cell_len(headers[j]), *(cell_len(part) for r in rows for part in r[j].split("\n"))])

    def least(j: int, natural: bool = False) -> int:  # the narrowest a column is laid out at, padding included
        c = cols[j]
        if c.numeric:
            return widest[j] + 2
        if c.identifier:
            return min(widest[j], id_cap) + 2
        cap = min(widest[j], c.max_width) if c.max_width else widest[j]
        if natural:
            return cap + 2
        words = max(unbreakable(r[j]) for r in [headers, *rows])  # what Wrapped never breaks
        return min(cap, max(TEXT_MIN, words)) + 2

    sticky = [j for j, c in enumerate(cols) if c.sticky] or [0]
    rest = [j for j in range(len(cols)) if j not in sticky]
    room = width - 1

    def fits(chosen: list[int], natural: bool = False) -> bool:  # in one block (text wrapped as far as it goes)
        return sum(least(j, natural) for j in sticky + chosen) <= room

    # a column with a priority gives way before a name is crushed (the rightmost of a priority first)
    hidden: list[int] = []
    droppable = sorted((j for j in rest if cols[j].priority is not None), key=lambda j: (-(cols[j].priority or 0), -j))
    while droppable and not fits([j for j in rest if j not in hidden], natural=True):
        hidden.append(droppable.pop(0))
    kept = [j for j in rest if j not in hidden]
    blocks: list[list[int]] = [kept]
    if not fits(kept):  # split at the columns' natural widths (a block of a few columns each wraps little)
        budget = max(20, room - sum(least(j, natural=True) for j in sticky))
        blocks, used = [[]], 0
        for j in kept:  # a column that fits only wrapped joins the block too, if it fits at all
            if blocks[-1] and used + least(j) > budget:
                blocks.append([])
                used = 0
            blocks[-1].append(j)
            used += min(least(j, natural=True), max(least(j), budget - used))
    notes_text = list(table.notes)
    if hidden:
        names = ("、" if lang == "zh" else ", ").join(runs([headers[j] for j in sorted(hidden)]))
        left_out = (f"终端宽度 {width}，未显示：{names}" if lang == "zh" else
                    f"{len(hidden)} column(s) left out at {width} columns: {names}")  # fmt: skip
        notes_text.append(left_out + (f"；{table.fit_hint[0]}" if lang == "zh" else f"; {table.fit_hint[1]}")
                          if table.fit_hint else left_out)  # fmt: skip
    notes = Wrapped("\n".join(map(one_line, notes_text)), style="table.caption") if notes_text else None
    out: list[Any] = []
    for b, block in enumerate(blocks):
        rt = RichTable(title=plain(table.title, "table.title") if table.title and b == 0 else None,
                       box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, padding=(0, 1),
                       caption=notes if notes and len(blocks) == 1 else None,
                       caption_justify="left")  # fmt: skip
        chosen = sticky + block
        for j in chosen:
            c = cols[j]
            whole = c.numeric or c.identifier
            rt.add_column(plain(headers[j]), justify="right" if c.numeric else "left", no_wrap=whole,
                          min_width=least(j) - 2 if whole else None,
                          max_width=id_cap if c.identifier else None if whole else c.max_width,
                          overflow="ellipsis" if whole else "fold")  # fmt: skip
        for row in rows:
            rt.add_row(*(plain_lines(row[j].split("\n")) if cols[j].identifier else
                         plain(row[j], (cols[j].styles or {}).get(row[j], "")) if cols[j].numeric else
                         wrapped(row[j], (cols[j].styles or {}).get(row[j], "")) for j in chosen))  # fmt: skip
        out.append(rt)
    if notes and len(blocks) > 1:  # below the last block, as wide as the terminal (a narrow block would fold it)
        out.append(Group(notes))  # a Group: print() would join a bare Text into a plain one, and wrap it as rich does
    return out


def print_listing(listing: Listing, console: Console) -> None:
    """One panel per group, one block per entry, then the summary line."""
    for group in listing.groups:
        blocks: list[Any] = []
        style = STYLES.get(group.style, "")
        for e in group.entries:
            head = wrapped(e.label, style=style)
            head.append("  " + one_line(", ".join(e.subject)), style="bold")
            if e.where:
                head.append(f"  ({one_line(e.where)})", style="dim")
            body = Wrapped(visible(e.text))  # inside the panel's border: its lines cannot start a log line
            body.overflow = "fold"
            if e.hint:
                body.append(f"\n→ {one_line(e.hint)}", style="dim")
            blocks += [head, Padding(body, (0, 0, 1, 2))]
        console.print(Panel(Group(*blocks), title=plain(f"{group.title} ({len(group.entries)})"), title_align="left",
                            border_style=style))  # fmt: skip
    console.print(Group(wrapped(listing.summary)))  # a Group: print() would join a bare Text into a plain one


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
                console.print(Group(wrapped(line)))  # one line each as in a log (wrapped on a narrow terminal)

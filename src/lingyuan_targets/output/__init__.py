"""The one output path: any view in any format it has, to a file (atomically) or to standard output.

:func:`render` turns a view into text or bytes; :func:`emit` writes it. A
:class:`~lingyuan_targets.views.table.View` has csv, json, markdown, table
(terminal), xlsx, parquet and text; a report :class:`~lingyuan_targets.views.report.Document`
has html and markdown; a :class:`~lingyuan_targets.views.figures.Figure` has png
and svg. Which formats a command offers is the command's choice (:data:`FORMATS`
names them all, with the file suffixes that imply them).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from .files import OutputError, write_atomic

if TYPE_CHECKING:  # the views import pandas: loaded when a view is rendered, not with the package
    from ..views.figures import Figure
    from ..views.report import Document
    from ..views.table import View

__all__ = ["FORMATS", "Format", "OutputError", "Rendered", "emit", "format_of_suffix", "render", "write_atomic"]


@dataclass(frozen=True)
class Format:
    """An output format: its name, the file suffixes that mean it, and whether it is bytes (needs a file)."""

    name: str
    suffixes: tuple[str, ...] = ()
    binary: bool = False


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("table"), Format("csv", (".csv",)), Format("json", (".json",)), Format("markdown", (".md", ".markdown")),
    Format("xlsx", (".xlsx",), binary=True), Format("html", (".html", ".htm")), Format("png", (".png",), binary=True),
    Format("svg", (".svg",)), Format("text"), Format("github"), Format("parquet", (".parquet",), binary=True),
)}  # fmt: skip

Viewable = Union["View", "Document", "Figure"]


@dataclass
class Rendered:
    """What a format made of a view, and notes for the user (a chart drawn without a font, say)."""

    data: str | bytes
    notes: list[str] = field(default_factory=list)


def format_of_suffix(path: Path, allowed: tuple[str, ...]) -> str | None:
    """The format among ``allowed`` that ``path``'s suffix names, or None.

    >>> format_of_suffix(Path("all.json"), ("csv", "json")), format_of_suffix(Path("x.pdf"), ("csv",))
    ('json', None)
    """
    suffix = path.suffix.lower()
    return next((name for name in allowed if suffix in FORMATS[name].suffixes), None)


def render(view: Viewable, fmt: str, lang: str, *, font: str | None = None) -> Rendered:
    """``view`` as ``fmt``: text, or bytes for xlsx and png. A terminal table is rendered for a file."""
    from ..views.table import View

    if isinstance(view, View):
        return Rendered(_view_text(view, fmt, lang))
    from ..views.report import Document  # a report or a figure: their modules only when one is rendered

    if isinstance(view, Document):
        from .document import render_document

        text, notes = render_document(view, fmt, font=font)
        return Rendered(text, notes)
    from .charts import render_figure

    result = render_figure(view, fmt, lang=lang, font=font)
    return Rendered(result.data, list(result.notes))


def _view_text(view: View, fmt: str, lang: str) -> str | bytes:
    from ..views.table import Lines
    from . import text

    if fmt == "json":
        document = view.json_document()
        return text.to_json(document) if document is not None else text.table_json(view.csv_table())
    if fmt == "csv":
        return text.table_csv(view.csv_table())
    if fmt == "markdown":
        return "\n".join(text.part_markdown(part, lang) for part in view.people())
    if fmt == "text":
        return "".join(text.lines_text(part) if isinstance(part, Lines) else text.part_markdown(part, lang)
                       for part in view.people())  # fmt: skip
    if fmt == "github":
        return text.github_annotations(view.json_document() or {})
    if fmt == "xlsx":
        from .xlsx import table_xlsx

        # the plan id is in the file, not the sheet's tab
        return table_xlsx([replace(t, title=t.title.split(": ", 1)[-1]) for t in view.workbook()], lang)
    if fmt == "parquet":
        from .parquet import table_parquet

        return table_parquet(view.csv_table())
    if fmt == "table":
        from .terminal import file_console, print_view

        console = file_console()
        print_view(view, lang, console)
        return str(console.file.getvalue())  # type: ignore[attr-defined]
    raise ValueError(f"a view has no format {fmt!r}")


def emit(view: Viewable, fmt: str, lang: str, output: Path | None = None, *, protected: list[Path] | tuple[Path, ...] = (),
         font: str | None = None, write: Callable[[str], Any] | None = None,
         notes: Callable[[list[str]], Any] | None = None, force: bool = False) -> None:  # fmt: skip
    """Render ``view`` as ``fmt`` and write it to ``output`` (atomically, never over a ``protected`` file), or to
    standard output (``write``, by default ``sys.stdout.write``); a table on standard output is printed for the
    terminal. The notes for the user (a chart drawn without a font) go to ``notes`` before anything is written,
    so a write that fails does not lose them. ``force``: replace a read-only ``output``."""
    from ..views.table import View

    if output is None and fmt == "table" and isinstance(view, View):
        from .terminal import print_view, terminal_console

        print_view(view, lang, terminal_console())
        return
    try:
        rendered = render(view, fmt, lang, font=font)
    except OSError as exc:  # a format that writes temporary files as it renders (xlsx): the disk full, a file limit
        from .files import reason, shown

        raise OutputError(f"{shown(output or fmt)}: cannot write: {reason(exc)}") from None
    if notes is not None and rendered.notes:
        notes(rendered.notes)
    if output is not None:
        write_atomic(output, rendered.data, protected, force=force)
    elif isinstance(rendered.data, bytes):
        raise ValueError(f"{fmt} is written to a file, not to standard output")
    else:
        (write or sys.stdout.write)(rendered.data)

"""One csv, json or Parquet output made chunk by chunk, as a run over many plans goes: the chunks' rows wait in a temporary
file, and the whole output is written at the end (through :func:`~.files.write_atomic` for ``-o``).

Each chunk is rendered as the output of its plans alone would be; its rows are kept and the rest is made once, at
the end, from the whole run's document, with the rows put in their place. Python's JSON encoder indents an item by
its depth alone, so a list item rendered in a chunk's document is byte for byte the item of the whole document:
the output is the one a single run over every plan would write. A Parquet output is written as it comes into the
temporary file (:class:`~.parquet.ParquetSink`, in row groups of a fixed number of rows) and copied at the end.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from typing import Any, BinaryIO

from .text import to_json

#: stands in for a document's list of rows until they are put in (a NUL cannot come from input: it is refused)
_HOLE = "\x00rows"
_HOLE_LINE = '"\\u0000rows"'


class Mismatch(Exception):
    """A chunk's output does not fit the others' (another csv header: plans with other years): run again whole."""


class Spool:
    """The rows of a csv, json or Parquet output over many chunks, kept on disk until :meth:`write`."""

    def __init__(self, fmt: str, rows_key: str) -> None:
        self.fmt = fmt
        self.rows_key = rows_key  # the document's list of rows (json): "plans" for check, "rows" for project
        self.file: BinaryIO = tempfile.TemporaryFile()  # closed by close(); gone with the process
        self.header: str | None = None
        self.items = 0  # chunks with json rows
        self.sink: Any = None
        if fmt == "parquet":
            from .parquet import ParquetSink

            self.sink = ParquetSink(self.file)

    def add(self, text: Any) -> None:
        """The output of one chunk's plans (as :func:`~lingyuan_targets.output.render` makes it; for Parquet, the
        chunk's table as :func:`~.parquet.arrow_table` makes it)."""
        if self.sink is not None:
            try:
                self.sink.add(text)
            except ValueError as exc:  # columns of other types
                raise Mismatch(str(exc)) from None
            return
        if self.fmt == "csv":
            data = text.encode("utf-8")  # the rows written from the bytes after the header's line: no copy of the text
            cut = data.find(b"\n")
            header = (data if cut < 0 else data[:cut]).decode("utf-8")
            if self.header is None:
                self.header = header
            elif header != self.header:
                raise Mismatch(header)
            if cut >= 0:
                self.file.write(memoryview(data)[cut + 1 :])
            return
        start = text.find(f'\n  "{self.rows_key}": [\n')
        if start < 0:  # an empty list ("rows": []) or none
            return
        start += len(f'\n  "{self.rows_key}": [\n')
        end = text.index("\n  ]", start)  # the list's end: the first line at depth one after it
        self.file.write((",\n" if self.items else "").encode("utf-8") + text[start:end].encode("utf-8"))
        self.items += 1

    def write(self, document: dict[str, Any] | None, out: Callable[[bytes], Any]) -> None:
        """The whole output to ``out``: for json, ``document`` (the run's, its list of rows left empty) with the rows
        put in; for csv, the header (or ``document``'s text when no chunk gave one) and the rows; for Parquet, the
        file the sink wrote."""
        if self.sink is not None:
            self.sink.close()
        self.file.flush()
        self.file.seek(0)
        if self.fmt == "parquet":
            shutil.copyfileobj(self.file, _Writer(out), 1 << 20)
            return
        if self.fmt == "csv":
            out(((self.header or "") + "\n").encode("utf-8"))
            shutil.copyfileobj(self.file, _Writer(out), 1 << 20)
            return
        assert document is not None
        if not self.items:
            out(to_json(document).encode("utf-8"))
            return
        text = to_json({**document, self.rows_key: [_HOLE]})
        before, after = text.split(f"\n    {_HOLE_LINE}\n", 1)
        out((before + "\n").encode("utf-8"))
        shutil.copyfileobj(self.file, _Writer(out), 1 << 20)
        out(("\n" + after).encode("utf-8"))

    def close(self) -> None:
        if self.sink is not None:
            self.sink.discard()
        self.file.close()


class _Writer:
    """A file-like ``write`` for :func:`shutil.copyfileobj`."""

    def __init__(self, out: Callable[[bytes], Any]) -> None:
        self.write = out

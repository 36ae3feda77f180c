"""Parquet output (``-f parquet``): the csv table of a command, each column typed, for DuckDB, polars or Spark.

The columns and rows are csv's (every column that is not ``display_only``, by its key). Each column takes the type
its values have: float64 (the engine's exact floats; NaN and infinities as null, as csv leaves them empty), int64,
boolean, a list of strings (csv joins these with spaces) or string; a column with values of several kinds is
written as the texts csv would hold (without csv's formula guard: Parquet is read by programs, not spreadsheets);
a column of no values is float64 when numeric, else string.

Rows are written in row groups of :data:`ROW_GROUP` rows, whatever chunks they come in, so a run over many plans
chunk by chunk writes the bytes a whole run writes. Writing needs pyarrow (``pip install
'lingyuan-targets[parquet]'``).
"""

from __future__ import annotations

import io
from typing import Any, BinaryIO

import numpy as np

from ..plan.printed import clean
from ..views.table import ColumnRecords, Table

#: rows per row group (DuckDB and Spark read row groups in parallel; 64 Ki rows of a projection is a few MB)
ROW_GROUP = 65_536
#: fixed writer settings, so the bytes do not follow a library's defaults
_OPTIONS = {"compression": "zstd", "version": "2.6", "data_page_version": "1.0", "use_dictionary": True,
            "write_statistics": True}  # fmt: skip


def _pa() -> Any:
    from ..io.parquettable import pyarrow_parquet

    pyarrow_parquet()  # a PlanError (missing-extra) saying how to install it
    import pyarrow as pa

    return pa


def arrow_table(table: Table) -> Any:
    """``table``'s csv columns as a ``pyarrow.Table``, each column typed by its values."""
    pa = _pa()
    cols = [c for c in table.columns if not c.display_only]
    records = table.records
    arrays, names = [], []
    for c in cols:
        held = records.floats(c.key) if isinstance(records, ColumnRecords) else None
        if held is not None and len(held):  # a float column's array, as _array makes it of the same floats listed
            arrays.append(pa.array(held, type=pa.float64(), mask=~np.isfinite(held)))
        else:
            values = records.column(c.key) if isinstance(records, ColumnRecords) else [r.get(c.key) for r in records]
            arrays.append(_array(pa, values, c.numeric))
        names.append(c.key)
    return pa.Table.from_arrays(arrays, names=names)


def _kind(t: type) -> str:
    if issubclass(t, (bool, np.bool_)):
        return "bool"
    if issubclass(t, (float, np.floating)):
        return "float"
    if issubclass(t, (int, np.integer)):
        return "int"
    if issubclass(t, str):
        return "str"
    if issubclass(t, (list, tuple)):
        return "list"
    return "other"


#: the types of cells taken as they are; any other (numpy scalars, NA, NaT) is made plain first, as csv does
_PLAIN = frozenset({float, int, str, bool, list, tuple, type(None)})


def _array(pa: Any, values: list[Any], numeric: bool) -> Any:
    if not set(map(type, values)) <= _PLAIN:
        values = [clean(v) for v in values]
    kinds = {_kind(t) for t in set(map(type, values)) if t is not type(None)}
    if not kinds:
        return pa.nulls(len(values), pa.float64() if numeric else pa.string())
    if kinds == {"float"} or (kinds == {"float", "int"} and not _beyond(values, 2**53)):  # ints kept exact
        grid = np.array(values, dtype=float)  # None becomes NaN
        return pa.array(grid, type=pa.float64(), mask=~np.isfinite(grid))
    if kinds == {"int"} and not _beyond(values, 2**63):
        return pa.array([None if v is None else int(v) for v in values], type=pa.int64())
    if kinds == {"bool"}:
        return pa.array([None if v is None else bool(v) for v in values], type=pa.bool_())
    if kinds == {"str"}:
        return pa.array(values, type=pa.string())
    if kinds == {"list"}:
        return pa.array([None if v is None else [str(x) for x in v] for v in values], type=pa.list_(pa.string()))
    return pa.array([None if v is None else _text(v) for v in values], type=pa.string())


def _beyond(values: list[Any], limit: int) -> bool:
    """Whether an integer among ``values`` lies outside [-limit, limit)."""
    return any(_kind(type(v)) == "int" and not -limit <= v < limit for v in values if v is not None)


def _text(value: Any) -> str:
    """A value of a mixed column as csv writes it (unguarded)."""
    kind = _kind(type(value))
    if kind == "bool":
        return "true" if value else "false"
    if kind == "float":
        return repr(float(value)) if np.isfinite(value) else ""
    if kind == "list":
        return " ".join(str(v) for v in value)
    return str(value)


class ParquetSink:
    """A Parquet file written to ``handle`` table by table, in row groups of :data:`ROW_GROUP` rows whatever the
    tables' sizes. A table whose schema differs from the first table's raises :class:`ValueError` (a chunk whose
    columns took other types: the caller runs again whole). Tables of no rows set the schema only when no other does.
    """

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.writer: Any = None
        self.schema: Any = None
        self.empty: Any = None  # the schema of a table of no rows, for a file of none
        self.pending: list[Any] = []
        self.rows = 0

    def add(self, table: Any) -> None:
        if not table.num_rows:
            self.empty = self.empty if self.empty is not None else table.schema
            return
        if self.schema is None:
            import pyarrow.parquet as pq

            self.schema = table.schema
            self.writer = pq.ParquetWriter(self.handle, self.schema, **_OPTIONS)
        elif not table.schema.equals(self.schema):
            raise ValueError("a chunk's columns took other types")
        self.pending.append(table)
        self.rows += table.num_rows
        if self.rows >= ROW_GROUP:
            self._groups(final=False)

    def _groups(self, final: bool) -> None:
        import pyarrow as pa

        rows = pa.concat_tables(self.pending) if len(self.pending) > 1 else self.pending[0]
        start = 0
        while rows.num_rows - start >= ROW_GROUP or (final and start < rows.num_rows):
            group = rows.slice(start, ROW_GROUP).combine_chunks()  # one chunk: pages cut as in a whole run
            self.writer.write_table(group, row_group_size=ROW_GROUP)
            start += group.num_rows
        self.pending = [rows.slice(start)] if start < rows.num_rows else []
        self.rows = rows.num_rows - start

    def discard(self) -> None:
        """Let go of the writer without finishing the file (a run started again, or failed)."""
        writer, self.writer, self.pending = self.writer, None, []
        if writer is not None:
            try:
                writer.close()  # before the file is closed: pyarrow would otherwise close it when collected
            except (OSError, ValueError):
                pass

    def close(self) -> None:
        """Write the rows left and the footer (a file of no rows when no table had any)."""
        if self.writer is None:
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = self.empty if self.empty is not None else pa.schema([])
            pq.ParquetWriter(self.handle, schema, **_OPTIONS).close()
            return
        if self.pending:
            self._groups(final=True)
        writer, self.writer = self.writer, None
        writer.close()


def table_parquet(table: Table) -> bytes:
    """``table`` as the bytes of a Parquet file."""
    buf = io.BytesIO()
    sink = ParquetSink(buf)
    sink.add(arrow_table(table))
    sink.close()
    return buf.getvalue()

"""A plans table given as Parquet (``.parquet``): its rows as the text frames a CSV table gives, batch by batch.

The columns are those of a CSV plans table (:mod:`.plantable`). Each cell becomes the text a CSV cell would hold,
so both are read, checked and reported alike:

- text (string, large string, dictionary of strings) as it is; null is an empty cell;
- integers in decimal; decimals (``decimal128``) with their column's scale, without an exponent;
- floats in their shortest round-trip form at the column's width (a float32 150.2 is ``150.2``), without an
  exponent and without a trailing ``.0`` (``242.0`` is ``242``; a float cannot say how many decimals were
  printed: give such columns as text); NaN is an empty cell;
- booleans as ``true`` or ``false``.

Other column types (dates, binary, lists, structs) are refused with the column's name. A problem's line is the
row's number in the file, the first row being 1. Reading needs pyarrow (``pip install 'lingyuan-targets[parquet]'``);
memory holds one row group and one batch at a time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..plan.arrays import filled
from ..plan.errors import Location, PlanError
from .textfile import _CONTROL, _os_problem, open_regular

SUFFIXES = (".parquet",)
#: rows converted at a time (the chunks of a run are cut from them)
BATCH = 65_536
#: the columns pandas adds for a frame's index (``__index_level_0__``): not part of the table
_PANDAS_INDEX = re.compile(r"__index_level_\d+__")


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def pyarrow_parquet(path: Path | None = None) -> Any:
    """``pyarrow.parquet``, or a PlanError (``missing-extra``) saying how to install it."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise PlanError("reading or writing Parquet needs pyarrow: pip install 'lingyuan-targets[parquet]'",
                        Location(path) if path is not None else None, "missing-extra") from None  # fmt: skip
    return pq


def parquet_frames(path: Path, where: list[int], batch: int | None, check_header: Callable[[list[str], Path], None],
                   note: Callable[[Path, str], None], numbers: tuple[str, ...],
                   limit: int) -> Iterator[tuple[pd.DataFrame, list[Any]]]:  # fmt: skip
    """The rows of a Parquet plans table as frames of text columns (object dtype) with a ``_line`` column (the row's
    number, from 1), about ``batch`` rows each (None: :data:`BATCH`), and no rows of the wrong length (a Parquet
    table has none). ``where[0]``: about the bytes read so far. ``note`` is told (once) which of the ``numbers``
    columns are floats, whose printed decimals are unknown. Raises PlanError (before any frame) for a path that is
    not a regular file, a file that is not Parquet, a bad header, a column of a type that cannot be read, data of
    more than ``limit`` bytes before compression (as the footer gives them, and as read: the footer is the file's
    word) or a table of no rows.

    Text columns are read as dictionaries (each distinct text once, the rows as codes), and of each batch only the
    texts its rows use are converted: a file of one long text repeated on every row takes the memory of the text
    once, and a table of a million distinct names is converted once, not once per batch."""
    pq = pyarrow_parquet(path)
    import pyarrow as pa

    opened = ExitStack()
    try:  # a regular file, as every file is read: never a FIFO (which would wait) or a device
        handle, size = opened.enter_context(open_regular(path, None, " (a Parquet dataset of many files is not "
                                                                      "read: name its files)"))  # fmt: skip
    except OSError as exc:
        raise _os_problem(exc, path) from None
    with opened:
        try:
            schema = pq.ParquetFile(handle).schema_arrow
            fields = [schema.field(i) for i in range(len(schema))]  # by position: names may repeat
            names = [f.name for f in fields if not _PANDAS_INDEX.fullmatch(f.name)]
            header = [unicodedata.normalize("NFKC", n).strip() for n in names]
            try:
                check_header(header, path)  # a name given twice is refused here
            except PlanError as err:  # a Parquet table has no line 1: the header is its schema
                raise PlanError(err.message, Location(path), err.code) from None
            kinds = {f.name: f.type for f in fields}
            handle.seek(0)
            book = pq.ParquetFile(handle, read_dictionary=[n for n in names if _is_text(kinds[n])])
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise PlanError(f"not a Parquet file, or a damaged one ({_short(exc)})", Location(path),
                            "table-format") from None  # fmt: skip
        meta = book.metadata
        data = sum(meta.row_group(k).total_byte_size for k in range(meta.num_row_groups))
        if data > limit:
            raise PlanError(f"the table's data is {data:,} bytes before compression; the limit is {limit:,}",
                            Location(path), "file-too-large")  # fmt: skip
        for name, shown in zip(names, header):
            if _reader(kinds[name]) is None:
                raise PlanError(f"a Parquet column of type {kinds[name]} cannot be read (plans tables hold text and "
                                "numbers)", Location(path, field=shown), "wrong-type")  # fmt: skip
        floats = [h for n, h in zip(names, header) if h in numbers and pa.types.is_floating(kinds[n])]
        if floats:
            note(path, f"{', '.join(floats)}: float column(s), which do not keep the decimals printed (28.0 reads "
                       "as 28, checked to a whole unit); store them as text to keep them")  # fmt: skip
        total = meta.num_rows
        row, read = 0, 0
        try:
            for part in book.iter_batches(batch_size=batch or BATCH, columns=names, use_threads=False):
                n = part.num_rows
                cells = {}
                for i, h in enumerate(header):
                    cells[h], held = _text_cells(part.column(i), path, h, row)
                    read += held
                if read > limit:
                    raise PlanError(f"the table's data passed the limit of {limit:,} bytes as it was read (its footer "
                                    f"gives {data:,})", Location(path), "file-too-large")  # fmt: skip
                frame = pd.DataFrame(cells, dtype=object)
                frame["_line"] = np.arange(row + 1, row + 1 + n)
                row += n
                where[0] = size * min(row, total) // max(total, 1)
                plan = frame["plan"].to_numpy(dtype=object)
                no_plan = np.array([not c.strip() for c in plan], dtype=bool)
                if no_plan.any():  # rows of empty cells are skipped, as in a CSV table
                    rest = frame.loc[no_plan, header].to_numpy(dtype=object)
                    blank = np.array([all(not c.strip() for c in r) for r in rest], dtype=bool)
                    if blank.any():
                        frame = frame.drop(index=frame.index[no_plan][blank]).reset_index(drop=True)
                yield frame, []
        except (pa.ArrowException, OSError, ValueError, IndexError) as exc:
            raise PlanError(f"the Parquet file cannot be read after row {row:,}: it is damaged ({_short(exc)})",
                            Location(path), "table-format") from None  # fmt: skip
        if not row:  # no rows (or a footer that counts rows the file does not hold)
            raise PlanError("the table has a header and no rows", Location(path), "empty-file")


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _is_text(kind: Any) -> bool:
    import pyarrow as pa

    types = pa.types
    return bool(types.is_string(kind) or types.is_large_string(kind)
                or getattr(types, "is_string_view", lambda _: False)(kind))  # fmt: skip


def _reader(kind: Any) -> Callable[[Any], np.ndarray] | None:
    """How a column of Arrow type ``kind`` becomes text cells (an object array of str), or None when it cannot."""
    import pyarrow as pa
    import pyarrow.compute as pc

    types = pa.types
    if types.is_dictionary(kind):
        inner = _reader(kind.value_type)
        return None if inner is None else (lambda a: _decoded(a, inner))
    if _is_text(kind):
        return lambda a: np.asarray(a.fill_null("").to_numpy(zero_copy_only=False), dtype=object)
    if types.is_integer(kind):
        return lambda a: np.asarray(pc.cast(a, pa.string()).fill_null("").to_numpy(zero_copy_only=False), dtype=object)
    if types.is_decimal(kind):
        return _decimal_texts
    if types.is_floating(kind):
        return _floats
    if types.is_boolean(kind):
        return lambda a: np.array(["" if v is None else ("true" if v else "false") for v in a.to_pylist()],
                                  dtype=object)  # fmt: skip
    if types.is_null(kind):
        return lambda a: filled(len(a), "")
    return None


def _decoded(column: Any, inner: Callable[[Any], np.ndarray]) -> np.ndarray:
    """A dictionary column's cells (null: empty)."""
    values, codes = _coded(column, inner)
    return values[codes]


def _coded(column: Any, inner: Callable[[Any], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """A dictionary column as the distinct texts its rows use (the last one empty, for null) and each row's code.
    Only the entries used are converted: a batch carries its row group's whole dictionary."""
    indices = column.indices.to_numpy(zero_copy_only=False)
    valid = ~np.asarray(column.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    used = np.unique(indices[valid].astype(np.int64)) if valid.any() else np.zeros(0, dtype=np.int64)
    if len(used) and (used[0] < 0 or used[-1] >= len(column.dictionary)):
        raise IndexError(f"a row points past its column's {len(column.dictionary):,} distinct values")
    values = np.append(inner(column.dictionary.take(used)), np.array([""], dtype=object))
    codes = np.full(len(indices), len(values) - 1, dtype=np.int64)
    codes[valid] = np.searchsorted(used, indices[valid])
    return values, codes


def _decimal_texts(column: Any) -> np.ndarray:
    """Decimals with their scale, without an exponent (0.00000001, not 1E-8), as a CSV cell holds them."""
    texts = {v: format(v, "f") for v in set(column.to_pylist()) if v is not None}
    return np.array(["" if v is None else texts[v] for v in column.to_pylist()], dtype=object)


def _floats(column: Any) -> np.ndarray:
    """Floats as text: the shortest digits that read back as the same float of the column's own width (a float32
    150.2 is 150.2), no exponent, no trailing ``.0``; -0.0 stays -0; NaN and null empty."""
    values = column.to_numpy(zero_copy_only=False)  # null is NaN
    if values.dtype.kind != "f":
        values = values.astype(float)
    bits = values.view({2: np.int16, 4: np.int32, 8: np.int64}[values.dtype.itemsize])  # -0.0 apart from 0.0
    codes, uniques = pd.factorize(bits)
    floats = np.ascontiguousarray(uniques).view(values.dtype)  # each distinct float, of the column's width
    texts = np.array(["" if np.isnan(v) else np.format_float_positional(v, unique=True, trim="-") for v in floats] +
                     [""], dtype=object)  # fmt: skip
    return texts[codes]


def _text_cells(column: Any, path: Path, name: str, before: int) -> tuple[np.ndarray, int]:
    """One column of a batch as text cells, and the characters of its distinct texts (what the cells hold). A
    control character in a cell is refused (as it is in a CSV file), with the row and the column; line breaks are
    ``\\n``, as a CSV reading gives them. Each distinct text is looked at once."""
    import pyarrow as pa

    reader = _reader(column.type)
    assert reader is not None  # the schema was checked
    if pa.types.is_dictionary(column.type):
        inner = _reader(column.type.value_type)
        assert inner is not None
        uniques, codes = _coded(column, inner)
    else:
        codes, uniques = pd.factorize(reader(column))
        uniques = np.asarray(uniques, dtype=object)
    bad = [k for k, u in enumerate(uniques) if _CONTROL.search(u)]
    if bad:
        row = int(np.flatnonzero(np.isin(codes, bad))[0])
        found = _CONTROL.search(uniques[codes[row]])
        assert found is not None
        raise PlanError(f"control character {found.group()!r} in a text cell", Location(path, before + row + 1,
                                                                                      field=name), "binary-file")  # fmt: skip
    if any("\r" in u for u in uniques):
        uniques = np.array([u.replace("\r\n", "\n").replace("\r", "\n") for u in uniques], dtype=object)
    return uniques[codes], sum(map(len, uniques))

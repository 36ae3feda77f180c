"""What a command shows, as data: tables, lists of findings, lines of text, and the view that holds them.

A view is built from the core's results and knows nothing of formats: the
output layer (:mod:`lingyuan_targets.output`) renders any :class:`View` as csv,
json, markdown, html, a terminal table or a workbook.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..plan.printed import clean

#: the version of every JSON document the tool writes (its envelope: schema_version, command, …)
SCHEMA_VERSION = 1


def envelope(command: str, plan: str | None = None, **extra: Any) -> dict[str, Any]:
    """The head of a command's JSON document: ``schema_version``, ``command``, ``plan`` (when one), then ``extra``.

    >>> envelope("project", "lingyuan-14th", to=2035)
    {'schema_version': 1, 'command': 'project', 'plan': 'lingyuan-14th', 'to': 2035}
    """
    head: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "command": command}
    if plan is not None:
        head["plan"] = plan
    return {**head, **extra}


@dataclass
class Column:
    """One output column: key in the records, header per language, numeric or text."""

    key: str
    zh: str
    en: str
    numeric: bool = False
    display_only: bool = False  # shown on terminals and in markdown, not in csv/json
    machine_only: bool = False  # in csv/json only (wide columns that crowd a terminal)
    sticky: bool = False  # repeated in every block when a terminal table is split
    max_width: int | None = None  # wrap text beyond this many cells on a terminal
    trailing: bool = False  # on terminals and in markdown, shown after the other columns
    leading: bool = False  # on terminals and in markdown, shown right after the sticky columns (a status)
    identifier: bool = False  # an id or a code: laid out whole on a terminal, never broken across lines
    #: on a terminal too narrow for every column, columns with a priority are left out, the highest number first,
    #: rather than the table being split into blocks (a projection's years: base, target and horizon stay)
    priority: int | None = None
    #: a display text → a terminal style (a status in its colour)
    styles: dict[str, str] | None = None
    #: a code → its Chinese words, in what people read in zh (terminal, Markdown, HTML); csv and json keep the code
    shown_zh: dict[str, str] | None = None

    def header(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def people_order(columns: Sequence[Column]) -> list[Column]:
    """The columns people see (terminal, Markdown), in the order they see them: sticky ones, leading ones, the rest,
    then trailing ones."""
    shown = [c for c in columns if not c.machine_only]
    return ([c for c in shown if c.sticky and not c.trailing] + [c for c in shown if c.leading and not c.sticky]
            + [c for c in shown if not (c.sticky or c.leading or c.trailing)] + [c for c in shown if c.trailing])  # fmt: skip


class ColumnRecords(Sequence[dict[str, Any]]):
    """Records kept as columns (``{key: list}``, or a float64 array for a column of floats), read as dicts only where
    a renderer asks for rows.

    A projection of thousands of plans has a hundred thousand rows; csv and Parquet are written straight from the
    columns, a float column from its array (:meth:`floats`); anything else reads it as a list (NaN where the array
    has NaN), made once.
    """

    def __init__(self, data: dict[str, list[Any] | np.ndarray]) -> None:
        self._arrays = {k: v for k, v in data.items() if isinstance(v, np.ndarray)}
        if any(a.dtype != np.float64 or a.ndim != 1 for a in self._arrays.values()):
            raise ValueError("ColumnRecords holds float64 columns as arrays, and lists")
        self.data: dict[str, list[Any]] = {k: v for k, v in data.items() if not isinstance(v, np.ndarray)}
        self._keys = list(data)
        self._n = len(next(iter(data.values()))) if data else 0

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if not -self._n <= i < self._n:
            raise IndexError(i)
        return {k: self.column(k)[i] for k in self._keys}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self[i] for i in range(self._n))

    def column(self, key: str) -> list[Any]:
        if key not in self.data and key in self._arrays:
            self.data[key] = self._arrays[key].tolist()
        return self.data[key] if key in self.data else [None] * self._n

    def floats(self, key: str) -> np.ndarray | None:
        """The column as its float64 array, when it is held as one (None otherwise: read :meth:`column`)."""
        return self._arrays.get(key)


@dataclass
class Table:
    """Records to render, with their columns and per-row display precision."""

    title: str
    columns: list[Column]
    records: Sequence[dict[str, Any]]  # a list, or ColumnRecords
    #: display precision per row: an int for the whole row, or {column key: int}
    decimals: Sequence[int | dict[str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    document: dict[str, Any] = field(default_factory=dict)  # the JSON document's keys before its rows
    #: left out of a terminal view when it has no rows (a list of findings where there are none)
    optional: bool = False
    #: shown (zh, en) under a terminal table that left columns out to fit (how to see them all)
    fit_hint: tuple[str, str] | None = None


@dataclass(frozen=True)
class Entry:
    """One item of a :class:`Listing`: a label (a code), what it is about (ids), where it is, the text and a hint."""

    label: str
    subject: tuple[str, ...]
    where: str
    text: str
    hint: str = ""


@dataclass(frozen=True)
class Group:
    """Entries under one heading; ``style`` names their kind (a severity) for colours."""

    title: str
    style: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Listing:
    """Findings for people: a title, a summary line, and groups of entries (by severity)."""

    title: str
    summary: str
    groups: tuple[Group, ...]
    hint_label: str = "suggestion"


@dataclass(frozen=True)
class Lines:
    """Plain lines of text (a validation report)."""

    lines: tuple[str, ...]


Part = Table | Listing | Lines


@dataclass
class View:
    """What a command shows, in every form a format needs.

    ``parts`` are for people (terminal, markdown, html, text), in order;
    ``sheets`` for a workbook (default: the tables among ``parts``); ``rows`` the
    one table csv writes (default: the first table of ``parts``); ``document``
    the JSON (default: ``rows``' document with its records as ``rows``). Each may
    be given as a function that builds it, so a format builds only what it shows
    (the findings of thousands of plans need not become three tables for one JSON).
    """

    parts: list[Part] | Callable[[], list[Part]] = field(default_factory=list)
    sheets: list[Table] | Callable[[], list[Table]] | None = None
    rows: Table | Callable[[], Table] | None = None
    document: dict[str, Any] | Callable[[], dict[str, Any]] | None = None

    def people(self) -> list[Part]:
        """The parts for people, built on first use."""
        if callable(self.parts):
            self.parts = self.parts()
        return self.parts

    @property
    def tables(self) -> list[Table]:
        return [p for p in self.people() if isinstance(p, Table)]

    def csv_table(self) -> Table:
        if callable(self.rows):
            self.rows = self.rows()
        if self.rows is not None:
            return self.rows
        if not self.tables:
            raise ValueError("this view has no table to write as csv")
        return self.tables[0]

    def workbook(self) -> list[Table]:
        if callable(self.sheets):
            self.sheets = self.sheets()
        return self.tables if self.sheets is None else self.sheets

    def json_document(self) -> dict[str, Any] | None:
        """The JSON document when the view has its own (else csv's table becomes one)."""
        if callable(self.document):
            self.document = self.document()
        return self.document


def pick(lang: str, zh: Any, en: Any) -> Any:
    """The Chinese or English variant, falling back to the other when one is missing.

    >>> pick("en", "地区生产总值", None)
    '地区生产总值'
    """
    first, second = (zh, en) if lang == "zh" else (en, zh)
    return first if clean(first) not in (None, "") else second


def picks(lang: str, zh: list[Any], en: list[Any]) -> list[Any]:
    """:func:`pick` over two columns (a projection of many plans has a row per indicator).

    >>> picks("en", ["地区生产总值", "人口"], [None, "population"])
    ['地区生产总值', 'population']
    """
    first, second = (zh, en) if lang == "zh" else (en, zh)
    if "" not in first and set(map(type, first)) <= {str}:  # every cell has its text (as a table's names mostly do)
        return list(first)
    return [f if (f if type(f) is str else clean(f) not in (None, "")) else s for f, s in zip(first, second)]


SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Iterable[Any]) -> str:
    """A one-line chart of ``values`` in Unicode blocks, scaled to their own range.

    Missing values are blanks; a flat series is a row of mid-height blocks.

    >>> sparkline([1, 2, 3, 4, 5, 6, 7, 8])
    '▁▂▃▄▅▆▇█'
    """
    vals = [float(v) if clean(v) is not None else math.nan for v in values]
    finite = [v for v in vals if math.isfinite(v)]
    if not finite:
        return ""
    low, high = min(finite), max(finite)
    top = len(SPARK_BLOCKS) - 1
    if high - low <= 1e-12 * max(1.0, abs(high)):
        return "".join(SPARK_BLOCKS[top // 2] if math.isfinite(v) else " " for v in vals)
    return "".join(SPARK_BLOCKS[round((v - low) / (high - low) * top)] if math.isfinite(v) else " " for v in vals)

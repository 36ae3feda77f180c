"""The plans a run names: plan directories, directories of them and plans tables, found and loaded.

A path is a plan directory (it holds indicators.yaml), a directory of plan
directories, or a plans table (a CSV or Parquet file). One plan that cannot be used is
collected with its problems and left out; the others are stacked
(:mod:`lingyuan_targets.plan.stacks`) and run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..plan.errors import Location, PlanError
from ..plan.stacks import Stack, duplicates, stack
from .parquettable import is_parquet
from .plandir import INDICATORS_FILE, load_plan
from .plantable import CHUNK_ROWS, Reread, is_plans_table, iter_plans_table, read_plans_table
from .textfile import file_status


@dataclass
class Loaded:
    """What a run over many plans has to work on, and what it could not use."""

    stacks: list[Stack] = field(default_factory=list)
    unusable: list[dict[str, Any]] = field(default_factory=list)  # {"source", "plan", "problems"}
    notices: list[str] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)  # files a run must never overwrite
    order: list[str] = field(default_factory=list)  # plan ids in the order the inputs name them

    @property
    def plan_count(self) -> int:
        return sum(len(s.plan_ids) for s in self.stacks)

    def sort(self, items: list[Any], key: Callable[[Any], str]) -> list[Any]:
        """Items (reports, rows) in input order of their plans."""
        ranks = {p: i for i, p in enumerate(self.order)}
        return sorted(items, key=lambda item: ranks.get(key(item), len(ranks)))

    def leave_out_before(self, to: int | None) -> None:
        """Plans whose base year is not before ``to`` cannot be projected to it: they become unusable (with the file
        and line of their base year where known) and the others stay."""
        keep = []
        for st in self.stacks:
            if to is None or st.plan.base_year < to:  # without --to, each plan to its own horizon
                keep.append(st)
                continue
            members = {m.id: m for m in st.members}  # plans read from directories
            for pid in st.plan_ids:
                if pid in members:
                    lines = members[pid].meta.get("lines", {})
                    where = Location(members[pid].files["indicators"], lines.get("base_year"), field="base_year")
                else:  # a plans table: "table:line" of the plan's first row
                    file, _, line = st.sources[pid].rpartition(":")
                    where = Location(file, int(line), field="base_year")
                problem = PlanError(f"{to} is not after this plan's base year {st.plan.base_year}", where, "year-order",
                                    parameter="to")  # fmt: skip
                self.unusable.append({"source": str(where.file), "plan": pid, "problems": [problem]})
        self.stacks = keep


def is_many(paths: tuple[Path, ...] | list[Path]) -> bool:
    """Whether the paths name more than one plan (several paths, a directory of plans, or a table)."""
    if len(paths) > 1:
        return True
    if not paths:
        return False
    path = paths[0]
    return is_plans_table(path) or (
        os.path.isdir(path) and not (path / INDICATORS_FILE).exists() and any(
            (p / INDICATORS_FILE).exists() for p in path.iterdir() if p.is_dir()))  # fmt: skip


def sources(paths: tuple[Path, ...] | list[Path]) -> list[tuple[str, Path]]:
    """Each path as ("dir", plan directory) or ("table", CSV or Parquet file), directories of plans opened up, each input once.

    Raises :class:`PlanError` (``parameter="plan"``) for a path that is none of these.
    """
    out: list[tuple[str, Path]] = []
    for path in paths:
        if file_status(path) is None:  # a link loop or a name too long: its own problem
            raise PlanError(f"{path}: no such file or directory", None, "file-not-found", parameter="plan")
        if is_plans_table(path):
            out.append(("table", path))
        elif path.is_dir() and (path / INDICATORS_FILE).exists():
            out.append(("dir", path))
        elif path.is_dir() and is_parquet(path):  # a dataset of many files: the reader says it is not read
            out.append(("table", path))
        elif path.is_dir():
            subs = sorted(p for p in path.iterdir() if p.is_dir() and (p / INDICATORS_FILE).exists())
            if not subs:
                raise PlanError(f"{path}: neither a plan directory ({INDICATORS_FILE}) nor a directory of them",
                                None, "not-a-directory", parameter="plan")  # fmt: skip
            out += [("dir", p) for p in subs]
        else:
            raise PlanError(f"{path}: expected a plan directory, a directory of them, or a plans table (.csv, .parquet)", None,
                            "not-a-directory", parameter="plan")  # fmt: skip
    return once(out)


def once(targets: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """Each input once, however its path is spelled (same/a and /abs/same/a are one plan)."""
    seen: dict[Path, tuple[str, Path]] = {}
    for kind, path in targets:
        seen.setdefault(path.resolve(), (kind, path))
    return list(seen.values())


def load(found: list[tuple[str, Path]], encoding: str | None = None,
         advance: Callable[[], None] | None = None) -> Loaded:  # fmt: skip
    """Load every input of :func:`sources`; problems are collected, not raised. ``advance`` is called after each.

    Two plans with the same id in one run raise :class:`PlanError` (``duplicate-id``).
    """
    loaded = Loaded()
    plans = []
    for kind, path in found:
        # every input is protected from -o, whether or not it turns out usable
        loaded.inputs += [path] if kind == "table" else [p for p in path.iterdir() if p.is_file()]
        try:
            if kind == "table":
                stacks, problems, notices = read_plans_table(path, encoding=encoding)
                loaded.stacks += stacks
                loaded.notices += notices
                # in the order of the plans' first rows (the stacks group them by their years)
                first = {p: int(st.sources[p].rpartition(":")[2]) for st in stacks for p in st.plan_ids}
                loaded.order += sorted(first, key=first.__getitem__)
                loaded.unusable += [{"source": str(path), "plan": pid, "problems": errs}
                                    for pid, errs in problems.items()]  # fmt: skip
            else:
                plan = load_plan(path, encoding=encoding)
                plans.append(plan)
                loaded.notices += list(plan.notices)
                loaded.inputs += list(plan.files.values())
                loaded.order.append(plan.id)
        except PlanError as err:
            loaded.unusable.append({"source": str(path), "plan": None, "problems": err.problems})
        if advance is not None:
            advance()
    twice = sorted(duplicates(loaded.order))
    if twice:
        raise PlanError(f"plan id(s) {', '.join(twice[:5])} appear more than once in this run; plan ids must differ",
                        code="duplicate-id")  # fmt: skip
    if plans:
        loaded.stacks += stack(plans)
    return loaded


def load_chunks(found: list[tuple[str, Path]], encoding: str | None = None, chunk_rows: int | None = CHUNK_ROWS,
                read: Callable[[int], None] | None = None) -> Iterator[Loaded]:  # fmt: skip
    """:func:`load` in chunks of whole plans, about ``chunk_rows`` indicators each (None: every input whole), in the
    order the inputs name the plans, so that a run over millions of plans holds one chunk at a time. Each chunk's
    ``inputs`` are the files it read; ``read`` is told the bytes of each input read.

    :class:`~.plantable.Reread` when the inputs must be read whole (load them with :func:`load`): a table whose
    plans' rows are apart, or a plan id met twice (:func:`load` reports every id given twice, before any run).
    """
    seen: set[str] = set()
    waiting: list[Any] = []  # plans read from directories, for the next chunk
    held: list[Path] = []  # their files
    size = 0

    def flush() -> Loaded:
        nonlocal waiting, held, size
        out = Loaded(stacks=stack(waiting), order=[p.id for p in waiting], inputs=held,
                     notices=[n for p in waiting for n in p.notices])  # fmt: skip
        waiting, held, size = [], [], 0
        return out

    for kind, path in found:
        if kind == "table":
            if waiting:
                yield flush()
            told = 0
            try:
                for chunk in iter_plans_table(path, encoding=encoding, chunk_rows=chunk_rows):
                    if read is not None:
                        read(chunk.read - told)
                        told = chunk.read
                    if seen & set(chunk.order):
                        raise Reread("a plan id twice in the run")  # read whole, which reports them all at once
                    seen.update(chunk.order)
                    out = Loaded(stacks=chunk.stacks, notices=chunk.notices, inputs=[path], order=chunk.order,
                                 unusable=[{"source": str(path), "plan": pid, "problems": errs}
                                           for pid, errs in chunk.problems.items()])  # fmt: skip
                    yield out
            except PlanError as err:
                yield Loaded(unusable=[{"source": str(path), "plan": None, "problems": err.problems}], inputs=[path])
            if read is not None:
                read(max(size_of(path) - told, 0))
            continue
        files = [p for p in path.iterdir() if p.is_file()]
        try:
            plan = load_plan(path, encoding=encoding)
        except PlanError as err:
            if waiting:
                yield flush()
            yield Loaded(unusable=[{"source": str(path), "plan": None, "problems": err.problems}], inputs=files)
        else:
            if plan.id in seen:
                raise Reread("a plan id twice in the run")  # read whole, which reports them all at once
            seen.add(plan.id)
            waiting.append(plan)
            held += [*files, *plan.files.values()]
            size += len(plan.indicators)
            if chunk_rows is not None and size >= chunk_rows:
                yield flush()
        if read is not None:
            read(1)  # a plan directory counts as one byte of the bar's total
    if waiting:
        yield flush()


def size_of(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0

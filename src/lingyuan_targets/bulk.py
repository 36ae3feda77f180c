"""Many plans in one run: plans stacked into one table, checked and projected together.

A :class:`Stack` holds the indicators of many plans in one frame, with ids
written ``plan/id`` (an indicator id never holds a ``/``), so the vectorised
engine and the per-indicator checks run once over all of them instead of once
per plan. Checks that need a plan's own tables (history, sums, declared
relations) run plan by plan. The results are split back by plan: the same
findings, in the same order, as checking each plan alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .checks import COUNTING, FAMILIES, _kept, _report
from .checks.findings import Finding, PassSink, Report
from .checks.relations import declared_relations, indicator_relations
from .model import Plan
from .projection import project_wide

SEP = "/"
SUMMARY_KEYS = ("checked", "exact", "within_rounding", "inconsistent", "errors", "warnings", "infos")
#: families run once over the stack, and those that need each plan's own tables
STACKED = ("target-rule", "cumulative", "quotes", "plausibility")
PER_PLAN = ("history", "sums")


@dataclass(frozen=True)
class Stack:
    """Plans that share their years and scenarios, as one :class:`Plan` with ``plan/id`` ids
    (and a ``plan`` column).

    ``members`` are the separate plans when they were loaded one by one (plan
    directories); a stack read from a plans table has none (it has no tables
    beyond the indicators).
    """

    plan: Plan
    plan_ids: tuple[str, ...]
    members: tuple[Plan, ...] = ()
    #: where each plan came from (a directory, or a plans table and its first line)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.plan.indicators)


def split_id(composite: str) -> tuple[str, str]:
    """``("lingyuan-14th", "gdp")`` from ``"lingyuan-14th/gdp"``."""
    plan_id, _, ident = composite.rpartition(SEP)
    return plan_id, ident


def _key(plan: Plan) -> tuple[Any, ...]:
    """Plans stack when their years and scenarios agree (the engine takes one of each)."""
    scenarios = tuple(replace(s, yaml_line=None) for s in plan.scenarios.values())
    return plan.base_year, plan.target_year, plan.horizon_year, scenarios


def stack(plans: list[Plan]) -> list[Stack]:
    """Group plans that share years and scenarios into stacks (usually one)."""
    groups: dict[tuple[Any, ...], list[Plan]] = {}
    for p in plans:
        groups.setdefault(_key(p), []).append(p)
    return [_stack_group(group) for group in groups.values()]


def duplicates(values: list[str]) -> set[str]:
    """Values that occur more than once (plan ids in one run must not)."""
    seen: set[str] = set()
    return {v for v in values if v in seen or seen.add(v)}  # type: ignore[func-returns-value]


def _prefixed(frame: pd.DataFrame, plan_id: str, column: str = "id") -> pd.DataFrame:
    return frame.assign(**{column: plan_id + SEP + frame[column].astype(str)}) if len(frame) else frame


def _stack_group(plans: list[Plan]) -> Stack:
    ids = [p.id for p in plans]
    twice = duplicates(ids)
    if twice:
        raise ValueError(f"two plans have the id {sorted(twice)[0]!r}; plan ids must differ in one run")
    first = plans[0]
    ind = pd.concat([_prefixed(p.indicators, p.id).assign(source_file="", plan=p.id) for p in plans],
                    ignore_index=True)  # fmt: skip
    quotes = pd.concat([_prefixed(p.quotes, p.id) for p in plans], ignore_index=True)
    combined = replace(first, meta={**first.meta, "id": "stack"}, indicators=ind, quotes=quotes,
                       history=pd.DataFrame(), projects=pd.DataFrame(), sums=pd.DataFrame(), relations=())  # fmt: skip
    combined.columns  # the typed arrays the arithmetic reads: built with the stack
    return Stack(plan=combined, plan_ids=tuple(ids), members=tuple(plans),
                 sources={p.id: str(p.directory) for p in plans})  # fmt: skip


# ------------------------------------------------------------------------ check
def check_stack(st: Stack, *, rounding: str = "half-up", select: Any = None, ignore: Any = None,
                passes: bool = False) -> list[Report]:  # fmt: skip
    """One :class:`Report` per plan of the stack, equal to ``check_plan`` on each plan alone.

    ``passes=False`` (the default here) counts passing per-indicator checks
    instead of building them.
    """
    sink: PassSink | None = None if passes else []
    by_plan: dict[str, list[Finding]] = {pid: [] for pid in st.plan_ids}
    members = {m.id: m for m in st.members}
    for name, run in FAMILIES.items():
        if name in STACKED:
            found = run(st.plan, rounding, sink) if name in COUNTING else run(st.plan, rounding)
            _distribute(found, by_plan)
        elif name == "relations":
            for pid in st.plan_ids:  # declared relations first, as check_plan orders them
                if pid in members and members[pid].relations:
                    by_plan[pid] += declared_relations(members[pid], rounding)
            _distribute(indicator_relations(st.plan, rounding), by_plan)
        else:
            for pid in st.plan_ids:
                if pid in members and not getattr(members[pid], name).empty:
                    by_plan[pid] += run(members[pid], rounding)
    passed = _passes_by_plan(sink or [], st.plan.indicators, select, ignore)
    return [_report(pid, rounding, by_plan[pid], passed.get(pid, {}), select, ignore) for pid in st.plan_ids]


def _passes_by_plan(sink: PassSink, indicators: pd.DataFrame, select: Any, ignore: Any) -> dict[str, dict[str, int]]:
    """Counted passes per plan and verdict (vectorised: a bulk run counts hundreds of thousands)."""
    kept = [(ids, verdicts) for ids, code, verdicts in sink if _kept(code, select, ignore)]
    if not kept:
        return {}
    ids = np.concatenate([ids for ids, _ in kept])
    verdicts = np.concatenate([v for _, v in kept])
    plans = indicators["plan"].to_numpy(dtype=object)[pd.Index(indicators["id"]).get_indexer(ids)]
    counts = pd.DataFrame({"plan": plans, "verdict": verdicts}).groupby(["plan", "verdict"], sort=False).size()
    out: dict[str, dict[str, int]] = {}
    for (pid, verdict), k in counts.items():
        out.setdefault(pid, {})[verdict] = int(k)
    return out


def _distribute(found: list[Finding], by_plan: dict[str, list[Finding]]) -> None:
    """Each finding to its plan, with the plan prefix taken off its ids (texts never show stacked ids)."""
    for f in found:
        pid = split_id(f.ids[0])[0]
        by_plan[pid].append(replace(f, ids=tuple(split_id(i)[1] for i in f.ids)))


# ---------------------------------------------------------------------- project
def project_stack(st: Stack, *, to: int = 2035, scenario: str = "continue", describe: bool = True) -> pd.DataFrame:
    """:func:`project_wide` for every plan of the stack at once, with a ``plan`` column and plain ids."""
    wide = project_wide(st.plan, to=to, scenario=scenario, describe=describe)
    # rows keep the stack's order; plain Python: pandas' str.rpartition is 20x slower here
    local = [i.rpartition(SEP)[2] for i in wide["id"].tolist()]
    return wide.assign(plan=st.plan.indicators["plan"].to_numpy(dtype=object), id=local)


def total_summary(reports: list[Report]) -> dict[str, int]:
    """The summaries of many reports added up, plus the number of plans."""
    out: dict[str, int] = {"plans": len(reports), **{k: 0 for k in SUMMARY_KEYS}}
    for r in reports:
        for k, v in r.summary().items():
            out[k] = out.get(k, 0) + v
    return out

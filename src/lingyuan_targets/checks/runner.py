"""The one check runner: every family over a stack of plans, findings split back by plan.

A plan checked alone is a stack of one (:func:`check_plan`). The families that
work on the indicator table run once over the whole stack; those that need a
plan's own tables (history, sums, declared relations) run plan by plan. The
results are the same findings, in the same order, as checking each plan alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ..plan.arrays import filled
from ..plan.errors import PlanError
from ..plan.model import Plan
from ..plan.printed import ROUNDING_MODES
from ..plan.stacks import SEP, Stack, split_id
from .codes import CODES, SEVERITIES
from .findings import Finding, PassSink, Report
from .goals import check_goals
from .relations import check_plausibility, check_quotes, declared_relations, indicator_relations
from .rules import check_cumulative, check_target_rules
from .tables import check_history, check_sums

#: family → how it runs: over the stack ("stack"), over each plan's own tables ("plan"), or the relations, which
#: do both (declared relations plan by plan, then each indicator against itself over the stack)
FAMILIES: dict[str, tuple[str, Callable[..., list[Finding]]]] = {
    "target-rule": ("stack", check_target_rules),
    "cumulative": ("stack", check_cumulative),
    "quotes": ("stack", check_quotes),
    "history": ("plan", check_history),
    "sums": ("plan", check_sums),
    "relations": ("both", declared_relations),
    "goals": ("stack", check_goals),
    "plausibility": ("stack", check_plausibility),
}
#: families that can count their passing checks instead of building them (the per-indicator ones)
COUNTING = ("target-rule", "cumulative", "goals")
SUMMARY_KEYS = ("checked", "exact", "within_rounding", "inconsistent", "errors", "warnings", "infos")


def check_plan(plan: Plan, *, rounding: str = "half-up", select: list[str] | tuple[str, ...] | None = None,
               ignore: list[str] | tuple[str, ...] | None = None, passes: bool = True) -> Report:  # fmt: skip
    """Run every check family on ``plan`` and return a :class:`Report`.

    ``select`` / ``ignore`` take finding codes (see :data:`CODES`) or family names.
    ``rounding`` is how printed figures were rounded: half-up (default), half-even or truncate.
    ``passes=False`` counts the passing per-indicator checks (``Report.passed``)
    instead of building a finding for each: the same summary, much less work.
    """
    [report] = check_stack(Stack.of(plan), rounding=rounding, select=select, ignore=ignore, passes=passes)
    return report


def check_stack(st: Stack, *, rounding: str = "half-up", select: Any = None, ignore: Any = None,
                passes: bool = False) -> list[Report]:  # fmt: skip
    """One :class:`Report` per plan of the stack, equal to ``check_plan`` on each plan alone.

    ``passes=False`` (the default here) counts passing per-indicator checks
    instead of building them.
    """
    if rounding not in ROUNDING_MODES:
        raise ValueError(f"rounding must be one of {', '.join(ROUNDING_MODES)}")
    check_selection(select, ignore)
    sink: PassSink | None = None if passes else []
    by_plan: dict[str, list[Finding]] = {pid: [] for pid in st.plan_ids}
    members = {m.id: m for m in st.members}
    for name, (scope, run) in FAMILIES.items():
        if scope == "stack":
            found = run(st.plan, rounding, sink) if name in COUNTING else run(st.plan, rounding)
            _distribute(found, by_plan, st)
            continue
        for pid in st.plan_ids:  # a plan's own tables (declared relations first); a family finds none in their absence
            member = members.get(pid)
            if member is not None:
                by_plan[pid] += run(member, rounding)
        if scope == "both":
            if not st.members and st.plan.relations:  # a plans table's relations (its parent column)
                _distribute(declared_relations(st.plan, rounding), by_plan, st)
            _distribute(indicator_relations(st.plan, rounding), by_plan, st)
    passed = _passes_by_plan(sink or [], st, select, ignore)
    return [_report(pid, rounding, by_plan[pid], passed.get(pid, {}), select, ignore) for pid in st.plan_ids]


def check_selection(select: Any = None, ignore: Any = None) -> None:
    """Raise :class:`PlanError` (``unknown-code``) for a code or family in ``select`` or ``ignore`` that does not
    exist."""
    unknown = [c for c in (*(select or ()), *(ignore or ())) if c not in CODES and c not in FAMILIES]
    if unknown:
        from ..plan.suggest import unknown_list

        raise PlanError(f"unknown check code(s): {unknown_list(unknown, [*CODES, *FAMILIES])}", code="unknown-code",
                        parameter="select", hint="codes")  # fmt: skip


def check_stacks(stacks: list[Stack], *, advance: Callable[[], None] | None = None, **options: Any) -> list[Report]:
    """:func:`check_stack` on each stack (``options`` as it takes them); ``advance`` is called after each."""
    reports: list[Report] = []
    for st in stacks:
        reports += check_stack(st, **options)
        if advance is not None:
            advance()
    return reports


def _kept(code: str, select: Any, ignore: Any) -> bool:
    family = CODES[code][0]
    return (not select or code in select or family in select) and not (ignore and (code in ignore or family in ignore))


def _report(plan_id: str, rounding: str, results: list[Finding], passed: dict[str, int], select: Any,
            ignore: Any) -> Report:  # fmt: skip
    """A report from findings and counted passes, filtered by select/ignore, ordered by severity."""
    results = [f for f in results if _kept(f.code, select, ignore)]
    order = {s: i for i, s in enumerate((*SEVERITIES, "pass"))}
    results.sort(key=lambda f: order[f.severity])  # stable: families keep their order within a severity
    return Report(plan=plan_id, rounding=rounding, results=tuple(results), passed=passed)


def _passes_by_plan(sink: PassSink, st: Stack, select: Any, ignore: Any) -> dict[str, dict[str, int]]:
    """Counted passes per plan and verdict (vectorised: a bulk run counts hundreds of thousands)."""
    kept = [(ids, verdicts) for ids, code, verdicts in sink if _kept(code, select, ignore)]
    if not kept:
        return {}
    ids = np.concatenate([ids for ids, _ in kept])
    verdicts = np.concatenate([v for _, v in kept])
    if st.prefixed:
        # each stacked id's plan, as findings are given to theirs (_distribute): no index of the ids to build
        plans = np.array([i.rpartition(SEP)[0] for i in ids.tolist()], dtype=object)
    else:
        plans = filled(len(ids), st.plan_ids[0])
    # each (plan, verdict) pair counted, in the order of its first row (as a groupby without sorting gives them)
    plan_codes, plan_names = pd.factorize(plans)
    verdict_codes, verdict_names = pd.factorize(np.asarray(verdicts, dtype=object))
    pairs, first, counts = np.unique(plan_codes.astype(np.int64) * len(verdict_names) + verdict_codes,
                                     return_index=True, return_counts=True)  # fmt: skip
    out: dict[str, dict[str, int]] = {}
    for k in np.argsort(first, kind="stable").tolist():
        pid, verdict = divmod(int(pairs[k]), len(verdict_names))
        out.setdefault(plan_names[pid], {})[verdict_names[verdict]] = int(counts[k])
    return out


def _distribute(found: list[Finding], by_plan: dict[str, list[Finding]], st: Stack) -> None:
    """Each finding to its plan, with the plan prefix taken off its ids (texts never show stacked ids)."""
    if not st.prefixed:  # one plan as it is
        by_plan[st.plan_ids[0]] += found
        return
    for f in found:
        pid = split_id(f.ids[0])[0]
        by_plan[pid].append(replace(f, ids=tuple(split_id(i)[1] for i in f.ids)))


def total_summary(reports: list[Report]) -> dict[str, int]:
    """The summaries of many reports added up, plus the number of plans."""
    out: dict[str, int] = {"plans": len(reports), **dict.fromkeys(SUMMARY_KEYS, 0)}
    for r in reports:
        for k, v in r.summary().items():
            out[k] = out.get(k, 0) + v
    return out

"""Many plans as one: plans stacked into one indicator table, with ids written ``plan/id``.

A :class:`Stack` holds the indicators of many plans in one frame (an indicator id
never holds a ``/``), so the vectorised engine and the per-indicator checks run
once over all of them instead of once per plan (:func:`lingyuan_targets.checks.runner.check_stack`,
:func:`lingyuan_targets.engine.many.project_stack`). Stacking is a reshaping of the
model, nothing more: it lives here so that the readers of plans tables can build stacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from .model import Plan

SEP = "/"


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
    #: ids read ``plan/id``; a single plan taken as it is (:meth:`of`) keeps its own ids
    prefixed: bool = True

    @classmethod
    def of(cls, plan: Plan) -> Stack:
        """One plan as a stack of one, its table as it is (no copy, no prefixed ids)."""
        return cls(plan=plan, plan_ids=(plan.id,), members=(plan,), sources={plan.id: str(plan.directory)},
                   prefixed=False)  # fmt: skip

    @property
    def size(self) -> int:
        return len(self.plan.indicators)


def split_id(composite: str) -> tuple[str, str]:
    """``("lingyuan-14th", "gdp")`` from ``"lingyuan-14th/gdp"``.

    >>> split_id("lingyuan-14th/gdp")
    ('lingyuan-14th', 'gdp')
    """
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
    """Values that occur more than once (plan ids in one run must not).

    >>> sorted(duplicates(["a", "b", "a"]))
    ['a']
    """
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
    goals = pd.concat([_prefixed(p.goals, p.id) for p in plans], ignore_index=True)
    combined = replace(first, meta={**first.meta, "id": "stack"}, indicators=ind, quotes=quotes, goals=goals,
                       history=pd.DataFrame(), projects=pd.DataFrame(), sums=pd.DataFrame(), relations=())  # fmt: skip
    combined.columns  # noqa: B018 - the typed arrays the arithmetic reads: built with the stack
    return Stack(plan=combined, plan_ids=tuple(ids), members=tuple(plans),
                 sources={p.id: str(p.directory) for p in plans})  # fmt: skip

"""Checks of the plan's internal arithmetic, rounding-aware, as findings (data, not exceptions).

Every printed number stands for the interval its rounding covers (150.2 →
[150.15, 150.25]; 10% → [9.5%, 10.5%]). A check has three outcomes, not two:

* ``exact`` — the point computation, rounded to the printed precision, gives the
  printed figure;
* ``within-rounding`` — some values inside the intervals reproduce it;
* ``inconsistent`` — no values inside the intervals do.

The arithmetic of each check family is vectorised over indicators (or rows);
:class:`Finding` records are built only for the results. The CLI renders a
:class:`Report`; this module never prints.
"""

from __future__ import annotations

from typing import Any

from ..model import Plan
from ..printed import ROUNDING_MODES
from .findings import CODES, PERCENT_UNITS, SCHEMA_VERSION, SEVERITIES, Finding, PassSink, Report
from .relations import check_plausibility, check_quotes, check_relations
from .rules import check_cumulative, check_target_rules
from .tables import _sum_finding, check_history, check_sums

__all__ = [
    "CODES", "FAMILIES", "PERCENT_UNITS", "SCHEMA_VERSION", "SEVERITIES", "Finding", "Report", "check_cumulative",
    "check_history", "check_plan", "check_plausibility", "check_quotes", "check_relations", "check_sums",
    "check_target_rules", "_sum_finding",
]  # fmt: skip


# -------------------------------------------------------------------- running
FAMILIES = {
    "target-rule": check_target_rules,
    "cumulative": check_cumulative,
    "quotes": check_quotes,
    "history": check_history,
    "sums": check_sums,
    "relations": check_relations,
    "plausibility": check_plausibility,
}


#: families that can count their passing checks instead of building them (the per-indicator ones)
COUNTING = ("target-rule", "cumulative")


def check_plan(plan: Plan, *, rounding: str = "half-up", select: list[str] | tuple[str, ...] | None = None,
               ignore: list[str] | tuple[str, ...] | None = None, passes: bool = True) -> Report:  # fmt: skip
    """Run every check family on ``plan`` and return a :class:`Report`.

    ``select`` / ``ignore`` take finding codes (see :data:`CODES`) or family names.
    ``rounding`` is how printed figures were rounded: half-up (default), half-even or truncate.
    ``passes=False`` counts the passing per-indicator checks (``Report.passed``)
    instead of building a finding for each: the same summary, much less work.
    """
    if rounding not in ROUNDING_MODES:
        raise ValueError(f"rounding must be one of {', '.join(ROUNDING_MODES)}")
    unknown = [c for c in (*(select or ()), *(ignore or ())) if c not in CODES and c not in FAMILIES]
    if unknown:
        from ..errors import PlanError

        raise PlanError(f"unknown check code(s): {', '.join(unknown)}; see `lingyuan-targets check --list-codes`")
    results: list[Finding] = []
    sink: PassSink | None = None if passes else []
    for name, run in FAMILIES.items():
        results += run(plan, rounding, sink) if name in COUNTING else run(plan, rounding)
    return _report(plan.id, rounding, results, _count_passes(sink or [], select, ignore), select, ignore)


def _kept(code: str, select: Any, ignore: Any) -> bool:
    family = CODES[code][0]
    return (not select or code in select or family in select) and not (ignore and (code in ignore or family in ignore))


def _count_passes(passed: PassSink, select: Any, ignore: Any) -> dict[str, int]:
    """Counted passes by verdict, for the codes that select/ignore keep."""
    counts: dict[str, int] = {}
    for _, code, verdicts in passed:
        if _kept(code, select, ignore):
            for verdict in verdicts.tolist():
                counts[verdict] = counts.get(verdict, 0) + 1
    return counts


def _report(plan_id: str, rounding: str, results: list[Finding], passed: dict[str, int], select: Any,
            ignore: Any) -> Report:  # fmt: skip
    """A report from findings and counted passes, filtered by select/ignore, ordered by severity."""
    results = [f for f in results if _kept(f.code, select, ignore)]
    order = {s: i for i, s in enumerate((*SEVERITIES, "pass"))}
    results.sort(key=lambda f: order[f.severity])  # stable: families keep their order within a severity
    return Report(plan=plan_id, rounding=rounding, results=tuple(results), passed=passed)

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

from ..model import Plan
from ..printed import ROUNDING_MODES
from .findings import CODES, PERCENT_UNITS, SCHEMA_VERSION, SEVERITIES, Finding, Report
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


def check_plan(plan: Plan, *, rounding: str = "half-up", select: list[str] | tuple[str, ...] | None = None,
               ignore: list[str] | tuple[str, ...] | None = None) -> Report:  # fmt: skip
    """Run every check family on ``plan`` and return a :class:`Report`.

    ``select`` / ``ignore`` take finding codes (see :data:`CODES`) or family names.
    ``rounding`` is how printed figures were rounded: half-up (default), half-even or truncate.
    """
    if rounding not in ROUNDING_MODES:
        raise ValueError(f"rounding must be one of {', '.join(ROUNDING_MODES)}")
    unknown = [c for c in (*(select or ()), *(ignore or ())) if c not in CODES and c not in FAMILIES]
    if unknown:
        from ..errors import PlanError

        raise PlanError(f"unknown check code(s): {', '.join(unknown)}; see `lingyuan-targets check --list-codes`")
    results: list[Finding] = []
    for run in FAMILIES.values():
        results += run(plan, rounding)
    if select:
        results = [f for f in results if f.code in select or f.family in select]
    if ignore:
        results = [f for f in results if f.code not in ignore and f.family not in ignore]
    order = {s: i for i, s in enumerate((*SEVERITIES, "pass"))}
    results.sort(key=lambda f: order[f.severity])  # stable: families keep their order within a severity
    return Report(plan=plan.id, rounding=rounding, results=tuple(results))

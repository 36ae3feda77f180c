"""Checks of the plan's internal arithmetic, rounding-aware, as findings (data, not exceptions).

Every printed number stands for the interval its rounding covers (150.2 →
[150.15, 150.25]; 10% → [9.5%, 10.5%]). A check has three outcomes, not two:

* ``exact`` — the point computation, rounded to the printed precision, gives the
  printed figure;
* ``within-rounding`` — some values inside the intervals reproduce it;
* ``inconsistent`` — no values inside the intervals do.

The arithmetic of each check family (:mod:`.rules`, :mod:`.relations`,
:mod:`.tables`) is vectorised over indicators (or rows); :class:`Finding` records
are built only for the results. One runner (:mod:`.runner`) runs the families
over one plan or a stack of many. Nothing here prints.
"""

from __future__ import annotations

from .codes import CODES, SEVERITIES
from .findings import Finding, Report
from .runner import FAMILIES, SUMMARY_KEYS, check_plan, check_stack, check_stacks, total_summary

__all__ = ["CODES", "FAMILIES", "SEVERITIES", "SUMMARY_KEYS", "Finding", "Report", "check_plan", "check_stack",
           "check_stacks", "total_summary"]  # fmt: skip

"""The codes of check findings, each with its family, severity and title.

Codes are stable: scripts select on them (``check --select``, ``-f json``), and
``docs/checks.md`` lists them from this table. The codes of problems with input
are registered apart (:data:`lingyuan_targets.plan.problems.PROBLEMS`).
"""

from __future__ import annotations

SEVERITIES = ("error", "warning", "info")

#: code → (family, severity, title). Codes are stable: scripts may select on them.
CODES: dict[str, tuple[str, str, str]] = {
    "target-rule-exact": ("target-rule", "pass", "base under the stated rule gives the printed target"),
    "target-rule-within-rounding": ("target-rule", "info", "the stated rule reaches the target only within rounding"),
    "target-rule-inconsistent": ("target-rule", "error", "base under the stated rule cannot reach the printed target"),
    "check-too-coarse": ("plausibility", "info", "the rounding intervals are too wide for the check to fail"),
    "cumulative-reading": ("cumulative", "pass", "the 累计 figure matches the declared reading"),
    "cumulative-reading-differs": ("cumulative", "warning", "the 累计 figure matches another reading than the declared one"),
    "cumulative-unit-mismatch": ("cumulative", "info", "the 累计 figure matches a reading its printed unit does not suggest"),
    "cumulative-no-reading": ("cumulative", "error", "the 累计 figure matches no reading"),
    "cumulative-reading-coarse": ("cumulative", "warning", "the 累计 figure fits only because the printed figures are coarse; the point figures disagree"),
    "quote-consistent": ("quotes", "pass", "the text quotes the same value"),
    "quote-conflict": ("quotes", "error", "the same quantity is printed with different values"),
    "history-growth-vs-levels": ("history", "warning", "a yearly growth rate does not match the change in levels"),
    "history-price-basis": ("history", "info", "growth rates and levels differ systematically (comparable vs current prices)"),
    "history-consistent": ("history", "pass", "history figures agree"),
    "history-average": ("history", "warning", "a stated average growth does not match the yearly rates"),
    "history-total": ("history", "error", "a five-year total does not match the sum of the years"),
    "history-implied-start": ("history", "info", "a growth since an earlier year with no level printed for that year: "
                              "the level and the average rate it implies"),
    "history-planned-rate": ("history", "info", "an average stated as above or below the planned rate: the planned "
                             "rate it implies"),
    "sum-consistent": ("sums", "pass", "parts add up to the total"),
    "sum-within-rounding": ("sums", "info", "parts add up to the total only within rounding"),
    "sum-mismatch": ("sums", "error", "parts do not add up to the total"),
    "sum-years-differ": ("sums", "info", "parts and total are for different years, so their sum is not checked"),
    "share-mismatch": ("sums", "warning", "a printed share does not match the parts"),
    "ratio-mismatch": ("relations", "warning", "a share does not match the ratio of two indicators"),
    "ratio-consistent": ("relations", "pass", "a share matches the ratio of two indicators"),
    "target-already-met": ("relations", "warning", "the base value already meets the target"),
    "target-below-previous-period": ("relations", "warning", "a five-year target is below the previous five-year outcome"),
    "goal-rule-exact": ("goals", "pass", "the target under the goal's rule gives the printed goal"),
    "goal-rule-within-rounding": ("goals", "info", "the goal's rule reaches the goal only within rounding"),
    "goal-rule-inconsistent": ("goals", "error", "the target under the goal's rule cannot reach the printed goal"),
    "goal-implied-rate": ("goals", "info", "a goal without a rule: the rate it needs from the point before"),
    "implied-baseline": ("relations", "info", "the plan gives a target and a rate but no base; the base they imply"),
    "continuation-crosses-bound": ("plausibility", "warning", "carrying the plan-period rule on crosses a natural bound before the horizon year"),
}  # fmt: skip

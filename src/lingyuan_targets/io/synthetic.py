"""Synthetic plans for benchmarks and tests: a plans table of N plans, 25 indicators each, seeded.

Each plan mixes the kinds the way a county plan does: 8 levels with an annual
rate, 3 levels with a relative 累计 change, 4 shares with a change in points,
3 shares with a target only, 3 five-year totals, 2 five-year changes and 2
limits. Targets are computed from base and rule and rounded half up as a plan
prints them, so a plan is consistent, except that one plan in ten gets one
level target moved 8% off its rule (an error ``check`` must find).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..plan.printed import format_half_up

PER_PLAN = 25
#: (kind, growth_basis, growth_reading, direction, unit, how many)
LAYOUT = (
    ("level", "annual", "", "at_least", "亿元", 8),
    ("level", "cumulative", "relative", "at_least", "件", 3),
    ("share", "cumulative", "points", "at_least", "百分比", 4),
    ("share", "none", "", "at_least", "百分比", 3),
    ("period_total", "none", "", "at_least", "万人", 3),
    ("period_change", "none", "", "at_least", "百分比", 2),
    ("limit", "none", "", "at_least", "百分比", 2),
)
INCONSISTENT_EVERY = 10


def plans_table(n_plans: int, seed: int = 0) -> pd.DataFrame:
    """A plans table (every column text, as read from CSV) of ``n_plans`` synthetic plans."""
    rng = np.random.default_rng(seed)
    kinds = [row for row in LAYOUT for _ in range(row[-1])]
    k = len(kinds)
    n = n_plans * k
    kind = np.tile([r[0] for r in kinds], n_plans)
    basis = np.tile([r[1] for r in kinds], n_plans)
    base = np.round(rng.uniform(10, 5000, n), 1)
    growth = rng.integers(3, 16, n).astype(float)
    target = base * (1 + growth / 100) ** 5
    cum_rel = basis == "cumulative"
    share = kind == "share"
    growth = np.where(cum_rel & ~share, rng.integers(10, 61, n), growth)
    target = np.where(cum_rel & ~share, base * (1 + growth / 100), target)
    base = np.where(share, np.round(rng.uniform(20, 70, n), 1), base)
    growth = np.where(share & cum_rel, rng.integers(1, 11, n), growth)
    target = np.where(share, base + np.where(cum_rel, growth, rng.uniform(1, 10, n)), target)
    totals = kind == "period_total"
    base = np.where(totals, np.round(rng.uniform(1, 50, n), 1), base)
    target = np.where(totals, base * rng.uniform(1.0, 1.5, n), target)
    change = kind == "period_change"
    base = np.where(change, np.round(rng.uniform(5, 15, n), 1), base)
    target = np.where(change, rng.uniform(5, 16, n), target)
    limit = kind == "limit"
    base = np.where(limit, 100.0, base)
    target = np.where(limit, 100.0, target)
    # one plan in ten: the first level target moved 8% off its rule
    plan_no = np.repeat(np.arange(n_plans), k)
    moved = (plan_no % INCONSISTENT_EVERY == INCONSISTENT_EVERY - 1) & (np.tile(np.arange(k), n_plans) == 0)
    target = np.where(moved, target * 1.08, target)
    return pd.DataFrame({
        "plan": [f"county-{i:05d}" for i in plan_no],
        "id": np.tile([f"{r[0].replace('_', '-')}-{j}" for j, r in enumerate(kinds)], n_plans),
        "name": np.tile([f"指标{j}" for j in range(k)], n_plans),
        "unit": np.tile([r[4] for r in kinds], n_plans),
        "kind": kind, "direction": np.tile([r[3] for r in kinds], n_plans),
        "base": [format_half_up(b, 1) for b in base],
        "target": [format_half_up(t, 1) for t in target],
        "growth_basis": basis,
        "growth_value": np.where(basis == "none", "", growth.astype(int).astype(str)),
        "growth_reading": np.tile([r[2] for r in kinds], n_plans),
    })  # fmt: skip

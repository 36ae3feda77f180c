"""Target projection calculator and arithmetic checker for the Lingyuan 14th Five-Year Plan.

The package keeps its import light: the command line's ``--help`` and
``--version`` must not pay for pandas and numpy. The public API is therefore
loaded lazily on first attribute access::

    >>> import lingyuan_targets as lt
    >>> plan = lt.load_plan()                       # the embedded Lingyuan data
    >>> table = lt.project(plan, to=2035, scenario="doubling")
    >>> round(float(table.query("id == 'gdp' and year == 2025")["value"].iloc[0]), 3)  # 150.2 · 1.1**5
    241.899

The layers, each importing only from those before it: :mod:`.plan` (model,
numbers, errors), :mod:`.io` (readers), :mod:`.engine` (projections, outlook,
tracking), :mod:`.checks`, :mod:`.views` (what a command shows), :mod:`.output`
(formats), :mod:`.cli`. See ``docs/architecture.md``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_API = {
    # the plan
    "Plan": "lingyuan_targets.plan.model",
    "Scenario": "lingyuan_targets.plan.model",
    "PlanError": "lingyuan_targets.plan.errors",
    "Location": "lingyuan_targets.plan.errors",
    "ScenarioError": "lingyuan_targets.plan.errors",
    "UnknownIndicatorError": "lingyuan_targets.plan.errors",
    "round_half_up": "lingyuan_targets.plan.printed",
    "format_half_up": "lingyuan_targets.plan.printed",
    "rounding_interval": "lingyuan_targets.plan.printed",
    "Stack": "lingyuan_targets.plan.stacks",
    "stack": "lingyuan_targets.plan.stacks",
    # reading
    "load_plan": "lingyuan_targets.io.plandir",
    "validate_plan": "lingyuan_targets.io.plandir",
    "default_plan_dir": "lingyuan_targets.io.plandir",
    "read_plans_table": "lingyuan_targets.io.plantable",
    "read_actuals": "lingyuan_targets.io.actuals",
    "indicators_schema": "lingyuan_targets.io.schema",
    # the engine
    "project": "lingyuan_targets.engine.projection",
    "project_wide": "lingyuan_targets.engine.projection",
    "rules": "lingyuan_targets.engine.projection",
    "implied_rates": "lingyuan_targets.engine.projection",
    "implied_baselines": "lingyuan_targets.engine.projection",
    "project_stack": "lingyuan_targets.engine.many",
    "track": "lingyuan_targets.engine.tracking",
    "outlook": "lingyuan_targets.engine.outlook",
    "sensitivity": "lingyuan_targets.engine.outlook",
    # checks
    "check_plan": "lingyuan_targets.checks.runner",
    "check_stack": "lingyuan_targets.checks.runner",
    "Report": "lingyuan_targets.checks.findings",
    "Finding": "lingyuan_targets.checks.findings",
}

__all__ = [*_API, "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .checks.findings import Finding, Report
    from .checks.runner import check_plan, check_stack
    from .engine.many import project_stack
    from .engine.outlook import outlook, sensitivity
    from .engine.projection import implied_baselines, implied_rates, project, project_wide, rules
    from .engine.tracking import track
    from .io.actuals import read_actuals
    from .io.plandir import default_plan_dir, load_plan, validate_plan
    from .io.plantable import read_plans_table
    from .io.schema import indicators_schema
    from .plan.errors import Location, PlanError, ScenarioError, UnknownIndicatorError
    from .plan.model import Plan, Scenario
    from .plan.printed import format_half_up, round_half_up, rounding_interval
    from .plan.stacks import Stack, stack

    __version__: str


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from .version import read_version

        return read_version()
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'lingyuan_targets' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)

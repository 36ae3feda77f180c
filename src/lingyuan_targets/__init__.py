"""Target projection calculator for the Lingyuan 14th Five-Year Plan.

The package keeps its import light: the command line's ``--help`` and
``--version`` must not pay for pandas and numpy. The public API is therefore
loaded lazily on first attribute access::

    >>> import lingyuan_targets as lt
    >>> plan = lt.load_plan()                       # the embedded Lingyuan data
    >>> table = lt.project(plan, to=2035, scenario="doubling")
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_API = {
    "Plan": "lingyuan_targets.model",
    "PlanError": "lingyuan_targets.errors",
    "load_plan": "lingyuan_targets.loading",
    "default_plan_dir": "lingyuan_targets.loading",
    "project": "lingyuan_targets.projection",
    "project_wide": "lingyuan_targets.projection",
    "implied_rates": "lingyuan_targets.projection",
    "implied_baselines": "lingyuan_targets.projection",
    "check_plan": "lingyuan_targets.checks",
    "Report": "lingyuan_targets.checks",
    "Finding": "lingyuan_targets.checks",
    "round_half_up": "lingyuan_targets.printed",
    "format_half_up": "lingyuan_targets.printed",
}

__all__ = [*_API, "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .checks import Finding, Report, check_plan
    from .errors import PlanError
    from .loading import default_plan_dir, load_plan
    from .model import Plan
    from .printed import format_half_up, round_half_up
    from .projection import implied_baselines, implied_rates, project, project_wide


def _read_version() -> str:
    """The version: from the file the build writes (``_version.py``), else the installed metadata."""
    try:
        from ._version import __version__ as written  # type: ignore[import-not-found]

        return str(written)
    except ImportError:
        pass
    from importlib.metadata import PackageNotFoundError, version  # ~50 ms: only when the file is missing

    try:
        return version("lingyuan-targets")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _read_version()
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'lingyuan_targets' has no attribute {name!r}")
    return getattr(import_module(module), name)

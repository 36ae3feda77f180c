"""``scenarios.yaml``: named rules for the years after a plan's target year, in the plan's own years.

Years may be written relative to the plan: ``base``, ``target``, ``horizon``, or
``target+5`` (and ``base+1``, ``horizon-5``), so one file serves a 2020 → 2025 plan
and a 2025 → 2030 plan alike. Descriptions may name them too: ``{base}``,
``{target}``, ``{horizon}``, ``{period}`` (2021–2025) and ``{after}`` (the first year
after the target year).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from ..plan import vocabulary
from ..plan.errors import Location, PlanError
from ..plan.model import Scenario
from .fields import _Fields, _record, _session
from .textfile import Session
from .yamlfile import LineDict, load_yaml

_RELATIVE = re.compile(r"^(base|target|horizon)\s*(?:([+-])\s*(\d+))?$")
_PLACEHOLDER = re.compile(r"\{(base|target|horizon|period|after)\}")


class Years(NamedTuple):
    """A plan's base, target and horizon years."""

    base: int
    target: int
    horizon: int

    def words(self) -> dict[str, str]:
        return {"base": str(self.base), "target": str(self.target), "horizon": str(self.horizon),
                "period": f"{self.base + 1}–{self.target}", "after": str(self.target + 1)}  # fmt: skip


def resolve_year(value: Any, years: Years) -> int | None:
    """An int, or ``base``/``target``/``horizon`` with an optional ``+N``/``-N``; None when it is neither.

    >>> resolve_year("target+5", Years(2020, 2025, 2035)), resolve_year(2030, Years(2020, 2025, 2035))
    (2030, 2030)
    """
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return int(value) if value == int(value) else None
    if isinstance(value, str):
        m = _RELATIVE.match(value.strip())
        if m:
            year = getattr(years, m.group(1))
            return year + (int(m.group(3)) if m.group(2) == "+" else -int(m.group(3)) if m.group(2) else 0)
    return None


def _year(f: _Fields, key: str, years: Years, required: bool) -> int | None:
    raw = f.map.get(key)
    if raw is None:
        if required:
            f._fail(key, "required field is missing", "missing-field")
        return None
    year = resolve_year(raw, years)
    if year is None:
        f._fail(key, f"{raw!r}: expected a year, or base, target or horizon (target+5)", "not-allowed")
    return year


def _words(text: str, years: Years) -> str:
    words = years.words()
    return _PLACEHOLDER.sub(lambda m: words[m.group(1)], text)


def read_scenarios(path: Path, years: Years) -> dict[str, Scenario]:
    """Named scenarios from a ``scenarios.yaml`` file, their years and descriptions in the plan's ``years``."""
    session = _session()
    doc = load_yaml(path, session)
    if doc is None:
        raise PlanError("file is empty", Location(path), "empty-file")
    top = _Fields(path, doc, "(top level)", 1, session)
    items = top.get("scenarios", dict) or {}
    out: dict[str, Scenario] = {}
    for name, raw in items.items():
        line = items.line_of(name) if isinstance(items, LineDict) else None

        def build(name: Any = name, raw: Any = raw, line: int | None = line) -> Scenario | None:
            f = _Fields(path, raw, f"scenarios.{name}", line, session)
            method = f.choice("method", vocabulary.SCENARIO_METHODS)
            applies = f.get("applies_to", list, required=False) or ["level"]
            for kind in applies:
                if kind not in ("level", "share"):
                    f._fail("applies_to", f"{kind!r}: a scenario can apply to kinds level and share only",
                            "not-allowed")  # fmt: skip
            tags = f.get("tags", list, required=False) or []
            periods = _periods(f, years) if "periods" in f.map else ()
            if periods is None:
                return None
            if periods and (method != "rate" or "rate" in f.map):
                f._fail("periods", "periods go with method: rate, instead of a single rate", "not-allowed")
                return None
            rate = f.number("rate", required=method == "rate" and not periods)
            multiple = f.number("multiple", required=method == "multiple")
            if rate is not None and rate <= -100:
                f._fail("rate", f"a rate of {rate}% is not possible", "out-of-bounds")
                return None
            if multiple is not None and multiple <= 0:
                f._fail("multiple", f"a multiple of {multiple} is not possible", "out-of-bounds")
                return None
            if method is None or (method == "rate" and rate is None and not periods) or (
                    method == "multiple" and multiple is None):  # fmt: skip
                return None
            return Scenario(
                name=str(name), method=method,
                description=_words(f.text("description", required=False) or "", years),
                description_zh=_words(f.text("description_zh", required=False) or "", years),
                name_zh=f.text("name_zh", required=False) or "",
                rate=None if rate is None else float(rate),
                multiple=None if multiple is None else float(multiple),
                of_year=_year(f, "of_year", years, method == "multiple"),
                by_year=_year(f, "by_year", years, method == "multiple"),
                applies_to=tuple(str(a) for a in applies), tags=tuple(str(t) for t in tags), yaml_line=line,
                periods=periods,
            )  # fmt: skip

        scenario = _record(session, Location(path, line, field=f"scenarios.{name}"), build)
        if scenario is not None:
            out[str(name)] = scenario
    if "continue" not in out:
        words = years.words()
        out = {"continue": Scenario("continue", "continue", f"the {words['period']} rule carried on",
                                    f"延续{words['period']}年的规则", name_zh="延续规划"), **out}  # fmt: skip
    return out


def _periods(f: _Fields, years: Years) -> tuple[tuple[int, int, float], ...] | None:
    """A scenario's ``periods``: ``[{from: target+1, to: target+5, rate: 5.5}, …]``, consecutive, in order."""
    items = f.get("periods", list)
    if not items:
        f._fail("periods", "expected a list of {from, to, rate}", "missing-field")
        return None
    out: list[tuple[int, int, float]] = []
    for k, raw in enumerate(items):
        p = f.sub("periods", raw, f"{f.where}.periods[{k}]")
        p.check_keys({"from", "to", "rate"})
        first, last, rate = _year(p, "from", years, True), _year(p, "to", years, True), p.number("rate")
        if first is None or last is None or rate is None:
            return None
        if last < first or (out and first != out[-1][1] + 1):
            expected = f"it should start in {out[-1][1] + 1}" if out else "to must not come before from"
            p._fail("from", f"periods must be consecutive and in order: {first}-{last} ({expected})", "year-order")
            return None
        if rate <= -100:
            p._fail("rate", f"a rate of {rate}% is not possible", "out-of-bounds")
            return None
        out.append((first, last, float(rate)))
    return tuple(out)


def year_problems(scenarios: dict[str, Scenario], years: Years, path: Path) -> list[PlanError]:
    """Scenario years that do not fit the plan: a first period not right after the target year, an of_year
    outside base–target, a by_year not after the target year."""
    base, target = years.base, years.target
    out = []
    for sc in scenarios.values():
        if sc.periods and sc.periods[0][0] != target + 1:
            out.append(PlanError(f"the first period must start in {target + 1}, the year after the target year; found "
                                 f"{sc.periods[0][0]}", Location(path, sc.yaml_line, field=f"scenarios.{sc.name}.periods"),
                                 "year-order"))  # fmt: skip
        if sc.method != "multiple":
            continue
        if sc.of_year is not None and not base <= sc.of_year <= target:
            out.append(
                PlanError(
                    f"of_year {sc.of_year} must lie in {base}-{target} (a year the plan has values for)",
                    Location(path, sc.yaml_line, field=f"scenarios.{sc.name}.of_year"),
                    "year-order",
                )
            )
        if sc.by_year is not None and not sc.by_year > target:
            out.append(
                PlanError(
                    f"by_year {sc.by_year} must come after the target year {target}",
                    Location(path, sc.yaml_line, field=f"scenarios.{sc.name}.by_year"),
                    "year-order",
                )
            )
    return out


def fitting(scenarios: dict[str, Scenario], years: Years, path: Path, session: Session) -> dict[str, Scenario]:
    """The built-in scenarios that fit a plan's years; those that do not are left out with a note (they are the
    package's, not the plan's: no problem of the plan's files)."""
    kept = {}
    for name, sc in scenarios.items():
        if year_problems({name: sc}, years, path):
            session.note(path, f"scenario {name!r} does not fit the years {years.base}-{years.target}: left out")
        else:
            kept[name] = sc
    return kept

"""Findings as data: the :class:`Finding` and :class:`Report` records, and the provenance helpers of the families."""

import functools
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from ..plan.printed import clean, format_half_up, plain
from .codes import CODES, SEVERITIES

__all__ = ["Finding", "PassSink", "Report"]


@dataclass(frozen=True)
class Finding:
    """One check result. ``values`` holds the numbers used and computed; ``sources`` their provenance."""

    code: str
    severity: str
    family: str
    ids: tuple[str, ...]
    verdict: str
    message_en: str
    message_zh: str
    values: dict[str, Any] = field(default_factory=dict)
    sources: tuple[dict[str, Any], ...] = ()
    suggestion: str | None = None
    suggestion_zh: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in _FINDING_FIELDS}  # the text fields; the rest converted below
        out["ids"] = list(self.ids)
        out["values"] = {k: _json_number(v) for k, v in self.values.items()}
        out["sources"] = [{k: _json_number(v) for k, v in s.items()} for s in self.sources]
        return out


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))

#: where bulk runs record passing checks instead of building findings: chunks of
#: (ids, code, verdicts), ids and verdicts as arrays of one length
PassSink = list[tuple[np.ndarray, str, np.ndarray]]


@dataclass(frozen=True)
class Report:
    """All check results on one plan.

    ``passed`` counts, by verdict, passing checks that were counted but not
    built as findings (bulk runs without ``--all``); they count in the summary.
    """

    plan: str
    rounding: str
    results: tuple[Finding, ...]
    passed: dict[str, int] = field(default_factory=dict)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Results that are problems or notes (severity error, warning or info)."""
        return tuple(f for f in self.results if f.severity in SEVERITIES)

    def summary(self) -> dict[str, int]:
        return dict(self._summary)

    @functools.cached_property
    def _summary(self) -> dict[str, int]:
        # plain counting: a bulk run summarises thousands of reports with a handful of results each
        verdicts = Counter(str(f.verdict) for f in self.results)
        sev = Counter(f.severity for f in self.results)
        return {
            "checked": len(self.results) + sum(self.passed.values()),
            "exact": verdicts["exact"] + self.passed.get("exact", 0),
            "within_rounding": verdicts["within-rounding"] + self.passed.get("within-rounding", 0),
            "inconsistent": verdicts["inconsistent"],
            "errors": sev["error"],
            "warnings": sev["warning"],
            "infos": sev["info"],
        }

    def fails(self, fail_on: str = "error") -> bool:
        """Whether any finding is at least as severe as ``fail_on``."""
        levels = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        return any(f.severity in levels for f in self.results)

    def to_dict(self, include_passes: bool = False) -> dict[str, Any]:
        """The report as data: plan, rounding, summary and findings (the command line adds its JSON envelope)."""
        shown = self.results if include_passes else self.findings
        return {
            "plan": self.plan,
            "rounding": self.rounding,
            "summary": self.summary(),
            "findings": [f.to_dict() for f in shown],
        }


_json_number = plain  # one conversion for findings and rendering


def _finite(value: Any) -> Any:
    """A finding's values as JSON takes them: an infinite or undefined number (an interval open at one end, a rate
    from a zero base) is None, at any depth."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, (float, np.floating)) and not np.isfinite(value):
        return None
    return value


def _fmt(value: float, decimals: int) -> str:
    return format_half_up(float(value), int(decimals))


def _finding(code: str, ids: tuple[str, ...] | list[str], verdict: str, en: str, zh: str,
             values: dict[str, Any] | None = None, sources: list[dict[str, Any]] | None = None,
             suggestion: str | None = None, suggestion_zh: str | None = None) -> Finding:  # fmt: skip
    family, severity, _ = CODES[code]
    clean_sources = tuple({k: _json_number(v) for k, v in src.items()} for src in sources or ())
    return Finding(code=code, severity=severity, family=family, ids=tuple(ids), verdict=verdict,
                   message_en=en, message_zh=zh, values=_finite(values or {}), sources=clean_sources,
                   suggestion=suggestion, suggestion_zh=suggestion_zh or suggestion)  # fmt: skip


def _record_passes(sink: PassSink, ids: Any, code: str, verdicts: Any) -> None:
    """Record passing checks in a bulk run's sink: one chunk ``(ids, code, verdicts)`` per call."""
    ids = np.asarray(ids, dtype=object)
    if len(ids):
        sink.append((ids, code, np.broadcast_to(np.asarray(verdicts, dtype=object), (len(ids),))))


# ------------------------------------------------------------------ provenance
def _src_target(row: pd.Series) -> dict[str, Any]:
    # a row from a plans table names its own file; a plan directory's targets are in indicators.yaml
    return {"what": "target", "value": row["target"], "section": row["section"], "text_line": row["line"],
            "snippet": row["snippet"], "file": row.get("source_file") or "indicators.yaml",
            "file_line": row["target_line"]}  # fmt: skip


def _src_base(row: pd.Series, baseline_file: str) -> dict[str, Any]:
    return {"what": "base", "value": row["base"], "section": row["base_section"], "text_line": row["base_line"],
            "snippet": row["base_snippet"], "file": row.get("source_file") or baseline_file,
            "file_line": row["csv_line"]}  # fmt: skip


def known(line: Any) -> bool:
    return line is not None and line is not pd.NA and not (isinstance(line, float) and np.isnan(line))


def on_line(line: Any, section: Any = None) -> str:
    """Where a figure is printed, in words: ``line 331 (第二章第二节)``; a figure typed without its line or its
    section says so rather than showing a gap."""
    where = (f"line {line}" if isinstance(line, str) else f"line {int(line)}") if known(line) else "no line given"
    return f"{where} ({section})" if section else where


def on_line_zh(line: Any) -> str:
    return (f"第 {line} 行" if isinstance(line, str) else f"第 {int(line)} 行") if known(line) else "原文（未注明行号）"


def _dec(value: Any, default: int = 0) -> int:
    return default if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) else int(value)


#: a plan up to this many indicators converts its whole table to dicts once (``Plan.records``) for its findings
SMALL_PLAN = 5_000


def rows_at(plan: Any, rows: np.ndarray) -> list[dict[str, Any]]:
    """The indicator rows a mask or positions select, as dicts (the rows findings are written from).

    A plan converts its table once and picks from it; a stack of thousands of
    plans converts only the rows selected (its findings are few, its table long).
    """
    positions = np.flatnonzero(rows) if rows.dtype == bool else rows
    if not len(positions):
        return []
    if len(plan.indicators) <= SMALL_PLAN:
        records = plan.records
        return [records[i] for i in positions.tolist()]
    return plan.indicators.iloc[positions].to_dict("records")


def rows_by_id(plan: Any) -> dict[str, dict[str, Any]]:
    """Every indicator row as a dict, by id (the rows of :func:`rows_at`)."""
    return {r["id"]: r for r in rows_at(plan, np.arange(len(plan.indicators)))}


def english_unit(row: dict[str, Any]) -> str:
    """An indicator's unit for an English message: its English name where the plan gives one, else the English of a
    common unit (:data:`~lingyuan_targets.plan.vocabulary.UNIT_EN`), else as printed.

    >>> english_unit({"unit": "亿元", "unit_en": "100 million yuan"}), english_unit({"unit": "万亩"})
    ('100 million yuan', '10,000 mu')
    >>> english_unit({"unit": "个", "unit_en": None})  # a counter: as printed
    '个'
    """
    from ..plan.vocabulary import UNIT_EN

    english = clean(row.get("unit_en"))
    unit = clean(row.get("unit"))
    return str(english) if english else UNIT_EN.get(str(unit).strip(), str(unit)) if unit is not None else ""

"""What ``check`` shows: a report's findings for people, as csv rows, as a sheet and as JSON; many plans' reports;
the list of codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..checks import CODES, SEVERITIES, SUMMARY_KEYS, Finding, Report, total_summary
from ..io.inputs import Loaded
from ..plan.errors import PlanError
from .table import Column, Entry, Group, Listing, Part, Table, View, envelope

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示", "pass": "通过"}
CSV_COLUMNS = ("code", "severity", "family", "ids", "verdict", "message", "suggestion", "text_lines", "files", "values")


def summary_line(report: Report, lang: str) -> str:
    s = report.summary()
    if lang == "zh":
        return (
            f"共检查 {s['checked']} 项：精确一致 {s['exact']}，舍入内一致 {s['within_rounding']}，不一致 "
            f"{s['inconsistent']}；错误 {s['errors']}，警告 {s['warnings']}，提示 {s['infos']}（舍入方式 {report.rounding}）"
        )
    return (
        f"checked {s['checked']}: exact {s['exact']}, within rounding {s['within_rounding']}, inconsistent "
        f"{s['inconsistent']}; {s['errors']} error(s), {s['warnings']} warning(s), {s['infos']} info "
        f"(rounding: {report.rounding})"
    )


def _message(f: Finding, lang: str) -> str:
    return f.message_zh if lang == "zh" else f.message_en


def _suggestion(f: Finding, lang: str) -> str:
    return (f.suggestion_zh if lang == "zh" else f.suggestion) or ""


def _where(f: Finding) -> str:
    lines = sorted({int(s["text_line"]) for s in f.sources if s.get("text_line") not in (None, "")})
    return ", ".join(str(x) for x in lines)


def _shown(report: Report, include_passes: bool) -> list[Finding]:
    return list(report.results if include_passes else report.findings)


def _rows(report: Report, lang: str, include_passes: bool, plan_column: bool) -> list[dict[str, Any]]:
    """One csv row per finding: the values as a JSON cell, the files and lines it was read from."""
    rows = []
    for f in _shown(report, include_passes):
        d = f.to_dict()
        rows.append({**({"plan": report.plan} if plan_column else {}),
                     "code": f.code, "severity": f.severity, "family": f.family, "ids": " ".join(f.ids),
                     "verdict": f.verdict, "message": _message(f, lang), "suggestion": _suggestion(f, lang),
                     "text_lines": _where(f),
                     "files": " ".join(sorted({f"{s['file']}:{s['file_line']}" for s in d["sources"]
                                               if s.get("file_line")})),
                     "values": json.dumps(d["values"], ensure_ascii=False, sort_keys=True)})  # fmt: skip
    return rows


def _csv_columns(plan_column: bool) -> list[Column]:
    return [Column(k, k, k) for k in (("plan",) if plan_column else ()) + CSV_COLUMNS]


def _listing(report: Report, lang: str, include_passes: bool) -> Listing:
    zh = lang == "zh"
    groups = []
    for severity in (*SEVERITIES, "pass"):
        shown = [f for f in _shown(report, include_passes) if f.severity == severity]
        if not shown:
            continue
        title = SEVERITY_ZH[severity] if zh else severity.capitalize() + ("s" if severity != "pass" else "es")
        entries = tuple(Entry(label=f.code, subject=f.ids, text=_message(f, lang),
                              where=f"{'原文行' if zh else 'text line'} {_where(f)}" if _where(f) else "",
                              hint=_suggestion(f, lang) if f.suggestion else "") for f in shown)  # fmt: skip
        groups.append(Group(title=title, style=severity, entries=entries))
    return Listing(
        title=f"{'规划数字核查' if zh else 'Plan arithmetic check'}: {report.plan}",
        summary=summary_line(report, lang),
        groups=tuple(groups),
        hint_label="建议" if zh else "suggestion",
    )


def _people_rows(report: Report, lang: str, include_passes: bool) -> list[dict[str, Any]]:
    """One row per finding for people: severity in the language, the message, the suggestion, the text lines."""
    zh = lang == "zh"
    return [{
        "plan": report.plan, "severity": SEVERITY_ZH[f.severity] if zh else f.severity, "code": f.code,
        "family": f.family, "ids": " ".join(f.ids), "verdict": f.verdict, "message": _message(f, lang),
        "suggestion": _suggestion(f, lang) or None, "text_lines": _where(f),
    } for f in _shown(report, include_passes)]  # fmt: skip


def findings_table(report: Report, lang: str, include_passes: bool) -> Table:
    """The findings as a table for people (a workbook's sheet, the report's section)."""
    zh = lang == "zh"
    records = _people_rows(report, lang, include_passes)
    cols = [Column("severity", "级别", "severity"), Column("code", "代码", "code", identifier=True), Column("family", "类别", "family"),
            Column("ids", "指标", "indicators"), Column("verdict", "结论", "verdict"),
            Column("message", "说明", "message", max_width=80), Column("suggestion", "建议", "suggestion", max_width=60),
            Column("text_lines", "原文行", "text lines")]  # fmt: skip
    return Table(title="规划数字核查" if zh else "Plan arithmetic check", columns=cols, records=records,
                 notes=[summary_line(report, lang)])  # fmt: skip


def check(report: Report, lang: str, include_passes: bool) -> View:
    """``check`` on one plan: the findings grouped by severity, one csv row each, the report as JSON."""
    return View(
        parts=lambda: [_listing(report, lang, include_passes)],
        sheets=lambda: [findings_table(report, lang, include_passes)],
        rows=lambda: Table(title="", columns=_csv_columns(False), records=_rows(report, lang, include_passes, False)),
        document=lambda: envelope("check", **report.to_dict(include_passes=include_passes)),
    )


def unusable_json(loaded: Loaded, describe: Callable[[PlanError], str] | None = None) -> list[dict[str, Any]]:
    """The plans a run left out, with their problems as data (``describe`` words each problem's message)."""
    return [{"source": u["source"], "plan": u["plan"],
             "problems": [p.to_dict(describe(p) if describe else None) for p in u["problems"]]}
            for u in loaded.unusable]  # fmt: skip


def check_many(loaded: Loaded, reports: list[Report], lang: str, include_passes: bool,
               describe: Callable[[PlanError], str] | None = None) -> View:  # fmt: skip
    """``check`` over many plans: a summary by plan, every finding with its plan, and one JSON document."""
    totals = {**total_summary(reports), "unusable": len(loaded.unusable)}

    def people() -> list[Part]:
        zh = lang == "zh"
        summary = Table(title="各规划核查汇总" if zh else "check summary by plan",
                        columns=[Column("plan", "规划", "plan", sticky=True, identifier=True),
                                 *[Column(k, k, k, numeric=True) for k in SUMMARY_KEYS]],
                        records=[{"plan": r.plan, **r.summary()} for r in reports], decimals=[0] * len(reports),
                        notes=[", ".join(f"{k} {v}" for k, v in totals.items())])  # fmt: skip
        rows = [row for r in reports for row in _people_rows(r, lang, include_passes)]
        findings = Table(title="核查结果" if zh else "findings",
                         columns=[Column("plan", "规划", "plan", sticky=True, identifier=True), Column("severity", "级别", "severity"),
                                  Column("code", "代码", "code", identifier=True), Column("family", "类别", "family", machine_only=True),
                                  Column("ids", "指标", "indicators"),
                                  Column("verdict", "结论", "verdict", machine_only=True),
                                  Column("message", "说明", "message", max_width=70),
                                  Column("suggestion", "建议", "suggestion", machine_only=True)],
                         records=rows, optional=True)  # fmt: skip
        return [summary, findings]

    return View(
        parts=people,
        rows=lambda: Table(title="", columns=_csv_columns(True),
                           records=[row for r in reports for row in _rows(r, lang, include_passes, True)]),
        document=lambda: many_document(reports[0].rounding if reports else None, totals,
                                       [r.to_dict(include_passes) for r in reports], unusable_json(loaded, describe)),
    )  # fmt: skip


def many_document(rounding: str | None, summary: dict[str, int], plans: list[dict[str, Any]],
                  unusable: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    """The JSON document of ``check`` over many plans (a run in chunks makes it with its ``plans`` put in after)."""
    return envelope("check", rounding=rounding, summary=summary, plans=plans, unusable=unusable)


def codes() -> View:
    """``check --list-codes``: every finding code with its family, severity and title."""
    records = [{"code": c, "family": fam, "severity": sev, "title": title} for c, (fam, sev, title) in CODES.items()]
    return View(
        [
            Table(
                title="finding codes",
                columns=[
                    Column("code", "代码", "code", identifier=True),
                    Column("family", "类别", "family"),
                    Column("severity", "级别", "severity"),
                    Column("title", "说明", "title"),
                ],
                records=records,
            )
        ]
    )

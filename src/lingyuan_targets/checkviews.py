"""Rendering of a :class:`~lingyuan_targets.checks.Report`: terminal, markdown, csv, json."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .checks import CODES, SEVERITIES, Finding, Report
from .render import safe_text, to_json

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示", "pass": "通过"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "pass": "green"}
CSV_COLUMNS = ("code", "severity", "family", "ids", "verdict", "message", "suggestion", "text_lines", "files", "values")


def summary_line(report: Report, lang: str) -> str:
    s = report.summary()
    if lang == "zh":
        return (f"共检查 {s['checked']} 项：精确一致 {s['exact']}，舍入内一致 {s['within_rounding']}，不一致 "
                f"{s['inconsistent']}；错误 {s['errors']}，警告 {s['warnings']}，提示 {s['infos']}（舍入方式 {report.rounding}）")
    return (f"checked {s['checked']}: exact {s['exact']}, within rounding {s['within_rounding']}, inconsistent "
            f"{s['inconsistent']}; {s['errors']} error(s), {s['warnings']} warning(s), {s['infos']} info "
            f"(rounding: {report.rounding})")


def _message(f: Finding, lang: str) -> str:
    return f.message_zh if lang == "zh" else f.message_en


def _suggestion(f: Finding, lang: str) -> str:
    return (f.suggestion_zh if lang == "zh" else f.suggestion) or ""


def _where(f: Finding) -> str:
    lines = sorted({int(s["text_line"]) for s in f.sources if s.get("text_line") not in (None, "")})
    return ", ".join(str(x) for x in lines)


def _shown(report: Report, include_passes: bool) -> list[Finding]:
    return list(report.results if include_passes else report.findings)


def report_json(report: Report, include_passes: bool) -> str:
    return to_json(report.to_dict(include_passes=include_passes))


def report_csv(report: Report, lang: str, include_passes: bool, plan_column: bool = False) -> str:
    """The findings as csv; ``plan_column`` puts the plan id first (a run over many plans)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    lead = [report.plan] if plan_column else []
    writer.writerow((["plan"] if plan_column else []) + list(CSV_COLUMNS))
    for f in _shown(report, include_passes):
        d = f.to_dict()
        writer.writerow(lead + [
            f.code, f.severity, f.family, " ".join(f.ids), f.verdict, safe_text(_message(f, lang)),
            safe_text(_suggestion(f, lang)),
            _where(f), " ".join(sorted({f"{s['file']}:{s['file_line']}" for s in d["sources"] if s.get("file_line")})),
            json.dumps(d["values"], ensure_ascii=False, sort_keys=True),
        ])  # fmt: skip
    return out.getvalue()


def report_markdown(report: Report, lang: str, include_passes: bool) -> str:
    zh = lang == "zh"
    lines = [f"# {'规划数字核查' if zh else 'Plan arithmetic check'}: {report.plan}", "", summary_line(report, lang), ""]
    for severity in (*SEVERITIES, "pass"):
        group = [f for f in _shown(report, include_passes) if f.severity == severity]
        if not group:
            continue
        title = SEVERITY_ZH[severity] if zh else severity.capitalize() + ("s" if severity != "pass" else "es")
        lines += [f"## {title} ({len(group)})", ""]
        for f in group:
            where = _where(f)
            lines.append(f"- **{f.code}** `{' '.join(f.ids)}`: {_message(f, lang)}"
                         + (f" ({'原文行' if zh else 'text line'} {where})" if where else ""))  # fmt: skip
            if f.suggestion:
                lines.append(f"  - {'建议' if zh else 'suggestion'}: {_suggestion(f, lang)}")
        lines.append("")
    return "\n".join(lines)


def print_report(report: Report, lang: str, include_passes: bool, console: Any) -> None:
    """A rich report grouped by severity, one block per finding, with a summary line."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    zh = lang == "zh"
    for severity in (*SEVERITIES, "pass"):
        group = [f for f in _shown(report, include_passes) if f.severity == severity]
        if not group:
            continue
        blocks = []
        for f in group:
            head = Text(f.code, style=SEVERITY_STYLE[severity])
            head.append("  " + ", ".join(f.ids), style="bold")
            where = _where(f)
            if where:
                head.append(f"  ({'原文行' if zh else 'text line'} {where})", style="dim")
            body = Text(_message(f, lang), overflow="fold")
            if f.suggestion:
                body.append(f"\n→ {_suggestion(f, lang)}", style="dim")
            blocks += [head, Padding(body, (0, 0, 1, 2))]
        label = SEVERITY_ZH[severity] if zh else severity.upper()
        console.print(Panel(Group(*blocks), title=f"{label} ({len(group)})", title_align="left",
                            border_style=SEVERITY_STYLE[severity]))  # fmt: skip
    console.print(summary_line(report, lang))


def codes_table_rows() -> list[dict[str, Any]]:
    return [{"code": c, "family": fam, "severity": sev, "title": title} for c, (fam, sev, title) in CODES.items()]


def report_table(report: Report, lang: str, include_passes: bool) -> Any:
    """The findings as a :class:`~lingyuan_targets.render.Table` (for xlsx and the report)."""
    from .render import Column, Table

    zh = lang == "zh"
    records = [{
        "severity": SEVERITY_ZH[f.severity] if zh else f.severity, "code": f.code, "family": f.family,
        "ids": " ".join(f.ids), "verdict": f.verdict, "message": _message(f, lang),
        "suggestion": _suggestion(f, lang) or None, "text_lines": _where(f),
    } for f in _shown(report, include_passes)]  # fmt: skip
    cols = [Column("severity", "级别", "severity"), Column("code", "代码", "code"), Column("family", "类别", "family"),
            Column("ids", "指标", "indicators"), Column("verdict", "结论", "verdict"),
            Column("message", "说明", "message", max_width=80), Column("suggestion", "建议", "suggestion", max_width=60),
            Column("text_lines", "原文行", "text lines")]  # fmt: skip
    return Table(title="规划数字核查" if zh else "Plan arithmetic check", columns=cols, records=records,
                 notes=[summary_line(report, lang)])  # fmt: skip

"""One self-contained document to send: catalogue, check findings, progress, outlook and charts.

HTML (inline CSS, charts as embedded SVG data) or Markdown (charts as embedded
PNG data). Nothing refers to an outside file or address, so the document opens
offline; the same inputs give the same bytes.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape

import pandas as pd

from . import __version__, views
from .model import Plan
from .render import Table, table_html, table_markdown

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:75em;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.8em 0;font-size:.85em}caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border:1px solid #ddd;padding:.25em .5em;vertical-align:top}th{background:#f4f4f4}td.num{text-align:right;
white-space:nowrap}p.note{font-size:.85em;color:#555;margin:.2em 0}figure{margin:1em 0}img{max-width:100%}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(28em,1fr));gap:1em}
"""
TEXT = {
    "zh": {"report": "规划指标报告", "summary": "概要", "check": "规划数字核查", "track": "目标进展",
           "outlook": "远景展望", "charts": "指标走势图", "catalogue": "指标目录", "no_charts": "未生成图表：",
           "made_by": "由 lingyuan-targets {v} 生成；每个数字可追溯到规划原文（见目录中的出处与行号）。",
           "indicators": "指标 {n} 个（主要指标表 {t} 个，正文目标 {x} 个）", "no_actuals": "未提供实际值（--actuals），不含进展评估。",
           "actuals": "实际值：{file}，{k} 个指标共 {n} 个数值（{years} 年）；来源：{sources}"},
    "en": {"report": "plan indicator report", "summary": "Summary", "check": "Plan arithmetic check",
           "track": "Progress towards the targets", "outlook": "Outlook", "charts": "Charts",
           "catalogue": "Indicator catalogue", "no_charts": "No charts: ",
           "made_by": "Made by lingyuan-targets {v}; every number traces to the plan text (see section and line "
                      "in the catalogue).",
           "indicators": "{n} indicators ({t} from the main table, {x} targets in the text)",
           "no_actuals": "No actuals given (--actuals): no progress assessment.",
           "actuals": "Actuals: {file}, {n} values for {k} indicators ({years}); sources: {sources}"},
}  # fmt: skip


@dataclass(frozen=True)
class Section:
    title: str
    tables: tuple[Table, ...] = ()
    lines: tuple[str, ...] = ()


def build_report(plan: Plan, actuals: pd.DataFrame | None, *, lang: str, fmt: str, chart_ids: list[str],
                 font: str | None = None, actuals_name: str | None = None) -> tuple[str, list[str]]:  # fmt: skip
    """The document as text (``fmt`` is ``html`` or ``markdown``) and notes for the user."""
    from . import checkviews, trackviews
    from .checks import check_plan

    t = TEXT[lang]
    ind = plan.indicators
    report = check_plan(plan)
    sections = [Section(t["summary"], lines=(
        t["indicators"].format(n=len(ind), t=int((ind["origin"] == "table").sum()), x=int((ind["origin"] == "text").sum())),
        checkviews.summary_line(report, lang),
        _actuals_line(actuals, actuals_name, t) if actuals is not None else t["no_actuals"],
    ))]  # fmt: skip
    sections.append(Section(t["check"], (checkviews.report_table(report, lang, include_passes=False),)))
    if actuals is not None:
        sections.append(Section(t["track"], (trackviews.track_table(plan, actuals, lang),)))
    sections.append(Section(t["outlook"], (trackviews.outlook_table(plan, actuals, lang, to=plan.horizon_year),)))
    images, notes = _charts(plan, actuals, chart_ids, lang, "svg" if fmt == "html" else "png", font)
    sections.append(Section(t["catalogue"], (views.catalogue(plan, lang),)))
    name = plan.meta.get("name") if lang == "zh" else plan.meta.get("name_en") or plan.meta.get("name")
    title = f"{name}: {t['report']}"
    footer = t["made_by"].format(v=__version__)
    chart_notes = [t["no_charts"] + n for n in notes if not images]
    if fmt == "html":
        return _html(title, sections, images, chart_notes, footer, lang, t), notes
    return _markdown(title, sections, images, chart_notes, footer, lang, t), notes


def _actuals_line(actuals: pd.DataFrame, name: str | None, t: dict[str, str]) -> str:
    """Where the observed values come from: count, years and every distinct source named in the file."""
    sources = list(dict.fromkeys(actuals["source"]))
    shown = "; ".join(sources[:8]) + (f" (+{len(sources) - 8})" if len(sources) > 8 else "")
    years = f"{actuals['year'].min()}–{actuals['year'].max()}" if len(actuals) else "—"
    return t["actuals"].format(file=name or "", n=len(actuals), k=actuals["id"].nunique(), years=years,
                               sources=shown)  # fmt: skip


def _charts(plan: Plan, actuals: pd.DataFrame | None, ids: list[str], lang: str, fmt: str,
            font: str | None) -> tuple[list[tuple[str, str, bytes]], list[str]]:  # fmt: skip
    """(id, title, image bytes) per chart; without matplotlib, none and a note why."""
    if not ids:
        return [], []
    from .charts import ChartsUnavailable, render_charts
    from .figures import chart_data

    try:
        data = chart_data(plan, ids, actuals)
        out, notes = [], []
        for item in data:
            result = render_charts([item], fmt, lang=lang, font=font, width=6.0)
            out.append((item.id, item.title_zh if lang == "zh" else item.title_en, result.data))
            notes += [n for n in result.notes if n not in notes]
        return out, notes
    except ChartsUnavailable as exc:
        return [], [str(exc)]


def _html(title: str, sections: list[Section], images: list[tuple[str, str, bytes]], chart_notes: list[str],
          footer: str, lang: str, t: dict[str, str]) -> str:  # fmt: skip
    parts = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', "<head>",
             '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{escape(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
             f"<h1>{escape(title)}</h1>"]  # fmt: skip
    for section in sections:
        if section.title == t["catalogue"]:
            parts += _html_charts(images, chart_notes, t)
        parts.append(f"<h2>{escape(section.title)}</h2>")
        if section.lines:
            parts.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in section.lines) + "</ul>")
        parts += [table_html(table, lang) for table in section.tables]
    parts += [f'<p class="note">{escape(footer)}</p>', "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _html_charts(images: list[tuple[str, str, bytes]], chart_notes: list[str], t: dict[str, str]) -> list[str]:
    if not images and not chart_notes:
        return []
    out = [f"<h2>{escape(t['charts'])}</h2>", *(f'<p class="note">{escape(n)}</p>' for n in chart_notes),
           '<div class="charts">']  # fmt: skip
    for ident, caption, data in images:
        uri = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
        out.append(f'<figure id="chart-{escape(ident)}"><img src="{uri}" alt="{escape(caption)}">'
                   f"<figcaption>{escape(caption)}</figcaption></figure>")  # fmt: skip
    return [*out, "</div>"]


def _markdown(title: str, sections: list[Section], images: list[tuple[str, str, bytes]], chart_notes: list[str],
              footer: str, lang: str, t: dict[str, str]) -> str:  # fmt: skip
    parts: list[str] = [f"# {title}", ""]
    for section in sections:
        if section.title == t["catalogue"] and (images or chart_notes):
            parts += [f"## {t['charts']}", "", *(f"{n}\n" for n in chart_notes)]
            for _, caption, data in images:
                parts += [f"![{caption}](data:image/png;base64,{base64.b64encode(data).decode('ascii')})", ""]
        parts += [f"## {section.title}", ""]
        parts += [f"- {line}" for line in section.lines]
        if section.lines:
            parts.append("")
        parts += [table_markdown(table, lang) for table in section.tables]
    parts += [footer, ""]
    return "\n".join(parts)


def default_chart_ids(plan: Plan, actuals: pd.DataFrame | None) -> list[str]:
    """Indicators charted by default: those with actuals, else the main table's levels and shares."""
    ind = plan.indicators
    if actuals is not None and len(actuals):
        seen = set(actuals["id"])
        return [i for i in ind["id"] if i in seen]
    return list(ind.loc[(ind["origin"] == "table") & ind["kind"].isin(["level", "share"]), "id"])

"""The report (:class:`~lingyuan_targets.views.report.Document`) as one self-contained file: HTML or Markdown.

HTML has inline CSS and charts as embedded SVG data; Markdown has charts as
embedded PNG data. Nothing refers to an outside file or address, so the document
opens offline; the same inputs give the same bytes.
"""

from __future__ import annotations

import base64

from ..views.report import Document
from .escape import html_text as escape
from .escape import markdown_text as md
from .text import table_html, table_markdown

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:75em;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.8em 0;font-size:.85em}caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border:1px solid #ddd;padding:.25em .5em;vertical-align:top}th{background:#f4f4f4}td.num{text-align:right;
white-space:nowrap}p.note{font-size:.85em;color:#555;margin:.2em 0}figure{margin:1em 0}img{max-width:100%}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(28em,1fr));gap:1em}
td.id{white-space:nowrap}th{min-width:2.5em}td{min-width:2.5em}
@page{size:A4;margin:12mm}@page wide{size:A4 landscape;margin:10mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:9pt}table{font-size:7.5pt;width:100%}
table.wide{page:wide}thead{display:table-header-group}tr,figure{break-inside:avoid}h2{break-after:avoid}
.charts{display:block}figure{display:inline-block;width:48%;vertical-align:top}th,td{padding:.15em .3em}}
"""


def render_document(doc: Document, fmt: str, *, font: str | None = None) -> tuple[str, list[str]]:
    """The document as ``html`` or ``markdown`` text, and notes for the user (about the charts)."""
    images, notes = _charts(doc, "svg" if fmt == "html" else "png", font)
    chart_notes = [doc.words["no_charts"] + n for n in notes if not images]
    if fmt == "html":
        return _html(doc, images, chart_notes), notes
    return _markdown(doc, images, chart_notes), notes


def _charts(doc: Document, fmt: str, font: str | None) -> tuple[list[tuple[str, str, bytes]], list[str]]:
    """(id, title, image bytes) per chart; without matplotlib, none and a note why."""
    if not doc.charts:
        return [], []
    from .charts import ChartsUnavailable, render_each  # matplotlib: only when there are charts

    try:
        out, notes = [], []
        for item, result in zip(doc.charts, render_each(list(doc.charts), fmt, lang=doc.lang, font=font, width=6.0)):
            out.append((item.id, item.title_zh if doc.lang == "zh" else item.title_en, result.data))
            notes += [n for n in result.notes if n not in notes]
        return out, notes
    except ChartsUnavailable as exc:
        return [], [str(exc)]


def _html(doc: Document, images: list[tuple[str, str, bytes]], chart_notes: list[str]) -> str:
    parts = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if doc.lang == "zh" else "en"}">', "<head>",
             '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{escape(doc.title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
             f"<h1>{escape(doc.title)}</h1>"]  # fmt: skip
    for k, section in enumerate(doc.sections):
        if k == doc.charts_before:
            parts += _html_charts(images, chart_notes, doc.words)
        parts.append(f"<h2>{escape(section.title)}</h2>")
        if section.lines:
            parts.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in section.lines) + "</ul>")
        parts += [table_html(table, doc.lang) for table in section.tables]
    parts += [f'<p class="note">{escape(doc.footer)}</p>', "</body>", "</html>"]
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


def _markdown(doc: Document, images: list[tuple[str, str, bytes]], chart_notes: list[str]) -> str:
    t = doc.words
    parts: list[str] = [f"# {md(doc.title)}", ""]
    for k, section in enumerate(doc.sections):
        if k == doc.charts_before and (images or chart_notes):
            parts += [f"## {md(t['charts'])}", "", *(f"{md(n, block=True)}\n" for n in chart_notes)]
            for _, caption, data in images:
                parts += [
                    f"![{md(caption, label=True)}](data:image/png;base64,{base64.b64encode(data).decode('ascii')})",
                    "",
                ]
        parts += [f"## {md(section.title)}", ""]
        parts += [f"- {md(line, block=True)}" for line in section.lines]  # an item's text starts a block too
        if section.lines:
            parts.append("")
        parts += [table_markdown(table, doc.lang) for table in section.tables]
    parts += [md(doc.footer, block=True), ""]
    return "\n".join(parts)

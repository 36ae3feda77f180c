"""The report (``report``): one document with the summary, the findings, progress, the outlook, charts and the
catalogue, as data; :mod:`lingyuan_targets.output.document` writes it as HTML or Markdown."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pandas as pd

from ..checks import check_plan
from ..plan.model import Plan
from ..version import read_version
from .catalogue import catalogue_table
from .checks import findings_table, summary_line
from .figures import ChartData, chart_data
from .table import Table
from .tracking import outlook_table, track_table

TEXT = {
    "zh": {"report": "规划指标报告", "summary": "概要", "check": "规划数字核查", "track": "目标进展",
           "outlook": "远景展望", "charts": "指标走势图", "catalogue": "指标目录", "no_charts": "未生成图表：",
           "made_by": "由 lingyuan-targets {v} 于 {d} 生成；每个数字可追溯到规划原文（见目录中的出处与行号）。",
           "indicators": "指标 {n} 个（主要指标表 {t} 个，正文目标 {x} 个）", "no_actuals": "未提供实际值（--actuals），不含进展评估。",
           "actuals": "实际值：{file}，{k} 个指标共 {n} 个数值（{years} 年）；来源：{sources}"},
    "en": {"report": "plan indicator report", "summary": "Summary", "check": "Plan arithmetic check",
           "track": "Progress towards the targets", "outlook": "Outlook", "charts": "Charts",
           "catalogue": "Indicator catalogue", "no_charts": "No charts: ",
           "made_by": "Made by lingyuan-targets {v} on {d}; every number traces to the plan text (see section and "
                      "line in the catalogue).",
           "indicators": "{n} indicators ({t} from the main table, {x} targets in the text)",
           "no_actuals": "No actuals given (--actuals): no progress assessment.",
           "actuals": "Actuals: {file}, {n} values for {k} indicators ({years}); sources: {sources}"},
}  # fmt: skip


@dataclass(frozen=True)
class Section:
    title: str
    tables: tuple[Table, ...] = ()
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A report: titled sections, the charts shown before the section ``charts_before``, and a footer.

    ``words`` holds the document's fixed texts in its language (:data:`TEXT`).
    """

    title: str
    lang: str
    sections: tuple[Section, ...]
    charts: tuple[ChartData, ...]
    charts_before: int
    footer: str
    words: dict[str, str]


def made_on(source_date_epoch: str | None, today: datetime.date) -> str:
    """The report's date, ISO 8601: the UTC day of ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds
    convention: the same input then gives the same bytes on any day) when it is set, else ``today``.

    >>> made_on("1767225600", datetime.date(2030, 1, 1)), made_on(None, datetime.date(2026, 12, 3))
    ('2026-01-01', '2026-12-03')
    """
    if source_date_epoch is None or source_date_epoch == "":
        return today.isoformat()
    if not (source_date_epoch.isascii() and source_date_epoch.isdigit()) or len(source_date_epoch) > 12:
        raise ValueError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {source_date_epoch[:40]!r}"
        )
    return datetime.datetime.fromtimestamp(int(source_date_epoch), tz=datetime.timezone.utc).date().isoformat()


def report(plan: Plan, actuals: pd.DataFrame | None, *, lang: str, chart_ids: list[str],
           actuals_name: str | None = None, rebase: bool = False, date: str | None = None) -> Document:  # fmt: skip
    """The report on ``plan`` (with ``actuals`` when given), charting ``chart_ids``, dated ``date`` (today's UTC date
    when None; the command line passes :func:`made_on` of ``SOURCE_DATE_EPOCH``)."""
    date = date or datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    t = TEXT[lang]
    ind = plan.indicators
    checked = check_plan(plan)
    sections = [Section(t["summary"], lines=(
        t["indicators"].format(n=len(ind), t=int((ind["origin"] == "table").sum()), x=int((ind["origin"] == "text").sum())),
        summary_line(checked, lang),
        _actuals_line(actuals, actuals_name, t) if actuals is not None else t["no_actuals"],
    ))]  # fmt: skip
    sections.append(Section(t["check"], (findings_table(checked, lang, include_passes=False),)))
    if actuals is not None:
        sections.append(Section(t["track"], (track_table(plan, actuals, lang, rebase=rebase),)))
    sections.append(Section(t["outlook"], (outlook_table(plan, actuals, lang, to=plan.horizon_year, rebase=rebase),)))
    charts = tuple(chart_data(plan, chart_ids, actuals, rebase=rebase)) if chart_ids else ()
    sections.append(Section(t["catalogue"], (catalogue_table(plan, lang),)))
    name = plan.meta.get("name") if lang == "zh" else plan.meta.get("name_en") or plan.meta.get("name")
    return Document(title=f"{name}: {t['report']}", lang=lang, sections=tuple(sections), charts=charts,
                    charts_before=len(sections) - 1, footer=t["made_by"].format(v=read_version(), d=date), words=t)  # fmt: skip


def _actuals_line(actuals: pd.DataFrame, name: str | None, t: dict[str, str]) -> str:
    """Where the observed values come from: count, years and every distinct source named in the file."""
    sources = list(dict.fromkeys(actuals["source"]))
    shown = "; ".join(sources[:8]) + (f" (+{len(sources) - 8})" if len(sources) > 8 else "")
    years = f"{actuals['year'].min()}–{actuals['year'].max()}" if len(actuals) else "—"
    return t["actuals"].format(file=name or "", n=len(actuals), k=actuals["id"].nunique(), years=years,
                               sources=shown)  # fmt: skip


def default_chart_ids(plan: Plan, actuals: pd.DataFrame | None) -> list[str]:
    """Indicators charted by default: those with actuals, else the main table's levels and shares."""
    ind = plan.indicators
    if actuals is not None and len(actuals):
        seen = set(actuals["id"])
        return [i for i in ind["id"] if i in seen]
    return list(ind.loc[(ind["origin"] == "table") & ind["kind"].isin(["level", "share"]), "id"])

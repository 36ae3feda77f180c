"""Commands that look back and forward from observed figures: ``track``, ``outlook``, ``plot``, ``report``.

They register on the main :data:`~lingyuan_targets.cli.cli` group; the shared
options and helpers come from :mod:`lingyuan_targets.cli`.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import click

from .cli import EXIT_FINDINGS, CliError, _format, _lang, _load, cli, emit, output_options, write_atomic

FAIL_ON = {  # --fail-on choice → statuses that make the exit status 1
    "not-achieved": ("not_achieved", "moving_away"),
    "limited-progress": ("not_achieved", "moving_away", "limited_progress"),
    "needs-acceleration": ("not_achieved", "moving_away", "limited_progress", "needs_acceleration"),
}


def actuals_option(required: bool) -> Any:
    return click.option("--actuals", "actuals_path", type=click.Path(path_type=Path, dir_okay=False),
                        required=required, metavar="FILE",
                        help="CSV of observed values: id,year,value,source (see the README)."
                        + ("" if required else " Without it, the outlook starts from the 2025 targets."))  # fmt: skip


def _load_actuals(path: Path | None, plan: Any) -> Any:
    if path is None:
        return None
    from .actuals import validate_actuals

    encoding = (click.get_current_context().find_object(dict) or {}).get("encoding")
    session = validate_actuals(path, plan, encoding=encoding)
    for notice in session.notices:
        click.echo(f"note: {notice}", err=True)
    if session.problems:
        for problem in session.problems:
            click.echo(f"{problem._one()} [{problem.code}]", err=True)
        count = len(session.problems)
        raise CliError(f"{path}: {count} problem{'s' if count > 1 else ''} in the actuals file; nothing was written")
    from .actuals import read_actuals

    return read_actuals(path, plan, encoding=encoding)


def _check_ids(plan: Any, ids: tuple[str, ...]) -> None:
    unknown = [i for i in ids if i not in set(plan.indicators["id"])]
    if unknown:
        raise CliError(f"unknown indicator id(s): {', '.join(unknown)} (see `lingyuan-targets list`)")


def _thresholds(text: str) -> tuple[float, float, float]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 3 or not all(math.isfinite(v) for v in values) or not values[0] >= values[1] >= values[2]:
        raise CliError(f"--thresholds {text!r}: expected three decreasing ratios, e.g. 0.95,0.6,0")
    return values  # type: ignore[return-value]


# ----------------------------------------------------------------------- track
@cli.command("track")
@click.argument("ids", nargs=-1, metavar="[ID]...")
@actuals_option(required=True)
@click.option("--as-of", type=click.IntRange(2000, 2100), default=None, metavar="YEAR",
              help="Assess as of YEAR, ignoring later actuals.")
@click.option("--thresholds", default="0.95,0.6,0", show_default=True, metavar="A,B,C",
              help="Ratio thresholds: on track ≥ A, needs acceleration ≥ B, limited progress ≥ C, else moving away.")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default=None,
              help="Exit with status 1 when an indicator has this status or a worse one [default: never].")
@output_options
def track_cmd(ids: tuple[str, ...], actuals_path: Path, as_of: int | None, thresholds: str, fail_on: str | None,
              plan_dir: Path | None, fmt: str | None, output: Path | None, lang: str | None) -> None:  # fmt: skip
    """Progress towards the targets from observed values: met, on track, or by how much off.

    For each indicator in the actuals file: the annual rate observed since the base
    year, the rate the target required, the rate still needed in the remaining years
    and a status (SDG progress method: ratio of observed to required growth, with
    thresholds 0.95 / 0.6 / 0). After the target year: achieved or not, the gap and
    the share of the planned change that was made. Levels are measured by compound
    rates, shares in points a year, period totals by their yearly amounts, and limits
    by whether they hold.

    \b
    Examples:
      lingyuan-targets track --actuals actuals.csv
      lingyuan-targets track gdp rural-income --actuals actuals.csv --as-of 2023
      lingyuan-targets track --actuals actuals.csv --lang en -f json -o status.json
      lingyuan-targets track --actuals actuals.csv --fail-on not-achieved
    """
    from .trackviews import track_table

    plan = _load(plan_dir)
    lang_ = _lang(lang)
    limits = _thresholds(thresholds)
    data = _load_actuals(actuals_path, plan)
    _check_ids(plan, ids)
    if as_of is not None and as_of <= plan.base_year:
        raise CliError(f"--as-of {as_of}: the assessment year must come after the base year {plan.base_year}")
    table = track_table(plan, data, lang_, as_of=as_of, thresholds=limits, ids=ids)
    if not table.records:
        click.echo(f"note: no indicator{' of ' + ', '.join(ids) if ids else ''} has actuals in {actuals_path}"
                   + (f" up to {as_of}" if as_of else ""), err=True)  # fmt: skip
    emit(table, _format(fmt, output), lang_, output, plan, protected=[actuals_path])
    if fail_on and any(r["status_code"] in FAIL_ON[fail_on] for r in table.records):
        sys.exit(EXIT_FINDINGS)


# --------------------------------------------------------------------- outlook
@cli.command("outlook")
@click.argument("ids", nargs=-1, metavar="[ID]...")
@actuals_option(required=False)
@click.option("--to", "to", type=click.IntRange(2026, 2100), default=2035, show_default=True,
              help="Outlook year.")
@click.option("--rates", default=None, metavar="GRID",
              help="Sensitivity table instead: the value in --to at each annual rate, "
                   "START:STOP:STEP in percent (2:8:1) or a list (3,4.5,6).")
@output_options
def outlook_cmd(ids: tuple[str, ...], actuals_path: Path | None, to: int, rates: str | None, plan_dir: Path | None,
                fmt: str | None, output: Path | None, lang: str | None) -> None:  # fmt: skip
    """What the horizon year looks like from here, under each scenario, or over a grid of rates.

    Each level and share indicator starts from its latest actual (or its 2025 target
    when there is none), follows the plan's rule to 2025 and then each scenario of
    scenarios.yaml. For scenarios that set a goal (doubling the 2020 level by 2035)
    the table also gives the annual rate the goal requires from the start.

    \b
    Examples:
      lingyuan-targets outlook
      lingyuan-targets outlook --actuals actuals.csv --lang en
      lingyuan-targets outlook gdp rural-income --actuals actuals.csv --rates 2:8:1
      lingyuan-targets outlook --rates 3,4.73,6 -f csv -o grid.csv
    """
    from .outlook import parse_rates
    from .trackviews import outlook_table, sensitivity_table

    plan = _load(plan_dir)
    lang_ = _lang(lang)
    data = _load_actuals(actuals_path, plan)
    _check_ids(plan, ids)
    if to <= plan.target_year:
        raise CliError(f"--to must come after the target year {plan.target_year}")
    if rates is not None:
        table = sensitivity_table(plan, data, lang_, parse_rates(rates), to=to, ids=ids)
    else:
        table = outlook_table(plan, data, lang_, to=to, ids=ids)
    emit(table, _format(fmt, output), lang_, output, plan, protected=[actuals_path] if actuals_path else [])


def _font_option(func: Any) -> Any:
    return click.option("--font", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="FILE",
                        help="A .ttf/.otf/.ttc font with Chinese glyphs for chart labels "
                             "[default: $LINGYUAN_TARGETS_FONT, else an installed CJK font].")(func)  # fmt: skip


def _notes(notes: Any) -> None:
    for note in notes:
        click.echo(f"note: {note}", err=True)


# ------------------------------------------------------------------------ plot
@cli.command("plot")
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, metavar="FILE",
              help="The image to write: FILE.png or FILE.svg.")
@actuals_option(required=False)
@click.option("--to", "to", type=click.IntRange(2026, 2100), default=2035, show_default=True,
              help="Last year of the scenario fan.")
@_font_option
@click.option("--plan", "plan_dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Plan directory laid out like data/ (default: the embedded Lingyuan plan).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Language of titles and labels.")
def plot_cmd(ids: tuple[str, ...], output: Path, actuals_path: Path | None, to: int, font: Path | None,
             plan_dir: Path | None, lang: str | None) -> None:  # fmt: skip
    """Chart indicators: plan path, 2020 base, 2025 target with its rounding band, actuals, 2035 scenarios.

    One panel per ID. Needs matplotlib (pip install "lingyuan-targets[plot]").
    Chinese labels need a CJK font: --font, $LINGYUAN_TARGETS_FONT or an installed
    one (Noto Sans CJK, WenQuanYi, Source Han, Microsoft YaHei, PingFang, ...);
    without one the labels are drawn in English and a note says so.

    \b
    Examples:
      lingyuan-targets plot gdp -o gdp.png
      lingyuan-targets plot gdp rural-income pm25 --actuals actuals.csv -o main.svg
      lingyuan-targets plot forest-cover --lang en --font NotoSansSC-Regular.otf -o forest.png
    """
    from .charts import FORMATS, ChartsUnavailable, render_charts
    from .figures import chart_data, is_empty

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise CliError(f"{output}: the file name must end in .png or .svg")
    plan = _load(plan_dir)
    _check_ids(plan, ids)
    data = _load_actuals(actuals_path, plan)
    charts = chart_data(plan, list(dict.fromkeys(ids)), data, to=to)
    _notes(f"{c.id}: nothing to draw (the plan gives no base, target or path, and there are no actuals)"
           for c in charts if is_empty(c))  # fmt: skip
    try:
        result = render_charts(charts, fmt, lang=_lang(lang), font=str(font) if font else None)
    except ChartsUnavailable as exc:
        raise CliError(str(exc)) from None
    except ValueError as exc:  # a font file that cannot be used
        raise CliError(str(exc)) from None
    _notes(result.notes)
    write_atomic(output, result.data, list(plan.files.values()) + ([actuals_path] if actuals_path else []))


# ---------------------------------------------------------------------- report
@cli.command("report")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, metavar="FILE",
              help="The document to write: FILE.html or FILE.md.")
@actuals_option(required=False)
@click.option("--chart", "charts", multiple=True, metavar="ID",
              help="Indicators to chart (repeatable) [default: those with actuals, else the main table's "
                   "levels and shares].")
@click.option("--no-charts", is_flag=True, help="Leave the charts out.")
@_font_option
@click.option("--plan", "plan_dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Plan directory laid out like data/ (default: the embedded Lingyuan plan).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Language of the document.")
def report_cmd(output: Path, actuals_path: Path | None, charts: tuple[str, ...], no_charts: bool, font: Path | None,
               plan_dir: Path | None, lang: str | None) -> None:  # fmt: skip
    """One self-contained document to send: findings, progress, 2035 outlook, charts, catalogue.

    HTML (charts embedded as SVG) or Markdown (charts embedded as PNG), chosen by the
    file name. The file has no external references and opens offline. Charts need
    matplotlib; without it the report is written without them and says why.

    \b
    Examples:
      lingyuan-targets report -o lingyuan.html
      lingyuan-targets report --actuals actuals.csv --lang en -o progress.html
      lingyuan-targets report --actuals actuals.csv --chart gdp --chart pm25 -o brief.md
    """
    from .report import build_report, default_chart_ids

    fmt = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}.get(output.suffix.lower())
    if fmt is None:
        raise CliError(f"{output}: the file name must end in .html or .md")
    plan = _load(plan_dir)
    _check_ids(plan, charts)
    data = _load_actuals(actuals_path, plan)
    ids = [] if no_charts else list(dict.fromkeys(charts)) or default_chart_ids(plan, data)
    try:
        text, notes = build_report(plan, data, lang=_lang(lang), fmt=fmt, chart_ids=ids,
                                   font=str(font) if font else None,
                                   actuals_name=actuals_path.name if actuals_path else None)  # fmt: skip
    except ValueError as exc:  # a font file that cannot be used
        raise CliError(str(exc)) from None
    _notes(notes)
    write_atomic(output, text, list(plan.files.values()) + ([actuals_path] if actuals_path else []))

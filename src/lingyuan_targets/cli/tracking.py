"""Commands that look back and forward from observed figures: ``track``, ``outlook``, ``plot``, ``report``."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import click

from .options import (
    EXIT_FINDINGS,
    Choice,
    CliError,
    Out,
    actuals_option,
    check_ids,
    complete_ids,
    is_quiet,
    load,
    load_actuals,
    notices,
    output_options,
    rebase_option,
    say,
    to_option,
)  # fmt: skip

FAIL_ON = {  # --fail-on choice → statuses that make the exit status 1
    "not-achieved": ("not_achieved", "moving_away"),
    "limited-progress": ("not_achieved", "moving_away", "limited_progress"),
    "needs-acceleration": ("not_achieved", "moving_away", "limited_progress", "needs_acceleration"),
}


def _thresholds(text: str) -> tuple[float, float, float]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 3 or not all(math.isfinite(v) for v in values) or not values[0] >= values[1] >= values[2]:
        raise CliError(f"--thresholds {text!r}: expected three decreasing ratios, e.g. 0.95,0.6,0")
    return values[0], values[1], values[2]


def _inputs(plan: Any, *paths: Path | None) -> list[Path]:
    """Files an output must never overwrite: the plan's and the other inputs named."""
    return list(plan.files.values()) + [p for p in paths if p is not None]


@click.command("track")
@click.argument("ids", nargs=-1, metavar="[ID]...", shell_complete=complete_ids)
@actuals_option(required=True)
@click.option(
    "--as-of",
    type=click.IntRange(2000, 2100),
    default=None,
    metavar="YEAR",
    help="Assess as of YEAR, ignoring later actuals.",
)
@click.option(
    "--thresholds",
    default="0.95,0.6,0",
    show_default=True,
    metavar="A,B,C",
    help="Ratio thresholds: on track ≥ A, needs acceleration ≥ B, limited progress ≥ C, else moving away.",
)
@click.option(
    "--fail-on",
    type=Choice(list(FAIL_ON)),
    default=None,
    help="Exit with status 1 when an indicator has this status or a worse one [default: never].",
)
@rebase_option
@output_options()
def track_cmd(ids: tuple[str, ...], actuals_path: Path, as_of: int | None, thresholds: str, fail_on: str | None,
              rebase: bool, plan_dir: Path | None, out: Out) -> None:  # fmt: skip
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
      lingyuan-targets actuals template -o actuals.csv     # a file to fill in

    The actuals file takes figures as bulletins publish them: levels or growth
    rates (measure), at current or comparable prices (basis), for a year or a part
    of it (period: Q1, H1, Q1-Q3, M1-M5), preliminary or final (status), with their
    scope. Indicators planned at comparable prices (GDP) are measured on their
    growth chained from the base; a part-year figure is judged on its year-on-year
    growth alone, provisionally. Each row says which figures it used and how.
    """
    from ..views import tracking

    plan = load(plan_dir)
    limits = _thresholds(thresholds)
    data = load_actuals(actuals_path, plan)
    check_ids(plan, ids)
    if as_of is not None and as_of <= plan.base_year:
        raise CliError(f"--as-of {as_of}: the assessment year must come after the base year {plan.base_year}")
    view = tracking.track(plan, data, out.lang, as_of=as_of, thresholds=limits, ids=ids, rebase=rebase)
    records = view.tables[0].records
    _warn(records)
    if not records and not is_quiet():
        say(f"note: no indicator{' of ' + ', '.join(ids) if ids else ''} has actuals in {actuals_path}"
            + (f" up to {as_of}" if as_of else ""))  # fmt: skip
    out.emit(view, _inputs(plan, actuals_path))
    if fail_on and any(r["status_code"] in FAIL_ON[fail_on] for r in records):
        sys.exit(EXIT_FINDINGS)


def _warn(records: Any) -> None:
    """The warnings of a tracking table on stderr (a base or a scope that differs from the plan's)."""
    for r in records:
        if r.get("warnings"):
            say(f"warning: {r['id']}: {r['warnings']}")


def _warn_figures(plan: Any, data: Any, rebase: bool) -> None:
    """The same warnings for the commands that show no tracking table of their own (outlook, plot, report)."""
    if data is None or not len(data):
        return
    from ..engine.observed import resolve

    for ident, res in resolve(plan, data, rebase=rebase).items():
        if res.warnings:
            say(f"warning: {ident}: {'; '.join(w[0] for w in res.warnings)}")


@click.command("outlook")
@click.argument("ids", nargs=-1, metavar="[ID]...", shell_complete=complete_ids)
@actuals_option(required=False)
@to_option("Outlook year.")
@click.option(
    "--rates",
    default=None,
    metavar="GRID",
    help="Sensitivity table instead: the value in --to at each annual rate, "
    "START:STOP:STEP in percent (2:8:1) or a list (3,4.5,6).",
)
@rebase_option
@output_options()
def outlook_cmd(ids: tuple[str, ...], actuals_path: Path | None, to: int | None, rates: str | None, rebase: bool,
                plan_dir: Path | None, out: Out) -> None:  # fmt: skip
    """What the horizon year looks like from here, under each scenario, or over a grid of rates.

    Each level and share indicator starts from its latest actual (or its target
    when there is none), follows the plan's rule to the target year and then each
    scenario of scenarios.yaml. For scenarios that set a goal (doubling the base-year
    level by the horizon) and for goals the plan states (2035 targets), the table
    also gives the annual rate the goal requires from the start.

    \b
    Examples:
      lingyuan-targets outlook
      lingyuan-targets outlook --actuals actuals.csv --lang en
      lingyuan-targets outlook gdp rural-income --actuals actuals.csv --rates 2:8:1
      lingyuan-targets outlook --rates 3,4.73,6 -f csv -o grid.csv
    """
    from ..engine.outlook import parse_rates
    from ..views.tracking import outlook_view

    plan = load(plan_dir)
    data = load_actuals(actuals_path, plan)
    check_ids(plan, ids)
    to = plan.horizon_year if to is None else to
    if to <= plan.target_year:
        raise CliError(f"--to must come after the target year {plan.target_year}")
    grid = parse_rates(rates) if rates is not None else None
    _warn_figures(plan, data, rebase)
    out.emit(outlook_view(plan, data, out.lang, to=to, ids=ids, rates=grid, rebase=rebase), _inputs(plan, actuals_path))


def _font_option(func: Any) -> Any:
    return click.option("--font", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="FILE",
                        help="A .ttf/.otf/.ttc font with Chinese glyphs for chart labels "
                             "[default: $LINGYUAN_TARGETS_FONT, else an installed CJK font].")(func)  # fmt: skip


@click.command("plot")
@click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_ids)
@actuals_option(required=False)
@to_option("Last year of the scenario fan.")
@_font_option
@rebase_option
@output_options(
    formats=("png", "svg"),
    output_required=True,
    fallback=None,
    default="svg",
    output_help="The image to write: FILE.png or FILE.svg.",
)
def plot_cmd(ids: tuple[str, ...], actuals_path: Path | None, to: int | None, font: Path | None, rebase: bool,
             plan_dir: Path | None, out: Out) -> None:  # fmt: skip
    """Chart indicators: plan path, base, target with its rounding band, actuals, scenarios to the horizon.

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
    from ..output.charts import ChartsUnavailable
    from ..views.figures import figure, is_empty

    plan = load(plan_dir)
    check_ids(plan, ids)
    data = load_actuals(actuals_path, plan)
    _warn_figures(plan, data, rebase)
    drawn = figure(plan, list(dict.fromkeys(ids)), data, to=to, rebase=rebase)
    notices(f"{c.id}: nothing to draw (the plan gives no base, target or path, and there are no actuals)"
            for c in drawn.charts if is_empty(c))  # fmt: skip
    try:
        out.emit(drawn, _inputs(plan, actuals_path), font=str(font) if font else None)
    except ChartsUnavailable as exc:
        raise CliError(str(exc)) from None
    except ValueError as exc:  # a font file that cannot be used
        raise CliError(str(exc)) from None


@click.command("report")
@actuals_option(required=False)
@click.option(
    "--chart",
    "charts",
    multiple=True,
    metavar="ID",
    shell_complete=complete_ids,
    help="Indicators to chart (repeatable) [default: those with actuals, else the main table's levels and shares].",
)
@click.option("--no-charts", is_flag=True, help="Leave the charts out.")
@_font_option
@rebase_option
@output_options(
    formats=("html", "markdown"),
    output_required=True,
    fallback=None,
    default="html",
    output_help="The document to write: FILE.html or FILE.md.",
)
def report_cmd(actuals_path: Path | None, charts: tuple[str, ...], no_charts: bool, font: Path | None, rebase: bool,
               plan_dir: Path | None, out: Out) -> None:  # fmt: skip
    """One self-contained document to send: findings, progress, the outlook, charts, catalogue.

    HTML (charts embedded as SVG) or Markdown (charts embedded as PNG), chosen by the
    file name. The file has no external references and opens offline. Charts need
    matplotlib; without it the report is written without them and says why.

    \b
    Examples:
      lingyuan-targets report -o lingyuan.html
      lingyuan-targets report --actuals actuals.csv --lang en -o progress.html
      lingyuan-targets report --actuals actuals.csv --chart gdp --chart pm25 -o brief.md
      SOURCE_DATE_EPOCH=1767225600 lingyuan-targets report -o r.html  # dated 2026-01-01

    The report is dated today (UTC), or by SOURCE_DATE_EPOCH when it is set, so that
    the same input gives the same bytes.
    """
    import datetime
    import os

    from ..views.report import default_chart_ids, made_on, report

    try:
        date = made_on(os.environ.get("SOURCE_DATE_EPOCH"), datetime.datetime.now(datetime.timezone.utc).date())
    except ValueError as exc:
        raise CliError(str(exc)) from None
    plan = load(plan_dir)
    check_ids(plan, charts)
    data = load_actuals(actuals_path, plan)
    _warn_figures(plan, data, rebase)
    ids = [] if no_charts else list(dict.fromkeys(charts)) or default_chart_ids(plan, data)
    document = report(
        plan,
        data,
        lang=out.lang,
        chart_ids=ids,
        actuals_name=actuals_path.name if actuals_path else None,
        rebase=rebase,
        date=date,
    )
    try:
        out.emit(document, _inputs(plan, actuals_path), font=str(font) if font else None)
    except ValueError as exc:  # a font file that cannot be used
        raise CliError(str(exc)) from None


TEMPLATE_ENCODINGS = {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8", "gb18030": "gb18030"}


@click.group("actuals")
def actuals_group() -> None:
    """Actuals files: a template to fill in (check one with `validate --actuals FILE`)."""


@actuals_group.command("template")
@click.argument("ids", nargs=-1, metavar="[ID]...", shell_complete=complete_ids)
@click.option(
    "--years",
    default=None,
    metavar="A-B",
    help="The years to give rows for [default: the year after the base year to the target year].",
)
@click.option(
    "--file-encoding",
    "file_encoding",
    type=Choice(list(TEMPLATE_ENCODINGS)),
    default="utf-8-sig",
    show_default=True,
    help="utf-8-sig (UTF-8 with a BOM) opens in Excel and WPS as it is; gb18030 for older Chinese Excel.",
)
@output_options(
    formats=("csv",),
    fallback=None,
    default="csv",
    output_help="Write to FILE.csv (atomically) instead of standard output.",
)
def template_cmd(ids: tuple[str, ...], years: str | None, file_encoding: str, plan_dir: Path | None,
                 out: Out) -> None:  # fmt: skip
    """Write an actuals file to fill in: each indicator, each year, empty values.

    Columns: id, name, unit (for the reader; ignored on reading), year, period
    (year, Q1, H1, Q1-Q3, M1-M5), measure (level or growth), basis (current or
    comparable prices; empty: a growth is on the plan rate's prices, a level at
    current prices), status (final or preliminary), scope, value, source, note.
    Rows left without a value and a source are skipped when the file is read.

    \b
    Examples:
      lingyuan-targets actuals template -o actuals.csv
      lingyuan-targets actuals template gdp rural-income --years 2021-2026 -o mine.csv
      lingyuan-targets actuals template --plan plans/my-county --file-encoding gb18030 -o actuals.csv
      lingyuan-targets validate --actuals actuals.csv      # once filled in
    """
    from ..output.files import OutputError, write_atomic
    from ..output.text import table_csv
    from ..views.tracking import actuals_template

    plan = load(plan_dir)
    check_ids(plan, ids)
    span: tuple[int, ...] = ()
    if years is not None:
        first, dash, last = years.partition("-")
        try:
            a, b = int(first), int(last if dash else first)
        except ValueError:
            raise CliError(f"--years {years!r}: expected A-B, e.g. 2021-2025") from None
        if not plan.base_year <= a <= b <= 2100:
            raise CliError(f"--years {years!r}: expected years from {plan.base_year} to 2100, in order")
        span = tuple(range(a, b + 1))
    data = table_csv(actuals_template(plan, out.lang, ids, span)).encode(TEMPLATE_ENCODINGS[file_encoding])
    if out.path is None:
        sys.stdout.buffer.write(data)
        return
    try:
        write_atomic(out.path, data, _inputs(plan), force=out.force)
    except OutputError as exc:
        raise CliError(str(exc)) from None

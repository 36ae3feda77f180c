"""Charts of planned paths, printed targets, actual values and 2035 scenarios, as PNG or SVG bytes.

matplotlib is optional (the ``plot`` extra) and imported only inside functions, so ``--help`` never
loads it. Figures use ``matplotlib.figure.Figure`` with the Agg canvas, never pyplot (no GUI backend,
no global figure registry), so rendering works headless and off the main thread. The same input gives
the same bytes: matplotlib's defaults stand in for any user matplotlibrc during a render, and dates,
version stamps and random SVG ids are left out. Without a CJK font (or when the font lacks a
character) the labels fall back to English with a note, instead of empty boxes and "Glyph missing"
warnings.
"""

from __future__ import annotations

import contextlib
import io
import math
import numbers
import os
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..views.figures import ChartData, Figure, Series
from .escape import one_line
from .files import shown

FORMATS = ("png", "svg")
DPI = 150  # PNG pixels = inches × DPI (a 7-inch chart is 1050 px wide)
FONT_ENV = "LINGYUAN_TARGETS_FONT"
# Checked in this order, so a Simplified Chinese face wins over a Japanese one when both are installed.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC",
    "STHeiti", "Hiragino Sans GB", "AR PL UMing CN", "AR PL UKai CN", "Droid Sans Fallback",
)  # fmt: skip
MISSING_MATPLOTLIB = 'plotting needs matplotlib: pip install "lingyuan-targets[plot]"'
FONT_HINT = "install a CJK font such as fonts-noto-cjk, or pass --font FILE / set LINGYUAN_TARGETS_FONT"
NO_CJK_NOTE = f"no CJK font found: chart labels are in English ({FONT_HINT})"
LABELS = {
    "zh": {"plan": "规划路径", "base": "基期", "target": "目标及取整区间", "actual": "实际值",
           "scenario": "情景", "sep": "：", "year": "年份", "and": "、"},
    "en": {"plan": "plan path", "base": "base", "target": "target (rounding band)", "actual": "actual",
           "scenario": "scenario", "sep": ": ", "year": "year", "and": ", "},
}  # fmt: skip
SCENARIO_COLORS = ("C1", "C4", "C5", "C6", "C8", "C9", "C7")  # C0/C2/C3 are taken by plan, actuals, target
# rcParams are process-global: renders in several threads at once must not see each other's settings.
_RC_LOCK = threading.Lock()


class ChartsUnavailable(Exception):
    """matplotlib is not installed, so no chart can be drawn."""


@dataclass(frozen=True)
class ChartResult:
    """The file content and messages for the user (English)."""

    data: bytes
    notes: tuple[str, ...]


@dataclass(frozen=True)
class FontChoice:
    """The CJK font to use: family name and file, and where it came from (explicit, env, installed, fontconfig, none)."""

    name: str | None
    path: str | None
    source: str


def _require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ChartsUnavailable(MISSING_MATPLOTLIB) from None


def find_cjk_font(explicit: str | os.PathLike[str] | None = None) -> FontChoice:
    """The font for Chinese labels: ``explicit`` file, else $LINGYUAN_TARGETS_FONT, else an installed CJK family in
    matplotlib's font list, else a Chinese font fontconfig lists (installed after matplotlib cached its list)."""
    _require_matplotlib()
    from matplotlib import font_manager

    if explicit:
        return _register(explicit, "explicit")
    env = os.environ.get(FONT_ENV, "").strip()
    if env:
        return _register(env, "env")
    rank = {family: i for i, family in enumerate(CJK_FAMILIES)}
    # matplotlib's font list is a cache: an entry whose file was removed since is passed over
    found = [e for e in font_manager.fontManager.ttflist if e.name in rank and os.path.isfile(e.fname)]
    if not found:
        return _from_fontconfig()
    # The regular upright face, so the reported path is the one matplotlib will draw with.
    best = min(found, key=lambda e: (rank[e.name], e.style != "normal", e.weight not in (400, "normal", "regular"),
                                     e.fname))  # fmt: skip
    return FontChoice(best.name, best.fname, "installed")


def _fontconfig_files() -> list[str]:
    """The font files fontconfig lists as covering Chinese (``fc-list :lang=zh``), sorted; none without fc-list."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        listed = subprocess.run([fc_list, "--format", "%{file}\\n", ":lang=zh"], capture_output=True, text=True,
                                timeout=10, check=False).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(
        {f for f in listed.splitlines() if f.lower().endswith((".ttf", ".otf", ".ttc")) and os.path.isfile(f)}
    )


def _from_fontconfig() -> FontChoice:
    """A Chinese font fontconfig knows and matplotlib's cached font list does not (one installed after the cache was
    written), made known to matplotlib for this run."""
    files = _fontconfig_files()
    from matplotlib import ft2font

    rank = {family: i for i, family in enumerate(CJK_FAMILIES)}
    faces = []
    for path in files:
        try:
            face = ft2font.FT2Font(path)
        except (OSError, RuntimeError, ValueError):
            continue
        # the preferred family, its regular face, then the path: the same choice on every run
        faces.append((rank.get(face.family_name, len(rank)), face.style_name != "Regular", path))
    return _register(min(faces)[2], "fontconfig") if faces else FontChoice(None, None, "none")


def _register(given: str | os.PathLike[str], source: str) -> FontChoice:
    """Make a font file known to matplotlib (once) and return its family name."""
    from matplotlib import font_manager, ft2font

    where = "font file" if source == "explicit" else f"font file named by {FONT_ENV}"
    path = Path(given).expanduser()
    if not os.path.isfile(path):  # not Path.is_file: it raises on a name too long (Python 3.11)
        kind = "is not a regular file" if os.path.lexists(path) else "not found"
        raise ValueError(f"{where} {kind}: {shown(given)}")
    resolved = os.path.realpath(path)
    try:
        name = ft2font.FT2Font(resolved).family_name
    except (OSError, RuntimeError, ValueError):
        raise ValueError(f"{where} cannot be read as a font (.ttf, .otf or .ttc): {shown(given)}") from None
    # addfont appends unconditionally; skipping known files keeps ttflist from growing on every render.
    if not any(entry.fname == resolved for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(resolved)
    return FontChoice(name, resolved, source)


def render_figure(figure: Figure, fmt: str, *, lang: str = "zh", font: str | None = None) -> ChartResult:
    """``plot``: every chart of the figure in one image."""
    return render_charts(list(figure.charts), fmt, lang=lang, font=font)


def render_charts(charts: list[ChartData], fmt: str, *, lang: str = "zh", font: str | FontChoice | None = None,
                  width: float = 7.0) -> ChartResult:  # fmt: skip
    """One panel per indicator (a 2-column grid beyond 3 panels), as PNG or SVG bytes. ``font`` is a font file, or
    the :func:`find_cjk_font` choice when many charts are rendered with one font."""
    _check_format(fmt)
    with drawn(charts, lang=lang, font=font, width=width) as (fig, notes):
        return ChartResult(_saved(fig, fmt), tuple(notes))


def render_each(charts: list[ChartData], fmt: str, *, lang: str = "zh", font: str | FontChoice | None = None,
                width: float = 7.0) -> list[ChartResult]:  # fmt: skip
    """One image per indicator (a report's charts), each the bytes :func:`render_charts` gives for it alone.

    The charts share one figure while their settings (fonts) stay the same: each is drawn on the axes the last one
    was cleared from, which saves creating the figure, its axes and their ticks again (a third of a chart's time).
    """
    _check_format(fmt)
    choice = _font_for(font, width)
    glyphs = _glyph_fonts(choice)
    from matplotlib import rc_context

    out: list[ChartResult] = []
    fig = ax = shared = measure = None
    with _defaults():
        for chart in charts:
            drawn_lang, notes, clean, rc = _settings([chart], lang, choice, glyphs)
            with rc_context(rc):
                if rc != shared:  # another font: artists made now keep it, so a new figure
                    fig = _figure(width, _panel_height(width, 1))
                    ax, shared, measure = fig.subplots(), rc, _Measure(fig)
                else:
                    _clear(ax)
                _panel(ax, chart, drawn_lang, clean)
                _lay_out(fig, [ax], 1, 1, measure)
                out.append(ChartResult(_saved(fig, fmt), tuple(notes)))
    return out


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r} (expected one of: {', '.join(FORMATS)})")


def _font_for(font: str | FontChoice | None, width: float) -> FontChoice:
    """The CJK font for charts ``width`` inches wide (checked), once matplotlib is known to be there."""
    if not (math.isfinite(width) and width > 0):
        raise ValueError(f"chart width must be a positive number of inches, not {width!r}")
    _require_matplotlib()
    return font if isinstance(font, FontChoice) else find_cjk_font(font)


@contextlib.contextmanager
def _defaults() -> Iterator[None]:
    """matplotlib's default settings in place of any user matplotlibrc, for this thread alone (rcParams are
    process-global), and quiet: a glyph warning would name matplotlib's own files on stderr, and the notes say
    what no font can draw instead."""
    from matplotlib import style

    with _RC_LOCK, warnings.catch_warnings(), style.context("default"):
        warnings.simplefilter("ignore", UserWarning)
        yield


def _figure(width: float, height: float) -> Any:
    """A figure of ``width`` × ``height`` inches on the Agg canvas (no pyplot, no GUI)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _clear(ax: Any) -> None:
    """Take a chart off ``ax`` and leave it as a new axes is: no data, default limits, tick labels on."""
    for container in list(ax.containers):  # error bars: their lines go with them
        container.remove()
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.tick_params(labelleft=True)
    ax.relim()
    ax.set_xlim(0, 1, auto=True)
    ax.set_ylim(0, 1, auto=True)


def _saved(fig: Any, fmt: str) -> bytes:
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}  # no date or version: the same bytes
    fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata)
    return buf.getvalue()


def _panel_height(width: float, ncols: int) -> float:
    return max(2.4, width / ncols * 0.6)


def _settings(charts: list[ChartData], lang: str, choice: FontChoice,
              glyphs: list[Any]) -> tuple[str, list[str], Callable[[str], str], Any]:  # fmt: skip
    """The language the charts can be drawn in, the notes that say why not the one asked for, the cleaning of
    labels (what no font can draw as "?") and matplotlib's settings (fonts, stable SVG ids)."""
    notes: list[str] = []
    lang = "zh" if lang == "zh" else "en"
    if lang == "zh":
        if choice.name is None:
            notes.append(NO_CJK_NOTE)
            lang = "en"
        elif lacking := _missing(_texts(charts, "zh"), glyphs):
            notes.append(f"font {choice.name} has no glyph for {''.join(sorted(lacking))}: "
                         f"chart labels are in English ({FONT_HINT})")  # fmt: skip
            lang = "en"
    # Whatever no font can draw (e.g. a Chinese scenario name with no CJK font) becomes "?", never a warning.
    lacking = _missing(_texts(charts, lang), glyphs)
    if lacking:
        notes.append(f"no available font can draw {''.join(sorted(lacking))}: shown as '?' in the chart")

    def clean(text: str) -> str:
        return "".join("?" if ch in lacking else ch for ch in text)

    if choice.name is None:
        families = ["DejaVu Sans"]
    else:  # per-glyph fallback (matplotlib >= 3.6) covers what the first family lacks
        families = [choice.name, "DejaVu Sans"] if lang == "zh" else ["DejaVu Sans", choice.name]
    rc: Any = {  # matplotlib types its keys as literals
        "font.family": families,
        "svg.hashsalt": "lingyuan-targets",  # stable element ids instead of random ones
        "svg.fonttype": "path",  # glyphs as outlines: the SVG shows Chinese without the font installed
        "text.parse_math": False,  # a "$" in a title is text, not mathtext
        "savefig.bbox": "standard",  # the figure size given, so the PNG size is predictable
        "font.size": 10 if len(charts) <= 3 else 8,  # half-width panels: keep ticks and legends from crowding
    }
    return lang, notes, clean, rc


@contextlib.contextmanager
def drawn(charts: list[ChartData], *, lang: str = "zh", font: str | FontChoice | None = None,
          width: float = 7.0) -> Iterator[tuple[Any, list[str]]]:  # fmt: skip
    """The laid-out figure of ``charts`` and the notes for the user, under the settings it must be saved with
    (fonts, stable SVG ids): save or measure it inside the ``with`` block."""
    if not charts:
        raise ValueError("no charts to render")
    choice = _font_for(font, width)
    lang, notes, clean, rc = _settings(charts, lang, choice, _glyph_fonts(choice))
    from matplotlib import rc_context

    n = len(charts)
    ncols = 2 if n > 3 else 1
    nrows = math.ceil(n / ncols)
    with _defaults(), rc_context(rc):
        fig = _figure(width, nrows * _panel_height(width, ncols))
        axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
        for ax, chart in zip(axes, charts):
            _panel(ax, chart, lang, clean)
        for ax in axes[n:]:  # the empty cell of an odd-sized grid
            ax.remove()
        _lay_out(fig, list(axes[:n]), nrows, ncols)
        yield fig, notes


def _panel(ax: Any, chart: ChartData, lang: str, clean: Callable[[str], str]) -> None:
    """Draw one indicator: plan line, base and target markers, actuals, scenario fan."""
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    words = LABELS[lang]
    # y given: the title's place is set by the layout (_lay_out), not searched for at every draw
    ax.set_title(clean(_title(chart, lang)), fontsize="medium", y=1.0)
    ax.set_xlabel(words["year"])
    ax.grid(alpha=0.3)
    years = [chart.base_year, chart.target_year, *chart.plan.years, *chart.actuals.years]
    plan = _values(chart.plan)
    if any(map(math.isfinite, plan)):
        ax.plot(chart.plan.years, plan, "-", color="C0", lw=2, label=words["plan"])
    if _finite(chart.base):
        ax.plot([chart.base_year], [chart.base], "o", color="C0", ms=6, zorder=3, label=words["base"])
    if _finite(chart.target):
        target = float(chart.target)  # type: ignore[arg-type]
        yerr = None
        if chart.target_band is not None:
            low, high = sorted(chart.target_band)
            yerr = [[max(target - low, 0.0)], [max(high - target, 0.0)]]
        ax.errorbar([chart.target_year], [target], yerr=yerr, fmt="D", color="C3", ms=5, capsize=5, zorder=3,
                    label=words["target"])  # fmt: skip
    actual = _values(chart.actuals)
    if any(map(math.isfinite, actual)):
        ax.plot(chart.actuals.years, actual, "s-", color="C2", ms=4, lw=0.8, zorder=4, label=words["actual"])
    fan: dict[int, list[float]] = {}
    for i, (names, series) in enumerate(_distinct(chart.scenarios)):
        values = _values(series)
        years += series.years
        # scenarios whose lines coincide: one line, named by all of them
        shown = words["and"].join(clean(_scenario_name(chart, name, lang)) for name in names)
        ax.plot(series.years, values, "--", color=SCENARIO_COLORS[i % len(SCENARIO_COLORS)], lw=1.2,
                label=f"{words['scenario']}{words['sep']}{shown}")  # fmt: skip
        for year, value in zip(series.years, values):
            if math.isfinite(value):
                fan.setdefault(year, []).append(value)
    if fan:  # the spread of the scenarios, year by year
        xs = sorted(fan)
        ax.fill_between(xs, [min(fan[x]) for x in xs], [max(fan[x]) for x in xs], color="0.5", alpha=0.15, lw=0)
    ax.axvline(chart.target_year, ls=":", color="0.4", lw=1)
    # Fixed limits and integer year ticks: panels with little or no data still show the plan period.
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize="x-small", loc="best")
    else:  # nothing drawn: the default 0..1 scale would read as data
        ax.tick_params(labelleft=False)


EDGE = 4.0  # points of white space kept around the figure's edge


#: passes of the layout at most: margins only grow, so it settles in two or three
LAYOUT_PASSES = 4


def _lay_out(fig: Any, axes: list[Any], nrows: int, ncols: int, measure: _Measure | None = None) -> None:
    """Place the panels by measuring the texts around them (tick labels, axis label, title), one layout shared by
    every panel and computed without drawing. (matplotlib's layout engines draw the whole figure once to measure
    it, which doubled the time of every chart.)

    Every panel gets the margins of the one that needs most: the left margin fits the longest y tick label, the
    bottom one the x tick labels and axis label, the top one the title, raised above the y axis's offset or
    exponent where there is one, and the right one half the widest x tick label, which may hang over the last
    year. Tick positions depend on the panel's size, so the margins are measured again on each placement, from
    matplotlib's default one, and only ever grow, until the texts of the last placement fit its margins. The
    result depends on the figure's size and texts alone, not on what was drawn before. ``measure`` may carry the
    sizes measured for earlier charts on the same figure.
    """
    if not axes:
        return
    from matplotlib import rcParams

    measure = measure or _Measure(fig)
    width, height = fig.get_size_inches() * 72.0  # points
    defaults: Any = rcParams  # matplotlib types its keys as literals
    sides = ("left", "right", "bottom", "top", "wspace", "hspace")
    fig.subplots_adjust(**{k: defaults[f"figure.subplot.{k}"] for k in sides})  # the same start for every chart
    titles = [ax.get_title() for ax in axes]
    cell_h = height / nrows
    room = axes[0].get_position().width * width  # the width a title may take: at first its panel's
    margins: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0)
    for _ in range(LAYOUT_PASSES):
        for ax, title in zip(axes, titles):  # a title wider than that is wrapped, not cut at the figure's edge
            ax.title.set_text("\n".join(_wrap(measure, title, ax.title.get_fontsize(), room)))
        needs = [_margins(measure, ax) for ax in axes]
        grown = tuple(max(margins[i], max(need[i] for need in needs) + EDGE) for i in range(4))
        if grown == margins:  # the texts of this placement fit it
            break
        margins = grown
        left, bottom, top, right = margins
        cell_w = (width - ncols * (left + right)) / ncols
        cell_h = (height - nrows * (top + bottom)) / nrows
        if cell_w <= 0 or cell_h <= 0:  # labels larger than the figure: matplotlib's default placement stays
            return
        fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height,
                            top=1 - top / height, wspace=(left + right) / cell_w,
                            hspace=(top + bottom) / cell_h)  # fmt: skip
        room = cell_w + 2 * min(left, right) - 2 * EDGE  # centred, it may reach into the margins on both sides
    for ax in axes:
        if raise_by := _offset_room(measure, ax):
            ax.title.set_y(1.0 + raise_by / cell_h)


class _Measure:
    """Width and height (points) of a text in the figure's font, as matplotlib lays it out (a scratch text artist's
    extent, so line heights, line spacing and font fallback are matplotlib's own), remembered: tick labels repeat
    within a figure and across the layout's two passes."""

    def __init__(self, fig: Any) -> None:
        from matplotlib.text import Text

        self.renderer = fig.canvas.get_renderer()
        self.scale = 72.0 / fig.dpi
        self.scratch = Text(figure=fig)
        self.known: dict[tuple[str, Any], tuple[float, float]] = {}

    def __call__(self, text: str, fontsize: Any) -> tuple[float, float]:
        if not text:
            return 0.0, 0.0
        if (text, fontsize) not in self.known:
            self.scratch.set_text(text)
            self.scratch.set_fontsize(fontsize)
            box = self.scratch.get_window_extent(self.renderer)
            self.known[text, fontsize] = (box.width * self.scale, box.height * self.scale)
        return self.known[text, fontsize]


TITLE_LINES = 2


def _wrap(measure: _Measure, text: str, fontsize: Any, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` points, at most TITLE_LINES of them (the last cut with "…").

    Lines break after a space or beside a CJK character, else anywhere, and never so that a line starts with
    "::" (what a CI runner would read as a command in a file it prints).
    """
    lines: list[str] = []
    rest = text
    while rest and measure(rest, fontsize)[0] > width and len(lines) < TITLE_LINES - 1:
        fits = _longest_fitting(measure, rest, fontsize, width)
        breaks = [i for i in range(1, fits + 1) if _breakable(rest, i)]
        cut = max(breaks) if breaks else max(fits, 1)
        if not rest[cut:].lstrip().startswith(":"):
            lines.append(rest[:cut].rstrip())
            rest = rest[cut:].lstrip()
        else:
            break
    if rest and measure(rest, fontsize)[0] > width:
        rest = rest[: max(_longest_fitting(measure, rest + "…", fontsize, width) - 1, 1)].rstrip() + "…"
    return [*lines, rest] if rest or not lines else lines


def _longest_fitting(measure: _Measure, text: str, fontsize: Any, width: float) -> int:
    """The length of the longest prefix of ``text`` no wider than ``width`` (0 when not even one character fits)."""
    low, high = 0, len(text)
    while low < high:  # widths grow with the prefix: a binary search measures a few prefixes, not all
        mid = (low + high + 1) // 2
        if measure(text[:mid], fontsize)[0] <= width:
            low = mid
        else:
            high = mid - 1
    return low


def _breakable(text: str, i: int) -> bool:
    """Whether a line may end before ``text[i]``: after a space, or beside a CJK character."""
    before, after = text[i - 1], text[i] if i < len(text) else " "
    return before == " " or after == " " or _wide(before) or _wide(after)


def _wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in ("W", "F")


def _margins(measure: _Measure, ax: Any) -> tuple[float, float, float, float]:
    """The room (points) ``ax``'s texts need left of, below, above and right of it."""
    from matplotlib import rcParams

    tick_room = rcParams["xtick.major.size"] + rcParams["xtick.major.pad"]
    y_labels = _tick_labels(ax.yaxis)[0] if _labelled(ax) else []
    y_width = max((measure(t, rcParams["ytick.labelsize"])[0] for t in y_labels), default=0.0)
    x_sizes = [measure(t, rcParams["xtick.labelsize"]) for t in _tick_labels(ax.xaxis)[0]]
    label_h = measure(ax.get_xlabel(), rcParams["axes.labelsize"])[1]
    title_h = measure(ax.get_title(), ax.title.get_fontsize())[1]
    left = y_width + tick_room if y_labels else 0.0
    bottom = max((h for _, h in x_sizes), default=0.0) + tick_room
    if label_h:
        bottom += label_h + rcParams["axes.labelpad"]
    top = title_h + rcParams["axes.titlepad"] + _offset_room(measure, ax)
    return left, bottom, top, max((w for w, _ in x_sizes), default=0.0) / 2


def _offset_room(measure: _Measure, ax: Any) -> float:
    """The height (points) of the y axis's offset or exponent text, drawn above the axes' top left corner, with its
    pad; 0 when the tick labels carry none."""
    from matplotlib import rcParams

    offset = _tick_labels(ax.yaxis)[1] if _labelled(ax) else ""
    return measure(offset, rcParams["ytick.labelsize"])[1] + rcParams["ytick.major.pad"] if offset else 0.0


def _labelled(ax: Any) -> bool:
    """Whether the y axis draws its tick labels (a panel with nothing drawn hides them)."""
    return bool(ax.yaxis.get_tick_params().get("labelleft", True))


def _tick_labels(axis: Any) -> tuple[list[str], str]:
    """The major tick labels ``axis`` will draw at its current size and limits, and its offset text."""
    low, high = sorted(axis.get_view_interval())
    slack = 1e-9 * (high - low)
    locs = [loc for loc in axis.get_majorticklocs() if low - slack <= loc <= high + slack]
    formatter = axis.get_major_formatter()
    return list(formatter.format_ticks(locs)), formatter.get_offset()


def _distinct(scenarios: dict[str, Series]) -> list[tuple[list[str], Series]]:
    """The scenarios with something to draw, those whose paths coincide (the same years, values equal to 1e-9
    relatively) as one entry named by all of them, in their order.

    >>> a, b = Series((2026, 2027), (1.0, 2.0)), Series((2026, 2027), (1.0, 2.5))
    >>> [names for names, _ in _distinct({"continue": a, "doubling": b, "moderate": a})]
    [['continue', 'moderate'], ['doubling']]
    """
    out: list[tuple[list[str], Series]] = []
    for name, series in scenarios.items():
        values = _values(series)
        if not any(map(math.isfinite, values)):
            continue
        for names, seen in out:
            if seen.years == series.years and all(
                (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=1e-9, abs_tol=0.0)
                for x, y in zip(_values(seen), values)
            ):
                names.append(name)
                break
        else:
            out.append(([name], series))
    return out


def _title(chart: ChartData, lang: str) -> str:  # a missing title falls back to the other language, then the id
    # one line, control characters visible: a title from input never breaks the SVG's XML or the layout
    if lang == "zh" and chart.title_zh:
        return one_line(chart.title_zh)
    return one_line(chart.title_en or chart.title_zh or chart.id)


def _scenario_name(chart: ChartData, name: str, lang: str) -> str:
    """A scenario's name in the legend: its Chinese name in zh where it has one, else the name; one line."""
    return one_line(chart.scenario_names_zh.get(name, name) if lang == "zh" else name)


def _texts(charts: list[ChartData], lang: str) -> list[str]:
    """Every label a render in ``lang`` draws, apart from the tick numbers."""
    texts = list(LABELS[lang].values())
    for chart in charts:
        texts.append(_title(chart, lang))
        texts.extend(_scenario_name(chart, name, lang) for name in chart.scenarios)
    return texts


def _glyph_fonts(choice: FontChoice) -> list[Any]:
    """The font files a render falls back through: the CJK font, if any, and DejaVu Sans."""
    from matplotlib import font_manager, ft2font

    paths = [choice.path] if choice.path else []
    paths.append(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans")))
    return [ft2font.FT2Font(str(path)) for path in paths]


def _missing(texts: list[str], fonts: list[Any]) -> set[str]:
    """Characters of ``texts`` that none of ``fonts`` has a glyph for."""
    chars = {ch for text in texts for ch in text if ch != " "}
    return {ch for ch in chars if not any(font.get_char_index(ord(ch)) for font in fonts)}


def _values(series: Series) -> list[float]:
    return [float(v) if _finite(v) else math.nan for v in series.values]


def _finite(value: object) -> bool:
    # numbers.Real also admits numpy scalars, which callers holding pandas values will pass.
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)

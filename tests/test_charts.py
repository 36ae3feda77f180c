"""Charts: file formats, byte-stable output, empty panels and the CJK font fallback."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from lingyuan_targets.output import charts
from lingyuan_targets.output.charts import NO_CJK_NOTE, ChartsUnavailable, find_cjk_font, render_charts
from lingyuan_targets.views.figures import ChartData, Series

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def gdp_chart() -> ChartData:
    """GDP as the plan prints it: 150.2 in 2020 growing 10% a year to the printed 242 in 2025."""
    years = tuple(range(2025, 2036))
    return ChartData(
        id="gdp",
        title_zh="地区生产总值（亿元）",
        title_en="Gross regional product (100 million yuan)",
        base_year=2020,
        base=150.2,
        target_year=2025,
        target=242.0,
        target_band=(241.5, 242.5),
        plan=Series(tuple(range(2020, 2026)), tuple(150.2 * 1.1**t for t in range(6))),
        actuals=Series((2021, 2022, 2023), (163.8, 171.2, 185.0)),
        scenarios={
            "continue": Series(years, tuple(241.9 * 1.06**t for t in range(11))),
            "slow": Series(years, tuple(241.9 * 1.03**t for t in range(11))),
        },
    )


def empty_chart() -> ChartData:
    """An indicator with nothing to draw but its years."""
    return ChartData("x", "空指标", "empty indicator", 2020, None, 2025, None, None, Series((), ()))


def svg_texts(data: bytes) -> str:
    """The SVG with its text comments (matplotlib writes each drawn string as a comment before its outlines)."""
    return data.decode("utf-8")


@pytest.fixture()
def no_cjk_font(monkeypatch):
    """Make the font search find no CJK font, whatever is installed (fontconfig's list included)."""
    monkeypatch.delenv(charts.FONT_ENV, raising=False)
    monkeypatch.setattr(charts, "CJK_FAMILIES", ())
    monkeypatch.setattr(charts, "_fontconfig_files", lambda: [])


def dejavu_path() -> Path:
    """A DejaVu Sans file shipped with matplotlib: a real font without Chinese glyphs."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def test_png_signature_and_size():
    """PNG output has the PNG signature and the size width × DPI by panel height × DPI."""
    from PIL import Image

    result = render_charts([gdp_chart()], "png", lang="en")
    assert result.data.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(result.data)) as image:
        assert image.format == "PNG"
        assert image.size == (7 * charts.DPI, round(4.2 * charts.DPI))


def test_more_than_three_panels_make_a_two_column_grid():
    """Five panels are laid out in 2 columns × 3 rows (2.4-inch rows), not stacked five high."""
    from PIL import Image

    result = render_charts([gdp_chart()] * 5, "png", lang="en", width=8.0)
    with Image.open(io.BytesIO(result.data)) as image:
        assert image.size == (8 * charts.DPI, round(3 * 2.4 * charts.DPI))


def test_svg_parses_and_has_no_external_references():
    """SVG output is well-formed XML with an <svg> root and links nothing outside the file."""
    result = render_charts([gdp_chart()], "svg", lang="en")
    root = ET.fromstring(result.data)
    assert root.tag.endswith("svg")
    text = result.data.decode("utf-8")
    assert 'xlink:href="http' not in text
    assert 'href="http' not in text


def test_english_labels_in_svg():
    """lang='en' draws the English title, legend labels and scenario names."""
    text = svg_texts(render_charts([gdp_chart()], "svg", lang="en").data)
    for label in ("Gross regional product (100 million yuan)", "plan path", "base", "target (rounding band)",
                  "actual", "scenario: continue", "scenario: slow", "year"):  # fmt: skip
        assert f"<!-- {label} -->" in text


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_output_is_byte_identical(fmt):
    """Two renders of the same input give the same bytes (no dates, versions or random ids)."""
    first = render_charts([gdp_chart(), empty_chart()], fmt, lang="en")
    second = render_charts([gdp_chart(), empty_chart()], fmt, lang="en")
    assert first.data == second.data


def test_renders_in_threads():
    """Renders running at once in worker threads give the same bytes as one on the main thread."""
    from concurrent.futures import ThreadPoolExecutor

    expected = render_charts([gdp_chart()], "svg", lang="en").data
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: render_charts([gdp_chart()], "svg", lang="en").data, range(4)))
    assert results == [expected] * 4


def test_empty_and_all_nan_panels_render():
    """Panels without base, target, actuals or scenarios, or with only NaN values, render without error."""
    nan = float("nan")
    all_nan = ChartData("y", "全缺", "all missing", 2020, nan, 2025, nan, (241.5, 242.5),
                        Series((2020, 2021), (nan, nan)), Series((2021,), (nan,)),
                        {"continue": Series((2025, 2026), (nan, nan))})  # fmt: skip
    for fmt in ("png", "svg"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # e.g. numpy's "All-NaN slice" would fail here
            result = render_charts([empty_chart(), all_nan], fmt, lang="en")
        assert result.data


def test_gaps_and_a_single_scenario_render():
    """NaN gaps inside series, a lone scenario (a fan of zero width) and numpy scalars are drawn."""
    import numpy as np

    chart = ChartData("gdp", "地区生产总值", "GDP", 2020, np.float64(150.2), 2025, np.int64(242), None,
                      Series((2020, 2021, 2022), (150.2, float("nan"), 181.7)), Series((2022,), (175.0,)),
                      {"only": Series((2025, 2030), (242.0, 300.0))})  # fmt: skip
    assert render_charts([chart], "png", lang="en").data.startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("fmt", ["pdf", "PNG", ""])
def test_bad_format_raises(fmt):
    """Formats other than 'png' and 'svg' are refused with ValueError."""
    with pytest.raises(ValueError, match="format"):
        render_charts([gdp_chart()], fmt)


def test_no_charts_raises():
    """An empty list of charts is refused rather than giving a blank image."""
    with pytest.raises(ValueError, match="no charts"):
        render_charts([], "png")


def test_series_lengths_must_match():
    """A series with more years than values is refused when it is built."""
    with pytest.raises(ValueError, match="2 years but 1 values"):
        Series((2020, 2021), (1.0,))


def test_no_cjk_font_falls_back_to_english_without_glyph_warnings(no_cjk_font):
    """Without a CJK font, lang='zh' draws English labels, says so in a note, and raises no 'Glyph' warning."""
    assert find_cjk_font() == charts.FontChoice(None, None, "none")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = render_charts([gdp_chart()], "svg", lang="zh")
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert result.notes == (NO_CJK_NOTE,)
    assert NO_CJK_NOTE == ("no CJK font found: chart labels are in English (install a CJK font such as "
                           "fonts-noto-cjk, or pass --font FILE / set LINGYUAN_TARGETS_FONT)")  # fmt: skip
    text = svg_texts(result.data)
    assert "<!-- Gross regional product (100 million yuan) -->" in text
    assert "地区" not in text


def test_font_without_chinese_glyphs_falls_back(monkeypatch):
    """A --font that lacks Chinese glyphs (DejaVu Sans) also gives English labels and a note, not warnings."""
    monkeypatch.delenv(charts.FONT_ENV, raising=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = render_charts([gdp_chart()], "png", lang="zh", font=str(dejavu_path()))
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert len(result.notes) == 1
    assert result.notes[0].startswith("font DejaVu Sans has no glyph for ")
    assert "chart labels are in English" in result.notes[0]


def test_undrawable_scenario_name_becomes_question_marks(no_cjk_font):
    """A Chinese scenario name with no CJK font is drawn as '?' with a note, and raises no 'Glyph' warning."""
    chart = gdp_chart()
    chart = ChartData(**{**chart.__dict__, "scenarios": {"低速": chart.scenarios["slow"]}})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = render_charts([chart], "svg", lang="en")
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert "<!-- scenario: ?? -->" in svg_texts(result.data)
    assert result.notes == ("no available font can draw 低速: shown as '?' in the chart",)


def test_installed_cjk_font_draws_chinese_without_note():
    """With a CJK font available, lang='zh' draws the Chinese title and labels and adds no note."""
    if find_cjk_font().name is None:
        pytest.skip("no CJK font installed (e.g. apt install fonts-noto-cjk, or set LINGYUAN_TARGETS_FONT)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart = ChartData(**{**gdp_chart().__dict__, "scenario_names_zh": {"slow": "低速"}})
        result = render_charts([chart], "svg", lang="zh")
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert result.notes == ()
    text = svg_texts(result.data)
    for label in ("地区生产总值（亿元）", "规划路径", "基期", "目标及取整区间", "实际值", "情景：continue", "情景：低速",
                  "年份"):  # fmt: skip
        assert f"<!-- {label} -->" in text


def test_explicit_font_missing_file_raises(tmp_path):
    """find_cjk_font with a path that does not exist raises ValueError naming the path."""
    missing = tmp_path / "no-such-font.ttf"
    with pytest.raises(ValueError, match="font file not found") as info:
        find_cjk_font(str(missing))
    assert str(missing) in str(info.value)


def test_explicit_font_unreadable_file_raises(tmp_path):
    """find_cjk_font with a file that is not a font raises ValueError."""
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font")
    with pytest.raises(ValueError, match="cannot be read as a font"):
        find_cjk_font(str(bogus))


def test_explicit_font_file_is_used():
    """find_cjk_font with a font file returns that file and its family name, registered once with matplotlib."""
    from matplotlib import font_manager

    path = dejavu_path()
    choice = find_cjk_font(str(path))
    assert choice.path is not None and Path(choice.path).samefile(path)
    assert (choice.name, choice.source) == ("DejaVu Sans", "explicit")
    before = len(font_manager.fontManager.ttflist)
    find_cjk_font(str(path))
    assert len(font_manager.fontManager.ttflist) == before


def test_font_from_environment(monkeypatch, tmp_path):
    """$LINGYUAN_TARGETS_FONT is used when no explicit font is given, and a bad value is reported."""
    monkeypatch.setenv(charts.FONT_ENV, str(dejavu_path()))
    assert find_cjk_font().source == "env"
    assert find_cjk_font(str(dejavu_path())).source == "explicit"
    monkeypatch.setenv(charts.FONT_ENV, str(tmp_path / "gone.otf"))
    with pytest.raises(ValueError, match="LINGYUAN_TARGETS_FONT"):
        find_cjk_font()


def test_missing_matplotlib_raises_charts_unavailable(monkeypatch):
    """Without matplotlib, rendering raises ChartsUnavailable with the install hint."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    with pytest.raises(ChartsUnavailable) as info:
        render_charts([gdp_chart()], "png")
    assert str(info.value) == 'plotting needs matplotlib: pip install "lingyuan-targets[plot]"'
    with pytest.raises(ChartsUnavailable):
        find_cjk_font()


def test_importing_charts_does_not_import_matplotlib():
    """Importing the module leaves matplotlib unloaded, so the CLI's --help stays fast."""
    code = "import sys, lingyuan_targets.output.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_cached_font_whose_file_is_gone_is_passed_over(monkeypatch):
    """matplotlib's font list is a cache: a CJK family in it whose file was removed is not chosen (drawing with it
    would fail); with fontconfig finding nothing either, the labels fall back to English."""
    from matplotlib import font_manager

    from lingyuan_targets.output import charts

    gone = font_manager.FontEntry(fname="/nonexistent/NotoSansCJK-Regular.ttc", name="Noto Sans CJK SC")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [gone])
    monkeypatch.setattr(charts, "_fontconfig_files", lambda: [])
    monkeypatch.delenv(charts.FONT_ENV, raising=False)
    assert charts.find_cjk_font() == charts.FontChoice(None, None, "none")


def test_a_font_installed_after_the_cache_is_found_through_fontconfig(monkeypatch, tmp_path):
    """A Chinese font fontconfig lists (fc-list :lang=zh) but matplotlib's cached list lacks is registered for the
    run. The font here is matplotlib's own DejaVu Sans, listed by a stand-in fc-list, so the test needs no CJK font."""
    import os
    import stat
    from pathlib import Path

    import matplotlib
    from matplotlib import font_manager

    from lingyuan_targets.output import charts

    dejavu = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")
    fake = tmp_path / "fc-list"
    fake.write_text(
        f'#!/bin/sh\nprintf "%s|" "$@" > {tmp_path}/args\nprintf "%s\\n" /nonexistent.ttf {dejavu} notes.txt\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.delenv(charts.FONT_ENV, raising=False)
    choice = charts.find_cjk_font()
    assert choice == charts.FontChoice("DejaVu Sans", os.path.realpath(dejavu), "fontconfig")
    assert (tmp_path / "args").read_text().split("|") == ["--format", "%{file}\\n", ":lang=zh", ""]
    assert any(e.fname == os.path.realpath(dejavu) for e in font_manager.fontManager.ttflist)


def test_scenarios_whose_lines_coincide_share_one_legend_entry(no_cjk_font):
    """Three scenarios, two of them the same path (241.9 growing 6 % a year, computed twice, as a scenario that does
    not apply to an indicator follows 'continue'): two lines and two legend entries, 'continue, same' and 'slow'."""
    chart = gdp_chart()
    years = tuple(range(2025, 2036))
    same = Series(years, tuple(241.9 * 1.06**t for t in range(11)))
    chart = ChartData(**{**chart.__dict__, "scenarios": {**chart.scenarios, "same": same}})
    texts = svg_texts(render_charts([chart], "svg", lang="en").data)
    assert "<!-- scenario: continue, same -->" in texts and "<!-- scenario: slow -->" in texts
    assert "<!-- scenario: continue -->" not in texts and "<!-- scenario: same -->" not in texts


def _variant(**changes) -> ChartData:
    return ChartData(**{**gdp_chart().__dict__, **changes})


LONG_TITLE = "Per-capita disposable income of rural residents in the county's mountain townships (yuan)"
LAYOUTS = {
    "one panel": ([gdp_chart()], 6.0),
    "five panels": ([gdp_chart()] * 5, 7.0),
    "a long title": ([_variant(title_en=LONG_TITLE)], 6.0),
    "long titles in a grid": ([_variant(title_en=LONG_TITLE)] * 4, 7.0),
    # 2.5e7 and up: the y tick labels carry an offset or exponent above the axes
    "large values": ([_variant(base=2.5e7, target=4.1e7, target_band=None,
                               plan=Series((2020, 2025), (2.5e7, 4.1e7)), scenarios={})], 6.0),
    "long tick labels": ([_variant(base=-123456.75, target=-98765.25, target_band=None,
                                   plan=Series((2020, 2025), (-123456.75, -98765.25)), scenarios={})], 6.0),
    "nothing drawn": ([empty_chart(), gdp_chart()], 6.0),
}  # fmt: skip


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_the_layout_keeps_every_text_inside_the_figure_and_off_other_panels(name, no_cjk_font):
    """The layout is computed without drawing, so what is drawn is checked here: everything a panel draws (titles,
    tick labels, axis labels, offsets, legends) lies inside the figure and off every other panel."""
    chart_list, width = LAYOUTS[name]
    with charts.drawn(chart_list, lang="en", width=width) as (fig, _):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        page = fig.bbox
        for ax in fig.axes:
            box = ax.get_tightbbox(renderer)  # the union of what the panel drew
            assert page.x0 - 0.5 <= box.x0 and box.x1 <= page.x1 + 0.5, (name, box, page.bounds)
            assert page.y0 - 0.5 <= box.y0 and box.y1 <= page.y1 + 0.5, (name, box, page.bounds)
            for other in fig.axes:
                assert other is ax or not box.overlaps(other.bbox), (name, box, other.bbox)
            title = ax.title.get_window_extent(renderer)
            assert title.y0 >= ax.bbox.y1, (name, title, ax.bbox)  # above its panel, not on the data
            offset = ax.yaxis.get_offset_text()
            if offset.get_text():
                assert not title.overlaps(offset.get_window_extent(renderer)), name


def test_the_layout_leaves_the_panel_most_of_the_figure(no_cjk_font):
    """A single 6-inch panel keeps at least 80 % of the width and 70 % of the height for the data: margins are
    the texts' own sizes, not a fixed reserve."""
    with charts.drawn([gdp_chart()], lang="en", width=6.0) as (fig, _):
        position = fig.axes[0].get_position()
    assert position.width >= 0.80 and position.height >= 0.70, position


def test_a_title_wider_than_its_panel_wraps_and_a_longer_one_is_cut(no_cjk_font):
    """The title fits its panel (and the margins beside it): two lines at most, the second ending in "…" when even
    two are not enough; a short title stays one line."""
    with charts.drawn([_variant(title_en=LONG_TITLE), gdp_chart(), _variant(title_en="word " * 80)] * 2,
                      lang="en", width=7.0) as (fig, _):  # fmt: skip
        titles = [ax.get_title() for ax in fig.axes[:3]]
    assert titles[0].count("\n") == 1 and titles[0].replace("\n", " ") == LONG_TITLE
    assert titles[1] == gdp_chart().title_en
    assert titles[2].count("\n") == 1 and titles[2].endswith("…") and len(titles[2]) < len("word " * 80)


class _Widths:
    """A measure in which every character is 1 point wide (and 1 tall), for the wrapping rules alone."""

    def __call__(self, text: str, fontsize: object) -> tuple[float, float]:
        return float(len(text)), 1.0


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("plan path to 2035", 17, ["plan path to 2035"]),  # 17 characters fit 17 points
        ("plan path to 2035", 12, ["plan path to", "2035"]),  # breaks after the last space that fits
        ("地区生产总值（亿元）", 6, ["地区生产总值", "（亿元）"]),  # CJK breaks between any two characters
        ("abcdefghij", 4, ["abcd", "efg…"]),  # no break point: cut where it stops fitting, then "…" (3 + 1)
        ("total ::error::x", 10, ["total ::e…"]),  # no second line may start with "::"
    ],
)
def test_wrap_rules(text, width, lines):
    assert charts._wrap(_Widths(), text, 10, width) == lines


def test_a_report_looks_its_font_up_once(monkeypatch, no_cjk_font):
    """render_document finds the CJK font once and hands the choice to every chart, so a report of three charts
    searches matplotlib's list (and fontconfig's) once, not three times."""
    from lingyuan_targets.output import document
    from lingyuan_targets.views.report import Document

    calls = []
    real = charts.find_cjk_font
    monkeypatch.setattr(charts, "find_cjk_font", lambda font=None: calls.append(font) or real(font))
    doc = Document(title="t", lang="en", sections=(), charts=(gdp_chart(),) * 3, charts_before=0, footer="",
                   words={"no_charts": "", "charts": "Charts"})  # fmt: skip
    images, _ = document._charts(doc, "svg", None)
    assert len(images) == 3 and calls == [None]


def test_zh_legends_name_scenarios_in_chinese_where_the_plan_gives_a_name():
    """chart_data carries each scenario's name_zh (data/scenarios.yaml: continue 延续规划, doubling 翻一番, moderate
    温和增长); a zh legend uses it, joined by 、 when lines coincide, and the name itself where there is none; en keeps
    the names."""
    from lingyuan_targets.io.plandir import load_plan
    from lingyuan_targets.views.figures import chart_data

    (chart,) = chart_data(load_plan(), ["gdp"])
    assert chart.scenario_names_zh == {"continue": "延续规划", "doubling": "翻一番", "moderate": "温和增长"}
    assert [charts._scenario_name(chart, n, "zh") for n in chart.scenarios] == ["延续规划", "翻一番", "温和增长"]
    assert [charts._scenario_name(chart, n, "en") for n in chart.scenarios] == ["continue", "doubling", "moderate"]
    assert charts._scenario_name(chart, "steady\n4", "zh") == "steady↵4"  # no Chinese name: the name, one line
    assert {"延续规划", "翻一番", "温和增长", "、"} <= set(charts._texts([chart], "zh"))  # the glyph check sees them


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_render_each_gives_each_chart_the_bytes_it_has_alone(fmt, no_cjk_font):
    """A report's charts share one figure, each drawn where the last was cleared: every image is byte for byte what
    render_charts gives for that chart alone, also after a chart with more to draw, none at all, an exponent on
    its y axis or a two-line title."""
    big = LAYOUTS["large values"][0][0]
    order = [gdp_chart(), empty_chart(), big, _variant(title_en=LONG_TITLE), gdp_chart(), empty_chart()]
    shared = charts.render_each(order, fmt, lang="en", width=6.0)
    alone = [render_charts([chart], fmt, lang="en", width=6.0) for chart in order]
    assert [r.data for r in shared] == [r.data for r in alone]
    assert [r.notes for r in shared] == [r.notes for r in alone]


def test_the_layout_does_not_depend_on_the_placement_it_starts_from(no_cjk_font):
    """Tick positions depend on the panel's size, so a layout started from another placement (the last chart's, on a
    shared figure) could settle elsewhere: a chart whose y labels carry an offset (2,280,240.01 to 2,280,240.40:
    '+2.28024e6' above '0.0'…'0.4' or '0.00'…'0.40' by size) is placed the same from a fresh figure and from one
    laid out for a chart of -6e10 (found by fuzzing render_each against render_charts)."""
    offset = _variant(base=2280240.013558432, target=2280240.399113503, target_year=2021, target_band=None,
                      plan=Series((2020, 2021), (2280240.013558432, 2280240.399113503)), scenarios={}, actuals=Series((), ()))  # fmt: skip
    with charts.drawn([offset], lang="en", width=6.0) as (fig, _):
        fresh = fig.axes[0].get_position().bounds
        fig.subplots_adjust(left=0.3, right=0.6, bottom=0.4, top=0.5)  # any other placement
        charts._lay_out(fig, fig.axes, 1, 1)
        assert fig.axes[0].get_position().bounds == fresh

"""Terminal tables at the widths people use (60, 80, 120, 200 columns), on the embedded plan's CJK text: no line wider
than the terminal, identifiers broken only after a "-", key columns in every block, a projection's years that fit
with a note naming the rest, and a status that reads without colour."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from lingyuan_targets.cli import cli
from lingyuan_targets.output.terminal import IDENTIFIER_SHARE, break_identifier, runs

ROOT = Path(__file__).resolve().parents[1]
ACTUALS = str(ROOT / "examples" / "actuals-demo.csv")
WIDTHS = (60, 80, 120, 200)
COMMANDS = {
    "list": ["list"],
    "project": ["project"],
    "project-en": ["project", "--lang", "en", "--to", "2025"],
    "show": ["show", "gdp"],
    "track": ["track", "--actuals", ACTUALS],
    "scenarios": ["scenarios", "--lang", "en"],
    "outlook": ["outlook"],
    "check": ["check"],
}


def _shown(args: list[str], width: int) -> str:
    result = CliRunner().invoke(cli, [*args, "-f", "table"], env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code in (0, 1), result.output[-500:]
    return result.output


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", COMMANDS)
def test_no_line_is_wider_than_the_terminal(name, width):
    """Cell widths as a terminal counts them (a CJK character takes two cells)."""
    wide = [line for line in _shown(COMMANDS[name], width).splitlines() if cell_len(line) > width]
    assert not wide, (name, width, wide[:3])


def _header_lines(text: str) -> list[str]:
    """The header line of every table block (the line above a rule of ─)."""
    lines = text.splitlines()
    return [lines[k - 1] for k, line in enumerate(lines) if k and set(line.strip()) == {"─"}]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_key_column_starts_every_block(width):
    """A table split into blocks repeats its row key (a table with no sticky column repeats its first)."""
    for name, key in (("scenarios", "scenario"), ("list", "编号"), ("track", "编号")):
        heads = _header_lines(_shown(COMMANDS[name], width))
        assert heads and all(h.split()[0] == key for h in heads), (name, width, heads)


def test_identifiers_break_only_after_a_hyphen():
    """At 80 columns an identifier gets 30 % of the width (24 cells): the plan's 36-character id is shown on two
    lines, 'community-health-' (17 cells; with 'population-' it would be 28) and 'population-coverage'."""
    assert int(80 * IDENTIFIER_SHARE) == 24 and len("community-health-population-") == 28
    lines = _shown(["list"], 80).splitlines()
    at = [k for k, line in enumerate(lines) if line.startswith(" community-health-  ")]
    assert at and lines[at[0] + 1].startswith(" population-coverage "), lines[at[0] : at[0] + 2]
    assert "community-health-population-coverage" in _shown(["list"], 200)  # whole where it fits


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet="abcdefghij0123456789", min_size=1, max_size=12), min_size=1, max_size=8),
       st.sampled_from("-_."), st.integers(min_value=4, max_value=40))  # fmt: skip
def test_break_identifier_keeps_every_character(parts, sep, width):
    """The lines join back to the identifier; each but the last ends at a separator; a line is wider than ``width``
    only where one part alone is."""
    ident = sep.join(parts)
    lines = break_identifier(ident, width).split("\n")
    assert "".join(lines) == ident
    assert all(line.endswith(sep) for line in lines[:-1])
    assert all(len(line) <= width or sep not in line.rstrip(sep) for line in lines)


def test_runs_of_years():
    assert runs(["2021", "2022", "2023", "2024", "2026", "2027", "2030"]) == ["2021–2024", "2026–2027", "2030"]
    assert runs(["走势", "2021", "规则", "2022"]) == ["走势", "2021", "规则", "2022"]


def test_a_narrow_projection_shows_base_target_and_horizon_and_names_the_rest():
    """At 80 columns the 2020–2035 projection is one block with 2020, 2025 and 2035 (not 16 year columns in six
    blocks); the note names the years left out as ranges and says how to see them."""
    text = _shown(["project"], 80)
    heads = _header_lines(text)
    assert len(heads) == 1 and re.findall(r"\b20\d\d\b", heads[0]) == ["2020", "2025", "2035"], heads
    assert "2021–2024、2026–2034" in text and "--step 5" in text
    for width in (120, 200):  # what is shown and what the note names are every year, once
        text = _shown(["project"], width)
        shown = [int(y) for y in re.findall(r"\b20\d\d\b", _header_lines(text)[0])]
        note = " ".join(text[text.index("未显示：") :].split()).split("；")[0]
        left_out = [y for a, b in re.findall(r"(20\d\d)(?:–(20\d\d))?", note) for y in range(int(a), int(b or a) + 1)]
        assert {2020, 2025, 2035} <= set(shown) and sorted(shown + left_out) == list(range(2020, 2036))
        assert width < 200 or 2030 in shown  # the fifth years go after the others
    assert "未显示" not in _shown(["project"], 400)
    assert re.findall(r"\b20\d\d\b", _header_lines(_shown(["project"], 400))[0]) == [str(y) for y in range(2020, 2036)]


def test_track_shows_its_status_first_with_a_mark_and_targets_as_printed():
    """The status follows the id and name, with a mark that reads without colour (NO_COLOR is set); GDP's 2025
    target prints as the plan prints it, 242 (the table 242, not 242.0), its base as 150.2."""
    text = _shown(COMMANDS["track"], 80)
    head = _header_lines(text)[0].split()
    assert head[:3] == ["编号", "指标", "状态"], head
    gdp = next(line for line in text.splitlines() if line.startswith(" gdp "))
    assert re.search(r"[✓✗!?] ", gdp), gdp
    gdp_rows = [line for line in text.splitlines() if line.startswith(" gdp ") and "150.2" in line]
    assert gdp_rows and " 242 " in gdp_rows[0] and "242.0" not in gdp_rows[0], gdp_rows


def test_show_keeps_fields_beside_their_values():
    """The field/value table wraps its values rather than split into a block of labels and a block of values."""
    for width in (60, 80):
        heads = _header_lines(_shown(["show", "gdp"], width))
        assert heads[0].split()[:2] == ["项目", "内容"], (width, heads[0])


@pytest.mark.parametrize("width", WIDTHS)
def test_latin_runs_inside_chinese_names_are_never_cut(width):
    """A CJK name wraps between its characters, but "GDP", "5000" or "PM2.5" stay whole ("服务业增加值占GDP比重" once
    printed "占GD" and "P比重" on two lines): every run of Latin letters and digits of the names appears intact."""
    from lingyuan_targets.io.plandir import load_plan

    names = list(load_plan().indicators["name"])
    runs_ = {r for name in names for r in re.findall(r"[A-Z][A-Za-z0-9.]+", name)}  # capitals: ids are lower case
    assert {"GDP", "PM2.5"} <= runs_  # the plan's names have such runs
    out = _shown(["list"], width)
    cut = {r for r in runs_ if out.count(r) < sum(name.count(r) for name in names)}  # as often as in the names
    assert not cut, cut


@pytest.mark.parametrize(("lang", "first_end"), [("zh", "，"), ("en", ";")])
def test_the_check_summary_breaks_at_the_end_of_a_clause(lang, first_end):
    """At 80 columns the summary takes two lines, as greedy wrapping would, and the first ends a clause, so "提示 16"
    or "5 error(s)" is not torn from its number."""
    out = _shown(["check", "--lang", lang], 80).rstrip("\n").split("\n")
    first, last = out[-2].rstrip(), out[-1]
    assert first.endswith(first_end) and ("提示 16" in last if lang == "zh" else "5 error(s)" in last), out[-2:]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("服务业增加值占GDP比重", 8, ["服务业增", "加值占", "GDP比重"]),  # 4 CJK characters fill 8 cells
        ("舍入方式 half-up）", 10, ["舍入方式", "half-up）"]),  # "）" never starts a line
        ("占比（百分比）", 6, ["占比", "（百分", "比）"]),  # nor "（" ends one: "占比（" would fit 6 cells
        ("growth in [9.5, 10.5) reaches 60", 24, ["growth in [9.5, 10.5)", "reaches 60"]),  # greedy, "," no clause
        ("aaaa; bbb cc", 10, ["aaaa;", "bbb cc"]),  # last break at a clause end: the rest fits on one line
        ("abcdefghijkl", 5, ["abcde", "fghij", "kl"]),  # a run wider than the line is folded
    ],
)
def test_line_breaks(text, width, lines):
    from lingyuan_targets.output.terminal import line_breaks

    cuts = line_breaks(text, width)
    assert [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)])] == lines


@pytest.mark.parametrize("width", (80, 400))
def test_the_bound_note_names_the_indicators_and_years_itself(width):
    """The note on natural bounds names each indicator and the year its path reaches the bound, so it reads whether
    or not the 'bound reached' column is shown (at 80 columns it is left out). The years are the csv's saturates_in:
    broadband-penetration from 2033, compulsory-retention from 2026."""
    import csv
    import io

    rows = csv.DictReader(io.StringIO(CliRunner().invoke(cli, ["project", "-f", "csv"]).output))
    hit = {r["id"]: r["saturates_in"] for r in rows if r["saturates_in"]}
    assert hit == {"broadband-penetration": "2033", "compulsory-retention": "2026"}
    zh = re.sub(r"\s+", "", _shown(["project"], width))  # the note may wrap: compared without white space
    assert (
        "2个指标触及自然边界并保持在边界值：broadband-penetration（2033年起）、compulsory-retention（2026年起）。" in zh
    )
    en = " ".join(_shown(["project", "--lang", "en"], width).split())
    assert "stay there: broadband-penetration from 2033, compulsory-retention from 2026." in en
    assert "见“触及边界年份”" not in zh and "column 'bound reached'" not in en  # as the note said before


def test_line_breaks_take_linear_time_on_a_long_cell():
    """A 100,000-character CJK cell at 12 cells a line is 16,667 lines (6 characters each), found in one pass: each
    part's width is a difference of running sums (the loop once re-measured the whole rest for every line, 45 s for
    a 20,000-character name at 40 columns)."""
    from lingyuan_targets.output.terminal import line_breaks

    cuts = line_breaks("中" * 100_000, 12)
    assert len(cuts) == 100_000 // 6 and cuts[:2] == [6, 12] and cuts[-1] == 99_996


def test_notes_under_a_split_table_wrap_as_other_text():
    """At 40 columns project's table is split into blocks and its notes go below the last one: they still never break
    inside a Latin run ("broadb / and-penetration", "--s / tep" before)."""
    out = _shown(["project"], 40)
    tail = out[out.index("个指标触及自然边界") :]
    assert "broadband-penetration（2033 年起）" in tail and "--step 5" in tail

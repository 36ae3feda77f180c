"""track, outlook, plot, report and xlsx output from the command line."""

from __future__ import annotations

import base64
import csv
import io
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .test_cli import _invoke

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "actuals-demo.csv"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture()
def actuals(tmp_path: Path) -> Path:
    path = tmp_path / "actuals.csv"
    path.write_text("id,year,value,source\ngdp,2021,165,公报\ngdp,2022,185,公报\npm25,2023,38,公报\n"
                    "budget-revenue,2025,19.5,公报\nforest-cover,2025,54.8,公报\n", encoding="utf-8")  # fmt: skip
    return path


def test_track_json_carries_statuses_and_the_method(actuals):
    """track -f json: one row per indicator with actuals, the status code, and the method in the document."""
    result = _invoke(["track", "--actuals", str(actuals), "-f", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    rows = {r["id"]: r for r in doc["rows"]}
    assert set(rows) == {"gdp", "budget-revenue", "pm25", "forest-cover"}
    # the file reaches 2025, so the assessment is final: GDP has no 2025 figure
    assert rows["gdp"]["status_code"] == "not_assessable" and "2025" in rows["gdp"]["reason"]
    assert rows["budget-revenue"]["status_code"] == "not_achieved"
    assert rows["budget-revenue"]["gap"] == pytest.approx(19.5 - 20.6)
    assert rows["forest-cover"]["status_code"] == "achieved"
    assert "Open SDG" in doc["method"] and doc["summary"]["achieved"] == 1
    as_of = json.loads(_invoke(["track", "--actuals", str(actuals), "-f", "json", "--as-of", "2024"]).output)
    gdp = next(r for r in as_of["rows"] if r["id"] == "gdp")
    assert gdp["status_code"] == "on_track"
    assert gdp["needed"] == pytest.approx(((242 / 185) ** (1 / 3) - 1) * 100)
    assert gdp["source"] == "公报" and gdp["actuals_line"] == 3


def test_track_exit_status_follows_fail_on(actuals):
    """Exit 0 by default; --fail-on not-achieved exits 1 (budget revenue missed its target)."""
    assert _invoke(["track", "--actuals", str(actuals), "-f", "csv"]).exit_code == 0
    assert _invoke(["track", "--actuals", str(actuals), "-f", "csv", "--fail-on", "not-achieved"]).exit_code == 1
    only_gdp = _invoke(["track", "gdp", "--actuals", str(actuals), "-f", "csv", "--as-of", "2024",
                        "--fail-on", "needs-acceleration"])  # fmt: skip
    assert only_gdp.exit_code == 0


def test_bad_actuals_exit_2_with_every_problem_and_nothing_written(tmp_path):
    """Two bad rows: both reported with file:line and field, exit 2, no traceback, no output file."""
    bad = tmp_path / "bad.csv"
    bad.write_text("id,year,value,source\ngpd,2022,1,s\ngdp,2023,x,s\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = _invoke(["track", "--actuals", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert f"{bad}:2: id:" in result.output and f"{bad}:3: value:" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_validate_checks_an_actuals_file(tmp_path, actuals):
    """validate --actuals: exit 0 for a good file, 1 with located problems for a bad one (json too)."""
    assert _invoke(["validate", "--actuals", str(actuals)]).exit_code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("id,year,value,source\ngdp,2019,1,s\n", encoding="utf-8")
    result = _invoke(["validate", "--actuals", str(bad), "-f", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["plans"][-1]["problems"][0]["code"] == "out-of-range"
    assert doc["plans"][-1]["problems"][0]["line"] == 2


def test_outlook_csv_has_a_column_per_scenario(actuals):
    """outlook -f csv: 2035 under each scenario and the rate the doubling goal needs, from the latest actual."""
    result = _invoke(["outlook", "gdp", "--actuals", str(actuals), "-f", "csv"])
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(io.StringIO(result.output)))
    assert float(row["value:moderate"]) == pytest.approx(185 * 1.1**3 * 1.05**10)
    assert float(row["needs:doubling"]) == pytest.approx(((2 * 150.2 / 185) ** (1 / 13) - 1) * 100)
    assert (row["start_year"], row["start_from"]) == ("2022", "actual")


def test_outlook_rates_grid():
    """outlook --rates 2:8:1 gives the 2035 value at each rate from the printed 2025 target."""
    result = _invoke(["outlook", "gdp", "rural-income", "--rates", "2:8:1", "-f", "csv"])
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.output))}
    assert [k for k in rows["gdp"] if k.isdigit()] == ["2", "3", "4", "5", "6", "7", "8"]
    assert float(rows["rural-income"]["3"]) == pytest.approx(26832 * 1.03**10)
    assert _invoke(["outlook", "--rates", "8:2"]).exit_code == 2


def test_unknown_ids_are_usage_errors(actuals):
    """An unknown id in track, outlook or plot is exit 2 with the list hint."""
    for args in (["track", "nope", "--actuals", str(actuals)], ["outlook", "nope"], ["plot", "nope", "-o", "x.png"]):
        result = _invoke(args)
        assert result.exit_code == 2 and "lingyuan-targets list" in result.output, args


def test_xlsx_round_trips_through_pandas(tmp_path):
    """project -o x.xlsx: numbers are numbers, with the unit and the source line of each target."""
    pd = pytest.importorskip("pandas")
    out = tmp_path / "p.xlsx"
    assert _invoke(["project", "gdp", "pm25", "--to", "2025", "-o", str(out), "--lang", "en"]).exit_code == 0
    sheet = pd.read_excel(out)
    gdp = sheet[sheet["id"] == "gdp"].iloc[0]
    assert gdp["2025"] == pytest.approx(150.2 * 1.1**5) and isinstance(gdp["2025"], float)
    assert gdp["unit"] == "100 million yuan" and gdp["source line"] == 331
    assert list(sheet.columns[:3]) == ["id", "indicator", "unit"]  # English headers with --lang en
    assert sheet[sheet["id"] == "pm25"].iloc[0]["2025"] == pytest.approx(43 - 8)  # 累计 −8 spread as −1.6 a year


def test_xlsx_needs_an_output_file():
    """-f xlsx without -o is a usage error (a workbook is not printed to a terminal)."""
    result = _invoke(["list", "-f", "xlsx"])
    assert result.exit_code == 2 and "-o" in result.output


@pytest.mark.parametrize("command", [["list"], ["check"], ["show", "gdp"], ["track", "--actuals", str(DEMO)],
                                     ["outlook"], ["scenarios"]])  # fmt: skip
def test_every_table_command_writes_xlsx(tmp_path, command):
    """Each tabular command writes a workbook pandas can read."""
    pd = pytest.importorskip("pandas")
    out = tmp_path / "out.xlsx"
    result = _invoke([*command, "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    sheets = pd.read_excel(out, sheet_name=None)
    assert sheets and all(len(s.columns) > 1 for s in sheets.values())


def test_plot_writes_valid_png_and_svg(tmp_path, actuals):
    """plot -o x.png is a PNG of the expected size; -o x.svg parses as SVG with no external references."""
    pytest.importorskip("matplotlib")
    from PIL import Image

    png, svg = tmp_path / "c.png", tmp_path / "c.svg"
    assert _invoke(["plot", "gdp", "pm25", "--actuals", str(actuals), "-o", str(png)]).exit_code == 0
    assert png.read_bytes().startswith(PNG)
    with Image.open(png) as im:
        assert im.size[0] == 1050
    assert _invoke(["plot", "gdp", "-o", str(svg), "--lang", "en"]).exit_code == 0
    import xml.etree.ElementTree as ET

    assert ET.parse(svg).getroot().tag.endswith("svg")
    assert 'href="http' not in svg.read_text(encoding="utf-8")
    assert _invoke(["plot", "gdp", "-o", str(tmp_path / "c.jpg")]).exit_code == 2


class _Refs(HTMLParser):
    """Collects every src/href attribute of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.images = 0

    def handle_starttag(self, tag, attrs):
        self.images += tag == "img"
        self.refs += [v for k, v in attrs if k in ("src", "href") and v is not None]


def test_report_html_is_self_contained(tmp_path, actuals):
    """report -o x.html parses, refers to nothing outside itself, embeds its charts, and is byte-stable."""
    pytest.importorskip("matplotlib")
    out = tmp_path / "r.html"
    args = ["report", "--actuals", str(actuals), "--chart", "gdp", "--chart", "pm25", "--lang", "en", "-o", str(out)]
    assert _invoke(args).exit_code == 0
    text = out.read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(text)
    assert parser.images == 2
    assert all(ref.startswith("data:image/svg+xml;base64,") for ref in parser.refs)
    for ref in parser.refs:
        assert base64.b64decode(ref.split(",", 1)[1]).lstrip().startswith(b"<?xml")
    assert "url(" not in text and "@import" not in text
    for section in ("Plan arithmetic check", "Progress towards the targets", "Outlook", "Indicator catalogue"):
        assert section in text
    first = out.read_bytes()
    assert _invoke(args).exit_code == 0 and out.read_bytes() == first


def test_report_markdown_embeds_png_charts(tmp_path):
    """report -o x.md in Chinese: the sections in Chinese and each chart a PNG data URI."""
    pytest.importorskip("matplotlib")
    out = tmp_path / "r.md"
    assert _invoke(["report", "--chart", "gdp", "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "## 规划数字核查" in text and "## 指标目录" in text
    uri = text.split("](data:image/png;base64,", 1)[1].split(")", 1)[0]
    assert base64.b64decode(uri).startswith(PNG)


def test_report_without_charts_and_bad_suffix(tmp_path):
    """--no-charts leaves images out; a suffix other than .html/.md is a usage error."""
    out = tmp_path / "r.html"
    assert _invoke(["report", "--no-charts", "-o", str(out)]).exit_code == 0
    assert "<img" not in out.read_text(encoding="utf-8")
    assert _invoke(["report", "-o", str(tmp_path / "r.pdf")]).exit_code == 2


def test_help_and_version_import_no_heavy_libraries():
    """--help and --version load neither pandas, numpy, matplotlib nor openpyxl (checked in a fresh interpreter)."""
    code = ("import sys; from lingyuan_targets.cli import main\n"
            "try:\n    main([sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib', 'openpyxl') if m in sys.modules), file=sys.stderr)")  # fmt: skip
    for flag in ("--help", "--version"):
        proc = subprocess.run(
            [sys.executable, "-c", code, flag], capture_output=True, text=True, timeout=120, check=False
        )
        assert proc.stderr.strip().splitlines()[-1] == "[]", (flag, proc.stderr)


def test_new_commands_have_help_with_examples():
    """track, outlook, plot and report each show examples in --help."""
    for name in ("track", "outlook", "plot", "report"):
        result = _invoke([name, "--help"])
        assert "Examples:" in result.output and f"lingyuan-targets {name}" in result.output, name


def test_report_names_the_actuals_and_their_sources(tmp_path):
    """The summary says which file the actuals came from and quotes its sources (the demo says 'invented')."""
    out = tmp_path / "r.md"
    assert _invoke(["report", "--actuals", str(DEMO), "--no-charts", "--lang", "en", "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "Actuals: actuals-demo.csv" in text and "invented for illustration" in text


def test_cli_edge_cases_exit_cleanly(tmp_path, actuals):
    """Unwritable output, --as-of before the base year, bad thresholds: exit 2 with a message; empty input: a note."""
    result = _invoke(["track", "--actuals", str(actuals), "-o", "/proc/x.csv"])
    assert result.exit_code == 2 and "Internal error" not in result.output
    assert _invoke(["track", "--actuals", str(actuals), "--as-of", "2010"]).exit_code == 2
    assert _invoke(["track", "--actuals", str(actuals), "--thresholds", "inf,0.6,0"]).exit_code == 2
    header_only = tmp_path / "h.csv"
    header_only.write_text("id,year,value,source\n", encoding="utf-8")
    result = _invoke(["track", "--actuals", str(header_only), "-f", "csv"])
    assert result.exit_code == 0 and "note: no indicator has actuals" in result.output


def test_plot_says_when_a_panel_has_nothing_to_draw(tmp_path):
    """An indicator with no base, target or actuals is drawn empty with a note naming it."""
    pytest.importorskip("matplotlib")
    result = _invoke(["plot", "capital-utilised-growth", "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 0 and "capital-utilised-growth: nothing to draw" in result.output

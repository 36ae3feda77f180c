"""A report to print and send: dated (by SOURCE_DATE_EPOCH when set, so the bytes can stay the same), with the tool's
version, each catalogue row's section and line, and print styles (A4, wide tables on landscape pages)."""

from __future__ import annotations

import datetime
import re

from lingyuan_targets import __version__
from lingyuan_targets.views.report import made_on

from .test_cli import _invoke

# 2026-01-01T00:00:00Z: 56 years of 365 days and 14 leap days (1972 … 2024) after 1970-01-01
JAN_2026 = (56 * 365 + 14) * 86400


def test_the_epoch_of_2026():
    assert JAN_2026 == 1767225600
    assert made_on(str(JAN_2026), datetime.date(2030, 5, 5)) == "2026-01-01"
    assert made_on(str(JAN_2026 - 1), datetime.date(2030, 5, 5)) == "2025-12-31"  # one second before: the last day
    assert made_on(None, datetime.date(2030, 5, 5)) == "2030-05-05" == made_on("", datetime.date(2030, 5, 5))


def test_a_report_is_dated_by_source_date_epoch_and_reproducible(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(JAN_2026))
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    for out in (first, second):
        assert _invoke(["report", "--no-charts", "-o", str(out)]).exit_code == 0
    text = first.read_text(encoding="utf-8")
    assert first.read_bytes() == second.read_bytes()
    assert f"由 lingyuan-targets {__version__} 于 2026-01-01 生成" in text
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(JAN_2026 + 86400))
    assert _invoke(["report", "--no-charts", "--lang", "en", "-o", str(second)]).exit_code == 0
    assert f"Made by lingyuan-targets {__version__} on 2026-01-02" in second.read_text(encoding="utf-8")


def test_a_malformed_source_date_epoch_is_a_usage_error(tmp_path, monkeypatch):
    """The reproducible-builds convention: a malformed value stops the build (exit 2, one line, no file)."""
    for bad in ("2026-01-01", "-5", "1e9", "9" * 20):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", bad)
        result = _invoke(["report", "--no-charts", "-o", str(tmp_path / "r.md")])
        assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.output, (bad, result.output)
        assert "Traceback" not in result.output and not (tmp_path / "r.md").exists()


def test_the_catalogue_names_section_and_line(tmp_path):
    """GDP is stated in the main indicator table of chapter 2, section 2, line 331 of the plan text."""
    out = tmp_path / "r.md"
    assert _invoke(["report", "--no-charts", "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    catalogue = text[text.index("## 指标目录") :]
    gdp = next(line for line in catalogue.splitlines() if line.startswith("| gdp "))
    assert "第二章第二节 主要指标表 第331行" in gdp, gdp
    shown = _invoke(["list", "-f", "markdown", "--lang", "en"]).output
    assert "第二章第二节 主要指标表, line 331" in shown


def test_print_styles(tmp_path):
    """A4 pages, tables of more than nine columns on landscape pages, header rows repeated on every page, ids never
    wrapped."""
    out = tmp_path / "r.html"
    assert _invoke(["report", "--no-charts", "-o", str(out)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "@page{size:A4" in html and "@page wide{size:A4 landscape" in html and "table.wide{page:wide}" in html
    assert "thead{display:table-header-group}" in html and "td.id{white-space:nowrap}" in html
    tables = re.findall(r"<table[^>]*>.*?</thead>", html, flags=re.S)
    for table in tables:
        columns = table.count("<th")
        assert ('class="wide"' in table) == (columns > 9), (columns, table[:80])
    assert any('class="wide"' in t for t in tables) and '<td class="id">gdp</td>' in html

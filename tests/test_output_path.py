"""The one output path: every command takes the shared options, writes any of its formats to a file or to stdout,
and words the core's errors with the command line's flags."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from lingyuan_targets.cli import main
from lingyuan_targets.cli.options import describe, error_text
from lingyuan_targets.plan.errors import Location, PlanError


def _invoke(args):
    return CliRunner().invoke(click.Command("x", callback=lambda: main(list(args))), [], catch_exceptions=False)


def test_show_table_to_a_file(tmp_path):
    """show -f table -o FILE writes the three tables to the file, and nothing to stdout."""
    out = tmp_path / "gdp.txt"
    result = _invoke(["show", "gdp", "-f", "table", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0 and result.output == ""
    text = out.read_text(encoding="utf-8")
    assert "Provenance" in text and "Trajectory (continue)" in text and "241.9" in text  # 150.2 · 1.1**5


def test_validate_writes_json_to_a_file(tmp_path):
    """validate -f json -o FILE: the document in the file, exit 0 for the embedded plan."""
    out = tmp_path / "v.json"
    assert _invoke(["validate", "-f", "json", "-o", str(out)]).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema_version"] == 1 and doc["command"] == "validate" and doc["valid"] is True


def test_validate_list_codes_is_the_registry():
    from lingyuan_targets.plan.problems import PROBLEMS

    rows = json.loads(_invoke(["validate", "--list-codes", "-f", "json"]).output)["rows"]
    assert [r["code"] for r in rows] == list(PROBLEMS)


def test_schema_to_a_file(tmp_path):
    out = tmp_path / "s.json"
    assert _invoke(["schema", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"].startswith("lingyuan-targets plan")


@pytest.mark.parametrize("args", [["report", "--no-charts"], ["plot", "gdp"]])
def test_a_suffix_that_names_no_format_is_a_usage_error(tmp_path, args):
    """report and plot choose their format from the suffix: .txt is neither, exit 2, nothing written."""
    out = tmp_path / "x.txt"
    result = _invoke([*args, "-o", str(out)])
    assert result.exit_code == 2 and "the file name must end in" in result.output and not out.exists()


def test_format_wins_over_the_suffix(tmp_path):
    """report -f markdown -o x.txt writes Markdown whatever the suffix says."""
    out = tmp_path / "x.txt"
    assert _invoke(["report", "--no-charts", "-f", "markdown", "-o", str(out), "--lang", "en"]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Outline of the 14th Five-Year Plan")


@pytest.mark.parametrize("args", [["list"], ["check"], ["track", "--actuals", "examples/actuals-demo.csv"]])
def test_xlsx_needs_a_file(args):
    result = _invoke([*args, "-f", "xlsx"])
    assert result.exit_code == 2 and "--format xlsx writes a file: add -o FILE.xlsx" in result.output


def test_plot_and_report_take_encoding_and_one_plan(tmp_path):
    """The shared options: --encoding is checked, a second --plan is refused."""
    assert "unknown encoding" in _invoke(["report", "-o", str(tmp_path / "r.html"), "--encoding", "x-no"]).output
    result = _invoke(["plot", "gdp", "-o", str(tmp_path / "c.svg"), "--plan", "data", "--plan", "data"])
    assert result.exit_code == 2 and "takes one --plan" in result.output


def test_describe_adds_the_flag_and_the_hint():
    """The core names the argument (parameter) and the kind of help (hint); the command line words them."""
    to = PlanError("2019: must be after the base year 2020", code="year-order", parameter="to")
    assert describe(to) == "--to 2019: must be after the base year 2020"
    enc = PlanError("neither UTF-8 nor GB18030 (byte 9)", Location("b.csv", 2), "encoding", hint="encoding")
    assert error_text(enc) == "b.csv:2: neither UTF-8 nor GB18030 (byte 9); save the file as UTF-8 or pass --encoding"
    assert str(enc) == "b.csv:2: neither UTF-8 nor GB18030 (byte 9)"  # the core's own words name no flag


def test_errors_collected_keep_their_hint(tmp_path):
    """A plan with several problems raises them as one error that still reads like the first, hint included."""
    from lingyuan_targets import load_plan

    plan = tmp_path / "p"
    plan.mkdir()
    (plan / "indicators.yaml").write_bytes(b"plan: {id: x}\n" + b"\xff\xfe" * 4)
    with pytest.raises(PlanError) as caught:
        load_plan(plan)
    assert caught.value.hint == "encoding" and "pass --encoding" in error_text(caught.value)


def test_to_before_the_base_year_names_the_flag(plan):
    """A horizon before the base year: the core names the argument, the command line its flag and value."""
    from lingyuan_targets import ScenarioError, project

    with pytest.raises(ScenarioError) as caught:
        project(plan, to=2019)
    assert caught.value.parameter == "to" and "--" not in str(caught.value)
    assert describe(caught.value) == "--to 2019: must be after the base year 2020"


@pytest.mark.parametrize("args", [["report", "--no-charts"], ["plot", "gdp"]])
def test_plot_and_report_need_a_file(args):
    """A document or an image goes to a file: without -o, a usage error and nothing on stdout."""
    result = _invoke(args)
    assert result.exit_code == 2 and "Missing option '-o'" in result.output and "<html" not in result.output


def test_the_pipeline_is_checked_without_a_sums_file(tmp_path, plan):
    """The sums family checks the project pipeline too: a plan without sums.csv gets the same pipeline checks."""
    import shutil

    from lingyuan_targets.checks import check_plan
    from lingyuan_targets.io.plandir import default_plan_dir, load_plan

    copy = tmp_path / "p"
    shutil.copytree(default_plan_dir(), copy)
    (copy / "sums.csv").unlink()

    def pipeline(p):
        return [(f.ids, f.code) for f in check_plan(p, select=["sums"]).results if f.ids[0].startswith("projects-")]

    alone, full = pipeline(load_plan(copy)), pipeline(plan)
    assert alone == full and {ids[0] for ids, _ in alone} >= {"projects-count-by-size", "projects-investment-by-sector"}


def test_notes_come_before_a_failed_write(tmp_path):
    """A chart's notes (a font, say) reach stderr even when the file cannot be written."""
    from lingyuan_targets.output import emit
    from lingyuan_targets.views.table import View

    seen = []

    class Noted(View):
        pass

    import lingyuan_targets.output as output

    original = output.render
    output.render = lambda view, fmt, lang, font=None: output.Rendered("x", ["a note"])
    try:
        with pytest.raises(output.OutputError):
            emit(Noted(), "csv", "en", tmp_path / "missing" / "x.csv", notes=seen.extend)
    finally:
        output.render = original
    assert seen == ["a note"]


def test_an_output_suffix_the_command_does_not_write_is_a_usage_error(tmp_path):
    """-o x.pdf used to be written as csv; now it is exit 2 naming the suffixes, with nothing written. A name
    without a suffix still takes csv, and -f states the format whatever the name."""
    from .test_cli import _invoke

    pdf = tmp_path / "x.pdf"
    result = _invoke(["project", "gdp", "-o", str(pdf)])
    assert result.exit_code == 2 and ".csv, .json, .md, .xlsx" in result.output and not pdf.exists()
    assert _invoke(["project", "gdp", "-o", str(tmp_path / "plain")]).exit_code == 0
    assert (tmp_path / "plain").read_text(encoding="utf-8").startswith("id,")
    assert _invoke(["project", "gdp", "-f", "json", "-o", str(pdf)]).exit_code == 0

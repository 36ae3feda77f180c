"""The command line: every command in every format, exit statuses, files, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lingyuan_targets.cli import cli, main

COMMANDS = [["list"], ["project"], ["project", "gdp", "--to", "2025"], ["show", "gdp"], ["scenarios"]]


def _invoke(args):
    runner = CliRunner()

    def entry():
        main(list(args))

    import click

    return runner.invoke(click.Command("x", callback=entry), [], catch_exceptions=False)


@pytest.mark.parametrize("args", COMMANDS)
@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_every_command_every_format(args, fmt):
    """Each data command prints in each format and exits 0; json parses, csv has a header."""
    result = _invoke([*args, "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        doc = json.loads(result.output)
        assert doc["schema_version"] == 1 and doc["plan"] == "lingyuan-14th"
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.output)))
        assert len(rows) > 1 and len({len(r) for r in rows}) == 1


@pytest.mark.parametrize("args", COMMANDS)
def test_csv_and_json_are_byte_stable(args):
    """The same input gives byte-identical csv and json."""
    for fmt in ("csv", "json"):
        first, second = _invoke([*args, "-f", fmt]).output, _invoke([*args, "-f", fmt]).output
        assert first == second


def test_project_json_values_full_precision():
    """JSON keeps full precision: GDP 2025 = 150.2 × 1.1**5 = 241.89860200000004 (float), not 241.9."""
    doc = json.loads(_invoke(["project", "gdp", "-f", "json", "--to", "2025"]).output)
    row = doc["rows"][0]
    assert row["2025"] == pytest.approx(150.2 * 1.1**5, rel=1e-15)
    assert doc["scenario"] == "continue" and doc["years"][0] == 2020


def test_project_table_rounds_half_up_to_printed_precision():
    """The rural-income row shows 26832 for 2025 (26831.652 half up), GDP 241.9."""
    out = _invoke(["project", "rural-income", "gdp", "--to", "2025", "-f", "markdown"]).output
    assert "26832" in out and "241.9" in out and "26831.65" not in out


def test_lang_en_and_zh():
    """--lang switches names and headers."""
    en = _invoke(["list", "-f", "markdown", "--lang", "en"]).output
    zh = _invoke(["list", "-f", "markdown", "--lang", "zh"]).output
    assert "Gross regional product" in en and "indicator" in en
    assert "地区生产总值" in zh and "指标" in zh


def test_show_has_provenance_snippet_and_implied_rate():
    """show prints the original table line and the implied rate; json carries data-file lines."""
    out = _invoke(["show", "gdp", "-f", "markdown", "--lang", "en"]).output
    assert "地区生产总值（亿元） │ 150.2 │ 242" in out
    assert "10.01" in out  # implied rate (242/150.2)**0.2 − 1 = 10.0092%
    doc = json.loads(_invoke(["show", "gdp", "-f", "json"]).output)
    prov = doc["provenance"][0]
    assert prov["text_line"] == 331 and prov["file"] == "indicators.yaml" and prov["file_line"] > 0


def test_scenario_labels_every_outlook_number():
    """With --to 2035 each row names the scenario that made its outlook values."""
    doc = json.loads(_invoke(["project", "--scenario", "doubling", "-f", "json"]).output)
    by_id = {r["id"]: r for r in doc["rows"]}
    assert by_id["gdp"]["scenario"] == "doubling" and by_id["pm25"]["scenario"] == "continue"
    assert by_id["broadband-penetration"]["saturates_in"] == 2033


def test_output_file_is_written_atomically(tmp_path):
    """-o writes the file (format from the suffix) and leaves no temporary file behind."""
    target = tmp_path / "out.json"
    result = _invoke(["project", "gdp", "-o", str(target)])
    assert result.exit_code == 0 and result.output == ""
    assert json.loads(target.read_text(encoding="utf-8"))["rows"][0]["id"] == "gdp"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_never_overwrites_an_input(plan_copy):
    """-o pointing at a plan file is refused with status 2 and the file is untouched."""
    before = (plan_copy / "baseline_2020.csv").read_bytes()
    result = _invoke(["list", "--plan", str(plan_copy), "-o", str(plan_copy / "baseline_2020.csv")])
    assert result.exit_code == 2 and "input file" in result.output
    assert (plan_copy / "baseline_2020.csv").read_bytes() == before


def test_other_plan_directory(plan_copy):
    """--plan runs on another directory laid out the same way."""
    text = (plan_copy / "indicators.yaml").read_text(encoding="utf-8").replace("id: lingyuan-14th", "id: copy")
    (plan_copy / "indicators.yaml").write_text(text, encoding="utf-8")
    doc = json.loads(_invoke(["list", "--plan", str(plan_copy), "-f", "json"]).output)
    assert doc["plan"] == "copy"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "nope"], "unknown indicator id 'nope'"),
        (["project", "--scenario", "zzz"], "unknown scenario 'zzz'"),
        (["project", "--plan", "/no/such/dir"], "plan directory not found"),
        (["project", "--to", "1999"], "1999"),
        (["project", "--format", "xml"], "xml"),
    ],
)
def test_usage_errors_exit_2_without_traceback(args, message):
    """Bad ids, scenarios, paths and options: one clear line, exit status 2."""
    result = _invoke(args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_broken_yaml_names_file_and_line(plan_copy):
    """A YAML syntax error is reported with file:line and exit 2."""
    path = plan_copy / "indicators.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[30] = "    name: [unclosed"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = _invoke(["list", "--plan", str(plan_copy)])
    assert result.exit_code == 2 and "indicators.yaml:" in result.output and "Traceback" not in result.output


def test_help_has_examples_on_every_command():
    """Every command's --help shows an example."""
    runner = CliRunner()
    for name in ["list", "project", "show", "scenarios"]:
        out = runner.invoke(cli, [name, "--help"]).output
        assert "Examples:" in out and f"lingyuan-targets {name}" in out, name


def test_version():
    """--version prints the package version from its metadata."""
    from lingyuan_targets import __version__

    assert __version__ in CliRunner().invoke(cli, ["--version"]).output


def test_no_color_is_respected():
    """With NO_COLOR set and a forced terminal, the table has no colour escapes."""
    env = {"NO_COLOR": "1", "FORCE_COLOR": None, "TERM": "xterm-256color", "COLUMNS": "120"}
    code = "from lingyuan_targets.cli import main; main(['list', '-f', 'table'])"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(env), timeout=120)
    assert proc.returncode == 0 and "\x1b[3" not in proc.stdout and "地区生产总值" in proc.stdout


def test_python_dash_m():
    """python -m lingyuan_targets runs the CLI."""
    proc = subprocess.run([sys.executable, "-m", "lingyuan_targets", "project", "gdp", "-f", "csv", "--to", "2025"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0 and proc.stdout.startswith("id,")


def _env(extra):
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update({k: v for k, v in extra.items() if v is not None})
    return env


def test_piped_default_format_is_csv():
    """Without --format, output to a pipe is csv (the table is for terminals)."""
    assert _invoke(["list"]).output.startswith("id,")


def test_chinese_columns_align_in_markdown():
    """Markdown pads by display width, so CJK cells line up (every row has the same display width)."""
    from rich.cells import cell_len

    out = _invoke(["list", "-f", "markdown", "--origin", "table"]).output
    table_lines = [line for line in out.split("\n") if line.startswith("|")]
    assert len({cell_len(line) for line in table_lines}) == 1


def test_installed_package_works_outside_the_repo(tmp_path):
    """From an unrelated directory, the installed tool finds its embedded data."""
    proc = subprocess.run([sys.executable, "-m", "lingyuan_targets", "list", "-f", "json"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["rows"]) == 157


def test_wheel_carries_the_data():
    """An installed (non-editable) package has data/ inside it, so no checkout is needed at run time."""
    import lingyuan_targets
    from lingyuan_targets.io.plandir import default_plan_dir

    package = Path(lingyuan_targets.__file__).resolve().parent
    if package.parent.name == "src":
        pytest.skip("editable install from a source checkout: data/ is read from the repository")
    assert default_plan_dir() == package / "data"
    assert (package / "data" / "indicators.yaml").is_file() and (package / "data" / "source" / "plan.txt").is_file()


def test_show_works_for_every_indicator(plan):
    """show's JSON is valid (no NaN) for every indicator, including those without base or target."""
    from lingyuan_targets.output.text import to_json
    from lingyuan_targets.views.detail import indicator_detail

    for ident in plan.indicators["id"]:
        doc = json.loads(to_json(indicator_detail(plan, ident, "en", scenario="doubling").document))
        assert doc["indicator"]["id"] == ident
        assert all("nan" != str(p.get("snippet")) for p in doc["provenance"])


# ------------------------------------------------------------------ check
def test_check_exit_status_follows_findings():
    """The embedded plan has errors: exit 1; a selection without errors exits 0; --fail-on widens it."""
    assert _invoke(["check", "-f", "json"]).exit_code == 1
    assert _invoke(["check", "-f", "json", "--select", "sums"]).exit_code == 1  # the facility-agriculture parts
    assert _invoke(["check", "-f", "json", "--select", "history"]).exit_code == 0  # only warnings and infos
    assert _invoke(["check", "-f", "json", "--select", "history", "--fail-on", "warning"]).exit_code == 1
    assert (
        _invoke(["check", "-f", "json", "--select", "target-rule", "--ignore", "target-rule-inconsistent"]).exit_code
        == 0
    )


def test_check_json_equals_library_report(plan):
    """The CLI's JSON is the library's report in its envelope (schema version, command), and byte-stable."""
    from lingyuan_targets.checks import check_plan
    from lingyuan_targets.output.text import to_json

    first = _invoke(["check", "-f", "json"]).output
    assert first == _invoke(["check", "-f", "json"]).output
    assert first == to_json({"schema_version": 1, "command": "check", **check_plan(plan).to_dict()})
    doc = json.loads(first)
    assert doc["schema_version"] == 1 and doc["summary"]["errors"] == 5
    f = doc["findings"][0]
    assert set(f) >= {
        "code",
        "severity",
        "ids",
        "verdict",
        "message_en",
        "message_zh",
        "values",
        "sources",
        "suggestion",
    }
    assert all({"file", "file_line", "text_line", "snippet"} <= set(s) for s in f["sources"])


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_check_formats(fmt):
    """Every format prints the findings and the summary (csv: one row per finding)."""
    result = _invoke(["check", "-f", fmt, "--lang", "en"])
    assert result.exit_code == 1
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert len(rows) == json.loads(_invoke(["check", "-f", "json"]).output)["summary"]["errors"] + sum(
            1 for r in rows if r["severity"] != "error"
        )
        assert {r["code"] for r in rows} >= {"quote-conflict", "target-rule-inconsistent"}
    else:
        assert "quote-conflict" in result.output and "checked" in result.output


def test_check_all_lists_passes_and_codes():
    """--all adds the passing checks; --list-codes lists every code."""
    doc = json.loads(_invoke(["check", "-f", "json", "--all"]).output)
    assert any(f["severity"] == "pass" for f in doc["findings"])
    codes = _invoke(["check", "--list-codes", "-f", "csv"]).output
    assert "target-rule-inconsistent" in codes and "check-too-coarse" in codes


def test_check_usage_errors():
    """An unknown code or rounding mode is a usage error (2), no traceback."""
    for args in (["check", "--select", "nope"], ["check", "--rounding", "ceil"]):
        result = _invoke(args)
        assert result.exit_code == 2 and "Traceback" not in result.output


def test_output_file_gets_a_normal_mode(tmp_path):
    """-o creates a file readable as a plain write would (umask applied), and keeps an existing file's mode."""
    import os

    new = tmp_path / "new.csv"
    assert _invoke(["list", "-o", str(new)]).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~umask
    old = tmp_path / "old.csv"
    old.write_text("x", encoding="utf-8")
    old.chmod(0o640)
    assert _invoke(["list", "-o", str(old)]).exit_code == 0
    assert old.stat().st_mode & 0o777 == 0o640


def test_bad_language_and_encoding_are_usage_errors(monkeypatch):
    """An unknown $LINGYUAN_TARGETS_LANG or --encoding name is refused with status 2."""
    assert _invoke(["list", "--encoding", "bogus"]).exit_code == 2
    assert _invoke(["validate", "--encoding", "bogus"]).exit_code == 2
    monkeypatch.setenv("LINGYUAN_TARGETS_LANG", "fr")
    result = _invoke(["list"])
    assert result.exit_code == 2 and "LINGYUAN_TARGETS_LANG" in result.output


def test_command_exits_with_its_status_and_all_its_output():
    """Run as a process the command ends without the interpreter's teardown: the status is still check's 1
    (errors found), stdout holds the whole JSON, and a reader that stops early (… | head -1) gets no error."""
    proc = subprocess.run([sys.executable, "-m", "lingyuan_targets", "check", "-f", "json"], capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 1 and json.loads(proc.stdout)["summary"]["errors"] > 0
    usage = subprocess.run([sys.executable, "-m", "lingyuan_targets", "project", "--to", "1999"], capture_output=True,
                           text=True, timeout=120)  # fmt: skip
    assert usage.returncode == 2 and "1999" in usage.stderr
    reader = subprocess.Popen([sys.executable, "-m", "lingyuan_targets", "project", "--to", "2100", "-f", "csv"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    first = reader.stdout.readline()
    reader.stdout.close()  # as head does after one line (the csv, 95 KB, overfills the pipe)
    _, err = reader.communicate(timeout=120)
    assert first.startswith(b"id,") and reader.returncode == 0 and b"Exception" not in err and b"Error" not in err


def test_command_with_closed_streams_and_exit_handlers(tmp_path):
    """Closed stdout or stderr (>&- 2>&-) leave the exit status as it is, with no traceback; exit handlers still
    run before the process ends (one registered by a sitecustomize writes a file)."""
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    (tmp_path / "sitecustomize.py").write_text(
        f"import atexit\natexit.register(lambda: open({str(tmp_path / 'ran')!r}, 'w').close())\n", encoding="utf-8"
    )
    cmd = [sys.executable, "-m", "lingyuan_targets"]
    version = subprocess.run([*cmd, "--version"], capture_output=True, env=env, timeout=120)
    assert version.returncode == 0 and (tmp_path / "ran").exists()
    closed_err = subprocess.run(shlex.join([*cmd, "project", "--to", "1999"]) + " 2>&-", shell=True, env=env,
                                stdout=subprocess.DEVNULL, timeout=120)  # fmt: skip
    assert closed_err.returncode == 2
    closed_out = subprocess.run(shlex.join([*cmd, "--version"]) + " >&-", shell=True, env=env, stderr=subprocess.PIPE,
                                timeout=120)  # fmt: skip
    assert closed_out.returncode == 0 and b"Traceback" not in closed_out.stderr


def test_terminal_table_to_a_reader_that_stops_early():
    """-f table into … | head -1 ends quietly with status 0, like csv and json (rich alone would exit 1)."""
    reader = subprocess.Popen([sys.executable, "-m", "lingyuan_targets", "project", "--to", "2100", "-f", "table"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    reader.stdout.readline()
    reader.stdout.close()
    _, err = reader.communicate(timeout=120)
    assert reader.returncode == 0 and err == b""


@pytest.mark.parametrize(
    "args, meant",
    [
        (["check", "--rounding", "halfup"], "half-up"),
        (["check", "--rounding", "HALF_EVEN"], "half-even"),
        (["project", "-f", "jsn"], "json"),
        (["list", "--lang", "EN"], "en"),
        (["check", "--fail-on", "warn"], "warning"),
    ],
)
def test_a_mistyped_choice_names_the_one_meant(args, meant):
    """Every fixed set of values (formats, languages, roundings, levels) answers a near miss with 'did you mean'
    (case, '_' for '-', a near spelling), exit 2 and one line, as ids and scenarios do."""
    result = _invoke(args)
    assert result.exit_code == 2 and f"did you mean {meant!r}?" in result.output, result.output
    assert "Traceback" not in result.output


def test_a_choice_nothing_like_any_gets_no_guess():
    result = _invoke(["list", "--lang", "fr"])
    assert (
        result.exit_code == 2 and "is not one of 'zh', 'en'." in result.output and "did you mean" not in result.output
    )


def _complete(words: str, env_extra: dict[str, str] | None = None) -> list[str]:
    """What bash completion offers for the command line ``words`` (the last word being typed)."""
    env = {"_LINGYUAN_TARGETS_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - 1)}  # fmt: skip
    result = CliRunner().invoke(cli, [], prog_name="lingyuan-targets", env=env)
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line.startswith("plain,")]


def test_completion_of_ids_and_scenarios():
    """Tab completes the embedded plan's ids (show, project, plot, --chart), a --plan's own ids, and scenario names."""
    assert _complete("lingyuan-targets show gd") == ["gdp"]
    assert "rural-income" in _complete("lingyuan-targets project rural")
    assert _complete("lingyuan-targets report --chart pm2") == ["pm25"]
    assert _complete("lingyuan-targets project --scenario d") == ["doubling"]
    assert _complete("lingyuan-targets project --scenario ra") == ["rate:"]
    base = Path(__file__).resolve().parent / "corpus" / "base"
    assert _complete(f"lingyuan-targets show --plan {base} f") == ["forest"]
    assert _complete("lingyuan-targets show --plan /nonexistent/plan g") == []  # no candidates, no error

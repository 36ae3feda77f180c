"""check, project and validate over many plans: several --plan, directories of plans, plans tables."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from lingyuan_targets.io.plandir import default_plan_dir
from lingyuan_targets.io.synthetic import PER_PLAN, plans_table

from .test_cli import _invoke


@pytest.fixture()
def plans_dir(tmp_path: Path) -> Path:
    """A directory holding two copies of the embedded plan, ids plan-a and plan-b."""
    root = tmp_path / "plans"
    for name in ("a", "b"):
        dest = root / name
        shutil.copytree(default_plan_dir(), dest)
        text = (dest / "indicators.yaml").read_text(encoding="utf-8")
        (dest / "indicators.yaml").write_text(text.replace("  id: lingyuan-14th", f"  id: plan-{name}", 1),
                                              encoding="utf-8")  # fmt: skip
    return root


@pytest.fixture()
def table(tmp_path: Path) -> Path:
    path = tmp_path / "plans.csv"
    plans_table(12, seed=5).to_csv(path, index=False)
    return path


def test_check_over_a_directory_of_plans_equals_each_plan(plans_dir):
    """check --plan DIR-OF-PLANS: one report per plan, each with the embedded plan's summary; exit 1 (errors)."""
    single = json.loads(_invoke(["check", "-f", "json"]).output)
    result = _invoke(["check", "--plan", str(plans_dir), "-f", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert [p["plan"] for p in doc["plans"]] == ["plan-a", "plan-b"]
    for p in doc["plans"]:
        assert p["summary"] == single["summary"]
        assert [f["code"] for f in p["findings"]] == [f["code"] for f in single["findings"]]
    assert doc["summary"]["plans"] == 2 and doc["summary"]["errors"] == 2 * single["summary"]["errors"]


def test_several_plan_options_and_a_table_in_one_run(plans_dir, table):
    """--plan a --plan TABLE: the directory's plan and the table's 12 plans, findings carry the plan id."""
    result = _invoke(["check", "--plan", str(plans_dir / "a"), "--plan", str(table), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    plans = {r["plan"] for r in rows}
    assert "plan-a" in plans and {"county-00009"} <= plans  # the synthetic table's moved target is in plan 9
    assert {r["code"] for r in rows if r["plan"] == "county-00009"} >= {"target-rule-inconsistent"}


def test_project_over_a_table_has_a_row_per_plan_and_indicator(table):
    """project --plan TABLE -f csv: 12 × 25 rows with the plan column first; the output is byte-stable."""
    first = _invoke(["project", "--plan", str(table), "--to", "2035", "-f", "csv"])
    assert first.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(first.output)))
    assert len(rows) == 12 * PER_PLAN and list(rows[0])[:2] == ["plan", "id"]
    level = next(r for r in rows if r["plan"] == "county-00000" and r["id"] == "level-0")
    source = next(r for r in csv.DictReader(table.open(encoding="utf-8")) if r["plan"] == "county-00000"
                  and r["id"] == "level-0")  # fmt: skip
    base, g = float(source["base"]), float(source["growth_value"])
    assert float(level["2035"]) == pytest.approx(base * (1 + g / 100) ** 15)  # the rule carried on to 2035
    assert _invoke(["project", "--plan", str(table), "--to", "2035", "-f", "csv"]).output == first.output


def test_one_bad_plan_is_reported_and_the_others_run(plans_dir):
    """A broken indicators.yaml in plan b: its error on stderr, plan a still checked, exit status 2."""
    (plans_dir / "b" / "indicators.yaml").write_text("plan: [unclosed\n", encoding="utf-8")
    result = _invoke(["check", "--plan", str(plans_dir), "-f", "json"])
    assert result.exit_code == 2
    assert "cannot be used" in result.output and "Traceback" not in result.output
    doc = json.loads(result.output[result.output.index("{") :])
    assert [p["plan"] for p in doc["plans"]] == ["plan-a"]
    assert doc["unusable"][0]["source"].endswith("b") and doc["summary"]["unusable"] == 1


def test_a_bad_row_in_a_table_leaves_out_its_plan_only(tmp_path, table):
    """A row with kind 'levle' in plan county-00003: that plan is left out, the other 11 are checked."""
    text = table.read_text(encoding="utf-8").splitlines()
    bad = next(i for i, line in enumerate(text) if line.startswith("county-00003,"))
    text[bad] = text[bad].replace(",level,", ",levle,", 1)
    table.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = _invoke(["check", "--plan", str(table), "-f", "json"])
    assert result.exit_code == 2
    assert f"{table}:{bad + 1}: kind:" in result.output
    doc = json.loads(result.output[result.output.index("{") :])
    assert len(doc["plans"]) == 11 and "county-00003" not in [p["plan"] for p in doc["plans"]]


def test_validate_opens_directories_of_plans_and_tables(plans_dir, table, tmp_path):
    """validate DIR-OF-PLANS TABLE: each plan and the table validated; a bad table row is exit 1 with its line."""
    result = _invoke(["validate", str(plans_dir), str(table)])
    assert result.exit_code == 0 and result.output.count(": valid") == 3
    broken = tmp_path / "broken.csv"
    broken.write_text("plan,id,name,unit,kind,direction,base,target,growth_basis,growth_value\n"
                      "p,gdp,GDP,亿元,level,sideways,1,2,none,\n", encoding="utf-8")  # fmt: skip
    result = _invoke(["validate", str(broken), "-f", "json"])
    assert result.exit_code == 1
    problem = json.loads(result.output)["plans"][0]["problems"][0]
    assert (problem["line"], problem["field"], problem["code"]) == (2, "direction", "not-allowed")


def test_single_plan_commands_take_one_plan(plans_dir):
    """list takes one --plan: a second is a usage error (exit 2)."""
    result = _invoke(["list", "--plan", str(plans_dir / "a"), "--plan", str(plans_dir / "b")])
    assert result.exit_code == 2


def test_two_plans_with_one_id_are_a_usage_error(plans_dir):
    """Plan ids must differ within a run (results are keyed by them)."""
    text = (plans_dir / "b" / "indicators.yaml").read_text(encoding="utf-8")
    (plans_dir / "b" / "indicators.yaml").write_text(text.replace("id: plan-b", "id: plan-a", 1), encoding="utf-8")
    result = _invoke(["check", "--plan", str(plans_dir), "-f", "json"])
    assert result.exit_code == 2 and "plan-a" in result.output


HEADER = "plan,id,name,unit,kind,direction,base,target,growth_basis,growth_value,growth_reading"


def test_output_never_overwrites_an_input_even_of_an_unusable_plan(tmp_path, plans_dir):
    """-o naming a broken plan's own indicators.yaml, or a table that failed, is refused; the file is kept."""
    broken = plans_dir / "b" / "indicators.yaml"
    broken.write_text("plan: [unclosed\n", encoding="utf-8")
    result = _invoke(["check", "--plan", str(plans_dir), "-f", "json", "-o", str(broken)])
    assert result.exit_code == 2 and broken.read_text(encoding="utf-8") == "plan: [unclosed\n"
    table = tmp_path / "t.csv"
    table.write_text(HEADER + "\np,gdp,GDP,亿元,level,at_least,1,2,annual\n", encoding="utf-8")  # ragged row
    before = table.read_bytes()
    _invoke(["check", "--plan", str(table), "--plan", str(plans_dir / "a"), "-o", str(table)])
    assert table.read_bytes() == before


@pytest.mark.parametrize("row, field", [
    ("p,gdp,GDP,亿元,level,at_least,1,2,annual,10,,inf", "base_year"),
    ("p,gdp,GDP,亿元,level,at_least,1,2,annual,10,,1e20", "base_year"),
    ("p,gdp,GDP,亿元,level,at_least,1,2,annual,10,,-5", "base_year"),
])  # fmt: skip
def test_impossible_years_are_problems_not_crashes(tmp_path, row, field):
    """A base year of inf, 1e20 or -5 is reported on its line and field; the other plan still runs."""
    table = tmp_path / "t.csv"
    table.write_text(HEADER + ",base_year\n" + row + "\nq,gdp,GDP,亿元,level,at_least,100,161.1,annual,10,,\n",
                     encoding="utf-8")  # fmt: skip
    result = _invoke(["check", "--plan", str(table), "-f", "json"])
    assert result.exit_code == 2 and "Internal error" not in result.output
    assert f"{table}:2: {field}:" in result.output
    doc = json.loads(result.output[result.output.index("{") :])
    assert [p["plan"] for p in doc["plans"]] == ["q"]


def test_table_edge_rows(tmp_path):
    """Blank lines and a quoted line break keep line numbers true; an empty plan id, a period total with years of its
    own and a ragged row are problems of their own rows; a share with a zero base does not crash."""
    table = tmp_path / "t.csv"
    table.write_text(HEADER + ",base_year\n\n"
                     'a,gdp,"GDP\nline two",亿元,level,at_least,100,161.1,annual,10,,\n'
                     "a,pop,Pop,万人,period_total,at_least,10,11,annual,2,,2015\n"
                     ",gdp,GDP,亿元,level,at_least,1,2,annual,10,,\n"
                     "b,gdp,GDP,亿元,level\n"
                     "c,cover,Cover,百分比,share,at_least,0,5,cumulative,5,points,\n", encoding="utf-8")  # fmt: skip
    result = _invoke(["check", "--plan", str(table), "-f", "json"])
    assert "Internal error" not in result.output and result.exit_code == 2
    assert f"{table}:5: base_year:" in result.output  # the row after a blank line and a two-line cell
    assert f"{table}:7:" in result.output and "fields" in result.output  # the ragged row, on its own line
    doc = json.loads(result.output[result.output.index("{") :])
    assert [p["plan"] for p in doc["plans"]] == ["c"]


def test_duplicate_plan_ids_across_inputs_are_a_usage_error(tmp_path, table):
    """Two inputs holding one plan id (here a table plan named like the embedded plan, and the embedded plan's
    directory) are exit 2, not doubled output; the same table named twice is one input, read once."""
    frame = plans_table(2, seed=1)
    frame.loc[frame["plan"] == "county-00001", "plan"] = "lingyuan-14th"
    frame.to_csv(tmp_path / "clash.csv", index=False)
    result = _invoke(["check", "--plan", str(tmp_path / "clash.csv"), "--plan", str(default_plan_dir()), "-f", "json"])
    assert result.exit_code == 2 and "more than once" in result.output
    twice = _invoke(["check", "--plan", str(table), "--plan", str(table), "-f", "json"])
    assert twice.exit_code == 1 and json.loads(twice.output)["summary"]["plans"] == 12


def test_plan_ids_that_occur_in_texts_leave_texts_alone(tmp_path):
    """A plan called 'pt' must not turn '+5.4 pt/yr' into '+5.4 yr' (texts are never rewritten)."""
    dest = tmp_path / "plans" / "pt"
    shutil.copytree(default_plan_dir(), dest)
    text = (dest / "indicators.yaml").read_text(encoding="utf-8")
    (dest / "indicators.yaml").write_text(text.replace("  id: lingyuan-14th", "  id: pt", 1), encoding="utf-8")
    many = json.loads(_invoke(["check", "--plan", str(tmp_path / "plans"), "-f", "json"]).output)
    alone = json.loads(_invoke(["check", "--plan", str(dest), "-f", "json"]).output)
    assert [f["message_en"] for f in many["plans"][0]["findings"]] == [f["message_en"] for f in alone["findings"]]


def test_many_plan_csv_has_the_single_plan_columns_and_table_output_writes_its_file(plans_dir, tmp_path):
    """The csv of a many-plan check is the single-plan csv with a plan column first; -f table -o writes."""
    single = _invoke(["check", "-f", "csv"]).output.splitlines()
    many = _invoke(["check", "--plan", str(plans_dir), "-f", "csv"]).output.splitlines()
    assert many[0] == "plan," + single[0]
    assert many[1] == "plan-a," + single[1]
    out = tmp_path / "out.txt"
    assert _invoke(["check", "--plan", str(plans_dir), "-f", "table", "-o", str(out)]).exit_code == 1
    assert "plan-a" in out.read_text(encoding="utf-8")


def test_progress_bar_only_on_a_terminal(table, tmp_path):
    """Piped (stderr not a terminal), a run over many plans prints no progress bar; on a pseudo-terminal it does."""
    import os
    import subprocess
    import sys

    out = str(tmp_path / "findings.json")
    code = "from lingyuan_targets.cli import main; main(['check', '--plan', %r, '-f', 'json', '-o', %r])"
    piped = subprocess.run([sys.executable, "-c", "import os; " + code % (str(table), out)], capture_output=True,
                           text=True, timeout=120, check=False)  # fmt: skip
    assert piped.returncode == 1 and "checking" not in piped.stderr and "loading" not in piped.stderr
    if not hasattr(os, "openpty"):
        pytest.skip("no pseudo-terminals here")
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.run([sys.executable, "-c", "import os; " + code % (str(table), out)], stdout=subprocess.DEVNULL,
                          stderr=follower, timeout=120, check=False)  # fmt: skip
    os.close(follower)
    seen = b""
    try:
        while chunk := os.read(leader, 65536):
            seen += chunk
    except OSError:
        pass
    os.close(leader)
    # the bar moves as the table is read and counts the plans done (12 plans in this table)
    assert proc.returncode == 1 and b"checking" in seen and b"12 plans" in seen


def test_project_leaves_out_a_plan_whose_base_year_is_not_before_to(tmp_path):
    """A plan based in 2025 cannot be projected --to 2025: it is reported (file, line, base_year) and the others
    run; exit 2. Plan county-00000's first level is 2025's value: its base compounded five years."""
    frame = plans_table(3, seed=1)
    later = frame["plan"] == "county-00001"
    frame["base_year"], frame["target_year"], frame["horizon_year"] = "", "", ""
    frame.loc[later, ["base_year", "target_year", "horizon_year"]] = ["2025", "2030", "2035"]
    path = tmp_path / "mixed.csv"
    frame.to_csv(path, index=False)
    result = _invoke(["project", "--plan", str(path), "--to", "2025", "-f", "csv"])
    assert result.exit_code == 2
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["plan"] for r in rows} == {"county-00000", "county-00002"} and len(rows) == 2 * PER_PLAN
    first_line = 2 + PER_PLAN  # header, then county-00000's rows: county-00001 starts on line 27
    assert f"mixed.csv:{first_line}: base_year: --to 2025 is not after this plan's base year 2025" in result.stderr
    level = next(r for r in rows if r["plan"] == "county-00000" and r["id"] == "level-0")
    base, rate = float(frame.loc[0, "base"]), float(frame.loc[0, "growth_value"])
    assert float(level["2025"]) == pytest.approx(base * (1 + rate / 100) ** 5)


def test_validate_flags_a_plan_id_given_twice(tmp_path, table):
    """Two plan directories with one id, and a table repeating a directory's id: each later one is a problem
    (duplicate-id), as check and project refuse the run; validate exits 1."""
    root = tmp_path / "plans"
    for name in ("a", "b"):
        shutil.copytree(default_plan_dir(), root / name)  # both keep the id lingyuan-14th
    result = _invoke(["validate", str(root), "-f", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert [p["valid"] for p in doc["plans"]] == [True, False]
    problem = doc["plans"][1]["problems"][0]
    assert problem["code"] == "duplicate-id" and problem["field"] == "plan.id" and "lingyuan-14th" in problem["message"]
    assert problem["file"].endswith("indicators.yaml") and str(root / "a") in problem["message"]
    id_line = (root / "b" / "indicators.yaml").read_text(encoding="utf-8").split("\n").index("  id: lingyuan-14th") + 1
    assert problem["line"] == id_line
    frame = plans_table(2, seed=1)
    frame.loc[frame["plan"] == "county-00001", "plan"] = "lingyuan-14th"
    frame.to_csv(tmp_path / "clash.csv", index=False)
    result = _invoke(["validate", str(root / "a"), str(tmp_path / "clash.csv")])
    assert result.exit_code == 1
    assert f"clash.csv:{2 + PER_PLAN}: plan: plan id 'lingyuan-14th' is also the id of the plan in" in result.output
    assert _invoke(["validate", str(root / "a"), str(table)]).exit_code == 0  # distinct ids: valid


def test_an_input_named_twice_is_read_once(table, monkeypatch):
    """plans.csv and ./plans.csv are one input: validate finds no repeated id, check runs its 12 plans once."""
    monkeypatch.chdir(table.parent)
    assert _invoke(["validate", "plans.csv", f"./{table.name}", str(table)]).exit_code == 0
    doc = json.loads(_invoke(["check", "--plan", "plans.csv", "--plan", str(table), "-f", "json"]).output)
    assert doc["summary"]["plans"] == 12

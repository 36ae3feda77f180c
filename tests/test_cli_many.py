"""check, project and validate over many plans: several --plan, directories of plans, plans tables."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from lingyuan_targets.loading import default_plan_dir
from lingyuan_targets.synthetic import PER_PLAN, plans_table

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
    doc = json.loads(result.output[result.output.index("{"):])
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
    doc = json.loads(result.output[result.output.index("{"):])
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

"""Reading plan files: what is kept, and what is refused with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from lingyuan_targets import PlanError, load_plan


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _error(plan_dir: Path) -> PlanError:
    with pytest.raises(PlanError) as info:
        load_plan(plan_dir)
    return info.value


def test_embedded_plan_loads(plan):
    """157 indicators, 22 of them from the main table; 3 named scenarios."""
    assert len(plan.indicators) == 157
    assert (plan.indicators["origin"] == "table").sum() == 22
    assert set(plan.scenarios) == {"continue", "doubling", "moderate"}


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "field", "message"),
    [
        ("indicators.yaml", "    target: 242\n", "    target: [242]\n", "indicators.yaml", "indicators[gdp].target", "expected number"),
        ("indicators.yaml", "    kind: level\n", "    kind: levl\n", "indicators.yaml", "indicators[gdp].kind", "not one of"),
        ("indicators.yaml", "  - id: budget-revenue\n", "  - id: gdp\n", "indicators.yaml", "indicators[1].id", "duplicate id"),
        ("indicators.yaml", "    category: 经济发展\n", "    category: 经济发展\n    category: 经济发展\n", "indicators.yaml", None, "duplicate key"),
        ("indicators.yaml", "    target: 242\n", "    target: .inf\n", "indicators.yaml", None, "decimal number"),
        ("baseline_2020.csv", "gdp,150.2,亿元", "gdp,150.2,元", "baseline_2020.csv", "unit", "differs"),
        ("baseline_2020.csv", "gdp,150.2,", "gdp,1五0,", "baseline_2020.csv", "value", "cannot read"),
        ("baseline_2020.csv", "gdp,150.2,", "gdp,0,", "baseline_2020.csv", "value", "not positive"),
        ("baseline_2020.csv", "forest-cover,53.8,", "forest-cover,153.8,", "baseline_2020.csv", "value", "natural bounds"),
    ],
)  # fmt: skip
def test_bad_values_name_file_line_field(plan_copy, file, old, new, where, field, message):
    """Each broken value is reported with its file, a line number and (where there is one) the field."""
    _edit(plan_copy / file, old, new)
    err = _error(plan_copy)
    assert Path(err.location.file).name == where
    assert err.location.line is not None
    if field:
        assert err.location.field == field
    assert message in str(err)


def test_missing_and_extra_baseline_rows(plan_copy):
    """Every indicator needs a baseline row; a baseline for an unknown id is refused."""
    path = plan_copy / "baseline_2020.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:1] + lines[2:]), encoding="utf-8")
    assert "no baseline row for indicator(s) gdp" in str(_error(plan_copy))
    path.write_text("\n".join([*lines, "ghost,1,亿元,,,,"]), encoding="utf-8")
    err = _error(plan_copy)
    assert "ghost" in str(err) and err.location.line == len(lines) + 1


def test_yaml_aliases_and_python_tags_are_refused(plan_copy):
    """Aliases (billion laughs) and python/object tags never construct anything."""
    path = plan_copy / "indicators.yaml"
    path.write_text("a: &x [1, 2]\nb: *x\n", encoding="utf-8")
    assert "aliases" in str(_error(plan_copy))
    path.write_text("plan: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    assert "constructor" in str(_error(plan_copy))


def test_missing_file_and_directory_in_its_place(plan_copy):
    """Without a baseline file the plan has no bases (a note says so); a directory where a file belongs is an
    error."""
    (plan_copy / "baseline_2020.csv").unlink()
    plan = load_plan(plan_copy)
    assert plan.indicators["base"].isna().all()
    assert any("baseline_2020.csv: not found" in n for n in plan.notices)
    (plan_copy / "baseline_2020.csv").mkdir()
    assert "is a directory" in str(_error(plan_copy))


def test_utf8_bom_is_accepted(plan_copy):
    """A CSV saved with a byte-order mark (as Excel does) reads the same."""
    path = plan_copy / "baseline_2020.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_plan(plan_copy).indicators.set_index("id").loc["gdp", "base"] == 150.2


def test_scenarios_file_extends(plan_copy):
    """A scenario added to scenarios.yaml is usable by name."""
    from lingyuan_targets import project

    path = plan_copy / "scenarios.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  steady-4:\n    method: rate\n    rate: 4\n"
                    "    applies_to: [level]\n    tags: [output]\n", encoding="utf-8")  # fmt: skip
    plan = load_plan(plan_copy)
    long = project(plan, to=2026, scenario="steady-4", ids=["gdp"]).set_index("year")
    assert long.loc[2026, "value"] == pytest.approx(150.2 * 1.1**5 * 1.04)

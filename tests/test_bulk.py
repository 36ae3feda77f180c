"""Many plans in one run: a stack of plans gives what each plan gives alone; the plans table."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lingyuan_targets import project_wide
from lingyuan_targets.checks import check_plan
from lingyuan_targets.checks.runner import check_stack, total_summary
from lingyuan_targets.engine.many import project_stack, project_stacks
from lingyuan_targets.io.plantable import frame_to_stacks, read_plans_table
from lingyuan_targets.io.synthetic import INCONSISTENT_EVERY, PER_PLAN, plans_table
from lingyuan_targets.plan.stacks import split_id, stack

YEARS = list(range(2020, 2036))


def variants(plan):
    """The embedded plan three times: as is, with GDP's target moved, and without its relations and history."""
    moved = plan.indicators.copy()
    moved.loc[moved["id"] == "gdp", "target"] = 300.0
    return [replace(plan, meta={**plan.meta, "id": "a"}),
            replace(plan, meta={**plan.meta, "id": "b"}, indicators=moved),
            replace(plan, meta={**plan.meta, "id": "c"}, relations=(), history=pd.DataFrame())]  # fmt: skip


def test_stacked_check_equals_checking_each_plan(plan):
    """Every finding (text, values, sources, order) and every summary is what check_plan gives plan by plan."""
    plans = variants(plan)
    [st_] = stack(plans)
    for p, report in zip(plans, check_stack(st_, passes=True)):
        alone = check_plan(p)
        assert [f.to_dict() for f in report.results] == [f.to_dict() for f in alone.results], p.id
        assert report.summary() == alone.summary()
    counted = check_stack(st_)  # passes counted, not built: the same summaries and findings
    assert [r.summary() for r in counted] == [check_plan(p).summary() for p in plans]
    assert [len(r.findings) for r in counted] == [len(check_plan(p).findings) for p in plans]


def test_the_moved_target_is_found_in_its_plan_only(plan):
    """GDP 300 instead of 242 is one more error in plan b and none elsewhere."""
    reports = {r.plan: r for r in check_stack(stack(variants(plan))[0])}
    gdp_errors = {pid: [f.code for f in r.findings if f.ids == ("gdp",) and f.severity == "error"]
                  for pid, r in reports.items()}  # fmt: skip
    assert gdp_errors == {"a": [], "b": ["target-rule-inconsistent"], "c": []}


def test_stacked_projection_equals_each_plan(plan):
    """project_stack gives each plan's project_wide values, with a plan column and plain ids."""
    plans = variants(plan)
    wide = project_stack(stack(plans)[0], to=2035, scenario="doubling")
    for p in plans:
        own = wide[wide["plan"] == p.id]
        alone = project_wide(p, to=2035, scenario="doubling")
        assert list(own["id"]) == list(alone["id"])
        np.testing.assert_allclose(own[YEARS].to_numpy(float), alone[YEARS].to_numpy(float), equal_nan=True)
        assert list(own["rule_en"]) == list(alone["rule_en"])


def test_the_many_plans_path_projects_what_the_api_gives_with_python_strings(plan):
    """project_stacks (what project --plan runs) holds the cells of project_stack, text as Python strings (object
    dtype: no str dtype to make and read back), the numbers as the same floats."""
    st_ = stack(variants(plan))[0]
    api, [bulk] = project_stack(st_, to=2035, scenario="doubling"), project_stacks([st_], to=2035, scenario="doubling")
    assert list(bulk.columns) == list(api.columns) and len(bulk) == 3 * len(plan.indicators)
    for col in ("plan", "id", "mode", "rule_en", "rule_zh", "scenario"):  # the columns the engine makes
        assert bulk[col].dtype == object and bulk[col].tolist() == api[col].tolist(), col
    assert bulk["name"].tolist() == api["name"].tolist()  # the plan's own, as it holds them
    assert api["rule_zh"].dtype != object  # the API's text columns keep the dtype pandas infers
    assert bulk[YEARS].to_numpy().tobytes() == api[YEARS].to_numpy().tobytes()
    gdp = bulk[(bulk["plan"] == "a") & (bulk["id"] == "gdp")].iloc[0]
    assert gdp[2025] == 150.2 * 1.1**5  # 241.899…, the same float as the API's


def test_plans_with_other_years_form_their_own_stack(plan):
    """A plan on 2025–2030 cannot share the engine's years with 2020–2025 plans: two stacks."""
    other = replace(plan, meta={**plan.meta, "id": "later", "base_year": 2025, "target_year": 2030})
    stacks = stack([replace(plan, meta={**plan.meta, "id": "a"}), other])
    assert sorted(s.plan_ids for s in stacks) == [("a",), ("later",)]


def test_split_id():
    """A stacked id splits at its last slash (indicator ids never hold one)."""
    assert split_id("county-00001/gdp") == ("county-00001", "gdp")


# ----------------------------------------------------------------- plans table
def test_synthetic_table_shape_and_errors():
    """20 synthetic plans: 25 indicators each; plans 9 and 19 carry one moved target each, so 2 errors."""
    table = plans_table(20, seed=3)
    assert len(table) == 20 * PER_PLAN and table["plan"].nunique() == 20
    [st_] = frame_to_stacks(table)
    reports = check_stack(st_)
    errors = {r.plan: [f.ids[0] for f in r.findings if f.severity == "error"] for r in reports}
    moved = {f"county-{i:05d}" for i in range(20) if i % INCONSISTENT_EVERY == INCONSISTENT_EVERY - 1}
    assert {p for p, e in errors.items() if e} == moved
    assert all(e == ["level-0"] for p, e in errors.items() if p in moved)
    # every annual-rate target was computed as round(base · (1 + r)**5, 1): the rest are exact
    assert total_summary(reports)["inconsistent"] == len(moved)


def test_plans_table_rows_give_the_arithmetic_by_hand(tmp_path):
    """A two-plan table: GDP 150.2 at 10% a year reaches 150.2 · 1.1**5 = 241.9 (exact for 241.9, error for 250)."""
    path = tmp_path / "plans.csv"
    path.write_text("plan,id,name,unit,kind,direction,base,target,growth_basis,growth_value\n"
                    "p1,gdp,地区生产总值,亿元,level,at_least,150.2,241.9,annual,10\n"
                    "p2,gdp,地区生产总值,亿元,level,at_least,150.2,250,annual,10\n", encoding="utf-8")  # fmt: skip
    stacks, problems, _ = read_plans_table(path)
    assert not problems
    reports = {r.plan: r for r in check_stack(stacks[0], passes=True)}
    assert [f.code for f in reports["p1"].results] == ["target-rule-exact"]
    assert [f.code for f in reports["p2"].findings] == ["target-rule-inconsistent"]
    f = reports["p2"].findings[0]
    assert f.values["computed_target"] == pytest.approx(150.2 * 1.1**5)  # 241.898…
    assert f.sources[1]["file"] == "plans.csv" and f.sources[1]["file_line"] == 3
    wide = project_stack(stacks[0], to=2035).set_index("plan")
    assert wide.loc["p1", 2035] == pytest.approx(150.2 * 1.1**15)


def test_a_bad_plan_is_left_out_and_the_others_go_on(tmp_path):
    """Problems name file, line and column; only the plan with them is left out."""
    path = tmp_path / "plans.csv"
    path.write_text("plan,id,name,unit,kind,direction,base,target,growth_basis,growth_value\n"
                    "good,gdp,GDP,亿元,level,at_least,100,161.1,annual,10\n"
                    "bad,gdp,GDP,亿元,levle,at_least,100,x,annual,10\n"
                    "bad,gdp,GDP,亿元,level,at_least,100,150,annual,10\n", encoding="utf-8")  # fmt: skip
    stacks, problems, _ = read_plans_table(path)
    assert [s.plan_ids for s in stacks] == [("good",)]
    found = sorted((p.location.line, p.location.field, p.code) for p in problems["bad"])
    assert found == [(3, "kind", "not-allowed"), (3, "target", "unknown-phrase"), (4, "id", "duplicate-id")]


def test_plan_ids_are_checked_and_an_id_may_recur_in_other_plans_only(tmp_path):
    """A plan id holding the stack's separator or not in kebab-case is refused on each of its rows; the same
    indicator id in two plans is no problem, twice in one plan is (on its second row)."""
    path = tmp_path / "plans.csv"
    row = ",GDP,亿元,level,at_least,100,161.1,annual,10\n"
    path.write_text("plan,id,name,unit,kind,direction,base,target,growth_basis,growth_value\n"
                    f"a,gdp{row}b,gdp{row}a/b,gdp{row}Bad_Plan,gdp{row}Bad_Plan,pop{row}b,pop{row}b,gdp{row}",
                    encoding="utf-8")  # fmt: skip
    stacks, problems, _ = read_plans_table(path)
    assert [s.plan_ids for s in stacks] == [("a",)]
    assert [(p.location.line, p.code, "hold" in p.message) for p in problems["a/b"]] == [(4, "not-allowed", True)]
    assert [(p.location.line, p.code) for p in problems["Bad_Plan"]] == [(5, "not-allowed"), (6, "not-allowed")]
    assert [(p.location.line, p.location.field, p.code) for p in problems["b"]] == [(8, "id", "duplicate-id")]


def test_plans_table_needs_its_columns(tmp_path):
    """A table without the required columns cannot be used at all (file-level error on line 1)."""
    from lingyuan_targets.plan.errors import PlanError

    path = tmp_path / "plans.csv"
    path.write_text("plan,id,name\np,x,y\n", encoding="utf-8")
    with pytest.raises(PlanError) as err:
        read_plans_table(path)
    assert err.value.code == "csv-header" and err.value.location.line == 1


def test_plans_table_reads_printed_numbers_like_plan_files(tmp_path):
    """Full-width digits, thousands separators and a % sign read as numbers, with their printed decimals."""
    path = tmp_path / "plans.csv"
    path.write_text("plan,id,name,unit,kind,direction,base,target,growth_basis,growth_value\n"
                    'p,x,X,元,level,at_least,"15,225",２６８３２,annual,12%\n', encoding="utf-8")  # fmt: skip
    stacks, problems, _ = read_plans_table(path)
    assert not problems
    row = stacks[0].plan.indicators.iloc[0]
    assert (row["base"], row["target"], row["growth_value"]) == (15225.0, 26832.0, 12.0)


@settings(max_examples=8, deadline=None)
@given(n=st.integers(1, 12), seed=st.integers(0, 10_000))
def test_bulk_equals_one_plan_at_a_time(n, seed):
    """For any synthetic set of plans, checking the stack gives each plan's own report."""
    table = plans_table(n, seed=seed)
    [whole] = frame_to_stacks(table)
    bulk = {r.plan: r for r in check_stack(whole, passes=True)}
    for plan_id, rows in table.groupby("plan", sort=False):
        [alone] = frame_to_stacks(rows)
        [report] = check_stack(alone, passes=True)
        assert [f.to_dict() for f in bulk[plan_id].results] == [f.to_dict() for f in report.results]


def test_a_plan_projects_to_the_same_floats_alone_and_among_thousands():
    """A plan's trajectory is the same floats whatever is projected beside it. numpy rounds a broadcast power by the
    arrays' shapes: for a few indicators 1.0083 ** 2 was a ``pow``, for thousands the product 1.0083 * 1.0083, and
    the two differ in the last bit for these rates; so a plan's values changed with the chunk of plans it fell in
    (3324.7 at 1.9245% a year gave 3453.898235159355 or 3453.8982351593545 in 2022)."""
    columns = "plan,id,name,unit,kind,direction,base,target,growth_basis,growth_value,growth_reading".split(",")
    rates = ["0.83", "0.85", "0.91", "1.49", "1.84", "2.04", "2.17", "2.46", "2.99", "3.12"]
    mine = [["p0", f"x{k}", "X", "元", "level", "at_least", "3324.7", "", "annual", r, ""] for k, r in enumerate(rates)]
    # and a percent change over the period (cumulative 12%, compounding by year): 100 · (1 − 0.88 ** (t / 5))
    mine.append(["p0", "y", "Y", "%", "period_change", "at_least", "", "12", "cumulative", "12", "relative"])
    others = [[f"q{k}", *row[1:]] for k in range(1_000) for row in mine]
    [among] = frame_to_stacks(pd.DataFrame(mine + others, columns=columns))
    [alone] = frame_to_stacks(pd.DataFrame(mine, columns=columns))
    many = project_stack(among, to=2035)
    many = many[many["plan"] == "p0"].set_index("id")
    one = project_stack(alone, to=2035).set_index("id")
    np.testing.assert_array_equal(one.loc[:, YEARS].to_numpy(float), many.loc[one.index, YEARS].to_numpy(float))
    for k, r in enumerate(rates):  # the arithmetic: 3324.7 · (1 + r/100) ** t
        f = 1 + float(r) / 100
        assert one.loc[f"x{k}", 2022] == pytest.approx(3324.7 * f**2, rel=1e-15)
        assert one.loc[f"x{k}", 2035] == pytest.approx(3324.7 * f**15, rel=1e-15)
    assert one.loc["y", 2022] == pytest.approx(100 * (1 - 0.88 ** (2 / 5)), rel=1e-15)  # 4.9848…


def test_read_a_table_written_to_disk(tmp_path):
    """A synthetic table written as CSV reads back to the same stack size, with no problems."""
    path = Path(tmp_path / "plans.csv")
    plans_table(40, seed=1).to_csv(path, index=False)
    stacks, problems, _ = read_plans_table(path)
    assert not problems and stacks[0].size == 40 * PER_PLAN


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789.+-", max_size=30), max_size=50))
def test_printed_decimals_are_counted_after_the_first_point(texts):
    """The decimals of plain printed numbers, counted at once on a grid of code points, are those counted one text at
    a time: "150.2" → 1, "242" → 0, "7.50" → 2, "1.2.3" → 3 (after the first point; such a text is then refused)."""
    from lingyuan_targets.io.plantable import _places

    by_hand = [len(t) - t.find(".") - 1 if "." in t else 0 for t in texts]
    assert _places(np.array(texts, dtype=object)).tolist() == by_hand
    assert _places(np.array(texts, dtype=object), max(map(len, texts), default=0)).tolist() == by_hand  # as wide
    assert _places(np.array(["150.2", "242", "7.50", "", "-0.001"], dtype=object)).tolist() == [1, 0, 2, 0, 3]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["150.2", "242", "", " 3.5", "7.50 ", "-0", "1,234", "约5", "12"]), min_size=1,
                max_size=12))  # fmt: skip
def test_a_column_of_figures_reads_the_same_with_or_without_spaces_to_strip(cells):
    """A column of plain figures alone is read as it is (nothing to strip, no phrase); any other cell in it sends the
    column the way of stripping and reading each distinct text: a figure is the same number, with the same
    decimals, either way. 150.2 → (150.2, 1), "7.50 " → (7.5, 2), "-0" → 0.0 (no negative zero)."""
    from lingyuan_targets.io.plantable import _numbers, _plain_only
    from lingyuan_targets.io.textfile import Session

    def read(values):
        raw = pd.Series(values, dtype=object)
        value, places = _numbers(raw, "base", pd.Series(range(2, 2 + len(values))), lambda *a, **k: None,
                                 Path("t.csv"), Session())  # fmt: skip
        return value.tolist(), places.tolist()

    plain = [c.strip() for c in cells if c.strip() in ("150.2", "242", "", "3.5", "7.50", "-0", "12")]
    if not plain:
        return
    assert _plain_only(pd.Series(plain, dtype=object)) and not _plain_only(pd.Series([*plain, " 1"], dtype=object))
    fast, slow = read(plain), read([*plain, " 1"])  # the space sends the second the other way
    assert str(fast[0]) == str(slow[0][:-1]) and fast[1] == slow[1][:-1]  # str: NaN equals NaN
    by_hand = {"150.2": (150.2, 1), "242": (242.0, 0), "3.5": (3.5, 1), "7.50": (7.5, 2), "-0": (0.0, 0),
               "12": (12.0, 0)}  # fmt: skip
    for text, value, places in zip(plain, *fast):
        if text:
            assert (value, places) == by_hand[text] and str(value) != "-0.0"


def test_a_plans_tables_text_columns_are_python_strings(tmp_path):
    """The indicators of a plans table hold their text as Python strings (object dtype), every column alike."""
    path = Path(tmp_path / "plans.csv")
    plans_table(3, seed=2).to_csv(path, index=False)
    ind = read_plans_table(path)[0][0].plan.indicators
    for col in ("id", "name", "unit", "kind", "category", "growth_basis", "growth_printed", "plan", "source_file"):
        assert ind[col].dtype == object, col
    assert ind["plan"].tolist()[:2] == ["county-00000", "county-00000"] and set(ind["source_file"]) == {"plans.csv"}


def test_a_target_phrase_in_another_unit_is_reported_on_its_row(tmp_path):
    """突破6.5万亿元 in a row of 亿元 says another unit: a printed-mismatch on that row's target; 突破600亿元 in 亿元
    and a plain number beside them are read (600, at least)."""
    path = tmp_path / "plans.csv"
    path.write_text("plan,id,name,unit,kind,base,target\n"
                    "a,gdp,GDP,亿元,level,140,突破600亿元\n"
                    "a,x,X,亿元,level,10,12\n"
                    "b,gdp,GDP,亿元,level,140,突破6.5万亿元\n"
                    "c,gdp,GDP,万元,level,140,突破6.5万亿元\n", encoding="utf-8")  # fmt: skip
    stacks, problems, _ = read_plans_table(path)
    assert sorted(problems) == ["b", "c"]
    for plan_id, line in (("b", 4), ("c", 5)):
        [problem] = problems[plan_id]
        assert (problem.code, problem.location.line, problem.location.field) == ("printed-mismatch", line, "target")
    ind = stacks[0].plan.indicators.set_index("id")
    assert (ind.loc["a/gdp", "target"], ind.loc["a/gdp", "direction"], ind.loc["a/x", "target"]) == (600.0, "at_least",
                                                                                                     12.0)  # fmt: skip

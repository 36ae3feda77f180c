"""Numbers and text read one way in every reader (indicators.yaml, a plan's CSV files, actuals, plans tables), and
problems that never leak Python's internals and stay short however large the input: values cut, lists counted."""

from __future__ import annotations

import json
import math
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from lingyuan_targets.io.actuals import validate_actuals
from lingyuan_targets.io.plandir import _load
from lingyuan_targets.io.plantable import read_plans_table
from lingyuan_targets.io.textfile import Session, looks_numeric, read_number
from lingyuan_targets.io.yamlfile import load_yaml
from lingyuan_targets.plan.errors import PlanError, shown
from lingyuan_targets.plan.phrases import PhraseError, parse_level, parse_rule

from .test_cli import _invoke

BASE = Path(__file__).resolve().parent / "corpus" / "base"
READING = {"bad-number", "not-finite", "out-of-range", "wrong-type", "not-integer", "unknown-phrase"}
#: what a message about input must never show: Python's exception names and reprs
INTERNAL = re.compile(r"Traceback|TypeError|ValueError|KeyError|AttributeError|IndexError|InvalidOperation|"
                      r"Overflow|ArithmeticError|RecursionError|decimal\.|<class|Decimal\(|NoneType|found str\b")  # fmt: skip


def _plan(tmp_path: Path, old: str = "", new: str = "", file: str = "indicators.yaml") -> Path:
    """The corpus base plan with ``old`` replaced by ``new`` (once) in ``file``."""
    plan = tmp_path / "plan"
    shutil.copytree(BASE, plan)
    if old:
        text = (plan / file).read_text(encoding="utf-8")
        assert old in text, old
        (plan / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return plan


def _quoted(cell: str) -> str:
    return "'" + cell.replace("'", "''") + "'"


# --------------------------------------------------------------- one reader of numbers
def _from_baseline(tmp_path: Path, cell: str) -> tuple[float | None, list[tuple[str, str]], list[str]]:
    """gdp's base as the baseline CSV gives it."""
    plan_dir = _plan(tmp_path / "csv", "gdp,150.2,", f'gdp,"{cell}",', "baseline_2020.csv")
    plan, session = _load(plan_dir, Session())
    problems = [(p.code, p.message) for p in session.problems if p.code in READING]
    value = None if problems or plan is None else plan.indicators.set_index("id").loc["gdp", "base"]
    return value, problems, session.notices


def _from_table(tmp_path: Path, cell: str) -> tuple[float | None, list[tuple[str, str]], list[str]]:
    """A plans table's base (of a kind without natural bounds)."""
    path = tmp_path / "plans.csv"
    path.write_text("plan,id,name,unit,kind,direction,base,target,growth_basis,growth_value\n"
                    f'p,x,X,元,limit,at_most,"{cell}",2000,none,\n', encoding="utf-8")  # fmt: skip
    stacks, problems, notices = read_plans_table(path)
    found = [(p.code, p.message) for p in problems.get("p", []) if p.code in READING]
    value = None if found else stacks[0].plan.indicators["base"].iloc[0]
    return value, found, notices


def _from_yaml(tmp_path: Path, cell: str) -> tuple[float | None, list[tuple[str, str]], list[str]]:
    """gdp's target in indicators.yaml, written as text (quoted) so that YAML passes the cell as it is."""
    plan_dir = _plan(tmp_path / "yaml", "target: 242", f"target: {_quoted(cell)}")
    plan, session = _load(plan_dir, Session())
    problems = [(p.code, p.message) for p in session.problems if p.code in READING]
    value = None if problems or plan is None else plan.indicators.set_index("id").loc["gdp", "target"]
    return value, problems, session.notices


READERS = {"baseline CSV": _from_baseline, "plans table": _from_table, "indicators.yaml": _from_yaml}


@pytest.mark.parametrize(
    ("cell", "value", "code", "said"),
    [
        ("1,5", None, "bad-number", "cannot read '1,5' as a number: a decimal comma? write 1.5"),
        ("1.234,5", None, "bad-number", "a decimal comma? write 1234.5"),
        ("12,34,567", None, "bad-number", "thousands are separated in groups of three (1,234.5)"),
        ("1_5", None, "bad-number", "thousands are separated in groups of three"),
        ("1,234.5", 1234.5, None, "thousands separators removed"),
        ("1\u2009502", 1502.0, None, "thousands separators removed"),  # a thin space, as typeset texts group digits
        ("1 502", 1502.0, None, "thousands separators removed"),
        ("12 34", None, "bad-number", "thousands are separated in groups of three"),
        ("１５０．２", 150.2, None, "full-width characters read as ASCII"),
        ("５３.８%", 53.8, None, "percent signs dropped"),
        ("−5.5", -5.5, None, "full-width characters read as ASCII"),  # U+2212, the minus sign
        ("010", 10.0, None, None),
        ("150.2¹", None, "bad-number", "'150.2¹': a superscript ¹ (a footnote mark?) is not part of a number"),
        ("15₂", None, "bad-number", "a subscript ₂ is not part of a number"),
        ("②", None, "bad-number", "the character ② (circled digit two) is not part of a number"),
        ("½", None, "bad-number", "the character ½ (vulgar fraction one half) is not part of a number"),
        ("١٥٠", None, "bad-number", "arabic-indic digit one"),
        ("1e999999999", None, "out-of-range", "'1e999999999' is beyond the usable range"),
        ("1e-999999999", None, "out-of-range", "more decimals than can be kept (340 at most)"),
        ("9" * 100_000, None, "out-of-range", "(100,000 characters) is beyond the usable range"),
    ],
)
@pytest.mark.parametrize("reader", list(READERS))
def test_every_reader_reads_a_number_the_same_way(tmp_path, reader, cell, value, code, said):
    """The same cell gives the same number, or the same refusal with the same words, in every reader; a conversion
    made is a notice, once per file and column."""
    got, problems, notices = READERS[reader](tmp_path, cell)
    if code is None:
        assert problems == [] and got == pytest.approx(value)
        if said:
            assert sum(said in n for n in notices) == 1, notices
        else:
            assert notices == []
    else:
        assert got is None and [c for c, _ in problems] == [code], problems
        assert said in problems[0][1] and len(problems[0][1]) < 300


@pytest.mark.parametrize("reader", list(READERS))
def test_negative_zero_is_zero(tmp_path, reader):
    got, problems, _ = READERS[reader](tmp_path, "-0")
    assert problems == [] and got == 0 and math.copysign(1, got) == 1


def test_a_notice_is_given_once_per_column_with_its_first_line(tmp_path):
    """Full-width digits in many rows: one notice, naming the first line."""
    path = tmp_path / "plans.csv"
    rows = "".join(f"p,x{k},X,元,level,at_least,１{k},2000,none,\n" for k in range(5))
    path.write_text("plan,id,name,unit,kind,direction,base,target,growth_basis,growth_value\n" + rows, encoding="utf-8")
    stacks, problems, notices = read_plans_table(path)
    assert not problems and list(stacks[0].plan.indicators["base"]) == [10, 11, 12, 13, 14]
    assert notices == [f"{path}: base: full-width characters read as ASCII, first on line 2 ('１0' as '10')"]


def test_a_range_or_a_phrase_is_not_read_as_a_number():
    """Whether a cell is a number decides whether the number reader or the phrase reader refuses it."""
    assert [looks_numeric(t) for t in ("1,5", "150.2¹", "-5", "５%", "1e5", "—", "")] == [True] * 7
    assert [looks_numeric(t) for t in ("6-7%", "突破600亿元", "42%以上", "abc", "nan")] == [False] * 5


def test_read_number_alone():
    assert read_number("１,２３４.５%") == (Decimal("1234.5"), ("full-width", "percent", "thousands"), "1234.5")
    assert read_number(" — ") == (None, (), "—")
    with pytest.raises(PlanError) as err:
        read_number("nan")
    assert err.value.code == "not-finite"


# ----------------------------------------------------------------- phrases: no NFKC digits
@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("150.2¹", "a superscript ¹ (a footnote mark?)"),
        ("突破600¹亿元", "a superscript ¹ (a footnote mark?)"),
        ("②600亿元", "the character ② (circled digit two)"),
    ],
)
def test_a_footnote_mark_is_not_part_of_a_printed_figure(text, mark):
    """NFKC reads 150.2¹ as 150.21 and 突破600¹亿元 as 6001: the phrase reader refuses the mark instead."""
    with pytest.raises(PhraseError, match=re.escape(f"{mark} is not part of a number")):
        parse_level(text)


def test_phrases_still_read_full_width_forms_and_a_mark_after_a_letter():
    assert parse_level("突破６００亿元").value == Decimal("600")
    assert parse_rule("年均增长１５％").value == Decimal("15")
    with pytest.raises(PhraseError, match=re.escape("unexpected '万m2' after the figure")):
        parse_level("达到10万m²")  # m² is no footnote: the grammar, not the mark, refuses it


def test_a_plans_table_refuses_a_footnote_in_a_printed_target(tmp_path):
    path = tmp_path / "plans.csv"
    path.write_text("plan,id,name,unit,kind,direction,base,target,growth_basis,growth_value\n"
                    "p,x,X,亿元,level,at_least,100,突破600¹亿元,none,\n", encoding="utf-8")  # fmt: skip
    _, problems, _ = read_plans_table(path)
    assert [(p.code, p.location.field) for p in problems["p"]] == [("unknown-phrase", "target")]


# ------------------------------------------------------------------ YAML text stays text
def test_yaml_plain_scalars_stay_the_text_written(tmp_path):
    """YAML 1.1 reads 0777 as 511, 010 as 8 and yes as true: a plan file gets the text written, both when parsed and
    when read back from the parse cache."""
    path = tmp_path / "x.yaml"
    path.write_text("a: 0777\nb: 010\nc: yes\nd: no\ne: on\nf: 1e3\ng: null\nh: 2020-01-01\ni: 1_000\nj: 1.50\n"
                    "k: 242\nl: -0.250\nm: ~\nn: 190:20:30\no: 0x1F\np: +5\n", encoding="utf-8")  # fmt: skip
    for _ in range(2):  # parsed, then from the cache (the tests' own cache directory)
        doc = load_yaml(path)
        assert {k: v for k, v in doc.items() if not isinstance(v, Decimal)} == {
            "a": "0777", "b": "010", "c": "yes", "d": "no", "e": "on", "f": "1e3", "g": None, "h": "2020-01-01",
            "i": "1_000", "m": None, "n": "190:20:30", "o": "0x1F", "p": "+5"}  # fmt: skip
        assert [str(doc[k]) for k in ("j", "k", "l")] == ["1.50", "242", "-0.250"]


def test_text_fields_keep_their_text_and_number_fields_read_it(tmp_path):
    """section: 010 is "010", id: 0777 is "0777" (a valid id), a name written as 1.50 is "1.50"; target: 010 is 10,
    as the CSV readers read 010."""
    plan_dir = _plan(tmp_path, "section: 表, line: 1", "section: 010, line: 1")
    text = (plan_dir / "indicators.yaml").read_text(encoding="utf-8")
    text = text.replace("id: gdp", "id: 0777").replace("name: 地区生产总值", "name: 1.50")
    text = text.replace("target: 242", "target: 0242")
    (plan_dir / "indicators.yaml").write_text(text, encoding="utf-8")
    base = (plan_dir / "baseline_2020.csv").read_text(encoding="utf-8").replace("gdp,150.2", "0777,0150.2")
    (plan_dir / "baseline_2020.csv").write_text(base, encoding="utf-8")
    plan, session = _load(plan_dir, Session())
    assert session.problems == []
    row = plan.indicators.set_index("id").loc["0777"]
    assert (row["section"], row["name"], row["target"], row["base"]) == ("010", "1.50", 242.0, 150.2)


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("yes", None),
        ("on", None),
        ("1e3", None),
        ("0777", None),
        ("1E+3", ("not-allowed", "'1E+3': ids are lower-case kebab-case (gdp, rural-income)")),
        ("null", ("missing-field", "required field is missing")),
        ("[a, b]", ("wrong-type", "expected text, found list: ['a', 'b']")),
        ("true", ("wrong-type", "expected text, found true/false: True")),
    ],
)
def test_an_id_is_the_text_written(tmp_path, written, problem):
    plan_dir = _plan(tmp_path, "id: forest", f"id: {written}")
    base = (plan_dir / "baseline_2020.csv").read_text(encoding="utf-8")
    (plan_dir / "baseline_2020.csv").write_text(base.replace("forest,", f"{written},"), encoding="utf-8")
    plan, session = _load(plan_dir, Session())
    found = [(p.code, p.message) for p in session.problems if p.location and p.location.field == "indicators[1].id"]
    if problem is None:
        assert session.problems == [] and written in set(plan.indicators["id"])
    else:
        assert found == [problem]


# ------------------------------------------------------- hostile values: no internals, exit codes
HOSTILE = {
    "a list where text goes": ("unit: 亿元", "unit: [1, 2]", "wrong-type"),
    "a mapping where text goes": ("name: 地区生产总值", "name: {a: 1}", "wrong-type"),
    "a mapping where a number goes": ("target: 242", "target: {a: 1}", "wrong-type"),
    "a list where a number goes": ("value: 10}", "value: [1]}", "wrong-type"),
    "a huge exponent": ("target: 242", "target: 1e999999999", "out-of-range"),
    "a huge exponent as YAML writes it": ("target: 242", "target: 1.0e+999999999", "out-of-range"),
    "a huge exponent in a year": ("base_year: 2020", "base_year: 1E+999999999", "out-of-range"),
    "a huge exponent in a line": ("line: 1, snippet", "line: 1e999999999, snippet", "out-of-range"),
    "a huge rate": ("value: 10}", "value: 9e999999999}", "out-of-range"),
    "100,000 digits": ("target: 242", "target: " + "9" * 100_000, "out-of-range"),
    "infinity": ("target: 242", "target: .inf", "yaml-number"),
    "not a number": ("target: 242", "target: .nan", "yaml-number"),
    "a decimal comma": ("value: 10}", 'value: "1,5"}', "bad-number"),
    "a tiny exponent": ("value: 10}", "value: 1e-999999999}", "out-of-range"),
    "a schema version past every limit": ("schema_version: 1", "schema_version: 1e999999999", "out-of-range"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_value_is_one_clear_problem(tmp_path, case):
    """validate: exit 1 and the problem with its code; check: exit 2 and one Error line; neither shows a traceback, a
    Python exception's name or a line longer than a few hundred characters."""
    old, new, code = HOSTILE[case]
    plan = _plan(tmp_path, old, new)
    validated = _invoke(["validate", str(plan)])
    assert validated.exit_code == 1 and f"[{code}]" in validated.output, validated.output
    checked = _invoke(["check", "--plan", str(plan), "-f", "json"])
    assert checked.exit_code == 2 and checked.output.startswith("Error: ")
    for output in (validated.output, checked.output):
        assert not INTERNAL.search(output), output
        assert max(len(line) for line in output.splitlines()) < 400


def test_negative_zero_in_a_plan_file_is_zero(tmp_path):
    plan, _ = _load(_plan(tmp_path, "value: 10}", "value: -0}"), Session())
    growth = plan.indicators.set_index("id").loc["gdp", "growth_value"]
    assert growth == 0 and math.copysign(1, growth) == 1


def test_a_unit_of_the_wrong_type_is_one_problem(tmp_path):
    """The baseline's unit is not compared with a unit indicators.yaml could not give (no second, empty, mismatch)."""
    _, session = _load(_plan(tmp_path, "unit: 亿元", "unit: [1, 2]"), Session())
    assert [(p.code, p.location.field) for p in session.problems] == [("wrong-type", "indicators[gdp].unit")]


# ------------------------------------------------------------------ values cut in messages
def test_a_megabyte_cell_is_quoted_cut_with_its_length(tmp_path):
    """A 10⁶-digit cell in a plans table, 10⁵ digits in a baseline (the csv module's limit is 131,072): one short
    line each, the value cut after 60 characters and its length given."""
    path = tmp_path / "plans.csv"
    path.write_text("plan,id,name,unit,kind,base\np,x,X,元,level," + "9" * 1_000_000 + "\n", encoding="utf-8")
    plan = _plan(tmp_path, "gdp,150.2,", "gdp," + "9" * 100_000 + ",", "baseline_2020.csv")
    for target, length in ((path, "1,000,000"), (plan, "100,000")):
        result = _invoke(["validate", str(target)])
        [line] = [x for x in result.output.splitlines() if "[out-of-range]" in x]
        assert f"'{'9' * 60}…' ({length} characters) is beyond the usable range" in line and len(line) < 250


def test_a_megabyte_text_is_cut_in_every_message(tmp_path):
    """Long text in a field that is not a number (an unknown kind, an unknown id) is cut the same way."""
    long = "x" * 1_000_000
    _, session = _load(_plan(tmp_path, "kind: level", f"kind: {long}"), Session())
    [problem] = session.problems
    assert problem.message == f"{shown(long)} is not one of: level, share, period_total, period_change, limit"
    assert shown(long) == f"'{'x' * 60}…' (1,000,000 characters)"
    path = tmp_path / "plans.csv"
    path.write_text(f"plan,id,name,unit,kind\np,x,X,元,{long}\n", encoding="utf-8")
    _, problems, _ = read_plans_table(path)
    assert max(len(str(p)) for p in problems["p"]) < 300


def test_every_message_is_capped():
    """A message built from input by code that does not cut its values is cut as a whole."""
    err = PlanError("unknown " + "y" * 10_000, None, "invalid")
    assert len(err.message) < 1100 and err.message.endswith("… (10,008 characters)")


# ------------------------------------------------------------------ problems counted, not all listed
def _duplicates(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "actuals.csv"
    path.write_text("id,year,value,source\n" + "gdp,2021,160.1,公报\n" * n, encoding="utf-8")
    return path


def test_text_lists_the_first_fifty_problems_and_json_all(tmp_path):
    """201 rows of one figure: 200 duplicates; validate's text lists 50 and counts the 150 others, its JSON has 200;
    track lists 50 too, then says the file cannot be used."""
    path = _duplicates(tmp_path, 201)
    text = _invoke(["validate", "--actuals", str(path)])
    assert text.exit_code == 1
    lines = text.output.splitlines()
    assert sum("[duplicate-id]" in x for x in lines) == 50
    assert "… and 150 more problems (lingyuan-targets validate -f json lists them all)" in lines
    doc = json.loads(_invoke(["validate", "--actuals", str(path), "-f", "json"]).output)
    assert len(doc["plans"][-1]["problems"]) == 200
    tracked = _invoke(["track", "--actuals", str(path), "-f", "csv"])
    assert tracked.exit_code == 2 and sum("[duplicate-id]" in x for x in tracked.output.splitlines()) == 50
    assert "… and 150 more problems (lingyuan-targets validate -f json lists them all)" in tracked.output


def test_fifty_problems_are_listed_without_a_count(tmp_path):
    text = _invoke(["validate", "--actuals", str(_duplicates(tmp_path, 51))]).output
    assert sum("[duplicate-id]" in x for x in text.splitlines()) == 50 and "more problem" not in text


# ------------------------------------------------------------------ actuals years
def test_an_actual_after_the_horizon_is_a_warning_and_outside_the_span_a_problem(plan, tmp_path):
    """The embedded plan runs 2020-2035: 2036 and 2099 are read with one warning; 1800, 2019 and 2101 are
    out-of-range."""
    path = tmp_path / "a.csv"
    path.write_text("id,year,value,source\ngdp,2036,300,s\ngdp,2099,900,s\ngdp,2035,290,s\n", encoding="utf-8")
    session = validate_actuals(path, plan)
    assert session.problems == []
    assert session.warnings == [f"{path}: 2 rows are for a year after the plan's horizon 2035 (first on line 2: "
                                "2036); read, though no target or projection reaches it"]  # fmt: skip
    path.write_text("id,year,value,source\ngdp,1800,1,s\ngdp,2019,1,s\ngdp,2101,1,s\n", encoding="utf-8")
    problems = validate_actuals(path, plan).problems
    assert [(p.code, p.location.line) for p in problems] == [("out-of-range", 2), ("out-of-range", 3),
                                                             ("out-of-range", 4)]  # fmt: skip
    result = _invoke(["validate", "--actuals", str(path)])
    assert result.exit_code == 1 and "year 2101 is outside 2020-2100" in result.output


def test_a_printed_phrase_reads_spaced_digits_only_as_thousands():
    """In a phrase, 1 502 (a thin space) is 1502; 12 34 is refused rather than read as 1234."""
    from lingyuan_targets.plan.phrases import PhraseError, parse_level

    assert parse_level("达到1\u2009502亿元").value == 1502
    with pytest.raises(PhraseError, match="thousands only in groups of three"):
        parse_level("达到12 34亿元")

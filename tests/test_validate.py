"""validate and hostile input: a corpus of broken plans, each with its expected problem code; fuzzing;
re-encoded and full-width files that read exactly like the originals."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lingyuan_targets import load_plan
from lingyuan_targets.cli import main
from lingyuan_targets.io.plandir import default_plan_dir, validate_plan

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED = list(csv.DictReader((CORPUS / "expected.csv").open(encoding="utf-8")))


def _invoke(args):
    return CliRunner().invoke(click.Command("x", callback=lambda: main(list(args))), [], catch_exceptions=False)


def _case_plan(tmp_path: Path, case: dict[str, str]) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(CORPUS / "base", plan)
    folder = CORPUS / "cases" / case["case"]
    if (folder / "REMOVE").exists():
        (plan / case["file"]).unlink()
    elif (folder / case["file"]).is_dir():
        (plan / case["file"]).unlink()
        (plan / case["file"]).mkdir()
    else:
        for extra in folder.iterdir():
            shutil.copy(extra, plan / extra.name)
    return plan


def test_corpus_is_large_enough():
    """At least 40 broken files, each with an expected code."""
    assert len(EXPECTED) >= 40
    assert all(row["code"] for row in EXPECTED)


def test_base_plan_is_valid():
    """The corpus's base plan itself is valid (so each case fails for its own reason)."""
    assert not validate_plan(CORPUS / "base").problems


@pytest.mark.parametrize("case", EXPECTED, ids=[row["case"] for row in EXPECTED])
def test_corpus_case(tmp_path, case):
    """validate reports the expected code in the named file, exits 1; other commands exit 2; no traceback."""
    plan = _case_plan(tmp_path, case)
    problems = validate_plan(plan).problems
    codes = {(Path(p.location.file).name if p.location else None, p.code) for p in problems}
    assert (case["file"], case["code"]) in codes, codes
    result = _invoke(["validate", str(plan)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    for args in (["project", "--plan", str(plan), "-f", "csv"], ["check", "--plan", str(plan), "-f", "json"]):
        result = _invoke(args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and result.output.startswith("Error: ")


def test_file_over_the_size_limit(tmp_path):
    """A 5 MB CSV is refused before it is parsed."""
    plan = tmp_path / "plan"
    shutil.copytree(CORPUS / "base", plan)
    (plan / "baseline_2020.csv").write_bytes(b"id,value\n" + b"x,1\n" * 1_400_000)
    assert [p.code for p in validate_plan(plan).problems] == ["file-too-large"]


def test_unreadable_file(tmp_path):
    """A file without read permission is a clear problem (skipped when running as root)."""
    import os

    plan = tmp_path / "plan"
    shutil.copytree(CORPUS / "base", plan)
    target = plan / "baseline_2020.csv"
    target.chmod(0)
    try:
        if os.access(target, os.R_OK):
            pytest.skip("running as a user who can read anything")
        assert [p.code for p in validate_plan(plan).problems] == ["permission-denied"]
    finally:
        target.chmod(0o644)


def test_every_problem_is_reported(tmp_path):
    """Several broken fields in two files are all listed, each with file, line and field."""
    plan = tmp_path / "plan"
    shutil.copytree(CORPUS / "base", plan)
    y = (plan / "indicators.yaml").read_text(encoding="utf-8")
    y = (
        y.replace("kind: level", "kind: flow")
        .replace("target: 54.8", "target: abc")
        .replace("    target: 242", "    taget: 242")
    )
    (plan / "indicators.yaml").write_text(y, encoding="utf-8")
    c = (plan / "baseline_2020.csv").read_text(encoding="utf-8").replace("亿元,表", "万元,表")
    (plan / "baseline_2020.csv").write_text(c, encoding="utf-8")
    problems = validate_plan(plan).problems
    got = sorted((Path(p.location.file).name, p.code, p.location.field) for p in problems)
    assert got == sorted([
        ("indicators.yaml", "not-allowed", "indicators[gdp].kind"),
        ("indicators.yaml", "unknown-field", "indicators[gdp].taget"),
        ("indicators.yaml", "unknown-phrase", "indicators[forest].target"),
        ("baseline_2020.csv", "unit-mismatch", "unit"),
    ])  # fmt: skip
    assert all(p.location.line for p in problems)


def test_validate_formats(tmp_path):
    """json lists problems as data; github prints ::error annotations with file and line."""
    case = next(row for row in EXPECTED if row["case"] == "unknown-kind")
    plan = _case_plan(tmp_path, case)
    doc = json.loads(_invoke(["validate", str(plan), "-f", "json"]).output)
    assert doc["valid"] is False and doc["plans"][0]["problems"][0]["code"] == "not-allowed"
    gh = _invoke(["validate", str(plan), "-f", "github"]).output
    assert gh.startswith("::error file=") and ",line=" in gh and "not-allowed" in gh
    ok = _invoke(["validate", "-f", "json"])
    assert ok.exit_code == 0 and json.loads(ok.output)["valid"] is True


def test_validate_a_file_validates_its_plan(tmp_path):
    """A file path (as a pre-commit hook passes) validates the plan directory holding it."""
    result = _invoke(["validate", str(default_plan_dir() / "indicators.yaml"), str(default_plan_dir() / "history.csv")])
    assert result.exit_code == 0 and result.output.count(": valid") == 1
    assert _invoke(["validate", str(tmp_path / "nope")]).exit_code == 2


def test_schema_is_json_and_lists_kinds():
    """`schema` prints a JSON Schema whose enums come from the model."""
    doc = json.loads(_invoke(["schema"]).output)
    kinds = doc["properties"]["indicators"]["items"]["properties"]["kind"]["enum"]
    assert kinds == ["level", "share", "period_total", "period_change", "limit"]


# ----------------------------------------------------------- input as it arrives
def _same_plan(a, b):
    cols = ["id", "base", "base_decimals", "target", "target_decimals", "unit"]
    assert a.indicators[cols].equals(b.indicators[cols])


def test_gbk_crlf_bom_and_full_width_read_identically(plan_copy):
    """The shipped baseline re-saved as GB18030 with CRLF, or as UTF-8 with BOM and full-width digits,
    thousands separators and % signs, loads to the same numbers; a notice says what was converted."""
    original = load_plan(plan_copy)
    path = plan_copy / "baseline_2020.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    gbk = load_plan(plan_copy)
    _same_plan(original, gbk)
    assert any("GB18030" in n for n in gbk.notices)
    wide = text.replace("rural-income,15225,", 'rural-income,"15,225",').replace("gdp,150.2,", "gdp,１５０．２,")
    wide = wide.replace("forest-cover,53.8,", "forest-cover,53.8%,")
    path.write_bytes(b"\xef\xbb\xbf" + wide.encode("utf-8"))
    converted = load_plan(plan_copy)
    _same_plan(original, converted)
    assert any("full-width" in n for n in converted.notices) and any("thousands" in n for n in converted.notices)


def test_encoding_option(plan_copy):
    """--encoding forces a decoder; a wrong one is a clear error."""
    path = plan_copy / "baseline_2020.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    assert _invoke(["list", "--plan", str(plan_copy), "--encoding", "gb18030", "-f", "csv"]).exit_code == 0
    bad = _invoke(["list", "--plan", str(plan_copy), "--encoding", "ascii", "-f", "csv"])
    assert bad.exit_code == 2 and "ascii" in bad.output and "baseline_2020.csv" in bad.output


# ----------------------------------------------------------------- fuzzing
SHIPPED = sorted(p.name for p in default_plan_dir().iterdir() if p.suffix in (".yaml", ".csv"))


def _mutate(data: bytes, how: str, at: float, blob: bytes) -> bytes:
    i = int(at * len(data))
    if how == "truncate":
        return data[:i]
    if how == "delete-line":
        lines = data.split(b"\n")
        k = int(at * len(lines))
        return b"\n".join(lines[:k] + lines[k + 1 :])
    if how == "duplicate-line":
        lines = data.split(b"\n")
        k = int(at * len(lines))
        return b"\n".join(lines[: k + 1] + lines[k:])
    if how == "insert":
        return data[:i] + blob + data[i:]
    if how == "swap-type":
        return data.replace(b": 10", b": [10]", 1).replace(b"target: ", b"target: x", 1)
    if how == "reencode":
        return data.decode("utf-8").encode("utf-16")
    return data[:i] + blob + data[i + len(blob) :]  # overwrite


@given(
    file=st.sampled_from(SHIPPED),
    how=st.sampled_from(["truncate", "delete-line", "duplicate-line", "insert", "overwrite", "swap-type", "reencode"]),
    at=st.floats(0, 1),
    blob=st.binary(min_size=1, max_size=12)
    | st.sampled_from([b":", b"- ", b"\t", b"&a ", b"*a", b"{", b'"', b",", b"\xe4"]),
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzz_mutated_shipped_files_end_cleanly(tmp_path_factory, file, how, at, blob):
    """Whatever the mutation, validate exits 0 or 1 and project 0 or 2, with no traceback."""
    plan = tmp_path_factory.mktemp("fuzz") / "plan"
    shutil.copytree(default_plan_dir(), plan, ignore=shutil.ignore_patterns("source"))
    path = plan / file
    path.write_bytes(_mutate(path.read_bytes(), how, at, blob))
    result = _invoke(["validate", str(plan), "-f", "json"])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    json.loads(result.output)
    result = _invoke(["project", "--plan", str(plan), "-f", "csv", "--to", "2030"])
    assert result.exit_code in (0, 2) and "Traceback" not in result.output and "Internal error" not in result.output


def test_csv_output_neutralises_formulas(tmp_path):
    """A name beginning with = (or + - @) is written as text in csv, not as a formula."""
    plan = tmp_path / "plan"
    shutil.copytree(CORPUS / "base", plan)
    y = (plan / "indicators.yaml").read_text(encoding="utf-8").replace("name: 地区生产总值", 'name: "=HYPERLINK(1)"')
    (plan / "indicators.yaml").write_text(y, encoding="utf-8")
    out = _invoke(["list", "--plan", str(plan), "-f", "csv"]).output
    rows = list(csv.DictReader(out.splitlines()))
    assert rows[0]["name_zh"] == "'=HYPERLINK(1)"
    assert rows[0]["base"] == "150.2"  # numbers stay numbers


def test_yaml_in_gb18030_reads_identically(plan_copy):
    """indicators.yaml saved as GB18030 with CRLF line ends loads to the same plan, with a notice."""
    original = load_plan(plan_copy)
    path = plan_copy / "indicators.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gb18030"))
    again = load_plan(plan_copy)
    _same_plan(original, again)
    assert list(original.indicators["name"]) == list(again.indicators["name"])
    assert any("indicators.yaml" in n and "GB18030" in n for n in again.notices)


def test_nothing_is_written_when_input_is_unusable(tmp_path):
    """-o with a broken plan: exit 2 and no output file, not even a partial one."""
    case = next(row for row in EXPECTED if row["case"] == "yaml-syntax")
    plan = _case_plan(tmp_path, case)
    out = tmp_path / "out.csv"
    result = _invoke(["project", "--plan", str(plan), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["plan"]


def test_validate_in_chinese_names_each_problem_and_the_status_in_chinese(tmp_path):
    """--lang zh: a problem line is location, field, the code's Chinese title, then the (English) message and the
    code; the status line is 有效 / N 个问题; JSON is byte-identical to --lang en; the default stays English."""
    from lingyuan_targets.plan.problems import PROBLEMS_ZH

    plan = tmp_path / "plan"
    shutil.copytree(default_plan_dir(), plan)
    text = (plan / "indicators.yaml").read_text(encoding="utf-8")
    (plan / "indicators.yaml").write_text(text.replace("  - id: gdp\n", "  - id: gdp\n    taget: 3\n", 1),
                                          encoding="utf-8")  # fmt: skip
    zh = _invoke(["validate", str(plan), "--lang", "zh"])
    en = _invoke(["validate", str(plan)])
    assert zh.exit_code == en.exit_code == 1
    title = PROBLEMS_ZH["unknown-field"]
    assert f"indicators[gdp].taget: {title}：unknown field; did you mean 'target'? [unknown-field]" in zh.output
    assert zh.output.rstrip().endswith(f"{plan}: 1 个问题")
    assert en.output.rstrip().endswith(f"{plan}: 1 problem(s)") and title not in en.output
    as_json = [_invoke(["validate", str(plan), "-f", "json", "--lang", lang]).output for lang in ("zh", "en")]
    assert as_json[0] == as_json[1]
    valid = _invoke(["validate", "--lang", "zh"])
    assert valid.exit_code == 0 and valid.output.rstrip().endswith(": 有效")


def test_every_problem_code_has_a_chinese_title_and_list_codes_shows_them():
    from lingyuan_targets.plan.problems import PROBLEMS, PROBLEMS_ZH

    assert list(PROBLEMS_ZH) == list(PROBLEMS)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in title) for title in PROBLEMS_ZH.values())
    rows = json.loads(_invoke(["validate", "--list-codes", "--lang", "zh", "-f", "json"]).output)["rows"]
    assert [(r["code"], r["group"], r["title"]) for r in rows] == [
        (c, g, PROBLEMS_ZH[c]) for c, (g, _) in PROBLEMS.items()
    ]
    shown = _invoke(["validate", "--list-codes", "--lang", "zh", "-f", "text"]).output
    assert "| unknown-field " in shown and PROBLEMS_ZH["unknown-field"] in shown and "| 字段 " in shown

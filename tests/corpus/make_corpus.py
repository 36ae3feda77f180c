"""Regenerate tests/corpus/cases from tests/corpus/base (run from the repository root).

Each case replaces one file of the small valid plan in base/ with a broken version;
expected.csv names the file and the problem code `validate` must report.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
Y = (HERE / "base" / "indicators.yaml").read_text(encoding="utf-8")
C = (HERE / "base" / "baseline_2020.csv").read_text(encoding="utf-8")
IND, BASE = "indicators.yaml", "baseline_2020.csv"
SCEN = (
    "scenarios:\n  doubling:\n    method: multiple\n    multiple: 2\n    of_year: 2020\n    by_year: 2035\n"
    "    applies_to: [level]\n"
)
HIST = (
    "table,series,series_en,unit,row_type,label,year,value,growth,section,line,snippet,note\n"
    "T,g,g,u,year,2016,2016,100,1,s,1,x,\nT,g,g,u,year,2017,2017,101,1,s,2,x,\n"
)
SUMS = (
    "group,check,role,label,label_en,value,unit,section,line,snippet,note\n"
    "z,shares-of-sum,part,a,a,1,u,s,1,x,\nz,shares-of-sum,share,a,a,50,%,s,1,x,\n"
    "z,shares-of-sum,part,b,b,1,u,s,1,x,\nz,shares-of-sum,share,b,b,50,%,s,1,x,\n"
)
PROJ = (
    "breakdown,label,label_en,count,investment,unit,section,line,snippet\n"
    "total,all,all,3,3,亿元,s,1,x\nsize,a,a,1,1,亿元,s,1,x\nsize,b,b,2,2,亿元,s,1,x\n"
)
REL = (
    "relations:\n  - id: r\n    type: ratio\n    numerator: gdp\n    denominator: gdp\n    share: forest\n"
    "    year: 2025\n"
)

CASES: list[tuple[str, ...]] = [
    # name, file, content, expected code
    ("empty-yaml", IND, "", "empty-file"),
    ("empty-csv", BASE, "", "empty-file"),
    ("yaml-syntax", IND, Y.replace("name: 地区生产总值", "name: [地区生产总值"), "yaml-syntax"),
    ("yaml-tab-indent", IND, Y.replace("    name: 森林覆盖率", "\tname: 森林覆盖率"), "yaml-syntax"),
    ("yaml-truncated", IND, Y[: len(Y) // 2] + "    growth: {printed: 年均", "yaml-syntax"),
    (
        "yaml-alias",
        IND,
        Y.replace("    direction: at_least\n    attribute", "    direction: &d at_least\n    attribute", 1).replace(
            "    direction: at_least\n    origin", "    direction: *d\n    origin", 1
        ),
        "yaml-alias",
    ),
    ("billion-laughs", IND, "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\n" + Y, "yaml-alias"),
    (
        "python-object-tag",
        IND,
        Y.replace("target: 242", "target: !!python/object/apply:os.system ['true']"),
        "yaml-tag",
    ),
    ("python-name-tag", IND, "plan: !!python/name:os.system\n", "yaml-tag"),
    ("duplicate-key", IND, Y.replace("    unit: 亿元\n", "    unit: 亿元\n    unit: 万元\n"), "yaml-duplicate-key"),
    ("deep-nesting", IND, "plan: " + "[" * 5000 + "]" * 5000 + "\n", "yaml-too-deep"),
    ("nan-target", IND, Y.replace("target: 242", "target: .nan"), "yaml-number"),
    ("inf-target", IND, Y.replace("target: 242", "target: .inf"), "yaml-number"),
    ("huge-number", IND, Y.replace("target: 242", "target: 1.0e+400"), "out-of-range"),
    ("wrong-type-target", IND, Y.replace("target: 242", "target: [242]"), "wrong-type"),
    ("unknown-phrase-target", IND, Y.replace("target: 242", "target: abc"), "unknown-phrase"),
    (
        "unknown-phrase-growth",
        IND,
        Y.replace("{printed: 年均 10%, basis: annual, value: 10}", "年均好"),
        "unknown-phrase",
    ),
    (
        "printed-mismatch-growth",
        IND,
        Y.replace("{printed: 年均 10%, basis: annual, value: 10}", "{printed: 年均增长12%, basis: annual, value: 10}"),
        "printed-mismatch",
    ),
    ("printed-mismatch-target", IND, Y.replace("target: 242", "target: 控制在242亿元以内"), "printed-mismatch"),
    ("wrong-type-plan", IND, Y.replace("plan:\n  id: mini", "plan: 5\nx:\n  id: mini"), "wrong-type"),
    ("indicators-not-list", IND, Y.split("indicators:")[0] + "indicators: 7\n", "wrong-type"),
    ("unknown-kind", IND, Y.replace("kind: level", "kind: flow"), "not-allowed"),
    ("unknown-direction", IND, Y.replace("direction: at_least", "direction: upward", 1), "not-allowed"),
    ("unknown-attribute", IND, Y.replace("attribute: 预期性", "attribute: 指导性"), "not-allowed"),
    ("unknown-field", IND, Y.replace("    target: 242", "    taget: 242"), "unknown-field"),
    ("missing-id", IND, Y.replace("  - id: forest\n    name: 森林覆盖率", "  - name: 森林覆盖率"), "missing-field"),
    ("missing-unit", IND, Y.replace("    unit: 亿元\n", ""), "missing-field"),
    (
        "empty-source",
        IND,
        Y.replace('{section: 表, line: 1, snippet: "地区生产总值 150.2 242"}', "{}"),
        "missing-field",
    ),
    ("duplicate-id", IND, Y.replace("id: forest", "id: gdp"), "duplicate-id"),
    (
        "reading-without-growth",
        IND,
        Y.replace("{printed: 年均 10%, basis: annual, value: 10}", "{basis: none, reading: relative}"),
        "not-allowed",
    ),
    # the base in indicators.yaml and in the baseline file: reported at the file's row (5th item: the file reported)
    ("base-given-twice", IND, Y.replace("    target: 242", "    base: 150.2\n    target: 242"), "duplicate-id", BASE),
    ("cumulative-without-reading", IND, Y.replace(", reading: points}", "}"), "missing-field"),
    ("bad-bounds", IND, Y.replace("    kind: share\n", "    kind: share\n    bounds: [100, 0]\n"), "out-of-bounds"),
    ("target-year-before-base", IND, Y.replace("target_year: 2025", "target_year: 2019"), "year-order"),
    ("fractional-year", IND, Y.replace("base_year: 2020", "base_year: 2020.5"), "not-integer"),
    ("rate-below-minus-100", IND, Y.replace("value: 10}", "value: -120}"), "out-of-bounds"),
    ("share-target-above-100", IND, Y.replace("target: 54.8", "target: 154.8"), "out-of-bounds"),
    ("zero-base-compounding", BASE, C.replace("gdp,150.2", "gdp,0"), "not-positive"),
    ("negative-base", BASE, C.replace("gdp,150.2", "gdp,-3"), "not-positive"),
    ("nan-base", BASE, C.replace("gdp,150.2", "gdp,nan"), "not-finite"),
    ("text-base", BASE, C.replace("gdp,150.2", "gdp,一百五十"), "bad-number"),
    ("unit-mismatch", BASE, C.replace("gdp,150.2,亿元", "gdp,150.2,万元"), "unit-mismatch"),
    ("unknown-baseline-id", BASE, C + "ghost,1,亿元,,,,\n", "unknown-id"),
    ("duplicate-baseline", BASE, C + "gdp,150.2,亿元,表,1,150.2,\n", "duplicate-id"),
    ("missing-baseline-row", BASE, "\n".join(C.split("\n")[:2]) + "\n", "missing-baseline"),
    ("ragged-row", BASE, C.replace("gdp,150.2,亿元,表,1,150.2,", "gdp,150.2,亿元,表,1"), "csv-ragged"),
    ("missing-header", BASE, "\n".join(C.split("\n")[1:]), "csv-header"),
    ("csv-bad-quote", BASE, C.replace("gdp,150.2,亿元,表,1,150.2,", 'gdp,150.2,亿元,表,1,"150.2\n'), "csv-syntax"),
    ("binary-garbage-csv", BASE, bytes(range(256)) * 4, "binary-file"),
    ("binary-garbage-yaml", IND, b"\x89PNG\r\n\x1a\n" + bytes(200), "binary-file"),
    ("not-gb18030-either", BASE, b"id,value\n\xff\xfe\xfd\xfc\x80\x81", "encoding"),
    ("control-characters", BASE, C.replace("gdp,150.2", "gdp,15\x070.2"), "binary-file"),
    ("too-large", BASE, C + ("x," * 10 + "\n") * 300_000, "file-too-large"),
    ("id-not-kebab", IND, Y.replace("id: forest", "id: Forest_Cover"), "not-allowed"),
    ("schema-version-2", IND, Y.replace("schema_version: 1", "schema_version: 2"), "not-allowed"),
    ("source-line-negative", IND, Y.replace("line: 1,", "line: -5,"), "out-of-bounds"),
    ("scenario-by-year-at-target", "scenarios.yaml", SCEN.replace("by_year: 2035", "by_year: 2025"), "year-order"),
    ("scenario-of-year-outside", "scenarios.yaml", SCEN.replace("of_year: 2020", "of_year: 1990"), "year-order"),
    (
        "scenario-rate-impossible",
        "scenarios.yaml",
        "scenarios:\n  crash:\n    method: rate\n    rate: -150\n",
        "out-of-bounds",
    ),
    ("history-years-out-of-order", "history.csv", HIST.replace("2017,2017", "2015,2015"), "year-order"),
    ("history-bad-row-type", "history.csv", HIST.replace(",year,2016", ",yr,2016"), "not-allowed"),
    ("sums-share-missing", "sums.csv", "\n".join(SUMS.split("\n")[:4]) + "\n", "missing-field"),
    ("sums-bad-check", "sums.csv", SUMS.replace("shares-of-sum", "share-of-sum"), "not-allowed"),
    ("projects-no-total", "projects.csv", PROJ.replace("total,all", "size,all"), "missing-total"),
    ("relation-year-outside", "relations.yaml", REL.replace("year: 2025", "year: 2050"), "year-order"),
    ("relation-unknown-id", "relations.yaml", REL.replace("numerator: gdp", "numerator: ghost"), "bad-reference"),
]

SPECIAL = {  # cases that are not one file replaced by content
    "directory-instead-of-file": (BASE, "not-a-file"),
    "missing-indicators-file": (IND, "file-not-found"),
}

# encodings, numbers and text fields read one way (each file decided on its own bytes; no NFKC digits; YAML text)
_LATIN = C.replace("gdp,150.2,亿元,表,1,150.2,", "gdp,150.2,yi,T,1,150.2,Caféteria").replace("亿元", "yi")
_LINES = C.split("\n")
CASES += [
    ("cp1252-baseline", BASE, _LATIN.replace("百分比", "pct").replace("表", "T").encode("cp1252"), "encoding"),
    (
        "mixed-encodings-baseline",
        BASE,
        "\n".join(_LINES[:2]).encode("utf-8") + b"\n" + _LINES[2].encode("gb18030") + b"\n",
        "encoding",
    ),
    ("utf16-without-bom", BASE, C.encode("utf-16-le"), "binary-file"),
    ("bidi-override-in-csv", BASE, C.replace("gdp,150.2,", "gdp\u202e,150.2,"), "binary-file"),
    ("decimal-comma-baseline", BASE, C.replace("gdp,150.2,", 'gdp,"150,2",'), "bad-number"),
    ("superscript-baseline", BASE, C.replace("gdp,150.2,", "gdp,150.2¹,"), "bad-number"),
    ("circled-digit-baseline", BASE, C.replace("gdp,150.2,", "gdp,①50.2,"), "bad-number"),
    ("huge-digits-baseline", BASE, C.replace("gdp,150.2,", "gdp," + "9" * 10_000 + ","), "out-of-range"),
    ("huge-exponent-target", IND, Y.replace("target: 242", "target: 1e999999999"), "out-of-range"),
    ("tiny-exponent-target", IND, Y.replace("target: 242", "target: 1e-999999999"), "out-of-range"),
    ("octal-looking-id", IND, Y.replace("  - id: gdp\n", "  - id: 0777\n"), "missing-baseline", BASE),
    ("boolean-looking-id", IND, Y.replace("  - id: gdp\n", "  - id: yes\n"), "missing-baseline", BASE),
    ("null-id", IND, Y.replace("  - id: gdp\n", "  - id: null\n"), "missing-field"),
    ("list-as-name", IND, Y.replace("    name: 地区生产总值\n", "    name: [地区, 生产总值]\n"), "wrong-type"),
    ("mapping-as-target", IND, Y.replace("target: 242", "target: {value: 242}"), "wrong-type"),
]


def main() -> None:
    cases = HERE / "cases"
    shutil.rmtree(cases, ignore_errors=True)
    rows = []
    for name, file, content, code, *reported in CASES:
        folder = cases / name
        folder.mkdir(parents=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        if name == "too-large":
            continue  # generated by the test at run time (5 MB is too much to commit)
        (folder / file).write_bytes(data)
        rows.append((name, reported[0] if reported else file, code))
    for name, (file, code) in SPECIAL.items():
        folder = cases / name
        folder.mkdir(parents=True)
        if name == "directory-instead-of-file":
            (folder / file).mkdir()
            (folder / file / ".keep").write_text("", encoding="utf-8")
        else:
            (folder / "REMOVE").write_text(file + "\n", encoding="utf-8")
        rows.append((name, file, code))
    with (HERE / "expected.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["case", "file", "code"])
        writer.writerows(sorted(rows))


if __name__ == "__main__":
    main()

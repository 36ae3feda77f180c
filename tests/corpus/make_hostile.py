"""Regenerate tests/corpus/hostile from tests/corpus/base (run from the repository root).

Each case is a folder: the files that replace the base plan's (a name, a snippet, a category holding terminal
escapes, rich markup, spreadsheet formulas, HTML or Markdown), and ``case.json`` naming the commands to run, the
exit status each must end with, and the properties it guards (tests/test_hostile_corpus.py checks them):

- ``no-control``: no control character (ESC, BEL, CR, C1, bidi override) in what a command prints or writes;
- ``no-formula``: no csv cell, and no line of one, starts with = + - @ (numbers aside), no xlsx formula;
- ``no-markup``: Markdown renders, and HTML parses, to the elements the tool writes and no others;
- ``one-line``: every GitHub annotation is one line (a line break from input cannot forge a workflow command);
- ``no-forged-line``: no line of stdout or stderr starts with ``::`` after white space (a CI log's workflow command),
  and none holds ``##[`` (the runner's older syntax, read anywhere in a line);
- ``no-autolink``: no bare ``https://`` or ``www.`` that GitHub's Markdown would make a link by itself;
- ``xlsx-opens``: every workbook written opens in openpyxl (its XML is well-formed);
- ``well-formed-svg``: every SVG written (a chart file, or one an HTML report embeds) parses as XML;
- ``input-untouched`` and ``no-temp-file``: checked for every case: the plan's files are byte-identical after
  the commands, and no temporary file is left anywhere.

Special files (a FIFO, a link to /dev/zero, a link loop) cannot live in git: ``setup`` in case.json says what to make.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "hostile"
Y = (HERE / "base" / "indicators.yaml").read_text(encoding="utf-8")
C = (HERE / "base" / "baseline_2020.csv").read_text(encoding="utf-8")
IND, BASE = "indicators.yaml", "baseline_2020.csv"

#: name → hostile text (as a YAML double-quoted scalar may carry it: escapes make the control characters)
TEXTS = {
    "rich-link": "[link=https://evil.example]点击[/link]",
    "rich-close": "[/bold]名称",
    "osc-title": "\x1b]0;pwned\x07名称",
    "clear-screen": "\x1b[2J\x1b[H名称",
    "c1-csi": "\x9b31m名称",
    "bidi-override": "名称\u202eabc",
    "formula": "=cmd|' /C calc'!A0",
    "formula-after-cr": "ok\r=cmd|' /C calc'!A0",
    "formula-after-lf": "ok\n@SUM(1+1)*cmd|' /C calc'!A0",
    "formula-after-tab": "\t=1+1",
    "formula-full-width": '＝HYPERLINK("https://evil.example")',
    "html-script": "<script>alert(1)</script>",
    "html-img": "<img src=x onerror=alert(1)>",
    "md-link": "[点击](javascript:alert(1))",
    "md-heading": "名称\n# 伪造的标题",
    "md-pipe": "a | b | c",
    "md-code": "`code` ``more``",
}
#: where a text goes: the field's line in the base plan, and how the new line is written
FIELDS = {
    "name": ("    name: 地区生产总值\n", "    name: {}\n"),
    "name-en": ("    name_en: Gross regional product\n", "    name_en: {}\n"),
    "snippet": ('snippet: "地区生产总值 150.2 242"}', "snippet: {}}}"),
}
#: a few texts also as a category and as the plan's name
MORE_FIELDS = {
    "category": ("    category: 经济发展\n", "    category: {}\n"),
    "plan-name": ("  name: 测试规划\n", "  name: {}\n"),
}
MORE_TEXTS = ("osc-title", "formula-after-cr", "html-script", "md-heading")

#: every content case runs these: (arguments, exit status, guards); {plan} and {out} are filled in by the test
COMMANDS = [
    (["list", "-f", "csv"], 0, ["no-control", "no-formula"]),
    (["list", "-f", "json", "--lang", "en"], 0, ["no-control"]),
    (["list", "-f", "markdown", "--lang", "en"], 0, ["no-control", "no-markup"]),
    (["list", "-f", "table"], 0, ["no-control"]),
    (["show", "gdp", "-f", "markdown"], 0, ["no-control", "no-markup"]),
    (["show", "gdp", "-f", "table", "--lang", "en"], 0, ["no-control"]),
    (["project", "-f", "csv", "--lang", "en"], 0, ["no-control", "no-formula"]),
    (["check", "-f", "csv"], 0, ["no-control", "no-formula"]),
    (["check", "-f", "markdown"], 0, ["no-control", "no-markup"]),
    (["validate", "{plan}"], 0, ["no-control"]),
    (["list", "-o", "{out}/list.xlsx"], 0, ["no-control", "no-formula"]),
    (["report", "--no-charts", "-o", "{out}/report.html"], 0, ["no-control", "no-markup"]),
    (["report", "--no-charts", "--lang", "en", "-o", "{out}/report.md"], 0, ["no-control", "no-markup"]),
]

#: cases of files that are not what they claim (special files, output targets): setup, commands
SPECIAL = {
    "fifo-as-indicators": ({"fifo": IND}, [(["validate", "{plan}"], 1, ["no-control"]),
                                           (["check", "-f", "json"], 2, ["no-control"])]),
    "dev-zero-as-baseline": ({"link": [BASE, "/dev/zero"]}, [(["validate", "{plan}"], 1, ["no-control"]),
                                                             (["project", "-f", "csv"], 2, ["no-control"])]),
    "link-loop-as-indicators": ({"loop": IND}, [(["validate", "{plan}"], 1, ["no-control"]),
                                                (["list", "-f", "csv"], 2, ["no-control"])]),
    "fifo-as-actuals": ({"fifo": "actuals.csv"}, [(["track", "--actuals", "{plan}/actuals.csv", "-f", "csv"], 2,
                                                   ["no-control"])]),
    "output-onto-fifo": ({"fifo": "out.csv"}, [(["list", "-o", "{plan}/out.csv"], 2, ["no-control"])]),
    "output-onto-read-only-file": ({"read-only": "old.csv"}, [(["list", "-o", "{plan}/old.csv"], 2, ["no-control"])]),
    "output-through-link-loop": ({"loop": "out.csv"}, [(["list", "-o", "{plan}/out.csv"], 2, ["no-control"])]),
    "output-name-too-long": ({}, [(["list", "-o", "{out}/" + "长" * 100 + ".csv"], 2, ["no-control"])]),
    "plan-path-too-long": ({}, [(["list", "--plan", "{plan}/" + "a" * 300], 2, ["no-control"]),
                                (["validate", "{plan}/" + "a" * 300], 2, ["no-control"])]),
}  # fmt: skip


#: texts that reach messages on stderr rather than output: (files, commands)
MESSAGES = {
    "escape-in-id": ({IND: Y.replace("  - id: gdp\n", '  - id: "gdp\\e]0;pwned\\a"\n')},
                     [(["validate", "{plan}"], 1, ["no-control"]), (["list", "-f", "csv"], 2, ["no-control"]),
                      (["validate", "{plan}", "-f", "github"], 1, ["no-control"])]),
    "escape-in-unknown-key": ({IND: Y.replace("    kind: level\n", '    kind: level\n    "\\e[2Jx": 1\n', 1)},
                              [(["validate", "{plan}"], 1, ["no-control"]),
                               (["validate", "{plan}", "-f", "json"], 1, ["no-control"])]),
    "newline-in-id": ({IND: Y.replace("  - id: gdp\n", '  - id: "gdp\\n::error::forged"\n')},
                      [(["validate", "{plan}", "-f", "github"], 1, ["no-control", "one-line"]),
                       (["check", "-f", "json"], 2, ["no-control"])]),
    "escape-in-baseline-snippet": ({BASE: C.replace("gdp,150.2,亿元,表,1,150.2,", "gdp,150.2,亿元,表,1,=1+1,")},
                                   [(["project", "-f", "csv"], 0, ["no-control", "no-formula"]),
                                    (["show", "gdp", "-f", "csv"], 0, ["no-control", "no-formula"])]),
    "escape-in-scope-warning": ({IND: Y.replace("    kind: level\n", '    kind: level\n    scope: "\\e[2J不含\\a"\n', 1),
                                 "actuals.csv": "id,year,value,source,scope\ngdp,2020,160,bulletin,全市\n"
                                                "gdp,2021,170,bulletin,全市\n"},
                                [(["track", "--actuals", "{plan}/actuals.csv", "-f", "csv"], 0, ["no-control"]),
                                 (["track", "--actuals", "{plan}/actuals.csv", "-f", "table"], 0, ["no-control"])]),
    "formula-in-scenario-names": ({"scenarios.yaml": 'scenarios:\n  "x\\n=HYPERLINK(\\"http://evil\\",\\"y\\")": '
                                                     '{method: rate, rate: 4}\n  "y\\r@SUM(1+1)": {method: rate, rate: 5}\n'
                                                     '  "\\n\\t=cmd": {method: rate, rate: 3}\n'},
                                  [(["outlook", "-f", "csv"], 0, ["no-control", "no-formula"]),
                                   (["outlook", "-o", "{out}/outlook.xlsx"], 0, ["no-control", "no-formula"]),
                                   (["scenarios", "-f", "csv"], 0, ["no-control", "no-formula"]),
                                   (["outlook", "-f", "markdown"], 0, ["no-control", "no-markup"])]),
    "forged-ci-lines": ({IND: Y.replace("  - id: gdp\n", '  - id: "gdp\\n::error::FORGED-ID"\n').replace(
                             "    kind: share\n", '    kind: share\n    "k\\n::error::FORGED-KEY": 1\n', 1),
                         "scenarios.yaml": 'scenarios:\n  "s\\n::error::FORGED-SCENARIO": {method: bogus}\n'},
                        [(["validate", "{plan}"], 1, ["no-control", "no-forged-line"]),
                         (["check", "-f", "json"], 2, ["no-control", "no-forged-line"]),
                         (["validate", "{plan}", "-f", "github"], 1, ["no-control", "one-line"])]),
    "forged-line-in-actuals-scope": ({IND: Y.replace("    kind: level\n", "    kind: level\n    scope: 全市\n", 1),
                                      "actuals.csv": 'id,year,value,source,scope\ngdp,2020,160,bulletin,'
                                                     '"全市\n::error::FORGED"\ngdp,2021,170,bulletin,全市\n'},
                                     [(["track", "--actuals", "{plan}/actuals.csv", "-f", "csv"], 0,
                                       ["no-control", "no-forged-line", "no-formula"])]),
    "autolinks-in-names": ({IND: Y.replace("    name_en: Gross regional product\n",
                                           "    name_en: see https://evil.example/login and www.evil.com\n")},
                           [(["list", "-f", "markdown", "--lang", "en"], 0, ["no-control", "no-markup", "no-autolink"]),
                            (["report", "--no-charts", "--lang", "en", "-o", "{out}/r.md"], 0,
                             ["no-markup", "no-autolink"])]),
    "forged-lines-in-scenario-texts": ({"scenarios.yaml": "scenarios:\n  \"s\\n::error::FORGED-NAME\":\n"
                                                          "    method: rate\n    rate: 4\n    description: \""
                                                          + "a long description that wraps " * 8
                                                          + "\\n::error::FORGED-DESC " + "more words " * 6
                                                          + " ::error::WRAPPED\"\n"},
                                       [(["outlook", "-f", "table"], 0, ["no-control", "no-forged-line"]),
                                        (["project", "--to", "2035", "-f", "table"], 0,
                                         ["no-control", "no-forged-line"]),
                                        (["scenarios", "-f", "table"], 0, ["no-control", "no-forged-line"]),
                                        (["outlook", "-f", "csv"], 0, ["no-control", "no-forged-line", "no-formula"]),
                                        (["outlook", "-f", "markdown"], 0,
                                         ["no-control", "no-forged-line", "no-markup"])]),
    "brackets-in-chart-labels": ({IND: Y.replace("    name_en: Gross regional product\n", "    name_en: EN [click\n")
                                  .replace("    name: 地区生产总值\n", "    name: 地区[生产]总值](x\n")},
                                 [(["report", "--lang", "en", "-o", "{out}/r.md"], 0, ["no-control", "no-markup"]),
                                  (["report", "--lang", "en", "-o", "{out}/r.html"], 0,
                                   ["no-control", "no-markup", "well-formed-svg"])]),
    "gfm-extended-autolinks": ({IND: Y.replace("    name_en: Gross regional product\n",
                                               "    name_en: _www.evil.com *www.x.y xmpp:a@b.c mailto:c@d.e\n")},
                               [(["list", "-f", "markdown", "--lang", "en"], 0,
                                 ["no-control", "no-markup", "no-autolink"]),
                                (["report", "--no-charts", "--lang", "en", "-o", "{out}/r.md"], 0,
                                 ["no-markup", "no-autolink"])]),
    "xml-illegal-chart-labels": ({IND: Y.replace("    name_en: Gross regional product\n",
                                                 '    name_en: "GRP\\r\\v\\f\\x1c\\x85\\u2028 x"\n')},
                                 [(["plot", "gdp", "--lang", "en", "-o", "{out}/c.svg"], 0,
                                   ["no-control", "well-formed-svg"]),
                                  (["report", "--lang", "en", "-o", "{out}/r.html"], 0,
                                   ["no-control", "no-markup", "well-formed-svg"])]),
    "tiny-numbers": ({IND: Y.replace("    target: 242\n", "    target: 1e-300\n"),
                      "actuals.csv": "id,year,value,source\ngdp,2021,1e-300,bulletin\ngdp,2022,1e-300,bulletin\n"},
                     [(["check", "-f", "json"], 0, ["no-control"]), (["outlook", "-f", "json"], 0, ["no-control"]),
                      (["project", "--to", "2035", "-f", "json"], 0, ["no-control"]),
                      (["track", "--actuals", "{plan}/actuals.csv", "-f", "json"], 0, ["no-control"])]),
    "unicode-space-before-a-command": ({IND: Y.replace("    name: 地区生产总值\n", '    name: "N\\n\\u3000::error::FORGED"\n')
                                        .replace("    name_en: Gross regional product\n",
                                                 '    name_en: "x\\n\\u00a0::warning::FORGED \\u2003::error::Z"\n'),
                                        "scenarios.yaml": 'scenarios:\n  "\\u3000::error::FORGED": {method: rate, rate: 4}\n'},
                                       [(["list", "-f", "csv"], 0, ["no-control", "no-forged-line", "no-formula"]),
                                        (["list", "-f", "csv", "--lang", "en"], 0, ["no-forged-line"]),
                                        (["outlook", "-f", "table"], 0, ["no-control", "no-forged-line"]),
                                        (["scenarios", "-f", "table"], 0, ["no-control", "no-forged-line"]),
                                        (["outlook", "-f", "csv"], 0, ["no-control", "no-forged-line"]),
                                        (["show", "gdp", "-f", "table", "--lang", "en"], 0, ["no-forged-line"])]),
    "legacy-log-command": ({IND: Y.replace("    name: 地区生产总值\n", '    name: "##[error]FORGED"\n')
                            .replace("    category: 经济发展\n", '    category: "x ##[warning]Y"\n')},
                           [(["list", "-f", "csv"], 0, ["no-control", "no-forged-line"]),
                            (["list", "-f", "table"], 0, ["no-control", "no-forged-line"]),
                            (["list", "-f", "markdown"], 0, ["no-control", "no-forged-line", "no-markup"]),
                            (["show", "gdp", "-f", "table"], 0, ["no-forged-line"]),
                            (["validate", "{plan}"], 0, ["no-forged-line"])]),
    "control-characters-in-a-sheet-name": ({IND: Y.replace("    name: 地区生产总值\n", '    name: "A\\e[2J\\u202eB\\u0001"\n')},
                                           [(["show", "gdp", "-o", "{out}/s.xlsx"], 0,
                                             ["no-control", "no-formula", "xlsx-opens"]),
                                            (["list", "-o", "{out}/l.xlsx"], 0, ["xlsx-opens"])]),
    "subnormal-base": ({BASE: C.replace("gdp,150.2,亿元,表,1,150.2,", "gdp,5e-324,亿元,表,1,5e-324,")},
                       [(["show", "gdp", "-f", "json"], 0, ["no-control"]), (["check", "-f", "json"], 1, ["no-control"]),
                        (["outlook", "-f", "json"], 0, ["no-control"])]),
    "tiny-base-without-a-growth-rule": ({BASE: C.replace("gdp,150.2,亿元,表,1,150.2,", "gdp,1e-300,亿元,表,1,1e-300,"),
                                         IND: Y.replace("    growth: {printed: 年均 10%, basis: annual, value: 10}\n",
                                                        "", 1)},
                                        [(["outlook", "-f", "json"], 0, ["no-control"]),
                                         (["project", "--to", "2035", "-f", "json"], 0, ["no-control"]),
                                         (["plot", "gdp", "-o", "{out}/g.svg"], 0, ["well-formed-svg"])]),
    "escape-in-argument": ({}, [(["show", "gd\x1b]0;pwned\x07p"], 2, ["no-control"]),
                                (["\x1b[2Jlist"], 2, ["no-control"]),
                                (["project", "--scenario", "\x1b[31mred"], 2, ["no-control"])]),
}  # fmt: skip


def _yaml_scalar(text: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes are YAML's (\\u001b for ESC)."""
    return json.dumps(text, ensure_ascii=True)


def cases() -> dict[str, tuple[dict[str, str], dict[str, object]]]:
    out: dict[str, tuple[dict[str, str], dict[str, object]]] = {}
    fields = [(f, t) for f in FIELDS for t in TEXTS] + [(f, t) for f in MORE_FIELDS for t in MORE_TEXTS]
    for field, key in fields:
        old, new = {**FIELDS, **MORE_FIELDS}[field]
        assert Y.count(old) == 1, old
        files = {IND: Y.replace(old, new.format(_yaml_scalar(TEXTS[key])))}
        commands = [{"args": a, "status": s, "guards": g} for a, s, g in COMMANDS]
        out[f"{key}-in-{field}"] = (files, {"why": f"{TEXTS[key]!r} as the {field}", "commands": commands})
    for name, (files, commands) in MESSAGES.items():
        out[name] = (files, {"why": name.replace("-", " "),
                             "commands": [{"args": a, "status": s, "guards": g} for a, s, g in commands]})  # fmt: skip
    for name, (setup, commands) in SPECIAL.items():
        out[name] = ({}, {"why": name.replace("-", " "), "setup": setup,
                          "commands": [{"args": a, "status": s, "guards": g} for a, s, g in commands]})  # fmt: skip
    return out


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    for name, (files, spec) in cases().items():
        folder = OUT / name
        folder.mkdir(parents=True)
        for file, text in files.items():
            (folder / file).write_text(text, encoding="utf-8")
        (folder / "case.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(list(OUT.iterdir()))} cases in {OUT}")


if __name__ == "__main__":
    main()

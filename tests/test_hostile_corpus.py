"""The hostile corpus (tests/corpus/hostile, made by tests/corpus/make_hostile.py): plan files whose text is an
attack on a terminal, a spreadsheet or a page, and files that are not what they claim. Each case runs its commands
and checks the exit status and the properties it guards; for every case, the input is untouched, no temporary
file is left, and nothing ends in a traceback or an internal error."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import shutil
import stat
import warnings
import xml.dom.minidom
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import click
import cmarkgfm
import openpyxl
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from lingyuan_targets.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"
HOSTILE = CORPUS / "hostile"
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "case.json").exists())
EXPECTED = list(csv.DictReader((CORPUS / "expected.csv").open(encoding="utf-8")))

CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
FORMULA = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
MARKDOWN_TAGS = {"table", "thead", "tbody", "tr", "th", "td", "p", "strong", "h1", "h2", "ul", "li", "code"}
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "ul", "li", "table", "caption", "thead",
             "tbody", "tr", "th", "td", "p", "div", "figure", "img", "figcaption"}  # fmt: skip


def test_corpus_has_at_least_120_cases():
    """The broken-plan corpus (one expected problem code each) and the hostile corpus together."""
    assert len(EXPECTED) + len(CASES) >= 120
    assert all(json.loads((HOSTILE / c / "case.json").read_text(encoding="utf-8"))["commands"] for c in CASES)


def _invoke(args: list[str]):
    """Run the CLI; a Python warning it raises (a user would see it on stderr, naming the tool's files) fails."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(click.Command("x", callback=lambda: main(list(args))), [], catch_exceptions=False)
    assert not caught, (args, [f"{w.category.__name__}: {w.message}" for w in caught])
    return result


def _digest(folder: Path) -> dict[str, str]:
    """Every regular file under ``folder`` with its SHA-256, and every other node with its kind."""
    out = {}
    for path in sorted(folder.rglob("*")):
        mode = os.lstat(path).st_mode
        out[str(path.relative_to(folder))] = (hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(mode)
                                              else oct(stat.S_IFMT(mode)))  # fmt: skip
    return out


def _setup(plan: Path, setup: dict) -> None:
    if "fifo" in setup:
        (plan / setup["fifo"]).unlink(missing_ok=True)
        os.mkfifo(plan / setup["fifo"])
    if "link" in setup:
        name, target = setup["link"]
        (plan / name).unlink()
        (plan / name).symlink_to(target)
    if "loop" in setup:
        (plan / setup["loop"]).unlink(missing_ok=True)
        (plan / setup["loop"]).symlink_to(plan / "loop-b")
        (plan / "loop-b").symlink_to(plan / setup["loop"])
    if "read-only" in setup:
        (plan / setup["read-only"]).write_text("kept\n", encoding="utf-8")
        (plan / setup["read-only"]).chmod(0o444)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _check_formula(name: str, data: str | bytes) -> None:
    if isinstance(data, bytes):  # xlsx: every sheet without a formula element
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert not [s for s in sheets if "<f>" in s or "<f " in s], name
        return
    cells = [c for row in csv.reader(io.StringIO(data)) for c in row if not _is_number(c)]
    bad = [c for c in cells if any(line.startswith(FORMULA) for line in c.split("\n"))]
    assert not bad, (name, bad[:3])


def _check_markup(name: str, text: str) -> None:
    if name.endswith(".html"):
        tags = _tags(text)
        assert {t for t, _ in tags} <= HTML_TAGS, (name, {t for t, _ in tags} - HTML_TAGS)
        assert not [a for _, attrs in tags for a, _ in attrs if a.startswith("on")], name
        assert not [v for _, attrs in tags for a, v in attrs if a in ("href", "src") and v and
                    not v.startswith("data:image/")], name  # fmt: skip
    else:  # as CommonMark, and as GitHub renders it (its autolinks included)
        gfm = cmarkgfm.github_flavored_markdown_to_html(text)
        for html in (MarkdownIt("commonmark").enable("table").render(text), gfm):
            tags = _tags(html)
            names = {t for t, _ in tags} - {"a"} if html is gfm else {t for t, _ in tags}
            assert names <= MARKDOWN_TAGS | {"img"}, (name, names - MARKDOWN_TAGS)
            srcs = [dict(attrs).get("src") or "" for t, attrs in tags if t == "img"]
            assert all(src.startswith("data:image/png;base64,") for src in srcs), (name, srcs)
        # GitHub links an e-mail address whatever escapes it: allowed only as its own text, hiding no destination
        links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', gfm)
        assert all(href in (f"mailto:{shown}", shown) for href, shown in links), (name, links)
        assert gfm.count("<a ") == len(links), (name, gfm)


def _svgs(name: str, data: bytes) -> list[bytes]:
    """The SVG documents of a written file: the file itself, or the charts an HTML page embeds."""
    if name.endswith(".svg"):
        return [data]
    if name.endswith(".html"):
        return [base64.b64decode(b) for b in re.findall(rb"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", data)]
    return []


@pytest.mark.parametrize("case", CASES)
def test_hostile_case(tmp_path, case):
    spec = json.loads((HOSTILE / case / "case.json").read_text(encoding="utf-8"))
    plan, out = tmp_path / "plan", tmp_path / "out"
    shutil.copytree(CORPUS / "base", plan)
    out.mkdir()
    for extra in (HOSTILE / case).iterdir():
        if extra.name != "case.json":
            shutil.copy(extra, plan / extra.name)
    _setup(plan, spec.get("setup", {}))
    before = _digest(plan)
    for command in spec["commands"]:
        args = [a.replace("{plan}", str(plan)).replace("{out}", str(out)) for a in command["args"]]
        if args[0] not in ("validate", "\x1b[2Jlist") and "--plan" not in args:
            args += ["--plan", str(plan)]
        written_before = set(out.iterdir())
        result = _invoke(args)
        shown = result.output
        assert result.exit_code == command["status"], (args, result.exit_code, shown[-500:])
        assert "Traceback" not in shown and "Internal error" not in shown, shown[-500:]
        assert not re.search(r"\b(TypeError|ValueError|KeyError|InvalidOperation|decimal\.)", shown), shown[-500:]
        files = {p.name: p.read_bytes() for p in set(out.iterdir()) - written_before}
        texts = {"stdout": shown, **{n: d.decode("utf-8") for n, d in files.items() if not n.endswith(".xlsx")}}
        for guard in command["guards"]:
            if guard == "no-control":
                for name, text in texts.items():
                    assert not CONTROL.search(text), (args, name, CONTROL.search(text))
            elif guard == "no-formula":
                for name, data in {**({"stdout": shown} if not files else {}), **files}.items():
                    _check_formula(name, data)
            elif guard == "no-markup":
                for name, text in ({"stdout": shown} if not files else texts).items():
                    if name != "stdout" or not files:
                        _check_markup(name, text)
            elif guard == "no-forged-line":  # a runner reads a workflow command after leading blanks too
                forged = [line for line in shown.splitlines() if line.lstrip().startswith("::") or "##[" in line]
                assert not forged, (forged[:3], shown[-500:])
                for name, text in texts.items():  # a file a CI job prints (cat out.csv)
                    assert not [line for line in text.splitlines() if line.lstrip().startswith("::")], name
            elif guard == "xlsx-opens":
                books = [data for name, data in files.items() if name.endswith(".xlsx")]
                assert books, (args, list(files))
                for data in books:
                    openpyxl.load_workbook(io.BytesIO(data)).close()  # raises on XML a spreadsheet cannot read
            elif guard == "well-formed-svg":
                svgs = [svg for name, data in files.items() for svg in _svgs(name, data)]
                assert svgs, (args, list(files))
                for svg in svgs:
                    xml.dom.minidom.parseString(svg)  # raises on a character XML does not allow
            elif guard == "no-autolink":
                for name, text in texts.items():
                    assert not re.search(r"(?i)(https?://|www\.)", text), (name, text[:300])
            elif guard == "one-line":
                assert all(line.startswith("::") for line in result.stdout.splitlines() if line), result.stdout
            else:
                raise AssertionError(f"unknown guard {guard!r}")
    assert _digest(plan) == before, "the input was changed"
    assert not list(tmp_path.rglob("*.tmp")), "a temporary file was left"

"""Text from input is data in every output format: the same hostile strings through csv, json, markdown, html,
xlsx, GitHub annotations, plain text and the terminal; and ``-o`` writes only regular files, atomically."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import stat
import sys
import zipfile
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from lingyuan_targets.output import OutputError, render
from lingyuan_targets.output.escape import csv_text, markdown_code, markdown_text, visible
from lingyuan_targets.output.files import write_atomic
from lingyuan_targets.views.report import TEXT, Document, Section
from lingyuan_targets.views.table import Column, Entry, Group, Lines, Listing, Table, View

HOSTILE = [
    "[link=https://evil.example]click[/link]",
    "[/bold] unbalanced",
    "\x1b]0;pwned\x07title",
    "\x1b[2Jclear",
    "abc\u202edcba",
    "C1 \x9b31m",
    "=cmd|' /C calc'!A0",
    "ok\r=cmd|' /C calc'!A0",
    "ok\n@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "＝HYPERLINK(1)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](https://evil.example/t.png)",
    "name\n# forged heading",
    "a | b | c",
    "`code` and ``more``",
    "&lt;script&gt; &#60;",
    "$x^2$ **bold** _em_ ~~del~~",
    "a\udcffb",
]
ALLOWED_HTML = {"body", "h1", "h2", "ul", "li", "table", "caption", "thead", "tbody", "tr", "th", "td", "p"}
#: bytes a terminal obeys or reorders by: C0 but the line feed, DEL, C1, bidi controls; and lone surrogates
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _view(texts: list[str]) -> View:
    table = Table(
        title=texts[0],
        columns=[
            Column("id", "编号", "id", sticky=True),
            Column("name", "名称", "name"),
            Column("value", "值", "value", numeric=True),
        ],
        records=[{"id": t, "name": t, "value": 1.5} for t in texts],
        decimals=[1] * len(texts),
        notes=list(texts),
    )
    listing = Listing(
        texts[0], texts[-1], (Group(texts[len(texts) // 2], "error", tuple(Entry(t, (t, t), t, t, t) for t in texts)),)
    )
    return View([table, listing, Lines(tuple(texts))], document={"rows": [{"name": t} for t in texts]})


def _document(texts: list[str]) -> Document:
    table = _view(texts).tables[0]
    return Document(
        texts[0], "en", (Section(texts[len(texts) // 2], (table,), tuple(texts)),), (), 0, texts[-1], TEXT["en"]
    )


def _text(view: View | Document, fmt: str) -> str:
    data = render(view, fmt, "en").data
    assert isinstance(data, str)
    return data


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown", "html", "text", "github", "table", "report-md"])
def test_no_control_character_reaches_any_text_format(fmt):
    """ESC, BEL, CR, C1, bidi overrides and lone surrogates are shown or escaped, never written as they are; the
    text still encodes as UTF-8 (a lone surrogate would make the write fail)."""
    out = (
        _text(_document(HOSTILE), fmt.removeprefix("report-"))
        if fmt in ("html", "report-md")
        else _text(_view(HOSTILE), fmt)
    )
    assert not CONTROL.search(out), repr(CONTROL.search(out))
    out.encode("utf-8")


def test_json_keeps_the_data_exactly():
    """JSON escapes what a terminal would obey as \\uXXXX, so reading it back gives every string unchanged."""
    out = _text(_view(HOSTILE), "json")
    assert [r["name"] for r in json.loads(out)["rows"]] == HOSTILE
    assert "\\u001b" in out and "\\u009b" in out and "\\u202e" in out and "\\udcff" in out


def _starts_formula(text: str) -> bool:
    return text.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"))


def test_csv_has_no_formula_on_any_line_of_any_cell():
    """Every text column is guarded (ids too), and so is every line of a cell that a line break splits: read as csv,
    or split at line breaks as a careless importer would, no cell and no line starts with = + - @."""
    out = _text(_view(HOSTILE), "csv")
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert not [c for c in cells if _starts_formula(c) or any(_starts_formula(part) for part in c.split("\n"))]
    assert not [line for line in out.splitlines() if _starts_formula(line.lstrip('"'))]
    assert "'=cmd|' /C calc'!A0" in cells  # the text is kept, behind the quote Excel shows as nothing
    assert "ok\n'=cmd|' /C calc'!A0" in cells  # the carriage return became a line feed, and the line is guarded


def test_csv_text_examples():
    assert csv_text("GDP 150.2") == "GDP 150.2"
    assert csv_text("-3.5%") == "'-3.5%"  # a text cell (numbers are written as numbers, unguarded)
    assert csv_text("a\n+b\nc") == "a\n'+b\nc"
    assert csv_text("\x1b[2J") == "␛[2J"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("report", [False, True])
def test_markdown_renders_as_the_text_itself(report):
    """Rendered by a CommonMark parser, the Markdown has no link, image, raw HTML, code or heading that the input
    made: only the table, the listing's headings and lists, and our own bold labels and code spans (a report: its
    title and one section)."""
    out = _text(_document(HOSTILE) if report else _view(HOSTILE), "markdown")
    html = MarkdownIt("commonmark").enable("table").render(out)
    tags = {tag for tag, _ in _tags(html)}
    assert tags <= {"table", "thead", "tbody", "tr", "th", "td", "p", "strong", "h1", "h2", "ul", "li", "code"}, tags
    assert html.count("<h1>") == 1 and html.count("<h2>") == 1  # the listing's title and its one group
    plain = re.sub(r"<[^>]+>", "", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in plain and "[click](javascript:alert(1))" in plain
    assert "$x^2$ **bold** _em_ ~~del~~" in plain and "name # forged heading" in plain


@pytest.mark.parametrize(
    "text",
    [
        "__init__",
        "_x_",
        "a _b_ c",
        "*x*",
        "**x**",
        "~~x~~",
        "`x`",
        "[a](b)",
        "![a](b)",
        "[a][b]",
        "<b>x</b>",
        "&amp;",
        "$x$",
        "a_b_c",
        "x__y__z",
        "[28.5, 31.5]",
    ],
)
def test_markdown_text_renders_as_itself(text):
    """CommonMark renders the escaped text as a paragraph holding exactly the text: no emphasis, code, link or tag."""
    html = MarkdownIt("commonmark").render(markdown_text(text, block=True))
    from html import unescape

    assert html == f"<p>{html_escape(text)}</p>\n" or unescape(html[3:-5]) == text, html


def test_markdown_escapes_examples():
    assert markdown_text("R&D >3 bn (2020)") == "R&D >3 bn (2020)"  # not markup inside a line: left as written
    assert markdown_text("&amp;") == "&amp;amp;"
    assert markdown_text("# x", block=True) == "\\# x" and markdown_text("1. x", block=True) == "1\\. x"
    assert markdown_code("a``b") == "``` a``b ```"


def test_html_has_only_its_own_elements():
    """A table row, caption or note with <script> or an event handler is text in the page."""
    out = _text(_document(HOSTILE), "html")
    body = out[out.index("<body>") :]
    tags = _tags(body)
    assert {tag for tag, _ in tags} <= ALLOWED_HTML
    assert all(attrs in ([], [("class", "num")], [("class", "note")]) for _, attrs in tags)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_xlsx_cells_are_text_never_formulas(tmp_path):
    """Every hostile string is a shared string in the workbook (no <f> formula element), guarded ones with the quote
    prefix, and control characters shown as symbols (openpyxl would refuse them)."""
    pytest.importorskip("openpyxl")
    data = render(_view(HOSTILE), "xlsx", "en").data
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = z.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in z.namelist() else ""
        styles = z.read("xl/styles.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet
    assert 'quotePrefix="1"' in styles
    # the cells' text as XML gives it (openpyxl writes characters as references where lxml is installed: &#9243;)
    from xml.etree import ElementTree

    texts = [t.text or "" for doc in (sheet, strings) if doc for t in ElementTree.fromstring(doc).iter()
             if t.tag.endswith("}t")]  # fmt: skip
    assert "␛]0;pwned␇title" in texts


def test_terminal_view_of_hostile_text_is_literal():
    out = _text(_view(HOSTILE), "table")
    assert "[link=https://evil.example]click[/link]" in out and "␛[2Jclear" in out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec=None, exclude_categories=()), min_size=1, max_size=12),
                min_size=1, max_size=4))  # fmt: skip
@example([" ="])  # found by this test: a formula after a space, which some importers trim
@example(["a\n  =1+1"])
def test_random_unicode_through_every_format(texts):
    """Any Unicode (controls, bidi, combining marks, lone surrogates) in names, notes and lines: every text format
    renders without error, holds no control character, encodes as UTF-8, and JSON reads back unchanged."""
    view = _view(texts)
    for fmt in ("csv", "json", "markdown", "text", "github", "table"):
        out = _text(view, fmt)
        assert not CONTROL.search(out), (fmt, out)
        out.encode("utf-8")
    html = _text(_document(texts), "html")
    assert not CONTROL.search(html) and not CONTROL.search(_text(_document(texts), "markdown"))
    assert {tag for tag, _ in _tags(html[html.index("<body>") :])} <= ALLOWED_HTML
    assert [r["name"] for r in json.loads(_text(view, "json"))["rows"]] == texts
    cells = [c for row in csv.reader(io.StringIO(_text(view, "csv"))) for c in row]
    assert not [c for c in cells if any(_starts_formula(part) for part in c.split("\n"))]


def test_visible_is_idempotent_on_its_own_output():
    once = visible("\x1b\x07\x9b\u202e")
    assert visible(once) == once


# --------------------------------------------------------------------------- -o files
def test_output_refuses_a_device_and_a_fifo(tmp_path):
    """A rename would replace the node with a regular file: -o onto /dev/null or a FIFO is refused, and the node stays
    what it was."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="FIFO"):
        write_atomic(fifo, "x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    with pytest.raises(OutputError, match="directory"):
        write_atomic(tmp_path, "x")
    assert os.listdir(tmp_path) == ["fifo"]


def test_output_refuses_a_character_device(tmp_path):
    """-o onto a character device: refused, and the device stays one. The test makes its own null device (as root)
    or points a link at /dev/null, so a regression could never replace the system's /dev/null."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("making a device node needs root")
    with pytest.raises(OutputError, match="character device"):
        write_atomic(device, "x")
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_output_refuses_a_read_only_file_unless_forced(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(OutputError, match="read-only"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    write_atomic(target, "new", force=True)
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o444


def test_output_errors_are_one_line(tmp_path):
    """A name too long, a symbolic link loop and a missing directory: one line each, naming the file."""
    with pytest.raises(OutputError, match="file name too long"):
        write_atomic(tmp_path / ("a" * 300 + ".csv"), "x")
    (tmp_path / "l1").symlink_to(tmp_path / "l2")
    (tmp_path / "l2").symlink_to(tmp_path / "l1")
    with pytest.raises(OutputError, match="symbolic link loop"):
        write_atomic(tmp_path / "l1", "x")
    with pytest.raises(OutputError, match="does not exist") as info:
        write_atomic(tmp_path / "no" / "x.csv", "x")
    assert "\n" not in str(info.value)


def test_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    """Ctrl-C (KeyboardInterrupt) during the write: the temporary file is removed and the old file is untouched."""
    target = tmp_path / "out.csv"
    target.write_text("old")

    def interrupted(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert os.listdir(tmp_path) == ["out.csv"] and target.read_text() == "old"


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")
def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path, monkeypatch):
    """SIGTERM arriving mid-write: the temporary file is removed, then the process ends with 128 + 15."""
    target = tmp_path / "out.csv"
    real_chmod = os.chmod

    def killed(path, mode):
        real_chmod(path, mode)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "chmod", killed)
    with pytest.raises(SystemExit) as info:
        write_atomic(target, "new")
    assert info.value.code == 128 + signal.SIGTERM
    assert os.listdir(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_force_on_the_command_line(tmp_path):
    """`list -o` onto a read-only file: exit 2 with one line naming it, the file kept; with --force it is replaced
    and stays read-only."""
    import click
    from click.testing import CliRunner

    from lingyuan_targets.cli import main

    def run(args):
        return CliRunner().invoke(click.Command("x", callback=lambda: main(list(args))), [], catch_exceptions=False)

    target = tmp_path / "catalogue.csv"
    target.write_text("old\n")
    target.chmod(0o444)
    result = run(["list", "-o", str(target)])
    assert result.exit_code == 2 and "read-only (--force replaces it)" in result.output
    assert target.read_text() == "old\n"
    result = run(["list", "-o", str(target), "--force"])
    assert result.exit_code == 0 and target.read_text().startswith("id,")
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab_*`[]()<>!&#;$~|\\-+=.1 \n:")), min_size=1, max_size=14))
def test_markdown_text_is_read_back_as_the_text(text):
    """Any mix of Markdown's punctuation: CommonMark renders the escaped text as one paragraph whose text is the input
    (line breaks as spaces), with no element in it."""
    from html import unescape

    want = " ".join(text.split("\n")).strip()
    if not want:
        return
    html = MarkdownIt("commonmark").render(markdown_text(text, block=True))
    assert html.startswith("<p>") and html.endswith("</p>\n") and "<" not in html[3:-5], html
    assert unescape(html[3:-5]) == want


def test_csv_headers_from_input_are_guarded():
    """A column key may hold input text (outlook's value:<scenario name>): guarded like any cell, a carriage return
    quoted as a line feed, so no line of the file starts a formula."""
    from lingyuan_targets.output.text import table_csv

    hostile = "value:x\n=HYPERLINK(1)"
    table = Table("t", [Column("id", "编号", "id"), Column(hostile, hostile, hostile), Column("y\r@SUM(1)", "y", "y")],
                  [{"id": "a", hostile: 1.0, "y\r@SUM(1)": 2.0}])  # fmt: skip
    out = table_csv(table)
    header = next(csv.reader(io.StringIO(out)))
    assert header == ["id", "value:x\n'=HYPERLINK(1)", "y\n'@SUM(1)"]
    assert "\r" not in out and not [line for line in out.splitlines() if _starts_formula(line.lstrip('"'))]


def test_text_lines_and_stderr_stay_one_line_each(tmp_path):
    """A line break in a plan's text cannot forge a line of validate's output or of stderr (a CI log would obey
    '::error::…'): it is shown as ↵."""
    import click
    from click.testing import CliRunner

    from lingyuan_targets.cli import main

    plan = tmp_path / "plan"
    corpus = Path(__file__).resolve().parent / "corpus" / "base"
    plan.mkdir()
    for f in corpus.iterdir():
        (plan / f.name).write_text(f.read_text(encoding="utf-8").replace("  - id: gdp\n", '  - id: "gdp\\n::error::x"\n'),
                                   encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(click.Command("x", callback=lambda: main(["validate", str(plan)])), [],
                                catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 1
    assert "gdp↵::error::x" in result.output
    assert not [line for line in result.output.splitlines() if line.startswith("::")]
    assert markdown_text("a\n# b") == "a # b"


def test_bare_addresses_are_not_autolinked():
    """GitHub's Markdown links a bare https://… or www.… by itself: the ':' and the '.' are escaped (they render the
    same), and leading spaces (an indented code block) are dropped."""
    assert markdown_text("see https://evil.example and www.evil.com") == "see https\\://evil.example and www\\.evil.com"
    assert markdown_text("    code", block=True) == "code" and markdown_text("  ▄") == "  ▄"
    assert markdown_text("awww.x") == "awww.x"


def test_an_output_that_fails_while_it_renders_is_one_line(monkeypatch, tmp_path):
    """xlsx writes temporary files as it renders: a full disk there is the same one-line error as at the write."""
    import errno

    import lingyuan_targets.output as output

    def full(*_, **__):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output, "render", full)
    with pytest.raises(OutputError, match=r"out\.xlsx: cannot write: no space left on the device"):
        output.emit(_view(["x"]), "xlsx", "en", tmp_path / "out.xlsx")


def test_printed_lines_cannot_start_a_workflow_command():
    """A CI runner obeys a line starting '::' (after blanks and colours too): where a wrapped cell or note puts it at
    a line start, a quote goes before it; '::' inside a line, or continuing a line already begun, is left alone."""
    from lingyuan_targets.output.escape import no_log_commands

    assert no_log_commands("::error::x") == "'::error::x"
    assert no_log_commands("id\n   ::error::x\n") == "id\n   '::error::x\n"
    assert no_log_commands("\x1b[1m::warning::x") == "\x1b[1m'::warning::x"
    assert no_log_commands("a::b\nc :: d") == "a::b\nc :: d"
    assert no_log_commands("::x", at_line_start=False) == "::x"  # the line began in an earlier write
    assert no_log_commands("a\n::x", at_line_start=False) == "a\n'::x"
    assert csv_text("  ::error::x") == "'  ::error::x" and csv_text("a\n ::x") == "a\n' ::x"
    assert markdown_text("::error::x", block=True) == "\\::error::x"  # renders as '::error::x'


def test_image_labels_escape_every_bracket():
    """Inside an image's brackets a lone '[' or ']' ends the label or opens a link: all are escaped, and GitHub's
    renderer shows exactly one image whose alt text is the text."""
    import cmarkgfm

    for text in ["EN [click", "a]b", "[x](javascript:1)", "]](y)[", "x\\]"]:
        label = markdown_text(text, label=True)
        html = cmarkgfm.github_flavored_markdown_to_html(f"![{label}](data:image/png;base64,AA==)")
        assert html.count("<img") == 1 and "<a" not in html, (text, html)
        assert html_escape(text, quote=True).replace("&#x27;", "'") in html, (text, html)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"ab_*~([]):/.@w \n", "www.", "https://", "x@y.z", "mailto:"]), min_size=1,
                max_size=12).map("".join))  # fmt: skip
def test_github_renders_no_link_from_escaped_text(text):
    """GitHub's Markdown (cmark-gfm, autolinks on) makes no element from escaped text but an e-mail link, and that
    link's text is its whole destination (no escape can prevent one)."""
    import cmarkgfm

    html = cmarkgfm.github_flavored_markdown_to_html(markdown_text(text, block=True))
    tags = set(re.findall(r"<([a-z0-9]+)", html))
    assert tags <= {"p", "a"}, (text, html)
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', html)
    assert html.count("<a ") == len(links) and all(h in (t, f"mailto:{t}") for h, t in links), (text, html)


def test_unicode_spaces_and_the_older_syntax_cannot_start_a_command():
    """GitHub's runner trims a line's leading white space as .NET does (U+3000, no-break spaces, U+2000-200A …) and
    reads the older ``##[error]`` anywhere in a line: both are broken with a quote."""
    from lingyuan_targets.output.escape import no_log_commands

    for space in ("\u3000", "\u00a0", "\u2003", "\u202f", "\u205f", "\u1680"):
        assert no_log_commands(f"a\n{space}::error::x") == f"a\n{space}'::error::x"
        assert csv_text(f"n\n{space}::error::x") == f"n\n'{space}::error::x"
        assert csv_text(f"{space}::error::x") == f"'{space}::error::x"
    assert no_log_commands("see ##[error]x") == "see ##'[error]x" and csv_text("##[group]g") == "##'[group]g"
    assert markdown_text("x ##[error]y") == "x ##\\[error]y"  # renders as ##[error]y


def test_a_plan_path_that_looks_like_a_command_is_quoted(tmp_path, monkeypatch):
    """A plan directory named '::error::P' (from a repository tree: validate .) starts no line of stdout or stderr."""
    import click
    from click.testing import CliRunner

    from lingyuan_targets.cli import main

    corpus = Path(__file__).resolve().parent / "corpus" / "base"
    good, bad = tmp_path / "::error::P", tmp_path / "::error::Q"
    for plan, edit in ((good, lambda t: t), (bad, lambda t: t.replace("  - id: gdp\n", "  - 5\n  - id: gdp\n"))):
        plan.mkdir()
        for f in corpus.iterdir():
            (plan / f.name).write_text(edit(f.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # relative paths: a line would start with the directory's name
    for args, status in ((["validate", "::error::P", "::error::Q"], 1), (["check", "--plan", "::error::Q"], 2)):
        result = CliRunner().invoke(click.Command("x", callback=lambda a=args: main(a)), [], catch_exceptions=False)
        assert result.exit_code == status, result.output
        lines = result.output.splitlines()
        assert lines and not [line for line in lines if line.lstrip().startswith("::")], lines

"""A plan's published text as lines: plain text (UTF-8 or GB18030), an HTML page, or, with the ``[draft]`` extra, a
PDF's text layer or a Word file.

Every reader returns the lines of text in reading order; a table becomes one line per row with its cells separated
by tabs, as PDF transcripts deliver a table. Line numbers in a draft are numbers of these lines (for a plain text
file, the file's own lines).
"""

from __future__ import annotations

import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

from ...plan.errors import Location, PlanError
from ..textfile import _CONTROL, STDIN, Session, read_text

#: the largest text read (a plan's text is a few hundred kilobytes; a megabyte dense with figures drafts in some 6 s)
MAX_SOURCE_BYTES = 10_000_000
#: the most pages of a PDF, and columns of a Word table, read
MAX_PAGES, MAX_COLUMNS = 5_000, 100
#: the elements whose text is never shown (scripts, styles, templates)
_HIDDEN = {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object"}
#: the elements that end a line
_BLOCKS = {"p", "div", "br", "li", "tr", "table", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6",
           "ul", "ol", "blockquote", "pre", "header", "footer", "hr", "dd", "dt", "caption", "center"}  # fmt: skip
_CELLS = {"td", "th"}
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


class _Page(HTMLParser):
    """Text of an HTML page: paragraphs and block elements on lines of their own, table cells tab-separated;
    scripts, styles and comments left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._hidden = 0
        self._cells: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._hidden = 0  # </head> may be left out: the body is shown whatever came before
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "tr":
            self._end_line()
            self._cells = []
        elif tag in _CELLS:
            self._cell = []
        elif tag in _BLOCKS:
            if self._cell is not None:
                self._cell.append(" ")
            else:
                self._end_line()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self._cell is None:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _CELLS:
            if self._cell is not None and self._cells is not None:
                self._cells.append(_SPACES.sub(" ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr":
            if self._cells:
                self.lines.append("\t".join(self._cells))
            self._cells = None
        elif tag in _BLOCKS and self._cell is None:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._cells is None:
            self._line.append(data)

    def _end_line(self) -> None:
        text = _SPACES.sub(" ", "".join(self._line).replace("\n", " ")).strip()
        if text:
            self.lines.append(text)
        self._line = []

    def close(self) -> None:
        super().close()
        if self._cell is not None and self._cells is not None:  # a page cut off inside a table's row
            self._cells.append(_SPACES.sub(" ", "".join(self._cell)).strip())
        if self._cells:
            self.lines.append("\t".join(self._cells))
            self._cells = None
        self._end_line()


def html_lines(text: str) -> list[str]:
    """The lines of text of an HTML page.

    >>> html_lines("<p>到2025年，<b>地区生产总值</b>达到300亿元</p><script>x=1</script>"
    ...            "<table><tr><td>指标</td><td>2025</td></tr></table>")
    ['到2025年，地区生产总值达到300亿元', '指标\\t2025']
    """
    page = _Page()
    page.feed(text)
    page.close()
    return page.lines


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML page (a doctype or an ``<html>``, ``<body>``, ``<p>`` or ``<table>`` near its start)."""
    head = text[:2000].lstrip().lower()
    return head.startswith("<!doctype html") or bool(re.search(r"<(html|body|p|table|div)[\s>]", head))


def _missing(extra_for: str, module: str) -> PlanError:
    return PlanError(f"reading {extra_for} needs the optional package {module!r}: pip install 'lingyuan-targets[draft]'",
                     code="missing-extra")  # fmt: skip


def pdf_lines(path: Path) -> list[str]:
    """A PDF's text layer, page by page (no OCR: a scanned page without a text layer gives no text)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        raise _missing("PDF files", "pypdf") from None
    import logging

    log = logging.getLogger("pypdf")  # its messages on a damaged file quote the file (escape sequences): never shown
    log.propagate = False
    log.handlers[:] = [logging.NullHandler()]
    try:
        reader = PdfReader(str(path))
        if len(reader.pages) > MAX_PAGES:
            raise PlanError(f"the PDF has {len(reader.pages):,} pages; the limit is {MAX_PAGES:,}", Location(path),
                            code="file-too-large")  # fmt: skip
        pages, size = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            size += len(pages[-1])
            if size > MAX_SOURCE_BYTES:
                raise PlanError(f"the PDF's text is longer than {MAX_SOURCE_BYTES:,} characters", Location(path),
                                code="file-too-large")  # fmt: skip
    except PlanError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise PlanError(f"not a readable PDF ({type(exc).__name__})", Location(path), code="unreadable") from None
    text = "\n".join(pages)
    if not text.strip():
        raise PlanError("the PDF has no text layer (a scanned document?); draft reads text layers only, without OCR",
                        Location(path), code="empty-file")  # fmt: skip
    return text.split("\n")


def docx_lines(path: Path) -> list[str]:
    """A Word (.docx) file's paragraphs and tables, in the order of the document."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise _missing("Word files", "python-docx") from None
    import zipfile

    try:  # a .docx is a zip: refuse one that unpacks to more than the text limit allows (a zip bomb) before parsing
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PlanError("not a readable Word file (not a zip archive)", Location(path), code="unreadable") from None
    if unpacked > 10 * MAX_SOURCE_BYTES:
        raise PlanError(f"the Word file unpacks to {unpacked:,} bytes; the limit is {10 * MAX_SOURCE_BYTES:,}",
                        Location(path), code="file-too-large")  # fmt: skip
    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        size = 0
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(block, document).text)
            elif tag == "tbl":
                for row in Table(block, document).rows:
                    lines.append("\t".join(_SPACES.sub(" ", cell.text).strip() for cell in row.cells[:MAX_COLUMNS]))
            size += len(lines[-1]) if lines else 0
            if size > MAX_SOURCE_BYTES:
                raise PlanError(f"the Word file's text is longer than {MAX_SOURCE_BYTES:,} characters", Location(path),
                                code="file-too-large")  # fmt: skip
    except PlanError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged file
        raise PlanError(f"not a readable Word file ({type(exc).__name__})", Location(path), code="unreadable") from None
    return lines


def source_lines(path: Path, session: Session | None = None, *, data: str | None = None) -> tuple[list[str], str]:
    """The lines of a plan's text and what it was read as (``text``, ``html``, ``pdf``, ``docx``).

    ``data`` is text already read (standard input). A PDF or Word file is told by its suffix or its first bytes.
    """
    session = session or Session()
    if data is None:
        suffix = path.suffix.lower()
        head = b""
        regular = False
        if not (session.stdin and str(path) in STDIN):
            try:
                regular = stat.S_ISREG(os.stat(path).st_mode)  # a FIFO or a device is never opened here
                if regular:
                    with open(path, "rb") as handle:
                        head = handle.read(8)
            except OSError:
                pass  # read_text below names the problem
        if not regular:
            suffix = ""  # read_text says what the path is
        if suffix == ".pdf" or head.startswith(b"%PDF-"):
            return clean_lines(pdf_lines(path)), "pdf"
        if suffix == ".docx" or (head.startswith(b"PK\x03\x04") and suffix in (".docx", "")):
            return clean_lines(docx_lines(path)), "docx"
        data = read_text(path, session, limit=MAX_SOURCE_BYTES, pages=True)
    if not data.strip():
        raise PlanError("the file is empty" if not data else "the file holds only white space", Location(path),
                        code="empty-file")  # fmt: skip
    if looks_like_html(data):
        return clean_lines(html_lines(data)), "html"
    return clean_lines(data.split("\n")), "text"


#: what breaks a line in other readers than Python's split (the control and bidi characters the plan readers refuse
#: are textfile._CONTROL)
_BREAKS = re.compile(r"[\r\x0c\u2028\u2029]")


def clean_lines(lines: list[str]) -> list[str]:
    r"""Lines from a page, a PDF or a Word file as a plan file may hold them: a control or bidi character (from an
    HTML entity such as &#x202e;) as U+FFFD, and a carriage return, form feed or Unicode line separator as a space,
    so the lines cited are the lines of ``source/plan.txt`` however it is read.

    >>> clean_lines(["到2025年\u202e达到\r300亿元\x0c"])
    ['到2025年\ufffd达到 300亿元 ']
    """
    return [_CONTROL.sub("\ufffd", _BREAKS.sub(" ", line)) for line in lines]


__all__ = [
    "MAX_SOURCE_BYTES",
    "clean_lines",
    "docx_lines",
    "html_lines",
    "looks_like_html",
    "pdf_lines",
    "source_lines",
]

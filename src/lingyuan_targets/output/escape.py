"""Text from input, made safe for where it is shown: one function per destination, all on one rule of control
characters. A plan file's names, snippets, ids and notes are data; none of them may act as a terminal escape
sequence, a spreadsheet formula, Markdown or HTML markup.

- :func:`visible`: control characters shown as what they are (ESC as ␛), for terminals, logs, HTML and Markdown;
- :func:`csv_text`: a csv cell that no spreadsheet runs as a formula, on any of its lines;
- :func:`markdown_text`: Markdown that renders as the text itself (no links, no HTML, no forged headings);
- :func:`html_text`: HTML text or an attribute value;
- :func:`json_text`: JSON with C1 controls, DEL and bidi overrides escaped (``json.dumps`` escapes only C0).

Each is a function of the text alone, so the same input gives the same bytes.
"""

from __future__ import annotations

import html
import re
from typing import Any

#: control characters shown as what they are, never sent on: C0 but the line feed (a tab is a space), DEL, C1,
#: the bidirectional controls that reorder text on screen (U+202A-202E, U+2066-2069, U+200E/F, U+061C), the line and
#: paragraph separators, and lone surrogates (undecodable bytes of a file name or an argument), which cannot be written
_VISIBLE = {**{c: chr(0x2400 + c) for c in range(0x20) if c != 0x0A}, 0x09: " ", 0x7F: "\u2421",
            **{c: f"\\x{c:02x}" for c in range(0x80, 0xA0)},
            **{c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)},
            0x2028: "\\u2028", 0x2029: "\\u2029",
            **{c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)}}  # fmt: skip
_INVISIBLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _VISIBLE) + "]")


def visible(text: Any) -> str:
    """Text from input as it may reach a terminal: control characters made visible (ESC → ␛, a tab → a space).

    >>> visible("a\\x1b]0;x\\x07b"), visible("1\\t2"), visible("abc\\u202e")
    ('a␛]0;x␇b', '1 2', 'abc\\\\u202e')
    """
    return str(text).translate(_VISIBLE)


def one_line(text: Any) -> str:
    """:func:`visible`, with line breaks as ``↵`` (a log line, a message): one input line can never forge another."""
    return visible(text).replace("\n", "\u21b5")


#: a printed line that a CI log reads as a workflow command (``::error::…``): GitHub's runner trims the line's leading
#: white space as .NET does (U+3000, no-break and the other Unicode spaces too), colours aside
_LOG_COMMAND = re.compile(r"(^|\n)((?:\x1b\[[0-9;]*m|[^\S\n])*)(?=::)")
#: the runner's older syntax, ``##[error]…``, which it reads anywhere in a line
_LEGACY_COMMAND = "##["


def no_log_commands(printed: str, *, at_line_start: bool = True) -> str:
    """Printed text with a ``'`` before any line's leading ``::`` (after any white space), as csv does, and inside
    every ``##[`` (``##'[``): where a table cell, a note or a file name from input starts a line with ``::error::``
    or holds ``##[error]``, a CI log shows it instead of running it as a workflow command. ``at_line_start``:
    ``printed`` continues nothing (it starts a line).

    >>> no_log_commands("id  name\\n    ::error::x\\n"), no_log_commands("\\u3000::warning::x ##[error]y")
    ("id  name\\n    '::error::x\\n", "\\u3000'::warning::x ##'[error]y")
    """
    if _LEGACY_COMMAND in printed:
        printed = printed.replace(_LEGACY_COMMAND, "##'[")
    if "::" not in printed:
        return printed
    if not at_line_start:
        return _LOG_COMMAND.sub(lambda m: m[0] + "'" if m[1] else m[0], printed)
    return _LOG_COMMAND.sub(lambda m: m[0] + "'", printed)


# ------------------------------------------------------------------------------ csv
#: what makes a spreadsheet read a cell as a formula (a tab or a carriage return too: some importers strip them)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: a line of a cell that could start a formula, or a CI log's workflow command (``::error::…``, after white space
#: too: the runner trims it) when csv is printed
_LINE_START = re.compile(r"(?<=\n)(?= *[=+\-@\uff1d\uff0b\uff0d\uff20]|[^\S\n]*::)")


def csv_text(text: str) -> str:
    """A text cell for csv: control characters visible (a carriage return ends a line), and a ``'`` before a formula
    prefix (= + - @, full-width too; after spaces too, which some importers trim) or ``::`` at the start of the cell
    or of any line in it. Excel, WPS and LibreOffice
    then show the text instead of running ``=HYPERLINK(…)``, also where an importer splits a quoted cell at a line
    break; and csv printed in a CI log cannot start a workflow command (``::error::…``).

    >>> csv_text("=HYPERLINK(1)"), csv_text("GDP"), csv_text("ok\\r\\n=cmd|' /C calc'!A0"), csv_text(" =1+1")
    ("'=HYPERLINK(1)", 'GDP', "ok\\n'=cmd|' /C calc'!A0", "' =1+1")
    """
    if text.lstrip(" ").startswith(FORMULA_START) or text.lstrip().startswith("::"):
        text = "'" + text
    if _INVISIBLE.search(text):
        text = visible(text.replace("\r\n", "\n").replace("\r", "\n"))
    if _LEGACY_COMMAND in text:
        text = text.replace(_LEGACY_COMMAND, "##'[")
    return _LINE_START.sub("'", text) if "\n" in text else text


# -------------------------------------------------------------------------- markdown
#: what Markdown reads as markup inside a line: "<" opens HTML and autolinks; "&" only where it starts an entity; "]"
#: only where a link or image goes on ("](", "]["); "[" after "##" (a CI log's ``##[error]`` when the Markdown is
#: printed); "_" unless between two letters or digits (there it is never emphasis)
_MD_INLINE = re.compile(r"([\\`*<|~$]|&(?=#?\w+;)|\](?=[(\[])|(?<=##)\[|(?<![^\W_])_|_(?![^\W_]))")
#: the same inside a link's or an image's brackets, where any "[" or "]" is markup
_MD_LABEL = re.compile(r"([\\`*<|~$\[\]]|&(?=#?\w+;)|(?<![^\W_])_|_(?![^\W_]))")
#: what starts a block at the start of a line: a list, a quote, a heading, a setext underline, a link definition, and
#: a CI log's workflow command ("::error::", when the Markdown is printed in a log)
_MD_BLOCK = re.compile(r"^(\s*)([-+=>#\[]|\d+(?=[.)])|:(?=:))")
_MD_ENTITY = {"<": "&lt;", "&": "&amp;"}
#: what GitHub's Markdown turns into a link by itself: the ":" of "scheme://" and the "." after a "www" that no letter
#: or digit precedes ("_www." and "*www." too); escaped, they render the same and link nothing. An e-mail address (also after "mailto:" or
#: "xmpp:") still becomes a link, which no escape prevents; its text is its whole destination, so it hides nothing
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=(?<![^\W_])www)(?=\.)")


def markdown_text(text: Any, *, block: bool = False, label: bool = False) -> str:
    """Text for Markdown that renders as itself: control characters visible, line breaks as spaces (one row of a
    table, one item of a list), punctuation that would make a link, an image, HTML, an entity, code, maths or
    emphasis escaped (``R&D``, ``>3``, ``[28.5, 31.5]`` and ``period_total`` stay as they are: they are not markup
    inside a line), and
    with ``block`` (the text starts a line) a leading list, quote or heading marker escaped; with ``label`` (the text
    of an image's or a link's brackets) every bracket escaped, so a lone one cannot end the label or open a link.

    >>> markdown_text("[x](javascript:alert(1)) <b>"), markdown_text("- item", block=True)
    ('[x\\\\](javascript:alert(1)) &lt;b>', '\\\\- item')
    >>> markdown_text("EN [click", label=True)
    'EN \\\\[click'
    """
    out = " ".join(visible(text).split("\n"))
    out = (_MD_LABEL if label else _MD_INLINE).sub(lambda m: _MD_ENTITY.get(m.group(1), "\\" + m.group(1)), out)
    out = _MD_AUTOLINK.sub("\\\\", out)
    if block:  # leading spaces would make a code block; "- x" is "\\- x", "1. x" is "1\\. x" (the dot is escaped)
        out = _MD_BLOCK.sub(lambda m: m[1] + (m[2] + "\\" if m[2].isdigit() else "\\" + m[2]), out.lstrip(), count=1)
    return out


def markdown_code(text: Any) -> str:
    """A Markdown code span holding ``text`` literally: fenced by one backtick more than the longest run inside.

    >>> markdown_code("gdp"), markdown_code("a`b")
    ('`gdp`', '`` a`b ``')
    """
    body = " ".join(visible(text).split("\n"))
    runs = [len(r) for r in re.findall(r"`+", body)]
    if not runs:
        return f"`{body}`"
    fence = "`" * (max(runs) + 1)
    return f"{fence} {body} {fence}"


# ------------------------------------------------------------------------------ html
def html_text(text: Any) -> str:
    """Text (or an attribute value) for HTML: ``& < > " '`` as entities, control characters visible.

    >>> html_text('<script>"x"</script>\\x1b')
    '&lt;script&gt;&quot;x&quot;&lt;/script&gt;␛'
    """
    return html.escape(visible(text), quote=True)


# ------------------------------------------------------------------------------ json
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def json_text(document: str) -> str:
    """JSON text with DEL, C1 controls, bidi controls, the line/paragraph separators and lone surrogates as ``\\uXXXX``
    escapes: the same data, no byte of it a terminal obeys, and always encodable. (``json.dumps`` escapes C0 itself.)

    >>> json_text('"a\\x9bb"')
    '"a\\\\u009bb"'
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", document)

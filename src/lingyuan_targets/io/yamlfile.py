"""A safe YAML reader that keeps line numbers and printed precision.

* Only plain data is constructed (``yaml.SafeLoader``): no Python objects.
* Aliases are refused (plan files do not need them, and they are the vehicle
  of "billion laughs" expansion).
* Duplicate keys are an error (PyYAML would silently keep the last one).
* Numbers become :class:`decimal.Decimal` so that ``242`` and ``242.0`` stay
  different and ``20.6`` keeps its one decimal.
* A plain scalar is text unless it is null (``~``, ``null``, nothing), true or
  false (YAML 1.2's spellings), or a decimal written as
  :class:`~decimal.Decimal` writes it back (``242``, ``-3``, ``0.50``):
  ``0777``, ``010``, ``yes``, ``on``, ``1e3``, ``1_000`` and ``2020-01-01``
  stay the text written (YAML 1.1 would read 511, 8, true, …),
  so a text field gets what was written, and a number field reads such text
  as every reader reads numbers (``010`` is 10, as in a CSV file). ``.inf``
  and ``.nan`` are refused.
* Every mapping is a :class:`LineDict` that knows the line of each key.

Parsing is pure Python after libyaml's scanner (about 35 ms for the embedded
plan's 73 KB), so a parse is kept in a cache keyed by the file's text, this
module's code and PyYAML's version (``LINGYUAN_TARGETS_CACHE``: a directory, or
``off``; default ``$XDG_CACHE_HOME/lingyuan-targets``). The cache holds JSON
(never pickle): reading it cannot run code, and a file that changed in any
byte is parsed again. Each entry carries an HMAC under a random key of the
user's kept in the directory, and the cache is used only in a directory and
with a key file that others cannot change: an entry not written by this code
for this text is parsed again (see docs/cache.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import stat
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..plan.errors import Location, PlanError
from .textfile import Session, read_text


class LineDict(dict):
    """A dict that remembers the 1-based line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser where PyYAML has it (ten times faster); the constructors below are Python either way
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader (never constructs Python objects) with line-aware, precision-keeping constructors."""

    def resolve(self, kind: type, value: str | None, implicit: Any) -> str:
        """The tag of an untagged node: a plain scalar is null, a number or text (see the module docstring)."""
        if kind is yaml.ScalarNode and isinstance(value, str) and implicit[0] and value != "<<":  # <<: a merge
            if value in _NULLS:
                return "tag:yaml.org,2002:null"
            if value in _BOOLS:
                return "tag:yaml.org,2002:bool"
            if value.lstrip("+-").lower() in (".inf", ".nan"):  # refused as not finite
                return "tag:yaml.org,2002:float"
            if value[:1] in _NUMBER_STARTS and len(value) <= _LONGEST_NUMBER and _writes_back(value):
                return "tag:yaml.org,2002:float"
            return "tag:yaml.org,2002:str"
        return str(super().resolve(kind, value, implicit))


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})  # YAML 1.2's: not yes, no, on, off
_NUMBER_STARTS = frozenset("-0123456789")
_LONGEST_NUMBER = 40  # longer digits are text: a number field refuses them as beyond the usable range


def _writes_back(value: str) -> bool:
    """Whether ``value`` is a finite decimal that :class:`~decimal.Decimal` writes back as ``value``, without an
    exponent (so not 010, 1_000, +5, .5, 1e3)."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return False
    return number.is_finite() and "E" not in value and str(number) == value


def _refuse_aliases(root: yaml.Node) -> None:
    """Aliases (*name) make one node appear twice in the graph: refuse them before anything is built.

    This keeps "billion laughs" documents from expanding, and plan files do not need aliases.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise yaml.MarkedYAMLError("while reading a plan file", None,
                                       "aliases (*name) are not allowed in plan files", node.start_mark)  # fmt: skip
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in out:
            raise yaml.MarkedYAMLError(
                "while reading a mapping", node.start_mark,
                f"duplicate key {key!r} (first on line {out.key_lines[key]})", key_node.start_mark,
            )  # fmt: skip
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_number(loader: _Loader, node: yaml.ScalarNode) -> Decimal:
    text = str(node.value).replace("_", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise yaml.MarkedYAMLError(
            None, None, f"cannot read {node.value!r} as a decimal number", node.start_mark
        ) from None
    if not number.is_finite():
        raise yaml.MarkedYAMLError(None, None, f"{node.value!r} is not a finite number", node.start_mark)
    return number


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_number)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_number)


def load_yaml(path: Path, session: Session | None = None) -> Any:
    """Parse a YAML plan file; syntax errors become :class:`PlanError` with file, line and column.

    A file parsed before (same text) is read from the cache (see the module docstring).
    """
    text = read_text(path, session)
    entry = _entry(text)
    if entry is not None:
        data = _read_entry(entry.file)
        if data is not None:
            head, _, body = data.partition(b"\n")
            if hmac.compare_digest(head, entry.head(body)):
                try:
                    return _decode(json.loads(body))
                except Exception:
                    pass
            with contextlib.suppress(OSError):  # not written by this code for this text and key: parsed again
                entry.file.unlink()
    doc = _parse(path, text)
    if entry is not None:
        _store(entry, doc)
    return doc


# -------------------------------------------------------------- the parse cache
CACHE_ENV = "LINGYUAN_TARGETS_CACHE"
#: the largest cache entry read (a parse of a plan file at its size limit is far smaller)
ENTRY_LIMIT = 64_000_000


def _read_entry(file: Path) -> bytes | None:
    """A cache entry's bytes; None when there is none, or when it is not a regular file (a FIFO, a link to
    /dev/zero) or larger than :data:`ENTRY_LIMIT`: never blocks, never reads without bound, never follows a link."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file, flags)
    except OSError:  # not cached yet, or a link
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""  # read as an entry that fails its MAC: removed, and the file parsed
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(ENTRY_LIMIT + 1)
        return data if len(data) <= ENTRY_LIMIT else b""
    except OSError:
        return None
    finally:
        os.close(fd)


_MAP, _DEC = "\x00map", "\x00dec"  # tags no YAML key can be (a NUL byte is refused in plan files)
_FORMAT = "lingyuan-targets-yaml-cache"


def cache_dir() -> Path | None:
    """Where parses are kept: ``$LINGYUAN_TARGETS_CACHE`` (``off``, ``0`` or empty: nowhere), else the user's
    cache directory."""
    setting = os.environ.get(CACHE_ENV)
    if setting is not None:
        return None if setting.strip().lower() in ("", "0", "off", "no", "false") else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError, OSError):  # no home directory (a service account): no cache
            return None
    return Path(base) / "lingyuan-targets"


_CODE: list[bytes] = []  # this module's code and PyYAML's version, read once: part of every key
_KEY_FILE = "key"
_KEY_OPEN = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)  # no symlink (POSIX); bytes (Windows)


class _Entry(NamedTuple):
    file: Path
    key: bytes  # the user's secret
    subject: bytes  # what the entry is the parse of: the code's digest, then the text's

    def head(self, body: bytes) -> bytes:
        """An entry's first line: the format and the HMAC of subject and body (the JSON) under the key."""
        return f"{_FORMAT} {hmac.digest(self.key, self.subject + body, 'sha256').hex()}".encode()


def _entry(text: str) -> _Entry | None:
    where = cache_dir()
    if where is None:
        return None
    if not _CODE:
        try:
            _CODE.append(hashlib.sha256(Path(__file__).read_bytes() + yaml.__version__.encode()).digest())
        except OSError:  # the code cannot be read (a zip or frozen install): no cache
            return None
    key = _secret(where)
    if key is None:
        return None
    subject = _CODE[0] + hashlib.sha256(text.encode("utf-8")).digest()
    return _Entry(where / f"yaml-{hmac.digest(key, subject, 'sha256').hex()}.json", key, subject)


def _secret(where: Path) -> bytes | None:
    """The user's 32 random bytes in ``where/key``, made on first use; None (no cache) if others could
    change the directory or the key, or read the key."""
    file = where / _KEY_FILE
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(where), stat.S_ISDIR, 0o022):
            return None
        with contextlib.suppress(FileExistsError):
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _KEY_OPEN, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(os.urandom(32))
        with os.fdopen(os.open(file, os.O_RDONLY | _KEY_OPEN), "rb") as fh:
            key = fh.read(33) if _private(os.fstat(fh.fileno()), stat.S_ISREG, 0o077) else b""
    except OSError:
        return None
    return key if len(key) == 32 else None


def _private(st: os.stat_result, kind: Callable[[int], bool], others: int) -> bool:
    """Of that kind, and (where there are user ids) the user's own with none of the ``others`` mode bits."""
    getuid = getattr(os, "getuid", None)
    return kind(st.st_mode) and (getuid is None or (st.st_uid == getuid() and not st.st_mode & others))


def _encode(value: Any) -> Any:
    if isinstance(value, LineDict):
        return {_MAP: [value.line, [[k, value.key_lines[k], _encode(v)] for k, v in value.items()]]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, Decimal):
        return {_DEC: str(value)}
    if value is None or isinstance(value, (str, bool)):
        return value
    raise TypeError(f"not cached: {type(value).__name__}")  # a date, say: the file is parsed each time


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if _DEC in value:
            return Decimal(value[_DEC])
        line, items = value[_MAP]
        out = LineDict()
        out.line, out.key_lines = line, {}
        for key, key_line, item in items:
            out[key] = _decode(item)
            out.key_lines[key] = key_line
        return out
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _store(entry: _Entry, doc: Any) -> None:
    """Write the parse (atomically); a cache that cannot be written is skipped."""
    import tempfile  # only when writing: its import costs more than reading a cached parse

    try:
        body = json.dumps(_encode(doc), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        fd, tmp = tempfile.mkstemp(dir=entry.file.parent, prefix=".yaml-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(entry.head(body) + b"\n" + body)
            os.replace(tmp, entry.file)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:
        pass


def _parse(path: Path, text: str) -> Any:
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _refuse_aliases(node)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        code = ("yaml-alias" if "aliases" in problem else "yaml-duplicate-key" if "duplicate key" in problem
                else "yaml-tag" if "constructor" in problem else "yaml-too-deep" if "nesting" in problem
                else "yaml-number" if "number" in problem else "yaml-syntax")  # fmt: skip
        if "\t" in problem or "tab" in problem:
            problem += " (tabs cannot indent YAML; use spaces)"
        raise PlanError(f"YAML error: {problem}", Location(path, line, column), code) from None
    except yaml.YAMLError as exc:
        raise PlanError(f"YAML error: {exc}", Location(path), "yaml-syntax") from None
    except RecursionError:
        raise PlanError("YAML nesting is too deep", Location(path), "yaml-too-deep") from None

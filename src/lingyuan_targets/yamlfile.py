"""A safe YAML reader that keeps line numbers and printed precision.

* Only plain data is constructed (``yaml.SafeLoader``): no Python objects.
* Aliases are refused (plan files do not need them, and they are the vehicle
  of "billion laughs" expansion).
* Duplicate keys are an error (PyYAML would silently keep the last one).
* Numbers become :class:`decimal.Decimal` so that ``242`` and ``242.0`` stay
  different and ``20.6`` keeps its one decimal.
* Every mapping is a :class:`LineDict` that knows the line of each key.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import Location, PlanError

MAX_BYTES = 5_000_000


class LineDict(dict):
    """A dict that remembers the 1-based line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                "while reading a plan file", None,
                "aliases (*name) are not allowed in plan files", event.start_mark,
            )  # fmt: skip
        return super().compose_node(parent, index)


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


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a BOM is accepted) with clear errors."""
    try:
        if path.is_dir():
            raise PlanError("is a directory, expected a file", Location(path))
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PlanError(f"file is {size:,} bytes; the limit is {MAX_BYTES:,}", Location(path))
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanError("file not found", Location(path)) from None
    except PermissionError:
        raise PlanError("permission denied", Location(path)) from None
    except OSError as exc:
        raise PlanError(f"cannot read file: {exc.strerror or exc}", Location(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanError(
            f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8", Location(path, line)
        ) from None


def load_yaml(path: Path) -> Any:
    """Parse a YAML plan file; syntax errors become :class:`PlanError` with file and line."""
    text = read_text(path)
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise PlanError(f"YAML error: {problem}", Location(path, line, column)) from None
    except yaml.YAMLError as exc:
        raise PlanError(f"YAML error: {exc}", Location(path)) from None
    except RecursionError:
        raise PlanError("YAML nesting is too deep", Location(path)) from None

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
    """Parse a YAML plan file; syntax errors become :class:`PlanError` with file, line and column."""
    text = read_text(path, session)
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

"""Typed, line-aware access to plan-file mappings, and the reading session problems are collected in."""

from __future__ import annotations

import contextvars
import difflib
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..plan.errors import Location, PlanError, clip, shown
from .schema import indicators_schema
from .textfile import Session, parse_number
from .yamlfile import LineDict

#: what the types of parsed YAML are called in a problem
_TYPE_NAMES = {"Decimal": "number", "str": "text", "LineDict": "mapping", "dict": "mapping", "bool": "true/false",
               "bytes": "binary data", "date": "a date", "datetime": "a date and time"}  # fmt: skip


# --------------------------------------------------------------------------- fields
def _schema_keys() -> dict[str, set[str]]:
    top = indicators_schema()["properties"]
    ind = top["indicators"]["items"]["properties"]
    return {"top": set(top), "plan": set(top["plan"]["properties"]), "indicator": set(ind),
            "growth": set(ind["growth"]["oneOf"][1]["properties"]), "source": set(ind["source"]["properties"]),
            "quote": set(ind["quotes"]["items"]["properties"]),
            "goal": set(ind["goals"]["items"]["properties"])}  # fmt: skip


_SCHEMA_KEYS = _schema_keys()


class _Fields:
    """Typed access to one YAML mapping, with errors that name file, line and field."""

    def __init__(self, path: Path, mapping: Any, where: str, line: int | None = None,
                 session: Session | None = None) -> None:  # fmt: skip
        if not isinstance(mapping, dict):
            raise PlanError(f"{where} must be a mapping, found {type(mapping).__name__}", Location(path, line),
                            "wrong-type")  # fmt: skip
        self.path, self.map, self.where, self.session = path, mapping, where, session

    def sub(self, key: str, raw: Any, where: str | None = None) -> _Fields:
        """The mapping under ``key`` (raises PlanError when it is not a mapping)."""
        line = raw.line if isinstance(raw, LineDict) else self._loc(key).line
        return _Fields(self.path, raw, where or f"{self.where}.{key}", line, self.session)

    def check_keys(self, allowed: Any) -> None:
        """Unknown keys (often typos: ``taget``) are problems, not silently ignored."""
        for key in self.map:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), list(allowed), n=1) if len(str(key)) <= 100 else []
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self._fail(str(key), f"unknown field{hint}", "unknown-field")

    def _fail(self, key: str, message: str, code: str) -> None:
        """Record a problem and carry on when collecting; raise otherwise."""
        err = self.error(key, message, code)
        if self.session is None:
            raise err
        self.session.problems.append(err)

    def _loc(self, key: str) -> Location:
        line = self.map.line_of(key) if isinstance(self.map, LineDict) else None
        return Location(self.path, line, field=f"{self.where}.{clip(str(key))}")

    def error(self, key: str, message: str, code: str = "invalid") -> PlanError:
        return PlanError(message, self._loc(key), code)

    def get(self, key: str, kind: type | tuple[type, ...], required: bool = True) -> Any:
        value = self.map.get(key)
        if value is None:
            if required:
                self._fail(key, "required field is missing", "missing-field")
            return None
        if kind is Decimal and isinstance(value, (str, Decimal)) and not isinstance(value, bool):
            # a number as every reader reads one: YAML's (242, 20.6) and text (010, 1,234, ４５%, 1e999 refused)
            try:
                return parse_number(str(value), self.path, self._loc(key).line or 0, self._loc(key).field or key,
                                    self.session or Session())  # fmt: skip
            except PlanError as err:
                self._fail(key, err.message, err.code)
                return None
        if not isinstance(value, kind) or isinstance(value, bool):
            kinds = kind if isinstance(kind, tuple) else (kind,)
            expected = " or ".join(_TYPE_NAMES.get(k.__name__, k.__name__) for k in kinds)
            found = _TYPE_NAMES.get(type(value).__name__, type(value).__name__)
            self._fail(key, f"expected {expected}, found {found}: {_shown(value)}", "wrong-type")
            return None
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.map.get(key)
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return str(value)  # a number-like name ("5G") is still text
        return self.get(key, str, required)

    def choice(self, key: str, allowed: tuple[str, ...] | list[str], required: bool = True,
               default: str | None = None) -> str | None:  # fmt: skip
        value = self.text(key, required and default is None)
        if value is None:
            return default
        if value not in allowed:
            self._fail(key, f"{shown(value)} is not one of: {', '.join(allowed)}", "not-allowed")
            return None
        return value

    def number(self, key: str, required: bool = True) -> Decimal | None:
        """A number within the usable range (see :func:`~.textfile.read_number`)."""
        return self.get(key, Decimal, required)

    def integer(self, key: str, required: bool = True) -> int | None:
        value = self.number(key, required)
        if value is None:
            return None
        if value != value.to_integral_value():
            self._fail(key, f"expected a whole number, found {value}", "not-integer")
            return None
        return int(value)


def _source(path: Path, item: _Fields, key: str = "source", required: bool = True) -> dict[str, Any]:
    """Where a figure is printed: section, line, snippet and the page's address, each optional (a plan typed from
    a news article has no line numbers); at least one of them when a source is given."""
    raw = item.map.get(key)
    if raw is None:
        if required:
            item._fail(key, "required field is missing (section, line, snippet)", "missing-field")
        return {"section": None, "line": None, "snippet": None, "url": None}
    src = item.sub(key, raw)
    src.check_keys(_SCHEMA_KEYS["source"])
    line = src.integer("line", required=False)
    if line is not None and line < 1:
        src._fail("line", f"line {line} must be 1 or more", "out-of-bounds")
    out = {"section": src.text("section", required=False), "line": line, "snippet": src.text("snippet", required=False),
           "url": src.text("url", required=False)}  # fmt: skip
    if all(v is None for v in out.values()) and isinstance(src.map, dict) and not src.map:
        src._fail("section", "a source needs a section, a line, a snippet or a url", "missing-field")
    return out


# ----------------------------------------------------------------- indicators.yaml


def _record(session: Session, location: Location, build: Any) -> Any:
    """Build one record; a problem that stops it is collected, and reading goes on with the next.

    An exception of Python's own (a value of a type no check foresaw) is a problem in the input's terms, never the
    exception's name; it is the problem's ``__cause__`` (``--debug`` shows it)."""
    try:
        return build()
    except PlanError as err:
        session.problems.append(err)
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        number = isinstance(exc, ArithmeticError)
        problem = PlanError("a number in this entry is beyond what can be computed with" if number else
                            "cannot use this entry: a value in it is not of the type or form its field takes",
                            location, "out-of-range" if number else "wrong-type")  # fmt: skip
        problem.__cause__ = exc
        session.problems.append(problem)
    return None


#: the reading session of the plan being loaded (problems and notices are collected there)
_SESSION: contextvars.ContextVar[Session] = contextvars.ContextVar("session")


def _session() -> Session:
    try:
        return _SESSION.get()
    except LookupError:  # a reader called on its own: collect nothing, raise
        return Session()


def _shown(value: Any) -> str:
    """A value as the user wrote it, not as Python's repr (no Decimal('1'), no datetime.date(...))."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return clip("[" + ", ".join(_shown(v) for v in value[:10]) + (", …" if len(value) > 10 else "") + "]")
    if isinstance(value, dict):
        items = list(value.items())
        return clip("{" + ", ".join(f"{clip(str(k))}: {_shown(v)}" for k, v in items[:10]) + (", …" if len(items) > 10
                                                                                               else "") + "}")  # fmt: skip
    if isinstance(value, str):
        return shown(value)
    return clip(str(value))

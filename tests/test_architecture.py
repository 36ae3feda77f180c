"""The layers stay layers: each imports only from those below it, no import cycle (function-local imports
included), the core imports neither click nor rich, and every problem code the package raises is registered."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import lingyuan_targets

PACKAGE = Path(lingyuan_targets.__file__).resolve().parent
#: layer of each top-level module or subpackage, bottom first
LAYERS = {"version": 0, "_version": 0, "plan": 1, "io": 2, "engine": 3, "checks": 4, "views": 5, "output": 6,
          "cli": 7, "__init__": 8, "__main__": 8}  # fmt: skip
CORE = ("plan", "io", "engine", "checks")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path) -> list[tuple[str, int]]:
    """Every import in a module, at any depth (inside functions too), as (module within the package or an outside
    top-level name prefixed with '!', line)."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if name != "__init__" else []
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top, _, rest = alias.name.partition(".")
                found.append((rest if top == "lingyuan_targets" else "!" + top, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                top, _, rest = (node.module or "").partition(".")
                if top != "lingyuan_targets":
                    found.append(("!" + top, node.lineno))
                    continue
                base = rest.split(".") if rest else []
            else:
                package = here if is_package else here[:-1]
                base = package[: len(package) - (node.level - 1)] + (node.module.split(".") if node.module else [])
            for alias in node.names:  # `from . import x` may name a module
                candidate = ".".join([*base, alias.name])
                found.append((candidate if candidate in _modules() else ".".join(base) or "__init__", node.lineno))
    return found


def _layer(module: str) -> int:
    return LAYERS[module.split(".")[0]]


def test_every_module_has_a_layer():
    """A new top-level module or folder must be placed in a layer (add it to LAYERS and docs/architecture.md)."""
    assert {m.split(".")[0] for m in _modules()} <= set(LAYERS)


def test_layers_import_only_downwards():
    """No module imports from a layer above its own (the package root, the public API, is the top)."""
    modules = _modules()
    wrong = [f"{name} (line {line}) imports {target}"
             for name, path in modules.items() for target, line in _imports(name, path)
             if not target.startswith("!") and _layer(target) > _layer(name)]  # fmt: skip
    assert not wrong, wrong


def test_no_import_cycles():
    """The import graph of the package, function-local imports included, has no cycle."""
    modules = _modules()
    graph = {name: {t for t, _ in _imports(name, path) if not t.startswith("!") and t != name}
             for name, path in modules.items()}  # fmt: skip
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle.extend([*trail[trail.index(nxt) :], node, nxt] if nxt in trail else [node, nxt])
                return True
            if nxt not in state and visit(nxt, [*trail, node]):
                return True
        state[node] = 2
        return False

    assert not any(visit(m, []) for m in sorted(graph) if m not in state), cycle


def test_the_graph_sees_function_local_imports():
    """The walk finds an import inside a function (the command modules import the core that way)."""
    targets = {t for t, _ in _imports("cli.plans", _modules()["cli.plans"])}
    assert {"views.catalogue", "engine.many"} <= targets


def test_core_and_views_import_neither_click_nor_rich():
    """plan, io, engine and checks (and the views) never print: no click, no rich; only the CLI imports click."""
    modules = _modules()
    for name, path in modules.items():
        outside = {t[1:] for t, _ in _imports(name, path) if t.startswith("!")}
        if name.split(".")[0] in (*CORE, "views"):
            assert not outside & {"click", "rich"}, name
        if name.split(".")[0] != "cli":
            assert "click" not in outside, name


# ------------------------------------------------------------------ problem codes
_CODE = re.compile(r"[a-z]+(-[a-z0-9]+)*")
#: calls that take a problem code, and the position of the code among their arguments
_TAKES_CODE = {"PlanError": 2, "ScenarioError": 2, "UnknownIndicatorError": 2, "fail": 2, "_fail": 2, "error": 2,
               "need": 3}  # fmt: skip


def _codes_raised() -> dict[str, set[str]]:
    """Every literal problem code passed to PlanError and the readers' helpers, with where."""
    found: dict[str, set[str]] = {}
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if func not in _TAKES_CODE:
                continue
            args = [kw.value for kw in node.keywords if kw.arg == "code"]
            if not args and len(node.args) > _TAKES_CODE[func]:
                args = [node.args[_TAKES_CODE[func]]]
            for arg in args:
                for const in ast.walk(arg):
                    if (
                        isinstance(const, ast.Constant)
                        and isinstance(const.value, str)
                        and _CODE.fullmatch(const.value)
                    ):
                        found.setdefault(const.value, set()).add(name)
    return found


def test_every_problem_code_raised_is_registered():
    """Each code the package raises is in plan/problems.py (the constructor refuses others at run time too)."""
    from lingyuan_targets.plan.problems import PROBLEMS

    raised = _codes_raised()
    assert len(raised) >= 30  # the walk finds the readers' codes (bad-number, csv-header, …)
    assert set(raised) <= set(PROBLEMS), sorted(set(raised) - set(PROBLEMS))


def test_an_unregistered_code_is_refused():
    """PlanError with a code outside the registry is a programming error, caught when it is built."""
    import pytest

    from lingyuan_targets.plan.errors import PlanError

    with pytest.raises(ValueError, match="unregistered problem code"):
        PlanError("x", code="no-such-code")


def test_every_registered_code_has_a_group_and_a_title():
    from lingyuan_targets.plan.problems import PROBLEMS

    assert all(_CODE.fullmatch(c) and group and title for c, (group, title) in PROBLEMS.items())


def test_public_api():
    """``dir(lingyuan_targets)`` is the public API, and every name in it can be loaded."""
    names = dir(lingyuan_targets)
    assert {"load_plan", "project", "project_wide", "check_plan", "PlanError", "track", "__version__"} <= set(names)
    assert not any(n.startswith("_") and n != "__version__" for n in names)
    for name in names:
        assert getattr(lingyuan_targets, name) is not None, name

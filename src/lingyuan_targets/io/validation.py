"""Validation of what a run names: plan directories (or a file in one), directories of them, plans tables, and an
actuals file; every problem collected, nothing raised."""

from __future__ import annotations

import os
from pathlib import Path

from ..plan.errors import Location, PlanError
from .actuals import validate_actuals
from .inputs import once
from .parquettable import is_parquet
from .plandir import INDICATORS_FILE, default_plan_dir, load_plan, validate_plan
from .plantable import TABLE_SUFFIXES, read_plans_table
from .textfile import Session


def targets(paths: tuple[Path, ...] | list[Path]) -> list[tuple[str, Path]]:
    """What to validate: plan directories (a file inside one means its directory), directories of plan
    directories, and plans tables (a CSV or Parquet file outside a plan directory); the embedded plan when none."""
    out: list[tuple[str, Path]] = []
    for p in paths:
        if os.path.isdir(p) and is_parquet(p) and not (p / INDICATORS_FILE).exists():
            out.append(("table", p))  # a Parquet dataset (a directory): refused as such when read
        elif os.path.isdir(p) and not (p / INDICATORS_FILE).exists():
            subs = sorted(d for d in p.iterdir() if d.is_dir() and (d / INDICATORS_FILE).exists())
            out += [("dir", d) for d in subs] or [("dir", p)]
        elif os.path.isdir(p):
            out.append(("dir", p))
        elif os.path.exists(p) and not os.path.isfile(p):  # a FIFO, a device: refused when read, never opened
            out.append(("table", p))
        elif p.suffix.lower() in TABLE_SUFFIXES and not (p.parent / INDICATORS_FILE).exists():
            out.append(("table", p))
        else:
            out.append(("dir", p.parent))
    return once(out) or [("dir", default_plan_dir())]


def validate(paths: tuple[Path, ...] | list[Path], *, encoding: str | None = None,
             actuals: Path | None = None) -> list[tuple[Path, Session]]:  # fmt: skip
    """Each input with its reading session (problems and notices); an actuals file last, checked against the first
    plan directory. A plan id given by two inputs is a ``duplicate-id`` problem of the later one."""
    found = targets(paths)
    results = [(d, validate_plan(d, encoding=encoding) if kind == "dir" else _validate_table(d, encoding))
               for kind, d in found]  # fmt: skip
    _flag_repeated_plan_ids([r for _, r in results])
    if actuals is not None:
        dirs = [d for kind, d in found if kind == "dir"] or [default_plan_dir()]
        results.append((actuals, _validate_actuals(actuals, dirs[0], results[0][1], encoding)))
    return results


def _flag_repeated_plan_ids(sessions: list[Session]) -> None:
    """A plan id given by two inputs is a problem of the later one (check and project refuse such a run)."""
    first: dict[str, Location] = {}
    for session in sessions:
        for pid, where in session.plans.items():
            if pid in first:
                session.problems.append(PlanError(f"plan id {pid!r} is also the id of the plan in {first[pid]}; "
                                                  "plan ids must differ in one run", where, "duplicate-id"))  # fmt: skip
            else:
                first[pid] = where


def _validate_table(path: Path, encoding: str | None) -> Session:
    """Every problem of a plans table (all plans), as a reading session."""
    session = Session(encoding=encoding)
    try:
        stacks, problems, notices = read_plans_table(path, encoding=encoding)
        session.problems += sorted((p for errs in problems.values() for p in errs),
                                   key=lambda p: (p.location.line or 0) if p.location else 0)  # fmt: skip
        session.notices += notices
        for st in stacks:
            for pid in st.plan_ids:  # sources read "table:line" (the plan's first row)
                session.plans[pid] = Location(path, int(st.sources[pid].rpartition(":")[2]), field="plan")
        for pid, errs in problems.items():
            if pid != "(no plan id)":
                line = errs[0].location.line if errs[0].location else None
                session.plans.setdefault(pid, Location(path, line, field="plan"))
    except PlanError as err:
        session.problems += err.problems
    return session


def _validate_actuals(path: Path, plan_dir: Path, plan_session: Session, encoding: str | None) -> Session:
    """Problems of an actuals file; it can only be read against a plan that loads."""
    if plan_session.problems:
        session = Session()
        session.problems.append(PlanError(f"cannot be checked: the plan in {plan_dir} is not valid", Location(path),
                                          "plan-invalid"))  # fmt: skip
        return session
    return validate_actuals(path, load_plan(plan_dir, encoding=encoding), encoding=encoding)

"""A new plan directory: a commented ``indicators.yaml`` to fill in (``lingyuan-targets new``).

The skeleton holds the plan's header and no indicators; the examples below it are
commented out (figures of 万源市's 14th-plan targets, with the page they are from),
so that nothing in a new plan is a figure its author did not type.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from ..plan.errors import Location, PlanError
from .indicators import _ID

#: the files a skeleton writes, and the ones it must not find in the directory
WRITES = ("indicators.yaml",)

TEMPLATE = """\
# A plan for lingyuan-targets. Write what the plan prints, then:
#   lingyuan-targets validate {where}
#   lingyuan-targets check --plan {where}
# The format: docs/data-format.md in the lingyuan-targets sources (`lingyuan-targets schema` for editors).
schema_version: 1
plan:
  id: {plan_id}                     # shown in every output (kebab-case)
  name: {name}
  base_year: {base_year}                 # the year of the plan's base figures
  target_year: {target_year}               # the year its targets are for
  # horizon_year: 2035              # optional: how far projections go (default: 2035 or the last goal)
  # source: source/plan.txt         # optional: the plan's text; quotes then give a line in it
indicators: []
# Replace `indicators: []` with a list. Each indicator needs id, name, unit, kind and
# one figure (base or target); everything else is optional. Examples, from
# https://new.qq.com/omn/20210120/20210120A0CDE600.html (万源市, 2020 -> 2025, 2035):
#
# indicators:
#   - id: gdp
#     name: 地区生产总值
#     unit: 亿元
#     kind: level                   # level | share | period_total | period_change | limit
#     base: 140                     # the base-year figure, as printed (its decimals are kept)
#     target: 300                   # the target-year figure, or a phrase: 突破300亿元, 控制在4.5%以内
#     goals:                        # further years the plan states (2030, 2035)
#       - {{year: 2035, target: 突破600亿元}}
#     source: {{snippet: 到“十四五”末，万源全市地区生产总值要达到300亿元}}   # optional
#   - id: primary-industry
#     name: 第一产业增加值
#     unit: 亿元
#     kind: level
#     target: 63.3
#     growth: 年均增速保持在2.6%以上     # the rule as printed: 年均增长7%, 年均提高1个百分点,
#                                   # 年均增长1万元, 每年新增5家, 累计下降13.5%, 6%-7%, 翻一番
#   - id: urbanisation
#     name: 城镇化率
#     unit: "%"
#     kind: share
#     target: 45%以上
#     goals:
#       - {{year: 2035, target: 49}}
#
# An indicator may have its own years (base_year: 2017, target_year: 2027) when the
# text gives them. A bare 累计 x% needs `growth: {{printed: 累计15%, reading: relative}}`
# (relative, points or absolute): the text does not say which.
# Parts of a total (sectors of GDP) are checked as a sum when relations.yaml says so:
#   relations:
#     - {{id: sectors, type: sum, total: gdp, parts: [primary-industry, ...], of: all}}
"""


def skeleton(plan_id: str, name: str, base_year: int, target_year: int, where: str = "PLAN_DIR") -> str:
    """The text of a new plan's ``indicators.yaml``.

    >>> print(skeleton("wanyuan", "万源市", 2020, 2025, "plans/wanyuan").splitlines()[7])
      name: "万源市"
    """
    return TEMPLATE.format(plan_id=plan_id, name=_yaml_text(name), base_year=base_year, target_year=target_year,
                           where=where)  # fmt: skip


def _yaml_text(text: str) -> str:
    """A plan name as a YAML scalar that reads back as the same text (quoted, escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def new_plan(directory: Path, plan_id: str | None, name: str | None, base_year: int,
             target_year: int) -> tuple[Path, str]:  # fmt: skip
    """A new plan directory's ``indicators.yaml``: its path (the directory is created) and its text, to be written
    by the caller; a ``PlanError`` (``file-exists``) when the directory has one already.

    The id defaults to the directory's name; it must be kebab-case (``PlanError``
    with code ``invalid`` otherwise), and the years must be in order.
    """
    ident = plan_id if plan_id is not None else directory.name
    if not _ID.fullmatch(ident):
        if plan_id is None:
            raise PlanError(f"the directory's name {ident!r} is not a kebab-case plan id (lower-case letters, digits and "
                            "hyphens)", code="invalid", hint="plan-id")  # fmt: skip
        raise PlanError(f"{ident!r} is not a kebab-case plan id (lower-case letters, digits and hyphens)",
                        code="invalid", parameter="id")  # fmt: skip
    if not base_year < target_year:
        raise PlanError(f"{base_year}, {target_year}: the base year must come before the target year",
                        code="year-order", parameter="years")  # fmt: skip
    if not (1900 <= base_year and target_year <= 2200 and max(target_year, 2035) - base_year <= 100):
        raise PlanError(f"{base_year}, {target_year}: years out of range (1900-2200, at most 100 years from base to "
                        "horizon)", code="year-order", parameter="years")  # fmt: skip
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in (name or "")):
        raise PlanError("must be one line of printable text (no control or format characters)", code="invalid",
                        parameter="name")  # fmt: skip
    existing = [directory / f for f in WRITES if os.path.lexists(directory / f)]  # a dangling link too
    if existing:
        raise PlanError("exists; a new plan is only written where there is none", Location(existing[0]),
                        code="file-exists")  # fmt: skip
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlanError(f"cannot create the directory: {exc.strerror or exc}", Location(directory),
                        code="unreadable") from None  # fmt: skip
    return directory / "indicators.yaml", skeleton(ident, name or ident, base_year, target_year, str(directory))

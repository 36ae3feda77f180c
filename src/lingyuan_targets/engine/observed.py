"""From the figures of an actuals file to each indicator's yearly values, on the prices its plan rate is at.

Bulletins publish levels at current prices and growth rates, for GDP and value
added at comparable prices (按可比价格计算), for years and for parts of a year,
first preliminary and later final. :func:`resolve` turns an actuals frame
(:func:`lingyuan_targets.io.actuals.read_actuals`) into what tracking measures:

* an indicator planned at **comparable prices** (GDP 年均增长10%) is measured on
  an index chained from the base: ``x₀ · (1 + g₁) · … · (1 + gₜ)`` with the year's
  comparable growth figures (a level at current prices would count inflation as
  growth). Without comparable figures, current-price levels are used, and the row
  says so;
* an indicator planned at **current prices** (revenue, retail sales, income) uses
  its levels, and a year without a level continues the chain with that year's
  growth figure;
* a growth figure later than the last year the chain reaches (a quarter of the
  next year, or a year whose predecessor is missing) is assessed on its own
  year-on-year growth, provisionally; a part-year level is never a year's value.

Every choice is recorded per indicator: which figures were used and how, which
were not and why, and notes (the file's own, and differences of scope).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..io.actuals import figure_text, period_span
from ..plan.model import Plan
from ..plan.prices import price_bases
from ..plan.printed import rounding_interval

SERIES_COLUMNS = ["id", "year", "value", "decimals", "source", "note", "csv_line", "how", "status", "scope"]
PERIOD_ZH = {"year": "全年", "Q1": "一季度", "Q2": "二季度", "Q3": "三季度", "Q4": "四季度", "H1": "上半年",
             "H2": "下半年", "Q1-Q3": "前三季度"}  # fmt: skip


def latest(actuals: pd.DataFrame, as_of: int | None = None) -> pd.DataFrame:
    """The last yearly value of each indicator (up to ``as_of`` when given), from a series frame."""
    rows = actuals if as_of is None else actuals[actuals["year"] <= as_of]
    return rows.groupby("id", sort=False).tail(1).set_index("id")


def value_in(actuals: pd.DataFrame, ids: np.ndarray, year: int) -> np.ndarray:
    """Each indicator's yearly value in ``year`` (NaN where there is none), from a series frame."""
    rows = actuals[actuals["year"] == year].set_index("id")["value"]
    return rows.reindex(ids).to_numpy(dtype=float)


@dataclass
class Resolved:
    """What :func:`resolve` makes of one indicator's figures."""

    base: float
    base_source: str  # plan, actuals or "" (none)
    prices: str | None
    inferred: bool
    #: the yearly values on the indicator's basis, one dict per year (columns :data:`SERIES_COLUMNS`)
    series: list[dict[str, Any]] = field(default_factory=list)
    #: the growth figure assessed on its own (a later period than the series reaches), or None
    growth: dict[str, Any] | None = None
    how: str = ""  # levels, chained, growth, current-levels, or "" (nothing usable)
    used: list[tuple[str, str]] = field(default_factory=list)  # the figures used ("2021 +8.0%"), English, Chinese
    unused: list[tuple[str, str]] = field(default_factory=list)  # (English, Chinese)
    notes: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    how_series: str = ""  # how the yearly values were made, when a growth figure is assessed after them

    def drop_growth(self, why_en: str, why_zh: str) -> None:
        """Assess on the yearly values after all: the growth figure moves to the figures not used, with ``why``."""
        if self.growth is None:
            return
        used = self.used.pop()  # the growth is the last figure used
        self.unused.append((f"{used[0]}: {why_en}", f"{used[1]}：{why_zh}"))
        if not any(p.get("source") == self.growth["source"] for p in self.series):
            self.sources = [x for x in self.sources if x != self.growth["source"]]
        if isinstance(self.growth.get("note"), str):
            self.notes = [n for n in self.notes if not n[0].endswith(f": {self.growth['note']}")
                          or any(p.get("note") == self.growth["note"] for p in self.series)]  # fmt: skip
        self.growth, self.how = None, self.how_series


def when(year: int, period: str, zh: bool = False) -> str:
    """``2022``, ``2022 Q1`` (in Chinese ``2022年``, ``2022年一季度``, ``2022年1-5月``)."""
    if not zh:
        return str(year) if period == "year" else f"{year} {period}"
    return f"{year}年" + ("" if period == "year" else PERIOD_ZH.get(period, period.replace("M", "") + "月"))


def _figure_text(r: pd.Series, zh: bool = False) -> str:
    growth = r["measure"] == "growth"
    text = f"{when(int(r['year']), str(r['period']), zh)} {figure_text(float(r['value']), r['decimals'], growth)}"
    if r["status"] == "preliminary":
        text += "（初步）" if zh else " (preliminary)"
    if isinstance(r.get("superseded"), str):
        line = r.get("superseded_line")
        text += (f"（替代第 {line} 行的初步数 {r['superseded']}）" if zh else
                 f" (replaces the preliminary {r['superseded']} of line {line})")  # fmt: skip
    return text


def _prices_zh(basis: str) -> str:
    return "可比价" if basis == "comparable" else "现价"


def _same_scope(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[\s()（）【】\[\]]", "", s)

    return norm(a) == norm(b)


def resolve(plan: Plan, actuals: pd.DataFrame, *, as_of: int | None = None, rebase: bool = False,
            ids: list[str] | None = None) -> dict[str, Resolved]:  # fmt: skip
    """Each indicator with figures in ``actuals`` (up to ``as_of``), resolved as the module says, in plan order."""
    bases = price_bases(plan.indicators)
    rows = _complete(actuals, bases)
    if as_of is not None:
        rows = rows[rows["year"] <= as_of]
    if ids:
        rows = rows[rows["id"].isin(list(ids))]
    ind = plan.indicators.set_index("id")
    by = plan.base_year
    groups = dict(tuple(rows.groupby("id", sort=False)))
    out: dict[str, Resolved] = {}
    for ident in plan.indicators["id"]:
        if ident not in groups:
            continue
        meta = ind.loc[ident]
        prices, inferred = bases.get(ident, (None, False))
        out[ident] = _one(groups[ident], meta, prices, inferred, by, plan.target_year, rebase)
    return out


def _complete(actuals: pd.DataFrame, prices: dict[str, tuple[str | None, bool]]) -> pd.DataFrame:
    """An actuals frame with every column :func:`read_actuals` gives, filled in as it fills them (a frame built by
    hand may hold only levels): a year's final level; a growth on the prices of its indicator's plan rate."""
    defaults = {"period": "year", "measure": "level", "status": "final", "scope": None, "note": None,
                "superseded": None, "superseded_line": None, "decimals": 1, "csv_line": None, "source": ""}  # fmt: skip
    out = actuals.assign(**{k: v for k, v in defaults.items() if k not in actuals})
    for column in ("period", "measure", "status"):
        if out[column].isna().any():
            out[column] = out[column].astype(object).fillna(defaults[column])
    own = out["id"].map(lambda i: prices.get(i, (None, False))[0] or "current")
    implied = own.where(out["measure"] == "growth", "current")
    basis = out["basis"] if "basis" in out else pd.Series(None, index=out.index, dtype=object)
    return out.assign(basis=basis.where(basis.notna(), implied))


def _one(g: pd.DataFrame, meta: pd.Series, prices: str | None, inferred: bool, by: int, ty: int,
         rebase: bool) -> Resolved:  # fmt: skip
    annual = g["period"] == "year"
    level = g["measure"] == "level"
    plan_base = float(meta["base"])
    scope = meta["scope"] if isinstance(meta.get("scope"), str) and meta["scope"] else None
    res = Resolved(base=plan_base, base_source="plan" if not np.isnan(plan_base) else "", prices=prices,
                   inferred=inferred)  # fmt: skip
    # the base: the plan's, unless it has none or --rebase takes the file's base-year level
    # in the base year current and comparable prices agree; a current-price level is preferred, others are listed
    at_base = g[annual & level & (g["year"] == by)].sort_values("basis", key=lambda c: c != "current", kind="stable")
    for _, other in at_base.iloc[1:].iterrows():
        res.unused.append((f"{_figure_text(other)}: a second {by} level ({other['basis']} prices)",
                           f"{_figure_text(other, True)}：{by} 年的第二个数值（{_prices_zh(other['basis'])}）"))  # fmt: skip
    if rebase and not len(at_base) and not np.isnan(plan_base):
        res.notes.append((f"--rebase: the file has no {by} level; the plan's base is used",
                          f"--rebase：文件中没有 {by} 年数值，仍用规划基期值"))  # fmt: skip
    if len(at_base):
        b = at_base.iloc[0]
        if np.isnan(plan_base) or rebase:
            res.base, res.base_source = float(b["value"]), "actuals"
            if rebase and not np.isnan(plan_base):
                res.notes.append((f"rebased: the {by} actual {figure_text(b['value'], b['decimals'])} is the base, not the "
                                  f"plan's {figure_text(plan_base, meta['base_decimals'])}",
                                  f"以 {by} 年实际 {figure_text(b['value'], b['decimals'])} 为基期值（规划为 "
                                  f"{figure_text(plan_base, meta['base_decimals'])}）"))  # fmt: skip
        else:
            lo, hi = rounding_interval([plan_base], [int(meta["base_decimals"])])
            side = meta.get("base_side")  # a base printed 42%以上 stands for [41.5, ∞)
            low, high = (-np.inf if side == "at_most" else lo[0]), (np.inf if side == "at_least" else hi[0])
            if not low - 1e-9 <= b["value"] <= high + 1e-9:
                theirs = f" ({b['scope']})" if isinstance(b["scope"], str) else ""
                ours = f" ({scope})" if scope else ""
                res.warnings.append((
                    f"the {by} actual {figure_text(b['value'], b['decimals'])}{theirs} (line {b['csv_line']}) differs from the "
                    f"plan's base {figure_text(plan_base, meta['base_decimals'])}{ours} beyond rounding; the plan's base is "
                    "kept (--rebase uses the actual)",
                    f"{by} 年实际 {figure_text(b['value'], b['decimals'])}{theirs}（第 {b['csv_line']} 行）与规划基期值 "
                    f"{figure_text(plan_base, meta['base_decimals'])}{ours} 的差异超出舍入范围；仍以规划基期值为准"
                    "（--rebase 改用实际值）"))  # fmt: skip
        if res.base_source == "actuals":  # the file's base-year level is a point of the series only as the base
            res.series.append(_point(b, "level"))
    x0 = res.base
    comparable = prices == "comparable"
    own_basis = "comparable" if comparable else "current"
    growth = g[g["measure"] == "growth"]
    usable_growth = growth[growth["basis"] == own_basis]
    for _, r in growth[growth["basis"] != own_basis].iterrows():
        planned = "comparable" if comparable else "current"
        res.unused.append((f"{_figure_text(r)}: growth at {r['basis']} prices, the planned rate is at {planned} prices",
                           f"{_figure_text(r, True)}：{'可比价' if r['basis'] == 'comparable' else '现价'}增速，"
                           f"规划增速为{'可比价' if comparable else '现价'}"))  # fmt: skip
    for _, r in g[~annual & level].iterrows():
        res.unused.append((f"{_figure_text(r)}: a part-year level is not a year's value",
                           f"{_figure_text(r, True)}：部分时期的数值不是全年值"))  # fmt: skip
    yearly_growth = {int(r["year"]): r for _, r in usable_growth[usable_growth["period"] == "year"].iterrows()}
    levels = g[annual & level & (g["year"] > by)]
    own_levels = {int(r["year"]): r for _, r in levels[levels["basis"] == own_basis].iterrows()}
    other_levels = levels[levels["basis"] != own_basis]
    # the yearly values from the base: a level where the year has one (on the planned prices), else the year's
    # growth continuing the value of the year before
    value, last = x0, by
    chained = False
    skipped: list[pd.Series] = []
    for year in sorted(set(yearly_growth) | set(own_levels)):
        if year in own_levels:
            r = own_levels[year]
            value, last = float(r["value"]), year
            res.series.append(_point(r, "level"))
            res.used.append((_figure_text(r), _figure_text(r, True)))
        elif last == year - 1 and not np.isnan(value):
            r = yearly_growth[year]
            value, last, chained = value * (1 + float(r["value"]) / 100), year, True
            res.series.append({**_point(r, "chained"), "value": value})
            res.used.append((_figure_text(r), _figure_text(r, True)))
        else:
            skipped.append(yearly_growth[year])
    if last > by:
        res.how = "chained" if chained else "levels"
    for year, r in yearly_growth.items():
        if year in own_levels:
            res.unused.append(
                (f"{_figure_text(r)}: the year's level is used", f"{_figure_text(r, True)}：采用该年水平值")
            )
    for r in skipped:
        if int(r["year"]) < last:
            res.unused.append((f"{_figure_text(r)}: the year before it has no value to grow from",
                               f"{_figure_text(r, True)}：上一年无数值可供连乘"))  # fmt: skip
    for _, r in usable_growth[(usable_growth["period"] != "year") & (usable_growth["year"] <= last)].iterrows():
        res.unused.append(
            (f"{_figure_text(r)}: the year's own value is used", f"{_figure_text(r, True)}：采用全年数值")
        )
    # growth after the chain's end: the latest one is assessed on its own
    for _, r in usable_growth[usable_growth["year"] > max(last, ty)].iterrows():
        res.unused.append(
            (f"{_figure_text(r)}: after the target year {ty}", f"{_figure_text(r, True)}：晚于目标年 {ty}")
        )
    later = usable_growth[(usable_growth["year"] > last) & (usable_growth["year"] <= ty)]
    if len(later):
        # the latest period wins: by year, then the last month covered, then the longer span (the year over Q4)
        span = later["period"].map(period_span)
        order = np.lexsort((span.map(lambda p: p[1] - p[0]).to_numpy(), span.map(lambda p: p[1]).to_numpy(),
                            later["year"].to_numpy()))  # fmt: skip
        r = later.iloc[int(order[-1])]
        res.growth = {"year": int(r["year"]), "period": r["period"], "value": float(r["value"]),
                      "decimals": r["decimals"], "source": r["source"], "note": r["note"], "csv_line": r["csv_line"],
                      "status": r["status"], "scope": r["scope"]}  # fmt: skip
        res.how_series, res.how = res.how, "growth"
        res.used.append((_figure_text(r), _figure_text(r, True)))
        for _, o in later.drop(index=r.name).iterrows():
            res.unused.append((f"{_figure_text(o)}: the assessment uses the latest figure, {when(r['year'], r['period'])}",
                               f"{_figure_text(o, True)}：评估采用最新数值（{when(r['year'], r['period'], True)}）"))  # fmt: skip
        gaps = [y for y in range(last + 1, int(r["year"])) if y not in own_levels and y not in yearly_growth]
        if r["period"] == "year" and gaps and not np.isnan(x0):
            on = f" at {own_basis} prices" if comparable else ""
            years = ", ".join(str(y) for y in gaps)
            res.notes.append((f"no chain from {last} to {int(r['year'])}: no yearly figure{on} for {years}",
                              f"无法自 {last} 年连乘至 {int(r['year'])} 年：{years} 年缺少"
                              f"{'可比价' if comparable else ''}全年数值"))  # fmt: skip
    elif res.how == "" and comparable and len(other_levels):
        # no comparable figure at all: current-price levels, said so
        for _, r in other_levels.iterrows():
            res.series.append(_point(r, "current-levels"))
            res.used.append((_figure_text(r), _figure_text(r, True)))
        res.how = "current-levels"
        res.notes.append(("measured on current-price levels: the planned rate is at comparable prices, so price "
                          "changes count as growth", "按现价水平值测算：规划增速为可比价，价格变动计入增长"))  # fmt: skip
        other_levels = other_levels.iloc[0:0]
    for _, r in other_levels.iterrows():
        res.unused.append((f"{_figure_text(r)}: a level at {r['basis']} prices, the planned rate is at "
                           f"{'comparable' if comparable else 'current'} prices",
                           f"{_figure_text(r, True)}：{'可比价' if r['basis'] == 'comparable' else '现价'}水平值，规划增速为"
                           f"{'可比价' if comparable else '现价'}"))  # fmt: skip
    # what travels with the figures used: their notes, their sources, scopes that differ from the plan's
    used_rows = [p for p in res.series if p["year"] > by or res.base_source == "actuals"]
    if res.growth is not None:
        used_rows.append(res.growth)
    noted: dict[str, list[tuple[int, str]]] = {}  # a note the file repeats on every year is shown once, with its years
    for p in used_rows:
        if isinstance(p.get("note"), str):
            noted.setdefault(str(p["note"]), []).append((int(p["year"]), str(p.get("period", "year"))))
    for text, spans in noted.items():
        res.notes.append((f"{', '.join(when(y, q) for y, q in spans)}: {text}",
                          f"{'、'.join(when(y, q, zh=True) for y, q in spans)}：{text}"))  # fmt: skip
    for p in used_rows:
        if isinstance(p.get("scope"), str) and scope and not _same_scope(str(p["scope"]), scope):
            res.warnings.append((f"{p['year']}: the figure covers {p['scope']}, the plan's {scope}",
                                 f"{p['year']}：数值口径为{p['scope']}，规划口径为{scope}"))  # fmt: skip
        if isinstance(p.get("source"), str) and p["source"] not in res.sources:
            res.sources.append(str(p["source"]))
    return res


def _point(r: pd.Series, how: str, year: int | None = None) -> dict[str, Any]:
    return {"id": None, "year": int(year if year is not None else r["year"]), "value": float(r["value"]),
            "decimals": r["decimals"], "source": r["source"], "note": r["note"], "csv_line": r["csv_line"],
            "how": how, "status": r["status"], "scope": r["scope"]}  # fmt: skip


def series(resolved: dict[str, Resolved]) -> pd.DataFrame:
    """The yearly values of every indicator (columns :data:`SERIES_COLUMNS`), sorted by id and year."""
    records = [{**p, "id": ident} for ident, res in resolved.items() for p in res.series]
    frame = pd.DataFrame(records, columns=SERIES_COLUMNS)
    if frame.empty:
        return frame
    frame["year"] = frame["year"].astype(int)
    return frame.drop_duplicates(["id", "year"], keep="last").reset_index(drop=True)


def yearly(plan: Plan, actuals: pd.DataFrame | None, *, as_of: int | None = None,
           rebase: bool = False) -> pd.DataFrame | None:  # fmt: skip
    """The yearly values :func:`series` gives for an actuals frame (None for None): what outlooks and charts use."""
    if actuals is None or "how" in actuals:  # None, or yearly values already
        return actuals
    return series(resolve(plan, actuals, as_of=as_of, rebase=rebase))

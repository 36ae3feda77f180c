"""Checks of the plan's internal arithmetic, rounding-aware, as findings (data, not exceptions).

Every printed number stands for the interval its rounding covers (150.2 →
[150.15, 150.25]; 10% → [9.5%, 10.5%]). A check has three outcomes, not two:

* ``exact`` — the point computation, rounded to the printed precision, gives the
  printed figure;
* ``within-rounding`` — some values inside the intervals reproduce it;
* ``inconsistent`` — no values inside the intervals do.

The arithmetic of each check family is vectorised over indicators (or rows);
:class:`Finding` records are built only for the results. The CLI renders a
:class:`Report`; this module never prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .model import Plan
from .printed import ROUNDING_MODES, format_half_up, rounding_interval, rounds_to

SCHEMA_VERSION = 1
SEVERITIES = ("error", "warning", "info")
PERCENT_UNITS = ("百分比", "%")

#: code → (family, severity, title). Codes are stable: scripts may select on them.
CODES: dict[str, tuple[str, str, str]] = {
    "target-rule-exact": ("target-rule", "pass", "base under the stated rule gives the printed target"),
    "target-rule-within-rounding": ("target-rule", "info", "the stated rule reaches the target only within rounding"),
    "target-rule-inconsistent": ("target-rule", "error", "base under the stated rule cannot reach the printed target"),
    "check-too-coarse": ("plausibility", "info", "the rounding intervals are too wide for the check to fail"),
    "cumulative-reading": ("cumulative", "pass", "the 累计 figure matches the declared reading"),
    "cumulative-reading-differs": ("cumulative", "warning", "the 累计 figure matches another reading than the declared one"),
    "cumulative-unit-mismatch": ("cumulative", "info", "the 累计 figure matches a reading its printed unit does not suggest"),
    "cumulative-no-reading": ("cumulative", "error", "the 累计 figure matches no reading"),
    "quote-consistent": ("quotes", "pass", "the text quotes the same value"),
    "quote-conflict": ("quotes", "error", "the same quantity is printed with different values"),
    "history-growth-vs-levels": ("history", "warning", "a yearly growth rate does not match the change in levels"),
    "history-price-basis": ("history", "info", "growth rates and levels differ systematically (comparable vs current prices)"),
    "history-consistent": ("history", "pass", "history figures agree"),
    "history-average": ("history", "warning", "a stated average growth does not match the yearly rates"),
    "history-total": ("history", "error", "a five-year total does not match the sum of the years"),
    "sum-consistent": ("sums", "pass", "parts add up to the total"),
    "sum-within-rounding": ("sums", "info", "parts add up to the total only within rounding"),
    "sum-mismatch": ("sums", "error", "parts do not add up to the total"),
    "share-mismatch": ("sums", "warning", "a printed share does not match the parts"),
    "ratio-mismatch": ("relations", "warning", "a share does not match the ratio of two indicators"),
    "ratio-consistent": ("relations", "pass", "a share matches the ratio of two indicators"),
    "target-already-met": ("relations", "warning", "the base value already meets the target"),
    "target-below-previous-period": ("relations", "warning", "a five-year target is below the previous five-year outcome"),
    "implied-baseline": ("relations", "info", "the plan gives a target and a rate but no base; the base they imply"),
    "continuation-crosses-bound": ("plausibility", "warning", "carrying the 2021-25 rule on crosses a natural bound before 2035"),
}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """One check result. ``values`` holds the numbers used and computed; ``sources`` their provenance."""

    code: str
    severity: str
    family: str
    ids: tuple[str, ...]
    verdict: str
    message_en: str
    message_zh: str
    values: dict[str, Any] = field(default_factory=dict)
    sources: tuple[dict[str, Any], ...] = ()
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ids"] = list(self.ids)
        out["values"] = {k: _json_number(v) for k, v in self.values.items()}
        out["sources"] = [{k: _json_number(v) for k, v in s.items()} for s in self.sources]
        return out


@dataclass(frozen=True)
class Report:
    """All check results on one plan."""

    plan: str
    rounding: str
    results: tuple[Finding, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Results that are problems or notes (severity error, warning or info)."""
        return tuple(f for f in self.results if f.severity in SEVERITIES)

    def summary(self) -> dict[str, int]:
        verdicts = pd.Series([f.verdict for f in self.results], dtype=object)
        sev = pd.Series([f.severity for f in self.results], dtype=object)
        return {
            "checked": len(self.results),
            "exact": int((verdicts == "exact").sum()),
            "within_rounding": int((verdicts == "within-rounding").sum()),
            "inconsistent": int((verdicts == "inconsistent").sum()),
            "errors": int((sev == "error").sum()),
            "warnings": int((sev == "warning").sum()),
            "infos": int((sev == "info").sum()),
        }

    def fails(self, fail_on: str = "error") -> bool:
        """Whether any finding is at least as severe as ``fail_on``."""
        levels = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        return any(f.severity in levels for f in self.results)

    def to_dict(self, include_passes: bool = False) -> dict[str, Any]:
        shown = self.results if include_passes else self.findings
        return {
            "schema_version": SCHEMA_VERSION,
            "command": "check",
            "plan": self.plan,
            "rounding": self.rounding,
            "summary": self.summary(),
            "findings": [f.to_dict() for f in shown],
        }


def _json_number(value: Any) -> Any:
    if isinstance(value, (np.floating, float)):
        value = float(value)
        if not np.isfinite(value):
            return None
        return value
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if value is pd.NA:
        return None
    return value


def _fmt(value: float, decimals: int) -> str:
    return format_half_up(float(value), int(decimals))


def _finding(code: str, ids: tuple[str, ...] | list[str], verdict: str, en: str, zh: str,
             values: dict[str, Any] | None = None, sources: list[dict[str, Any]] | None = None,
             suggestion: str | None = None) -> Finding:  # fmt: skip
    family, severity, _ = CODES[code]
    clean_sources = tuple({k: _json_number(v) for k, v in src.items()} for src in sources or ())
    return Finding(code=code, severity=severity, family=family, ids=tuple(ids), verdict=verdict,
                   message_en=en, message_zh=zh, values=values or {}, sources=clean_sources,
                   suggestion=suggestion)  # fmt: skip


# ------------------------------------------------------------------ provenance
def _src_target(row: pd.Series) -> dict[str, Any]:
    return {"what": "target", "value": row["target"], "section": row["section"], "text_line": row["line"],
            "snippet": row["snippet"], "file": "indicators.yaml", "file_line": row["yaml_line"]}  # fmt: skip


def _src_base(row: pd.Series, baseline_file: str) -> dict[str, Any]:
    return {"what": "base", "value": row["base"], "section": row["base_section"], "text_line": row["base_line"],
            "snippet": row["base_snippet"], "file": baseline_file, "file_line": row["csv_line"]}  # fmt: skip


def _dec(value: Any, default: int = 0) -> int:
    return default if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) else int(value)


# ------------------------------------------------------- 1. target vs stated rule
def _rule_arrays(ind: pd.DataFrame, mode: str) -> dict[str, np.ndarray]:
    """Intervals of base, growth and target as arrays over indicators."""
    b, t, g = (ind[c].to_numpy(dtype=float) for c in ("base", "target", "growth_value"))
    bd, td, gd = (ind[c].astype("Float64").fillna(0).to_numpy(dtype=float) for c in
                  ("base_decimals", "target_decimals", "growth_decimals"))  # fmt: skip
    bl, bh = rounding_interval(b, bd, mode)
    tl, th = rounding_interval(t, td, mode)
    gl, gh = rounding_interval(g, gd, mode)
    return dict(b=b, t=t, g=g, bd=bd, td=td, gd=gd, bl=bl, bh=bh, tl=tl, th=th, gl=gl, gh=gh)


def _apply(reading: np.ndarray, base: np.ndarray, growth: np.ndarray, n: int) -> np.ndarray:
    """Target a base reaches under a rule: annual compounding, relative change, or an added change."""
    with np.errstate(invalid="ignore", over="ignore"):
        return np.select(
            [reading == "annual", reading == "relative"],
            [base * (1 + growth / 100) ** n, base * (1 + growth / 100)],
            default=base + growth,
        )


def check_target_rules(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """Does the base under the stated growth rule reach the printed target?"""
    ind = plan.indicators
    n = plan.target_year - plan.base_year
    reading = np.where(ind["growth_basis"] == "annual", "annual", ind["growth_reading"].fillna("").to_numpy(dtype=object))
    usable = (
        ind["kind"].isin(["level", "share"]).to_numpy()
        & ind["base"].notna().to_numpy() & ind["target"].notna().to_numpy()
        & np.isin(reading, ["annual", "relative", "points", "absolute"])
    )  # fmt: skip
    sel = ind[usable].reset_index(drop=True)
    if sel.empty:
        return []
    rd = reading[usable]
    a = _rule_arrays(sel, mode)
    calc = _apply(rd, a["b"], a["g"], n)
    lo = _apply(rd, a["bl"], a["gl"], n)  # every rule is increasing in base and growth
    hi = _apply(rd, a["bh"], a["gh"], n)
    exact = rounds_to(calc, a["t"], a["td"], mode)
    overlap = (hi >= a["tl"] - 1e-12) & (lo <= a["th"] + 1e-12)
    # The rates (or changes) inside the printed growth interval that reproduce the target.
    with np.errstate(invalid="ignore", divide="ignore"):
        need_lo = np.select([rd == "annual", rd == "relative"],
                            [((a["tl"] / a["bh"]) ** (1 / n) - 1) * 100, (a["tl"] / a["bh"] - 1) * 100],
                            default=a["tl"] - a["bh"])  # fmt: skip
        need_hi = np.select([rd == "annual", rd == "relative"],
                            [((a["th"] / a["bl"]) ** (1 / n) - 1) * 100, (a["th"] / a["bl"] - 1) * 100],
                            default=a["th"] - a["bl"])  # fmt: skip
        implied = np.select([rd == "annual", rd == "relative"],
                            [((a["t"] / a["b"]) ** (1 / n) - 1) * 100, (a["t"] / a["b"] - 1) * 100],
                            default=a["t"] - a["b"])  # fmt: skip
    ok_lo, ok_hi = np.maximum(need_lo, a["gl"]), np.minimum(need_hi, a["gh"])
    share_needed = np.clip((ok_hi - ok_lo) / (a["gh"] - a["gl"]), 0, 1)
    # A check that cannot fail: one printed unit of growth lower and one higher would pass too.
    unit = 10.0 ** (-a["gd"])

    def reaches(shift: np.ndarray) -> np.ndarray:
        low, high = _apply(rd, a["bl"], a["gl"] + shift, n), _apply(rd, a["bh"], a["gh"] + shift, n)
        return (high >= a["tl"]) & (low <= a["th"])

    coarse = reaches(-unit) & reaches(unit)
    verdict = np.where(exact, "exact", np.where(overlap, "within-rounding", "inconsistent"))

    out = []
    for i, row in sel.iterrows():
        v = verdict[i]
        td, gd = int(a["td"][i]), int(a["gd"][i])
        rule = {"annual": f"{row['growth_printed']}", "relative": f"{row['growth_printed']} (relative)",
                "points": f"{row['growth_printed']} (percentage points)",
                "absolute": f"{row['growth_printed']} (in {row['unit']})"}[rd[i]]  # fmt: skip
        base_txt, tgt_txt = _fmt(row["base"], a["bd"][i]), _fmt(row["target"], td)
        calc_txt = _fmt(calc[i], td + 2)
        unit_word = "%" if rd[i] in ("annual", "relative") else (" points" if rd[i] == "points" else f" {row['unit']}")
        values = {
            "base": row["base"], "target": row["target"], "growth": row["growth_value"], "rule": rd[i],
            "computed_target": calc[i], "deviation": calc[i] - row["target"],
            "deviation_pct": (calc[i] - row["target"]) / row["target"] * 100 if row["target"] else None,
            "implied_growth": implied[i],
            "base_interval": [a["bl"][i], a["bh"][i]], "growth_interval": [a["gl"][i], a["gh"][i]],
            "target_interval": [a["tl"][i], a["th"][i]], "reachable_interval": [lo[i], hi[i]],
            "nearest_consistent_target": float(_fmt(calc[i], td)),
            "nearest_consistent_growth": float(_fmt(implied[i], gd)),
        }  # fmt: skip
        if v == "within-rounding":
            values["consistent_growth_interval"] = [ok_lo[i], ok_hi[i]]
            values["share_of_growth_interval"] = share_needed[i]
        srcs = [_src_base(row, plan.files["baseline"].name), _src_target(row)]
        head = f"{base_txt} under {rule} gives {calc_txt}"
        if coarse[i] and v != "inconsistent":
            out.append(_finding(
                "check-too-coarse", [row["id"]], "vacuous",
                f"{head}, which prints as {_fmt(calc[i], td)}; but growth one printed unit lower or higher "
                f"({row['growth_value'] - unit[i]:g} or {row['growth_value'] + unit[i]:g}) would print the same "
                f"target {tgt_txt}, so this agreement proves little.",
                f"{head_zh}；但增长率上下浮动一个单位也得到 {tgt_txt}，舍入区间过宽，此项一致性说明不了问题。",
                values, srcs,
            ))  # fmt: skip
            continue
        head_zh = f"{base_txt} 按 {row['growth_printed']} 推算得 {calc_txt}"
        if v == "exact":
            out.append(_finding("target-rule-exact", [row["id"]], v, f"{head}, which prints as {tgt_txt}.",
                                f"{head_zh}，四舍五入为 {tgt_txt}，与目标一致。", values, srcs))  # fmt: skip
        elif v == "within-rounding":
            en = (f"{head}, printed {_fmt(calc[i], td)} not {tgt_txt}; only growth in "
                  f"[{_fmt(ok_lo[i], gd + 2)}, {_fmt(ok_hi[i], gd + 2)}]{unit_word}, "
                  f"{share_needed[i] * 100:.0f}% of the printed interval [{_fmt(a['gl'][i], gd + 1)}, "
                  f"{_fmt(a['gh'][i], gd + 1)}), reaches it (implied {_fmt(implied[i], 2)}{unit_word}).")
            zh = (f"{head_zh}，不等于目标 {tgt_txt}；仅当增长取 [{_fmt(ok_lo[i], gd + 2)}, {_fmt(ok_hi[i], gd + 2)}]"
                  f"（占原文舍入区间的 {share_needed[i] * 100:.0f}%）时可达到（隐含 {_fmt(implied[i], 2)}）。")
            out.append(_finding("target-rule-within-rounding", [row["id"]], v, en, zh, values, srcs))
        else:
            en = (f"{head} (deviation {calc[i] - row['target']:+.4g}, {values['deviation_pct']:+.2f}%); no base in "
                  f"[{_fmt(a['bl'][i], a['bd'][i] + 2)}, {_fmt(a['bh'][i], a['bd'][i] + 2)}] and growth in "
                  f"[{_fmt(a['gl'][i], gd + 1)}, {_fmt(a['gh'][i], gd + 1)}) reaches {tgt_txt}: reachable "
                  f"[{_fmt(lo[i], td + 2)}, {_fmt(hi[i], td + 2)}]. The target implies {_fmt(implied[i], 2)}{unit_word}.")
            zh = (f"{head_zh}，偏差 {calc[i] - row['target']:+.4g}（{values['deviation_pct']:+.2f}%）；舍入区间内无法达到 "
                  f"{tgt_txt}，目标隐含增长 {_fmt(implied[i], 2)}{unit_word}。")
            fix = (f"the target consistent with the rule is {_fmt(calc[i], td)}; the rule consistent with the target is "
                   f"{_fmt(implied[i], max(gd, 1))}{unit_word}")
            out.append(_finding("target-rule-inconsistent", [row["id"]], v, en, zh, values, srcs, fix))
    return out


# ------------------------------------------------------ 2. the 累计 column
def _reading_targets(base, c, percent_unit):
    """Targets under each reading: relative (%), percentage points, absolute change."""
    with np.errstate(invalid="ignore"):
        rel = base * (1 + c / 100)
    add = base + c
    return {"relative": rel, "points": np.where(percent_unit, add, np.nan), "absolute": np.where(percent_unit, np.nan, add)}


def _fits(base_lo, base_hi, c_lo, c_hi, t_lo, t_hi, percent_unit) -> dict[str, np.ndarray]:
    lo = _reading_targets(base_lo, c_lo, percent_unit)
    hi = _reading_targets(base_hi, c_hi, percent_unit)
    return {k: (hi[k] >= t_lo) & (lo[k] <= t_hi) for k in lo}


def _slips(c: float, decimals: int, neighbours: list[tuple[str, float, int]]) -> list[tuple[str, float, int]]:
    """Likely misprints of a 累计 figure: a misplaced decimal point, transposed digits, a neighbour's value."""
    out = [("misplaced decimal point", c / 10, decimals + 1), ("misplaced decimal point", c * 10, max(decimals - 1, 0))]
    digits = f"{abs(c):.{decimals}f}".replace(".", "")
    if len(digits) == 2 and digits[0] != digits[1]:
        swapped = float(digits[::-1]) / 10**decimals * (1 if c >= 0 else -1)
        out.append(("transposed digits", swapped, decimals))
    out += [(f"copied from the neighbouring row {ident}", value, dec) for ident, value, dec in neighbours]
    return out


def check_cumulative(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """Which reading of each 累计 figure (relative, points, absolute) reproduces base → target?"""
    ind = plan.indicators
    cum = ind[(ind["growth_basis"] == "cumulative") & ind["base"].notna() & ind["target"].notna()].reset_index(drop=True)
    if cum.empty:
        return []
    a = _rule_arrays(cum, mode)
    percent = cum["unit"].isin(PERCENT_UNITS).to_numpy()
    fits = _fits(a["bl"], a["bh"], a["gl"], a["gh"], a["tl"], a["th"], percent)
    point = _reading_targets(a["b"], a["g"], percent)
    exact = {k: rounds_to(point[k], a["t"], a["td"], mode) & np.isfinite(point[k]) for k in point}
    unit = 10.0 ** (-a["gd"])
    below = _fits(a["bl"], a["bh"], a["gl"] - unit, a["gh"] - unit, a["tl"], a["th"], percent)
    above = _fits(a["bl"], a["bh"], a["gl"] + unit, a["gh"] + unit, a["tl"], a["th"], percent)
    # A reading counts when its point value prints as the target, or when it fits within rounding
    # and the neighbouring figures (one printed unit off) would not also fit.
    fits = {k: exact[k] | (fits[k] & ~(below[k] & above[k])) for k in fits}
    loose = {k: fits_k for k, fits_k in _fits(a["bl"], a["bh"], a["gl"], a["gh"], a["tl"], a["th"], percent).items()}
    table = ind[ind["origin"] == "table"].reset_index(drop=True)
    position = {ident: i for i, ident in enumerate(table["id"])}
    out = []
    for i, row in cum.iterrows():
        matches = [k for k in ("relative", "points", "absolute") if fits[k][i]]
        declared = row["growth_reading"]
        srcs = [_src_base(row, plan.files["baseline"].name), _src_target(row)]
        values = {"base": row["base"], "target": row["target"], "printed": row["growth_printed"],
                  "figure": row["growth_value"], "declared_reading": declared, "matching_readings": ", ".join(matches),
                  **{f"{k}_gives": point[k][i] for k in point if np.isfinite(point[k][i])}}  # fmt: skip
        gives = "; ".join(f"{k}: {_fmt(point[k][i], a['td'][i] + 2)}" for k in point if np.isfinite(point[k][i]))
        b_txt, t_txt = _fmt(row["base"], a["bd"][i]), _fmt(row["target"], a["td"][i])
        if matches:
            reading = declared if declared in matches else matches[0]
            has_pct = "%" in str(row["growth_printed"])
            if declared in matches and not (reading == "absolute" and has_pct):
                out.append(_finding("cumulative-reading", [row["id"]], "exact" if rounds_to(
                    point[reading][i], row["target"], a["td"][i], mode) else "within-rounding",
                    f"{row['growth_printed']} reads as a {reading} change: {b_txt} → {t_txt} ({gives}).",
                    f"{row['growth_printed']} 应理解为{_READING_ZH[reading]}：{b_txt} → {t_txt}。", values, srcs))  # fmt: skip
            elif declared in matches:
                out.append(_finding("cumulative-unit-mismatch", [row["id"]], "within-rounding",
                    f"{row['growth_printed']} is printed with % but fits only an absolute change of "
                    f"{row['growth_value']:g} {row['unit']} ({b_txt} → {t_txt}; {gives}).",
                    f"{row['growth_printed']} 带百分号，但只符合 {row['growth_value']:g} {row['unit']} 的绝对变化。",
                    values, srcs, f"print the figure as {row['growth_value']:g} ({row['unit']})"))  # fmt: skip
            else:
                out.append(_finding("cumulative-reading-differs", [row["id"]], "within-rounding",
                    f"{row['growth_printed']} fits a {' or '.join(matches)} reading ({gives}), not the declared "
                    f"'{declared}'.", f"{row['growth_printed']} 符合{_READING_ZH[matches[0]]}，与数据中声明的读法不同。",
                    values, srcs, f"declare reading: {matches[0]}"))  # fmt: skip
            continue
        # No reading fits: try likely slips.
        k = position.get(row["id"])
        neighbours = []
        if k is not None:
            for j in (k - 1, k + 1):
                if 0 <= j < len(table) and pd.notna(table.loc[j, "growth_value"]):
                    neighbours.append((table.loc[j, "id"], float(table.loc[j, "growth_value"]),
                                       _dec(table.loc[j, "growth_decimals"])))  # fmt: skip
        fitting = []
        for label, cand, dec in _slips(float(row["growth_value"]), int(a["gd"][i]), neighbours):
            c_lo, c_hi = rounding_interval(np.array([cand]), np.array([dec]), mode)
            f = _fits(np.array([a["bl"][i]]), np.array([a["bh"][i]]), c_lo, c_hi,
                      np.array([a["tl"][i]]), np.array([a["th"][i]]), np.array([percent[i]]))  # fmt: skip
            pt = _reading_targets(np.array([a["b"][i]]), np.array([cand]), np.array([percent[i]]))
            for r in f:
                if f[r][0]:
                    how = "exactly" if rounds_to(pt[r], a["t"][i], a["td"][i], mode)[0] else "within rounding"
                    fitting.append((how != "exactly", f"{_fmt(cand, dec)} ({label}) fits a {r} reading {how}"))
        fitting = [text for _, text in sorted(fitting, key=lambda item: item[0])]
        with np.errstate(divide="ignore", invalid="ignore"):
            implied_rel = (row["target"] / row["base"] - 1) * 100
        implied_abs = row["target"] - row["base"]
        values["implied_relative_pct"] = implied_rel
        values["implied_change"] = implied_abs
        values["slips_that_fit"] = "; ".join(fitting)
        edge = [k for k in loose if loose[k][i]]
        en = (f"{row['growth_printed']} fits no reading of {b_txt} → {t_txt} ({gives}); the printed base and target "
              f"imply {implied_rel:+.2f}% or {implied_abs:+.4g} {row['unit']}.")
        if edge:
            en += (f" (A {' or '.join(edge)} reading reaches the target only at the edge of the rounding intervals, "
                   f"as figures one unit lower and higher would too.)")
        if fitting:
            en += " Likely slip: " + "; ".join(fitting) + "."
        zh = (f"{row['growth_printed']} 无法解释 {b_txt} → {t_txt}：基期与目标隐含 {implied_rel:+.2f}% 或 "
              f"{implied_abs:+.4g} {row['unit']}。")
        fix = fitting[0] if fitting else f"the figure consistent with base and target is {implied_rel:.0f}% (relative)"
        out.append(_finding("cumulative-no-reading", [row["id"]], "inconsistent", en, zh, values, srcs, fix))
    return out


_READING_ZH = {"relative": "相对变化（%）", "points": "百分点变化", "absolute": "绝对变化"}


# ----------------------------------------------- 3. one quantity, several values
def check_quotes(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """The same quantity printed elsewhere in the text with a different value."""
    q = plan.quotes[plan.quotes["period"].isna() & plan.quotes["what"].isin(["base", "target", "growth"])]
    if q.empty:
        return []
    ind = plan.indicators.set_index("id")
    col = q["what"].map({"base": "base", "target": "target", "growth": "growth_value"})
    dec_col = q["what"].map({"base": "base_decimals", "target": "target_decimals", "growth": "growth_decimals"})
    ref = np.array([ind.at[i, c] for i, c in zip(q["id"], col)], dtype=float)
    ref_dec = np.array([_dec(ind.at[i, c]) for i, c in zip(q["id"], dec_col)], dtype=float)
    annual_growth = np.array([ind.at[i, "growth_basis"] == "annual" or w != "growth" for i, w in zip(q["id"], q["what"])])
    ok = ~np.isnan(ref) & annual_growth
    q, ref, ref_dec = q[ok].reset_index(drop=True), ref[ok], ref_dec[ok]
    ql, qh = rounding_interval(q["value"].to_numpy(dtype=float), q["decimals"].to_numpy(dtype=float), mode)
    rl, rh = rounding_interval(ref, ref_dec, mode)
    agree = (qh >= rl) & (ql <= rh)
    out = []
    for i, row in q.iterrows():
        main = ind.loc[row["id"]]
        what = row["what"]
        here = {"base": _src_base(main.rename({"csv_line": "csv_line"}) if False else _with_id(main, row["id"]),
                                  plan.files["baseline"].name),
                "target": _src_target(_with_id(main, row["id"])),
                "growth": {**_src_target(_with_id(main, row["id"])), "what": "growth", "value": main["growth_value"]}}[what]
        there = {"what": f"quote ({what})", "value": row["value"], "section": row["section"], "text_line": row["line"],
                 "snippet": row["snippet"], "file": "indicators.yaml", "file_line": row["yaml_line"]}  # fmt: skip
        v_main, v_q = _fmt(ref[i], ref_dec[i]), _fmt(row["value"], row["decimals"])
        values = {"value": ref[i], "quoted_value": row["value"], "what": what, "difference": row["value"] - ref[i]}
        if agree[i]:
            out.append(_finding("quote-consistent", [row["id"]], "exact" if v_main == v_q else "within-rounding",
                                f"{what} {v_main} is quoted as {v_q} on line {row['line']}.",
                                f"{what} {v_main} 在第 {row['line']} 行引作 {v_q}，一致。", values, [here, there]))  # fmt: skip
        else:
            where_main = f"line {int(here['text_line'])} ({here['section']})"
            out.append(_finding(
                "quote-conflict", [row["id"]], "inconsistent",
                f"{main['name_en']} {what}: {v_main} on {where_main}, but {v_q} on line {row['line']} ({row['section']}); "
                f"difference {row['value'] - ref[i]:+.4g}.",
                f"{main['name']}{ {'base': '基期值', 'target': '目标值', 'growth': '增速'}[what] }："
                f"{here['section']}为 {v_main}，{row['section']}为 {v_q}。",
                values, [here, there], "decide which figure is right and correct the other",
            ))  # fmt: skip
    return out


def _with_id(row: pd.Series, ident: str) -> pd.Series:
    return pd.concat([pd.Series({"id": ident}), row])


# ------------------------------------------------------------ 4. history tables
def _hist_src(row: pd.Series, file: str) -> dict[str, Any]:
    return {"what": f"{row['table']} {row['label']}", "value": row["value"] if pd.notna(row["value"]) else row["growth"],
            "section": row["section"], "text_line": row["line"], "snippet": row["snippet"], "file": file,
            "file_line": row["csv_line"]}  # fmt: skip


def check_history(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """Yearly growth vs level changes, stated averages vs yearly rates and level CAGR, totals vs sums."""
    h = plan.history
    if h.empty:
        return []
    file = plan.files["history"].name
    out: list[Finding] = []
    for series_zh, rows in h.groupby("series", sort=False):
        series = f"{rows['series_en'].iloc[0]} ({series_zh})"
        years = rows[rows["row_type"] == "year"].sort_values("year")
        if len(years) < 2:
            continue
        ids = [str(series_zh)]
        v = years["value"].to_numpy(dtype=float)
        vd = years["value_decimals"].astype("Float64").fillna(0).to_numpy(dtype=float)
        g = years["growth"].to_numpy(dtype=float)
        gd = years["growth_decimals"].astype("Float64").fillna(0).to_numpy(dtype=float)
        vl, vh = rounding_interval(v, vd, mode)
        gl, gh = rounding_interval(g, gd, mode)
        # yearly growth against the change in levels (from the second year)
        ratio = (v[1:] / v[:-1] - 1) * 100
        r_lo, r_hi = (vl[1:] / vh[:-1] - 1) * 100, (vh[1:] / vl[:-1] - 1) * 100
        agree = (r_hi >= gl[1:]) & (r_lo <= gh[1:])
        price = ((1 + ratio / 100) / (1 + g[1:] / 100) - 1) * 100  # implied price change
        yrs = years["year"].to_numpy()[1:]
        systematic = (~agree).sum() >= max(2, len(agree) // 2 + 1) and (np.sign(price[~agree]).min() == np.sign(price[~agree]).max())
        srcs = [_hist_src(r, file) for _, r in years.iterrows()]
        if systematic:
            med = float(np.median(price))
            values = {"years": [int(y) for y in yrs], "level_growth_pct": ratio.tolist(), "printed_growth_pct": g[1:].tolist(),
                      "implied_price_change_pct": price.tolist(), "median_price_change_pct": med}  # fmt: skip
            detail = ", ".join(f"{y}: levels {r:+.1f}% vs {gg:g}%" for y, r, gg in zip(yrs, ratio, g[1:]))
            out.append(_finding(
                "history-price-basis", ids, "different-basis",
                f"{series}: the levels grow faster than the printed rates in {int((~agree).sum())} of {len(agree)} years "
                f"({detail}): the levels look like current prices and the rates like comparable prices, with an implied "
                f"price change of about {med:+.1f}% a year.",
                f"{series}：总量增幅与增速系统性不一致，总量应为现价、增速为可比价，隐含价格变动约 {med:+.1f}%/年。",
                values, srcs,
            ))  # fmt: skip
            odd = np.abs(price - med) > 2.5
            rows_to_flag = np.where(odd & ~agree)[0]
        else:
            rows_to_flag = np.where(~agree)[0]
        for k in rows_to_flag:
            y = int(yrs[k])
            out.append(_finding(
                "history-growth-vs-levels", ids, "inconsistent",
                f"{series} {y}: levels {v[k]:g} → {v[k + 1]:g} are {ratio[k]:+.2f}% "
                f"(between {r_lo[k]:+.2f}% and {r_hi[k]:+.2f}% within rounding), but the printed growth is {g[k + 1]:g}%.",
                f"{series} {y} 年：总量 {v[k]:g} → {v[k + 1]:g} 增长 {ratio[k]:+.2f}%，与所列增速 {g[k + 1]:g}% 不符。",
                {"year": y, "level_growth_pct": ratio[k], "printed_growth_pct": g[k + 1],
                 "level_growth_interval": [r_lo[k], r_hi[k]], "implied_price_change_pct": price[k]},
                [srcs[k], srcs[k + 1]],
            ))  # fmt: skip
        if not rows_to_flag.size and not systematic:
            out.append(_finding("history-consistent", ids, "within-rounding",
                                f"{series}: yearly growth agrees with the levels.", f"{series}：各年增速与总量一致。",
                                {}, srcs))  # fmt: skip
        out += _history_aggregates(series, str(series_zh), rows, years, v, vl, vh, g, gl, gh, file)
    return out


def _history_aggregates(series, series_zh, rows, years, v, vl, vh, g, gl, gh, file) -> list[Finding]:
    out = []
    ids = [series_zh]
    n = len(g)
    gm = (np.prod(1 + g / 100) ** (1 / n) - 1) * 100
    gm_lo, gm_hi = (np.prod(1 + gl / 100) ** (1 / n) - 1) * 100, (np.prod(1 + gh / 100) ** (1 / n) - 1) * 100
    # The level before the first year, where the text gives one (a 'change' row: increase over that year).
    start = None
    change = rows[rows["row_type"] == "change"]
    if len(change) and pd.notna(change.iloc[0]["value"]):
        start = v[-1] - float(change.iloc[0]["value"])
    elif np.isfinite(g[0]):
        start = v[0] / (1 + g[0] / 100)
    cagr = ((v[-1] / start) ** (1 / n) - 1) * 100 if start else np.nan
    for _, agg in rows[rows["row_type"].isin(["average", "total"])].iterrows():
        src = _hist_src(agg, file)
        if agg["row_type"] == "total" and pd.notna(agg["value"]):
            total = float(agg["value"])
            t_lo, t_hi = rounding_interval(np.array([total]), np.array([float(agg["value_decimals"])]))
            s_lo, s_hi = vl.sum(), vh.sum()
            ok = s_hi >= t_lo[0] and s_lo <= t_hi[0]
            code = "history-consistent" if ok else "history-total"
            out.append(_finding(
                code, ids, "exact" if abs(v.sum() - total) < 1e-9 else ("within-rounding" if ok else "inconsistent"),
                f"{series}: five-year total {total:g} (line {int(agg['line'])}) against the sum of the years {v.sum():.4g}"
                + ("" if ok else f" (at most [{s_lo:.4g}, {s_hi:.4g}] within rounding)") + ".",
                f"{series}：五年累计 {total:g}，各年合计 {v.sum():.4g}。",
                {"total": total, "sum_of_years": v.sum(), "sum_interval": [s_lo, s_hi]}, [src],
            ))  # fmt: skip
        if pd.notna(agg["growth"]):
            avg = float(agg["growth"])
            a_lo, a_hi = rounding_interval(np.array([avg]), np.array([float(agg["growth_decimals"])]))
            fits_gm = gm_hi >= a_lo[0] and gm_lo <= a_hi[0]
            c_txt = f"{cagr:.2f}%" if np.isfinite(cagr) else "not computable"
            fits_cagr = bool(np.isfinite(cagr) and round(cagr, 1) == round(avg, 1)) or bool(
                np.isfinite(cagr) and a_lo[0] - 0.05 <= cagr <= a_hi[0] + 0.05)
            values = {"stated_average_pct": avg, "geometric_mean_of_yearly_rates_pct": gm,
                      "geometric_mean_interval": [gm_lo, gm_hi], "level_cagr_pct": cagr,
                      "start_level": start}  # fmt: skip
            if fits_gm:
                out.append(_finding("history-consistent", ids, "within-rounding",
                                    f"{series}: the stated average {avg:g}% (line {int(agg['line'])}) matches the yearly rates "
                                    f"(geometric mean {gm:.2f}%).", f"{series}：年均增速 {avg:g}% 与各年增速一致。",
                                    values, [src]))  # fmt: skip
            elif fits_cagr:
                out.append(_finding(
                    "history-price-basis", ids, "different-basis",
                    f"{series}: the stated average {avg:g}% (line {int(agg['line'])}) is not the geometric mean of the yearly rates ({gm:.2f}%) "
                    f"but matches the growth of the levels ({c_txt} a year from {start:.4g}): it is computed on the "
                    f"levels' basis (current prices).",
                    f"{series}：年均增速 {avg:g}% 不是各年增速的几何平均（{gm:.2f}%），而与总量年均增长（{c_txt}）一致。",
                    values, [src],
                ))  # fmt: skip
            else:
                out.append(_finding(
                    "history-average", ids, "inconsistent",
                    f"{series}: the stated average {avg:g}% (line {int(agg['line'])}) matches neither the geometric mean of the yearly rates "
                    f"({gm:.2f}%, at most [{gm_lo:.2f}, {gm_hi:.2f}] within rounding) nor the growth of the levels "
                    f"({c_txt}).",
                    f"{series}：年均增速 {avg:g}% 与各年增速几何平均（{gm:.2f}%）和总量年均增长（{c_txt}）均不一致。",
                    values, [src], f"the yearly rates give {gm:.1f}%",
                ))  # fmt: skip
    for _, ch in rows[rows["row_type"] == "change"].iterrows():
        if pd.notna(ch["value"]) and pd.notna(ch["growth"]):
            rise = float(ch["value"])
            c_lo, c_hi = rounding_interval(np.array([rise]), np.array([float(ch["value_decimals"])]), "half-up")
            p_lo, p_hi = rounding_interval(np.array([float(ch["growth"])]), np.array([float(ch["growth_decimals"])]))
            base = v[-1] - rise
            pct = (v[-1] / base - 1) * 100
            lo = (vl[-1] / (vh[-1] - c_lo[0]) - 1) * 100  # smallest rise: low end, highest start
            hi = (vh[-1] / (vl[-1] - c_hi[0]) - 1) * 100
            ok = hi >= p_lo[0] and lo <= p_hi[0]
            out.append(_finding(
                "history-consistent" if ok else "history-growth-vs-levels", ids,
                "within-rounding" if ok else "inconsistent",
                f"{series}: {v[-1]:g} is {rise:g} above {base:.4g}, a rise of {pct:.2f}% against the "
                f"printed {float(ch['growth']):g}% (line {int(ch['line'])}).",
                f"{series}：{v[-1]:g} 比 {base:.4g} 增加 {rise:g}，增长 {pct:.2f}%，原文 {float(ch['growth']):g}%。",
                {"start_level": base, "rise_pct": pct, "printed_pct": float(ch["growth"]), "rise_interval": [lo, hi]},
                [_hist_src(ch, file)],
            ))  # fmt: skip
    return out


# -------------------------------------------------------------- 5. sums and shares
def _sum_finding(group: str, label: str, parts: np.ndarray, pdec: np.ndarray, total: float, tdec: int,
                 srcs: list[dict[str, Any]], mode: str, unit: str = "") -> Finding:  # fmt: skip
    lo, hi = rounding_interval(parts, pdec, mode)
    t_lo, t_hi = rounding_interval(np.array([total]), np.array([tdec]), mode)
    point = parts.sum()
    exact = bool(rounds_to(np.array([point]), np.array([total]), np.array([tdec]), mode)[0])
    ok = lo.sum() <= t_hi[0] + 1e-9 and hi.sum() >= t_lo[0] - 1e-9
    values = {"parts": parts.tolist(), "sum_of_parts": point, "total": total,
              "sum_interval": [lo.sum(), hi.sum()], "total_interval": [t_lo[0], t_hi[0]]}  # fmt: skip
    parts_txt = " + ".join(f"{p:g}" for p in parts)
    if exact:
        return _finding("sum-consistent", [group], "exact", f"{label}: {parts_txt} = {point:.6g} = {total:g}{unit}.",
                        f"{label}：{parts_txt} = {total:g}。", values, srcs)  # fmt: skip
    if ok:
        return _finding("sum-within-rounding", [group], "within-rounding",
                        f"{label}: {parts_txt} = {point:.6g}, printed total {total:g}{unit}; within rounding of the "
                        f"parts (their sum lies in [{lo.sum():.6g}, {hi.sum():.6g}]).",
                        f"{label}：{parts_txt} = {point:.6g}，合计 {total:g}，在舍入误差之内。", values, srcs)  # fmt: skip
    return _finding("sum-mismatch", [group], "inconsistent",
                    f"{label}: {parts_txt} = {point:.6g}, but the total is printed as {total:g}{unit} "
                    f"(difference {point - total:+.6g}; the parts allow [{lo.sum():.6g}, {hi.sum():.6g}]).",
                    f"{label}：{parts_txt} = {point:.6g}，与合计 {total:g} 不符（差 {point - total:+.6g}）。",
                    values, srcs, f"the parts add up to {point:.6g}")  # fmt: skip


def check_sums(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """Project counts and investment by breakdown; industry structure; zone areas and their shares."""
    out: list[Finding] = []
    pj = plan.projects
    if not pj.empty:
        file = plan.files["projects"].name
        total = pj[pj["breakdown"] == "total"]
        if len(total):
            t = total.iloc[0]
            for breakdown, rows in pj[pj["breakdown"] != "total"].groupby("breakdown", sort=False):
                srcs = [{"what": r["label"], "value": r["investment"], "section": r["section"], "text_line": r["line"],
                         "snippet": r["snippet"], "file": file, "file_line": r["csv_line"]}
                        for _, r in pd.concat([total, rows]).iterrows()]  # fmt: skip
                out.append(_sum_finding(f"projects-count-by-{breakdown}", f"project count by {breakdown}",
                                        rows["count"].to_numpy(dtype=float), np.zeros(len(rows)), float(t["count"]), 0,
                                        srcs, mode))  # fmt: skip
                out.append(_sum_finding(f"projects-investment-by-{breakdown}", f"project investment by {breakdown}",
                                        rows["investment"].to_numpy(dtype=float),
                                        rows["investment_decimals"].to_numpy(dtype=float), float(t["investment"]),
                                        int(t["investment_decimals"]), srcs, mode, " 亿元"))  # fmt: skip
    sums = plan.sums
    if sums.empty:
        return out
    file = plan.files["sums"].name
    for group, rows in sums.groupby("group", sort=False):
        srcs = [{"what": f"{r['role']} {r['label']}", "value": r["value"], "section": r["section"], "text_line": r["line"],
                 "snippet": r["snippet"], "file": file, "file_line": r["csv_line"]} for _, r in rows.iterrows()]  # fmt: skip
        check = rows["check"].iloc[0]
        parts = rows[rows["role"] == "part"]
        if check == "sum":
            total = rows[rows["role"] == "total"].iloc[0]
            out.append(_sum_finding(group, group, parts["value"].to_numpy(dtype=float),
                                    parts["decimals"].to_numpy(dtype=float), float(total["value"]),
                                    int(total["decimals"]), srcs, mode))  # fmt: skip
        elif check == "sum-to-100":
            out.append(_sum_finding(group, f"{group} (shares)", parts["value"].to_numpy(dtype=float),
                                    parts["decimals"].to_numpy(dtype=float), 100.0, 0, srcs, mode, "%"))  # fmt: skip
        else:  # shares-of-sum: each part's share of the parts' sum against its printed share
            shares = rows[rows["role"] == "share"].set_index("label").loc[parts["label"]]
            out.append(_sum_finding(f"{group}-shares", f"{group} (shares)", shares["value"].to_numpy(dtype=float),
                                    shares["decimals"].to_numpy(dtype=float), 100.0, 0, srcs, mode, "%"))  # fmt: skip
            val = parts["value"].to_numpy(dtype=float)
            vd = parts["decimals"].to_numpy(dtype=float)
            lo, hi = rounding_interval(val, vd, mode)
            computed = val / val.sum() * 100
            # a part's share is smallest when it is at its low end and the others at their high end
            c_lo = lo / (lo + (hi.sum() - hi)) * 100
            c_hi = hi / (hi + (lo.sum() - lo)) * 100
            s_val = shares["value"].to_numpy(dtype=float)
            s_lo, s_hi = rounding_interval(s_val, shares["decimals"].to_numpy(dtype=float), mode)
            bad = (c_hi < s_lo) | (c_lo > s_hi)
            for k in np.where(bad)[0]:
                out.append(_finding(
                    "share-mismatch", [group], "inconsistent",
                    f"{group} {parts['label'].iloc[k]}: {val[k]:g} of {val.sum():.6g} is {computed[k]:.2f}%, but the "
                    f"share is printed as {s_val[k]:g}%.",
                    f"{group} {parts['label'].iloc[k]}：{val[k]:g}/{val.sum():.6g} = {computed[k]:.2f}%，原文 {s_val[k]:g}%。",
                    {"part": val[k], "sum_of_parts": val.sum(), "computed_share_pct": computed[k],
                     "printed_share_pct": s_val[k], "share_interval": [c_lo[k], c_hi[k]]}, srcs,
                ))  # fmt: skip
    return out


# -------------------------------------------------------- 6. relations between indicators
def check_relations(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """Declared relations (sums, ratios), and targets met by their base or below the previous period."""
    from .projection import implied_baselines, project_wide

    ind = plan.indicators.set_index("id", drop=False)
    base_file = plan.files["baseline"].name
    out: list[Finding] = []
    for rel in plan.relations:
        rsrc = {"what": f"relation {rel['id']}", "value": None, "section": rel["source"]["section"],
                "text_line": rel["source"]["line"], "snippet": rel["source"]["snippet"],
                "file": plan.files["relations"].name, "file_line": rel["yaml_line"]}  # fmt: skip
        if rel["type"] == "sum":
            col, dcol = (("target", "target_decimals") if rel["of"] == "target" else ("base", "base_decimals"))
            parts = ind.loc[rel["parts"]]
            total = ind.loc[rel["total"]]
            srcs = [rsrc] + [_src_target(r) if col == "target" else _src_base(r, base_file)
                             for _, r in pd.concat([total.to_frame().T, parts]).iterrows()]  # fmt: skip
            f = _sum_finding(rel["id"], f"{total['name_en']} ({rel['of']})", parts[col].to_numpy(dtype=float),
                             parts[dcol].astype("Float64").fillna(0).to_numpy(dtype=float), float(total[col]),
                             _dec(total[dcol]), srcs, mode, f" {total['unit']}")  # fmt: skip
            out.append(Finding(**{**f.__dict__, "ids": (rel["total"], *rel["parts"])}))
            continue
        year = rel["year"]
        share = ind.loc[rel["share"]]
        wide = project_wide(plan, to=max(year, plan.base_year + 1), ids=[rel["numerator"], rel["denominator"]])
        num, den = (float(wide.iloc[k][year]) for k in (0, 1))
        computed = num / den * 100
        printed_col = "base" if year == plan.base_year else "target"
        printed = float(share[printed_col])
        pdec = _dec(share[f"{printed_col}_decimals"])
        p_lo, p_hi = rounding_interval(np.array([printed]), np.array([pdec]), mode)
        direction = share["direction"] if printed_col == "target" else "equal"
        if year == plan.base_year:
            nl, nh = rounding_interval(np.array([num]), np.array([_dec(ind.loc[rel["numerator"], "base_decimals"])]), mode)
            dl, dh = rounding_interval(np.array([den]), np.array([_dec(ind.loc[rel["denominator"], "base_decimals"])]), mode)
            c_lo, c_hi = nl[0] / dh[0] * 100, nh[0] / dl[0] * 100
        else:
            c_lo = c_hi = computed
        if direction == "at_least":
            ok = c_hi >= p_lo[0]
        elif direction == "at_most":
            ok = c_lo <= p_hi[0]
        else:
            ok = c_hi >= p_lo[0] and c_lo <= p_hi[0]
        srcs = [rsrc, _src_target(share) if printed_col == "target" else _src_base(share, base_file)]
        word = {"at_least": "at least ", "at_most": "at most "}.get(direction, "")
        values = {"year": year, "numerator": num, "denominator": den, "computed_share_pct": computed,
                  "computed_interval": [c_lo, c_hi], "printed_share_pct": printed, "direction": direction}  # fmt: skip
        text = (f"{year}: {ind.loc[rel['numerator'], 'name_en']} {num:.4g} / {ind.loc[rel['denominator'], 'name_en']} "
                f"{den:.4g} = {computed:.2f}% against {word}{printed:g}% ({share['name_en']})")
        text_zh = (f"{year} 年：{ind.loc[rel['numerator'], 'name']} {num:.4g} / {ind.loc[rel['denominator'], 'name']} "
                   f"{den:.4g} = {computed:.2f}%，对比{share['name']} {printed:g}%")
        if ok:
            extra = ""
            if direction == "at_least" and c_lo > p_hi[0]:
                extra = f"; the floor is exceeded by {computed - printed:.1f} points"
            out.append(_finding("ratio-consistent", [rel["share"], rel["numerator"], rel["denominator"]],
                                "within-rounding", text + extra + ".", text_zh + "，一致。", values, srcs))  # fmt: skip
        else:
            out.append(_finding("ratio-mismatch", [rel["share"], rel["numerator"], rel["denominator"]], "inconsistent",
                                text + f" (within rounding [{c_lo:.2f}, {c_hi:.2f}]%): the figures are on different "
                                "bases or one of them is wrong.", text_zh + "，不一致（口径不同或其中一个数字有误）。", values, srcs))  # fmt: skip

    # Targets already met by the base (vectorised), and five-year targets below the last five years.
    pathlike = ind["kind"].isin(["level", "share", "limit"])
    met = pathlike & ind["base"].notna() & ind["target"].notna() & (
        ((ind["direction"] == "at_least") & (ind["base"] > ind["target"]))
        | ((ind["direction"] == "at_most") & (ind["base"] < ind["target"]))
    )  # fmt: skip
    for _, row in ind[met].iterrows():
        out.append(_finding(
            "target-already-met", [row["id"]], "met-by-base",
            f"{row['name_en']}: the 2025 target {_fmt(row['target'], _dec(row['target_decimals']))} "
            f"({row['direction'].replace('_', ' ')}) is already met by the {plan.base_year} value "
            f"{_fmt(row['base'], _dec(row['base_decimals']))}.",
            f"{row['name']}：{plan.base_year} 年值 {_fmt(row['base'], _dec(row['base_decimals']))} 已达到 2025 年目标。",
            {"base": row["base"], "target": row["target"], "direction": row["direction"]},
            [_src_base(row, base_file), _src_target(row)],
        ))  # fmt: skip
    below = (ind["kind"] == "period_total") & (ind["direction"] != "at_most") & (ind["target"] < ind["base"])
    for _, row in ind[below].iterrows():
        out.append(_finding(
            "target-below-previous-period", [row["id"]], "below-previous",
            f"{row['name_en']}: the 2021-25 total {_fmt(row['target'], _dec(row['target_decimals']))} {row['unit']} is "
            f"{(1 - row['target'] / row['base']) * 100:.0f}% below the 2016-20 total "
            f"{_fmt(row['base'], _dec(row['base_decimals']))}.",
            f"{row['name']}：“十四五”累计目标低于“十三五”实际。",
            {"base": row["base"], "target": row["target"]}, [_src_base(row, base_file), _src_target(row)],
        ))  # fmt: skip
    for _, row in implied_baselines(plan).iterrows():
        main = ind.loc[row["id"]]
        out.append(_finding(
            "implied-baseline", [row["id"]], "implied",
            f"{main['name_en']}: no {plan.base_year} value is printed; the target {_fmt(row['target'], _dec(main['target_decimals']))} "
            f"and {main['growth_printed']} imply {row['implied_base']:.4g} {main['unit']}.",
            f"{main['name']}：规划未给出基期值，由目标与增速推算为 {row['implied_base']:.4g}。",
            {"target": row["target"], "implied_base": row["implied_base"]}, [_src_target(main)],
        ))  # fmt: skip
    return out


# ------------------------------------------------------------- 7. plausibility
def check_plausibility(plan: Plan, mode: str = "half-up") -> list[Finding]:
    """A continuation of the 2021-25 rule that crosses a natural bound before the horizon."""
    from .projection import project_wide

    wide = project_wide(plan, to=plan.horizon_year, scenario="continue")
    hit = wide[wide["saturates_in"].notna()]
    ind = plan.indicators.set_index("id", drop=False)
    out = []
    for _, row in hit.iterrows():
        main = ind.loc[row["id"]]
        bound = main["upper"] if row[plan.horizon_year] >= main["upper"] else main["lower"]
        out.append(_finding(
            "continuation-crosses-bound", [row["id"]], "crosses-bound",
            f"{main['name_en']}: carrying on {row['rule_en']} reaches the natural bound {bound:g} in "
            f"{int(row['saturates_in'])}; projections stop there.",
            f"{main['name']}：延续 {row['rule_zh']} 将于 {int(row['saturates_in'])} 年触及边界 {bound:g}。",
            {"saturates_in": int(row["saturates_in"]), "bound": bound}, [_src_target(main)],
        ))  # fmt: skip
    return out


# -------------------------------------------------------------------- running
FAMILIES = {
    "target-rule": check_target_rules,
    "cumulative": check_cumulative,
    "quotes": check_quotes,
    "history": check_history,
    "sums": check_sums,
    "relations": check_relations,
    "plausibility": check_plausibility,
}


def check_plan(plan: Plan, *, rounding: str = "half-up", select: list[str] | tuple[str, ...] | None = None,
               ignore: list[str] | tuple[str, ...] | None = None) -> Report:  # fmt: skip
    """Run every check family on ``plan`` and return a :class:`Report`.

    ``select`` / ``ignore`` take finding codes (see :data:`CODES`) or family names.
    ``rounding`` is how printed figures were rounded: half-up (default), half-even or truncate.
    """
    if rounding not in ROUNDING_MODES:
        raise ValueError(f"rounding must be one of {', '.join(ROUNDING_MODES)}")
    unknown = [c for c in (*(select or ()), *(ignore or ())) if c not in CODES and c not in FAMILIES]
    if unknown:
        from .errors import PlanError

        raise PlanError(f"unknown check code(s): {', '.join(unknown)}; see `lingyuan-targets check --list-codes`")
    results: list[Finding] = []
    for family, run in FAMILIES.items():
        results += run(plan, rounding)
    if select:
        results = [f for f in results if f.code in select or f.family in select]
    if ignore:
        results = [f for f in results if f.code not in ignore and f.family not in ignore]
    order = {s: i for i, s in enumerate((*SEVERITIES, "pass"))}
    results.sort(key=lambda f: order[f.severity])  # stable: families keep their order within a severity
    return Report(plan=plan.id, rounding=rounding, results=tuple(results))

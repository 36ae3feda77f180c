"""Rules in words: the plan-period rule of each indicator, in English and in Chinese.

The arithmetic (:mod:`.projection`) resolves each rule into a mode and numbers;
this module only writes them out, once per distinct rule.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..plan.arrays import filled


def _fmt(x: float, digits: int = 2) -> str:
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


IMPLIED_EN, IMPLIED_ZH = " from an implied base", "（基期值由目标和增速推算）"


def _distinct(build: Callable[..., tuple[str, str]], *columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``build(*values)`` → (English, Chinese) once per distinct combination of the columns' values, spread back
    to every row: a stack of plans repeats a few hundred rules over 100,000 rows. Values equal under ``==`` are
    one value (0.0 and -0.0; ``build`` must not tell them apart), and so is NaN."""
    key = np.zeros(len(columns[0]), dtype=np.intp)
    for column in columns:
        codes, uniques = pd.factorize(np.asarray(column), use_na_sentinel=False)
        key, _ = pd.factorize(key * len(uniques) + codes)  # renumbered: the product of the counts could overflow
    first = np.empty(key.max() + 1 if len(key) else 0, dtype=np.intp)
    first[key[::-1]] = np.arange(len(key))[::-1]  # each combination's first row
    texts = [build(*(column[i] for column in columns)) for i in first.tolist()]
    en = np.array([t[0] for t in texts], dtype=object)
    zh = np.array([t[1] for t in texts], dtype=object)
    return en[key], zh[key]


def rule_words(r: pd.DataFrame, ind: pd.DataFrame, base_year: int, target_year: int) -> tuple[np.ndarray, np.ndarray]:
    """Each rule of :func:`~lingyuan_targets.engine.projection.rules` in words, English and Chinese.

    ``r`` holds the resolved rules (``mode``, ``rate``, ``step``, ``flow``, ``target``,
    ``base``, ``start_implied``, ``source_rule``), ``ind`` the indicator rows (unit,
    kind, reading, direction). Vectorised: a stack of plans has 100,000 rules, and
    each distinct rule is put in words once.
    """
    period = f"{base_year + 1}–{target_year}"
    mode = r["mode"].to_numpy(dtype=object)
    k = len(mode)
    en, zh = filled(k, ""), filled(k, "")
    implied = r["start_implied"].to_numpy(dtype=bool)
    by_target = r["source_rule"].to_numpy(dtype=object) == "implied by base and target"
    unit = ind["unit"].to_numpy(dtype=object)
    unit_en = ind["unit_en"].to_numpy(dtype=object)
    unit_en = np.where(pd.isna(unit_en) | (unit_en == ""), unit, unit_en)  # the Chinese unit where none in English
    unit, unit_en = np.where(pd.isna(unit), "", unit), np.where(pd.isna(unit_en), "", unit_en)
    target, base = r["target"].to_numpy(dtype=float), r["base"].to_numpy(dtype=float)

    geo = mode == "geometric"
    if geo.any():
        en[geo], zh[geo] = _distinct(lambda bt, rate, imp: (
            ("implied by target " if bt else "compound ") + _fmt(rate, 2) + "%/yr" + (IMPLIED_EN if imp else ""),
            ("按目标推算 " if bt else "年均 ") + _fmt(rate, 2) + "%" + (IMPLIED_ZH if imp else "")),
            by_target[geo], r["rate"].to_numpy(dtype=float)[geo], implied[geo])  # fmt: skip
    lin = mode == "linear"
    if lin.any():
        points = ((ind["kind"].to_numpy(dtype=object) == "share")
                  | (ind["growth_reading"].to_numpy(dtype=object) == "points"))[lin]  # fmt: skip

        def linear(bt: bool, step: float, pts: bool, u_en: str, u_zh: str, imp: bool) -> tuple[str, str]:
            amount = ("+" if step >= 0 else "") + _fmt(step, 3)
            return (("implied by target " if bt else "") + amount + " " + ("pt" if pts else u_en) + "/yr"
                    + (IMPLIED_EN if imp else ""),
                    ("按目标推算 " if bt else "") + "每年 " + amount + " " + ("个百分点" if pts else u_zh)
                    + (IMPLIED_ZH if imp else ""))  # fmt: skip

        en[lin], zh[lin] = _distinct(linear, by_target[lin], r["step"].to_numpy(dtype=float)[lin], points,
                                     unit_en[lin], unit[lin], implied[lin])  # fmt: skip
    tot = mode == "period_total"
    if tot.any():
        en[tot], zh[tot] = _distinct(lambda t, f: (
            "period total " + _fmt(t, 4) + f" over {period}, " + _fmt(f, 4) + "/yr",
            "期内累计 " + _fmt(t, 4) + "，每年 " + _fmt(f, 4)), target[tot], r["flow"].to_numpy(dtype=float)[tot])  # fmt: skip
    chg = mode == "period_change"
    if chg.any():
        en[chg], zh[chg] = _distinct(lambda t: ("change of " + _fmt(t, 4) + f"% over {period}",
                                                "期内变动 " + _fmt(t, 4) + "%"), target[chg])  # fmt: skip
    hold = mode == "hold"
    if hold.any():
        words = {"at_least": ("at least", "不低于"), "at_most": ("at most", "不高于")}
        high = (ind["target_high"].to_numpy(dtype=float) if "target_high" in ind else np.full(len(ind), np.nan))[hold]

        def held(d: str, level: float, top: float) -> tuple[str, str]:
            if d == "range" and not np.isnan(top):  # 1至2名: between the two printed figures
                return ("limit: between " + _fmt(level, 4) + " and " + _fmt(top, 4),
                        "限值：保持在 " + _fmt(level, 4) + "–" + _fmt(top, 4))  # fmt: skip
            return ("limit: " + words.get(d, ("hold", "保持"))[0] + " " + _fmt(level, 4),
                    "限值：" + words.get(d, ("hold", "保持"))[1] + " " + _fmt(level, 4))  # fmt: skip

        en[hold], zh[hold] = _distinct(held, ind["direction"].to_numpy(dtype=object)[hold],
                                       np.where(np.isnan(target[hold]), base[hold], target[hold]), high)  # fmt: skip
    none = mode == "none"
    if none.any():
        no_target = np.isnan(target[none])
        en[none] = np.where(no_target, "no path: the plan states no target", "no path: the plan states no base or rate")
        zh[none] = np.where(no_target, "无路径：规划未给出目标", "无路径：规划未给出基期值或增速")
    return en, zh

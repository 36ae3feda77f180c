"""The baseline the benchmark compares against: check and project, one indicator at a time, in plain Python.

``reference_loop(parse_rows(rows))`` takes the rows of a plans table (dicts of
text, as ``csv.DictReader`` gives them) with their printed numbers read
(``parse_rows``: value and decimals, as loading does for the engine; the
benchmark times the loop alone, as it times the engine after loading) and does
the arithmetic that ``check`` and ``project --to 2035`` do on such a plans
table, written as a straightforward loop over indicators and years with Python
floats, the text fields compared as text:

* each printed number's rounding interval (half up: x ± half a unit of its last place);
* the target against its stated rule (annual compounding, a relative, point or
  absolute 累计 change): the point value and whether it prints as the target,
  the reachable interval, and whether growth one printed unit off would pass too;
* each 累计 figure under every reading (relative, points, absolute);
* targets already met by the base, five-year totals below the last five years;
* each indicator's rule (compound, linear, period total, period change, hold),
  its year-by-year values 2020–2035 continuing the rule after 2025, clipped to
  the natural bounds of its kind, and the first year a bound is crossed.

It covers the plans tables the benchmark generates
(``lingyuan_targets.synthetic``): every row has a base, years 2020/2025/2035,
bounds by kind (no ``lower``/``upper`` columns), plain numbers, half-up
rounding, no ``growth_printed``. The engine does more than this loop on other
tables (a base implied by target and rule, bounds of one's own, other years,
full-width digits and thousands separators, a 累计 figure printed with % but
read as an absolute change, truncating or half-even rounding).

It returns the results as ``(plan, id, code, verdict)`` and the projected
values, so the benchmark (and ``tests/test_reference_loop.py``) can show that
it computes what the engine computes. It builds no text, no findings and no
tables: those are work the engine does on top of the arithmetic.
"""

from __future__ import annotations

import math
from typing import Any

from lingyuan_targets.plan.vocabulary import DEFAULT_BOUNDS, PERCENT_UNITS

#: the natural bounds of each kind (the data, not the arithmetic, is shared with the engine); None is unbounded
BOUNDS = {kind: (-math.inf if low is None else low, math.inf if high is None else high)
          for kind, (low, high) in DEFAULT_BOUNDS.items()}  # fmt: skip


def _number(text: str) -> tuple[float, int]:
    """A printed number and its decimals ("150.2" → (150.2, 1)); "" → (nan, 0)."""
    text = text.strip().rstrip("%")
    if not text:
        return math.nan, 0
    return float(text), len(text.partition(".")[2])


def parse_rows(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The rows with each printed number read into a value and its decimals: ``base`` → ``b, bd``,
    ``target`` → ``t, td``, ``growth_value`` → ``g, gd`` (the other fields stay text)."""
    out = []
    for row in rows:
        (b, bd), (t, td), (g, gd) = (_number(row[k]) for k in ("base", "target", "growth_value"))
        out.append({**row, "b": b, "bd": bd, "t": t, "td": td, "g": g, "gd": gd})
    return out


def _interval(x: float, decimals: int) -> tuple[float, float]:
    h = 0.5 * 10.0**-decimals
    return round(x - h, 12), round(x + h, 12)


def _prints_as(value: float, printed: float, decimals: int) -> bool:
    """Half-up rounding of ``value`` to ``decimals`` gives ``printed`` (binary noise below 1e-6 of a unit ignored)."""
    if not math.isfinite(value):
        return False
    scale = 10.0**decimals
    scaled = round(value * scale, 6)
    rounded = math.copysign(math.floor(abs(scaled) + 0.5), scaled)
    return abs(rounded - round(printed * scale, 6)) <= 1e-6


def _apply(reading: str, base: float, g: float, n: int) -> float:
    if reading == "annual":
        return base * (1 + g / 100) ** n
    if reading == "relative":
        return base * (1 + g / 100)
    return base + g


def _readings(base: float, c: float, percent: bool) -> dict[str, float]:
    return {"relative": base * (1 + c / 100), "points": base + c if percent else math.nan,
            "absolute": math.nan if percent else base + c}  # fmt: skip


def _fits(bl: float, bh: float, cl: float, ch: float, tl: float, th: float, percent: bool) -> dict[str, bool]:
    lo, hi = _readings(bl, cl, percent), _readings(bh, ch, percent)
    return {k: hi[k] >= tl and lo[k] <= th for k in lo}  # NaN compares False


def reference_loop(rows: list[dict[str, Any]], base_year: int = 2020, target_year: int = 2025,
                   horizon: int = 2035) -> tuple[list[tuple[str, str, str, str]], list[list[float]]]:  # fmt: skip
    n = target_year - base_year
    years = horizon - base_year + 1
    verdicts: list[tuple[str, str, str, str]] = []
    paths: list[list[float]] = []
    for row in rows:
        plan, ident, kind = row["plan"], row["id"], row["kind"]
        unit, direction = row["unit"], row["direction"]
        basis, declared = row["growth_basis"], row.get("growth_reading", "")
        b, bd, t, td, g, gd = row["b"], row["bd"], row["t"], row["td"], row["g"], row["gd"]
        percent = unit in PERCENT_UNITS
        has_b, has_t = not math.isnan(b), not math.isnan(t)

        # 1. the target against its stated rule
        reading = "annual" if basis == "annual" else declared
        if kind in ("level", "share") and has_b and has_t and reading in ("annual", "relative", "points", "absolute"):
            bl, bh = _interval(b, bd)
            tl, th = _interval(t, td)
            gl, gh = _interval(g, gd)
            calc = _apply(reading, b, g, n)
            lo, hi = _apply(reading, bl, gl, n), _apply(reading, bh, gh, n)
            unit_step = 10.0**-gd
            coarse = all(_apply(reading, bh, gh + s, n) >= tl and _apply(reading, bl, gl + s, n) <= th
                         for s in (-unit_step, unit_step))  # fmt: skip
            if _prints_as(calc, t, td):
                code, verdict = "target-rule-exact", "exact"
            elif hi >= tl - 1e-12 and lo <= th + 1e-12:
                code, verdict = "target-rule-within-rounding", "within-rounding"
            else:
                code, verdict = "target-rule-inconsistent", "inconsistent"
            if coarse and verdict != "inconsistent":
                code, verdict = "check-too-coarse", "vacuous"
            verdicts.append((plan, ident, code, verdict))

        # 2. the reading of a 累计 figure
        if basis == "cumulative" and has_b and has_t:
            bl, bh = _interval(b, bd)
            tl, th = _interval(t, td)
            gl, gh = _interval(g, gd)
            unit_step = 10.0**-gd
            point = _readings(b, g, percent)
            loose = _fits(bl, bh, gl, gh, tl, th, percent)
            below = _fits(bl, bh, gl - unit_step, gh - unit_step, tl, th, percent)
            above = _fits(bl, bh, gl + unit_step, gh + unit_step, tl, th, percent)
            fits = {k: _prints_as(point[k], t, td) or (loose[k] and not (below[k] and above[k])) for k in point}
            if fits.get(declared, False):
                code = "cumulative-reading"
                verdict = "exact" if _prints_as(point[declared], t, td) else "within-rounding"
            elif any(fits.values()):
                code, verdict = "cumulative-reading-differs", "within-rounding"
            elif any(loose.values()):
                code, verdict = "cumulative-reading-coarse", "vacuous"
            else:
                code, verdict = "cumulative-no-reading", "inconsistent"
            verdicts.append((plan, ident, code, verdict))

        # 3. each indicator against itself
        if kind in ("level", "share", "limit") and has_b and has_t and (
                (direction == "at_least" and b > t) or (direction == "at_most" and b < t)):  # fmt: skip
            verdicts.append((plan, ident, "target-already-met", "met-by-base"))
        if kind == "period_total" and direction != "at_most" and t < b:
            verdicts.append((plan, ident, "target-below-previous-period", "below-previous"))

        # 4. the rule, and its values year by year to the horizon (continuing the rule after the target year)
        mode, factor, step = "none", math.nan, math.nan
        if kind in ("level", "share") and has_b:
            if basis == "annual":
                mode, factor = "geometric", 1 + g / 100
            elif basis == "cumulative" and declared == "relative":
                mode, factor = "geometric", (1 + g / 100) ** (1 / n)
            elif basis == "cumulative" and declared in ("points", "absolute"):
                mode, step = "linear", g / n
            elif has_t and kind == "level" and b > 0 and t > 0:
                mode, factor = "geometric", (t / b) ** (1 / n)
            elif has_t and kind == "share":
                mode, step = "linear", (t - b) / n
        elif kind in ("period_total", "period_change") and has_t:
            mode = kind
        elif kind == "limit" and (has_t or has_b):
            mode = "hold"
        low, high = BOUNDS[kind]
        path = []
        saturates = 0
        for year in range(years):
            in_period = (year - 1) % n + 1
            if year == 0:
                v = b
            elif mode == "geometric":
                v = b * factor**year if year <= n else b * factor**n * factor ** (year - n)
            elif mode == "linear":
                v = b + step * year if year <= n else (b + step * n) + step * (year - n)
            elif mode == "period_total":
                v = t / n * in_period
            elif mode == "period_change":
                v = 100.0 * (1.0 - (1.0 - t / 100.0) ** (in_period / n)) if percent else t * in_period / n
            elif mode == "hold":
                v = b if math.isnan(t) else t
            else:
                v = t if year == n else math.nan
            if v > high + 1e-9 or v < low - 1e-9:
                saturates = saturates or base_year + year
                v = min(max(v, low), high)
            path.append(v)
        if saturates:
            verdicts.append((plan, ident, "continuation-crosses-bound", "crosses-bound"))
        paths.append(path)
    return verdicts, paths

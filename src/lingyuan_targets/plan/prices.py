"""The prices a level's planned rate is at: declared by the plan files, else inferred from what the indicator is."""

from __future__ import annotations

import re

import pandas as pd

#: names of quantities Chinese plans grow at comparable prices (GDP and value added), when a file does not say
_REAL = re.compile(r"生产总值|增加值|GDP|gross (?:regional|domestic) product|value added", re.IGNORECASE)


def price_bases(indicators: pd.DataFrame) -> dict[str, tuple[str | None, bool]]:
    """Each level indicator's price basis and whether it was inferred: as declared (``prices``), else comparable for
    GDP and value added, current for other money amounts (a unit in 元), none for the rest."""
    out: dict[str, tuple[str | None, bool]] = {}
    declared = indicators["prices"] if "prices" in indicators else pd.Series(None, index=indicators.index)
    for ident, kind, name, name_en, unit, given in zip(indicators["id"], indicators["kind"], indicators["name"],
                                                       indicators["name_en"], indicators["unit"], declared):  # fmt: skip
        if isinstance(given, str) and given:
            out[ident] = (given, False)
        elif kind != "level":
            out[ident] = (None, False)
        elif _REAL.search(f"{name} {name_en if isinstance(name_en, str) else ''}"):
            out[ident] = ("comparable", True)
        else:
            out[ident] = ("current", True) if "元" in str(unit) else (None, False)
    return out

"""'Did you mean …?' for a name the user typed: an id, a scenario, a check code.

Matching ignores case, full-width forms, spaces and ``_`` against ``-`` (``GDP``,
``rural_income``), then falls back on the closest spelling (``gpd`` → ``gdp``).

>>> closest("Rural_Income", ["gdp", "rural-income"])
'rural-income'
>>> closest("gpd", ["gdp", "pm25"])
'gdp'
>>> unknown_list(["gpd", "zzz"], ["gdp", "pm25"])
"gpd (did you mean 'gdp'?), zzz"
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip().replace("_", "-").replace(" ", "-")


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely means, or None when none is close."""
    by_norm: dict[str, str] = {}
    for choice in choices:
        by_norm.setdefault(_norm(choice), choice)
    key = _norm(word)
    if key in by_norm:
        return by_norm[key]
    near = difflib.get_close_matches(key, list(by_norm), n=1, cutoff=0.6)
    return by_norm[near[0]] if near else None


def unknown_list(words: Iterable[str], choices: Iterable[str]) -> str:
    """``words`` joined for a message, each with its "did you mean" where one is close."""
    options = list(choices)
    out = []
    for word in words:
        match = closest(word, options)
        out.append(f"{word} (did you mean {match!r}?)" if match is not None and match != word else word)
    return ", ".join(out)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'gdp'?"`` for a message, or ``""`` when no choice is close."""
    match = closest(word, choices)
    return f"; did you mean {match!r}?" if match is not None and match != word else ""

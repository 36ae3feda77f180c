"""Reading an actuals frame (:func:`lingyuan_targets.io.actuals.read_actuals`): the latest value, a year's value."""

from __future__ import annotations

import numpy as np
import pandas as pd


def latest(actuals: pd.DataFrame, as_of: int | None = None) -> pd.DataFrame:
    """The last observed value of each indicator (up to ``as_of`` when given)."""
    rows = actuals if as_of is None else actuals[actuals["year"] <= as_of]
    return rows.groupby("id", sort=False).tail(1).set_index("id")


def value_in(actuals: pd.DataFrame, ids: np.ndarray, year: int) -> np.ndarray:
    """Each indicator's actual in ``year`` (NaN where there is none)."""
    rows = actuals[actuals["year"] == year].set_index("id")["value"]
    return rows.reindex(ids).to_numpy(dtype=float)

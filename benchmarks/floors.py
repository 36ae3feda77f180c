"""The floors bench_scale.py measures the tool against: what reading a plans table and writing an output of the
same size costs with the fastest tools at hand, each run as a process of its own, as the tool is.

    python benchmarks/floors.py check TABLE DOCUMENT OUT     # read TABLE (pandas' C parser), write DOCUMENT as OUT
    python benchmarks/floors.py polars TABLE OUT              # read TABLE, compound 2020-2035, write the csv (polars)
    python benchmarks/floors.py polars TABLE.parquet OUT.parquet   # the same from Parquet to Parquet

``check``: the floor of ``check --plan TABLE -f json -o OUT``. It imports pandas (the tool needs it), reads the
table with pandas' C parser, as text, and writes the JSON document the tool wrote (read from DOCUMENT: about 1% of
the time) with the standard library's encoder, indented as the tool's (whose bytes, floats in Python's shortest
round-trip form, are that encoder's).

``polars``: the script of the issue: polars reads the table, compounds each indicator from its base at its annual
rate (levels) or on a straight line to its target (the others), 2020 to 2035, and writes the csv. It does a
fraction of the tool's work (no rule text, no scenarios, no bounds, no checks of the rows), which is the point of a
floor. polars is a benchmark extra: ``pip install polars``. Given a ``.parquet`` table it reads it (every column
text, as the tool's tables are written) and, for an ``OUT`` ending in ``.parquet``, writes Parquet (zstd, as the
tool does).
"""

from __future__ import annotations

import sys


def check_floor(table: str, document: str, out: str) -> None:
    import json

    import pandas as pd

    pd.read_csv(table, dtype=object, keep_default_na=False, na_filter=False)
    with open(document, encoding="utf-8") as fh:
        doc = json.load(fh)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def polars_floor(table: str, out: str) -> None:
    import polars as pl

    frame = pl.read_parquet(table) if table.endswith(".parquet") else pl.read_csv(table, infer_schema=False)
    base = pl.col("base").cast(pl.Float64, strict=False)
    target = pl.col("target").cast(pl.Float64, strict=False)
    rate = pl.col("growth_value").cast(pl.Float64, strict=False) / 100
    annual = (pl.col("kind") == "level") & (pl.col("growth_basis") == "annual")
    years = [
        pl.when(annual).then(base * (1 + rate) ** k).otherwise(base + (target - base) * (k / 5)).alias(str(2020 + k))
        for k in range(16)
    ]
    result = frame.select("plan", "id", "name", "unit", "kind", *years)
    if out.endswith(".parquet"):
        result.write_parquet(out, compression="zstd")
    else:
        result.write_csv(out)


if __name__ == "__main__":
    what, *args = sys.argv[1:]
    {"check": check_floor, "polars": polars_floor}[what](*args)

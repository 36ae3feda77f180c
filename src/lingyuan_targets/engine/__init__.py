"""The arithmetic: projections, the 2035 outlook, progress against actuals, many plans at once.

Vectorised over indicators (and over plans, through :mod:`lingyuan_targets.plan.stacks`).
It returns frames and arrays with codes; the words that explain them are kept in
tables of templates beside the arithmetic, never built inside it.
"""

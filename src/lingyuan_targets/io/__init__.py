"""Reading input: text files and their encodings, YAML, CSV, plan directories, plans tables and actuals.

Everything read is checked: every problem is collected with its file, line, field
and code (:mod:`lingyuan_targets.plan.problems`). Readers build the plan model
(:mod:`lingyuan_targets.plan`) and import nothing from the layers above.
"""

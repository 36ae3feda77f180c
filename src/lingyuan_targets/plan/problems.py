"""The codes of problems with input (``validate``, and the errors of every command), each with a title.

Codes are stable: scripts and CI select on them (``validate -f json``). Every
:class:`~lingyuan_targets.plan.errors.PlanError` carries one of these; a test
checks that every code the package raises is here, and ``docs/validation.md``
lists them from this table. The codes of ``check`` findings are registered beside
their check families (:data:`lingyuan_targets.checks.codes.CODES`).
"""

from __future__ import annotations

#: code → (group, title)
PROBLEMS: dict[str, tuple[str, str]] = {
    # reading a file
    "file-not-found": ("file", "the file or directory does not exist"),
    "not-a-file": ("file", "a directory where a file is expected"),
    "special-file": ("file", "a FIFO, a device or a socket where a regular file is expected"),
    "symlink-loop": ("file", "a symbolic link that leads, through links, back to itself"),
    "name-too-long": ("file", "a file name or path longer than the operating system allows"),
    "not-a-directory": ("file", "a file where a plan directory is expected"),
    "permission-denied": ("file", "the file cannot be read with the user's permissions"),
    "unreadable": ("file", "the file cannot be read (an error of the operating system)"),
    "file-too-large": ("file", "the file is larger than the limit for its kind"),
    "file-exists": ("file", "a file a command would create exists already (it is never overwritten)"),
    "empty-file": ("file", "the file is empty"),
    "binary-file": ("file", "the file holds binary data or control characters, not text"),
    "encoding": ("file", "the file's encoding cannot be read (not UTF-8, not GB18030, or not the one named)"),
    # YAML
    "yaml-syntax": ("yaml", "the YAML cannot be parsed"),
    "yaml-alias": ("yaml", "a YAML alias (*name); plan files do not use them"),
    "yaml-tag": ("yaml", "a YAML tag that would build an object (!!python/…)"),
    "yaml-duplicate-key": ("yaml", "a key given twice in one mapping"),
    "yaml-number": ("yaml", "a YAML number that cannot be read as a decimal"),
    "yaml-too-deep": ("yaml", "the YAML is nested too deep"),
    # CSV
    "csv-header": ("csv", "the header lacks a required column or repeats one"),
    "csv-ragged": ("csv", "a row has more or fewer fields than the header"),
    "csv-syntax": ("csv", "the CSV cannot be parsed (an unclosed quote)"),
    # fields and values
    "missing-field": ("field", "a required field or value is missing"),
    "unknown-field": ("field", "a field the format does not have (often a typo)"),
    "wrong-type": ("field", "a value of the wrong type (text for a number, a list for a mapping)"),
    "not-allowed": ("field", "a value outside the field's allowed values"),
    "not-integer": ("field", "a whole number is expected"),
    "bad-number": ("field", "a cell that cannot be read as a number"),
    "not-finite": ("field", "a number that is infinite or not a number"),
    "out-of-range": ("field", "a number or year beyond the range the tool accepts"),
    "out-of-bounds": ("field", "a value outside its natural bounds, or a rate that is not possible"),
    "not-positive": ("field", "a base that is not positive where growth compounds"),
    "year-order": ("field", "years out of order, or outside the plan's period"),
    "invalid-entry": ("field", "an entry that cannot be used for another reason (the message says which)"),
    "unknown-phrase": ("field", "a printed rule or target the tool cannot read (the message quotes it)"),
    "printed-mismatch": ("field", "a printed rule or target that says something else than the fields beside it"),
    # references between records
    "duplicate-id": ("reference", "an id given twice (an indicator, a baseline row, an actual, a plan)"),
    "unknown-id": ("reference", "an indicator id the plan does not define"),
    "bad-reference": ("reference", "a relation names an indicator the plan does not define"),
    "unit-mismatch": ("reference", "the baseline's unit differs from the indicator's"),
    "missing-baseline": ("reference", "an indicator without a row in the baseline file"),
    "missing-total": ("reference", "a breakdown or sum without exactly one total row"),
    "plan-invalid": ("reference", "an actuals file that cannot be checked because its plan is not valid"),
    # what a caller asks for
    "unknown-scenario": ("request", "a scenario name that is neither defined nor rate:X"),
    "unknown-code": ("request", "a check code or family that does not exist"),
    "bad-grid": ("request", "a grid of rates that cannot be read or is too large"),
    "invalid": ("request", "a value that cannot be used (the message says why)"),
}

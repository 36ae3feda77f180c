"""What each command shows, as data: tables, lists of findings, documents and figures (:mod:`.table`).

Views are built from the core's results and the user's language; they choose
columns, headers, labels and display precision, never a format. The output
layer renders them.
"""

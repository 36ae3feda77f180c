"""The plan as data: the model, its vocabulary, typed arrays, printed numbers and rounding, and errors.

The bottom layer: it reads no file and imports nothing else of the package.
"""

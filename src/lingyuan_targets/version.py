"""The package's version: from the file the build writes (``_version.py``), else the installed metadata."""

from __future__ import annotations


def read_version() -> str:
    """The version string (``0+unknown`` in a source tree that was never installed)."""
    try:
        from ._version import __version__ as written  # type: ignore[import-not-found, unused-ignore]

        return str(written)
    except ImportError:
        pass
    from importlib.metadata import PackageNotFoundError, version  # ~50 ms: only when the file is missing

    try:
        return version("lingyuan-targets")
    except PackageNotFoundError:
        return "0+unknown"

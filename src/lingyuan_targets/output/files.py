"""Writing a file atomically: through a temporary file in the same directory and a rename, never over an input."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """The output cannot be written (the message names the file and why)."""


def write_atomic(path: Path, text: str | bytes, protected: list[Path] | tuple[Path, ...] = ()) -> None:
    """Write ``text`` (or bytes) to ``path`` through a temporary file and a rename; never over a ``protected`` file."""
    target = path.resolve()
    if any(target == p.resolve() for p in protected):
        raise OutputError(f"{path}: refusing to overwrite an input file")
    directory = target.parent
    if not directory.is_dir():
        raise OutputError(f"{path}: directory {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        # mkstemp makes the file private; give it the mode a plain write would (or the old file's)
        umask = os.umask(0)
        os.umask(umask)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None

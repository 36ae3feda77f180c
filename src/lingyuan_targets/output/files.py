"""Writing a file atomically: through a temporary file in the same directory and a rename, never over an input.

Only regular files are written: ``-o`` onto a device (``/dev/null``), a FIFO, a socket or a directory is refused,
since a rename would replace the node itself with a regular file; a file the user may not write is refused unless
``force`` (as a shell's ``>`` does; a file no one may write is refused for root too). The temporary file is removed when the write fails or is interrupted
(Ctrl-C, SIGTERM, SIGHUP), and every failure is one line naming the file and the reason.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .escape import one_line


class OutputError(Exception):
    """The output cannot be written (the message names the file and why)."""


#: what a node that is not a regular file is called in a message
_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))  # fmt: skip
#: reasons in plain words, where the operating system's are terse or missing
_REASONS = {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "disk quota exceeded",
            errno.EACCES: "permission denied", errno.EPERM: "operation not permitted",
            errno.ENAMETOOLONG: "file name too long", errno.EROFS: "read-only file system",
            errno.ELOOP: "symbolic link loop", errno.ENOTDIR: "a part of the path is not a directory"}  # fmt: skip


def shown(path: str | os.PathLike[str], limit: int = 160) -> str:
    """A path for a one-line message: control characters visible, and a very long path shortened in the middle."""
    text = one_line(path)
    return text if len(text) <= limit else f"{text[: limit // 2 - 1]}…{text[-(limit // 2) :]}"


def reason(exc: BaseException) -> str:
    """An operating-system error in plain words."""
    if isinstance(exc, OSError):
        return _REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__
    return "symbolic link loop" if "loop" in str(exc).lower() else "cannot be resolved"


def write_atomic(path: Path, text: str | bytes | Callable[[BinaryIO], None],
                 protected: list[Path] | tuple[Path, ...] = (), *, force: bool = False) -> None:  # fmt: skip
    """Write ``text`` (or bytes, or what a function writes to the open file) to ``path`` through a temporary file and a
    rename; never over a ``protected`` file, never onto anything but a regular file, over a read-only file only with
    ``force``."""
    try:
        target = path.resolve()
        if any(target == p.resolve() for p in protected):
            raise OutputError(f"{shown(path)}: refusing to overwrite an input file")
        try:
            st = os.stat(target)
        except FileNotFoundError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
            raise OutputError(f"{shown(path)}: is {kind}; -o writes regular files only"
                              + (" (leave out -o to write to standard output)" if not stat.S_ISDIR(st.st_mode) else ""))  # fmt: skip
        # read-only: no write permission for this user, or none for anyone (root may write it, a script should not)
        if st is not None and not force and (not os.access(target, os.W_OK) or not st.st_mode & 0o222):
            raise OutputError(f"{shown(path)}: the file is read-only (--force replaces it)")
        directory = target.parent
        if not directory.is_dir():
            raise OutputError(f"{shown(path)}: directory {shown(directory)} does not exist")
        with _removed_on_signal():
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp", dir=directory)
            try:
                with os.fdopen(fd, "wb") as handle:
                    if callable(text):
                        text(handle)
                    else:
                        handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
                # mkstemp makes the file private; give it the mode a plain write would (or the old file's)
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, st.st_mode & 0o777 if st is not None else 0o666 & ~umask)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
    except (OSError, RuntimeError) as exc:  # RuntimeError: Path.resolve's symbolic link loop (before 3.13)
        raise OutputError(f"{shown(path)}: cannot write: {reason(exc)}") from None


class _Interrupted(BaseException):
    """A termination signal during a write: raised so the temporary file is removed, then the signal's exit."""


@contextmanager
def _removed_on_signal() -> Iterator[None]:
    """While the body runs, SIGTERM and SIGHUP raise (so ``finally`` and ``except`` clean up) instead of ending the
    process at once; afterwards the process ends as the signal asked (status 128 + its number)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def handler(signum: int, _frame: object) -> None:
        caught.append(signum)
        raise _Interrupted

    wanted = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]
    old = {s: signal.signal(s, handler) for s in wanted}
    try:
        yield
    except _Interrupted:
        pass
    finally:
        for s, previous in old.items():
            signal.signal(s, previous)
    if caught:
        raise SystemExit(128 + caught[0])


def write_tree(directory: Path, files: dict[str, str], *, force: bool = False,
               protected: list[Path] | tuple[Path, ...] = ()) -> None:  # fmt: skip
    """Write a directory of ``files`` (relative path → text) all at once: into a temporary directory beside it,
    then one rename. An existing directory is replaced only with ``force`` (and never one holding a ``protected``
    file); an interruption or an error leaves no half-written directory and the old one as it was."""
    import shutil

    try:
        target = Path(os.path.abspath(directory))
        if os.path.lexists(target):
            if os.path.islink(target):
                raise OutputError(f"{shown(directory)}: is a symbolic link; give the directory's own path")
            if not target.is_dir():
                raise OutputError(f"{shown(directory)}: exists and is not a directory")
            real = Path(os.path.realpath(target))
            for p in protected:  # through symbolic links too: the input's real place
                if Path(os.path.realpath(p)).is_relative_to(real) or Path(os.path.abspath(p)).is_relative_to(target):
                    raise OutputError(f"{shown(directory)}: holds the input file {shown(p)}; refusing to replace it")
            if any(target.iterdir()) and not force:
                raise OutputError(f"{shown(directory)}: exists and is not empty (--force replaces it)")
        parent = target.parent
        if not parent.is_dir():
            raise OutputError(f"{shown(directory)}: directory {shown(parent)} does not exist")
        with _removed_on_signal():
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name[:100]}.", suffix=".tmp", dir=parent))
            old: Path | None = None
            try:
                for name, text in sorted(files.items()):
                    path = tmp / name
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8", newline="\n")
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes the directory private; give it a plain mkdir's mode
                if os.path.lexists(target):
                    old = Path(tempfile.mkdtemp(prefix=f".{target.name[:100]}.", suffix=".old", dir=parent))
                    os.rmdir(old)
                    os.rename(target, old)
                os.rename(tmp, target)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                if old is not None and not os.path.lexists(target):
                    os.rename(old, target)
                    old = None
                raise
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
    except (OSError, RuntimeError) as exc:
        raise OutputError(f"{shown(directory)}: cannot write: {reason(exc)}") from None

"""Atomic file writes: a reader never sees a half-written output, a failed write leaves nothing behind.

Every file written here is also recorded (align/written.py: its content hash in the folder's
`.glossalign-written.json`), so a later write can tell whether a person changed it since.
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import InputError


def _problem(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "cannot be written: the disk is full (or the file is over the size limit)"
    return f"cannot be written ({error.strerror or error})"


def _remove_stale_temporaries(target: Path) -> None:
    """Temporary files of `target` left by a writer that was killed (its process is gone)."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(\d+)\.[^.]+{re.escape(target.suffix or '.tmp')}$")
    try:
        candidates = list(target.parent.iterdir())
    except OSError:
        return
    for path in candidates:
        match = pattern.match(path.name)
        if not match:
            continue
        try:
            os.kill(int(match.group(1)), 0)
            continue  # that writer is still running
        except ProcessLookupError:
            pass
        except (PermissionError, OverflowError, ValueError):
            continue
        try:
            path.unlink()
        except OSError:
            pass


@contextmanager
def atomic_path(target: str | Path, *, record: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`, on error it is removed.

    For writers that want a file name (openpyxl, matplotlib, sqlite backups):
        with atomic_path(out) as tmp: workbook.save(tmp)
    A full disk or an unwritable folder is an InputError naming `target` (never the temporary file).
    """
    target = Path(target)
    if target.is_dir():
        raise InputError(target, "is a folder, not a file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(target)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=target.suffix or ".tmp",
                                    dir=target.parent)
    except OSError as error:  # name the file the user asked for, not our temporary one
        raise InputError(target, _problem(error)) from None
    os.close(fd)
    tmp = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes owner-only files; outputs are shared like any other file
        try:
            yield tmp
            os.replace(tmp, target)
        except OSError as error:
            raise InputError(target, _problem(error)) from None
        if record:
            from .written import record_written

            record_written(target)
    finally:
        if tmp.exists():
            tmp.unlink()


@contextmanager
def atomic_open(target: str | Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None):
    """Open a temporary file beside `target` for writing; it replaces `target` only if the block succeeds."""
    with atomic_path(target) as tmp:
        if "b" in mode:
            with open(tmp, mode) as handle:
                yield handle
        else:
            with open(tmp, mode, encoding=encoding, newline=newline) as handle:
                yield handle


def save_workbook(book, target: str | Path) -> None:
    """Save an openpyxl workbook atomically. It is built in memory first: a full disk then fails in one plain
    write (openpyxl writing straight to a file leaves a half-closed zip that complains again at exit)."""
    import gc
    import io
    import sys

    buffer = io.BytesIO()
    problem = None
    hook = sys.unraisablehook
    # openpyxl spools each sheet through a temporary file: on a full disk its half-run generators complain
    # again when collected ("Exception ignored in …"); the one error below says it all.
    sys.unraisablehook = lambda unraisable: None
    try:
        book.save(buffer)
    except Exception as error:  # noqa: BLE001 — lxml reports a full disk as SerialisationError('IO_EFBIG')
        text = f"{type(error).__name__} {error}"
        if isinstance(error, OSError):
            problem = _problem(error)
        elif "IO_" in text:
            full = any(code in text for code in ("ENOSPC", "EFBIG", "EDQUOT"))
            problem = ("cannot be written: the disk is full (or the file is over the size limit)" if full
                       else f"cannot be written ({text})")
        else:
            raise
        del error  # drop the traceback, and with it the half-run generators, before collecting them
    finally:
        gc.collect()
        sys.unraisablehook = hook
    if problem is not None:
        raise InputError(Path(target), problem)
    with atomic_open(target, "wb") as handle:
        handle.write(buffer.getbuffer())

"""Which files glossalign wrote, and whether a person changed them since.

Each folder the tool writes into keeps `.glossalign-written.json`: file name → SHA-256 of the content as
written. A file whose content no longer has that hash was edited (or replaced) by someone: commands never
overwrite it silently (see `refuse_to_overwrite` and `glossalign run`). Content hashes, not modification
times: copying, syncing or touching a file changes its time, not its content.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from .errors import InputError

MANIFEST = ".glossalign-written.json"
OURS, EDITED, UNKNOWN, ABSENT = "ours", "edited", "unknown", "absent"


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_manifest(folder: Path, data: dict) -> None:
    fd, name = tempfile.mkstemp(prefix=f"{MANIFEST}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(name, 0o666 & ~umask)
        os.replace(name, folder / MANIFEST)
    except OSError:
        Path(name).unlink(missing_ok=True)  # a record we cannot keep only means a later "unknown"


def record_written(path: str | Path) -> None:
    """Remember `path`'s content as what glossalign wrote."""
    path = Path(path)
    try:
        digest = file_hash(path)
    except OSError:
        return
    data = _manifest(path.parent)
    data[path.name] = {"sha256": digest, "written": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    _save_manifest(path.parent, data)


def forget_written(path: str | Path) -> None:
    path = Path(path)
    data = _manifest(path.parent)
    if data.pop(path.name, None) is not None:
        _save_manifest(path.parent, data)


def written_state(path: str | Path) -> str:
    """ABSENT (no file), OURS (as glossalign wrote it), EDITED (changed since) or UNKNOWN (not written by us)."""
    path = Path(path)
    if not path.is_file():
        return ABSENT  # nothing there (a folder in the way is the writer's to report)
    record = _manifest(path.parent).get(path.name)
    if not isinstance(record, dict) or "sha256" not in record:
        return UNKNOWN
    try:
        return OURS if file_hash(path) == record["sha256"] else EDITED
    except OSError:
        return UNKNOWN


def lock_file(path: str | Path) -> Path | None:
    """The lock file Excel (~$name) or LibreOffice (.~lock.name#) keeps while the file is open, if any."""
    path = Path(path)
    for name in (f"~${path.name}", f".~lock.{path.name}#"):
        if (path.parent / name).exists():
            return path.parent / name
    return None


def refuse_to_overwrite(path: str | Path, *, force: bool = False) -> None:
    """InputError when writing `path` would overwrite a file a person edited (or one glossalign did not write)."""
    path = Path(path)
    if force:
        return
    state = written_state(path)
    if state == EDITED:
        raise InputError(path, "was changed since glossalign wrote it: writing would lose those edits; "
                               "choose another file name, or add --force to replace it")
    if state == UNKNOWN:
        raise InputError(path, "exists and was not written by glossalign (or its record is gone): "
                               "choose another file name, or add --force to replace it")


def keep_aside(path: str | Path) -> Path:
    """Rename an edited file to NAME.edited-YYYYmmdd-HHMMSS.EXT beside it; returns the new path."""
    path = Path(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.edited-{stamp}{path.suffix}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.stem}.edited-{stamp}-{number}{path.suffix}")
    try:
        os.replace(path, aside)
    except OSError as error:
        raise InputError(path, f"was edited and cannot be kept aside ({error.strerror or error}); move it away "
                               "and run again") from None
    forget_written(path)
    return aside

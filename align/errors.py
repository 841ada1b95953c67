"""The one exception type for bad input: the CLI prints it as one line and exits 2."""
from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input a user can fix. `str(err)` is the one line shown to them."""

    def __init__(self, path: str | Path | None, problem: str):
        self.path = Path(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path is not None else problem)

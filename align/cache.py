"""On-disk embedding cache: one SQLite file, keyed by model, kind of vector and text."""
from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Sequence

import numpy as np

CACHE_ENV = "GLOSSALIGN_CACHE_DIR"


def default_cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "glossalign")


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class EmbeddingCache:
    """Vectors by (model, kind, text). Safe to share between processes (WAL, busy timeout)."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path is not None else default_cache_dir() / "embeddings.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, kind TEXT, key BLOB, dtype TEXT, data BLOB,"
            " PRIMARY KEY (model, kind, key))"
        )
        self._db.commit()

    def get_many(self, model: str, kind: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """Cached vectors for those texts that have one, by position in `texts`."""
        found: dict[int, np.ndarray] = {}
        positions: dict[bytes, list[int]] = {}
        for i, text in enumerate(texts):
            positions.setdefault(_digest(text), []).append(i)
        keys = list(positions)
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = self._db.execute(
                f"SELECT key, dtype, data FROM vectors WHERE model=? AND kind=? AND key IN ({','.join('?' * len(chunk))})",
                [model, kind, *chunk],
            )
            for key, dtype, data in rows:
                vector = np.frombuffer(data, dtype=dtype)
                for i in positions[key]:
                    found[i] = vector
        return found

    def put_many(self, model: str, kind: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        rows = [
            (model, kind, _digest(text), str(vector.dtype), np.ascontiguousarray(vector).tobytes())
            for text, vector in zip(texts, vectors)
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?,?,?,?,?)", rows)

    def close(self) -> None:
        self._db.close()

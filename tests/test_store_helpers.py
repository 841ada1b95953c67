"""Helpers shared by the store, review, export and import tests (no tests here)."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from glossary.types import Example, TermCandidate

STORE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
SOURCES = ["seeds/yudongnan-lawyers-2022.zh.txt", "seeds/chengdu-lawyers-2023.fr.txt"]


def load_candidates() -> list[TermCandidate]:
    """The candidates an extraction of the seeds could produce (fixtures/store/candidates.json)."""
    raw = json.loads((STORE_FIXTURES / "candidates.json").read_text(encoding="utf-8"))
    out = []
    for item in raw:
        item = dict(item)
        item["examples"] = [Example(**e) for e in item.get("examples", [])]
        out.append(TermCandidate(**item))
    return out


def seeded_store(path: Path):
    """A new store at `path` holding the fixture candidates (open; the caller closes it)."""
    from glossary.store import GlossaryStore

    store = GlossaryStore(path)
    store.merge_candidates(load_candidates(), sources=SOURCES, model="use-m3")
    return store


def dump(path: Path) -> list[str]:
    """The whole database as SQL text, read through a separate connection: equal dumps = nothing changed."""
    conn = sqlite3.connect(str(path))
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def entry_id(store, zh: str, fr: str) -> int:
    found = store.find(zh, fr)
    assert found is not None, (zh, fr)
    return found

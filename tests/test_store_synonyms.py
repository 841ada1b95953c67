"""Synonyms in the store: kept with their entry, added by extraction only while undecided, edited in review,
and stores written before synonyms existed are migrated in place."""
from __future__ import annotations

import sqlite3

from glossary.store import SCHEMA_VERSION, GlossaryStore
from glossary.types import Synonym, TermCandidate

PIB = Synonym("fr", "PIB", "abbreviation")


def candidate(*synonyms: Synonym) -> TermCandidate:
    return TermCandidate("国内生产总值", "produit intérieur brut", 0.9, zh_freq=3, fr_freq=3, pairs=2,
                         synonyms=list(synonyms))


def test_extraction_synonyms_join_undecided_entries_only(tmp_path):
    with GlossaryStore(tmp_path / "g.db") as store:
        store.merge_candidates([candidate(PIB)], sources=["a"])
        (entry,) = store.entries()
        assert entry.synonyms == [PIB]
        store.merge_candidates([candidate(Synonym("zh", "GDP", "acronym"))], sources=["b"])
        assert store.get(entry.id).synonyms == [PIB, Synonym("zh", "GDP", "acronym")]
        # a reviewer decides, keeping only PIB: extraction no longer adds to it
        store.update(entry.id, who="alice", status="approved", synonyms=[PIB])
        store.merge_candidates([candidate(Synonym("fr", "P.I.B.", "variant"))], sources=["c"])
        assert store.get(entry.id).synonyms == [PIB]
        assert [c.field for c in store.history(entry.id)].count("synonyms") == 2  # extract's, then alice's


def test_a_store_from_before_synonyms_is_migrated(tmp_path):
    db = tmp_path / "old.db"
    with GlossaryStore(db) as store:
        store.merge_candidates([candidate()], sources=["a"])
    conn = sqlite3.connect(db)  # make it look like a version 1 store
    conn.execute("ALTER TABLE entries DROP COLUMN synonyms")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with GlossaryStore(db) as store:
        assert store.about()["schema_version"] == SCHEMA_VERSION
        (entry,) = store.entries()
        assert entry.synonyms == [] and entry.zh == "国内生产总值"
        store.update(entry.id, who="alice", synonyms=[PIB])
        assert store.get(entry.id).synonyms == [PIB]

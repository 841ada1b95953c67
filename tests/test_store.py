"""The glossary store: schema, refusal of foreign files, merging that keeps decisions, history, locking."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from align.errors import InputError
from glossary.store import SCHEMA_VERSION, GlossaryStore
from glossary.types import TermCandidate
from test_store_helpers import SOURCES, dump, entry_id, load_candidates, seeded_store

ROOT = Path(__file__).resolve().parents[1]


def test_new_store_has_schema_metadata_and_wal(tmp_path):
    db = tmp_path / "sub" / "glossary.db"
    with GlossaryStore(db) as store:
        about = store.about()
        assert store.count() == 0
    assert db.exists()
    assert about["schema_version"] == SCHEMA_VERSION and len(about["store_id"]) == 32 and about["created"]
    conn = sqlite3.connect(str(db))
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"entries", "history", "keys", "batches", "meta"} <= tables
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    with GlossaryStore(db, create=False) as again:  # reopening keeps the same identity
        assert again.about()["store_id"] == about["store_id"]


def test_refuses_files_that_are_not_glossary_stores(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("律师协会\tassociation des avocats\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a glossary store"):
        GlossaryStore(text)
    assert text.read_text(encoding="utf-8").startswith("律师协会")  # untouched

    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(str(other))
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match="SQLite database, but not a glossary store"):
        GlossaryStore(other)
    with pytest.raises(InputError, match="no glossary store here"):
        GlossaryStore(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(InputError, match="folder"):
        GlossaryStore(tmp_path)


def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "g.db"
    GlossaryStore(db).close()
    conn = sqlite3.connect(str(db))
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match="newer glossalign"):
        GlossaryStore(db)


def test_merge_adds_proposed_entries_with_evidence(tmp_path):
    with seeded_store(tmp_path / "g.db") as store:
        entries = store.entries()
        assert len(entries) == 8
        assert all(e.status == "proposed" for e in entries)
        assert [e.score for e in entries] == sorted((e.score for e in entries), reverse=True)
        lawyers = store.get(entry_id(store, "律师协会", "association des avocats"))
        assert (lawyers.zh_freq, lawyers.fr_freq, lawyers.pairs) == (6, 7, 5)
        assert lawyers.kind == "organisation"
        assert lawyers.variants["Association des Avocats Municipaux"] == 3
        assert lawyers.examples[0].zh.startswith("市律师协会")
        assert lawyers.evidence == {"cooccurrence": 0.81, "similarity": 0.77}
        assert lawyers.sources == sorted(SOURCES)
        about = store.about()
        assert about["sources"] == SOURCES and about["model"] == "use-m3"
        assert about["counts"]["proposed"] == 8
        assert store.entries(min_score=0.9)[0].zh in ("李勇", "律师协会")
        assert {e.zh for e in store.entries(min_score=0.9)} == {"李勇", "律师协会"}


def test_merging_the_same_thing_twice_changes_nothing(tmp_path):
    db = tmp_path / "g.db"
    with seeded_store(db) as store:
        before = dump(db)
        report = store.merge_candidates(load_candidates(), sources=list(reversed(SOURCES)), model="use-m3")
    assert (report.added, report.updated, report.unchanged) == (0, 0, 8)
    assert not report.changed
    assert dump(db) == before


def test_decisions_stay_and_counts_add_up_on_new_documents(tmp_path):
    with seeded_store(tmp_path / "g.db") as store:
        approved = entry_id(store, "律师协会", "association des avocats")
        rejected = entry_id(store, "会议", "réunion")
        deprecated = entry_id(store, "司法局", "bureau judiciaire")
        store.update(approved, who="alice", status="approved")
        store.update(rejected, who="alice", status="rejected")
        store.update(deprecated, who="alice", status="deprecated", notes="a court, not a bureau")

        # The same terms found again in a new document, plus one new pair.
        again = load_candidates()
        again.append(TermCandidate("人民法院", "tribunal populaire", 0.7, zh_freq=2, fr_freq=2, pairs=2))
        report = store.merge_candidates(again, sources=["news/2024.zh.txt"], model="use-m3")
        assert report.added == 1 and report.kept_decisions == 3

        assert store.get(approved).status == "approved"
        assert store.get(rejected).status == "rejected"
        assert store.get(deprecated).status == "deprecated"
        assert store.get(deprecated).notes == "a court, not a bureau"
        assert store.get(approved).zh_freq == 12 and store.get(approved).pairs == 10  # 6 + 6, 5 + 5
        assert store.get(approved).variants["association des avocats"] == 8
        # A rejected pair never comes back as proposed: no second entry for it.
        assert [e.status for e in store.entries() if (e.zh, e.fr) == ("会议", "réunion")] == ["rejected"]
        assert len(store.entries("proposed")) == 6
        assert store.about()["sources"] == SOURCES + ["news/2024.zh.txt"]


def test_a_pair_differing_only_in_case_or_apostrophe_is_the_same_entry(tmp_path):
    with seeded_store(tmp_path / "g.db") as store:
        lawyers = entry_id(store, "律师协会", "association des avocats")
        store.update(lawyers, who="alice", status="rejected")
        again = [TermCandidate("律师协会", "Association des Avocats", 0.9, zh_freq=1, fr_freq=1, pairs=1),
                 TermCandidate("人民法院", "tribunal de l’arrondissement", 0.7, zh_freq=1, fr_freq=1, pairs=1),
                 TermCandidate("人民法院", "Tribunal de l'arrondissement", 0.7, zh_freq=1, fr_freq=1, pairs=1)]
        report = store.merge_candidates(again, sources=["news/2024.zh.txt"])
        assert report.added == 1 and report.kept_decisions == 1
        assert [e.status for e in store.entries() if e.zh == "律师协会"] == ["rejected"]


def test_edited_french_term_keeps_matching_its_candidate(tmp_path):
    with seeded_store(tmp_path / "g.db") as store:
        lawyers = entry_id(store, "律师协会", "association des avocats")
        changed = store.update(lawyers, who="bob", fr="association municipale des avocats")
        assert changed == ["fr"]
        entry = store.get(lawyers)
        assert entry.fr == "association municipale des avocats"
        assert "association des avocats" in entry.variants  # the old form kept as a variant
        report = store.merge_candidates(load_candidates(), sources=["other.zh.txt"])
        assert report.added == 0  # the old pair lands on the edited entry
        assert store.find("律师协会", "association des avocats") == lawyers
        assert len(store.entries()) == 8


def test_history_records_who_when_old_and_new(tmp_path):
    with seeded_store(tmp_path / "g.db") as store:
        lawyers = entry_id(store, "律师协会", "association des avocats")
        store.update(lawyers, who="alice", status="approved", notes="institution name")
        changes = store.history(lawyers)
        assert changes[0].field == "created" and changes[0].who == "extract"
        status = next(c for c in changes if c.field == "status")
        assert (status.who, status.old, status.new) == ("alice", "proposed", "approved")
        assert status.at >= changes[0].at
        assert store.get(lawyers).reviewer == "alice"
        assert store.update(lawyers, who="alice", status="approved") == []  # no change, no history
        assert len(store.history(lawyers)) == len(changes)


def test_update_refuses_invalid_status_and_taken_pairs(tmp_path):
    from glossary.store import StoreConflict

    with seeded_store(tmp_path / "g.db") as store:
        one = entry_id(store, "司法局", "bureau judiciaire")
        with pytest.raises(ValueError, match="invalid status"):
            store.update(one, who="x", status="aproved")
        with pytest.raises(StoreConflict, match="already entry"):
            store.update(one, who="x", fr="bureau de la justice")
        with pytest.raises(KeyError):
            store.update(999, who="x", status="approved")


def test_a_failed_transaction_leaves_the_store_as_it_was(tmp_path):
    db = tmp_path / "g.db"
    with seeded_store(db) as store:
        before = dump(db)
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.update(1, who="x", status="approved")
                store.merge_candidates([TermCandidate("新词", "mot nouveau", 0.5)], sources=["x"])
                raise RuntimeError("crash midway")
        assert dump(db) == before


def test_duplicate_candidates_in_one_call_are_summed(tmp_path):
    with GlossaryStore(tmp_path / "g.db") as store:
        report = store.merge_candidates([TermCandidate("律师", "avocat", 0.5, zh_freq=2, fr_freq=2, pairs=1),
                                         TermCandidate("律师", "avocat", 0.7, zh_freq=3, fr_freq=1, pairs=1)],
                                        sources=["a"])
        assert report.added == 1
        entry = store.entries()[0]
        assert (entry.score, entry.zh_freq, entry.fr_freq, entry.pairs) == (0.7, 5, 3, 2)


_HOLD_LOCK = """
import sys, time
from glossary.store import GlossaryStore
with GlossaryStore(sys.argv[1]) as store:
    with store.transaction():
        store.update(1, who="holder", notes="being edited")
        print("holding", flush=True)
        time.sleep(float(sys.argv[2]))
print("released", flush=True)
"""


def test_a_second_writer_gets_a_clear_locked_message(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(db), "3"], stdout=subprocess.PIPE, text=True,
                              cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with GlossaryStore(db, timeout=0.3) as store:
            assert store.get(1).notes == ""  # readers are not blocked (WAL)
            with pytest.raises(InputError, match="busy: another glossalign command is writing"):
                store.update(2, who="second", status="approved")
            assert store.get(2).status == "proposed"
        with GlossaryStore(db, timeout=15) as patient:  # a writer with time to wait gets its turn
            patient.update(2, who="second", status="approved")
            assert patient.get(1).notes == "being edited"
    finally:
        holder.wait(timeout=30)
    assert holder.returncode == 0


def test_two_threads_writing_at_once_both_land(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()
    errors = []

    def writer(name: str, status: str, ids: range):
        try:
            with GlossaryStore(db, timeout=20) as store:
                with store.transaction():
                    for i in ids:
                        store.update(i, who=name, status=status)
                        time.sleep(0.02)  # hold the lock a while so the other writer must wait
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=("t1", "approved", range(1, 5))),
               threading.Thread(target=writer, args=("t2", "rejected", range(5, 9)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with GlossaryStore(db) as store:
        statuses = {e.id: e.status for e in store.entries()}
    assert [statuses[i] for i in range(1, 9)] == ["approved"] * 4 + ["rejected"] * 4


def test_processes_creating_the_same_store_at_once_agree(tmp_path):
    db = tmp_path / "new.db"
    script = ("import sys; from glossary.store import GlossaryStore\n"
              "with GlossaryStore(sys.argv[1]) as s: print(s.about()['store_id'])")
    workers = [subprocess.Popen([sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, cwd=ROOT) for _ in range(3)]
    results = [w.communicate(timeout=60) for w in workers]
    assert [w.returncode for w in workers] == [0, 0, 0], [err for _, err in results]
    assert len({out.strip() for out, _ in results}) == 1  # one store, created once

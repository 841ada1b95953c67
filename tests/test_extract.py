"""Bilingual term candidates end to end, with the real model: a shipped parallel sample, the seeds, the CLI."""
from __future__ import annotations

import re
import sqlite3

import pytest

from conftest import FIXTURES, SEEDS

UN_SAMPLE = FIXTURES / "terms" / "un_sdg_goals_1_2_5_6.tsv"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def un_candidates(embedder):
    from align.pairs_io import read_pairs
    from glossary.extract import extract_terms

    beads = read_pairs(UN_SAMPLE)
    return beads, extract_terms(beads, embedder, sources=str(UN_SAMPLE), progress=False)


def _rendering(candidates, zh):
    return next((c for c in candidates if c.zh == zh), None)


def test_parallel_sample_pairs_terms_with_their_translations(un_candidates):
    _, candidates = un_candidates
    expected = {"贫穷": "pauvreté", "妇女": "femme", "比例": "proportion", "饥饿": "faim",
                "营养不良": "malnutrition", "饮用水": "eau potable", "环境卫生": "assainissement",
                "气候变化": "changement climatique"}
    for zh, fr in expected.items():
        found = _rendering(candidates, zh)
        assert found is not None and found.fr == fr, (zh, found and found.fr)
    top = [(c.zh, c.fr) for c in candidates[:15]]
    assert ("比例", "proportion") in top and ("妇女", "femme") in top


def test_every_candidate_carries_its_evidence(un_candidates):
    beads, candidates = un_candidates
    scores = [c.score for c in candidates]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    for c in candidates:
        assert c.zh_freq >= 1 and c.fr_freq >= 1 and c.pairs >= 1
        assert c.kind in ("term", "person", "place", "organisation", "name", "verb", "adjective")
        assert 1 <= len(c.examples) <= 3 and c.variants
        assert {"cooccurrence", "similarity", "dictionary", "transliteration", "logdice"} <= set(c.evidence)
        for example in c.examples:
            assert example.zh == beads[example.pair_id].zh and example.source == str(UN_SAMPLE)
            assert c.zh in example.zh
    women = _rendering(candidates, "妇女")
    assert {"femmes"} <= set(women.variants) and women.pairs >= 10


def test_junk_stays_out(un_candidates):
    _, candidates = un_candidates
    for c in candidates:
        assert not re.search(r"\d|%", c.zh + c.fr), c
        assert len(c.zh) >= 2
        assert c.fr.lower() not in {"le", "la", "les", "de", "des", "et", "être", "avoir"}


def test_dictionary_evidence_can_be_switched_off(embedder):
    from align.pairs_io import read_pairs
    from glossary.extract import extract_terms

    candidates = extract_terms(read_pairs(UN_SAMPLE), embedder, progress=False, use_dictionary=False)
    assert all(c.evidence["dictionary"] == 0 for c in candidates)
    assert _rendering(candidates, "妇女").fr == "femme"  # co-occurrence and the encoder suffice here


def test_tiny_corpus_relies_on_similarity_not_on_chance_cooccurrence(embedder):
    from glossary.extract import extract_terms

    pairs = [("司法局和市律师协会召开座谈会。",
              "Le Bureau de la justice et l'Association des avocats municipaux ont tenu un symposium.")]
    candidates = extract_terms(pairs, embedder, progress=False)
    found = {c.zh: c.fr.lower() for c in candidates}  # capitalised as written: seen only once
    assert found["市律师协会"] == "association des avocats municipaux"
    assert found["司法局"] == "bureau de la justice"
    for c in candidates:  # a single co-occurrence is no evidence on its own
        assert c.evidence["confidence"] == 0.0


def test_seeds_mined_as_comparable_text_share_their_institutional_vocabulary(embedder):
    from align.mining import mine_comparable
    from align.read import read_document
    from align.split import document_sentences
    from glossary.extract import extract_terms
    from glossary.terms_fr import match_key

    zh = document_sentences(read_document(SEEDS / "yudongnan-lawyers-2022.zh.txt"))
    fr = document_sentences(read_document(SEEDS / "chengdu-lawyers-2023.fr.txt"))
    beads = mine_comparable(zh, fr, embedder, all_pairs=True)
    candidates = extract_terms(beads, embedder, progress=False)
    rank = {c.zh: i for i, c in enumerate(candidates)}
    assert rank["律师"] < 3 and candidates[rank["律师"]].fr == "avocat"
    association = candidates[rank["律师协会"]]
    assert rank["律师协会"] < 15 and match_key(association.fr) == match_key("association des avocats")
    # the French article names the municipal bureau: 市司法局 ↔ Bureau municipal de (la) Justice
    justice = candidates[rank["市司法局"]]
    assert rank["市司法局"] < 15 and {"bureau", "municipal", "justice"} <= set(match_key(justice.fr).split())
    lawyers = candidates[rank["市律师协会"]]
    assert rank["市律师协会"] < 10 and match_key(lawyers.fr) == match_key("association des avocats municipaux")
    for c in candidates:
        assert not re.search(r"\d|%", c.zh + c.fr), c


def test_cli_extract_fills_the_store_and_writes_the_table(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from glossary.cli import _register_commands, app

    _register_commands()
    db, table = tmp_path / "glossary.db", tmp_path / "candidates.tsv"
    result = CliRunner().invoke(app, ["extract", str(UN_SAMPLE), "--db", str(db), "-o", str(table), "--top", "5"])
    assert result.exit_code == 0, result.output
    assert "term candidates" in result.output and "比例" in result.output
    lines = table.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:3] == ["zh", "fr", "score"] and len(lines) > 50
    rows = sqlite3.connect(db).execute("SELECT zh, fr, status FROM entries").fetchall()
    assert ("比例", "proportion", "proposed") in rows and len(rows) == len(lines) - 1
    # running it again changes nothing in the store
    again = CliRunner().invoke(app, ["extract", str(UN_SAMPLE), "--db", str(db), "--top", "0"])
    assert again.exit_code == 0 and "0 new" in again.output


def test_cli_extract_bad_input_is_one_line_exit_2(tmp_path):
    import subprocess
    import sys

    missing = tmp_path / "nothing.tsv"
    done = subprocess.run([sys.executable, "-c", "from glossary.cli import main; main()", "extract", str(missing),
                           "--db", str(tmp_path / "g.db")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and done.stderr.startswith("error:") and "nothing.tsv" in done.stderr

"""Comparable mining: exact kNN, ratio margin, one-to-one selection, windows, and the seeds."""
from __future__ import annotations

import json

import numpy as np
import pytest

from align.mining import DEFAULT_THRESHOLD, knn, margin_score, mine_comparable, mine_embeddings
from align.types import Sentence
from conftest import FIXTURES, SEEDS

MINING = FIXTURES / "mining"


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def planted(n: int, shared: int, seed: int = 0, noise: float = 0.5):
    """zh/fr unit vectors where zh[i] ↔ fr[perm[i]] for i < shared; the rest unrelated."""
    rng = np.random.default_rng(seed)
    meaning = unit(rng.standard_normal((n, 64)))
    zh = unit(meaning + noise * unit(rng.standard_normal((n, 64))))
    fr_meaning = np.concatenate([meaning[:shared], unit(rng.standard_normal((n - shared, 64)))])
    perm = rng.permutation(n)
    fr = unit(fr_meaning[perm] + noise * unit(rng.standard_normal((n, 64))))
    where = np.empty(n, np.int64)
    where[perm] = np.arange(n)
    return zh, fr, {(i, int(where[i])) for i in range(shared)}


def read_sentences(path) -> list[Sentence]:
    """One sentence a line, a blank line between paragraphs."""
    out, paragraph = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            paragraph += 1
            continue
        out.append(Sentence(line.strip(), len(out), paragraph))
    return out


def test_knn_backends_agree_with_brute_force():
    rng = np.random.default_rng(1)
    a, b = unit(rng.standard_normal((300, 32))), unit(rng.standard_normal((2500, 32)))
    full = a @ b.T
    expected = np.sort(full, axis=1)[:, ::-1][:, :5]
    for backend in ("numpy", "faiss"):
        got = knn(a, b, 5, backend)
        np.testing.assert_allclose(got.sims, expected, atol=1e-5)
        np.testing.assert_allclose(np.take_along_axis(full, got.idx, axis=1), expected, atol=1e-5)


def test_knn_with_fewer_base_rows_than_k():
    a, b = unit(np.eye(3, 8) + 0.1), unit(np.eye(2, 8) + 0.1)
    for backend in ("numpy", "faiss"):
        got = knn(a, b, 4, backend)
        assert got.idx.shape == (3, 2) and set(got.idx[0]) == {0, 1}


def test_mine_embeddings_finds_planted_pairs_one_to_one():
    zh, fr, gold = planted(400, 200)
    pairs = mine_embeddings(zh, fr, threshold=None)
    assert len({a for a, *_ in pairs}) == len(pairs) == len({b for _, b, *_ in pairs})  # one-to-one
    top = {(a, b) for a, b, _, _ in pairs[:200]}
    assert len(top & gold) >= 190
    margins = [m for _, _, m, _ in pairs]
    assert margins == sorted(margins, reverse=True)


def test_threshold_drops_weak_pairs_and_backends_agree():
    zh, fr, gold = planted(300, 120, seed=2)
    kept = mine_embeddings(zh, fr, threshold=DEFAULT_THRESHOLD, backend="numpy")
    assert all(m >= DEFAULT_THRESHOLD for _, _, m, _ in kept)
    assert len(kept) < len(mine_embeddings(zh, fr, threshold=None))
    assert {(a, b) for a, b, _, _ in kept} == {(a, b) for a, b, _, _ in mine_embeddings(zh, fr, backend="faiss")}
    gold_margins = [m for a, b, m, _ in mine_embeddings(zh, fr, threshold=None) if (a, b) in gold]
    other_margins = [m for a, b, m, _ in mine_embeddings(zh, fr, threshold=None) if (a, b) not in gold]
    assert min(gold_margins) > np.median(other_margins)


def test_margin_discounts_a_hub():
    """A French vector close to everything (the shared direction of all embeddings) must not be mined."""
    rng = np.random.default_rng(3)
    common = unit(rng.standard_normal((1, 64)))
    meaning = unit(rng.standard_normal((200, 64)))
    zh = unit(0.7 * common + 0.714 * meaning)
    fr = unit(0.7 * common + 0.714 * unit(meaning + 1.5 * unit(rng.standard_normal((200, 64)))))
    fr_with_hub = np.concatenate([fr, common])
    nearest = (zh @ fr_with_hub.T).argmax(axis=1)
    assert (nearest == 200).sum() >= 5  # on raw cosine the hub is several sentences' best match
    pairs = mine_embeddings(zh, fr_with_hub, threshold=None)
    assert all(b != 200 for _, b, _, _ in pairs)
    assert sum(a == b for a, b, _, _ in pairs[:100]) >= 95


def test_margin_score_is_a_probability_increasing_with_margin():
    scores = margin_score(np.array([0.5, 1.0, DEFAULT_THRESHOLD, 1.3, 3.0]))
    assert np.all((scores >= 0) & (scores <= 1)) and np.all(np.diff(scores) > 0)


def test_empty_sides():
    assert mine_embeddings(np.zeros((0, 8), np.float32), unit(np.ones((3, 8)))) == []
    assert mine_comparable([], [Sentence("Bonjour.", 0, 0)], embedder=None) == []


@pytest.mark.slow
def test_comparable_fixture_finds_the_shared_sentences_and_the_1_2_pair(embedder):
    zh, fr = read_sentences(MINING / "comparable.zh.txt"), read_sentences(MINING / "comparable.fr.txt")
    gold = set()
    for line in (MINING / "comparable.gold.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        z, f = line.split("\t")
        gold.add((tuple(json.loads(z)), tuple(json.loads(f))))
    beads = mine_comparable(zh, fr, embedder)
    found = {(b.zh_ids, b.fr_ids) for b in beads}
    assert gold <= found, f"missing {gold - found}"
    assert len(found - gold) <= 1
    assert ((3,), (10, 11)) in found  # one zh sentence ↔ two consecutive fr sentences
    assert all(b.mode == "comparable" and 0 <= b.score <= 1 and b.margin >= DEFAULT_THRESHOLD and not b.flag
               for b in beads)
    assert [b.zh_ids[0] for b in beads] == sorted(b.zh_ids[0] for b in beads)
    bead = next(b for b in beads if b.zh_ids == (3,))
    assert bead.fr == fr[10].text + " " + fr[11].text and bead.kind == "1-2"


@pytest.mark.slow
def test_tiny_documents_still_pair_a_translation(embedder):
    """With fewer sentences than k the match itself must not fill the whole neighbourhood."""
    zh = [Sentence("市律师协会签署了合作协议。", 0, 0)]
    fr = [Sentence("L'Association des avocats de la ville a signé un accord de coopération.", 0, 0),
          Sentence("Il pleuvait sur Brest ce jour-là.", 1, 1)]
    beads = mine_comparable(zh, fr, embedder)
    assert [(b.zh_ids, b.fr_ids) for b in beads] == [((0,), (0,))]


@pytest.mark.slow
def test_all_pairs_adds_flagged_weak_pairs_and_no_sentence_twice(embedder):
    zh, fr = read_sentences(MINING / "comparable.zh.txt"), read_sentences(MINING / "comparable.fr.txt")
    strict = mine_comparable(zh, fr, embedder)
    every = mine_comparable(zh, fr, embedder, all_pairs=True)
    weak = [b for b in every if b.flag]
    assert weak and all(b.flag == "below threshold" and b.margin < DEFAULT_THRESHOLD for b in weak)
    assert [b for b in every if not b.flag] == strict
    for side in ("zh_ids", "fr_ids"):
        used = [i for b in every for i in getattr(b, side)]
        assert len(used) == len(set(used))


@pytest.mark.slow
def test_windows_stay_inside_paragraphs(embedder):
    zh, fr = read_sentences(MINING / "comparable.zh.txt"), read_sentences(MINING / "comparable.fr.txt")
    for bead in mine_comparable(zh, fr, embedder, all_pairs=True):
        assert len({zh[i].paragraph for i in bead.zh_ids}) == 1
        assert len({fr[j].paragraph for j in bead.fr_ids}) == 1


@pytest.mark.slow
def test_seeds_pair_the_sentences_on_protecting_lawyers_rights(embedder):
    read = pytest.importorskip("align.read")
    split = pytest.importorskip("align.split")
    zh = split.document_sentences(read.read_document(SEEDS / "yudongnan-lawyers-2022.zh.txt"))
    fr = split.document_sentences(read.read_document(SEEDS / "chengdu-lawyers-2023.fr.txt"))
    beads = mine_comparable(zh, fr, embedder)
    assert 1 <= len(beads) <= len(zh) // 2  # comparable: a few passages, not a whole alignment
    best = max(beads, key=lambda b: b.margin)
    assert "保障律师执业权利" in best.zh and "protection des droits des avocats" in best.fr


@pytest.mark.slow
def test_align_documents_auto_mines_the_seeds_and_aligns_a_translation(embedder, tmp_path):
    from align.pipeline import align_documents

    read = pytest.importorskip("align.read")
    seeds = align_documents(read.read_document(SEEDS / "chengdu-lawyers-2023.fr.txt"),
                            read.read_document(SEEDS / "yudongnan-lawyers-2022.zh.txt"), embedder)
    assert seeds.mode == "comparable" and seeds.reason.endswith(": comparable")
    assert seeds.beads and all(b.mode == "comparable" and b.margin >= DEFAULT_THRESHOLD for b in seeds.beads)
    for lang in ("zh", "fr"):
        (tmp_path / f"p.{lang}.txt").write_text((MINING / f"parallel.{lang}.txt").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    translation = align_documents(read.read_document(tmp_path / "p.zh.txt", presplit=True),
                                  read.read_document(tmp_path / "p.fr.txt", presplit=True), embedder)
    assert translation.mode == "parallel" and all(b.mode == "parallel" for b in translation.beads)


@pytest.mark.slow
def test_cli_comparable_with_all_and_threshold(embedder, tmp_path):
    from typer.testing import CliRunner

    from glossary.cli import _register_commands, app

    _register_commands()
    out = tmp_path / "mined.jsonl"
    args = ["align", str(MINING / "comparable.zh.txt"), str(MINING / "comparable.fr.txt"), "-o", str(out),
            "--mode", "comparable"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    strict = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert strict and not any(row["flag"] for row in strict)
    result = CliRunner().invoke(app, args + ["--all", "--threshold", "1.3"])
    assert result.exit_code == 0, result.output
    every = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(every) > len(strict) and any(row["flag"] == "below threshold" for row in every)

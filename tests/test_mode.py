"""`--mode auto`: translations are parallel, the seeds and other comparable pairs are comparable."""
from __future__ import annotations

import numpy as np
import pytest

from align.mode import ModeDecision, decide_mode
from conftest import FIXTURES, SEEDS

MINING = FIXTURES / "mining"


def lines(path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def decide(embedder, zh: list[str], fr: list[str]) -> ModeDecision:
    return decide_mode(embedder.encode(zh), embedder.encode(fr), zh_chars=[len(t) for t in zh],
                       fr_chars=[len(t) for t in fr])


@pytest.mark.slow
def test_a_real_translation_is_parallel(embedder):
    decision = decide(embedder, lines(MINING / "parallel.zh.txt"), lines(MINING / "parallel.fr.txt"))
    assert decision.mode == "parallel"
    assert decision.stats["diagonal_share"] >= 0.7
    assert decision.reason.endswith(": parallel") and " % of sentences" in decision.reason


@pytest.mark.slow
def test_translation_with_a_preamble_on_one_side_is_still_parallel(embedder):
    zh, fr = lines(MINING / "parallel.zh.txt"), lines(MINING / "parallel.fr.txt")
    furniture = ["Compte public WeChat", "Police :", "Partager cet article", "Imprimer"]
    assert decide(embedder, zh, furniture + fr).mode == "parallel"


@pytest.mark.slow
def test_comparable_fixture_is_comparable(embedder):
    decision = decide(embedder, lines(MINING / "comparable.zh.txt"), lines(MINING / "comparable.fr.txt"))
    assert decision.mode == "comparable"
    assert decision.reason.startswith("only ") and decision.reason.endswith(": comparable")


@pytest.mark.slow
def test_the_seeds_are_comparable(embedder):
    read = pytest.importorskip("align.read")
    split = pytest.importorskip("align.split")
    zh = [s.text for s in split.document_sentences(read.read_document(SEEDS / "yudongnan-lawyers-2022.zh.txt"))]
    fr = [s.text for s in split.document_sentences(read.read_document(SEEDS / "chengdu-lawyers-2023.fr.txt"))]
    decision = decide(embedder, zh, fr)
    assert decision.mode == "comparable", decision.reason


@pytest.mark.slow
def test_shuffled_translation_is_comparable(embedder):
    zh, fr = lines(MINING / "parallel.zh.txt"), lines(MINING / "parallel.fr.txt")
    order = [7, 12, 2, 10, 0, 5, 13, 3, 9, 1, 11, 6, 4, 8]  # fixed, far from the diagonal
    assert decide(embedder, zh, [fr[i] for i in order]).mode == "comparable"


def test_implausible_length_ratio_is_comparable_even_with_diagonal_anchors():
    emb = np.eye(6, 16, dtype=np.float32)
    decision = decide_mode(emb, emb, zh_chars=[100] * 6, fr_chars=[20] * 6)
    assert decision.mode == "comparable" and "characters per Chinese character" in decision.reason
    assert decide_mode(emb, emb, zh_chars=[30] * 6, fr_chars=[90] * 6).mode == "parallel"


def test_empty_side_is_comparable():
    decision = decide_mode(np.zeros((0, 16), np.float32), np.eye(3, 16, dtype=np.float32))
    assert decision.mode == "comparable" and "no sentences" in decision.reason

"""The DP core without a model: bead shapes, bands, and near-linear memory on a 20,000-sentence document."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from align.parallel import (AlignTrace, align_windows, band_around, banded_dp, bead_shapes, full_band)
from align.windows import Windows, window_chars


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _windows(emb: np.ndarray, chars_each: int, k: int = 3) -> Windows:
    out = [emb]
    for size in range(2, k + 1):
        w = np.zeros_like(emb)
        for back in range(size):
            w[size - 1:] += emb[size - 1 - back:len(emb) - back]
        w[:size - 1] = emb[:size - 1]
        out.append(_unit(w))
    return Windows(emb=out, chars=window_chars(["x" * chars_each] * len(emb), k))


def _synthetic(n: int, seed: int = 0, dim: int = 48):
    """zh sentences; fr = noisy copies with every 50th dropped and an unrelated one added every 70."""
    rng = np.random.default_rng(seed)
    base = _unit(rng.normal(size=(n, dim)))
    fr, gold = [], []
    for i in range(n):
        if i % 50 == 7:
            gold.append(((i,), ()))
            continue
        fr.append(base[i] + 0.25 * rng.normal(size=dim) / np.sqrt(dim))
        gold.append(((i,), (len(fr) - 1,)))
        if i % 70 == 3:
            fr.append(rng.normal(size=dim))
            gold.append(((), (len(fr) - 1,)))
    return _windows(base, 10), _windows(_unit(np.array(fr)), 30), gold


def test_bead_shapes_for_default_max_bead():
    assert set(bead_shapes(3)) == {(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2)}
    assert set(bead_shapes(1)) == {(1, 1), (1, 0), (0, 1)}
    with pytest.raises(ValueError):
        bead_shapes(0)


def test_band_contains_path_and_is_monotone():
    points = [(0, 0), (1, 1), (2, 1), (3, 3), (5, 4), (6, 6)]
    lo, hi = band_around(points, 6, 6, 1)
    assert lo[0] == 0 and hi[-1] == 6
    assert np.all(np.diff(lo) >= 0) and np.all(np.diff(hi) >= 0)
    for i, j in points:
        assert lo[i] <= j <= hi[i]


def test_dp_finds_best_path_on_small_grid():
    # Scores reward the diagonal except that zh sentence 1 matches nothing: expect a 1-0 bead there.
    sims = np.array([[0.9, 0.1, 0.1], [0.1, 0.1, 0.1], [0.1, 0.9, 0.1], [0.1, 0.1, 0.9]])

    def score(a, b, r0, r1, c0, c1):
        out = np.full((r1 - r0, c1 - c0), -1.0)
        if a == 1 and b == 1:
            for r in range(max(r0, 1), r1):
                for c in range(max(c0, 1), c1):
                    out[r - r0, c - c0] = sims[r - 1, c - 1]
        return out

    lo, hi = full_band(4, 3)
    beads = banded_dp(4, 3, lo, hi, bead_shapes(2), score, 0.0, 0.0)
    assert beads == [(0, 1, 0, 1), (1, 2, 1, 1), (2, 3, 1, 2), (3, 4, 2, 3)]


def test_synthetic_alignment_with_insertions_and_deletions():
    zw, fw, gold = _synthetic(900)
    found = align_windows(zw, fw)
    test = {(z, f) for z, f, _, _ in found}
    assert len(test & set(gold)) / len(gold) > 0.99
    covered_zh = [i for z, _, _, _ in found for i in z]
    covered_fr = [j for _, f, _, _ in found for j in f]
    assert covered_zh == list(range(len(zw.sentences)))
    assert covered_fr == list(range(len(fw.sentences)))


def test_twenty_thousand_sentences_never_build_the_full_matrix():
    zw, fw, gold = _synthetic(20_000, seed=1)
    n, m = len(zw.sentences), len(fw.sentences)
    trace = AlignTrace()
    tracemalloc.start()
    try:
        found = align_windows(zw, fw, trace=trace)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    full_matrix_bytes = n * m * 4  # one float32 N×M similarity matrix: 1.6 GB here
    assert peak < full_matrix_bytes / 20
    assert trace.largest_grid < n * m / 20  # every DP ran inside a band
    lo, hi = trace.band
    assert int((hi - lo).max()) < 100
    assert len({(z, f) for z, f, _, _ in found} & set(gold)) / len(gold) > 0.99


def test_one_paragraph_per_sentence_is_not_evidence():
    # Presplit input makes every line a paragraph: that must not change the alignment.
    zw, fw, _ = _synthetic(300, seed=3)
    plain = align_windows(zw, fw)
    n, m = len(zw.sentences), len(fw.sentences)
    per_line = align_windows(zw, fw, zh_paragraphs=list(range(n)), fr_paragraphs=list(range(m)))
    assert [(z, f) for z, f, _, _ in per_line] == [(z, f) for z, f, _, _ in plain]


def test_paragraph_breaks_keep_beads_apart():
    # fr sentence 2 closes the first paragraph but half-matches zh sentence 2 of the next one.
    rng = np.random.default_rng(5)
    a, b1, b2, c = _unit(rng.normal(size=(4, 32)))
    zw = _windows(_unit(np.array([a, b1 + 0.3 * b2, c + 0.7 * b2])), 10)
    fw = _windows(_unit(np.array([a, b1, b2, c])), 30)
    zh_par, fr_par = [0, 0, 1], [0, 0, 0, 1]

    def straddles(found):
        return any(len({zh_par[i] for i in z} | {fr_par[j] for j in f}) > 1 for z, f, _, _ in found)

    assert straddles(align_windows(zw, fw))  # without the evidence: 1-2 across the break
    assert not straddles(align_windows(zw, fw, zh_paragraphs=zh_par, fr_paragraphs=fr_par))


def test_plot_pools_large_matrices_into_block_means(tmp_path):
    from align.plot import block_similarity, plot_alignment
    from align.types import Bead

    rng = np.random.default_rng(0)
    zh, fr = _unit(rng.normal(size=(1300, 16))), _unit(rng.normal(size=(700, 16)))
    matrix, bz, bf = block_similarity(zh, fr, side=600)
    assert (bz, bf) == (3, 2) and matrix.shape == (434, 350)
    assert matrix[1, 2] == pytest.approx(float((zh[3:6] @ fr[4:6].T).mean()), abs=1e-5)
    beads = [Bead((0,), (0,), "一", "un", 0.9), Bead((1,), (), "二", "", 0.7, flag="zh only")]
    plot_alignment(beads, zh[:2], fr[:1], tmp_path / "map.png")
    assert (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"

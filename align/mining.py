"""Comparable-document mining: find the sentence pairs two non-parallel documents share.

Ratio-margin scoring as in LASER/LaBSE bitext mining (Artetxe & Schwenk 2019): a candidate's
cosine is divided by the mean similarity of both its sides to their k nearest neighbours on the
other side, which discounts "hub" sentences that are close to everything. Candidates come from
both kNN directions; selection is one-to-one, greedy by margin (each sentence used at most once).

kNN is exact: blocked numpy matrix products for small inputs, faiss `IndexFlatIP` beyond
`FAISS_MIN_PAIRS` (measured in bench/results/mining.md), so no N×M matrix is ever held whole;
an IVF index (backend "ivf", approximate) is at most 2× faster up to 100k × 100k, so it is opt-in.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .types import Bead, Sentence

# Calibrated on simulated comparable NTREX-128 (the dev set) with use-m3, k=4; FLORES-200 is the
# held-out test set. See bench/bench_mining.py and bench/results/mining.md.
DEFAULT_THRESHOLD = 1.13
# Logistic fit of P(pair is correct | margin) on the same dev data: score = 1/(1+exp(-a(m-b))).
SCORE_SLOPE = 16.6
SCORE_CENTER = 1.14
# Each extra sentence in a window costs this much margin, so a window must beat the single
# sentence it contains clearly before it is preferred (calibrated on dev data with joins).
WINDOW_PENALTY = 0.1
DEFAULT_K = 4
# From about 4,000 × 4,000 pairs faiss is faster than blocked numpy (bench/results/mining.md).
FAISS_MIN_PAIRS = 16_000_000
# An IVF index (backend "ivf", approximate) is used from this many pairs only: at 100k × 100k on 2
# cores it was 1.2–1.9× faster than exact flat search (nprobe 64: 98 % of the 4 nearest neighbours,
# 99.9 % of mined pairs kept), but exact search already mines 100k × 100k in about 5 minutes.
IVF_MIN_PAIRS = 10**11
IVF_NPROBE = 64
BLOCK_ROWS = 1024  # numpy block: 1024 × M float32, 400 MB at M = 100k
# Floor of a sentence's mean similarity to its k neighbours. In a corpus it is above 0.3 for 99 %
# of sentences (FLORES, NTREX with use-m3); in a document of a few sentences the "neighbours" are
# unrelated sentences near 0, and an unfloored ratio would blow any weak cosine up to a huge margin.
NEIGHBOUR_FLOOR = 0.3


@dataclass(frozen=True)
class Neighbours:
    """k nearest neighbours of each query row in a base: similarities and indices, best first."""

    sims: np.ndarray  # (n, k) float32
    idx: np.ndarray  # (n, k) int64
    wanted: int = 0  # k asked for; the base may have had fewer rows

    @property
    def mean(self) -> np.ndarray:
        """Mean similarity to the k nearest neighbours: the margin's neighbourhood term.

        Neighbours missing because the other side is shorter than k count as NEIGHBOUR_FLOOR, so
        that in a two-sentence document the match itself does not make up the whole neighbourhood.
        """
        k = max(self.wanted, self.sims.shape[1])
        if k == 0:
            return np.zeros(len(self.sims), np.float32)
        return (self.sims.sum(axis=1) + (k - self.sims.shape[1]) * NEIGHBOUR_FLOOR) / k


def knn(queries: np.ndarray, base: np.ndarray, k: int, backend: str = "auto") -> Neighbours:
    """k nearest neighbours by inner product: "numpy", "faiss" (both exact), "ivf" (approximate) or "auto"."""
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    base = np.ascontiguousarray(base, dtype=np.float32)
    wanted, k = k, min(k, len(base))
    if k == 0 or len(queries) == 0:
        return Neighbours(np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64), wanted)
    found = _search(queries, base, k, backend)
    return Neighbours(found.sims, found.idx, wanted)


def _search(queries: np.ndarray, base: np.ndarray, k: int, backend: str) -> Neighbours:
    if backend == "auto":
        pairs = len(queries) * len(base)
        backend = "ivf" if pairs >= IVF_MIN_PAIRS else "faiss" if pairs >= FAISS_MIN_PAIRS else "numpy"
    if backend == "faiss":
        return _knn_faiss(queries, base, k)
    if backend == "ivf":
        return _knn_ivf(queries, base, k)
    if backend == "numpy":
        return _knn_numpy(queries, base, k)
    raise ValueError(f"unknown kNN backend {backend!r}")


def _knn_numpy(queries: np.ndarray, base: np.ndarray, k: int) -> Neighbours:
    sims = np.empty((len(queries), k), np.float32)
    idx = np.empty((len(queries), k), np.int64)
    for start in range(0, len(queries), BLOCK_ROWS):
        block = queries[start:start + BLOCK_ROWS] @ base.T
        top = np.argpartition(-block, k - 1, axis=1)[:, :k] if k < block.shape[1] else \
            np.broadcast_to(np.arange(block.shape[1]), block.shape).copy()
        top_sims = np.take_along_axis(block, top, axis=1)
        order = np.argsort(-top_sims, axis=1, kind="stable")
        sims[start:start + len(block)] = np.take_along_axis(top_sims, order, axis=1)
        idx[start:start + len(block)] = np.take_along_axis(top, order, axis=1)
    return Neighbours(sims, idx)


def _knn_faiss(queries: np.ndarray, base: np.ndarray, k: int) -> Neighbours:
    import faiss

    index = faiss.IndexFlatIP(base.shape[1])
    index.add(base)
    sims, idx = index.search(queries, k)
    return Neighbours(sims.astype(np.float32, copy=False), idx.astype(np.int64, copy=False))


def _knn_ivf(queries: np.ndarray, base: np.ndarray, k: int, nprobe: int | None = None) -> Neighbours:
    """Approximate kNN with faiss IndexIVFFlat: each query scans `nprobe` of ~4·√N clusters."""
    import faiss

    dim = base.shape[1]
    nlist = max(1, min(int(4 * np.sqrt(len(base))), len(base) // 40))  # faiss wants ≥ 39 points a cluster
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(0)
    sample = base[rng.choice(len(base), min(len(base), 64 * nlist), replace=False)]
    index.train(sample)
    index.add(base)
    index.nprobe = nprobe or IVF_NPROBE
    sims, idx = index.search(queries, k)
    return Neighbours(sims.astype(np.float32, copy=False), idx.astype(np.int64, copy=False))


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs (row in A, row in B) with cosine and ratio margin."""

    a: np.ndarray
    b: np.ndarray
    cosine: np.ndarray
    margin: np.ndarray


def ratio_margin(cos: np.ndarray, a_mean: np.ndarray, b_mean: np.ndarray) -> np.ndarray:
    """cos / mean of both sides' neighbourhood similarities (each floored at NEIGHBOUR_FLOOR)."""
    return cos / ((np.maximum(a_mean, NEIGHBOUR_FLOOR) + np.maximum(b_mean, NEIGHBOUR_FLOOR)) / 2)


def _candidates(fwd: Neighbours, bwd: Neighbours, a_mean: np.ndarray, b_mean: np.ndarray) -> Candidates:
    """Union of the a→b (`fwd`) and b→a (`bwd`) kNN pairs, each scored by its ratio margin."""
    n_a, n_b = len(fwd.idx), len(bwd.idx)
    a = np.concatenate([np.repeat(np.arange(n_a), fwd.idx.shape[1]), bwd.idx.ravel()])
    b = np.concatenate([fwd.idx.ravel(), np.repeat(np.arange(n_b), bwd.idx.shape[1])])
    cos = np.concatenate([fwd.sims.ravel(), bwd.sims.ravel()])
    keep = (a >= 0) & (b >= 0)  # faiss pads with -1 when the base is shorter than k
    a, b, cos = a[keep], b[keep], cos[keep]
    _, first = np.unique(a * max(n_b, 1) + b, return_index=True)
    a, b, cos = a[first], b[first], cos[first]
    margin = ratio_margin(cos, a_mean[a], b_mean[b])
    return Candidates(a, b, cos.astype(np.float32), margin.astype(np.float32))


def _rows(neighbours: Neighbours, rows: np.ndarray) -> Neighbours:
    return Neighbours(neighbours.sims[rows], neighbours.idx[rows], neighbours.wanted)


def _greedy_one_to_one(order_key: np.ndarray, a_sets: Sequence[Sequence[int]],
                       b_sets: Sequence[Sequence[int]]) -> list[int]:
    """Candidate positions accepted, best key first, skipping any that reuses a sentence."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    chosen = []
    for pos in np.argsort(-order_key, kind="stable"):
        sa, sb = a_sets[pos], b_sets[pos]
        if used_a.isdisjoint(sa) and used_b.isdisjoint(sb):
            used_a.update(sa)
            used_b.update(sb)
            chosen.append(int(pos))
    return chosen


def mine_embeddings(zh_emb: np.ndarray, fr_emb: np.ndarray, *, k: int = DEFAULT_K,
                    threshold: float | None = DEFAULT_THRESHOLD,
                    backend: str = "auto") -> list[tuple[int, int, float, float]]:
    """One-to-one margin mining of two sets of L2-normalised embeddings: [(zh, fr, margin, cosine)] by margin.

    `threshold=None` keeps every selected pair, however weak.
    """
    zh_emb = np.asarray(zh_emb, dtype=np.float32)
    fr_emb = np.asarray(fr_emb, dtype=np.float32)
    if len(zh_emb) == 0 or len(fr_emb) == 0:
        return []
    fwd, bwd = knn(zh_emb, fr_emb, k, backend), knn(fr_emb, zh_emb, k, backend)
    cand = _candidates(fwd, bwd, fwd.mean, bwd.mean)
    chosen = _greedy_pairs(cand)
    out = [(int(cand.a[p]), int(cand.b[p]), float(cand.margin[p]), float(cand.cosine[p])) for p in chosen]
    return [row for row in out if threshold is None or row[2] >= threshold]


def _greedy_pairs(cand: Candidates) -> list[int]:
    """Greedy one-to-one for single rows, vectorised enough for millions of candidates."""
    order = np.argsort(-cand.margin, kind="stable")
    used_a = np.zeros(int(cand.a.max()) + 1 if len(cand.a) else 0, bool)
    used_b = np.zeros(int(cand.b.max()) + 1 if len(cand.b) else 0, bool)
    chosen = []
    a_list, b_list = cand.a[order].tolist(), cand.b[order].tolist()
    for pos, a, b in zip(order.tolist(), a_list, b_list):
        if not used_a[a] and not used_b[b]:
            used_a[a] = used_b[b] = True
            chosen.append(pos)
    return chosen


def margin_score(margin: float | np.ndarray) -> float | np.ndarray:
    """Calibrated confidence in [0, 1] that a mined pair is a real match, from its margin."""
    z = np.clip(SCORE_SLOPE * (np.asarray(margin, dtype=np.float64) - SCORE_CENTER), -50, 50)
    out = 1.0 / (1.0 + np.exp(-z))
    return float(out) if np.ndim(out) == 0 else out


@dataclass(frozen=True)
class _Units:
    """Sentences and windows of one side: spans (first, size) and their embeddings."""

    spans: list[tuple[int, int]]
    emb: np.ndarray


def _units(embedder, sentences: Sequence[Sentence], lang: str, max_window: int,
           cross_paragraphs: bool) -> _Units:
    from .windows import build_windows

    texts = [s.text for s in sentences]
    max_size = max(1, min(max_window, len(texts)))
    windows = build_windows(embedder, texts, max_size, lang)
    paragraphs = [s.paragraph for s in sentences]
    spans, rows = [], []
    for size in range(1, max_size + 1):
        for end in range(size - 1, len(texts)):
            first = end - size + 1
            if size > 1 and not cross_paragraphs and paragraphs[first] != paragraphs[end]:
                continue  # a window spanning two paragraphs is rarely one passage
            spans.append((first, size))
            rows.append(windows.emb[size - 1][end])
    emb = np.stack(rows).astype(np.float32) if rows else np.zeros((0, 512), np.float32)
    return _Units(spans, emb)


def mine_units(zh_emb: np.ndarray, zh_sizes: np.ndarray, fr_emb: np.ndarray, fr_sizes: np.ndarray, *,
               zh_members: Sequence[Sequence[int]], fr_members: Sequence[Sequence[int]],
               k: int = DEFAULT_K, window_penalty: float = WINDOW_PENALTY,
               backend: str = "auto") -> list[tuple[int, int, float, float]]:
    """Mine units (sentences and windows) one-to-one at sentence level: [(zh_unit, fr_unit, margin, cosine)].

    Pairs are 1-n or n-1 (a window never pairs with a window); neighbourhoods are always taken
    over the other side's single sentences so that margins of all bead types are comparable.
    """
    zh_single = np.flatnonzero(zh_sizes == 1)
    fr_single = np.flatnonzero(fr_sizes == 1)
    if len(zh_single) == 0 or len(fr_single) == 0:
        return []
    zh_to_fr = knn(zh_emb, fr_emb[fr_single], k, backend)  # every zh unit against fr sentences
    fr_to_zh = knn(fr_emb, zh_emb[zh_single], k, backend)
    zh_mean, fr_mean = zh_to_fr.mean, fr_to_zh.mean
    # all zh units × fr sentences, then zh sentences × fr windows
    c1 = _candidates(zh_to_fr, knn(fr_emb[fr_single], zh_emb, k, backend), zh_mean, fr_mean[fr_single])
    fr_win = np.flatnonzero(fr_sizes > 1)
    c2 = _candidates(knn(zh_emb[zh_single], fr_emb[fr_win], k, backend), _rows(fr_to_zh, fr_win),
                     zh_mean[zh_single], fr_mean[fr_win])
    a = np.concatenate([c1.a, zh_single[c2.a]])
    b = np.concatenate([fr_single[c1.b], fr_win[c2.b]])
    cos = np.concatenate([c1.cosine, c2.cosine])
    margin = np.concatenate([c1.margin, c2.margin])
    extra = zh_sizes[a] + fr_sizes[b] - 2
    ranked = margin - window_penalty * extra
    chosen = _greedy_one_to_one(ranked, [zh_members[i] for i in a], [fr_members[j] for j in b])
    return [(int(a[p]), int(b[p]), float(margin[p]), float(cos[p])) for p in chosen]


def mine_comparable(zh: Sequence[Sentence], fr: Sequence[Sentence], embedder, *, max_window: int = 3,
                    threshold: float = DEFAULT_THRESHOLD, all_pairs: bool = False, k: int = DEFAULT_K,
                    window_penalty: float = WINDOW_PENALTY, cross_paragraphs: bool = False) -> list[Bead]:
    """Mine the passages two comparable documents share: comparable-mode Beads in zh order.

    Candidates are sentences and windows of up to `max_window` consecutive sentences of one
    paragraph on either side (1-1, 1-2, 2-1, 1-3, 3-1). Pairs under `threshold` (a ratio margin)
    are left out unless `all_pairs`, in which case they are kept with flag "below threshold".
    """
    if not zh or not fr:
        return []
    zu = _units(embedder, zh, "zh", max_window, cross_paragraphs)
    fu = _units(embedder, fr, "fr", max_window, cross_paragraphs)
    zh_members = [tuple(range(first, first + size)) for first, size in zu.spans]
    fr_members = [tuple(range(first, first + size)) for first, size in fu.spans]
    mined = mine_units(zu.emb, np.array([s for _, s in zu.spans]), fu.emb, np.array([s for _, s in fu.spans]),
                       zh_members=zh_members, fr_members=fr_members, k=k, window_penalty=window_penalty)
    beads = []
    for zi, fj, margin, _cos in mined:
        below = margin < threshold
        if below and not all_pairs:
            continue
        z_pos, f_pos = zh_members[zi], fr_members[fj]
        beads.append(Bead(zh_ids=tuple(zh[i].index for i in z_pos), fr_ids=tuple(fr[j].index for j in f_pos),
                          zh="".join(zh[i].text for i in z_pos), fr=" ".join(fr[j].text for j in f_pos),
                          score=round(float(margin_score(margin)), 4),
                          flag="below threshold" if below else "", mode="comparable", margin=round(margin, 4)))
    beads.sort(key=lambda bead: (bead.zh_ids[0], bead.fr_ids[0]))
    return beads

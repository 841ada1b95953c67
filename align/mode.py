"""`--mode auto`: decide whether two documents are translations (parallel) or only comparable.

Evidence: confident anchors — mutual nearest neighbours whose ratio margin passes the mining
threshold — and whether they lie along the diagonal (same relative position in both documents,
up to a constant shift such as a preamble on one side) and in the same order. A translation has
such anchors for most of its sentences; comparable documents have few, scattered ones. A total length far from the
usual French/Chinese character ratio is evidence against a translation as well.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .mining import DEFAULT_K, DEFAULT_THRESHOLD, knn, ratio_margin

# Share of the shorter document's sentences with an anchor near the diagonal from which the
# documents are taken for translations. Whole translations in FLORES/NTREX score 0.73–1.0, other
# documents ≤ 0.14, shuffled translations ≤ 0.38, the seeds 0 (bench/results/mining.md, "Mode decision").
PARALLEL_MIN_SHARE = 0.4
DIAGONAL_BAND = 0.1  # |relative fr position − relative zh position − median shift| for "near"
# French characters per Chinese character in a translation is about 3 (e^1.10, align/scoring.py);
# outside this range the two texts cannot be translations of each other.
LENGTH_RATIO_RANGE = (1.0, 9.0)


@dataclass(frozen=True)
class ModeDecision:
    """The chosen mode, one sentence a translator understands, and the numbers behind it."""

    mode: str  # "parallel" or "comparable"
    reason: str
    stats: dict = field(default_factory=dict)


def anchors(zh_emb: np.ndarray, fr_emb: np.ndarray, *, k: int = DEFAULT_K,
            threshold: float = DEFAULT_THRESHOLD) -> list[tuple[int, int, float]]:
    """Mutual nearest neighbours with a ratio margin ≥ threshold: [(zh, fr, margin)]."""
    fwd = knn(zh_emb, fr_emb, k)
    bwd = knn(fr_emb, zh_emb, k)
    if fwd.idx.shape[1] == 0:
        return []
    zh_mean, fr_mean = fwd.mean, bwd.mean
    out = []
    for i in range(len(zh_emb)):
        j = int(fwd.idx[i, 0])
        if int(bwd.idx[j, 0]) != i:
            continue
        margin = float(ratio_margin(fwd.sims[i, 0], zh_mean[i], fr_mean[j]))
        if margin >= threshold:
            out.append((i, j, margin))
    return out


def decide_mode(zh_emb: np.ndarray, fr_emb: np.ndarray, *, zh_chars: Sequence[int] | None = None,
                fr_chars: Sequence[int] | None = None, min_share: float = PARALLEL_MIN_SHARE,
                k: int = DEFAULT_K, threshold: float = DEFAULT_THRESHOLD) -> ModeDecision:
    """Parallel when most sentences have a confident match near the diagonal, else comparable."""
    zh_emb = np.asarray(zh_emb, dtype=np.float32)
    fr_emb = np.asarray(fr_emb, dtype=np.float32)
    n_zh, n_fr = len(zh_emb), len(fr_emb)
    stats: dict = {"zh_sentences": n_zh, "fr_sentences": n_fr}
    if n_zh == 0 or n_fr == 0:
        return ModeDecision("comparable", "one side has no sentences, so it cannot be a translation", stats)
    found = anchors(zh_emb, fr_emb, k=k, threshold=threshold)
    rel_zh = np.array([(i + 0.5) / n_zh for i, _, _ in found])
    rel_fr = np.array([(j + 0.5) / n_fr for _, j, _ in found])
    shift = float(np.median(rel_fr - rel_zh)) if found else 0.0
    close = np.abs(rel_fr - rel_zh - shift) <= DIAGONAL_BAND if found else np.zeros(0, bool)
    # a translation keeps the order: count only the longest run of near anchors that goes forward on both sides
    near = _longest_increasing([j for (_, j, _), c in zip(found, close) if c])
    share = near / min(n_zh, n_fr)
    stats.update(anchors=len(found), near_diagonal=near, diagonal_share=round(share, 3), shift=round(shift, 3))
    ratio = None
    if zh_chars is not None and fr_chars is not None and sum(zh_chars) > 0:
        ratio = sum(fr_chars) / sum(zh_chars)
        stats["length_ratio"] = round(ratio, 2)
    if ratio is not None and not LENGTH_RATIO_RANGE[0] <= ratio <= LENGTH_RATIO_RANGE[1]:
        return ModeDecision("comparable", f"the French text has {ratio:.1f} characters per Chinese character "
                                          f"(a translation has about 3) and "
                                          f"{'no sentence has' if share == 0 else _pct(share) + ' of sentences have'}"
                                          f" a confident match near the diagonal: comparable", stats)
    if share >= min_share:
        return ModeDecision("parallel", f"{_pct(share)} of sentences have a confident match near the diagonal "
                                        f"(a translation has at least {_pct(min_share)}): parallel", stats)
    matched = "no sentence has" if share == 0 else f"only {_pct(share)} of sentences have"
    return ModeDecision("comparable", f"{matched} a confident match near the diagonal (a translation has at least "
                                      f"{_pct(min_share)}): comparable", stats)


def _pct(share: float) -> str:
    return f"{round(100 * share)} %"


def _longest_increasing(values: Sequence[int]) -> int:
    """Length of the longest strictly increasing subsequence (patience sorting)."""
    from bisect import bisect_left

    tails: list[int] = []
    for value in values:
        at = bisect_left(tails, value)
        tails[at:at + 1] = [value]
    return len(tails)

"""Embeddings of windows of up to k consecutive sentences, each distinct string embedded once.

For the default model (use-m3) a window's embedding is the output layers applied to the sum of its
sentences' token features: one encoder pass over the sentences, then a cheap `head` per window
("sum" method). The sum differs from re-encoding the joined text only by the n-grams straddling
each join and the extra start/end tokens: cosine 0.96 median to the re-encoded window (0.93 for
three sentences), zh–fr similarity of a window pair within 0.02 (bench/results/align.md). That blur
costs about one point of strict F1 on NTREX, so the aligner's default for this model is a hybrid
(`align.parallel`): sums everywhere, then `refine_windows` re-encodes the windows around the beads
that are not confident 1-1 (a quarter to a third of them) and the DP runs again. Other models
re-encode the joined text ("encode" method), every distinct window string once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .scoring import char_count

JOINERS = {"zh": "", "fr": " "}


@dataclass
class Windows:
    """emb[k-1][e]: embedding of sentences e-k+1 .. e (rows e < k-1 are zero); chars likewise."""

    emb: list[np.ndarray]
    chars: list[np.ndarray]

    @property
    def sentences(self) -> np.ndarray:
        return self.emb[0]

    @property
    def max_size(self) -> int:
        return len(self.emb)


def window_text(texts: Sequence[str], end: int, size: int, joiner: str) -> str:
    """The text of the window of `size` sentences ending at index `end`."""
    return joiner.join(texts[end - size + 1:end + 1])


def window_chars(texts: Sequence[str], max_size: int) -> list[np.ndarray]:
    """Character counts of every window, by size."""
    single = np.array([char_count(t) for t in texts], dtype=np.float64)
    total = np.concatenate([[0.0], np.cumsum(single)])
    out = []
    for size in range(1, max_size + 1):
        counts = np.zeros(len(texts))
        if len(texts) >= size:
            counts[size - 1:] = total[size:] - total[:len(texts) - size + 1]
        out.append(counts)
    return out


def _summed_windows(embedder, texts: Sequence[str], max_size: int, desc: str) -> list[np.ndarray]:
    sums, lens = embedder.features(list(texts), desc=desc)
    n = len(texts)
    out = []
    for size in range(1, max_size + 1):
        emb = np.zeros((n, 512), dtype=np.float32)
        if n >= size:
            # Shifted float32 slices rather than a cumulative sum: no (n × 1280) float64 array at 50k sentences.
            window_sums = sums[size - 1:].copy()
            window_lens = lens[size - 1:].copy()
            for back in range(1, size):
                window_sums += sums[size - 1 - back:n - back]
                window_lens += lens[size - 1 - back:n - back]
            emb[size - 1:] = embedder.head(window_sums, window_lens)  # size 1: identical to encode()
            del window_sums
        out.append(emb)
    return out


def _encoded_windows(embedder, texts: Sequence[str], max_size: int, joiner: str, desc: str) -> list[np.ndarray]:
    strings: list[str] = []
    for size in range(1, max_size + 1):
        strings.extend(window_text(texts, end, size, joiner) for end in range(size - 1, len(texts)))
    unique = list(dict.fromkeys(strings))
    vectors = embedder.encode(unique, desc=desc) if unique else np.zeros((0, 0), dtype=np.float32)
    row = {text: i for i, text in enumerate(unique)}
    dim = vectors.shape[1] if len(unique) else 0
    out = []
    for size in range(1, max_size + 1):
        emb = np.zeros((len(texts), dim), dtype=np.float32)
        for end in range(size - 1, len(texts)):
            emb[end] = vectors[row[window_text(texts, end, size, joiner)]]
        out.append(emb)
    return out


def has_features(embedder) -> bool:
    """True when the embedder exposes token-feature sums (the default model)."""
    try:
        return embedder.use_module is not None
    except Exception:  # a model that cannot even be inspected: encode() will report the problem
        return False


def build_windows(embedder, texts: Sequence[str], max_size: int, lang: str, method: str = "auto") -> Windows:
    """Window embeddings for sizes 1..max_size; method "sum" (feature sums), "encode" or "auto"."""
    if method == "auto":
        method = "sum" if has_features(embedder) else "encode"
    desc = f"Embedding {lang}"
    if method == "sum":
        emb = _summed_windows(embedder, texts, max_size, desc)
    elif method == "encode":
        emb = _encoded_windows(embedder, texts, max_size, JOINERS.get(lang, " "), desc)
    else:
        raise ValueError(f"unknown window method {method!r}")
    return Windows(emb=emb, chars=window_chars(texts, max_size))


def refine_windows(embedder, windows: Windows, texts: Sequence[str], mask: np.ndarray, lang: str) -> int:
    """Replace summed embeddings of multi-sentence windows lying inside `mask` by re-encoded ones.

    The hybrid method: sums everywhere, exact encodings where the alignment is uncertain.
    Returns the number of windows re-encoded.
    """
    joiner = JOINERS.get(lang, " ")
    inside = np.concatenate([[0], np.cumsum(mask.astype(np.int64))])
    wanted: list[tuple[int, int]] = []
    for size in range(2, windows.max_size + 1):
        for end in range(size - 1, len(texts)):
            if inside[end + 1] - inside[end + 1 - size] == size:
                wanted.append((size, end))
    if not wanted:
        return 0
    vectors = embedder.encode([window_text(texts, end, size, joiner) for size, end in wanted],
                              desc=f"Embedding {lang} windows")
    for (size, end), vector in zip(wanted, vectors):
        windows.emb[size - 1][end] = vector
    return len(wanted)


def sentence_embeddings(embedder, texts: Sequence[str]) -> np.ndarray:
    """One embedding per sentence, reusing the cached token features when the model has them."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    if has_features(embedder):
        sums, lens = embedder.features(list(texts))
        return embedder.head(sums, lens)
    return embedder.encode(list(texts))

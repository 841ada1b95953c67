"""Parallel alignment: a document and its translation, sentence by sentence, with m-n beads.

Two passes, both near-linear (in the spirit of Vecalign's coarse-to-fine search and Bertalign's
anchor-then-band search):

1. Anchor path: sentence embeddings are averaged over blocks of 2, 4, 8 … sentences until the
   grid is small; a 1-1/skip DP at the coarsest level gives a path, which is projected one level
   down and searched again inside a band around it, down to single sentences.
2. Beads: a DP over bead shapes (1-1, 1-2, 2-1, 1-3, 3-1, 2-2, 1-0, 0-1 for max_bead 3) inside a
   band around the anchor path, scored by `align.scoring` on window embeddings (`align.windows`).

Window embeddings for the default model are summed token features, refined by re-encoding the
windows around uncertain beads before a second DP ("hybrid", see `align.windows`).

No step allocates more than (rows × band width) cells: a 20,000-sentence document never builds the
full N×M similarity matrix (small documents, up to FULL_GRID_CELLS cells, are searched in full).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from .errors import InputError
from .scoring import DEFAULT_PARAMS, ScoreParams, confidence, length_term, neighbour_means, skip_confidence
from .types import Bead, Sentence
from .windows import Windows, build_windows, has_features, refine_windows

DEFAULT_MAX_BEAD = 3
FULL_GRID_CELLS = 250_000  # grids up to this many cells are searched without a band
ANCHOR_BAND = 6  # band half-width (sentences/blocks) around a projected coarse path
BEAD_BAND = 6  # band half-width around the anchor path for the m-n bead search
ANCHOR_SKIP = -0.08  # cost of a skip in the 1-1 anchor passes
HYBRID_CONTEXT = 1  # hybrid windows: sentences re-encoded on each side of an uncertain bead …
HYBRID_SURE = 0.6  # … which is any bead but a 1-1 of at least this confidence


@dataclass
class AlignTrace:
    """What a run allocated and found: for tests (no N×M matrix) and the --plot."""

    grid_cells: list[int] = field(default_factory=list)  # DP cells allocated, per DP run
    anchor_path: list[tuple[int, int]] = field(default_factory=list)
    band: tuple[np.ndarray, np.ndarray] | None = None  # (lo, hi) per zh grid row, final pass
    windows_total: int = 0  # multi-sentence windows of both sides
    windows_reencoded: int = 0  # of which re-encoded by the hybrid method

    @property
    def largest_grid(self) -> int:
        return max(self.grid_cells, default=0)


def bead_shapes(max_bead: int) -> list[tuple[int, int]]:
    """Allowed (zh count, fr count): 1-1, skips, then every a-b with a, b ≤ max_bead and a + b ≤ max_bead + 1."""
    if max_bead < 1:
        raise ValueError("max_bead must be at least 1")
    shapes = [(1, 1), (1, 0), (0, 1)]
    for total in range(3, max_bead + 2):
        for a in range(1, total):
            b = total - a
            if a <= max_bead and b <= max_bead:
                shapes.append((a, b))
    return shapes


# --------------------------------------------------------------------------- banded DP


ROW_BLOCK = 256  # rows scored together: one (block × band-columns) matrix product per bead shape


def banded_dp(n: int, m: int, lo: np.ndarray, hi: np.ndarray, shapes: Sequence[tuple[int, int]],
              score: Callable[[int, int, int, int, int, int], np.ndarray], skip_zh: float, skip_fr: float,
              trace: AlignTrace | None = None) -> list[tuple[int, int, int, int]]:
    """Best monotone path from (0, 0) to (n, m) inside the band lo[i] ≤ j ≤ hi[i].

    `score(a, b, r0, r1, c0, c1)` gives, as an (r1-r0, c1-c0) matrix, the scores of beads with a zh
    and b fr sentences (a, b ≥ 1) ending at grid cells rows r0..r1-1 × columns c0..c1-1. Returns
    beads as (zh_start, zh_end, fr_start, fr_end), in order.
    """
    width = int((hi - lo).max()) + 1
    moves = [shape for shape in shapes if shape[0] > 0]  # 0-1 moves stay in a row: handled apart
    if trace is not None:
        trace.grid_cells.append((n + 1) * width * (len(moves) + 2))
    offsets = np.arange(width)
    # Per move and cell: the score of arriving there and the column (in band coordinates) it comes from.
    gain = np.full((len(moves), n + 1, width), -np.inf, dtype=np.float32)
    source = np.zeros((len(moves), n + 1, width), dtype=np.int32)
    for r0 in range(0, n + 1, ROW_BLOCK):
        r1 = min(n + 1, r0 + ROW_BLOCK)
        rows = np.arange(r0, r1)
        cols = lo[r0:r1, None] + offsets[None, :]  # grid column of each cell
        inside = offsets[None, :] <= (hi[r0:r1] - lo[r0:r1])[:, None]
        c0, c1 = int(lo[r0:r1].min()), int(hi[r0:r1].max()) + 1
        for s, (a, b) in enumerate(moves):
            prev = np.maximum(rows - a, 0)
            pcol = cols - b
            ok = inside & (rows[:, None] >= a) & (pcol >= lo[prev][:, None]) & (pcol <= hi[prev][:, None])
            if not ok.any():
                continue
            if b == 0:
                values = np.full(cols.shape, skip_zh, dtype=np.float32)
            else:
                block = score(a, b, r0, r1, c0, c1)
                values = np.take_along_axis(block, np.clip(cols - c0, 0, c1 - c0 - 1), axis=1)
            gain[s, r0:r1] = np.where(ok, values, -np.inf)
            source[s, r0:r1] = np.clip(pcol - lo[prev][:, None], 0, width - 1)
    D = np.full((n + 1, width), -np.inf, dtype=np.float64)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    move_rows = np.array([a for a, _ in moves])
    move_index = np.array([shapes.index(shape) for shape in moves], dtype=np.int8)
    fr_skip = shapes.index((0, 1))
    ramp = skip_fr * offsets
    for i in range(n + 1):
        if i == 0:
            row = np.full(width, -np.inf)
            row[0] = 0.0  # lo[0] == 0
            brow = np.full(width, -1, dtype=np.int8)
        else:
            cand = D[np.maximum(i - move_rows, 0)[:, None], source[:, i]] + gain[:, i]
            best = np.argmax(cand, axis=0)
            row = cand[best, offsets]
            brow = move_index[best]
        # Chains of fr skips in one row: a running max of row[j] - skip*j covers them all at once.
        shifted = row - ramp
        top = np.maximum.accumulate(shifted)
        improved = top > shifted
        row = np.where(improved, top + ramp, row)
        brow = np.where(improved, fr_skip, brow)
        D[i], back[i] = row, brow
    if not np.isfinite(D[n, m - lo[n]]):
        raise RuntimeError("no path inside the band")  # cannot happen: a band always holds a staircase
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = shapes[back[i, j - lo[i]]]
        beads.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """The whole grid as a band."""
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def band_around(points: Sequence[tuple[int, int]], n: int, m: int, half_width: int) -> tuple[np.ndarray, np.ndarray]:
    """A band of ±half_width rows and columns around a monotone path of grid points from (0,0) to (n,m)."""
    jmin = np.full(n + 1, m, dtype=np.int64)
    jmax = np.zeros(n + 1, dtype=np.int64)
    for (i1, j1), (i2, j2) in zip(points, points[1:]):
        rows = slice(min(i1, n), min(i2, n) + 1)
        jmin[rows] = np.minimum(jmin[rows], min(j1, m))
        jmax[rows] = np.maximum(jmax[rows], min(j2, m))
    if len(points) == 1:
        jmin[:] = 0
    jmin = np.minimum.accumulate(jmin[::-1])[::-1]  # monotone even where the path left a row empty
    jmax = np.maximum.accumulate(jmax)
    rows = np.arange(n + 1)
    lo = np.clip(jmin[np.maximum(rows - half_width, 0)] - half_width, 0, m)
    hi = np.clip(jmax[np.minimum(rows + half_width, n)] + half_width, 0, m)
    lo[0], hi[n] = 0, m
    return lo, hi


def sentence_band(lo: np.ndarray, hi: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns (fr sentences, [start, stop)) a zh sentence may pair with, from a grid band."""
    start = lo[:-1]
    stop = np.maximum(hi[1:], start + 1)
    return np.minimum(start, max(m - 1, 0)), np.minimum(stop, m)


def transpose_band(lo: np.ndarray, hi: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """The same band seen from the columns: rows allowed for each grid column j."""
    cols = np.arange(m + 1)
    rlo = np.searchsorted(hi, cols, side="left")
    rhi = np.searchsorted(lo, cols, side="right") - 1
    return rlo.astype(np.int64), rhi.astype(np.int64)


# --------------------------------------------------------------------------- pass 1: anchors


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.maximum(norms, 1e-9)).astype(np.float32)


def _downsample(x: np.ndarray) -> np.ndarray:
    if len(x) % 2:
        x = np.concatenate([x, x[-1:]])
    return _normalise(x[0::2] + x[1::2])


def _margins(ez: np.ndarray, ef: np.ndarray, lo: np.ndarray, hi: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    n, m = len(ez), len(ef)
    zlo, zhi = sentence_band(lo, hi, m)
    rlo, rhi = transpose_band(lo, hi, m)
    flo, fhi = sentence_band(rlo, rhi, n)
    return neighbour_means(ez, ef, zlo, zhi, k), neighbour_means(ef, ez, flo, fhi, k)


def anchor_path(ez: np.ndarray, ef: np.ndarray, trace: AlignTrace | None = None,
                k: int = 4) -> list[tuple[int, int]]:
    """Grid points of the best 1-1/skip path, searched coarse to fine (never the full grid when large)."""
    n, m = len(ez), len(ef)
    if (n + 1) * (m + 1) <= FULL_GRID_CELLS or min(n, m) < 4:
        lo, hi = full_band(n, m)
    else:
        coarse = anchor_path(_downsample(ez), _downsample(ef), trace, k)
        lo, hi = band_around([(2 * i, 2 * j) for i, j in coarse], n, m, ANCHOR_BAND)
    nz, nf = _margins(ez, ef, lo, hi, k)

    def score(a: int, b: int, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        zr, fc = _ends(r0, r1), _ends(c0, c1)
        return ez[zr] @ ef[fc].T - 0.5 * (nz[zr][:, None] + nf[fc][None, :])

    beads = banded_dp(n, m, lo, hi, [(1, 1), (1, 0), (0, 1)], score, ANCHOR_SKIP, ANCHOR_SKIP, trace)
    return [(0, 0)] + [(i2, j2) for _, i2, _, j2 in beads]


# --------------------------------------------------------------------------- pass 2: beads


def _window_means(values: np.ndarray, max_size: int) -> list[np.ndarray]:
    total = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
    out = []
    for size in range(1, max_size + 1):
        mean = np.zeros(len(values))
        if len(values) >= size:
            mean[size - 1:] = (total[size:] - total[:len(values) - size + 1]) / size
        out.append(mean)
    return out


def _paragraph_marks(paragraphs: np.ndarray, max_size: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """(ends[e]: sentence e closes a paragraph, straddles[k-1][e]: window of size k ending at e spans two)."""
    n = len(paragraphs)
    ends = np.ones(n, dtype=bool)
    if n > 1:
        ends[:-1] = paragraphs[:-1] != paragraphs[1:]
    straddles = []
    for size in range(1, max_size + 1):
        s = np.zeros(n, dtype=bool)
        if n >= size:
            s[size - 1:] = paragraphs[size - 1:] != paragraphs[:n - size + 1]
        straddles.append(s)
    return ends, straddles


def _ends(g0: int, g1: int) -> np.ndarray:
    """Sentence index ending at each grid line g0..g1-1 (grid line 0 has none: clamped, masked by the DP)."""
    return np.maximum(np.arange(g0, g1) - 1, 0)


@dataclass
class _BeadScorer:
    zw: Windows
    fw: Windows
    zmargin: list[np.ndarray]
    fmargin: list[np.ndarray]
    params: ScoreParams
    zpara: tuple[np.ndarray, list[np.ndarray]] | None = None
    fpara: tuple[np.ndarray, list[np.ndarray]] | None = None

    def __call__(self, a: int, b: int, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        p = self.params
        ez, ef = _ends(r0, r1), _ends(c0, c1)  # last sentence of each window
        total = self.zw.emb[a - 1][ez] @ self.fw.emb[b - 1][ef].T
        total -= p.margin_weight * 0.5 * (self.zmargin[a - 1][ez][:, None] + self.fmargin[b - 1][ef][None, :])
        total += length_term(self.zw.chars[a - 1][ez][:, None], self.fw.chars[b - 1][ef][None, :], p)
        total -= p.merge_penalty * (a + b - 2)
        if self.zpara is not None and self.fpara is not None:
            (zend, zstr), (fend, fstr) = self.zpara, self.fpara
            total += p.paragraph_bonus * (zend[ez][:, None] & fend[ef][None, :])
            total -= p.straddle_penalty * (zstr[a - 1][ez][:, None] | fstr[b - 1][ef][None, :])
        return total

    def cells(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Scores of single cells (rows[k], cols[k]) for one bead shape: the same terms, element-wise."""
        p = self.params
        ez, ef = rows - 1, cols - 1
        total = np.einsum("kd,kd->k", self.zw.emb[a - 1][ez], self.fw.emb[b - 1][ef]).astype(np.float64)
        total -= p.margin_weight * 0.5 * (self.zmargin[a - 1][ez] + self.fmargin[b - 1][ef])
        total += length_term(self.zw.chars[a - 1][ez], self.fw.chars[b - 1][ef], p)
        total -= p.merge_penalty * (a + b - 2)
        if self.zpara is not None and self.fpara is not None:
            (zend, zstr), (fend, fstr) = self.zpara, self.fpara
            total += p.paragraph_bonus * (zend[ez] & fend[ef])
            total -= p.straddle_penalty * (zstr[a - 1][ez] | fstr[b - 1][ef])
        return total


def align_windows(zw: Windows, fw: Windows, *, zh_paragraphs: Sequence[int] | None = None,
                  fr_paragraphs: Sequence[int] | None = None, params: ScoreParams = DEFAULT_PARAMS,
                  trace: AlignTrace | None = None) -> list[tuple[tuple[int, ...], tuple[int, ...], float, float]]:
    """Align two sides given their window embeddings: (zh_ids, fr_ids, confidence, best similarity) per bead."""
    with _one_blas_thread():
        return _align_windows(zw, fw, zh_paragraphs, fr_paragraphs, params, trace)


def _one_blas_thread():
    """The DP multiplies many small blocks: waking BLAS threads for each costs more than the product."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with the numpy stack here
        from contextlib import nullcontext

        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _align_windows(zw: Windows, fw: Windows, zh_paragraphs: Sequence[int] | None,
                   fr_paragraphs: Sequence[int] | None, params: ScoreParams,
                   trace: AlignTrace | None) -> list[tuple[tuple[int, ...], tuple[int, ...], float, float]]:
    n, m = len(zw.sentences), len(fw.sentences)
    max_bead = min(zw.max_size, fw.max_size)
    ez, ef = zw.sentences, fw.sentences
    if (n + 1) * (m + 1) <= FULL_GRID_CELLS:
        lo, hi = full_band(n, m)
        path: list[tuple[int, int]] = []
    else:
        path = anchor_path(ez, ef, trace, params.margin_k)
        lo, hi = band_around(path, n, m, BEAD_BAND)
    if trace is not None:
        trace.anchor_path, trace.band = path, (lo, hi)
    nz, nf = _margins(ez, ef, lo, hi, params.margin_k)
    scorer = _BeadScorer(zw, fw, _window_means(nz, max_bead), _window_means(nf, max_bead), params)
    if zh_paragraphs is not None and fr_paragraphs is not None:
        zp, fp = np.asarray(zh_paragraphs), np.asarray(fr_paragraphs)
        # Evidence only when both sides have paragraphs, and real ones (not one per sentence, as presplit gives).
        if all(1 < len(set(p.tolist())) < len(p) for p in (zp, fp)):
            scorer.zpara, scorer.fpara = _paragraph_marks(zp, max_bead), _paragraph_marks(fp, max_bead)
    shapes = bead_shapes(max_bead)
    spans = banded_dp(n, m, lo, hi, shapes, scorer, params.skip, params.skip, trace)
    # Confidence of every bead, computed per shape in one vectorised pass.
    by_shape: dict[tuple[int, int], list[int]] = {}
    for k, (z0, z1, f0, f1) in enumerate(spans):
        by_shape.setdefault((z1 - z0, f1 - f0), []).append(k)
    scores = np.zeros(len(spans))
    sims = np.zeros(len(spans))
    zlo, zhi = sentence_band(lo, hi, m)
    for (a, b), ks in by_shape.items():
        rows = np.array([spans[k][1] for k in ks])
        cols = np.array([spans[k][3] for k in ks])
        if a and b:
            scores[ks] = scorer.cells(a, b, rows, cols)
            sims[ks] = np.einsum("kd,kd->k", zw.emb[a - 1][rows - 1], fw.emb[b - 1][cols - 1])
        else:  # a sentence left alone: how sure are we that nothing nearby translates it?
            for k in ks:
                z0, _, f0, _ = spans[k]
                if a:
                    sims[k] = float((ef[zlo[z0]:zhi[z0]] @ ez[z0]).max()) if m else 0.0
                else:
                    near = np.nonzero((lo[:-1] <= f0) & (hi[1:] >= f0))[0] if n else np.array([], dtype=int)
                    sims[k] = float((ez[near] @ ef[f0]).max()) if len(near) else 0.0
    out = []
    for k, (z0, z1, f0, f1) in enumerate(spans):
        zh_ids, fr_ids = tuple(range(z0, z1)), tuple(range(f0, f1))
        conf = confidence(scores[k], params) if zh_ids and fr_ids else skip_confidence(sims[k], params)
        out.append((zh_ids, fr_ids, float(conf), float(sims[k])))
    return out


# --------------------------------------------------------------------------- public entry point


def _check_sides(zh: Sequence[Sentence], fr: Sequence[Sentence]) -> None:
    if not zh and not fr:
        raise InputError(None, "both documents are empty after cleaning: nothing to align")
    if not zh:
        raise InputError(None, "the Chinese document has no sentences after cleaning: nothing to align")
    if not fr:
        raise InputError(None, "the French document has no sentences after cleaning: nothing to align")
    zh_chars = sum(len(s.text) for s in zh)
    fr_chars = sum(len(s.text) for s in fr)
    ratio = (fr_chars + 30) / (zh_chars + 10)  # French runs about 3 characters per hanzi
    count_ratio = max(len(zh), len(fr)) / max(1, min(len(zh), len(fr)))
    if ratio > 30 or ratio < 0.3 or (count_ratio > 5 and max(len(zh), len(fr)) >= 10):
        raise InputError(None, f"the documents cannot be translations of each other ({len(zh)} Chinese vs "
                               f"{len(fr)} French sentences, {zh_chars} vs {fr_chars} characters); "
                               f"for documents that only share a topic use --mode comparable")


def check_alignment(beads: Sequence[Bead], zh_count: int, fr_count: int) -> None:
    """Raise InputError when the alignment shows the sides are not translations of each other."""
    aligned = sum(len(b.zh_ids) + len(b.fr_ids) for b in beads if b.zh_ids and b.fr_ids)
    total = zh_count + fr_count
    weak = sum(1 for b in beads if b.zh_ids and b.fr_ids and b.flag)
    pairs = sum(1 for b in beads if b.zh_ids and b.fr_ids)
    if total >= 6 and (aligned < 0.5 * total or (pairs and weak > 0.6 * pairs)):
        raise InputError(None, f"the documents do not read as translations of each other (only "
                               f"{aligned} of {total} sentences align, {weak} of {pairs} pairs weak); "
                               f"for documents that only share a topic use --mode comparable")


def uncertain_regions(found, n: int, m: int, context: int | None = None,
                      sure: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Sentences within `context` of a bead that is not a confident 1-1, on each side."""
    context = HYBRID_CONTEXT if context is None else context
    sure = HYBRID_SURE if sure is None else sure
    zmask, fmask = np.zeros(n, dtype=bool), np.zeros(m, dtype=bool)
    z = f = 0
    for zh_ids, fr_ids, conf, _ in found:
        z1, f1 = z + len(zh_ids), f + len(fr_ids)
        if not (len(zh_ids) == 1 and len(fr_ids) == 1 and conf >= sure):
            zmask[max(0, z - context):z1 + context] = True
            fmask[max(0, f - context):f1 + context] = True
        z, f = z1, f1
    return zmask, fmask


def align_parallel(zh: list[Sentence], fr: list[Sentence], embedder, *, max_bead: int = DEFAULT_MAX_BEAD,
                   params: ScoreParams = DEFAULT_PARAMS, window_method: str = "auto",
                   use_paragraphs: bool = True, check: bool = True,
                   trace: AlignTrace | None = None) -> list[Bead]:
    """Align a document and its translation: beads in order covering every sentence once, scored and flagged."""
    _check_sides(zh, fr)
    if max_bead < 1:
        raise InputError(None, f"--max-bead must be at least 1 (got {max_bead})")
    zh_texts, fr_texts = [s.text for s in zh], [s.text for s in fr]
    method = window_method
    if method == "auto":
        method = "hybrid" if has_features(embedder) else "encode"
    zw = build_windows(embedder, zh_texts, max_bead, "zh", "sum" if method == "hybrid" else method)
    fw = build_windows(embedder, fr_texts, max_bead, "fr", "sum" if method == "hybrid" else method)
    zp = [s.paragraph for s in zh] if use_paragraphs else None
    fp = [s.paragraph for s in fr] if use_paragraphs else None
    found = align_windows(zw, fw, zh_paragraphs=zp, fr_paragraphs=fp, params=params, trace=trace)
    if method == "hybrid" and max_bead > 1:
        # Summed windows are slightly blurred; re-encode the windows around every bead that is not a
        # confident 1-1 and search again (a cheap second DP, most windows unchanged).
        zmask, fmask = uncertain_regions(found, len(zh), len(fr))
        changed = refine_windows(embedder, zw, zh_texts, zmask, "zh")
        changed += refine_windows(embedder, fw, fr_texts, fmask, "fr")
        if trace is not None:
            trace.windows_total = sum(max(0, len(t) - k + 1) for t in (zh_texts, fr_texts) for k in range(2, max_bead + 1))
            trace.windows_reencoded = changed
        if changed:
            found = align_windows(zw, fw, zh_paragraphs=zp, fr_paragraphs=fp, params=params, trace=trace)
    beads = []
    for zh_ids, fr_ids, conf, _ in found:
        if zh_ids and fr_ids:
            flag = "weak" if conf < params.weak_below else ""
        else:
            flag = "zh only" if zh_ids else "fr only"
        beads.append(Bead(zh_ids=tuple(zh[i].index for i in zh_ids), fr_ids=tuple(fr[j].index for j in fr_ids),
                          zh="".join(zh[i].text for i in zh_ids), fr=" ".join(fr[j].text for j in fr_ids),
                          score=round(float(conf), 4), flag=flag))
    if check:
        check_alignment(beads, len(zh), len(fr))
    return beads

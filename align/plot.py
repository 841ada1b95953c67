"""`--plot`: the sentence similarity matrix with the chosen beads drawn over it.

Skips, additions and reorderings show at a glance: the path leaves the bright diagonal. Large
documents are shown on a grid of blocks (mean similarity per block) so the image never needs
the full N×M matrix.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from .atomic import atomic_path
from .errors import InputError
from .types import Bead

MAX_CELLS_SIDE = 600  # larger sides are averaged over blocks of sentences


def block_similarity(zh_emb: np.ndarray, fr_emb: np.ndarray, side: int = MAX_CELLS_SIDE) -> tuple[np.ndarray, int, int]:
    """(matrix, zh block size, fr block size): mean cosine per block, at most side × side cells."""
    bz = max(1, -(-len(zh_emb) // side))
    bf = max(1, -(-len(fr_emb) // side))

    def pool(x: np.ndarray, block: int) -> np.ndarray:
        pad = (-len(x)) % block
        if pad:
            x = np.concatenate([x, np.zeros((pad, x.shape[1]), dtype=x.dtype)])
        return x.reshape(-1, block, x.shape[1]).sum(1)

    counts_z = pool(np.ones((len(zh_emb), 1), dtype=np.float32), bz)
    counts_f = pool(np.ones((len(fr_emb), 1), dtype=np.float32), bf)
    # Mean of cosines over a block pair = (sum of zh rows) · (sum of fr rows) / (counts).
    matrix = (pool(zh_emb, bz) @ pool(fr_emb, bf).T) / (counts_z @ counts_f.T)
    return matrix, bz, bf


def plot_alignment(beads: Sequence[Bead], zh_emb: np.ndarray, fr_emb: np.ndarray, path: str | Path,
                   title: str = "") -> None:
    """Write a PNG of the similarity matrix (zh rows, fr columns) with the bead path over it."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise InputError(path, "the plot is written as PNG: give a file name ending in .png")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matrix, bz, bf = block_similarity(zh_emb, fr_emb)
    fig, ax = plt.subplots(figsize=(8, 8 * max(0.4, min(2.5, matrix.shape[0] / max(1, matrix.shape[1])))))
    image = ax.imshow(matrix, cmap="viridis", vmin=0, vmax=max(0.5, float(matrix.max())), aspect="auto",
                      interpolation="nearest", extent=(-0.5, matrix.shape[1] - 0.5, matrix.shape[0] - 0.5, -0.5))
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="cosine similarity")
    z_at = f_at = 0  # where the path is, to place unaligned sentences on it
    for bead in beads:  # a box per bead: its zh rows × fr columns (in block units)
        if bead.zh_ids and bead.fr_ids:
            z0, z1 = bead.zh_ids[0] / bz - 0.5, (bead.zh_ids[-1] + 1) / bz - 0.5
            f0, f1 = bead.fr_ids[0] / bf - 0.5, (bead.fr_ids[-1] + 1) / bf - 0.5
            colour = "red" if bead.flag else "white"
            ax.add_patch(plt.Rectangle((f0, z0), f1 - f0, z1 - z0, fill=False, edgecolor=colour,
                                       linewidth=0.8 if bz == 1 and bf == 1 else 0.4))
        elif bead.zh_ids:  # a Chinese sentence without French: a mark on its row where the path passes
            ax.plot([f_at / bf - 0.5], [bead.zh_ids[0] / bz], marker="o", color="orange", markersize=6)
        else:
            ax.plot([bead.fr_ids[0] / bf], [z_at / bz - 0.5], marker="o", color="orange", markersize=6)
        if bead.zh_ids:
            z_at = bead.zh_ids[-1] + 1
        if bead.fr_ids:
            f_at = bead.fr_ids[-1] + 1
    unit = lambda b: "sentences" if b == 1 else f"blocks of {b} sentences"  # noqa: E731
    ax.set_ylabel(f"Chinese ({unit(bz)})")
    ax.set_xlabel(f"French ({unit(bf)})")
    ax.set_title(title or "Sentence similarity and alignment (white: beads, red: flagged, orange: unaligned)",
                 fontsize=9)
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=120, format="png")
    plt.close(fig)

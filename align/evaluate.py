"""Alignment gold from line-parallel corpora, and strict/lax precision, recall and F1.

Gold: FLORES-200 (by `doc_url`) and NTREX-128 (by `doc_id`) are 1-1 by line. Each document's
line pairs are walked with seeded odds of bead types; a 2-1 bead joins two French lines into one
sentence (so two Chinese sentences ↔ one French), a 1-0 bead drops the French line, and so on.
The gold follows exactly from the construction (see ../shared/data/README.md).

Scores follow Vecalign's and Bertalign's definition: a test bead is a strict hit when it equals a
gold bead, a lax hit when one of its zh ids is linked in the gold to one of its fr ids; precision
is over the test beads (all of them), recall over the gold beads, both without 1-0/0-1 beads on
the recall side; counts are summed over all documents before dividing.
"""
from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .types import Sentence

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]

# (zh sentences, fr sentences) → odds; joins happen on the side with one sentence.
DEFAULT_ODDS: dict[tuple[int, int], float] = {
    (1, 1): 0.80, (2, 1): 0.05, (1, 2): 0.05, (3, 1): 0.015, (1, 3): 0.015, (1, 0): 0.035, (0, 1): 0.035,
}
JOIN = {"zh": "", "fr": " "}


@dataclass
class GoldDoc:
    """One document pair with its exact gold beads."""

    name: str
    zh: list[str]
    fr: list[str]
    gold: list[BeadIds]

    def sentences(self, lang: str) -> list[Sentence]:
        """The side as Sentence objects (one paragraph)."""
        texts = self.zh if lang == "zh" else self.fr
        return [Sentence(text=t, index=i, paragraph=0) for i, t in enumerate(texts)]


def read_line_pairs(path: str | Path, group_by: str) -> dict[str, list[tuple[str, str]]]:
    """(zh, fr) line pairs of a TSV (QUOTE_NONE) grouped by a document column, in file order."""
    docs: dict[str, list[tuple[str, str]]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs.setdefault(row[group_by], []).append((row["zh"].strip(), row["fr"].strip()))
    return docs


def build_gold(name: str, pairs: Sequence[tuple[str, str]], rng: random.Random,
               odds: dict[tuple[int, int], float] = DEFAULT_ODDS) -> GoldDoc:
    """Walk one document's line pairs drawing bead types; joins and drops make many-to-one gold."""
    shapes, weights = list(odds), list(odds.values())
    zh: list[str] = []
    fr: list[str] = []
    gold: list[BeadIds] = []
    p = 0
    while p < len(pairs):
        a, b = rng.choices(shapes, weights)[0]
        lines = max(a, b)
        if lines > len(pairs) - p or (a == 0 or b == 0) and len(pairs) == 1:
            a, b, lines = 1, 1, 1
        chunk = pairs[p:p + lines]
        p += lines
        zh_ids: tuple[int, ...] = ()
        fr_ids: tuple[int, ...] = ()
        if a == 1 and b == 1:
            zh_ids, fr_ids = (len(zh),), (len(fr),)
            zh.append(chunk[0][0])
            fr.append(chunk[0][1])
        elif a == 0:  # the zh line was dropped
            fr_ids = (len(fr),)
            fr.append(chunk[0][1])
        elif b == 0:
            zh_ids = (len(zh),)
            zh.append(chunk[0][0])
        elif b == 1:  # a zh sentences ↔ their fr lines joined into one sentence
            zh_ids = tuple(range(len(zh), len(zh) + a))
            zh.extend(z for z, _ in chunk)
            fr_ids = (len(fr),)
            fr.append(JOIN["fr"].join(f for _, f in chunk))
        else:  # a == 1: zh lines joined
            zh_ids = (len(zh),)
            zh.append(JOIN["zh"].join(z for z, _ in chunk))
            fr_ids = tuple(range(len(fr), len(fr) + b))
            fr.extend(f for _, f in chunk)
        gold.append((zh_ids, fr_ids))
    return GoldDoc(name=name, zh=zh, fr=fr, gold=gold)


def build_gold_set(path: str | Path, group_by: str, seed: int,
                   odds: dict[tuple[int, int], float] = DEFAULT_ODDS) -> list[GoldDoc]:
    """Gold documents for a whole TSV, reproducible from `seed`."""
    rng = random.Random(seed)
    return [build_gold(name, pairs, rng, odds) for name, pairs in read_line_pairs(path, group_by).items()]


# --------------------------------------------------------------------------- Vecalign/Bertalign format


def format_beads(beads: Iterable[BeadIds]) -> str:
    """One bead a line, `[zh ids]:[fr ids]`, as the published aligners write it."""
    return "".join(f"[{', '.join(map(str, z))}]:[{', '.join(map(str, f))}]\n" for z, f in beads)


_BEAD_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def parse_beads(text: str) -> list[BeadIds]:
    """Read `[zh ids]:[fr ids]` lines back."""
    beads = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _BEAD_LINE.match(line)
        if not match:
            raise ValueError(f"not a bead line: {line!r}")
        beads.append(tuple(tuple(int(x) for x in part.split(",") if x.strip()) for part in match.groups()))
    return beads


# --------------------------------------------------------------------------- scoring


def _counts(gold: Iterable[BeadIds], test: Iterable[BeadIds]) -> tuple[int, int, int, int]:
    """(strict hits, strict misses, lax hits, lax misses) of `test` beads against `gold`."""
    gold_set = {(tuple(z), tuple(f)) for z, f in gold if z or f}
    links: dict[int, set[int]] = defaultdict(set)
    for z, f in gold_set:
        for i in z:
            links[i].update(f)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for z, f in {(tuple(z), tuple(f)) for z, f in test if z or f}:
        if (z, f) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        linked = set().union(*(links[i] for i in z)) if z else set()
        if linked & set(f):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


@dataclass
class Scores:
    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(hit: int, miss: int) -> float:
    return hit / (hit + miss) if hit + miss else 0.0


def score_alignments(gold_docs: Sequence[Sequence[BeadIds]], test_docs: Sequence[Sequence[BeadIds]]) -> Scores:
    """Strict and lax P/R/F1 summed over documents, as Vecalign's and Bertalign's scorers compute them."""
    if len(gold_docs) != len(test_docs):
        raise ValueError("gold and test must have the same number of documents")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(gold_docs, test_docs):
        p = [x + y for x, y in zip(p, _counts(gold, test))]
        # Recall: the gold beads (without insertions/deletions) checked against the test beads.
        gold_pairs = [(z, f) for z, f in gold if z and f]
        test_pairs = [(z, f) for z, f in test if z and f]
        r = [x + y for x, y in zip(r, _counts(test_pairs, gold_pairs))]
    sp, lp = _ratio(p[0], p[1]), _ratio(p[2], p[3])
    sr, lr = _ratio(r[0], r[1]), _ratio(r[2], r[3])
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr))

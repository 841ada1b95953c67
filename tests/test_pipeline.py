"""`align_documents`: the mode chosen, and auto mode falling back to mining when parallel alignment fails."""
from __future__ import annotations

import re
from functools import partial

import pytest

import align.mode
from align.errors import InputError
from align.pipeline import align_documents
from align.read import read_document
from conftest import FIXTURES

ALIGN = FIXTURES / "align"
MINING = FIXTURES / "mining"


@pytest.fixture()
def anchors_look_parallel(monkeypatch):
    """The real mode decision with no least share of diagonal anchors: any diagonal evidence says parallel.

    On real pairs the anchors rarely look parallel where the alignment then fails (a translation buried
    in unrelated text on both sides); this makes the unrelated fixture pair such a case.
    """
    monkeypatch.setattr(align.mode, "decide_mode", partial(align.mode.decide_mode, min_share=0.0))


def unrelated_pair():
    return read_document(ALIGN / "bbc.zh.txt"), read_document(ALIGN / "unrelated.fr.txt")


def test_auto_mines_when_the_parallel_alignment_is_refused(embedder, anchors_look_parallel):
    zh, fr = unrelated_pair()
    result = align_documents(zh, fr, embedder, mode="auto", all_pairs=True)  # mining options reach the miner
    assert result.mode == "comparable" and result.beads
    assert re.search(r"looked parallel, but (only \d+ % of sentences|no sentence) aligned: mined as comparable",
                     result.reason), result.reason
    assert all(b.mode == "comparable" and b.margin is not None for b in result.beads)
    assert all(b.flag == "below threshold" for b in result.beads)  # unrelated texts: nothing truly mined


def test_parallel_mode_still_refuses_unrelated_documents(embedder, anchors_look_parallel):
    zh, fr = unrelated_pair()
    with pytest.raises(InputError, match="--mode comparable"):
        align_documents(zh, fr, embedder, mode="parallel")


def test_auto_keeps_a_real_translation_parallel(embedder):
    zh, fr = read_document(MINING / "parallel.zh.txt"), read_document(MINING / "parallel.fr.txt")
    result = align_documents(fr, zh, embedder, mode="auto")  # either order
    assert result.mode == "parallel" and "looked parallel" not in result.reason
    assert sum(1 for b in result.beads if b.zh_ids and b.fr_ids) >= 12
    assert all(b.mode == "parallel" for b in result.beads)

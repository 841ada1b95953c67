"""The gold builder and the strict/lax scorer, on hand-made cases with known answers."""
from __future__ import annotations

import random

import pytest

from align.evaluate import (build_gold, build_gold_set, format_beads, parse_beads, read_line_pairs,
                            score_alignments)
from conftest import FIXTURES, SHARED_DATA

SAMPLE = FIXTURES / "align" / "ntrex_sample.tsv"


def test_perfect_alignment_scores_one():
    gold = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3, 4))]
    s = score_alignments([gold], [gold])
    assert (s.strict_precision, s.strict_recall, s.lax_f1) == (1.0, 1.0, 1.0)


def test_split_many_to_one_is_lax_hit_strict_miss():
    gold = [((0,), (0,)), ((1, 2), (1,))]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    s = score_alignments([gold], [test])
    # precision: 3 test beads, 1 strict hit; lax: [1]:[1] links, [2]:[] links nothing → 2 of 3
    assert s.strict_precision == pytest.approx(1 / 3)
    assert s.lax_precision == pytest.approx(2 / 3)
    # recall over gold pairs: [0]:[0] strict; [1,2]:[1] lax via test link 1→1
    assert s.strict_recall == pytest.approx(1 / 2)
    assert s.lax_recall == pytest.approx(1.0)
    assert s.strict_f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_insertions_and_deletions_count_for_precision_only():
    gold = [((0,), (0,)), ((1,), ())]
    test = [((0,), (0,)), ((1,), ())]
    assert score_alignments([gold], [test]).strict_f1 == 1.0
    # Missing the deletion (merged into a 2-1) costs precision strictly but recall only strictly
    s = score_alignments([gold], [[((0, 1), (0,))]])
    assert s.strict_precision == 0.0 and s.lax_precision == 1.0
    assert s.strict_recall == 0.0 and s.lax_recall == 1.0


def test_wrong_pairing_is_not_even_lax():
    gold = [((0,), (0,)), ((1,), (1,))]
    test = [((0,), (1,)), ((1,), (0,))]
    s = score_alignments([gold], [test])
    assert s.lax_precision == 0.0 and s.lax_recall == 0.0


def test_counts_are_summed_over_documents_before_dividing():
    doc_a = [((0,), (0,))] * 1
    doc_b = [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    test_b = [((0,), (0,)), ((1,), (2,)), ((2,), (1,))]
    s = score_alignments([doc_a, doc_b], [doc_a, test_b])
    assert s.strict_precision == pytest.approx(2 / 4)  # not the mean of 1.0 and 1/3


def test_format_and_parse_round_trip():
    beads = [((0,), (0, 1)), ((), (2,)), ((1, 2), ())]
    text = format_beads(beads)
    assert text.splitlines()[0] == "[0]:[0, 1]"
    assert text.splitlines()[1] == "[]:[2]"
    assert parse_beads(text) == beads
    with pytest.raises(ValueError):
        parse_beads("0:1\n")


def test_gold_follows_from_construction():
    pairs = read_line_pairs(SAMPLE, "doc_id")
    assert len(pairs) == 3
    rng = random.Random(4)
    odds = {(1, 1): 0.4, (2, 1): 0.15, (1, 2): 0.15, (1, 0): 0.15, (0, 1): 0.15}
    for name, lines in pairs.items():
        doc = build_gold(name, lines, rng, odds)
        # every sentence of both sides is in exactly one gold bead, in order
        assert [i for z, _ in doc.gold for i in z] == list(range(len(doc.zh)))
        assert [j for _, f in doc.gold for j in f] == list(range(len(doc.fr)))
        zh_lines = {z for z, _ in lines}
        for z_ids, f_ids in doc.gold:
            if len(f_ids) == 1 and len(z_ids) >= 2:  # fr lines joined, zh kept as lines
                assert all(doc.zh[i] in zh_lines for i in z_ids)
                assert doc.fr[f_ids[0]].count(" ") > 0
    kinds = {(len(z), len(f)) for d in build_gold_set(SAMPLE, "doc_id", 4, odds) for z, f in d.gold}
    assert {(1, 1), (2, 1), (1, 2), (1, 0), (0, 1)} <= kinds


def test_gold_is_reproducible_from_seed():
    a = build_gold_set(SAMPLE, "doc_id", 7)
    b = build_gold_set(SAMPLE, "doc_id", 7)
    c = build_gold_set(SAMPLE, "doc_id", 8)
    assert [d.gold for d in a] == [d.gold for d in b]
    assert [d.gold for d in a] != [d.gold for d in c]


def test_flores_gold_builds_when_data_present():
    path = SHARED_DATA / "flores200_devtest" / "flores200_devtest_zh_fr.tsv"
    if not path.exists():
        pytest.skip("../shared/data absent")
    docs = build_gold_set(path, "doc_url", 0)
    assert len(docs) > 200
    assert sum(len(d.gold) for d in docs) > 900

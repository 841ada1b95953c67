"""The parallel aligner with the real model on small real documents (NTREX-128 fixtures)."""
from __future__ import annotations

import random

import numpy as np
import pytest

from align.errors import InputError
from align.evaluate import build_gold, read_line_pairs, score_alignments
from align.parallel import AlignTrace, align_parallel
from align.types import Sentence
from align.windows import build_windows
from conftest import FIXTURES

SAMPLE = FIXTURES / "align" / "ntrex_sample.tsv"
ODDS = {(1, 1): 0.6, (2, 1): 0.1, (1, 2): 0.1, (1, 0): 0.1, (0, 1): 0.1}


def _sentences(texts, paragraphs=None):
    paragraphs = paragraphs or [0] * len(texts)
    return [Sentence(text=t, index=i, paragraph=p) for i, (t, p) in enumerate(zip(texts, paragraphs))]


@pytest.fixture(scope="module")
def gold_docs():
    rng = random.Random(11)
    return [build_gold(name, pairs, rng, ODDS) for name, pairs in read_line_pairs(SAMPLE, "doc_id").items()]


def test_many_to_one_gold_is_recovered(embedder, gold_docs):
    tests = []
    for doc in gold_docs:
        beads = align_parallel(doc.sentences("zh"), doc.sentences("fr"), embedder)
        # every sentence exactly once, in order
        assert [i for b in beads for i in b.zh_ids] == list(range(len(doc.zh)))
        assert [j for b in beads for j in b.fr_ids] == list(range(len(doc.fr)))
        assert all(0.0 <= b.score <= 1.0 for b in beads)
        tests.append([(b.zh_ids, b.fr_ids) for b in beads])
    scores = score_alignments([d.gold for d in gold_docs], tests)
    assert scores.strict_f1 >= 0.9, scores
    assert scores.lax_f1 >= 0.97, scores


def test_bead_texts_and_flags(embedder, gold_docs):
    doc = gold_docs[0]
    beads = align_parallel(doc.sentences("zh"), doc.sentences("fr"), embedder)
    for b in beads:
        assert b.zh == "".join(doc.zh[i] for i in b.zh_ids)
        assert b.fr == " ".join(doc.fr[j] for j in b.fr_ids)
        if not b.zh_ids or not b.fr_ids:
            assert b.flag in ("zh only", "fr only")
        elif b.flag:
            assert b.flag == "weak" and b.score < 0.5
    confident = [b.score for b in beads if b.kind == "1-1"]
    assert np.median(confident) > 0.9


def test_reversed_sentence_is_flagged_not_forced(embedder, gold_docs):
    doc = gold_docs[1]
    fr = list(doc.fr)
    # Replace one French sentence with an unrelated one: its bead must be weak or unaligned.
    victim = next(f[0] for z, f in doc.gold if len(z) == 1 and len(f) == 1 and z[0] > 2)
    fr[victim] = "La recette de la tarte aux pommes demande trois pommes, du beurre et de la farine."
    beads = align_parallel(doc.sentences("zh"), _sentences(fr), embedder, check=False)
    holder = next(b for b in beads if victim in b.fr_ids)
    assert holder.flag != ""


def test_paragraph_ends_are_evidence(embedder):
    # Two paragraphs per side; a short zh sentence at a paragraph end could join either neighbour.
    zh = ["会议于周一在成都举行。", "律师协会主席致开幕词。", "下午讨论了执业权利保障问题。", "会议结束。"]
    fr = ["La réunion s'est tenue lundi à Chengdu.", "Le président de l'association des avocats a prononcé "
          "le discours d'ouverture.", "L'après-midi, la protection des droits d'exercice a été discutée.",
          "La réunion s'est terminée."]
    beads = align_parallel(_sentences(zh, [0, 0, 1, 1]), _sentences(fr, [0, 0, 1, 1]), embedder)
    assert [(b.zh_ids, b.fr_ids) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    for b in beads:  # no bead straddles the paragraph break
        assert len({0 if i < 2 else 1 for i in b.zh_ids + b.fr_ids}) == 1


def test_summed_windows_are_close_to_reencoded(embedder, gold_docs):
    doc = gold_docs[2]
    summed = build_windows(embedder, doc.fr, 2, "fr", "sum")
    encoded = build_windows(embedder, doc.fr, 2, "fr", "encode")
    assert np.allclose(summed.emb[0], encoded.emb[0], atol=1e-4)  # single sentences: exact
    cos = np.einsum("ij,ij->i", summed.emb[1][1:], encoded.emb[1][1:])
    assert np.median(cos) > 0.9


def test_bad_input_is_one_clear_error(embedder):
    zh = _sentences(["这是第一句。", "这是第二句。"])
    with pytest.raises(InputError, match="Chinese document has no sentences"):
        align_parallel([], zh, embedder)
    with pytest.raises(InputError, match="French document has no sentences"):
        align_parallel(zh, [], embedder)
    with pytest.raises(InputError, match="max-bead"):
        align_parallel(zh, _sentences(["Première phrase.", "Deuxième."]), embedder, max_bead=0)
    many = _sentences([f"Phrase numéro {i} sur un tout autre sujet." for i in range(60)])
    with pytest.raises(InputError, match="--mode comparable"):
        align_parallel(zh * 1, many, embedder)


def test_unrelated_documents_are_refused(embedder, gold_docs):
    a, b = gold_docs[0], gold_docs[1]
    with pytest.raises(InputError, match="--mode comparable"):
        align_parallel(a.sentences("zh"), b.sentences("fr"), embedder)


def test_trace_reports_full_grid_for_small_documents(embedder, gold_docs):
    doc = gold_docs[0]
    trace = AlignTrace()
    align_parallel(doc.sentences("zh"), doc.sentences("fr"), embedder, trace=trace)
    lo, hi = trace.band
    assert lo[0] == 0 and hi[-1] == len(doc.fr)

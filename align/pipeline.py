"""From two documents to aligned beads: order the languages, split, choose the mode, align.

`mode` is the hook for the comparable path: "parallel" aligns sentence by sentence
(`align.parallel`); "comparable" mines pairs (`align.mining`, issue 4); "auto" chooses between
them (`align.mode`) from the evidence and says why, and mines a pair that looked parallel but
did not align.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import InputError
from .parallel import DEFAULT_MAX_BEAD, align_parallel, check_alignment
from .types import FR, ZH, Bead, Document, Sentence

if TYPE_CHECKING:
    from .embed import Embedder

MODES = ("auto", "parallel", "comparable")
LANG_NAMES = {ZH: "Chinese", FR: "French"}


@dataclass
class AlignmentResult:
    """Beads of one document pair, the mode used and why, and the sentences the ids refer to."""

    beads: list[Bead]
    mode: str  # "parallel" or "comparable"
    reason: str
    zh_sentences: list[Sentence]
    fr_sentences: list[Sentence]


def order_documents(first: Document, second: Document) -> tuple[Document, Document]:
    """(Chinese, French) whichever order they came in; two documents in one language are bad input."""
    if first.lang == second.lang:
        name = LANG_NAMES.get(first.lang, first.lang)
        raise InputError(second.path, f"is in {name}, like {first.path}: give one Chinese and one French document")
    if {first.lang, second.lang} != {ZH, FR}:
        odd = first if first.lang not in (ZH, FR) else second
        raise InputError(odd.path, f"is in '{odd.lang}', not Chinese or French")
    return (first, second) if first.lang == ZH else (second, first)


def _sentences(doc: Document) -> list[Sentence]:
    from .split import document_sentences

    return document_sentences(doc)


def align_documents(zh_doc: Document, fr_doc: Document, embedder: "Embedder", *, mode: str = "auto",
                    max_bead: int = DEFAULT_MAX_BEAD, **options) -> AlignmentResult:
    """Align a Chinese and a French document (either order); `options` go to the aligner of the mode."""
    if mode not in MODES:
        raise InputError(None, f"unknown mode '{mode}': use one of {', '.join(MODES)}")
    zh_doc, fr_doc = order_documents(zh_doc, fr_doc)
    zh, fr = _sentences(zh_doc), _sentences(fr_doc)
    for doc, side in ((zh_doc, zh), (fr_doc, fr)):
        if not side:
            raise InputError(doc.path, "has no sentences after cleaning: nothing to align")
    reason = f"asked for (--mode {mode})"
    if mode == "auto":
        from .mode import decide_mode
        from .scoring import char_count
        from .windows import sentence_embeddings

        decision = decide_mode(sentence_embeddings(embedder, [s.text for s in zh]),
                               sentence_embeddings(embedder, [s.text for s in fr]),
                               zh_chars=[char_count(s.text) for s in zh], fr_chars=[char_count(s.text) for s in fr])
        mode, reason = decision.mode, decision.reason
        if mode == "parallel":
            # The anchors can look like a translation where the alignment then is not one (a translation
            # buried in unrelated text): auto mode falls back to mining instead of refusing.
            parallel_options = {key: value for key, value in options.items()
                                if key not in ("threshold", "all_pairs", "check")}
            beads = align_parallel(zh, fr, embedder, max_bead=max_bead, check=False, **parallel_options)
            try:
                check_alignment(beads, len(zh), len(fr))
            except InputError:
                # sentences in confident pairs: the check also refuses when most pairs are weak
                aligned = sum(len(b.zh_ids) + len(b.fr_ids) for b in beads if b.zh_ids and b.fr_ids and not b.flag)
                share = round(100 * aligned / (len(zh) + len(fr)))
                mode = "comparable"
                aligned_text = "no sentence" if share == 0 else f"only {share} % of sentences"
                reason = (f"{reason.removesuffix(': parallel')}: looked parallel, but {aligned_text} "
                          f"aligned: mined as comparable")
            else:
                return AlignmentResult(beads=beads, mode=mode, reason=reason, zh_sentences=zh, fr_sentences=fr)
    if mode == "comparable":
        from .mining import mine_comparable

        mining_options = {key: options[key] for key in ("threshold", "all_pairs") if options.get(key) is not None}
        beads = mine_comparable(zh, fr, embedder, max_window=max_bead, **mining_options)
        return AlignmentResult(beads=beads, mode=mode, reason=reason, zh_sentences=zh, fr_sentences=fr)
    options = {key: value for key, value in options.items() if key not in ("threshold", "all_pairs")}
    beads = align_parallel(zh, fr, embedder, max_bead=max_bead, **options)
    return AlignmentResult(beads=beads, mode=mode, reason=reason, zh_sentences=zh, fr_sentences=fr)

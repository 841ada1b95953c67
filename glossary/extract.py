"""Aligned pairs → ranked bilingual term candidates with their evidence (the public entry point)."""
from __future__ import annotations

import math
from collections import Counter
from contextlib import nullcontext
from typing import Sequence

from align.types import Bead

from .types import Example, TermCandidate

MAX_EXAMPLES = 3
MIN_SCORE = 0.2  # candidates below this are noise at any corpus size
SINGLE_WORD_KINDS = {"verb": 0.85, "adjective": 0.85}  # phraseology ranks after terms and names


def _texts(pairs: Sequence[Bead] | Sequence[tuple[str, str]]) -> tuple[list[str], list[str], list[float], bool]:
    """(zh texts, fr texts, alignment confidences, whether the pairs were mined from comparable text)."""
    zh, fr, weights, comparable = [], [], [], 0
    for pair in pairs:
        if isinstance(pair, Bead):
            zh.append(pair.zh)
            fr.append(pair.fr)
            weights.append(min(1.0, max(0.05, float(pair.score))))
            comparable += pair.mode == "comparable"
        else:
            zh.append(pair[0])
            fr.append(pair[1])
            weights.append(1.0)
    return zh, fr, weights, comparable * 2 > len(zh)


def _progress_bar(enabled: bool):
    if not enabled:
        return nullcontext(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    transient=True)


def extract_terms(pairs: Sequence[Bead] | Sequence[tuple[str, str]], embedder=None, *,
                  sources: str | Sequence[str] = "", user_dict: str | None = None, progress: bool = True,
                  use_dictionary: bool = True) -> list[TermCandidate]:
    """Bilingual term candidates from aligned (zh, fr) pairs, best first, each with its evidence."""
    from . import pairing, terms_fr, terms_zh
    from .dictionary import load

    zh_texts, fr_texts, weights, comparable = _texts(pairs)
    if not any(zh_texts) or not any(fr_texts):
        return []
    source_of = [sources] * len(zh_texts) if isinstance(sources, str) else list(sources)
    with _progress_bar(progress and len(zh_texts) >= 50) as bar:
        def ticker(description: str):
            if bar is None:
                return None
            task = bar.add_task(description, total=len(zh_texts))
            return lambda: bar.advance(task)

        zh = terms_zh.analyse(zh_texts, user_dict=user_dict, progress=ticker("Chinese terms"))
        fr = terms_fr.analyse(fr_texts, progress=ticker("French terms"))
    dictionary = load() if use_dictionary else None
    # comparable documents are not translations pair by pair: terms may link across the whole set
    units = [list(range(len(zh_texts)))] if comparable else None
    links = pairing.associate(zh, fr, embedder=embedder, dictionary=dictionary, weights=weights, units=units)
    pairing.link(zh, fr, links, units)
    return _candidates(zh, fr, links, zh_texts, fr_texts, source_of)


def _candidates(zh, fr, links, zh_texts, fr_texts, source_of) -> list[TermCandidate]:
    """One candidate per Chinese term: its best French rendering, the others as variants."""
    renderings: dict[str, Counter] = {}
    for (z, f), pair_ids in links.pairs.items():
        renderings.setdefault(z, Counter())[f] = len(pair_ids)
    candidates = []
    for z, counts in renderings.items():
        zh_term = zh.terms[z]

        def strength(f: str) -> float:
            return links.associations[(z, f)].score * math.log1p(counts[f])

        best = max(counts, key=strength)
        a = links.associations[(z, best)]
        fr_term = fr.terms[best]
        linked = links.pairs[(z, best)]
        # consistency: in how many of the pairs holding the Chinese term it was rendered this way
        consistency = min(1.0, len(linked) / max(links.zh_df[z], 1e-9))
        monolingual = (zh_term.score + fr_term.score) / 2
        score = a.score * (0.7 + 0.3 * consistency) * (0.7 + 0.3 * monolingual)
        kind = zh_term.kind
        if kind in SINGLE_WORD_KINDS or fr_term.kind in SINGLE_WORD_KINDS:
            kind = fr_term.kind if fr_term.kind in SINGLE_WORD_KINDS else "term"
        elif kind == "term" and fr_term.kind == "name":
            kind = "name"
        score *= SINGLE_WORD_KINDS.get(kind, 1.0)
        if score < MIN_SCORE:
            continue
        variants: Counter = Counter()
        for f, n in counts.most_common():
            for surface, seen in fr.terms[f].variants.most_common():
                variants[surface] += seen if f == best else 0
            if f != best:
                variants[fr.terms[f].form] += n  # another rendering, counted by linked pairs
        evidence = {"association": round(a.score, 4), "logdice": round(a.logdice, 3),
                    "cooccurrence": round(a.cooccurrence, 4), "confidence": round(a.confidence, 4),
                    "similarity": round(a.similarity, 4), "cosine": round(a.cosine, 4),
                    "dictionary": round(a.dictionary, 4), "transliteration": round(a.transliteration, 4),
                    "consistency": round(consistency, 4), "zh_termhood": round(zh_term.termhood, 4),
                    "zh_cvalue": round(zh_term.cvalue, 3), "fr_cvalue": round(fr_term.cvalue, 3)}
        examples = [Example(i, zh_texts[i], fr_texts[i], source_of[i] if i < len(source_of) else "")
                    for i in sorted(linked, key=lambda i: len(zh_texts[i]) + len(fr_texts[i]))[:MAX_EXAMPLES]]
        candidates.append(TermCandidate(
            zh=z, fr=fr_term.form, score=round(score, 4), kind=kind, zh_freq=zh_term.freq, fr_freq=fr_term.freq,
            pairs=len(linked), variants={k: v for k, v in variants.items() if v}, examples=examples,
            evidence=evidence))
    candidates.sort(key=lambda c: (-c.score, -c.pairs, c.zh))
    return candidates

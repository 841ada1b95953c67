"""Find glossary Chinese terms in Chinese text: normalised, longest match first, Aho–Corasick.

Text and terms are both normalised the same way (NFKC, which also folds full-width forms to
half-width; traditional → simplified with OpenCC t2s; lower case), and every hit is mapped back
to character offsets in the original text so reports can highlight it.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable, NamedTuple


class Hit(NamedTuple):
    """One occurrence of term number `term` at text[start:end] (original offsets)."""

    term: int
    start: int
    end: int
    size: int  # what "longest" means: characters for Chinese, tokens for French


def longest_first(hits: Iterable[Hit]) -> list[Hit]:
    """Keep non-overlapping hits, longest first (then leftmost), so 律师协会 hides the 律师 inside it."""
    hits = list(hits)
    if len(hits) < 2:
        return hits
    occupied = bytearray(max(hit.end for hit in hits))
    taken: set[tuple[int, int]] = set()
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.size, h.start - h.end, h.start)):
        span = (hit.start, hit.end)
        if span in taken:  # two terms with the same normalised form both count
            chosen.append(hit)
        elif 1 not in occupied[hit.start:hit.end]:
            occupied[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
            taken.add(span)
            chosen.append(hit)
    chosen.sort(key=lambda h: (h.start, h.term))
    return chosen


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # light, but only needed once text arrives

    return opencc.OpenCC("t2s")


def _normalise_char(char: str) -> str:
    return _t2s().convert(unicodedata.normalize("NFKC", char)).lower()


def normalise_zh(text: str) -> tuple[str, list[int] | None]:
    """Normalised text and, when lengths differ, the original offset of each normalised character.

    The offset list is None when normalised character i comes from original character i.
    """
    if unicodedata.is_normalized("NFKC", text):
        converted = _t2s().convert(text).lower()
        if len(converted) == len(text):
            return converted, None
    # Rare path (e.g. ㈠ → (一)): normalise character by character to keep the offsets.
    pieces, offsets = [], []
    for index, char in enumerate(text):
        piece = _normalise_char(char)
        pieces.append(piece)
        offsets.extend([index] * len(piece))
    return "".join(pieces), offsets


class ZhMatcher:
    """All glossary Chinese terms compiled into one Aho–Corasick automaton."""

    def __init__(self, terms: Iterable[str]):
        import ahocorasick

        self.terms = list(terms)
        self._automaton = ahocorasick.Automaton()
        self._keys: dict[str, list[int]] = {}
        for index, term in enumerate(self.terms):
            key, _ = normalise_zh(term.strip())
            if key:
                self._keys.setdefault(key, []).append(index)
        for key, indices in self._keys.items():
            self._automaton.add_word(key, (len(key), tuple(indices)))
        self._empty = not self._keys
        if not self._empty:
            self._automaton.make_automaton()

    def find_all(self, text: str) -> list[Hit]:
        """Every occurrence of every term, overlaps included (律师协会 also yields 律师)."""
        if self._empty or not text:
            return []
        norm, offsets = normalise_zh(text)
        hits = []
        for end, (length, indices) in self._automaton.iter(norm):
            start = end - length + 1
            if offsets is None:
                span = (start, end + 1)
            else:
                span = (offsets[start], offsets[end] + 1)
            hits.extend(Hit(term, span[0], span[1], length) for term in indices)
        return hits

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping occurrences, longest match first."""
        return longest_first(self.find_all(text))

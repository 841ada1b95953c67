"""Find glossary French terms in French text: case-, accent- and inflection-insensitive, whole words.

Both the text and each term become sequences of word keys (see `word_key`): lower case, no
accents, œ → oe, plural and feminine endings folded, so "Associations des Avocates" and
"association des avocats" give the same keys. Elided articles (l', d', qu', with any apostrophe)
are separate tokens because apostrophes and hyphens split words. Inside a multi-word term the
article or preposition may vary (de/du/des/de la/de l'/d'; à/au/aux/à la/à l'; le/la/les/l').
A term compiles to a small token pattern; all patterns are indexed by their first word key, so a
text is scanned once and only the patterns whose first word occurs are tried. The rules are
written out in the README (How term matching works in `check`).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from glossary.match_zh import Hit, longest_first

_WORD = re.compile(r"[^\W_]+")

# Function words that may vary inside a term, by family; "du" = de + le, "au(x)" = à + le(s).
_DE, _LE, _A = "#de", "#le", "#a"
_FUNCTION = {"de": _DE, "d": _DE, "du": _DE, "des": _DE,
             "le": _LE, "la": _LE, "les": _LE, "l": _LE,
             "a": _A, "au": _A, "aux": _A}
# Pattern slots: "<de>" = #de then an optional #le; "<a>" likewise; "<le>" = an optional #le.
_SLOT_OF = {_DE: "<de>", _A: "<a>", _LE: "<le>"}

# Feminine endings → the key of their masculine counterpart (the masculine side is folded below).
_FEMININE = (("euse", "eu"), ("trice", "teu"), ("ienne", "ien"), ("enne", "en"), ("onne", "on"),
             ("elle", "el"), ("ette", "et"), ("ive", "if"), ("ere", "er"), ("ique", "ic"))


_MARK = "\u02b9"  # a modifier letter: part of a word for the tokenizer


def _build_fold_table() -> dict[int, str | None]:
    """Lower-case letters with accents → base letter (one character to one, so offsets survive)."""
    table: dict[int, str | None] = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(code).lower()
        if len(char) != 1:
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if len(base) == 1 and base != char:
            table[ord(char)] = base
    for code in range(0x0300, 0x0370):  # combining accents (decomposed input, common in UN texts):
        table[code] = _MARK  # a letter of the word, one for one, that word keys drop
    for ligature in ("ﬀ", "ﬁ", "ﬂ", "ﬃ", "ﬄ", "ﬅ", "ﬆ"):
        table[ord(ligature)] = unicodedata.normalize("NFKC", ligature)
    return table


_FOLD = _build_fold_table()


def normalise_fr(text: str) -> tuple[str, list[int] | None]:
    """Lower-case, accent-free text and, when lengths differ, each character's original offset."""
    folded = text.lower().translate(_FOLD)
    if len(folded) == len(text):
        return folded, None
    pieces, offsets = [], []
    for index, char in enumerate(text):
        piece = char.lower().translate(_FOLD)
        pieces.append(piece)
        offsets.extend([index] * len(piece))
    return "".join(pieces), offsets


_KEYS: dict[str, str] = {}


def word_key(word: str) -> str:
    """The key a normalised word is compared by: function-word family, or the word with inflection folded.

    Applied identically to text and terms, so the folding only needs to be consistent, not a real
    lemma: avocat/avocate/avocats → avocat, journal/journaux → journal, directeur/directrice → directeu,
    actif/active → actif, naturel/naturelle → naturel, prix/pays keep one key in both numbers.
    """
    key = _KEYS.get(word)
    if key is None:
        key = _fold_word(word)
        if len(_KEYS) < 500_000:
            _KEYS[word] = key
    return key


def _fold_word(word: str) -> str:
    if word in _FUNCTION:
        return _FUNCTION[word]
    if word == "qu":
        return "que"
    word = word.replace(_MARK, "").replace("œ", "oe").replace("æ", "ae")
    if word in _FUNCTION:
        return _FUNCTION[word]
    if len(word) <= 2:
        return word
    # plural
    if word.endswith("eaux"):
        word = word[:-1]
    elif word.endswith("aux") and len(word) > 4:
        word = word[:-3] + "al"
    elif word[-1] in "sx":
        word = word[:-1]
    # feminine
    for ending, replacement in _FEMININE:
        if word.endswith(ending) and len(word) > len(ending):
            word = word[: -len(ending)] + replacement
            break
    else:
        if word.endswith("ee") and len(word) > 4:  # -ée (accents folded): jugée = jugé
            word = word[:-1]
        if word.endswith("e") and len(word) > 3:
            word = word[:-1]
    # masculine endings that share a key with the feminine ones above
    if len(word) > 4:
        if word.endswith("eur"):
            word = word[:-1]
        elif word.endswith("ail"):  # travail / travaux
            word = word[:-3] + "al"
    return word


def _keys(norm: str) -> list[str]:
    get = _KEYS.get
    return [get(word) or word_key(word) for word in _WORD.findall(norm)]


def _spans(norm: str, offsets: list[int] | None) -> list[tuple[int, int]]:
    spans = [match.span() for match in _WORD.finditer(norm)]
    if offsets is None:
        return spans
    return [(offsets[start], offsets[end - 1] + 1) for start, end in spans]


def tokens(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Word keys of `text` with the original (start, end) offsets of each word."""
    norm, offsets = normalise_fr(text)
    return _keys(norm), _spans(norm, offsets)


def term_pattern(term: str) -> tuple[str, ...]:
    """The token pattern a French term compiles to; equal patterns mean the same term for matching.

    Leading and trailing articles/prepositions are dropped ("la pauvreté" matches "pauvreté");
    a run of them inside the term becomes one slot of the family of its first word.
    """
    keys = list(tokens(term)[0])
    while keys and keys[0] in _SLOT_OF:
        keys.pop(0)
    while keys and keys[-1] in _SLOT_OF:
        keys.pop()
    pattern: list[str] = []
    previous_function = False
    for key in keys:
        if key in _SLOT_OF:
            if not previous_function:
                pattern.append(_SLOT_OF[key])
            previous_function = True
        else:
            pattern.append(key)
            previous_function = False
    return tuple(pattern)


def _match_at(keys: list[str], i: int, pattern: tuple[str, ...]) -> int:
    """Index just past the match of `pattern` starting at token i, or 0 when it does not match."""
    n = len(keys)
    j = i
    for element in pattern:
        if element == "<de>" or element == "<a>":
            if j < n and keys[j] == (_DE if element == "<de>" else _A):
                j += 1
                if j < n and keys[j] == _LE:
                    j += 1
            else:
                return 0
        elif element == "<le>":
            if j < n and keys[j] == _LE:
                j += 1
        elif j < n and keys[j] == element:
            j += 1
        else:
            return 0
    return j


class FrMatcher:
    """All glossary French terms, indexed by their first word key."""

    def __init__(self, terms: Iterable[str]):
        self.terms = list(terms)
        self.patterns = [term_pattern(term) for term in self.terms]
        self._index: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for index, pattern in enumerate(self.patterns):
            if pattern:  # a term made only of articles cannot be matched
                self._index.setdefault(pattern[0], []).append((index, pattern))

    def find_all(self, text: str) -> list[Hit]:
        """Every occurrence of every term, overlaps included; `size` is the number of tokens."""
        if not text or not self._index:
            return []
        norm, offsets = normalise_fr(text)
        keys = _keys(norm)
        index = self._index
        found = []  # (term, first token, token after the last)
        for i, key in enumerate(keys):
            candidates = index.get(key)
            if candidates is None:
                continue
            for term, pattern in candidates:
                if len(pattern) == 1:  # most terms are one word: no sequence to verify
                    found.append((term, i, i + 1))
                else:
                    end = _match_at(keys, i, pattern)
                    if end:
                        found.append((term, i, end))
        if not found:
            return []
        spans = _spans(norm, offsets)  # offsets only for texts that have a match
        return [Hit(term, spans[i][0], spans[end - 1][1], end - i) for term, i, end in found]

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping occurrences, longest (most tokens) first."""
        return longest_first(self.find_all(text))

"""Bilingual dictionary evidence: CFDICT glosses and CLDR names, shipped in glossary/data/.

`dictionary_score(zh, fr)` is 1 when the dictionary lists the French term for the Chinese one,
and otherwise how well the Chinese term's parts (as the tokenizer splits them) explain the
French content words, so compounds such as 司法局 ↔ bureau de la justice get credit from
司法 → justice and 局 → bureau. The data loads lazily, once.

Rebuild the shipped files from ../shared/data with `python -m glossary.dictionary build`.
"""
from __future__ import annotations

import csv
import gzip
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .terms_fr import match_key

DATA = Path(__file__).resolve().parent / "data"
CFDICT_FILE = DATA / "cfdict_zh_fr.tsv.gz"
NAMES_FILE = DATA / "cldr_names_zh_fr.tsv.gz"
FUNCTION_WORDS = {"de", "du", "des", "d'", "la", "le", "les", "l'", "un", "une", "et", "ou", "a", "au", "aux",
                  "en", "par", "pour", "sur", "dans", "avec", "qqch", "qqn", "quelque", "chose", "etre", "se",
                  "faire", "son", "sa", "ses", "qui", "que"}
# Morphemes of Chinese institutional names whose usual French rendering CFDICT lacks (our own list).
INSTITUTIONAL_MORPHEMES = {
    "市": "municipal|ville", "区": "district|arrondissement", "县": "district|comté", "省": "province|provincial",
    "局": "bureau|administration", "厅": "département", "委": "comité|commission", "院": "cour|institut|parquet",
    "部": "ministère|département", "中心": "centre", "党组": "groupe du parti", "书记": "secrétaire",
    "律协": "association des avocats", "检察院": "parquet|procuratorat", "中级": "intermédiaire",
}
HEAD_MISMATCH = 0.5  # balance left when the French head renders a Chinese modifier
TOKEN = re.compile(r"[a-zà-öø-ÿœæ]+'?|\d+", re.I)


@dataclass
class Dictionary:
    """zh → French glosses (match keys), and the content words of each gloss."""

    glosses: dict[str, set[str]] = field(default_factory=dict)
    words: dict[str, list[frozenset[str]]] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=dict)

    def translations(self, zh: str) -> set[str]:
        """Match keys of every French rendering the dictionaries give for `zh`."""
        return self.glosses.get(zh, set()) | self.names.get(zh, set())


def content_words(french: str) -> set[str]:
    """Folded content words of a French phrase (articles and prepositions out)."""
    return _key_words(match_key(french))


def _key_words(key: str) -> set[str]:
    return {w for w in key.replace("'", "' ").split() if w not in FUNCTION_WORDS and len(w) > 1}


@lru_cache(maxsize=1)
def load() -> Dictionary:
    """The shipped dictionaries (empty if the data files are missing)."""
    result = Dictionary()
    if CFDICT_FILE.exists():
        with gzip.open(CFDICT_FILE, "rt", encoding="utf-8") as handle:
            for line in handle:
                zh, _, glosses = line.rstrip("\n").partition("\t")
                keys = glosses.split("|")  # stored already folded by match_key
                result.glosses.setdefault(zh, set()).update(keys)
                result.words.setdefault(zh, []).extend(
                    frozenset(words) for words in map(_key_words, keys) if words)
    for zh, glosses in INSTITUTIONAL_MORPHEMES.items():
        keys = [match_key(g) for g in glosses.split("|")]
        result.glosses.setdefault(zh, set()).update(keys)
        result.words.setdefault(zh, []).extend(frozenset(_key_words(k)) for k in keys)
    if NAMES_FILE.exists():
        with gzip.open(NAMES_FILE, "rt", encoding="utf-8") as handle:
            for line in handle:
                zh, _, fr = line.rstrip("\n").partition("\t")
                result.names.setdefault(zh, set()).add(match_key(fr))
                result.words.setdefault(zh, []).append(frozenset(content_words(fr)))
    return result


def dictionary_score(zh: str, zh_parts: tuple[str, ...], fr: str, dictionary: Dictionary | None = None) -> float:
    """Dictionary support in [0, 1] for translating `zh` (split into `zh_parts`) by `fr`."""
    return dictionary_evidence(zh, zh_parts, fr, dictionary)[0]


def dictionary_evidence(zh: str, zh_parts: tuple[str, ...], fr: str,
                        dictionary: Dictionary | None = None) -> tuple[float, float]:
    """(support in [0, 1], balance in [0, 1]).

    The balance is below 1 when one side is fully explained and the other only partly: an
    under-translation (死亡率 ↔ taux leaves 死亡 unexpressed) or an over-translation (律师协会 ↔
    président de l'association des avocats adds 'président').
    """
    dictionary = dictionary or load()
    key = match_key(fr)
    if key in dictionary.translations(zh):
        return 1.0, 1.0
    french = content_words(fr)
    if not french:
        return 0.0, 1.0
    split = [piece for p in zh_parts for piece in ([p] if p in dictionary.words else _pieces(p, dictionary))]
    # the whole word's glosses and its parts' glosses each explain the French; keep the better
    pieces = [piece for p in zh_parts for piece in (_pieces(p, dictionary) or [p])]
    candidates = [split, pieces, [zh]] if zh in dictionary.words else [split, pieces]
    score, coverage_fr, coverage_zh = max(_coverage(parts, french, dictionary) for parts in candidates)
    balance = coverage_zh if coverage_fr == 1 else coverage_fr if coverage_zh == 1 else 1.0
    if score and _heads_disagree(pieces, fr, dictionary):
        balance *= HEAD_MISMATCH
    return score, balance


def _heads_disagree(pieces: list[str], fr: str, dictionary: Dictionary) -> bool:
    """True when the French head noun renders a Chinese modifier, not the Chinese head.

    Chinese compounds end in their head (市律师协会: 协会), French noun phrases start with it
    (association des avocats); 'avocat de la ville' renders 律师 as its head, a different term.
    """
    if len(pieces) < 2 or pieces[-1] not in dictionary.words:
        return False
    head = next((w for w in match_key(fr).replace("'", "' ").split() if w not in FUNCTION_WORDS and len(w) > 1), "")
    def offers(piece: str) -> bool:
        return any(head in gloss for gloss in dictionary.words.get(piece, ()))
    return not offers(pieces[-1]) and any(offers(p) for p in pieces[:-1])


def _coverage(parts: list[str], french: set[str], dictionary: Dictionary) -> tuple[float, float, float]:
    """Harmonic mean of how much of the French is explained and how fully each part's best gloss appears."""
    if not parts:
        return 0.0, 0.0, 0.0
    explained: set[str] = set()
    expressed = 0.0
    for part in parts:
        best = max(dictionary.words.get(part, []), key=lambda g: (len(g & french) / len(g), -len(g)),
                   default=frozenset())
        if best & french:
            explained |= best & french
            # a part is expressed once any word of its gloss is there; a whole word needs all of its gloss
            expressed += len(best & french) / len(best) if len(parts) == 1 else 1.0
    if not explained:
        return 0.0, 0.0, 0.0
    coverage_fr = len(explained) / len(french)
    coverage_zh = expressed / len(parts)
    # capped below an exact dictionary entry
    return 0.9 * 2 * coverage_fr * coverage_zh / (coverage_fr + coverage_zh), coverage_fr, coverage_zh


def gloss_words(zh: str, zh_parts: tuple[str, ...], dictionary: Dictionary | None = None) -> set[str]:
    """Every French content word the dictionaries offer for `zh`, its parts or their pieces (a fast pre-filter)."""
    dictionary = dictionary or load()
    words: set[str] = set()
    for part in {zh, *zh_parts, *(piece for p in zh_parts for piece in _pieces(p, dictionary))}:
        for gloss in dictionary.words.get(part, ()):
            words |= gloss
    return words


def _pieces(word: str, dictionary: Dictionary) -> list[str]:
    """Greedy longest-known-prefix split of a Chinese word into shorter dictionary entries."""
    pieces, i = [], 0
    while i < len(word):
        for j in range(min(len(word), i + len(word) - 1) if i == 0 else len(word), i, -1):
            if word[i:j] in dictionary.words:
                pieces.append(word[i:j])
                i = j
                break
        else:
            i += 1
    return pieces


GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^]]*\]|\bCL:.*$|\bvoir\b.*$|\bvar\.?.*$")


def clean_gloss(gloss: str) -> str:
    """A CFDICT gloss without notes in brackets, classifiers or cross references."""
    return re.sub(r"\s+", " ", GLOSS_NOISE.sub("", gloss)).strip(" ,;.")


def build(shared: Path) -> None:
    """Write the compact run-time files from the full sources in ../shared/data."""
    DATA.mkdir(exist_ok=True)
    rows = []
    with open(shared / "cfdict" / "cfdict_zh_fr.tsv", encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            zh = record["simplified"]
            glosses = [clean_gloss(g) for g in record["fr_glosses(|-separated)"].split("|")]
            glosses = [match_key(g) for g in glosses if g and len(g) <= 60 and not g.startswith("nom de famille")]
            glosses = [g for g in glosses if g]
            if glosses and re.search(r"[\u3400-\u9fff]", zh) and not re.search(r"[\d]", zh):
                rows.append(f"{zh}\t{'|'.join(dict.fromkeys(glosses))}\n")
    with gzip.open(CFDICT_FILE, "wt", encoding="utf-8", compresslevel=9) as out:
        out.writelines(sorted(set(rows)))
    names = set()
    with open(shared / "cldr_iso_terms" / "cldr_babel_terms_zh_fr.tsv", encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if record["zh"] and record["fr"]:
                names.add(f"{record['zh']}\t{record['fr'].replace(chr(0x2019), chr(39))}\n")
    with gzip.open(NAMES_FILE, "wt", encoding="utf-8", compresslevel=9) as out:
        out.writelines(sorted(names))


if __name__ == "__main__" and sys.argv[1:2] == ["build"]:
    build(Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parents[2] / "shared" / "data")

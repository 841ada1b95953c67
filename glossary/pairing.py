"""Pair Chinese and French candidates: evidence per (zh, fr), competitive linking per aligned pair.

Evidence for a (zh, fr) type pair, each in [0, 1]:
- co-occurrence across aligned pairs as logDice (Rychlý 2008, Sketch Engine), weighted by a
  confidence that grows with the joint count, so it cannot dominate a corpus without volume;
- cross-lingual similarity of the two term strings under the sentence encoder;
- dictionary support (CFDICT, CLDR names), exact or compositional;
- transliteration of names (pinyin of the Chinese against the French letters).
They combine as a noisy-OR: any strong, reliable kind of evidence is enough, and agreeing kinds add up.
"""
from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

import numpy as np

from .dictionary import Dictionary, content_words, dictionary_evidence, gloss_words
from .terms_fr import FrAnalysis
from .terms_zh import ORG_SUFFIXES, PLACE_SUFFIXES, ZhAnalysis

# How much each kind of evidence can say on its own (noisy-OR weights).
WEIGHTS = {"cooccurrence": 0.9, "similarity": 0.8, "dictionary": 0.85, "transliteration": 0.9}
CONFIDENCE_HALF = 2.0  # co-occurrences beyond the first at which co-occurrence gets half its weight
SIMILARITY_FLOOR, SIMILARITY_SPAN = 0.40, 0.45  # cosine → [0, 1]: unrelated strings sit below 0.4
KEEP_PER_TERM = 4  # French partners per Chinese term scored with the encoder (by cheaper evidence) …
ALL_SIMILARITIES = 100_000  # … once there are more (zh, fr) candidates than this; below, all of them
CHEAP_KEEP = 0.15  # co-occurrence evidence worth keeping a candidate for on its own
SIMILARITY_BLOCK = 8192
LINK_MIN = 0.3
NESTING_BONUS = 0.03  # linking priority per shorter link a candidate extends on both sides
WORD_CLASS = {"verb": "verb", "adjective": "adjective"}  # every other kind is nominal
CLASS_MISMATCH = 0.6  # association kept when word classes differ (a noun with a French verb, …) …
NOMINALISED = 0.9  # … except a Chinese verb or adjective used as a noun (创新 ↔ innovation, 平等 ↔ égalité)
UNDER_TRANSLATION = 0.7  # association kept when one side renders none of the other's extra meaning  # weakest association competitive linking accepts


@dataclass
class Association:
    """Evidence for one (zh, fr) type pair."""

    joint: float = 0.0  # co-occurrences, each weighted by its pair's alignment confidence
    logdice: float = 0.0
    confidence: float = 0.0
    cooccurrence: float = 0.0
    similarity: float = 0.0  # mapped into [0, 1]
    cosine: float = 0.0
    dictionary: float = 0.0
    transliteration: float = 0.0
    expressed: float = 1.0  # < 1: the dictionary sees an under- or over-translation
    class_match: float = 1.0  # 1 when both are nominal, both verbs or both adjectives
    score: float = 0.0

    def combine(self) -> float:
        miss = 1.0
        miss *= 1 - WEIGHTS["cooccurrence"] * self.confidence * self.cooccurrence
        miss *= 1 - WEIGHTS["similarity"] * self.similarity
        miss *= 1 - WEIGHTS["dictionary"] * self.dictionary
        miss *= 1 - WEIGHTS["transliteration"] * self.transliteration
        self.score = (1 - miss) * (UNDER_TRANSLATION + (1 - UNDER_TRANSLATION) * self.expressed)
        self.score *= self.class_match
        return self.score


@dataclass
class Links:
    """What competitive linking found: pair ids per (zh, fr), and the associations scored."""

    pairs: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    associations: dict[tuple[str, str], Association] = field(default_factory=dict)
    zh_df: Counter = field(default_factory=Counter)  # aligned pairs containing each zh term
    fr_df: Counter = field(default_factory=Counter)


def fold_letters(text: str) -> str:
    """Lower-case ASCII letters only: 'Qianjiang', 'qian jiang', 'Qiánjiāng' → 'qianjiang'."""
    text = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in text if "a" <= c <= "z")


@lru_cache(maxsize=100_000)
def pinyin_of(zh: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(zh, style=Style.NORMAL, errors="ignore"))


def transliteration_score(zh: str, kind: str, fr_form: str) -> float:
    """How well the pinyin of a name (without its 区/市/局… suffix) matches the capitalised French words."""
    if kind not in ("person", "place", "organisation"):
        return 0.0
    stem = zh
    for suffix in sorted(PLACE_SUFFIXES + ORG_SUFFIXES, key=len, reverse=True):
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
            stem = stem[: -len(suffix)]
            break
    capitals = fold_letters(" ".join(w for w in fr_form.replace("-", " ").split() if w[:1].isupper()))
    target = pinyin_of(stem)
    if len(target) < 4 or not capitals:
        return 0.0
    from rapidfuzz.fuzz import ratio

    similarity = ratio(target, capitals) / 100
    if similarity < 0.8:
        return 0.0
    # the suffix (区, 局) is not transliterated: a bare name matches only part of the term
    return similarity * (0.6 + 0.4 * len(stem) / len(zh))


def _class_match(zh_kind: str, fr_kind: str) -> float:
    zh_class, fr_class = WORD_CLASS.get(zh_kind, "noun"), WORD_CLASS.get(fr_kind, "noun")
    if zh_class == fr_class:
        return 1.0
    # Chinese does not mark nominalisation: jieba's verbs and adjectives are often nouns
    return NOMINALISED if fr_class == "noun" else CLASS_MISMATCH


def _incidence(occurrences: list[Counter], index: dict[str, int], rows: Sequence[Sequence[int]] | None = None):
    """Sparse 0/1 matrix: aligned pairs (or units of pairs) × terms."""
    from scipy.sparse import csr_matrix

    groups = rows if rows is not None else [[i] for i in range(len(occurrences))]
    indptr, indices = [0], []
    for group in groups:
        terms = {index[t] for i in group for t in occurrences[i]}
        indices.extend(sorted(terms))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, np.array(indices, dtype=np.int32), np.array(indptr)), shape=(len(groups), len(index)))


def cooccurrence(zh: ZhAnalysis, fr: FrAnalysis, weights: Sequence[float] | None = None):
    """(zh terms, fr terms, weighted joint counts as a sparse zh × fr matrix, zh and fr document frequencies).

    Each aligned pair counts by its alignment confidence (`weights`), so weakly mined pairs say less.
    """
    from scipy.sparse import diags

    zh_terms, fr_terms = list(zh.terms), list(fr.terms)
    z_matrix = _incidence(zh.occurrences, {t: i for i, t in enumerate(zh_terms)})
    f_matrix = _incidence(fr.occurrences, {t: i for i, t in enumerate(fr_terms)})
    w = np.ones(len(zh.occurrences), dtype=np.float32) if weights is None else np.asarray(weights, np.float32)
    joint = (z_matrix.T @ diags(w) @ f_matrix).tocsr()
    zh_df = np.asarray(z_matrix.T @ w).ravel()
    fr_df = np.asarray(f_matrix.T @ w).ravel()
    return zh_terms, fr_terms, joint, zh_df, fr_df


def confidence(joint: float) -> float:
    """Trust in a co-occurrence statistic: none for a single co-occurrence, half at 1 + CONFIDENCE_HALF."""
    return max(0.0, joint - 1) / (joint - 1 + CONFIDENCE_HALF) if joint > 1 else 0.0


def _word_matrix(word_sets: list[set[str]], vocabulary: dict[str, int]):
    """CSR index pointer and column indices of word sets over a growing vocabulary."""
    indptr, indices = [0], []
    for words in word_sets:
        indices.extend(sorted(vocabulary.setdefault(w, len(vocabulary)) for w in words))
        indptr.append(len(indices))
    return indptr, indices


def _shared_gloss_words(zh: ZhAnalysis, fr: FrAnalysis, zh_terms: list[str], fr_terms: list[str],
                        dictionary: Dictionary):
    """Sparse zh × fr matrix, non-zero where a dictionary gloss word of the Chinese is in the French."""
    from scipy.sparse import csr_matrix

    vocabulary: dict[str, int] = {}
    z_ptr, z_idx = _word_matrix([gloss_words(z, zh.terms[z].words, dictionary) for z in zh_terms], vocabulary)
    f_ptr, f_idx = _word_matrix([content_words(fr.terms[f].form) for f in fr_terms], vocabulary)
    shape = len(vocabulary)
    z_words = csr_matrix((np.ones(len(z_idx), np.float32), z_idx, z_ptr), shape=(len(zh_terms), shape))
    f_words = csr_matrix((np.ones(len(f_idx), np.float32), f_idx, f_ptr), shape=(len(fr_terms), shape))
    return (z_words @ f_words.T).tocsr()


def associate(zh: ZhAnalysis, fr: FrAnalysis, embedder=None, dictionary: Dictionary | None = None,
              weights: Sequence[float] | None = None, units: Sequence[Sequence[int]] | None = None) -> Links:
    """Score the (zh, fr) that meet in a linking unit (an aligned pair, or all pairs of comparable text).

    Cheap evidence (co-occurrence, dictionary, transliteration) is computed for every such
    pair; only the promising ones (and each Chinese term's best few) are kept and compared
    with the encoder, so 50,000 pairs stay within memory and minutes.
    """
    zh_terms, fr_terms, joint, zh_df, fr_df = cooccurrence(zh, fr, weights)
    links = Links(zh_df=Counter(dict(zip(zh_terms, zh_df.tolist()))),
                  fr_df=Counter(dict(zip(fr_terms, fr_df.tolist()))))
    if units is None:
        meets = joint
    else:
        z_index = {t: i for i, t in enumerate(zh_terms)}
        f_index = {t: i for i, t in enumerate(fr_terms)}
        meets = (_incidence(zh.occurrences, z_index, units).T @ _incidence(fr.occurrences, f_index, units)).tocsr()
    meets = meets.tocoo()
    rows, cols = meets.row, meets.col
    counts = np.asarray(joint[rows, cols]).ravel() if units is not None else meets.data.astype(np.float64)
    logdice = np.where(counts > 0, 14 + np.log2(np.maximum(2 * counts, 1e-9) / (zh_df[rows] + fr_df[cols])), 0.0)
    cooc = np.clip(logdice / 14, 0, 1)
    conf = np.where(counts > 1, (counts - 1) / (counts - 1 + CONFIDENCE_HALF), 0.0)
    cheap = WEIGHTS["cooccurrence"] * conf * cooc
    dictionary_hit = np.zeros(len(rows), bool)
    if dictionary is not None:
        shared = _shared_gloss_words(zh, fr, zh_terms, fr_terms, dictionary)
        dictionary_hit = np.asarray(shared[rows, cols]).ravel() > 0
    names = np.array([zh.terms[t].kind in ("person", "place", "organisation") for t in zh_terms])[rows]
    if len(rows) > ALL_SIMILARITIES:
        # a large corpus: co-occurrence that is strong on its own, and each Chinese term's best few
        # partners by cheap evidence (a shared dictionary word or a name counts as a head start)
        prior = cheap + 0.5 * dictionary_hit + 0.5 * names + 0.001 * cooc
        keep = (cheap >= CHEAP_KEEP) | _top_per_row(rows, prior, 2 * KEEP_PER_TERM)
    else:
        keep = np.ones(len(rows), bool)
    partners: dict[str, list[str]] = defaultdict(list)
    for k in np.flatnonzero(keep):
        z, f = zh_terms[rows[k]], fr_terms[cols[k]]
        a = Association(joint=float(counts[k]), logdice=float(logdice[k]), confidence=float(conf[k]),
                        cooccurrence=float(cooc[k]))
        zh_term, fr_term = zh.terms[z], fr.terms[f]
        if dictionary_hit[k]:
            a.dictionary, a.expressed = dictionary_evidence(z, zh_term.words, fr_term.form, dictionary)
        if names[k]:
            a.transliteration = transliteration_score(z, zh_term.kind, fr_term.form)
        a.class_match = _class_match(zh_term.kind, fr_term.kind)
        a.combine()
        links.associations[(z, f)] = a
        partners[z].append(f)
    if embedder is not None:
        _add_similarity(links, partners, zh, fr, embedder)
    return links


def _top_per_row(rows: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Mask of the k best entries of each row."""
    order = np.lexsort((-values, rows))
    sorted_rows = rows[order]
    starts = np.searchsorted(sorted_rows, sorted_rows, side="left")
    rank = np.arange(len(order)) - starts
    mask = np.zeros(len(rows), bool)
    mask[order[rank < k]] = True
    return mask


def _add_similarity(links: Links, partners: dict[str, list[str]], zh: ZhAnalysis, fr: FrAnalysis,
                    embedder) -> None:
    """Encoder similarity for each Chinese term's most promising French partners (all of them on small corpora)."""
    chosen: list[tuple[str, str]] = []
    total = sum(len(fs) for fs in partners.values())
    for z, fs in partners.items():
        if total > ALL_SIMILARITIES:
            fs = sorted(fs, key=lambda f: (links.associations[(z, f)].score, -len(f)), reverse=True)
            fs = fs[:KEEP_PER_TERM]
        chosen.extend((z, f) for f in fs)
    if not chosen:
        return
    zh_texts = sorted({z for z, _ in chosen})
    fr_texts = sorted({f for _, f in chosen})
    zh_vectors = embedder.encode(zh_texts)
    fr_vectors = embedder.encode([fr.terms[f].form for f in fr_texts])
    zh_row = {z: i for i, z in enumerate(zh_texts)}
    fr_row = {f: i for i, f in enumerate(fr_texts)}
    z_index = np.array([zh_row[z] for z, _ in chosen])
    f_index = np.array([fr_row[f] for _, f in chosen])
    cosines = np.concatenate([  # in blocks: gathering every row pair at once would take gigabytes
        np.einsum("ij,ij->i", zh_vectors[z_index[i:i + SIMILARITY_BLOCK]], fr_vectors[f_index[i:i + SIMILARITY_BLOCK]])
        for i in range(0, len(chosen), SIMILARITY_BLOCK)])
    for (z, f), cosine in zip(chosen, cosines):
        a = links.associations[(z, f)]
        a.cosine = float(cosine)
        a.similarity = max(0.0, min(1.0, (a.cosine - SIMILARITY_FLOOR) / SIMILARITY_SPAN))
        a.combine()


def _nested(shorter: str, longer: str, sep: str = "") -> bool:
    if sep:
        return f" {shorter} " in f" {longer} "
    return shorter in longer


def link(zh: ZhAnalysis, fr: FrAnalysis, links: Links, units: Sequence[Sequence[int]] | None = None) -> Links:
    """Competitive linking inside each unit (by default each aligned pair): best association first, one-to-one.

    A unit of several pairs (comparable documents) records, for each link, the pairs holding either term.
    """
    if units is None:
        units = [[i] for i in range(len(zh.occurrences))]
    for unit in units:
        z_terms: Counter = sum((zh.occurrences[i] for i in unit), Counter())
        f_terms: Counter = sum((fr.occurrences[i] for i in unit), Counter())
        scored = [(links.associations[(z, f)].score, z, f) for z in z_terms for f in f_terms
                  if (z, f) in links.associations and links.associations[(z, f)].score >= LINK_MIN]
        scored = _prefer_longer(scored)
        used_z: Counter = Counter()
        used_f: Counter = Counter()
        for _score, z, f in scored:
            if used_z[z] >= z_terms[z] or used_f[f] >= f_terms[f]:
                continue
            # a term nested in (or containing) one already linked uses up the same occurrences
            if _overlaps(z, z_terms, used_z, "") or _overlaps(f, f_terms, used_f, " "):
                continue
            used_z[z] += 1
            used_f[f] += 1
            if len(unit) == 1:
                links.pairs[(z, f)].append(unit[0])
            else:
                both = [i for i in unit if z in zh.occurrences[i] and f in fr.occurrences[i]]
                links.pairs[(z, f)].extend(both or [i for i in unit if z in zh.occurrences[i]
                                                    or f in fr.occurrences[i]])
    return links


def _prefer_longer(scored: list[tuple[float, str, str]]) -> list[tuple[float, str, str]]:
    """Order for linking: by score, a link nudged up for each weaker link it extends on both sides.

    市律师协会 ↔ association des avocats municipaux extends 律师协会 ↔ association des avocats:
    when both are well supported the whole compound is the term, so it links first.
    """
    def priority(item):
        score, z, f = item
        extended = 0
        if len(z) >= 3:
            extended = sum(1 for s2, z2, f2 in scored if z2 != z and z2 in z and f2 != f and _nested(f2, f, " ")
                           and s2 >= score - NESTING_BONUS * 2)
        return score + NESTING_BONUS * min(extended, 3)

    ranked = [(priority(item), item) for item in scored]
    ranked.sort(key=lambda pair: (-pair[0], -len(pair[1][1]), -len(pair[1][2])))
    return [item for _, item in ranked]


def _overlaps(term: str, counts: Counter, used: Counter, sep: str) -> bool:
    """True when the occurrences of `term` are already taken by linked terms nested in it or around it."""
    taken = 0
    for other, n in used.items():
        if other == term:
            continue
        if _nested(term, other, sep):  # each linked occurrence of a longer term contains one of ours
            taken += n
        elif _nested(other, term, sep) and n >= counts[other]:  # every occurrence of a part is taken
            return True
    return taken >= counts[term]

"""French term candidates: spaCy parts of speech → noun-phrase patterns → canonical singular forms.

Patterns: NOUN ADJ*, NOUN ADJ* (de|du|des|d') (la|l')? NOUN ADJ* (twice at most), PROPN sequences,
and a few pre-posed adjectives (petits États, haute qualité). The canonical form is singular
(head noun and its adjectives) and lower case unless the term is only ever seen capitalised;
elision and capitalisation variants fold together, and the surface forms seen are kept.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

MODEL = "fr_core_news_sm"
NOMINAL = {"NOUN", "PROPN"}
PREPOSITIONS = {"de", "du", "des", "d'", "en"}  # en, without article: pays en développement
ARTICLES_AFTER_DE = {"la", "l'"}
PRE_ADJECTIVES = {"petit", "petite", "petits", "petites", "grand", "grande", "grands", "grandes", "haut", "haute",
                  "hauts", "hautes", "nouveau", "nouvelle", "nouveaux", "nouvelles", "jeune", "jeunes", "bon",
                  "bonne", "bons", "bonnes", "premier", "première", "premiers", "premières", "moyen", "moyenne",
                  "moyens", "moyennes", "faible", "faibles", "vieux", "vieille", "vieilles"}
MAX_CONTENT_WORDS = 5
LIGHT_WORDS = {"être", "avoir", "faire", "pouvoir", "devoir", "aller", "venir", "falloir", "vouloir", "savoir",
               "mettre", "donner", "tenir", "dire", "voir", "rendre", "autre", "même", "tel", "certain", "tout",
               "présent", "dernier", "prochain", "suivant", "divers", "différent", "seul", "propre", "cher"}
# Nouns that are never terms on their own (they stay inside longer phrases).
GENERIC = {"fois", "cas", "manière", "façon", "chose", "an", "année", "jour", "mois", "semaine", "heure",
           "sorte", "moment", "fin", "début", "cours", "suite", "égard", "titre", "ordre", "point", "terme", "gens", "monsieur", "madame", "m.", "mme", "etc", "cela", "ceci", "tout", "autre", "même",
           "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}
# Chinese names written in pinyin (Li Yong, Wang Zongqi): the tagger often misses them
PINYIN_WORD = re.compile(r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan"
                         r"|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|a|e|i|o|u|ü)){1,3}$", re.I)
FUNCTION_WORDS = {"le", "la", "les", "de", "du", "des", "un", "une", "et", "ou", "en", "au", "aux", "a", "il", "elle",
                  "on", "ne", "se", "ce", "sa", "son", "ses", "sur", "par", "pour", "qui", "que", "dans", "mai", "lui"}
WORD = re.compile(r"^[^\W\d_][\w'’-]*$")
SEPARATORS = re.compile(r"[\s\-]+")
ARTICLE = re.compile(r"^(?:l'|le |la |les |un |une |des |du |de la |de l'|d')", re.I)


@dataclass
class FrTerm:
    """A French candidate with its corpus statistics."""

    key: str  # lower-case canonical form: the identity used for counting
    form: str = ""  # canonical form shown to people
    kind: str = "term"  # "term", "name" (PROPN-headed), "verb" or "adjective" (single words, by lemma)
    freq: int = 0
    content_words: int = 1
    variants: Counter = field(default_factory=Counter)  # surface forms seen → count
    cvalue: float = 0.0
    score: float = 0.0


@dataclass
class FrAnalysis:
    """Per-text occurrences (key → count) and the corpus-wide terms."""

    occurrences: list[Counter] = field(default_factory=list)
    terms: dict[str, FrTerm] = field(default_factory=dict)


@lru_cache(maxsize=1)
def nlp():
    """fr_core_news_sm without the parser and entity recogniser (tagging and lemmas are all we need)."""
    import spacy

    return spacy.load(MODEL, exclude=["parser", "ner", "senter"])


def normalise_text(text: str) -> str:
    """Typographic apostrophes become ASCII so elisions tokenise the same way everywhere."""
    return text.replace("’", "'").replace("ʼ", "'").replace("\u00a0", " ")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def singular(word: str, lemma: str, plural: bool) -> str:
    """The singular of a noun or adjective, keeping the case and gender of `word`."""
    lower, lemma = word.lower(), lemma.lower()
    if not plural or len(lower) < 4:
        return word
    if lower.endswith("aux"):
        if lemma == lower[:-3] + "ail":  # travaux
            return word[:-3] + "ail"
        if lower.endswith("eaux") or lemma == lower[:-1]:  # bureaux, nouveaux
            return word[:-1]
        return word[:-3] + "al"  # municipaux, nationaux
    if lower[-1] in "sx" and not lemma.endswith(lower[-1]):
        return word[:-1]
    return word


@lru_cache(maxsize=200_000)
def match_key(term: str) -> str:
    """Folding used to compare French terms: case, accents, leading article, plural -s/-x/-aux."""
    text = normalise_text(term).lower().strip()
    text = ARTICLE.sub("", text).strip()
    words = []
    for word in SEPARATORS.split(text):
        if len(word) > 3 and word.endswith("eaux"):
            word = word[:-1]
        elif len(word) > 3 and word.endswith("aux"):
            word = word[:-3] + "al"
        elif len(word) > 3 and word[-1] in "sx":
            word = word[:-1]
        words.append(word)
    return strip_accents(" ".join(words))


def _is_nominal(token) -> bool:
    return token.pos_ in NOMINAL and bool(WORD.match(token.text)) and token.lower_ not in GENERIC \
        and token.lower_ not in ARTICLES_AFTER_DE and len(token.text) > 1


def _is_modifier(token, previous) -> bool:
    if token.pos_ == "ADJ" and WORD.match(token.text):
        return True
    # past participles used as adjectives: pays développés, personnes handicapées
    if token.pos_ == "VERB" and "Part" in token.morph.get("VerbForm") and "Past" in token.morph.get("Tense") \
            and WORD.match(token.text):
        return True
    # title case confuses the tagger (Association des Avocats Municipaux): a capitalised
    # word after a capitalised word is a modifier whatever its tag
    return token.pos_ in NOMINAL and token.text[:1].isupper() and previous.text[:1].isupper() \
        and bool(WORD.match(token.text))


def _spans(doc) -> list[tuple[int, int, int]]:
    """(start, end, head index) of every pattern match in a tagged text."""
    found = []
    n = len(doc)
    for start, end in _pinyin_names(doc):
        found.append((start, end, start))
    for head in range(n):
        token = doc[head]
        if not _is_nominal(token):
            continue
        start = head
        if head > 0 and doc[head - 1].lower_ in PRE_ADJECTIVES:
            start = head - 1
        if token.pos_ == "PROPN":  # name sequences: Li Yong, Wang Zongqi
            end = head + 1
            while end < n and doc[end].pos_ == "PROPN" and WORD.match(doc[end].text):
                end += 1
            if end - head > 1 and (head == 0 or doc[head - 1].pos_ != "PROPN"):
                found.append((head, end, head))
        for first in {start, head}:
            end, content, previous = head + 1, 1, token
            found.append((first, end, head))
            for _complement in range(3):
                while end < n and content < MAX_CONTENT_WORDS and _is_modifier(doc[end], previous):
                    previous = doc[end]
                    end, content = end + 1, content + 1
                    found.append((first, end, head))
                # (de|du|des|d') (la|l')? NOUN
                if _complement == 2 or end >= n or doc[end].lower_ not in PREPOSITIONS:
                    break
                after = end + 1
                if after < n and doc[after].lower_ in ARTICLES_AFTER_DE and doc[end].lower_ in ("de", "d'"):
                    after += 1
                if after >= n or not _is_nominal(doc[after]) or content >= MAX_CONTENT_WORDS:
                    break
                previous = doc[after]
                end, content = after + 1, content + 1
                found.append((first, end, head))
    return found


def _is_pinyin_name_word(token) -> bool:
    text = token.text
    return text[:1].isupper() and text[1:].islower() and bool(PINYIN_WORD.match(text)) \
        and token.lower_ not in FUNCTION_WORDS


def _pinyin_names(doc) -> list[tuple[int, int]]:
    """Runs of two or three capitalised pinyin words: Chinese personal and place names."""
    runs, i, n = [], 0, len(doc)
    while i < n:
        j = i
        while j < n and j - i < 3 and _is_pinyin_name_word(doc[j]):
            j += 1
        if j - i >= 2:
            runs.append((i, j))
        i = max(j, i + 1)
    return runs


def _canonical(doc, start: int, end: int, head: int) -> str:
    """Singular head (and its adjectives), complement as written, elisions glued: 'droit d'accès'."""
    words = []
    in_head = True
    head_plural = "Plur" in doc[head].morph.get("Number") or doc[head].lower_ != doc[head].lemma_.lower() \
        and doc[head].lower_[-1:] in ("s", "x")
    for i in range(start, end):
        token = doc[i]
        if i > head and token.lower_ in PREPOSITIONS:
            in_head = False
        text = token.text
        if in_head and token.pos_ in ("NOUN", "ADJ", "PROPN", "VERB"):
            # modifiers agree with their head even when the tagger missed their number
            plural = "Plur" in token.morph.get("Number") or i != head and head_plural
            text = singular(text, token.lemma_, plural)
        words.append(text)
    return " ".join(words).replace("' ", "'")


def analyse(texts: list[str], batch_size: int = 64, progress=None) -> FrAnalysis:
    """Candidates in each text and their corpus statistics."""
    result = FrAnalysis()
    cased: dict[str, Counter] = defaultdict(Counter)
    freq: Counter = Counter()
    info: dict[str, tuple[str, int]] = {}
    for doc in nlp().pipe((normalise_text(t) for t in texts), batch_size=batch_size):
        counts: Counter = Counter()
        names = set(_pinyin_names(doc))
        for start, end, head in set(_spans(doc)):
            form = _canonical(doc, start, end, head)
            key = form.lower()
            counts[key] += 1
            # a capital that only marks the start of a sentence or title is not part of the term
            before = start - 1
            while before >= 0 and doc[before].lower_ in ARTICLES_AFTER_DE | {"le", "les", "un", "une", "l'", "d'"}:
                before -= 1
            acronym = form[1:2].isupper()  # PIB, ONU: their capitals are the word itself
            if doc[start].pos_ != "PROPN" and (start, end) not in names and not acronym and (
                    before < 0 or doc[before].text in ".:;!?«\"(—-"):
                form = form[:1].lower() + form[1:]
            cased[key][form] += 1
            surface = doc[start:end].text
            result.terms.setdefault(key, FrTerm(key)).variants[surface] += 1
            content = sum(1 for t in doc[start:end] if t.lower_ not in PREPOSITIONS | ARTICLES_AFTER_DE)
            kind = "name" if all(doc[i].pos_ == "PROPN" for i in range(start, end)) or (start, end) in names \
                else "term"
            info.setdefault(key, (kind, content))
        for token in doc:  # single verbs and adjectives, by lemma: renforcer, durable
            kind = {"VERB": "verb", "ADJ": "adjective"}.get(token.pos_)
            lemma = token.lemma_.lower()
            if kind and len(lemma) > 2 and WORD.match(lemma) and lemma not in LIGHT_WORDS:
                counts[lemma] += 1
                cased[lemma][lemma] += 1
                result.terms.setdefault(lemma, FrTerm(lemma)).variants[token.text] += 1
                info.setdefault(lemma, (kind, 1))
        result.occurrences.append(counts)
        freq.update(counts)
        if progress:
            progress()
    for key, term in result.terms.items():
        term.freq = freq[key]
        term.kind, term.content_words = info[key]
        # lower case as soon as it is seen so (sentence-initial capitals are the usual exception); else the
        # form with the fewest capitals: French capitalises an institution's first word only, and
        # "Association des Avocats Municipaux" is an English habit of translations
        term.form = key if key in cased[key] else min(
            cased[key].items(), key=lambda item: (sum(ch.isupper() for ch in item[0]), -item[1]))[0]
    _rank(result.terms)
    return result


def _rank(terms: dict[str, FrTerm]) -> None:
    """C-value over nested candidates, scaled into [0, 1]."""
    containers: dict[str, list[int]] = defaultdict(list)
    for term in terms.values():
        words = term.key.split(" ")
        for start in range(len(words)):
            for end in range(start + 1, len(words) + 1):
                inner = " ".join(words[start:end])
                if inner != term.key and inner in terms:
                    containers[inner].append(term.freq)
    best = 1.0
    for term in terms.values():
        nested = containers.get(term.key, [])
        f = term.freq - (sum(nested) / len(nested) if nested else 0)
        term.cvalue = math.log2(term.content_words + 1) * max(f, 0.0)
        best = max(best, term.cvalue)
    for term in terms.values():
        term.score = math.log1p(term.cvalue) / math.log1p(best)

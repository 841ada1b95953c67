"""Language detection from the text itself: Chinese (simplified or traditional) vs French vs the rest.

Deterministic and dependency-light: Chinese is recognised by its share of Han characters, its
script by which characters OpenCC would convert, and French among Latin-script languages by
function words, elisions and diacritics. Nothing is learnt, so the same text always gives the
same answer.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError

ZH = "zh"
FR = "fr"
LANGUAGE_NAMES = {ZH: "Chinese", FR: "French"}

# Enough text to decide; longer documents are judged on their first part (keeps detection fast).
SAMPLE_CHARS = 200_000


def _is_han(code: int) -> bool:
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3134F)


# Other scripts we can name when refusing a document (first matching range wins).
_SCRIPT_RANGES = (
    ("kana", ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))),
    ("hangul", ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F))),
    ("cyrillic", ((0x0400, 0x052F),)),
    ("greek", ((0x0370, 0x03FF),)),
    ("arabic", ((0x0600, 0x06FF), (0x0750, 0x077F))),
    ("hebrew", ((0x0590, 0x05FF),)),
    ("thai", ((0x0E00, 0x0E7F),)),
    ("devanagari", ((0x0900, 0x097F),)),
)
_SCRIPT_DESCRIPTIONS = {
    "cyrillic": "Cyrillic-script text (Russian or similar)",
    "greek": "Greek text",
    "arabic": "Arabic-script text",
    "hebrew": "Hebrew text",
    "thai": "Thai text",
    "devanagari": "Devanagari-script text (Hindi or similar)",
}

# Function words per Latin-script language. A word shared by several languages counts for each
# with weight 1/n, so only distinctive words decide between close languages.
_FUNCTION_WORDS = {
    "French": "le la les des du de un une est et à au aux en que qui dans pour sur par avec ne pas sont "
              "il elle nous vous ce cette ces se son sa ses leur leurs été être plus ou mais où ont a "
              "je tu me te moi toi mon ton ma ta mes tes nos vos notre votre suis es sommes êtes "
              "avez avons as ai fait très bien tout tous toute comme si on lui ça cela aussi merci oui non "
              "quoi pourquoi comment quand encore veux peux dit chez sans sous entre après avant depuis "
              "donc alors cet y",
    "English": "the and of to is in that it for was on are with as be by this have from at not an or "
               "which were has been they their will would its also a he she his her we you i my your our but "
               "had can there what all said into about more out up who so if no when than",
    "Spanish": "el los las del y que en es por con para una un se su al lo como más pero fue sus le ha "
               "este esta",
    "German": "der die das und ist nicht zu den von mit sich des auf für im dem ein eine auch es wird "
              "sind wurde",
    "Italian": "il di che è la le per un una del della con non sono gli nel alla dei delle anche si",
    "Portuguese": "o os as de que e do da em um uma para com não por se dos das mais é foi ao pelo pela",
    "Dutch": "de het een en van ik te dat is in zijn op niet met voor die er ook worden werd",
}
_WORD_WEIGHTS: dict[str, dict[str, float]] = {}
for _language, _words in _FUNCTION_WORDS.items():
    for _word in set(_words.split()):
        _WORD_WEIGHTS.setdefault(_word, {})[_language] = 1.0
for _word, _languages in _WORD_WEIGHTS.items():
    for _language in _languages:
        _languages[_language] = 1.0 / len(_languages)

# Letters (or marks) far more frequent in French than in the other candidates.
_FRENCH_MARKS = set("éèêëàâçùûîïôœæÉÈÊÀÂÇÙÛÎÔŒ«»")
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+")
_FRENCH_ELISION = re.compile(r"(?<![\w'’])(?:[ldjmnstcLDJMNSTC]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’](?=\w)")
_FRENCH_SPACED_PUNCTUATION = re.compile(r"\w[ \u00a0\u202f][?!;:»]|«[ \u00a0\u202f]\w")


@dataclass(frozen=True)
class LanguageGuess:
    """What `detect_language` found: lang is "zh", "fr" or None (not something we align)."""

    lang: str | None
    script: str  # "simplified" / "traditional" for Chinese, "" otherwise
    confidence: float  # in [0, 1]
    description: str  # short, for people: "French text", "English text", "no text", …

    @property
    def name(self) -> str:
        """"Chinese (traditional)", "French", or the description for other text."""
        if self.lang == ZH:
            return f"Chinese ({self.script})" if self.script else "Chinese"
        if self.lang == FR:
            return "French"
        return self.description


def _script_counts(text: str) -> tuple[int, int, Counter]:
    """(Han characters, Latin letters, letters of other scripts by script name)."""
    han = latin = 0
    others: Counter = Counter()
    for char in text:
        code = ord(char)
        if code < 0x80:
            if char.isalpha():
                latin += 1
            continue
        if _is_han(code):
            han += 1
            continue
        for script, ranges in _SCRIPT_RANGES:
            if any(low <= code <= high for low, high in ranges):
                others[script] += 1
                break
        else:
            if char.isalpha() and code < 0x250:  # Latin-1 supplement and Latin extended
                latin += 1
            elif char.isalpha():
                others["other"] += 1
    return han, latin, others


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def chinese_script(text: str) -> tuple[str, float]:
    """("simplified" | "traditional", share of script-specific characters that voted for it)."""
    counts = Counter(char for char in text if _is_han(ord(char)))
    if not counts:
        return "", 0.0
    chars = list(counts)
    # Convert the distinct characters one per line: character by character, so lengths match.
    to_simplified = _converter("t2s").convert("\n".join(chars)).split("\n")
    to_traditional = _converter("s2t").convert("\n".join(chars)).split("\n")
    traditional = simplified = 0
    for char, t2s, s2t in zip(chars, to_simplified, to_traditional):
        if t2s != char:
            traditional += counts[char]
        if s2t != char:
            simplified += counts[char]
    voters = traditional + simplified
    if voters == 0:  # only characters common to both scripts
        return "simplified", 0.5
    if traditional > simplified:
        return "traditional", traditional / voters
    return "simplified", simplified / voters


def _latin_language(text: str) -> tuple[str | None, float]:
    """(best Latin-script language name or None, its share of the function-word evidence)."""
    words = [word.lower() for word in _LATIN_WORD.findall(text)]
    if not words:
        return None, 0.0
    scores: Counter = Counter()
    for word in words:
        for language, weight in _WORD_WEIGHTS.get(word, {}).items():
            scores[language] += weight
    # Supporting evidence: diacritics, elisions (l’, d’, qu’…) and the space French puts before ? ! ; :
    diacritics = sum(1 for char in text if char in _FRENCH_MARKS)
    typography = len(_FRENCH_ELISION.findall(text)) + len(_FRENCH_SPACED_PUNCTUATION.findall(text))
    scores["French"] += min(0.5 * diacritics + typography, len(words))
    total = sum(scores.values())
    if total < 1.0:
        return None, 0.0
    ranked = sorted(_FUNCTION_WORDS, key=lambda language: -scores[language])  # stable: never hash-dependent
    tied = [language for language in ranked if scores[language] == scores[ranked[0]]]
    if len(tied) > 1:  # only words shared with French ("la", "il"): French is what our users bring
        return ("French", scores["French"] / total) if "French" in tied else (None, 0.0)
    return ranked[0], scores[ranked[0]] / total


def detect_language(text: str) -> LanguageGuess:
    """Guess whether `text` is Chinese (and which script), French, or something else."""
    sample = text[:SAMPLE_CHARS]
    han, latin, others = _script_counts(sample)
    kana = others.get("kana", 0)
    hangul = others.get("hangul", 0)
    if han + latin + sum(others.values()) == 0:
        return LanguageGuess(None, "", 1.0, "no text" if not sample.strip() else "no letters (only digits or symbols)")
    if kana and kana >= 0.1 * (han + kana):
        return LanguageGuess(None, "", round(kana / (han + kana), 3), "Japanese text")
    if hangul and hangul >= 0.3 * (han + hangul):
        return LanguageGuess(None, "", round(hangul / (han + hangul), 3), "Korean text")
    # Chinese separates no words by spaces: a Han character weighs about as much as a Latin word, and
    # Chinese text quoting Latin names or terms is still Chinese.
    latin_units = 0.6 * len(_LATIN_WORD.findall(sample)) if latin else 0.0
    other_script, other_count = max(((s, n) for s, n in others.items() if s not in ("kana", "hangul")),
                                     key=lambda item: item[1], default=("", 0))
    if han >= latin_units and han >= other_count:
        script, _ = chinese_script(sample)
        share = han / (han + latin_units + other_count)
        description = f"Chinese text ({script})"
        if share < 0.65:
            description += " mixed with Latin-script text"
        return LanguageGuess(ZH, script, round(share, 3), description)
    if other_count > latin:
        return LanguageGuess(None, "", round(other_count / (latin + other_count + han), 3),
                             _SCRIPT_DESCRIPTIONS.get(other_script, "text in a script other than Latin or Chinese"))
    language, share = _latin_language(sample)
    if language is None:
        return LanguageGuess(None, "", 0.0, "Latin-script text of unclear language (too few common words)")
    if language == "French":
        return LanguageGuess(FR, "", round(share, 3), "French text")
    return LanguageGuess(None, "", round(share, 3), f"{language} text")


def require_language(doc_text: str, path: str | Path | None) -> LanguageGuess:
    """The guess for `doc_text` if it is Chinese or French; otherwise InputError naming what was found."""
    guess = detect_language(doc_text)
    if guess.lang is None:
        found = f"has {guess.description}" if guess.description.startswith("no ") else f"is {guess.description}"
        raise InputError(path, f"{found}, expected Chinese or French")
    return guess

"""Plain data between the glossary stages: aligned pairs → [TermCandidate] → [GlossaryEntry]."""
from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("proposed", "approved", "rejected", "deprecated")
# What a candidate is. Names (person, place, organisation, name) and terms are glossary material; "verb" and
# "adjective" are single-word phraseology; "general" is correctly paired general language, kept but ranked last.
KINDS = ("term", "name", "person", "place", "organisation", "verb", "adjective", "general")
# Part of speech by kind, in TBX-Basic's vocabulary (noun, verb, adjective, adverb, other): names are nouns.
POS_OF_KIND = {"verb": "verb", "adjective": "adjective"}


def part_of_speech(kind: str) -> str:
    """TBX-Basic partOfSpeech of an entry of this kind."""
    return POS_OF_KIND.get(kind, "noun")


@dataclass
class Example:
    """One aligned pair showing a term in context."""

    pair_id: int  # 0-based index of the pair in its source file
    zh: str
    fr: str
    source: str = ""  # file the pair came from


@dataclass(frozen=True)
class Synonym:
    """Another form of the same concept in one language, kept with the entry (TBX: another termSec)."""

    lang: str  # "zh" or "fr"
    text: str
    type: str = "abbreviation"  # TBX termType: abbreviation, fullForm, acronym, shortForm, variant


@dataclass
class TermCandidate:
    """A proposed (Chinese term, French term) pair with the evidence for it."""

    zh: str
    fr: str  # canonical French form (lemmatised, singular)
    score: float  # combined evidence in [0, 1]
    kind: str = "term"  # one of KINDS
    zh_freq: int = 0  # occurrences of the Chinese term in the corpus
    fr_freq: int = 0  # occurrences of the French term
    pairs: int = 0  # aligned pairs in which the two were linked
    variants: dict[str, int] = field(default_factory=dict)  # French surface forms seen → count
    examples: list[Example] = field(default_factory=list)  # up to three
    evidence: dict[str, float] = field(default_factory=dict)  # per kind of evidence: cooccurrence, similarity, …
    synonyms: list[Synonym] = field(default_factory=list)  # abbreviations and other forms of the same concept


@dataclass
class GlossaryEntry:
    """A row of the glossary store: a candidate plus the decisions people made about it."""

    zh: str
    fr: str
    status: str = "proposed"  # one of STATUSES; "deprecated" = a do-not-use rendering of `zh`
    id: int | None = None
    kind: str = "term"
    score: float = 0.0
    zh_freq: int = 0
    fr_freq: int = 0
    pairs: int = 0
    variants: dict[str, int] = field(default_factory=dict)
    examples: list[Example] = field(default_factory=list)
    evidence: dict[str, float] = field(default_factory=dict)
    synonyms: list[Synonym] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    domain: str = ""
    notes: str = ""
    reviewer: str = ""
    created: str = ""  # ISO 8601 UTC
    updated: str = ""

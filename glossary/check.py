"""Term consistency check: where does a translation not use the glossary?

`check_pairs` turns aligned (Chinese, French) pairs and glossary entries into findings:
- missing: a glossary Chinese term occurs and none of its approved French forms does;
- forbidden: the Chinese term occurs and one of its deprecated French forms does;
- inconsistent: the Chinese term is rendered differently across segments (renderings and counts);
- reverse: an approved French term occurs and none of its Chinese forms does.
Pure function; reading files and writing reports happen at the edges (glossary/cli/check_cmd.py).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence

from align.types import Bead
from glossary.match_fr import FrMatcher, term_pattern
from glossary.match_zh import ZhMatcher, longest_first, normalise_zh
from glossary.types import GlossaryEntry

KINDS = ("missing", "forbidden", "inconsistent", "reverse")
DEFAULT_STATUSES = ("approved", "deprecated")
_ACCEPTED = ("approved", "proposed")  # statuses whose French form counts as a right rendering


@dataclass(slots=True)
class Finding:
    """One place where the translation does not follow the glossary."""

    segment: int  # 1-based number of the pair (the Chinese sentence number when the pairs carry ids)
    kind: str  # one of KINDS
    zh_term: str
    expected: list[str]  # approved French forms
    found: list[str]  # what the French segment has instead (surface text), if anything
    zh: str
    fr: str
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # "zh"/"fr" → [start, end) to highlight
    counts: dict[str, int] = field(default_factory=dict)  # inconsistent: each rendering → segments using it
    source: str = ""  # where the pair comes from: sentences, paragraphs or lines of the input files

    def to_dict(self) -> dict:
        """Plain JSON-ready dict (spans as lists)."""
        data = asdict(self)
        data["spans"] = {side: [list(span) for span in spans] for side, spans in self.spans.items()}
        return data


@dataclass
class _Term:
    """Everything the glossary says about one (normalised) Chinese term."""

    zh: str  # as first written in the glossary
    approved: list[int] = field(default_factory=list)  # French form ids
    deprecated: list[int] = field(default_factory=list)
    known: list[int] = field(default_factory=list)  # every French form that counts as a rendering
    active: bool = False  # has an entry with a checked status


class _Glossary:
    """Entries compiled for matching: one id per distinct Chinese term and per distinct French pattern."""

    def __init__(self, entries: Iterable[GlossaryEntry], statuses: Sequence[str]):
        self.terms: list[_Term] = []
        self.forms: list[str] = []  # French forms, first spelling seen
        self.form_zh: dict[int, list[int]] = {}  # approved French form → its Chinese terms (active entries)
        term_ids: dict[str, int] = {}
        form_ids: dict[tuple[str, ...], int] = {}

        def form_id(text: str) -> int | None:
            pattern = term_pattern(text)
            if not pattern:
                return None
            if pattern not in form_ids:
                form_ids[pattern] = len(self.forms)
                self.forms.append(text.strip())
            return form_ids[pattern]

        for entry in entries:
            if entry.status not in statuses:
                continue  # only the statuses asked for take part, as matches, renderings or findings
            key = normalise_zh(entry.zh.strip())[0]
            if not key:
                continue
            if key not in term_ids:
                term_ids[key] = len(self.terms)
                self.terms.append(_Term(zh=entry.zh.strip()))
            term_id = term_ids[key]
            term = self.terms[term_id]
            main = form_id(entry.fr)
            for f in (main, *(form_id(v) for v in entry.variants)):
                if f is not None and f not in term.known:
                    term.known.append(f)
            if entry.status not in statuses or main is None:
                continue
            term.active = True
            if entry.status in _ACCEPTED:
                if main not in term.approved:
                    term.approved.append(main)
                self.form_zh.setdefault(main, [])
                if term_id not in self.form_zh[main]:
                    self.form_zh[main].append(term_id)
            elif entry.status == "deprecated" and main not in term.deprecated:
                term.deprecated.append(main)
        for term in self.terms:  # a deprecated spelling that matches like an approved one cannot be told apart
            term.deprecated = [f for f in term.deprecated if f not in term.approved]
        # what a reverse finding names: the Chinese terms of an approved French form
        self.form_label = {form: " / ".join(self.terms[t].zh for t in zh_ids) for form, zh_ids in self.form_zh.items()}
        self.zh_matcher = ZhMatcher([t.zh for t in self.terms])
        self.fr_matcher = FrMatcher(self.forms)


def _texts(pair) -> tuple[str, str]:
    if isinstance(pair, Bead):
        return pair.zh, pair.fr
    zh, fr = pair
    return zh or "", fr or ""


def segment_numbers(pairs: Sequence) -> list[int]:
    """How findings number pairs, the same for every input: the 1-based number of the pair's first Chinese
    sentence when the pairs carry sentence ids (aligned documents, pair files from `align`), else its position."""
    with_ids = [getattr(pair, "zh_ids", None) for pair in pairs]
    if not any(with_ids):
        return list(range(1, len(pairs) + 1))
    # A pair without Chinese (a 0-1 bead) never has findings; it gets 0.
    numbers = [ids[0] + 1 if ids else 0 for ids in with_ids]
    used = [n for n in numbers if n]
    if len(set(used)) != len(used):  # ids that do not identify pairs (several files joined): positions
        return list(range(1, len(pairs) + 1))
    return numbers


def sentence_source(pair) -> str:
    """'zh 65 · fr 70–71': the pair's sentences, numbered from 1, when it carries ids."""
    def span(ids) -> str:
        return "" if not ids else f"{ids[0] + 1}" if len(ids) == 1 else f"{ids[0] + 1}–{ids[-1] + 1}"

    zh_ids, fr_ids = getattr(pair, "zh_ids", ()), getattr(pair, "fr_ids", ())
    if not zh_ids and not fr_ids:
        return ""
    return f"zh {span(zh_ids) or '—'} · fr {span(fr_ids) or '—'}"


def _word_order_variant(term: str, text: str) -> bool:
    """True when every character of a Chinese term occurs in the text: the term may be there in another word
    order (污染环境 for 环境污染), so its absence is not established."""
    chars = set(term)
    return len(chars) > 1 and chars <= set(text)


def check_pairs(pairs: Sequence[tuple[str, str]] | Sequence[Bead], entries: list[GlossaryEntry], *,
                statuses: Sequence[str] = DEFAULT_STATUSES, progress: bool = False,
                sources: Sequence[str] | None = None) -> list[Finding]:
    """Findings (missing, forbidden, inconsistent, reverse) for aligned pairs against glossary entries.

    `sources`: one label per pair saying where it comes from (default: its sentence numbers, when it has ids).
    """
    pairs = list(pairs)
    numbers = segment_numbers(pairs)
    labels = list(sources) if sources is not None else [sentence_source(p) for p in pairs]
    glossary = _Glossary(entries, tuple(statuses))
    terms, forms = glossary.terms, glossary.forms
    findings: list[Finding] = []
    # term id → [(segment, rendering form id, fr spans, zh spans)] for the consistency pass
    renderings: dict[int, list[tuple[int, int, list[tuple[int, int]], list[tuple[int, int]]]]] = {}
    flagged: set[tuple[int, int]] = set()  # (segment, term) already reported as forbidden

    numbered = enumerate(pairs)
    if progress:
        from rich.progress import track

        numbered = track(numbered, total=len(pairs), description="checking terms", transient=True)
    for segment, pair in numbered:
        zh, fr = _texts(pair)
        if not zh.strip() or not fr.strip():
            continue  # an unaligned sentence (1-0 / 0-1 bead) has no translation to check
        zh_all = glossary.zh_matcher.find_all(zh)
        if not zh_all and not glossary.form_zh:
            continue
        zh_spans: dict[int, list[tuple[int, int]]] = {}
        for hit in longest_first(zh_all) if zh_all else ():
            zh_spans.setdefault(hit.term, []).append((hit.start, hit.end))
        zh_anywhere = {hit.term for hit in zh_all}
        fr_all = glossary.fr_matcher.find_all(fr)
        fr_spans: dict[int, list[tuple[int, int]]] = {}
        for hit in fr_all:
            fr_spans.setdefault(hit.term, []).append((hit.start, hit.end))

        for term_id, spans in zh_spans.items():
            term = terms[term_id]
            present = [f for f in term.known if f in fr_spans]
            if present:
                rendering = next((f for f in term.approved if f in fr_spans), present[0])
                renderings.setdefault(term_id, []).append((segment, rendering, fr_spans[rendering], spans))
            if not term.active:
                continue
            used = [f for f in term.deprecated if f in fr_spans]
            if used:
                findings.append(Finding(segment, "forbidden", term.zh, [forms[f] for f in term.approved],
                                        [_surface(fr, fr_spans[f]) for f in used], zh, fr,
                                        {"zh": spans, "fr": sorted(s for f in used for s in fr_spans[f])}))
                flagged.add((segment, term_id))
            elif term.approved and not any(f in fr_spans for f in term.approved):
                others = [f for f in present if f not in term.approved]
                findings.append(Finding(segment, "missing", term.zh, [forms[f] for f in term.approved],
                                        [_surface(fr, fr_spans[f]) for f in others], zh, fr,
                                        {"zh": spans, "fr": sorted(s for f in others for s in fr_spans[f])}))

        # reverse: judged on the longest French matches, so "droits de l'homme" does not also count as "droit"
        reverse: dict[int, list[tuple[int, int]]] = {}  # one finding per form, all its places highlighted
        zh_norm = None
        for hit in longest_first(fr_all) if fr_all else ():
            zh_ids = glossary.form_zh.get(hit.term)
            if not zh_ids or any(t in zh_anywhere for t in zh_ids):
                continue
            if zh_norm is None:
                zh_norm = normalise_zh(zh)[0]
            if any(_word_order_variant(normalise_zh(terms[t].zh)[0], zh_norm) for t in zh_ids):
                continue  # its characters are all there: not evidence that the Chinese term is missing
            reverse.setdefault(hit.term, []).append((hit.start, hit.end))
        for form, spans in reverse.items():
            findings.append(Finding(segment, "reverse", glossary.form_label[form], [forms[form]],
                                    [_surface(fr, spans)], zh, fr, {"zh": [], "fr": spans}))

    findings.extend(_inconsistent(renderings, terms, forms, flagged, pairs))
    for finding in findings:  # internal 0-based index → the number and source people see
        finding.source = labels[finding.segment] if finding.segment < len(labels) else ""
        finding.segment = numbers[finding.segment]
    order = {kind: i for i, kind in enumerate(KINDS)}
    findings.sort(key=lambda f: (f.segment, order[f.kind], f.zh_term))
    return findings


def _inconsistent(renderings, terms: list[_Term], forms: list[str], flagged: set[tuple[int, int]],
                  pairs) -> list[Finding]:
    """Segments whose rendering of a term differs from the approved form, or else from the usual one."""
    findings = []
    for term_id, uses in renderings.items():
        counts = Counter(rendering for _, rendering, _, _ in uses)
        if len(counts) < 2:
            continue
        term = terms[term_id]
        reference = set(term.approved) or {counts.most_common(1)[0][0]}
        if len(reference & counts.keys()) == len(counts):
            continue  # only approved forms used: consistent with the glossary
        named = {forms[f]: n for f, n in counts.most_common()}
        for segment, rendering, fr_spans, zh_spans in uses:
            if rendering in reference or (segment, term_id) in flagged:
                continue
            zh, fr = _texts(pairs[segment])
            findings.append(Finding(segment, "inconsistent", term.zh, [forms[f] for f in term.approved],
                                    [_surface(fr, fr_spans)], zh, fr, {"zh": zh_spans, "fr": list(fr_spans)},
                                    dict(named)))
    return findings


def _surface(text: str, spans: list[tuple[int, int]]) -> str:
    start, end = spans[0]
    return text[start:end]


def summarise(findings: Iterable[Finding]) -> dict[str, Counter]:
    """Counts per kind and per (Chinese term, kind), for tables."""
    by_kind: Counter = Counter()
    by_term: Counter = Counter()
    for finding in findings:
        by_kind[finding.kind] += 1
        by_term[(finding.zh_term, finding.kind)] += 1
    return {"kind": by_kind, "term": by_term}

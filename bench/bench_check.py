"""Consistency check: recall on injected term errors, false positives on clean segments, and speed.

Data: the official UN SDG wording (`un_sdg`, 455 line-aligned zh–fr segments). Glossary: the weak
CFDICT gold `cfdict_attested_in_un_sdg.tsv`, restricted to the Chinese terms whose approved French
forms really co-occur with them here (both ways, in ≥ 90 % or 95 % of the segments where either is
found by the matchers), plus one deprecated French form per term (another CFDICT gloss of the word
that this corpus never uses, else the gloss of an unrelated CFDICT word).
Errors are injected into segments without findings that contain a glossary term with its approved
form: replace the French term by another glossary term's French, drop it, or use the deprecated form.
Speed: 100,000 pairs (the corpus tiled) against a 5,000-term glossary (the above + CFDICT words).
"""
from __future__ import annotations

import random
import re
import time
from collections import Counter

from bench.common import md_table, peak_rss_mb, read_tsv, repeat_timing, write_results

THRESHOLDS = (0.9, 0.95)  # co-occurrence needed to keep a gold term in the glossary
REPEATS = 5  # injection rounds per error type
SHARE = 0.3  # share of eligible segments injected in a round
SPEED_PAIRS = 100_000
SPEED_TERMS = 5_000
SEED = 7
_GLOSS_OK = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+){0,3}$")


def _clean_gloss(gloss: str) -> str | None:
    gloss = re.sub(r"\([^)]*\)", "", gloss).strip()
    if "qqn" in gloss or "qch" in gloss or not _GLOSS_OK.match(gloss):
        return None
    return gloss


def _cfdict() -> dict[str, list[str]]:
    table = read_tsv("cfdict", "cfdict_zh_fr.tsv")
    glosses: dict[str, list[str]] = {}
    for zh, raw in zip(table.simplified, table.iloc[:, 3]):
        cleaned = [g for g in (_clean_gloss(x) for x in raw.split("|")) if g]
        if cleaned and len(zh) >= 2 and zh not in glosses:
            glosses[zh] = cleaned
    return glosses


def build_glossary(pairs, cfdict, cooccurrence: float):
    """Approved entries that co-occur in the corpus, each with one deprecated form; and the co-occurrence stats."""
    from glossary.match_fr import FrMatcher, term_pattern
    from glossary.match_zh import ZhMatcher
    from glossary.types import GlossaryEntry

    gold = read_tsv("cfdict", "cfdict_attested_in_un_sdg.tsv")
    forms: dict[str, list[str]] = {}
    for zh, fr in zip(gold.zh, gold.fr):
        forms.setdefault(zh, []).append(fr)
    kept = dict(forms)
    for _ in range(3):  # the longest-match selection depends on which terms are kept
        zh_terms = list(kept)
        fr_list = [(zh, fr) for zh in zh_terms for fr in kept[zh]]
        zm, fm = ZhMatcher(zh_terms), FrMatcher([fr for _, fr in fr_list])
        n_zh, n_both, n_fr, n_fr_zh = Counter(), Counter(), Counter(), Counter()
        for zh_text, fr_text in pairs:
            zh_sel = {zh_terms[h.term] for h in zm.find(zh_text)}
            zh_any = {zh_terms[h.term] for h in zm.find_all(zh_text)}
            fr_any = {fr_list[h.term] for h in fm.find_all(fr_text)}
            fr_sel = {fr_list[h.term] for h in fm.find(fr_text)}
            for zh in zh_sel:
                n_zh[zh] += 1
                n_both[zh] += any(z == zh for z, _ in fr_any)
            for zh, fr in fr_sel:
                n_fr[(zh, fr)] += 1
                n_fr_zh[(zh, fr)] += zh in zh_any
        new = {}
        for zh in kept:
            good = [fr for fr in kept[zh] if n_fr[(zh, fr)] and n_fr_zh[(zh, fr)] / n_fr[(zh, fr)] >= cooccurrence]
            if n_zh[zh] >= 2 and good and n_both[zh] / n_zh[zh] >= cooccurrence:
                new[zh] = good
        if new == kept:
            break
        kept = new

    approved_patterns = {term_pattern(fr) for frs in kept.values() for fr in frs}
    corpus_fr = FrMatcher([g for gs in cfdict.values() for g in gs[:3]])
    used_patterns = {corpus_fr.patterns[h.term] for _, fr in pairs for h in corpus_fr.find_all(fr)}
    spare = [gs[0] for zh, gs in sorted(cfdict.items()) if term_pattern(gs[0]) not in used_patterns
             and term_pattern(gs[0]) not in approved_patterns and len(term_pattern(gs[0])) == 1]
    rng = random.Random(SEED)
    entries, deprecated_source = [], Counter()
    for zh, frs in sorted(kept.items()):
        entries += [GlossaryEntry(zh, fr, "approved") for fr in frs]
        alternatives = [g for g in cfdict.get(zh, []) if term_pattern(g) not in approved_patterns
                        and term_pattern(g) not in used_patterns and term_pattern(g)]
        if alternatives:
            deprecated_source["another CFDICT gloss of the word"] += 1
            wrong = alternatives[0]
        else:
            deprecated_source["gloss of an unrelated CFDICT word"] += 1
            wrong = spare.pop(rng.randrange(len(spare)))
        entries.append(GlossaryEntry(zh, wrong, "deprecated"))
    return entries, {"gold_terms": len(forms), "kept_terms": len(kept), "deprecated_source": dict(deprecated_source)}


def _inflect(surface: str) -> str:
    """A form the matcher must accept: every content word in the other number, or the whole in capitals."""
    if len(surface) % 2:
        return surface.upper()

    def other_number(match: re.Match) -> str:
        word = match.group()
        if len(word) <= 3 or word.lower() in ("des", "les", "aux", "dans", "pour", "avec", "sans", "sous"):
            return word
        if word.endswith("aux") and not word.endswith("eaux"):
            return word[:-3] + "al"
        if word.endswith(("s", "x")):
            return word[:-1]
        if word.endswith("al"):
            return word[:-2] + "aux"
        return word + ("x" if word.endswith(("au", "eu")) else "s")

    return re.sub(r"[^\W\d_]+", other_number, surface)


def _replace_spans(text: str, spans: list[tuple[int, int]], replacement) -> str:
    from glossary.check_report import merge_spans

    for start, end in reversed(merge_spans(spans)):
        new = replacement(text[start:end]) if callable(replacement) else replacement
        text = text[:start] + new + text[end:]
    return re.sub(r"\s{2,}", " ", text).replace(" ,", ",").strip()


def evaluate_injection(pairs, entries):
    """Recall per error type on injected segments and false positives on the untouched ones."""
    from glossary.check import check_pairs
    from glossary.match_fr import FrMatcher
    from glossary.match_zh import ZhMatcher

    approved = [e for e in entries if e.status == "approved"]
    deprecated = {e.zh: e.fr for e in entries if e.status == "deprecated"}
    zh_terms = sorted({e.zh for e in approved})
    zm, fm = ZhMatcher(zh_terms), FrMatcher([e.fr for e in approved])
    baseline = check_pairs(pairs, entries)
    dirty = {f.segment for f in baseline}
    # eligible: (segment, term) where the term and an approved form are present and nothing is reported
    eligible: dict[int, list[tuple[str, list[tuple[int, int]]]]] = {}
    with_terms = set()
    for segment, (zh, fr) in enumerate(pairs):
        present = {zh_terms[h.term] for h in zm.find(zh)}
        if present:
            with_terms.add(segment)
        if segment in dirty:
            continue
        fr_hits = fm.find_all(fr)
        for term in sorted(present):
            spans = [(h.start, h.end) for h in fr_hits if approved[h.term].zh == term]
            if spans:
                eligible.setdefault(segment, []).append((term, spans))
    rng = random.Random(SEED)
    results, examples = {}, {}
    for error in ("replace", "drop", "deprecated", "inflect"):
        detected_term = detected_any = injected = 0
        fp_segments = clean_segments = clean_with_terms = fp_with_terms = 0
        by_kind = Counter()
        for _ in range(REPEATS):
            chosen = rng.sample(sorted(eligible), max(1, int(len(eligible) * SHARE)))
            plan = {}
            mutated = list(pairs)
            for segment in chosen:
                term, spans = rng.choice(eligible[segment])
                zh, fr = pairs[segment]
                if error == "replace":
                    others = [e.fr for e in approved if e.zh != term and e.zh not in zh]
                    new_fr = _replace_spans(fr, spans, rng.choice(others))
                elif error == "drop":
                    new_fr = _replace_spans(fr, spans, "")
                elif error == "inflect":  # not an error: must not be reported
                    new_fr = _replace_spans(fr, spans, _inflect)
                else:
                    new_fr = _replace_spans(fr, spans, deprecated[term])
                mutated[segment] = (zh, new_fr)
                plan[segment] = term
                examples.setdefault(error, (term, fr, new_fr))
            findings = check_pairs(mutated, entries)
            by_segment: dict[int, list] = {}
            for finding in findings:
                by_segment.setdefault(finding.segment, []).append(finding)
            for segment, term in plan.items():
                injected += 1
                hits = by_segment.get(segment, [])
                detected_any += bool(hits)
                about = [f for f in hits if f.zh_term == term and f.kind != "reverse"]
                detected_term += bool(about)
                by_kind.update({f.kind for f in about})
            for segment in range(len(pairs)):
                if segment in plan:
                    continue
                clean_segments += 1
                fp_segments += segment in by_segment
                if segment in with_terms:
                    clean_with_terms += 1
                    fp_with_terms += segment in by_segment
        results[error] = {"injected": injected, "recall_term": detected_term / injected,
                          "recall_segment": detected_any / injected, "kinds": dict(by_kind),
                          "clean_segments": clean_segments, "fp_rate": fp_segments / clean_segments,
                          "fp_rate_segments_with_terms": fp_with_terms / max(clean_with_terms, 1)}
    baseline_kinds = Counter(f.kind for f in baseline)
    return results, {"eligible_segments": len(eligible), "baseline_findings": dict(baseline_kinds),
                     "baseline_segments_with_findings": len(dirty)}, examples


def speed(pairs, entries, cfdict):
    """Time check_pairs on SPEED_PAIRS tiled pairs against a SPEED_TERMS-term glossary."""
    from glossary.check import check_pairs
    from glossary.types import GlossaryEntry

    big = list(entries)
    seen = {e.zh for e in entries}
    rng = random.Random(SEED)
    for zh, glosses in sorted(cfdict.items(), key=lambda item: rng.random()):
        if len({e.zh for e in big}) >= SPEED_TERMS:
            break
        if zh not in seen:
            seen.add(zh)
            big.append(GlossaryEntry(zh, glosses[0], "approved"))
            if len(glosses) > 1 and rng.random() < 0.2:
                big.append(GlossaryEntry(zh, glosses[1], "deprecated"))
    tiled = (pairs * (SPEED_PAIRS // len(pairs) + 1))[:SPEED_PAIRS]
    findings, cpu = [], []

    def run():
        findings.clear()  # the previous run's findings would double the peak memory
        started = time.process_time()
        findings[:] = check_pairs(tiled, big)
        cpu.append(time.process_time() - started)

    timing = repeat_timing(run, repeats=3)
    return {"pairs": len(tiled), "terms": len({e.zh for e in big}), "entries": len(big), **timing,
            "best_cpu_s": min(cpu),
            "pairs_per_s": len(tiled) / timing["best_s"], "findings": len(findings), "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    table = read_tsv("un_sdg", "un_sdg_zh_fr.tsv")
    pairs = list(zip(table.zh, table.fr))
    cfdict = _cfdict()
    quality, rows, glossary_rows = {}, [], []
    for threshold in THRESHOLDS:
        started = time.perf_counter()
        entries, stats = build_glossary(pairs, cfdict, threshold)
        results, baseline, examples = evaluate_injection(pairs, entries)
        quality[str(threshold)] = {"glossary": stats, "baseline": baseline, "injection": results,
                                   "seconds": time.perf_counter() - started}
        glossary_rows.append([f"≥ {threshold:.0%}", stats["kept_terms"], sum(e.status == "approved" for e in entries),
                              ", ".join(f"{n} {k}" for k, n in stats["deprecated_source"].items()),
                              baseline["baseline_segments_with_findings"],
                              ", ".join(f"{k} {n}" for k, n in sorted(baseline["baseline_findings"].items())),
                              baseline["eligible_segments"]])
        rows += [[f"≥ {threshold:.0%}", error, r["injected"], round(r["recall_term"], 3),
                  round(r["recall_segment"], 3), ", ".join(f"{k} {n}" for k, n in sorted(r["kinds"].items())),
                  r["clean_segments"], round(100 * r["fp_rate"], 2), round(100 * r["fp_rate_segments_with_terms"], 2)]
                 for error, r in results.items()]
    example_rows = [[error, term, fr, new] for error, (term, fr, new) in examples.items()]
    timing = speed(pairs, entries, cfdict)
    n_gold = quality[str(THRESHOLDS[0])]["glossary"]["gold_terms"]

    markdown = f"""# Term consistency check — injected errors on UN SDG, and speed

Data: `un_sdg` ({len(pairs)} line-aligned zh–fr segments of the official UN SDG wording).
Glossary: the Chinese terms of the weak CFDICT gold `cfdict_attested_in_un_sdg.tsv` ({n_gold} distinct) whose
French forms really co-occur with them: in at least the threshold share of the segments where the matchers
find either (both directions, at least 2 segments); one approved entry per kept French form, plus one
deprecated form per term (another CFDICT gloss of the word that the corpus never uses, else the gloss of an
unrelated CFDICT word). "Findings before injection" are places where the official translation does not use
the glossary form (e.g. 比例 rendered "part" instead of "proportion"): the check is right about them, but they
count below as false positives, since nothing was injected there.

{md_table(["co-occurrence", "terms", "approved entries", "deprecated forms from", "segments with findings before",
           "their findings", "eligible segments"], glossary_rows)}

Eligible segments have no finding before injection and contain a glossary term with its approved form. Each
round injects one error into {SHARE:.0%} of them (one term each; every occurrence of its approved form is
replaced by another glossary term's French, dropped, or replaced by the term's deprecated form), checks the
whole corpus, and counts: recall (term) = injected segments with a missing/forbidden/inconsistent finding
for the injected term; recall (segment) = with any finding; false positives = untouched segments with any
finding, over all untouched segments and over those whose Chinese contains a glossary term.
{REPEATS} rounds per error type, seed {SEED}.

{md_table(["co-occurrence", "error", "injected", "recall (term)", "recall (segment)", "kinds found for the term",
           "clean segments", "FP % (all clean)", "FP % (clean with terms)"], rows)}

Targets: recall ≥ 0.95, false positives ≤ 3 % of clean segments. The `inflect` rows are not errors: every
occurrence of the approved form is put in the other number word by word (`proportion` → `proportions`,
`par habitant` → `par habitants`) or in capitals; their recall columns give the share of those segments
wrongly reported (should be 0).

Examples of injected segments (co-occurrence ≥ {THRESHOLDS[-1]:.0%}):

{md_table(["error", "term", "original French", "injected French"], example_rows)}

## Speed

{timing["pairs"]:,} segment pairs (the corpus tiled) against {timing["terms"]:,} Chinese terms
({timing["entries"]:,} entries: the ≥ {THRESHOLDS[-1]:.0%} glossary plus CFDICT words, ~20 % with a deprecated
form), `check_pairs` in one process: best {timing["best_s"]:.1f} s, median {timing["median_s"]:.1f} s of
{timing["runs"]} runs ({timing["pairs_per_s"]:,.0f} pairs/s; best CPU time {timing["best_cpu_s"]:.1f} s — the machine
was shared with other jobs), {timing["findings"]:,} findings, peak RSS {timing["peak_rss_mb"]:.0f} MB.
Target: under 60 s on 2 cores (the check uses one). The synthetic 5,000-term glossary gives many findings
(common CFDICT words whose first gloss the UN text does not use); memory grows with the findings kept.
"""
    write_results("check", markdown, {"quality": quality, "speed": timing,
                                      "settings": {"thresholds": THRESHOLDS, "repeats": REPEATS,
                                                   "share": SHARE, "seed": SEED}})


if __name__ == "__main__":
    main()

"""Chinese term matching: normalisation, longest match first, offsets into the original text."""
from __future__ import annotations

from glossary.match_zh import ZhMatcher, normalise_zh


def found(matcher: ZhMatcher, text: str, overlapping: bool = False) -> list[tuple[str, str]]:
    hits = matcher.find_all(text) if overlapping else matcher.find(text)
    return [(matcher.terms[h.term], text[h.start:h.end]) for h in hits]


def test_longest_match_first_hides_the_shorter_term_inside():
    matcher = ZhMatcher(["律师", "律师协会", "协会"])
    assert found(matcher, "成都市律师协会和律师") == [("律师协会", "律师协会"), ("律师", "律师")]
    # every match stays available to whoever needs overlaps
    assert ("律师", "律师") in found(matcher, "律师协会", overlapping=True)


def test_traditional_text_matches_simplified_terms_and_back():
    assert found(ZhMatcher(["律师协会"]), "重慶市律師協會") == [("律师协会", "律師協會")]
    assert found(ZhMatcher(["司法局"]), "市司法局") == [("司法局", "司法局")]
    assert found(ZhMatcher(["律師協會"]), "律师协会") == [("律師協會", "律师协会")]


def test_full_width_letters_and_digits_match_half_width():
    matcher = ZhMatcher(["GDP", "5G网络"])
    assert found(matcher, "人均ＧＤＰ和５Ｇ网络") == [("GDP", "ＧＤＰ"), ("5G网络", "５Ｇ网络")]
    assert found(ZhMatcher(["gdp"]), "GDP增长") == [("gdp", "GDP")]


def test_offsets_survive_characters_that_expand_under_nfkc():
    text = "㈠市律师协会"  # ㈠ becomes "(一)": three characters for one
    norm, offsets = normalise_zh(text)
    assert norm.startswith("(一)") and offsets is not None
    assert found(ZhMatcher(["律师协会"]), text) == [("律师协会", "律师协会")]


def test_same_normalised_term_twice_reports_both_and_nothing_in_empty_text():
    matcher = ZhMatcher(["律师", "律師"])
    assert sorted(t for t, _ in found(matcher, "律师")) == ["律师", "律師"]
    assert matcher.find("") == [] and ZhMatcher([]).find("律师") == []

"""French term matching: one test per rule written in the README (How term matching works in `check`)."""
from __future__ import annotations

import pytest

from glossary.match_fr import FrMatcher, term_pattern


def matches(term: str, text: str) -> list[str]:
    """Surface texts where `term` matches in `text`."""
    matcher = FrMatcher([term])
    return [text[h.start:h.end] for h in matcher.find_all(text)]


def test_case_and_accents_do_not_matter():
    assert matches("Sécurité publique", "la SECURITE PUBLIQUE est") == ["SECURITE PUBLIQUE"]
    assert matches("securite", "Sécurité") == ["Sécurité"]
    assert matches("mise en œuvre", "la mise en oeuvre des") == ["mise en oeuvre"]
    assert matches("école", "E\u0301cole de droit") == ["E\u0301cole"]  # decomposed accent


@pytest.mark.parametrize("term,text", [
    ("avocat", "les avocats"), ("bureau", "les bureaux"), ("journal", "des journaux"),
    ("travail", "les travaux"), ("organisation", "Organisations"), ("ressources", "une ressource"),
    ("pays", "un pays"), ("prix", "les prix"), ("gaz", "les gaz"),
])
def test_plural_forms(term, text):
    assert len(matches(term, text)) == 1


@pytest.mark.parametrize("term,text", [
    ("avocat", "une avocate"), ("avocat", "des avocates"), ("travailleur", "les travailleuses"),
    ("directeur", "la directrice"), ("professeur", "une professeure"), ("actif", "la population active"),
    ("naturel", "ressources naturelles"), ("ancien", "l'ancienne"), ("citoyen", "citoyennes"),
    ("premier", "première"), ("public", "la sécurité publique"), ("national", "nationales"),
])
def test_feminine_forms(term, text):
    assert len(matches(term, text)) == 1


@pytest.mark.parametrize("text", ["l'association", "l’association", "L’ASSOCIATION", "d'association"])
def test_elision_with_straight_and_curly_apostrophes(text):
    assert matches("association", text) == [text.split("'")[-1].split("’")[-1]]


def test_elided_que():
    assert matches("que", "qu’elle") == ["qu"]


@pytest.mark.parametrize("text", [
    "association des avocats", "associations des avocats", "Association d’avocats",
    "association de l'avocat", "association du avocat", "association de la avocate",
    "Associations des Avocates",
])
def test_article_or_preposition_inside_a_term_varies(text):
    assert matches("association des avocats", text) == [text]


def test_other_prepositions_and_missing_connectors_do_not_match():
    assert matches("association des avocats", "association pour les avocats") == []
    assert matches("association des avocats", "association avocats") == []
    assert matches("droit à l'éducation", "droits de l'éducation") == []
    assert matches("droit à l'éducation", "droit aux éducations") == ["droit aux éducations"]
    assert matches("lutte contre la corruption", "lutte contre corruption") == ["lutte contre corruption"]


def test_leading_and_trailing_articles_are_ignored():
    assert term_pattern("la pauvreté") == term_pattern("pauvretés")
    assert matches("la pauvreté", "éliminer l'extrême pauvreté") == ["pauvreté"]


@pytest.mark.parametrize("text", ["l'avocature", "avocasserie", "les avocatiers", "Avocatdroit"])
def test_whole_words_only(text):
    assert matches("avocat", text) == []


def test_hyphenated_words_and_spans_point_into_the_original():
    text = "Lutte pour la non-discrimination."
    assert matches("non discrimination", text) == ["non-discrimination"]
    assert matches("non-discrimination", "non discrimination") == ["non discrimination"]


def test_longest_match_first_by_words():
    matcher = FrMatcher(["droit", "droits de l'homme"])
    text = "Les droits de l’homme et le droit"
    chosen = [(matcher.terms[h.term], text[h.start:h.end]) for h in matcher.find(text)]
    assert chosen == [("droits de l'homme", "droits de l’homme"), ("droit", "droit")]
    assert len(matcher.find_all(text)) == 3  # the "droits" inside is still a match


def test_many_terms_share_an_index_and_a_term_of_articles_only_is_ignored():
    matcher = FrMatcher(["de la", "bureau", "bureau de la justice", "justice"])
    text = "le Bureau municipal de la Justice et le bureau de la justice"
    found = sorted({matcher.terms[h.term] for h in matcher.find_all(text)})
    assert found == ["bureau", "bureau de la justice", "justice"]

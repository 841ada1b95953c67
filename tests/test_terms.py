"""Monolingual candidates, dictionary evidence and pairing pieces (no embedding model needed)."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from align.errors import InputError
from conftest import FIXTURES

SEED_ZH = ("会议由黔江区司法局党组书记、局长李勇主持。市律师协会监事长、全国政协委员彭静出席会议。"
           "与会人员围绕依法保障律师执业权利、深化法律职业共同体建设等方面进行了广泛交流。"
           "2022年6月24日,40余人参加了会议,满意度达到95%。")


@pytest.fixture(scope="module")
def zh_analysis():
    from glossary import terms_zh

    return terms_zh.analyse([SEED_ZH])


def test_chinese_institutional_compounds_stay_whole(zh_analysis):
    for compound in ("市律师协会", "黔江区司法局", "法律职业共同体", "律师执业权利"):
        assert compound in zh_analysis.terms, compound


def test_chinese_names_are_typed(zh_analysis):
    kinds = {t: zh_analysis.terms[t].kind for t in ("李勇", "彭静", "黔江区", "司法局", "黔江区司法局")}
    assert kinds == {"李勇": "person", "彭静": "person", "黔江区": "place", "司法局": "organisation",
                     "黔江区司法局": "organisation"}


def test_phrases_jieba_calls_person_names_are_not_persons():
    from glossary import terms_zh

    # jieba's dictionary tags 司法公正 ("judicial fairness", in the seed) as a person name
    seed = terms_zh.analyse(["要充分认识律师群体在推进依法治国、维护司法公正中的重要作用。"])
    assert seed.terms["司法公正"].kind != "person"
    names = terms_zh.analyse(["伊丽莎白会见了欧阳应霁。"])
    assert {names.terms[t].kind for t in ("伊丽莎白", "欧阳应霁")} == {"person"}


def test_chinese_junk_never_becomes_a_candidate(zh_analysis):
    for term in zh_analysis.terms:
        assert not re.search(r"[\d%％]", term), term  # numbers, dates, percentages
        assert len(term) >= 2, term  # single characters
        assert not re.search(r"[、,,。]", term), term
    # nothing glues words across punctuation: 监事长、全国政协委员
    assert not any("监事长全国" in term or "李勇主持" in term for term in zh_analysis.terms)
    assert "会议" not in zh_analysis.terms and "方面" not in zh_analysis.terms


def test_chinese_ranking_prefers_repeated_domain_terms():
    from glossary import terms_zh

    texts = ["律师协会召开会议。", "律师协会发布通知。", "律师协会组织培训。", "今天天气很好。"]
    analysis = terms_zh.analyse(texts)
    assert analysis.terms["律师协会"].freq == 3
    assert [dict(c) for c in analysis.occurrences][3] == {} or "律师协会" not in analysis.occurrences[3]
    assert analysis.terms["律师协会"].score > max(t.score for k, t in analysis.terms.items() if k != "律师协会"
                                                and analysis.terms[k].freq == 1)


def test_user_dictionary_teaches_terms():
    from glossary import terms_zh

    text = "构建新型检律关系,律工委负责人出席。"
    without = terms_zh.analyse([text])
    taught = terms_zh.analyse([text], user_dict=str(FIXTURES / "terms" / "user_dict.txt"))
    assert "检律关系" in taught.terms
    assert taught.terms["律工委"].kind == "organisation"
    assert "律工委" not in without.terms or without.terms["律工委"].kind != "organisation"


def test_user_dictionary_errors_are_input_errors(tmp_path):
    from glossary import terms_zh

    with pytest.raises(InputError, match="not found"):
        terms_zh.analyse(["律师"], user_dict=str(tmp_path / "missing.txt"))
    bad = tmp_path / "bad.txt"
    bad.write_text("律师协会 10 n\nhello world\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        terms_zh.analyse(["律师"], user_dict=str(bad))


@pytest.fixture(scope="module")
def fr_analysis():
    from glossary import terms_fr

    return terms_fr.analyse([
        "Wang Zongqi, président de l’Association des Avocats Municipaux, a transmis l'esprit du symposium.",
        "Le président de l'association des avocats municipaux et Li Yong ont visité les bureaux municipaux.",
        "Les pays en développement protègent les droits de l’homme et 15 % des terres en 2030.",
    ])


def test_french_variants_fold_to_one_canonical_singular_form(fr_analysis):
    term = fr_analysis.terms["association des avocats municipaux"]
    assert term.freq == 2
    assert set(term.variants) == {"Association des Avocats Municipaux", "association des avocats municipaux"}
    assert term.form == "association des avocats municipaux"  # lower case once seen so
    assert "bureau municipal" in fr_analysis.terms  # bureaux municipaux → singular
    assert "droit de l'homme" in fr_analysis.terms  # elision folded, head singular, complement kept
    assert "pays en développement" in fr_analysis.terms
    assert "président de l'association des avocats municipaux" in fr_analysis.terms


def test_french_names_and_junk(fr_analysis):
    assert fr_analysis.terms["li yong"].kind == "name"
    assert fr_analysis.terms["wang zongqi"].form == "Wang Zongqi"
    assert not any(re.search(r"\d|%", key) for key in fr_analysis.terms)
    assert not {"le", "et", "des", "l'"} & set(fr_analysis.terms)


def test_match_key_folds_case_accents_articles_plural():
    from glossary.terms_fr import match_key

    assert match_key("Les Droits de l’Homme") == match_key("droit de l'homme")
    assert match_key("bureaux municipaux") == match_key("Bureau municipal")
    assert match_key("l'Égalité") == "egalite"
    assert match_key("pays") != match_key("paix")


def test_dictionary_evidence_exact_compositional_and_absent():
    from glossary.dictionary import dictionary_evidence, dictionary_score

    assert dictionary_score("贫穷", ("贫穷",), "pauvreté") == 1.0
    assert dictionary_score("法国", ("法国",), "France") == 1.0  # CLDR names
    assert dictionary_score("司法局", ("司法局",), "bureau de la justice") >= 0.8  # 司法 + 局
    assert dictionary_score("律师", ("律师",), "réunion") == 0.0
    # an under-translation is flagged: the French renders only part of the Chinese
    _, balance = dictionary_evidence("死亡率", ("死亡率",), "taux")
    assert balance < 1
    assert dictionary_evidence("死亡率", ("死亡率",), "taux de mortalité") == (1.0, 1.0)


def test_dictionary_data_ships_with_its_licence():
    from glossary.dictionary import CFDICT_FILE, DATA, NAMES_FILE

    assert CFDICT_FILE.stat().st_size < 2_000_000 and NAMES_FILE.exists()
    assert "CC BY-SA 3.0" in (DATA / "LICENSE-CFDICT.txt").read_text(encoding="utf-8")
    assert (DATA / "LICENSE-CLDR.txt").exists()


def test_transliteration_of_names():
    from glossary.pairing import transliteration_score

    assert transliteration_score("李勇", "person", "Li Yong") > 0.9
    assert transliteration_score("黔江", "place", "Qianjiang") > 0.9
    assert 0.6 < transliteration_score("黔江区", "place", "district de Qianjiang") < 1
    assert transliteration_score("李勇", "person", "Wang Zongqi") == 0.0
    assert transliteration_score("律师", "term", "Lüshi") == 0.0  # only names are transliterated


def test_cooccurrence_confidence_grows_with_volume():
    from glossary.pairing import confidence

    values = [confidence(n) for n in (1, 2, 5, 50)]
    assert values[0] == 0.0  # one co-occurrence proves nothing
    assert values == sorted(values) and values[-1] > 0.9


def _analyses(pairs):
    from glossary import terms_fr, terms_zh

    return terms_zh.analyse([p[0] for p in pairs]), terms_fr.analyse([p[1] for p in pairs])


def test_competitive_linking_is_one_to_one_inside_each_pair():
    from glossary import pairing
    from glossary.dictionary import load

    pairs = [("律师协会和司法局召开会议。", "L'association des avocats et le bureau de la justice ont tenu une réunion."),
             ("司法局发布通知。", "Le bureau de la justice a publié un avis."),
             ("律师协会发布通知。", "L'association des avocats a publié un avis.")]
    zh, fr = _analyses(pairs)
    links = pairing.associate(zh, fr, dictionary=load())
    pairing.link(zh, fr, links)
    linked = {pair: ids for pair, ids in links.pairs.items()}
    assert linked[("律师协会", "association des avocats")] == [0, 2]
    assert linked[("司法局", "bureau de la justice")] == [0, 1]
    for pair_id in range(len(pairs)):  # one-to-one: no term linked twice in a pair
        in_pair = [p for p, ids in linked.items() if pair_id in ids]
        assert len({z for z, _ in in_pair}) == len(in_pair) == len({f for _, f in in_pair})
    assert Counter(f for (z, f) in linked if z == "律师协会") == Counter({"association des avocats": 1})


def test_extract_works_without_the_encoder_and_on_empty_input():
    from glossary.extract import extract_terms

    assert extract_terms([], progress=False) == []
    assert extract_terms([("", "Une phrase sans chinois.")], progress=False) == []
    pairs = [("律师协会和司法局", "L’association des avocats et le bureau de la justice"), ("他来了。", "")]
    found = [(c.zh, c.fr) for c in extract_terms(pairs, progress=False)]
    assert found[:2] == [("律师协会", "association des avocats"), ("司法局", "bureau de la justice")]


def test_french_canonical_form_prefers_french_capitalisation_and_keeps_acronyms():
    from glossary import terms_fr

    texts = ["Le président de l’Association des Avocats Municipaux a parlé.",
             "Les membres de l’Association des Avocats Municipaux étaient présents.",
             "Le secrétariat de l’Association des avocats municipaux a organisé la réunion.",
             "PIB par habitant. Le PIB a augmenté."]
    analysis = terms_fr.analyse(texts)
    association = analysis.terms["association des avocats municipaux"]
    assert association.form == "Association des avocats municipaux"
    assert association.variants["Association des Avocats Municipaux"] == 2
    assert analysis.terms["pib"].form == "PIB"

"""Exports by extension, read back: TBX-Basic parsed with lxml, CSV/TSV with csv, OmegaT as text."""
from __future__ import annotations

import csv

import pytest
from lxml import etree

from align.errors import InputError
from glossary.exports import export_glossary
from glossary.types import GlossaryEntry, Synonym
from tbx_schema import tbx_problems
from test_store_helpers import entry_id, seeded_store

NS = {"t": "urn:iso:std:iso:30042:ed-2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def reviewed(tmp_path):
    """Entries after a review: approved, deprecated, rejected and still-proposed ones."""
    with seeded_store(tmp_path / "g.db") as store:
        for zh, fr, status in [("律师协会", "association des avocats", "approved"),
                               ("司法局", "bureau de la justice", "approved"),
                               ("司法局", "bureau judiciaire", "deprecated"),
                               ("李勇", "Li Yong", "approved"),
                               ("会议", "réunion", "rejected")]:
            store.update(entry_id(store, zh, fr), who="alice", status=status)
        store.update(entry_id(store, "律师协会", "association des avocats"), who="alice",
                     notes="au niveau municipal: Association des avocats municipaux")
        yield store.entries(), store.about()


def test_tbx_basic_structure(reviewed, tmp_path):
    entries, about = reviewed
    path = tmp_path / "glossary.tbx"
    written = export_glossary(entries, path, about=about)
    assert written == 7  # everything but the rejected pair
    text = path.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "TBX-Basic" in text.split("\n")[1]  # xml-model processing instruction names the dialect schema
    root = etree.parse(str(path)).getroot()
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx"
    assert root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    assert root.find("t:tbxHeader/t:fileDesc/t:sourceDesc/t:p", NS) is not None
    concepts = root.findall("t:text/t:body/t:conceptEntry", NS)
    assert len(concepts) == 6  # one per Chinese term: 司法局 holds both of its renderings
    ids = [c.get("id") for c in concepts]
    assert len(set(ids)) == len(ids) and all(i[0].isalpha() for i in ids)

    def concept(zh):
        return next(c for c in concepts if c.find("t:langSec/t:termSec/t:term", NS).text == zh)

    justice = concept("司法局")
    langs = [ls.get(XML_LANG) for ls in justice.findall("t:langSec", NS)]
    assert langs == ["zh-CN", "fr-FR"]
    fr_terms = justice.xpath("t:langSec[@xml:lang='fr-FR']/t:termSec", namespaces=NS)
    status = {ts.find("t:term", NS).text: ts.find("t:termNote[@type='administrativeStatus']", NS).text
              for ts in fr_terms}
    assert status == {"bureau de la justice": "preferredTerm-admn-sts",
                      "bureau judiciaire": "deprecatedTerm-admn-sts"}
    assert fr_terms[0].find("t:term", NS).text == "bureau de la justice"  # preferred first
    # TBX-Basic has no properNoun: names are nouns (glossary.types.part_of_speech)
    assert fr_terms[0].find("t:termNote[@type='partOfSpeech']", NS).text == "noun"
    context = fr_terms[0].find("t:descrip[@type='context']", NS).text
    assert "Bureau municipal de la Justice" in context
    zh_context = justice.xpath("t:langSec[@xml:lang='zh-CN']/t:termSec/t:descrip[@type='context']",
                               namespaces=NS)[0].text
    assert "司法局" in zh_context

    lawyers = concept("律师协会").xpath("t:langSec[@xml:lang='fr-FR']/t:termSec", namespaces=NS)[0]
    assert lawyers.find("t:note", NS).text.startswith("au niveau municipal")
    proposed = concept("黔江区").xpath("t:langSec[@xml:lang='fr-FR']/t:termSec", namespaces=NS)[0]
    assert proposed.find("t:termNote[@type='administrativeStatus']", NS) is None
    assert proposed.find("t:note", NS).text == "status: proposed"
    terms = [t.text for t in root.iter("{urn:iso:std:iso:30042:ed-2}term")]
    assert "réunion" not in terms and "会议" not in terms  # rejected pairs are not terminology
    # termSec children in TBX order: term, termNotes, then descrip/note
    for term_sec in root.iter("{urn:iso:std:iso:30042:ed-2}termSec"):
        names = [etree.QName(child).localname for child in term_sec]
        assert names[0] == "term"
        last_note = max(i for i, n in enumerate(names) if n in ("term", "termNote"))
        assert all(n not in ("term", "termNote") for n in names[last_note + 1:])
    assert tbx_problems(path) == []  # the official TBX-Basic RNG and Schematron


def test_the_validator_itself_accepts_the_official_example_and_catches_a_wrong_value(tmp_path):
    from tbx_schema import SCHEMAS

    assert tbx_problems(SCHEMAS / "example_valid.tbx") == []
    broken = (SCHEMAS / "example_valid.tbx").read_text(encoding="utf-8").replace(
        'type="partOfSpeech">noun', 'type="partOfSpeech">properNoun', 1)
    (tmp_path / "broken.tbx").write_text(broken, encoding="utf-8")
    assert any("partOfSpeech" in p for p in tbx_problems(tmp_path / "broken.tbx"))


def test_part_of_speech_follows_the_kind_in_tbx_and_csv(tmp_path):
    entries = [GlossaryEntry("审理", "juger", "approved", id=1, kind="verb"),
               GlossaryEntry("公正", "impartial", "approved", id=2, kind="adjective"),
               GlossaryEntry("人民法院", "tribunal populaire", "approved", id=3, kind="organisation"),
               GlossaryEntry("白皮书", "livre blanc", "approved", id=4, kind="term")]
    export_glossary(entries, tmp_path / "g.tbx")
    root = etree.parse(str(tmp_path / "g.tbx")).getroot()
    pos = {c.find("t:langSec/t:termSec/t:term", NS).text: c.find("t:langSec/t:termSec/t:termNote", NS).text
           for c in root.iter("{urn:iso:std:iso:30042:ed-2}conceptEntry")}
    assert pos == {"审理": "verb", "公正": "adjective", "人民法院": "noun", "白皮书": "noun"}
    assert tbx_problems(tmp_path / "g.tbx") == []
    export_glossary(entries, tmp_path / "g.csv")
    rows = list(csv.reader((tmp_path / "g.csv").read_text(encoding="utf-8").splitlines()))
    assert {r[0]: r[2] for r in rows[1:]} == pos


def test_synonyms_are_more_term_sections_with_their_term_type(tmp_path):
    gdp = GlossaryEntry("国内生产总值", "produit intérieur brut", "approved", id=7,
                        synonyms=[Synonym("fr", "PIB", "abbreviation"), Synonym("zh", "GDP", "acronym")])
    export_glossary([gdp], tmp_path / "g.tbx", about={"zh_lang": "zh-CN"})
    assert tbx_problems(tmp_path / "g.tbx") == []
    root = etree.parse(str(tmp_path / "g.tbx")).getroot()
    fr_secs = root.xpath("//t:langSec[@xml:lang='fr-FR']/t:termSec", namespaces=NS)
    assert [s.find("t:term", NS).text for s in fr_secs] == ["produit intérieur brut", "PIB"]
    assert fr_secs[1].find("t:termNote[@type='termType']", NS).text == "abbreviation"
    assert fr_secs[1].find("t:termNote[@type='administrativeStatus']", NS).text == "preferredTerm-admn-sts"
    zh_secs = root.xpath("//t:langSec[@xml:lang='zh-CN']/t:termSec", namespaces=NS)
    assert [s.find("t:term", NS).text for s in zh_secs] == ["国内生产总值", "GDP"]
    # and they come back as synonyms of the entry, not as entries of their own
    from glossary.imports import load_glossary

    loaded = load_glossary(tmp_path / "g.tbx")
    assert [(e.zh, e.fr) for e in loaded] == [("国内生产总值", "produit intérieur brut")]
    assert set(loaded[0].synonyms) == {Synonym("fr", "PIB", "abbreviation"), Synonym("zh", "GDP", "acronym")}


def test_control_characters_never_make_invalid_xml(tmp_path):
    bad = GlossaryEntry("律\x01师", "avo\x0bcat\x1f", "approved", id=1, notes="note\x00 here",
                        synonyms=[Synonym("fr", "av\x02", "abbreviation")])
    export_glossary([bad], tmp_path / "g.tbx")
    etree.parse(str(tmp_path / "g.tbx"))  # well-formed
    assert tbx_problems(tmp_path / "g.tbx") == []
    export_glossary([bad], tmp_path / "g.xlsx")  # openpyxl refuses such characters: cleaned, no crash
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "g.xlsx")["Glossary"]["B2"].value == "律 师"


def test_csv_has_bcp47_headers_plain_utf8_and_only_usable_terms(reviewed, tmp_path):
    entries, about = reviewed
    path = tmp_path / "glossary.csv"
    written = export_glossary([e for e in entries if e.status in ("approved", "deprecated")], path, about=about)
    assert written == 3
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM: MT engines would glue it to the first header
    rows = list(csv.reader(raw.decode("utf-8").splitlines()))
    assert rows[0] == ["zh-CN", "fr-FR", "pos", "description"]
    assert {(r[0], r[1]) for r in rows[1:]} == {("律师协会", "association des avocats"),
                                                 ("司法局", "bureau de la justice"), ("李勇", "Li Yong")}
    assert "bureau judiciaire" not in raw.decode("utf-8")  # a deprecated form would be enforced by an MT engine
    lawyers = next(r for r in rows if r[0] == "律师协会")
    assert lawyers[3].startswith("au niveau municipal")


def test_tsv_terms_only(reviewed, tmp_path):
    entries, about = reviewed
    path = tmp_path / "glossary.tsv"
    export_glossary([e for e in entries if e.status == "approved"], path, about=about, terms_only=True)
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == ["zh-CN", "fr-FR"] and len(rows) == 4 and all(len(r) == 2 for r in rows)


def test_omegat_glossary(reviewed, tmp_path):
    entries, about = reviewed
    path = tmp_path / "glossary.txt"
    export_glossary(entries, path, about=about)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    fields = [line.split("\t") for line in lines[1:]]
    assert all(len(f) == 3 for f in fields)
    by_term = {(f[0], f[1]): f[2] for f in fields}
    assert by_term[("律师协会", "association des avocats")].startswith("au niveau municipal")
    assert by_term[("黔江区", "district de Qianjiang")] == "proposed (not reviewed)"
    assert ("司法局", "bureau judiciaire") not in by_term and ("会议", "réunion") not in by_term


def test_tabs_and_newlines_inside_values_do_not_break_rows(tmp_path):
    from glossary.types import GlossaryEntry

    entry = GlossaryEntry(zh="律师", fr="avocat", status="approved", notes="ligne 1\nligne 2\tsuite")
    path = tmp_path / "g.txt"
    export_glossary([entry], path)
    assert path.read_text(encoding="utf-8").splitlines()[1] == "律师\tavocat\tligne 1 ligne 2 suite"


def test_xlsx_export_is_the_review_workbook(reviewed, tmp_path):
    from glossary.workbook import read_workbook

    entries, about = reviewed
    path = tmp_path / "glossary.xlsx"
    export_glossary([e for e in entries if e.status == "approved"], path, about=about)
    sheet = read_workbook(path)
    assert {r.text("Status") for r in sheet.rows} == {"approved"} and len(sheet.rows) == 3


def test_unknown_extension_is_refused(reviewed, tmp_path):
    entries, about = reviewed
    with pytest.raises(InputError, match="unknown export format .docx"):
        export_glossary(entries, tmp_path / "glossary.docx", about=about)
    assert list(tmp_path.glob("glossary.*")) == []

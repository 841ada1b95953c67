"""Glossaries brought in from files: every exported format loads back, and team files come into the store."""
from __future__ import annotations

import pytest

from align.errors import InputError
from glossary.exports import export_glossary
from glossary.imports import import_glossary, load_glossary
from glossary.store import GlossaryStore
from test_store_helpers import STORE_FIXTURES, dump, entry_id, seeded_store


@pytest.fixture
def store_db(tmp_path):
    db = tmp_path / "g.db"
    with seeded_store(db) as store:
        for zh, fr, status in [("律师协会", "association des avocats", "approved"),
                               ("司法局", "bureau de la justice", "approved"),
                               ("司法局", "bureau judiciaire", "deprecated"),
                               ("会议", "réunion", "rejected")]:
            store.update(entry_id(store, zh, fr), who="alice", status=status)
        store.update(entry_id(store, "律师协会", "association des avocats"), who="alice", notes="municipal")
    return db


def pairs(entries):
    return {(e.zh, e.fr, e.status) for e in entries}


def test_load_from_the_store_and_each_export(store_db, tmp_path):
    with GlossaryStore(store_db) as store:
        decided = store.entries(["approved", "deprecated"])
        about = store.about()
    expected = pairs(decided)
    assert pairs(load_glossary(store_db)) >= expected
    for suffix in (".xlsx", ".tbx"):  # these carry deprecated (do-not-use) renderings
        path = tmp_path / f"glossary{suffix}"
        export_glossary(decided, path, about=about)
        assert pairs(load_glossary(path)) == expected, suffix
    approved = {p for p in expected if p[2] == "approved"}
    for suffix in (".csv", ".tsv", ".txt"):
        path = tmp_path / f"glossary{suffix}"
        export_glossary(decided, path, about=about)
        assert pairs(load_glossary(path)) == approved, suffix


def test_xlsx_and_tbx_keep_notes_examples_and_counts(store_db, tmp_path):
    with GlossaryStore(store_db) as store:
        entries = store.entries("approved")
    export_glossary(entries, tmp_path / "g.xlsx")
    export_glossary(entries, tmp_path / "g.tbx")
    from_xlsx = {e.zh + e.fr: e for e in load_glossary(tmp_path / "g.xlsx")}
    lawyers = from_xlsx["律师协会association des avocats"]
    assert (lawyers.notes, lawyers.zh_freq, lawyers.pairs, lawyers.kind) == ("municipal", 6, 5, "organisation")
    assert lawyers.variants == {"Association des Avocats Municipaux": 3}
    assert lawyers.examples[0].zh.startswith("市律师协会")
    from_tbx = {e.zh + e.fr: e for e in load_glossary(tmp_path / "g.tbx")}
    assert from_tbx["律师协会association des avocats"].notes == "municipal"
    assert "Association des Avocats Municipaux" in from_tbx["律师协会association des avocats"].examples[0].fr


def test_proposed_status_survives_tbx_omegat_csv_and_tsv(store_db, tmp_path):
    # `run` writes unreviewed candidates to glossary.csv: checked or imported back, they must not pass
    # for the team's approved terminology.
    with GlossaryStore(store_db) as store:
        proposed = store.entries("proposed")
    for suffix in (".tbx", ".txt", ".csv", ".tsv"):
        path = tmp_path / f"p{suffix}"
        export_glossary(proposed, path)
        assert {e.status for e in load_glossary(path)} == {"proposed"}, suffix


def test_a_tbx_2008_termbase(tmp_path):
    entries = load_glossary(STORE_FIXTURES / "termbase-v2.tbx")
    assert pairs(entries) == {("律师事务所", "cabinet d'avocats", "approved"),
                              ("律师事务所", "bureau d'avocats", "deprecated"),
                              ("法律援助", "aide juridictionnelle", "approved")}
    aid = next(e for e in entries if e.zh == "法律援助")
    assert aid.notes == "pas « assistance juridique »"
    assert next(e for e in entries if e.fr == "cabinet d'avocats").domain == "droit"


def test_a_french_teams_statuses_in_french(tmp_path):
    path = tmp_path / "equipe.csv"
    path.write_text("chinois;français;statut\n律师;avocat;Approuvé\n律师;juriste;À proscrire\n"
                    "会议;conférence;rejeté\n法院;tribunal;Proposé\n", encoding="utf-8")
    assert pairs(load_glossary(path)) == {("律师", "avocat", "approved"), ("律师", "juriste", "deprecated"),
                                          ("会议", "conférence", "rejected"), ("法院", "tribunal", "proposed")}


def test_big5_csv_and_excel_unicode_text_are_read_not_garbled(tmp_path):
    # A Big5 CSV used to be decoded as GB18030 without a word (律師協會 → mojibake), and Excel's
    # "Unicode text" (UTF-16, tab-separated, with a header) was refused.
    big5 = tmp_path / "taipei.csv"
    big5.write_bytes("zh,fr\n律師協會,association des avocats\n".encode("big5"))
    assert [(e.zh, e.fr) for e in load_glossary(big5)] == [("律師協會", "association des avocats")]
    unicode_text = tmp_path / "glossaire.txt"
    unicode_text.write_bytes("zh-CN\tfr-FR\r\n律师协会\tassociation des avocats\r\n".encode("utf-16"))
    assert [(e.zh, e.fr) for e in load_glossary(unicode_text)] == [("律师协会", "association des avocats")]


def test_team_tables_in_the_shapes_people_save_them(tmp_path):
    semicolon = load_glossary(STORE_FIXTURES / "team-semicolon.csv")  # French Excel: ';' and a BOM
    assert pairs(semicolon) == {("律师协会", "association des avocats", "approved"),
                                ("司法局", "bureau judiciaire", "deprecated"),
                                ("人民法院", "tribunal populaire", "approved")}
    assert next(e for e in semicolon if e.zh == "司法局").notes == "ne pas utiliser"
    gbk = load_glossary(STORE_FIXTURES / "team-gbk.csv")  # Chinese Excel: GB18030, Chinese headers
    assert pairs(gbk) == {("律师协会", "association des avocats", "approved"),
                          ("检察院", "parquet populaire", "approved")}
    headerless = load_glossary(STORE_FIXTURES / "headerless.tsv")
    assert [(e.zh, e.fr, e.notes) for e in headerless] == [("律师", "avocat", ""),
                                                          ("律师协会", "association des avocats", "souvent au pluriel")]


def test_bad_glossary_files_are_refused(tmp_path):
    bad_status = tmp_path / "g.csv"
    bad_status.write_text("zh-CN,fr-FR,status\n律师,avocat,maybe\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 2: unknown status 'maybe'"):
        load_glossary(bad_status)
    no_columns = tmp_path / "n.csv"
    no_columns.write_text("name,city\nLi,Paris\n", encoding="utf-8")
    with pytest.raises(InputError, match="no Chinese and French columns"):
        load_glossary(no_columns)
    broken = tmp_path / "b.tbx"
    broken.write_text("<tbx><text><body><conceptEntry>", encoding="utf-8")
    with pytest.raises(InputError, match="not well-formed"):
        load_glossary(broken)
    with pytest.raises(InputError, match="unknown glossary format"):
        load_glossary(STORE_FIXTURES / "candidates.json")
    with pytest.raises(InputError, match="no such file"):
        load_glossary(tmp_path / "missing.tbx")


def test_import_into_a_store_keeps_statuses_and_is_idempotent(store_db, tmp_path):
    with GlossaryStore(store_db) as store:
        report = import_glossary(store, STORE_FIXTURES / "team-semicolon.csv", who="import:team")
        # new pair added as approved; existing approved kept; deprecated stays deprecated (the file says so)
        assert (report.read, report.added) == (3, 1)
        assert store.get(store.find("人民法院", "tribunal populaire")).status == "approved"
        assert store.get(entry_id(store, "司法局", "bureau judiciaire")).status == "deprecated"
        assert store.history(store.find("人民法院", "tribunal populaire"))[0].who == "import:team"

        report = import_glossary(store, STORE_FIXTURES / "termbase-v2.tbx")
        assert report.added == 3
        assert store.get(store.find("律师事务所", "bureau d'avocats")).status == "deprecated"

        # A file without statuses approves matching proposed candidates but leaves decisions alone.
        before_rejected = store.get(entry_id(store, "会议", "réunion")).status
        plain = tmp_path / "plain.tsv"
        plain.write_text("zh-CN\tfr-FR\n黔江区\tdistrict de Qianjiang\n会议\tréunion\n", encoding="utf-8")
        report = import_glossary(store, plain)
        assert report.updated == 1 and report.kept_decisions == 1
        assert store.get(entry_id(store, "黔江区", "district de Qianjiang")).status == "approved"
        assert store.get(entry_id(store, "会议", "réunion")).status == before_rejected == "rejected"

    before = dump(store_db)
    with GlossaryStore(store_db) as store:
        for path in (STORE_FIXTURES / "team-semicolon.csv", STORE_FIXTURES / "termbase-v2.tbx", plain):
            again = import_glossary(store, path)
            assert again.added == 0 and again.updated == 0, path
    assert dump(store_db) == before


def test_import_a_store_into_a_new_one(store_db, tmp_path):
    with GlossaryStore(tmp_path / "team.db") as team:
        report = import_glossary(team, store_db)
        assert report.added == 8
        lawyers = team.get(team.find("律师协会", "association des avocats"))
        assert (lawyers.status, lawyers.zh_freq, lawyers.notes) == ("approved", 6, "municipal")
        with pytest.raises(InputError, match="the glossary store itself"):
            import_glossary(team, tmp_path / "team.db")


def test_a_failed_import_changes_nothing(store_db, tmp_path, monkeypatch):
    before = dump(store_db)
    real_add = GlossaryStore.add
    calls = []

    def fails_on_second(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("crash")
        return real_add(self, *args, **kwargs)

    monkeypatch.setattr(GlossaryStore, "add", fails_on_second)
    with GlossaryStore(store_db) as store:
        with pytest.raises(RuntimeError):
            import_glossary(store, STORE_FIXTURES / "termbase-v2.tbx")
    assert dump(store_db) == before


def test_importing_a_review_workbook_into_its_own_store_points_to_review_import(store_db, tmp_path):
    with GlossaryStore(store_db) as store:
        path = tmp_path / "review.xlsx"
        export_glossary(store.entries("proposed"), path, about=store.about())
        with pytest.raises(InputError, match="apply a review with `glossalign review import .*review.xlsx --db "):
            import_glossary(store, path)


def test_a_real_dictionary_extract_round_trips(tmp_path):
    from conftest import SHARED_DATA

    source = SHARED_DATA / "cfdict" / "cfdict_attested_in_un_sdg.tsv"
    if not source.exists():
        pytest.skip("../shared/data is absent")
    loaded = load_glossary(source)
    assert len(loaded) == 336 and all(e.status == "approved" for e in loaded)
    with GlossaryStore(tmp_path / "g.db") as store:
        report = import_glossary(store, source)
        assert report.added == len({(e.zh, e.fr) for e in loaded})
        entries = store.entries()
    for suffix in (".tbx", ".csv", ".xlsx", ".txt"):
        path = tmp_path / f"cfdict{suffix}"
        export_glossary(entries, path)
        assert {(e.zh, e.fr) for e in load_glossary(path)} == {(e.zh, e.fr) for e in entries}, suffix

"""A review workbook saved by LibreOffice Calc (tests/fixtures/calc, written by Calc 7.4) imports as the
reviewer meant it: statuses, a note, synonyms, and a term starting with '='."""
from __future__ import annotations

import shutil
import zipfile

from conftest import FIXTURES
from glossary.review import import_review
from glossary.store import GlossaryStore
from glossary.types import Synonym

CALC = FIXTURES / "calc"


def test_the_fixture_really_was_written_by_libreoffice():
    with zipfile.ZipFile(CALC / "reviewed-in-calc.xlsx") as archive:
        assert "LibreOffice" in archive.read("docProps/app.xml").decode("utf-8")


def test_a_calc_saved_review_imports_every_decision(tmp_path):
    db = tmp_path / "glossary.db"
    shutil.copy(CALC / "glossary.db", db)
    workbook = tmp_path / "reviewed.xlsx"
    shutil.copy(CALC / "reviewed-in-calc.xlsx", workbook)
    with GlossaryStore(db) as store:
        report = import_review(store, workbook, who="calc user")
        assert report.stale_check and not report.conflicts  # Calc kept the hidden stamps sheet
        assert report.changed == 5 and report.added == 0  # both 司法局 rows were set to deprecated
        entries = {(e.zh, e.fr): e for e in store.entries()}
        assert entries[("律师协会", "association des avocats")].status == "approved"
        assert entries[("律师协会", "association des avocats")].notes == "édité dans LibreOffice Calc"
        assert entries[("司法局", "bureau de la justice")].status == "deprecated"
        assert entries[("会议", "réunion")].status == "rejected"
        gdp = entries[("=国内生产总值", "produit intérieur brut")]
        assert gdp.status == "approved"
        assert gdp.synonyms == [Synonym("fr", "PIB", "abbreviation"), Synonym("zh", "GDP", "acronym")]
        # imported again: nothing more changes
        assert import_review(store, workbook, who="calc user").changed == 0

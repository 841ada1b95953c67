"""Multi-command journeys as the terminologist and the reviewer run them (subprocesses, no model: a seeded store)."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

from openpyxl import load_workbook

from conftest import FIXTURES, ROOT
from glossary.store import GlossaryStore
from test_store_helpers import seeded_store

TBX = "{urn:iso:std:iso:30042:ed-2}"
PAIRS = FIXTURES / "check" / "pairs.tsv"


def glossalign(*args) -> subprocess.CompletedProcess:
    code = "import sys; from glossary.cli import main; sys.argv = ['glossalign', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "GLOSSALIGN_REVIEWER": "dupont"})


def ok(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def review_like_a_person(path):
    """Capitalised and padded statuses, a blank Status, an edited French term, a note, sorted rows,
    a deleted row and an added one — saved over the same file."""
    book = load_workbook(path)
    sheet = book["Glossary"]
    headers = [cell.value for cell in sheet[1]]
    column = {name: headers.index(name) for name in headers}
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2) if row[0].value is not None]
    rows.sort(key=lambda row: row[column["zh-CN"]], reverse=True)
    decisions = {("律师协会", "association des avocats"): {"Status": "Approved "},
                 ("司法局", "bureau de la justice"): {"Status": " APPROVED", "notes": "au niveau municipal"},
                 ("司法局", "bureau judiciaire"): {"Status": "Deprecated"},
                 ("律师执业权利", "droit d'exercice des avocats"): {"fr-FR": "droits d’exercice des avocats"},
                 ("会议", "réunion"): {"Status": "rejected"},
                 ("黔江区", "district de Qianjiang"): {"Status": None}}
    rows = [row for row in rows if row[column["zh-CN"]] != "李勇"]  # a deleted row: the entry stays as it was
    for row in rows:
        for header, value in decisions.get((row[column["zh-CN"]], row[column["fr-FR"]]), {}).items():
            row[column[header]] = value
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(row)
    sheet.append([None, "党组书记", "secrétaire du groupe du parti"])  # an added row: approved
    book.save(path)


def test_terminologist_then_reviewer(tmp_path):
    db = tmp_path / "glossary.db"
    seeded_store(db).close()
    review = tmp_path / "review.xlsx"
    ok(glossalign("review", "export", "--db", db, "-o", review))
    review_like_a_person(review)
    first = ok(glossalign("review", "import", review, "--db", db))
    assert "1 added" in first.stdout and "approved 4, deprecated 1, rejected 1" in first.stdout, first.stdout
    # Imported again after a second look: nothing new, no duplicate, no conflict with oneself.
    again = ok(glossalign("review", "import", review, "--db", db))
    assert "0 entries changed" in again.stdout and "0 added" in again.stdout, again.stdout
    with GlossaryStore(db, create=False) as store:
        status = {(e.zh, e.fr): e.status for e in store.entries()}
        assert status[("律师执业权利", "droits d’exercice des avocats")] == "approved"  # edited → approved
        assert status[("李勇", "Li Yong")] == "proposed"  # its row was deleted
        assert status[("黔江区", "district de Qianjiang")] == "proposed"  # its Status was left blank
        assert status[("党组书记", "secrétaire du groupe du parti")] == "approved"
        assert len(store.entries()) == 9

    tbx, table = tmp_path / "glossary.tbx", tmp_path / "glossary.csv"
    ok(glossalign("export", "--db", db, "-o", tbx, "--status", "approved,deprecated"))
    ok(glossalign("export", "--db", db, "-o", table))
    statuses = [note.text for note in ET.parse(tbx).getroot().iter(f"{TBX}termNote")
                if note.get("type") == "administrativeStatus"]
    assert statuses.count("deprecatedTerm-admn-sts") == 1 and statuses.count("preferredTerm-admn-sts") == 4
    with open(table, encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 4  # approved only: no deprecated rendering for an MT engine

    # The reviewer checks a delivered translation against the store and each export.
    for glossary in (db, tbx, table):
        report = tmp_path / f"report-{glossary.suffix[1:]}.jsonl"
        done = glossalign("check", "--glossary", glossary, "--pairs", PAIRS, "-o", report, "--fail-on", "missing")
        assert done.returncode == 1, done.stderr  # the added 党组书记 is rendered otherwise in segment 5
        kinds = {(row["segment"], row["kind"]) for row in map(json.loads, report.read_text("utf-8").splitlines())}
        assert (5, "missing") in kinds  # segments are numbered from 1
        # Segment 4 has the deprecated "bureau judiciaire" for 司法局; CSV cannot carry that mark.
        assert (4, "missing" if glossary.suffix == ".csv" else "forbidden") in kinds

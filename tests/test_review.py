"""The Excel review round trip: export, edit with openpyxl as a reviewer would, import, check the store."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from align.errors import InputError
from glossary.review import ReviewConflictError, import_review
from glossary.store import GlossaryStore
from glossary.workbook import write_workbook
from test_store_helpers import dump, entry_id, load_candidates, seeded_store


@pytest.fixture
def setup(tmp_path):
    """A seeded store and the review workbook exported from it."""
    db = tmp_path / "g.db"
    store = seeded_store(db)
    path = tmp_path / "review.xlsx"
    write_workbook(store.entries("proposed"), path, about=store.about())
    yield store, db, path
    store.close()


def edit(path, changes: dict, *, save_as=None):
    """Edit the Glossary sheet like a reviewer: {(zh, fr): {header: value}}; returns {(zh, fr): row number}."""
    book = load_workbook(path)
    sheet = book["Glossary"]
    headers = [c.value for c in sheet[1]]
    rows = {}
    for row in sheet.iter_rows(min_row=2):
        key = (row[1].value, row[2].value)
        rows[key] = row[0].row
        for header, value in changes.get(key, {}).items():
            row[headers.index(header)].value = value
    book.save(save_as or path)
    return rows


def test_statuses_notes_and_an_edited_term_are_applied(setup):
    store, db, path = setup
    edit(path, {
        ("律师协会", "association des avocats"): {"Status": "approved", "notes": "institution"},
        ("会议", "réunion"): {"Status": "rejected"},
        ("司法局", "bureau judiciaire"): {"Status": "Deprecated "},  # case and spaces as people type them
        ("律师执业权利", "droit d'exercice des avocats"): {"fr-FR": "droits d'exercice des avocats"},
    })
    report = import_review(store, path, who="alice")
    assert report.applied and report.changed == 4 and report.edited_terms == 1
    assert report.statuses == {"approved": 2, "rejected": 1, "deprecated": 1}
    lawyers = store.get(entry_id(store, "律师协会", "association des avocats"))
    assert (lawyers.status, lawyers.notes, lawyers.reviewer) == ("approved", "institution", "alice")
    assert store.get(entry_id(store, "会议", "réunion")).status == "rejected"
    assert store.get(entry_id(store, "司法局", "bureau judiciaire")).status == "deprecated"
    edited = store.get(entry_id(store, "律师执业权利", "droit d'exercice des avocats"))
    assert edited.fr == "droits d'exercice des avocats" and edited.status == "approved"
    assert "droit d'exercice des avocats" in edited.variants
    assert any(c.field == "fr" and c.who == "alice" for c in store.history(edited.id))
    untouched = store.get(entry_id(store, "黔江区", "district de Qianjiang"))
    assert untouched.status == "proposed" and store.history(untouched.id)[-1].who == "extract"
    # Importing the same file again changes nothing.
    before = dump(db)
    again = import_review(store, path, who="alice")
    assert again.changed == 0 and dump(db) == before


def test_decisions_survive_the_next_extraction(setup):
    store, db, path = setup
    edit(path, {("会议", "réunion"): {"Status": "rejected"},
                ("律师执业权利", "droit d'exercice des avocats"): {"fr-FR": "droits d'exercice des avocats"}})
    import_review(store, path, who="alice")
    report = store.merge_candidates(load_candidates(), sources=["news/2024.zh.txt"])
    assert report.added == 0
    assert store.get(entry_id(store, "会议", "réunion")).status == "rejected"
    assert store.get(entry_id(store, "律师执业权利", "droit d'exercice des avocats")).fr == \
        "droits d'exercice des avocats"


def test_a_deleted_column_is_refused(setup):
    store, db, path = setup
    before = dump(db)
    book = load_workbook(path)
    book["Glossary"].delete_cols(4)  # Status
    book.save(path)
    with pytest.raises(InputError, match=r"row 1: missing column Status.*nothing applied"):
        import_review(store, path, who="alice")
    assert dump(db) == before


def test_a_renamed_column_is_refused_and_named(setup):
    store, db, path = setup
    book = load_workbook(path)
    book["Glossary"]["C1"].value = "Français"
    book.save(path)
    with pytest.raises(InputError, match=r"missing column fr-FR \(unknown: 'Français' — renamed\?\)"):
        import_review(store, path, who="alice")


def test_invalid_statuses_and_unknown_ids_are_refused_with_row_numbers(setup):
    store, db, path = setup
    rows = edit(path, {("律师协会", "association des avocats"): {"Status": "approved"},
                       ("会议", "réunion"): {"Status": "aproved"}})
    book = load_workbook(path)
    sheet = book["Glossary"]
    sheet.cell(row=rows[("李勇", "Li Yong")], column=1).value = 999
    book.save(path)
    before = dump(db)
    with pytest.raises(InputError) as caught:
        import_review(store, path, who="alice")
    message = str(caught.value)
    assert f"row {rows[('会议', 'réunion')]}: invalid status 'aproved'" in message
    assert f"row {rows[('李勇', 'Li Yong')]}: unknown id 999" in message
    assert "nothing applied" in message
    assert dump(db) == before  # the valid approval on another row was not applied either


def test_not_an_xlsx_and_a_corrupt_file_are_refused(setup, tmp_path):
    store, db, path = setup
    before = dump(db)
    csv = tmp_path / "review.csv"
    csv.write_text("id,zh-CN,fr-FR,Status\n1,律师协会,association des avocats,approved\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an .xlsx"):
        import_review(store, csv, who="alice")
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])  # a download cut in half
    with pytest.raises(InputError, match="not a readable .xlsx"):
        import_review(store, corrupt, who="alice")
    no_sheet = tmp_path / "other.xlsx"
    book = load_workbook(path)
    book["Glossary"].title = "Sheet1"
    book.save(no_sheet)
    with pytest.raises(InputError, match="no 'Glossary' sheet"):
        import_review(store, no_sheet, who="alice")
    assert dump(db) == before


def test_a_workbook_from_another_store_is_refused(setup, tmp_path):
    store, db, path = setup
    with seeded_store(tmp_path / "other.db") as other:
        with pytest.raises(InputError, match="exported from another glossary store"):
            import_review(other, path, who="alice")


def test_stale_export_conflicts_are_reported_not_overwritten(setup, tmp_path):
    store, db, path = setup
    lawyers = entry_id(store, "律师协会", "association des avocats")
    meeting = entry_id(store, "会议", "réunion")
    place = entry_id(store, "黔江区", "district de Qianjiang")
    # After the export, a colleague decides two entries in the store.
    store.update(lawyers, who="carol", status="rejected")
    store.update(place, who="carol", notes="checked with the district website")
    # Meanwhile the reviewer, on the old file, approves the first and rejects another entry.
    rows = edit(path, {("律师协会", "association des avocats"): {"Status": "approved"},
                       ("会议", "réunion"): {"Status": "rejected"},
                       ("黔江区", "district de Qianjiang"): {"Status": "approved"}})
    before = dump(db)
    with pytest.raises(ReviewConflictError) as caught:
        import_review(store, path, who="alice")
    conflicts = caught.value.report.conflicts
    assert [(c.row, c.id, c.field, c.yours, c.theirs, c.who) for c in conflicts] == [
        (rows[("律师协会", "association des avocats")], lawyers, "status", "approved", "rejected", "carol")]
    assert f"conflicting row {rows[('律师协会', 'association des avocats')]}" in str(caught.value)
    assert dump(db) == before

    # --skip-conflicts: the other rows go in (different fields merge cleanly), the conflict stays carol's.
    report = import_review(store, path, who="alice", on_conflict="skip")
    assert report.skipped_rows == [rows[("律师协会", "association des avocats")]]
    assert store.get(lawyers).status == "rejected"
    assert store.get(meeting).status == "rejected"
    assert store.get(place).status == "approved"
    assert store.get(place).notes == "checked with the district website"  # carol's note kept

    # --overwrite: the reviewer's value wins, recorded in the history.
    report = import_review(store, path, who="alice", on_conflict="overwrite")
    assert store.get(lawyers).status == "approved" and store.history(lawyers)[-1].who == "alice"


def test_same_change_on_both_sides_is_not_a_conflict(setup):
    store, db, path = setup
    lawyers = entry_id(store, "律师协会", "association des avocats")
    store.update(lawyers, who="carol", status="approved")
    edit(path, {("律师协会", "association des avocats"): {"Status": "approved"}})
    report = import_review(store, path, who="alice")
    assert report.conflicts == [] and store.get(lawyers).reviewer == "carol"


def test_an_import_killed_midway_changes_nothing(setup, monkeypatch):
    store, db, path = setup
    edit(path, {key: {"Status": "approved"} for key in [
        ("律师协会", "association des avocats"), ("司法局", "bureau de la justice"), ("李勇", "Li Yong"),
        ("黔江区", "district de Qianjiang"), ("会议", "réunion"), ("法律职业共同体", "communauté juridique professionnelle")]})
    before = dump(db)
    real_update = GlossaryStore.update
    calls = []

    def dies_after_three(self, *args, **kwargs):
        if len(calls) == 3:
            raise KeyboardInterrupt  # the user pressed Ctrl-C, or the machine died, after half the rows
        calls.append(args)
        return real_update(self, *args, **kwargs)

    monkeypatch.setattr(GlossaryStore, "update", dies_after_three)
    with pytest.raises(KeyboardInterrupt):
        import_review(store, path, who="alice")
    assert len(calls) == 3
    assert dump(db) == before
    monkeypatch.setattr(GlossaryStore, "update", real_update)
    assert import_review(store, path, who="alice").changed == 6  # and the same file then goes in whole


def test_rows_a_reviewer_adds_or_deletes(setup):
    store, db, path = setup
    book = load_workbook(path)
    sheet = book["Glossary"]
    sheet.delete_rows(2)  # a deleted row leaves its entry unchanged
    sheet.append([None, "人民检察院", "parquet populaire", "approved", "organisation", None, None, None, None,
                  None, None, None, "added by the reviewer"])
    sheet.append([None, "法院", "tribunal"])  # no status: approved
    book.save(path)
    report = import_review(store, path, who="alice")
    assert report.added == 2 and report.changed == 0
    added = store.get(store.find("人民检察院", "parquet populaire"))
    assert (added.status, added.kind, added.notes) == ("approved", "organisation", "added by the reviewer")
    assert store.get(store.find("法院", "tribunal")).status == "approved"
    assert len(store.entries()) == 10


def test_added_rows_imported_twice_are_not_duplicates(setup):
    # A reviewer imports, goes on editing the same file, imports again: the rows added the first time
    # now name existing entries and must update them, not be refused as duplicates.
    store, db, path = setup
    book = load_workbook(path)
    book["Glossary"].append([None, "人民检察院", "parquet populaire", None, None, None, None, None, None, None,
                             None, None, "first pass"])
    book.save(path)
    assert import_review(store, path, who="alice").added == 1
    rows = edit(path, {("人民检察院", "parquet populaire"): {"Status": "deprecated"}})
    report = import_review(store, path, who="alice")
    assert (report.added, report.changed) == (0, 1)
    added = store.get(store.find("人民检察院", "parquet populaire"))
    assert (added.status, added.notes) == ("deprecated", "first pass")
    assert len(store.entries()) == 9 and ("人民检察院", "parquet populaire") in rows


def test_an_edit_that_duplicates_another_entry_is_refused(setup):
    store, db, path = setup
    rows = edit(path, {("司法局", "bureau judiciaire"): {"fr-FR": "bureau de la justice"}})
    with pytest.raises(InputError, match=rf"row {rows[('司法局', 'bureau judiciaire')]}: 司法局 → bureau de la justice "
                                         r"already exists as id"):
        import_review(store, path, who="alice")


def test_emptied_term_and_sorted_rows(setup):
    store, db, path = setup
    rows = edit(path, {("会议", "réunion"): {"fr-FR": None}})
    with pytest.raises(InputError, match=rf"row {rows[('会议', 'réunion')]}: fr-FR empty"):
        import_review(store, path, who="alice")
    # A sorted sheet (rows in another order) still matches by id.
    edit(path, {("会议", None): {"fr-FR": "réunion"}})
    book = load_workbook(path)
    sheet = book["Glossary"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    values.sort(key=lambda r: r[1])
    for r, row in enumerate(values, start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c).value = value
    sheet.cell(row=2, column=4).value = "rejected"
    book.save(path)
    report = import_review(store, path, who="alice")
    assert report.changed == 1
    assert store.get(values[0][0]).status == "rejected"


def test_reimporting_the_same_file_after_more_edits_is_not_a_conflict_with_oneself(setup):
    store, db, path = setup
    meeting = entry_id(store, "会议", "réunion")
    edit(path, {("会议", "réunion"): {"Status": "approved"}})
    import_review(store, path, who="alice")
    edit(path, {("会议", "réunion"): {"Status": "rejected", "notes": "too general"}})
    report = import_review(store, path, who="alice")
    assert report.conflicts == [] and report.changed == 1
    assert (store.get(meeting).status, store.get(meeting).notes) == ("rejected", "too general")
    # …but the same later edit from someone else's copy of the old file is a conflict.
    edit(path, {("会议", "réunion"): {"Status": "approved"}})
    with pytest.raises(ReviewConflictError):
        import_review(store, path, who="bob")


_IMPORT_THEN_HANG = """
import sys, time
from glossary.review import import_review
from glossary.store import GlossaryStore
real = GlossaryStore.update
done = []
def slow(self, *args, **kwargs):
    if len(done) == 3:
        print("half", flush=True)
        time.sleep(60)
    done.append(1)
    return real(self, *args, **kwargs)
GlossaryStore.update = slow
with GlossaryStore(sys.argv[1]) as store:
    import_review(store, sys.argv[2], who="alice")
"""


def test_an_import_process_killed_midway_changes_nothing(setup):
    import subprocess
    import sys
    from pathlib import Path

    store, db, path = setup
    edit(path, {key: {"Status": "approved"} for key in [
        ("律师协会", "association des avocats"), ("司法局", "bureau de la justice"), ("李勇", "Li Yong"),
        ("黔江区", "district de Qianjiang"), ("会议", "réunion"), ("法律职业共同体", "communauté juridique professionnelle")]})
    before = dump(db)
    worker = subprocess.Popen([sys.executable, "-c", _IMPORT_THEN_HANG, str(db), str(path)], stdout=subprocess.PIPE,
                              text=True, cwd=Path(__file__).resolve().parents[1])
    try:
        assert worker.stdout.readline().strip() == "half"
    finally:
        worker.kill()  # SIGKILL: no cleanup code runs
        worker.wait(timeout=30)
    assert dump(db) == before
    assert import_review(store, path, who="alice").changed == 6

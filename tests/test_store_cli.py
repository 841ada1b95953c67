"""The store commands as a user runs them: `review export|import`, `export`, `import`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from glossary.store import GlossaryStore
from test_store_helpers import STORE_FIXTURES, entry_id, seeded_store

ROOT = Path(__file__).resolve().parents[1]


def glossalign(*args, cwd=ROOT, env_extra=None):
    import os

    env = dict(os.environ, COLUMNS="200", GLOSSALIGN_REVIEWER="tester", **(env_extra or {}))
    return subprocess.run([sys.executable, "-c", "from glossary.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_review_round_trip_from_the_command_line(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()
    review = tmp_path / "review.xlsx"
    done = glossalign("review", "export", "--db", db, "-o", review, "--min-score", "0.5")
    assert done.returncode == 0, done.stderr
    assert f"wrote {review}: 6 entries to review (proposed 6)" in done.stdout
    book = load_workbook(review)
    sheet = book["Glossary"]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "律师协会":
            row[3].value = "approved"
        if row[1].value == "黔江区":
            row[2].value = "district de Qianjiang (Chongqing)"
    book.save(review)
    done = glossalign("review", "import", review, "--db", db)
    assert done.returncode == 0, done.stderr
    assert "6 rows, 2 entries changed (approved 2; 1 term edited)" in done.stdout
    assert "reviewer tester" in done.stdout
    with GlossaryStore(db) as store:
        lawyers = store.get(entry_id(store, "律师协会", "association des avocats"))
        assert (lawyers.status, lawyers.reviewer) == ("approved", "tester")

    out = tmp_path / "glossary.tbx"
    done = glossalign("export", "--db", db, "-o", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {out}: 2 entries (approved 2)")
    assert "district de Qianjiang (Chongqing)" in out.read_text(encoding="utf-8")


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    done = glossalign("export", "--db", tmp_path / "none.db", "-o", tmp_path / "g.csv")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "no glossary store here" in done.stderr
    db = tmp_path / "g.db"
    seeded_store(db).close()
    done = glossalign("export", "--db", db, "-o", tmp_path / "g.csv", "--status", "aproved")
    assert done.returncode == 2 and "unknown status aproved" in done.stderr
    not_xlsx = tmp_path / "review.ods"
    not_xlsx.write_bytes(b"PK\x03\x04")
    done = glossalign("review", "import", not_xlsx, "--db", db)
    assert done.returncode == 2 and done.stderr.startswith("error: ") and "not an .xlsx" in done.stderr
    assert "Traceback" not in done.stderr


def test_conflicts_are_shown_as_a_table(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()
    review = tmp_path / "review.xlsx"
    assert glossalign("review", "export", "--db", db, "-o", review).returncode == 0
    with GlossaryStore(db) as store:
        store.update(entry_id(store, "会议", "réunion"), who="carol", status="approved")
    book = load_workbook(review)
    for row in book["Glossary"].iter_rows(min_row=2):
        if row[1].value == "会议":
            row[3].value = "rejected"
    book.save(review)
    done = glossalign("review", "import", review, "--db", db)
    assert done.returncode == 2
    assert "conflicts" in done.stderr and "carol" in done.stderr and "rejected" in done.stderr
    assert "nothing applied" in done.stderr.splitlines()[-1]
    done = glossalign("review", "import", review, "--db", db, "--skip-conflicts")
    assert done.returncode == 0 and "skipped conflicting rows" in done.stderr


def test_import_command_starts_a_store_from_a_team_glossary(tmp_path):
    db = tmp_path / "team.db"
    done = glossalign("import", STORE_FIXTURES / "termbase-v2.tbx", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "3 entries read, 3 added (approved 2, deprecated 1)" in done.stdout
    done = glossalign("import", STORE_FIXTURES / "termbase-v2.tbx", "--db", db)
    assert "0 added, 0 updated, 3 unchanged" in done.stdout


def test_exporting_nothing_is_refused_not_an_empty_file(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()  # only proposed entries: nothing approved yet
    out = tmp_path / "glossary.tbx"
    done = glossalign("export", "--db", db, "-o", out)
    assert done.returncode == 2 and "no approved entries" in done.stderr and "review" in done.stderr
    assert not out.exists()


def test_wrong_option_values_are_one_error_line_not_a_usage_box(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()
    for args in (("export", "--db", db, "-o", tmp_path / "g.csv", "--status", "aproved"),
                 ("review", "export", "--db", db, "-o", tmp_path / "review.csv"),
                 ("review", "import", tmp_path / "r.xlsx", "--db", db, "--skip-conflicts", "--overwrite"),
                 ("review", "export", "--db", db, "--min-score", "high"),  # typer's own usage errors too
                 ("export", "--db", db, "-o", tmp_path / "g.csv", "--quiet"),
                 ("review", "import")):
        done = glossalign(*args)
        assert done.returncode == 2 and done.stderr.startswith("error: "), args
        assert done.stderr.strip().count("\n") == 0, done.stderr
    assert not (tmp_path / "g.csv").exists() and not (tmp_path / "review.csv").exists()


def test_a_refused_import_leaves_no_store_and_text_without_terms_is_refused(tmp_path):
    db = tmp_path / "new.db"
    broken = tmp_path / "team.xlsx"
    broken.write_bytes((STORE_FIXTURES / "termbase-v2.tbx").read_bytes()[:200])
    english = tmp_path / "notes.txt"
    english.write_text("This is an English memo about the meeting.\nNothing to import here.\n", encoding="utf-8")
    for path, problem in ((broken, "not a readable .xlsx"), (english, "has no glossary entries")):
        done = glossalign("import", path, "--db", db)
        assert done.returncode == 2 and problem in done.stderr, done.stderr
        assert done.stderr.strip().count("\n") == 0
        assert not db.exists() and not list(tmp_path.glob("new.db*"))


def test_next_step_names_the_store_when_it_is_not_the_default(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()
    done = glossalign("review", "export", "--db", db, "-o", tmp_path / "r.xlsx")
    assert done.returncode == 0 and f"review import {tmp_path / 'r.xlsx'} --db {db}`" in done.stdout


def test_an_output_that_is_a_folder_is_one_error_line(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()
    for name, args in (("g.csv", ("export", "--status", "all")), ("r.xlsx", ("review", "export"))):
        (tmp_path / name).mkdir()
        done = glossalign(*args, "--db", db, "-o", tmp_path / name)
        assert done.returncode == 2
        assert done.stderr.strip() == f"error: {tmp_path / name}: is a folder, not a file to write"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.csv", "g.db", "r.xlsx"]


def test_a_format_that_cannot_carry_the_statuses_asked_for_writes_nothing(tmp_path):
    db = tmp_path / "g.db"
    with seeded_store(db) as store:
        store.update(entry_id(store, "会议", "réunion"), who="alice", status="rejected")
    for name in ("rejected.tbx", "rejected.csv"):
        done = glossalign("export", "--db", db, "-o", tmp_path / name, "--status", "rejected")
        assert done.returncode == 2 and "nothing to write" in done.stderr and done.stderr.count("\n") == 1
        assert not (tmp_path / name).exists()
    assert glossalign("export", "--db", db, "-o", tmp_path / "rejected.xlsx", "--status", "rejected").returncode == 0


def test_review_import_without_db_names_the_store_the_workbook_came_from(tmp_path):
    # `run job --out job/exports`, then `review import job/exports/glossary.xlsx` without --db.
    db = tmp_path / "job" / "exports" / "glossary.db"
    db.parent.mkdir(parents=True)
    seeded_store(db).close()
    review = tmp_path / "review.xlsx"
    assert glossalign("review", "export", "--db", db, "-o", review).returncode == 0
    done = glossalign("review", "import", review, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert f"was exported from {db}: add --db {db}" in done.stderr
    assert not (tmp_path / "exports").exists()

"""The main job end to end on the seeds, with the real model: every output written, readable, and re-runnable."""
from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from conftest import FIXTURES, SEEDS

TBX = "{urn:iso:std:iso:30042:ed-2}"


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    from glossary.run import run_folder

    folder = tmp_path_factory.mktemp("job")
    for seed in SEEDS.iterdir():
        shutil.copy(seed, folder)
    out = folder / "exports"
    report = run_folder(folder, out, progress=False)
    return folder, out, report


def test_seeds_are_mined_as_comparable_documents(seed_run):
    _, _, report = seed_run
    assert [mode for _, mode, _ in report.alignments] == ["comparable"]
    assert report.beads and all(b.mode == "comparable" for b in report.beads)


def test_shared_vocabulary_comes_out_near_the_top(seed_run, tmp_path):
    from glossary.run import run_folder

    folder, _, report = seed_run
    top = {c.zh: c.fr.lower() for c in report.candidates[:15]}
    assert top.get("律师") == "avocat"  # from the confident mined pairs alone
    assert all(not c.zh.isdigit() and len(c.zh) > 1 for c in report.candidates)
    # The weaker pairs add evidence only when asked: more candidates from these short comparable articles.
    weak = run_folder(folder, tmp_path / "weak", progress=False, weak_pairs=True)
    top = {c.zh: c.fr.lower() for c in weak.candidates[:15]}
    assert top.get("律师") == "avocat" and "association des avocats" in top.get("市律师协会", "")
    assert len(weak.candidates) > len(report.candidates)


def test_every_output_is_written_and_reads_back(seed_run):
    _, out, report = seed_run
    n_entries = len(report.candidates)
    book = load_workbook(out / "glossary.xlsx")
    assert {"Glossary", "Examples", "About"} <= set(book.sheetnames)
    assert book["Glossary"].max_row - 1 == n_entries
    # nothing is reviewed yet: no TBX/CSV for CAT tools (tests/test_run_outputs.py covers them once approved)
    assert sorted(report.not_written) == ["glossary.csv", "glossary.tbx"]
    assert not (out / "glossary.tbx").exists() and not (out / "glossary.csv").exists()
    assert ET.parse(out / "pairs.tmx").getroot().tag == "tmx"
    assert load_workbook(out / "pairs.xlsx").active.max_row - 1 == len(report.beads)
    assert (out / "glossary.db").exists()


def test_running_twice_changes_nothing(seed_run):
    from glossary.run import run_folder
    from glossary.store import GlossaryStore

    folder, out, first = seed_run
    with GlossaryStore(out / "glossary.db") as store:
        before = [(e.id, e.zh, e.fr, e.status, e.score, e.zh_freq, e.pairs) for e in store.entries()]
    again = run_folder(folder, out, progress=False)
    assert again.merge.added == 0 and again.merge.updated == 0
    with GlossaryStore(out / "glossary.db") as store:
        assert [(e.id, e.zh, e.fr, e.status, e.score, e.zh_freq, e.pairs) for e in store.entries()] == before


def test_command_line_refuses_a_folder_without_chinese(tmp_path):
    shutil.copy(SEEDS / "chengdu-lawyers-2023.fr.txt", tmp_path / "a.fr.txt")
    shutil.copy(SEEDS / "chengdu-lawyers-2023.fr.txt", tmp_path / "b.txt")
    done = subprocess.run([sys.executable, "-c", "from glossary.cli import main; main()", "run", str(tmp_path),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "out" / "glossary.xlsx").exists()


def test_outputs_written_into_the_folder_itself_are_not_read_back(tmp_path):
    # `glossalign run job --out job`, twice: the second run must not take pairs.xlsx/.tmx or glossary.*
    # of the first one for new aligned input (that double-counts every pair and adds junk entries).
    from glossary.run import run_folder

    for name in ("parallel.zh.txt", "parallel.fr.txt"):
        shutil.copy(FIXTURES / "mining" / name, tmp_path / name)
    first = run_folder(tmp_path, tmp_path, progress=False)
    again = run_folder(tmp_path, tmp_path, progress=False)
    assert again.merge.added == 0 and again.merge.updated == 0
    assert len(again.beads) == len(first.beads)
    assert not any("bilingual file" in line for line in again.chosen)


def test_a_bad_output_folder_or_store_is_refused_before_any_work(tmp_path):
    from align.errors import InputError
    from glossary.run import run_folder

    for seed in SEEDS.iterdir():
        shutil.copy(seed, tmp_path)
    not_a_folder = tmp_path / "notes.md"
    not_a_folder.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="is a file, not a folder"):
        run_folder(tmp_path, not_a_folder, progress=False)
    not_a_store = tmp_path / "team.db"
    not_a_store.write_text("not sqlite", encoding="utf-8")
    with pytest.raises(InputError, match="not a glossary store"):
        run_folder(tmp_path, tmp_path / "out", db=not_a_store, progress=False)
    assert not (tmp_path / "out").exists()

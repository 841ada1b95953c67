"""`glossalign check` run as a user runs it (a subprocess): exit codes, one-line errors, the report file."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT

CHECK = FIXTURES / "check"
GLOSSARY = CHECK / "glossary.csv"
PAIRS = CHECK / "pairs.tsv"


def glossalign(*args) -> subprocess.CompletedProcess:
    code = "import sys; from glossary.cli import main; sys.argv = ['glossalign', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("args,message", [
    (["--fail-on", "typo"], "--fail-on"),
    (["--statuses", "approved,maybe"], "--statuses"),
    (["-o", "report.pdf"], "unknown report format"),
    ([], "two documents"),
])
def test_bad_usage_is_one_line_and_exit_2(args, message):
    assert message in one_error_line(glossalign("check", "--glossary", GLOSSARY, *args))


def test_a_missing_glossary_is_one_line_and_exit_2(tmp_path):
    assert "no such file" in one_error_line(glossalign("check", "--glossary", tmp_path / "none.csv", "--pairs", PAIRS))


@pytest.fixture
def pairs_reader():
    pytest.importorskip("align.pairs_io")


def test_check_pairs_writes_the_report_and_exits_0(tmp_path, pairs_reader):
    report = tmp_path / "report.jsonl"
    result = glossalign("check", "--glossary", GLOSSARY, "--pairs", PAIRS, "-o", report)
    assert result.returncode == 0, result.stderr
    assert "missing" in result.stdout and "report written" in result.stdout
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [(r["segment"], r["kind"], r["zh_term"]) for r in rows] == [  # numbered from 1
        (3, "forbidden", "律师"), (4, "missing", "司法局"), (5, "missing", "党组书记"), (7, "reverse", "律师")]
    assert rows[0]["source"] == "zh 3 · fr 3"


def test_fail_on_exits_1_only_when_such_findings_exist(tmp_path, pairs_reader):
    assert glossalign("check", "-g", GLOSSARY, "--pairs", PAIRS, "--fail-on", "forbidden").returncode == 1
    assert glossalign("check", "-g", GLOSSARY, "--pairs", PAIRS, "--fail-on", "any").returncode == 1
    relaxed = glossalign("check", "-g", GLOSSARY, "--pairs", PAIRS, "--statuses", "approved,proposed",
                         "--fail-on", "forbidden,inconsistent")
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr


@pytest.mark.slow
def test_check_two_documents_aligns_them_first(tmp_path, monkeypatch, embedder):
    pytest.importorskip("align.pipeline")
    from typer.testing import CliRunner

    import align.embed
    from glossary.cli import app
    import glossary.cli.check_cmd  # noqa: F401  (registers the command)

    monkeypatch.setattr(align.embed, "Embedder", lambda *args, **kwargs: embedder)  # the session's model
    report = tmp_path / "report.jsonl"
    result = CliRunner().invoke(app, ["check", "-g", str(GLOSSARY), str(CHECK / "translation.zh.txt"),
                                      str(CHECK / "translation.fr.txt"), "-o", str(report)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    kinds = {(r["kind"], r["zh_term"]) for r in rows}
    assert {("forbidden", "律师"), ("missing", "司法局"), ("reverse", "律师")} <= kinds
    forbidden = next(r for r in rows if r["kind"] == "forbidden")
    assert "juristes" in forbidden["fr"] and "律师要依法执业" in forbidden["zh"]


def test_check_against_a_glossary_store_writes_an_xlsx_report(tmp_path, pairs_reader):
    store_module = pytest.importorskip("glossary.store")
    from openpyxl import load_workbook
    from test_check import fixture_entries

    db = tmp_path / "glossary.db"
    with store_module.GlossaryStore(db) as store:
        for entry in fixture_entries():
            store.add(entry, who="test")
    report = tmp_path / "report.xlsx"
    result = glossalign("check", "--glossary", db, "--pairs", PAIRS, "-o", report, "--fail-on", "missing")
    assert result.returncode == 1, result.stdout + result.stderr
    rows = list(load_workbook(report)["Findings"].iter_rows(min_row=2, values_only=True))
    # the store's proposed rendering of 党组书记 takes no part: no "inconsistent" (issue 11.2)
    assert [(r[0], r[2], r[3]) for r in rows] == [(3, "forbidden", "律师"), (4, "missing", "司法局"),
                                                 (5, "missing", "党组书记"), (7, "reverse", "律师")]


def test_a_report_path_that_is_a_folder_is_refused_before_checking(tmp_path):
    folder = tmp_path / "report.html"
    folder.mkdir()
    assert "is a folder" in one_error_line(glossalign("check", "-g", GLOSSARY, "--pairs", PAIRS, "-o", folder))


def test_a_glossary_csv_exported_by_run_does_not_check_unreviewed_candidates_as_approved(tmp_path):
    # `run` writes its candidates (all proposed) to glossary.csv; that file is no approved terminology.
    from glossary.exports import export_glossary
    from glossary.imports import load_glossary

    proposed = [entry for entry in load_glossary(GLOSSARY) if entry.status == "approved"]
    for entry in proposed:
        entry.status = "proposed"
    exported = tmp_path / "glossary.csv"
    export_glossary(proposed, exported)
    assert "no entries with status approved, deprecated" in one_error_line(
        glossalign("check", "-g", exported, "--pairs", PAIRS))


def test_a_glossary_without_entries_or_without_reviewed_ones_says_so(tmp_path):
    english = tmp_path / "notes.txt"
    english.write_text("Meeting notes, nothing else.\n", encoding="utf-8")
    assert "has no glossary entries" in one_error_line(glossalign("check", "-g", english, "--pairs", PAIRS))
    unreviewed = tmp_path / "candidates.csv"
    unreviewed.write_text("zh-CN,fr-FR,status\n律师,avocat,proposed\n", encoding="utf-8")
    line = one_error_line(glossalign("check", "-g", unreviewed, "--pairs", PAIRS))
    assert "it holds: proposed 1" in line and "--statuses proposed,approved" in line

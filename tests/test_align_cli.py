"""`glossalign align` end to end on real fixture documents: outputs, summary, exit codes."""
from __future__ import annotations

import json
import sys

import pytest
from openpyxl import load_workbook

from conftest import FIXTURES

ALIGN = FIXTURES / "align"


def run_cli(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    from glossary.cli import main

    monkeypatch.setattr(sys, "argv", ["glossalign", "align", *map(str, args)])
    try:
        main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def warm(embedder):
    """Load the model once (the CLI's Embedder shares it through the model cache)."""
    embedder.encode(["预热。"])
    return embedder


def test_either_order_xlsx_and_plot(warm, tmp_path, monkeypatch, capsys):
    out, png = tmp_path / "pairs.xlsx", tmp_path / "map.png"
    code, stdout, err = run_cli(monkeypatch, capsys, ALIGN / "bbc.fr.txt", ALIGN / "bbc.zh.txt", "-o", out,
                                "--plot", png, "--mode", "parallel")
    assert code == 0, err
    assert "bead type" in stdout and "1-1" in stdout and "mean score" in stdout
    sheet = load_workbook(out).active
    assert sheet["A2"].value.startswith("威尔士")  # Chinese column first although given second
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_jsonl_shows_the_dropped_sentence(warm, tmp_path, monkeypatch, capsys):
    out = tmp_path / "pairs.jsonl"
    code, _, err = run_cli(monkeypatch, capsys, ALIGN / "bbc.zh.txt", ALIGN / "bbc.fr.txt", "-o", out,
                           "--mode", "parallel")
    assert code == 0, err
    beads = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [i for b in beads for i in b["zh_ids"]] == list(range(sum(len(b["zh_ids"]) for b in beads)))
    # The French drops the Welsh Conservatives' sentence: it must stand alone, flagged.
    dropped = [b for b in beads if "一位威尔士保守党人士" in b["zh"]]
    assert len(dropped) == 1 and dropped[0]["fr_ids"] == [] and dropped[0]["flag"] == "zh only"


def test_presplit_ids_are_line_numbers(warm, tmp_path, monkeypatch, capsys):
    out = tmp_path / "pairs.tsv"
    code, _, err = run_cli(monkeypatch, capsys, ALIGN / "upi.presplit.zh.txt", ALIGN / "upi.presplit.fr.txt",
                           "--presplit", "-o", out, "--mode", "parallel")
    assert code == 0, err
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    zh_lines = (ALIGN / "upi.presplit.zh.txt").read_text(encoding="utf-8").splitlines()
    for row in rows:
        for i in json.loads(row[0]):
            assert zh_lines[i] in row[2]
    assert sum(1 for row in rows if row[0] == row[1]) >= len(zh_lines) - 1  # a translation: all on the diagonal


def test_presplit_with_empty_line_is_refused(tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, ALIGN / "upi.presplit.zh.txt",
                           ALIGN / "upi.presplit-blank.fr.txt", "--presplit", "-o", tmp_path / "p.jsonl")
    assert code == 2
    assert err.count("\n") == 1 and "line 6 is empty" in err
    assert not (tmp_path / "p.jsonl").exists()


def test_same_language_twice_is_refused(tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, ALIGN / "bbc.fr.txt", ALIGN / "unrelated.fr.txt",
                           "-o", tmp_path / "p.jsonl")
    assert code == 2 and err.startswith("error:") and "French" in err and err.count("\n") == 1


def test_bad_output_extension_is_refused(tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, ALIGN / "bbc.zh.txt", ALIGN / "bbc.fr.txt", "-o", tmp_path / "p.pdf")
    assert code == 2 and ".jsonl" in err and err.count("\n") == 1


def test_unrelated_documents_in_parallel_mode_suggest_comparable(warm, tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, ALIGN / "bbc.zh.txt", ALIGN / "unrelated.fr.txt",
                           "-o", tmp_path / "p.jsonl", "--mode", "parallel")
    assert code == 2 and "--mode comparable" in err and err.count("\n") == 1
    assert not (tmp_path / "p.jsonl").exists()


def test_file_names_with_brackets_are_printed_as_they_are(warm, tmp_path, monkeypatch, capsys):
    import align.pipeline

    zh, fr = tmp_path / "[v2] rapport.zh.txt", tmp_path / "[v2] rapport.fr.txt"
    zh.write_bytes((ALIGN / "bbc.zh.txt").read_bytes())
    fr.write_bytes((ALIGN / "bbc.fr.txt").read_bytes())
    real = align.pipeline.align_documents

    def naming_a_file(*args, **kwargs):  # a reason that quotes a file name, as rich would eat "[v2]"
        result = real(*args, **kwargs)
        result.reason += f" (see {zh.name})"
        return result

    monkeypatch.setattr(align.pipeline, "align_documents", naming_a_file)
    out = tmp_path / "[bold] paires.tsv"
    code, stdout, err = run_cli(monkeypatch, capsys, zh, fr, "-o", out, "--mode", "parallel")
    assert code == 0, err
    flat = " ".join(stdout.split())  # the table title wraps
    assert "(see [v2] rapport.zh.txt)" in flat and "[bold] paires.tsv" in flat

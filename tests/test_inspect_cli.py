"""`glossalign inspect` through the installed console script: output, exit codes, one-line errors."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

GLOSSALIGN = Path(sys.executable).parent / "glossalign"
ZH_SEED = SEEDS / "yudongnan-lawyers-2022.zh.txt"
FR_SEED = SEEDS / "chengdu-lawyers-2023.fr.txt"
FR_LINES = [line.strip() for line in FR_SEED.read_text(encoding="utf-8").splitlines() if line.strip()]

pytestmark = pytest.mark.skipif(not GLOSSALIGN.exists(), reason="glossalign console script not installed")


def glossalign(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(GLOSSALIGN), *map(str, args)], capture_output=True, text=True, cwd=ROOT,
                          env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "GLOSSALIGN_DEBUG": ""}, timeout=120)


def table_row(output: str, name: str) -> list[str]:
    [line] = [line for line in output.splitlines() if name in line and line.startswith("│")]
    return [cell.strip() for cell in line.strip("│┃ ").split("│")]


def test_inspect_seeds():
    result = glossalign("inspect", ZH_SEED, FR_SEED)
    assert result.returncode == 0, result.stderr
    zh = table_row(result.stdout, ZH_SEED.name)
    fr = table_row(result.stdout, FR_SEED.name)
    assert zh[1:4] == ["Chinese (simplified)", "utf-8", "5"]  # the article once, without the site footer
    assert int(zh[4]) == 10 and int(zh[5]) >= 5
    assert fr[1:5] == ["French", "utf-8", "4", "2"]
    assert int(fr[5]) > 4
    assert "Compte public WeChat" not in result.stdout  # listed only with --verbose


def test_inspect_verbose_lists_dropped_lines_with_reasons():
    result = glossalign("inspect", "--verbose", FR_SEED, ZH_SEED)
    assert result.returncode == 0, result.stderr
    assert f"dropped from {FR_SEED}:" in result.stdout
    assert "[page furniture] Compte public WeChat" in result.stdout
    assert "渝ICP备15010797号" in result.stdout


def test_inspect_no_clean_and_presplit():
    result = glossalign("inspect", "--no-clean", ZH_SEED)
    assert table_row(result.stdout, ZH_SEED.name)[3:5] == ["15", "0"]
    result = glossalign("inspect", "--presplit", FR_SEED)
    # One sentence per non-empty line, nothing cleaned.
    assert table_row(result.stdout, FR_SEED.name)[3:6] == ["6", "0", "6"]


def test_inspect_folder_and_bilingual_file(tmp_path):
    for seed in (ZH_SEED, FR_SEED):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    result = glossalign("inspect", tmp_path, ROOT / "tests" / "fixtures" / "read" / "glossary.tmx")
    assert result.returncode == 0, result.stderr
    assert "aligning yudongnan-lawyers-2022.zh.txt (Chinese, simplified) with chengdu-lawyers-2023.fr.txt" in result.stdout
    assert table_row(result.stdout, "glossary.tmx")[1:4] == ["Chinese + French (bilingual)", "utf-8", "3 pairs"]
    assert table_row(result.stdout, FR_SEED.name)[1:5] == ["French", "utf-8", "4", "2"]  # each file its own row


def make_bad_inputs(folder: Path) -> dict[str, tuple[Path, str]]:
    """Each bad input with the problem the user must be told."""
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    binary = folder / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)))
    pdf = folder / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    english = folder / "english.txt"
    english.write_text("The meeting was held in Chengdu and the lawyers of the city attended it.\n", encoding="utf-8")
    french_only = folder / "two-french"
    french_only.mkdir()
    (french_only / "a.fr.txt").write_text(FR_LINES[2], encoding="utf-8")
    (french_only / "b.fr.txt").write_text(FR_LINES[3], encoding="utf-8")
    return {
        "empty": (empty, "is empty"),
        "binary": (binary, "is a binary file, not text (it contains NUL bytes)"),
        "pdf": (pdf, "PDF is not supported yet: convert it to .docx or .txt"),
        "english": (english, "is English text, expected Chinese or French"),
        "two-french": (french_only, "found 2 French documents (a.fr.txt, b.fr.txt) and no Chinese one"),
        "missing": (folder / "missing.txt", "does not exist"),
    }


@pytest.mark.parametrize("case", ["empty", "binary", "pdf", "english", "two-french", "missing"])
def test_bad_input_is_one_line_and_exit_2(tmp_path, case):
    path, problem = make_bad_inputs(tmp_path)[case]
    result = glossalign("inspect", path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip().splitlines() == [f"error: {path}: {problem}"]


def test_cli_modules_import_nothing_heavy():
    """`glossalign --help` stays instant: parsers load only when a file is read."""
    code = ("import sys, glossary.cli.inspect_cmd, align.read, align.discover, align.language; "
            "print(sorted(m for m in ('bs4', 'lxml', 'docx', 'openpyxl', 'charset_normalizer', 'opencc', "
            "'torch', 'pandas') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr
    help_result = glossalign("--help")
    assert help_result.returncode == 0 and "inspect" in help_result.stdout


def test_a_bilingual_file_in_an_80_column_terminal_keeps_its_name_readable():
    # The long "Chinese + French (bilingual)" label used to squeeze the file column to three characters.
    done = subprocess.run([str(GLOSSALIGN), "inspect", "tests/fixtures/check/pairs.tsv"], capture_output=True,
                          text=True, cwd=ROOT, env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert any("tests/fixtures/" in line for line in done.stdout.splitlines())


def test_file_names_with_brackets_are_shown_as_they_are(tmp_path):
    # Rich markup used to swallow "[v2]" and "[bold]" in names.
    (tmp_path / "[v2] note.fr.txt").write_text("\n\n".join(FR_LINES[2:4]) + "\n", encoding="utf-8")
    (tmp_path / "[bold] note.fr.txt").write_text("\n\n".join(FR_LINES[2:4]) + "\n", encoding="utf-8")
    done = glossalign("inspect", tmp_path / "[v2] note.fr.txt", tmp_path / "[bold] note.fr.txt")
    assert done.returncode == 0, done.stderr
    assert "[v2] note.fr.txt" in done.stdout and "[bold] note.fr.txt" in done.stdout

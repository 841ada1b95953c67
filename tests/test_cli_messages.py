"""Help texts and messages read right: nothing lost to terminal markup, no placeholders on flags, plurals,
counts that add up, no "next:" after a refusal."""
from __future__ import annotations

import re

from test_store_helpers import seeded_store
from test_user_journeys import glossalign


def test_help_texts_keep_their_words_and_show_no_value_on_flags():
    extract = glossalign("extract", "--help").stdout
    assert "'word [freq] [tag]'" in " ".join(extract.split()).replace("│ ", "").replace(" │", "")
    for command in ("run", "align", "check", "extract", "export", "inspect"):
        text = glossalign(*command.split(), "--help").stdout
        assert "<bool>" not in text, command
    usage = glossalign("check", "--help").stdout
    assert "[ZH_FILE] [FR_FILE]" in usage and "FR_FILE]..." not in usage  # two documents, not a list
    run = glossalign("run", "--help").stdout
    description = run.split("╭")[0]
    # the paragraph wraps as one text: no line cut short in the middle of a sentence
    lines = [line.strip() for line in description.splitlines() if line.strip()][1:]
    assert all(len(line) > 40 or line.endswith(".") for line in lines[:-1]), lines


def test_counts_are_worded_for_one_and_add_up(tmp_path):
    one = tmp_path / "one.csv"
    one.write_text("zh-CN,fr-FR\n律师,avocat\n", encoding="utf-8")
    done = glossalign("import", one, "--db", tmp_path / "g.db")
    assert done.returncode == 0 and "1 entry read" in done.stdout and "1 entries" not in done.stdout
    db = tmp_path / "seeded.db"
    seeded_store(db).close()
    exported = glossalign("export", "--db", db, "--status", "all", "-o", tmp_path / "g.csv")
    assert exported.returncode == 0
    written = int(re.search(r"wrote \S+: (\d+) entr", exported.stdout).group(1))
    listed = sum(int(n) for n in re.findall(r"(?:approved|proposed) (\d+)", exported.stdout.split("(")[1]))
    assert written == listed  # the counts in parentheses are what the file holds


def test_an_empty_review_export_is_refused_without_a_next_step(tmp_path):
    db = tmp_path / "g.db"
    seeded_store(db).close()
    done = glossalign("review", "export", "--db", db, "--status", "deprecated", "-o", tmp_path / "r.xlsx")
    assert done.returncode == 2 and "no deprecated entries" in done.stderr
    assert "next:" not in done.stdout + done.stderr and not (tmp_path / "r.xlsx").exists()

"""Finding and pairing the documents of a folder for `glossalign run DIR`."""
from __future__ import annotations

import shutil

import pytest

from align.discover import find_inputs, name_stem
from align.errors import InputError
from conftest import FIXTURES, SEEDS

ZH_SEED = SEEDS / "yudongnan-lawyers-2022.zh.txt"
FR_SEED = SEEDS / "chengdu-lawyers-2023.fr.txt"
ZH_LINES = [line.strip() for line in ZH_SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
FR_LINES = [line.strip() for line in FR_SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
ENGLISH = "Welsh AMs worried about 'looking like muppets'.\nThere is consternation among some AMs at a suggestion.\n"


def write(path, lines):
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name, stem", [
    ("chengdu-lawyers-2023.fr.txt", "chengdu-lawyers-2023"),
    ("yudongnan-lawyers-2022.zh.txt", "yudongnan-lawyers-2022"),
    ("report_zh-CN.docx", "report"),
    ("Report-FR.html", "report"),
    ("zh_report.md", "report"),
    ("report.chinese.txt", "report"),
    ("report 法语.txt", "report"),
    ("french-revolution.fr.txt", "french-revolution"),  # a tag word inside the name stays
])
def test_name_stem_strips_language_tags(name, stem):
    assert name_stem(name) == stem


def test_seeds_folder_is_one_pair(tmp_path):
    for seed in (ZH_SEED, FR_SEED):
        shutil.copy(seed, tmp_path / seed.name)
    inputs = find_inputs(tmp_path)
    assert inputs.mode == "one pair"
    [pair] = inputs.pairs
    assert (pair.zh.path.name, pair.fr.path.name) == (ZH_SEED.name, FR_SEED.name)
    assert inputs.describe() == [f"aligning {ZH_SEED.name} (Chinese, simplified) with {FR_SEED.name} (French)"]


def test_language_comes_from_the_text_not_the_name(tmp_path):
    write(tmp_path / "a.fr.txt", ZH_LINES[:3])  # misnamed: Chinese content
    write(tmp_path / "b.zh.txt", FR_LINES[2:4])
    [pair] = find_inputs(tmp_path).pairs
    assert pair.zh.path.name == "a.fr.txt" and pair.fr.path.name == "b.zh.txt"


def test_several_documents_pair_by_name_stem(tmp_path):
    write(tmp_path / "meeting.zh.txt", ZH_LINES[0:2])
    write(tmp_path / "agreement_zh-CN.txt", ZH_LINES[5:6])
    write(tmp_path / "meeting-fr.txt", FR_LINES[2:3])
    write(tmp_path / "agreement.fr.txt", FR_LINES[3:4])
    inputs = find_inputs(tmp_path)
    assert inputs.mode == "paired by name"
    pairs = {(pair.zh.path.name, pair.fr.path.name) for pair in inputs.pairs}
    assert pairs == {("meeting.zh.txt", "meeting-fr.txt"), ("agreement_zh-CN.txt", "agreement.fr.txt")}
    assert "agreement_zh-CN.txt ↔ agreement.fr.txt" in "\n".join(inputs.describe())


def test_a_pair_added_beside_differently_named_documents_pairs_the_two_left_over(tmp_path):
    # The seeds (yudongnan… / chengdu…) plus a translator's new report.zh/report.fr: two pairs, not one
    # corpus that would join each side in name order and misalign both.
    shutil.copy(ZH_SEED, tmp_path / ZH_SEED.name)
    shutil.copy(FR_SEED, tmp_path / FR_SEED.name)
    write(tmp_path / "report.zh.txt", ZH_LINES[0:2])
    write(tmp_path / "report.fr.txt", FR_LINES[2:3])
    inputs = find_inputs(tmp_path)
    assert inputs.mode == "paired by name"
    assert [(pair.zh.path.name, pair.fr.path.name) for pair in inputs.pairs] == [
        ("report.zh.txt", "report.fr.txt"), (ZH_SEED.name, FR_SEED.name)]
    assert f"{ZH_SEED.name} ↔ {FR_SEED.name} (the two left over)" in "\n".join(inputs.describe())


def test_unmatched_names_make_one_corpus_per_language(tmp_path):
    write(tmp_path / "b-part.zh.txt", ZH_LINES[4:5])
    write(tmp_path / "a-part.zh.txt", ZH_LINES[0:1] + ZH_LINES[2:4])
    write(tmp_path / "one.fr.txt", FR_LINES[2:4])
    inputs = find_inputs(tmp_path, clean=False)
    assert inputs.mode == "one corpus per language"
    [pair] = inputs.pairs
    # Joined in name order with paragraph boundaries kept.
    assert pair.zh.paragraphs == ZH_LINES[0:1] + ZH_LINES[2:4] + ZH_LINES[4:5]
    assert [path.name for path in pair.zh_files] == ["a-part.zh.txt", "b-part.zh.txt"]
    assert [doc.path.name for doc in inputs.documents] == ["a-part.zh.txt", "b-part.zh.txt", "one.fr.txt"]
    assert pair.fr.paragraphs == FR_LINES[2:4]
    lines = inputs.describe()
    assert "one corpus" in lines[0] and "Chinese: a-part.zh.txt, b-part.zh.txt" in lines[1]


def test_bilingual_files_are_listed_apart_and_others_skipped_with_reason(tmp_path):
    for seed in (ZH_SEED, FR_SEED):
        shutil.copy(seed, tmp_path / seed.name)
    shutil.copy(FIXTURES / "read" / "glossary.tmx", tmp_path / "memory.tmx")
    (tmp_path / "notes.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / ".hidden.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "~$lock.docx").write_bytes(b"\x00lock")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "old.zh.txt").write_text("旧的输出", encoding="utf-8")
    inputs = find_inputs(tmp_path)
    assert inputs.mode == "one pair"
    assert [path.name for path in inputs.bilingual] == ["memory.tmx"]
    assert len(inputs.tables[0].pairs) == 3
    zh_doc, fr_doc = inputs.pairs[0]  # a pair unpacks as (Chinese, French)
    assert (zh_doc.lang, fr_doc.lang) == ("zh", "fr")
    assert inputs.source_names() == [ZH_SEED.name, FR_SEED.name, "memory.tmx"]
    assert {(path.name, reason) for path, reason in inputs.skipped} == {
        ("notes.txt", "is English text, expected Chinese or French"),
        ("scan.pdf", "PDF is not supported yet: convert it to .docx or .txt"),
    }
    text = "\n".join(inputs.describe())
    assert "bilingual file memory.tmx: 3 aligned pairs" in text
    assert "skipped notes.txt: is English text" in text


def test_bilingual_files_alone_are_enough(tmp_path):
    shutil.copy(FIXTURES / "read" / "glossary.tmx", tmp_path / "memory.tmx")
    write(tmp_path / "lonely.fr.txt", FR_LINES[2:3])
    inputs = find_inputs(tmp_path)
    assert inputs.mode == "bilingual files only" and inputs.pairs == []
    assert [(path.name, reason) for path, reason in inputs.skipped] == [
        ("lonely.fr.txt", "no Chinese document to align it with")]


def test_two_french_files_and_no_chinese_is_refused(tmp_path):
    write(tmp_path / "a.txt", FR_LINES[2:3])
    write(tmp_path / "b.txt", FR_LINES[3:4])
    (tmp_path / "c.txt").write_text(ENGLISH, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        find_inputs(tmp_path)
    assert caught.value.path == tmp_path
    assert caught.value.problem == ("found 2 French documents (a.txt, b.txt) and no Chinese one; "
                                    "not used: c.txt is English text, expected Chinese or French")


@pytest.mark.parametrize("setup, expected", [
    (lambda folder: None, "has no supported files"),
    (lambda folder: (folder / "data.json").write_text("{}"), "has no supported files (found data.json)"),
    (lambda folder: (folder / "empty.txt").write_bytes(b""), "found no Chinese or French document; not used: empty.txt is empty"),
])
def test_folders_without_documents_are_refused(tmp_path, setup, expected):
    setup(tmp_path)
    with pytest.raises(InputError) as caught:
        find_inputs(tmp_path)
    assert caught.value.problem.startswith(expected)


def test_missing_folder_and_file_instead_of_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        find_inputs(tmp_path / "nowhere")
    with pytest.raises(InputError, match="is not a folder"):
        find_inputs(ZH_SEED)


def test_glossary_workbooks_and_the_runs_own_outputs_are_not_read_as_aligned_text(tmp_path):
    # `run job --out job` twice, or a review workbook saved into the job folder: neither may feed terms back in.
    from glossary.exports import export_glossary
    from glossary.workbook import write_workbook
    from test_store_helpers import seeded_store

    for seed in (ZH_SEED, FR_SEED):
        shutil.copy(seed, tmp_path / seed.name)
    store = seeded_store(tmp_path / "g.db")
    write_workbook(store.entries(), tmp_path / "review.xlsx", about=store.about())
    for name in ("team.csv", "omegat.txt"):
        export_glossary(store.entries(), tmp_path / name, about=store.about())
    store.close()
    shutil.copy(FIXTURES / "check" / "pairs.tsv", tmp_path / "pairs.tsv")
    shutil.copy(FIXTURES / "read" / "glossary.tmx", tmp_path / "pairs.tmx")
    inputs = find_inputs(tmp_path, skip=[tmp_path / "pairs.tmx"])
    assert inputs.mode == "one pair"
    assert [path.name for path in inputs.bilingual] == ["pairs.tsv"]
    reasons = dict((path.name, reason) for path, reason in inputs.skipped)
    for name in ("review.xlsx", "team.csv", "omegat.txt"):
        assert reasons[name].startswith("is a glossary exported by glossalign"), name
    assert "pairs.tmx" not in reasons  # left out silently

"""Aligned-pair files: every format written, opened back with a real parser, and read back as beads."""
from __future__ import annotations

from align.written import MANIFEST

import json

import pytest
from lxml import etree
from openpyxl import load_workbook

from align.errors import InputError
from align.pairs_io import read_pairs, write_beads
from align.types import Bead

BEADS = [
    Bead((0,), (0,), "律师协会召开会议。", "L'association des avocats s'est réunie.", 0.97),
    Bead((1, 2), (1,), "会议讨论了执业权利。保障措施被通过。", "Les droits d'exercice & leurs garanties <adoptées>.", 0.81),
    Bead((3,), (), "这句没有译文。", "", 0.66, flag="zh only"),
    Bead((4,), (2, 3), "最后\t一句。", "Dernière phrase. \"Fin\".", 0.31, flag="weak"),
    Bead((), (4,), "", "Phrase ajoutée.", 0.7, flag="fr only"),
]


@pytest.mark.parametrize("suffix", [".jsonl", ".tsv"])
def test_jsonl_and_tsv_round_trip_exactly(tmp_path, suffix):
    out = tmp_path / f"pairs{suffix}"
    write_beads(BEADS, out)
    back = read_pairs(out)
    assert [(b.zh_ids, b.fr_ids, b.score, b.flag) for b in back] == \
        [(b.zh_ids, b.fr_ids, b.score, b.flag) for b in BEADS]
    assert back[1].fr == BEADS[1].fr
    # a tab would break the .tsv: written as a space there
    assert back[3].zh == ("最后 一句。" if suffix == ".tsv" else "最后\t一句。")


def test_jsonl_lines_have_the_documented_fields(tmp_path):
    out = tmp_path / "pairs.jsonl"
    write_beads(BEADS, out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert list(rows[1]) == ["zh_ids", "fr_ids", "zh", "fr", "score", "flag", "mode", "margin"]
    assert rows[1]["mode"] == "parallel" and rows[1]["margin"] is None
    assert rows[2]["fr_ids"] == [] and rows[1]["zh_ids"] == [1, 2]


def test_tsv_header(tmp_path):
    out = tmp_path / "pairs.tsv"
    write_beads(BEADS, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "zh_ids\tfr_ids\tzh\tfr\tscore\tflag\tmode\tmargin"
    assert lines[2].split("\t")[:2] == ["[1, 2]", "[1]"]


def test_xlsx_is_formatted_for_review(tmp_path):
    out = tmp_path / "pairs.xlsx"
    write_beads(BEADS, out)
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]] == ["zh", "fr", "score", "bead type", "flag", "mode", "margin"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G6"
    rules = [r for rng in sheet.conditional_formatting for r in rng.rules]
    assert any(r.type == "colorScale" for r in rules)
    assert sheet["D3"].value == "2-1" and sheet["E5"].value == "weak"
    assert sheet["F2"].value == "parallel" and sheet["G2"].value is None  # no margin for parallel beads
    assert sheet["A2"].alignment.wrap_text
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["D"].width
    back = read_pairs(out)  # ids rebuilt from the bead types, in order
    assert [(b.zh_ids, b.fr_ids) for b in back] == [(b.zh_ids, b.fr_ids) for b in BEADS]


def test_tmx_parses_and_has_one_tu_per_bead_with_both_sides(tmp_path):
    out = tmp_path / "pairs.tmx"
    write_beads(BEADS, out, zh_lang="zh-TW", fr_lang="fr-CA")
    root = etree.parse(str(out)).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "zh-TW"
    tus = root.findall("body/tu")
    assert len(tus) == 3  # the zh-only and fr-only beads are not translation units
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [t.get(lang) for t in tus[1].findall("tuv")] == ["zh-TW", "fr-CA"]
    assert tus[1].find("tuv[2]/seg").text == BEADS[1].fr  # & and <> escaped and restored


def test_bad_extension_and_language_code(tmp_path):
    with pytest.raises(InputError, match=r"\.jsonl, \.tsv, \.xlsx, \.tmx"):
        write_beads(BEADS, tmp_path / "pairs.docx")
    with pytest.raises(InputError, match="not a language tag"):
        write_beads(BEADS, tmp_path / "pairs.tmx", zh_lang="chinese please")
    with pytest.raises(InputError, match="not a French language tag"):
        write_beads(BEADS, tmp_path / "pairs.tmx", fr_lang="zh-CN")
    assert list(tmp_path.iterdir()) == []


def test_write_is_atomic_on_failure(tmp_path):
    out = tmp_path / "pairs.jsonl"
    write_beads(BEADS, out)
    before = out.read_text(encoding="utf-8")
    broken = BEADS + [Bead((5,), (5,), "x", "y", score=object())]  # not a number: fails mid-write
    with pytest.raises(TypeError):
        write_beads(broken, out)
    assert out.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir() if p.name != MANIFEST] == ["pairs.jsonl"]


def test_read_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"zh": "一", "fr": "un"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2 is not JSON"):
        read_pairs(bad)
    with pytest.raises(InputError, match="does not exist"):
        read_pairs(tmp_path / "missing.tsv")
    with pytest.raises(InputError):
        read_pairs(tmp_path / "pairs.pdf")


def test_foreign_two_column_table_and_tmx_read_via_read_bilingual(tmp_path):
    table = tmp_path / "memory.tsv"
    table.write_text("fr\tzh\nBonjour.\t你好。\nMerci.\t谢谢。\n", encoding="utf-8")
    beads = read_pairs(table)
    assert [(b.zh, b.fr, b.zh_ids, b.fr_ids) for b in beads] == [("你好。", "Bonjour.", (0,), (0,)),
                                                                ("谢谢。", "Merci.", (1,), (1,))]
    tmx = tmp_path / "ours.tmx"
    write_beads(BEADS, tmx)
    assert [(b.zh.split(), b.fr) for b in read_pairs(tmx)] == [(b.zh.split(), b.fr) for b in BEADS if b.zh and b.fr]


MINED = [
    Bead((3,), (7, 8), "律师执业权利得到保障。", "Les droits des avocats sont protégés. Ils exercent librement.", 0.88,
         mode="comparable", margin=1.2345),
    Bead((5,), (2,), "会议在成都召开。", "La réunion s'est tenue à Chengdu.", 0.41, flag="below threshold",
         mode="comparable", margin=0.9876),
]


@pytest.mark.parametrize("suffix", [".jsonl", ".tsv", ".xlsx", ".tmx"])
def test_mode_and_margin_round_trip_in_every_format(tmp_path, suffix):
    out = tmp_path / f"mined{suffix}"
    write_beads(MINED, out)
    back = read_pairs(out)
    # A TMX holds translation units only: a mined pair under the threshold is left out of it.
    expected = [b for b in MINED if suffix != ".tmx" or b.flag != "below threshold"]
    assert suffix != ".tmx" or len(expected) < len(MINED)
    assert [(b.mode, b.margin, b.score, b.flag, b.zh, b.fr) for b in back] == \
        [(b.mode, b.margin, b.score, b.flag, b.zh, b.fr) for b in expected]
    if suffix in (".jsonl", ".tsv", ".tmx"):  # the .xlsx counts ids along the file
        assert [(b.zh_ids, b.fr_ids) for b in back] == [(b.zh_ids, b.fr_ids) for b in expected]
    if suffix == ".xlsx":
        sheet = load_workbook(out).active
        assert sheet["G2"].value == 1.2345 and sheet["G2"].number_format == "0.000"
    if suffix == ".tmx":
        props = etree.parse(str(out)).getroot().findall("body/tu[1]/prop")
        assert {p.get("type"): p.text for p in props}["x-margin"] == "1.2345"


def test_files_without_mode_and_margin_still_read(tmp_path):
    old = tmp_path / "old.tsv"
    old.write_text('zh_ids\tfr_ids\tzh\tfr\tscore\tflag\n[0]\t[0]\t你好。\tBonjour.\t0.9000\t\n', encoding="utf-8")
    old_jsonl = tmp_path / "old.jsonl"
    old_jsonl.write_text('{"zh_ids": [0], "fr_ids": [0], "zh": "你好。", "fr": "Bonjour.", "score": 0.9}\n',
                         encoding="utf-8")
    for path in (old, old_jsonl):
        [bead] = read_pairs(path)
        assert (bead.zh, bead.score, bead.mode, bead.margin) == ("你好。", 0.9, "parallel", None)


def test_gb18030_and_utf16_tables_are_decoded(tmp_path):
    gb = tmp_path / "excel-zh.tsv"  # saved by Excel on Chinese Windows
    gb.write_bytes("中文\t法文\n律师协会召开会议。\tL'association des avocats s'est réunie.\n".encode("gb18030"))
    assert [(b.zh, b.fr) for b in read_pairs(gb)] == [("律师协会召开会议。", "L'association des avocats s'est réunie.")]
    ours = tmp_path / "ours.tsv"
    write_beads(BEADS + MINED, ours)
    utf16 = tmp_path / "ours-utf16.tsv"
    utf16.write_bytes(ours.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-16"))
    assert read_pairs(utf16) == read_pairs(ours)
    assert read_pairs(utf16)[-1].margin == 0.9876


def test_binary_pair_file_is_an_input_error_naming_it(tmp_path):
    binary = tmp_path / "pairs.jsonl"
    binary.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError) as caught:
        read_pairs(binary)
    assert "pairs.jsonl" in str(caught.value) and "binary" in str(caught.value)

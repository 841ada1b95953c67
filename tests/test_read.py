"""Reading documents and bilingual files: formats, encodings, refusals — on real files written to disk."""
from __future__ import annotations

import codecs
import csv
import os
import zipfile
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align import read as read_module
from align.errors import InputError
from align.read import (decode_bytes, is_bilingual, read_bilingual, read_bilingual_table, read_document,
                        read_paragraphs)
from conftest import FIXTURES, SEEDS, SHARED_DATA

ZH_SEED = SEEDS / "yudongnan-lawyers-2022.zh.txt"
FR_SEED = SEEDS / "chengdu-lawyers-2023.fr.txt"
READ_FIXTURES = FIXTURES / "read"


def seed_lines(path):
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


ZH_LINES = seed_lines(ZH_SEED)
FR_LINES = seed_lines(FR_SEED)
# The article body without the site footer (the footer's © has no GBK/Big5 code).
ZH_ARTICLE = [ZH_LINES[0]] + ZH_LINES[2:6]


@lru_cache(maxsize=1)
def _taiwan_converter():
    import opencc

    return opencc.OpenCC("s2tw")  # Taiwan forms: all encodable in Big5


def to_traditional(text: str) -> str:
    return _taiwan_converter().convert(text)


# --------------------------------------------------------------------------------------------- seeds


def test_chinese_seed_is_read_cleaned_and_keeps_paragraph_boundaries():
    doc = read_document(ZH_SEED)
    assert (doc.lang, doc.script, doc.encoding) == ("zh", "simplified", "utf-8")
    assert doc.paragraphs[0] == "渝东南片区律师执业权利保障工作联席座谈会召开"
    assert len(doc.paragraphs) == len(set(doc.paragraphs)), "the article is in the page twice"
    assert all(paragraph in ZH_LINES for paragraph in doc.paragraphs), "paragraphs are whole lines"
    assert any("ICP" in paragraph for paragraph, _ in doc.dropped)
    assert not any("ICP" in paragraph for paragraph in doc.paragraphs)
    assert len(doc.paragraphs) + len(doc.dropped) == len(ZH_LINES)


def test_french_seed_drops_page_furniture():
    doc = read_document(FR_SEED)
    assert (doc.lang, doc.script, doc.encoding) == ("fr", "", "utf-8")
    assert doc.paragraphs[0].startswith("Le 6 juillet 2023")
    assert {paragraph for paragraph, _ in doc.dropped} >= {"Compte public WeChat", "Police :"}


def test_no_clean_keeps_every_line():
    doc = read_document(ZH_SEED, clean=False)
    assert doc.paragraphs == ZH_LINES
    assert doc.dropped == []


def test_presplit_takes_non_empty_lines_as_is(tmp_path):
    path = tmp_path / "sentences.fr.txt"
    lines = ["La réunion a souligné l’importance du travail.", "", "  Compte public WeChat  ",
             "La réunion a souligné l’importance du travail.", "M. Wang a présidé."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_document(path, presplit=True)
    assert doc.presplit
    # Ids are the indices of non-empty lines; nothing is cleaned (no duplicate or furniture removal).
    assert doc.paragraphs == ["La réunion a souligné l’importance du travail.", "Compte public WeChat",
                              "La réunion a souligné l’importance du travail.", "M. Wang a présidé."]
    assert doc.dropped == []


# --------------------------------------------------------------------------------------------- encodings

ENCODED_CASES = [
    ("utf-8", "\n\n".join(ZH_LINES), "utf-8"),
    ("utf-8-sig", "\n\n".join(ZH_LINES), "utf-8-sig"),
    ("utf-16", "\n\n".join(ZH_LINES), "utf-16-le"),  # Python writes a BOM and little-endian
    ("utf-16-be-bom", "\n\n".join(ZH_LINES), "utf-16-be"),
    ("gb18030", "\n\n".join(ZH_ARTICLE), "gb18030"),
    ("gbk", "\n\n".join(ZH_ARTICLE), "gb18030"),  # GBK is a subset of GB18030
    ("big5", to_traditional("\n\n".join(ZH_ARTICLE)), "big5"),
    ("gb18030", ZH_LINES[0], "gb18030"),  # one short title: where statistical detectors guess wrong
    ("big5", to_traditional(ZH_LINES[0]), "big5"),
    ("gbk", "渝东南律师", "gb18030"),
    ("big5", "渝東南律師", "big5"),
    ("gb18030", "吉祥的𠮷字不在GBK里。会议在黔江召开。", "gb18030"),  # a four-byte GB18030 character
    ("cp1252", "\n".join(FR_LINES[2:4]), "cp1252"),
]


@pytest.mark.parametrize("codec, text, expected", ENCODED_CASES,
                         ids=[f"{case[0]}-{len(case[1])}" for case in ENCODED_CASES])
def test_each_encoding_reads_back_exactly(tmp_path, codec, text, expected):
    if codec == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(codec)
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    doc = read_document(path, clean=False)
    assert doc.encoding == expected
    assert doc.paragraphs == [line.strip() for line in text.splitlines() if line.strip()]
    assert doc.lang == ("fr" if codec == "cp1252" else "zh")
    assert doc.script == ("traditional" if codec == "big5" else "simplified" if doc.lang == "zh" else "")


def test_gb_and_big5_bytes_are_not_confused():
    """The bytes of each decode without error in the other codec; the right reading must still win."""
    simplified = "\n".join(ZH_ARTICLE)
    traditional = to_traditional(simplified)
    assert decode_bytes(simplified.encode("gbk")) == (simplified, "gb18030")
    assert decode_bytes(traditional.encode("big5")) == (traditional, "big5")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("seed", [ZH_SEED, FR_SEED], ids=["zh", "fr"])
def test_utf16_without_bom(tmp_path, codec, seed):
    text = seed.read_text(encoding="utf-8")
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(codec))
    doc = read_document(path, clean=False)
    assert doc.encoding == codec
    assert doc.paragraphs == seed_lines(seed)


def test_utf8_with_a_damaged_byte_is_still_utf8(tmp_path):
    data = "\n".join(ZH_LINES).encode("utf-8")
    cut = data.index("律师".encode("utf-8")) + 1  # inside a character
    path = tmp_path / "copy.txt"
    path.write_bytes(data[:cut] + data[cut + 1:])
    doc = read_document(path, clean=False)
    assert doc.encoding == "utf-8 (damaged bytes replaced)"
    assert doc.paragraphs[0] == ZH_LINES[0].replace("律", "\ufffd")  # one character lost, nothing else
    assert doc.paragraphs[1:] == ZH_LINES[1:]


def test_html_meta_charset_is_honoured(tmp_path):
    title = to_traditional(ZH_LINES[0])
    markup = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head>' \
             f"<body><p>{title}</p></body></html>"
    path = tmp_path / "page.html"
    path.write_bytes(markup.encode("big5"))
    doc = read_document(path)
    assert (doc.encoding, doc.paragraphs, doc.script) == ("big5", [title], "traditional")


def test_html_in_gb18030_is_decoded(tmp_path):
    markup = (READ_FIXTURES / "article.zh.html").read_text(encoding="utf-8").replace("utf-8", "gb2312")
    markup = markup.replace("©", "")  # no GB code for it
    path = tmp_path / "page.htm"
    path.write_bytes(markup.encode("gb18030"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert doc.paragraphs[0] == "渝东南片区律师执业权利保障工作联席座谈会召开"


# --------------------------------------------------------------------------------------------- formats


def test_markdown_markup_is_stripped_and_wrapped_lines_joined():
    paragraphs, encoding = read_paragraphs(READ_FIXTURES / "meeting.fr.md")
    assert encoding == "utf-8"
    assert paragraphs[0] == "Réunion spéciale de l’industrie des avocats de Chengdu"
    assert paragraphs[1] == ("Le 6 juillet 2023, l’industrie des avocats de Chengdu a tenu une réunion spéciale "
                             "pour transmettre et étudier l’esprit du symposium du groupe du Parti du "
                             "ministère de la Justice.")
    assert "Être un bon avocat satisfaisant pour le Parti et le peuple." in paragraphs
    assert "Renforcer le leadership organisationnel." in paragraphs
    assert "La réunion a souligné l’importance du travail des avocats." in paragraphs
    assert {"Directeur adjoint", "Yang Hongwei"} <= set(paragraphs)
    text = "\n".join(paragraphs)
    for markup in ("#", "**", "](", "`", "title:", "code qui", "---", "photo", "https://"):
        assert markup not in text


def test_markdown_joins_chinese_wrapped_lines_without_space(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("会议由黔江区司法局\n党组书记、局长李勇主持。\n\n## 会议强调\n", encoding="utf-8")
    assert read_paragraphs(path)[0] == ["会议由黔江区司法局党组书记、局长李勇主持。", "会议强调"]


def test_html_keeps_visible_text_in_blocks():
    doc = read_document(READ_FIXTURES / "article.zh.html")
    assert doc.lang == "zh"
    assert doc.paragraphs[0] == "渝东南片区律师执业权利保障工作联席座谈会召开"
    # A source line break inside Chinese text is not a space; <br> ends a paragraph; <b> is inline.
    assert ("本网讯(通讯员 方勇)6月24日,渝东南片区律师执业权利保障工作联席座谈会在黔江召开。"
            "会议由黔江区司法局党组书记、局长李勇主持。") in doc.paragraphs
    assert "与会人员围绕依法保障律师执业权利、构建新型检律关系、深化法律职业共同体建设等方面进行了广泛交流。" in doc.paragraphs
    assert "会议认为,构建片区联席会机制,是对联席会议制度的深化落实。" in doc.paragraphs
    assert {"市律师协会", "监事长", "保障律师执业权利。"} <= set(doc.paragraphs)
    assert any("来源" in paragraph for paragraph, _ in doc.dropped)  # the article header's byline, cleaned
    text = "\n".join(doc.paragraphs)
    for invisible in ("统计代码", "_hmt", "首页", "搜索", "相关新闻", "隐藏", "广告位", "JavaScript", "Copyright",
                      "font-size", "重庆长安网"):
        assert invisible not in text


def make_docx(path, with_header: bool = True):
    import docx

    document = docx.Document()
    if with_header:
        document.sections[0].header.paragraphs[0].text = "重庆长安网 页眉"
    document.add_heading(ZH_LINES[0], level=1)
    document.add_paragraph(ZH_LINES[2])
    run_paragraph = document.add_paragraph(ZH_LINES[3].split("。")[0] + "。")
    run_paragraph.add_run().add_break()  # a manual line break inside a Word paragraph
    run_paragraph.add_run("会议认为,构建片区联席会机制。")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "单位"
    merged = table.cell(0, 1).merge(table.cell(0, 2))
    merged.text = "负责人(合并单元格)"
    table.cell(1, 0).text = "市律师协会"
    table.cell(1, 1).text = "监事长"
    document.add_paragraph("")
    document.add_paragraph(ZH_LINES[4])
    document.save(path)


def test_docx_paragraphs_and_table_cells_in_order(tmp_path):
    path = tmp_path / "report.docx"
    make_docx(path)
    doc = read_document(path, clean=False)
    assert (doc.lang, doc.encoding) == ("zh", "docx")
    assert doc.paragraphs == [
        ZH_LINES[0], ZH_LINES[2], ZH_LINES[3].split("。")[0] + "。", "会议认为,构建片区联席会机制。",
        "单位", "负责人(合并单元格)", "市律师协会", "监事长", ZH_LINES[4],
    ]  # the merged cell once; the page header not at all


# --------------------------------------------------------------------------------------------- refusals


def refusal(path, **options) -> str:
    with pytest.raises(InputError) as caught:
        read_document(path, **options)
    assert caught.value.path is not None
    return caught.value.problem


def test_refuses_missing_path_and_folder(tmp_path):
    assert refusal(tmp_path / "missing.txt") == "does not exist"
    assert "is a folder" in refusal(tmp_path)


def test_refuses_empty_and_blank_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert refusal(empty) == "is empty"
    blank = tmp_path / "blank.txt"
    blank.write_text("\n   \n\u3000\n", encoding="utf-8")
    assert refusal(blank) == "has no text"


def test_refuses_binary_files(tmp_path):
    with_nul = tmp_path / "image.txt"
    with_nul.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "binary" in refusal(with_nul)
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(5000)).replace(b"\x00", b"\x01"))
    assert "binary" in refusal(noise)


def test_refuses_pdf_by_extension_and_by_content(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert refusal(pdf) == "PDF is not supported yet: convert it to .docx or .txt"
    disguised = tmp_path / "report.txt"
    disguised.write_bytes(pdf.read_bytes())
    assert "PDF is not supported yet" in refusal(disguised)


@pytest.mark.parametrize("name, expected", [
    ("notes.rtf", "RTF is not supported"), ("old.doc", "save it as .docx"), ("data.json", ".json files are not supported"),
    ("README", "files without an extension are not supported"),
])
def test_refuses_unsupported_types(tmp_path, name, expected):
    path = tmp_path / name
    path.write_text("La réunion a eu lieu à Chengdu.", encoding="utf-8")
    assert expected in refusal(path)


def test_refuses_huge_file_stating_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(read_module, "MAX_TEXT_BYTES", 1024)
    path = tmp_path / "long.fr.txt"
    path.write_text("\n".join(FR_LINES), encoding="utf-8")
    problem = refusal(path)
    size = path.stat().st_size
    assert problem == f"is {size / 1024:.1f} KB, above the 1 KB limit for one .txt file: split it into smaller files"
    assert read_module._human_size(50 * 2**20) == "50 MB"


def test_refuses_corrupt_docx_and_xlsx(tmp_path):
    good = tmp_path / "good.docx"
    make_docx(good)
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "is not a valid .docx file" in refusal(truncated)
    not_word = tmp_path / "zip.docx"
    with zipfile.ZipFile(not_word, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")
    assert "is not a valid .docx file" in refusal(not_word)
    broken_xlsx = tmp_path / "table.xlsx"
    broken_xlsx.write_bytes(b"PK\x03\x04" + os.urandom(200))
    with pytest.raises(InputError, match="is not a valid .xlsx file"):
        read_bilingual(broken_xlsx)


def test_refuses_english_and_names_it(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("Welsh AMs worried about 'looking like muppets'\n"
                    "There is consternation among some AMs at a suggestion their title should change to MWPs.\n",
                    encoding="utf-8")
    assert refusal(path) == "is English text, expected Chinese or French"


def test_refuses_docx_without_text(tmp_path):
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    assert refusal(path) == "has no text"


def test_error_line_names_the_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: is empty"


# --------------------------------------------------------------------------------------------- bilingual files

PAIRS = [(ZH_LINES[0], "Réunion conjointe sur la protection des droits d’exercice des avocats"),
         ("市律师协会还向调解员代表颁发了聘书。", "L’Association des avocats a remis des lettres de nomination, “officielles”, aux médiateurs."),
         ("会议由黔江区司法局党组书记主持。", "La réunion a été présidée par le secrétaire du groupe du Parti du Bureau de la Justice.")]


def test_xlsx_columns_found_by_header_names(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["N°", "Français", "备注", "中文"])
    for number, (zh, fr) in enumerate(PAIRS, 1):
        sheet.append([number, fr, "", zh])
    sheet.append([4, None, "", "只有中文"])  # half-empty rows are not pairs
    path = tmp_path / "termes.xlsx"
    workbook.save(path)
    table = read_bilingual_table(path)
    assert table.pairs == PAIRS
    assert table.encoding == "xlsx"
    assert "中文" in table.found and "Français" in table.found


def test_xlsx_columns_found_by_content_without_header(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    for zh, fr in PAIRS:
        workbook.active.append([fr, zh])
    path = tmp_path / "sans-entete.xlsx"
    workbook.save(path)
    table = read_bilingual_table(path)
    assert table.pairs == PAIRS
    assert "by their content" in table.found


def test_csv_with_semicolons_quotes_and_unknown_header(tmp_path):
    path = tmp_path / "paires.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["texte A", "texte B"])
        for zh, fr in PAIRS:
            writer.writerow([fr, zh])
    table = read_bilingual_table(path)
    assert table.pairs == PAIRS
    assert table.encoding == "utf-8-sig"


def test_tsv_is_unquoted_and_may_be_gb18030(tmp_path):
    path = tmp_path / "pairs.tsv"
    lines = ["zh_CN\tfr-FR"] + [f"{zh}\t{fr}" for zh, fr in PAIRS] + ['他说：“好。”\t« Bien », a-t-il dit "vraiment".']
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    pairs = read_bilingual(path)
    assert pairs[:3] == PAIRS
    assert pairs[3] == ("他说：“好。”", '« Bien », a-t-il dit "vraiment".')


def test_tmx_pairs_with_inline_tags():
    pairs = read_bilingual(READ_FIXTURES / "glossary.tmx")
    assert pairs == [
        ("市律师协会还向调解员代表颁发了聘书。",
         "L’Association des avocats municipaux a remis des lettres de nomination aux médiateurs."),
        ("律师协会会长主持会议。", "Le président de l’Association des avocats a présidé la réunion."),
        ("司法局黨組書記出席會議。", "Le secrétaire du groupe du Parti du Bureau de la Justice était présent."),
    ]  # codes (<bpt>, <ph>) dropped, <hi> text kept; the unit without French skipped


def test_bilingual_refusals(tmp_path):
    broken = tmp_path / "memory.tmx"
    broken.write_text("<tmx><body><tu><tuv xml:lang='zh'><seg>律师</seg></tuv>", encoding="utf-8")
    with pytest.raises(InputError, match="is not a valid TMX file"):
        read_bilingual(broken)
    english_only = tmp_path / "en.csv"
    english_only.write_text("source,target\nlawyer,attorney\ncourt,tribunal\n", encoding="utf-8")
    with pytest.raises(InputError, match="has no Chinese column and French column"):
        read_bilingual(english_only)
    with pytest.raises(InputError, match="bilingual"):
        read_document(READ_FIXTURES / "glossary.tmx")


def test_is_bilingual():
    assert all(is_bilingual(name) for name in ("a.xlsx", "b.CSV", "c.tsv", "d.tmx"))
    assert not any(is_bilingual(name) for name in ("a.txt", "b.docx", "c.html", "d.pdf"))


def test_shared_flores_tsv_reads_every_row():
    path = SHARED_DATA / "flores200_devtest" / "flores200_devtest_zh_fr.tsv"
    if not path.exists():
        pytest.skip("shared data absent")
    pairs = read_bilingual(path)
    assert len(pairs) == 1012
    assert pairs[0][0].startswith("他补充道")
    assert pairs[0][1].startswith("«\u00a0Nous avons")


def test_source_and_target_headers_are_resolved_by_content(tmp_path):
    path = tmp_path / "memoire.csv"
    rows = ["source,target"] + [f'"{fr}","{zh}"' for zh, fr in PAIRS]  # French source, Chinese target
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert read_bilingual(path) == PAIRS


@settings(max_examples=150, deadline=None)
@given(start=st.integers(min_value=0, max_value=10_000), length=st.integers(min_value=8, max_value=200),
       codec=st.sampled_from(["gbk", "big5", "utf-16-le", "utf-8"]))
def test_any_stretch_of_real_chinese_decodes_exactly(start, length, codec):
    """From 8 characters on, GB and Big5 are told apart (shorter texts are ambiguous even to people)."""
    article = "".join(ZH_ARTICLE)
    start %= len(article) - length if len(article) > length else 1
    text = article[start:start + length]
    if codec == "big5":
        text = to_traditional(text)
    assert decode_bytes(text.encode(codec))[0] == text

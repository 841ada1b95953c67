"""Input guards: NFC everywhere text is read, zip bombs refused before inflating, XML entities refused."""
import unicodedata
import zipfile

import pytest

from align.errors import InputError
from align.pairs_io import read_pairs
from align.read import read_bilingual, read_document
from align.safety import check_zip, nfc, parse_xml

DECOMPOSED = unicodedata.normalize("NFD", "Le développement durable et l'égalité des sexes sont au cœur des priorités.")


def test_nfc_composes_decomposed_accents():
    assert DECOMPOSED != nfc(DECOMPOSED)
    assert nfc(DECOMPOSED) == unicodedata.normalize("NFC", DECOMPOSED)
    assert "é" in nfc(DECOMPOSED)


def test_documents_and_pairs_are_read_in_nfc(tmp_path):
    doc = tmp_path / "rapport.fr.txt"
    doc.write_text(DECOMPOSED + "\n" + DECOMPOSED.replace("Le", "Un"), encoding="utf-8")
    assert all(unicodedata.is_normalized("NFC", p) for p in read_document(doc, clean=False).paragraphs)
    table = tmp_path / "pairs.tsv"
    table.write_text("zh\tfr\n可持续发展和性别平等是优先事项的核心。\t" + DECOMPOSED + "\n", encoding="utf-8")
    [(zh, fr)] = read_bilingual(table)
    assert fr == nfc(DECOMPOSED)
    jsonl = tmp_path / "pairs.jsonl"
    jsonl.write_text('{"zh": "可持续发展", "fr": "%s"}\n' % DECOMPOSED, encoding="utf-8")
    assert read_pairs(jsonl)[0].fr == nfc(DECOMPOSED)


def test_zip_bomb_is_refused_from_its_directory(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"0" * (64 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(InputError, match="zip bomb"):
        check_zip(bomb)
    with pytest.raises(InputError, match="zip bomb"):
        read_document(bomb)


def test_not_a_zip_is_named(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"just some text pretending")
    with pytest.raises(InputError, match="not a zip package"):
        check_zip(fake)


def test_xml_entities_are_refused(tmp_path):
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><x>&b;</x>'
    with pytest.raises(InputError, match="declares entities"):
        parse_xml(laughs, tmp_path / "x.xlf")
    with pytest.raises(InputError, match="XML error"):
        parse_xml(b"<x><y></x>", tmp_path / "x.xlf")
    assert parse_xml(b"<x><y>z</y></x>", tmp_path / "x.xlf")[0].text == "z"

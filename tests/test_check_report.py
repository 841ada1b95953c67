"""Reports written to real files and read back: .xlsx with openpyxl, .html parsed, .jsonl line by line."""
from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from align.errors import InputError
from glossary.check import check_pairs
from glossary.check_report import write_report
from glossary.types import GlossaryEntry

ENTRIES = [GlossaryEntry("律师", "avocat", "approved"), GlossaryEntry("律师", "juriste", "deprecated"),
           GlossaryEntry("司法局", "bureau de la justice", "approved")]
PAIRS = [("律师要依法执业。", "Les juristes doivent exercer <selon> la loi & l'éthique."),
         ("律师\x0b出席。", "Un juriste\x0b était là."),  # a control character xlsx cannot hold
         ("市司法局召开会议。", "Le bureau judiciaire a tenu une réunion."),
         ("他们出席了会议。", "Les avocats ont assisté à la réunion."),
         ("律师出席了会议。", "Les avocats ont assisté à la réunion.")]


@pytest.fixture(scope="module")
def findings():
    found = check_pairs(PAIRS, ENTRIES)
    assert [(f.segment, f.kind) for f in found] == [(1, "forbidden"), (2, "forbidden"), (3, "missing"),
                                                    (4, "reverse")]
    return found


def test_jsonl_has_one_finding_a_line_with_the_documented_fields(tmp_path, findings):
    path = write_report(findings, tmp_path / "report.jsonl", pairs=PAIRS, glossary_name="g.csv")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(r["segment"], r["kind"], r["zh_term"]) for r in rows] == [
        (1, "forbidden", "律师"), (2, "forbidden", "律师"), (3, "missing", "司法局"), (4, "reverse", "律师")]
    assert rows[0]["expected"] == ["avocat"] and rows[0]["found"] == ["juristes"]
    assert rows[0]["fr"] == PAIRS[0][1] and rows[0]["spans"]["fr"] == [[4, 12]]


def test_xlsx_highlights_the_terms_in_rich_text_and_summarises(tmp_path, findings):
    path = write_report(findings, tmp_path / "report.xlsx", pairs=PAIRS, glossary_name="g.csv")
    book = load_workbook(path, rich_text=True)
    assert book.sheetnames == ["Findings", "Summary"]
    sheet = book["Findings"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Segment", "Source", "Kind", "Chinese term"] and sheet.freeze_panes == "A2"
    rows = [r[:1] + r[2:] for r in sheet.iter_rows(min_row=2, values_only=True)]  # without Source
    assert [(r[0], r[1], r[2]) for r in rows] == [(1, "forbidden", "律师"), (2, "forbidden", "律师"),
                                                 (3, "missing", "司法局"), (4, "reverse", "律师")]
    assert [b.text for b in rows[1][6] if isinstance(b, TextBlock)] == ["juriste"]  # control character → space
    zh_cell, fr_cell = rows[0][5], rows[0][6]
    assert isinstance(zh_cell, CellRichText) and isinstance(fr_cell, CellRichText)
    marked = [block.text for block in fr_cell if isinstance(block, TextBlock)]
    assert marked == ["juristes"] and str(fr_cell) == PAIRS[0][1]
    assert [b.text for b in zh_cell if isinstance(b, TextBlock)] == ["律师"] and str(zh_cell) == PAIRS[0][0]
    summary = {row[0]: row[1:] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary["Segment pairs checked"][0] == 5 and summary["Segments with findings"][0] == 4
    assert summary["forbidden"][0] == 2 and summary["inconsistent"][0] == 0
    assert summary["律师"][:4] == (0, 2, 0, 1) and summary["律师"][4] == 3  # per term: kinds then total


def test_html_is_escaped_filterable_and_highlighted(tmp_path, findings):
    path = write_report(findings, tmp_path / "report.html", pairs=PAIRS, glossary_name="<g>.csv")
    text = path.read_text(encoding="utf-8")
    assert "<selon>" not in text and "&lt;selon&gt;" in text and "&lt;g&gt;.csv" in text
    page = lxml_html.fromstring(text)
    rows = page.xpath("//tr[@class='finding']")
    assert [r.get("data-kind") for r in rows] == ["forbidden", "forbidden", "missing", "reverse"]
    assert [m.text for m in rows[0].xpath(".//mark")] == ["律师", "juristes"]
    buttons = [b.get("data-kind") for b in page.xpath("//p[@class='filters']/button")]
    assert buttons == ["all", "missing", "forbidden", "inconsistent", "reverse"]
    assert "function show" in text and not page.xpath("//script[@src]|//link[@href]")  # self-contained


def test_empty_findings_and_unknown_format(tmp_path):
    path = write_report([], tmp_path / "none.xlsx", pairs=PAIRS, glossary_name="g")
    assert load_workbook(path)["Findings"].max_row == 1
    assert "No findings" in write_report([], tmp_path / "none.html", pairs=PAIRS, glossary_name="g").read_text()
    with pytest.raises(InputError, match="unknown report format"):
        write_report([], tmp_path / "report.pdf", pairs=PAIRS, glossary_name="g")
    assert not (tmp_path / "report.pdf").exists()

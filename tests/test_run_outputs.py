"""What `run` writes, as a translator re-running it would meet it: reviewed-only CAT files valid TBX-Basic,
a reviewer's edits never overwritten, no below-threshold pairs in TMX, Traditional Chinese tagged as such.
Real model on the small parallel/comparable fixtures."""
from __future__ import annotations

import csv
import shutil
import subprocess
import sys

import pytest
from lxml import etree
from openpyxl import load_workbook

from conftest import FIXTURES
from tbx_schema import tbx_problems

pytestmark = pytest.mark.slow
NS = {"t": "urn:iso:std:iso:30042:ed-2", "xml": "http://www.w3.org/XML/1998/namespace"}


def job(tmp_path, kind="parallel"):
    folder = tmp_path / "job"
    folder.mkdir()
    for name in (f"{kind}.zh.txt", f"{kind}.fr.txt"):
        shutil.copy(FIXTURES / "mining" / name, folder / name)
    return folder


def set_status(workbook, statuses: dict[str, str]) -> None:
    """Edit glossary.xlsx as a reviewer in Excel would: Status by Chinese term, saved over the same file."""
    book = load_workbook(workbook)
    sheet = book["Glossary"]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value in statuses:
            row[3].value = statuses[row[1].value]
    book.save(workbook)


def test_cat_files_carry_reviewed_entries_only_and_an_edited_workbook_is_imported_not_overwritten(tmp_path):
    from glossary.run import run_folder
    from glossary.store import GlossaryStore

    folder = job(tmp_path)
    out = folder / "exports"
    first = run_folder(folder, out, progress=False)
    # Nothing reviewed yet: no TBX/CSV passing guesses off as terminology.
    assert sorted(first.not_written) == ["glossary.csv", "glossary.tbx"]
    assert not (out / "glossary.tbx").exists() and not (out / "glossary.csv").exists()
    workbook = out / "glossary.xlsx"
    set_status(workbook, {"鲨鱼": "approved", "加州": "rejected"})
    # The reviewer forgot `review import` and runs again: the edits are imported, then the workbook rewritten.
    second = run_folder(folder, out, progress=False, reviewer="M. Dupont")
    assert second.imported is not None and second.imported.changed == 2
    with GlossaryStore(out / "glossary.db") as store:
        shark = next(e for e in store.entries() if e.zh == "鲨鱼")
        assert shark.status == "approved" and shark.reviewer == "M. Dupont"
    rows = {r[1]: r[3] for r in load_workbook(workbook)["Glossary"].iter_rows(min_row=2, values_only=True)}
    assert rows["鲨鱼"] == "approved" and "加州" not in rows  # rejected pairs leave the workbook
    # Now the CAT files exist, with the approved entry only, and pass the official TBX-Basic rules.
    assert tbx_problems(out / "glossary.tbx") == []
    terms = [t.text for t in etree.parse(str(out / "glossary.tbx")).iter("{urn:iso:std:iso:30042:ed-2}term")]
    assert terms == ["鲨鱼", "requin"]
    with open(out / "glossary.csv", encoding="utf-8", newline="") as handle:
        assert [(r["zh-CN"], r["fr-FR"]) for r in csv.DictReader(handle)] == [("鲨鱼", "requin")]
    # A third run with no edits imports nothing.
    assert run_folder(folder, out, progress=False).imported is None


def test_an_edited_output_that_cannot_be_imported_is_kept_aside_or_refused(tmp_path):
    from align.errors import InputError
    from glossary.run import run_folder

    folder = job(tmp_path)
    out = folder / "exports"
    run_folder(folder, out, progress=False)
    with open(out / "pairs.jsonl", "a", encoding="utf-8") as handle:
        handle.write('{"zh": "我加的", "fr": "ajouté à la main"}\n')
    edited = (out / "pairs.jsonl").read_bytes()
    set_status(out / "glossary.xlsx", {"鲨鱼": "approvd"})  # a typo: this workbook cannot be applied
    with pytest.raises(InputError, match="glossary.xlsx: was edited since run wrote it.*invalid status 'approvd'"):
        run_folder(folder, out, progress=False)
    assert (out / "pairs.jsonl").read_bytes() == edited  # refused before writing anything
    set_status(out / "glossary.xlsx", {"鲨鱼": "approved"})
    again = run_folder(folder, out, progress=False)
    aside = again.kept_aside["pairs.jsonl"]
    assert aside.parent == out and aside.name.startswith("pairs.edited-") and aside.read_bytes() == edited
    assert (out / "pairs.jsonl").read_bytes() != edited


def test_an_open_workbook_is_not_touched(tmp_path):
    from align.errors import InputError
    from glossary.run import run_folder

    folder = job(tmp_path)
    out = folder / "exports"
    run_folder(folder, out, progress=False)
    set_status(out / "glossary.xlsx", {"鲨鱼": "approved"})
    (out / ".~lock.glossary.xlsx#").write_text("LibreOffice lock", encoding="utf-8")
    before = (out / "glossary.xlsx").read_bytes()
    with pytest.raises(InputError, match="is open in a spreadsheet program"):
        run_folder(folder, out, progress=False)
    assert (out / "glossary.xlsx").read_bytes() == before


def test_below_threshold_pairs_stay_out_of_tmx_and_give_no_evidence(tmp_path):
    from glossary.run import run_folder

    folder = job(tmp_path, "comparable")
    out = folder / "exports"
    report = run_folder(folder, out, progress=False)
    below = [b for b in report.beads if b.flag == "below threshold"]
    assert below, "the comparable fixture has weak pairs"
    tmx = etree.parse(str(out / "pairs.tmx")).getroot()
    tmx_zh = [tu.find("tuv[1]/seg").text for tu in tmx.iter("tu")]
    assert not set(tmx_zh) & {b.zh for b in below}
    assert len(tmx_zh) == len([b for b in report.beads if b.zh and b.fr and b.flag != "below threshold"])
    xlsx_flags = [r[4] for r in load_workbook(out / "pairs.xlsx").active.iter_rows(min_row=2, values_only=True)]
    assert xlsx_flags.count("below threshold") == len(below)  # shown (greyed) for people
    examples = {ex.zh for c in report.candidates for ex in c.examples}
    assert not examples & {b.zh for b in below}


def test_traditional_chinese_is_tagged_zh_tw_in_every_output(tmp_path):
    import opencc

    from glossary.run import run_folder

    folder = tmp_path / "job"
    folder.mkdir()
    to_traditional = opencc.OpenCC("s2t")
    text = (FIXTURES / "mining" / "parallel.zh.txt").read_text(encoding="utf-8")
    (folder / "article.zh.txt").write_text(to_traditional.convert(text), encoding="utf-8")
    shutil.copy(FIXTURES / "mining" / "parallel.fr.txt", folder / "article.fr.txt")
    out = folder / "exports"
    report = run_folder(folder, out, progress=False)
    assert report.zh_lang == "zh-TW"
    tmx = etree.parse(str(out / "pairs.tmx")).getroot()
    assert tmx.find("header").get("srclang") == "zh-TW"
    assert {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tmx.iter("tuv")} == {"zh-TW", "fr-FR"}
    header = [c.value for c in load_workbook(out / "glossary.xlsx")["Glossary"][1]]
    assert header[1:3] == ["zh-TW", "fr-FR"]
    set_status(out / "glossary.xlsx", {to_traditional.convert("鲨鱼"): "approved"})
    run_folder(folder, out, progress=False)
    assert (out / "glossary.csv").read_text(encoding="utf-8").splitlines()[0] == "zh-TW,fr-FR,pos,description"
    langs = etree.parse(str(out / "glossary.tbx")).xpath("//t:langSec/@xml:lang", namespaces=NS)
    assert set(langs) == {"zh-TW", "fr-FR"} and tbx_problems(out / "glossary.tbx") == []
    # the tag can be set, and the review import still reads a zh-TW workbook
    forced = run_folder(folder, out, progress=False, zh_lang="zh-HK")
    assert forced.zh_lang == "zh-HK"
    assert [c.value for c in load_workbook(out / "glossary.xlsx")["Glossary"][1]][1] == "zh-HK"


def test_a_name_that_disagrees_with_the_text_is_said(tmp_path):
    folder = tmp_path / "job"
    folder.mkdir()
    shutil.copy(FIXTURES / "mining" / "parallel.zh.txt", folder / "rapport.txt")
    shutil.copy(FIXTURES / "mining" / "parallel.fr.txt", folder / "rapport.zh.txt")  # French, named Chinese
    done = subprocess.run([sys.executable, "-c", "from glossary.cli import main; main()", "run", str(folder),
                           "--out", str(tmp_path / "out"), "--top", "0"], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert "note: rapport.zh.txt is named as Chinese but its text is French: it is used as French" in done.stdout
    # and the next step it prints works, as printed
    from test_hints import hinted
    from test_user_journeys import glossalign

    review_import, export = hinted(done.stdout.split("next:")[1])
    set_status(tmp_path / "out" / "glossary.xlsx", {"鲨鱼": "approved"})
    assert glossalign(*review_import).returncode == 0
    followed = glossalign(*export)
    assert followed.returncode == 0 and tbx_problems(tmp_path / "out" / "glossary.tbx") == [], followed.stderr

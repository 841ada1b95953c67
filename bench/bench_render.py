"""Render what people open — the review workbook, the pair workbook, the check reports — as they would see
and print them: LibreOffice headless → PDF → pdftoppm PNG pages, Chromium for the HTML report.

Input: the UN SDG goals 1, 2, 5 and 6 fixture (93 aligned zh–fr pairs) run through `run_folder`, ten top
candidates approved, and the pairs checked against the store. Pages go to docs/rendered/ (committed); the
report counts pages and says whether every sheet prints landscape, one page wide, header repeated.
Needs `apt-get install libreoffice-calc poppler-utils chromium` (python -m bench render).
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .common import BENCH, write_results

ROOT = BENCH.parent
FIXTURE = ROOT / "tests" / "fixtures" / "terms" / "un_sdg_goals_1_2_5_6.tsv"
OUT = ROOT / "docs" / "rendered"
PAGES_KEPT = 2  # PNG pages committed per file


def _need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        raise SystemExit(f"render benchmark needs {', '.join(missing)} (apt-get install libreoffice-calc "
                         "poppler-utils chromium)")


def to_pdf(xlsx: Path, work: Path) -> Path:
    profile = work / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work), str(xlsx)], check=True, capture_output=True, timeout=300)
    return work / f"{xlsx.stem}.pdf"


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def to_png(pdf: Path, name: str) -> list[Path]:
    prefix = OUT / name
    subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", str(PAGES_KEPT), str(pdf), str(prefix)],
                   check=True, capture_output=True, timeout=120)
    return sorted(OUT.glob(f"{name}-*.png"))


def screenshot(html: Path, png: Path, work: Path) -> None:
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    f"--user-data-dir={work / 'chromium'}", "--window-size=1280,900", f"--screenshot={png}",
                    html.as_uri()], check=True, capture_output=True, timeout=120)


def page_setup(xlsx: Path) -> list[dict]:
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    return [{"sheet": s.title, "landscape": s.page_setup.orientation == "landscape",
             "one_page_wide": bool(s.sheet_properties.pageSetUpPr and s.sheet_properties.pageSetUpPr.fitToPage
                                   and s.page_setup.fitToWidth == 1),
             "header_repeated": bool(s.print_title_rows), "rows": s.max_row}
            for s in book.worksheets if s.sheet_state == "visible"]


def main() -> None:
    _need("soffice", "pdftoppm", "pdfinfo", "chromium")
    from align.pairs_io import read_pairs
    from glossary.check import check_pairs
    from glossary.check_report import write_report
    from glossary.run import run_folder
    from glossary.store import GlossaryStore

    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        job = work / "job"
        job.mkdir()
        shutil.copy(FIXTURE, job / "un_sdg.tsv")
        exports = work / "exports"
        report = run_folder(job, exports, progress=False)
        with GlossaryStore(exports / "glossary.db") as store:
            for entry in store.entries()[:10]:
                store.update(entry.id, who="bench", status="approved")
            entries = store.entries()
        pairs = read_pairs(job / "un_sdg.tsv")
        findings = check_pairs(pairs, entries, statuses=("approved", "deprecated"))
        write_report(findings, exports / "report.xlsx", pairs=pairs, glossary_name="glossary.db")
        write_report(findings, exports / "report.html", pairs=pairs, glossary_name="glossary.db")

        rows, data = [], {"files": {}}
        for name in ("glossary.xlsx", "pairs.xlsx", "report.xlsx"):
            xlsx = exports / name
            pdf = to_pdf(xlsx, work)
            pages = pdf_pages(pdf)
            pngs = to_png(pdf, xlsx.stem)
            setup = page_setup(xlsx)
            data["files"][name] = {"pdf_pages": pages, "sheets": setup, "png": [p.name for p in pngs]}
            first = setup[0]
            rows.append(f"| `{name}` | {first['rows'] - 1} | {len(setup)} | {pages} | "
                        f"{'yes' if all(s['landscape'] for s in setup if s['sheet'] not in ('About', 'Summary')) else 'no'} | "
                        f"{'yes' if all(s['one_page_wide'] for s in setup) else 'no'} | "
                        f"{'yes' if all(s['header_repeated'] for s in setup if s['sheet'] not in ('About', 'Summary')) else 'no'} | "
                        + ", ".join(f"[{p.name}](../../docs/rendered/{p.name})" for p in pngs) + " |")
        screenshot(exports / "report.html", OUT / "report-html.png", work)
        data["candidates"], data["findings"] = len(report.candidates), len(findings)

    markdown = f"""# Rendering: the workbooks and reports as people see and print them

Method: the UN SDG goals 1, 2, 5, 6 fixture (93 aligned pairs) through `run_folder`; the ten best candidates
approved; the pairs checked against the store ({data['findings']} findings). Each workbook converted by
LibreOffice Calc (headless) to PDF with the page setup the tool writes, then to PNG by pdftoppm; the HTML
report screenshot by headless Chromium. The first {PAGES_KEPT} pages of each are in `docs/rendered/`.

| file | data rows (first sheet) | visible sheets | PDF pages (all sheets) | landscape | one page wide | header on every page | pages |
|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

HTML report: [report-html.png](../../docs/rendered/report-html.png).

Wrapped cells get row heights from their text (LibreOffice and Excel keep a one-line height for rows another
program wrote), so examples are readable on screen and in print; About and Summary sheets print portrait.
"""
    write_results("render", markdown, data)


if __name__ == "__main__":
    main()

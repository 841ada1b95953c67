"""Write consistency-check findings as a report people read: .xlsx, .html or .jsonl (by extension)."""
from __future__ import annotations

import html
import json
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from align.atomic import atomic_open, save_workbook
from align.cells import append_row, xml_safe
from align.errors import InputError
from align.xlsx_layout import fit_row_heights, print_setup
from glossary.check import KINDS, Finding, summarise

REPORT_SUFFIXES = (".xlsx", ".html", ".jsonl")
_KIND_HELP = {
    "missing": "the Chinese term occurs, none of its approved French forms does",
    "forbidden": "a deprecated (do-not-use) French form is used for the Chinese term",
    "inconsistent": "the Chinese term is rendered differently here than elsewhere",
    "reverse": "an approved French term occurs without any of its Chinese forms",
}
_KIND_COLOUR = {"missing": "C00000", "forbidden": "7030A0", "inconsistent": "C65911", "reverse": "2F5597"}


def write_report(findings: Sequence[Finding], path: str | Path, *, pairs: Sequence, glossary_name: str) -> Path:
    """Write the findings to `path`; the format follows the extension (.xlsx, .html, .jsonl)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        _write_jsonl(findings, path)
    elif suffix == ".xlsx":
        _write_xlsx(findings, path, len(pairs), glossary_name)
    elif suffix in (".html", ".htm"):
        _write_html(findings, path, len(pairs), glossary_name)
    else:
        raise InputError(path, f"unknown report format {suffix or '(none)'}; use one of {', '.join(REPORT_SUFFIXES)}")
    return path


def _write_jsonl(findings: Sequence[Finding], path: Path) -> None:
    with atomic_open(path) as out:
        for finding in findings:
            out.write(json.dumps(finding.to_dict(), ensure_ascii=False) + "\n")


def merge_spans(spans: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Overlapping or touching (start, end) spans merged, in text order."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _pieces(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Split text into (piece, highlighted) around merged spans."""
    merged = merge_spans(spans)
    pieces, cursor = [], 0
    for start, end in merged:
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], False))
    return pieces


def _found_text(finding: Finding) -> str:
    found = ", ".join(finding.found)
    if finding.counts:
        across = ", ".join(f"{form} ×{n}" for form, n in finding.counts.items())
        return f"{found} (across the input: {across})"
    return found


def _write_xlsx(findings: Sequence[Finding], path: Path, n_pairs: int, glossary_name: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Findings"
    headers = ["Segment", "Source", "Kind", "Chinese term", "Expected (approved)", "Found", "Chinese segment",
               "French segment"]
    append_row(sheet, headers)
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="404040")
    for cell in sheet[1]:
        cell.font, cell.fill = header_font, header_fill
    wrap = Alignment(wrap_text=True, vertical="top")
    for finding in findings:
        mark = InlineFont(b=True, color=_KIND_COLOUR[finding.kind])
        row = [finding.segment, finding.source, finding.kind, finding.zh_term, " | ".join(finding.expected),
               _found_text(finding)]
        for side in ("zh", "fr"):
            # control characters cannot go into xlsx; a space keeps the highlight offsets right
            text = xml_safe(getattr(finding, side))
            pieces = _pieces(text, finding.spans.get(side, []))
            if any(marked for _, marked in pieces):
                row.append(CellRichText(*[TextBlock(mark, piece) if marked else piece for piece, marked in pieces]))
            else:
                row.append(text)
        append_row(sheet, row)
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
        sheet.cell(sheet.max_row, 3).font = Font(bold=True, color=_KIND_COLOUR[finding.kind])
    for column, width in zip("ABCDEFGH", (9, 18, 13, 16, 24, 26, 48, 64)):
        sheet.column_dimensions[column].width = width
    fit_row_heights(sheet, "BDEFGH")
    print_setup(sheet)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{max(sheet.max_row, 1)}"

    summary = book.create_sheet("Summary")
    counts = summarise(findings)
    append_row(summary, ["Glossary", glossary_name])
    append_row(summary, ["Segment pairs checked", n_pairs])
    append_row(summary, ["Segments with findings", len({f.segment for f in findings})])
    append_row(summary, ["Written", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")])
    summary.append([])
    append_row(summary, ["Kind", "Findings", "Meaning"])
    kind_header = summary.max_row
    for kind in KINDS:
        append_row(summary, [kind, counts["kind"].get(kind, 0), _KIND_HELP[kind]])
    summary.append([])
    append_row(summary, ["Chinese term", *KINDS, "total"])
    term_header = summary.max_row
    per_term: dict[str, Counter] = {}
    for (term, kind), n in counts["term"].items():
        per_term.setdefault(term, Counter())[kind] = n
    for term, by_kind in sorted(per_term.items(), key=lambda item: (-sum(item[1].values()), item[0])):
        append_row(summary, [term, *(by_kind.get(kind, 0) for kind in KINDS), sum(by_kind.values())])
    for row in (kind_header, term_header):
        for cell in summary[row]:
            cell.font, cell.fill = header_font, header_fill
    for cell in summary["A"][:4]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (24, 14, 14, 14, 14, 10)):
        summary.column_dimensions[column].width = width
    print_setup(summary, title_rows=None, landscape=False)
    save_workbook(book, path)


_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1200px}
h1{font-size:1.4rem} table{border-collapse:collapse;width:100%} th,td{border-bottom:1px solid #ddd;padding:.4rem;
vertical-align:top;text-align:left} th{background:#404040;color:#fff;position:sticky;top:0}
.kind{font-weight:bold} .missing{color:#c00000} .forbidden{color:#7030a0} .inconsistent{color:#c65911}
.reverse{color:#2f5597} mark{background:#ffe36e;padding:0 .1em} .summary td,.summary th{padding:.2rem .6rem}
.filters button{margin:.2rem;padding:.3rem .8rem;border:1px solid #888;border-radius:4px;background:#f4f4f4;cursor:pointer}
.filters button.on{background:#404040;color:#fff} .zh{font-size:1.05em} .muted{color:#777}
.source{white-space:nowrap}
"""

_JS = """
function show(kind){
  document.querySelectorAll('tr.finding').forEach(r=>{r.hidden = kind!=='all' && r.dataset.kind!==kind;});
  document.querySelectorAll('.filters button').forEach(b=>b.classList.toggle('on', b.dataset.kind===kind));
}
"""


def _marked_html(text: str, spans: list[tuple[int, int]]) -> str:
    return "".join(f"<mark>{html.escape(piece)}</mark>" if marked else html.escape(piece)
                   for piece, marked in _pieces(text, spans))


def _write_html(findings: Sequence[Finding], path: Path, n_pairs: int, glossary_name: str) -> None:
    counts = summarise(findings)
    esc = html.escape
    buttons = [f'<button data-kind="all" class="on" onclick="show(\'all\')">all ({len(findings)})</button>']
    buttons += [f'<button data-kind="{k}" onclick="show(\'{k}\')">{k} ({counts["kind"].get(k, 0)})</button>'
                for k in KINDS]
    summary_rows = "".join(f'<tr><td class="kind {k}">{k}</td><td>{counts["kind"].get(k, 0)}</td>'
                           f'<td class="muted">{esc(_KIND_HELP[k])}</td></tr>' for k in KINDS)
    rows = []
    for finding in findings:
        rows.append(
            f'<tr class="finding" data-kind="{finding.kind}"><td>{finding.segment}</td>'
            f'<td class="muted source">{esc(finding.source)}</td>'
            f'<td class="kind {finding.kind}">{finding.kind}</td><td class="zh">{esc(finding.zh_term)}</td>'
            f'<td>{esc(" | ".join(finding.expected))}</td><td>{esc(_found_text(finding))}</td>'
            f'<td class="zh">{_marked_html(finding.zh, finding.spans.get("zh", []))}</td>'
            f'<td>{_marked_html(finding.fr, finding.spans.get("fr", []))}</td></tr>')
    body = "\n".join(rows) if rows else '<tr><td colspan="8">No findings: the translation follows the glossary.</td></tr>'
    document = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Term check — {esc(glossary_name)}</title>
<style>{_CSS}</style><script>{_JS}</script></head><body>
<h1>Term consistency check</h1>
<p>Glossary <b>{esc(glossary_name)}</b> · {n_pairs} segment pairs checked ·
{len({f.segment for f in findings})} with findings · {datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}</p>
<table class="summary"><tr><th>Kind</th><th>Findings</th><th>Meaning</th></tr>{summary_rows}</table>
<p class="filters">{"".join(buttons)}</p>
<table><thead><tr><th>Segment</th><th>Source</th><th>Kind</th><th>Chinese term</th><th>Expected</th><th>Found</th>
<th>Chinese</th><th>French</th></tr></thead><tbody>
{body}
</tbody></table></body></html>
"""
    with atomic_open(path) as out:
        out.write(document)

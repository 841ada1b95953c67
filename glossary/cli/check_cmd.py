"""`glossalign check`: does a translation use the glossary? Findings as a table and a report file."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from glossary.cli import EXIT_FINDINGS, app, fail

_KINDS = ("missing", "forbidden", "inconsistent", "reverse")
_STATUSES = ("proposed", "approved", "rejected", "deprecated")


def _parse_list(value: str, allowed: tuple[str, ...], option: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    items = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    unknown = [item for item in items if item not in allowed + extra]
    if unknown or not items:
        raise fail(f"{option}: unknown value {', '.join(unknown) or repr(value)}; "
                   f"use {', '.join(allowed + extra)} (comma-separated)")
    return items


def _load_pairs(documents: list[Path], pairs_file: Optional[Path]):
    """(aligned pairs, where each comes from) from --pairs, or by aligning the two documents first."""
    from glossary.check import sentence_source

    if pairs_file is not None:
        if documents:
            raise fail("give either ZH_FILE FR_FILE or --pairs FILE, not both")
        from align.pairs_io import read_pairs

        beads = read_pairs(pairs_file)
        return beads, [sentence_source(b) for b in beads]
    if len(documents) != 2:
        raise fail("give two documents (ZH_FILE FR_FILE) or --pairs FILE")
    from align.embed import Embedder
    from align.pipeline import align_documents
    from align.read import read_document

    zh_doc, fr_doc = read_document(documents[0]), read_document(documents[1])
    result = align_documents(zh_doc, fr_doc, Embedder(), mode="parallel")  # a translation: parallel

    def paragraphs(sentences, ids) -> str:
        numbers = sorted({sentences[i].paragraph + 1 for i in ids if i < len(sentences)})
        return "" if not numbers else f"¶{numbers[0]}" + (f"–{numbers[-1]}" if len(numbers) > 1 else "")

    labels = []
    for bead in result.beads:  # "zh 65 · fr 70 (¶12 / ¶14)": sentences, then paragraphs of each file
        where = " / ".join(filter(None, (paragraphs(result.zh_sentences, bead.zh_ids),
                                         paragraphs(result.fr_sentences, bead.fr_ids))))
        labels.append(sentence_source(bead) + (f" ({where})" if where else ""))
    return result.beads, labels


@app.command()
def check(
    documents: Optional[List[Path]] = typer.Argument(None, help="ZH_FILE FR_FILE: a Chinese document and its "
                                                               "French translation, aligned first.",
                                                          show_default=False, metavar="ZH_FILE FR_FILE"),
    glossary: Path = typer.Option(..., "--glossary", "-g", help="Glossary: the store (.db) or an exported "
                                                                ".xlsx/.tbx/.csv/.tsv."),
    pairs: Optional[Path] = typer.Option(None, "--pairs", help="Aligned segments instead of documents: "
                                                               ".jsonl/.tsv/.xlsx from `align`, .tmx, or a zh/fr table."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Report file: .xlsx, .html or .jsonl."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 when findings of these kinds exist: "
                                                                  "missing, forbidden, inconsistent, reverse "
                                                                  "(comma-separated) or any."),
    statuses: str = typer.Option("approved,deprecated", "--statuses",
                                 help="Entry statuses to check against (approved/proposed = expected, "
                                      "deprecated = forbidden)."),
    show: int = typer.Option(15, "--show", help="Findings listed on screen (0 for none)."),
    force: bool = typer.Option(False, "--force", help="Replace the report even if it was changed since "
                               "glossalign wrote it."),
) -> None:
    """Check that a translation uses the glossary: missing, forbidden, inconsistent and reverse terms."""
    from rich.console import Console
    from rich.table import Table

    from glossary.check import check_pairs, summarise
    from glossary.check_report import REPORT_SUFFIXES, write_report

    chosen_statuses = _parse_list(statuses, _STATUSES, "--statuses")
    fail_kinds = _parse_list(fail_on, _KINDS, "--fail-on", ("any",)) if fail_on else ()
    if "any" in fail_kinds:
        fail_kinds = _KINDS
    if output is not None and output.suffix.lower() not in REPORT_SUFFIXES + (".htm",):
        raise fail(f"{output}: unknown report format {output.suffix or '(none)'}; use {', '.join(REPORT_SUFFIXES)}")
    if output is not None and output.is_dir():
        raise fail(f"{output}: is a folder, not a file to write")
    if output is not None:
        from align.written import refuse_to_overwrite

        refuse_to_overwrite(output, force=force)  # before minutes of aligning, not after

    from glossary.imports import load_glossary

    entries = load_glossary(glossary)
    if not entries:
        raise fail(f"{glossary}: has no glossary entries (expected a Chinese and a French term per row, e.g. "
                   f"columns zh-CN and fr-FR)")
    used = [e for e in entries if e.status in chosen_statuses]
    if not used:
        found = ", ".join(f"{s} {sum(e.status == s for e in entries)}" for s in _STATUSES
                          if any(e.status == s for e in entries))
        raise fail(f"{glossary}: no entries with status {', '.join(chosen_statuses)} to check against (it holds: "
                   f"{found}); review it first, or check against candidates with --statuses proposed,approved")
    aligned, sources = _load_pairs(documents or [], pairs)
    findings = check_pairs(aligned, entries, statuses=chosen_statuses, progress=len(aligned) >= 5000,
                           sources=sources)

    console = Console(stderr=False, markup=False)  # terms and file names may hold [brackets]
    counts = summarise(findings)
    table = Table(title=f"Term check: {len(aligned)} segment pairs against {len(used)} glossary entries")
    table.add_column("kind")
    table.add_column("findings", justify="right")
    table.add_column("segments", justify="right")
    table.add_column("terms (most frequent)")
    for kind in _KINDS:
        of_kind = [f for f in findings if f.kind == kind]
        top = [f"{term} ×{n}" for (term, k), n in counts["term"].most_common() if k == kind][:4]
        table.add_row(kind, str(len(of_kind)), str(len({f.segment for f in of_kind})), ", ".join(top))
    console.print(table)
    if show and findings:
        listing = Table(title=f"First {min(show, len(findings))} of {len(findings)} findings", show_lines=False)
        for column in ("segment", "source", "kind", "zh term", "expected", "found"):
            listing.add_column(column, overflow="fold")
        for finding in findings[:show]:
            listing.add_row(str(finding.segment), finding.source, finding.kind, finding.zh_term,
                            " | ".join(finding.expected), ", ".join(finding.found))
        console.print(listing)
    if output is not None:
        write_report(findings, output, pairs=aligned, glossary_name=glossary.name)
        console.print(f"report written to {output}")
    if fail_kinds and any(f.kind in fail_kinds for f in findings):
        raise typer.Exit(EXIT_FINDINGS)

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


def _load_pairs(documents: list[Path], pairs_file: Optional[Path], glossary: Path, clean: bool = True):
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

    from align.errors import InputError

    zh_doc, fr_doc = read_document(documents[0], clean=clean), read_document(documents[1], clean=clean)
    try:
        result = align_documents(zh_doc, fr_doc, Embedder(), mode="parallel")  # a translation: parallel
    except InputError as error:
        if "comparable" not in error.problem:
            raise
        # check has no --mode: say what works for texts that only share a topic
        reason = error.problem.split(";")[0]
        pairs_out = documents[0].with_name("pairs.tsv")
        raise InputError(None, f"{reason}; check expects a translation. For texts that only share a topic, mine "
                               f"the pairs first: `glossalign align {documents[0]} {documents[1]} -o {pairs_out} "
                               f"--mode comparable`, then `glossalign check --glossary {glossary} --pairs "
                               f"{pairs_out}`") from None

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
    zh_file: Optional[Path] = typer.Argument(None, help="The Chinese document (not with --pairs).",
                                             show_default=False, metavar="ZH_FILE"),
    fr_file: Optional[Path] = typer.Argument(None, help="Its French translation; the two are aligned first.",
                                             show_default=False, metavar="FR_FILE"),
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
    no_clean: bool = typer.Option(False, "--no-clean", help="Keep boilerplate and duplicate paragraphs."),
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
    documents = [path for path in (zh_file, fr_file) if path is not None]
    aligned, sources = _load_pairs(documents, pairs, glossary, clean=not no_clean)
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
        terms = [f"{term} ×{n}" for (term, k), n in counts["term"].most_common() if k == kind]
        shown = ", ".join(terms[:4]) + (f", … ({len(terms) - 4} more)" if len(terms) > 4 else "")
        table.add_row(kind, str(len(of_kind)), str(len({f.segment for f in of_kind})), shown)
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

"""`glossalign inspect PATH...`: what the tool reads in each file — language, encoding, paragraphs, sentences."""
from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from . import app


@app.command()
def inspect(
    paths: List[Path] = typer.Argument(..., help="Files to inspect, or folders (as `glossalign run` would read them)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List the paragraphs cleaning dropped, and why."),
    no_clean: bool = typer.Option(False, "--no-clean", help="Keep every paragraph: no duplicate or boilerplate removal."),
    presplit: bool = typer.Option(False, "--presplit", help="One sentence per line, taken as is (no cleaning)."),
) -> None:
    """Show, per file, the detected language, encoding, paragraphs kept and dropped, and the sentence count."""
    from rich.console import Console
    from rich.table import Table

    from align.discover import find_inputs
    from align.read import is_bilingual, read_bilingual_table, read_document
    from align.split import document_sentences

    rows: list[tuple[str, ...]] = []
    dropped_by_file: list[tuple[Path, list[tuple[str, str]]]] = []
    notes: list[str] = []

    def add_document(doc) -> None:
        language = f"{'Chinese' if doc.lang == 'zh' else 'French'}" + (f" ({doc.script})" if doc.script else "")
        rows.append((str(doc.path), language, doc.encoding, str(len(doc.paragraphs)),
                     str(len(doc.dropped)), str(len(document_sentences(doc)))))
        if doc.dropped:
            dropped_by_file.append((doc.path, doc.dropped))

    def add_table(table) -> None:
        count = len(table.pairs)
        rows.append((str(table.path), "Chinese + French (bilingual)", table.encoding,
                     f"{count} pair{'s' if count != 1 else ''}", "", ""))

    for path in paths:
        if path.is_dir():  # bad folders raise InputError: main() prints one line and exits 2
            inputs = find_inputs(path, clean=not no_clean, presplit=presplit)
            for doc in inputs.documents:
                add_document(doc)
            for table in inputs.tables:
                add_table(table)
            notes.append(f"{path}:")
            notes.extend(f"  {line}" for line in inputs.describe())
        elif is_bilingual(path):
            add_table(read_bilingual_table(path))
        else:
            add_document(read_document(path, clean=not no_clean, presplit=presplit))

    console = Console(markup=False)  # file names may hold [brackets]
    table = Table()
    table.add_column("file", overflow="fold", ratio=1, min_width=12)
    table.add_column("language")  # may wrap: narrow terminals keep room for the file name
    table.add_column("encoding", no_wrap=True)
    for header in ("kept", "dropped", "sentences"):  # paragraphs kept and dropped by cleaning
        table.add_column(header, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    for note in notes:
        console.print(note, markup=False, highlight=False, soft_wrap=True)
    if verbose:
        for path, dropped in dropped_by_file:
            console.print(f"dropped from {path}:", markup=False, highlight=False, soft_wrap=True)
            for paragraph, reason in dropped:
                shown = paragraph if len(paragraph) <= 100 else paragraph[:99] + "…"
                console.print(f"  [{reason}] {shown}", markup=False, highlight=False, soft_wrap=True)

"""`glossalign run DIR`: the main job, from a folder of documents to a glossary workbook."""
from __future__ import annotations

from pathlib import Path

import typer

from . import app


@app.command()
def run(
    folder: Path = typer.Argument(..., help="Folder holding a Chinese and a French document (or several of each)."),
    out: Path = typer.Option(Path("exports"), "--out", "-o", help="Folder for the outputs."),
    model: str = typer.Option("use-m3", "--model", help="Sentence-transformers id or local path; default: "
                              "the embedded USE-multilingual v3, offline."),
    mode: str = typer.Option("auto", "--mode", help="auto, parallel (translations) or comparable (same topics)."),
    db: Path = typer.Option(None, "--db", help="Glossary store (default: OUT/glossary.db)."),
    no_clean: bool = typer.Option(False, "--no-clean", help="Keep boilerplate and duplicate paragraphs."),
    top: int = typer.Option(15, "--top", help="How many candidates to show."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars or tables."),
) -> None:
    """Align the documents in FOLDER, extract term candidates into the store and export the glossary.

    Writes OUT/pairs.xlsx, pairs.tmx, pairs.jsonl, glossary.db, glossary.xlsx (the review workbook),
    glossary.tbx and glossary.csv.
    """
    from rich.console import Console
    from rich.table import Table

    from align.errors import InputError
    from glossary.run import run_folder

    from .store_cmds import db_option

    if mode not in ("auto", "parallel", "comparable"):
        raise InputError(None, f"--mode must be auto, parallel or comparable, not {mode!r}")
    console = Console(stderr=False, quiet=quiet, markup=False, soft_wrap=True)  # [names] as they are
    report = run_folder(folder, out, model=model, mode=mode, db=db, clean=not no_clean, progress=not quiet,
                        say=console.print)

    kinds: dict[str, int] = {}
    for bead in report.beads:
        kinds[bead.kind] = kinds.get(bead.kind, 0) + 1
    console.print(f"{len(report.beads)} aligned pairs ({', '.join(f'{n}× {k}' for k, n in sorted(kinds.items()))}); "
                  f"{len(report.candidates)} term candidates")
    merge = report.merge
    console.print(f"store {report.outputs['store']}: {merge.added} added, {merge.updated} updated, "
                  f"{merge.unchanged} unchanged, {merge.kept_decisions} reviewed decisions kept")
    if report.candidates and not quiet:
        table = Table(title=f"Top {min(top, len(report.candidates))} term candidates")
        for column, justify in (("zh-CN", "left"), ("fr-FR", "left"), ("type", "left"), ("score", "right"),
                                ("pairs", "right")):
            table.add_column(column, justify=justify)
        for candidate in report.candidates[:top]:
            table.add_row(candidate.zh, candidate.fr, candidate.kind, f"{candidate.score:.2f}", str(candidate.pairs))
        console.print(table)
    console.print("wrote " + ", ".join(str(path) for name, path in report.outputs.items() if name != "store"))
    console.print(f"next: review {report.outputs['glossary.xlsx']} in Excel, then "
                  f"`glossalign review import {report.outputs['glossary.xlsx']}{db_option(report.outputs['store'])}`")

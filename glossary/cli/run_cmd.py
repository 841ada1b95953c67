"""`glossalign run DIR`: the main job, from a folder of documents to a glossary workbook."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

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
    zh_lang: Optional[str] = typer.Option(None, "--zh-lang", help="Chinese language tag written to every output "
                                          "(default: zh-TW for Traditional characters, else zh-CN)."),
    fr_lang: Optional[str] = typer.Option(None, "--fr-lang", help="French language tag (default: fr-FR)."),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Name recorded when an edited glossary.xlsx "
                                           "is imported (default: $GLOSSALIGN_REVIEWER or your user name)."),
    weak_pairs: bool = typer.Option(False, "--weak-pairs", help="Comparable documents: let mined pairs under the "
                                    "threshold add evidence too (more candidates, more wrong ones)."),
    top: int = typer.Option(15, "--top", help="How many candidates to show."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars or tables."),
) -> None:
    """Align the documents in FOLDER, extract term candidates into the store and export the glossary.

    Writes OUT/pairs.xlsx, pairs.tmx, pairs.jsonl, glossary.db, glossary.xlsx (the review workbook), and, once entries are approved, glossary.tbx and glossary.csv. An edited glossary.xlsx is imported first; other edited outputs are kept aside, never overwritten.
    """  # noqa: E501 (one paragraph per line: the help wraps it)
    from rich.console import Console
    from rich.table import Table

    from align.errors import InputError
    from glossary.run import run_folder

    from .store_cmds import _default_reviewer, _n, db_option

    if mode not in ("auto", "parallel", "comparable"):
        raise InputError(None, f"--mode must be auto, parallel or comparable, not {mode!r}")
    console = Console(stderr=False, quiet=quiet, markup=False, soft_wrap=True)  # [names] as they are
    report = run_folder(folder, out, model=model, mode=mode, db=db, clean=not no_clean, progress=not quiet,
                        zh_lang=zh_lang, fr_lang=fr_lang, reviewer=reviewer or _default_reviewer(), weak_pairs=weak_pairs,
                        say=console.print)

    kinds: dict[str, int] = {}
    for bead in report.beads:
        kinds[bead.kind] = kinds.get(bead.kind, 0) + 1
    console.print(f"{_n(len(report.beads), 'aligned pair')} "
                  f"({', '.join(f'{n}× {k}' for k, n in sorted(kinds.items()))}); "
                  f"{_n(len(report.candidates), 'term candidate')}")
    merge = report.merge
    console.print(f"store {report.outputs['store']}: {merge.added} added, {merge.updated} updated, "
                  f"{merge.unchanged} unchanged, {_n(merge.kept_decisions, 'reviewed decision')} kept")
    if report.candidates and not quiet:
        table = Table(title=f"Top {min(top, len(report.candidates))} term candidates")
        for column, justify in ((report.zh_lang, "left"), (report.fr_lang, "left"), ("type", "left"),
                                ("score", "right"), ("pairs", "right")):
            table.add_column(column, justify=justify)
        for candidate in report.candidates[:top]:
            table.add_row(candidate.zh, candidate.fr, candidate.kind, f"{candidate.score:.2f}", str(candidate.pairs))
        console.print(table)
    console.print("wrote " + ", ".join(str(path) for name, path in report.outputs.items() if name != "store"))
    workbook, store = report.outputs["glossary.xlsx"], report.outputs["store"]
    if report.not_written:
        console.print(f"not written yet: {', '.join(report.not_written)} (for CAT tools and MT engines: reviewed "
                      f"entries only, and none is approved yet)")
    console.print(f"next: review {workbook} in Excel (set Status), then "
                  f"`glossalign review import {workbook}{db_option(store)}` and "
                  f"`glossalign export -o {workbook.parent / 'glossary.tbx'} --status approved,deprecated"
                  f"{db_option(store)}`")

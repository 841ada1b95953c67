"""`glossalign align ZH_FILE FR_FILE -o OUT`: align a document and its translation into beads."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app


def check_presplit_lines(path: Path) -> None:
    """With --presplit a sentence id is a line number, so an empty line inside the file is refused."""
    from align.errors import InputError
    from align.read import decode_bytes

    if path.suffix.lower() not in (".txt", ".md", "") or not path.is_file():
        return
    text, _ = decode_bytes(path.read_bytes(), path)
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            raise InputError(path, f"line {number} is empty: with --presplit every line is one sentence and its "
                                   f"id is its line number; remove empty lines or leave out --presplit")


@app.command()
def align(
    first: Path = typer.Argument(..., metavar="ZH_FILE", help="The Chinese document (or the French: either order)."),
    second: Path = typer.Argument(..., metavar="FR_FILE", help="The French document (or the Chinese)."),
    output: Path = typer.Option(..., "--output", "-o", help="Aligned pairs: .jsonl, .tsv, .xlsx or .tmx."),
    model: str = typer.Option("use-m3", "--model", help="Embedding model: use-m3 (offline), a local folder or hub id."),
    presplit: bool = typer.Option(False, "--presplit", help="One sentence per line in both files (ids = line numbers)."),
    no_clean: bool = typer.Option(False, "--no-clean", help="Keep boilerplate and duplicate paragraphs."),
    max_bead: int = typer.Option(3, "--max-bead", min=1, max=6, help="Most sentences on one side of a bead."),
    zh_lang: Optional[str] = typer.Option(None, "--zh-lang", help="Chinese language tag written to TMX (default: "
                                          "zh-TW for Traditional characters, else zh-CN)."),
    fr_lang: str = typer.Option("fr-FR", "--fr-lang", help="French language tag written to TMX."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Also draw the similarity matrix and path (.png)."),
    mode: str = typer.Option("auto", "--mode", help="auto, parallel (translations) or comparable (same topic)."),
    all_pairs: bool = typer.Option(False, "--all", help="Comparable mode: also write pairs under the threshold "
                                                          "(flagged 'below threshold')."),
    threshold: Optional[float] = typer.Option(None, "--threshold", min=0.0,
                                              help="Comparable mode: least margin score of a mined pair "
                                                   "(default calibrated on NTREX-128; bench/results/mining.md)."),
    force: bool = typer.Option(False, "--force", help="Replace OUTPUT even if it was changed since glossalign "
                               "wrote it."),
) -> None:
    """Align two documents sentence by sentence (1-1, 1-2, 2-1, … beads) and write the pairs."""
    from rich.console import Console
    from rich.table import Table

    from align.embed import Embedder
    from align.errors import InputError
    from align.pairs_io import WRITERS, write_beads
    from align.pipeline import MODES, align_documents
    from align.read import read_document

    if mode not in MODES:
        raise InputError(None, f"unknown --mode '{mode}': use one of {', '.join(MODES)}")
    if output.suffix.lower() not in WRITERS:
        raise InputError(output, f"cannot write aligned pairs as '{output.suffix or 'no extension'}': "
                                 f"use one of {', '.join(WRITERS)}")
    if plot is not None and plot.suffix.lower() != ".png":
        raise InputError(plot, "the plot is written as PNG: give a file name ending in .png")
    from align.langtags import check_tag, zh_tag_for_script
    from align.written import refuse_to_overwrite

    if zh_lang:
        check_tag(zh_lang, "zh", "--zh-lang")
    check_tag(fr_lang, "fr", "--fr-lang")
    refuse_to_overwrite(output, force=force)
    if presplit:
        check_presplit_lines(first)
        check_presplit_lines(second)
    docs = [read_document(first, presplit=presplit, clean=not no_clean),
            read_document(second, presplit=presplit, clean=not no_clean)]
    embedder = Embedder(model)
    result = align_documents(docs[0], docs[1], embedder, mode=mode, max_bead=max_bead, threshold=threshold,
                             all_pairs=all_pairs)
    zh_doc = next((d for d in docs if d.lang == "zh"), docs[0])
    write_beads(result.beads, output, zh_lang=zh_lang or zh_tag_for_script(zh_doc.script), fr_lang=fr_lang)
    if plot is not None:
        from align.plot import plot_alignment
        from align.windows import sentence_embeddings

        plot_alignment(result.beads, sentence_embeddings(embedder, [s.text for s in result.zh_sentences]),
                       sentence_embeddings(embedder, [s.text for s in result.fr_sentences]), plot)
    _summary(result, output, plot, Console(markup=False), Table)  # file names may hold [brackets]


def _summary(result, output: Path, plot: Optional[Path], console, Table) -> None:
    from collections import Counter

    beads = result.beads
    kinds = Counter(b.kind for b in beads)
    flagged = Counter(b.flag for b in beads if b.flag)
    table = Table(title=f"{len(beads)} beads ({result.mode}: {result.reason})", title_justify="left")
    table.add_column("bead type")
    table.add_column("beads", justify="right")
    table.add_column("flagged", justify="right")
    table.add_column("mean score", justify="right")
    order = sorted(kinds, key=lambda k: (-kinds[k], k))
    for kind in order:
        group = [b for b in beads if b.kind == kind]
        table.add_row(kind, str(len(group)), str(sum(1 for b in group if b.flag)),
                      f"{sum(b.score for b in group) / len(group):.3f}")
    mean = sum(b.score for b in beads) / len(beads) if beads else 0.0
    table.add_row("all", str(len(beads)), str(sum(flagged.values())), f"{mean:.3f}", style="bold")
    console.print(table)
    if flagged:
        console.print("flagged: " + ", ".join(f"{n} {flag}" for flag, n in flagged.most_common()),
                      markup=False, highlight=False)
    console.print(f"wrote {output}" + (f" and {plot}" if plot else ""), markup=False, highlight=False)

"""`glossalign extract PAIRS...`: aligned pairs → bilingual term candidates in the glossary store."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import app

CANDIDATE_COLUMNS = ("zh", "fr", "score", "kind", "zh_freq", "fr_freq", "pairs", "variants", "example_zh",
                     "example_fr", "evidence")


def write_candidates_tsv(candidates, path: Path) -> None:
    """Candidates as a UTF-8 TSV with a header (tabs and newlines inside cells become spaces)."""
    import json

    from align.atomic import atomic_open

    def cell(value) -> str:
        return " ".join(str(value).split())

    with atomic_open(path, "w", encoding="utf-8", newline="") as out:
        out.write("\t".join(CANDIDATE_COLUMNS) + "\n")
        for c in candidates:
            example = c.examples[0] if c.examples else None
            row = [c.zh, c.fr, f"{c.score:.4f}", c.kind, c.zh_freq, c.fr_freq, c.pairs,
                   "; ".join(f"{form} ({n})" for form, n in c.variants.items()),
                   example.zh if example else "", example.fr if example else "",
                   json.dumps(c.evidence, ensure_ascii=False)]
            out.write("\t".join(cell(v) for v in row) + "\n")


def read_pair_files(paths: List[Path]):
    """All beads of the given aligned-pairs files, and the source file of each."""
    from align.pairs_io import read_pairs

    beads, sources = [], []
    for path in paths:
        found = read_pairs(path)
        beads.extend(found)
        sources.extend([str(path)] * len(found))
    return beads, sources


@app.command()
def extract(
    pairs: List[Path] = typer.Argument(..., help="Aligned-pairs files (.jsonl/.tsv/.xlsx from `align`, .tmx, or a "
                                                 "two-column zh/fr table)."),
    db: Path = typer.Option(Path("exports/glossary.db"), "--db", help="The glossary store (SQLite)."),
    user_dict: Optional[Path] = typer.Option(None, "--user-dict", help="Chinese user dictionary (jieba format: "
                                                                       "'word \\[freq] \\[tag]' per line)."),
    model: str = typer.Option("use-m3", "--model", help="Embedding model: use-m3 (offline), a local folder or hub id."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Also write the candidates to this TSV."),
    top: int = typer.Option(25, "--top", min=0, help="Candidates to show in the table."),
) -> None:
    """Distil aligned pairs into (Chinese term, French term) candidates with their evidence."""
    from rich.console import Console
    from rich.table import Table

    from align.embed import Embedder
    from align.errors import InputError
    from glossary.extract import extract_terms

    if user_dict is not None and not user_dict.is_file():
        raise InputError(user_dict, "user dictionary not found")
    beads, sources = read_pair_files(pairs)
    if not beads:
        raise InputError(pairs[0], "holds no aligned pairs")
    embedder = Embedder(model)
    candidates = extract_terms(beads, embedder, sources=sources, user_dict=str(user_dict) if user_dict else None)
    console = Console(markup=False)  # terms and file names may hold [brackets]
    if output is not None:
        write_candidates_tsv(candidates, output)
        console.print(f"wrote {len(candidates)} candidates to {output}", soft_wrap=True)
    try:
        from glossary.store import GlossaryStore
    except ModuleNotFoundError:  # the store not installed: the TSV is the result
        fallback = output or db.with_suffix(".candidates.tsv")
        if output is None:
            write_candidates_tsv(candidates, fallback)
        console.print(f"no glossary store available; candidates are in {fallback}", soft_wrap=True)
    else:
        db.parent.mkdir(parents=True, exist_ok=True)
        with GlossaryStore(db) as store:
            report = store.merge_candidates(candidates, sources=[str(p) for p in pairs], model=model)
        console.print(f"{db}: {report.added} new, {report.updated} updated, {report.unchanged} unchanged, "
                      f"{report.kept_decisions} with a reviewer's decision kept", soft_wrap=True)
    if top and candidates:
        table = Table(title=f"Top {min(top, len(candidates))} of {len(candidates)} term candidates "
                            f"from {len(beads)} aligned pairs")
        for column in ("#", "zh", "fr", "kind", "score", "pairs", "freq zh/fr", "other renderings"):
            table.add_column(column, justify="right" if column in ("#", "score", "pairs") else "left")
        for rank, c in enumerate(candidates[:top], 1):
            others = [form for form in c.variants if form.lower() != c.fr.lower()]
            shown = ", ".join(others[:2]) + (", …" if len(others) > 2 else "")
            table.add_row(str(rank), c.zh, c.fr, c.kind, f"{c.score:.2f}", str(c.pairs),
                          f"{c.zh_freq}/{c.fr_freq}", shown)
        console.print(table)

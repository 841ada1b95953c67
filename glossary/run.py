"""The main job: a folder with Chinese and French documents → aligned pairs, a glossary store and its exports."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from align.embed import DEFAULT_MODEL, Embedder
from align.errors import InputError
from align.types import Bead

from .types import TermCandidate

OUTPUT_NAMES = ("pairs.xlsx", "pairs.tmx", "pairs.jsonl", "glossary.xlsx", "glossary.tbx", "glossary.csv")


@dataclass
class RunReport:
    """What `run_folder` did, for the CLI to show and for tests to check."""

    chosen: list[str]  # lines saying which documents were used and how
    alignments: list[tuple[str, str, str]] = field(default_factory=list)  # (label, mode, reason)
    beads: list[Bead] = field(default_factory=list)
    candidates: list[TermCandidate] = field(default_factory=list)
    merge: object = None  # glossary.store.MergeReport
    outputs: dict[str, Path] = field(default_factory=dict)  # what → file written


def run_folder(folder: str | Path, out: str | Path = "exports", *, model: str = DEFAULT_MODEL, mode: str = "auto",
               db: str | Path | None = None, clean: bool = True, progress: bool = True,
               say: Callable[[str], None] = lambda line: None) -> RunReport:
    """Align every document pair found in `folder`, extract term candidates into the store, export the glossary."""
    from align.discover import find_inputs
    from align.pairs_io import read_pairs, write_beads
    from align.pipeline import align_documents

    from .exports import export_glossary
    from .extract import extract_terms
    from .store import GlossaryStore

    out = Path(out)
    db_path = Path(db) if db else out / "glossary.db"
    # Refuse a bad output folder or store now, not after minutes of alignment with half the outputs written.
    if out.exists() and not out.is_dir():
        raise InputError(out, "is a file, not a folder for the outputs (--out)")
    if db_path.exists():
        GlossaryStore(db_path, create=False).close()
    # With --out the folder itself, a second run must not read the first one's outputs as inputs.
    inputs = find_inputs(folder, clean=clean, skip=[out / name for name in OUTPUT_NAMES] + [db_path])
    report = RunReport(chosen=inputs.describe())
    for line in report.chosen:
        say(line)
    embedder = Embedder(model, progress=progress)

    bead_sources: list[str] = []  # the documents each bead comes from, for the examples' provenance
    for pair in inputs.pairs:
        # Comparable documents share few confident pairs: the weaker ones are kept (flagged, and
        # weighted by their confidence in extraction) so a short article still yields its terms.
        result = align_documents(pair.zh, pair.fr, embedder, mode=mode, all_pairs=True)
        label = f"{' + '.join(p.name for p in pair.zh_files)} ↔ {' + '.join(p.name for p in pair.fr_files)}"
        report.alignments.append((label, result.mode, result.reason))
        say(f"{label}: {result.mode} — {result.reason.removesuffix(f': {result.mode}')}")
        report.beads.extend(_renumbered(result.beads, report.beads))
        bead_sources.extend([label] * len(result.beads))
    for path in inputs.bilingual:
        pairs = read_pairs(path)
        report.alignments.append((path.name, "aligned file", f"{len(pairs)} pairs read as they are"))
        report.beads.extend(_renumbered(pairs, report.beads))
        bead_sources.extend([path.name] * len(pairs))

    if not report.beads:
        raise InputError(Path(folder), "no Chinese and French passages could be paired: the documents share "
                                       "nothing the model recognises (try --mode comparable, or another --model)")
    for name in OUTPUT_NAMES[:3]:
        write_beads(report.beads, out / name)
        report.outputs[name] = out / name

    sources = inputs.source_names()
    report.candidates = extract_terms(report.beads, embedder, sources=bead_sources, progress=progress)
    with GlossaryStore(db_path) as store:
        report.merge = store.merge_candidates(report.candidates, sources=sources, model=model)
        entries = store.entries(status=["proposed", "approved", "deprecated"])
        about = store.about()
    report.outputs["store"] = db_path
    for name in OUTPUT_NAMES[3:]:
        export_glossary(entries, out / name, about=about)
        report.outputs[name] = out / name
    return report


def _renumbered(beads: list[Bead], before: list[Bead]) -> list[Bead]:
    """Keep sentence ids unique across several document pairs by offsetting them past what came before."""
    if not before:
        return list(beads)
    zh_offset = 1 + max((i for b in before for i in b.zh_ids), default=-1)
    fr_offset = 1 + max((i for b in before for i in b.fr_ids), default=-1)
    from dataclasses import replace

    return [replace(b, zh_ids=tuple(i + zh_offset for i in b.zh_ids), fr_ids=tuple(i + fr_offset for i in b.fr_ids))
            for b in beads]

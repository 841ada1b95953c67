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
# Files for CAT tools and MT engines carry reviewed entries only: an unreviewed guess is no terminology.
REVIEWED_STATUSES = {"glossary.tbx": ("approved", "deprecated"), "glossary.csv": ("approved",)}


@dataclass
class RunReport:
    """What `run_folder` did, for the CLI to show and for tests to check."""

    chosen: list[str]  # lines saying which documents were used and how
    alignments: list[tuple[str, str, str]] = field(default_factory=list)  # (label, mode, reason)
    beads: list[Bead] = field(default_factory=list)
    candidates: list[TermCandidate] = field(default_factory=list)
    merge: object = None  # glossary.store.MergeReport
    outputs: dict[str, Path] = field(default_factory=dict)  # what → file written
    imported: object = None  # glossary.review.ReviewReport: the edited workbook applied before this run
    kept_aside: dict[str, Path] = field(default_factory=dict)  # output name → where its edited copy now is
    not_written: list[str] = field(default_factory=list)  # outputs left out (nothing reviewed for them yet)
    notes: list[str] = field(default_factory=list)  # things people should know (names that disagree …)
    zh_lang: str = "zh-CN"
    fr_lang: str = "fr-FR"


def _name_language(path: Path) -> str:
    """'zh' or 'fr' when the file name carries a language tag (rapport.zh.docx, report_fr.txt), else ''."""
    import re

    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    match = re.search(r"(?:^|[._\-\s])(zh(?:[-_][a-z]{2,4})?|cn|chs|cht|chinese|chinois|中文|"
                      r"fr(?:[-_][a-z]{2})?|fra|fre|french|fran[cç]ais|法语|法文)$", stem, re.IGNORECASE)
    if not match:
        return ""
    tag = match.group(1).lower()
    return "zh" if tag.startswith(("zh", "cn", "ch", "中")) else "fr"


def name_disagreements(documents) -> list[str]:
    """A line for each document whose name says one language and whose text another."""
    names = {"zh": "Chinese", "fr": "French"}
    lines = []
    for doc in documents:
        named = _name_language(Path(doc.path))
        if named and doc.lang in names and named != doc.lang:
            lines.append(f"note: {Path(doc.path).name} is named as {names[named]} but its text is "
                         f"{names[doc.lang]}: it is used as {names[doc.lang]}")
    return lines


def _apply_edited_workbook(workbook: Path, db_path: Path, who: str) -> object | None:
    """Import a review workbook a person edited since run wrote it (before it is rewritten); None when not ours."""
    from align.written import lock_file

    from .review import import_review
    from .store import GlossaryStore
    from .workbook import read_workbook

    lock = lock_file(workbook)
    if lock is not None:
        raise InputError(workbook, f"is open in a spreadsheet program ({lock.name}): save and close it, then run "
                                   f"again (or delete {lock.name} if no program has it open)")
    try:
        sheet = read_workbook(workbook)
    except InputError:
        return None  # not a review workbook: kept aside instead
    if not db_path.exists():
        return None
    with GlossaryStore(db_path, create=False) as store:
        if not sheet.store_id or sheet.store_id != store.about()["store_id"]:
            return None
        try:
            return import_review(store, workbook, who=who)
        except InputError as error:
            raise InputError(workbook, f"was edited since run wrote it, and run imports it before rewriting it, "
                                       f"but it cannot be imported: {error.problem}. Fix it, or apply it yourself "
                                       f"with `glossalign review import {workbook} --db {db_path} --skip-conflicts`, "
                                       f"or move it away; nothing was changed") from None


def run_folder(folder: str | Path, out: str | Path = "exports", *, model: str = DEFAULT_MODEL, mode: str = "auto",
               db: str | Path | None = None, clean: bool = True, progress: bool = True,
               zh_lang: str | None = None, fr_lang: str | None = None, reviewer: str = "reviewer",
               weak_pairs: bool = False, say: Callable[[str], None] = lambda line: None) -> RunReport:
    """Align every document pair found in `folder`, extract term candidates into the store, export the glossary.

    Outputs a person changed since the last run are never overwritten: an edited glossary.xlsx is imported
    into the store first (its decisions then appear in the new one); any other edited output is renamed
    NAME.edited-DATE.EXT. glossary.tbx and glossary.csv carry reviewed entries only.
    `zh_lang`/`fr_lang`: language tags written (default: zh-TW for Traditional characters, else zh-CN; fr-FR).
    `weak_pairs`: let mined pairs under the threshold add evidence too (weighted by their confidence) — more
    candidates from short comparable documents, and more wrong ones; by default they are only shown.
    """
    from align.discover import find_inputs
    from align.langtags import check_tag, zh_tag_for_script, zh_tag_for_texts
    from align.pairs_io import BELOW_THRESHOLD, read_pairs, write_beads
    from align.pipeline import align_documents
    from align.written import EDITED, OURS, UNKNOWN, forget_written, keep_aside, written_state

    from .exports import export_glossary
    from .extract import extract_terms
    from .store import GlossaryStore

    out = Path(out)
    db_path = Path(db) if db else out / "glossary.db"
    if zh_lang:
        check_tag(zh_lang, "zh", "--zh-lang")
    if fr_lang:
        check_tag(fr_lang, "fr", "--fr-lang")
    # Refuse a bad output folder or store now, not after minutes of alignment with half the outputs written.
    if out.exists() and not out.is_dir():
        raise InputError(out, "is a file, not a folder for the outputs (--out)")
    if db_path.exists():
        GlossaryStore(db_path, create=False).close()
    workbook = out / "glossary.xlsx"
    imported = None
    if written_state(workbook) in (EDITED, UNKNOWN):
        imported = _apply_edited_workbook(workbook, db_path, reviewer)
    # With --out the folder itself, a second run must not read the first one's outputs as inputs.
    skip = [out / name for name in OUTPUT_NAMES] + [db_path]
    if out.is_dir():
        skip += [path for path in out.iterdir() if ".edited-" in path.name]
    inputs = find_inputs(folder, clean=clean, skip=skip)
    report = RunReport(chosen=inputs.describe(), imported=imported)
    for line in report.chosen:
        say(line)
    report.notes = name_disagreements(inputs.documents)
    for line in report.notes:
        say(line)
    if imported is not None:
        moved = ", ".join(f"{status} {n}" for status, n in sorted(imported.statuses.items())) or "no status changes"
        say(f"imported your edits in {workbook} first ({imported.changed} changed: {moved}; {imported.added} added)")
    embedder = Embedder(model, progress=progress)

    bead_sources: list[str] = []  # the documents each bead comes from, for the examples' provenance
    for pair in inputs.pairs:
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
                                       "nothing the model recognises (try `--mode comparable`, or another "
                                       "`--model`)")
    # Language tags: what the user set, else what the Chinese is written in (Traditional → zh-TW).
    scripts = [pair.zh.script for pair in inputs.pairs if pair.zh.script]
    detected = (zh_tag_for_script(max(set(scripts), key=scripts.count)) if scripts
                else zh_tag_for_texts(b.zh for b in report.beads))
    report.zh_lang, report.fr_lang = zh_lang or detected, fr_lang or "fr-FR"

    def make_room(name: str) -> Path:
        """The output's path, once an edited file there is kept aside (never overwritten)."""
        path = out / name
        if written_state(path) in (EDITED, UNKNOWN) and not (name == "glossary.xlsx" and imported is not None):
            report.kept_aside[name] = keep_aside(path)
            say(f"{path} was changed since run wrote it: kept as {report.kept_aside[name].name}")
        return path

    for name in OUTPUT_NAMES[:3]:
        write_beads(report.beads, make_room(name), zh_lang=report.zh_lang, fr_lang=report.fr_lang)
        report.outputs[name] = out / name

    sources = inputs.source_names()
    # Mined pairs under the threshold are shown in pairs.xlsx, but they are no evidence for the glossary.
    evidence = [(b, s) for b, s in zip(report.beads, bead_sources) if weak_pairs or b.flag != BELOW_THRESHOLD]
    report.candidates = extract_terms([b for b, _ in evidence], embedder, sources=[s for _, s in evidence],
                                      progress=progress)
    with GlossaryStore(db_path) as store:
        report.merge = store.merge_candidates(report.candidates, sources=sources, model=model)
        store.set_languages(report.zh_lang, report.fr_lang)
        entries = store.entries(status=["proposed", "approved", "deprecated"])
        about = store.about()
    report.outputs["store"] = db_path
    export_glossary(entries, make_room("glossary.xlsx"), about=about)
    report.outputs["glossary.xlsx"] = workbook
    for name, statuses in REVIEWED_STATUSES.items():
        reviewed = [e for e in entries if e.status in statuses]
        path = make_room(name)
        if not any(e.status == "approved" for e in reviewed):
            report.not_written.append(name)
            if written_state(path) == OURS:  # an earlier run's file would now be stale
                path.unlink()
                forget_written(path)
            continue
        export_glossary(reviewed, path, about=about)
        report.outputs[name] = path
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

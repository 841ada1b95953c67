"""Export glossary entries, by file extension, to the formats CAT tools and MT engines import.

- .xlsx — the review workbook (glossary/workbook.py): one layout for every glossary workbook.
- .csv / .tsv — header `zh-CN`, `fr-FR`, `pos`, `description` (BCP-47 language codes as Google Cloud
  Translation's equivalent-term-set glossaries, memoQ and Phrase read them; `terms_only=True` keeps the two term
  columns). Encoding: plain UTF-8 *without* BOM. Machine importers are the audience: DeepL has read a BOM as part
  of the first term, and a BOM glued to `zh-CN` breaks a language-code header. People open the .xlsx instead.
- .tbx — TBX-Basic, ISO 30042:2019 (namespace urn:iso:std:iso:30042:ed-2, DCA style). One conceptEntry per
  Chinese term; each French rendering is a termSec with administrativeStatus preferredTerm-admn-sts (approved)
  or deprecatedTerm-admn-sts (deprecated); unreviewed renderings carry a note "status: proposed". Examples
  are `descrip type="context"`, notes are `note`, partOfSpeech is noun (properNoun for names).
- .txt / .utf8 — OmegaT glossary: tab-separated source, target, comment; UTF-8 (OmegaT reads .txt and .utf8
  glossaries as UTF-8); lines starting with # are comments.

Rejected entries are never exported except to .xlsx (where a reviewer may revisit them). Deprecated entries
go to .xlsx and .tbx, which can mark them do-not-use; CSV/TSV/OmegaT have no such mark — an MT engine would
enforce the forbidden rendering — so they are left out there. Unreviewed (proposed) entries say so in their
description/comment ("proposed (not reviewed)"), which `glossalign import` and `check` read back.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from align.atomic import atomic_open
from align.errors import InputError

from .types import GlossaryEntry

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_BASIC_RNG = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
                 "TBXcoreStructV03_TBX-Basic_integrated.rng")
ZH, FR = "zh-CN", "fr-FR"
ADMIN_STATUS = {"approved": "preferredTerm-admn-sts", "deprecated": "deprecatedTerm-admn-sts"}
NAME_KINDS = {"person", "place", "organisation", "organization", "name"}
FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".tsv": "tsv", ".tbx": "tbx", ".txt": "omegat", ".utf8": "omegat"}
PLAIN_STATUSES = ("approved", "proposed")  # what CSV/TSV/OmegaT may carry
PROPOSED_MARK = "proposed (not reviewed)"  # how CSV/TSV/OmegaT carry "proposed": in the comment


def part_of_speech(entry: GlossaryEntry) -> str:
    """TBX-Basic partOfSpeech: candidates are noun phrases; names are proper nouns."""
    return "properNoun" if entry.kind.lower() in NAME_KINDS else "noun"


def _one_line(text: str) -> str:
    return " ".join(str(text or "").split())


def carried(entries: Iterable[GlossaryEntry], path: str | Path) -> list[GlossaryEntry]:
    """The entries the format of `path` can carry: all in .xlsx, no rejected in .tbx, approved/proposed elsewhere."""
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind == "xlsx":
        return list(entries)
    if kind == "tbx":
        return [e for e in entries if e.status != "rejected"]
    return [e for e in entries if e.status in PLAIN_STATUSES]


def export_glossary(entries: Iterable[GlossaryEntry], path: str | Path, *, about: dict | None = None,
                    terms_only: bool = False) -> int:
    """Write `entries` to `path` in the format its extension names (atomically); returns entries written."""
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputError(path, f"unknown export format {path.suffix or '(no extension)'}; use "
                               f"{', '.join(FORMATS)}")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file to write")
    entries = carried(entries, path)
    about = dict(about or {})
    if kind == "xlsx":
        from .workbook import write_workbook

        write_workbook(entries, path, about=about)
        return len(entries)
    if kind == "tbx":
        return write_tbx(entries, path, about=about)
    if kind == "omegat":
        return write_omegat(entries, path, about=about)
    return write_table(entries, path, delimiter="," if kind == "csv" else "\t", terms_only=terms_only)


def _comment(entry: GlossaryEntry) -> str:
    """Notes for CSV/TSV/OmegaT, marking unreviewed entries (a re-import or a check must not take them as approved)."""
    return "; ".join(part for part in (PROPOSED_MARK if entry.status == "proposed" else "", _one_line(entry.notes))
                     if part)


def write_table(entries: list[GlossaryEntry], path: Path, *, delimiter: str, terms_only: bool = False) -> int:
    """CSV/TSV with a BCP-47 header row, plain UTF-8."""
    header = [ZH, FR] if terms_only else [ZH, FR, "pos", "description"]
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        for entry in entries:
            row = [_one_line(entry.zh), _one_line(entry.fr)]
            if not terms_only:
                row += [part_of_speech(entry), _comment(entry)]
            writer.writerow(row)
    return len(entries)


def write_omegat(entries: list[GlossaryEntry], path: Path, *, about: dict) -> int:
    """OmegaT glossary: source TAB target TAB comment, UTF-8."""
    exported = about.get("exported") or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(f"# glossalign glossary zh-CN → fr-FR, exported {exported}\n")
        for entry in entries:
            handle.write(f"{_one_line(entry.zh)}\t{_one_line(entry.fr)}\t{_comment(entry)}\n")
    return len(entries)


def write_tbx(entries: list[GlossaryEntry], path: Path, *, about: dict) -> int:
    """TBX-Basic (ISO 30042:2019, DCA style): one conceptEntry per Chinese term."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", TBX_NS)

    def sub(parent, tag: str, text: str | None = None, **attrs):
        element = ET.SubElement(parent, f"{{{TBX_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    root = ET.Element(f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"})
    file_desc = sub(sub(root, "tbxHeader"), "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", about.get("title") or "glossalign glossary zh-CN → fr-FR")
    source_desc = sub(file_desc, "sourceDesc")
    sources = [str(s) for s in about.get("sources", [])]
    sub(source_desc, "p", "Distilled by glossalign from aligned Chinese–French documents"
        + (f": {', '.join(Path(s).name for s in sources)}" if sources else "") + ".")
    if about.get("model"):
        sub(source_desc, "p", f"Model: {about['model']}")
    body = sub(sub(root, "text"), "body")

    concepts: dict[str, list[GlossaryEntry]] = defaultdict(list)
    for entry in entries:
        concepts[entry.zh].append(entry)
    used_ids: set[str] = set()
    for number, (zh, group) in enumerate(concepts.items(), start=1):
        ids = [e.id for e in group if e.id is not None]
        concept_id = f"c{min(ids)}" if ids else f"n{number}"
        while concept_id in used_ids:
            concept_id += "x"
        used_ids.add(concept_id)
        concept = sub(body, "conceptEntry", id=concept_id)
        domains = sorted({e.domain for e in group if e.domain})
        for domain in domains:
            sub(concept, "descrip", domain, type="subjectField")
        order = {"approved": 0, "proposed": 1, "deprecated": 2}
        group = sorted(group, key=lambda e: (order.get(e.status, 3), -e.score))
        zh_sec = sub(sub(concept, "langSec", **{XML_LANG: ZH}), "termSec")
        sub(zh_sec, "term", zh)
        sub(zh_sec, "termNote", part_of_speech(group[0]), type="partOfSpeech")
        zh_context = next((ex.zh for e in group if e.status != "deprecated" for ex in e.examples), "")
        if zh_context:
            sub(zh_sec, "descrip", zh_context, type="context")
        fr_lang = sub(concept, "langSec", **{XML_LANG: FR})
        for entry in group:
            term_sec = sub(fr_lang, "termSec")
            sub(term_sec, "term", entry.fr)
            sub(term_sec, "termNote", part_of_speech(entry), type="partOfSpeech")
            if entry.status in ADMIN_STATUS:
                sub(term_sec, "termNote", ADMIN_STATUS[entry.status], type="administrativeStatus")
            for example in entry.examples:
                sub(term_sec, "descrip", example.fr, type="context")
            if entry.status == "proposed":
                sub(term_sec, "note", "status: proposed")
            if entry.notes:
                sub(term_sec, "note", entry.notes)

    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode")
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        handle.write(f'<?xml-model href="{TBX_BASIC_RNG}" type="application/xml" '
                     f'schematypens="http://relaxng.org/ns/structure/1.0"?>\n')
        handle.write(xml)
        handle.write("\n")
    return len(entries)

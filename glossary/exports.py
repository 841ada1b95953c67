"""Export glossary entries, by file extension, to the formats CAT tools and MT engines import.

- .xlsx — the review workbook (glossary/workbook.py): one layout for every glossary workbook.
- .csv / .tsv — by `layout` (`glossalign export --format`), each the layout its tool documents:
  - `generic` (default): header `zh-CN`, `fr-FR`, `pos`, `description` — Google Cloud Translation's
    "equivalent term sets" layout with BCP-47 codes, also read by memoQ, Phrase and Excel;
  - `deepl`: DeepL's glossary entries: `source,target` with no header row, one French target per Chinese
    source (DeepL refuses a glossary with a source twice), approved entries only;
  - `google`: Google's equivalent term sets with Google's language codes (`zh-CN`/`zh-TW`, `fr`);
  - `phrase`: a Phrase Strings term base: header `term`, `description`, then the French locale code.
  Plain UTF-8 *without* BOM (DeepL has read a BOM as part of the first term). Fields starting with
  = + - @ TAB or CR get a leading apostrophe (OWASP's CSV-injection advice; `glossalign import` takes it off).
- .tbx — TBX-Basic, ISO 30042:2019 (namespace urn:iso:std:iso:30042:ed-2, DCA style), valid against the
  dialect's RNG and Schematron (tests/fixtures/schemas). One conceptEntry per Chinese term; each French
  rendering is a termSec with administrativeStatus preferredTerm-admn-sts (approved) or
  deprecatedTerm-admn-sts (deprecated); synonyms (abbreviations …) are more termSecs with their termType.
  Examples are `descrip type="context"`, notes are `note`; partOfSpeech comes from the entry's kind.
- .txt / .utf8 — OmegaT glossary: tab-separated source, target, comment; UTF-8; # starts a comment line.

What each file carries: rejected entries only the .xlsx (where a reviewer may revisit them). Deprecated
entries the .xlsx and the .tbx, which marks them do-not-use; CSV/TSV/OmegaT have no such mark — an MT engine
would enforce the forbidden rendering — so they are left out there. Unreviewed (proposed) entries are never
passed off as terminology: a .tbx marks them with a note and no administrative status, the generic/google/
phrase CSV, TSV and OmegaT say "proposed (not reviewed)" in their description (which `glossalign import` and
`check` read back), and layouts with nowhere to say it (deepl, --terms-only) leave them out.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from align.atomic import atomic_open
from align.cells import csv_row, xml_safe
from align.errors import InputError
from align.langtags import FR_DEFAULT, ZH_DEFAULT

from .types import GlossaryEntry, part_of_speech

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_BASIC_RNG = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
                 "TBXcoreStructV03_TBX-Basic_integrated.rng")
ZH, FR = ZH_DEFAULT, FR_DEFAULT
ADMIN_STATUS = {"approved": "preferredTerm-admn-sts", "deprecated": "deprecatedTerm-admn-sts"}
FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".tsv": "tsv", ".tbx": "tbx", ".txt": "omegat", ".utf8": "omegat"}
LAYOUTS = ("generic", "deepl", "google", "phrase")  # CSV/TSV layouts (`--format`)
PLAIN_STATUSES = ("approved", "proposed")  # what CSV/TSV/OmegaT may carry
PROPOSED_MARK = "proposed (not reviewed)"  # how CSV/TSV/OmegaT carry "proposed": in the comment


def _one_line(text: str) -> str:
    return " ".join(str(text or "").split())


def carried(entries: Iterable[GlossaryEntry], path: str | Path, *, layout: str = "generic",
            terms_only: bool = False) -> list[GlossaryEntry]:
    """The entries the format of `path` can carry: all in .xlsx, no rejected in .tbx, approved/proposed elsewhere
    (approved only where a layout has no place to mark an entry as unreviewed)."""
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind == "xlsx":
        return list(entries)
    if kind == "tbx":
        return [e for e in entries if e.status != "rejected"]
    if kind in ("csv", "tsv") and (layout == "deepl" or terms_only):
        return [e for e in entries if e.status == "approved"]
    return [e for e in entries if e.status in PLAIN_STATUSES]


def export_glossary(entries: Iterable[GlossaryEntry], path: str | Path, *, about: dict | None = None,
                    terms_only: bool = False, layout: str = "generic") -> int:
    """Write `entries` to `path` in the format its extension names (atomically); returns entries written.

    `about` (GlossaryStore.about()) may carry zh_lang / fr_lang: the language tags written (zh-CN / fr-FR).
    """
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputError(path, f"unknown export format {path.suffix or '(no extension)'}; use "
                               f"{', '.join(FORMATS)}")
    if layout not in LAYOUTS:
        raise InputError(None, f"unknown --format {layout!r}; use one of {', '.join(LAYOUTS)}")
    if layout != "generic" and kind not in ("csv", "tsv"):
        raise InputError(path, f"--format {layout} is a CSV/TSV layout: write a .csv or .tsv file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file to write")
    entries = carried(entries, path, layout=layout, terms_only=terms_only)
    about = dict(about or {})
    if kind == "xlsx":
        from .workbook import write_workbook

        write_workbook(entries, path, about=about)
        return len(entries)
    if kind == "tbx":
        if not entries:
            raise InputError(path, "nothing to write: TBX needs at least one approved, proposed or deprecated entry")
        return write_tbx(entries, path, about=about)
    if kind == "omegat":
        return write_omegat(entries, path, about=about)
    return write_table(entries, path, delimiter="," if kind == "csv" else "\t", terms_only=terms_only,
                       layout=layout, about=about)


def _comment(entry: GlossaryEntry) -> str:
    """Notes for CSV/TSV/OmegaT, marking unreviewed entries (a re-import or a check must not take them as approved)."""
    return "; ".join(part for part in (PROPOSED_MARK if entry.status == "proposed" else "", _one_line(entry.notes))
                     if part)


def _tags(about: dict | None) -> tuple[str, str]:
    about = about or {}
    return about.get("zh_lang") or ZH, about.get("fr_lang") or FR


def _google_code(tag: str) -> str:
    """Google's glossary language codes: zh-CN / zh-TW for Chinese, the bare language otherwise ('fr')."""
    base = tag.split("-")[0].lower()
    if base == "zh":
        return "zh-TW" if any(part.lower() in ("tw", "hk", "mo", "hant") for part in tag.split("-")[1:]) else "zh-CN"
    return base


def _one_per_source(entries: list[GlossaryEntry]) -> list[GlossaryEntry]:
    """DeepL takes one target per source term: the best-scoring approved rendering of each Chinese term."""
    best: dict[str, GlossaryEntry] = {}
    for entry in sorted(entries, key=lambda e: -e.score):
        best.setdefault(_one_line(entry.zh), entry)
    return list(best.values())


def write_table(entries: list[GlossaryEntry], path: Path, *, delimiter: str, terms_only: bool = False,
                layout: str = "generic", about: dict | None = None) -> int:
    """CSV/TSV in one of LAYOUTS, plain UTF-8, formula-neutralised."""
    zh_tag, fr_tag = _tags(about)
    if layout == "deepl":
        entries = _one_per_source(entries)
        header, rows = None, [[_one_line(e.zh), _one_line(e.fr)] for e in entries]
    elif layout == "phrase":
        header = ["term", "description", fr_tag]
        rows = [[_one_line(e.zh), _comment(e), _one_line(e.fr)] for e in entries]
    else:
        if layout == "google":
            zh_tag, fr_tag = _google_code(zh_tag), _google_code(fr_tag)
        header = [zh_tag, fr_tag] if terms_only else [zh_tag, fr_tag, "pos", "description"]
        rows = [[_one_line(e.zh), _one_line(e.fr)] + ([] if terms_only else [part_of_speech(e.kind), _comment(e)])
                for e in entries]
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        if header:
            writer.writerow(header)
        for row in rows:
            writer.writerow(csv_row(row))
    return len(rows)


def write_omegat(entries: list[GlossaryEntry], path: Path, *, about: dict) -> int:
    """OmegaT glossary: source TAB target TAB comment, UTF-8."""
    zh_tag, fr_tag = _tags(about)
    exported = about.get("exported") or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(f"# glossalign glossary {zh_tag} → {fr_tag}, exported {exported}\n")
        for entry in entries:
            handle.write("\t".join(csv_row([_one_line(entry.zh), _one_line(entry.fr), _comment(entry)])) + "\n")
    return len(entries)


def write_tbx(entries: list[GlossaryEntry], path: Path, *, about: dict) -> int:
    """TBX-Basic (ISO 30042:2019, DCA style): one conceptEntry per Chinese term."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", TBX_NS)
    zh_tag, fr_tag = _tags(about)

    def sub(parent, tag: str, text: str | None = None, **attrs):
        element = ET.SubElement(parent, f"{{{TBX_NS}}}{tag}", attrs)
        if text is not None:
            element.text = xml_safe(text)  # a control character in a term never makes the file unreadable
        return element

    root = ET.Element(f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"})
    file_desc = sub(sub(root, "tbxHeader"), "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", about.get("title") or f"glossalign glossary {zh_tag} → {fr_tag}")
    source_desc = sub(file_desc, "sourceDesc")
    sources = [str(s) for s in about.get("sources", [])]
    sub(source_desc, "p", "Distilled by glossalign from aligned Chinese–French documents"
        + (f": {', '.join(Path(s).name for s in sources)}" if sources else "") + ".")
    if about.get("model"):
        sub(source_desc, "p", f"Model: {about['model']}")
    if any(e.status == "proposed" for e in entries):
        sub(source_desc, "p", "Terms with the note 'status: proposed' were not reviewed: they carry no "
                              "administrative status.")
    body = sub(sub(root, "text"), "body")

    def synonym_secs(lang_sec, entry: GlossaryEntry, lang: str, seen: set[str]) -> None:
        for synonym in entry.synonyms:
            if synonym.lang != lang or not synonym.text.strip() or synonym.text in seen:
                continue
            seen.add(synonym.text)
            term_sec = sub(lang_sec, "termSec")
            sub(term_sec, "term", synonym.text)
            sub(term_sec, "termNote", part_of_speech(entry.kind), type="partOfSpeech")
            sub(term_sec, "termNote", synonym.type, type="termType")
            if entry.status in ADMIN_STATUS:
                sub(term_sec, "termNote", ADMIN_STATUS[entry.status], type="administrativeStatus")

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
        zh_lang = sub(concept, "langSec", **{XML_LANG: zh_tag})
        zh_sec = sub(zh_lang, "termSec")
        sub(zh_sec, "term", zh)
        sub(zh_sec, "termNote", part_of_speech(group[0].kind), type="partOfSpeech")
        zh_context = next((ex.zh for e in group if e.status != "deprecated" for ex in e.examples), "")
        if zh_context:
            sub(zh_sec, "descrip", zh_context, type="context")
        zh_seen = {zh}
        for entry in group:
            synonym_secs(zh_lang, entry, "zh", zh_seen)
        fr_lang = sub(concept, "langSec", **{XML_LANG: fr_tag})
        fr_seen: set[str] = set()
        for entry in group:
            fr_seen.add(entry.fr)
            term_sec = sub(fr_lang, "termSec")
            sub(term_sec, "term", entry.fr)
            sub(term_sec, "termNote", part_of_speech(entry.kind), type="partOfSpeech")
            if entry.status in ADMIN_STATUS:
                sub(term_sec, "termNote", ADMIN_STATUS[entry.status], type="administrativeStatus")
            for example in entry.examples:
                sub(term_sec, "descrip", example.fr, type="context")
            if entry.status == "proposed":
                sub(term_sec, "note", "status: proposed")
            if entry.notes:
                sub(term_sec, "note", entry.notes)
        for entry in group:
            synonym_secs(fr_lang, entry, "fr", fr_seen)

    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode")
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        handle.write(f'<?xml-model href="{TBX_BASIC_RNG}" type="application/xml" '
                     f'schematypens="http://relaxng.org/ns/structure/1.0"?>\n')
        handle.write(xml)
        handle.write("\n")
    return len(entries)

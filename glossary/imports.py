"""Read glossaries from files — a store, the review workbook, any .xlsx/.csv/.tsv table, TBX, OmegaT — and
bring them into the store, so a team starts from what it already has.

`load_glossary(path)` is what the consistency checker uses: it returns entries whatever the format. An entry
whose file says nothing about status is approved (a glossary a team keeps is its approved terminology).
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from align.cells import unneutralise
from align.errors import InputError

from .exports import PROPOSED_MARK
from .store import GlossaryStore
from .types import Example, GlossaryEntry, Synonym
from .workbook import GLOSSARY_SHEET, HEADERS, cell_text

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SQLITE_MAGIC = b"SQLite format 3\x00"

# Header aliases (lower-case, spaces collapsed) for tables that did not come from glossalign.
_ALIASES = {
    "zh": {"zh-cn", "zh", "zh_cn", "zh-hans", "zh-hans-cn", "cn", "chinese", "中文", "汉语", "chinois",
           "source", "source term", "zh term", "term zh", "zh-cn term"},
    "fr": {"fr-fr", "fr", "fr_fr", "french", "français", "francais", "法语", "法文", "target", "target term",
           "fr term", "term fr", "fr-fr term"},
    "status": {"status", "statut", "状态"},
    "notes": {"notes", "note", "description", "comment", "comments", "remarque", "remarques", "备注"},
    "kind": {"type", "kind"},
    "domain": {"domain", "domaine", "subject field", "领域"},
}

_STATUS_WORDS = {
    "approved": "approved", "preferred": "approved", "preferredterm-admn-sts": "approved",
    "admitted": "approved", "admittedterm-admn-sts": "approved", "validated": "approved", "valid": "approved",
    "deprecated": "deprecated", "deprecatedterm-admn-sts": "deprecated", "forbidden": "deprecated",
    "supersededterm-admn-sts": "deprecated", "superseded": "deprecated", "do not use": "deprecated",
    "rejected": "rejected", "proposed": "proposed", "new": "proposed",
    # French teams keep their statuses in French.
    "approuvé": "approved", "validé": "approved", "préféré": "approved", "admis": "approved",
    "déconseillé": "deprecated", "obsolète": "deprecated", "interdit": "deprecated", "proscrit": "deprecated",
    "à proscrire": "deprecated", "à éviter": "deprecated", "rejeté": "rejected", "refusé": "rejected",
    "proposé": "proposed", "à valider": "proposed", "nouveau": "proposed",
}


@dataclass
class ImportReport:
    """What `import_glossary` did."""

    path: Path
    read: int = 0  # entries in the file
    added: int = 0
    updated: int = 0  # existing entries whose status (or empty notes) the file changed
    unchanged: int = 0
    kept_decisions: int = 0  # existing decided entries the file gave no status for
    statuses: dict[str, int] = field(default_factory=dict)  # status of the added entries
    warnings: list[str] = field(default_factory=list)


def _status_word(value: str, path: Path, where: str) -> str:
    """A status cell → one of STATUSES, '' when empty; InputError for anything else."""
    text = " ".join(unicodedata.normalize("NFC", value).strip().lower().split())
    if not text:
        return ""
    if text not in _STATUS_WORDS:
        raise InputError(path, f"{where}: unknown status {value!r} (use approved, deprecated, rejected or "
                               "proposed)")
    return _STATUS_WORDS[text]


def _read(path: Path) -> list[GlossaryEntry]:
    """Entries as the file has them; status '' where the file does not say."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a glossary file")
    suffix = path.suffix.lower()
    with open(path, "rb") as handle:
        magic = handle.read(16)
    if magic == _SQLITE_MAGIC or suffix in (".db", ".sqlite", ".sqlite3"):
        with GlossaryStore(path, create=False) as store:
            return store.entries()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".tsv"):
        return _read_table(path, _decode(path), "\t" if suffix == ".tsv" else None)
    if suffix in (".tbx", ".xml"):
        return _read_tbx(path)
    if suffix in (".txt", ".utf8", ".tab"):
        return _read_omegat(path, _decode(path))
    raise InputError(path, f"unknown glossary format {suffix or '(no extension)'}; use a glossary store (.db), "
                           ".xlsx, .csv, .tsv, .tbx or an OmegaT .txt")


def load_glossary(path: str | Path) -> list[GlossaryEntry]:
    """Every entry of a glossary file (store .db, .xlsx, .csv, .tsv, .tbx, OmegaT .txt); no status → approved."""
    entries = _read(Path(path))
    for entry in entries:
        entry.status = entry.status or "approved"
    return entries


def _decode(path: Path) -> str:
    """The file's text: UTF-8/16 with or without BOM, GB18030 or Big5 (as Excel saves "CSV" or "Unicode text")."""
    from align.read import decode_bytes

    return decode_bytes(path.read_bytes(), path)[0]


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = " ".join(cell_text(name).lower().split())
        for field_name, aliases in _ALIASES.items():
            if key in aliases and field_name not in found:
                found[field_name] = index
    return found


def _entries_from_rows(path: Path, rows: list[list], *, first_row: int = 1) -> list[GlossaryEntry]:
    """Rows of a table (header first, or headerless zh/fr pairs) → entries."""
    rows = [r for r in rows if any(cell_text(c) for c in r)]
    if not rows:
        return []
    columns = _columns([cell_text(c) for c in rows[0]])
    if "zh" in columns and "fr" in columns:
        data, start = rows[1:], first_row + 1
    elif len(rows[0]) >= 2 and _CJK.search(cell_text(rows[0][0])) and not _CJK.search(cell_text(rows[0][1])):
        columns, data, start = {"zh": 0, "fr": 1}, rows, first_row  # headerless: Chinese, French
        if max(len(r) for r in rows) >= 3:  # OmegaT-style third column: a comment
            columns["notes"] = 2
    else:
        raise InputError(path, f"row {first_row}: no Chinese and French columns (name them zh-CN and fr-FR)")
    entries = []
    for number, row in enumerate(data, start=start):
        def get(name: str) -> str:
            index = columns.get(name)
            return cell_text(row[index]) if index is not None and index < len(row) else ""

        zh, fr = get("zh"), get("fr")
        if not zh or not fr:
            continue
        status, notes = _status_word(get("status"), path, f"row {number}"), get("notes")
        if not status and notes.startswith(PROPOSED_MARK):  # our CSV/TSV export of an unreviewed entry
            status, notes = "proposed", notes[len(PROPOSED_MARK):].lstrip("; ")
        entries.append(GlossaryEntry(zh=zh, fr=fr, status=status, kind=get("kind").lower() or "term", notes=notes,
                                     domain=get("domain"), sources=[path.name]))
    return entries


def _read_table(path: Path, text: str, delimiter: str | None) -> list[GlossaryEntry]:
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first.count)  # Excel in French locales writes ';'
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    # our exports neutralise formula-like fields with a leading apostrophe (align/cells.py): take it off
    rows = [[unneutralise(cell) for cell in row] for row in rows]
    return _entries_from_rows(path, rows)


def _read_omegat(path: Path, text: str) -> list[GlossaryEntry]:
    entries = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = [unneutralise(part) for part in line.split("\t")]
        if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
            continue
        if not entries and {"zh", "fr"} <= set(_columns(parts[:2])):  # a header row ("Unicode text" from Excel)
            continue
        comment = parts[2].strip() if len(parts) > 2 else ""
        status = ""
        if comment.startswith(PROPOSED_MARK):
            status, comment = "proposed", comment[len(PROPOSED_MARK):].lstrip("; ")
        entries.append(GlossaryEntry(zh=parts[0].strip(), fr=parts[1].strip(), status=status, notes=comment,
                                     sources=[path.name]))
    return entries


def _read_xlsx(path: Path) -> list[GlossaryEntry]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise InputError(path, f"not a readable .xlsx workbook ({error})") from error
    try:
        if GLOSSARY_SHEET in book.sheetnames:
            header = next(book[GLOSSARY_SHEET].iter_rows(max_row=1, values_only=True), ())
            if {cell_text(h) for h in header} >= {"zh-CN", "fr-FR", "Status"}:
                return _read_review_layout(path, book[GLOSSARY_SHEET])
            sheet = book[GLOSSARY_SHEET]
        else:
            sheet = book.worksheets[0]
        return _entries_from_rows(path, [list(r) for r in sheet.iter_rows(values_only=True)])
    finally:
        book.close()


def _read_review_layout(path: Path, sheet) -> list[GlossaryEntry]:
    """Our own workbook: keep counts, variants and the example, so an exported file loads back whole."""
    rows = sheet.iter_rows(values_only=True)
    header = [cell_text(h) for h in next(rows)]
    index = {name: header.index(name) for name in HEADERS if name in header}

    def number(row, name, kind=int):
        try:
            return kind(row[index[name]]) if name in index and row[index[name]] not in (None, "") else kind(0)
        except (TypeError, ValueError):
            return kind(0)

    entries = []
    for row_number, row in enumerate(rows, start=2):
        row = list(row) + [None] * (len(header) - len(row))
        text = {name: cell_text(row[i]) for name, i in index.items()}
        if not text.get("zh-CN") or not text.get("fr-FR"):
            continue
        example = []
        if text.get("example zh") or text.get("example fr"):
            example = [Example(0, text.get("example zh", ""), text.get("example fr", ""), path.name)]
        variants = {}
        for item in filter(None, (v.strip() for v in text.get("variants", "").split(";"))):
            match = re.fullmatch(r"(.*?)\s*\((\d+)\)", item)
            variants[match.group(1) if match else item] = int(match.group(2)) if match else 0
        entries.append(GlossaryEntry(
            zh=text["zh-CN"], fr=text["fr-FR"], status=_status_word(text.get("Status", ""), path, f"row {row_number}"),
            kind=text.get("type", "").lower() or "term", score=number(row, "score", float),
            zh_freq=number(row, "zh freq"), fr_freq=number(row, "fr freq"), pairs=number(row, "pairs"),
            variants=variants, examples=example, notes=text.get("notes", ""), sources=[path.name]))
    return entries


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _read_tbx(path: Path) -> list[GlossaryEntry]:
    """TBX v3 (conceptEntry/langSec/termSec) or v2 (termEntry/langSet/tig) with zh and fr sections."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError) as error:
        raise InputError(path, f"not well-formed TBX/XML ({error})") from error
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    entries = []
    for concept in root.iter():
        if _local(concept.tag) not in ("conceptEntry", "termEntry"):
            continue
        domain = next((d.text or "" for d in concept if _local(d.tag) == "descrip"
                       and d.get("type") == "subjectField"), "")
        zh_terms, fr_terms = [], []
        for section in concept:
            if _local(section.tag) not in ("langSec", "langSet"):
                continue
            lang = (section.get(lang_attr) or section.get("lang") or "").lower()
            for term_sec in section:
                if _local(term_sec.tag) not in ("termSec", "tig", "ntig"):
                    continue
                info = _term_info(term_sec)
                if not info["term"]:
                    continue
                if lang.startswith("zh"):
                    zh_terms.append(info)
                elif lang.startswith("fr"):
                    fr_terms.append(info)
        # A termSec with a termType (abbreviation, acronym …) is another form of the concept: a synonym.
        synonyms = [Synonym(lang, info["term"], info["term_type"]) for lang, terms in (("zh", zh_terms), ("fr", fr_terms))
                    for info in terms if info["term_type"] and info["term_type"] != "fullForm"]
        zh_terms = [i for i in zh_terms if not i["term_type"] or i["term_type"] == "fullForm"] or zh_terms[:1]
        fr_terms = [i for i in fr_terms if not i["term_type"] or i["term_type"] == "fullForm"] or fr_terms[:1]
        for zh in zh_terms:
            for fr in fr_terms:
                examples = [Example(i, zh["contexts"][0] if zh["contexts"] else "", context, path.name)
                            for i, context in enumerate(fr["contexts"])]
                entries.append(GlossaryEntry(zh=zh["term"], fr=fr["term"], status=fr["status"],
                                             kind="name" if fr["pos"] == "properNoun" else "term",
                                             examples=examples, notes="; ".join(fr["notes"]), domain=domain,
                                             sources=[path.name],
                                             synonyms=[s for s in synonyms if s.text not in (zh["term"], fr["term"])]))
    return entries


def _term_info(term_sec) -> dict:
    info = {"term": "", "status": "", "pos": "", "contexts": [], "notes": [], "term_type": ""}
    for element in term_sec.iter():
        name, kind = _local(element.tag), element.get("type")
        text = " ".join("".join(element.itertext()).split())
        if name == "term":
            info["term"] = text
        elif name == "termNote" and kind == "administrativeStatus" or name == "administrativeStatus":
            info["status"] = _STATUS_WORDS.get(text.lower(), "")
        elif name == "termNote" and kind == "partOfSpeech" or name == "partOfSpeech":
            info["pos"] = text
        elif name == "termNote" and kind == "termType" or name == "termType":
            info["term_type"] = text
        elif name == "descrip" and kind == "context" or name == "context":
            info["contexts"].append(text)
        elif name == "note" and text:
            if text.lower() == "status: proposed":
                info["status"] = info["status"] or "proposed"
            else:
                info["notes"].append(text)
    return info


def import_glossary(store: GlossaryStore, path: str | Path, *, who: str = "import") -> ImportReport:
    """Bring a glossary file into the store in one transaction; statuses kept where the file has them."""
    path = Path(path)
    if path.exists() and store.path.resolve() == path.resolve():
        raise InputError(path, "is the glossary store itself")
    if path.suffix.lower() in (".xlsx", ".xlsm") and _exported_from(path) == store.about()["store_id"]:
        raise InputError(path, f"was exported from this glossary store: apply a review with "
                               f"`glossalign review import {path} --db {store.path}`, which keeps edits and detects "
                               f"stale rows")
    entries = _read(path)
    if not entries:
        raise InputError(path, "has no glossary entries (expected a Chinese and a French term per row, e.g. "
                               "columns zh-CN and fr-FR)")
    report = ImportReport(path=path, read=len(entries))
    batch = f"import:{path.name}"
    with store.transaction():
        for entry in entries:
            entry_id = store.find(entry.zh, entry.fr)
            if entry_id is None:
                entry.status = entry.status or "approved"
                store.add(entry, who=who, batch=batch if _has_evidence(entry) else None)
                report.added += 1
                report.statuses[entry.status] = report.statuses.get(entry.status, 0) + 1
                continue
            current = store.get(entry_id)
            changes = {}
            if entry.status and entry.status != current.status:
                changes["status"] = entry.status
            elif not entry.status and current.status == "proposed":
                changes["status"] = "approved"  # the team's glossary confirms the candidate
            elif not entry.status:
                report.kept_decisions += 1
            if entry.notes and not current.notes:
                changes["notes"] = entry.notes
            changed = bool(store.update(entry_id, who=who, **changes)) if changes else False
            if _has_evidence(entry):
                changed = store.put_evidence(entry_id, entry, batch=batch, who=who) or changed
            if changed:
                report.updated += 1
            else:
                report.unchanged += 1
    return report


def _exported_from(path: Path) -> str:
    """The store id a glossalign workbook was exported from ('' for any other workbook)."""
    from .workbook import read_workbook

    try:
        return read_workbook(path).store_id
    except InputError:
        return ""


def _has_evidence(entry: GlossaryEntry) -> bool:
    return bool(entry.zh_freq or entry.fr_freq or entry.pairs or entry.score or entry.examples or entry.variants)
